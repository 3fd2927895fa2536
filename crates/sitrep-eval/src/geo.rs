//! Geoparsing evaluation: the gold reader for `geo/*.jsonl`, the predicted-place type a
//! system hands in, and toponym recognition and resolution scores as defined in the
//! evaluation kit's README ("Metric definitions").
//!
//! Recognition compares sets of `(start, end)` spans per document (duplicates removed) and
//! pools the counts over all documents (micro average). Resolution is computed over the
//! distinct gold spans whose toponym has gold coordinates; a gold toponym without a
//! matching prediction, or whose prediction has no coordinates, is a miss and gets
//! [`MISS_DISTANCE_KM`].

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::jsonl::read_jsonl;
use crate::matching::{distinct, overlap_pairs, Span};
use crate::EvalError;

/// Mean Earth radius (IUGG) used for every distance, in kilometres, and the great-circle
/// distance with it: the README's, shared with the rest of sitrep.
pub use sitrep_schema::distance::{haversine_km, EARTH_RADIUS_KM};

/// The error charged for a missed toponym: the largest great-circle distance on Earth, as
/// fixed by the README.
pub const MISS_DISTANCE_KM: f64 = 20_038.0;

/// The radius of Accuracy@161km (100 miles): a prediction at most this far from the gold
/// point counts as correct.
pub const ACCURACY_RADIUS_KM: f64 = 161.0;

/// The `group` value that marks GeoWebNews literal toponyms.
pub const LITERAL_GROUP: &str = "literal";

/// One gold toponym of a geoparsing file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldToponym {
    /// Start offset in Unicode code points into the document text.
    pub start: usize,
    /// End offset in code points, exclusive.
    pub end: usize,
    /// The surface form, equal to the text between `start` and `end`.
    pub text: String,
    /// GeoNames id of the gold entry, when the corpus links to GeoNames.
    #[serde(default)]
    pub geonameid: Option<u32>,
    /// Gold latitude in degrees.
    #[serde(default)]
    pub lat: Option<f64>,
    /// Gold longitude in degrees.
    #[serde(default)]
    pub lon: Option<f64>,
    /// ISO 3166-1 alpha-2 country; `None` means unknown, not "no country".
    #[serde(default)]
    pub country_code: Option<String>,
    /// The corpus-specific `type` key (feature code, pragmatic type, HIPE tag, ...).
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// GeoWebNews only: `literal` or `associative`.
    #[serde(default)]
    pub group: Option<String>,
    /// Wikidata QID (HIPE, IDRISI), for optional linking scores.
    #[serde(default)]
    pub wikidata: Option<String>,
}

impl GoldToponym {
    /// The gold point, when both coordinates are given.
    pub fn point(&self) -> Option<(f64, f64)> {
        self.lat.zip(self.lon)
    }
}

/// One document of a geoparsing gold file; keys not listed here are ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldGeoDoc {
    /// Document id, unique within the file.
    pub id: String,
    /// Corpus name (`lgl`, `geowebnews`, ...).
    pub corpus: String,
    /// Language code (`en`, `fr`, `ar`).
    pub lang: String,
    /// The document text the offsets point into.
    pub text: String,
    /// Gold toponyms, sorted by `start`.
    pub toponyms: Vec<GoldToponym>,
}

/// Reads a geoparsing gold file (`geo/*.jsonl`).
///
/// Besides parsing, every toponym is checked against its document: `start <= end`, both
/// within the text, the code points between them equal to `text`, and `lat`/`lon` given
/// together. Errors name the file and line.
pub fn read_geo_gold(path: impl AsRef<Path>) -> Result<Vec<GoldGeoDoc>, EvalError> {
    read_jsonl(path.as_ref(), |doc: &GoldGeoDoc| {
        check_geo_doc(doc).map_err(|message| (doc.id.clone(), message))
    })
}

fn check_geo_doc(doc: &GoldGeoDoc) -> Result<(), String> {
    // Byte offset of every code point, plus the end of the text.
    let bytes: Vec<usize> = doc
        .text
        .char_indices()
        .map(|(byte, _)| byte)
        .chain(std::iter::once(doc.text.len()))
        .collect();
    let n_chars = bytes.len() - 1;
    for toponym in &doc.toponyms {
        let (start, end) = (toponym.start, toponym.end);
        if start > end || end > n_chars {
            return Err(format!(
                "toponym {start}..{end} ({:?}) lies outside the text of {n_chars} code points",
                toponym.text
            ));
        }
        let surface = &doc.text[bytes[start]..bytes[end]];
        if surface != toponym.text {
            return Err(format!(
                "toponym {start}..{end} is {:?} in the text but {:?} in the record",
                surface, toponym.text
            ));
        }
        if toponym.lat.is_some() != toponym.lon.is_some() {
            return Err(format!(
                "toponym {start}..{end} ({:?}) has only one of lat and lon",
                toponym.text
            ));
        }
    }
    Ok(())
}

