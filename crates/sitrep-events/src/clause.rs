//! First stage: the document's sentences cut into clauses, and everything each clause says.
//!
//! Per sentence: questions and boilerplate lines are dropped, the lexicon scans it once, and
//! its date and attribution are read. Per clause ("alors que", "while", `;` cut a sentence):
//! the triggers with the clause rules' verdicts (a vetoed trigger stays, with its [`Veto`]),
//! actor mentions with their roles, fatality reports, the place, and the context cues the
//! later rules read.

use std::ops::Range;

use jiff::civil::Date;
use sitrep_text::Token;

use crate::actors::{self, Mention};
use crate::attribution;
use crate::dates::{self, DateExpr};
use crate::fatalities::{self, Report};
use crate::framing::Scanned;
use crate::lexicon::{Cue, Lexicon};
use crate::place::{Place, PlaceRef};
use crate::rules::protest::ProtestContext;
use crate::rules::{self, Veto};
use crate::scan::{Scan, TriggerHit};
use crate::EventInput;

/// A trigger of a clause and what the clause rules made of it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Trigger {
    /// Span and code as the lexicon (or [`rules::combos`], [`rules::disrupted`]) proposed
    /// them; the strength is weak when [`rules::background`] demoted it.
    pub hit: TriggerHit,
    /// It follows a background cue ("amid clashes"), see [`rules::background`].
    pub background: bool,
    /// The rule that took its vote away; `None` when it counts.
    pub veto: Option<Veto>,
}

impl Trigger {
    pub fn new(hit: TriggerHit, veto: Option<Veto>) -> Trigger {
        Trigger {
            hit,
            background: false,
            veto,
        }
    }

    /// Whether the trigger still votes.
    pub fn counts(&self) -> bool {
        self.veto.is_none()
    }
}

/// The triggers of `triggers` that still vote, in order.
pub(crate) fn counting(triggers: &[Trigger]) -> impl Iterator<Item = &TriggerHit> + Clone {
    triggers.iter().filter(|t| t.counts()).map(|t| &t.hit)
}

/// What one clause contributes to an event.
#[derive(Debug)]
pub(crate) struct Clause {
    /// Byte range of its sentence.
    pub sentence: Range<usize>,
    /// Its token range (absolute token indices).
    pub tokens: Range<usize>,
    /// The kinds of cue found in the clause, one bit per [`Cue`] (`1 << cue as u64`): the
    /// learned decision's evidence.
    pub cues: u64,
    /// Number words and figures in the clause.
    pub numbers: u16,
    /// Every trigger found in the clause, in text order (synthetic ones last), vetoed or not.
    pub triggers: Vec<Trigger>,
    pub mentions: Vec<Mention>,
    pub reports: Vec<Report>,
    /// The sentence's first date expression.
    pub date: Option<DateExpr>,
    /// Token range of the sentence's attributed source.
    pub attribution: Option<Range<usize>>,
    pub place: Option<PlaceRef>,
    /// A civilian noun (`civilians`, `villagers`) is in the clause.
    pub civilian: bool,
    /// A military noun (`troops`, `soldats`) is in the clause.
    pub military: bool,
    pub protest: ProtestContext,
}

impl Clause {
    /// Whether any trigger still votes.
    pub fn has_votes(&self) -> bool {
        self.triggers.iter().any(Trigger::counts)
    }
}

/// What a sentence shares with its clauses.
struct Sentence {
    range: Range<usize>,
    /// Token range.
    tokens: Range<usize>,
    scan: Scan,
    date: Option<DateExpr>,
    attribution: Option<Range<usize>>,
    /// A disaster or ordinary-crime cue is in the sentence.
    non_event: bool,
    /// A diplomacy cue is in the sentence.
    diplomacy: bool,
}

