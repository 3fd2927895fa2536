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
//! 4. **decision** (`decision.rs`): event or not, which type, which vote is the main one. By
//!    default ([`EventCoder::load`]) the decision is *combined* ([`EventCoder::combined`]):
//!    the codebook's rules decide whether a candidate is an event, and a trained multinomial
//!    model (`model.rs`, weights in `model/events.model`) over the candidate's votes, evidence
//!    and words chooses among the types the rules' votes propose; its probability is the
//!    event's `confidence`. It became the default because it is at least as good as the rules
//!    alone on both halves of every development file (within the seed spread on CASE tune;
//!    BENCHMARKS.md, fifth sitting). The codebook's concurrent-tactics rule alone
//!    ([`EventCoder::rules_only`], `--event-decision rules`) and the learned decision alone
//!    ([`EventCoder::learned`], `--event-decision learned`, where sentences of the lead with no
//!    trigger become *fallback* candidates it may still code when confident) are options;
//! 5. **record** (`record.rs`): the ACLED row with its evidence spans; events ordered by
//!    salience.

mod actors;
mod attribution;
mod candidate;
mod claim_status;
mod clause;
mod dates;
mod decision;
mod fatalities;
mod framing;
mod lexicon;
mod model;
mod place;
mod record;
mod rules;
mod scan;
mod stance;
mod taxonomy;

use std::ops::Range;

use sitrep_schema::{Diagnostic, Event, Framing, PlaceMention};
use sitrep_text::{CharOffsets, Token};

use crate::candidate::{Candidate, Cluster, Vote};
use crate::clause::Clause;
use crate::decision::Decision;
use crate::lexicon::{Code, Lexicon, Strength, LANGS};
use crate::model::Features;
use crate::record::{Doc, Record};
use crate::scan::TriggerHit;
use crate::taxonomy::Countries;

pub use crate::model::{softmax, EventModel, FeatureConfig, ModelError, Thresholds, CLASSES};
pub use crate::taxonomy::{DisorderType, EventType, Inter, SubEventType};

/// Salience bonus of the events told in the lead sentence: worth about two strong triggers, so a
/// later, more detailed paragraph about a side event does not displace the headline event.
const LEAD_BONUS: f32 = 1.0;

/// Salience of the learned decision's confidence: a sure event outranks one the model doubts by
/// about two strong triggers' worth.
const CONFIDENCE_SALIENCE: f32 = 1.0;

/// Sentences of a document (from its first) that may become fallback candidates: the lead, where
/// news tells its main event. Scoring every sentence of a long article with character n-grams
/// cost 40 % of the whole record's throughput (BENCHMARKS.md); later sentences need a trigger.
const FALLBACK_SENTENCES: usize = 3;

/// The `rules` line of an event the learned model found in a sentence with no counting trigger.
const LEARNED_NOTE: &str = "Learned decision: no counting trigger in the sentence; the type \
     is the model's and the trigger the word that weighed most";

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

/// The event coder: country table, all lexicons and the decision model, parsed once, shared
/// read-only.
#[derive(Debug)]
pub struct EventCoder {
    countries: Countries,
    langs: Vec<(&'static str, Lexicon)>,
    /// Who decides each candidate.
    decider: Decider,
}

/// Who decides a candidate: the codebook, the learned model, or both
/// ([`EventCoder::combined`]: the codebook whether, the model which of the proposed types).
#[derive(Debug)]
enum Decider {
    Rules,
    Learned(EventModel),
    Combined(EventModel),
}

/// One candidate event as the trainer sees it (`cargo xtask train-events`).
#[derive(Debug, Clone)]
pub struct TrainingCandidate {
    /// Hashed features, (bucket, value).
    pub features: Vec<(u32, f32)>,
    /// A sentence with no counting trigger.
    pub fallback: bool,
    /// The codebook's decision.
    pub rule: Option<SubEventType>,
}

impl Default for EventCoder {
    fn default() -> Self {
        EventCoder::load()
    }
}

impl EventCoder {
    /// The default coder: the compiled-in country table and lexicons, and the combined
    /// decision ([`EventCoder::combined`]) with the embedded model. This is the one place that
    /// says which decision is the default; `Extractor::new`, the CLI (without
    /// `--event-decision`), Python and Spark all come here.
    ///
    /// Why combined (issue 15, fifth sitting): measured on both halves of every development
    /// file it is at least as good as the rules alone everywhere but CASE tune, where it is one
    /// snippet behind (within the seed spread), and its `confidence` is the model's
    /// calibrated probability (validation ECE 0.020); the figures are in BENCHMARKS.md. The
    /// rules alone stay available ([`EventCoder::rules_only`], `--event-decision rules`).
    ///
    /// The model is compiled in (`model/events.model`) and a test checks that it loads, as the
    /// lexicons are; a model *file* (`EventModel::read`) that is missing or bad is an error.
    pub fn load() -> EventCoder {
        EventCoder::load_with(
            EventModel::embedded().expect("the embedded event model loads (tested in model.rs)"),
        )
    }

