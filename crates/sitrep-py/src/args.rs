//! Python arguments → extractor input, with clear exceptions for bad ones.
//!
//! Bad *arguments* raise (`TypeError` for a wrong type, `ValueError` for a value that cannot
//! be used); bad *text* never does: an empty string, binary garbage decoded as text or a
//! document in an unknown language all yield a record with diagnostics, as in the CLI.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};
use sitrep_core::{DocInput, Source};

/// Document id used by `extract` when none is given.
pub const DEFAULT_ID: &str = "doc";

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// The document text: a `str` without lone surrogates.
pub fn text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = obj.cast::<PyString>() {
        return s.to_cow().map(|c| c.into_owned()).map_err(|_| {
            PyValueError::new_err(
                "text contains lone surrogates (e.g. from errors='surrogateescape'); decode the \
                 bytes with errors='replace' instead",
            )
        });
    }
    if obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyByteArray>() {
        return Err(PyTypeError::new_err(format!(
            "text must be str, not {}; decode it first, e.g. data.decode('utf-8', errors='replace')",
            type_name(obj)
        )));
    }
    Err(PyTypeError::new_err(format!(
        "text must be str, not {}",
        type_name(obj)
    )))
}

/// An optional string argument; `None` stays `None`.
pub fn opt_str(name: &str, obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => match o.cast::<PyString>() {
            Ok(s) => Ok(Some(s.to_cow()?.into_owned())),
            Err(_) => Err(PyTypeError::new_err(format!(
                "{name} must be str or None, not {}",
                type_name(o)
            ))),
        },
    }
}

/// A language code: ISO 639-1/639-3 letters, optionally followed by a region (`en-US`).
pub fn lang(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    let Some(l) = opt_str("lang", obj)? else {
        return Ok(None);
    };
    let mut parts = l.split(['-', '_']);
    let primary = parts.next().unwrap_or("");
    let ok = (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if !ok {
        return Err(PyValueError::new_err(format!(
            "lang {l:?} is not a language code (expected ISO 639-1 such as 'fr', 'en', 'ar')"
        )));
    }
    Ok(Some(l))
}

/// A publication date: a `str` that `sitrep extract --published` would accept, or a
/// `datetime.date`/`datetime.datetime` (its `isoformat()`). The string is kept as given, as the
/// CLI does.
pub fn published(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    let Some(o) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    let s = if let Ok(s) = o.cast::<PyString>() {
        s.to_cow()?.into_owned()
    } else {
        let datetime = o.py().import("datetime")?;
        if o.is_instance(&datetime.getattr("date")?)? {
            o.call_method0("isoformat")?.extract::<String>()?
        } else {
            return Err(PyTypeError::new_err(format!(
                "published must be str, datetime.date or None, not {}",
                type_name(o)
            )));
        }
    };
    if sitrep_ingest::normalize_date(&s).is_none() {
        return Err(PyValueError::new_err(format!(
            "published {s:?} is not a date (expected YYYY-MM-DD or RFC 3339)"
        )));
    }
    Ok(Some(s))
}

/// Builds the extractor input for one document given from Python.
pub fn doc_input(
    text: String,
    id: Option<String>,
    title: Option<String>,
    url: Option<String>,
    published: Option<String>,
    lang: Option<String>,
) -> DocInput {
    DocInput {
        title,
        published,
        lang,
        source: Source {
            url,
            ..Source::default()
        },
        ..DocInput::new(id.unwrap_or_else(|| DEFAULT_ID.to_string()), text)
    }
}
