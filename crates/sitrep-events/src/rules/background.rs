//! Background events are not the reported event: a trigger right after a `background` cue
//! ("amid clashes", "following the fighting", "in retaliation for an air strike", "à la suite
//! des combats") sets the scene for the main event of the clause. It is demoted to a weak
//! trigger, so any specific trigger of the cluster outvotes it, and on its own it codes an event
//! only when an actor is named.

use std::ops::Range;

use crate::lexicon::{Cue, Strength};
use crate::scan::{Scan, TriggerHit};

/// How many words may separate the cue from the trigger ("amid fierce clashes").
const WINDOW: usize = 3;

/// Demotes the background triggers of `clause`; returns true when something changed.
pub(crate) fn demote(triggers: &mut [TriggerHit], scan: &Scan, clause: &Range<usize>) -> bool {
    let mut changed = false;
    for t in triggers.iter_mut() {
        let after_cue = scan.cues.iter().any(|c| {
            c.cue == Cue::Background
                && clause.contains(&c.start)
                && c.end <= t.start
                && t.start - c.end <= WINDOW
        });
        if after_cue && t.strength != Strength::Weak {
            t.strength = Strength::Weak;
            changed = true;
        }
    }
    changed
}
