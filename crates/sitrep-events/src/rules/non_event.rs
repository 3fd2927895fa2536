//! Non-ACLED contexts. Disasters and ordinary crime (`non_event` cues: earthquake, factory,
//! drug trafficking): weak triggers ("killed", "explosion") and strategic-development triggers
//! (arrests for theft, seized drugs) code nothing. Diplomacy (`diplomacy` cues: summit, held
//! talks): weak triggers code nothing. Weapon platforms ("aircraft", "drones") in a disaster or
//! crime context are the vehicles of an accident and code nothing either. Strong
//! political-violence triggers always count. The caller lifts the disaster/crime context when
//! the clause names an organised armed actor ("Islamic State militants attacked … near the
//! refinery").
//!
//! A protest act is not a disaster's or a crime's word: workers who occupy their factory, miners
//! who block a mine's gates or residents who march after a flood protest whatever the place or
//! the grievance, so the disaster/crime context leaves weak protest triggers ("occupied",
//! "blocked") counting. Diplomacy still drops them: a government's "protest" is a note.

use crate::lexicon::{Code, Strength};
use crate::scan::TriggerHit;
use crate::taxonomy::EventType;

pub(crate) fn drops(
    trigger: &TriggerHit,
    non_event_context: bool,
    diplomacy_context: bool,
) -> bool {
    let protest = matches!(trigger.code, Code::Sub(s) if s.event_type() == EventType::Protests);
    if trigger.strength == Strength::Weak && (diplomacy_context || non_event_context && !protest) {
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
    fn a_protest_act_in_a_disaster_or_crime_context_counts() {
        let occupied = hit(Code::Sub(SubEventType::PeacefulProtest), Strength::Weak);
        assert!(!drops(&occupied, true, false));
        // A government's protest in diplomacy is a note, not a demonstration.
        assert!(drops(&occupied, false, true));
        // In sentences: workers occupying their factory protest; a factory accident is none.
        assert_eq!(
            coded(
                "es",
                "Los trabajadores ocuparon la fábrica textil de Mirasol."
            ),
            "Peaceful protest"
        );
        assert_eq!(
            coded(
                "en",
                "Workers mounted a blockade of the factory gates on Monday."
            ),
            "Peaceful protest"
        );
        assert_eq!(
            coded(
                "es",
                "Una explosión en una fábrica de Mirasol mató a tres obreros."
            ),
            "none"
        );
        // Negated or announced, still no event.
        assert_eq!(
            coded("es", "Los trabajadores no ocuparon la fábrica de Mirasol."),
            "none"
        );
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
