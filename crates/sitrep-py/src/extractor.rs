//! The `Extractor` class: one gazetteer and set of models per instance, shared by every call.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::Arc;

use pyo3::exceptions::{PyFileNotFoundError, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyString;
use pyo3_arrow::PyRecordBatch;
use rayon::prelude::*;
use sitrep_core::{DocInput, Document};
use sitrep_gazetteer::Gazetteer;

use crate::{args, batch};

/// Extraction engine: the gazetteer, lexicons and language models, loaded once.
#[pyclass(module = "sitrep._native", name = "Extractor", frozen)]
pub struct Extractor {
    inner: sitrep_core::Extractor,
    pool: rayon::ThreadPool,
    languages: Option<Vec<String>>,
    gazetteer: Option<PathBuf>,
}

/// Loads a gazetteer image written by `sitrep gazetteer build`, or the embedded default.
fn load_gazetteer(path: Option<&PathBuf>) -> PyResult<Gazetteer> {
    let Some(p) = path else {
        return sitrep_gazetteer_data::load()
            .map_err(|e| PyRuntimeError::new_err(format!("loading the embedded gazetteer: {e}")));
    };
    let name = p.to_string_lossy();
    if name.ends_with(".tsv") || name.ends_with(".tsv.gz") {
        // TODO(lead): use the shared file loader once `load_file` moves out of sitrep-cli.
        return Err(PyValueError::new_err(format!(
            "gazetteer {name}: source tables are not loaded from Python yet; build an image with \
             `sitrep gazetteer build {name} -o gazetteer.bin` and pass that"
        )));
    }
    let bytes = std::fs::read(p).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            PyFileNotFoundError::new_err(format!("gazetteer file not found: {name}"))
        }
        _ => PyValueError::new_err(format!("reading gazetteer {name}: {e}")),
    })?;
    Gazetteer::from_bytes(Cow::Owned(bytes))
        .map_err(|e| PyValueError::new_err(format!("loading gazetteer {name}: {e}")))
}

impl Extractor {
    /// One document, with a guard: a panic (a bug) becomes an error message instead of
    /// unwinding into Python or ending a batch.
    fn run(&self, input: DocInput) -> Result<Document, String> {
        let lang = self.inner.language(&input.text, input.lang.as_deref());
        if let Some(langs) = &self.languages {
            if !langs.contains(&lang) {
                return Ok(self.skipped(input, lang));
            }
        }
        // The language is decided once; passing it as declared gives the same record.
        let input = DocInput {
            lang: Some(lang),
            ..input
        };
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.inner.extract(input))).map_err(
            |panic| {
                let msg = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                format!("sitrep failed on this document (a bug: please report it with the input): {msg}")
            },
        )
    }

    /// The record of a document whose language was not selected: no places, no events.
    fn skipped(&self, input: DocInput, lang: String) -> Document {
        let mut source = input.source;
        if source.outlet.is_none() {
            source.outlet = source.url.as_deref().and_then(sitrep_core::outlet_of);
        }
        let mut diagnostics = input.diagnostics;
        diagnostics.push(sitrep_core::Diagnostic::new(
            "info",
            "lang.not-selected",
            format!("language {lang} is not among the extractor's languages; document skipped"),
        ));
        Document {
            schema_version: sitrep_core::SCHEMA_VERSION.to_string(),
            doc_id: input.id,
            source,
            published: input.published,
            lang,
            title: input.title,
            places: Vec::new(),
            events: Vec::new(),
            diagnostics,
            framing: Default::default(),
        }
    }

    fn one(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        lang: Option<&Bound<'_, PyAny>>,
        published: Option<&Bound<'_, PyAny>>,
        url: Option<&Bound<'_, PyAny>>,
        id: Option<&Bound<'_, PyAny>>,
        title: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let input = args::doc_input(
            args::text(text)?,
            args::opt_str("id", id)?,
            args::opt_str("title", title)?,
            args::opt_str("url", url)?,
            args::published(published)?,
            args::lang(lang)?,
        );
        py.detach(|| {
            let doc = self.run(input).map_err(PyRuntimeError::new_err)?;
            serde_json::to_string(&doc).map_err(|e| PyRuntimeError::new_err(e.to_string()))
        })
    }
}

