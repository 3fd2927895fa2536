//! The Spanish and Arabic coded news sentences (`events/upetr-{es,ar}-*.jsonl`): sentences
//! coded with CAMEO codes or PLOVER roots by the UniversalPetrarch validation teams, with the
//! ACLED event types that fit each coding and the article's coded places.
//!
//! Metrics, as the evaluation kit's README defines them, per corpus and in all: over the
//! `expect: event` records, **event found** (at least one ACLED event) and **type accepted**
//! (the first event's `event_type` is one of `acled_event_types`); over the `expect: none`
//! records, **abstained** (no event). `unscored` records count nowhere. A fourth figure,
//! **places found**, is the share of the places the coders marked as named in the sentence
//! (`in_sentence: true`) that some predicted place names (see [`place_found`]).

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::geo::ratio;
use crate::jsonl::read_jsonl;
use crate::EvalError;

/// One coded sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CameoRecord {
    /// Record id.
    pub id: String,
    /// `upetr-es-protest`, `upetr-es-fight`, `upetr-ar-assault`, `upetr-ar-protest`.
    pub corpus: String,
    /// Language code (`es`, `ar`).
    pub lang: String,
    /// The sentence as published.
    pub text: String,
    /// The article's date (`YYYY-MM-DD`): the publication date to give the system.
    pub date: String,
    /// CAMEO codes (Spanish files).
    #[serde(default)]
    pub codes: Vec<String>,
    /// PLOVER roots.
    #[serde(default)]
    pub plover: Vec<String>,
    /// The article's coded places.
    #[serde(default)]
    pub locations: Vec<CameoLocation>,
    /// What a system should do with the sentence.
    pub expect: Expect,
    /// ACLED event types that fit the coding (for `expect: event`).
    #[serde(default)]
    pub acled_event_types: Vec<String>,
}

/// A coded place of the article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CameoLocation {
    /// The place name as the coder wrote it.
    pub name: String,
    /// The coder marked the place as named in this sentence.
    pub in_sentence: bool,
}

/// What the coding says a system should emit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Expect {
    /// A protest, riot, assault or fight: some ACLED event.
    Event,
    /// Verbal or diplomatic only: no ACLED event.
    None,
    /// Codings ACLED handles in several ways: not scored.
    Unscored,
}

/// What the system produced for one sentence.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CameoPrediction {
    /// The `event_type` of the first (highest-ranked) event, `None` when no event.
    pub first_event_type: Option<String>,
    /// The surface text and the gazetteer name of every predicted place of the sentence.
    pub places: Vec<String>,
}

/// Reads a `upetr-*` file; errors name the file and line.
pub fn read_cameo_gold(path: &Path) -> Result<Vec<CameoRecord>, EvalError> {
    read_jsonl(path, |r: &CameoRecord| {
        if r.expect == Expect::Event && r.acled_event_types.is_empty() {
            return Err((
                r.id.clone(),
                "expect is event but acled_event_types is empty".into(),
            ));
        }
        Ok(())
    })
}

/// Counts of one group of records (a corpus, or all).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CameoCounts {
    /// `expect: event` records.
    pub n_event: usize,
    /// Of those, with at least one event.
    pub event_found: usize,
    /// Of those, whose first event's type is accepted.
    pub type_accepted: usize,
    /// `expect: none` records.
    pub n_none: usize,
    /// Of those, with no event.
    pub abstained: usize,
    /// In-sentence coded places (every record, whatever it expects).
    pub n_places: usize,
    /// Of those, named by some predicted place.
    pub places_found: usize,
}

impl CameoCounts {
    fn add(&mut self, gold: &CameoRecord, pred: &CameoPrediction) {
        match gold.expect {
            Expect::Event => {
                self.n_event += 1;
                if let Some(t) = &pred.first_event_type {
                    self.event_found += 1;
                    if gold.acled_event_types.iter().any(|a| a == t) {
                        self.type_accepted += 1;
                    }
                }
            }
            Expect::None => {
                self.n_none += 1;
                if pred.first_event_type.is_none() {
                    self.abstained += 1;
                }
            }
            Expect::Unscored => {}
        }
        for loc in gold.locations.iter().filter(|l| l.in_sentence) {
            self.n_places += 1;
            if place_found(&loc.name, &pred.places) {
                self.places_found += 1;
            }
        }
    }

    /// Share of `expect: event` records with an event.
    pub fn event_found_rate(&self) -> Option<f64> {
        ratio(self.event_found, self.n_event)
    }

    /// Share of `expect: event` records whose first event's type is accepted.
    pub fn type_accepted_rate(&self) -> Option<f64> {
        ratio(self.type_accepted, self.n_event)
    }

    /// Share of `expect: none` records without an event.
    pub fn abstained_rate(&self) -> Option<f64> {
        ratio(self.abstained, self.n_none)
    }

    /// Share of in-sentence coded places that a predicted place names.
    pub fn places_found_rate(&self) -> Option<f64> {
        ratio(self.places_found, self.n_places)
    }

    /// The four rates on one line.
    pub fn headline(&self) -> String {
        let pct = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{x:.3}"));
        format!(
            "event found {}, type accepted {}, abstained {}, places found {}",
            pct(self.event_found_rate()),
            pct(self.type_accepted_rate()),
            pct(self.abstained_rate()),
            pct(self.places_found_rate())
        )
    }
}

