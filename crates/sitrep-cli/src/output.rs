//! Output writers: JSONL document records and GeoJSON place features, streamed.

use std::io::Write;

use serde_json::{json, Value};
use sitrep_core::Document;

/// The output formats of `extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON document record per line.
    Jsonl,
    /// A GeoJSON FeatureCollection with one Point feature per located place mention.
    Geojson,
}

/// A streaming writer for one output format.
pub struct Writer<W: Write> {
    out: W,
    format: Format,
    features: usize,
}

impl<W: Write> Writer<W> {
    pub fn new(mut out: W, format: Format) -> std::io::Result<Writer<W>> {
        if format == Format::Geojson {
            writeln!(
                out,
                "{{\"type\":\"FeatureCollection\",\"sitrep_schema\":\"{}\",\"attribution\":{},\"features\":[",
                sitrep_core::SCHEMA_VERSION,
                serde_json::to_string(sitrep_gazetteer_data::ATTRIBUTION).expect("string")
            )?;
        }
        Ok(Writer {
            out,
            format,
            features: 0,
        })
    }

    pub fn write(&mut self, doc: &Document) -> std::io::Result<()> {
        match self.format {
            Format::Jsonl => {
                serde_json::to_writer(&mut self.out, doc)?;
                self.out.write_all(b"\n")
            }
            Format::Geojson => {
                for f in place_features(doc) {
                    if self.features > 0 {
                        self.out.write_all(b",\n")?;
                    }
                    serde_json::to_writer(&mut self.out, &f)?;
                    self.features += 1;
                }
                Ok(())
            }
        }
    }

    pub fn finish(mut self) -> std::io::Result<W> {
        if self.format == Format::Geojson {
            self.out.write_all(b"\n]}\n")?;
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

/// GeoJSON features for the located places of a document.
pub fn place_features(doc: &Document) -> Vec<Value> {
    doc.places
        .iter()
        .filter_map(|p| {
            let (lat, lon) = (p.lat?, p.lon?);
            Some(json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "doc_id": doc.doc_id,
                    "kind": "place",
                    "text": p.text,
                    "start": p.start,
                    "end": p.end,
                    "name": p.name,
                    "geonameid": p.geonameid,
                    "country_code": p.country_code,
                    "admin1": p.admin1,
                    "feature": p.feature,
                    "precision": p.precision,
                    "score": p.score,
                    "resolved": p.resolved,
                    "published": doc.published,
                    "url": doc.source.url,
                }
            }))
        })
        .collect()
}