/// The clauses of a document, in text order. With `framing`, the scans of the sentences that
/// hold a claim or framing cue are kept there for [`crate::framing`] (one scan per sentence
/// serves both).
pub(crate) fn clauses(
    input: &EventInput,
    lex: &Lexicon,
    published: Option<Date>,
    places: &[Place],
    mut framing: Option<&mut Vec<Scanned>>,
) -> Vec<Clause> {
    let (text, tokens) = (input.text, input.tokens);
    let mut out = Vec::new();
    let mut buf = Vec::new();
    // Places named inside another name, found sentence by sentence (a clause only inherits
    // places of its own or earlier sentences).
    let mut in_name = vec![false; places.len()];
    for sent in input.sentences {
        let Some(tr) = sentence_tokens(text, tokens, sent) else {
            continue;
        };
        if rules::question::is_question(&text[sent.clone()]) {
            continue;
        }
        let scan = Scan::run(lex, tokens, tr.clone(), &mut buf);
        if rules::boilerplate::is_boilerplate(&scan, tr.start) {
            continue;
        }
        mark_in_name(&scan, tokens, &tr, places, &mut in_name);
        let sentence = Sentence {
            range: sent.clone(),
            date: dates::find(&scan, tokens, &tr, published),
            attribution: attribution::find(&scan, tokens, &tr),
            non_event: scan.has_cue_in(Cue::NonEvent, &tr),
            diplomacy: scan.has_cue_in(Cue::Diplomacy, &tr),
            tokens: tr,
            scan,
        };
        for cr in clause_ranges(&sentence.scan, tokens, text, &sentence.tokens) {
            out.push(clause(&sentence, cr, input, lex, places, &in_name));
        }
        if let Some(keep) = framing.as_deref_mut() {
            if !sentence.scan.stance.is_empty() {
                keep.push(Scanned {
                    bytes: sentence.range,
                    scan: sentence.scan,
                    attribution: sentence.attribution,
                });
            }
        }
    }
    out
}

/// The token range of a well-formed, non-empty sentence.
fn sentence_tokens(text: &str, tokens: &[Token], sent: &Range<usize>) -> Option<Range<usize>> {
    if sent.start >= sent.end
        || sent.end > text.len()
        || !text.is_char_boundary(sent.start)
        || !text.is_char_boundary(sent.end)
    {
        return None;
    }
    let t0 = tokens.partition_point(|t| t.start < sent.start);
    let t1 = tokens.partition_point(|t| t.start < sent.end);
    (t0 < t1 && tokens[t1 - 1].end <= text.len()).then_some(t0..t1)
}

/// Marks the places of the sentence (token range `tr`) named inside another name.
fn mark_in_name(
    scan: &Scan,
    tokens: &[Token],
    tr: &Range<usize>,
    places: &[Place],
    in_name: &mut [bool],
) {
    let (start, end) = (tokens[tr.start].start, tokens[tr.end - 1].end);
    // The places are in text order.
    let from = places.partition_point(|p| p.bytes.start < start);
    for (i, p) in places.iter().enumerate().skip(from) {
        if p.bytes.start >= end {
            break;
        }
        if p.bytes.end > end {
            continue;
        }
        let first = tokens.partition_point(|t| t.start < p.bytes.start);
        let last = tokens.partition_point(|t| t.start < p.bytes.end);
        if first < last {
            in_name[i] = rules::location::in_name(scan, tokens, first, last);
        }
    }
}

fn clause(
    s: &Sentence,
    cr: Range<usize>,
    input: &EventInput,
    lex: &Lexicon,
    places: &[Place],
    in_name: &[bool],
) -> Clause {
    let (text, tokens, scan) = (input.text, input.tokens, &s.scan);
    let hits = actors::mentions(
        lex,
        scan,
        tokens,
        &cr,
        s.attribution.as_ref(),
        s.tokens.start,
    );
    let named_actor = hits
        .iter()
        .any(|h| !lex.actors[h.actor as usize].name.contains("{country}"));
    // Rioters, protesters or civilians named in the clause (rule `non_event`).
    let crowd = scan.has_cue_in(Cue::Civilian, &cr)
        || hits
            .iter()
            .any(|h| !lex.actors[h.actor as usize].inter.is_armed());
    let mut triggers: Vec<Trigger> = scan
        .triggers
        .iter()
        .filter(|t| cr.contains(&t.start))
        .copied()
        .chain(rules::combos::triggers(scan, &cr))
        .map(|t| Trigger::new(t, veto(&t, s, &cr, tokens, named_actor, crowd)))
        .collect();
    rules::background::demote(&mut triggers, scan, &cr);
    rules::instrument::apply(&mut triggers, scan, &cr);
    rules::disrupted::apply(&mut triggers, scan, &cr);
    let reference = actors::reference(counting(&triggers));
    let mentions = actors::roles(&hits, scan, &cr, reference);
    let bytes = tokens[cr.start].start..tokens[cr.end - 1].end;
    let cues = scan
        .cues
        .iter()
        .filter(|c| cr.contains(&c.start))
        .fold(0u64, |bits, c| bits | 1 << (c.cue as u64));
    let numbers = scan
        .numbers
        .iter()
        .filter(|n| cr.contains(&n.start))
        .count();
    Clause {
        sentence: s.range.clone(),
        cues,
        numbers: u16::try_from(numbers).unwrap_or(u16::MAX),
        mentions,
        reports: fatalities::reports(scan, tokens, &cr, text),
        date: s.date.clone(),
        attribution: s.attribution.clone(),
        place: rules::location::of_clause(places, &bytes, in_name),
        civilian: scan.has_cue_in(Cue::Civilian, &cr),
        military: scan.has_cue_in(Cue::Military, &cr),
        protest: ProtestContext::of_clause(scan, &cr),
        triggers,
        tokens: cr,
    }
}

