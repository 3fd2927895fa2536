//! Events named by a verb and a noun a few words apart, which a fixed phrase cannot list:
//! "established a new military base", "an observation post was set up" → Headquarters or base
//! established; "signed a ceasefire agreement", "the deal was reached" → Agreement; "weapons and
//! ammunition were found", "seized a cache of rifles" → Disrupted weapons use; "captured three
//! villages", "took the town" → a territory change (typed by its agent afterwards). The words are
//! lexicon cue kinds (`establish` + `base_noun`, `agree_verb` + `agree_noun`, `disrupt` +
//! `weapon_noun`, `capture_verb` + `territory_noun`); this rule pairs them within a small window
//! of the same clause, in either order where the passive puts the noun first.

use std::ops::Range;

use crate::lexicon::{Code, Cue, Strength};
use crate::scan::{Scan, TriggerHit};
use crate::taxonomy::SubEventType;

/// Words allowed between the verb and the noun ("established a total of 56 military posts").
const WINDOW: usize = 6;

/// (verb, noun, sub-event type, noun may precede the verb).
const PAIRS: [(Cue, Cue, SubEventType, bool); 4] = [
    (
        Cue::Establish,
        Cue::BaseNoun,
        SubEventType::HeadquartersOrBaseEstablished,
        true,
    ),
    (
        Cue::AgreeVerb,
        Cue::AgreeNoun,
        SubEventType::Agreement,
        true,
    ),
    (
        Cue::Disrupt,
        Cue::WeaponNoun,
        SubEventType::DisruptedWeaponsUse,
        true,
    ),
    (
        Cue::CaptureVerb,
        Cue::TerritoryNoun,
        SubEventType::NonStateActorOvertakesTerritory,
        false,
    ),
];

/// Synthetic triggers for the verb–noun pairs found in `clause`.
pub(crate) fn triggers(scan: &Scan, clause: &Range<usize>) -> Vec<TriggerHit> {
    let mut out = Vec::new();
    let in_clause = |c: &&crate::scan::CueHit| clause.contains(&c.start) && c.end <= clause.end;
    for (verb, noun, sub, either_order) in PAIRS {
        for v in scan.cues.iter().filter(in_clause).filter(|c| c.cue == verb) {
            let paired = scan.cues.iter().filter(in_clause).find(|n| {
                n.cue == noun
                    && ((n.start >= v.end && n.start - v.end <= WINDOW)
                        || (either_order && n.end <= v.start && v.start - n.end <= WINDOW))
            });
            if let Some(n) = paired {
                out.push(TriggerHit {
                    start: v.start.min(n.start),
                    end: v.end.max(n.end),
                    code: Code::Sub(sub),
                    strength: Strength::Strong,
                });
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
    fn a_capture_needs_the_verb_first() {
        assert_eq!(
            subs("en", "Rebels captured three villages overnight."),
            [SubEventType::NonStateActorOvertakesTerritory]
        );
        assert_eq!(subs("en", "Three villages were captured overnight."), []);
    }
}
