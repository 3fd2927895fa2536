//! GeoJSON: FeatureCollections of located events and places, one Point feature each.
//!
//! Every collection opens with `sitrep_schema` (the record schema version) and the gazetteer's
//! `attribution` (GeoNames' licence asks for it), then its features:
//!
//! - `sitrep extract --format geojson`: [`document_features`], a feature per located event
//!   (`properties`: the event record, plus `kind: "event"`, `doc_id`, `url`) and per located
//!   place mention (`kind: "place"`);
//! - `sitrep export --format geojson`: [`canonical_feature`], the merged event record plus
//!   `kind`, `canonical_id`, `n_sources` and its `sources`;
//! - `GET /v1/events.geojson` (the web map): [`map_feature`], the few fields a map shows
//!   ([`MapEvent`]), with the canonical id as the feature `id`.
//!
//! Files put one feature per line ([`Layout::Lines`]); the API answers on one line
//! ([`Layout::Compact`]). Properties are written in key order (serde_json's map).

use std::io::{self, Write};

use serde_json::{json, Value};
use sitrep_schema::{CanonicalEvent, Document, SCHEMA_VERSION};

/// How a collection is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A feature per line, for files: `grep` and `head` work on them.
    Lines,
    /// One line, for HTTP responses.
    Compact,
}

/// A FeatureCollection written feature by feature: memory stays flat however many there are.
#[derive(Debug)]
pub struct FeatureWriter<W: Write> {
    out: W,
    layout: Layout,
    features: usize,
}

impl<W: Write> FeatureWriter<W> {
    /// Writes the opening of the collection; `attribution` is the gazetteer's
    /// (`sitrep_gazetteer_data::ATTRIBUTION`).
    pub fn new(mut out: W, attribution: &str, layout: Layout) -> io::Result<FeatureWriter<W>> {
        write!(
            out,
            "{{\"type\":\"FeatureCollection\",\"sitrep_schema\":\"{SCHEMA_VERSION}\",\"attribution\":{},\"features\":[",
            Value::from(attribution)
        )?;
        if layout == Layout::Lines {
            out.write_all(b"\n")?;
        }
        Ok(FeatureWriter {
            out,
            layout,
            features: 0,
        })
    }

    /// Adds one feature.
    pub fn push(&mut self, feature: &Value) -> io::Result<()> {
        if self.features > 0 {
            self.out.write_all(match self.layout {
                Layout::Lines => b",\n",
                Layout::Compact => b",",
            })?;
        }
        serde_json::to_writer(&mut self.out, feature)?;
        self.features += 1;
        Ok(())
    }

    /// How many features were written.
    pub fn len(&self) -> usize {
        self.features
    }

    /// Whether no feature was written.
    pub fn is_empty(&self) -> bool {
        self.features == 0
    }

    /// Closes the collection and hands the writer back (not flushed).
    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(match self.layout {
            Layout::Lines => b"\n]}\n",
            Layout::Compact => b"]}",
        })?;
        Ok(self.out)
    }
}

/// A Point feature.
fn point(lon: f64, lat: f64, properties: Value) -> Value {
    json!({
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": properties,
    })
}

/// A record as JSON properties. The schema's types always serialise (no map has other keys
/// than strings).
fn properties<T: serde::Serialize>(record: &T) -> Value {
    serde_json::to_value(record).expect("schema records serialise to JSON")
}

/// The features of a document record: its located events, then its located place mentions.
pub fn document_features(doc: &Document) -> impl Iterator<Item = Value> + '_ {
    let events = doc.events.iter().filter_map(|e| {
        let (lat, lon) = (e.latitude?, e.longitude?);
        let mut props = properties(e);
        props["kind"] = json!("event");
        props["doc_id"] = json!(doc.doc_id);
        props["url"] = json!(doc.source.url);
        Some(point(lon, lat, props))
    });
    let places = doc.places.iter().filter_map(|p| {
        let (lat, lon) = (p.lat?, p.lon?);
        Some(point(
            lon,
            lat,
            json!({
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
            }),
        ))
    });
    events.chain(places)
}

