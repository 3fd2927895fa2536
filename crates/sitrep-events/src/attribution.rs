//! Source attribution: "selon X", "d'après X", "according to X", "بحسب X" (X follows the cue,
//! up to the next punctuation) and "X a affirmé", "X said" (X is the phrase before the cue,
//! back to the previous punctuation). A speech verb with nothing that names a source before it
//! takes the source after it, as verb-first reports write it ("…, informó la policía", "…,
//! said a police spokesman"). Leading determiners are left out: "Selon des sources proches du
//! Hezbollah," → `sources proches du Hezbollah`. A source read forward ends before a
//! complementiser (`that`, `que`, `أن`: "قال مصدر أمني إن …" → `مصدر أمني`) and before an event
//! trigger: what follows is the report, not who made it.

use std::ops::Range;

use sitrep_text::{Sep, Token};

use crate::lexicon::Cue;
use crate::scan::Scan;

const MAX_WORDS: usize = 8;

/// Whether the separator after token `t` ends a source phrase.
fn ends_phrase(tokens: &[Token], t: usize) -> bool {
    matches!(tokens[t].sep, Sep::Punct | Sep::Break | Sep::Dot)
}

/// The source phrase read forward from token `from`: past determiners, up to punctuation, a
/// complementiser, an event trigger or [`MAX_WORDS`].
fn forward(scan: &Scan, tokens: &[Token], from: usize, sent: &Range<usize>) -> Range<usize> {
    let mut s = from;
    while s < sent.end && scan.cue_at(Cue::Det, s) {
        s += 1;
    }
    let trigger_at = |t: usize| scan.triggers.iter().any(|h| h.start == t);
    let mut e = s;
    while e < sent.end && e - s < MAX_WORDS {
        if scan.cue_at(Cue::That, e) || trigger_at(e) {
            break;
        }
        e += 1;
        if ends_phrase(tokens, e - 1) {
            break;
        }
    }
    s..e
}

/// Whether a phrase names who reports: a capitalised word, a source noun (`police`, `témoins`,
/// `مصدر`) or a military noun.
fn names_source(scan: &Scan, tokens: &[Token], r: &Range<usize>) -> bool {
    r.clone().any(|t| {
        tokens[t].capitalized || scan.cue_at(Cue::Military, t) || scan.cue_at(Cue::SourceNoun, t)
    })
}

/// The phrase read back from token `e` (exclusive) to the previous punctuation, at most
/// [`MAX_WORDS`], after the last event trigger and past leading determiners: who speaks
/// before a speech verb (`… police said`) or a denial (`the army denied`).
fn backward(scan: &Scan, tokens: &[Token], e: usize, sent: &Range<usize>) -> Range<usize> {
    let mut s = e;
    while s > sent.start && e - s < MAX_WORDS && !ends_phrase(tokens, s - 1) {
        s -= 1;
    }
    // The source is who speaks, not what happened: it starts after the last event
    // trigger (`… killing five people police said`).
    if let Some(after) = scan
        .triggers
        .iter()
        .filter(|t| t.start >= s && t.start < e)
        .map(|t| t.end)
        .max()
    {
        s = after.min(e);
    }
    while s < e && scan.cue_at(Cue::Det, s) {
        s += 1;
    }
    s..e
}

/// The party of a verb at tokens `verb` (a denial: "the army denied"), if a phrase naming a
/// source comes before it or, verb-first ("ونفى الجيش"), after it.
pub(crate) fn party_of(
    scan: &Scan,
    tokens: &[Token],
    verb: &Range<usize>,
    sent: &Range<usize>,
) -> Option<Range<usize>> {
    let names = |t: usize| names_source(scan, tokens, &(t..t + 1));
    let mut before = backward(scan, tokens, verb.start, sent);
    if !before.is_empty() {
        // The party is who denies, not the clause before it: after the last complementiser
        // ("a charge that Russia denies"), from its first naming word to its last ("although
        // Moscow", "defence officials initially").
        if let Some(t) = before.clone().rev().find(|&t| scan.cue_at(Cue::That, t)) {
            before.start = t + 1;
        }
        while !before.is_empty() && !names(before.start) {
            before.start += 1;
        }
        while !before.is_empty() && !names(before.end - 1) {
            before.end -= 1;
        }
        return (!before.is_empty()).then_some(before);
    }
    if ends_phrase(tokens, verb.end - 1) {
        return None;
    }
    // Read forward, the party ends at its last naming word ("ونفى الجيش وقوع الهجوم": the
    // army, not what it denies).
    let mut after = forward(scan, tokens, verb.end, sent);
    while !after.is_empty() && !names(after.end - 1) {
        after.end -= 1;
    }
    (!after.is_empty()).then_some(after)
}

