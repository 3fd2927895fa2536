//! `cargo xtask fuzz`: builds the libFuzzer targets of `fuzz/` (nightly, `cargo fuzz`) and runs
//! them one after the other, each with a time budget, an RSS limit and a per-input timeout.
//!
//! - `cargo xtask fuzz --seconds 300 warc` fuzzes one target for five minutes; new inputs go to
//!   `fuzz/corpus/<target>` (cargo fuzz's layout) unless `--corpus-dir DIR` is given, crashes to
//!   `fuzz/artifacts/<target>/`.
//! - `cargo xtask fuzz --ci` (the step of `cargo xtask test`) runs every target briefly on its
//!   committed corpus, writing new inputs to a temporary directory only, so the checkout is not
//!   changed: the committed corpus replays as a regression test and a few seconds of mutation
//!   follow.
//!
//! Every run prints, per target, the seconds fuzzed, the executions and whether it crashed; a
//! crash, timeout or out-of-memory fails the command and names the input libFuzzer saved.
//! Sanitizer: none (`-s none`): the workspace forbids `unsafe`, so what the fuzzer hunts are
//! panics (with debug assertions: overflow, slicing), hangs and allocations, which libFuzzer
//! catches without AddressSanitizer at about twice the speed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};

pub const USAGE: &str = "\
  fuzz [--seconds N] [--ci] [--corpus-dir DIR] [--jobs-log FILE] [TARGET...]
      build the fuzz targets of fuzz/ (cargo +nightly fuzz, installed on demand)
      and run each (default: all) for N seconds (default 60; --ci: 10 each, on a
      copy of the committed corpus). RSS limit 2048 MB, 10 s per input. Appends
      `target seconds executions result` lines to FILE with --jobs-log.
";

/// Every fuzz target, in the order they run, with its fuzz package: `fuzz/` holds the readers
/// and the store, `fuzz/engine/` the targets that need the extraction engine (kept apart so
/// that the reader targets build without the language models).
pub const TARGETS: &[(&str, &str)] = &[
    ("html", "fuzz"),
    ("charset", "fuzz"),
    ("feed", "fuzz"),
    ("warc", "fuzz"),
    ("gzip", "fuzz"),
    ("jsonl", "fuzz"),
    ("store_open", "fuzz"),
    ("extract", "fuzz/engine"),
    ("gazetteer", "fuzz/engine"),
];

/// libFuzzer's limit on resident memory: an input that needs more is a finding.
const RSS_LIMIT_MB: u32 = 2048;
/// Seconds one input may take before libFuzzer reports a timeout.
const INPUT_TIMEOUT_S: u32 = 10;
/// Seconds per target in CI: 9 targets x 10 s (plus replaying the corpora) stays well under the
/// 3 minutes CI gives fuzzing, since the cold nightly build of the targets comes on top.
const CI_SECONDS: u64 = 10;

struct Options {
    seconds: u64,
    ci: bool,
    corpus_dir: Option<PathBuf>,
    jobs_log: Option<PathBuf>,
    targets: Vec<String>,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Options> {
    let mut o = Options {
        seconds: 0,
        ci: false,
        corpus_dir: None,
        jobs_log: None,
        targets: Vec::new(),
    };
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seconds" => {
                o.seconds = args
                    .next()
                    .context("--seconds needs a number")?
                    .parse()
                    .context("--seconds needs a number")?
            }
            "--ci" => o.ci = true,
            "--corpus-dir" => {
                o.corpus_dir = Some(
                    args.next()
                        .context("--corpus-dir needs a directory")?
                        .into(),
                )
            }
            "--jobs-log" => {
                o.jobs_log = Some(args.next().context("--jobs-log needs a file")?.into())
            }
            t if TARGETS.iter().any(|(name, _)| *name == t) => o.targets.push(t.to_string()),
            other => {
                let names: Vec<&str> = TARGETS.iter().map(|(name, _)| *name).collect();
                bail!("unknown fuzz target or option {other:?} (targets: {names:?})")
            }
        }
    }
    if o.seconds == 0 {
        o.seconds = if o.ci { CI_SECONDS } else { 60 };
    }
    if o.targets.is_empty() {
        o.targets = TARGETS.iter().map(|(name, _)| name.to_string()).collect();
    }
    Ok(o)
}

