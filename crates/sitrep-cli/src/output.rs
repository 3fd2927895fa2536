//! Output writers, streamed: JSONL document records, ACLED-style CSV (one row per event, the 31
//! columns of the ACLED export in ACLED's order), and GeoJSON (one Point feature per located
//! event and per located place mention, told apart by `properties.kind`).

use std::collections::HashMap;
use std::io::Write;
use std::sync::OnceLock;

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

/// The ACLED export columns, in ACLED's order.
pub const ACLED_COLUMNS: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// ISO 3166-1 numeric codes by alpha-2 (ACLED's `iso` column is numeric).
fn iso_numeric(alpha2: &str) -> Option<u16> {
    static TABLE: OnceLock<HashMap<&'static str, u16>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            include_str!("../data/iso3166-numeric.tsv")
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| {
                    let (a, n) = l.split_once('\t')?;
                    Some((a, n.trim().parse().ok()?))
                })
                .collect()
        })
        .get(alpha2)
        .copied()
}

/// Quotes a CSV field when it needs it (RFC 4180).
fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// The 31 ACLED fields of one event.
pub fn acled_row(ev: &Event, extractor: &Extractor, timestamp: u64) -> Vec<String> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let num = |v: Option<u8>| v.map(|x| x.to_string()).unwrap_or_default();
    let iso2 = ev.iso.as_deref().unwrap_or("");
    vec![
        ev.event_id.clone(),
        opt(&ev.event_date),
        ev.year.map(|y| y.to_string()).unwrap_or_default(),
        ev.time_precision.to_string(),
        ev.disorder_type.clone(),
        ev.event_type.clone(),
        ev.sub_event_type.clone(),
        opt(&ev.actor1),
        opt(&ev.assoc_actor_1),
        num(ev.inter1),
        opt(&ev.actor2),
        opt(&ev.assoc_actor_2),
        num(ev.inter2),
        ev.interaction.map(|x| x.to_string()).unwrap_or_default(),
        opt(&ev.civilian_targeting),
        iso_numeric(iso2).map(|n| n.to_string()).unwrap_or_default(),
        extractor
            .event_coder()
            .acled_region(iso2)
            .unwrap_or("")
            .to_string(),
        opt(&ev.country),
        opt(&ev.admin1),
        opt(&ev.admin2),
        String::new(),
        opt(&ev.location),
        ev.latitude.map(|x| format!("{x:.4}")).unwrap_or_default(),
        ev.longitude.map(|x| format!("{x:.4}")).unwrap_or_default(),
        num(ev.geo_precision),
        opt(&ev.source),
        String::new(),
        ev.notes.clone(),
        ev.fatalities.to_string(),
        String::new(),
        timestamp.to_string(),
    ]
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
        assert_eq!(iso_numeric("SY"), Some(760));
        assert_eq!(iso_numeric("US"), Some(840));
        assert_eq!(iso_numeric("XX"), None);
    }
}
