//! What a new user meets first: exit statuses a script can trust (an input that cannot be read
//! is status 2 unless `--keep-going`), the end-of-run summary on stderr (undated events and
//! warnings by code, counted in words that agree with the numbers), and document ids that
//! never hold an absolute path of the user's machine.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SAMPLE: &str = include_str!("../../../examples/fr-syria-deir-ez-zor.txt");

fn sitrep_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run sitrep")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn records(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is a JSON record"))
        .collect()
}

/// A directory with one good article (`good.txt`, with a publication date line).
fn workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("good.txt"),
        format!("Publié le 24 mars 2018\n{SAMPLE}"),
    )
    .unwrap();
    dir
}

/// `extract` and `ingest` with `inputs` and `extra` options, run in `dir`: (status, stderr,
/// records written by extract).
fn both(dir: &Path, inputs: &[&str], extra: &[&str]) -> Vec<(&'static str, Option<i32>, String)> {
    let mut runs = Vec::new();
    let out = sitrep_in(dir, &[&["extract"], inputs, extra].concat());
    let ids: Vec<String> = records(&out)
        .iter()
        .map(|r| r["doc_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        ["good.txt"],
        "the readable input is processed: {}",
        stderr(&out)
    );
    runs.push(("extract", out.status.code(), stderr(&out)));
    let db = dir.join(format!("store-{}.sqlite", extra.join("")));
    let db = db.to_str().unwrap();
    let out = sitrep_in(dir, &[&["ingest", "--db", db], inputs, extra].concat());
    let err = stderr(&out);
    assert!(err.contains("sitrep: ingest: 1 document: 1 new"), "{err}");
    runs.push(("ingest", out.status.code(), err));
    runs
}

#[test]
fn a_missing_input_exits_2_unless_keep_going() {
    let dir = workdir();
    for (cmd, code, err) in both(dir.path(), &["good.txt", "absent.txt"], &[]) {
        assert_eq!(code, Some(2), "{cmd}: {err}");
        assert!(err.contains("absent.txt: cannot read: "), "{cmd}: {err}");
        assert!(
            err.contains("sitrep: error: 1 input could not be read"),
            "{cmd}: {err}"
        );
    }
    for (cmd, code, err) in both(dir.path(), &["good.txt", "absent.txt"], &["--keep-going"]) {
        assert_eq!(code, Some(0), "{cmd}: {err}");
        assert!(
            err.contains("absent.txt: cannot read: "),
            "{cmd}: still reported: {err}"
        );
    }
    // --strict is unchanged: any issue is status 1 once --keep-going allows the run to succeed.
    for (cmd, code, err) in both(
        dir.path(),
        &["good.txt", "absent.txt"],
        &["--keep-going", "--strict"],
    ) {
        assert_eq!(code, Some(1), "{cmd}: {err}");
    }
    // Everything readable: 0, also with --strict when nothing was reported.
    for (cmd, code, err) in both(dir.path(), &["good.txt"], &["--strict"]) {
        assert_eq!(code, Some(0), "{cmd}: {err}");
    }
}

#[cfg(unix)]
#[test]
fn an_input_that_is_not_a_file_exits_2() {
    let dir = workdir();
    // A socket exists but cannot be opened for reading, whoever runs the test.
    let _listener = std::os::unix::net::UnixListener::bind(dir.path().join("socket")).unwrap();
    for (cmd, code, err) in both(dir.path(), &["good.txt", "socket"], &[]) {
        assert_eq!(code, Some(2), "{cmd}: {err}");
        assert!(err.contains("socket: cannot open: "), "{cmd}: {err}");
    }
    for (cmd, code, err) in both(dir.path(), &["good.txt", "socket"], &["--keep-going"]) {
        assert_eq!(code, Some(0), "{cmd}: {err}");
    }
}

/// Permission denied, for real: a file with mode 000, read by an unprivileged user. Root reads
/// it anyway, so when the tests run as root the binary runs as `nobody` through `setpriv`;
/// when that is not possible the test says why and checks nothing.
#[cfg(unix)]
#[test]
fn an_input_without_read_permission_exits_2() {
    use std::os::unix::fs::PermissionsExt;
    let dir = workdir();
    let locked = dir.path().join("locked.txt");
    std::fs::write(&locked, SAMPLE).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(
        dir.path().join("good.txt"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let root = std::fs::File::open(&locked).is_ok();
    let run = |extra: &[&str]| -> Option<Output> {
        let mut args: Vec<&str> = vec!["extract", "good.txt", "locked.txt"];
        args.extend(extra);
        let mut cmd = if root {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
                .arg(env!("CARGO_BIN_EXE_sitrep"));
            c
        } else {
            Command::new(env!("CARGO_BIN_EXE_sitrep"))
        };
        let out = cmd.args(&args).current_dir(dir.path()).output().ok()?;
        // setpriv missing, or the binary out of reach of `nobody` (a private home directory).
        (out.status.code() != Some(127)
            && out.status.code() != Some(126)
            && !stderr(&out).starts_with("setpriv:"))
        .then_some(out)
    };
    let Some(out) = run(&[]) else {
        eprintln!(
            "skipped: running as root and cannot run the binary as an unprivileged user with \
             setpriv; the unreadable-input path is covered by the missing-file and socket tests"
        );
        return;
    };
    let err = stderr(&out);
    assert!(
        err.contains("locked.txt: cannot open: Permission denied"),
        "{err}"
    );
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(
        records(&out).len(),
        1,
        "the readable input is processed: {err}"
    );
    let out = run(&["--keep-going"]).unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn the_summary_counts_undated_documents_and_says_how_to_date_them() {
    let dir = workdir();
    std::fs::write(dir.path().join("sample.txt"), SAMPLE).unwrap();
    let out = sitrep_in(dir.path(), &["extract", "sample.txt", "good.txt"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("sitrep: 2 documents, "),
        "plural agrees with the count: {err}"
    );
    assert!(
        err.contains(
            "sitrep: warning: 1 document has events without a date (date.no-publication-date): \
             no publication date in the metadata or first lines; give it with --published \
             YYYY-MM-DD"
        ),
        "{err}"
    );
    let recs = records(&out);
    assert!(recs[0]["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["event_date"].is_null()));
    // The visible date line of good.txt dated it: no warning for it.
    assert_eq!(recs[1]["published"], "2018-03-24");
    assert!(recs[1]["events"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["event_date"].is_string()));

    // With --published: nothing to warn about, and singular words for one document.
    let out = sitrep_in(
        dir.path(),
        &["extract", "sample.txt", "--published", "2018-03-24"],
    );
    let err = stderr(&out);
    assert!(err.contains("sitrep: 1 document, "), "{err}");
    assert!(!err.contains("warning"), "{err}");

    // Other warnings are counted by code; the store gets the same summary.
    std::fs::write(
        dir.path().join("bad-date.jsonl"),
        "{\"id\": \"a\", \"text\": \"Clashes in Aleppo killed 3 people on Monday.\", \"published\": \"yesterday\"}\n",
    )
    .unwrap();
    let out = sitrep_in(
        dir.path(),
        &["ingest", "bad-date.jsonl", "--db", "s.sqlite"],
    );
    let err = stderr(&out);
    assert!(
        err.contains(
            "diagnostics of level warning or error: date.bad-publication-date in 1 document"
        ),
        "{err}"
    );
}

#[test]
fn ids_never_hold_absolute_paths() {
    let dir = workdir();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/x.txt"), SAMPLE).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let outside: PathBuf = elsewhere.path().join("y.txt");
    std::fs::write(&outside, SAMPLE).unwrap();
    let inside = dir.path().join("sub/x.txt");
    let extract = |format: &str| {
        sitrep_in(
            dir.path(),
            &[
                "extract",
                inside.to_str().unwrap(),
                outside.to_str().unwrap(),
                "--published",
                "2018-03-24",
                "--format",
                format,
            ],
        )
    };
    let out = extract("acled-csv");
    let csv = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for tmp in [dir.path(), elsewhere.path()] {
        assert!(!csv.contains(tmp.to_str().unwrap()), "{csv}");
    }
    // The document ids, and the event ids made from them, in the JSONL records; `source.path`
    // keeps the path as given.
    let out = extract("jsonl");
    let docs = records(&out);
    let ids: Vec<&str> = docs
        .iter()
        .map(|r| r["doc_id"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(ids, ["sub/x.txt", "y.txt"], "{}", stderr(&out));
    let mut events = 0;
    for (doc, r) in ids.iter().zip(&docs) {
        for e in r["events"].as_array().into_iter().flatten() {
            let id = e["event_id"].as_str().unwrap_or_default();
            assert!(id.starts_with(&format!("{doc}-")), "{id} of {doc}");
            events += 1;
        }
    }
    assert!(events > 0, "the sample has events whose ids are checked");
    // Messages keep the path as given, so the user can find the file.
    let out = sitrep_in(
        dir.path(),
        &[
            "extract",
            outside.with_extension("absent").to_str().unwrap(),
        ],
    );
    assert!(stderr(&out).contains(elsewhere.path().to_str().unwrap()));
}

#[test]
fn messages_name_options_and_gzip_offsets() {
    use std::io::Write;
    let dir = workdir();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(SAMPLE.repeat(4).as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    let cut = gz.len() / 2;
    std::fs::write(dir.path().join("cut.txt.gz"), &gz[..cut]).unwrap();
    let out = sitrep_in(
        dir.path(),
        &["extract", "cut.txt.gz", "--max-doc-bytes", "100000"],
    );
    let err = stderr(&out);
    assert!(
        err.contains(&format!("cut short at byte {cut} of the compressed file")),
        "{err}"
    );
    assert_eq!(records(&out).len(), 1, "{err}");
    let out = sitrep_in(
        dir.path(),
        &["extract", "good.txt", "--max-doc-bytes", "100"],
    );
    let err = stderr(&out);
    assert!(
        err.contains("document is larger than --max-doc-bytes (100 bytes), skipped"),
        "{err}"
    );
}