#[pymethods]
impl Extractor {
    #[new]
    #[pyo3(signature = (gazetteer=None, languages=None, threads=None))]
    fn new(
        py: Python<'_>,
        gazetteer: Option<PathBuf>,
        languages: Option<Vec<String>>,
        threads: Option<usize>,
    ) -> PyResult<Extractor> {
        let languages = match languages {
            None => None,
            Some(ls) => {
                let mut out = Vec::new();
                for l in ls {
                    let code = l.trim().to_ascii_lowercase();
                    if !sitrep_text::lang::SUPPORTED.contains(&code.as_str()) {
                        return Err(PyValueError::new_err(format!(
                            "language {l:?} is not supported (supported: {})",
                            sitrep_text::lang::SUPPORTED.join(", ")
                        )));
                    }
                    out.push(code);
                }
                if out.is_empty() {
                    return Err(PyValueError::new_err(
                        "languages is empty (use None for all)",
                    ));
                }
                Some(out)
            }
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.unwrap_or(0))
            .thread_name(|i| format!("sitrep-{i}"))
            .build()
            .map_err(|e| PyRuntimeError::new_err(format!("starting worker threads: {e}")))?;
        let gaz = py.detach(|| load_gazetteer(gazetteer.as_ref()))?;
        let inner = py.detach(|| sitrep_core::Extractor::new(Arc::new(gaz)));
        Ok(Extractor {
            inner,
            pool,
            languages,
            gazetteer,
        })
    }

    /// Extracts one document; returns its record as a JSON string (one `sitrep extract` line).
    #[pyo3(signature = (text, lang=None, published=None, url=None, *, id=None, title=None))]
    fn extract_json(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        lang: Option<&Bound<'_, PyAny>>,
        published: Option<&Bound<'_, PyAny>>,
        url: Option<&Bound<'_, PyAny>>,
        id: Option<&Bound<'_, PyAny>>,
        title: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        self.one(py, text, lang, published, url, id, title)
    }

    /// Extracts one document; returns its record as a dict.
    #[pyo3(signature = (text, lang=None, published=None, url=None, *, id=None, title=None))]
    fn extract<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        lang: Option<&Bound<'py, PyAny>>,
        published: Option<&Bound<'py, PyAny>>,
        url: Option<&Bound<'py, PyAny>>,
        id: Option<&Bound<'py, PyAny>>,
        title: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let json = self.one(py, text, lang, published, url, id, title)?;
        // Through the CLI's own JSON text, so the dict equals its output by construction (f32
        // scores keep their short form). Measured: json.loads takes ~80 µs of the ~600 µs an
        // article costs, so building the dict in Rust (pythonize) could save little.
        py.import("json")?
            .call_method1("loads", (PyString::new(py, &json),))
    }

    /// Extracts every document of an Arrow record batch; one output row per event.
    #[pyo3(signature = (batch, *, include_empty=true))]
    fn extract_batch<'py>(
        &self,
        py: Python<'py>,
        batch: &Bound<'py, PyAny>,
        include_empty: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        if !batch.hasattr("__arrow_c_array__")? {
            return Err(PyTypeError::new_err(format!(
                "batch must be a pyarrow.RecordBatch (or an object with __arrow_c_array__), not {}",
                batch.get_type().name()?
            )));
        }
        let rb = batch.extract::<PyRecordBatch>()?.into_inner();
        let inputs = batch::inputs(&rb)?;
        let out = py.detach(|| {
            let docs: Vec<(String, Result<Document, String>)> = self.pool.install(|| {
                inputs
                    .into_par_iter()
                    .map(|(id, r)| (id, r.and_then(|d| self.run(d))))
                    .collect()
            });
            batch::events(&docs, include_empty)
        })?;
        PyRecordBatch::new(out).into_pyarrow(py)
    }

    /// Detected (or declared) language code of a text, `und` when undetermined.
    #[pyo3(signature = (text, lang=None))]
    fn language(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        lang: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let text = args::text(text)?;
        let lang = args::lang(lang)?;
        Ok(py.detach(|| self.inner.language(&text, lang.as_deref())))
    }

    /// Path of the gazetteer image, `None` for the embedded one.
    #[getter]
    fn gazetteer(&self) -> Option<PathBuf> {
        self.gazetteer.clone()
    }

    /// Languages processed (`None`: all).
    #[getter]
    fn languages(&self) -> Option<Vec<String>> {
        self.languages.clone()
    }

    /// Worker threads used by `extract_batch`.
    #[getter]
    fn threads(&self) -> usize {
        self.pool.current_num_threads()
    }

    /// Number of places in the gazetteer.
    #[getter]
    fn gazetteer_size(&self) -> usize {
        self.inner.gazetteer().len()
    }

    fn __repr__(&self) -> String {
        format!(
            "Extractor(gazetteer={}, languages={:?}, threads={})",
            self.gazetteer
                .as_ref()
                .map_or("<embedded>".to_string(), |p| format!(
                    "{:?}",
                    p.display().to_string()
                )),
            self.languages,
            self.pool.current_num_threads()
        )
    }
}
