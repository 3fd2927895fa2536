//! Events named by a verb and a noun a few words apart, which a fixed phrase cannot list:
//! "established a new military base", "set up their headquarters" → Headquarters or base
//! established; "signed a ceasefire agreement", "the deal was reached" → Agreement. The words are
//! lexicon cue kinds (`establish` + `base_noun`, `agree_verb` + `agree_noun`); this rule pairs
//! them within a small window of the same clause.

use std::ops::Range;

use crate::lexicon::{Code, Cue, Strength};
use crate::scan::{Scan, TriggerHit};
use crate::taxonomy::Taxonomy;

const WINDOW: usize = 5;

const PAIRS: [(Cue, Cue, &str, bool); 2] = [
    (
        Cue::Establish,
        Cue::BaseNoun,
        "Headquarters or base established",
        false,
    ),
    (Cue::AgreeVerb, Cue::AgreeNoun, "Agreement", true),
];

/// Synthetic triggers for the verb–noun pairs found in `clause`.
pub(crate) fn triggers(scan: &Scan, clause: &Range<usize>, taxonomy: &Taxonomy) -> Vec<TriggerHit> {
    let mut out = Vec::new();
    let in_clause = |c: &&crate::scan::CueHit| clause.contains(&c.start) && c.end <= clause.end;
    for (verb, noun, sub, either_order) in PAIRS {
        for v in scan.cues.iter().filter(in_clause).filter(|c| c.cue == verb) {
            let paired = scan.cues.iter().filter(in_clause).find(|n| {
                n.cue == noun
                    && ((n.start >= v.end && n.start - v.end <= WINDOW)
                        || (either_order && n.end <= v.start && v.start - n.end <= WINDOW))
            });
            if let Some(n) = paired {
                out.push(TriggerHit {
                    start: v.start.min(n.start),
                    end: v.end.max(n.end),
                    code: Code::Sub(taxonomy.id(sub)),
                    strength: Strength::Strong,
                });
                break;
            }
        }
    }
    out
}
