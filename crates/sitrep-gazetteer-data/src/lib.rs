//! sitrep-gazetteer-data
