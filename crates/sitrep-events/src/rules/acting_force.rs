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
//! party, if any, becomes actor 1 (in `record`). With nobody the lexicon can name, an agreement
//! is no event (it is its parties'; unnamed, it is diplomacy), and the other developments are
//! a conflict's only when their clauses speak of armed men (a `military` noun of
//! `cues.txt`: "forces have set up two new bases", "les troupes se sont retirées"): ACLED then
//! codes the party it cannot name as `Unidentified Armed Group (X)`, as for violence (rule
//! `unidentified`). Without one there is no ACLED row, and no event: a company's "agreement",
//! two governments' trade pact or a minister's "new headquarters" are not a conflict's
//! developments (issue 15: the stand-in restored CASE's actor-less developments; the armed
//! condition keeps PLOVER's diplomatic sentences without event).

use crate::taxonomy::{EventType, Inter, SubEventType};

/// The actor that stands in for an unnamed agent of `sub`, and its inter code; `armed`: the
/// event names no side at all and its clauses speak of armed men (a `military` noun) the
/// lexicon cannot name.
pub(crate) fn actor(sub: SubEventType, armed: bool) -> Option<(&'static str, Inter)> {
    match sub {
        SubEventType::Arrests => Some(("Police Forces of {country}", Inter::StateForces)),
        SubEventType::DisruptedWeaponsUse => {
            Some(("Military Forces of {country}", Inter::StateForces))
        }
        SubEventType::LootingPropertyDestruction => Some(super::unidentified::ACTOR),
        // An agreement is its parties': with none named it is diplomacy, whatever troops it
        // concerns ("agreed to hold joint military exercises").
        SubEventType::Agreement => None,
        _ if armed && sub.event_type() == EventType::StrategicDevelopments => {
            Some(super::unidentified::ACTOR)
        }
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
            actor(SubEventType::Arrests, false),
            Some(("Police Forces of {country}", Inter::StateForces))
        );
        assert_eq!(
            actor(SubEventType::DisruptedWeaponsUse, false).map(|a| a.1),
            Some(Inter::StateForces)
        );
        assert_eq!(
            actor(SubEventType::LootingPropertyDestruction, false).map(|a| a.1),
            Some(Inter::PoliticalMilitias)
        );
        assert_eq!(actor(SubEventType::Agreement, false), None);
        assert_eq!(actor(SubEventType::Agreement, true), None);
        assert_eq!(
            actor(SubEventType::HeadquartersOrBaseEstablished, true),
            Some(super::super::unidentified::ACTOR)
        );
        assert_eq!(actor(SubEventType::ArmedClash, true), None);
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

    #[test]
    fn an_unnamed_armed_party_stands_in_for_a_development() {
        let cases = [
            ("en", "Unidentified forces set up two new bases near the border crossing on Friday."),
            ("fr", "Des forces non identifiées ont établi une nouvelle base près de la frontière vendredi."),
            ("es", "Unas fuerzas establecieron una nueva base cerca de la frontera el viernes."),
            ("ar", "أقامت قوات مجهولة الهوية قاعدة عسكرية جديدة قرب الحدود يوم الجمعة."),
        ];
        for (lang, text) in cases {
            let e = &events(lang, text);
            assert_eq!(e.len(), 1, "{lang}: {text}");
            assert_eq!(
                e[0].sub_event_type, "Headquarters or base established",
                "{lang}"
            );
            assert_eq!(
                e[0].actor1.as_deref(),
                Some("Unidentified Armed Group"),
                "{lang}"
            );
            assert_eq!(e[0].inter1, Some(3), "{lang}");
            assert!(
                e[0].evidence.actor1.is_none(),
                "{lang}: the text names nobody"
            );
        }
    }

    #[test]
    fn a_named_side_is_the_actor_not_a_stand_in() {
        let e = &events(
            "en",
            "The town was handed over to government forces on Monday.",
        );
        assert!(!e.is_empty());
        assert_eq!(e[0].actor1.as_deref(), Some("Military Forces"));
        assert_eq!(e[0].actor2, None);
        assert!(e[0].evidence.actor1.is_some(), "{:?}", e[0]);
    }

    #[test]
    fn a_development_without_armed_men_or_a_named_party_is_no_event() {
        let agreed = "Both countries agreed to hold joint military exercises next month.";
        assert!(
            events("en", agreed).is_empty(),
            "an agreement without its parties"
        );
        let cases = [
            (
                "en",
                "The two governments signed a free-trade agreement on Wednesday.",
            ),
            (
                "fr",
                "Les deux gouvernements ont signé un accord commercial mercredi.",
            ),
            (
                "es",
                "Los dos gobiernos firmaron un acuerdo comercial el miércoles.",
            ),
            ("ar", "وقعت الحكومتان اتفاقية تجارية يوم الأربعاء."),
        ];
        for (lang, text) in cases {
            assert!(events(lang, text).is_empty(), "{lang}: {text}");
        }
    }
}
