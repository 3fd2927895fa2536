//! Python bindings of sitrep: the `sitrep._native` extension module.
//!
//! The Python package `sitrep` (`python/sitrep`) re-exports what is defined here and adds the
//! pure-Python parts (the process-wide default extractor, `sitrep.spark`). Everything runs the
//! same `sitrep_core::Extractor` as the CLI, so `sitrep.extract` returns the record `sitrep
//! extract` prints, field for field.
//!
//! - [`extractor`]: `Extractor` (gazetteer and models loaded once), `extract` → dict,
//!   `extract_batch` → Arrow (one row per event);
//! - [`batch`]: Arrow batches in and out (the layouts are `sitrep-formats`'), with Python
//!   exceptions for bad ones;
//! - [`args`]: turning Python arguments into a `DocInput`, with `TypeError`/`ValueError` for bad
//!   ones;
//! - [`reader`]: `read_documents`, the Rust input readers (text, HTML, JSONL, feeds, WARC) as a
//!   Python iterator.
//!
//! The GIL is released whenever Rust works (loading, extracting, reading), and batches are
//! processed in parallel on the extractor's own rayon pool.

mod args;
mod batch;
mod extractor;
mod reader;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<extractor::Extractor>()?;
    m.add_class::<reader::DocumentReader>()?;
    m.add_function(wrap_pyfunction!(reader::read_documents, m)?)?;
    m.add_function(wrap_pyfunction!(reader::doc_name, m)?)?;
    m.add_function(wrap_pyfunction!(batch::event_schema, m)?)?;
    m.add("SCHEMA_VERSION", sitrep_core::SCHEMA_VERSION)?;
    m.add("GAZETTEER_VERSION", sitrep_gazetteer_data::VERSION.trim())?;
    m.add("GAZETTEER_ATTRIBUTION", sitrep_gazetteer_data::ATTRIBUTION)?;
    m.add("SUPPORTED_LANGUAGES", sitrep_text::lang::SUPPORTED.to_vec())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
