//! The one error type of this crate: gold files that cannot be read or do not follow the
//! format described in the evaluation kit's README.

use std::path::PathBuf;

/// Reading a gold file failed. Every variant names the file, and the line when one is at
/// fault, so that the message points at what to fix.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The file could not be opened or read.
    #[error("cannot read gold file {}: {source}", path.display())]
    Io {
        /// The gold file.
        path: PathBuf,
        /// The underlying IO error.
        source: std::io::Error,
    },
    /// A line is not a JSON object of the expected shape.
    #[error("{}:{line}: invalid gold record: {source}", path.display())]
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
