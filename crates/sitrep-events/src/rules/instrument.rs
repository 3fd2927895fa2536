//! A weapon platform is not an event by itself: "warplanes", "drones", "aircraft" or
//! "hélicoptères de combat" code an Air/drone strike only when the clause also reports an
//! action (another trigger: "struck", "bombed", "frappes") or its toll (killed, wounded,
//! casualties). "Drone parts were shipped", "the aircraft declared an emergency" code nothing.

use std::ops::Range;

use crate::clause::Trigger;
use crate::lexicon::{Cue, Strength};
use crate::rules::Veto;
use crate::scan::Scan;

/// Vetoes the instrument triggers of a clause that reports neither an action nor a toll.
pub(crate) fn apply(triggers: &mut [Trigger], scan: &Scan, clause: &Range<usize>) {
    let is_instrument = |t: &Trigger| t.hit.strength == Strength::Instrument;
    let counting = || triggers.iter().filter(|t| t.counts());
    if counting().all(|t| !is_instrument(t)) {
        return;
    }
    let action = counting().any(|t| !is_instrument(t));
    let toll = scan.cues.iter().any(|c| {
        matches!(
            c.cue,
            Cue::Killed | Cue::Wounded | Cue::Casualties | Cue::Zero
        ) && clause.contains(&c.start)
    });
    if !action && !toll {
        for t in triggers.iter_mut().filter(|t| t.counts()) {
            t.veto = Some(Veto::InstrumentAlone);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::coded;

    #[test]
    fn a_platform_needs_an_action_or_a_toll() {
        assert_eq!(
            coded("en", "The drones were shipped to the air base last month."),
            "none"
        );
        assert_eq!(
            coded(
                "en",
                "Drones struck a convoy on the highway, killing five fighters."
            ),
            "Air/drone strike"
        );
    }
}
