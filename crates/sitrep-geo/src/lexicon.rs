//! Per-language knowledge of the place recogniser, loaded from the data files under
//! `data/lang/<code>/` (one folder per registry language with lexicons, see
//! `sitrep_text::registry`).
//!
//! The files are compiled into the binary (`include_str!`), written in the project's one
//! data-file format (`sitrep_text::lexicon`) and parsed once by [`Lexicons::load`]: an unknown
//! section or a malformed line is an error naming the file and line. The code never names a
//! word of any language.

use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet as HashSet;

use sitrep_text::lexicon::{parse, words, Entry, Fold, LexiconError, Section};
use sitrep_text::name_key;
use sitrep_text::norm::{fold, strip_attached_article};
use sitrep_text::phrase::{Crossing, Matcher};

macro_rules! geo_files {
    ($($code:literal),*) => {
        [$((
            $code,
            include_str!(concat!("../data/lang/", $code, "/geo.txt")),
            include_str!(concat!("../data/lang/", $code, "/common_words.txt")),
            include_str!(concat!("../data/lang/", $code, "/frequent_words.txt")),
        )),*]
    };
}

/// Each registry language with lexicons: code, `geo.txt`, `common_words.txt`,
/// `frequent_words.txt`.
const LANGS: [(&str, &str, &str, &str); 4] = sitrep_text::lexicon_languages!(geo_files);

const FIRST_NAMES: &str = include_str!("../data/lang/first_names.txt");

/// The script of each country's most likely language (`data/country_scripts.txt`, from CLDR).
const COUNTRY_SCRIPTS: &str = include_str!("../data/country_scripts.txt");

/// `country | script` lines (`country_scripts.txt`).
const COUNTRY_SCRIPT_LIST: &[Section] = &[Section::new("", 2)];

/// ISO 15924 code of the Latin script, as `country_scripts.txt` writes it.
const LATIN: &str = "Latn";

/// The sections of `geo.txt` (documented in `data/lang/README.md`).
const GEO_SECTIONS: &[Section] = &[
    Section::new("near", 1),
    Section::new("direction", 2),
    Section::new("within", 1),
    Section::new("settlement", 1),
    Section::new("press_title", 1),
    Section::new("admin", 1),
    Section::new("preposition", 1),
    Section::new("locative", 1),
    Section::new("place_preposition", 1),
    Section::new("honorific", 1),
    Section::new("organisation", 1),
    Section::new("name_noun_after", 2),
    Section::new("name_noun_before", 2),
    Section::new("coordination", 1),
    Section::new("person_title", 1),
    Section::new("not_place", 1),
    Section::new("time_word", 1),
    Section::new("state_form", 1),
    Section::new("hour_mark", 1),
    Section::new("transliteration", 2),
];

/// A word list: one word per line (`common_words.txt`, `first_names.txt`).
const WORD_LIST: &[Section] = &[Section::new("", 1)];

/// What a noun next to a place name turns the name into (`Wichita Drive`, `lac de Neuchâtel`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameNoun {
    /// A street, road or square: located by the document's places, not by the name.
    Street,
    /// A river, lake, mountain...: looked up as a whole, else near the place it is named after.
    Feature,
    /// A hospital, university, airport, port, camp or crossing: looked up as a whole, else at
    /// the town it is named after, or at the place named right after it (`l'hôpital X de Y`,
    /// `مستشفى X في Y`): a facility is in its town (ACLED precision 1), not near it.
    Facility,
}

impl NameNoun {
    fn parse(s: &str) -> Option<NameNoun> {
        Some(match s {
            "street" => NameNoun::Street,
            "feature" => NameNoun::Feature,
            "facility" => NameNoun::Facility,
            _ => return None,
        })
    }
}

/// The kind of an approximate-location expression (also its name in the output schema's
/// `qualifier.kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    /// `près de`, `near`, `on the outskirts of`: around the place.
    Near,
    /// `dans la province de`, `in the countryside of`: inside the larger area named.
    Within,
    /// `au nord de`, `northern`: a direction from the place.
    Direction,
    /// A settlement noun before a name the gazetteer may lack (`le village de`).
    Settlement,
}

