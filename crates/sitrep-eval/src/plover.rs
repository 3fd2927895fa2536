//! The PLOVER gold standard records (`events/plover-gsr.jsonl`): sentences coded with a
//! PLOVER event type, actors, and sometimes location and casualty figures. Only the
//! reader lives here; PLOVER types are not ACLED types, so scoring against this file is
//! left to the caller.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::jsonl::read_jsonl;
use crate::EvalError;

/// One coded sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PloverRecord {
    /// Record id (`PLOVER-GSR01-AGREE-0001`, ...).
    pub id: String,
    /// Corpus name (`plover-gsr-cameo`).
    pub corpus: String,
    /// Language code (`en`).
    pub lang: String,
    /// The sentence, without the inline coding markup.
    pub text: String,
    /// PLOVER (0.5b1) event type (`AGREE`, `PROTEST`, ...).
    pub event: String,
    /// Coded source actor strings joined with `; ` (empty when none).
    pub source_text: String,
    /// Coded target actor strings joined with `; ` (empty when none).
    pub target_text: String,
    /// Source actors.
    pub source_actors: Vec<PloverActor>,
    /// Target actors.
    pub target_actors: Vec<PloverActor>,
    /// The actors were tagged `SRC/TAR` (a mutual event).
    pub symmetric_actors: bool,
    /// The coded event words.
    pub event_text: String,
    /// PLOVER mode, when coded.
    #[serde(default)]
    pub mode: Option<String>,
    /// PLOVER context, when coded.
    #[serde(default)]
    pub context: Option<String>,
    /// Where the event happened, when coded.
    #[serde(default)]
    pub location: Option<PloverLocation>,
    /// Number killed, when coded.
    #[serde(default)]
    pub dead: Option<PloverAmount>,
    /// Number injured, when coded.
    #[serde(default)]
    pub injured: Option<PloverAmount>,
    /// Crowd size, when coded.
    #[serde(default)]
    pub size: Option<PloverAmount>,
    /// The coder's comment, when given.
    #[serde(default)]
    pub comment: Option<String>,
}

/// A coded actor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PloverActor {
    /// The actor as written in the sentence.
    pub text: String,
    /// Actor code (a country code like `HUN`, or `IGO`, ...).
    pub code: String,
    /// Sector code (`GOV`, `MIL`, ...), when coded.
    #[serde(default)]
    pub sector: Option<String>,
}

/// A coded location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PloverLocation {
    /// The place name.
    pub name: String,
    /// ISO 3166-1 alpha-2 country, when known.
    #[serde(default)]
    pub country_code: Option<String>,
}

/// A coded count: a number, or a vague amount kept as written (`"Tens of thousands"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PloverAmount {
    /// An exact number.
    Count(u64),
    /// A vague amount.
    Vague(String),
}

/// Reads the PLOVER gold standard records; errors name the file and line.
pub fn read_plover_gold(path: impl AsRef<Path>) -> Result<Vec<PloverRecord>, EvalError> {
    read_jsonl(path.as_ref(), |_: &PloverRecord| Ok(()))
}

/// What a PLOVER event type corresponds to in ACLED, for the types where the two line up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcledMapping {
    /// The sentence reports an ACLED event of one of these event types.
    Event(&'static [&'static str]),
    /// Verbal and diplomatic interactions: ACLED codes no event.
    NoEvent,
}

/// The mapping used by [`score_plover`]. `FIGHT` is armed violence between organised groups
/// (ACLED Battles, or Explosions/Remote violence when fought at a distance); `ASSAULT` is
/// violence against persons (Violence against civilians); `PROTEST` is a demonstration
/// (Protests, or Riots when violent). Verbal, diplomatic and material-cooperation types map to
/// no event. `COERCE`, `SANCTION`, `RETREAT`, `MOBILIZE` and `CONCEDE` have no stable ACLED
/// counterpart (arrests, sanctions, withdrawals may or may not be coded) and are left out.
pub fn acled_mapping(plover_event: &str) -> Option<AcledMapping> {
    Some(match plover_event {
        "FIGHT" => AcledMapping::Event(&["Battles", "Explosions/Remote violence"]),
        "ASSAULT" => {
            AcledMapping::Event(&["Violence against civilians", "Explosions/Remote violence"])
        }
        "PROTEST" => AcledMapping::Event(&["Protests", "Riots"]),
        "AGREE" | "DEMAND" | "REJECT" | "THREATEN" | "DISAPPROVE" | "CONSULT" | "AID"
        | "COOPERATE" | "SUPPORT" | "INVESTIGATE" => AcledMapping::NoEvent,
        _ => return None,
    })
}

/// Scores of the event coder on the PLOVER records that map to ACLED.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PloverReport {
    /// Records whose PLOVER type maps (to an event type or to no event).
    pub n_mapped: usize,
    /// Mapped records that report an event, and how many got a first event of a listed type.
    pub n_event: usize,
    pub event_type_correct: usize,
    /// Mapped records that report no ACLED event, and how many yielded none.
    pub n_no_event: usize,
    pub no_event_correct: usize,
    /// Records with an integer `dead`, and how many got exactly that fatality count on their
    /// first event.
    pub n_dead: usize,
    pub dead_correct: usize,
}

