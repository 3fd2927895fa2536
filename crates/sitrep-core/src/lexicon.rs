//! Per-language knowledge loaded from the data files under `data/lang/<code>/`.
//!
//! The files are compiled into the binary (`include_str!`) and parsed once by
//! [`Lexicons::load`]. A language is supported by adding a folder with the same files and a
//! line to [`LANGS`]; the code never names a word of any language.

use std::collections::{HashMap, HashSet};

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
    pub admin: HashSet<String>,
    pub preposition: HashSet<String>,
    pub coordination: Vec<Phrase>,
    pub person_title: HashSet<String>,
    /// Matching keys (see `sitrep_text::key`) of names that are never places.
    pub not_place: HashSet<String>,
    pub time_word: HashSet<String>,
}

/// Everything known about one language.
#[derive(Debug, Default, Clone)]
pub struct LangData {
    pub geo: GeoCues,
    /// Frequent lowercase words (folded).
    pub common: HashSet<String>,
}

/// All languages' data, plus the union used when a document's language has no data files.
#[derive(Debug, Default, Clone)]
pub struct Lexicons {
    langs: HashMap<&'static str, LangData>,
    union: LangData,
}

fn phrase(s: &str) -> Phrase {
    tokenize(s).into_iter().map(|t| t.norm).collect()
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
                    cues.direction.push((phrase(k.trim()), v.trim().to_string()));
                }
            }
            "settlement" => {
                cues.settlement.insert(word(line));
            }
            "admin" => {
                cues.admin.insert(word(line));
            }
            "preposition" => {
                cues.preposition.insert(word(line));
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
    g.preposition.extend(f.preposition.iter().cloned());
    g.person_title.extend(f.person_title.iter().cloned());
    g.not_place.extend(f.not_place.iter().cloned());
    g.time_word.extend(f.time_word.iter().cloned());
}

impl Lexicons {
    /// Parses every compiled-in language file.
    pub fn load() -> Lexicons {
        let mut langs = HashMap::new();
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
            langs.insert(code, data);
        }
        for list in [&mut union.geo.near, &mut union.geo.within, &mut union.geo.coordination] {
            list.sort_by_key(|p| std::cmp::Reverse(p.len()));
            list.dedup();
        }
        union
            .geo
            .direction
            .sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        Lexicons { langs, union }
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