impl CueKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CueKind::Near => "near",
            CueKind::Within => "within",
            CueKind::Direction => "direction",
            CueKind::Settlement => "settlement",
        }
    }

    /// Whether the expression places what it qualifies around or inside the named place, not
    /// at it (ACLED precision 2 at least).
    pub fn is_approximate(self) -> bool {
        matches!(self, CueKind::Near | CueKind::Within | CueKind::Direction)
    }
}

/// A cue phrase as a sequence of folded words (`["aux", "alentours", "de"]`).
pub type Phrase = Vec<String>;

/// The geo cue lists of one language, as read from its `geo.txt` (see `data/lang/README.md`).
#[derive(Debug, Default, Clone)]
pub struct GeoCues {
    pub near: Vec<Phrase>,
    /// Direction phrase → compass code.
    pub direction: Vec<(Phrase, String)>,
    pub within: Vec<Phrase>,
    pub settlement: HashSet<String>,
    /// Capitalised words after a place name that make it a newspaper's or broadcaster's title
    /// (`Post`, `Tribune`): the name is then the title's home town (`Washington Post`).
    pub press_title: HashSet<String>,
    pub admin: HashSet<String>,
    pub preposition: HashSet<String>,
    /// Words that put the next name in a place (`in`, `à`, `hacia`): a minor place name
    /// without one is weak evidence (see [`crate::Support::Unplaced`]).
    pub locative: HashSet<String>,
    /// Prepositions after which an unknown capitalised name is kept as a place, located near
    /// the document's places (`in Kilcarragh`, `à Kafr Nabl`).
    pub place_preposition: HashSet<String>,
    pub coordination: Vec<Phrase>,
    pub person_title: HashSet<String>,
    /// Civil honorifics after which a nobiliary particle still introduces a surname
    /// (`M. de Kerillis`, `monsieur de Belgarde`).
    pub honorific: HashSet<String>,
    /// Nouns that open an organisation's or a publication's name (`Banque`, `Gazette`,
    /// `Conseil`): a place name after them, through a preposition, is part of that name.
    pub organisation: HashSet<String>,
    /// Folded nouns after a name that make it another thing's name (`River`, `Street`).
    pub name_noun_after: HashMap<String, NameNoun>,
    /// Folded nouns before a name (with an optional preposition) that do the same (`rue`,
    /// `lac`, `Lake`).
    pub name_noun_before: HashMap<String, NameNoun>,
    /// Matching keys (see `sitrep_text::key`) of names that are never places.
    pub not_place: HashSet<String>,
    pub time_word: HashSet<String>,
    /// Matching keys of words for a form of state (`المملكة`, `the Kingdom`, `le Royaume`) that, alone, refer to
    /// the country of the document whose name starts with them (see
    /// `crate::resolve::state_form`).
    pub state_form: HashSet<String>,
    /// Single-word directions (`nord`, `northern`), for quick membership tests.
    pub direction_words: HashSet<String>,
    /// Words marking a clock hour after its number (`8 h 30`), as written (see
    /// `crate::recognise::listings`).
    pub hour_mark: Vec<String>,
    /// Letters of the language's script → the Latin consonant that the transliteration
    /// skeleton writes for them (`ب` → `b`, `خ` → `k`); letters not listed are vowels or weak
    /// letters, dropped as the Latin skeleton drops vowels (see `crate::resolve::fuzzy`).
    pub transliteration: HashMap<char, char>,
}

/// An approximate-location phrase, matched backwards from a name.
#[derive(Debug, Clone, PartialEq)]
pub struct CueEntry {
    pub kind: CueKind,
    pub direction: Option<String>,
}

