//! Second stage: candidate events. Clauses that tell of one day and one place are grouped
//! ([`cluster`]: ACLED's event is one type of thing, on one day, at one location), and each
//! group becomes a [`Candidate`]: every trigger of its clauses as a [`Vote`] for a sub-event
//! type, with the rule that vetoed it if any, plus the evidence the event rules and the
//! decision read. Nothing is decided here; the rules only type, weigh and veto votes.

use crate::actors::Role;
use crate::clause::Clause;
use crate::lexicon::{Code, Lexicon, Strength};
use crate::place::{self, Place, PlaceRef};
use crate::rules::protest::ProtestContext;
use crate::rules::{self, Veto};
use crate::scan::TriggerHit;
use crate::taxonomy::{Inter, SubEventType};

/// Clauses told of one day and one place, in text order.
#[derive(Debug)]
pub(crate) struct Cluster {
    /// Indices into the document's clauses.
    pub clauses: Vec<usize>,
    pub date: Option<jiff::civil::Date>,
    pub place: Option<PlaceRef>,
}

/// One event per day and location: a clause joins the latest event when its date and place do
/// not contradict it, or any earlier event with exactly its date and place. Only a clause with
/// a counting trigger opens an event; one with only a fatality report can join one.
pub(crate) fn cluster(clauses: &[Clause], places: &[Place]) -> Vec<Cluster> {
    let compatible = |a: PlaceRef, b: PlaceRef| {
        place::compatible(places[a.index].mention, places[b.index].mention)
    };
    let mut clusters: Vec<Cluster> = Vec::new();
    for (ci, c) in clauses.iter().enumerate() {
        let opens = c.has_votes();
        if !opens && c.reports.is_empty() {
            continue;
        }
        let date = c.date.as_ref().and_then(|d| d.date);
        let loose = |k: &Cluster| {
            let date_ok = date.is_none() || k.date.is_none() || k.date == date;
            let place_ok = match (c.place, k.place) {
                (Some(a), Some(b)) => compatible(a, b),
                _ => true,
            };
            date_ok && place_ok
        };
        let strict = |k: &Cluster| {
            date.is_some()
                && k.date == date
                && matches!((c.place, k.place), (Some(a), Some(b)) if !a.inherited && !b.inherited && compatible(a, b))
        };
        let target = if clusters.last().is_some_and(loose) {
            Some(clusters.len() - 1)
        } else {
            clusters.iter().position(strict)
        };
        match target {
            Some(k) => {
                let k = &mut clusters[k];
                k.clauses.push(ci);
                k.date = k.date.or(date);
                k.place = rules::location::merge(k.place, c.place, places);
            }
            None if opens => clusters.push(Cluster {
                clauses: vec![ci],
                date,
                place: c.place,
            }),
            None => {}
        }
    }
    clusters
}

/// One trigger's vote for a sub-event type.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Vote {
    /// The trigger: span, the lexicon's code and its strength (after the background rule).
    pub hit: TriggerHit,
    /// It follows a background cue ("amid clashes") and was demoted to weak.
    #[allow(
        dead_code,
        reason = "evidence for a learned decision (issue 15); the rule decision reads the demoted strength"
    )]
    pub background: bool,
    /// Index of its clause in the document's clauses.
    pub clause: usize,
    /// The sub-event type it votes for, after the typing rules ([`rules::territory`],
    /// [`rules::attack_target`], [`rules::protest`]).
    pub sub: SubEventType,
    /// The rule that took the vote away; `None` when it counts.
    pub veto: Option<Veto>,
}

impl Vote {
    pub fn counts(&self) -> bool {
        self.veto.is_none()
    }

    /// A specific word (not a generic one like "killed", "explosion").
    pub fn strong(&self) -> bool {
        self.hit.strength != Strength::Weak
    }
}

/// A proposed event: its clauses and every vote and piece of evidence the rules produced.
#[derive(Debug)]
pub(crate) struct Candidate<'a> {
    pub cluster: &'a Cluster,
    /// Every trigger of the clauses, clause by clause in text order, vetoed ones included.
    pub votes: Vec<Vote>,
    /// What the clauses say happened at or to a protest.
    pub protest: ProtestContext,
    /// Some clause names an actor.
    pub any_actor: bool,
    /// Some clause reports deaths (a fatality report above zero).
    pub deaths: bool,
    /// Set by [`rules::generic`]: only generic words, nobody doing them: no event.
    pub generic_only: bool,
    /// The sentences of the rules that changed a vote, in the order they ran.
    pub notes: Vec<String>,
}

