//! Word tokens with byte offsets into the original text.
//!
//! A token is a maximal run of letters, digits and combining marks. What lies between two
//! tokens is summarised as a [`Sep`] so that matchers can decide whether a multi-word name may
//! continue across it (`Deir ez-Zor` crosses a space and a hyphen; `Alep, Homs` may not cross
//! the comma). Apostrophes are split only after an elided word (`l'Euphrate`, `d'Afrin`,
//! `jusqu'à`) and before a clitic (`Syria's`), both listed per language in
//! `data/lang/<code>/text.txt`; inside a word (`Ma'arrat`, `O'Brien`) they stay part of the
//! token and disappear from its normalised form. A line-end hyphenation mark of scanned text
//! (`¬`, or the soft hyphen of web pages) followed by a lowercase letter, directly or after
//! one space or line break, is inside the word too (`Mont¬pellier`, `Pra¬ gue`): the token
//! runs on and its normalised form is the whole word's. Before anything else it is a hyphen.
//!
//! Each token is annotated once, when it is read, with what every later pass matches on: its
//! script, its matching key (see [`crate::key`]), whether it is a transliterated article, and,
//! in Arabic script, its stem without a one-letter proclitic.

use compact_str::CompactString;

use crate::data::{self, TextData};
use crate::norm::{
    conjunction_proclitic_stem_in, fold_char_into, proclitic_stem_in, strip_attached_article_in,
};
use crate::registry::Script;

/// What separates a token from the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sep {
    /// Only spaces or tabs.
    Space,
    /// A hyphen glued to a word on at least one side (`Deir ez-Zor`, `al- Anbar`). A dash
    /// with spaces on both sides (`TORONTO — A man`, `Gaza - Israel`) is punctuation.
    Hyphen,
    /// French elision or English possessive apostrophe.
    Apostrophe,
    /// A full stop not followed by a line break (`U.S.`, `St. Louis`, or a sentence end).
    Dot,
    /// Any other punctuation (comma, parenthesis, quote, colon...).
    Punct,
    /// A line break, or the end of the text.
    Break,
}

/// One word of the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte in the original text.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Folded form (lowercase, no diacritics, unified Arabic letters, no inner apostrophes);
    /// stored inline up to 24 bytes, so most tokens cost no heap allocation.
    pub norm: CompactString,
    /// First character is an uppercase letter.
    pub capitalized: bool,
    /// Every letter is uppercase and there are at least two (`ONU`, `ISIS`).
    pub all_caps: bool,
    /// Contains a digit.
    pub has_digit: bool,
    /// What follows this token up to the next one.
    pub sep: Sep,
    /// The character right after the token is a full stop, whatever follows it (`U.S.,`
    /// ends with a dot although its separator is punctuation): abbreviations match on it.
    pub dot_after: bool,
    /// Script of the word (of its first folded character).
    pub script: Script,
    /// A transliterated article (`al`, `ez`, `ash`): dropped from a matching key when another
    /// word follows it (see [`crate::key`]).
    pub article: bool,
    /// Where the matching key starts in `norm`: after an attached article (`ال`).
    key_from: u8,
    /// Where the stem after a one-letter proclitic starts in `norm` (`والموصل` → `موصل`); 0
    /// when the word has none.
    stem_from: u8,
    /// Where the stem after a conjunction and a proclitic starts in `norm` (`وبالموصل` →
    /// `موصل`); 0 when the word has none.
    pair_stem_from: u8,
}

impl Token {
    /// The word's part of a matching key: `norm` without an attached article (`الأنبار` →
    /// `انبار`). The gazetteer's keys are built from the same pieces.
    #[inline]
    pub fn key(&self) -> &str {
        &self.norm[usize::from(self.key_from)..]
    }

    #[inline]
    pub fn is_arabic(&self) -> bool {
        self.script == Script::Arabic
    }

    /// The keys a word of the text may stand for, with the number of letters each leaves out
    /// at the start of the word: its key, then, in Arabic script, the stem after a one-letter
    /// proclitic (`والموصل`: `والموصل`, then `موصل` one letter in), then the stem after a
    /// conjunction and a proclitic (`وبالموصل`: `موصل` two letters in). The text of the
    /// word from its `n`-th letter on starts at [`Token::letters_in`].
    #[inline]
    pub fn key_variants(&self) -> impl Iterator<Item = (usize, &str)> {
        let stem = (self.stem_from > 0).then(|| (1, &self.norm[usize::from(self.stem_from)..]));
        let pair =
            (self.pair_stem_from > 0).then(|| (2, &self.norm[usize::from(self.pair_stem_from)..]));
        std::iter::once((0, self.key())).chain(stem).chain(pair)
    }