/// Bits of [`LangData::word_class`]: what a single folded word is, so that the recogniser's
/// per-token tests are one lookup per token and document (see [`crate::doc::Doc`]).
pub mod class {
    /// A settlement noun of the language (`village`, `town`, `قرية`).
    pub const SETTLEMENT: u32 = 1;
    /// An admin noun of the language (`province`, `gouvernorat`).
    pub const ADMIN: u32 = 1 << 1;
    /// A one-word direction of any language (`nord`, `northern`).
    pub const DIRECTION: u32 = 1 << 2;
    /// A preposition of the language linking a noun to a name (`de`, `of`).
    pub const PREPOSITION: u32 = 1 << 3;
    /// A locative word of the language (`in`, `à`).
    pub const LOCATIVE: u32 = 1 << 4;
    /// A place preposition of the language (`in`, `at`, `à`).
    pub const PLACE_PREPOSITION: u32 = 1 << 5;
    /// A press title's word of the language (`Post`, `Tribune`).
    pub const PRESS_TITLE: u32 = 1 << 6;
    /// One of the language's frequent words.
    pub const COMMON: u32 = 1 << 7;
    /// A settlement noun of any language.
    pub const ANY_SETTLEMENT: u32 = 1 << 8;
    /// An admin noun of any language.
    pub const ANY_ADMIN: u32 = 1 << 9;
    /// A person title of any language (`Gen.`, `président`).
    pub const PERSON_TITLE: u32 = 1 << 10;
    /// A civil honorific of any language (`M.`, `monsieur`).
    pub const HONORIFIC: u32 = 1 << 11;
    /// A weekday, month or feast of any language.
    pub const TIME_WORD: u32 = 1 << 12;
    /// A given name (`data/lang/first_names.txt`).
    pub const FIRST_NAME: u32 = 1 << 13;
    /// One of the language's less frequent words (`frequent_words.txt`: the words after the
    /// [`COMMON`] ones, for languages without capitals).
    pub const FREQUENT: u32 = 1 << 14;
    /// A noun of the language that opens an organisation's name (`Banque`, `Gazette`).
    pub const ORGANISATION: u32 = 1 << 15;
}

/// Everything known about one language.
#[derive(Debug, Clone)]
pub struct LangData {
    pub geo: GeoCues,
    /// The frequent words that start with an attached article, without it: a word of the text
    /// with its article dropped is frequent if it is here (`سيول` for `السيول`). The frequent
    /// words themselves are the [`class::COMMON`] words.
    pub common_after_article: HashSet<String>,
    /// Direction, near and within phrases, matched backwards from a name; the first added
    /// wins: directions first (most specific), then the longest phrases. A phrase ending in a
    /// preposition is also entered without it (`aux alentours` for `aux alentours de`), since
    /// determiners and nouns may stand between it and the name.
    pub cues: Matcher<CueEntry>,
    /// "And" forms between two names (`et de`, `and`).
    pub coordination: Matcher<()>,
    /// [`class`] bits by folded word.
    word_classes: HashMap<String, u32>,
}

impl Default for LangData {
    fn default() -> LangData {
        LangData {
            geo: GeoCues::default(),
            common_after_article: HashSet::default(),
            cues: Matcher::new(Fold::Norm, Crossing::Anything),
            coordination: Matcher::new(Fold::Norm, Crossing::Anything),
            word_classes: HashMap::default(),
        }
    }
}

impl LangData {
    /// The [`class`] bits of a folded word (0 for most words).
    #[inline]
    pub fn word_class(&self, norm: &str) -> u32 {
        self.word_classes.get(norm).copied().unwrap_or(0)
    }

    /// The one-lookup word classes of a language whose lists are `g` and frequent words
    /// `common` and `frequent`: its own lists, every language's (`all`), and the given names.
    fn word_classes(
        g: &GeoCues,
        (common, frequent): (&HashSet<String>, &HashSet<String>),
        all: &GeoCues,
        first_names: &HashSet<String>,
    ) -> HashMap<String, u32> {
        let lists = [
            (&g.settlement, class::SETTLEMENT),
            (&g.admin, class::ADMIN),
            (&all.direction_words, class::DIRECTION),
            (&g.preposition, class::PREPOSITION),
            (&g.locative, class::LOCATIVE),
            (&g.place_preposition, class::PLACE_PREPOSITION),
            (&g.press_title, class::PRESS_TITLE),
            (&g.organisation, class::ORGANISATION),
            (common, class::COMMON),
            (frequent, class::FREQUENT),
            (&all.settlement, class::ANY_SETTLEMENT),
            (&all.admin, class::ANY_ADMIN),
            (&all.person_title, class::PERSON_TITLE),
            (&all.honorific, class::HONORIFIC),
            (&all.time_word, class::TIME_WORD),
            (first_names, class::FIRST_NAME),
        ];
        let size = lists.iter().map(|(words, _)| words.len()).sum();
        let mut m: HashMap<String, u32> =
            HashMap::with_capacity_and_hasher(size, Default::default());
        for (words, bit) in lists {
            for w in words {
                match m.get_mut(w.as_str()) {
                    Some(bits) => *bits |= bit,
                    None => {
                        m.insert(w.clone(), bit);
                    }
                }
            }
        }
        m.shrink_to_fit();
        m
    }