/// What a system predicts for one place mention.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PredictedPlace {
    /// Start offset in Unicode code points into the document text.
    pub start: usize,
    /// End offset in code points, exclusive.
    pub end: usize,
    /// Predicted latitude in degrees; without both coordinates the place is a miss.
    pub lat: Option<f64>,
    /// Predicted longitude in degrees.
    pub lon: Option<f64>,
    /// Predicted GeoNames id, if the system links to GeoNames.
    pub geonameid: Option<u32>,
    /// Predicted ISO 3166-1 alpha-2 country; when `None`, the country of `geonameid` is
    /// used.
    pub country_code: Option<String>,
}

impl From<&GoldToponym> for PredictedPlace {
    /// The oracle prediction: the gold span with the gold answer.
    fn from(gold: &GoldToponym) -> Self {
        PredictedPlace {
            start: gold.start,
            end: gold.end,
            lat: gold.lat,
            lon: gold.lon,
            geonameid: gold.geonameid,
            country_code: gold.country_code.clone(),
        }
    }
}

/// The two evaluation settings of the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GeoMode {
    /// The system found the spans itself: recognition is scored, and each gold toponym
    /// takes the prediction that matches its span (exactly, or by overlap as a variant).
    EndToEnd,
    /// The system was given the gold spans and returns one place per gold span, with the
    /// gold offsets; only resolution is scored. Places are paired with gold toponyms by
    /// span, so their order does not matter; a gold span without a place is a miss.
    Resolve,
}

/// Precision, recall and F1 of a span comparison, with the counts behind them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecognitionScore {
    /// Matched pairs (true positives; with one-to-one pairing, matched predictions equal
    /// matched gold spans).
    pub matched: usize,
    /// Distinct gold spans.
    pub n_gold: usize,
    /// Distinct predicted spans that count (ignored ones excluded).
    pub n_predicted: usize,
    /// Predictions left out of precision: those matched to a gold span outside the scored
    /// subset (the GeoWebNews literal score). Zero for the headline scores.
    #[serde(skip_serializing_if = "is_zero")]
    pub n_ignored: usize,
    /// `matched / n_predicted` (0 when nothing is predicted).
    pub precision: f64,
    /// `matched / n_gold` (0 when there is no gold span).
    pub recall: f64,
    /// `2PR / (P + R)` (0 when `P + R = 0`).
    pub f1: f64,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl RecognitionScore {
    fn new(matched: usize, n_gold: usize, n_predicted: usize, n_ignored: usize) -> Self {
        let precision = ratio(matched, n_predicted).unwrap_or(0.0);
        let recall = ratio(matched, n_gold).unwrap_or(0.0);
        RecognitionScore {
            matched,
            n_gold,
            n_predicted,
            n_ignored,
            precision,
            recall,
            f1: f1(precision, recall),
        }
    }
}

/// `2PR / (P + R)`, 0 when `P + R = 0`.
pub(crate) fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    }
}

/// `numerator / denominator`, `None` for an empty denominator.
pub(crate) fn ratio(numerator: usize, denominator: usize) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

/// Toponym resolution scores over the gold toponyms that have gold coordinates.
///
/// Rates are `None` when their denominator is zero (e.g. HIPE, which has no coordinates).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolutionScore {
    /// Gold toponyms with coordinates: the denominator of the distance metrics.
    pub n_with_coords: usize,
    /// Those without a matching prediction or whose prediction has no coordinates.
    pub n_misses: usize,
    /// Share within [`ACCURACY_RADIUS_KM`] of the gold point; misses are failures.
    pub acc_at_161: Option<f64>,
    /// Mean error in km, a miss counting [`MISS_DISTANCE_KM`].
    pub mean_km: Option<f64>,
    /// Median error in km (mean of the two middle values for an even count).
    pub median_km: Option<f64>,
    /// Of the toponyms with coordinates, those with a gold GeoNames id.
    pub n_with_geonameid: usize,
    /// Share of those whose predicted GeoNames id equals the gold one.
    pub geonameid_accuracy: Option<f64>,
    /// Of the toponyms with coordinates, those with a known gold country (`country_code`,
    /// else the country of the gold GeoNames id).
    pub n_with_country: usize,
    /// Share of those whose predicted country equals the gold one.
    pub country_accuracy: Option<f64>,
}

/// Accumulates per-toponym resolution outcomes.
#[derive(Default)]
struct ResolutionTally {
    errors_km: Vec<f64>,
    misses: usize,
    geonameid_total: usize,
    geonameid_correct: usize,
    country_total: usize,
    country_correct: usize,
}

