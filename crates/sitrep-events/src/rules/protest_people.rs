//! A protest word that qualifies people names them, not an event: "the leaders of the strike
//! met the minister", "los líderes de la protesta dijeron", "les organisateurs de la
//! manifestation ont annoncé", "strike leaders said". The sentence is about what those people
//! said, demanded or negotiated; a protest it reports has its own word ("the leaders of the
//! strike marched", where "marched" still votes). A protest or riot trigger is vetoed when a
//! `leader_noun` cue governs it: the noun, then only `of` and `det` words (at least one `of`),
//! then the trigger; or, as English compounds put it, the trigger right before the noun.
//! Arabic's construct state (`قادة الاحتجاج`, no `of` word) is listed as stop phrases in its
//! trigger file instead: a bare noun followed by a trigger would also match a verb ("leaders
//! marched").

use std::ops::Range;

use crate::lexicon::{Code, Cue};
use crate::scan::{Scan, TriggerHit};
use crate::taxonomy::EventType;

/// Whether the protest or riot trigger `t` names the people a `leader_noun` governs.
pub(crate) fn names_people(t: &TriggerHit, scan: &Scan, clause: &Range<usize>) -> bool {
    let Code::Sub(sub) = t.code else {
        return false;
    };
    if !matches!(sub.event_type(), EventType::Protests | EventType::Riots) {
        return false;
    }
    scan.cues
        .iter()
        .filter(|c| c.cue == Cue::LeaderNoun && clause.contains(&c.start))
        .any(|c| {
            // "protest leaders": the compound's head right after the trigger.
            let compound = c.start == t.end;
            // "leaders of the protest": only `of`/`det` words between, one of them `of`.
            let governed = c.end < t.start
                && (c.end..t.start).all(|k| scan.cue_at(Cue::Of, k) || scan.cue_at(Cue::Det, k))
                && (c.end..t.start).any(|k| scan.cue_at(Cue::Of, k));
            compound || governed
        })
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::coded;

    #[test]
    fn leaders_of_a_protest_are_people() {
        assert_eq!(
            coded(
                "es",
                "Los líderes de la huelga se reunieron con el ministro de Trabajo en Tarvela."
            ),
            "none"
        );
        assert_eq!(
            coded("en", "Strike leaders told reporters that talks had failed."),
            "none"
        );
        assert_eq!(
            coded(
                "fr",
                "Les organisateurs de la manifestation ont dénoncé les menaces du préfet."
            ),
            "none"
        );
        assert_eq!(
            coded("ar", "وقال قادة الاحتجاجات إن الحكومة لم تستجب لمطالبهم."),
            "none"
        );
    }

    #[test]
    fn the_protest_they_lead_still_counts() {
        // The leaders' own protest act votes.
        assert_eq!(
            coded(
                "es",
                "Los dirigentes del paro marcharon el lunes por el centro de Tarvela."
            ),
            "Peaceful protest"
        );
        assert_eq!(
            coded(
                "en",
                "Opposition leaders marched through the capital on Monday."
            ),
            "Peaceful protest"
        );
        // The protest itself, with its leaders arrested at it: a protest with intervention
        // stays one (the trigger is not governed by the noun).
        assert_eq!(
            coded(
                "en",
                "Thousands protested in Tarvela on Monday and police detained two of their leaders."
            ),
            "Protest with intervention"
        );
    }
}
