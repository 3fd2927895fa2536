//! Destruction by a crowd is a riot. ACLED's Riots are violent acts by demonstrators or by mobs,
//! vandalism, arson and looting included ("Students set fire to two buses", "villagers burned
//! the house of the accused"); the strategic development *Looting/property destruction* is
//! destruction by organised armed groups, or by an agent nobody names (rule `acting_force`
//! stands in an unidentified armed group for it). So a looting or destruction vote whose
//! clause's agent is an unorganised crowd is typed by that agent: demonstrators (inter 6) make a
//! Violent demonstration, civilians (inter 7: students, workers, residents) a Mob violence. An
//! armed agent, or none, keeps the strategic development. Rioters (inter 5) are left to the
//! riot word that names them, whose own vote and the protest context choose between the two
//! riot types (rule `protest`): "rioters set fire to a street" during a demonstration is that
//! demonstration turning violent.

use crate::taxonomy::{Inter, SubEventType};

/// The riot sub-event type of a vote for `sub` whose clause's agent has `agent_inter`; `None`
/// keeps the vote as it is (not destruction, or an agent that is not a crowd).
pub(crate) fn by_agent(sub: SubEventType, agent_inter: Option<Inter>) -> Option<SubEventType> {
    if sub != SubEventType::LootingPropertyDestruction {
        return None;
    }
    match agent_inter? {
        Inter::Protesters => Some(SubEventType::ViolentDemonstration),
        Inter::Civilians => Some(SubEventType::MobViolence),
        Inter::Rioters
        | Inter::StateForces
        | Inter::RebelGroups
        | Inter::PoliticalMilitias
        | Inter::IdentityMilitias
        | Inter::ExternalForces => None,
    }
}

/// The rule's sentence in `Event::rules`.
pub(crate) fn note(typed: SubEventType) -> String {
    format!("destruction by a crowd coded as a riot: {}", typed.name())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::coded;
    use SubEventType::{LootingPropertyDestruction as Looting, MobViolence, ViolentDemonstration};

    #[test]
    fn the_agent_decides() {
        assert_eq!(
            by_agent(Looting, Some(Inter::Protesters)),
            Some(ViolentDemonstration)
        );
        assert_eq!(by_agent(Looting, Some(Inter::Civilians)), Some(MobViolence));
        // Rioters are typed by the riot word that names them.
        assert_eq!(by_agent(Looting, Some(Inter::Rioters)), None);
        // Armed agents and unnamed ones keep the strategic development.
        assert_eq!(by_agent(Looting, Some(Inter::RebelGroups)), None);
        assert_eq!(by_agent(Looting, Some(Inter::StateForces)), None);
        assert_eq!(by_agent(Looting, None), None);
        // Other types are not touched.
        assert_eq!(by_agent(SubEventType::Attack, Some(Inter::Civilians)), None);
    }

    #[test]
    fn in_sentences() {
        // A crowd burns or wrecks: a riot.
        assert_eq!(
            coded(
                "es",
                "Los estudiantes incendiaron dos autobuses en el centro de Tarvela."
            ),
            "Mob violence"
        );
        assert_eq!(
            coded(
                "en",
                "Angry residents torched the house of a local official on Tuesday."
            ),
            "Mob violence"
        );
        // Armed men burning houses, or an unnamed arsonist, stay a strategic development.
        assert_eq!(
            coded(
                "es",
                "Guerrilleros de las FARC incendiaron tres viviendas en la vereda."
            ),
            "Looting/property destruction"
        );
        assert_eq!(
            coded("en", "The police station was set on fire overnight."),
            "Looting/property destruction"
        );
        // Negated: no event at all.
        assert_eq!(
            coded(
                "en",
                "Residents did not torch the building, the mayor said."
            ),
            "none"
        );
    }
}