impl<'a> Candidate<'a> {
    /// The candidate of a cluster, its votes typed by the agent and target of their clause.
    pub fn new(cluster: &'a Cluster, clauses: &[Clause], lex: &Lexicon) -> Candidate<'a> {
        let members = || cluster.clauses.iter().map(|&ci| &clauses[ci]);
        let mut candidate = Candidate {
            cluster,
            votes: Vec::new(),
            protest: ProtestContext::of_event(members()),
            any_actor: members().any(|c| !c.mentions.is_empty()),
            deaths: members().any(|c| c.reports.iter().any(|r| r.value > 0 && !r.cumulative)),
            generic_only: false,
            notes: Vec::new(),
        };
        for &ci in &cluster.clauses {
            candidate.add_votes(ci, &clauses[ci], lex);
        }
        candidate
    }

    fn add_votes(&mut self, ci: usize, c: &Clause, lex: &Lexicon) {
        let inter = |role: Role| {
            c.mentions
                .iter()
                .filter(move |m| m.role == role)
                .map(|m| lex.actors[m.hit.actor as usize].inter)
        };
        let agent = inter(Role::Agent).next();
        let targets: Vec<Inter> = inter(Role::Target).collect();
        for t in &c.triggers {
            let sub = match t.hit.code {
                Code::Sub(s) => match rules::territory::by_agent(s, agent) {
                    Some(typed) if typed != s => {
                        if t.counts() {
                            self.notes.push(rules::territory::note(typed));
                        }
                        typed
                    }
                    _ => s,
                },
                Code::Attack => rules::attack_target::sub(&targets, c.military, c.civilian),
                // The scan drops stop phrases; nothing to vote for.
                Code::Stop => continue,
            };
            self.votes.push(Vote {
                hit: t.hit,
                background: t.background,
                clause: ci,
                sub,
                veto: t.veto,
            });
        }
    }

    /// The votes that count, in order.
    pub fn counting(&self) -> impl Iterator<Item = &Vote> + Clone {
        self.votes.iter().filter(|v| v.counts())
    }

    /// Vetoes the counting votes for which `vetoed` holds.
    pub fn veto(&mut self, veto: Veto, vetoed: impl Fn(&Vote) -> bool) {
        for v in self.votes.iter_mut().filter(|v| v.counts()) {
            if vetoed(v) {
                v.veto = Some(veto);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clause;
    use crate::lexicon::LANGS;
    use crate::rules::testing::events;
    use crate::EventInput;

    /// The candidates of an English text (no places), as (sub-event type, veto) per vote.
    fn votes(text: &str) -> Vec<Vec<(SubEventType, Option<Veto>)>> {
        let lex = Lexicon::parse(&LANGS[0]);
        let tokens = sitrep_text::tokenize(text);
        let sentences = sitrep_text::sentences(text);
        let input = EventInput::new(text, &tokens, &sentences, "en");
        let clauses = clause::clauses(&input, &lex, None, &[], None);
        cluster(&clauses, &[])
            .iter()
            .map(|k| {
                let c = Candidate::new(k, &clauses, &lex);
                c.votes.iter().map(|v| (v.sub, v.veto)).collect()
            })
            .collect()
    }

    #[test]
    fn vetoed_triggers_stay_as_votes() {
        let got = votes("Rebels attacked an army post, but they did not attack the town.");
        // Both typed by the clause's military noun; the second is negated.
        assert_eq!(
            got,
            [[
                (SubEventType::ArmedClash, None),
                (SubEventType::ArmedClash, Some(Veto::Negated))
            ]]
        );
    }

    #[test]
    fn one_event_per_day() {
        let text = "Rebels attacked an army post on Monday. Three soldiers were killed. \
                    On Wednesday, police arrested ten students in the capital.";
        let got = events("en", text);
        let mut summary: Vec<(&str, u32)> = got
            .iter()
            .map(|e| (e.sub_event_type.as_str(), e.fatalities))
            .collect();
        summary.sort();
        assert_eq!(summary, [("Armed clash", 3), ("Arrests", 0)]);
    }
}
