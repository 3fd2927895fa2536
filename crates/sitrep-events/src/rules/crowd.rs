//! ACLED names the crowd of every demonstration: `Protesters (Country)` (inter 6) for protests,
//! `Rioters (Country)` (inter 5) for riots, when the text names nobody ("Several thousand
//! people marched", "Plusieurs milliers de personnes ont manifesté").

use crate::taxonomy::{EventType, Inter, SubEventType};

/// The crowd actor (template with `{country}`, inter code) of an event of type `sub` whose text
/// names no actor 1; `None` for anything but protests and riots.
pub(crate) fn actor(sub: SubEventType) -> Option<(&'static str, Inter)> {
    match sub.event_type() {
        EventType::Riots => Some(("Rioters ({country})", Inter::Rioters)),
        EventType::Protests => Some(("Protesters ({country})", Inter::Protesters)),
        _ => None,
    }
}

/// The rule's sentence in `Event::rules`.
pub(crate) fn note(template: &str) -> String {
    format!(
        "no crowd named: {} (the demonstrators)",
        template.replace(" ({country})", "")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::events;

    #[test]
    fn protests_and_riots_only() {
        assert_eq!(
            actor(SubEventType::ExcessiveForceAgainstProtesters).map(|a| a.1),
            Some(Inter::Protesters)
        );
        assert_eq!(
            actor(SubEventType::MobViolence).map(|a| a.1),
            Some(Inter::Rioters)
        );
        assert_eq!(actor(SubEventType::Attack), None);
        assert_eq!(
            note("Rioters ({country})"),
            "no crowd named: Rioters (the demonstrators)"
        );
    }

    #[test]
    fn an_unnamed_crowd() {
        let e = &events(
            "en",
            "Thousands of people marched through the capital on Sunday.",
        )[0];
        assert_eq!(e.sub_event_type, "Peaceful protest");
        assert_eq!(e.actor1.as_deref(), Some("Protesters"));
        assert_eq!((e.inter1, e.interaction), (Some(6), Some(60)));
        assert!(e.rules.contains(&note("Protesters ({country})")));
    }
}
