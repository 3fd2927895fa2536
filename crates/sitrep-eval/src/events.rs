//! Event-type evaluation on the CASE 2021 file: the gold reader, the ACLED event and
//! sub-event type strings, and accuracy, macro-F1 and weighted-F1 at the sub-event and the
//! event-type level, as defined in the evaluation kit's README.
//!
//! Every snippet has exactly one gold label (its ACLED sub-event type, or [`NO_EVENT`]) and
//! one predicted label (the sub-event type of the system's first ACLED event, or
//! [`NO_EVENT`]), so this is single-label multi-class scoring.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::geo::{f1, ratio};
use crate::jsonl::read_jsonl;
use crate::EvalError;

/// The class of snippets that should yield no ACLED event.
pub const NO_EVENT: &str = "no event";

/// The six ACLED event types, in ACLED's order.
pub const ACLED_EVENT_TYPES: [&str; 6] = [
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
];

/// All 25 ACLED sub-event types as `(event_type, sub_event_type)`, exact ACLED strings,
/// grouped by event type in ACLED's order.
pub const ACLED_SUB_EVENT_TYPES: [(&str, &str); 25] = [
    ("Battles", "Armed clash"),
    ("Battles", "Government regains territory"),
    ("Battles", "Non-state actor overtakes territory"),
    ("Explosions/Remote violence", "Chemical weapon"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Suicide bomb"),
    (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    ),
    (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    ),
    ("Explosions/Remote violence", "Grenade"),
    ("Violence against civilians", "Sexual violence"),
    ("Violence against civilians", "Attack"),
    (
        "Violence against civilians",
        "Abduction/forced disappearance",
    ),
    ("Protests", "Peaceful protest"),
    ("Protests", "Protest with intervention"),
    ("Protests", "Excessive force against protesters"),
    ("Riots", "Violent demonstration"),
    ("Riots", "Mob violence"),
    ("Strategic developments", "Agreement"),
    ("Strategic developments", "Arrests"),
    ("Strategic developments", "Change to group/activity"),
    ("Strategic developments", "Disrupted weapons use"),
    ("Strategic developments", "Headquarters or base established"),
    ("Strategic developments", "Looting/property destruction"),
    (
        "Strategic developments",
        "Non-violent transfer of territory",
    ),
    ("Strategic developments", "Other"),
];

/// The ACLED event type of a sub-event type, `None` for a string that is not an exact
/// ACLED sub-event type.
pub fn event_type_of(sub_event_type: &str) -> Option<&'static str> {
    ACLED_SUB_EVENT_TYPES
        .iter()
        .find(|(_, sub)| *sub == sub_event_type)
        .map(|(event_type, _)| *event_type)
}

/// One labelled snippet of `events/case2021-dev.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldEvent {
    /// Snippet id.
    pub id: String,
    /// The snippet.
    pub text: String,
    /// The original CASE 2021 label code (`ARMED_CLASH`, `DIPLO`, ...).
    pub label_code: String,
    /// ACLED event type; `None` for the non-ACLED classes.
    pub event_type: Option<String>,
    /// ACLED sub-event type; `None` for the non-ACLED classes.
    pub sub_event_type: Option<String>,
}

impl GoldEvent {
    /// The gold class: the sub-event type, or [`NO_EVENT`].
    pub fn label(&self) -> &str {
        self.sub_event_type.as_deref().unwrap_or(NO_EVENT)
    }
}

/// Reads the CASE 2021 event gold file.
///
/// Each record's `sub_event_type` must be an exact ACLED string and `event_type` its ACLED
/// event type (both null together); errors name the file and line.
pub fn read_event_gold(path: impl AsRef<Path>) -> Result<Vec<GoldEvent>, EvalError> {
    read_jsonl(path.as_ref(), |event: &GoldEvent| {
        check_event(event).map_err(|message| (event.id.clone(), message))
    })
}