impl ResolutionTally {
    fn add(
        &mut self,
        gold: &GoldToponym,
        predicted: Option<&PredictedPlace>,
        country_of_geonameid: &dyn Fn(u32) -> Option<String>,
    ) {
        let Some((gold_lat, gold_lon)) = gold.point() else {
            return;
        };
        let point = predicted
            .and_then(|p| p.lat.zip(p.lon))
            .filter(|(lat, lon)| lat.is_finite() && lon.is_finite());
        let error_km = match point {
            Some((lat, lon)) => haversine_km(gold_lat, gold_lon, lat, lon),
            None => {
                self.misses += 1;
                MISS_DISTANCE_KM
            }
        };
        self.errors_km.push(error_km);

        if let Some(gold_id) = gold.geonameid {
            self.geonameid_total += 1;
            if predicted.and_then(|p| p.geonameid) == Some(gold_id) {
                self.geonameid_correct += 1;
            }
        }

        let gold_country = known_country(
            gold.country_code.as_deref(),
            gold.geonameid,
            country_of_geonameid,
        );
        if let Some(gold_country) = gold_country {
            self.country_total += 1;
            let predicted_country = predicted.and_then(|p| {
                known_country(p.country_code.as_deref(), p.geonameid, country_of_geonameid)
            });
            if predicted_country.is_some_and(|c| c.eq_ignore_ascii_case(&gold_country)) {
                self.country_correct += 1;
            }
        }
    }

    fn finish(mut self) -> ResolutionScore {
        let n = self.errors_km.len();
        let within = self
            .errors_km
            .iter()
            .filter(|&&km| km <= ACCURACY_RADIUS_KM)
            .count();
        let mean_km = (n > 0).then(|| self.errors_km.iter().sum::<f64>() / n as f64);
        self.errors_km.sort_by(f64::total_cmp);
        let median_km = (n > 0).then(|| {
            if n % 2 == 1 {
                self.errors_km[n / 2]
            } else {
                (self.errors_km[n / 2 - 1] + self.errors_km[n / 2]) / 2.0
            }
        });
        ResolutionScore {
            n_with_coords: n,
            n_misses: self.misses,
            acc_at_161: ratio(within, n),
            mean_km,
            median_km,
            n_with_geonameid: self.geonameid_total,
            geonameid_accuracy: ratio(self.geonameid_correct, self.geonameid_total),
            n_with_country: self.country_total,
            country_accuracy: ratio(self.country_correct, self.country_total),
        }
    }
}

/// The given country code, else the country of the GeoNames id; blank codes are unknown.
fn known_country(
    code: Option<&str>,
    geonameid: Option<u32>,
    country_of_geonameid: &dyn Fn(u32) -> Option<String>,
) -> Option<String> {
    code.map(str::to_owned)
        .or_else(|| geonameid.and_then(country_of_geonameid))
        .filter(|c| !c.trim().is_empty())
}

/// Everything [`score_geo`] measures on one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GeoReport {
    /// The setting the predictions were made in.
    pub mode: GeoMode,
    /// Documents scored.
    pub n_documents: usize,
    /// Gold toponyms as listed in the file (before removing duplicate spans).
    pub n_gold_toponyms: usize,
    /// Exact-match recognition; `None` in [`GeoMode::Resolve`].
    pub recognition_exact: Option<RecognitionScore>,
    /// Overlap-match recognition; `None` in [`GeoMode::Resolve`].
    pub recognition_overlap: Option<RecognitionScore>,
    /// Exact-match recognition of the `group == "literal"` gold spans (GeoWebNews), with
    /// predictions matched to other gold spans ignored. `None` when the gold has no
    /// `group` or in [`GeoMode::Resolve`].
    pub literal_exact: Option<RecognitionScore>,
    /// The same with overlap matching.
    pub literal_overlap: Option<RecognitionScore>,
    /// Resolution: over the given spans in [`GeoMode::Resolve`], through exact span
    /// matches in [`GeoMode::EndToEnd`].
    pub resolution: ResolutionScore,
    /// End-to-end resolution through the overlap pairing; `None` in [`GeoMode::Resolve`].
    pub resolution_overlap: Option<ResolutionScore>,
}

impl GeoReport {
    /// The headline figures on one line: recognition F1 (overlap, exact) and accuracy@161
    /// end to end, or accuracy@161 of resolution alone.
    pub fn headline(&self) -> String {
        let acc = |r: &ResolutionScore| r.acc_at_161.map_or("-".to_string(), |a| format!("{a:.3}"));
        match (&self.recognition_overlap, &self.recognition_exact) {
            (Some(o), Some(e)) => format!(
                "F1 overlap {:.3}, exact {:.3}; acc@161 exact match {}, overlap match {}",
                o.f1,
                e.f1,
                acc(&self.resolution),
                self.resolution_overlap
                    .as_ref()
                    .map_or("-".to_string(), acc)
            ),
            _ => format!(
                "resolve acc@161 {} ({} toponyms with coordinates)",
                acc(&self.resolution),
                self.resolution.n_with_coords
            ),
        }
    }
}