/// The feature of a canonical event, if it is located.
pub fn canonical_feature(c: &CanonicalEvent) -> Option<Value> {
    let (lat, lon) = (c.event.latitude?, c.event.longitude?);
    let mut props = properties(&c.event);
    props["kind"] = json!("event");
    props["canonical_id"] = json!(c.id);
    props["n_sources"] = json!(c.sources.len());
    props["sources"] = properties(&c.sources);
    Some(point(lon, lat, props))
}

/// What a map shows of a located canonical event: the store reads these fields alone, without
/// parsing the record.
#[derive(Debug, Clone, PartialEq)]
pub struct MapEvent {
    pub id: i64,
    pub event_date: Option<String>,
    pub event_type: String,
    pub sub_event_type: String,
    pub disorder_type: Option<String>,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub location: Option<String>,
    pub latitude: f64,
    pub longitude: f64,
    pub fatalities: i64,
    pub geo_precision: Option<i64>,
    pub n_sources: i64,
    pub notes: Option<String>,
}

/// The map feature of a canonical event: its id is the feature's `id` too.
pub fn map_feature(m: &MapEvent) -> Value {
    let mut f = point(
        m.longitude,
        m.latitude,
        json!({
            "id": m.id,
            "event_date": m.event_date,
            "event_type": m.event_type,
            "sub_event_type": m.sub_event_type,
            "disorder_type": m.disorder_type,
            "actor1": m.actor1,
            "actor2": m.actor2,
            "country": m.country,
            "admin1": m.admin1,
            "location": m.location,
            "fatalities": m.fatalities,
            "geo_precision": m.geo_precision,
            "n_sources": m.n_sources,
            "notes": m.notes,
        }),
    );
    f["id"] = json!(m.id);
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collection(layout: Layout, features: &[Value]) -> String {
        let mut w = FeatureWriter::new(Vec::new(), "GeoNames (CC BY 4.0)", layout).unwrap();
        for f in features {
            w.push(f).unwrap();
        }
        assert_eq!(w.len(), features.len());
        String::from_utf8(w.finish().unwrap()).unwrap()
    }

    #[test]
    fn layouts() {
        let head = format!(
            "{{\"type\":\"FeatureCollection\",\"sitrep_schema\":\"{SCHEMA_VERSION}\",\"attribution\":\"GeoNames (CC BY 4.0)\",\"features\":["
        );
        let f = point(1.5, 2.0, json!({"kind": "place"}));
        let one = r#"{"geometry":{"coordinates":[1.5,2.0],"type":"Point"},"properties":{"kind":"place"},"type":"Feature"}"#;
        assert_eq!(collection(Layout::Lines, &[]), format!("{head}\n\n]}}\n"));
        assert_eq!(
            collection(Layout::Lines, &[f.clone(), f.clone()]),
            format!("{head}\n{one},\n{one}\n]}}\n")
        );
        assert_eq!(collection(Layout::Compact, &[]), format!("{head}]}}"));
        assert_eq!(
            collection(Layout::Compact, &[f.clone(), f]),
            format!("{head}{one},{one}]}}")
        );
        // The whole collection is GeoJSON.
        let v: Value = serde_json::from_str(&collection(Layout::Lines, &[])).unwrap();
        assert_eq!(v["type"], "FeatureCollection");
    }

    #[test]
    fn a_map_feature_carries_its_id_twice() {
        let m = MapEvent {
            id: 3,
            event_date: Some("2024-03-01".into()),
            event_type: "Battles".into(),
            sub_event_type: "Armed clash".into(),
            disorder_type: None,
            actor1: None,
            actor2: None,
            country: Some("Syria".into()),
            admin1: None,
            location: None,
            latitude: 36.2,
            longitude: 37.16,
            fatalities: 4,
            geo_precision: Some(1),
            n_sources: 2,
            notes: None,
        };
        let f = map_feature(&m);
        assert_eq!(f["id"], 3);
        assert_eq!(f["properties"]["id"], 3);
        assert_eq!(f["geometry"]["coordinates"], json!([37.16, 36.2]));
        assert_eq!(f["properties"]["n_sources"], 2);
    }
}