/// The report: every record, and per corpus.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CameoReport {
    /// All scored records.
    pub all: CameoCounts,
    /// Per `corpus` value, in name order.
    pub per_corpus: BTreeMap<String, CameoCounts>,
}

/// Scores one prediction per record (same order).
pub fn score_cameo(gold: &[CameoRecord], predicted: &[CameoPrediction]) -> CameoReport {
    assert_eq!(gold.len(), predicted.len(), "one prediction per record");
    let mut report = CameoReport::default();
    for (g, p) in gold.iter().zip(predicted) {
        report.all.add(g, p);
        report
            .per_corpus
            .entry(g.corpus.clone())
            .or_default()
            .add(g, p);
    }
    report
}

/// A coded place is found when the folded form of some predicted place (surface text or
/// gazetteer name) equals the coder's folded name, or one contains the other as whole words
/// (`Bogotá` ~ `Santa Fe de Bogotá`). Folding: NFKD, combining marks removed, lowercase,
/// every run of non-alphanumeric characters one space. Coders write names in capitals or
/// without accents (`CARTAGENA`, `Sucumbios`), so exact string equality would undercount.
pub fn place_found(gold_name: &str, predicted: &[String]) -> bool {
    let gold = fold(gold_name);
    if gold.is_empty() {
        return false;
    }
    predicted.iter().any(|p| {
        let p = fold(p);
        !p.is_empty() && (p == gold || contains_words(&p, &gold) || contains_words(&gold, &p))
    })
}

fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for c in s
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
    {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// `needle` occurs in `hay` on word boundaries (both already folded).
fn contains_words(hay: &str, needle: &str) -> bool {
    let (hay, needle) = (format!(" {hay} "), format!(" {needle} "));
    hay.contains(&needle)
}

impl fmt::Display for CameoReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{x:.3}"));
        writeln!(
            f,
            "{:<22} {:>7} {:>8} {:>9} {:>6} {:>10} {:>7} {:>8}",
            "corpus", "event", "found", "accepted", "none", "abstained", "places", "found"
        )?;
        let rows = self
            .per_corpus
            .iter()
            .map(|(k, v)| (k.as_str(), v))
            .chain(std::iter::once(("all", &self.all)));
        for (name, c) in rows {
            writeln!(
                f,
                "{:<22} {:>7} {:>8} {:>9} {:>6} {:>10} {:>7} {:>8}",
                name,
                c.n_event,
                pct(c.event_found_rate()),
                pct(c.type_accepted_rate()),
                c.n_none,
                pct(c.abstained_rate()),
                c.n_places,
                pct(c.places_found_rate())
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(corpus: &str, expect: Expect, types: &[&str], places: &[(&str, bool)]) -> CameoRecord {
        CameoRecord {
            id: corpus.into(),
            corpus: corpus.into(),
            lang: "es".into(),
            text: String::new(),
            date: "2020-01-01".into(),
            codes: vec![],
            plover: vec![],
            locations: places
                .iter()
                .map(|(n, s)| CameoLocation {
                    name: n.to_string(),
                    in_sentence: *s,
                })
                .collect(),
            expect,
            acled_event_types: types.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn pred(t: Option<&str>, places: &[&str]) -> CameoPrediction {
        CameoPrediction {
            first_event_type: t.map(str::to_string),
            places: places.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn counts_follow_the_definitions() {
        let gold = vec![
            rec(
                "a",
                Expect::Event,
                &["Protests"],
                &[("LIMA", true), ("Peru", false)],
            ),
            rec("a", Expect::Event, &["Battles"], &[]),
            rec("b", Expect::None, &[], &[("Quito", true)]),
            rec("b", Expect::Unscored, &[], &[]),
            rec("b", Expect::None, &[], &[]),
        ];
        let p = vec![
            pred(Some("Protests"), &["Lima"]),
            pred(Some("Riots"), &[]),
            pred(Some("Protests"), &["Ecuador"]),
            pred(Some("Battles"), &[]),
            pred(None, &[]),
        ];
        let r = score_cameo(&gold, &p);
        assert_eq!(
            (r.all.n_event, r.all.event_found, r.all.type_accepted),
            (2, 2, 1)
        );
        assert_eq!((r.all.n_none, r.all.abstained), (2, 1));
        assert_eq!((r.all.n_places, r.all.places_found), (2, 1));
        assert_eq!(r.per_corpus["a"].type_accepted_rate(), Some(0.5));
        assert_eq!(r.per_corpus["b"].n_event, 0);
        assert!(r.to_string().contains("all"));
    }

    #[test]
    fn place_names_fold_case_accents_and_words() {
        assert!(place_found("BOGOTA", &["Bogotá".into()]));
        assert!(place_found("Bogotá", &["Santa Fe de Bogotá".into()]));
        assert!(place_found("Cañar", &["canar".into()]));
        assert!(!place_found("Cali", &["Calima".into()]));
        assert!(!place_found("", &["".into()]));
        assert!(place_found("Al-Anbar", &["al Anbar".into()]));
    }

    #[test]
    fn event_records_need_types() {
        let dir = std::env::temp_dir().join(format!("cameo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bad.jsonl");
        std::fs::write(
            &path,
            r#"{"id":"x","corpus":"c","lang":"es","text":"t","date":"2020-01-01","expect":"event","acled_event_types":[]}"#,
        )
        .unwrap();
        let err = read_cameo_gold(&path).unwrap_err().to_string();
        assert!(
            err.contains("bad.jsonl") && err.contains("acled_event_types"),
            "{err}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
