//! Generic words alone are no event: a candidate whose only votes are weak ("killed",
//! "explosion", "violence"), with nobody named doing anything and no strategic development,
//! reports a death or a blast without the who that ACLED codes (an accident, a crime, a
//! disaster). It runs after the protest rule and before [`super::deaths`], on the votes that
//! count at that point.

use crate::candidate::Candidate;
use crate::taxonomy::EventType;

/// Marks the candidate `generic_only` when nothing but generic violence words vote for it.
pub(crate) fn apply(candidate: &mut Candidate) {
    let strong = candidate.counting().any(|v| v.strong());
    let only_violence = candidate
        .counting()
        .all(|v| v.sub.event_type() != EventType::StrategicDevelopments);
    candidate.generic_only = !strong && !candidate.any_actor && only_violence;
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::coded;

    #[test]
    fn a_death_without_a_doer_is_no_event() {
        assert_eq!(
            coded("en", "Three people were killed on the highway on Monday."),
            "none"
        );
        assert_eq!(coded("fr", "Une explosion a retenti dans la nuit."), "none");
    }

    #[test]
    fn a_named_doer_or_a_specific_word_makes_it_an_event() {
        let agent = "Rebels killed three people on the highway on Monday.";
        assert_ne!(coded("en", agent), "none", "a named agent");
        let specific = "Three people were killed in an ambush on Monday.";
        assert_ne!(coded("en", specific), "none", "a specific word");
    }
}
