//! Political violence always has an actor 1: when the text names nobody behind an attack, a
//! strike or a clash, ACLED codes `Unidentified Armed Group (Country)` (inter 3). Protests are
//! left to [`super::crowd`], strategic developments keep an empty actor 1.

use crate::taxonomy::{DisorderType, EventType, Inter, SubEventType};

/// The actor template (`{country}` filled by the caller) and inter code.
pub(crate) const ACTOR: (&str, Inter) = (
    "Unidentified Armed Group ({country})",
    Inter::PoliticalMilitias,
);

/// The rule's sentence in `Event::rules`.
pub(crate) const NOTE: &str = "no agent named: Unidentified Armed Group";

/// Whether an event of type `sub` with no actor 1 gets the unidentified armed group.
pub(crate) fn applies(sub: SubEventType) -> bool {
    let violence = match sub.disorder_type() {
        DisorderType::PoliticalViolence | DisorderType::PoliticalViolenceDemonstrations => true,
        DisorderType::Demonstrations | DisorderType::StrategicDevelopments => false,
    };
    violence && sub.event_type() != EventType::Protests
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::events;

    #[test]
    fn violence_only() {
        assert!(applies(SubEventType::AirDroneStrike));
        assert!(applies(SubEventType::MobViolence));
        assert!(!applies(SubEventType::ExcessiveForceAgainstProtesters));
        assert!(!applies(SubEventType::PeacefulProtest));
        assert!(!applies(SubEventType::Arrests));
    }

    #[test]
    fn an_unnamed_bomber() {
        let e = &events("en", "A car bomb exploded outside a busy market on Friday.")[0];
        assert_eq!(e.actor1.as_deref(), Some("Unidentified Armed Group"));
        assert_eq!(e.inter1, Some(3));
        assert!(e.rules.iter().any(|r| r == NOTE));
        assert!(
            e.evidence.actor1.is_none(),
            "no span: the text names nobody"
        );
    }
}