/// Scores predictions: for each record, the first event's `event_type` (or `None`) and its
/// fatalities.
pub fn score_plover(gold: &[PloverRecord], predicted: &[Option<(String, u32)>]) -> PloverReport {
    assert_eq!(gold.len(), predicted.len(), "one prediction per record");
    let mut r = PloverReport {
        n_mapped: 0,
        n_event: 0,
        event_type_correct: 0,
        n_no_event: 0,
        no_event_correct: 0,
        n_dead: 0,
        dead_correct: 0,
    };
    for (g, p) in gold.iter().zip(predicted) {
        match acled_mapping(&g.event) {
            Some(AcledMapping::Event(types)) => {
                r.n_mapped += 1;
                r.n_event += 1;
                if p.as_ref().is_some_and(|(t, _)| types.contains(&t.as_str())) {
                    r.event_type_correct += 1;
                }
            }
            Some(AcledMapping::NoEvent) => {
                r.n_mapped += 1;
                r.n_no_event += 1;
                if p.is_none() {
                    r.no_event_correct += 1;
                }
            }
            None => {}
        }
        if let Some(PloverAmount::Count(dead)) = g.dead {
            r.n_dead += 1;
            if p.as_ref().is_some_and(|(_, f)| u64::from(*f) == dead) {
                r.dead_correct += 1;
            }
        }
    }
    r
}

impl PloverReport {
    /// The three counts on one line.
    pub fn headline(&self) -> String {
        format!(
            "typed {}/{}, verbal without event {}/{}, dead exact {}/{}",
            self.event_type_correct,
            self.n_event,
            self.no_event_correct,
            self.n_no_event,
            self.dead_correct,
            self.n_dead
        )
    }
}

impl std::fmt::Display for PloverReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let rate = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        writeln!(f, "PLOVER records mapped to ACLED: {}", self.n_mapped)?;
        writeln!(
            f,
            "  event reported (FIGHT/ASSAULT/PROTEST): {}/{} first event of a matching type ({:.3})",
            self.event_type_correct,
            self.n_event,
            rate(self.event_type_correct, self.n_event)
        )?;
        writeln!(
            f,
            "  verbal/diplomatic (no ACLED event):     {}/{} yielded no event ({:.3})",
            self.no_event_correct,
            self.n_no_event,
            rate(self.no_event_correct, self.n_no_event)
        )?;
        write!(
            f,
            "  dead coded as a number:                 {}/{} exact fatalities ({:.3})",
            self.dead_correct,
            self.n_dead,
            rate(self.dead_correct, self.n_dead)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_numbers_or_words() {
        let line = r#"{"id":"p","corpus":"plover-gsr-cameo","lang":"en","text":"t","event":"PROTEST","source_text":"","target_text":"","source_actors":[],"target_actors":[{"text":"Police","code":"COP","sector":"GOV"}],"symmetric_actors":false,"event_text":"marched","size":"Tens of thousands","dead":3,"location":{"name":"Paris","country_code":null}}"#;
        let record: PloverRecord = serde_json::from_str(line).unwrap();
        assert_eq!(
            record.size,
            Some(PloverAmount::Vague("Tens of thousands".into()))
        );
        assert_eq!(record.dead, Some(PloverAmount::Count(3)));
        assert_eq!(record.injured, None);
        assert_eq!(record.location.unwrap().name, "Paris");
        assert_eq!(record.target_actors[0].sector.as_deref(), Some("GOV"));
    }

    #[test]
    fn plover_scoring_uses_the_mapping() {
        let rec = |event: &str, dead: Option<u64>| PloverRecord {
            id: event.into(),
            corpus: "t".into(),
            lang: "en".into(),
            text: String::new(),
            event: event.into(),
            source_text: String::new(),
            target_text: String::new(),
            source_actors: vec![],
            target_actors: vec![],
            symmetric_actors: false,
            event_text: String::new(),
            mode: None,
            context: None,
            location: None,
            dead: dead.map(PloverAmount::Count),
            injured: None,
            size: None,
            comment: None,
        };
        let gold = vec![
            rec("FIGHT", Some(3)),
            rec("AGREE", None),
            rec("COERCE", None),
            rec("PROTEST", None),
        ];
        let pred = vec![
            Some(("Battles".to_string(), 3)),
            Some(("Protests".to_string(), 0)),
            None,
            Some(("Battles".to_string(), 0)),
        ];
        let r = score_plover(&gold, &pred);
        assert_eq!((r.n_mapped, r.n_event, r.event_type_correct), (3, 2, 1));
        assert_eq!((r.n_no_event, r.no_event_correct), (1, 0));
        assert_eq!((r.n_dead, r.dead_correct), (1, 1));
        assert!(r.to_string().contains("1/2"));
    }
}
