//! The valid store that `store_open` damages: documents with places and events built field by
//! field (no extractor, so the reader targets build without the language models), so that the
//! file's pages hold documents, events, sentences (FTS5) and coordinates (R*Tree).

use sitrep_schema::{Document, Event, PlaceMention, Source, Span, SCHEMA_VERSION};
use sitrep_store::{Store, TextFacts};

const TEXTS: &[(&str, &str, f64, f64)] = &[
    (
        "Air strikes hit Aleppo on Monday, killing three civilians.",
        "Aleppo",
        36.2,
        37.16,
    ),
    (
        "Clashes near Idlib left five fighters dead on Tuesday.",
        "Idlib",
        35.93,
        36.63,
    ),
    (
        "Protesters gathered in Mosul to demand jobs.",
        "Mosul",
        36.34,
        43.13,
    ),
    (
        "Shelling of Kherson killed two people overnight.",
        "Kherson",
        46.64,
        32.61,
    ),
];

/// `n` documents (cycling through the texts), ready for [`Store::ingest`].
pub fn sample_docs(n: usize) -> Vec<(Document, TextFacts)> {
    (0..n)
        .map(|i| {
            let (text, place, lat, lon) = TEXTS[i % TEXTS.len()];
            let start = text.find(place).unwrap_or(0);
            let span = Span {
                start,
                end: start + place.len(),
                text: place.to_string(),
            };
            let event = Event {
                event_id: format!("E{i}"),
                event_date: Some(format!("2024-03-{:02}", 1 + i % 28)),
                year: Some(2024),
                time_precision: 1,
                disorder_type: "Political violence".into(),
                event_type: "Battles".into(),
                sub_event_type: "Armed clash".into(),
                actor1: Some("Military Forces of Syria (2000-)".into()),
                country: Some("Syria".into()),
                location: Some(place.into()),
                latitude: Some(lat),
                longitude: Some(lon),
                geo_precision: Some(1),
                fatalities: (i % 5) as u32,
                evidence: sitrep_schema::Evidence {
                    place: Some(span.clone()),
                    ..Default::default()
                },
                ..Default::default()
            };
            let doc = Document {
                schema_version: SCHEMA_VERSION.to_string(),
                doc_id: format!("doc-{i}"),
                source: Source {
                    url: Some(format!("https://outlet{}.example/{i}", i % 3)),
                    ..Default::default()
                },
                published: Some("2024-03-05".into()),
                lang: "en".into(),
                title: Some(place.into()),
                places: vec![PlaceMention {
                    start: span.start,
                    end: span.end,
                    text: place.into(),
                    name: place.into(),
                    geonameid: None,
                    lat: Some(lat),
                    lon: Some(lon),
                    country_code: Some("SY".into()),
                    admin1: None,
                    feature: Some("P.PPL".into()),
                    precision: 1,
                    score: 0.9,
                    resolved: true,
                    qualifier: None,
                    anchor: None,
                }],
                events: vec![event],
                diagnostics: Vec::new(),
                framing: Default::default(),
            };
            (doc, TextFacts::new(text, &[0..text.len()], None))
        })
        .collect()
}

/// The bytes of a store file holding [`sample_docs`]`(8)`.
pub fn sample_store() -> Vec<u8> {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("base.db");
    {
        let mut store = Store::open(&path).expect("new store");
        store.ingest(&sample_docs(8)).expect("ingest");
    }
    std::fs::read(&path).expect("store file")
}
