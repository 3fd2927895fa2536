//! Non-ACLED contexts. Disasters and ordinary crime (`non_event` cues: earthquake, factory,
//! drug trafficking): weak triggers ("killed", "explosion") and strategic-development triggers
//! (arrests for theft, seized drugs) code nothing. Diplomacy (`diplomacy` cues: summit, held
//! talks): weak triggers code nothing. Weapon platforms ("aircraft", "drones") in a disaster or
//! crime context are the vehicles of an accident and code nothing either. Strong
//! political-violence triggers always count. The caller lifts the disaster/crime context when
//! the clause names an organised armed actor ("Islamic State militants attacked … near the
//! refinery").

use crate::lexicon::{Code, Strength};
use crate::scan::TriggerHit;
use crate::taxonomy::EventType;

pub(crate) fn drops(
    trigger: &TriggerHit,
    non_event_context: bool,
    diplomacy_context: bool,
) -> bool {
    if trigger.strength == Strength::Weak && (non_event_context || diplomacy_context) {
        return true;
    }
    if trigger.strength == Strength::Instrument && non_event_context {
        return true;
    }
    non_event_context
        && matches!(trigger.code, Code::Sub(s) if s.event_type() == EventType::StrategicDevelopments)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::coded;
    use crate::taxonomy::SubEventType;

    fn hit(code: Code, strength: Strength) -> TriggerHit {
        TriggerHit {
            start: 0,
            end: 1,
            code,
            strength,
        }
    }

    #[test]
    fn contexts_drop_weak_and_strategic_triggers() {
        let weak = hit(Code::Attack, Strength::Weak);
        let strong = hit(Code::Attack, Strength::Strong);
        let arrest = hit(Code::Sub(SubEventType::Arrests), Strength::Strong);
        let plane = hit(
            Code::Sub(SubEventType::AirDroneStrike),
            Strength::Instrument,
        );
        assert!(drops(&weak, true, false) && drops(&weak, false, true));
        assert!(!drops(&weak, false, false));
        assert!(!drops(&strong, true, true));
        assert!(drops(&arrest, true, false) && !drops(&arrest, false, true));
        assert!(drops(&plane, true, false) && !drops(&plane, false, true));
    }

    #[test]
    fn disasters_are_not_events() {
        assert_eq!(
            coded(
                "en",
                "An earthquake killed 40 people in the mountain villages on Sunday."
            ),
            "none"
        );
    }
}
