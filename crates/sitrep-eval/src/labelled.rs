//! Labelled snippet files (`label<TAB>kind<TAB>text`, `#` comments): the project's own event
//! validation set (`crates/sitrep-events/validation/`) and training files. `label` is an ACLED
//! sub-event type or `none`; the language is the file name's first part (`en.tsv`,
//! `fr.round2.tsv`).
//!
//! Metrics, per language and in all, over the first (highest-ranked) event of each snippet:
//! **type accuracy** (the predicted sub-event type, or no event, equals the label), **event
//! type accuracy** over the event snippets, **no-event precision and recall** (*no event* as the
//! positive class: of the snippets with no predicted event, how many are `none`; of the `none`
//! snippets, how many got no event), and the **reliability** of the predicted events by
//! confidence decile (share of correct types among the events whose confidence falls in each
//! tenth), with the expected calibration error over them.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Serialize;

use crate::events::{ACLED_SUB_EVENT_TYPES, NO_EVENT};
use crate::geo::ratio;
use crate::EvalError;

/// The label of a snippet that must yield no event.
pub const NONE_LABEL: &str = "none";

/// One labelled snippet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelledSnippet {
    /// `file:line`, to find it again.
    pub id: String,
    /// Language code from the file name.
    pub lang: String,
    /// An ACLED sub-event type, or [`NO_EVENT`] for `none`.
    pub label: String,
    /// The snippet's free tag (plain, headline, boundary:…).
    pub kind: String,
    pub text: String,
}

/// What the system produced for one snippet: the first event's sub-event type and confidence.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LabelledPrediction {
    pub sub_event_type: Option<String>,
    pub confidence: f32,
}

/// Reads a labelled file; the language is the file name up to its first dot.
pub fn read_labelled(path: &Path) -> Result<Vec<LabelledSnippet>, EvalError> {
    let data = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_owned(),
        source,
    })?;
    let lang = path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.split('.').next())
        .unwrap_or("")
        .to_owned();
    let invalid = |line: usize, message: String| EvalError::Invalid {
        path: path.to_owned(),
        line,
        id: format!("{}:{line}", path.display()),
        message,
    };
    let mut out = Vec::new();
    for (n, line) in data.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut f = line.splitn(3, '\t');
        let (Some(label), Some(kind), Some(text)) = (f.next(), f.next(), f.next()) else {
            return Err(invalid(n + 1, "not label<TAB>kind<TAB>text".into()));
        };
        let label = if label == NONE_LABEL {
            NO_EVENT
        } else if ACLED_SUB_EVENT_TYPES.iter().any(|(_, s)| *s == label) {
            label
        } else {
            return Err(invalid(n + 1, format!("unknown label {label:?}")));
        };
        out.push(LabelledSnippet {
            id: format!("{}:{}", path.display(), n + 1),
            lang: lang.clone(),
            label: label.to_owned(),
            kind: kind.to_owned(),
            text: text.to_owned(),
        });
    }
    Ok(out)
}

/// Counts of one language (or of all).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LabelledCounts {
    pub snippets: usize,
    pub correct: usize,
    pub events: usize,
    pub events_correct: usize,
    /// Snippets with no predicted event, and how many of them are `none`.
    pub predicted_none: usize,
    pub predicted_none_correct: usize,
    /// `none` snippets.
    pub gold_none: usize,
}

impl LabelledCounts {
    pub fn accuracy(&self) -> Option<f64> {
        ratio(self.correct, self.snippets)
    }
    pub fn event_accuracy(&self) -> Option<f64> {
        ratio(self.events_correct, self.events)
    }
    pub fn none_precision(&self) -> Option<f64> {
        ratio(self.predicted_none_correct, self.predicted_none)
    }
    pub fn none_recall(&self) -> Option<f64> {
        ratio(self.predicted_none_correct, self.gold_none)
    }
}

/// One confidence decile: predicted events with confidence in `[lo, lo + 0.1)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Decile {
    pub lo: f32,
    pub events: usize,
    pub correct: usize,
    pub mean_confidence: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LabelledReport {
    pub per_lang: BTreeMap<String, LabelledCounts>,
    pub all: LabelledCounts,
    pub deciles: Vec<Decile>,
    /// Expected calibration error over the predicted events (deciles weighted by size).
    pub ece: Option<f64>,
}

