//! The document pipeline: text → language → tokens and sentences → places → events → record.
//!
//! [`Extractor`] owns the expensive read-only resources (gazetteer, lexicons, language models),
//! is built once and shared across threads; [`Extractor::extract`] is a pure function of its
//! input and never fails: problems become diagnostics in the record.

use std::ops::Range;
use std::sync::Arc;

use sitrep_events::{EventCoder, EventInput};
use sitrep_gazetteer::Gazetteer;
use sitrep_geo::{GeoParser, GeoText, Lexicons};
use sitrep_text::{sentences, tokenize, CharOffsets, LanguageId};

use crate::schema::{Diagnostic, DocInput, Document, PlaceMention, SCHEMA_VERSION};

/// The shared, immutable extraction engine.
#[derive(Debug)]
pub struct Extractor {
    gaz: Arc<Gazetteer>,
    lex: Lexicons,
    langid: LanguageId,
    events: EventCoder,
}

impl Extractor {
    /// Builds an extractor around a loaded gazetteer, with the embedded event decision model.
    pub fn new(gaz: Arc<Gazetteer>) -> Extractor {
        Extractor::with_event_coder(gaz, EventCoder::load())
    }

    /// Builds an extractor with another event coder (e.g. a retrained decision model read by
    /// [`sitrep_events::EventModel::read`]).
    pub fn with_event_coder(gaz: Arc<Gazetteer>, events: EventCoder) -> Extractor {
        Extractor {
            gaz,
            // Compiled in: an error is a bug in the data files, caught by the tests, and the
            // message names the file and line.
            lex: Lexicons::load().unwrap_or_else(|e| panic!("{e}")),
            langid: LanguageId::new(),
            events,
        }
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gaz
    }

    pub fn lexicons(&self) -> &Lexicons {
        &self.lex
    }

    /// The event coder (country names and ACLED regions for exports).
    pub fn event_coder(&self) -> &EventCoder {
        &self.events
    }

    /// Detected (or declared) language code of a text.
    pub fn language(&self, text: &str, declared: Option<&str>) -> String {
        match declared.map(str::trim).filter(|l| !l.is_empty()) {
            Some(l) => l.split(['-', '_']).next().unwrap_or(l).to_ascii_lowercase(),
            None => self.langid.detect(text).code.to_string(),
        }
    }

    /// Processes one document.
    pub fn extract(&self, input: DocInput) -> Document {
        let mut diagnostics = input.diagnostics;
        let lang = self.language(&input.text, input.lang.as_deref());
        if lang == "und" && !input.text.trim().is_empty() {
            diagnostics.push(Diagnostic::new(
                "info",
                "lang.undetermined",
                "language could not be determined; using the cues of every language",
            ));
        }
        if input.text.trim().is_empty() {
            diagnostics.push(Diagnostic::new(
                "warning",
                "input.empty",
                "document has no text",
            ));
        }
        let tokens = tokenize(&input.text);
        let sents = sentences(&input.text);
        let geo = GeoText {
            text: &input.text,
            tokens: &tokens,
            sentences: &sents,
            lang: &lang,
        };
        let places = self.places_of(&geo, &mut diagnostics);
        let mut source = input.source;
        if source.outlet.is_none() {
            source.outlet = source.url.as_deref().and_then(outlet_of);
        }
        let event_input = EventInput {
            doc_id: &input.id,
            text: &input.text,
            tokens: &tokens,
            sentences: &sents,
            lang: &lang,
            published: input.published.as_deref(),
            places: &places,
            outlet: source.outlet.as_deref(),
        };
        let (mut events, event_diagnostics, framing) = self.events.code_with_framing(&event_input);
        diagnostics.extend(event_diagnostics);
        for event in &mut events {
            event.admin2 = self.admin2_of(event, &places);
        }
        Document {
            schema_version: SCHEMA_VERSION.to_string(),
            doc_id: input.id,
            source,
            published: input.published,
            lang,
            title: input.title,
            places,
            events,
            diagnostics,
            framing,
        }
    }

