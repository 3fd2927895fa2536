//! Third stage: the decision. Given a [`Candidate`] with every vote and the rules' evidence, it
//! says whether there is an event, of which sub-event type, and which vote's trigger (and so
//! which clause) is the event's main evidence.
//!
//! This is the one place where the type is chosen, and the seam for a learned decision (issue
//! 15): a model reads the same candidate (each vote's trigger span, lexicon code, strength,
//! background flag, typed sub-event type and veto; the clauses' actors with roles and inter
//! codes, fatality reports, dates, attribution, context cues; the protest context, the
//! `generic_only` vote) and returns the same [`Decision`]. The record built from a decision
//! keeps the rules' evidence spans whatever decided. Today the decision is the codebook's:
//! [`rules::generic`]'s "no event", then [`rules::concurrent`] over the counting votes.

use crate::candidate::{Candidate, Vote};
use crate::rules;
use crate::rules::concurrent::Ballot;
use crate::taxonomy::SubEventType;

/// What the decision step concluded about a candidate that is an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decision {
    pub sub: SubEventType,
    /// Index into the candidate's votes of the main vote: its trigger is the event's trigger
    /// evidence, its clause the main clause (sentence evidence, first actors).
    pub main: usize,
    /// The sentence of the rule that chose between competing types, if several competed.
    pub note: Option<String>,
}

/// The decision on a candidate; `None` when it is no event.
pub(crate) fn decide(candidate: &Candidate) -> Option<Decision> {
    if candidate.generic_only {
        return None;
    }
    let ballots = candidate.counting().map(|v| Ballot {
        sub: v.sub,
        strong: v.strong(),
    });
    let (sub, note) = rules::concurrent::collapse(ballots)?;
    let any_strong = candidate.counting().any(Vote::strong);
    // The first vote for the chosen type that took part in the choice, else the first vote.
    let counting = || {
        candidate
            .votes
            .iter()
            .enumerate()
            .filter(|(_, v)| v.counts())
    };
    let main = counting()
        .find(|(_, v)| v.sub == sub && (v.strong() || !any_strong))
        .or_else(|| counting().next())
        .map(|(i, _)| i)?;
    Some(Decision { sub, main, note })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::candidate::Cluster;
    use crate::lexicon::{Code, Strength};
    use crate::rules::protest::ProtestContext;
    use crate::rules::Veto;
    use crate::scan::TriggerHit;
    use SubEventType::{ArmedClash, Arrests, Attack};

    fn vote(at: usize, sub: SubEventType, strength: Strength, veto: Option<Veto>) -> Vote {
        Vote {
            hit: TriggerHit {
                start: at,
                end: at + 1,
                code: Code::Sub(sub),
                strength,
            },
            background: false,
            clause: at,
            sub,
            veto,
        }
    }

    fn one_clause() -> Cluster {
        Cluster {
            clauses: vec![0],
            date: None,
            place: None,
        }
    }

    fn candidate(cluster: &Cluster, votes: Vec<Vote>) -> Candidate<'_> {
        Candidate {
            cluster,
            votes,
            protest: ProtestContext::default(),
            any_actor: true,
            deaths: false,
            generic_only: false,
            notes: Vec::new(),
        }
    }

    #[test]
    fn vetoed_votes_do_not_count_and_the_main_vote_took_part() {
        let cluster = one_clause();
        let votes = vec![
            vote(0, Attack, Strength::Weak, None),
            vote(1, Arrests, Strength::Strong, Some(Veto::Negated)),
            vote(2, ArmedClash, Strength::Weak, None),
            vote(3, Attack, Strength::Strong, None),
        ];
        let d = decide(&candidate(&cluster, votes)).unwrap();
        // The strong Attack outvotes the weak clash; the negated arrest is not a vote.
        assert_eq!((d.sub, d.main, d.note), (Attack, 3, None));
    }

    #[test]
    fn no_event_without_votes_or_when_a_rule_says_so() {
        let cluster = one_clause();
        let vetoed = vec![vote(0, Attack, Strength::Strong, Some(Veto::Claimed))];
        assert_eq!(decide(&candidate(&cluster, vetoed)), None);
        let mut generic = candidate(&cluster, vec![vote(0, Attack, Strength::Weak, None)]);
        assert!(decide(&generic).is_some());
        generic.generic_only = true;
        assert_eq!(decide(&generic), None);
    }
}
