//! `cargo xtask same-output`: proof that a refactoring changed no output.
//!
//! `record DIR` runs a `sitrep` binary over the shipped sample and every file of
//! `../shared/eval` (extract in each output format, and each `eval` command with its
//! predictions dump) and writes every output into DIR, one file per run. `compare OLD NEW`
//! lists the runs whose outputs differ, with the first differing line of each, and fails when
//! any differs. The usual flow: record with the binary of the commit before the change, record
//! again after it, compare.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

pub const USAGE: &str = "  same-output record DIR [--bin PATH] [--eval DIR]
      run the sitrep binary (default target/release/sitrep) over the sample and every
      file of the evaluation kit (default ../shared/eval) and write each output into DIR.
  same-output compare OLD NEW
      compare two recorded directories; exit 1 listing each run whose output differs.
";

/// The sample's publication date, as the README's first command gives it.
const SAMPLE_PUBLISHED: &str = "2018-03-24";
/// That date at 00:00 UTC, the export time of every recorded run.
const SAMPLE_EPOCH: &str = "1521849600";

pub fn main(mut args: impl Iterator<Item = String>, root: &Path) -> Result<()> {
    match args.next().as_deref() {
        Some("record") => {
            let dir = PathBuf::from(args.next().context("record needs a directory")?);
            let mut bin = root.join("target/release/sitrep");
            let mut eval = root.join("../shared/eval");
            while let Some(arg) = args.next() {
                match arg.as_str() {
                    "--bin" => bin = PathBuf::from(args.next().context("--bin needs a path")?),
                    "--eval" => {
                        eval = PathBuf::from(args.next().context("--eval needs a directory")?)
                    }
                    other => bail!("unknown option {other:?} for same-output record"),
                }
            }
            record(&bin, &eval, root, &dir)
        }
        Some("compare") => {
            let old = PathBuf::from(args.next().context("compare needs two directories")?);
            let new = PathBuf::from(args.next().context("compare needs two directories")?);
            compare(&old, &new)
        }
        _ => bail!("usage:\n{USAGE}"),
    }
}

/// One run of the binary: its arguments and the name of the file its stdout goes to.
struct Run {
    name: String,
    /// The working directory: input paths are given relative to it, so that the paths and ids
    /// in the outputs are the same whatever checkout or worktree records them.
    dir: PathBuf,
    args: Vec<String>,
    /// A predictions file the run writes (eval commands), recorded next to stdout.
    predictions: Option<String>,
}