fn check_event(event: &GoldEvent) -> Result<(), String> {
    match (&event.event_type, &event.sub_event_type) {
        (None, None) => Ok(()),
        (event_type, Some(sub)) => match event_type_of(sub) {
            None => Err(format!("{sub:?} is not an ACLED sub-event type")),
            Some(expected) if event_type.as_deref() != Some(expected) => Err(format!(
                "sub-event type {sub:?} belongs to event type {expected:?}, not {event_type:?}"
            )),
            Some(_) => Ok(()),
        },
        (Some(event_type), None) => Err(format!(
            "event type {event_type:?} is given without a sub-event type"
        )),
    }
}

/// Precision, recall and F1 of one class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassScore {
    /// The class label (an ACLED string, [`NO_EVENT`], or whatever a system predicted).
    pub label: String,
    /// Gold items of the class.
    pub support: usize,
    /// Items predicted as the class.
    pub predicted: usize,
    /// Correct predictions of the class.
    pub correct: usize,
    /// `correct / predicted` (0 when never predicted).
    pub precision: f64,
    /// `correct / support` (0 when not in gold).
    pub recall: f64,
    /// Harmonic mean of precision and recall (0 without true positives).
    pub f1: f64,
}

/// Event-type scores over a file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventReport {
    /// Snippets scored.
    pub n: usize,
    /// Share of snippets whose predicted sub-event label equals the gold one.
    pub accuracy: f64,
    /// Per-class F1 weighted by gold support.
    pub weighted_f1: f64,
    /// Unweighted mean of per-class F1 over the classes in gold or predictions.
    pub macro_f1: f64,
    /// Sub-event level classes: ACLED order, then [`NO_EVENT`], then any other predicted
    /// strings alphabetically.
    pub per_class: Vec<ClassScore>,
    /// Accuracy at the event-type level.
    pub event_type_accuracy: f64,
    /// Weighted-F1 at the event-type level.
    pub event_type_weighted_f1: f64,
    /// Macro-F1 at the event-type level.
    pub event_type_macro_f1: f64,
    /// Event-type level classes, ordered like `per_class`.
    pub event_type_per_class: Vec<ClassScore>,
    /// Snippets whose gold label is [`NO_EVENT`].
    pub null_snippets: usize,
    /// Of those, the ones for which the system emitted no event.
    pub null_correct: usize,
}

/// Scores predicted sub-event types against the gold labels.
///
/// `predicted_sub_event_types[i]` is the sub-event type of the first ACLED event the
/// system emitted for `gold[i]`, `None` when it emitted none. A string that is not an exact
/// ACLED sub-event type is kept as its own (always wrong) class; at the event-type level it
/// becomes `"invalid: <string>"` so that it cannot collide with an event-type name.
///
/// # Panics
///
/// When the two slices differ in length (a bug in the caller).
pub fn score_events(
    gold: &[GoldEvent],
    predicted_sub_event_types: &[Option<String>],
) -> EventReport {
    assert_eq!(
        gold.len(),
        predicted_sub_event_types.len(),
        "score_events needs one prediction per gold snippet"
    );
    let gold_labels: Vec<&str> = gold.iter().map(GoldEvent::label).collect();
    let predicted_labels: Vec<&str> = predicted_sub_event_types
        .iter()
        .map(|p| p.as_deref().unwrap_or(NO_EVENT))
        .collect();
    let sub_order: Vec<&str> = ACLED_SUB_EVENT_TYPES.iter().map(|(_, sub)| *sub).collect();
    let sub = score_labels(&gold_labels, &predicted_labels, &sub_order);

    let gold_types: Vec<String> = gold
        .iter()
        .map(|g| match (&g.event_type, &g.sub_event_type) {
            (Some(event_type), _) => event_type.clone(),
            (None, Some(sub)) => type_label(sub),
            (None, None) => NO_EVENT.to_owned(),
        })
        .collect();
    let predicted_types: Vec<String> = predicted_labels.iter().map(|p| type_label(p)).collect();
    let gold_types: Vec<&str> = gold_types.iter().map(String::as_str).collect();
    let predicted_types: Vec<&str> = predicted_types.iter().map(String::as_str).collect();
    let by_type = score_labels(&gold_types, &predicted_types, &ACLED_EVENT_TYPES);

    let null_snippets = gold_labels.iter().filter(|&&g| g == NO_EVENT).count();
    let null_correct = gold_labels
        .iter()
        .zip(&predicted_labels)
        .filter(|&(&g, &p)| g == NO_EVENT && p == NO_EVENT)
        .count();
    EventReport {
        n: gold.len(),
        accuracy: sub.accuracy,
        weighted_f1: sub.weighted_f1,
        macro_f1: sub.macro_f1,
        per_class: sub.per_class,
        event_type_accuracy: by_type.accuracy,
        event_type_weighted_f1: by_type.weighted_f1,
        event_type_macro_f1: by_type.macro_f1,
        event_type_per_class: by_type.per_class,
        null_snippets,
        null_correct,
    }
}

