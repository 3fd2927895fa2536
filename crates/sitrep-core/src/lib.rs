//! sitrep-core
