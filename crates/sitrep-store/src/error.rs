//! The store's error type.

/// What can go wrong opening or writing a store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}: {1}")]
    Io(String, #[source] std::io::Error),
    #[error("{0} is not a sitrep database ({1}); refusing to touch it: choose another --db path")]
    NotADatabase(String, String),
    #[error("{0} is an SQLite database of another application ({1}); refusing to touch it: choose another --db path")]
    Foreign(String, String),
    #[error("{0} was written by a newer sitrep (schema version {1}, this build reads up to {2}): upgrade sitrep")]
    Newer(String, i64, i64),
    #[error(
        "{0}: {1} (the file may be damaged: check it with `sqlite3 FILE 'PRAGMA integrity_check'`)"
    )]
    Damaged(String, #[source] rusqlite::Error),
    #[error("{0}: {1}")]
    Open(String, #[source] rusqlite::Error),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("record encoding: {0}")]
    Json(#[from] serde_json::Error),
    #[error("no stored event has the id {0:?}")]
    NoSuchEvent(String),
    #[error("several stored events have the id {0:?} (raw event rows {1})")]
    Ambiguous(String, String),
}

impl StoreError {
    /// Wraps an error met while opening `path`: damage is told apart from other failures.
    pub(crate) fn sqlite(path: &str, e: rusqlite::Error) -> StoreError {
        use rusqlite::ffi::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => {
                StoreError::NotADatabase(path.to_string(), e.to_string())
            }
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Damaged(path.to_string(), e),
            _ => StoreError::Open(path.to_string(), e),
        }
    }
}
