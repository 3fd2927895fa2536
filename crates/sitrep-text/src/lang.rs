//! Language identification.
//!
//! The languages sitrep has lexicons for (fr, en, ar, es) plus the languages most often met in
//! the same news streams, so that a German or Russian article is reported as such instead of
//! being forced into one of ours. Texts of a paragraph or more go to `whatlang` (fast, reliable
//! at that length); short texts and texts whatlang is unsure about go to `lingua`, which is
//! accurate on headlines and snippets but costs about a millisecond a document. Detection looks at a bounded prefix of the text
//! (the first 600 characters): enough for a confident decision, and it keeps the
//! cost per document constant however long the document is.

use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};

/// ISO 639-1 codes sitrep can identify.
pub const SUPPORTED: &[&str] = &["en", "fr", "ar", "es", "de", "it", "pt", "ru", "tr", "fa"];

/// A detected language with lingua's confidence (0..1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detection {
    /// ISO 639-1 code, or `und` when undetermined (no letters, or no language fits).
    pub code: &'static str,
    pub confidence: f64,
}

/// A language identifier; build it once and share it (it is `Sync`).
pub struct LanguageId {
    /// Full model (uni- to five-grams): accurate on headlines and short snippets.
    precise: LanguageDetector,
    /// whatlang's trigram model restricted to the same languages: about a hundred times
    /// faster, and as accurate as lingua once a text has a few sentences.
    fast: whatlang::Detector,
}

impl std::fmt::Debug for LanguageId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LanguageId").finish_non_exhaustive()
    }
}

/// Characters of the text looked at. A paragraph decides the language of a news article;
/// looking further only costs time.
const SAMPLE_CHARS: usize = 600;
/// Below this many characters the precise model is used (short texts need it).
const SHORT_TEXT: usize = 200;

fn code(lang: Language) -> &'static str {
    match lang {
        Language::English => "en",
        Language::French => "fr",
        Language::Arabic => "ar",
        Language::Spanish => "es",
        Language::German => "de",
        Language::Italian => "it",
        Language::Portuguese => "pt",
        Language::Russian => "ru",
        Language::Turkish => "tr",
        Language::Persian => "fa",
        #[allow(unreachable_patterns)] // lingua may gain languages we did not enable
        _ => "und",
    }
}

impl LanguageId {
    /// Builds the detector with its models loaded up front (servers and batch jobs want the
    /// cost at start, not on the first document).
    pub fn new() -> LanguageId {
        const LANGS: [Language; 10] = [
            Language::English,
            Language::French,
            Language::Arabic,
            Language::Spanish,
            Language::German,
            Language::Italian,
            Language::Portuguese,
            Language::Russian,
            Language::Turkish,
            Language::Persian,
        ];
        let precise = LanguageDetectorBuilder::from_languages(&LANGS)
            .with_preloaded_language_models()
            .build();
        let fast = whatlang::Detector::with_allowlist(vec![
            whatlang::Lang::Eng,
            whatlang::Lang::Fra,
            whatlang::Lang::Ara,
            whatlang::Lang::Spa,
            whatlang::Lang::Deu,
            whatlang::Lang::Ita,
            whatlang::Lang::Por,
            whatlang::Lang::Rus,
            whatlang::Lang::Tur,
            whatlang::Lang::Pes,
        ]);
        LanguageId { precise, fast }
    }

    /// Detects the language of `text` from a bounded prefix.
    pub fn detect(&self, text: &str) -> Detection {
        let end = text
            .char_indices()
            .nth(SAMPLE_CHARS)
            .map_or(text.len(), |(b, _)| b);
        let sample = &text[..end];
        if !sample.chars().any(char::is_alphabetic) {
            return Detection {
                code: "und",
                confidence: 0.0,
            };
        }
        // Short texts go to lingua, except in a non-Latin script, where only a couple of our
        // languages share the script (Arabic/Persian, Russian) and whatlang is reliable.
        let long = sample.chars().count() >= SHORT_TEXT;
        if long || !mostly_latin(sample) {
            if let Some(info) = self.fast.detect(sample) {
                let code = match info.lang() {
                    whatlang::Lang::Eng => "en",
                    whatlang::Lang::Fra => "fr",
                    whatlang::Lang::Ara => "ar",
                    whatlang::Lang::Spa => "es",
                    whatlang::Lang::Deu => "de",
                    whatlang::Lang::Ita => "it",
                    whatlang::Lang::Por => "pt",
                    whatlang::Lang::Rus => "ru",
                    whatlang::Lang::Tur => "tr",
                    whatlang::Lang::Pes => "fa",
                    _ => "und",
                };
                if info.is_reliable() && code != "und" {
                    return Detection {
                        code,
                        confidence: info.confidence(),
                    };
                }
            }
        }
        let values = self.precise.compute_language_confidence_values(sample);
        match values.first() {
            Some(&(lang, conf)) if conf > 0.0 => Detection {
                code: code(lang),
                confidence: conf,
            },
            _ => Detection {
                code: "und",
                confidence: 0.0,
            },
        }
    }
}

/// Whether most letters of `text` are in the Latin script.
fn mostly_latin(text: &str) -> bool {
    let (mut latin, mut other) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if c.is_ascii() || ('\u{00C0}'..='\u{024F}').contains(&c) {
            latin += 1;
        } else {
            other += 1;
        }
    }
    latin >= other
}

impl Default for LanguageId {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_the_four_lexicon_languages_and_others() {
        let id = LanguageId::new();
        let cases = [
            (
                "Les terroristes de Daech ont lancé une violente offensive jeudi.",
                "fr",
            ),
            (
                "US helicopters struck positions west of Anbar on Thursday.",
                "en",
            ),
            (
                "شن تنظيم داعش هجوما عنيفا على مواقع الجيش السوري في دير الزور",
                "ar",
            ),
            (
                "Los rebeldes atacaron las posiciones del ejército cerca de Alepo.",
                "es",
            ),
            (
                "Die Armee hat am Donnerstag die Stellungen der Rebellen angegriffen.",
                "de",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(id.detect(text).code, want, "{text}");
        }
    }

    #[test]
    fn short_arabic_and_latin_snippets() {
        let id = LanguageId::new();
        assert_eq!(id.detect("انفجار مرفأ بيروت").code, "ar");
        assert_eq!(id.detect("Explosion au port de Beyrouth").code, "fr");
        assert_eq!(id.detect("Explosion at the port of Beirut").code, "en");
    }

    #[test]
    fn no_letters_is_undetermined() {
        let id = LanguageId::new();
        assert_eq!(id.detect("").code, "und");
        assert_eq!(id.detect("12 345 --- !!").code, "und");
    }
}
