//! Events named by a verb and a noun a few words apart, which a fixed phrase cannot list:
//! "established a new military base", "an observation post was set up" → Headquarters or base
//! established; "signed a ceasefire agreement", "the deal was reached" → Agreement; "weapons and
//! ammunition were found", "seized a cache of rifles" → Disrupted weapons use; "captured three
//! villages", "took the town" → a territory change (typed by its agent afterwards); a firing
//! verb and its object with the subject between them, as Arabic puts it ("أطلق مسلحون مجهولون
//! النار على", "fired gunmen the fire on") → a generic attack, weak like "opened fire". The
//! words are lexicon cue kinds (`establish` + `base_noun`, `agree_verb` + `agree_noun`,
//! `disrupt` + `weapon_noun`, `capture_verb` + `territory_noun`, `fire_verb` + `fire_noun`);
//! this rule pairs them within a small window of the same clause, in either order where the
//! passive puts the noun first.

use std::ops::Range;

use crate::lexicon::{Code, Cue, Strength};
use crate::scan::{Scan, TriggerHit};
use crate::taxonomy::SubEventType;

/// Words allowed between the verb and the noun ("established a total of 56 military posts").
const WINDOW: usize = 6;

/// (verb, noun, the trigger's code and strength, noun may precede the verb).
const PAIRS: [(Cue, Cue, Code, Strength, bool); 5] = [
    (
        Cue::Establish,
        Cue::BaseNoun,
        Code::Sub(SubEventType::HeadquartersOrBaseEstablished),
        Strength::Strong,
        true,
    ),
    (
        Cue::AgreeVerb,
        Cue::AgreeNoun,
        Code::Sub(SubEventType::Agreement),
        Strength::Strong,
        true,
    ),
    (
        Cue::Disrupt,
        Cue::WeaponNoun,
        Code::Sub(SubEventType::DisruptedWeaponsUse),
        Strength::Strong,
        true,
    ),
    (
        Cue::CaptureVerb,
        Cue::TerritoryNoun,
        Code::Sub(SubEventType::NonStateActorOvertakesTerritory),
        Strength::Strong,
        false,
    ),
    // As the lexicon's contiguous "opened fire": generic, typed by its target.
    (
        Cue::FireVerb,
        Cue::FireNoun,
        Code::Attack,
        Strength::Weak,
        false,
    ),
];

/// Synthetic triggers for the verb–noun pairs found in `clause`.
pub(crate) fn triggers(scan: &Scan, clause: &Range<usize>) -> Vec<TriggerHit> {
    let mut out = Vec::new();
    let in_clause = |c: &&crate::scan::CueHit| clause.contains(&c.start) && c.end <= clause.end;
    for (verb, noun, code, strength, either_order) in PAIRS {
        for v in scan.cues.iter().filter(in_clause).filter(|c| c.cue == verb) {
            let paired = scan.cues.iter().filter(in_clause).find(|n| {
                n.cue == noun
                    && ((n.start >= v.end && n.start - v.end <= WINDOW)
                        || (either_order && n.end <= v.start && v.start - n.end <= WINDOW))
            });
            if let Some(n) = paired {
                let (start, end) = (v.start.min(n.start), v.end.max(n.end));
                // A phrase the lexicon lists already ("فتح النار", "opened fire") votes once.
                let listed = scan
                    .triggers
                    .iter()
                    .any(|t| t.code == code && t.start <= start && end <= t.end);
                if !listed {
                    out.push(TriggerHit {
                        start,
                        end,
                        code,
                        strength,
                    });
                }
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::scan;

    fn subs(lang: &str, text: &str) -> Vec<SubEventType> {
        let s = scan(lang, text);
        triggers(&s.scan, &s.range)
            .iter()
            .filter_map(|t| match t.code {
                Code::Sub(sub) => Some(sub),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn verbs_and_nouns_pair_within_the_window() {
        assert_eq!(
            subs(
                "en",
                "The militia established a new military base near the river."
            ),
            [SubEventType::HeadquartersOrBaseEstablished]
        );
        // The passive puts the noun first.
        assert_eq!(
            subs(
                "en",
                "A cache of rifles and ammunition was found in the farmhouse."
            ),
            [SubEventType::DisruptedWeaponsUse]
        );
        assert_eq!(subs("en", "The militia established a committee."), []);
    }

    #[test]
    fn a_firing_verb_and_its_object_around_the_subject() {
        let s = scan(
            "ar",
            "أطلق مسلحون مجهولون النار على حافلة تقل عمالا في ديالى.",
        );
        let t = triggers(&s.scan, &s.range);
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].code, t[0].strength), (Code::Attack, Strength::Weak));
        // The lexicon's own contiguous phrase votes once.
        let s = scan("ar", "قوات الأمن فتحت النار على المحتجين.");
        assert!(triggers(&s.scan, &s.range).is_empty());
        // Released, not fired: no object of firing.
        let s = scan("ar", "أطلقت السلطات سراح عشرة معتقلين يوم الأحد.");
        assert!(triggers(&s.scan, &s.range).is_empty());
    }

    #[test]
    fn an_arabic_capture_verb_before_its_subject() {
        // VSO: the subject between "سيطر" and "على بلدة".
        assert_eq!(
            subs("ar", "سيطر المسلحون على بلدة صغيرة شمال المدينة يوم الأحد."),
            [SubEventType::NonStateActorOvertakesTerritory]
        );
    }

    #[test]
    fn a_capture_needs_the_verb_first() {
        assert_eq!(
            subs("en", "Rebels captured three villages overnight."),
            [SubEventType::NonStateActorOvertakesTerritory]
        );
        assert_eq!(subs("en", "Three villages were captured overnight."), []);
    }
}