fn ensure_cargo_fuzz() -> Result<()> {
    let ok = Command::new("cargo")
        .args(["+nightly", "fuzz", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("xtask fuzz: installing cargo-fuzz from crates.io");
        let status = Command::new("cargo")
            .args(["install", "cargo-fuzz", "--version", "0.13.2", "--locked"])
            .status()
            .context("running cargo install cargo-fuzz")?;
        if !status.success() {
            bail!("cargo install cargo-fuzz failed ({status})");
        }
    }
    Ok(())
}

/// The figures libFuzzer prints with `-print_final_stats=1`.
fn final_stat(log: &str, name: &str) -> Option<u64> {
    log.lines()
        .find_map(|l| l.strip_prefix(&format!("stat::{name}:")))
        .and_then(|v| v.trim().parse().ok())
}

pub fn main(args: impl Iterator<Item = String>, root: &Path) -> Result<()> {
    let o = parse(args)?;
    ensure_cargo_fuzz()?;
    let package_of = |target: &str| {
        TARGETS
            .iter()
            .find(|(name, _)| *name == target)
            .map(|(_, dir)| root.join(dir))
            .expect("targets are checked when parsed")
    };
    let target_dir = root.join("fuzz/target");
    let mut packages: Vec<PathBuf> = o.targets.iter().map(|t| package_of(t)).collect();
    packages.dedup();
    for dir in &packages {
        let started = Instant::now();
        let status = Command::new("cargo")
            .args([
                "+nightly",
                "fuzz",
                "build",
                "-s",
                "none",
                "--debug-assertions",
            ])
            // One target directory for both packages: their common dependencies build once.
            .arg("--target-dir")
            .arg(&target_dir)
            // Without it cargo fuzz finds `fuzz/` from any directory below the root.
            .arg("--fuzz-dir")
            .arg(dir)
            .current_dir(dir)
            .env("CARGO_INCREMENTAL", "0")
            .status()
            .context("running cargo +nightly fuzz build")?;
        if !status.success() {
            bail!(
                "building the fuzz targets of {} failed ({status})",
                dir.display()
            );
        }
        eprintln!(
            "xtask fuzz: {} built in {:.0}s",
            dir.display(),
            started.elapsed().as_secs_f64()
        );
    }
    let scratch = tempfile_dir()?;
    let mut failures = Vec::new();
    for target in &o.targets {
        let fuzz = package_of(target);
        let committed = fuzz.join("corpus").join(target);
        std::fs::create_dir_all(&committed)?;
        // libFuzzer adds new inputs to the first corpus directory only.
        let work = match (&o.corpus_dir, o.ci) {
            (Some(dir), _) => dir.join(target),
            (None, true) => scratch.join(target),
            (None, false) => committed.clone(),
        };
        std::fs::create_dir_all(&work)?;
        let artifacts = fuzz.join("artifacts").join(target);
        std::fs::create_dir_all(&artifacts)?;
        let bin = target_dir
            .join("x86_64-unknown-linux-gnu/release")
            .join(target);
        let mut cmd = Command::new(bin);
        cmd.arg(format!("-rss_limit_mb={RSS_LIMIT_MB}"))
            .arg(format!("-timeout={INPUT_TIMEOUT_S}"))
            .arg(format!("-max_total_time={}", o.seconds))
            .arg("-print_final_stats=1")
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .arg(&work);
        if work != committed {
            cmd.arg(&committed);
        }
        eprintln!("xtask fuzz: {target}: {} s", o.seconds);
        let t0 = Instant::now();
        let out = cmd
            .output()
            .with_context(|| format!("running fuzz target {target}"))?;
        let secs = t0.elapsed().as_secs();
        let log = String::from_utf8_lossy(&out.stderr);
        let execs = final_stat(&log, "number_of_executed_units").unwrap_or(0);
        let result = if out.status.success() {
            "ok".to_string()
        } else {
            let artifact = log
                .lines()
                .find(|l| l.contains("Test unit written to"))
                .unwrap_or("no artifact line")
                .to_string();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            eprintln!("{}", tail.into_iter().rev().collect::<Vec<_>>().join("\n"));
            failures.push(format!("{target}: {artifact}"));
            format!("FAILED ({})", out.status)
        };
        eprintln!("xtask fuzz: {target}: {secs} s, {execs} executions, {result}");
        if let Some(path) = &o.jobs_log {
            use std::io::Write;
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .with_context(|| format!("opening {}", path.display()))?;
            writeln!(f, "{target}\t{secs}\t{execs}\t{result}")?;
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    if !failures.is_empty() {
        bail!("fuzz findings:\n{}", failures.join("\n"));
    }
    Ok(())
}

/// A fresh scratch directory under the system temporary directory.
fn tempfile_dir() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("sitrep-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}
