//! Territory changes are typed by who gains it: a state actor (or forces acting for one)
//! regains territory, a non-state actor overtakes it. The trigger's own default ("recaptured"
//! → government, "seized control" → non-state) holds when the agent is unknown.

/// The territory sub-event type for an agent with `agent_inter`, or `None` to keep the default.
pub(crate) fn by_agent(agent_inter: Option<u8>) -> Option<&'static str> {
    match agent_inter? {
        1 | 8 => Some("Government regains territory"),
        2..=4 => Some("Non-state actor overtakes territory"),
        _ => None,
    }
}
