//! The gazetteer of sitrep: the source-table format ([`record`]), the compiled index
//! ([`index`]) and readers for GeoNames dumps ([`geonames`]).
//!
//! Data flows one way: GeoNames dumps or the shipped table → [`Record`]s → [`index::build`] →
//! a byte image → [`Gazetteer::from_bytes`]. The gazetteer is read-only once loaded.

pub mod admin2;
pub mod geonames;
pub mod index;
pub mod record;

pub use admin2::{Admin2, Admin2Error, Admin2Method};
pub use index::{build, Gazetteer, Index, IndexError, Place, WalkCache, WalkMatch};
pub use record::{read_table, Record, RecordError};
