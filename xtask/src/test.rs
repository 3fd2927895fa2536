//! `cargo xtask test`: the project's whole test suite, the command the README gives and CI runs.
//!
//! Steps, stopping at the first failure:
//! 1. `cargo test --workspace` (Rust unit, integration, snapshot and property tests; tests that
//!    read `../shared/eval` skip with a printed reason when it is absent);
//! 2. with `--fuzz`, `cargo xtask fuzz --ci`: every fuzz target briefly on its committed corpus;
//! 3. `python/ci.sh` when present (builds the wheel in a virtualenv, runs pytest and the Spark
//!    local-cluster test);
//! 4. `web/tests/run.sh` when present (browser tests in headless Chromium).
//!
//! The Python tests build their wheel in the dev profile (`SITREP_WHEEL_PROFILE=dev`): the
//! binding is what they test, not the optimiser, and most of its dependencies are then the test
//! build's (67 crates compiled, 384 CPU-seconds, instead of 206 crates and 537 CPU-seconds for
//! a release wheel, measured 2026-12-06). Standalone, `python/ci.sh` builds the release wheel.
//!
//! The Python and browser tests drive the `sitrep` binary that step 1 builds anyway (Cargo
//! builds it for the CLI's integration tests, `CARGO_BIN_EXE_sitrep`), found in Cargo's own
//! report of that build (`--message-format=json`). Asking for it separately (`cargo build -p
//! sitrep-cli`) compiled 73 crates a second time, about 5 minutes of CI: a build of one
//! package resolves features for that package alone, while `cargo test --workspace` unifies
//! them over every member and their dev-dependencies (`syn/visit-mut` from pyo3's macros,
//! `half/std` from the Python extension's arrow, `tokio/io-util` from sitrep-serve's tests,
//! ...), and one changed feature of `syn` or `serde` rebuilds everything above it.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};

pub const USAGE: &str = "  test [--rust-only] [--fuzz]
      run the whole test suite: cargo test --workspace, then python/ci.sh and
      web/tests/run.sh when they exist, with the sitrep binary the Rust tests
      built (--rust-only stops after the Rust tests; --fuzz also runs every fuzz
      target briefly on its committed corpus, cargo xtask fuzz --ci, nightly).
";

fn run(cmd: &mut Command, what: &str) -> Result<()> {
    eprintln!("xtask: {what}: {cmd:?}");
    let started = Instant::now();
    let status = cmd.status().with_context(|| format!("starting {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    eprintln!(
        "xtask: {what}: done in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Builds the workspace's tests (`cargo test --workspace --no-run`, compiler messages shown as
/// usual) and returns the `sitrep` binary that build made, from Cargo's JSON report.
fn build_tests(cargo: &str, root: &Path) -> Result<PathBuf> {
    let mut cmd = Command::new(cargo);
    cmd.args([
        "test",
        "--workspace",
        "--no-run",
        "--message-format=json-render-diagnostics",
    ])
    .current_dir(root)
    .stdout(Stdio::piped());
    eprintln!("xtask: building the tests: {cmd:?}");
    let started = Instant::now();
    let mut child = cmd.spawn().context("starting cargo test --no-run")?;
    let mut bin = None;
    let stdout = child.stdout.take().context("cargo's output")?;
    for line in std::io::BufReader::new(stdout).lines() {
        let line = line.context("reading cargo's output")?;
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        if let Some(path) = sitrep_binary(&msg) {
            bin = Some(PathBuf::from(path));
        }
    }
    let status = child.wait().context("waiting for cargo test --no-run")?;
    if !status.success() {
        bail!("building the tests failed ({status})");
    }
    eprintln!(
        "xtask: building the tests: done in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    bin.context("cargo test --workspace did not report building the sitrep binary")
}

/// The executable of the `sitrep` binary target in one of Cargo's JSON messages (not the
/// binary's own unit-test harness, which has the same target name).
fn sitrep_binary(msg: &serde_json::Value) -> Option<&str> {
    let target = &msg["target"];
    let is_bin = target["kind"]
        .as_array()
        .is_some_and(|k| k.iter().any(|k| k == "bin"));
    (msg["reason"] == "compiler-artifact"
        && target["name"] == "sitrep"
        && is_bin
        && msg["profile"]["test"] == false)
        .then(|| msg["executable"].as_str())
        .flatten()
}

pub fn main(mut args: impl Iterator<Item = String>, root: &Path) -> Result<()> {
    let (mut rust_only, mut fuzz) = (false, false);
    for arg in args.by_ref() {
        match arg.as_str() {
            "--rust-only" => rust_only = true,
            "--fuzz" => fuzz = true,
            other => bail!("unknown option {other:?} for test"),
        }
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let bin = build_tests(&cargo, root)?;
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
    // inputs that found crashes before replay as regressions (RELIABILITY.md). Opt-in here: it
    // compiles both fuzz packages with the nightly toolchain from cold (~10 CPU-minutes), which
    // a newcomer's first test run should not pay; `.ci/run` runs the same step after this one.
    if fuzz {
        crate::fuzz::main(["--ci".to_string()].into_iter(), root).context("fuzz targets")?;
    }
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
            if std::env::var_os("SITREP_WHEEL_PROFILE").is_none() {
                cmd.env("SITREP_WHEEL_PROFILE", "dev");
            }
            run(&mut cmd, what)?;
        } else {
            eprintln!("xtask: {what}: {script} not present, skipped");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_binary_not_its_test_harness() {
        let msg = |kind: &str, test: bool, exe: &str| {
            serde_json::json!({
                "reason": "compiler-artifact",
                "target": {"name": "sitrep", "kind": [kind]},
                "profile": {"test": test},
                "executable": exe,
            })
        };
        assert_eq!(
            sitrep_binary(&msg("bin", false, "/t/debug/sitrep")),
            Some("/t/debug/sitrep")
        );
        assert_eq!(
            sitrep_binary(&msg("bin", true, "/t/debug/deps/sitrep-1")),
            None
        );
        assert_eq!(sitrep_binary(&msg("lib", false, "/x")), None);
        let mut other = msg("bin", false, "/t/debug/xtask");
        other["target"]["name"] = "xtask".into();
        assert_eq!(sitrep_binary(&other), None);
    }
}