    /// The byte offset in the original text where the word's letter `n` starts (0 is the
    /// token's start): `n` letters are passed with the marks that follow each (diacritics,
    /// tatweel), so a span that leaves out a proclitic starts exactly at the stem's first
    /// letter (`وَبِحلب` → `حلب`). `text` is the text the token was read from.
    pub fn letters_in(&self, text: &str, n: usize) -> usize {
        let word = &text[self.start..self.end];
        let mut letters = 0;
        for (i, c) in word.char_indices() {
            if c.is_alphabetic() && !is_mark(c) {
                if letters == n {
                    return self.start + i;
                }
                letters += 1;
            }
        }
        self.end
    }
}

/// A mark that folds to nothing (Arabic diacritics, tatweel): not a letter of its own.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}')
        || unicode_normalization::char::is_combining_mark(c)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | '`' | 'ʼ' | '´')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '–' | '—') || is_line_break_hyphen(c)
}

/// The marks that OCR output (`¬`, NOT SIGN) and web pages (SOFT HYPHEN) put where a word was
/// split at a line end.
fn is_line_break_hyphen(c: char) -> bool {
    matches!(c, '\u{00AC}' | '\u{00AD}')
}

/// Bytes from just after a line-break hyphen to the rest of its word: 0 when a lowercase letter
/// follows at once, the whitespace's length when one space or line break stands before it;
/// `None` when no lowercase letter continues the word (`Folies¬Bergère` is a compound).
fn word_continues(rest: &str) -> Option<usize> {
    let mut chars = rest.char_indices();
    let (_, c) = chars.next()?;
    if c.is_lowercase() {
        return Some(0);
    }
    let space = matches!(c, ' ' | '\n' | '\r');
    let (at, next) = chars.next()?;
    (space && next.is_lowercase()).then_some(at)
}

/// What the tokenizer needs to know about a character, with as few Unicode table lookups as
/// possible (they dominate the cost of non-Latin text).
#[derive(Clone, Copy)]
struct CharClass {
    /// Part of a word: a letter, a digit, a combining mark or a joiner.
    word: bool,
    letter: bool,
    digit: bool,
    upper: bool,
}

fn classify(c: char) -> CharClass {
    if c.is_ascii() {
        return CharClass {
            word: c.is_ascii_alphanumeric(),
            letter: c.is_ascii_alphabetic(),
            digit: c.is_ascii_digit(),
            upper: c.is_ascii_uppercase(),
        };
    }
    let letter = c.is_alphabetic();
    let digit = c.is_numeric();
    CharClass {
        word: letter
            || digit
            || unicode_normalization::char::is_combining_mark(c)
            || matches!(c, '\u{200C}' | '\u{200D}' | '\u{0640}'),
        letter,
        digit,
        // Only letters have case, and Hebrew, Arabic, Syriac, Thaana and N'Ko (U+0590 to
        // U+08FF) have none.
        upper: letter && !('\u{0590}'..='\u{08FF}').contains(&c) && c.is_uppercase(),
    }
}

