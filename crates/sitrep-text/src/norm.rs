//! Normalisation used for matching names, never for output.
//!
//! Output spans always point into the original text; this module only produces *keys*:
//! lowercase, diacritics removed, Arabic letter variants unified, ligatures expanded. Two keys
//! exist: the exact matching key (see [`crate::key`]) and a Latin transliteration *skeleton*
//! (consonants only) used as a guarded fallback for press transliterations of Arabic names
//! (`Deir Ezzor` / `Dayr az Zawr`).

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use crate::data::{self, TextData};
use crate::registry::Script;

/// Appends the matching form of `c` to `out` (zero, one or several chars).
#[inline]
pub fn fold_char_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        // Arabic: hamza-carrying alefs, alef wasla and madda → bare alef; alef maqsura → yeh;
        // teh marbuta → heh; hamza on waw/yeh → waw/yeh; Persian yeh/kaf → Arabic.
        'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
        'ى' | 'ئ' | 'ی' => out.push('ي'),
        'ة' => out.push('ه'),
        'ؤ' => out.push('و'),
        'ک' => out.push('ك'),
        // Tatweel and Arabic diacritics (harakat, shadda, sukun, superscript alef) carry no
        // letter identity.
        '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' => {}
        // Transliteration marks for ayn/hamza.
        'ʿ' | 'ʾ' | 'ʼ' | 'ʻ' => {}
        'ß' => out.push_str("ss"),
        'æ' | 'Æ' => out.push_str("ae"),
        'œ' | 'Œ' => out.push_str("oe"),
        'ø' | 'Ø' => out.push('o'),
        'ł' | 'Ł' => out.push('l'),
        'đ' | 'Đ' => out.push('d'),
        'ı' => out.push('i'),
        'þ' | 'Þ' => out.push_str("th"),
        _ => {
            let mut any = false;
            decompose_compatible(c, |d| {
                if !is_combining_mark(d) {
                    any = true;
                    for l in d.to_lowercase() {
                        out.push(l);
                    }
                }
            });
            if !any && !is_combining_mark(c) {
                out.extend(c.to_lowercase());
            }
        }
    }
}

/// The folded form of a whole word.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        fold_char_into(c, &mut out);
    }
    out
}

/// Whether a folded token is written in Arabic script.
#[inline]
pub fn is_arabic(folded: &str) -> bool {
    Script::of(folded) == Script::Arabic
}

/// Whether a folded word is a transliterated article (`al`, `ez`, `ash`: the
/// `[transliterated_article]` lists of `data/lang/<code>/text.txt`), dropped from keys when
/// another word follows so that `al-Anbar` and `Anbar` share a key. Tokens carry the answer
/// ([`crate::Token::article`]).
pub fn is_article(folded: &str) -> bool {
    let d = data::get();
    folded.len() <= d.transliterated_max && d.transliterated_articles.contains(folded)
}

/// Whether a folded transliterated article is also written as a word of its own before a
/// capitalised name (`Al Anbar`, `El Fasher`: `separate` in `[transliterated_article]`); the
/// other articles belong to the next word only when a hyphen joins them (`ash-Sham`).
pub fn is_separate_article(folded: &str) -> bool {
    data::get().separate_articles.contains(folded)
}

/// The articles written attached to their word (`[article]` of the Arabic-script languages'
/// `text.txt`), folded.
pub fn attached_articles() -> &'static [String] {
    &data::get().attached_articles
}

/// Removes an attached article (`ال`, the `[article]` list of Arabic-script languages) from a
/// folded word when a stem of at least two letters remains (`الأنبار` → `انبار`). Tokens carry
/// the answer ([`crate::Token::key`]).
pub fn strip_attached_article(folded: &str) -> &str {
    strip_attached_article_in(folded, data::get())
}

pub(crate) fn strip_attached_article_in<'w>(folded: &'w str, data: &TextData) -> &'w str {
    for article in &data.attached_articles {
        if let Some(rest) = folded.strip_prefix(article.as_str()) {
            if rest.chars().count() >= 2 {
                return rest;
            }
        }
    }
    folded
}

