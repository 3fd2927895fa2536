//! Territory changes are typed by who gains it: a state actor (or forces acting for one)
//! regains territory, a non-state actor overtakes it. The trigger's own default ("recaptured"
//! → government, "seized control" → non-state) holds when the agent is unknown.

use crate::taxonomy::{Inter, SubEventType};

/// The territory sub-event type for a vote for `sub` whose clause's agent has `agent_inter`;
/// `None` keeps the vote as it is (not a territory change, or no agent that decides).
pub(crate) fn by_agent(sub: SubEventType, agent_inter: Option<Inter>) -> Option<SubEventType> {
    use SubEventType::{GovernmentRegainsTerritory, NonStateActorOvertakesTerritory};
    if !matches!(
        sub,
        GovernmentRegainsTerritory | NonStateActorOvertakesTerritory
    ) {
        return None;
    }
    match agent_inter? {
        Inter::StateForces | Inter::ExternalForces => Some(GovernmentRegainsTerritory),
        Inter::RebelGroups | Inter::PoliticalMilitias | Inter::IdentityMilitias => {
            Some(NonStateActorOvertakesTerritory)
        }
        Inter::Rioters | Inter::Protesters | Inter::Civilians => None,
    }
}

/// The rule's sentence in `Event::rules`.
pub(crate) fn note(typed: SubEventType) -> String {
    format!("territory change typed by its agent: {}", typed.name())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::events;
    use SubEventType::{
        GovernmentRegainsTerritory as Gov, NonStateActorOvertakesTerritory as NonState,
    };

    #[test]
    fn the_agent_decides() {
        assert_eq!(by_agent(Gov, Some(Inter::RebelGroups)), Some(NonState));
        assert_eq!(by_agent(NonState, Some(Inter::ExternalForces)), Some(Gov));
        assert_eq!(by_agent(NonState, Some(Inter::Civilians)), None);
        assert_eq!(by_agent(Gov, None), None);
        assert_eq!(
            by_agent(SubEventType::ArmedClash, Some(Inter::StateForces)),
            None
        );
    }

    #[test]
    fn a_state_agent_regains() {
        // `seized control` alone reads as a non-state actor's gain.
        let text = "The army seized control of the border town of Eastford on Sunday.";
        let e = &events("en", text)[0];
        assert_eq!(e.sub_event_type, "Government regains territory");
        assert!(e.rules.contains(&note(Gov)), "{:?}", e.rules);
    }
}
