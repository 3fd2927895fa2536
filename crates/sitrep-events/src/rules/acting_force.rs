//! Rule `acting_force`: the actor 1 of a strategic development whose text names no agent.
//!
//! ACLED codes every event with an actor 1. For the strategic developments that only a state
//! or an armed group carries out, the codebook's usual actor stands in when the text leaves the
//! agent implicit ("five suspects were arrested", "a bomb was defused", "the police station was
//! set on fire"):
//! - Arrests are made by the police: `Police Forces of X`;
//! - weapons are disrupted (defused, seized, intercepted) by the security forces, which ACLED
//!   names `Military Forces of X` unless the text says police;
//! - looting and property destruction without a named perpetrator is an unidentified armed
//!   group's, as other violence without a named agent (rule `unidentified`).
//!
//! The other strategic developments (Agreement, Change to group/activity, Headquarters or base
//! established, Non-violent transfer of territory, Other) have no usual actor: their only named
//! party, if any, becomes actor 1 (in `record`); with nobody named there is no ACLED row, and
//! no event (a company's "agreement" or a minister's "new headquarters" names no actor of the
//! lexicon).

use crate::taxonomy::{Inter, SubEventType};

/// The actor that stands in for an unnamed agent of `sub`, and its inter code.
pub(crate) fn actor(sub: SubEventType) -> Option<(&'static str, Inter)> {
    match sub {
        SubEventType::Arrests => Some(("Police Forces of {country}", Inter::StateForces)),
        SubEventType::DisruptedWeaponsUse => {
            Some(("Military Forces of {country}", Inter::StateForces))
        }
        SubEventType::LootingPropertyDestruction => Some(super::unidentified::ACTOR),
        _ => None,
    }
}

/// The rule's sentence in `Event::rules`.
pub(crate) fn note(template: &str) -> String {
    format!(
        "no agent named: {}, the codebook's actor of the type",
        template
            .replace(" of {country}", "")
            .replace(" ({country})", "")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::events;

    #[test]
    fn the_usual_actor_of_each_type() {
        assert_eq!(
            actor(SubEventType::Arrests),
            Some(("Police Forces of {country}", Inter::StateForces))
        );
        assert_eq!(
            actor(SubEventType::DisruptedWeaponsUse).map(|a| a.1),
            Some(Inter::StateForces)
        );
        assert_eq!(
            actor(SubEventType::LootingPropertyDestruction).map(|a| a.1),
            Some(Inter::PoliticalMilitias)
        );
        assert_eq!(actor(SubEventType::Agreement), None);
        assert_eq!(actor(SubEventType::ArmedClash), None);
        assert_eq!(
            note("Police Forces of {country}"),
            "no agent named: Police Forces, the codebook's actor of the type"
        );
    }

    #[test]
    fn an_arrest_by_nobody_named() {
        let e = &events("en", "Five suspects were arrested on Monday.")[0];
        assert_eq!(e.sub_event_type, "Arrests");
        assert_eq!(e.actor1.as_deref(), Some("Police Forces"));
        assert_eq!(e.inter1, Some(1));
        assert!(
            e.evidence.actor1.is_none(),
            "no span: the text names nobody"
        );
    }
}
