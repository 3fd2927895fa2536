//! Output writers, streamed: JSONL document records, ACLED-style CSV (one row per event, the 31
//! columns of the ACLED export in ACLED's order), and GeoJSON (one Point feature per located
//! event and per located place mention, told apart by `properties.kind`).

use std::io::Write;

use serde_json::{json, Value};
use sitrep_core::schema::Event;
use sitrep_core::{Document, Extractor};

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

// The ACLED columns and row writer live in the store crate, shared with `sitrep export` and
// `sitrep serve` (`/v1/events?format=csv`).
use sitrep_store::query::csv_field;
pub use sitrep_store::query::ACLED_COLUMNS;

/// The 31 ACLED fields of one event.
pub fn acled_row(ev: &Event, extractor: &Extractor, timestamp: u64) -> Vec<String> {
    let region = extractor
        .event_coder()
        .acled_region(ev.iso.as_deref().unwrap_or(""));
    sitrep_store::query::acled_row(ev, region, timestamp)
}

/// A streaming writer for one output format.
pub struct Writer<'e, W: Write> {
    out: W,
    format: Format,
    features: usize,
    extractor: &'e Extractor,
    timestamp: u64,
}

impl<'e, W: Write> Writer<'e, W> {
    pub fn new(
        mut out: W,
        format: Format,
        extractor: &'e Extractor,
    ) -> std::io::Result<Writer<'e, W>> {
        if format == Format::AcledCsv {
            writeln!(out, "{}", ACLED_COLUMNS.join(","))?;
        }
        if format == Format::Geojson {
            writeln!(
                out,
                "{{\"type\":\"FeatureCollection\",\"sitrep_schema\":\"{}\",\"attribution\":{},\"features\":[",
                sitrep_core::SCHEMA_VERSION,
                serde_json::to_string(sitrep_gazetteer_data::ATTRIBUTION).expect("string")
            )?;
        }
        let timestamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Ok(Writer {
            out,
            format,
            features: 0,
            extractor,
            timestamp,
        })
    }

    pub fn write(&mut self, doc: &Document) -> std::io::Result<()> {
        match self.format {
            Format::Jsonl => {
                serde_json::to_writer(&mut self.out, doc)?;
                self.out.write_all(b"\n")
            }
            Format::AcledCsv => {
                for ev in &doc.events {
                    let row: Vec<String> = acled_row(ev, self.extractor, self.timestamp)
                        .iter()
                        .map(|f| csv_field(f))
                        .collect();
                    writeln!(self.out, "{}", row.join(","))?;
                }
                Ok(())
            }
            Format::Geojson => {
                for f in event_features(doc).into_iter().chain(place_features(doc)) {
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

/// GeoJSON features for the located events of a document.
pub fn event_features(doc: &Document) -> Vec<Value> {
    doc.events
        .iter()
        .filter_map(|e| {
            let (lat, lon) = (e.latitude?, e.longitude?);
            let mut props = serde_json::to_value(e).ok()?;
            props["kind"] = json!("event");
            props["doc_id"] = json!(doc.doc_id);
            props["url"] = json!(doc.source.url);
            Some(json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": props,
            }))
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn numeric_iso_codes() {
        use sitrep_store::query::iso_numeric;
        assert_eq!(iso_numeric("SY"), Some(760));
        assert_eq!(iso_numeric("US"), Some(840));
        assert_eq!(iso_numeric("XX"), None);
    }
}
