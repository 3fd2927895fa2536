//! Shared test helpers: one extractor over the embedded gazetteer per test binary.

use std::sync::{Arc, OnceLock};

use sitrep_core::{DocInput, Document, Extractor, PlaceMention};

pub fn extractor() -> &'static Extractor {
    static E: OnceLock<Extractor> = OnceLock::new();
    E.get_or_init(|| {
        Extractor::new(Arc::new(
            sitrep_gazetteer_data::load().expect("embedded gazetteer"),
        ))
    })
}

pub fn extract(text: &str, lang: Option<&str>, published: Option<&str>) -> Document {
    extractor().extract(DocInput {
        id: "t".into(),
        text: text.into(),
        lang: lang.map(str::to_string),
        published: published.map(str::to_string),
        ..Default::default()
    })
}

#[allow(dead_code)] // not every test binary uses it
pub fn places(text: &str, lang: &str) -> Vec<PlaceMention> {
    extract(text, Some(lang), None).places
}
