//! Shared by the integration tests: the places stage as the pipeline runs it for a document
//! with a declared language, over the embedded gazetteer.

use std::ops::Range;
use std::sync::OnceLock;

use sitrep_gazetteer::Gazetteer;
use sitrep_geo::{GeoParser, GeoText, Lexicons};
use sitrep_schema::PlaceMention;
use sitrep_text::CharOffsets;

/// A parser over the embedded gazetteer and the shipped lexicons, built once per test binary.
pub fn parser() -> GeoParser<'static> {
    static GAZ: OnceLock<Gazetteer> = OnceLock::new();
    static LEX: OnceLock<Lexicons> = OnceLock::new();
    GeoParser::new(
        GAZ.get_or_init(|| sitrep_gazetteer_data::load().expect("embedded gazetteer")),
        LEX.get_or_init(|| Lexicons::load().unwrap_or_else(|e| panic!("{e}"))),
    )
}

/// The places of `text` in language `lang`.
#[allow(dead_code)] // not every test binary uses it
pub fn places(text: &str, lang: &str) -> Vec<PlaceMention> {
    let p = parser();
    GeoText::read(text, lang, |t| {
        p.to_places(text, &CharOffsets::new(text), &p.parse(t))
    })
}

/// The places of code-point `spans` given as mentions: one per span, `None` when nothing
/// places it.
#[allow(dead_code)] // not every test binary uses it
pub fn resolve_spans(text: &str, lang: &str, spans: &[Range<usize>]) -> Vec<Option<PlaceMention>> {
    GeoText::read(text, lang, |t| parser().places_of_spans(t, spans))
}
