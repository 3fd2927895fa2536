//! `read_documents`: the CLI's input readers (`sitrep-ingest`) as a Python iterator of dicts.
//!
//! The readers push documents into a callback; here a background thread runs them and hands
//! documents over a bounded channel, so a multi-gigabyte WARC or JSONL file streams with
//! bounded memory and the GIL is free while Rust reads. Input issues (a broken JSONL line, a
//! truncated gzip member) never stop the iteration: they are collected in `issues` and, by
//! default, printed to stderr as the CLI does.

use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Mutex;

use pyo3::exceptions::{PyFileNotFoundError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use sitrep_ingest::{InputDoc, InputFormat, InputIssue, ReadOptions};

/// Documents buffered between the reading thread and Python.
const CHANNEL: usize = 64;

/// Iterator over the documents of a file or directory (see `read_documents`).
#[pyclass(module = "sitrep._native", name = "DocumentReader")]
pub struct DocumentReader {
    rx: Mutex<Receiver<Result<InputDoc, InputIssue>>>,
    quiet: bool,
    issues: Vec<(String, String)>,
}

fn doc_dict<'py>(py: Python<'py>, d: InputDoc) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    out.set_item("id", d.id)?;
    out.set_item("text", d.text)?;
    out.set_item("title", d.title)?;
    out.set_item("url", d.url)?;
    out.set_item("published", d.published)?;
    out.set_item("lang", d.lang)?;
    out.set_item("path", d.origin.path)?;
    out.set_item("line", d.origin.line)?;
    out.set_item("record", d.origin.record)?;
    out.set_item("format", d.format.as_str())?;
    out.set_item("encoding", d.encoding)?;
    Ok(out)
}

#[pymethods]
impl DocumentReader {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        loop {
            let rx = &self.rx;
            let next = py.detach(|| rx.lock().map(|r| r.recv().ok()).unwrap_or(None));
            match next {
                None => return Ok(None),
                Some(Ok(doc)) => return doc_dict(py, doc).map(Some),
                Some(Err(issue)) => {
                    if !self.quiet {
                        eprintln!("sitrep: {}: {issue}", issue.severity);
                    }
                    self.issues
                        .push((issue.severity.to_string(), issue.to_string()));
                }
            }
        }
    }

    /// Input issues met so far, as `(severity, message)` pairs (`message` names file and line
    /// or record).
    #[getter]
    fn issues(&self) -> Vec<(String, String)> {
        self.issues.clone()
    }
}

/// The name of a file or directory in document ids, as `sitrep extract` gives it: the path
/// relative to the working directory when it lies under it, else the file name.
#[pyfunction]
pub fn doc_name(path: PathBuf) -> String {
    sitrep_ingest::doc_name(&path)
}

/// Reads documents from a file or directory with sitrep's readers (the CLI's `extract` input).
/// `name` stands for the path in document ids (default: `doc_name(path)`).
#[pyfunction]
#[pyo3(signature = (path, format=None, *, max_doc_bytes=None, quiet=false, name=None))]
pub fn read_documents(
    path: PathBuf,
    format: Option<&str>,
    max_doc_bytes: Option<usize>,
    quiet: bool,
    name: Option<String>,
) -> PyResult<DocumentReader> {
    let format = format
        .map(|f| {
            f.parse::<InputFormat>()
                .map_err(|e| PyValueError::new_err(format!("format {f:?}: {e}")))
        })
        .transpose()?;
    if !path.exists() {
        return Err(PyFileNotFoundError::new_err(format!(
            "no such file or directory: {}",
            path.display()
        )));
    }
    let opts = ReadOptions {
        format,
        max_doc_bytes: max_doc_bytes.unwrap_or(sitrep_ingest::DEFAULT_MAX_DOC_BYTES),
    };
    let (tx, rx) = sync_channel(CHANNEL);
    std::thread::Builder::new()
        .name("sitrep-reader".into())
        .spawn(move || {
            let mut open = true;
            // Once the iterator is dropped the rest is read and discarded: the readers have no
            // way to stop early.
            let mut sink = |r| open = open && tx.send(r).is_ok();
            match &name {
                Some(name) => sitrep_ingest::read_path_named(&path, name, &opts, &mut sink),
                None => sitrep_ingest::read_path(&path, &opts, &mut sink),
            }
        })
        .map_err(|e| PyValueError::new_err(format!("starting the reader thread: {e}")))?;
    Ok(DocumentReader {
        rx: Mutex::new(rx),
        quiet,
        issues: Vec::new(),
    })
}
