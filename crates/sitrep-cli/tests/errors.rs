//! Error messages of the `sitrep` binary: an error's cause is printed once, after it
//! (`sitrep: error: context: error: cause`), never repeated by the error's own message.

use std::process::Command;

fn sitrep(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(args)
        .output()
        .expect("run sitrep");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_missing_gold_file_names_the_os_error_once() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.jsonl");
    let os = std::fs::read(&missing).unwrap_err().to_string();
    for kind in ["geo", "events", "plover", "cameo"] {
        let (code, err) = sitrep(&["eval", kind, missing.to_str().unwrap()]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("cannot read gold file"), "{err}");
        assert!(err.contains("missing.jsonl"), "{err}");
        assert_eq!(err.matches(&os).count(), 1, "{err}");
    }
}

#[test]
fn a_malformed_gold_record_names_the_parse_error_once() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "not json\n").unwrap();
    let cause = serde_json::from_str::<serde_json::Value>("not json")
        .unwrap_err()
        .to_string();
    let (code, err) = sitrep(&["eval", "geo", bad.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("bad.jsonl:1: invalid gold record: "), "{err}");
    assert_eq!(err.matches(&cause).count(), 1, "{err}");
}