    fn index_phrases(&mut self) {
        let g = &self.geo;
        let mut entries: Vec<(Phrase, CueEntry)> = Vec::new();
        for (p, d) in &g.direction {
            let e = CueEntry {
                kind: CueKind::Direction,
                direction: Some(d.clone()),
            };
            entries.push((p.clone(), e));
        }
        for (list, kind) in [(&g.near, CueKind::Near), (&g.within, CueKind::Within)] {
            for p in list {
                let e = CueEntry {
                    kind,
                    direction: None,
                };
                entries.push((p.clone(), e.clone()));
                if let Some((last, rest)) = p.split_last() {
                    if !rest.is_empty() && g.preposition.contains(last.as_str()) {
                        entries.push((rest.to_vec(), e));
                    }
                }
            }
        }
        // Directions first (most specific), then longest phrases: the matcher returns the
        // first added of the phrases that end at a name.
        entries.sort_by_key(|(p, e)| (e.kind != CueKind::Direction, std::cmp::Reverse(p.len())));
        let mut cues = Matcher::new(Fold::Norm, Crossing::Anything);
        for (p, e) in entries {
            cues.add_words(&p, e);
        }
        self.cues = cues;
        let mut coordination = Matcher::new(Fold::Norm, Crossing::Anything);
        for p in &g.coordination {
            coordination.add_words(p, ());
        }
        self.coordination = coordination;
    }
}

/// All languages' data, plus the union used when a document's language has no data files.
#[derive(Debug, Default, Clone)]
pub struct Lexicons {
    langs: HashMap<&'static str, LangData>,
    union: LangData,
    /// Countries whose most likely language is written in another script than Latin
    /// (`data/country_scripts.txt`): their place names reach Latin-script text transliterated.
    non_latin_countries: HashSet<String>,
}

/// A word-section entry stored as its words joined by one space (`porte-parole` →
/// `porte parole`).
fn word(s: &str) -> String {
    words(s, Fold::Norm).join(" ")
}

fn phrase(s: &str) -> Phrase {
    words(s, Fold::Norm)
}

fn add_entry(cues: &mut GeoCues, e: &Entry) -> Result<(), LexiconError> {
    let line = e.key();
    match e.section {
        "near" => cues.near.push(phrase(line)),
        "within" => cues.within.push(phrase(line)),
        "coordination" => cues.coordination.push(phrase(line)),
        "direction" => cues.direction.push((phrase(line), e.fields[1].to_string())),
        "name_noun_after" | "name_noun_before" => {
            let Some(class) = NameNoun::parse(e.fields[1]) else {
                return Err(e.error("expected `noun | street` or `noun | feature`"));
            };
            let map = if e.section == "name_noun_after" {
                &mut cues.name_noun_after
            } else {
                &mut cues.name_noun_before
            };
            map.insert(word(line), class);
        }
        "not_place" => {
            if let Some(k) = name_key(line) {
                cues.not_place.insert(k);
            }
        }
        "state_form" => {
            if let Some(k) = name_key(line) {
                cues.state_form.insert(k);
            }
        }
        "hour_mark" => cues.hour_mark.push(line.to_string()),
        "transliteration" => {
            let folded = fold(line);
            let mut letter = folded.chars();
            let mut latin = e.fields[1].chars();
            match (letter.next(), letter.next(), latin.next(), latin.next()) {
                (Some(a), None, Some(l), None) if l.is_ascii_lowercase() => {
                    cues.transliteration.insert(a, l);
                }
                _ => return Err(e.error("expected `letter | latin letter`, one letter each")),
            }
        }
        section => {
            let set = match section {
                "settlement" => &mut cues.settlement,
                "admin" => &mut cues.admin,
                "press_title" => &mut cues.press_title,
                "preposition" => &mut cues.preposition,
                "locative" => &mut cues.locative,
                "place_preposition" => &mut cues.place_preposition,
                "honorific" => &mut cues.honorific,
                "organisation" => &mut cues.organisation,
                "person_title" => &mut cues.person_title,
                "time_word" => &mut cues.time_word,
                // `parse` only returns the sections listed in GEO_SECTIONS.
                _ => return Err(e.error("section without a reader")),
            };
            set.insert(word(line));
        }
    }
    Ok(())
}

