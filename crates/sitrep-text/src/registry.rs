//! The language registry: every language sitrep knows, in one closed table.
//!
//! A language is *identified* by [`crate::lang`] (its models come from lingua and whatlang), and
//! it may also have *lexicons*: data folders named by its code in each crate that holds
//! per-language knowledge — `data/lang/<code>/` here (sentence rules, elisions, clitics,
//! articles), in `sitrep-geo` (place cues, frequent words) and in `sitrep-events` (triggers,
//! actors, cues, numbers, dates). Those crates embed their files with `include_str!`, which
//! needs literal paths, so they take the codes from [`lexicon_languages!`], the compile-time
//! form of this table (a test checks that both agree).
//!
//! Adding a language with lexicons: a row here and a code in [`lexicon_languages!`], then the
//! data folders (each crate's data README says which files), then a test fixture.

/// A writing system, as far as matching cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Latin letters (with diacritics): words are separated, names are capitalised.
    Latin,
    /// Arabic script: no capitals, the article and one-letter proclitics attach to the word.
    Arabic,
    Cyrillic,
    /// Anything else (digits-only tokens of other scripts, CJK, ...).
    Other,
}

impl Script {
    /// The script of a folded word, from its first character.
    #[inline]
    pub fn of(word: &str) -> Script {
        match word.as_bytes().first() {
            None => Script::Other,
            Some(b) if b.is_ascii() => Script::Latin,
            // U+0600..=U+06FF (the Arabic block) are exactly the characters whose UTF-8 lead
            // byte is 0xD8..=0xDB.
            Some(0xD8..=0xDB) => Script::Arabic,
            Some(_) => match word.chars().next() {
                Some('\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}') => Script::Latin,
                Some('\u{0400}'..='\u{04FF}') => Script::Cyrillic,
                _ => Script::Other,
            },
        }
    }
}

/// One language of the registry.
#[derive(Debug, Clone, Copy)]
pub struct Language {
    /// ISO 639-1 code: the value of a record's `lang`, and the name of the language's data
    /// folder (`data/lang/<code>/`) in every crate with per-language data.
    pub code: &'static str,
    /// English name, for messages and generated file headers.
    pub name: &'static str,
    pub script: Script,
    /// Whether sitrep ships lexicons for it (places and events); the other languages are only
    /// identified, and their documents are read with every language's place cues and the
    /// English event lexicon.
    pub lexicons: bool,
    /// This crate's file for the language (`data/lang/<code>/text.txt`: sentence rules,
    /// elisions, clitics, articles; see `data/lang/README.md`); empty for languages without
    /// lexicons.
    pub(crate) text_data: &'static str,
    /// The language's press writes foreign place names in the standard transliterations that
    /// gazetteers list (English: `Abu Kamal`, `Deir ez-Zor`), so an unknown capitalised word is
    /// a person or a brand rather than a variant spelling: no transliteration-skeleton
    /// fallback for its documents. French (`Abou Kamal`) and Spanish write their own.
    pub standard_transliterations: bool,
    pub(crate) lingua: lingua::Language,
    pub(crate) whatlang: whatlang::Lang,
}

/// Calls the macro `$m` with the codes of the languages that have lexicons, as string
/// literals, in [`LANGUAGES`] order: the compile-time form of the registry, for crates that
/// embed per-language files (`include_str!(concat!("../data/lang/", $code, "/geo.txt"))`).
#[macro_export]
macro_rules! lexicon_languages {
    ($m:ident) => {
        $m!("en", "fr", "ar", "es")
    };
}

macro_rules! text_files {
    ($($code:literal),*) => {
        [$(($code, include_str!(concat!("../data/lang/", $code, "/text.txt")))),*]
    };
}

/// The `text.txt` of each language with lexicons (see [`lexicon_languages!`]).
const TEXT_FILES: [(&str, &str); 4] = lexicon_languages!(text_files);

const fn text_data(code: &str) -> &'static str {
    let mut i = 0;
    while i < TEXT_FILES.len() {
        if const_eq(TEXT_FILES[i].0, code) {
            return TEXT_FILES[i].1;
        }
        i += 1;
    }
    ""
}