/// The veto of the clause rules that judge a trigger alone: inside the attribution, negated
/// or modal, claimed, or a weak word in a non-event context.
fn veto(
    t: &TriggerHit,
    s: &Sentence,
    clause: &Range<usize>,
    tokens: &[Token],
    named_actor: bool,
    crowd: bool,
) -> Option<Veto> {
    if s.attribution.as_ref().is_some_and(|a| a.contains(&t.start)) {
        return Some(Veto::Attribution);
    }
    if let Some(v) = rules::modality::blocked(t, &s.scan, tokens, clause, s.tokens.start) {
        return Some(v);
    }
    if rules::claim::blocked(t, &s.scan, clause) {
        return Some(Veto::Claimed);
    }
    // An organised armed actor lifts the disaster or crime context.
    let non_event = s.non_event && !named_actor;
    rules::non_event::drops(t, non_event, s.diplomacy, crowd).then_some(Veto::NonEventContext)
}

/// Clause ranges of a sentence: split before clause cues ("alors que", "while") and after `;`.
fn clause_ranges(
    scan: &Scan,
    tokens: &[Token],
    text: &str,
    tr: &Range<usize>,
) -> Vec<Range<usize>> {
    let mut cuts: Vec<usize> = scan
        .cues
        .iter()
        .filter(|c| c.cue == Cue::Clause && c.start > tr.start)
        .map(|c| c.start)
        .collect();
    for i in tr.start..tr.end.saturating_sub(1) {
        let gap = text.get(tokens[i].end..tokens[i + 1].start).unwrap_or("");
        if gap.contains(';') {
            cuts.push(i + 1);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut start = tr.start;
    for c in cuts {
        if c > start && c < tr.end {
            out.push(start..c);
            start = c;
        }
    }
    out.push(start..tr.end);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::scan;

    #[test]
    fn sentences_split_at_clause_cues_and_semicolons() {
        let text = "Rebels shelled the town; troops withdrew while residents fled.";
        let s = scan("en", text);
        let ranges = clause_ranges(&s.scan, &s.tokens, text, &s.range);
        let words = |r: &Range<usize>| &text[s.tokens[r.start].start..s.tokens[r.end - 1].end];
        let got: Vec<&str> = ranges.iter().map(words).collect();
        assert_eq!(
            got,
            [
                "Rebels shelled the town",
                "troops withdrew",
                "while residents fled"
            ]
        );
    }

    #[test]
    fn malformed_sentence_ranges_are_skipped() {
        let text = "Une frappe a visé Idlib.";
        let tokens = sitrep_text::tokenize(text);
        assert_eq!(
            sentence_tokens(text, &tokens, &(0..text.len())),
            Some(0..tokens.len())
        );
        assert_eq!(sentence_tokens(text, &tokens, &(5..5)), None);
        assert_eq!(sentence_tokens(text, &tokens, &(0..text.len() + 3)), None);
        // Inside the two bytes of `é`.
        let e = text.find('é').unwrap();
        assert_eq!(sentence_tokens(text, &tokens, &(e + 1..text.len())), None);
    }
}
