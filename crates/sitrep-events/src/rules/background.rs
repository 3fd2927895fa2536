//! Background events are not the reported event: a trigger right after a `background` cue
//! ("amid clashes", "following the fighting", "in retaliation for an air strike", "à la suite
//! des combats") sets the scene for the main event of the clause. It is demoted to a weak
//! trigger, so any specific trigger of the cluster outvotes it, and on its own it codes an event
//! only when an actor is named.

use std::ops::Range;

use crate::clause::Trigger;
use crate::lexicon::{Cue, Strength};
use crate::scan::Scan;

/// How many words may separate the cue from the trigger ("amid fierce clashes").
const WINDOW: usize = 3;

/// Marks and demotes the background triggers of `clause`.
pub(crate) fn demote(triggers: &mut [Trigger], scan: &Scan, clause: &Range<usize>) {
    for t in triggers.iter_mut().filter(|t| t.counts()) {
        let after_cue = scan.cues.iter().any(|c| {
            c.cue == Cue::Background
                && clause.contains(&c.start)
                && c.end <= t.hit.start
                && t.hit.start - c.end <= WINDOW
        });
        if after_cue {
            t.background = true;
            t.hit.strength = Strength::Weak;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{coded, scan};

    #[test]
    fn a_trigger_after_a_background_cue_is_demoted() {
        let s = scan("en", "Villagers fled amid heavy shelling.");
        let mut triggers: Vec<Trigger> = s
            .scan
            .triggers
            .iter()
            .map(|&hit| Trigger::new(hit, None))
            .collect();
        assert_ne!(triggers[0].hit.strength, Strength::Weak);
        demote(&mut triggers, &s.scan, &s.range);
        assert!(triggers[0].background);
        assert_eq!(triggers[0].hit.strength, Strength::Weak);
    }

    #[test]
    fn the_main_event_outvotes_its_background() {
        assert_eq!(coded("en", "The army and the militia signed a peace agreement amid sporadic clashes in the east."), "Agreement");
    }
}
