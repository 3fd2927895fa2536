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
