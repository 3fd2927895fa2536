//! The types at sitrep's edges: what it reads and what it emits.
//!
//! - [`DocInput`]: one document to process (produced by `sitrep-ingest` from files, built with
//!   [`DocInput::new`] for documents held in memory);
//! - [`Document`]: the record written per input document (JSONL line, API response, Python
//!   dict), with its places, events and diagnostics;
//! - [`CanonicalEvent`]: a merged event of the store with the reports behind it (`sitrep
//!   export --format jsonl`, `GET /v1/events`);
//! - [`haversine_km`]: the distance between two of the coordinates written here.
//!
//! The schema is versioned by [`SCHEMA_VERSION`]; changes are additive (new optional fields)
//! within a major version, and the field names below are a public contract. All `start`/`end`
//! offsets are Unicode code-point offsets into the document text, end exclusive, and `text`
//! always equals that slice. How records are laid out in each file format (CSV columns,
//! GeoJSON, Parquet, Arrow) is `sitrep-formats`' business.

mod canonical;
mod claim;
pub mod distance;
mod input;

use serde::{Deserialize, Serialize};

pub use canonical::{CanonicalEvent, SourceRef};
pub use claim::{Claim, Claimant, Framing, FramingFlag, Leaning, CLAIM_STATUSES};
pub use distance::{haversine_km, EARTH_RADIUS_KM};
pub use input::DocInput;

/// Version of the document record layout (semver: additive changes bump the minor). 1.1 added
/// `claim` on events and `framing` on documents.
pub const SCHEMA_VERSION: &str = "1.1";

/// One processed document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub schema_version: String,
    pub doc_id: String,
    pub source: Source,
    /// Publication date (`YYYY-MM-DD` or RFC 3339) as given by metadata or `--published`.
    pub published: Option<String>,
    /// ISO 639-1 code of the text language, `und` when undetermined.
    pub lang: String,
    pub title: Option<String>,
    pub places: Vec<PlaceMention>,
    pub events: Vec<Event>,
    pub diagnostics: Vec<Diagnostic>,
    /// Framing flags (schema 1.1; empty when reading a 1.0 record).
    #[serde(default)]
    pub framing: Framing,
}

/// Where a document came from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub url: Option<String>,
    /// Outlet name or host (`presstv.ir`), from metadata or the URL.
    pub outlet: Option<String>,
    /// Input file (or `-` for stdin).
    pub path: Option<String>,
    /// Line of the input file for JSONL input.
    pub line: Option<usize>,
    /// Detected input format: `text`, `html` or `jsonl`.
    pub format: Option<String>,
    /// Charset the input was decoded from when it was not UTF-8.
    pub encoding: Option<String>,
}

/// A span of the document text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A place mentioned in the text, resolved to a gazetteer entry when possible.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceMention {
    pub start: usize,
    pub end: usize,
    /// The mention as written (`al-Anbar`).
    pub text: String,
    /// Resolved name (`Al Anbar`), or the mention itself when unresolved.
    pub name: String,
    pub geonameid: Option<u32>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub country_code: Option<String>,
    /// Name of the first-level administrative division.
    pub admin1: Option<String>,
    /// GeoNames `class.code` of the resolved entry (`P.PPL`, `A.ADM1`, `A.PCLI`, `H.STM`).
    pub feature: Option<String>,
    /// ACLED geo-precision: 1 the place itself, 2 near it or part of it, 3 a larger region.
    pub precision: u8,
    /// Confidence of the resolution, 0..1.
    pub score: f32,
    /// Whether the name was found in the gazetteer (`false`: kept from context and attached to
    /// `anchor`).
    pub resolved: bool,
    /// Approximate-location expression that governs the mention (`à l'ouest d'`, `near`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Qualifier>,
    /// The containing or reference place for unresolved names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<Anchor>,
}

/// An approximate expression attached to a place mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Qualifier {
    /// `near`, `direction`, `within` or `settlement` (a noun like "villages" introduced it).
    pub kind: String,
    /// Compass code for `direction` qualifiers (`N`, `SE`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// The place an unresolved mention was attached to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Anchor {
    pub name: String,
    pub geonameid: Option<u32>,
    /// Offsets of the anchor's own mention in the text.
    pub start: usize,
    pub end: usize,
}

/// A message about a document or input record. Never fatal for the batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// `info`, `warning` or `error` (`error`: the record produced no document content).
    pub level: String,
    /// Stable machine-readable code, e.g. `input.binary`, `date.no-publication-date`.
    pub code: String,
    pub message: String,
    /// `file:line` or `file` when the diagnostic is about an input record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
}

impl Diagnostic {
    pub fn new(level: &str, code: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            level: level.into(),
            code: code.into(),
            message: message.into(),
            record: None,
        }
    }
}

/// One ACLED-style event. Field names follow the ACLED export where one exists.
///
/// `Default` is an empty event (no type, no place), for building one field by field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub event_id: String,
    pub event_date: Option<String>,
    pub year: Option<i32>,
    /// ACLED time precision: 1 exact day, 2 within a week, 3 within a month or vaguer.
    pub time_precision: u8,
    pub disorder_type: String,
    pub event_type: String,
    pub sub_event_type: String,
    pub actor1: Option<String>,
    pub assoc_actor_1: Option<String>,
    pub inter1: Option<u8>,
    pub actor2: Option<String>,
    pub assoc_actor_2: Option<String>,
    pub inter2: Option<u8>,
    pub interaction: Option<u16>,
    pub civilian_targeting: Option<String>,
    pub iso: Option<String>,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub location: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub geo_precision: Option<u8>,
    pub source: Option<String>,
    pub notes: String,
    pub fatalities: u32,
    pub attribution: Option<Span>,
    pub evidence: Evidence,
    /// Codebook rules applied, in words (`concurrent tactics: highest type kept`).
    pub rules: Vec<String>,
    pub confidence: f32,
    /// Who says so: reported, claimed, denied or unconfirmed (schema 1.1; `reported` when
    /// reading a 1.0 record).
    #[serde(default)]
    pub claim: Claim,
}

/// The spans that produced each coded field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub sentence: Option<Span>,
    pub trigger: Option<Span>,
    pub actor1: Option<Span>,
    pub actor2: Option<Span>,
    pub place: Option<Span>,
    pub date: Option<Span>,
    pub fatalities: Option<Span>,
    pub attribution: Option<Span>,
}