/// Scores predictions, one per snippet in the same order.
pub fn score_labelled(
    gold: &[LabelledSnippet],
    predicted: &[LabelledPrediction],
) -> LabelledReport {
    let mut report = LabelledReport {
        deciles: (0..10)
            .map(|i| Decile {
                lo: i as f32 / 10.0,
                ..Decile::default()
            })
            .collect(),
        ..LabelledReport::default()
    };
    let mut conf_sum = [0f64; 10];
    for (g, p) in gold.iter().zip(predicted) {
        let got = p.sub_event_type.as_deref().unwrap_or(NO_EVENT);
        let ok = got == g.label;
        let gold_none = g.label == NO_EVENT;
        for c in [
            report.per_lang.entry(g.lang.clone()).or_default(),
            &mut report.all,
        ] {
            c.snippets += 1;
            c.correct += usize::from(ok);
            if gold_none {
                c.gold_none += 1;
            } else {
                c.events += 1;
                c.events_correct += usize::from(ok);
            }
            if p.sub_event_type.is_none() {
                c.predicted_none += 1;
                c.predicted_none_correct += usize::from(gold_none);
            }
        }
        if p.sub_event_type.is_some() {
            let d = ((p.confidence.clamp(0.0, 1.0) * 10.0) as usize).min(9);
            report.deciles[d].events += 1;
            report.deciles[d].correct += usize::from(ok);
            conf_sum[d] += f64::from(p.confidence);
        }
    }
    let mut total = 0;
    let mut gap = 0.0;
    for (d, sum) in report.deciles.iter_mut().zip(conf_sum) {
        if d.events > 0 {
            d.mean_confidence = sum / d.events as f64;
            let acc = d.correct as f64 / d.events as f64;
            gap += d.events as f64 * (acc - d.mean_confidence).abs();
            total += d.events;
        }
    }
    report.ece = (total > 0).then(|| gap / total as f64);
    report
}

fn rate(x: Option<f64>) -> String {
    x.map_or_else(|| "-".into(), |v| format!("{v:.3}"))
}

impl fmt::Display for LabelledReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "lang  snippets  type acc  event acc  no-event P  no-event R"
        )?;
        let all = "all".to_owned();
        let rows = self.per_lang.iter().chain([(&all, &self.all)]);
        for (lang, c) in rows {
            writeln!(
                f,
                "{lang:<4}  {:>8}  {:>8}  {:>9}  {:>10}  {:>10}",
                c.snippets,
                rate(c.accuracy()),
                rate(c.event_accuracy()),
                rate(c.none_precision()),
                rate(c.none_recall())
            )?;
        }
        write!(
            f,
            "reliability of predicted events by confidence decile (correct/events, mean confidence):"
        )?;
        for d in self.deciles.iter().filter(|d| d.events > 0) {
            write!(
                f,
                " {:.1}: {}/{} ({:.2})",
                d.lo, d.correct, d.events, d.mean_confidence
            )?;
        }
        writeln!(f)?;
        write!(f, "expected calibration error: {}", rate(self.ece))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snippet(lang: &str, label: &str) -> LabelledSnippet {
        LabelledSnippet {
            id: String::new(),
            lang: lang.into(),
            label: label.into(),
            kind: "plain".into(),
            text: String::new(),
        }
    }

    fn pred(sub: Option<&str>, confidence: f32) -> LabelledPrediction {
        LabelledPrediction {
            sub_event_type: sub.map(str::to_owned),
            confidence,
        }
    }

    #[test]
    fn accuracy_no_event_precision_recall_and_deciles() {
        let gold = [
            snippet("en", "Attack"),
            snippet("en", "Arrests"),
            snippet("en", NO_EVENT),
            snippet("fr", NO_EVENT),
            snippet("fr", "Attack"),
        ];
        let predicted = [
            pred(Some("Attack"), 0.95),
            pred(Some("Attack"), 0.91),
            pred(None, 0.0),
            pred(Some("Attack"), 0.35),
            pred(None, 0.0),
        ];
        let r = score_labelled(&gold, &predicted);
        assert_eq!(r.all.snippets, 5);
        assert_eq!(r.all.correct, 2);
        assert_eq!(r.per_lang["en"].event_accuracy(), Some(0.5));
        // No event predicted twice, once rightly; two `none` snippets, one recalled.
        assert_eq!(r.all.none_precision(), Some(0.5));
        assert_eq!(r.all.none_recall(), Some(0.5));
        assert_eq!(r.per_lang["fr"].none_precision(), Some(0.0));
        assert_eq!((r.deciles[9].events, r.deciles[9].correct), (2, 1));
        assert_eq!((r.deciles[3].events, r.deciles[3].correct), (1, 0));
        // |0.5 - 0.93| * 2 + |0 - 0.35| * 1, over 3.
        assert!((r.ece.unwrap() - (0.86 + 0.35) / 3.0).abs() < 1e-6);
        assert!(r.to_string().contains("all"));
    }

    #[test]
    fn files_name_their_language_and_bad_lines() {
        let dir = std::env::temp_dir().join(format!("sitrep-labelled-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("fr.round2.tsv");
        std::fs::write(
            &good,
            "# header\nAttack\tplain\tDes hommes armés ont tué deux civils.\nnone\tstatement\tLe ministre a parlé.\n",
        )
        .unwrap();
        let s = read_labelled(&good).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].lang, "fr");
        assert_eq!(s[1].label, NO_EVENT);
        assert!(s[1].id.ends_with("fr.round2.tsv:3"));
        let bad = dir.join("en.tsv");
        std::fs::write(&bad, "Armed brawl\tplain\tA text.\n").unwrap();
        let e = read_labelled(&bad).unwrap_err().to_string();
        assert!(e.contains("en.tsv:1") && e.contains("Armed brawl"), "{e}");
        std::fs::write(&bad, "Attack only two fields\tplain\n").unwrap();
        assert!(read_labelled(&bad).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
