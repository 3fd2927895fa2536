//! ACLED's `civilian_targeting` column: set on every Violence against civilians event, and on
//! any other political violence whose target is civilians (actor 2 with inter 7: an air strike
//! that killed villagers).

use crate::taxonomy::{EventType, Inter, SubEventType};

/// The column's value for an event of type `sub` whose actor 2 has `inter2`.
pub(crate) fn flag(sub: SubEventType, inter2: Option<Inter>) -> Option<String> {
    (inter2 == Some(Inter::Civilians) || sub.event_type() == EventType::ViolenceAgainstCivilians)
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