/// Splits `text` into word tokens. Never fails; an empty or punctuation-only text has no token.
pub fn tokenize(text: &str) -> Vec<Token> {
    let data = data::get();
    let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 6);
    let bytes = text.as_bytes();
    // Byte position of the next character.
    let mut pos = 0usize;
    // Whether the last token of `tokens` is still being read.
    let mut open = false;
    // The folded form of the current token, moved into it when it ends.
    let mut norm = String::with_capacity(32);
    let mut letters = 0usize;
    let mut uppers = 0usize;
    // What we have seen since the last token ended.
    let mut gap = Gap::default();
    while let Some(&b) = bytes.get(pos) {
        // Fast path for the commonest separator: a space ends the token and nothing else.
        if b == b' ' {
            finish(&mut open, &mut norm, &mut tokens, letters, uppers, data);
            pos += 1;
            continue;
        }
        let Some(c) = text[pos..].chars().next() else {
            break;
        };
        let i = pos;
        pos += c.len_utf8();
        let class = classify(c);
        if class.word {
            if c.is_ascii() {
                norm.push(c.to_ascii_lowercase());
            } else {
                fold_char_into(c, &mut norm);
            }
            if open {
                let t = tokens.last_mut().expect("an open token");
                t.end = i + c.len_utf8();
                t.has_digit |= class.digit;
            } else {
                if let Some(prev) = tokens.last_mut() {
                    prev.sep = gap.sep();
                    // A dash with spaces on both sides is punctuation, not a hyphen.
                    if prev.sep == Sep::Hyphen {
                        let between = &bytes[prev.end..i];
                        if between.first().is_some_and(u8::is_ascii_whitespace)
                            && between.last().is_some_and(u8::is_ascii_whitespace)
                        {
                            prev.sep = Sep::Punct;
                        }
                    }
                }
                gap = Gap::default();
                letters = 0;
                uppers = 0;
                open = true;
                tokens.push(Token::opening(i, c, class));
            }
            if class.letter {
                letters += 1;
                uppers += usize::from(class.upper);
            }
            // Fast path for the rest of an ASCII run (most of the text in Latin script): the
            // same bookkeeping, byte by byte.
            if let Some(t) = tokens.last_mut() {
                let run = bytes[pos..]
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .unwrap_or(bytes.len() - pos);
                if run > 0 {
                    for &b in &bytes[pos..pos + run] {
                        if b.is_ascii_digit() {
                            t.has_digit = true;
                        } else {
                            letters += 1;
                            uppers += usize::from(b.is_ascii_uppercase());
                        }
                    }
                    // Folded characters are lowercase already: lowering the whole form only
                    // changes the run just appended.
                    norm.push_str(&text[pos..pos + run]);
                    norm.make_ascii_lowercase();
                    pos += run;
                }
                t.end = pos;
            }
            continue;
        }
        if is_apostrophe(c) {
            if let Some(t) = tokens.last_mut().filter(|_| open) {
                match apostrophe(&text[pos..], &norm, data) {
                    Apostrophe::Inner => {
                        // Part of the word, dropped from the key.
                        t.end = i + c.len_utf8();
                        continue;
                    }
                    // Swallow the `s` of `Syria's` so it is not a token of its own (clitics
                    // are ASCII: one byte per letter).
                    Apostrophe::Clitic(len) => pos += len,
                    Apostrophe::Split => {}
                }
            }
            finish(&mut open, &mut norm, &mut tokens, letters, uppers, data);
            gap.apostrophe = true;
            continue;
        }
        if open && is_line_break_hyphen(c) {
            if let Some(skip) = word_continues(&text[pos..]) {
                // The word goes on after the mark: the letters that follow join this token.
                pos += skip;
                continue;
            }
        }
        finish(&mut open, &mut norm, &mut tokens, letters, uppers, data);
        if c == '\n' || c == '\r' || c == '\u{2029}' {
            gap.newline = true;
        } else if c.is_whitespace() {
        } else if is_hyphen(c) {
            gap.hyphen = true;
        } else if c == '.' {
            if let Some(t) = tokens.last_mut().filter(|t| t.end == i) {
                t.dot_after = true;
            }
            gap.dot = true;
        } else {
            gap.punct = true;
        }
    }
    finish(&mut open, &mut norm, &mut tokens, letters, uppers, data);
    if let Some(prev) = tokens.last_mut() {
        prev.sep = Sep::Break;
    }
    tokens
}

impl Token {
    /// The token that character `c` (of `class`) at byte `i` opens.
    #[inline]
    fn opening(i: usize, c: char, class: CharClass) -> Token {
        Token {
            start: i,
            end: i + c.len_utf8(),
            norm: CompactString::default(),
            capitalized: class.upper,
            all_caps: false,
            has_digit: class.digit,
            sep: Sep::Break,
            dot_after: false,
            script: Script::Other,
            article: false,
            key_from: 0,
            stem_from: 0,
            pair_stem_from: 0,
        }
    }
}

/// What an apostrophe after a word does.
enum Apostrophe {
    /// It is inside the word (`Ma'arrat`, `O'Brien`).
    Inner,
    /// It separates the word from a clitic of this many bytes, which goes with it (`Syria's`,
    /// `I've`, `don't`).
    Clitic(usize),
    /// It separates two words (an elision: `l'Euphrate`), or ends the word.
    Split,
}