/// The stem of a folded Arabic-script word after a one-letter proclitic (`والموصل` → `موصل`,
/// `للاردن` → `اردن`), when at least three letters follow the proclitic and two remain; `لبنان`
/// gives `بنان`, so callers try both readings. Tokens carry the answer
/// ([`crate::Token::key_variants`]).
pub fn proclitic_stem(folded: &str) -> Option<&str> {
    proclitic_stem_in(folded, data::get())
}

pub(crate) fn proclitic_stem_in<'w>(folded: &'w str, data: &TextData) -> Option<&'w str> {
    let first = folded.chars().next()?;
    let (_, contracted) = data.proclitics.iter().find(|(c, _)| *c == first)?;
    let rest = &folded[first.len_utf8()..];
    if rest.chars().count() < 3 {
        return None;
    }
    let stem = match contracted {
        // The article after the proclitic lost its alef (li + al = لل).
        Some(c) if folded.starts_with(c.as_str()) => &folded[c.len()..],
        _ => strip_attached_article_in(rest, data),
    };
    (stem.chars().count() >= 2).then_some(stem)
}

/// The stem of a folded Arabic-script word after a one-letter conjunction and a proclitic
/// (`وبالموصل` → `موصل`, `فلحلب` → `حلب`; the `[conjunction]` and `[proclitic]` lists), under the
/// same length conditions as [`proclitic_stem`]. `None` when the word does not start with such a
/// pair. Tokens carry the answer ([`crate::Token::key_variants`]).
pub fn conjunction_proclitic_stem(folded: &str) -> Option<&str> {
    conjunction_proclitic_stem_in(folded, data::get())
}

pub(crate) fn conjunction_proclitic_stem_in<'w>(
    folded: &'w str,
    data: &TextData,
) -> Option<&'w str> {
    let first = folded.chars().next()?;
    if !data.conjunctions.contains(&first) {
        return None;
    }
    let rest = &folded[first.len_utf8()..];
    let second = rest.chars().next()?;
    // A conjunction does not follow another (`وف` is not a pair).
    if data.conjunctions.contains(&second) {
        return None;
    }
    proclitic_stem_in(rest, data)
}

/// Arabic hamza (`ء`), written after a final alef.
const HAMZA: char = '\u{0621}';
/// Arabic alef (after folding its hamza forms).
const ALEF: char = '\u{0627}';

/// An Arabic key that ends with alef and hamza, without the hamza: the same name as written
/// without it, as informal and many older spellings do (`صنعاء` / `صنعا`, `البتراء` /
/// `البترا`). `None` for any other key, and for a stem shorter than three letters. Lookups try
/// both: the gazetteer indexes the shorter key too, and the place recogniser walks it.
pub fn without_final_hamza(key: &str) -> Option<&str> {
    key.strip_suffix(HAMZA)
        .filter(|k| k.ends_with(ALEF) && k.chars().count() >= 3)
}

/// Fewest letters of a useful skeleton: shorter ones collide too often (see [`skeleton`]).
pub const SKELETON_MIN: usize = 4;

