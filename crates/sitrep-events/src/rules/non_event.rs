//! Non-ACLED contexts. Disasters and ordinary crime (`non_event` cues: earthquake, factory,
//! drug trafficking): weak triggers ("killed", "explosion") and strategic-development triggers
//! (arrests for theft, seized drugs) code nothing. Diplomacy (`diplomacy` cues: summit, held
//! talks): weak triggers code nothing. Weapon platforms ("aircraft", "drones") in a disaster or
//! crime context are the vehicles of an accident and code nothing either. Strong
//! political-violence triggers always count. The caller lifts the disaster/crime context when
//! the clause names an organised armed actor ("Islamic State militants attacked … near the
//! refinery").
//!
//! A protest act is not a disaster's or a crime's word when a crowd does it: workers who occupy
//! their factory or residents who block a road after a flood protest whatever the place or the
//! grievance, so the disaster/crime context leaves a weak protest trigger ("occupied",
//! "blocked") counting when its clause names rioters, protesters or civilians (an actor or a
//! `civilian` noun). Without one it is still dropped: traffickers blocking a highway are a
//! crime, not a demonstration. Diplomacy drops weak protest words whoever does them: a
//! government's "protest" is a note.

use crate::lexicon::{Code, Strength};
use crate::scan::TriggerHit;
use crate::taxonomy::EventType;

/// `crowd`: the trigger's clause names rioters, protesters or civilians (an actor or a
/// `civilian` noun).
pub(crate) fn drops(
    trigger: &TriggerHit,
    non_event_context: bool,
    diplomacy_context: bool,
    crowd: bool,
) -> bool {
    let crowd_protest =
        crowd && matches!(trigger.code, Code::Sub(s) if s.event_type() == EventType::Protests);
    if trigger.strength == Strength::Weak
        && (diplomacy_context || non_event_context && !crowd_protest)
    {
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
        assert!(drops(&weak, true, false, true) && drops(&weak, false, true, true));
        assert!(!drops(&weak, false, false, false));
        assert!(!drops(&strong, true, true, false));
        assert!(drops(&arrest, true, false, true) && !drops(&arrest, false, true, true));
        assert!(drops(&plane, true, false, true) && !drops(&plane, false, true, true));
    }

    #[test]
    fn a_protest_act_in_a_disaster_or_crime_context_counts() {
        let occupied = hit(Code::Sub(SubEventType::PeacefulProtest), Strength::Weak);
        assert!(!drops(&occupied, true, false, true));
        // Nobody named who could be a crowd: the crime or disaster context holds.
        assert!(drops(&occupied, true, false, false));
        // A government's protest in diplomacy is a note, not a demonstration.
        assert!(drops(&occupied, false, true, true));
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
        // Traffickers blocking a highway: a crime, no crowd, no event.
        assert_eq!(
            coded(
                "es",
                "Narcotraficantes bloquearon la carretera con vehículos en llamas."
            ),
            "none"
        );
        // Negated or threatened, still no event.
        assert_eq!(
            coded("es", "Los trabajadores no ocuparon la fábrica de Mirasol."),
            "none"
        );
        assert_eq!(
            coded(
                "es",
                "Los sindicatos amenazaron con bloqueos en la refinería de Mirasol."
            ),
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