fn runs(eval: &Path, root: &Path) -> Result<Vec<Run>> {
    let mut runs = Vec::new();
    for format in ["jsonl", "geojson", "acled-csv"] {
        runs.push(Run {
            name: format!("sample.{format}"),
            dir: root.to_path_buf(),
            args: vec![
                "extract".into(),
                "examples/fr-syria-deir-ez-zor.txt".into(),
                "--published".into(),
                SAMPLE_PUBLISHED.into(),
                "--format".into(),
                format.into(),
            ],
            predictions: None,
        });
    }
    if !eval.is_dir() {
        eprintln!(
            "xtask: same-output: {} is absent: only the sample is recorded",
            eval.display()
        );
        return Ok(runs);
    }
    for sub in ["geo", "events"] {
        let mut files: Vec<PathBuf> = fs::read_dir(eval.join(sub))
            .with_context(|| format!("reading {}", eval.join(sub).display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect();
        files.sort();
        for file in files {
            let stem = file
                .file_stem()
                .and_then(|s| s.to_str())
                .context("file name")?
                .to_string();
            let path = format!("{sub}/{stem}.jsonl");
            for format in ["jsonl", "acled-csv"] {
                runs.push(Run {
                    name: format!("{sub}-{stem}.extract.{format}"),
                    dir: eval.to_path_buf(),
                    args: vec![
                        "extract".into(),
                        path.clone(),
                        "--input-format".into(),
                        "jsonl".into(),
                        "--format".into(),
                        format.into(),
                    ],
                    predictions: None,
                });
            }
            let evals: Vec<Vec<&str>> = match (sub, stem.as_str()) {
                ("geo", _) => vec![
                    vec!["eval", "geo", "--mode", "end-to-end"],
                    vec!["eval", "geo", "--mode", "resolve"],
                ],
                (_, s) if s.starts_with("case") => vec![vec!["eval", "events"]],
                (_, s) if s.starts_with("plover") => vec![vec!["eval", "plover"]],
                _ => vec![],
            };
            for cmd in evals {
                let name = format!("{sub}-{stem}.{}", cmd[1..].join("-"));
                let mut args: Vec<String> = cmd.iter().map(|s| s.to_string()).collect();
                args.push(path.clone());
                runs.push(Run {
                    dir: eval.to_path_buf(),
                    predictions: Some(format!("{name}.predictions")),
                    name,
                    args,
                });
            }
        }
    }
    Ok(runs)
}

fn record(bin: &Path, eval: &Path, root: &Path, dir: &Path) -> Result<()> {
    // Runs start in other directories: make every path given on the command line absolute.
    let cwd = std::env::current_dir()?;
    let (bin, eval, dir) = (cwd.join(bin), cwd.join(eval), cwd.join(dir));
    let (bin, eval, dir) = (bin.as_path(), eval.as_path(), dir.as_path());
    if !bin.is_file() {
        bail!(
            "no sitrep binary at {} (build it with `cargo build --release -p sitrep-cli`)",
            bin.display()
        );
    }
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for run in runs(eval, root)? {
        let mut cmd = Command::new(bin);
        // A fixed export time: binaries that honour SOURCE_DATE_EPOCH write the same ACLED
        // `timestamp` column on every run (`normalise` still blanks it, for older binaries).
        cmd.args(&run.args)
            .current_dir(&run.dir)
            .env("SOURCE_DATE_EPOCH", SAMPLE_EPOCH);
        if let Some(pred) = &run.predictions {
            cmd.arg("--predictions").arg(dir.join(pred));
        }
        let out = cmd
            .output()
            .with_context(|| format!("running {}", bin.display()))?;
        if !out.status.success() {
            bail!(
                "sitrep {} failed ({}): {}",
                run.args.join(" "),
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let text = normalise(&run.name, &String::from_utf8_lossy(&out.stdout));
        fs::write(dir.join(&run.name), text)?;
        eprintln!(
            "xtask: same-output: {} ({} bytes)",
            run.name,
            out.stdout.len()
        );
    }
    Ok(())
}

fn compare(old: &Path, new: &Path) -> Result<()> {
    let mut names: Vec<String> = fs::read_dir(old)
        .with_context(|| format!("reading {}", old.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    let mut differing = 0;
    for name in &names {
        let a = fs::read(old.join(name))?;
        let Ok(b) = fs::read(new.join(name)) else {
            println!("{name}: missing in {}", new.display());
            differing += 1;
            continue;
        };
        if a == b {
            continue;
        }
        differing += 1;
        let (a, b) = (String::from_utf8_lossy(&a), String::from_utf8_lossy(&b));
        let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
        let changed = la
            .iter()
            .zip(&lb)
            .filter(|(x, y)| x != y)
            .count()
            .max(la.len().abs_diff(lb.len()));
        let first = la.iter().zip(&lb).position(|(x, y)| x != y);
        println!(
            "{name}: {changed} of {} lines differ{}",
            la.len(),
            first.map_or(String::new(), |i| format!(
                " (first at line {}):\n  - {}\n  + {}",
                i + 1,
                clip(la[i]),
                clip(lb[i])
            ))
        );
    }
    if differing > 0 {
        bail!("{differing} of {} outputs differ", names.len());
    }
    println!("all {} outputs are byte-identical", names.len());
    Ok(())
}

/// Blanks what legitimately varies between two runs of the same binary: the ACLED CSV's last
/// column (`timestamp`, the export time) and the wall time an eval report prints
/// (`N documents (split all) in 0.02s`).
fn normalise(name: &str, out: &str) -> String {
    let mut text = String::with_capacity(out.len());
    for line in out.lines() {
        if name.ends_with(".acled-csv") {
            let cut = line.rfind(',').filter(|&i| {
                !line[i + 1..].is_empty() && line[i + 1..].bytes().all(|b| b.is_ascii_digit())
            });
            text.push_str(cut.map_or(line, |i| &line[..i]));
        } else if let Some(i) = wall_time(line) {
            text.push_str(&line[..i]);
            text.push_str(" in (time)");
        } else {
            text.push_str(line);
        }
        text.push('\n');
    }
    text
}

/// Where a trailing ` in 0.02s` (an eval report's wall time) starts, if the line ends with one.
fn wall_time(line: &str) -> Option<usize> {
    let i = line.rfind(" in ")?;
    let t = line[i + 4..].strip_suffix('s')?;
    let numeric = !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    numeric.then_some(i)
}

/// A long line cut to a readable length for the report (on a character boundary).
fn clip(line: &str) -> String {
    const MAX: usize = 300;
    match line.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_string(),
    }
}
