//! Sentence segmentation with byte offsets into the original text.
//!
//! Rule-based and deliberately conservative for news: a line break always ends a sentence
//! (news bodies are paragraph-per-line after extraction); `.`, `!`, `?`, `…` and the Arabic
//! `؟` end one when followed by white space and a plausible sentence start, unless the word
//! before the dot is a known abbreviation (the `[abbreviation]` lists of every language's
//! `data/lang/<code>/text.txt`: the splitter runs before language ID) or a single capital letter
//! (an initial).

use std::ops::Range;

use crate::data;

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '؟' | '。')
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '»' | '”' | '’' | ')' | ']')
}

/// Byte ranges of the sentences of `text`, trimmed of surrounding white space, in order and
/// non-overlapping. Empty sentences are omitted.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0usize;
    // Byte position of the next character to look at; the text is walked once, without
    // collecting its characters.
    let mut pos = 0usize;
    let bytes = text.as_bytes();
    // Only line breaks and terminals matter: jump to the next byte that can start one (ASCII,
    // or the lead byte of `…`/U+2029 (E2), `。` (E3), `؟` (D8); a lead byte is never inside
    // another character, so the jump lands on a character boundary).
    while let Some(off) = bytes[pos..]
        .iter()
        .position(|&b| matches!(b, b'\n' | b'.' | b'!' | b'?' | 0xE2 | 0xE3 | 0xD8))
    {
        let i = pos + off;
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        pos = i + c.len_utf8();
        if c == '\n' || c == '\u{2029}' {
            push_trimmed(text, start..i, &mut out);
            start = pos;
        } else if is_terminal(c) {
            // Extend over repeated terminals and closing quotes/brackets.
            let mut end = pos;
            loop {
                let mut rest = text[end..].chars();
                match rest.next() {
                    Some(t) if is_terminal(t) || is_closing(t) => end += t.len_utf8(),
                    // French typography puts a space before the closing guillemet: `Non. »`.
                    Some(s @ (' ' | '\u{a0}' | '\u{202f}')) => match rest.next() {
                        Some(q @ ('»' | '”')) => end += s.len_utf8() + q.len_utf8(),
                        _ => break,
                    },
                    _ => break,
                }
            }
            let next_ok = match text[end..].chars().next() {
                None => true,
                Some(ws) if ws.is_whitespace() => text[end..]
                    .chars()
                    .find(|c| !c.is_whitespace())
                    .is_none_or(starts_sentence),
                _ => false,
            };
            if next_ok && !(c == '.' && before_is_abbreviation(text, i)) {
                push_trimmed(text, start..end, &mut out);
                start = end;
            }
            pos = end;
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn starts_sentence(c: char) -> bool {
    c.is_uppercase()
        || c.is_numeric()
        || matches!(
            c,
            '"' | '«' | '“' | '(' | '[' | '-' | '—' | '\'' | '¿' | '¡'
        )
        || ('\u{0600}'..='\u{06FF}').contains(&c)
}

fn before_is_abbreviation(text: &str, dot: usize) -> bool {
    let word_start = text[..dot]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.' || c == '°')
        .last()
        .map_or(dot, |(b, _)| b);
    let word = &text[word_start..dot];
    if word.is_empty() {
        return false;
    }
    let mut cs = word.chars();
    let single_initial = matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase());
    single_initial || data::get().abbreviations.contains(word)
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(r.start + lead..r.end - trail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn splits_on_terminals_and_lines() {
        assert_eq!(
            split("Daech a attaqué. L'armée a riposté !\nLire plus :\nObjectifs"),
            [
                "Daech a attaqué.",
                "L'armée a riposté !",
                "Lire plus :",
                "Objectifs"
            ]
        );
    }

    #[test]
    fn keeps_abbreviations_and_initials() {
        assert_eq!(
            split("Gen. Smith met M. Dupont in the U.S. on Jan. 3. They talked."),
            [
                "Gen. Smith met M. Dupont in the U.S. on Jan. 3.",
                "They talked."
            ]
        );
        assert_eq!(split("George W. Bush spoke."), ["George W. Bush spoke."]);
    }

    #[test]
    fn questions_and_quotes() {
        assert_eq!(
            split("Qui veut sauver Daech? « Personne. » Fin."),
            ["Qui veut sauver Daech?", "« Personne. »", "Fin."]
        );
        assert_eq!(split("هل انتهت الحرب؟ لا."), ["هل انتهت الحرب؟", "لا."]);
    }

    #[test]
    fn straight_quotes_after_a_stop_open_the_next_sentence() {
        assert_eq!(
            split("McClung said. \"We would expect more.\" He left."),
            ["McClung said.", "\"We would expect more.\"", "He left."]
        );
    }

    #[test]
    fn decimal_numbers_do_not_split() {
        assert_eq!(split("Il y a 5.000 km. Oui."), ["Il y a 5.000 km.", "Oui."]);
    }

    #[test]
    fn empty_text_has_no_sentence() {
        assert!(sentences("").is_empty());
        assert!(sentences(" \n\n ").is_empty());
    }
}
