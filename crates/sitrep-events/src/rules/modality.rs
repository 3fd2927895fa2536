//! No event for what did not happen or has not happened yet: a negation ("n'ont pas attaqué",
//! "did not attack", "denied"), a future or conditional ("va attaquer", "will strike", "could"),
//! or intent ("sought to seize") in the few words before a trigger blocks it; a hedge verb
//! ("semble", "seems") anywhere in the clause blocks weak and strong triggers alike.
//!
//! A call, demand, appeal or threat (`appeal` cues: "called for a general strike", "amenazó
//! este martes con iniciar un paro", "appelle à une nouvelle journée de manifestations") governs
//! the whole rest of its clause, however far the trigger: what is asked for has not happened
//! (ACLED codes the strike or the march when it is held, not when it is called). Its vote is
//! taken away as a modal one. A trigger before the cue counts ("thousands marched to demand").

use std::ops::Range;

use sitrep_text::{Sep, Token};

use crate::lexicon::Cue;
use crate::rules::Veto;
use crate::scan::{Scan, TriggerHit};

/// How far before a trigger a negation or modal still governs it.
const WINDOW: usize = 4;

/// Why a trigger is blocked (negated, modal or hedged), or `None`.
pub(crate) fn blocked(
    trigger: &TriggerHit,
    scan: &Scan,
    tokens: &[Token],
    clause: &Range<usize>,
    sentence_start: usize,
) -> Option<Veto> {
    let from = trigger.start.saturating_sub(WINDOW).max(clause.start);
    for c in &scan.cues {
        if c.start < from || c.start >= trigger.start || c.end > trigger.start + 1 {
            continue;
        }
        // A capitalised cue inside a sentence is a name or a month (`May`, `Will`).
        if c.start != sentence_start && tokens[c.start].capitalized {
            continue;
        }
        // A negation set off by punctuation describes the words it precedes: in "no
        // identificados, fueron asesinados" it is the victims', not the killing's. Punctuation
        // followed by a trigger continues a list the negation governs ("not injured, arrested
        // or detained"); a modal phrase governs its clause across commas ("en novembre
        // prochain, la Suisse affrontera").
        if c.cue == Cue::Negation {
            let stop = (c.end - 1..trigger.start - 1)
                .find(|&k| matches!(tokens[k].sep, Sep::Punct | Sep::Dot | Sep::Break));
            let list = |k: usize| scan.triggers.iter().any(|t| t.start == k + 1);
            if stop.is_some_and(|k| !list(k)) {
                continue;
            }
        }
        match c.cue {
            Cue::Negation => return Some(Veto::Negated),
            Cue::Modality => return Some(Veto::Modal),
            _ => {}
        }
    }
    if scan.has_cue_in(Cue::Hedge, clause) {
        return Some(Veto::Hedged);
    }
    let appealed = scan.cues.iter().any(|c| {
        c.cue == Cue::Appeal
            && clause.contains(&c.start)
            && c.end <= trigger.start
            && (c.start == sentence_start || !tokens[c.start].capitalized)
    });
    if appealed {
        return Some(Veto::Modal);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{coded, scan};

    /// Each trigger of the sentence with the verdict on it.
    fn verdicts(lang: &str, text: &str) -> Vec<(String, Option<Veto>)> {
        let s = scan(lang, text);
        s.scan
            .triggers
            .iter()
            .map(|t| {
                let words = &text[s.tokens[t.start].start..s.tokens[t.end - 1].end];
                let verdict = blocked(t, &s.scan, &s.tokens, &s.range, 0);
                (words.to_owned(), verdict)
            })
            .collect()
    }

    fn verdict(lang: &str, text: &str, trigger: &str) -> Option<Veto> {
        let all = verdicts(lang, text);
        let found = all.iter().find(|(w, _)| w == trigger);
        found
            .unwrap_or_else(|| panic!("no trigger {trigger:?} in {all:?}"))
            .1
    }

    #[test]
    fn negation_future_and_hedges() {
        let neg = "The rebels did not attack the town.";
        assert_eq!(verdict("en", neg, "attack"), Some(Veto::Negated));
        let fut = "The rebels will attack the town.";
        assert_eq!(verdict("en", fut, "attack"), Some(Veto::Modal));
        let done = "The rebels attacked the town.";
        assert_eq!(verdict("en", done, "attacked"), None);
        let fr = "Les rebelles n'ont pas attaqué la ville.";
        assert_eq!(verdict("fr", fr, "attaqué"), Some(Veto::Negated));
        assert_eq!(coded("en", neg), "none");
    }

    #[test]
    fn a_call_or_threat_governs_the_rest_of_its_clause() {
        let en = "The union on Monday called for a nationwide general strike against the reform.";
        assert_eq!(verdict("en", en, "general strike"), Some(Veto::Modal));
        let called = [
            ("en", en),
            ("es", "La federación campesina amenazó este jueves con iniciar un paro agrario indefinido."),
            ("es", "El dirigente convocó a sus seguidores a una gran jornada de protestas el viernes."),
            ("fr", "Le syndicat appelle les enseignants à une nouvelle journée de grève jeudi."),
            ("ar", "دعت النقابة العمال إلى تنظيم إضراب عام يوم الخميس المقبل."),
        ];
        for (lang, text) in called {
            assert_eq!(coded(lang, text), "none", "{lang}: {text}");
        }
        // The event told before the call is reported: the call is its purpose.
        let before = [
            ("en", "Thousands of teachers marched in the capital on Monday and demanded higher pay."),
            ("es", "Miles de maestros marcharon el lunes en la capital y exigieron aumentos salariales."),
        ];
        for (lang, text) in before {
            assert_eq!(coded(lang, text), "Peaceful protest", "{lang}: {text}");
        }
    }

    #[test]
    fn punctuation_closes_a_negation() {
        let described = [
            ("es", "Dos comerciantes, no identificados, fueron asesinados por hombres armados el lunes."),
            ("en", "Two traders, not identified, were shot dead by gunmen on Monday."),
        ];
        for (lang, text) in described {
            assert_ne!(coded(lang, text), "none", "{lang}: {text}");
        }
        // Traps: a negated list, and a modal phrase across a comma, still block.
        assert_eq!(
            coded(
                "en",
                "Nobody was seriously hurt and the men were not injured, arrested or detained."
            ),
            "none"
        );
        assert_eq!(
            coded(
                "fr",
                "En novembre prochain, les rebelles attaqueront la ville."
            ),
            "none"
        );
        // Trap: the negation right before its verb still blocks it.
        assert_eq!(
            coded("es", "Los guerrilleros no asesinaron a los comerciantes."),
            "none"
        );
    }

    #[test]
    fn the_reflexive_si_is_no_conditional() {
        let text = "Dos primos entre sí fueron secuestrados por hombres armados el lunes.";
        assert_eq!(coded("es", text), "Abduction/forced disappearance");
        // Trap: the conditional still blocks what it conditions.
        let cond = "Si los rebeldes secuestran a los alcaldes, el gobierno suspenderá el diálogo.";
        assert_eq!(coded("es", cond), "none");
    }

    #[test]
    fn a_capitalised_cue_inside_a_sentence_is_a_name() {
        let text = "Rebels led by Will attacked the town.";
        assert_eq!(verdict("en", text, "attacked"), None);
    }
}
