//! The one error type of this crate: gold files that cannot be read or do not follow the
//! format described in the evaluation kit's README.

use std::path::PathBuf;

/// Reading a gold file failed. Every variant names the file, and the line when one is at
/// fault, so that the message points at what to fix.
///
/// A variant with an underlying error does not repeat it in its message: it is the variant's
/// [`source`](std::error::Error::source), which error-chain printers (the CLI's `anyhow`
/// `{:#}`) print after the message, as `cannot read gold file gold.jsonl: No such file or
/// directory (os error 2)`.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The file could not be opened or read.
    #[error("cannot read gold file {}", path.display())]
    Io {
        /// The gold file.
        path: PathBuf,
        /// The underlying IO error.
        source: std::io::Error,
    },
    /// A line is not a JSON object of the expected shape.
    #[error("{}:{line}: invalid gold record", path.display())]
    Json {
        /// The gold file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// The parse error.
        source: serde_json::Error,
    },
    /// A record parses but breaks a documented invariant (offsets, label strings).
    #[error("{}:{line}: record {id}: {message}", path.display())]
    Invalid {
        /// The gold file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// The record's `id`.
        id: String,
        /// What is wrong.
        message: String,
    },
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use crate::read_geo_gold;

    /// The error and its causes as the CLI prints them (`anyhow`'s `{:#}`).
    fn chain(e: crate::EvalError) -> String {
        format!("{:#}", anyhow::Error::from(e))
    }

    #[test]
    fn the_cause_is_printed_once() {
        let dir = std::env::temp_dir().join(format!("sitrep-eval-error-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();

        let missing = dir.join("missing.jsonl");
        let e = read_geo_gold(&missing).unwrap_err();
        let os = std::fs::read(&missing).unwrap_err().to_string();
        let message = chain(e);
        assert_eq!(message.matches(&os).count(), 1, "{message}");
        assert_eq!(message.matches("missing.jsonl").count(), 1, "{message}");
        assert!(message.starts_with("cannot read gold file "), "{message}");

        let bad = dir.join("bad.jsonl");
        std::fs::write(&bad, "not json\n").unwrap();
        let e = read_geo_gold(&bad).unwrap_err();
        let cause = e
            .source()
            .expect("the parse error is the source")
            .to_string();
        let message = chain(e);
        assert_eq!(message.matches(&cause).count(), 1, "{message}");
        assert!(
            message.contains("bad.jsonl:1: invalid gold record: "),
            "{message}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