/// Scores predictions against geoparsing gold.
///
/// `predictions[i]` holds the places predicted for `gold[i]`, in any order.
/// `country_of_geonameid` maps a GeoNames id to its ISO country (the shipped gazetteer's
/// lookup); it supplies the gold country when `country_code` is null and the predicted
/// country when a prediction has a GeoNames id but no `country_code`. It should return
/// `None` for continents and other supra-national regions.
///
/// In end-to-end mode a gold toponym takes the first prediction with exactly its span
/// ([`GeoReport::resolution`]) or the prediction the one-to-one overlap pairing gives it
/// ([`GeoReport::resolution_overlap`]). Overlap pairing is greedy in order of the gold
/// span's start; ties go to the largest overlap, then to the shorter prediction.
///
/// # Panics
///
/// When `gold` and `predictions` differ in length: that is a bug in the caller, not a
/// property of the data.
pub fn score_geo(
    gold: &[GoldGeoDoc],
    predictions: &[Vec<PredictedPlace>],
    mode: GeoMode,
    country_of_geonameid: &dyn Fn(u32) -> Option<String>,
) -> GeoReport {
    assert_eq!(
        gold.len(),
        predictions.len(),
        "score_geo needs one prediction list per gold document"
    );
    let end_to_end = mode == GeoMode::EndToEnd;
    let has_groups = gold
        .iter()
        .flat_map(|doc| &doc.toponyms)
        .any(|t| t.group.is_some());

    let mut exact = SpanCounts::default();
    let mut overlap = SpanCounts::default();
    let mut literal_exact = SpanCounts::default();
    let mut literal_overlap = SpanCounts::default();
    let mut resolution = ResolutionTally::default();
    let mut resolution_overlap = ResolutionTally::default();

    for (doc, places) in gold.iter().zip(predictions) {
        let gold_spans = distinct(doc.toponyms.iter().map(|t| (t.start, t.end)));
        let predicted_spans = distinct(places.iter().map(|p| (p.start, p.end)));
        let first_place: HashMap<Span, usize> = predicted_spans.iter().copied().collect();

        let exact_match: Vec<Option<usize>> = gold_spans
            .iter()
            .map(|(span, _)| first_place.get(span).copied())
            .collect();
        for (&(_, toponym), place) in gold_spans.iter().zip(&exact_match) {
            resolution.add(
                &doc.toponyms[toponym],
                place.map(|p| &places[p]),
                country_of_geonameid,
            );
        }
        if !end_to_end {
            continue;
        }

        let gold_only: Vec<Span> = gold_spans.iter().map(|&(span, _)| span).collect();
        let predicted_only: Vec<Span> = predicted_spans.iter().map(|&(span, _)| span).collect();
        let overlap_match: Vec<Option<usize>> = overlap_pairs(&gold_only, &predicted_only)
            .into_iter()
            .map(|p| p.map(|p| predicted_spans[p].1))
            .collect();
        for (&(_, toponym), place) in gold_spans.iter().zip(&overlap_match) {
            resolution_overlap.add(
                &doc.toponyms[toponym],
                place.map(|p| &places[p]),
                country_of_geonameid,
            );
        }

        let n_predicted = predicted_spans.len();
        let everything = vec![true; gold_spans.len()];
        exact.add(&exact_match, &everything, n_predicted);
        overlap.add(&overlap_match, &everything, n_predicted);
        if has_groups {
            let literal_spans: HashSet<Span> = doc
                .toponyms
                .iter()
                .filter(|t| t.group.as_deref() == Some(LITERAL_GROUP))
                .map(|t| (t.start, t.end))
                .collect();
            let literal: Vec<bool> = gold_only
                .iter()
                .map(|span| literal_spans.contains(span))
                .collect();
            literal_exact.add(&exact_match, &literal, n_predicted);
            literal_overlap.add(&overlap_match, &literal, n_predicted);
        }
    }

    let recognition = |counts: SpanCounts| end_to_end.then(|| counts.finish());
    let literal = |counts: SpanCounts| (end_to_end && has_groups).then(|| counts.finish());
    GeoReport {
        mode,
        n_documents: gold.len(),
        n_gold_toponyms: gold.iter().map(|doc| doc.toponyms.len()).sum(),
        recognition_exact: recognition(exact),
        recognition_overlap: recognition(overlap),
        literal_exact: literal(literal_exact),
        literal_overlap: literal(literal_overlap),
        resolution: resolution.finish(),
        resolution_overlap: end_to_end.then(|| resolution_overlap.finish()),
    }
}

