//! No event for what did not happen or has not happened yet: a negation ("n'ont pas attaqué",
//! "did not attack", "denied"), a future or conditional ("va attaquer", "will strike", "could"),
//! or intent ("sought to seize") in the few words before a trigger blocks it; a hedge verb
//! ("semble", "seems") anywhere in the clause blocks weak and strong triggers alike.

use std::ops::Range;

use sitrep_text::Token;

use crate::lexicon::Cue;
use crate::scan::{Scan, TriggerHit};

/// How far before a trigger a negation or modal still governs it.
const WINDOW: usize = 4;

/// Why a trigger is blocked, or `None`.
pub(crate) fn blocked(
    trigger: &TriggerHit,
    scan: &Scan,
    tokens: &[Token],
    clause: &Range<usize>,
    sentence_start: usize,
) -> Option<&'static str> {
    let from = trigger.start.saturating_sub(WINDOW).max(clause.start);
    for c in &scan.cues {
        if c.start < from || c.start >= trigger.start || c.end > trigger.start + 1 {
            continue;
        }
        // A capitalised cue inside a sentence is a name or a month (`May`, `Will`).
        if c.start != sentence_start && tokens[c.start].capitalized {
            continue;
        }
        match c.cue {
            Cue::Negation => return Some("negated"),
            Cue::Modality => return Some("future, conditional or intended"),
            _ => {}
        }
    }
    if scan.has_cue_in(Cue::Hedge, clause) {
        return Some("hedged commentary");
    }
    None
}
