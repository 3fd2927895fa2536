//! The store's error type.

/// What can go wrong opening or writing a store.
///
/// A variant that wraps another error does not repeat it in its message: the cause is its
/// [`source`](std::error::Error::source), printed after the message by error-chain printers
/// such as the CLI's (`anyhow`'s `{:#}`: `message: cause`).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Io(String, #[source] std::io::Error),
    #[error("{0} is not a sitrep database ({1}); refusing to touch it: choose another --db path")]
    NotADatabase(String, String),
    #[error("{0} is an SQLite database of another application ({1}); refusing to touch it: choose another --db path")]
    Foreign(String, String),
    #[error("{0} was written by a newer sitrep (schema version {1}, this build reads up to {2}): upgrade sitrep")]
    Newer(String, i64, i64),
    #[error(
        "{0}: the file may be damaged (check it with `sqlite3 FILE 'PRAGMA integrity_check'`)"
    )]
    Damaged(String, #[source] rusqlite::Error),
    #[error("{}{}", .0, hint(.1))]
    Open(String, #[source] rusqlite::Error),
    #[error("database error{}", hint(.0))]
    Sqlite(#[from] rusqlite::Error),
    #[error("record encoding")]
    Json(#[from] serde_json::Error),
    #[error("the ingestion time")]
    Time(#[from] sitrep_formats::FormatError),
    #[error("no stored event has the id {0:?}")]
    NoSuchEvent(String),
    #[error("several stored events have the id {0:?} (raw event rows {1})")]
    Ambiguous(String, String),
}

/// What a user can do about an SQLite failure that is not a bug: a full disk, a read-only or
/// locked store. Empty for the others (the cause is printed after the message anyway).
fn hint(e: &rusqlite::Error) -> String {
    use rusqlite::ffi::ErrorCode;
    let kept = "the batches written before are kept; run the same command again to complete \
                the store";
    match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => {
            format!(
                " (the disk is full or a file size limit was reached: {kept} once there is space)"
            )
        }
        Some(ErrorCode::SystemIoFailure) => format!(
            " (writing failed: the disk is full, a file size limit was reached or the device \
             failed; {kept} once it is fixed)"
        ),
        Some(ErrorCode::ReadOnly) => " (the store is read-only: check the permissions of the \
             file and its directory, or the filesystem)"
            .to_string(),
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => format!(
            " (the store is locked by another process, waited {} ms for it; set \
             SITREP_BUSY_TIMEOUT_MS to wait longer)",
            crate::busy_timeout().as_millis()
        ),
        Some(ErrorCode::CannotOpen) => " (cannot open the file or create its journal: check \
             that the directory exists and is writable)"
            .to_string(),
        _ => String::new(),
    }
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

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::StoreError;

    /// The error and its causes as the CLI prints them (`anyhow`'s `{:#}`).
    fn chain(e: StoreError) -> String {
        format!("{:#}", anyhow::Error::from(e))
    }

    #[test]
    fn the_cause_is_printed_once() {
        let e = StoreError::Io("out.csv".into(), std::io::Error::other("disk full"));
        assert_eq!(chain(e), "out.csv: disk full");
        let json = serde_json::from_str::<serde_json::Value>("{").unwrap_err();
        let text = json.to_string();
        let message = chain(StoreError::Json(json));
        assert_eq!(message.matches(&text).count(), 1, "{message}");
        let sqlite = rusqlite::Connection::open_in_memory()
            .unwrap()
            .execute_batch("SELECT * FROM no_such_table")
            .unwrap_err();
        for e in [
            StoreError::Sqlite(sqlite),
            StoreError::sqlite(
                "events.sqlite",
                rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                    None,
                ),
            ),
        ] {
            let own = e.to_string();
            let cause = e.source().expect("wrapped error is the source").to_string();
            assert!(!own.contains(&cause), "{own} repeats {cause}");
        }
    }
}
