//! What the event store emits: a merged (canonical) event with the reports behind it, as
//! `sitrep export --format jsonl` writes it and `GET /v1/events` returns it.

use serde::{Deserialize, Serialize};

use crate::Event;

/// One report behind a canonical event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRef {
    pub doc_id: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    /// The raw event of this report.
    pub event_id: String,
    /// Fatalities this report gives.
    pub fatalities: u32,
    /// `first-report`, `distance`, `admin2`, `location` or `manual-unmerge`.
    pub rule: String,
    pub score: Option<f64>,
}

/// A merged event with its reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CanonicalEvent {
    /// Row id of the canonical event (stable while its reports do not change).
    pub id: i64,
    pub event: Event,
    pub sources: Vec<SourceRef>,
}
