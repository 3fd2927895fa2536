//! Test helpers: one gazetteer and one set of lexicons per test binary, and a document built
//! from an invented sentence.

use std::sync::OnceLock;

use sitrep_gazetteer::Gazetteer;

use crate::doc::{Doc, GeoText};
use crate::{GeoParser, Lexicons};

/// A parser over the embedded gazetteer and the shipped lexicons.
pub(crate) fn parser() -> GeoParser<'static> {
    static GAZ: OnceLock<Gazetteer> = OnceLock::new();
    static LEX: OnceLock<Lexicons> = OnceLock::new();
    GeoParser::new(
        GAZ.get_or_init(|| sitrep_gazetteer_data::load().expect("embedded gazetteer")),
        LEX.get_or_init(|| Lexicons::load().unwrap_or_else(|e| panic!("{e}"))),
    )
}

/// Calls `f` with the parser and the annotated document of `text` in language `lang`.
pub(crate) fn with_doc(lang: &str, text: &str, f: impl FnOnce(&GeoParser, &Doc)) {
    let p = parser();
    GeoText::read(text, lang, |t| f(&p, &Doc::new(t, p.lex)));
}

/// A parsed mention in tests: its surface, and the country and feature of its reading.
pub(crate) type Read = (String, Option<(String, String)>);

/// The mentions of `text` after the whole stage ([`GeoParser::parse`]).
pub(crate) fn parsed(lang: &str, text: &str) -> Vec<Read> {
    let p = parser();
    GeoText::read(text, lang, |t| {
        p.parse(t)
            .iter()
            .map(|m| {
                let reading = m.resolved.map(|(id, _)| {
                    let pl = p.gaz.place(id);
                    (pl.country.clone(), pl.feature.clone())
                });
                (text[m.span.clone()].to_string(), reading)
            })
            .collect()
    })
}

/// The country of the reading of the first mention whose surface is `name`.
pub(crate) fn country_of(read: &[Read], name: &str) -> Option<String> {
    read.iter()
        .find(|(s, _)| s == name)
        .and_then(|(_, r)| r.as_ref().map(|(c, _)| c.clone()))
}