/// The event-type class of a sub-event label.
fn type_label(sub_label: &str) -> String {
    if sub_label == NO_EVENT {
        NO_EVENT.to_owned()
    } else {
        event_type_of(sub_label).map_or_else(|| format!("invalid: {sub_label}"), str::to_owned)
    }
}

struct LabelScores {
    accuracy: f64,
    weighted_f1: f64,
    macro_f1: f64,
    per_class: Vec<ClassScore>,
}

/// Single-label multi-class scores; classes are those occurring in `gold` or `predicted`,
/// ordered by their position in `order`, then [`NO_EVENT`], then alphabetically.
fn score_labels(gold: &[&str], predicted: &[&str], order: &[&str]) -> LabelScores {
    let mut support: HashMap<&str, usize> = HashMap::new();
    let mut n_predicted: HashMap<&str, usize> = HashMap::new();
    let mut correct: HashMap<&str, usize> = HashMap::new();
    for (&g, &p) in gold.iter().zip(predicted) {
        *support.entry(g).or_default() += 1;
        *n_predicted.entry(p).or_default() += 1;
        if g == p {
            *correct.entry(g).or_default() += 1;
        }
    }
    let rank = |label: &str| {
        order
            .iter()
            .position(|&known| known == label)
            .unwrap_or(if label == NO_EVENT {
                order.len()
            } else {
                order.len() + 1
            })
    };
    let classes: BTreeSet<(usize, &str)> = support
        .keys()
        .chain(n_predicted.keys())
        .map(|&label| (rank(label), label))
        .collect();
    let per_class: Vec<ClassScore> = classes
        .into_iter()
        .map(|(_, label)| {
            let support = support.get(label).copied().unwrap_or(0);
            let predicted = n_predicted.get(label).copied().unwrap_or(0);
            let correct = correct.get(label).copied().unwrap_or(0);
            let precision = ratio(correct, predicted).unwrap_or(0.0);
            let recall = ratio(correct, support).unwrap_or(0.0);
            ClassScore {
                label: label.to_owned(),
                support,
                predicted,
                correct,
                precision,
                recall,
                f1: f1(precision, recall),
            }
        })
        .collect();
    let n = gold.len();
    let n_correct: usize = per_class.iter().map(|c| c.correct).sum();
    let weighted: f64 = per_class.iter().map(|c| c.support as f64 * c.f1).sum();
    let macro_sum: f64 = per_class.iter().map(|c| c.f1).sum();
    LabelScores {
        accuracy: ratio(n_correct, n).unwrap_or(0.0),
        weighted_f1: if n > 0 { weighted / n as f64 } else { 0.0 },
        macro_f1: if per_class.is_empty() {
            0.0
        } else {
            macro_sum / per_class.len() as f64
        },
        per_class,
    }
}

impl EventReport {
    /// Weighted and macro F1, accuracy and null snippets on one line.
    pub fn headline(&self) -> String {
        format!(
            "sub-event weighted F1 {:.3}, macro F1 {:.3}, accuracy {:.3}; no event {}/{}",
            self.weighted_f1, self.macro_f1, self.accuracy, self.null_correct, self.null_snippets
        )
    }
}

