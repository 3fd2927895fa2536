//! Concurrent tactics: one event (same day, same location) described with several sub-event
//! types is coded once, with the highest-ranked type (`rank` in `data/taxonomy.txt`: suicide
//! bombs and chemical weapons above territorial changes, above armed clashes, above other
//! remote violence, above violence against civilians, riots, protests and strategic
//! developments). Strong triggers outvote weak ones ("killed", "explosion").

use crate::taxonomy::SubEventType;

/// One counting vote as the rule sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ballot {
    pub sub: SubEventType,
    pub strong: bool,
}

/// Picks the sub-event type from the ballots; returns it and, when several distinct types
/// competed, the rule text for the notes. `None` without ballots.
pub(crate) fn collapse(
    ballots: impl Iterator<Item = Ballot> + Clone,
) -> Option<(SubEventType, Option<String>)> {
    let any_strong = ballots.clone().any(|b| b.strong);
    let mut pool: Vec<SubEventType> = ballots
        .filter(|b| b.strong || !any_strong)
        .map(|b| b.sub)
        .collect();
    pool.sort_unstable();
    pool.dedup();
    let best = *pool.iter().max_by_key(|s| s.rank())?;
    if pool.len() < 2 {
        return Some((best, None));
    }
    let names: Vec<String> = pool.iter().map(|s| s.name().to_lowercase()).collect();
    let note = format!(
        "Concurrent tactics ({}) coded as {}, the higher-ranked sub-event type",
        names.join(" and "),
        best.name()
    );
    Some((best, Some(note)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::events;
    use SubEventType::{ArmedClash, Attack, SuicideBomb};

    fn ballots(v: &[(SubEventType, bool)]) -> impl Iterator<Item = Ballot> + Clone + '_ {
        v.iter().map(|&(sub, strong)| Ballot { sub, strong })
    }

    #[test]
    fn the_highest_rank_among_strong_votes_wins() {
        let (sub, note) = collapse(ballots(&[
            (Attack, true),
            (ArmedClash, true),
            (SuicideBomb, false),
        ]))
        .unwrap();
        assert_eq!(sub, ArmedClash, "the weak suicide-bomb vote is outvoted");
        assert_eq!(
            note.as_deref(),
            Some("Concurrent tactics (armed clash and attack) coded as Armed clash, the higher-ranked sub-event type")
        );
        assert_eq!(
            collapse(ballots(&[(Attack, false), (Attack, false)])),
            Some((Attack, None))
        );
        assert_eq!(collapse(ballots(&[])), None);
    }

    #[test]
    fn a_strike_and_a_clash_in_one_report() {
        let e = &events(
            "en",
            "Government warplanes bombed rebel positions near the dam on Friday as fighting raged between troops and rebels.",
        )[0];
        let rules = &e.rules;
        assert_eq!(e.sub_event_type, "Armed clash");
        assert!(
            rules.iter().any(|r| r.starts_with("Concurrent tactics")),
            "{rules:?}"
        );
    }
}
