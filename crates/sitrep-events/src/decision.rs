//! Third stage: the decision. Given a [`Candidate`] with every vote and the rules' evidence, it
//! says whether there is an event, of which sub-event type, and which vote's trigger (and so
//! which clause) is the event's main evidence.
//!
//! This is the one place where the type is chosen, and the seam for a learned decision (issue
//! 15): a model reads the same candidate (each vote's trigger span, lexicon code, strength,
//! background flag, typed sub-event type and veto; the clauses' actors with roles and inter
//! codes, fatality reports, dates, attribution, context cues; the protest context, the
//! `generic_only` vote) and returns the same [`Decision`]. The record built from a decision
//! keeps the rules' evidence spans whatever decided.
//!
//! Three deciders share the [`Decision`] type:
//! - the codebook's ([`decide`]): [`rules::generic`]'s "no event", then [`rules::concurrent`]
//!   over the counting votes;
//! - the learned one ([`learned`]): the model's class probabilities (its features include the
//!   codebook's decision) pick the type or no event; the main vote, and so every evidence span,
//!   is the codebook's whenever the codebook found an event ([`main_vote`]);
//! - the combined one ([`combined`]): the codebook decides whether there is an event, the
//!   model which of the types its counting votes propose.

use crate::candidate::{Candidate, Vote};
use crate::model::{Thresholds, CLASSES, NONE};
use crate::rules;
use crate::rules::concurrent::Ballot;
use crate::taxonomy::SubEventType;

/// What the decision step concluded about a candidate that is an event.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decision {
    pub sub: SubEventType,
    /// Index into the candidate's votes of the main vote: its trigger is the event's trigger
    /// evidence, its clause the main clause (sentence evidence, first actors).
    pub main: usize,
    /// The sentence of the rule that chose between competing types, if several competed.
    pub note: Option<String>,
    /// The learned model's probability of the chosen type; `None` for the codebook's decision
    /// (the record then scores its evidence instead).
    pub confidence: Option<f32>,
}

/// The learned decision on a candidate's class probabilities: a sub-event type and its
/// probability, or `None` for no event. `rule` is the codebook's decision. Where the codebook
/// codes an event, the model takes it away when *no event* reaches `thresholds.none`, and
/// replaces its type when its own best type is `thresholds.margin` more probable; elsewhere (a
/// sentence with no counting trigger, or only generic words) the model's best type is an event
/// when it reaches `thresholds.fallback`.
pub(crate) fn learned(
    probs: &[f32; CLASSES],
    thresholds: Thresholds,
    rule: Option<SubEventType>,
) -> Option<(SubEventType, f32)> {
    let (best, p) = probs[..NONE]
        .iter()
        .enumerate()
        .fold((0, f32::MIN), |b, (k, &p)| if p > b.1 { (k, p) } else { b });
    let best = SubEventType::ALL[best];
    match rule {
        Some(_) if probs[NONE] >= thresholds.none => None,
        Some(r) if p - probs[r as usize] >= thresholds.margin => Some((best, p)),
        Some(r) => Some((r, probs[r as usize])),
        None => (p >= thresholds.fallback).then_some((best, p)),
    }
}

/// How much more probable than the codebook's type another type the rules also proposed must
/// be for the combined decision ([`combined`]) to take it. Chosen on the *tune* halves: 0.1 and
/// 0.2 tie on CASE and on the validation set, 0.1 abstains better on Spanish; 0 lets the model
/// overturn near-ties and costs CASE tune 0.9 points (BENCHMARKS.md, "Combined decision").
pub(crate) const COMBINED_MARGIN: f32 = 0.1;

/// The combined decision on a candidate the codebook codes as `rule`: the codebook decides
/// *whether* there is an event, the model *which* of the sub-event types the counting votes
/// propose (`voted`). The model's most probable voted type replaces the codebook's when it is
/// [`COMBINED_MARGIN`] more probable; a type no counting vote proposes is never chosen, and
/// the model adds no event (a chosen type whose row has no actor 1 is no event, as in the
/// rules). Returns the type and its probability.
pub(crate) fn combined(
    probs: &[f32; CLASSES],
    voted: impl Iterator<Item = SubEventType>,
    rule: SubEventType,
) -> (SubEventType, f32) {
    let keep = (rule, probs[rule as usize]);
    let best = voted
        .map(|s| (s, probs[s as usize]))
        .fold(keep, |b, c| if c.1 > b.1 { c } else { b });
    if best.1 - keep.1 >= COMBINED_MARGIN {
        best
    } else {
        keep
    }
}