/// Consonant skeleton of a Latin key for transliteration-tolerant lookup: French and English
/// digraphs unified (`ou`→`u`, `dj`→`j`, `ch`/`sh`→`s`, `kh`→`k`, `q`→`k`), vowels and
/// semivowels dropped, doubled letters collapsed, word breaks removed. `Deir ez-Zor`,
/// `Deir Ezzor` and `Dayr az Zawr` all give `drzr`. Returns `None` for non-Latin keys and for
/// skeletons shorter than [`SKELETON_MIN`] letters, which collide too often to be useful.
pub fn skeleton(key: &str) -> Option<String> {
    if !key.bytes().all(|b| b.is_ascii_lowercase() || b == b' ') {
        return None;
    }
    let b = key.as_bytes();
    let mut out = String::with_capacity(key.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        let mapped = match (c, next) {
            (b'd', Some(b'j')) | (b'c', Some(b'h')) | (b's', Some(b'h')) | (b'k', Some(b'h')) => {
                i += 1;
                match c {
                    b'd' => Some('j'),
                    b'k' => Some('k'),
                    _ => Some('s'),
                }
            }
            (b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'w' | b'h' | b' ', _) => None,
            (b'q', _) | (b'c', _) => Some('k'),
            (b'z', _) => Some('z'),
            (other, _) => Some(other as char),
        };
        if let Some(m) = mapped {
            if !out.ends_with(m) {
                out.push(m);
            }
        }
        i += 1;
    }
    (out.len() >= SKELETON_MIN).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_ligatures() {
        assert_eq!(fold("Genève"), "geneve");
        assert_eq!(fold("États-Unis"), "etats-unis");
        assert_eq!(fold("Œuvre"), "oeuvre");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Al Bū Kamāl"), "al bu kamal");
        assert_eq!(fold("Ma‘arrat"), "ma‘arrat");
    }

    #[test]
    fn folds_arabic_letter_variants_and_diacritics() {
        assert_eq!(fold("الأنبار"), "الانبار");
        assert_eq!(fold("إدلب"), "ادلب");
        assert_eq!(fold("حلبَ"), "حلب");
        assert_eq!(fold("مدينة"), "مدينه");
        assert_eq!(fold("مصطفى"), "مصطفي");
    }

    #[test]
    fn a_final_hamza_after_alef_may_be_left_out() {
        assert_eq!(without_final_hamza("صنعاء"), Some("صنعا"));
        assert_eq!(without_final_hamza("صنعا"), None);
        assert_eq!(without_final_hamza("شيء"), None, "no alef before it");
        assert_eq!(without_final_hamza("ماء"), None, "too short");
    }

    #[test]
    fn arabic_article_and_proclitics() {
        assert_eq!(strip_attached_article("الانبار"), "انبار");
        assert_eq!(strip_attached_article("ال"), "ال");
        assert_eq!(
            strip_attached_article("الى"),
            "الى",
            "one letter would remain"
        );
        assert_eq!(proclitic_stem("والموصل"), Some("موصل"));
        assert_eq!(
            proclitic_stem("بيروت"),
            Some("يروت"),
            "callers try both readings"
        );
        assert_eq!(proclitic_stem("للاردن"), Some("اردن"));
        assert_eq!(proclitic_stem("وكل"), None, "too short");
        assert_eq!(proclitic_stem("حلب"), None);
    }

    #[test]
    fn a_conjunction_before_a_proclitic() {
        assert_eq!(conjunction_proclitic_stem("وبالموصل"), Some("موصل"));
        assert_eq!(conjunction_proclitic_stem("فلحلب"), Some("حلب"));
        assert_eq!(conjunction_proclitic_stem("وللاردن"), Some("اردن"));
        assert_eq!(
            conjunction_proclitic_stem("والموصل"),
            None,
            "one proclitic only"
        );
        assert_eq!(
            conjunction_proclitic_stem("وفحلب"),
            None,
            "two conjunctions"
        );
        assert_eq!(conjunction_proclitic_stem("وبكل"), None, "too short");
        assert_eq!(conjunction_proclitic_stem("بحلب"), None, "no conjunction");
    }

    #[test]
    fn transliterated_articles() {
        assert!(is_article("al") && is_article("ez") && is_article("ash"));
        assert!(!is_article("alep") && !is_article("the") && !is_article(""));
        assert!(is_separate_article("al") && !is_separate_article("ash"));
    }

    #[test]
    fn skeletons_unify_press_transliterations() {
        let a = skeleton("deir zor").unwrap();
        assert_eq!(a, "drzr");
        assert_eq!(skeleton("deir ezzor").as_deref(), Some("drzr"));
        assert_eq!(skeleton("dayr zawr").as_deref(), Some("drzr"));
        assert_eq!(skeleton("abou kamal"), skeleton("abu kamal"));
        assert_eq!(skeleton("chaykh maqsoud").as_deref(), Some("skmksd"));
        assert_eq!(skeleton("sheikh maqsood").as_deref(), Some("skmksd"));
        assert_eq!(skeleton("djebel druze"), skeleton("jabal druz"));
        assert_eq!(skeleton("jabal druz").as_deref(), Some("jbldrz"));
        assert_eq!(skeleton("homs"), None, "too short to be safe");
        assert_eq!(skeleton("دير"), None);
    }
}
