//! Reported deaths make an event political violence: a strong non-violent trigger of the same
//! event (`set fire to houses`, `looted shops` beside `killed 12 civilians`) does not outvote
//! the violence. When a candidate reports deaths and has a counting vote for anything but a
//! strategic development, its strategic-development votes are vetoed.

use crate::candidate::Candidate;
use crate::rules::Veto;
use crate::taxonomy::EventType;

pub(crate) fn apply(candidate: &mut Candidate) {
    let strategic =
        |sub: crate::taxonomy::SubEventType| sub.event_type() == EventType::StrategicDevelopments;
    if candidate.deaths && candidate.counting().any(|v| !strategic(v.sub)) {
        candidate.veto(Veto::DeathsKeepViolence, |v| strategic(v.sub));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::coded;

    #[test]
    fn deaths_outvote_destruction() {
        assert_eq!(coded("en", "Militiamen killed four farmers in a raid on Tuesday and burned down their granaries."), "Attack");
    }

    #[test]
    fn without_deaths_the_destruction_stands() {
        assert_eq!(
            coded(
                "en",
                "Militiamen burned down granaries in a raid on Tuesday."
            ),
            "Looting/property destruction"
        );
    }
}
