//! Arrow in, Arrow out: the input columns of Python's `Extractor.extract_batch` and the event
//! table it returns.
//!
//! Input ([`doc_inputs`]): a record batch with a `text` column (string, large string, string
//! view, or binary holding UTF-8) and optional `id`, `published`, `lang`, `url`, `title` columns
//! (any type Arrow can cast to string: an integer id, a `date32` published...). A missing `id`
//! column gives each row its index in the batch as id.
//!
//! Output ([`event_table`], schema [`event_schema`]): one row per event, in document order then
//! event order; with `include_empty`, one row (event columns null) for each document without
//! events, so every input row is accounted for. A document that could not be processed (null
//! text, binary text that is not UTF-8, a panic in the core) becomes a row whose `error` column
//! says why; it never fails the batch. Integers are signed (Spark has no unsigned types);
//! nested values (`attribution`, `evidence`, `diagnostics`, and schema 1.1's `claim` and
//! `framing`, the last two columns) are JSON strings in the record's
//! layout. The columns are listed once, in [`EVENT_COLUMNS`], each with its type and value.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use sitrep_schema::{DocInput, Document, Event, Source};

use crate::columns::Builder;
use crate::FormatError;

/// What one row of the event table is made from.
#[derive(Debug, Clone, Copy)]
pub struct EventRow<'a> {
    pub doc_id: &'a str,
    /// The record, when the document could be processed.
    pub doc: Option<&'a Document>,
    /// The event; `None` on the row of a document without events.
    pub event: Option<&'a Event>,
    /// Why the document has no content, if it has none.
    pub error: Option<&'a str>,
}

