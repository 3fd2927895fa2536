//! Disrupted weapons use: a bomb that was defused, found or seized, a missile that was
//! intercepted, did not explode. A clause with a Disrupted-weapons trigger, or with a
//! discovery verb (`disrupt` cue: "found", "recovered", "saisi") next to explosives, codes
//! Disrupted weapons use; its Explosions/Remote violence triggers are the object of the
//! disruption and are dropped.

use std::ops::Range;

use crate::lexicon::{Code, Cue, Strength};
use crate::scan::{Scan, TriggerHit};
use crate::taxonomy::Taxonomy;

fn is_explosion(t: &TriggerHit, taxonomy: &Taxonomy) -> bool {
    matches!(t.code, Code::Sub(s) if taxonomy.event_type(s) == "Explosions/Remote violence")
}

/// Returns true when something was recoded.
pub(crate) fn apply(
    triggers: &mut Vec<TriggerHit>,
    scan: &Scan,
    clause: &Range<usize>,
    taxonomy: &Taxonomy,
) -> bool {
    let dw = taxonomy.id("Disrupted weapons use");
    let has_explosion = triggers.iter().any(|t| is_explosion(t, taxonomy));
    if has_explosion && !triggers.iter().any(|t| t.code == Code::Sub(dw)) {
        if let Some(c) = scan
            .cues
            .iter()
            .find(|c| c.cue == Cue::Disrupt && clause.contains(&c.start))
        {
            triggers.push(TriggerHit {
                start: c.start,
                end: c.end,
                code: Code::Sub(dw),
                strength: Strength::Strong,
            });
        }
    }
    if !triggers.iter().any(|t| t.code == Code::Sub(dw)) {
        return false;
    }
    let before = triggers.len();
    triggers.retain(|t| !is_explosion(t, taxonomy));
    triggers.len() != before
}
