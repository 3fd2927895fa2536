//! `cargo xtask bench-archive`: the archive-scale benchmark of issue 18.
//!
//! Builds the release `sitrep` (unless `--bin` names one), then runs its `bench-store` on the
//! issue's corpus: the texts of the LGL, GeoWebNews and HIPE (French) development files of
//! `../shared/eval/geo` (901 articles, 2.26 KB of text each on average), rotated to 20,000
//! articles, each wrapped in an HTML page with navigation and footer, one gzip member per WARC
//! record. The archive is generated deterministically (same texts, same bytes). `extract` and
//! `ingest` run on 1 and 2 cores (pinned with `taskset`), interleaved, `--repeat` times (default
//! 3); the table gives medians: docs/s, MB/s of text and of WARC, peak RSS, and the 2-core /
//! 1-core ratios. The load average at the start of each run is in the table: on a shared
//! machine, read it before the figures.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, ensure, Context, Result};

pub const USAGE: &str = "\
  bench-archive [--bin PATH] [--docs N] [--repeat N] [--keep DIR] [--only extract|ingest] [--json]
      build the release sitrep (unless --bin), generate the issue-18 archive (LGL, GeoWebNews
      and HIPE dev texts in HTML pages, 20,000 articles by default, one gzip member per WARC
      record) and measure extract and ingest on 1 and 2 cores, interleaved, --repeat times
      (default 3): median docs/s, MB/s of text, 2/1 ratio, peak RSS.
";

/// The development files whose texts make the corpus, relative to the workspace root.
const CORPUS: &[&str] = &[
    "../shared/eval/geo/lgl.jsonl",
    "../shared/eval/geo/gwn.jsonl",
    "../shared/eval/geo/hipe-fr-dev.jsonl",
];

pub fn main(mut args: impl Iterator<Item = String>, root: &Path) -> Result<()> {
    let mut bin: Option<PathBuf> = None;
    let mut pass: Vec<String> = Vec::new();
    let mut docs = "20000".to_string();
    let mut repeat = "3".to_string();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().with_context(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--bin" => bin = Some(PathBuf::from(value("--bin")?)),
            "--docs" => docs = value("--docs")?,
            "--repeat" => repeat = value("--repeat")?,
            "--keep" | "--only" => {
                let v = value(&arg)?;
                pass.extend([arg, v]);
            }
            "--json" => pass.push(arg),
            other => bail!("unknown option {other:?} for bench-archive\n{USAGE}"),
        }
    }
    let bin = match bin {
        Some(b) => b,
        None => {
            let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
                .current_dir(root)
                .args(["build", "--release", "-p", "sitrep-cli"])
                .status()
                .context("running cargo build")?;
            ensure!(
                status.success(),
                "cargo build --release -p sitrep-cli failed"
            );
            root.join("target/release/sitrep")
        }
    };
    let mut cmd = Command::new(&bin);
    cmd.args([
        "bench-store",
        "--no-double",
        "--docs",
        &docs,
        "--repeat",
        &repeat,
    ]);
    cmd.args(&pass);
    for c in CORPUS {
        let p = root.join(c);
        ensure!(
            p.exists(),
            "{} is missing: the corpus is built from it",
            p.display()
        );
        cmd.arg(p);
    }
    let status = cmd
        .status()
        .with_context(|| format!("running {}", bin.display()))?;
    ensure!(status.success(), "{} bench-store failed", bin.display());
    Ok(())
}
