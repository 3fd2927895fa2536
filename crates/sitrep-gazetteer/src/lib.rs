//! The gazetteer of sitrep: the source-table format ([`record`]), the compiled index
//! ([`index`]) and readers for GeoNames dumps ([`geonames`]).
//!
//! Data flows one way: GeoNames dumps or the shipped table → [`Record`]s → [`index::build`] →
//! a byte image → [`Gazetteer::from_bytes`]. The gazetteer is read-only once loaded.

pub mod geonames;
pub mod index;
pub mod record;

pub use index::{build, Gazetteer, Index, IndexError, Place, WalkCache, WalkMatch};
pub use record::{read_table, Record, RecordError};