const fn const_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn language(
    code: &'static str,
    name: &'static str,
    script: Script,
    lingua: lingua::Language,
    whatlang: whatlang::Lang,
) -> Language {
    let text_data = text_data(code);
    Language {
        code,
        name,
        script,
        lexicons: !text_data.is_empty(),
        text_data,
        standard_transliterations: false,
        lingua,
        whatlang,
    }
}

/// [`language`] for a language whose press uses the standard transliterations.
const fn standard_transliterations(l: Language) -> Language {
    Language {
        standard_transliterations: true,
        ..l
    }
}

/// Every language sitrep identifies: the four with lexicons, then the languages most often
/// met in the same news streams, so that a German or Russian article is reported as such
/// instead of being forced into one of ours.
pub static LANGUAGES: [Language; 10] = TABLE;

/// [`LANGUAGES`] as a constant, for tables computed at compile time ([`crate::lang::SUPPORTED`]).
pub(crate) const TABLE: [Language; 10] = [
    standard_transliterations(language(
        "en",
        "English",
        Script::Latin,
        lingua::Language::English,
        whatlang::Lang::Eng,
    )),
    language(
        "fr",
        "French",
        Script::Latin,
        lingua::Language::French,
        whatlang::Lang::Fra,
    ),
    language(
        "ar",
        "Arabic",
        Script::Arabic,
        lingua::Language::Arabic,
        whatlang::Lang::Ara,
    ),
    language(
        "es",
        "Spanish",
        Script::Latin,
        lingua::Language::Spanish,
        whatlang::Lang::Spa,
    ),
    language(
        "de",
        "German",
        Script::Latin,
        lingua::Language::German,
        whatlang::Lang::Deu,
    ),
    language(
        "it",
        "Italian",
        Script::Latin,
        lingua::Language::Italian,
        whatlang::Lang::Ita,
    ),
    language(
        "pt",
        "Portuguese",
        Script::Latin,
        lingua::Language::Portuguese,
        whatlang::Lang::Por,
    ),
    language(
        "ru",
        "Russian",
        Script::Cyrillic,
        lingua::Language::Russian,
        whatlang::Lang::Rus,
    ),
    language(
        "tr",
        "Turkish",
        Script::Latin,
        lingua::Language::Turkish,
        whatlang::Lang::Tur,
    ),
    language(
        "fa",
        "Persian",
        Script::Arabic,
        lingua::Language::Persian,
        whatlang::Lang::Pes,
    ),
];

/// The registry row of an ISO 639-1 code.
pub fn language_of(code: &str) -> Option<&'static Language> {
    LANGUAGES.iter().find(|l| l.code == code)
}

/// The languages with lexicons, in registry order.
pub fn lexicon_languages() -> impl Iterator<Item = &'static Language> {
    LANGUAGES.iter().filter(|l| l.lexicons)
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! codes {
        ($($code:literal),*) => {
            [$($code),*]
        };
    }

    #[test]
    fn the_macro_and_the_table_list_the_same_lexicon_languages() {
        let from_macro: Vec<&str> = lexicon_languages!(codes).to_vec();
        let from_table: Vec<&str> = lexicon_languages().map(|l| l.code).collect();
        assert_eq!(from_macro, from_table);
    }

    #[test]
    fn codes_are_unique_two_letter_lowercase() {
        for (i, l) in LANGUAGES.iter().enumerate() {
            assert!(
                l.code.len() == 2 && l.code.bytes().all(|b| b.is_ascii_lowercase()),
                "{}",
                l.code
            );
            assert!(
                LANGUAGES[..i].iter().all(|o| o.code != l.code),
                "{}",
                l.code
            );
        }
        assert_eq!(language_of("fa").map(|l| l.script), Some(Script::Arabic));
        assert!(language_of("xx").is_none());
    }

    #[test]
    fn scripts_of_words() {
        assert_eq!(Script::of("homs"), Script::Latin);
        assert_eq!(Script::of("geneve"), Script::Latin);
        assert_eq!(Script::of("été"), Script::Latin);
        assert_eq!(Script::of("حلب"), Script::Arabic);
        assert_eq!(Script::of("москва"), Script::Cyrillic);
        assert_eq!(Script::of("東京"), Script::Other);
        assert_eq!(Script::of(""), Script::Other);
    }
}