/// Pooled recognition counts.
#[derive(Default)]
struct SpanCounts {
    matched: usize,
    gold: usize,
    predicted: usize,
    ignored: usize,
}

impl SpanCounts {
    /// Adds one document: `matches[g]` is the prediction paired with distinct gold span
    /// `g`, `scored[g]` whether that gold span belongs to the scored subset. Predictions
    /// paired with gold spans outside the subset are ignored.
    fn add(&mut self, matches: &[Option<usize>], scored: &[bool], n_predicted: usize) {
        let mut ignored = 0;
        for (matched, &scored) in matches.iter().zip(scored) {
            match (matched.is_some(), scored) {
                (true, true) => self.matched += 1,
                (true, false) => ignored += 1,
                (false, _) => {}
            }
            if scored {
                self.gold += 1;
            }
        }
        self.ignored += ignored;
        self.predicted += n_predicted - ignored;
    }

    fn finish(self) -> RecognitionScore {
        RecognitionScore::new(self.matched, self.gold, self.predicted, self.ignored)
    }
}

impl fmt::Display for GeoReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mode = match self.mode {
            GeoMode::EndToEnd => "end to end",
            GeoMode::Resolve => "resolution only",
        };
        writeln!(
            f,
            "geoparsing ({mode}): {} documents, {} gold toponyms",
            self.n_documents, self.n_gold_toponyms
        )?;
        let recognition = [
            ("exact", &self.recognition_exact),
            ("overlap", &self.recognition_overlap),
            ("literal exact", &self.literal_exact),
            ("literal overlap", &self.literal_overlap),
        ];
        if recognition.iter().any(|(_, score)| score.is_some()) {
            writeln!(
                f,
                "{:<18} {:>6} {:>6} {:>6} {:>8} {:>7} {:>7}",
                "recognition", "P", "R", "F1", "matched", "gold", "pred"
            )?;
            for (name, score) in recognition {
                if let Some(s) = score {
                    writeln!(
                        f,
                        "  {name:<16} {:>6.3} {:>6.3} {:>6.3} {:>8} {:>7} {:>7}",
                        s.precision, s.recall, s.f1, s.matched, s.n_gold, s.n_predicted
                    )?;
                }
            }
        }
        writeln!(
            f,
            "{:<18} {:>6} {:>7} {:>9} {:>9} {:>6} {:>6} {:>6} {:>6} {:>6}",
            "resolution",
            "n",
            "acc@161",
            "mean km",
            "median km",
            "misses",
            "id acc",
            "(n)",
            "cc acc",
            "(n)"
        )?;
        let first = match self.mode {
            GeoMode::EndToEnd => "exact match",
            GeoMode::Resolve => "given spans",
        };
        let resolution = [
            (first, Some(&self.resolution)),
            ("overlap match", self.resolution_overlap.as_ref()),
        ];
        for (name, score) in resolution {
            if let Some(s) = score {
                writeln!(
                    f,
                    "  {name:<16} {:>6} {:>7} {:>9} {:>9} {:>6} {:>6} {:>6} {:>6} {:>6}",
                    s.n_with_coords,
                    opt(s.acc_at_161, 3),
                    opt(s.mean_km, 1),
                    opt(s.median_km, 1),
                    s.n_misses,
                    opt(s.geonameid_accuracy, 3),
                    s.n_with_geonameid,
                    opt(s.country_accuracy, 3),
                    s.n_with_country
                )?;
            }
        }
        Ok(())
    }
}

