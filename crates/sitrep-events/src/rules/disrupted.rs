//! Disrupted weapons use: a bomb that was defused, found or seized, a missile that was
//! intercepted, did not explode. A clause with a Disrupted-weapons trigger, or with a
//! discovery verb (`disrupt` cue: "found", "recovered", "saisi") next to explosives, codes
//! Disrupted weapons use; its Explosions/Remote violence triggers are the object of the
//! disruption and are vetoed.

use std::ops::Range;

use crate::clause::Trigger;
use crate::lexicon::{Code, Cue, Strength};
use crate::rules::Veto;
use crate::scan::{Scan, TriggerHit};
use crate::taxonomy::{EventType, SubEventType};

const DISRUPTED: Code = Code::Sub(SubEventType::DisruptedWeaponsUse);

fn is_explosion(t: &Trigger) -> bool {
    t.counts()
        && matches!(t.hit.code, Code::Sub(s) if s.event_type() == EventType::ExplosionsRemoteViolence)
}

fn has_disrupted(triggers: &[Trigger]) -> bool {
    triggers
        .iter()
        .any(|t| t.counts() && t.hit.code == DISRUPTED)
}

/// Adds the discovery trigger and vetoes the explosions it disrupts.
pub(crate) fn apply(triggers: &mut Vec<Trigger>, scan: &Scan, clause: &Range<usize>) {
    if triggers.iter().any(is_explosion) && !has_disrupted(triggers) {
        if let Some(c) = scan
            .cues
            .iter()
            .find(|c| c.cue == Cue::Disrupt && clause.contains(&c.start))
        {
            let hit = TriggerHit {
                start: c.start,
                end: c.end,
                code: DISRUPTED,
                strength: Strength::Strong,
            };
            triggers.push(Trigger::new(hit, None));
        }
    }
    if !has_disrupted(triggers) {
        return;
    }
    for t in triggers.iter_mut().filter(|t| is_explosion(t)) {
        t.veto = Some(Veto::Disrupted);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::coded;

    #[test]
    fn a_found_bomb_did_not_explode() {
        assert_eq!(
            coded(
                "en",
                "Soldiers found an improvised explosive device under a bridge near the border."
            ),
            "Disrupted weapons use"
        );
        assert_ne!(
            coded(
                "en",
                "A roadside bomb exploded under a bridge near the border, killing two soldiers."
            ),
            "Disrupted weapons use"
        );
    }
}
