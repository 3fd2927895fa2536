//! Arrow in, Arrow out: the input columns of `extract_batch` and the event table it returns.
//!
//! Input: a record batch with a `text` column (string, large string, string view, or binary
//! holding UTF-8) and optional `id`, `published`, `lang`, `url`, `title` columns (any type Arrow
//! can cast to string: an integer id, a `date32` published...). A missing `id` column gives each
//! row its index in the batch as id.
//!
//! Output ([`event_schema`]): one row per event, in document order then event order; with
//! `include_empty`, one row (event columns null) for each document without events, so every
//! input row is accounted for. A document that cannot be processed (null text, binary text that
//! is not UTF-8, a panic in the core) becomes a row whose `error` column says why; it never
//! fails the batch. Integers are signed (Spark has no unsigned types); nested values
//! (`attribution`, `evidence`, `diagnostics`) are JSON strings in the CLI's layout.

use std::sync::Arc;

use arrow_array::builder::{
    Float32Builder, Float64Builder, Int32Builder, Int64Builder, ListBuilder, StringBuilder,
};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3_arrow::PyRecordBatch;
use sitrep_core::schema::Event;
use sitrep_core::{DocInput, Document};

use crate::args;

/// The event table's columns, in order.
pub fn schema() -> SchemaRef {
    use DataType::{Float32, Float64, Int32, Int64, Utf8};
    let f = |name: &str, t: DataType| Field::new(name, t, true);
    Arc::new(Schema::new(vec![
        f("doc_id", Utf8),
        f("event_id", Utf8),
        f("event_date", Utf8),
        f("year", Int32),
        f("time_precision", Int32),
        f("disorder_type", Utf8),
        f("event_type", Utf8),
        f("sub_event_type", Utf8),
        f("actor1", Utf8),
        f("assoc_actor_1", Utf8),
        f("inter1", Int32),
        f("actor2", Utf8),
        f("assoc_actor_2", Utf8),
        f("inter2", Int32),
        f("interaction", Int32),
        f("civilian_targeting", Utf8),
        f("iso", Utf8),
        f("country", Utf8),
        f("admin1", Utf8),
        f("admin2", Utf8),
        f("location", Utf8),
        f("latitude", Float64),
        f("longitude", Float64),
        f("geo_precision", Int32),
        f("source", Utf8),
        f("notes", Utf8),
        f("fatalities", Int64),
        f("attribution", Utf8),
        f("evidence", Utf8),
        f(
            "rules",
            DataType::List(Arc::new(Field::new("item", Utf8, true))),
        ),
        f("confidence", Float32),
        f("lang", Utf8),
        f("published", Utf8),
        f("url", Utf8),
        f("outlet", Utf8),
        f("diagnostics", Utf8),
        f("error", Utf8),
    ]))
}

/// The schema of `Extractor.extract_batch`'s output, as a `pyarrow.Schema`.
#[pyfunction]
pub fn event_schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let empty = RecordBatch::new_empty(schema());
    PyRecordBatch::new(empty)
        .into_pyarrow(py)?
        .getattr("schema")
}

/// An optional column read as strings.
fn string_column(rb: &RecordBatch, name: &str) -> PyResult<Option<StringArray>> {
    let Ok(i) = rb.schema().index_of(name) else {
        return Ok(None);
    };
    let col = rb.column(i);
    let cast = arrow_cast::cast(col, &DataType::Utf8).map_err(|e| {
        PyTypeError::new_err(format!(
            "column {name:?} has type {} which cannot be read as text: {e}",
            col.data_type()
        ))
    })?;
    Ok(Some(cast.as_string::<i32>().clone()))
}

/// The text of one row: `Err` with the reason when it cannot be used.
type TextOf<'a> = Box<dyn Fn(usize) -> Result<String, String> + 'a>;