impl fmt::Display for EventReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "event types: {} snippets, {} without ACLED event ({} left without event)",
            self.n, self.null_snippets, self.null_correct
        )?;
        writeln!(
            f,
            "{:<14} {:>8} {:>11} {:>8}",
            "level", "accuracy", "weighted F1", "macro F1"
        )?;
        writeln!(
            f,
            "  {:<12} {:>8.3} {:>11.3} {:>8.3}",
            "sub-event", self.accuracy, self.weighted_f1, self.macro_f1
        )?;
        writeln!(
            f,
            "  {:<12} {:>8.3} {:>11.3} {:>8.3}",
            "event type",
            self.event_type_accuracy,
            self.event_type_weighted_f1,
            self.event_type_macro_f1
        )?;
        writeln!(
            f,
            "{:<38} {:>7} {:>5} {:>6} {:>6} {:>6}",
            "sub-event type", "support", "pred", "P", "R", "F1"
        )?;
        for class in &self.per_class {
            writeln!(
                f,
                "  {:<36} {:>7} {:>5} {:>6.3} {:>6.3} {:>6.3}",
                class.label,
                class.support,
                class.predicted,
                class.precision,
                class.recall,
                class.f1
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPS: f64 = 1e-9;

    fn gold(sub: Option<&str>) -> GoldEvent {
        GoldEvent {
            id: "x".into(),
            text: String::new(),
            label_code: String::new(),
            event_type: sub.map(|s| event_type_of(s).unwrap().to_owned()),
            sub_event_type: sub.map(str::to_owned),
        }
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_owned())
    }

    fn class<'a>(classes: &'a [ClassScore], label: &str) -> &'a ClassScore {
        classes.iter().find(|c| c.label == label).unwrap()
    }

    #[test]
    fn acled_table_is_complete_and_consistent() {
        let subs: BTreeSet<&str> = ACLED_SUB_EVENT_TYPES.iter().map(|(_, s)| *s).collect();
        assert_eq!(subs.len(), 25, "sub-event types are distinct");
        for (event_type, sub) in ACLED_SUB_EVENT_TYPES {
            assert!(ACLED_EVENT_TYPES.contains(&event_type), "{event_type}");
            assert_eq!(event_type_of(sub), Some(event_type));
        }
        let per_type: Vec<usize> = ACLED_EVENT_TYPES
            .iter()
            .map(|t| ACLED_SUB_EVENT_TYPES.iter().filter(|(e, _)| e == t).count())
            .collect();
        assert_eq!(per_type, [3, 6, 3, 3, 2, 8]);
        assert_eq!(event_type_of("Peaceful protest"), Some("Protests"));
        assert_eq!(event_type_of("peaceful protest"), None);
        assert_eq!(event_type_of(NO_EVENT), None);
    }

    #[test]
    fn hand_computed_scores_with_a_predicted_only_class() {
        // gold:      Armed clash, Armed clash, Peaceful protest, no event
        // predicted: Armed clash, Air/drone strike, Peaceful protest, Arrests
        //
        // Armed clash:       support 2, pred 1, tp 1 -> P 1, R 1/2, F1 2/3
        // Air/drone strike:  support 0, pred 1       -> F1 0 (predicted only)
        // Peaceful protest:  support 1, pred 1, tp 1 -> F1 1
        // Arrests:           support 0, pred 1       -> F1 0 (predicted only)
        // no event:          support 1, pred 0       -> F1 0
        // macro = (2/3 + 0 + 1 + 0 + 0) / 5 = 1/3
        // weighted = (2 * 2/3 + 1 * 1 + 1 * 0) / 4 = 7/12
        let gold = [
            gold(Some("Armed clash")),
            gold(Some("Armed clash")),
            gold(Some("Peaceful protest")),
            gold(None),
        ];
        let predicted = [
            some("Armed clash"),
            some("Air/drone strike"),
            some("Peaceful protest"),
            some("Arrests"),
        ];
        let report = score_events(&gold, &predicted);
        assert_eq!(report.n, 4);
        assert!((report.accuracy - 0.5).abs() < EPS);
        assert!((report.macro_f1 - 1.0 / 3.0).abs() < EPS);
        assert!((report.weighted_f1 - 7.0 / 12.0).abs() < EPS);
        let labels: Vec<&str> = report.per_class.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Armed clash",
                "Air/drone strike",
                "Peaceful protest",
                "Arrests",
                NO_EVENT
            ]
        );
        let armed = class(&report.per_class, "Armed clash");
        assert_eq!((armed.support, armed.predicted, armed.correct), (2, 1, 1));
        assert!((armed.f1 - 2.0 / 3.0).abs() < EPS);
        assert_eq!((report.null_snippets, report.null_correct), (1, 0));

        // Event types: gold Battles, Battles, Protests, no event;
        // predicted Battles, Explosions/Remote violence, Protests, Strategic developments.
        // Battles F1 2/3, Explosions 0, Protests 1, Strategic 0, no event 0.
        assert!((report.event_type_accuracy - 0.5).abs() < EPS);
        assert!((report.event_type_macro_f1 - 1.0 / 3.0).abs() < EPS);
        assert!((report.event_type_weighted_f1 - 7.0 / 12.0).abs() < EPS);
    }

    #[test]
    fn event_type_level_forgives_a_wrong_sub_type_in_the_right_type() {
        // Grenade vs Air/drone strike: both Explosions/Remote violence.
        let gold = [gold(Some("Grenade")), gold(None)];
        let predicted = [some("Air/drone strike"), None];
        let report = score_events(&gold, &predicted);
        assert!((report.accuracy - 0.5).abs() < EPS);
        assert!((report.event_type_accuracy - 1.0).abs() < EPS);
        assert!((report.event_type_macro_f1 - 1.0).abs() < EPS);
        // Sub level: Grenade 0, Air/drone strike 0 (predicted only), no event 1 -> 1/3.
        assert!((report.macro_f1 - 1.0 / 3.0).abs() < EPS);
        // Weighted: (1 * 0 + 1 * 1) / 2.
        assert!((report.weighted_f1 - 0.5).abs() < EPS);
        assert_eq!((report.null_snippets, report.null_correct), (1, 1));
    }

    #[test]
    fn non_acled_predictions_are_their_own_wrong_class() {
        // Predicting an event-type name as sub-event type must not score at type level.
        let gold = [gold(Some("Armed clash"))];
        let predicted = [some("Battles")];
        let report = score_events(&gold, &predicted);
        assert_eq!(report.accuracy, 0.0);
        assert_eq!(report.event_type_accuracy, 0.0);
        let labels: Vec<&str> = report
            .event_type_per_class
            .iter()
            .map(|c| c.label.as_str())
            .collect();
        assert_eq!(labels, ["Battles", "invalid: Battles"]);
    }

    #[test]
    fn perfect_prediction_scores_one() {
        let gold: Vec<GoldEvent> = ACLED_SUB_EVENT_TYPES
            .iter()
            .map(|(_, sub)| gold(Some(sub)))
            .chain([gold(None)])
            .collect();
        let predicted: Vec<Option<String>> =
            gold.iter().map(|g| g.sub_event_type.clone()).collect();
        let report = score_events(&gold, &predicted);
        assert_eq!(report.per_class.len(), 26);
        assert_eq!(report.event_type_per_class.len(), 7);
        for score in [
            report.accuracy,
            report.macro_f1,
            report.weighted_f1,
            report.event_type_accuracy,
            report.event_type_macro_f1,
            report.event_type_weighted_f1,
        ] {
            assert!((score - 1.0).abs() < EPS);
        }
        assert!(report
            .to_string()
            .contains("Headquarters or base established"));
    }

    #[test]
    fn reader_checks_acled_strings() {
        assert!(check_event(&gold(Some("Mob violence"))).is_ok());
        assert!(check_event(&gold(None)).is_ok());
        let mut wrong_type = gold(Some("Mob violence"));
        wrong_type.event_type = Some("Protests".into());
        assert!(check_event(&wrong_type).unwrap_err().contains("Riots"));
        let mut not_acled = gold(None);
        not_acled.sub_event_type = Some("Bombing".into());
        assert!(check_event(&not_acled)
            .unwrap_err()
            .contains("not an ACLED sub-event type"));
    }
}