/// The main vote of a learned decision of type `sub`: the codebook's main vote when the codebook
/// found an event (so the record's evidence is exactly the rules'), else the first vote for
/// `sub` (vetoed or not), else the first vote; `None` when the candidate has no vote at all.
pub(crate) fn main_vote(
    candidate: &Candidate,
    rule: Option<&Decision>,
    sub: SubEventType,
) -> Option<usize> {
    if let Some(d) = rule {
        return Some(d.main);
    }
    candidate
        .votes
        .iter()
        .position(|v| v.sub == sub)
        .or_else(|| (!candidate.votes.is_empty()).then_some(0))
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
    Some(Decision {
        sub,
        main,
        note,
        confidence: None,
    })
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

    fn probs(best: SubEventType, p: f32, none: f32) -> [f32; CLASSES] {
        let mut out = [(1.0 - p - none) / (CLASSES - 2) as f32; CLASSES];
        out[best as usize] = p;
        out[NONE] = none;
        out
    }

    #[test]
    fn combined_decision_picks_among_the_voted_types_only() {
        use SubEventType::{Arrests, Attack, PeacefulProtest};
        let mut p = [0.0f32; CLASSES];
        p[Attack as usize] = 0.5;
        p[PeacefulProtest as usize] = 0.3;
        p[Arrests as usize] = 0.15;
        p[NONE] = 0.05;
        // Attack is the model's best, but no vote proposes it: the best voted type wins.
        let voted = [PeacefulProtest, Arrests];
        assert_eq!(
            combined(&p, voted.into_iter(), Arrests),
            (PeacefulProtest, 0.3)
        );
        // Within the margin the codebook's type stays.
        p[Arrests as usize] = 0.25;
        assert_eq!(combined(&p, voted.into_iter(), Arrests), (Arrests, 0.25));
        // A single proposed type is the codebook's, whatever the model prefers.
        assert_eq!(
            combined(&p, [Arrests].into_iter(), Arrests),
            (Arrests, 0.25)
        );
    }

    #[test]
    fn learned_decision_keeps_overrides_or_adds_events_by_threshold() {
        let t = Thresholds {
            none: 0.6,
            margin: 0.2,
            fallback: 0.7,
        };
        // The codebook's Arrests; the model prefers Attack by 0.45 to 0.1.
        let mut p = probs(Attack, 0.45, 0.35);
        p[Arrests as usize] = 0.1;
        assert_eq!(learned(&p, t, Some(Arrests)), Some((Attack, 0.45)));
        // By less than the margin: the codebook's type, with the model's probability of it.
        p[Arrests as usize] = 0.3;
        assert_eq!(learned(&p, t, Some(Arrests)), Some((Arrests, 0.3)));
        // No event sure enough takes the codebook's event away.
        assert_eq!(learned(&probs(Attack, 0.3, 0.6), t, Some(Attack)), None);
        // Without a codebook event, only a sure type is an event.
        assert_eq!(learned(&probs(Attack, 0.45, 0.35), t, None), None);
        assert_eq!(
            learned(&probs(Attack, 0.8, 0.1), t, None),
            Some((Attack, 0.8))
        );
    }

    #[test]
    fn learned_main_vote_is_the_codebooks_when_it_found_an_event() {
        let cluster = one_clause();
        let votes = vec![
            vote(0, Arrests, Strength::Strong, Some(Veto::Negated)),
            vote(1, Attack, Strength::Strong, None),
        ];
        let c = candidate(&cluster, votes);
        let rule = decide(&c).unwrap();
        assert_eq!(main_vote(&c, Some(&rule), ArmedClash), Some(1));
        // Without a codebook event: the first vote for the type, vetoed or not.
        assert_eq!(main_vote(&c, None, Arrests), Some(0));
        assert_eq!(main_vote(&c, None, ArmedClash), Some(0));
        let empty = candidate(&cluster, Vec::new());
        assert_eq!(main_vote(&empty, None, Attack), None);
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