    /// The default decision ([`EventCoder::load`]) with another model (e.g. [`EventModel::read`]
    /// of a retrained file).
    pub fn load_with(model: EventModel) -> EventCoder {
        EventCoder::combined_with(model)
    }

    /// The coder whose decision is the embedded trained model (`model/events.model`); an
    /// error if the embedded weights are damaged (a test checks the shipped ones load).
    pub fn learned() -> Result<EventCoder, ModelError> {
        Ok(EventCoder::with_model(EventModel::embedded()?))
    }

    /// The coder with another decision model (e.g. [`EventModel::read`] of a retrained file).
    pub fn with_model(model: EventModel) -> EventCoder {
        EventCoder {
            decider: Decider::Learned(model),
            ..EventCoder::rules_only()
        }
    }

    /// The combined decision with the embedded model (`--event-decision combined`): the rules
    /// propose and decide whether a candidate is an event (the model adds none); when their
    /// counting votes propose several sub-event types, the model picks among those (see
    /// `decision::combined`). The record keeps the rules' evidence spans. As for the rules'
    /// own types, a type whose ACLED row would have no actor 1 (an agreement with no party
    /// named) is no event: measured against keeping the rules' type instead, this abstains
    /// better on Spanish tune and PLOVER check and changes nothing else (BENCHMARKS.md).
    pub fn combined() -> Result<EventCoder, ModelError> {
        Ok(EventCoder::combined_with(EventModel::embedded()?))
    }

    /// The combined decision ([`EventCoder::combined`]) with another model.
    pub fn combined_with(model: EventModel) -> EventCoder {
        EventCoder {
            decider: Decider::Combined(model),
            ..EventCoder::rules_only()
        }
    }

    /// The coder whose decision is the codebook's alone (concurrent-tactics rule;
    /// `--event-decision rules`) and the trainer's candidate generator.
    pub fn rules_only() -> EventCoder {
        let countries = Countries::parse(include_str!("../data/countries.txt"));
        let langs = LANGS.iter().map(|f| (f.code, Lexicon::parse(f))).collect();
        EventCoder {
            countries,
            langs,
            decider: Decider::Rules,
        }
    }

    /// The decision model, if the coder has one.
    pub fn model(&self) -> Option<&EventModel> {
        match &self.decider {
            Decider::Rules => None,
            Decider::Learned(model) | Decider::Combined(model) => Some(model),
        }
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
        self.code_inner(input, None)
    }

    /// [`EventCoder::code`] and the document's framing flags ([`EventCoder::framing`]) from
    /// one scan of each sentence.
    pub fn code_with_framing(&self, input: &EventInput) -> (Vec<Event>, Vec<Diagnostic>, Framing) {
        let mut scanned = Vec::new();
        let (events, diags) = self.code_inner(input, Some(&mut scanned));
        let (_, lex) = self.lexicon(input.lang);
        (events, diags, framing::framing(lex, input, scanned))
    }