/// Formats an optional rate, `-` when undefined.
fn opt(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.decimals$}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPS: f64 = 1e-9;

    fn toponym(start: usize, end: usize) -> GoldToponym {
        GoldToponym {
            start,
            end,
            text: String::new(),
            geonameid: None,
            lat: None,
            lon: None,
            country_code: None,
            kind: None,
            group: None,
            wikidata: None,
        }
    }

    fn located(start: usize, end: usize, lat: f64, lon: f64) -> GoldToponym {
        GoldToponym {
            lat: Some(lat),
            lon: Some(lon),
            ..toponym(start, end)
        }
    }

    fn doc(toponyms: Vec<GoldToponym>) -> GoldGeoDoc {
        GoldGeoDoc {
            id: "d".into(),
            corpus: "test".into(),
            lang: "en".into(),
            text: String::new(),
            toponyms,
        }
    }

    fn span(start: usize, end: usize) -> PredictedPlace {
        PredictedPlace {
            start,
            end,
            ..PredictedPlace::default()
        }
    }

    fn at(start: usize, end: usize, lat: f64, lon: f64) -> PredictedPlace {
        PredictedPlace {
            lat: Some(lat),
            lon: Some(lon),
            ..span(start, end)
        }
    }

    fn no_lookup(_: u32) -> Option<String> {
        None
    }

    fn end_to_end(gold: &[GoldGeoDoc], predictions: &[Vec<PredictedPlace>]) -> GeoReport {
        score_geo(gold, predictions, GeoMode::EndToEnd, &no_lookup)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < EPS
    }

    #[test]
    fn the_readme_radius_and_a_miss_beyond_any_distance() {
        // The README fixes the radius; the distance function is sitrep-schema's.
        assert_eq!(EARTH_RADIUS_KM, 6371.0088);
        // Antipodes: half the circumference, less than the miss distance.
        let antipodes = haversine_km(0.0, 0.0, 0.0, 180.0);
        assert!(antipodes < MISS_DISTANCE_KM);
    }

    #[test]
    fn exact_versus_overlap_recognition_pooled_over_documents() {
        // Doc 1: gold (0,5) (10,15) (20,25); predicted (0,5) exact, (11,15) overlapping,
        // (30,35) spurious. Doc 2: gold (0,3); predicted nothing.
        let gold = [
            doc(vec![toponym(0, 5), toponym(10, 15), toponym(20, 25)]),
            doc(vec![toponym(0, 3)]),
        ];
        let predictions = [vec![span(0, 5), span(11, 15), span(30, 35)], vec![]];
        let report = end_to_end(&gold, &predictions);

        let exact = report.recognition_exact.unwrap();
        assert_eq!((exact.matched, exact.n_gold, exact.n_predicted), (1, 4, 3));
        assert!(close(exact.precision, 1.0 / 3.0));
        assert!(close(exact.recall, 0.25));
        // 2 * (1/3) * (1/4) / (1/3 + 1/4) = 2/7
        assert!(close(exact.f1, 2.0 / 7.0));

        let overlap = report.recognition_overlap.unwrap();
        assert_eq!(
            (overlap.matched, overlap.n_gold, overlap.n_predicted),
            (2, 4, 3)
        );
        assert!(close(overlap.precision, 2.0 / 3.0));
        assert!(close(overlap.recall, 0.5));
        assert!(close(overlap.f1, 4.0 / 7.0));
        assert!(report.literal_exact.is_none());
    }

    #[test]
    fn duplicate_spans_count_once() {
        // Gold lists (0,5) twice; the system predicts (0,5) twice and (7,9) once.
        let gold = [doc(vec![toponym(0, 5), toponym(0, 5), toponym(7, 9)])];
        let predictions = [vec![span(0, 5), span(0, 5)]];
        let report = end_to_end(&gold, &predictions);
        let exact = report.recognition_exact.unwrap();
        assert_eq!((exact.matched, exact.n_gold, exact.n_predicted), (1, 2, 1));
        assert!(close(exact.precision, 1.0));
        assert!(close(exact.recall, 0.5));
        assert_eq!(report.n_gold_toponyms, 3);
    }

    #[test]
    fn overlap_is_one_to_one() {
        // One long prediction covering two gold spans matches only one of them.
        let gold = [doc(vec![toponym(0, 8), toponym(9, 13)])];
        let predictions = [vec![span(0, 13)]];
        let overlap = end_to_end(&gold, &predictions).recognition_overlap.unwrap();
        assert_eq!(
            (overlap.matched, overlap.n_gold, overlap.n_predicted),
            (1, 2, 1)
        );
        assert!(close(overlap.precision, 1.0));
        assert!(close(overlap.recall, 0.5));
    }

    #[test]
    fn overlap_tie_break_decides_which_prediction_resolves() {
        // Gold (0,10) at Paris. Predictions (0,3) at London and (2,10) at Paris: the
        // larger overlap (8 > 3) wins, so the overlap variant resolves correctly; neither
        // is an exact match, so the exact variant misses.
        let gold = [doc(vec![located(0, 10, 48.8566, 2.3522)])];
        let predictions = [vec![at(0, 3, 51.5074, -0.1278), at(2, 10, 48.8566, 2.3522)]];
        let report = end_to_end(&gold, &predictions);
        let by_overlap = report.resolution_overlap.unwrap();
        assert_eq!(by_overlap.n_misses, 0);
        assert_eq!(by_overlap.acc_at_161, Some(1.0));
        assert_eq!(by_overlap.mean_km, Some(0.0));
        assert_eq!(report.resolution.n_misses, 1);
        assert_eq!(report.resolution.mean_km, Some(MISS_DISTANCE_KM));
        let overlap = report.recognition_overlap.unwrap();
        assert_eq!((overlap.matched, overlap.n_predicted), (1, 2));
    }

    #[test]
    fn greedy_order_of_start_can_leave_a_later_gold_span_unmatched() {
        // Gold (0,5) and (4,12); one prediction (4,10) overlaps both. The gold span that
        // starts first takes it although the second overlaps more.
        let gold = [doc(vec![
            located(0, 5, 0.0, 0.0),
            located(4, 12, 10.0, 10.0),
        ])];
        let predictions = [vec![at(4, 10, 10.0, 10.0)]];
        let report = end_to_end(&gold, &predictions);
        let by_overlap = report.resolution_overlap.unwrap();
        assert_eq!(by_overlap.n_misses, 1);
        // First gold gets a point ~1569 km away, second is a miss.
        assert_eq!(by_overlap.acc_at_161, Some(0.0));
        let far = haversine_km(0.0, 0.0, 10.0, 10.0);
        assert!(close(
            by_overlap.mean_km.unwrap(),
            (far + MISS_DISTANCE_KM) / 2.0
        ));
    }

    #[test]
    fn resolution_distances_misses_and_even_median() {
        // Four gold toponyms with coordinates and one without (ignored).
        //  a: predicted exactly at the gold point         -> 0 km
        //  b: predicted 1 degree of longitude away (~111) -> within 161
        //  c: predicted span without coordinates          -> miss
        //  d: not predicted                               -> miss
        let gold = [doc(vec![
            located(0, 2, 0.0, 0.0),
            located(3, 5, 0.0, 0.0),
            located(6, 8, 0.0, 0.0),
            located(9, 11, 0.0, 0.0),
            toponym(12, 14),
        ])];
        let predictions = [vec![
            at(0, 2, 0.0, 0.0),
            at(3, 5, 0.0, 1.0),
            span(6, 8),
            span(12, 14),
        ]];
        let report = end_to_end(&gold, &predictions);
        let r = report.resolution;
        let degree = haversine_km(0.0, 0.0, 0.0, 1.0);
        assert_eq!((r.n_with_coords, r.n_misses), (4, 2));
        assert_eq!(r.acc_at_161, Some(0.5));
        assert!(close(
            r.mean_km.unwrap(),
            (degree + 2.0 * MISS_DISTANCE_KM) / 4.0
        ));
        // Sorted: 0, 111.2, 20038, 20038 -> median (111.2 + 20038) / 2.
        assert!(close(
            r.median_km.unwrap(),
            (degree + MISS_DISTANCE_KM) / 2.0
        ));
        // The toponym without coordinates is still a recognised span.
        assert_eq!(report.recognition_exact.unwrap().matched, 4);
    }

    #[test]
    fn odd_median_is_the_middle_value() {
        let gold = [doc(vec![
            located(0, 1, 0.0, 0.0),
            located(2, 3, 0.0, 0.0),
            located(4, 5, 0.0, 0.0),
        ])];
        let predictions = [vec![at(0, 1, 0.0, 0.0), at(2, 3, 0.0, 2.0)]];
        let r = end_to_end(&gold, &predictions).resolution;
        assert!(close(
            r.median_km.unwrap(),
            haversine_km(0.0, 0.0, 0.0, 2.0)
        ));
    }

    #[test]
    fn geonameid_and_country_denominators() {
        let lookup = |id: u32| match id {
            1 => Some("FR".to_owned()),
            2 => Some("GB".to_owned()),
            _ => None, // 6255148 (Europe) has no country
        };
        let gold = [doc(vec![
            // Country given, id given.
            GoldToponym {
                geonameid: Some(1),
                country_code: Some("FR".into()),
                ..located(0, 1, 0.0, 0.0)
            },
            // Country from the lookup of the gold id.
            GoldToponym {
                geonameid: Some(2),
                ..located(2, 3, 0.0, 0.0)
            },
            // A continent: id known, country unknown -> left out of country accuracy.
            GoldToponym {
                geonameid: Some(6255148),
                ..located(4, 5, 0.0, 0.0)
            },
            // No id, no country.
            located(6, 7, 0.0, 0.0),
            // Country but no coordinates: outside resolution altogether.
            GoldToponym {
                country_code: Some("DE".into()),
                ..toponym(8, 9)
            },
        ])];
        let predictions = [vec![
            // Right id, country derived from the predicted id.
            PredictedPlace {
                geonameid: Some(1),
                ..span(0, 1)
            },
            // Wrong id, but the right country given explicitly (case-insensitive).
            PredictedPlace {
                geonameid: Some(9),
                country_code: Some("gb".into()),
                ..span(2, 3)
            },
            PredictedPlace {
                geonameid: Some(6255148),
                ..span(4, 5)
            },
            PredictedPlace {
                country_code: Some("DE".into()),
                ..span(8, 9)
            },
        ]];
        let r = score_geo(&gold, &predictions, GeoMode::EndToEnd, &lookup).resolution;
        assert_eq!(r.n_with_coords, 4);
        assert_eq!(r.n_with_geonameid, 3);
        assert!(close(r.geonameid_accuracy.unwrap(), 2.0 / 3.0));
        assert_eq!(r.n_with_country, 2);
        assert_eq!(r.country_accuracy, Some(1.0));
        // All predictions lack coordinates: every toponym with coordinates is a miss.
        assert_eq!(r.n_misses, 4);
    }

    #[test]
    fn literal_group_ignores_predictions_of_other_gold_spans() {
        let literal = |start, end| GoldToponym {
            group: Some("literal".into()),
            ..toponym(start, end)
        };
        let associative = |start, end| GoldToponym {
            group: Some("associative".into()),
            ..toponym(start, end)
        };
        // Gold: literal (0,5) (10,15); associative (20,25).
        // Predicted: (0,5) exact literal, (20,25) associative -> ignored, (30,35) spurious,
        // (11,14) overlaps the second literal span.
        let gold = [doc(vec![
            literal(0, 5),
            literal(10, 15),
            associative(20, 25),
        ])];
        let predictions = [vec![span(0, 5), span(20, 25), span(30, 35), span(11, 14)]];
        let report = end_to_end(&gold, &predictions);

        let headline = report.recognition_exact.unwrap();
        assert_eq!(
            (headline.matched, headline.n_gold, headline.n_predicted),
            (2, 3, 4)
        );

        let exact = report.literal_exact.unwrap();
        assert_eq!(
            (
                exact.matched,
                exact.n_gold,
                exact.n_predicted,
                exact.n_ignored
            ),
            (1, 2, 3, 1)
        );
        assert!(close(exact.precision, 1.0 / 3.0));
        assert!(close(exact.recall, 0.5));

        let overlap = report.literal_overlap.unwrap();
        assert_eq!(
            (
                overlap.matched,
                overlap.n_gold,
                overlap.n_predicted,
                overlap.n_ignored
            ),
            (2, 2, 3, 1)
        );
        assert!(close(overlap.recall, 1.0));
    }

    #[test]
    fn resolve_mode_pairs_places_with_gold_spans_and_skips_recognition() {
        let gold = [doc(vec![
            located(0, 5, 48.8566, 2.3522),
            located(6, 9, 51.5074, -0.1278),
        ])];
        // Given in reverse order; the second gold span gets London, the first Paris.
        let predictions = [vec![at(6, 9, 51.5074, -0.1278), at(0, 5, 51.5074, -0.1278)]];
        let report = score_geo(&gold, &predictions, GeoMode::Resolve, &no_lookup);
        assert!(report.recognition_exact.is_none());
        assert!(report.recognition_overlap.is_none());
        assert!(report.resolution_overlap.is_none());
        let r = &report.resolution;
        assert_eq!((r.n_with_coords, r.n_misses), (2, 0));
        assert_eq!(r.acc_at_161, Some(0.5));
        let text = report.to_string();
        assert!(text.contains("given spans"), "{text}");
        assert!(!text.contains("recognition"), "{text}");
    }

    #[test]
    fn empty_input_gives_zero_scores_and_undefined_rates() {
        let report = end_to_end(&[doc(vec![])], &[vec![]]);
        let exact = report.recognition_exact.as_ref().unwrap();
        assert_eq!((exact.precision, exact.recall, exact.f1), (0.0, 0.0, 0.0));
        assert_eq!(report.resolution.acc_at_161, None);
        assert_eq!(report.resolution.median_km, None);
        assert!(report.to_string().contains(" - "));
    }

    #[test]
    #[should_panic(expected = "one prediction list per gold document")]
    fn mismatched_lengths_panic() {
        end_to_end(&[doc(vec![])], &[]);
    }

    #[test]
    fn reader_rejects_offsets_that_do_not_match_the_text() {
        let dir = std::env::temp_dir().join(format!("sitrep-eval-geo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bad.jsonl");
        let good = r#"{"id":"a","corpus":"c","lang":"fr","text":"À Zürich.","toponyms":[{"start":2,"end":8,"text":"Zürich","geonameid":null,"lat":null,"lon":null,"type":null}]}"#;
        let bad = r#"{"id":"b","corpus":"c","lang":"fr","text":"À Zürich.","toponyms":[{"start":1,"end":7,"text":"Zürich"}]}"#;
        std::fs::write(&path, format!("{good}\n\n{bad}\n")).unwrap();
        let err = read_geo_gold(&path).unwrap_err().to_string();
        assert!(err.contains("bad.jsonl:3: record b:"), "{err}");
        std::fs::write(&path, format!("{good}\nnot json\n")).unwrap();
        let err = read_geo_gold(&path).unwrap_err().to_string();
        assert!(err.contains("bad.jsonl:2: invalid gold record"), "{err}");
        std::fs::write(&path, format!("{good}\n")).unwrap();
        let docs = read_geo_gold(&path).unwrap();
        assert_eq!(docs[0].toponyms[0].text, "Zürich");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
