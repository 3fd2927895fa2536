//! Language identification.
//!
//! The languages of the registry ([`crate::registry::LANGUAGES`]): the ones sitrep has lexicons
//! for plus the languages most often met in the same news streams, so that a German or Russian
//! article is reported as such instead of being forced into one of ours. Clear-cut paragraphs
//! in Latin script are decided by counting function words; other texts of a paragraph or more
//! go to `whatlang` (fast, reliable at that length); short texts and texts whatlang is unsure
//! about go to `lingua`, which is accurate on headlines and snippets but costs about a
//! millisecond a document. Detection looks at a bounded prefix of the text (the first
//! [`SAMPLE_CHARS`], 300 characters): enough for a confident decision, and it keeps the cost
//! per document constant however long the document is.

use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};

use crate::lexicon::{parse, Section};
use crate::registry::{language_of, LANGUAGES, TABLE};

/// ISO 639-1 codes sitrep can identify, in registry order.
pub const SUPPORTED: [&str; TABLE.len()] = {
    let mut out = [""; TABLE.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = TABLE[i].code;
        i += 1;
    }
    out
};

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
    /// Counting function words: decides the clear-cut Latin-script paragraphs before either.
    function_words: FunctionWords,
}

impl std::fmt::Debug for LanguageId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LanguageId").finish_non_exhaustive()
    }
}

/// Characters of the text looked at. A paragraph decides the language of a news article;
/// looking further only costs time: on the 2,794 texts of `shared/eval` with a gold language
/// (en, fr, ar) 300 characters give the same 3 errors as 600, and whatlang's cost halves.
pub const SAMPLE_CHARS: usize = 300;
/// Below this many characters the precise model is used (short texts need it).
const SHORT_TEXT: usize = 200;

/// The code of a lingua language (`und` for one outside the registry).
fn code(lang: Language) -> &'static str {
    LANGUAGES
        .iter()
        .find(|l| l.lingua == lang)
        .map_or(UNDETERMINED, |l| l.code)
}

/// The code of a whatlang language (`und` for one outside the registry).
fn whatlang_code(lang: whatlang::Lang) -> &'static str {
    LANGUAGES
        .iter()
        .find(|l| l.whatlang == lang)
        .map_or(UNDETERMINED, |l| l.code)
}

/// The code of an undetermined language (ISO 639-2 `und`).
pub const UNDETERMINED: &str = "und";

impl LanguageId {
    /// Builds the detector with its models loaded up front (servers and batch jobs want the
    /// cost at start, not on the first document).
    pub fn new() -> LanguageId {
        let langs: Vec<Language> = LANGUAGES.iter().map(|l| l.lingua).collect();
        let precise = LanguageDetectorBuilder::from_languages(&langs)
            .with_preloaded_language_models()
            .build();
        let fast =
            whatlang::Detector::with_allowlist(LANGUAGES.iter().map(|l| l.whatlang).collect());
        LanguageId {
            precise,
            fast,
            function_words: FunctionWords::load(),
        }
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
                code: UNDETERMINED,
                confidence: 0.0,
            };
        }
        // Short texts go to lingua, except in a non-Latin script, where only a couple of our
        // languages share the script (Arabic/Persian, Russian) and whatlang is reliable.
        let long = sample.chars().count() >= SHORT_TEXT;
        let latin = mostly_latin(sample);
        if long && latin {
            if let Some(d) = self.function_words.decide(sample) {
                return d;
            }
        }
        if long || !latin {
            if let Some(info) = self.fast.detect(sample) {
                let code = whatlang_code(info.lang());
                if info.is_reliable() && code != UNDETERMINED {
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
                code: UNDETERMINED,
                confidence: 0.0,
            },
        }
    }
}

/// Whether most letters of `text` are in the Latin script.
/// The clear-cut case of language ID, decided by counting function words
/// (`data/function-words.txt`): on a paragraph of news text one language's words dominate, and
/// counting them costs a fraction of trigram scoring.
struct FunctionWords {
    /// Word → languages (indices into `codes`) that use it.
    words: rustc_hash::FxHashMap<&'static str, Vec<u8>>,
    codes: Vec<&'static str>,
}

/// Hits the winner needs, and how many times the runner-up's count it must reach.
const FUNCTION_WORD_HITS: usize = 6;
const FUNCTION_WORD_MARGIN: usize = 3;

