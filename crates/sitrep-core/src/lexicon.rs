//! Per-language knowledge loaded from the data files under `data/lang/<code>/`.
//!
//! The files are compiled into the binary (`include_str!`) and parsed once by
//! [`Lexicons::load`]. A language is supported by adding a folder with the same files and a
//! line to [`LANGS`]; the code never names a word of any language.

use rustc_hash::FxHashMap as HashMap;

use rustc_hash::FxHashSet as HashSet;

use sitrep_text::{name_key, tokenize};

/// Languages with data files, and their files.
pub const LANGS: &[(&str, &str, &str)] = &[
    (
        "fr",
        include_str!("../data/lang/fr/geo.txt"),
        include_str!("../data/lang/fr/common_words.txt"),
    ),
    (
        "en",
        include_str!("../data/lang/en/geo.txt"),
        include_str!("../data/lang/en/common_words.txt"),
    ),
    (
        "es",
        include_str!("../data/lang/es/geo.txt"),
        include_str!("../data/lang/es/common_words.txt"),
    ),
    (
        "ar",
        include_str!("../data/lang/ar/geo.txt"),
        include_str!("../data/lang/ar/common_words.txt"),
    ),
];

/// What a noun next to a place name turns the name into (`Wichita Drive`, `lac de Neuchâtel`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameNoun {
    /// A street, road or square: located by the document's places, not by the name.
    Street,
    /// A river, lake, mountain...: looked up as a whole, else near the place it is named after.
    Feature,
}

impl NameNoun {
    fn parse(s: &str) -> Option<NameNoun> {
        Some(match s {
            "street" => NameNoun::Street,
            "feature" => NameNoun::Feature,
            _ => return None,
        })
    }
}

/// A cue phrase as a sequence of folded words (`["aux", "alentours", "de"]`).
pub type Phrase = Vec<String>;

/// The geo cue lists of one language (see `data/lang/README.md`).
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
    /// without one is weak evidence (see `geoparse::Mention::unplaced`).
    pub locative: HashSet<String>,
    /// Prepositions after which an unknown capitalised name is kept as a place, located near
    /// the document's places (`in Kilcarragh`, `à Kafr Nabl`).
    pub place_preposition: HashSet<String>,
    pub coordination: Vec<Phrase>,
    pub person_title: HashSet<String>,
    /// Civil honorifics after which a nobiliary particle still introduces a surname
    /// (`M. de Kerillis`, `monsieur de Belgarde`).
    pub honorific: HashSet<String>,
    /// Folded nouns after a name that make it another thing's name (`River`, `Street`).
    pub name_noun_after: HashMap<String, NameNoun>,
    /// Folded nouns before a name (with an optional preposition) that do the same (`rue`,
    /// `lac`, `Lake`).
    pub name_noun_before: HashMap<String, NameNoun>,
    /// Matching keys (see `sitrep_text::key`) of names that are never places.
    pub not_place: HashSet<String>,
    pub time_word: HashSet<String>,
    /// Single-word directions (`nord`, `northern`), for quick membership tests.
    pub direction_words: HashSet<String>,
}

/// An approximate-location phrase ready for matching backwards from a name.
#[derive(Debug, Clone, PartialEq)]
pub struct CueEntry {
    pub words: Phrase,
    /// `near`, `within` or `direction`.
    pub kind: &'static str,
    pub direction: Option<String>,
}

/// Everything known about one language.
#[derive(Debug, Default, Clone)]
pub struct LangData {
    pub geo: GeoCues,
    /// Frequent lowercase words (folded).
    pub common: HashSet<String>,
    /// Direction, near and within phrases keyed by their last word, longest first; a phrase
    /// ending in a preposition is also entered without it (`aux alentours` for
    /// `aux alentours de`), since determiners and nouns may stand between it and the name.
    pub cues_by_last: HashMap<String, Vec<CueEntry>>,
    /// What a single word is, as bits of [`class`], so that the geoparser's per-token tests
    /// cost one lookup: this language's settlement and admin nouns, every language's
    /// direction words.
    word_classes: HashMap<String, u8>,
}

/// Bits of [`LangData::word_class`].
pub mod class {
    /// A settlement noun of the language (`village`, `town`, `قرية`).
    pub const SETTLEMENT: u8 = 1;
    /// An admin noun of the language (`province`, `gouvernorat`).
    pub const ADMIN: u8 = 2;
    /// A one-word direction of any language (`nord`, `northern`).
    pub const DIRECTION: u8 = 4;
}

impl LangData {
    /// The [`class`] bits of a folded word (0 for most words).
    pub fn word_class(&self, norm: &str) -> u8 {
        self.word_classes.get(norm).copied().unwrap_or(0)
    }

    fn index_word_classes(&mut self, direction_words: &HashSet<String>) {
        let mut m: HashMap<String, u8> = HashMap::default();
        for (words, bit) in [
            (&self.geo.settlement, class::SETTLEMENT),
            (&self.geo.admin, class::ADMIN),
            (direction_words, class::DIRECTION),
        ] {
            for w in words {
                *m.entry(w.clone()).or_default() |= bit;
            }
        }
        self.word_classes = m;
    }

