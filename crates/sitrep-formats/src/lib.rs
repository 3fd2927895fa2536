//! How sitrep's records are laid out in each file format: the one place that writes them.
//!
//! The records themselves ([`Document`](sitrep_schema::Document),
//! [`CanonicalEvent`](sitrep_schema::CanonicalEvent)) are defined by `sitrep-schema`; JSONL is
//! their serde form. Every other layout is here, used by the CLI (`extract`, `query`,
//! `export`), the store, the HTTP server and the Python bindings:
//!
//! - [`acled`]: ACLED's 31 export columns as a typed row ([`acled::AcledRow`]), and the
//!   canonical-event row that adds `n_sources` and `source_urls`, written as CSV;
//! - [`geojson`]: FeatureCollections of located events and places (files and the API's map
//!   layer);
//! - [`validate`]: whether a row is a valid ACLED row (ACLED's codebook rules on actors,
//!   inter codes, interaction and civilian targeting);
//! - [`clock`]: the export time written into the ACLED `timestamp` column, which honours
//!   `SOURCE_DATE_EPOCH` so that outputs can be compared byte for byte;
//! - [`parquet`] (cargo feature `parquet`): canonical events with ACLED's columns, typed;
//! - [`arrow`] (cargo feature `arrow`): the event table of Python's `extract_batch`, and its
//!   input columns.
//!
//! The column lists are public contracts: extend them, never rename or reorder.

pub mod acled;
#[cfg(feature = "arrow")]
pub mod arrow;
pub mod clock;
#[cfg(any(feature = "arrow", feature = "parquet"))]
mod columns;
mod error;
pub mod geojson;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod validate;

pub use clock::Clock;
pub use error::FormatError;
