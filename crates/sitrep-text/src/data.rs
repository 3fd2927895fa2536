//! The text layer's per-language data (`data/lang/<code>/text.txt` of every registry language
//! with lexicons), parsed once on first use and shared: sentence rules, elisions, clitics and
//! articles. The tokeniser has no language (it sees the document before language ID), so it
//! applies every language's lists; articles and proclitics apply by script.

use std::sync::OnceLock;

use rustc_hash::FxHashSet as HashSet;

use crate::lexicon::{parse, LexiconError, Section};
use crate::norm::fold;
use crate::registry::{lexicon_languages, Script};

/// Everything the tokeniser, the matching keys and the sentence splitter read from data.
#[derive(Debug, Default)]
pub(crate) struct TextData {
    /// Words that end with a full stop without ending a sentence, as written (`Gen`, `U.S`).
    pub abbreviations: HashSet<String>,
    /// Folded words that an apostrophe detaches from the next word (`l`, `jusqu`).
    pub elisions: Vec<String>,
    /// Lowercase ASCII clitics after an apostrophe, swallowed with it (`s`, `ve`).
    pub clitics: Vec<String>,
    /// Folded Latin transliterations of an article (`al`, `ez`), and the longest one's length.
    pub transliterated_articles: HashSet<String>,
    pub transliterated_max: usize,
    /// The transliterated articles also written as a word of their own before a capitalised
    /// name (`Al Anbar`, `El Fasher`); the others join their name with a hyphen.
    pub separate_articles: HashSet<String>,
    /// Folded articles written attached to the word, in Arabic script (`ال`).
    pub attached_articles: Vec<String>,
    /// One-letter proclitics of Arabic script, with their spelling before the article when it
    /// contracts (`ل` → `لل`).
    pub proclitics: Vec<(char, Option<String>)>,
    /// One-letter conjunctions of Arabic script that may stand before a proclitic (`و`, `ف`:
    /// `وبالموصل`).
    pub conjunctions: Vec<char>,
}

const SECTIONS: &[Section] = &[
    Section::new("abbreviation", 1),
    Section::new("elision", 1),
    Section::new("clitic", 1),
    Section {
        name: "transliterated_article",
        fields: 1..=2,
    },
    Section::new("article", 1),
    Section {
        name: "proclitic",
        fields: 1..=2,
    },
    Section::new("conjunction", 1),
];

impl TextData {
    pub fn load() -> Result<TextData, LexiconError> {
        let mut data = TextData::default();
        for lang in lexicon_languages() {
            let file = format!("data/lang/{}/text.txt", lang.code);
            for e in parse(&file, lang.text_data, SECTIONS)? {
                let value = e.key();
                let folded = fold(value.trim_matches(['\'', '’']));
                let arabic = lang.script == Script::Arabic;
                match e.section {
                    "abbreviation" => {
                        data.abbreviations.insert(value.to_string());
                    }
                    "elision" => data.elisions.push(folded),
                    "clitic" if folded.bytes().all(|b| b.is_ascii_lowercase()) => {
                        data.clitics.push(folded)
                    }
                    "clitic" => return Err(e.error("a clitic is lowercase ASCII letters")),
                    "transliterated_article" => {
                        match e.fields.get(1).copied() {
                            None => {}
                            Some("separate") => {
                                data.separate_articles.insert(folded.clone());
                            }
                            Some(_) => {
                                return Err(e.error("the second field can only be `separate`"))
                            }
                        }
                        data.transliterated_max = data.transliterated_max.max(folded.len());
                        data.transliterated_articles.insert(folded);
                    }
                    "article" if arabic => data.attached_articles.push(folded),
                    "proclitic" if arabic => {
                        let mut chars = folded.chars();
                        let (Some(c), None) = (chars.next(), chars.next()) else {
                            return Err(e.error("a proclitic is one letter"));
                        };
                        let contracted = e.fields.get(1).map(|f| fold(f));
                        data.proclitics.push((c, contracted));
                    }
                    "conjunction" if arabic => {
                        let mut chars = folded.chars();
                        let (Some(c), None) = (chars.next(), chars.next()) else {
                            return Err(e.error("a conjunction is one letter"));
                        };
                        data.conjunctions.push(c);
                    }
                    _ => {
                        return Err(e.error(format!(
                            "[{}] is read only for Arabic-script languages",
                            e.section
                        )))
                    }
                }
            }
        }
        Ok(data)
    }
}

/// The shared data, parsed on first use. The files are compiled in: a parse error is a bug in
/// them, caught by this module's tests, so it panics with the file and line.
pub(crate) fn get() -> &'static TextData {
    static DATA: OnceLock<TextData> = OnceLock::new();
    DATA.get_or_init(|| TextData::load().unwrap_or_else(|e| panic!("{e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_in_files_parse() {
        let d = TextData::load().unwrap();
        assert!(d.abbreviations.len() > 50);
        assert!(!d.elisions.is_empty() && !d.clitics.is_empty());
        assert!(d.transliterated_max >= 2 && d.transliterated_max <= 4);
        assert_eq!(d.attached_articles.len(), 1);
        assert!(d.proclitics.iter().any(|(_, c)| c.is_some()));
        assert!(d
            .conjunctions
            .iter()
            .all(|c| d.proclitics.iter().any(|(p, _)| p == c)));
    }
}