fn text_column(col: &ArrayRef) -> PyResult<TextOf<'_>> {
    fn binary(bytes: Option<&[u8]>) -> Result<String, String> {
        let b = bytes.ok_or("text is null")?;
        std::str::from_utf8(b)
            .map(str::to_string)
            .map_err(|e| format!("text is not valid UTF-8: {e}"))
    }
    fn string(s: Option<&str>) -> Result<String, String> {
        s.map(str::to_string)
            .ok_or_else(|| "text is null".to_string())
    }
    let null = |i: usize| col.is_null(i);
    Ok(match col.data_type() {
        DataType::Utf8 => {
            let a = col.as_string::<i32>();
            Box::new(move |i| string((!null(i)).then(|| a.value(i))))
        }
        DataType::LargeUtf8 => {
            let a = col.as_string::<i64>();
            Box::new(move |i| string((!null(i)).then(|| a.value(i))))
        }
        DataType::Utf8View => {
            let a = col.as_string_view();
            Box::new(move |i| string((!null(i)).then(|| a.value(i))))
        }
        DataType::Binary => {
            let a = col.as_binary::<i32>();
            Box::new(move |i| binary((!null(i)).then(|| a.value(i))))
        }
        DataType::LargeBinary => {
            let a = col.as_binary::<i64>();
            Box::new(move |i| binary((!null(i)).then(|| a.value(i))))
        }
        DataType::BinaryView => {
            let a = col.as_binary_view();
            Box::new(move |i| binary((!null(i)).then(|| a.value(i))))
        }
        other => {
            return Err(PyTypeError::new_err(format!(
                "column \"text\" must be string or binary (UTF-8), not {other}"
            )))
        }
    })
}

/// One extractor input per row, or the reason the row cannot be processed.
pub fn inputs(rb: &RecordBatch) -> PyResult<Vec<(String, Result<DocInput, String>)>> {
    let Ok(ti) = rb.schema().index_of("text") else {
        let names: Vec<String> = rb
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        return Err(PyValueError::new_err(format!(
            "batch has no \"text\" column (columns: {})",
            names.join(", ")
        )));
    };
    let text = text_column(rb.column(ti))?;
    let id = string_column(rb, "id")?;
    let published = string_column(rb, "published")?;
    let lang = string_column(rb, "lang")?;
    let url = string_column(rb, "url")?;
    let title = string_column(rb, "title")?;
    let get = |c: &Option<StringArray>, i: usize| {
        c.as_ref()
            .filter(|a| !a.is_null(i))
            .map(|a| a.value(i).to_string())
    };
    Ok((0..rb.num_rows())
        .map(|i| {
            let doc_id = get(&id, i).unwrap_or_else(|| i.to_string());
            let input = text(i).map(|t| {
                args::doc_input(
                    t,
                    Some(doc_id.clone()),
                    get(&title, i),
                    get(&url, i),
                    get(&published, i),
                    get(&lang, i),
                )
            });
            (doc_id, input)
        })
        .collect())
}

/// Column builders of the event table.
struct Columns {
    strings: Vec<StringBuilder>,
    ints: Vec<Int32Builder>,
    fatalities: Int64Builder,
    floats: Vec<Float64Builder>,
    confidence: Float32Builder,
    rules: ListBuilder<StringBuilder>,
}

/// Where each column of [`schema`] lives in [`Columns`].
#[derive(Clone, Copy)]
enum Slot {
    Str(usize),
    Int(usize),
    Fatalities,
    Float(usize),
    Confidence,
    Rules,
}

fn slots() -> Vec<Slot> {
    let (mut s, mut i, mut f) = (0, 0, 0);
    schema()
        .fields()
        .iter()
        .map(|field| match (field.name().as_str(), field.data_type()) {
            ("fatalities", _) => Slot::Fatalities,
            ("confidence", _) => Slot::Confidence,
            ("rules", _) => Slot::Rules,
            (_, DataType::Utf8) => {
                s += 1;
                Slot::Str(s - 1)
            }
            (_, DataType::Int32) => {
                i += 1;
                Slot::Int(i - 1)
            }
            (_, DataType::Float64) => {
                f += 1;
                Slot::Float(f - 1)
            }
            (name, t) => unreachable!("no builder for column {name} of type {t}"),
        })
        .collect()
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("schema values serialise")
}

/// One row's values, in schema order.
#[derive(Default)]
struct Row {
    s: Vec<Option<String>>,
    i: Vec<Option<i32>>,
    f: Vec<Option<f64>>,
    fatalities: Option<i64>,
    confidence: Option<f32>,
    rules: Option<Vec<String>>,
}