    fn code_inner(
        &self,
        input: &EventInput,
        scanned: Option<&mut Vec<framing::Scanned>>,
    ) -> (Vec<Event>, Vec<Diagnostic>) {
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
        let clauses = clause::clauses(input, lex, published, &places, scanned);
        let clusters = candidate::cluster(&clauses, &places);
        // Only the learned decision codes sentences without a trigger; the combined one never
        // adds an event.
        let fallbacks = match self.decider {
            Decider::Learned(_) => fallback_clusters(&clauses, &clusters),
            Decider::Rules | Decider::Combined(_) => Vec::new(),
        };
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
        let mut features = Features::default();
        let all = clusters
            .iter()
            .map(|k| (k, false))
            .chain(fallbacks.iter().map(|k| (k, true)));
        for (cluster, fallback) in all {
            let mut candidate = Candidate::new(cluster, &clauses, lex);
            rules::protest::apply(&mut candidate);
            rules::generic::apply(&mut candidate, &clauses);
            rules::deaths::apply(&mut candidate);
            let rule = decision::decide(&candidate);
            let decision = match (&self.decider, &rule) {
                // The combined decision keeps the codebook's "no event" without asking the model.
                (Decider::Rules, _) | (Decider::Combined(_), None) => rule,
                (Decider::Learned(model) | Decider::Combined(model), _) => {
                    let cx = model::Context {
                        clauses: &clauses,
                        tokens: input.tokens,
                        lex,
                        lang,
                    };
                    model::extract(
                        &model.config(),
                        &cx,
                        &candidate,
                        rule.as_ref().map(|d| d.sub),
                        fallback,
                        &mut features,
                    );
                    let probs = model.probabilities(&features);
                    let rule_sub = rule.as_ref().map(|d| d.sub);
                    let decided = if matches!(self.decider, Decider::Combined(_)) {
                        let voted = candidate.counting().map(|v| v.sub);
                        rule_sub.map(|r| decision::combined(&probs, voted, r))
                    } else {
                        decision::learned(&probs, model.thresholds(), rule_sub)
                    };
                    decided
                        .map(|(sub, p)| learned_decision(model, &cx, &mut candidate, rule, sub, p))
                }
            };
            let Some(decision) = decision else {
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
            let sure = decision.confidence.unwrap_or(0.0) * CONFIDENCE_SALIENCE;
            events.push((salience + bonus + sure, event));
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

    /// The candidates of a document with their features, as the trainer sees them: every
    /// candidate the rules open, and every sentence without a counting trigger.
    pub fn training_candidates(
        &self,
        input: &EventInput,
        config: &FeatureConfig,
    ) -> Vec<TrainingCandidate> {
        let (lang, lex) = self.lexicon(input.lang);
        let published = input.published.and_then(dates::parse_published);
        let offsets = CharOffsets::new(input.text);
        let places = place::usable(input.places, input.text, &offsets);
        let clauses = clause::clauses(input, lex, published, &places, None);
        let clusters = candidate::cluster(&clauses, &places);
        let fallbacks = fallback_clusters(&clauses, &clusters);
        let cx = model::Context {
            clauses: &clauses,
            tokens: input.tokens,
            lex,
            lang,
        };
        let mut features = Features::default();
        let all = clusters
            .iter()
            .map(|k| (k, false))
            .chain(fallbacks.iter().map(|k| (k, true)));
        all.map(|(cluster, fallback)| {
            let mut candidate = Candidate::new(cluster, &clauses, lex);
            rules::protest::apply(&mut candidate);
            rules::generic::apply(&mut candidate, &clauses);
            rules::deaths::apply(&mut candidate);
            let rule = decision::decide(&candidate).map(|d| d.sub);
            model::extract(config, &cx, &candidate, rule, fallback, &mut features);
            TrainingCandidate {
                features: features.pairs().collect(),
                fallback,
                rule,
            }
        })
        .collect()
    }
}

/// The decision of the learned model of type `sub` with probability `p`. When the candidate has
/// no vote at all, the word of its clauses that weighed most for `sub` becomes a (weak) vote
/// and its trigger evidence.
fn learned_decision(
    model: &EventModel,
    cx: &model::Context,
    candidate: &mut Candidate,
    rule: Option<Decision>,
    sub: SubEventType,
    p: f32,
) -> Decision {
    let main = decision::main_vote(candidate, rule.as_ref(), sub).unwrap_or_else(|| {
        let (clause, tok) = weightiest_word(model, cx, candidate.cluster, sub);
        candidate.votes.push(Vote {
            hit: TriggerHit {
                start: tok,
                end: tok + 1,
                code: Code::Sub(sub),
                strength: Strength::Weak,
            },
            background: false,
            clause,
            sub,
            veto: None,
        });
        candidate.notes.push(LEARNED_NOTE.into());
        candidate.votes.len() - 1
    });
    let note = rule.and_then(|r| if r.sub == sub { r.note } else { None });
    Decision {
        sub,
        main,
        note,
        confidence: Some(p),
    }
}

/// The clause and token of a cluster whose word weighs most for `sub` against no event.
fn weightiest_word(
    model: &EventModel,
    cx: &model::Context,
    cluster: &Cluster,
    sub: SubEventType,
) -> (usize, usize) {
    let first = cluster.clauses[0];
    let mut best = (first, cx.clauses[first].tokens.start, f32::MIN);
    for &ci in &cluster.clauses {
        for t in cx.clauses[ci].tokens.clone() {
            let norm = &cx.tokens[t].norm;
            if !norm.chars().any(char::is_alphabetic) {
                continue;
            }
            let w = model.word_weight(norm, sub as usize);
            if w > best.2 {
                best = (ci, t, w);
            }
        }
    }
    (best.0, best.1)
}

/// The sentences among the first [`FALLBACK_SENTENCES`] with no trigger at all (vetoed or not), one cluster each (its date and place are its first clause's that has one).
fn fallback_clusters(clauses: &[Clause], clusters: &[Cluster]) -> Vec<Cluster> {
    let mut covered = vec![false; clauses.len()];
    for k in clusters {
        for &ci in &k.clauses {
            covered[ci] = true;
        }
    }
    let mut out = Vec::new();
    let mut ci = 0;
    let mut sentences = 0;
    while ci < clauses.len() && sentences < FALLBACK_SENTENCES {
        sentences += 1;
        let sentence = clauses[ci].sentence.start;
        let end = ci
            + clauses[ci..]
                .iter()
                .take_while(|c| c.sentence.start == sentence)
                .count();
        // A sentence the rules judged (a vetoed trigger: negated, claimed, modal...) stays
        // theirs: the fallback is for the sentences the lexicon misses.
        let judged = clauses[ci..end].iter().any(|c| !c.triggers.is_empty());
        if !judged && !covered[ci..end].iter().any(|&c| c) {
            let members = || clauses[ci..end].iter();
            out.push(Cluster {
                clauses: (ci..end).collect(),
                date: members().find_map(|c| c.date.as_ref().and_then(|d| d.date)),
                place: members().find_map(|c| c.place),
            });
        }
        ci = end;
    }
    out
}
