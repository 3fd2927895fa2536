//! The error of this crate.

/// Why a record could not be written, or the export time not read.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// `SOURCE_DATE_EPOCH` is set to something that is not a number of seconds.
    #[error(
        "SOURCE_DATE_EPOCH {0:?} is not a whole number of seconds since 1970-01-01 UTC (as `date +%s` prints it); set it to one, or unset it to use the clock"
    )]
    SourceDateEpoch(String),
    /// An Arrow input batch has no `text` column.
    #[cfg(feature = "arrow")]
    #[error("batch has no \"text\" column (columns: {0})")]
    NoTextColumn(String),
    /// An Arrow input column cannot be read as text.
    #[cfg(feature = "arrow")]
    #[error("{0}")]
    ColumnType(String),
    #[cfg(any(feature = "arrow", feature = "parquet"))]
    #[error("building an Arrow batch: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
    #[cfg(feature = "parquet")]
    #[error("writing Parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
}
