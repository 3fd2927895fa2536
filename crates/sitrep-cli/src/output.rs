//! The output formats of `sitrep extract`, streamed: JSONL document records, ACLED CSV (one row
//! per event) and GeoJSON (one Point feature per located event and per located place
//! mention). Their layouts are `sitrep-formats`'.

use std::io::Write;

use sitrep_core::schema::Event;
use sitrep_core::{Document, Extractor};
use sitrep_formats::acled::{self, AcledRow};
use sitrep_formats::geojson::{self, FeatureWriter, Layout};

/// The output formats of `extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON document record per line.
    Jsonl,
    /// A GeoJSON FeatureCollection: located events and place mentions.
    Geojson,
    /// ACLED export columns, one row per event.
    AcledCsv,
}

/// ACLED's region of an event's country (the `region` column), from the event coder's country
/// table.
pub fn acled_region<'e>(extractor: &'e Extractor, ev: &Event) -> Option<&'e str> {
    extractor
        .event_coder()
        .acled_region(ev.iso.as_deref().unwrap_or(""))
}

enum Sink<'e, W: Write> {
    Jsonl(W),
    AcledCsv {
        out: W,
        extractor: &'e Extractor,
        timestamp: u64,
    },
    Geojson(FeatureWriter<W>),
}

/// A streaming writer for one output format.
pub struct Writer<'e, W: Write> {
    sink: Sink<'e, W>,
}

impl<'e, W: Write> Writer<'e, W> {
    /// Writes the format's header; `timestamp` is the export time of the ACLED CSV's
    /// `timestamp` column ([`sitrep_formats::Clock`]).
    pub fn new(
        mut out: W,
        format: Format,
        extractor: &'e Extractor,
        timestamp: u64,
    ) -> std::io::Result<Writer<'e, W>> {
        let sink = match format {
            Format::Jsonl => Sink::Jsonl(out),
            Format::AcledCsv => {
                writeln!(out, "{}", acled::csv_header())?;
                Sink::AcledCsv {
                    out,
                    extractor,
                    timestamp,
                }
            }
            Format::Geojson => Sink::Geojson(FeatureWriter::new(
                out,
                sitrep_gazetteer_data::ATTRIBUTION,
                Layout::Lines,
            )?),
        };
        Ok(Writer { sink })
    }

    pub fn write(&mut self, doc: &Document) -> std::io::Result<()> {
        match &mut self.sink {
            Sink::Jsonl(out) => {
                serde_json::to_writer(&mut *out, doc)?;
                out.write_all(b"\n")
            }
            Sink::AcledCsv {
                out,
                extractor,
                timestamp,
            } => {
                for ev in &doc.events {
                    let row = AcledRow::new(ev, acled_region(extractor, ev), *timestamp);
                    writeln!(out, "{}", row.csv_line())?;
                }
                Ok(())
            }
            Sink::Geojson(features) => {
                for f in geojson::document_features(doc) {
                    features.push(&f)?;
                }
                Ok(())
            }
        }
    }

    pub fn finish(self) -> std::io::Result<W> {
        let mut out = match self.sink {
            Sink::Jsonl(out) | Sink::AcledCsv { out, .. } => out,
            Sink::Geojson(features) => features.finish()?,
        };
        out.flush()?;
        Ok(out)
    }
}