fn parse_geo(file: &str, src: &str, cues: &mut GeoCues) -> Result<(), LexiconError> {
    for e in parse(file, src, GEO_SECTIONS)? {
        add_entry(cues, &e)?;
    }
    // Longest phrases first, duplicates dropped.
    for list in [&mut cues.near, &mut cues.within, &mut cues.coordination] {
        list.retain(|p| !p.is_empty());
        list.sort_by_key(|p| std::cmp::Reverse(p.len()));
        list.dedup();
    }
    cues.direction.retain(|(p, _)| !p.is_empty());
    cues.direction_words = cues
        .direction
        .iter()
        .filter(|(p, _)| p.len() == 1)
        .map(|(p, _)| p[0].clone())
        .collect();
    cues.direction
        .sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    Ok(())
}

/// The stems of the words of `list` that start with an attached article, without it.
fn stems_after_article(list: &HashSet<String>) -> HashSet<String> {
    list.iter()
        .filter_map(|w| {
            let stem = strip_attached_article(w);
            (stem.len() < w.len()).then(|| stem.to_string())
        })
        .collect()
}

/// The folded words of a word list.
fn word_list(file: &str, src: &str) -> Result<HashSet<String>, LexiconError> {
    Ok(parse(file, src, WORD_LIST)?
        .iter()
        .map(|e| fold(e.key()))
        .collect())
}

fn merge(into: &mut GeoCues, from: &GeoCues) {
    into.near.extend(from.near.iter().cloned());
    into.within.extend(from.within.iter().cloned());
    into.coordination.extend(from.coordination.iter().cloned());
    into.direction.extend(from.direction.iter().cloned());
    for (set, more) in [
        (&mut into.settlement, &from.settlement),
        (&mut into.admin, &from.admin),
        (&mut into.press_title, &from.press_title),
        (&mut into.preposition, &from.preposition),
        (&mut into.locative, &from.locative),
        (&mut into.place_preposition, &from.place_preposition),
        (&mut into.person_title, &from.person_title),
        (&mut into.honorific, &from.honorific),
        (&mut into.organisation, &from.organisation),
        (&mut into.not_place, &from.not_place),
        (&mut into.time_word, &from.time_word),
        (&mut into.direction_words, &from.direction_words),
    ] {
        set.extend(more.iter().cloned());
    }
    into.name_noun_after
        .extend(from.name_noun_after.iter().map(|(k, v)| (k.clone(), *v)));
    into.name_noun_before
        .extend(from.name_noun_before.iter().map(|(k, v)| (k.clone(), *v)));
    into.hour_mark.extend(from.hour_mark.iter().cloned());
    into.transliteration.extend(&from.transliteration);
}

impl Lexicons {
    /// Parses every compiled-in language file; an error names the file and line.
    pub fn load() -> Result<Lexicons, LexiconError> {
        let mut langs = HashMap::default();
        let mut commons = HashMap::default();
        let mut union = LangData::default();
        for &(code, geo, common, frequent) in &LANGS {
            let mut data = LangData::default();
            parse_geo(&format!("data/lang/{code}/geo.txt"), geo, &mut data.geo)?;
            let common = word_list(&format!("data/lang/{code}/common_words.txt"), common)?;
            let frequent = word_list(&format!("data/lang/{code}/frequent_words.txt"), frequent)?;
            data.common_after_article = stems_after_article(&common);
            merge(&mut union.geo, &data.geo);
            langs.insert(code, data);
            commons.insert(code, (common, frequent));
        }
        // The union keeps every language's phrases, longest first (its frequent-word lists
        // stay empty: a word frequent in one language is a name in another).
        for list in [
            &mut union.geo.near,
            &mut union.geo.within,
            &mut union.geo.coordination,
        ] {
            list.sort_by_key(|p| std::cmp::Reverse(p.len()));
            list.dedup();
        }
        union
            .geo
            .direction
            .sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        let first_names = word_list("data/lang/first_names.txt", FIRST_NAMES)?;
        union.index_phrases();
        let none = HashSet::default();
        union.word_classes =
            LangData::word_classes(&union.geo, (&none, &none), &union.geo, &first_names);
        for (code, data) in langs.iter_mut() {
            data.index_phrases();
            let lists = commons.get(code).map_or((&none, &none), |(c, f)| (c, f));
            data.word_classes = LangData::word_classes(&data.geo, lists, &union.geo, &first_names);
        }
        let non_latin_countries = parse(
            "data/country_scripts.txt",
            COUNTRY_SCRIPTS,
            COUNTRY_SCRIPT_LIST,
        )?
        .iter()
        .filter(|e| e.fields[1] != LATIN)
        .map(|e| e.key().to_string())
        .collect();
        Ok(Lexicons {
            langs,
            union,
            non_latin_countries,
        })
    }

