//! Generic words alone are no event: a candidate whose only votes are weak ("killed",
//! "explosion", "violence"), with nobody named doing anything and no strategic development,
//! reports a death or a blast without the who that ACLED codes (an accident, a crime, a
//! disaster). It runs after the protest rule and before [`super::deaths`], on the votes that
//! count at that point.
//!
//! A protest's doer is a crowd, and a crowd is often named by what its people are rather than
//! by an actor of the lexicon ("desocupados ocupan la sede", "miners blocked the road", "des
//! agriculteurs ont bloqué"): when every counting vote is a protest word and the clauses name
//! civilians (a `civilian` noun of `cues.txt`, people or the places they gather in), the crowd
//! is there and rule `crowd` names it; the words are not generic.

use crate::candidate::Candidate;
use crate::clause::Clause;
use crate::taxonomy::EventType;

/// Marks the candidate `generic_only` when nothing but generic violence words vote for it.
pub(crate) fn apply(candidate: &mut Candidate, clauses: &[Clause]) {
    let strong = candidate.counting().any(|v| v.strong());
    let only_violence = candidate
        .counting()
        .all(|v| v.sub.event_type() != EventType::StrategicDevelopments);
    let protest_only = candidate
        .counting()
        .all(|v| v.sub.event_type() == EventType::Protests);
    let crowd = protest_only
        && candidate
            .cluster
            .clauses
            .iter()
            .any(|&ci| clauses[ci].civilian);
    candidate.generic_only = !strong && !candidate.any_actor && !crowd && only_violence;
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
    fn people_doing_a_protest_act_are_a_crowd() {
        let cases = [
            (
                "es",
                "Unos doscientos campesinos ocuparon el lunes la iglesia principal.",
            ),
            (
                "en",
                "Hundreds of farmers marched through the town centre on Monday.",
            ),
            (
                "fr",
                "Des centaines d'agriculteurs ont défilé lundi dans le centre de la ville.",
            ),
        ];
        for (lang, text) in cases {
            assert_eq!(coded(lang, text), "Peaceful protest", "{lang}: {text}");
        }
        // Social groups named by their condition or trade are people too (`civilian` nouns:
        // the unemployed, miners, pensioners), in a protest act and in a disaster alike.
        assert_eq!(
            coded(
                "es",
                "Cientos de desempleados ocuparon el lunes la catedral de Mirasol."
            ),
            "Peaceful protest"
        );
        assert_eq!(
            coded(
                "es",
                "Decenas de mineros ocupan desde el martes la sede de la empresa en Mirasol."
            ),
            "Peaceful protest"
        );
        assert_eq!(
            coded(
                "es",
                "Un minero murió en un derrumbe en la mina de carbón de Mirasol."
            ),
            "none"
        );
        assert_eq!(
            coded(
                "en",
                "Two miners died in a blast at a coal mine near Tarvela."
            ),
            "none"
        );
        assert_eq!(
            coded(
                "fr",
                "Des centaines de mineurs ont manifesté lundi devant le siège de la compagnie à Mirasol."
            ),
            "Peaceful protest"
        );
        assert_eq!(
            coded(
                "fr",
                "Deux mineurs sont morts dans un coup de grisou à Mirasol."
            ),
            "none"
        );
        assert_eq!(
            coded("es", "Los jubilados no ocuparon la sede del ministerio."),
            "none"
        );
        // Without people, a weak protest word is not a protest: "la marcha de la economía".
        assert_eq!(
            coded(
                "es",
                "La marcha de la economía preocupa al gobierno este año."
            ),
            "none"
        );
    }

    #[test]
    fn a_named_doer_or_a_specific_word_makes_it_an_event() {
        let agent = "Rebels killed three people on the highway on Monday.";
        assert_ne!(coded("en", agent), "none", "a named agent");
        let specific = "Three people were killed in an ambush on Monday.";
        assert_ne!(coded("en", specific), "none", "a specific word");
    }
}
