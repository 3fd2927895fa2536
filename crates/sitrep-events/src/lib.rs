//! ACLED-style event coding: turns a document's sentences into the rows an ACLED analyst would
//! write (event type, actors, date, location, fatalities, source attribution), each field with
//! the span of text that produced it.
//!
//! The coder is data-driven: per-language lexicons under `data/lang/<code>/` (triggers, actor
//! aliases, cue words, number and date words; formats in `data/lang/README.md`) are compiled
//! into one phrase matcher per language by [`EventCoder::load`]; the ACLED taxonomy is typed
//! ([`SubEventType`], [`EventType`], [`DisorderType`], generated from `data/taxonomy.txt` at
//! build time, and [`Inter`]); the codebook rules live in `rules/`, one per file. Coding never
//! fails on text: odd input yields fewer events and [`Diagnostic`]s.
//!
//! Pipeline per document, one module per stage:
//! 1. **clauses** (`clause.rs`): sentences (questions and "Lire plus" lines dropped) → one
//!    lexicon scan per sentence → clauses ("alors que", "while", `;`) → triggers with the
//!    clause rules' vetoes (negation, modality, claims, context), actors with roles, fatality
//!    reports, date, attribution, place;
//! 2. **candidates** (`candidate.rs`): clauses grouped by day and location, each group a
//!    candidate event whose triggers are votes for sub-event types;
//! 3. **rules** (`rules/`): the votes typed by agent and target, weighed and vetoed (protest
//!    absorption, generic words, deaths keeping violence);
//! 4. **decision** (`decision.rs`): event or not, which type, which vote is the main one (the
//!    concurrent-tactics rule today; the seam for a learned decision);
//! 5. **record** (`record.rs`): the ACLED row with its evidence spans; events ordered by
//!    salience.

mod actors;
mod attribution;
mod candidate;
mod clause;
mod dates;
mod decision;
mod fatalities;
mod lexicon;
mod place;
mod record;
mod rules;
mod scan;
mod taxonomy;

use std::ops::Range;

use sitrep_schema::{Diagnostic, Event, PlaceMention};
use sitrep_text::{CharOffsets, Token};

use crate::candidate::Candidate;
use crate::lexicon::{Lexicon, LANGS};
use crate::record::{Doc, Record};
use crate::taxonomy::Countries;

pub use crate::taxonomy::{DisorderType, EventType, Inter, SubEventType};

/// Salience bonus of the events told in the lead sentence: worth about two strong triggers, so a
/// later, more detailed paragraph about a side event does not displace the headline event.
const LEAD_BONUS: f32 = 1.0;

/// One document, as the pipeline hands it to the coder.
#[derive(Debug, Clone, Copy)]
pub struct EventInput<'a> {
    pub doc_id: &'a str,
    pub text: &'a str,
    pub tokens: &'a [Token],
    /// Sentence byte ranges of `text`.
    pub sentences: &'a [Range<usize>],
    /// `fr`, `en`, `es`, `ar`; anything else is coded with the English lexicon.
    pub lang: &'a str,
    /// `YYYY-MM-DD` or RFC 3339; garbage is reported and treated as missing.
    pub published: Option<&'a str>,
    /// Resolved place mentions, code-point offsets.
    pub places: &'a [PlaceMention],
    /// Source outlet for the `source` field.
    pub outlet: Option<&'a str>,
}

impl<'a> EventInput<'a> {
    /// A document with no id, publication date, places or outlet.
    pub fn new(
        text: &'a str,
        tokens: &'a [Token],
        sentences: &'a [Range<usize>],
        lang: &'a str,
    ) -> EventInput<'a> {
        EventInput {
            doc_id: "",
            text,
            tokens,
            sentences,
            lang,
            published: None,
            places: &[],
            outlet: None,
        }
    }
}

