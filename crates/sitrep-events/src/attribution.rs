//! Source attribution: "selon X", "d'après X", "according to X" (X follows the cue, up to the
//! next punctuation) and "X a affirmé", "X said" (X is the phrase before the cue, back to the
//! previous punctuation). Leading determiners are left out: "Selon des sources proches du
//! Hezbollah," → `sources proches du Hezbollah`.

use std::ops::Range;

use sitrep_text::{Sep, Token};

use crate::lexicon::Cue;
use crate::scan::Scan;

const MAX_WORDS: usize = 8;

/// Token range of the attributed source in the sentence `sent`, if any.
pub(crate) fn find(scan: &Scan, tokens: &[Token], sent: &Range<usize>) -> Option<Range<usize>> {
    let is_det = |t: usize| scan.cue_at(Cue::Det, t);
    for c in scan.cues.iter().filter(|c| c.cue == Cue::AttributionPre) {
        if matches!(tokens[c.end - 1].sep, Sep::Break) {
            continue;
        }
        let mut s = c.end;
        while s < sent.end && is_det(s) {
            s += 1;
        }
        let mut e = s;
        while e < sent.end && e - s < MAX_WORDS {
            e += 1;
            if matches!(tokens[e - 1].sep, Sep::Punct | Sep::Break | Sep::Dot) {
                break;
            }
        }
        if e > s {
            return Some(s..e);
        }
    }
    for c in scan.cues.iter().filter(|c| c.cue == Cue::AttributionPost) {
        if c.start == sent.start || scan.cue_at(Cue::Passive, c.start - 1) {
            continue;
        }
        let e = c.start;
        let mut s = e;
        while s > sent.start
            && e - s < MAX_WORDS
            && !matches!(tokens[s - 1].sep, Sep::Punct | Sep::Break | Sep::Dot)
        {
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
        while s < e && is_det(s) {
            s += 1;
        }
        if s < e
            && (s..e).any(|t| {
                tokens[t].capitalized
                    || scan.cue_at(Cue::Military, t)
                    || scan.cue_at(Cue::SourceNoun, t)
            })
        {
            return Some(s..e);
        }
    }
    None
}