/// The role of an apostrophe after a word folded as `norm`, followed by `rest`.
fn apostrophe(rest: &str, norm: &str, data: &TextData) -> Apostrophe {
    if data.elisions.iter().any(|e| e == norm) {
        return Apostrophe::Split;
    }
    let clitic = data.clitics.iter().find_map(|cl| {
        let head: String = rest.chars().take(cl.len()).collect();
        let after = rest.chars().nth(cl.len());
        (head.eq_ignore_ascii_case(cl) && !after.is_some_and(char::is_alphanumeric))
            .then_some(cl.len())
    });
    match clitic {
        Some(len) => Apostrophe::Clitic(len),
        None if rest.chars().next().is_some_and(char::is_alphabetic) => Apostrophe::Inner,
        None => Apostrophe::Split,
    }
}

#[derive(Default)]
struct Gap {
    newline: bool,
    hyphen: bool,
    apostrophe: bool,
    dot: bool,
    punct: bool,
}

impl Gap {
    fn sep(&self) -> Sep {
        if self.newline {
            Sep::Break
        } else if self.punct {
            Sep::Punct
        } else if self.dot {
            Sep::Dot
        } else if self.hyphen {
            Sep::Hyphen
        } else if self.apostrophe {
            Sep::Apostrophe
        } else {
            Sep::Space
        }
    }
}

/// Closes the token being read, if any: its folded form, capitalisation and matching
/// annotations. `norm` is the folded form, cleared here for the next token.
#[inline]
fn finish(
    open: &mut bool,
    norm: &mut String,
    tokens: &mut [Token],
    letters: usize,
    uppers: usize,
    data: &TextData,
) {
    if std::mem::take(open) {
        if let Some(t) = tokens.last_mut() {
            t.all_caps = letters >= 2 && uppers == letters;
            annotate(t, norm, data);
            t.norm = CompactString::new(&norm);
        }
        norm.clear();
    }
}

