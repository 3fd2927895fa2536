//! Place recognition and resolution: which spans of a text name places, and which places.
//!
//! [`GeoParser::parse`] runs the whole stage on a tokenised text ([`GeoText`]):
//! - [`recognise`]: the gazetteer walk and its context filters, names after settlement and
//!   admin nouns, speculative names for the transliteration fallback, street and feature
//!   nouns;
//! - [`qualifier`]: approximate expressions (`à l'ouest d'`, `near`, `dans le désert de`) and
//!   comma qualifiers (`Paris, Illinois`);
//! - [`resolve`]: priors, document context, spatial coherence, support checks and anchors,
//!   every constant a field of [`Weights`];
//! - [`output`]: the mentions as the output schema's places.
//!
//! [`GeoParser::resolve_spans`] resolves spans given by the caller instead of recognising them.
//! Per-language knowledge is data ([`lexicon`], `data/lang/<code>/`); a document's words are
//! looked up once ([`doc`]) and every pass reads those annotations.
//!
//! Invariant: nothing here does IO or fails on text; every span points into the original text.

pub mod distance;
mod doc;
mod fame;
pub mod lexicon;
mod mention;
mod output;
pub mod qualifier;
pub mod recognise;
pub mod resolve;
mod weights;

#[cfg(test)]
mod testing;

use std::ops::Range;

use sitrep_gazetteer::Gazetteer;

pub use distance::haversine;
pub use doc::GeoText;
pub use lexicon::{CueKind, LangData, Lexicons};
pub use mention::{Cue, Lookup, Mention, Noun, Nouns, Origin, Support};
pub use weights::Weights;

use doc::Doc;

/// Recognises and resolves places; cheap to create, borrows the shared resources.
#[derive(Debug, Clone, Copy)]
pub struct GeoParser<'a> {
    pub gaz: &'a Gazetteer,
    pub lex: &'a Lexicons,
    pub weights: &'a Weights,
}

impl<'a> GeoParser<'a> {
    /// A parser with the measured weights ([`Weights::DEFAULT`]).
    pub fn new(gaz: &'a Gazetteer, lex: &'a Lexicons) -> GeoParser<'a> {
        GeoParser {
            gaz,
            lex,
            weights: &Weights::DEFAULT,
        }
    }

    /// The same parser scoring with other weights (for measuring a change of value).
    pub fn with_weights(self, weights: &'a Weights) -> GeoParser<'a> {
        GeoParser { weights, ..self }
    }

    /// Recognises and resolves the places of a text, in text order.
    pub fn parse(&self, t: &GeoText) -> Vec<Mention> {
        let doc = Doc::new(t, self.lex);
        let mut mentions = self.recognise(&doc);
        self.add_listing_venues(&doc, &mut mentions);
        self.add_context_names(&doc, &mut mentions);
        self.add_speculative(&doc, &mut mentions);
        self.extend_with_name_nouns(&doc, &mut mentions);
        self.detach_direction_adjectives(&doc, &mut mentions);
        self.resolve(&doc, &mut mentions);
        self.resolve_state_forms(&doc, &mut mentions, true);
        mentions
    }

    /// Resolves byte spans given by the caller (a caller's own named entities, gold toponyms):
    /// one mention per span, in the same order, without the recogniser's filters (see
    /// [`recognise::spans`]).
    pub fn resolve_spans(&self, t: &GeoText, spans: &[Range<usize>]) -> Vec<Mention> {
        let doc = Doc::new(t, self.lex);
        let mut mentions = self.mentions_for_spans(&doc, spans);
        self.resolve(&doc, &mut mentions);
        // One mention per given span: a state-form word outside them is not added.
        self.resolve_state_forms(&doc, &mut mentions, false);
        mentions
    }
}
