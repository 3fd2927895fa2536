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
}
