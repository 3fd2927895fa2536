//! Arrow in, Arrow out, for Python: the table layouts are `sitrep_formats::arrow`'s (input
//! columns, event table); here they meet pyarrow, and their errors become Python exceptions
//! (`ValueError` for a batch without a `text` column, `TypeError` for a column of the wrong
//! type).

use arrow_array::RecordBatch;
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3_arrow::PyRecordBatch;
use sitrep_core::{DocInput, Document};
use sitrep_formats::{arrow, FormatError};

/// The schema of `Extractor.extract_batch`'s output, as a `pyarrow.Schema`.
#[pyfunction]
pub fn event_schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let empty = RecordBatch::new_empty(arrow::event_schema());
    PyRecordBatch::new(empty)
        .into_pyarrow(py)?
        .getattr("schema")
}

fn py_error(e: FormatError) -> PyErr {
    match e {
        FormatError::NoTextColumn(_) => PyValueError::new_err(e.to_string()),
        FormatError::ColumnType(msg) => PyTypeError::new_err(msg),
        FormatError::Arrow(e) => PyRuntimeError::new_err(format!("building the event batch: {e}")),
        other => PyRuntimeError::new_err(other.to_string()),
    }
}

/// One extractor input per row, or the reason the row cannot be processed.
#[allow(clippy::type_complexity)] // a pair per row, as `events` takes them back
pub fn inputs(rb: &RecordBatch) -> PyResult<Vec<(String, Result<DocInput, String>)>> {
    arrow::doc_inputs(rb).map_err(py_error)
}

/// The event table of processed documents.
pub fn events(
    docs: &[(String, Result<Document, String>)],
    include_empty: bool,
) -> PyResult<RecordBatch> {
    arrow::event_table(docs, include_empty).map_err(py_error)
}
