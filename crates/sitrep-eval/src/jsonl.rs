//! Line-oriented JSON reading shared by the gold readers.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::EvalError;

/// Reads one `T` per non-blank line, then lets `check` validate each record; errors carry
/// the file and the 1-based line number.
pub(crate) fn read_jsonl<T: DeserializeOwned>(
    path: &Path,
    check: impl Fn(&T) -> Result<(), (String, String)>,
) -> Result<Vec<T>, EvalError> {
    let content = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut records = Vec::new();
    for (index, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record: T = serde_json::from_str(line).map_err(|source| EvalError::Json {
            path: path.to_path_buf(),
            line: index + 1,
            source,
        })?;
        check(&record).map_err(|(id, message)| EvalError::Invalid {
            path: path.to_path_buf(),
            line: index + 1,
            id,
            message,
        })?;
        records.push(record);
    }
    Ok(records)
}