    /// ACLED's `admin2` of an event: the second-level division of its place (the place itself
    /// when it is one; the anchor's for an unknown place anchored to a town; a province's
    /// capital's, where ACLED places an event known only to the province), from the
    /// gazetteer's division table. None for a country or wider, or a place the table does not
    /// cover.
    fn admin2_of(&self, event: &sitrep_schema::Event, places: &[PlaceMention]) -> Option<String> {
        let span = event.evidence.place.as_ref()?;
        let m = places
            .iter()
            .find(|p| p.start == span.start && p.end == span.end)?;
        if m.feature.as_deref() == Some("A.ADM2") {
            return Some(m.name.clone());
        }
        let id = if m.resolved {
            m.geonameid?
        } else {
            m.anchor.as_ref()?.geonameid?
        };
        self.gaz.admin2_of(id).map(|(name, _)| name.to_owned())
    }

    /// [`Extractor::extract`], except that a bug that panics on some text becomes an `error`
    /// diagnostic on that document's record instead of unwinding into the caller (a batch, a
    /// server request): the other documents still get their records.
    pub fn extract_guarded(&self, input: DocInput) -> Document {
        let id = input.id.clone();
        let source = input.source.clone();
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.extract(input))) {
            Ok(doc) => doc,
            Err(_) => Document {
                schema_version: SCHEMA_VERSION.to_string(),
                doc_id: id,
                source,
                published: None,
                lang: "und".into(),
                title: None,
                places: Vec::new(),
                events: Vec::new(),
                diagnostics: vec![Diagnostic::new(
                    "error",
                    "internal.panic",
                    "sitrep failed on this document (a bug: please report it with the input)",
                )],
                framing: Default::default(),
            },
        }
    }

    /// Recognised and resolved places of a text, in text order.
    pub fn places(
        &self,
        text: &str,
        lang: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<PlaceMention> {
        GeoText::read(text, lang, |geo| self.places_of(geo, diagnostics))
    }

    fn places_of(&self, geo: &GeoText, diagnostics: &mut Vec<Diagnostic>) -> Vec<PlaceMention> {
        let parser = GeoParser::new(&self.gaz, &self.lex);
        let mentions = parser.parse(geo);
        let out = parser.to_places(geo.text, &CharOffsets::new(geo.text), &mentions);
        for p in out.iter().filter(|p| !p.resolved) {
            let msg = match &p.anchor {
                Some(a) => format!("{:?} is not in the gazetteer; kept near {}", p.text, a.name),
                None => format!(
                    "{:?} is not in the gazetteer and has no containing place",
                    p.text
                ),
            };
            diagnostics.push(Diagnostic::new("info", "place.unresolved", msg));
        }
        out
    }

    /// Resolves given spans (code-point ranges) as places, for evaluation against gold
    /// toponyms: the result has one entry per span, `None` when nothing fits.
    pub fn resolve_spans(
        &self,
        text: &str,
        lang: &str,
        spans: &[Range<usize>],
    ) -> Vec<Option<PlaceMention>> {
        let parser = GeoParser::new(&self.gaz, &self.lex);
        GeoText::read(text, lang, |geo| parser.places_of_spans(geo, spans))
    }
}

/// Host of a URL without `www.`, as the outlet name when metadata gives none.
pub fn outlet_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?.split('@').next_back()?;
    let host = host.split(':').next()?.trim_start_matches("www.");
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlet_from_url() {
        assert_eq!(
            outlet_of("http://www.presstv.ir/fr/x?y").as_deref(),
            Some("presstv.ir")
        );
        assert_eq!(
            outlet_of("https://user@News.Example.com:8080/a").as_deref(),
            Some("news.example.com")
        );
        assert_eq!(outlet_of("").as_deref(), None);
    }
}