    /// Whether the places of `country` (ISO 3166-1 alpha-2) have their own names in a script
    /// other than Latin (Syria, Russia; not France, Mali or the United States, which CLDR
    /// leaves at its Latin default): Latin-script text then writes them in transliterations of
    /// its own (`Abou Kamal`), which the gazetteer may lack.
    pub fn is_transliterated(&self, country: &str) -> bool {
        self.non_latin_countries.contains(country)
    }

    /// Data for a language; the union of all languages for one without its own files (so a
    /// misdetected or unsupported document still gets the cues that are in it).
    pub fn get(&self, lang: &str) -> &LangData {
        self.langs.get(lang).unwrap_or(&self.union)
    }

    /// The union of every language's cue lists (names that are never places hold whatever the
    /// language of the text).
    pub fn all(&self) -> &LangData {
        &self.union
    }

    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.langs.keys().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicons() -> Lexicons {
        Lexicons::load().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn every_registry_language_with_lexicons_loads() {
        let lex = lexicons();
        let mut got: Vec<&str> = lex.languages().collect();
        got.sort_unstable();
        let mut want: Vec<&str> = sitrep_text::registry::lexicon_languages()
            .map(|l| l.code)
            .collect();
        want.sort_unstable();
        assert_eq!(got, want);
    }

    #[test]
    fn word_classes_mix_the_language_and_every_language() {
        let lex = lexicons();
        let fr = lex.get("fr");
        let village = fr.word_class("village");
        assert!(village & class::SETTLEMENT != 0 && village & class::ANY_SETTLEMENT != 0);
        // An English settlement noun is a settlement noun of some language for French text.
        let town = fr.word_class("town");
        assert!(town & class::SETTLEMENT == 0 && town & class::ANY_SETTLEMENT != 0);
        assert!(fr.word_class("nord") & class::DIRECTION != 0);
        assert!(lex.get("en").word_class("tom") & class::FIRST_NAME != 0);
        assert_eq!(fr.word_class("deir"), 0);
        // The union (undetected languages) has no frequent words.
        assert!(lex.get("und").word_class("the") & class::COMMON == 0);
    }

    #[test]
    fn cues_are_read_backwards_directions_first() {
        let lex = lexicons();
        let toks = sitrep_text::tokenize("aux alentours du village de Kafr");
        let fr = lex.get("fr");
        let hit = fr.cues.first_ending_at(&toks, 2).expect("aux alentours");
        assert_eq!(fr.cues.payload(hit.id).kind, CueKind::Near);
        let toks = sitrep_text::tokenize("au nord-est de Raqqa");
        let hit = fr.cues.first_ending_at(&toks, 3).expect("nord-est");
        let cue = fr.cues.payload(hit.id);
        assert_eq!(
            (cue.kind, cue.direction.as_deref()),
            (CueKind::Direction, Some("NE"))
        );
        assert_eq!(
            fr.coordination
                .longest_at(&sitrep_text::tokenize("et de Hama"), 0),
            Some(2)
        );
    }

    #[test]
    fn a_malformed_line_names_its_file_and_line() {
        let mut cues = GeoCues::default();
        let e = parse_geo("geo.txt", "[direction]\nnord = N\n", &mut cues).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("geo.txt", 2));
        let e = parse_geo("geo.txt", "[name_noun_after]\nRiver | river\n", &mut cues).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("geo.txt:2: expected `noun | street`"),
            "{e}"
        );
        let e = parse_geo("geo.txt", "[article]\nla\n", &mut cues).unwrap_err();
        assert!(e.message.contains("unknown section"), "{e}");
    }
}
