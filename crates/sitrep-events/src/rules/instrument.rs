//! A weapon platform is not an event by itself: "warplanes", "drones", "aircraft" or
//! "hélicoptères de combat" code an Air/drone strike only when the clause also reports an
//! action (another trigger: "struck", "bombed", "frappes") or its toll (killed, wounded,
//! casualties). "Drone parts were shipped", "the aircraft declared an emergency" code nothing.

use std::ops::Range;

use crate::lexicon::{Cue, Strength};
use crate::scan::{Scan, TriggerHit};

/// Drops the instrument triggers of a clause that reports neither an action nor a toll.
pub(crate) fn apply(triggers: &mut Vec<TriggerHit>, scan: &Scan, clause: &Range<usize>) {
    if triggers.iter().all(|t| t.strength != Strength::Instrument) {
        return;
    }
    let action = triggers.iter().any(|t| t.strength != Strength::Instrument);
    let toll = scan.cues.iter().any(|c| {
        matches!(
            c.cue,
            Cue::Killed | Cue::Wounded | Cue::Casualties | Cue::Zero
        ) && clause.contains(&c.start)
    });
    if !action && !toll {
        triggers.clear();
    }
}