/// A column of the event table: its Arrow type and how a row's value is read.
#[derive(Clone, Copy)]
pub enum Column {
    Text(fn(&EventRow<'_>) -> Option<String>),
    Int32(fn(&EventRow<'_>) -> Option<i32>),
    Int64(fn(&EventRow<'_>) -> Option<i64>),
    Float32(fn(&EventRow<'_>) -> Option<f32>),
    Float64(fn(&EventRow<'_>) -> Option<f64>),
    TextList(fn(&EventRow<'_>) -> Option<Vec<String>>),
}

fn json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).expect("schema records serialise to JSON")
}

fn text(v: Option<&String>) -> Option<String> {
    v.cloned()
}

/// The event table's columns, in order, with the value of each.
pub const EVENT_COLUMNS: [(&str, Column); 39] = {
    use Column::{Float32, Float64, Int32, Int64, Text, TextList};
    [
        ("doc_id", Text(|r| Some(r.doc_id.to_string()))),
        ("event_id", Text(|r| r.event.map(|e| e.event_id.clone()))),
        (
            "event_date",
            Text(|r| r.event.and_then(|e| text(e.event_date.as_ref()))),
        ),
        ("year", Int32(|r| r.event.and_then(|e| e.year))),
        (
            "time_precision",
            Int32(|r| r.event.map(|e| i32::from(e.time_precision))),
        ),
        (
            "disorder_type",
            Text(|r| r.event.map(|e| e.disorder_type.clone())),
        ),
        (
            "event_type",
            Text(|r| r.event.map(|e| e.event_type.clone())),
        ),
        (
            "sub_event_type",
            Text(|r| r.event.map(|e| e.sub_event_type.clone())),
        ),
        (
            "actor1",
            Text(|r| r.event.and_then(|e| text(e.actor1.as_ref()))),
        ),
        (
            "assoc_actor_1",
            Text(|r| r.event.and_then(|e| text(e.assoc_actor_1.as_ref()))),
        ),
        (
            "inter1",
            Int32(|r| r.event.and_then(|e| e.inter1.map(i32::from))),
        ),
        (
            "actor2",
            Text(|r| r.event.and_then(|e| text(e.actor2.as_ref()))),
        ),
        (
            "assoc_actor_2",
            Text(|r| r.event.and_then(|e| text(e.assoc_actor_2.as_ref()))),
        ),
        (
            "inter2",
            Int32(|r| r.event.and_then(|e| e.inter2.map(i32::from))),
        ),
        (
            "interaction",
            Int32(|r| r.event.and_then(|e| e.interaction.map(i32::from))),
        ),
        (
            "civilian_targeting",
            Text(|r| r.event.and_then(|e| text(e.civilian_targeting.as_ref()))),
        ),
        ("iso", Text(|r| r.event.and_then(|e| text(e.iso.as_ref())))),
        (
            "country",
            Text(|r| r.event.and_then(|e| text(e.country.as_ref()))),
        ),
        (
            "admin1",
            Text(|r| r.event.and_then(|e| text(e.admin1.as_ref()))),
        ),
        (
            "admin2",
            Text(|r| r.event.and_then(|e| text(e.admin2.as_ref()))),
        ),
        (
            "location",
            Text(|r| r.event.and_then(|e| text(e.location.as_ref()))),
        ),
        ("latitude", Float64(|r| r.event.and_then(|e| e.latitude))),
        ("longitude", Float64(|r| r.event.and_then(|e| e.longitude))),
        (
            "geo_precision",
            Int32(|r| r.event.and_then(|e| e.geo_precision.map(i32::from))),
        ),
        (
            "source",
            Text(|r| r.event.and_then(|e| text(e.source.as_ref()))),
        ),
        ("notes", Text(|r| r.event.map(|e| e.notes.clone()))),
        (
            "fatalities",
            Int64(|r| r.event.map(|e| i64::from(e.fatalities))),
        ),
        (
            "attribution",
            Text(|r| r.event.map(|e| json(&e.attribution))),
        ),
        ("evidence", Text(|r| r.event.map(|e| json(&e.evidence)))),
        ("rules", TextList(|r| r.event.map(|e| e.rules.clone()))),
        ("confidence", Float32(|r| r.event.map(|e| e.confidence))),
        ("lang", Text(|r| r.doc.map(|d| d.lang.clone()))),
        (
            "published",
            Text(|r| r.doc.and_then(|d| text(d.published.as_ref()))),
        ),
        (
            "url",
            Text(|r| r.doc.and_then(|d| text(d.source.url.as_ref()))),
        ),
        (
            "outlet",
            Text(|r| r.doc.and_then(|d| text(d.source.outlet.as_ref()))),
        ),
        ("diagnostics", Text(|r| r.doc.map(|d| json(&d.diagnostics)))),
        ("error", Text(|r| r.error.map(str::to_string))),
        // Schema 1.1, added at the end.
        ("claim", Text(|r| r.event.map(|e| json(&e.claim)))),
        ("framing", Text(|r| r.doc.map(|d| json(&d.framing)))),
    ]
};

impl Column {
    fn data_type(&self) -> DataType {
        match self {
            Column::Text(_) => DataType::Utf8,
            Column::Int32(_) => DataType::Int32,
            Column::Int64(_) => DataType::Int64,
            Column::Float32(_) => DataType::Float32,
            Column::Float64(_) => DataType::Float64,
            Column::TextList(_) => {
                DataType::List(Arc::new(Field::new("item", DataType::Utf8, true)))
            }
        }
    }
}

/// The event table's schema: every column nullable.
pub fn event_schema() -> SchemaRef {
    Arc::new(Schema::new(
        EVENT_COLUMNS
            .iter()
            .map(|(name, column)| Field::new(*name, column.data_type(), true))
            .collect::<Vec<_>>(),
    ))
}

/// Appends a row's value of `column` to its builder (of the column's type).
fn append(builder: &mut Builder, column: &Column, row: &EventRow<'_>) {
    match (builder, column) {
        (Builder::Text(b), Column::Text(f)) => b.append_option(f(row)),
        (Builder::Int32(b), Column::Int32(f)) => b.append_option(f(row)),
        (Builder::Int64(b), Column::Int64(f)) => b.append_option(f(row)),
        (Builder::Float32(b), Column::Float32(f)) => b.append_option(f(row)),
        (Builder::Float64(b), Column::Float64(f)) => b.append_option(f(row)),
        (Builder::TextList(b), Column::TextList(f)) => match f(row) {
            Some(items) => b.append_value(items.into_iter().map(Some)),
            None => b.append_null(),
        },
        _ => unreachable!("a column's builder follows its type"),
    }
}

/// The event table of processed documents: `(id, record or the reason there is none)` per
/// input row, in input order.
pub fn event_table(
    docs: &[(String, Result<Document, String>)],
    include_empty: bool,
) -> Result<RecordBatch, FormatError> {
    let mut builders: Vec<Builder> = EVENT_COLUMNS
        .iter()
        .map(|(_, c)| Builder::new(&c.data_type()))
        .collect();
    let mut push = |row: EventRow<'_>| {
        for (b, (_, column)) in builders.iter_mut().zip(&EVENT_COLUMNS) {
            append(b, column, &row);
        }
    };
    for (id, result) in docs {
        match result {
            Err(msg) => push(EventRow {
                doc_id: id,
                doc: None,
                event: None,
                error: Some(msg),
            }),
            Ok(doc) => {
                // An `error` diagnostic means the record has no content (see the schema).
                let error = doc
                    .diagnostics
                    .iter()
                    .find(|d| d.level == "error")
                    .map(|d| d.message.as_str());
                let row = |event| EventRow {
                    doc_id: &doc.doc_id,
                    doc: Some(doc),
                    event,
                    error,
                };
                for e in &doc.events {
                    push(row(Some(e)));
                }
                if doc.events.is_empty() && (include_empty || error.is_some()) {
                    push(row(None));
                }
            }
        }
    }
    let arrays = builders.iter_mut().map(Builder::finish).collect();
    Ok(RecordBatch::try_new(event_schema(), arrays)?)
}

/// An optional input column read as strings.
fn string_column(rb: &RecordBatch, name: &str) -> Result<Option<StringArray>, FormatError> {
    let Ok(i) = rb.schema().index_of(name) else {
        return Ok(None);
    };
    let col = rb.column(i);
    let cast = arrow_cast::cast(col, &DataType::Utf8).map_err(|e| {
        FormatError::ColumnType(format!(
            "column {name:?} has type {} which cannot be read as text: {e}",
            col.data_type()
        ))
    })?;
    Ok(Some(cast.as_string::<i32>().clone()))
}

/// The text of one row: `Err` with the reason when it cannot be used.
type TextOf<'a> = Box<dyn Fn(usize) -> Result<String, String> + 'a>;

fn text_column(col: &ArrayRef) -> Result<TextOf<'_>, FormatError> {
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
            return Err(FormatError::ColumnType(format!(
                "column \"text\" must be string or binary (UTF-8), not {other}"
            )))
        }
    })
}

/// One extractor input per row, with the row's id, or the reason the row cannot be
/// processed.
#[allow(clippy::type_complexity)] // a pair per row, as `event_table` takes them back
pub fn doc_inputs(
    rb: &RecordBatch,
) -> Result<Vec<(String, Result<DocInput, String>)>, FormatError> {
    let Ok(ti) = rb.schema().index_of("text") else {
        let names: Vec<String> = rb
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        return Err(FormatError::NoTextColumn(names.join(", ")));
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
            let input = text(i).map(|t| DocInput {
                title: get(&title, i),
                published: get(&published, i),
                lang: get(&lang, i),
                source: Source {
                    url: get(&url, i),
                    ..Source::default()
                },
                ..DocInput::new(doc_id.clone(), t)
            });
            (doc_id, input)
        })
        .collect())
}
