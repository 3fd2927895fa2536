//! Parquet export of canonical events: ACLED's columns with ACLED's names, typed
//! ([`AcledRow::KINDS`]: whole numbers as `Int64`, coordinates as `Float64`, the rest as
//! strings; an empty field is a null), then `n_sources` (`Int64`) and `source_urls` (a list of
//! strings). Values are the ones the CSV shows: coordinates rounded to four decimals. Written
//! in row groups of [`ROWS_PER_GROUP`], so memory stays flat; Snappy-compressed.

use std::io::Write;
use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::acled::{AcledRow, CanonicalRow, Cell, Kind, COLUMNS, EXTRA_COLUMNS};
use crate::columns::Builder;
use crate::FormatError;

/// Rows buffered before a row group is written.
pub const ROWS_PER_GROUP: usize = 8192;

/// The Arrow schema of the file.
pub fn schema() -> SchemaRef {
    let mut fields: Vec<Field> = COLUMNS
        .iter()
        .zip(AcledRow::KINDS)
        .map(|(name, kind)| {
            let t = match kind {
                Kind::Text => DataType::Utf8,
                Kind::Int => DataType::Int64,
                Kind::Coordinate => DataType::Float64,
            };
            Field::new(*name, t, true)
        })
        .collect();
    fields.push(Field::new(EXTRA_COLUMNS[0], DataType::Int64, false));
    fields.push(Field::new(
        EXTRA_COLUMNS[1],
        DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
        false,
    ));
    Arc::new(Schema::new(fields))
}

/// Appends a cell to its column's builder (of the cell's kind).
fn append(builder: &mut Builder, cell: Cell<'_>) {
    match (builder, cell) {
        (Builder::Text(b), Cell::Text(t)) => b.append_option(t.filter(|t| !t.is_empty())),
        (Builder::Int64(b), Cell::Int(n)) => b.append_option(n),
        // The value the CSV shows, four decimals.
        (Builder::Float64(b), Cell::Coordinate(x)) => {
            b.append_option(x.and_then(|x| format!("{x:.4}").parse().ok()))
        }
        _ => unreachable!("a column's builder follows its kind"),
    }
}

/// A streaming writer of canonical-event rows.
pub struct CanonicalParquet<W: Write + Send> {
    writer: ArrowWriter<W>,
    schema: SchemaRef,
    /// A builder per column of [`schema`].
    columns: Vec<Builder>,
    rows: usize,
}

impl<W: Write + Send> std::fmt::Debug for CanonicalParquet<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CanonicalParquet")
            .field("rows", &self.rows)
            .finish_non_exhaustive()
    }
}

impl<W: Write + Send> CanonicalParquet<W> {
    pub fn new(out: W) -> Result<CanonicalParquet<W>, FormatError> {
        let schema = schema();
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        Ok(CanonicalParquet {
            writer: ArrowWriter::try_new(out, schema.clone(), Some(props))?,
            columns: schema
                .fields()
                .iter()
                .map(|f| Builder::new(f.data_type()))
                .collect(),
            schema,
            rows: 0,
        })
    }

    /// Adds a row.
    pub fn push(&mut self, row: &CanonicalRow<'_>) -> Result<(), FormatError> {
        let (acled, extra) = self.columns.split_at_mut(COLUMNS.len());
        for (column, cell) in acled.iter_mut().zip(row.acled.cells()) {
            append(column, cell);
        }
        let [Builder::Int64(n_sources), Builder::TextList(source_urls)] = extra else {
            unreachable!("the schema ends with n_sources and source_urls");
        };
        n_sources.append_value(i64::try_from(row.n_sources).unwrap_or(i64::MAX));
        source_urls.append_value(row.source_urls.iter().map(|u| Some(*u)));
        self.rows += 1;
        if self.rows >= ROWS_PER_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), FormatError> {
        if self.rows == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self.columns.iter_mut().map(Builder::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays)?;
        self.writer.write(&batch)?;
        self.rows = 0;
        Ok(())
    }

    /// Writes the last row group and the file footer, and hands the output back.
    pub fn finish(mut self) -> Result<W, FormatError> {
        self.flush()?;
        Ok(self.writer.into_inner()?)
    }
}

#[cfg(test)]
mod tests {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float64Type, Int64Type};
    use arrow_array::Array;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use sitrep_schema::{CanonicalEvent, Event, SourceRef};

    use super::*;

    fn canonical(id: i64, lat: Option<f64>) -> CanonicalEvent {
        let event = Event {
            event_id: format!("d-{id}"),
            iso: Some("SY".into()),
            latitude: lat,
            longitude: lat,
            fatalities: 3,
            ..Event::default()
        };
        let source = SourceRef {
            doc_id: format!("doc{id}"),
            url: None,
            outlet: None,
            published: None,
            event_id: format!("d-{id}"),
            fatalities: 3,
            rule: "first-report".into(),
            score: None,
        };
        CanonicalEvent {
            id,
            event,
            sources: vec![source],
        }
    }

    #[test]
    fn typed_columns_across_row_groups() {
        let events: Vec<CanonicalEvent> = (0..ROWS_PER_GROUP as i64 + 5)
            .map(|i| canonical(i, (i % 2 == 0).then_some(36.123456)))
            .collect();
        let file = tempfile::tempfile().unwrap();
        let mut w = CanonicalParquet::new(file.try_clone().unwrap()).unwrap();
        for c in &events {
            w.push(&CanonicalRow::new(c, Some("Middle East"), 1_700_000_000))
                .unwrap();
        }
        w.finish().unwrap();
        let reader = ParquetRecordBatchReaderBuilder::try_new(file)
            .unwrap()
            .build()
            .unwrap();
        let batches: Vec<RecordBatch> = reader.map(Result::unwrap).collect();
        assert_eq!(
            batches.iter().map(RecordBatch::num_rows).sum::<usize>(),
            events.len()
        );
        let b = &batches[0];
        assert_eq!(b.schema(), schema());
        let col = |name: &str| b.column(b.schema().index_of(name).unwrap()).clone();
        assert_eq!(col("iso").as_primitive::<Int64Type>().value(0), 760);
        assert_eq!(
            col("timestamp").as_primitive::<Int64Type>().value(1),
            1_700_000_000
        );
        let lat = col("latitude");
        assert_eq!(lat.as_primitive::<Float64Type>().value(0), 36.1235);
        assert!(lat.is_null(1));
        // An empty text is a null, not "".
        assert!(col("notes").is_null(0));
        assert_eq!(col("region").as_string::<i32>().value(0), "Middle East");
        assert_eq!(col("n_sources").as_primitive::<Int64Type>().value(0), 1);
        let urls = col("source_urls");
        assert_eq!(
            urls.as_list::<i32>().value(3).as_string::<i32>().value(0),
            "doc3"
        );
    }
}