/// The matching annotations of a token whose folded form is `norm`.
#[inline]
fn annotate(t: &mut Token, norm: &str, data: &TextData) {
    t.script = Script::of(norm);
    t.article =
        norm.len() <= data.transliterated_max && data.transliterated_articles.contains(norm);
    if t.script == Script::Arabic {
        // Both parts are suffixes of `norm` after a few letters: their offsets fit a byte.
        t.key_from = (norm.len() - strip_attached_article_in(norm, data).len()) as u8;
        t.stem_from =
            proclitic_stem_in(norm, data).map_or(0, |stem| (norm.len() - stem.len()) as u8);
        t.pair_stem_from = conjunction_proclitic_stem_in(norm, data)
            .map_or(0, |stem| (norm.len() - stem.len()) as u8);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, Sep)> {
        tokenize(text)
            .into_iter()
            .map(|t| (text[t.start..t.end].to_string(), t.sep))
            .collect()
    }

    #[test]
    fn splits_french_elision_but_not_inner_apostrophes() {
        let w = words("l'Euphrate et Ma'arrat al-Nu'man");
        let texts: Vec<&str> = w.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["l", "Euphrate", "et", "Ma'arrat", "al", "Nu'man"]);
        assert_eq!(w[0].1, Sep::Apostrophe);
        assert_eq!(w[4].1, Sep::Hyphen);
        let toks = tokenize("Ma'arrat");
        assert_eq!(toks[0].norm, "maarrat");
    }

    #[test]
    fn a_line_end_hyphenation_mark_before_lowercase_is_inside_the_word() {
        let text = "vers Mar\u{AC}seille, à Tou\u{AC} louse et Gre\u{AD}noble";
        let toks = tokenize(text);
        let norms: Vec<&str> = toks.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(
            norms,
            ["vers", "marseille", "a", "toulouse", "et", "grenoble"]
        );
        // The span keeps the mark (and the space after it): offsets stay those of the text.
        assert_eq!(&text[toks[3].start..toks[3].end], "Tou\u{AC} louse");
        // Before a capital the mark joins a compound like a hyphen; at the end, it is nothing.
        let w = words("Saint\u{AC}Brévin, fin\u{AC}");
        assert_eq!(w[0], ("Saint".to_string(), Sep::Hyphen));
        assert_eq!(w.len(), 3);
        // Two spaces, or a capital after the space, end the word.
        let w = words("Ly\u{AC}  on Ly\u{AC} On");
        assert_eq!(w.len(), 4, "{w:?}");
    }

    #[test]
    fn english_possessive_is_not_a_token() {
        let texts: Vec<String> = words("Syria's army").into_iter().map(|w| w.0).collect();
        assert_eq!(texts, ["Syria", "army"]);
        let texts: Vec<String> = words("I’ve seen Ive, we'll don't")
            .into_iter()
            .map(|w| w.0)
            .collect();
        assert_eq!(texts, ["I", "seen", "Ive", "we", "don"]);
    }

    #[test]
    fn separators_are_classified() {
        let w = words("Alep, Homs.\nDeir ez-Zor U.S. forces");
        let seps: Vec<Sep> = w.iter().map(|w| w.1).collect();
        assert_eq!(
            seps,
            [
                Sep::Punct,
                Sep::Break,
                Sep::Space,
                Sep::Hyphen,
                Sep::Space,
                Sep::Dot,
                Sep::Dot,
                Sep::Break
            ]
        );
    }

    #[test]
    fn a_spaced_dash_is_punctuation_and_a_glued_one_a_hyphen() {
        let seps: Vec<Sep> = words("TORONTO — A man, Gaza - Israel, al- Anbar, ez-Zor x")
            .iter()
            .map(|w| w.1)
            .collect();
        assert_eq!(
            seps,
            [
                Sep::Punct,  // TORONTO —
                Sep::Space,  // A
                Sep::Punct,  // man,
                Sep::Punct,  // Gaza -
                Sep::Punct,  // Israel,
                Sep::Hyphen, // al-
                Sep::Punct,  // Anbar,
                Sep::Hyphen, // ez-
                Sep::Space,  // Zor
                Sep::Break,
            ]
        );
    }

    #[test]
    fn a_full_stop_right_after_a_token_is_recorded() {
        // `U.S.,` ends with a dot although its separator is the comma.
        let t = tokenize("the U.S., then Homs . x");
        let dots: Vec<bool> = t.iter().map(|t| t.dot_after).collect();
        assert_eq!(dots, [false, true, true, false, false, false]);
        assert_eq!(t[2].sep, Sep::Punct);
    }

    #[test]
    fn shape_flags() {
        let t = tokenize("ONU Daech a3");
        assert!(t[0].all_caps && t[0].capitalized);
        assert!(!t[1].all_caps && t[1].capitalized);
        assert!(t[2].has_digit && !t[2].capitalized);
    }

    #[test]
    fn tokens_are_annotated_for_matching() {
        let t = tokenize("al-Anbar والموصل الأنبار بيروت Homs");
        assert!(t[0].article && !t[1].article);
        assert_eq!(t[0].script, Script::Latin);
        assert_eq!(t[2].script, Script::Arabic);
        let variants = |i: usize| t[i].key_variants().collect::<Vec<_>>();
        assert_eq!(variants(2), [(0, "والموصل"), (1, "موصل")]);
        assert_eq!(t[3].key(), "انبار");
        assert_eq!(
            variants(3),
            [(0, "انبار")],
            "no proclitic before the article"
        );
        assert_eq!(
            variants(4),
            [(0, "بيروت"), (1, "يروت")],
            "both readings are tried"
        );
        assert_eq!(variants(5), [(0, "homs")]);
    }

    #[test]
    fn a_conjunction_and_a_proclitic_are_left_out_with_exact_offsets() {
        let text = "قصف وَبِالمدينة وبحلب";
        let t = tokenize(text);
        let variants = |i: usize| t[i].key_variants().collect::<Vec<_>>();
        assert_eq!(
            variants(1),
            [(0, "وبالمدينه"), (1, "بالمدينه"), (2, "مدينه")]
        );
        assert_eq!(variants(2), [(0, "وبحلب"), (1, "بحلب"), (2, "حلب")]);
        // Two letters in, past the diacritics: the span starts at the article.
        assert_eq!(&text[t[1].letters_in(text, 2)..t[1].end], "المدينة");
        assert_eq!(&text[t[2].letters_in(text, 2)..t[2].end], "حلب");
        assert_eq!(&text[t[2].letters_in(text, 0)..t[2].end], "وبحلب");
    }

    #[test]
    fn arabic_tokens_keep_offsets() {
        let text = "قصف في دير الزور";
        let t = tokenize(text);
        assert_eq!(t.len(), 4);
        assert_eq!(&text[t[2].start..t[3].end], "دير الزور");
    }
}
