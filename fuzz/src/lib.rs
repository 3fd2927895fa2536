//! What the reader targets share: reading bytes through `sitrep-ingest` with the invariants its
//! documentation promises checked on every document.
//!
//! A failed check panics, which libFuzzer reports as a crash with the input that caused it.

pub mod store;

use sitrep_ingest::{read_bytes, InputDoc, InputFormat, InputIssue, ReadOptions};

/// Reads `bytes` as a file called `name` (its extension picks the format unless `format` is
/// given) and checks every document and issue. Returns how many documents were read.
pub fn read_checked(name: &str, bytes: &[u8], format: Option<InputFormat>) -> usize {
    // A small limit, so the fuzzer reaches the "record too large" paths with short inputs.
    let opts = ReadOptions {
        format,
        max_doc_bytes: 64 * 1024,
    };
    let mut docs = 0;
    read_bytes(name, bytes, &opts, &mut |r| match r {
        Ok(doc) => {
            check_doc(&doc);
            docs += 1;
        }
        Err(issue) => check_issue(name, &issue),
    });
    docs
}

/// The promises of `InputDoc`: line endings normalised, a non-empty id, and the conversion to
/// the extractor's input never fails.
pub fn check_doc(doc: &InputDoc) {
    assert!(
        !doc.text.contains('\r'),
        "{}: text keeps a carriage return",
        doc.origin
    );
    assert!(!doc.id.is_empty(), "{}: empty id", doc.origin);
    let _ = doc.clone().into_doc_input(None, None);
}

/// An issue names its file and has a message.
pub fn check_issue(name: &str, issue: &InputIssue) {
    let shown = issue.to_string();
    assert!(
        shown.starts_with(name),
        "issue does not name the input: {shown}"
    );
    assert!(
        !issue.message.is_empty(),
        "issue without a message: {shown}"
    );
}
