//! Protests are refined by what happened to or at them: protesters who rioted (stones, arson,
//! "turned violent") make a Violent demonstration; lethal force against them (live ammunition,
//! protesters killed) Excessive force against protesters; any other intervention (tear gas,
//! dispersal, arrests) Protest with intervention; otherwise a Peaceful protest.
//!
//! When a protest or a riot is reported by a specific word, the clashes, attacks and destruction
//! around it are the protest turning violent or being repressed, not separate battles: their
//! votes are absorbed (and a strong clash or looting vote makes the protest violent).

use std::ops::Range;

use crate::candidate::Candidate;
use crate::clause::Clause;
use crate::lexicon::Cue;
use crate::rules::Veto;
use crate::scan::Scan;
use crate::taxonomy::SubEventType;

/// What the text says happened at or to a protest.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct ProtestContext {
    /// Violence by the demonstrators (`protest_violent` cues).
    pub violent: bool,
    /// Lethal force against them (`protest_lethal` cues).
    pub lethal: bool,
    /// Any other intervention (`protest_intervention` cues, outside a `protest_calm` phrase).
    pub intervention: bool,
}

impl ProtestContext {
    /// The protest cues of one clause.
    pub fn of_clause(scan: &Scan, clause: &Range<usize>) -> ProtestContext {
        ProtestContext {
            violent: scan.has_cue_in(Cue::ProtestViolent, clause),
            lethal: scan.has_cue_in(Cue::ProtestLethal, clause),
            // `dispersed peacefully`: the intervention word inside a calm phrase is no
            // intervention.
            intervention: scan.cues.iter().any(|c| {
                c.cue == Cue::ProtestIntervention
                    && clause.contains(&c.start)
                    && !scan
                        .cues
                        .iter()
                        .any(|k| k.cue == Cue::ProtestCalm && k.start <= c.start && c.end <= k.end)
            }),
        }
    }

    /// The context of an event's clauses. Lethal force needs a report of deaths in its clause,
    /// or no report at all ("opened fire on the crowd"): "nobody was killed" takes it back.
    pub fn of_event<'c>(clauses: impl Iterator<Item = &'c Clause>) -> ProtestContext {
        let mut ctx = ProtestContext::default();
        for c in clauses {
            let nobody_died = !c.reports.is_empty() && c.reports.iter().all(|r| r.value == 0);
            ctx.violent |= c.protest.violent;
            ctx.lethal |= c.protest.lethal && !nobody_died;
            ctx.intervention |= c.protest.intervention;
        }
        ctx
    }
}

/// The refined protest sub-event type and the rule text.
pub(crate) fn refine(ctx: ProtestContext) -> (SubEventType, Option<&'static str>) {
    if ctx.violent {
        (
            SubEventType::ViolentDemonstration,
            Some("protest with violence by demonstrators coded as Violent demonstration"),
        )
    } else if ctx.lethal {
        (
            SubEventType::ExcessiveForceAgainstProtesters,
            Some("lethal force against protesters coded as Excessive force against protesters"),
        )
    } else if ctx.intervention {
        (
            SubEventType::ProtestWithIntervention,
            Some("protest dispersed or suppressed coded as Protest with intervention"),
        )
    } else {
        (SubEventType::PeacefulProtest, None)
    }
}

/// The types a protest absorbs.
fn absorbed(sub: SubEventType) -> bool {
    matches!(
        sub,
        SubEventType::ArmedClash | SubEventType::Attack | SubEventType::LootingPropertyDestruction
    )
}

/// Absorbs the clashes around a protest or riot and refines the protest votes.
pub(crate) fn apply(candidate: &mut Candidate) {
    use SubEventType::{PeacefulProtest, ViolentDemonstration};
    let protest = candidate
        .counting()
        .any(|v| matches!(v.sub, PeacefulProtest | ViolentDemonstration) && v.strong());
    if !protest {
        return;
    }
    let mut ctx = candidate.protest;
    let clash_or_looting = candidate.counting().any(|v| {
        v.strong()
            && matches!(
                v.sub,
                SubEventType::ArmedClash | SubEventType::LootingPropertyDestruction
            )
    });
    ctx.violent |= clash_or_looting;
    candidate.veto(Veto::AbsorbedByProtest, |v| absorbed(v.sub));
    let (refined, rule) = refine(ctx);
    for v in candidate.votes.iter_mut().filter(|v| v.counts()) {
        if v.sub == PeacefulProtest {
            v.sub = refined;
        }
    }
    candidate.notes.extend(rule.map(str::to_owned));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{coded, events};

    #[test]
    fn refinement_order() {
        let ctx = |violent, lethal, intervention| ProtestContext {
            violent,
            lethal,
            intervention,
        };
        let sub = |c| refine(c).0;
        assert_eq!(sub(ctx(false, false, false)), SubEventType::PeacefulProtest);
        assert_eq!(
            sub(ctx(false, false, true)),
            SubEventType::ProtestWithIntervention
        );
        assert_eq!(
            sub(ctx(false, true, true)),
            SubEventType::ExcessiveForceAgainstProtesters
        );
        assert_eq!(
            sub(ctx(true, true, true)),
            SubEventType::ViolentDemonstration
        );
    }

    #[test]
    fn a_protest_absorbs_the_clashes_around_it() {
        let text =
            "Hundreds of teachers protested outside the ministry and clashed with the police.";
        let e = &events("en", text)[0];
        assert_eq!(e.sub_event_type, "Violent demonstration");
        assert!(e
            .rules
            .iter()
            .any(|r| r.starts_with("protest with violence")));
    }

    #[test]
    fn interventions_and_calm_endings() {
        let clause = |text: &str| {
            let s = crate::rules::testing::scan("en", text);
            ProtestContext::of_clause(&s.scan, &s.range)
        };
        let calm =
            "Hundreds of protesters gathered outside parliament before dispersing peacefully.";
        let dispersed =
            "Hundreds of protesters gathered outside parliament until police dispersed them.";
        assert!(
            !clause(calm).intervention,
            "the dispersal word inside a calm phrase"
        );
        assert!(clause(dispersed).intervention);
        assert_eq!(coded("en", calm), "Peaceful protest");
        assert_eq!(coded("en", dispersed), "Protest with intervention");
    }
}
