//! No event from a claim, accusation or allegation alone: "X claimed responsibility for the
//! attack", "accused of being responsible for the strike", "the alleged chemical attack". The
//! event named after a `claim` cue in the same clause is the object of the claim (ACLED codes
//! the attack itself from a report of it, not from the claim), so its triggers are dropped.

use std::ops::Range;

use crate::lexicon::Cue;
use crate::scan::{Scan, TriggerHit};

/// Whether `trigger` follows a claim cue of its clause.
pub(crate) fn blocked(trigger: &TriggerHit, scan: &Scan, clause: &Range<usize>) -> bool {
    scan.cues
        .iter()
        .any(|c| c.cue == Cue::Claim && clause.contains(&c.start) && c.end <= trigger.start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{coded, scan};

    #[test]
    fn the_object_of_a_claim_is_not_reported() {
        let s = scan("en", "The group claimed responsibility for the bombing.");
        let t = s.scan.triggers.first().expect("bombing is a trigger");
        assert!(blocked(t, &s.scan, &s.range));
        assert_eq!(
            coded("en", "The army accused the rebels of shelling the market."),
            "none"
        );
    }

    #[test]
    fn a_trigger_before_the_claim_counts() {
        let s = scan(
            "en",
            "A bomb exploded at the market and the group claimed it.",
        );
        let t = s.scan.triggers.first().expect("a trigger");
        assert!(!blocked(t, &s.scan, &s.range));
    }
}
