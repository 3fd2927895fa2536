//! The sitrep engine: from a document's text to its record (places now, events next).
//!
//! - [`schema`]: the versioned output record (re-exported from `sitrep-schema`);
//! - [`lexicon`]: per-language data files;
//! - [`geoparse`]: place recognition and resolution;
//! - [`pipeline`]: the [`Extractor`] that ties the stages together.
//!
//! Invariant: nothing here does IO or fails on text; every span in the output slices the
//! original text to its `text` field.

pub mod geoparse;
pub mod lexicon;
pub mod pipeline;

pub use pipeline::{outlet_of, DocInput, Extractor};
pub use sitrep_schema as schema;
pub use sitrep_schema::{Diagnostic, Document, PlaceMention, Source, SCHEMA_VERSION};
