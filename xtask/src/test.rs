//! `cargo xtask test`: the project's whole test suite, the command the README gives and CI runs.
//!
//! Steps, stopping at the first failure:
//! 1. `cargo test --workspace` (Rust unit, integration, snapshot and property tests; tests that
//!    read `../shared/eval` skip with a printed reason when it is absent);
//! 2. `cargo xtask fuzz --ci`: every fuzz target briefly on its committed corpus;
//! 3. `python/ci.sh` when present (builds the wheel in a virtualenv, runs pytest and the Spark
//!    local-cluster test);
//! 4. `web/tests/run.sh` when present (browser tests in headless Chromium).

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

pub const USAGE: &str = "\
  test [--rust-only]
      run the whole test suite: cargo test --workspace, the fuzz targets briefly
      (cargo xtask fuzz --ci), then python/ci.sh and web/tests/run.sh when they
      exist (--rust-only stops after the Rust tests).
";

fn run(cmd: &mut Command, what: &str) -> Result<()> {
    eprintln!("xtask: {what}: {cmd:?}");
    let status = cmd.status().with_context(|| format!("starting {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

pub fn main(mut args: impl Iterator<Item = String>, root: &Path) -> Result<()> {
    let rust_only = match args.next().as_deref() {
        None => false,
        Some("--rust-only") => true,
        Some(other) => bail!("unknown option {other:?} for test"),
    };
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run(
        Command::new(&cargo)
            .args(["test", "--workspace"])
            .current_dir(root),
        "rust tests",
    )?;
    if rust_only {
        return Ok(());
    }
    // Every fuzz target for a few seconds on its committed corpus (nightly, `cargo fuzz`): the
    // inputs that found crashes before replay as regressions (RELIABILITY.md).
    crate::fuzz::main(["--ci".to_string()].into_iter(), root).context("fuzz targets")?;
    // The Python and browser tests drive the `sitrep` binary that `cargo test` has just built
    // (dev profile, dependencies optimised) instead of a release build of their own: the
    // release build cost 5.5 - 6.5 min of CI for the same code.
    run(
        Command::new(&cargo)
            .args(["build", "-p", "sitrep-cli"])
            .current_dir(root),
        "sitrep binary for the python and browser tests",
    )?;
    let bin = root.join("target/debug/sitrep");
    for (script, what) in [
        ("python/ci.sh", "python tests"),
        ("web/tests/run.sh", "browser tests"),
    ] {
        let path = root.join(script);
        if path.exists() {
            let mut cmd = Command::new("bash");
            cmd.arg(&path).current_dir(root);
            for var in ["SITREP_CLI", "SITREP_BIN"] {
                if std::env::var_os(var).is_none() {
                    cmd.env(var, &bin);
                }
            }
            run(&mut cmd, what)?;
        } else {
            eprintln!("xtask: {what}: {script} not present, skipped");
        }
    }
    Ok(())
}