    fn index_cues(&mut self) {
        let g = &self.geo;
        let mut entries: Vec<CueEntry> = Vec::new();
        for (p, d) in &g.direction {
            entries.push(CueEntry {
                words: p.clone(),
                kind: "direction",
                direction: Some(d.clone()),
            });
        }
        for (list, kind) in [(&g.near, "near"), (&g.within, "within")] {
            for p in list {
                entries.push(CueEntry {
                    words: p.clone(),
                    kind,
                    direction: None,
                });
                if let Some((last, rest)) = p.split_last() {
                    if !rest.is_empty() && g.preposition.contains(last.as_str()) {
                        entries.push(CueEntry {
                            words: rest.to_vec(),
                            kind,
                            direction: None,
                        });
                    }
                }
            }
        }
        let mut index: HashMap<String, Vec<CueEntry>> = HashMap::default();
        for e in entries {
            if let Some(last) = e.words.last() {
                index.entry(last.clone()).or_default().push(e);
            }
        }
        for list in index.values_mut() {
            // Directions first (most specific), then longest phrases.
            list.sort_by_key(|e| (e.kind != "direction", std::cmp::Reverse(e.words.len())));
            list.dedup();
        }
        self.cues_by_last = index;
    }
}

/// All languages' data, plus the union used when a document's language has no data files.
#[derive(Debug, Default, Clone)]
pub struct Lexicons {
    langs: HashMap<&'static str, LangData>,
    union: LangData,
    /// Given names (`data/lang/first_names.txt`, folded), whatever the language of the text.
    first_names: HashSet<String>,
}

fn phrase(s: &str) -> Phrase {
    tokenize(s)
        .into_iter()
        .map(|t| t.norm.into_string())
        .collect()
}

fn parse_geo(src: &str, cues: &mut GeoCues) {
    let mut section = String::new();
    for raw in src.lines() {
        let line = raw.split(" #").next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') && line.ends_with(']') {
            section = line[1..line.len() - 1].trim().to_string();
            continue;
        }
        let word = |s: &str| phrase(s).join(" ");
        match section.as_str() {
            "near" => cues.near.push(phrase(line)),
            "within" => cues.within.push(phrase(line)),
            "coordination" => cues.coordination.push(phrase(line)),
            "direction" => {
                if let Some((k, v)) = line.split_once('=') {
                    cues.direction
                        .push((phrase(k.trim()), v.trim().to_string()));
                }
            }
            "settlement" => {
                cues.settlement.insert(word(line));
            }
            "admin" => {
                cues.admin.insert(word(line));
            }
            "press_title" => {
                cues.press_title.insert(word(line));
            }
            "preposition" => {
                cues.preposition.insert(word(line));
            }
            "locative" => {
                cues.locative.insert(word(line));
            }
            "place_preposition" => {
                cues.place_preposition.insert(word(line));
            }
            "name_noun_after" | "name_noun_before" => {
                let parsed = line
                    .rsplit_once(char::is_whitespace)
                    .and_then(|(noun, class)| Some((noun, NameNoun::parse(class.trim())?)));
                // The lists are compiled in: a line without a known class fails every debug
                // build's tests.
                debug_assert!(parsed.is_some(), "expected `noun street|feature`: {line:?}");
                let Some((noun, class)) = parsed else {
                    continue;
                };
                let map = if section == "name_noun_after" {
                    &mut cues.name_noun_after
                } else {
                    &mut cues.name_noun_before
                };
                map.insert(word(noun), class);
            }
            "honorific" => {
                cues.honorific.insert(word(line));
            }
            "person_title" => {
                cues.person_title.insert(word(line));
            }
            "time_word" => {
                cues.time_word.insert(word(line));
            }
            "not_place" => {
                if let Some(k) = name_key(line) {
                    cues.not_place.insert(k);
                }
            }
            _ => {}
        }
    }
    // Longest phrases first so that matching can stop at the first hit.
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
}

fn merge(into: &mut LangData, from: &LangData) {
    let g = &mut into.geo;
    let f = &from.geo;
    g.near.extend(f.near.iter().cloned());
    g.within.extend(f.within.iter().cloned());
    g.coordination.extend(f.coordination.iter().cloned());
    g.direction.extend(f.direction.iter().cloned());
    g.settlement.extend(f.settlement.iter().cloned());
    g.admin.extend(f.admin.iter().cloned());
    g.press_title.extend(f.press_title.iter().cloned());
    g.preposition.extend(f.preposition.iter().cloned());
    g.locative.extend(f.locative.iter().cloned());
    g.place_preposition
        .extend(f.place_preposition.iter().cloned());
    g.person_title.extend(f.person_title.iter().cloned());
    g.honorific.extend(f.honorific.iter().cloned());
    g.name_noun_after
        .extend(f.name_noun_after.iter().map(|(k, v)| (k.clone(), *v)));
    g.name_noun_before
        .extend(f.name_noun_before.iter().map(|(k, v)| (k.clone(), *v)));
    g.not_place.extend(f.not_place.iter().cloned());
    g.time_word.extend(f.time_word.iter().cloned());
    g.direction_words.extend(f.direction_words.iter().cloned());
}

impl Lexicons {
    /// Parses every compiled-in language file.
    pub fn load() -> Lexicons {
        let mut langs = HashMap::default();
        let mut union = LangData::default();
        for &(code, geo, common) in LANGS {
            let mut data = LangData::default();
            parse_geo(geo, &mut data.geo);
            data.common = common
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(sitrep_text::norm::fold)
                .collect();
            merge(&mut union, &data);
            data.index_cues();
            langs.insert(code, data);
        }
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
        union.index_cues();
        let directions = union.geo.direction_words.clone();
        union.index_word_classes(&directions);
        for data in langs.values_mut() {
            data.index_word_classes(&directions);
        }
        let first_names = include_str!("../data/lang/first_names.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(sitrep_text::norm::fold)
            .collect();
        Lexicons {
            langs,
            union,
            first_names,
        }
    }

    /// Whether a folded word is a common given name (`tom`, `bill`, `chris`).
    pub fn is_first_name(&self, norm: &str) -> bool {
        self.first_names.contains(norm)
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
