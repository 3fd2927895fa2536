//! The sitrep engine: from a document's text to its record, places and events.
//!
//! - [`pipeline`]: the [`Extractor`] that ties the stages together: language ID, tokens and
//!   sentences (`sitrep-text`), places (`sitrep-geo`), events (`sitrep-events`), the record;
//! - [`schema`]: the versioned output record (re-exported from `sitrep-schema`);
//! - [`geo`]: the place stage (re-exported from `sitrep-geo`).
//!
//! Invariant: nothing here does IO or fails on text; every span in the output slices the
//! original text to its `text` field.

pub mod pipeline;

pub use pipeline::{outlet_of, Extractor};
pub use sitrep_events as events;
pub use sitrep_geo as geo;
pub use sitrep_schema as schema;
pub use sitrep_schema::{Diagnostic, DocInput, Document, PlaceMention, Source, SCHEMA_VERSION};
