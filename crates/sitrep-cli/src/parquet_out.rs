//! Parquet export of canonical events: ACLED's columns with ACLED's names, typed (integers,
//! floats, strings; empty fields are nulls), then `n_sources` and `source_urls` (a list).
//! Written in row groups of [`ROWS_PER_GROUP`] so memory stays flat.

use std::fs::File;
use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::output::ACLED_COLUMNS;

/// Rows buffered before a row group is written.
pub const ROWS_PER_GROUP: usize = 8192;

fn column_type(name: &str) -> DataType {
    match name {
        "year" | "time_precision" | "inter1" | "inter2" | "interaction" | "iso"
        | "geo_precision" | "fatalities" | "timestamp" | "n_sources" => DataType::Int64,
        "latitude" | "longitude" => DataType::Float64,
        _ => DataType::Utf8,
    }
}

/// A streaming writer of canonical-event rows.
pub struct CanonicalParquet {
    writer: ArrowWriter<File>,
    schema: SchemaRef,
    rows: Vec<Vec<String>>,
    urls: Vec<Vec<String>>,
}

impl CanonicalParquet {
    pub fn new(file: File) -> anyhow::Result<CanonicalParquet> {
        let mut fields: Vec<Field> = ACLED_COLUMNS
            .iter()
            .chain(["n_sources"].iter())
            .map(|c| Field::new(*c, column_type(c), *c != "n_sources"))
            .collect();
        fields.push(Field::new(
            "source_urls",
            DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
            false,
        ));
        let schema = Arc::new(Schema::new(fields));
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        let writer = ArrowWriter::try_new(file, schema.clone(), Some(props))?;
        Ok(CanonicalParquet {
            writer,
            schema,
            rows: Vec::new(),
            urls: Vec::new(),
        })
    }

    /// Adds a row: the ACLED fields then `n_sources` (as `canonical_row` gives them; a trailing
    /// `source_urls` string field is ignored) and the source URLs.
    pub fn push(&mut self, mut row: Vec<String>, urls: Vec<String>) -> anyhow::Result<()> {
        row.truncate(ACLED_COLUMNS.len() + 1);
        self.rows.push(row);
        self.urls.push(urls);
        if self.rows.len() >= ROWS_PER_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let mut columns: Vec<ArrayRef> = Vec::new();
        for (i, field) in self
            .schema
            .fields()
            .iter()
            .enumerate()
            .take(ACLED_COLUMNS.len() + 1)
        {
            let cells = self
                .rows
                .iter()
                .map(|r| r.get(i).map(String::as_str).filter(|s| !s.is_empty()));
            let array: ArrayRef = match field.data_type() {
                DataType::Int64 => Arc::new(
                    cells
                        .map(|c| c.and_then(|s| s.parse::<i64>().ok()))
                        .collect::<Int64Array>(),
                ),
                DataType::Float64 => Arc::new(
                    cells
                        .map(|c| c.and_then(|s| s.parse::<f64>().ok()))
                        .collect::<Float64Array>(),
                ),
                _ => Arc::new(cells.collect::<StringArray>()),
            };
            columns.push(array);
        }
        let mut list = ListBuilder::new(StringBuilder::new());
        for urls in &self.urls {
            for u in urls {
                list.values().append_value(u);
            }
            list.append(true);
        }
        columns.push(Arc::new(list.finish()));
        let batch = RecordBatch::try_new(self.schema.clone(), columns)?;
        self.writer.write(&batch)?;
        self.rows.clear();
        self.urls.clear();
        Ok(())
    }

    pub fn finish(mut self) -> anyhow::Result<()> {
        self.flush()?;
        self.writer.close()?;
        Ok(())
    }
}