/// Token range of the attributed source in the sentence `sent`, if any.
pub(crate) fn find(scan: &Scan, tokens: &[Token], sent: &Range<usize>) -> Option<Range<usize>> {
    for c in scan.cues.iter().filter(|c| c.cue == Cue::AttributionPre) {
        if matches!(tokens[c.end - 1].sep, Sep::Break) {
            continue;
        }
        let r = forward(scan, tokens, c.end, sent);
        if !r.is_empty() {
            return Some(r);
        }
    }
    for c in scan.cues.iter().filter(|c| c.cue == Cue::AttributionPost) {
        if c.start > sent.start && scan.cue_at(Cue::Passive, c.start - 1) {
            continue;
        }
        let e = c.start;
        let before = backward(scan, tokens, e, sent);
        if !before.is_empty() {
            if names_source(scan, tokens, &before) {
                return Some(before);
            }
            continue;
        }
        // Nothing before the verb: the source follows it (`…, informó la policía`).
        if matches!(tokens[c.end - 1].sep, Sep::Break) {
            continue;
        }
        let after = forward(scan, tokens, c.end, sent);
        if !after.is_empty() && names_source(scan, tokens, &after) {
            return Some(after);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::scan;

    fn source(lang: &str, text: &str) -> Option<String> {
        let s = scan(lang, text);
        find(&s.scan, &s.tokens, &s.range)
            .map(|r| text[s.tokens[r.start].start..s.tokens[r.end - 1].end].to_owned())
    }

    #[test]
    fn the_source_before_or_after_the_verb() {
        assert_eq!(
            source("en", "Five people were killed, police said.").as_deref(),
            Some("police")
        );
        assert_eq!(
            source("en", "Five people were killed, said a police spokesman.").as_deref(),
            Some("police spokesman")
        );
        assert_eq!(
            source(
                "es",
                "Dos soldados murieron en el ataque, informó la policía."
            )
            .as_deref(),
            Some("policía")
        );
        assert_eq!(
            source("es", "Según fuentes policiales, dos soldados murieron.").as_deref(),
            Some("fuentes policiales")
        );
    }

    #[test]
    fn a_forward_source_ends_at_that_or_at_the_event() {
        assert_eq!(
            source("ar", "وقال مصدر أمني إن مسلحين قتلوا ثلاثة جنود").as_deref(),
            Some("مصدر أمني")
        );
        assert_eq!(
            source("ar", "قتل ثلاثة جنود بحسب مصدر عسكري").as_deref(),
            Some("مصدر عسكري")
        );
        assert_eq!(
            source(
                "es",
                "La policía dijo que los guerrilleros atacaron el cuartel."
            )
            .as_deref(),
            Some("policía")
        );
        // A speech verb followed by its report, with no source: nothing.
        assert_eq!(source("ar", "وقال إن الهجوم وقع فجرا"), None);
    }

    #[test]
    fn a_denying_party_is_the_naming_words_before_or_after_the_verb() {
        let party = |lang: &str, text: &str, verb: &str| {
            let s = scan(lang, text);
            let at = s.tokens.iter().position(|t| t.norm == verb).unwrap();
            party_of(&s.scan, &s.tokens, &(at..at + 1), &s.range)
                .map(|r| text[s.tokens[r.start].start..s.tokens[r.end - 1].end].to_owned())
        };
        assert_eq!(
            party("en", "It was a charge that Moscow denies.", "denies").as_deref(),
            Some("Moscow")
        );
        assert_eq!(
            party(
                "en",
                "Defence officials initially denied the flights.",
                "denied"
            )
            .as_deref(),
            Some("Defence officials")
        );
        assert_eq!(party("en", "it was denied.", "denied"), None);
    }
}
