//! ACLED's `civilian_targeting` column: set on every Violence against civilians event, and on
//! the other types that can target civilians — Explosions/Remote violence, Riots and Excessive
//! force against protesters — when their target is civilians (actor 2 with inter 7: an air
//! strike that killed villagers). Battles are fought between armed actors, and protests and
//! strategic developments target nobody, so they never carry it, whoever actor 2 is (a clash
//! in which civilians were caught is still a clash between armed groups). The same rule is
//! checked on every output row by `sitrep_formats::validate`.

use crate::taxonomy::{EventType, Inter, SubEventType};

/// Whether events of type `sub` can carry the flag.
pub(crate) fn can_carry(sub: SubEventType) -> bool {
    matches!(
        sub.event_type(),
        EventType::ViolenceAgainstCivilians
            | EventType::ExplosionsRemoteViolence
            | EventType::Riots
    ) || sub == SubEventType::ExcessiveForceAgainstProtesters
}

/// The column's value for an event of type `sub` whose actor 2 has `inter2`.
pub(crate) fn flag(sub: SubEventType, inter2: Option<Inter>) -> Option<String> {
    let always = sub.event_type() == EventType::ViolenceAgainstCivilians;
    (always || (can_carry(sub) && inter2 == Some(Inter::Civilians)))
        .then(|| "Civilian targeting".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::events;

    #[test]
    fn civilians_as_the_target() {
        assert!(flag(SubEventType::AbductionForcedDisappearance, None).is_some());
        assert!(flag(SubEventType::AirDroneStrike, Some(Inter::Civilians)).is_some());
        assert!(flag(SubEventType::AirDroneStrike, Some(Inter::RebelGroups)).is_none());
        assert!(flag(SubEventType::AirDroneStrike, None).is_none());
        assert!(flag(SubEventType::MobViolence, Some(Inter::Civilians)).is_some());
        // Types that cannot target: a clash, a protest, a strategic development.
        assert!(flag(SubEventType::ArmedClash, Some(Inter::Civilians)).is_none());
        assert!(flag(SubEventType::PeacefulProtest, Some(Inter::Civilians)).is_none());
        assert!(flag(
            SubEventType::LootingPropertyDestruction,
            Some(Inter::Civilians)
        )
        .is_none());
    }

    #[test]
    fn the_coder_and_the_row_validation_agree_on_every_type() {
        for sub in SubEventType::ALL {
            assert_eq!(
                can_carry(sub),
                sitrep_formats::validate::can_target_civilians(sub.event_type().name(), sub.name()),
                "{}",
                sub.name()
            );
        }
    }

    #[test]
    fn a_strike_on_villagers() {
        let e = &events(
            "en",
            "Government warplanes bombed a village, killing six civilians on Thursday.",
        )[0];
        assert_eq!(e.civilian_targeting.as_deref(), Some("Civilian targeting"));
    }
}