/// The event coder: country table and all lexicons, parsed once, shared read-only.
#[derive(Debug)]
pub struct EventCoder {
    countries: Countries,
    langs: Vec<(&'static str, Lexicon)>,
}

impl Default for EventCoder {
    fn default() -> Self {
        EventCoder::load()
    }
}

impl EventCoder {
    /// Parses the compiled-in country table and lexicons.
    pub fn load() -> EventCoder {
        let countries = Countries::parse(include_str!("../data/countries.txt"));
        let langs = LANGS.iter().map(|f| (f.code, Lexicon::parse(f))).collect();
        EventCoder { countries, langs }
    }

    /// ACLED region of a country (ISO 3166-1 alpha-2), for the `region` column of ACLED exports.
    pub fn acled_region(&self, iso2: &str) -> Option<&str> {
        self.countries.region(iso2)
    }

    /// Country name (ACLED spelling) of an ISO 3166-1 alpha-2 code.
    pub fn country_name(&self, iso2: &str) -> Option<&str> {
        self.countries.name(iso2)
    }

    /// Languages with a lexicon.
    pub fn languages(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.langs.iter().map(|(c, _)| *c)
    }

    fn lexicon(&self, lang: &str) -> (&'static str, &Lexicon) {
        let pick = |code: &str| self.langs.iter().find(|(c, _)| *c == code);
        let (c, l) = pick(lang)
            .or_else(|| pick("en"))
            .expect("the English lexicon is compiled in");
        (c, l)
    }

    /// Codes the events of one document. Never panics on any text; problems are diagnostics.
    pub fn code(&self, input: &EventInput) -> (Vec<Event>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let (lang, lex) = self.lexicon(input.lang);
        if lang != input.lang {
            diags.push(Diagnostic::new(
                "info",
                "events.lang-fallback",
                format!(
                    "no event lexicon for language {:?}; English used",
                    input.lang
                ),
            ));
        }
        let published = input.published.and_then(dates::parse_published);
        if let (Some(p), None) = (input.published, published) {
            diags.push(Diagnostic::new(
                "warning",
                "date.bad-publication-date",
                format!("publication date {p:?} is not YYYY-MM-DD or RFC 3339; relative dates are left empty"),
            ));
        }
        let offsets = CharOffsets::new(input.text);
        let places = place::usable(input.places, input.text, &offsets);
        let clauses = clause::clauses(input, lex, published, &places);
        let clusters = candidate::cluster(&clauses, &places);
        let doc = Doc {
            input,
            lex,
            countries: &self.countries,
            clauses: &clauses,
            places: &places,
            offsets: &offsets,
            published,
        };
        // The lead: the first sentence that reports something (news puts the main event first).
        let lead = clusters
            .iter()
            .filter_map(|k| k.clauses.first())
            .map(|&ci| clauses[ci].sentence.start)
            .min();
        let mut events: Vec<(f32, Event)> = Vec::new();
        let mut missing_publication = false;
        for cluster in &clusters {
            let mut candidate = Candidate::new(cluster, &clauses, lex);
            rules::protest::apply(&mut candidate);
            rules::generic::apply(&mut candidate);
            rules::deaths::apply(&mut candidate);
            let Some(decision) = decision::decide(&candidate) else {
                continue;
            };
            let Some(Record {
                event,
                salience,
                missing_publication: missing,
            }) = record::record(&doc, &candidate, &decision)
            else {
                continue;
            };
            missing_publication |= missing;
            let in_lead = Some(clauses[cluster.clauses[0]].sentence.start) == lead;
            let bonus = if in_lead { LEAD_BONUS } else { 0.0 };
            events.push((salience + bonus, event));
        }
        if missing_publication {
            diags.push(Diagnostic::new(
                "warning",
                "date.no-publication-date",
                "some event dates are relative to a publication date the document does not have; event_date left empty",
            ));
        }
        // Salience: most salient first; ties keep text order.
        events.sort_by(|a, b| b.0.total_cmp(&a.0));
        let events = events
            .into_iter()
            .enumerate()
            .map(|(n, (_, mut e))| {
                e.event_id = format!("{}-{}", input.doc_id, n + 1);
                e
            })
            .collect();
        (events, diags)
    }
}