impl FunctionWords {
    /// Parses `data/function-words.txt` (`code | words`), compiled in: an error in it (a
    /// malformed line, a code outside the registry) is a bug caught by this module's tests, so
    /// it panics naming the file and line.
    fn load() -> FunctionWords {
        const FILE: &str = "data/function-words.txt";
        let mut words: rustc_hash::FxHashMap<&'static str, Vec<u8>> = Default::default();
        let mut codes = Vec::new();
        let entries = parse(
            FILE,
            include_str!("../data/function-words.txt"),
            &[Section::new("", 2)],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        for e in entries {
            let Some(lang) = language_of(e.fields[0]) else {
                panic!("{}", e.error("not a language of the registry"));
            };
            let idx = codes.len() as u8;
            codes.push(lang.code);
            for w in e.fields[1].split_whitespace() {
                words.entry(w).or_default().push(idx);
            }
        }
        FunctionWords { words, codes }
    }

    fn decide(&self, sample: &str) -> Option<Detection> {
        let mut counts = [0usize; 16];
        let mut lower = String::with_capacity(16);
        for word in sample.split(|c: char| !c.is_alphabetic()) {
            if word.is_empty() || word.len() > 12 {
                continue;
            }
            lower.clear();
            if word.is_ascii() {
                lower.push_str(word);
                lower.make_ascii_lowercase();
            } else {
                lower.extend(word.chars().flat_map(char::to_lowercase));
            }
            if let Some(langs) = self.words.get(lower.as_str()) {
                for &l in langs {
                    counts[l as usize] += 1;
                }
            }
        }
        let mut order: Vec<usize> = (0..self.codes.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(counts[i]));
        let (best, second) = (counts[order[0]], counts[order[1]]);
        (best >= FUNCTION_WORD_HITS && best >= FUNCTION_WORD_MARGIN * second).then(|| Detection {
            code: self.codes[order[0]],
            confidence: best as f64 / (best + second) as f64,
        })
    }
}

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

    /// News paragraphs (≥ 200 characters) in each Latin-script language: the function-word
    /// count decides them, and agrees with the trigram model.
    #[test]
    fn function_words_decide_clear_paragraphs_like_whatlang() {
        let id = LanguageId::new();
        let cases = [
            ("en", "The army said on Thursday that its forces had retaken the town after two days of fighting with the rebels, who were driven out of the northern districts. At least twelve people were killed, according to a local official who spoke to reporters."),
            ("fr", "Les forces gouvernementales ont repris jeudi le contrôle de la ville après deux jours de combats avec les rebelles, qui ont été chassés des quartiers nord. Au moins douze personnes ont été tuées, selon un responsable local cité par la presse."),
            ("es", "El ejército aseguró el jueves que sus tropas recuperaron la ciudad tras dos días de combates con los rebeldes, que fueron expulsados de los barrios del norte. Al menos doce personas murieron, según un funcionario local citado por la prensa."),
            ("pt", "O exército afirmou na quinta-feira que as suas tropas retomaram a cidade depois de dois dias de combates com os rebeldes, que foram expulsos dos bairros do norte. Pelo menos doze pessoas morreram, segundo um responsável local citado pela imprensa."),
            ("it", "L'esercito ha dichiarato giovedì che le sue truppe hanno ripreso il controllo della città dopo due giorni di combattimenti con i ribelli, che sono stati cacciati dai quartieri del nord. Almeno dodici persone sono state uccise, secondo un funzionario locale."),
            ("de", "Die Armee hat am Donnerstag erklärt, dass ihre Truppen die Stadt nach zwei Tagen der Kämpfe mit den Rebellen zurückerobert haben, die aus den nördlichen Vierteln vertrieben wurden. Mindestens zwölf Menschen sind nach Angaben eines örtlichen Beamten getötet worden."),
            ("tr", "Ordu perşembe günü yaptığı açıklamada, birliklerinin isyancılarla iki gün süren çatışmaların ardından kenti yeniden ele geçirdiğini ve isyancıların kuzey mahallelerinden çıkarıldığını bildirdi. Yerel bir yetkiliye göre en az on iki kişi hayatını kaybetti ve bu saldırı için soruşturma başlatıldı."),
        ];
        for (want, text) in cases {
            assert!(
                text.chars().count() >= SHORT_TEXT,
                "{want}: test text too short"
            );
            let sample: String = text.chars().take(SAMPLE_CHARS).collect();
            let fast = id.function_words.decide(&sample).map(|d| d.code);
            assert_eq!(fast, Some(want), "function words on {want}: {text}");
            let tri = id.fast.detect(&sample).map(|i| i.lang());
            let tri = tri.map(|l| match l {
                whatlang::Lang::Eng => "en",
                whatlang::Lang::Fra => "fr",
                whatlang::Lang::Spa => "es",
                whatlang::Lang::Por => "pt",
                whatlang::Lang::Ita => "it",
                whatlang::Lang::Deu => "de",
                whatlang::Lang::Tur => "tr",
                _ => "other",
            });
            assert_eq!(tri, Some(want), "whatlang on {want}");
            assert_eq!(id.detect(text).code, want);
        }
    }

    /// A paragraph with no clear majority of one language's function words is left to the
    /// trigram model.
    #[test]
    fn function_words_abstain_on_mixed_or_wordless_text() {
        let id = LanguageId::new();
        let names = "Deir ez-Zor, Abou Kamal, Mayadin, Raqqa, Hassaké, Qamichli, Manbij, Afrin, \
                     Alep, Idlib, Hama, Homs, Palmyre, Damas, Deraa, Qouneitra, Soueida, Lattaquié, \
                     Tartous, Jablé, Banias, Kobané, Tal Abyad, Ras al-Aïn, Jarablous, Azaz";
        assert_eq!(id.function_words.decide(names), None);
        let mixed = "the army and the rebels, los rebeldes y el ejército, the town and the city, \
                     las ciudades y los pueblos";
        assert_eq!(id.function_words.decide(mixed), None);
    }
}