fn row(doc_id: &str, doc: Option<&Document>, e: Option<&Event>, error: Option<&str>) -> Row {
    let s = |v: Option<&String>| v.cloned();
    let i = |v: Option<u8>| v.map(i32::from);
    let d = doc;
    Row {
        s: vec![
            Some(doc_id.to_string()),
            e.map(|e| e.event_id.clone()),
            e.and_then(|e| s(e.event_date.as_ref())),
            e.map(|e| e.disorder_type.clone()),
            e.map(|e| e.event_type.clone()),
            e.map(|e| e.sub_event_type.clone()),
            e.and_then(|e| s(e.actor1.as_ref())),
            e.and_then(|e| s(e.assoc_actor_1.as_ref())),
            e.and_then(|e| s(e.actor2.as_ref())),
            e.and_then(|e| s(e.assoc_actor_2.as_ref())),
            e.and_then(|e| s(e.civilian_targeting.as_ref())),
            e.and_then(|e| s(e.iso.as_ref())),
            e.and_then(|e| s(e.country.as_ref())),
            e.and_then(|e| s(e.admin1.as_ref())),
            e.and_then(|e| s(e.admin2.as_ref())),
            e.and_then(|e| s(e.location.as_ref())),
            e.and_then(|e| s(e.source.as_ref())),
            e.map(|e| e.notes.clone()),
            e.map(|e| json(&e.attribution)),
            e.map(|e| json(&e.evidence)),
            d.map(|d| d.lang.clone()),
            d.and_then(|d| s(d.published.as_ref())),
            d.and_then(|d| s(d.source.url.as_ref())),
            d.and_then(|d| s(d.source.outlet.as_ref())),
            d.map(|d| json(&d.diagnostics)),
            error.map(str::to_string),
        ],
        i: vec![
            e.and_then(|e| e.year),
            e.map(|e| i32::from(e.time_precision)),
            e.and_then(|e| i(e.inter1)),
            e.and_then(|e| i(e.inter2)),
            e.and_then(|e| e.interaction.map(i32::from)),
            e.and_then(|e| i(e.geo_precision)),
        ],
        f: vec![e.and_then(|e| e.latitude), e.and_then(|e| e.longitude)],
        fatalities: e.map(|e| i64::from(e.fatalities)),
        confidence: e.map(|e| e.confidence),
        rules: e.map(|e| e.rules.clone()),
    }
}

impl Columns {
    fn new(slots: &[Slot]) -> Columns {
        let count = |p: fn(&Slot) -> bool| slots.iter().filter(|s| p(s)).count();
        Columns {
            strings: (0..count(|s| matches!(s, Slot::Str(_))))
                .map(|_| StringBuilder::new())
                .collect(),
            ints: (0..count(|s| matches!(s, Slot::Int(_))))
                .map(|_| Int32Builder::new())
                .collect(),
            fatalities: Int64Builder::new(),
            floats: (0..count(|s| matches!(s, Slot::Float(_))))
                .map(|_| Float64Builder::new())
                .collect(),
            confidence: Float32Builder::new(),
            rules: ListBuilder::new(StringBuilder::new()),
        }
    }

    fn push(&mut self, r: Row) {
        for (b, v) in self.strings.iter_mut().zip(r.s) {
            b.append_option(v);
        }
        for (b, v) in self.ints.iter_mut().zip(r.i) {
            b.append_option(v);
        }
        for (b, v) in self.floats.iter_mut().zip(r.f) {
            b.append_option(v);
        }
        self.fatalities.append_option(r.fatalities);
        self.confidence.append_option(r.confidence);
        match r.rules {
            Some(rules) => self.rules.append_value(rules.into_iter().map(Some)),
            None => self.rules.append_null(),
        }
    }

    fn finish(mut self, slots: &[Slot]) -> Vec<ArrayRef> {
        slots
            .iter()
            .map(|slot| -> ArrayRef {
                match *slot {
                    Slot::Str(k) => Arc::new(self.strings[k].finish()),
                    Slot::Int(k) => Arc::new(self.ints[k].finish()),
                    Slot::Float(k) => Arc::new(self.floats[k].finish()),
                    Slot::Fatalities => Arc::new(self.fatalities.finish()),
                    Slot::Confidence => Arc::new(self.confidence.finish()),
                    Slot::Rules => Arc::new(self.rules.finish()),
                }
            })
            .collect()
    }
}

/// The event table of processed documents.
pub fn events(
    docs: &[(String, Result<Document, String>)],
    include_empty: bool,
) -> PyResult<RecordBatch> {
    let slots = slots();
    let mut cols = Columns::new(&slots);
    for (id, result) in docs {
        match result {
            Err(msg) => cols.push(row(id, None, None, Some(msg))),
            Ok(doc) => {
                // An `error` diagnostic means the record has no content (see the schema).
                let error = doc
                    .diagnostics
                    .iter()
                    .find(|d| d.level == "error")
                    .map(|d| d.message.as_str());
                for e in &doc.events {
                    cols.push(row(&doc.doc_id, Some(doc), Some(e), error));
                }
                if doc.events.is_empty() && (include_empty || error.is_some()) {
                    cols.push(row(&doc.doc_id, Some(doc), None, error));
                }
            }
        }
    }
    RecordBatch::try_new(schema(), cols.finish(&slots))
        .map_err(|e| PyRuntimeError::new_err(format!("building the event batch: {e}")))
}
