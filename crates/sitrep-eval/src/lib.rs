//! Scoring for sitrep: readers for the gold files of the evaluation kit
//! (`/work/shared/eval`, described in its README) and the metrics defined there, for
//! geoparsing ([`geo`]) and event coding ([`events`], [`plover`], [`cameo`], the project's
//! labelled snippet files [`labelled`]), and the fixed
//! tune/check halves of every file ([`split`]).
//!
//! This crate is pure scoring. It knows nothing about how predictions are made: callers
//! run a system over the gold texts, hand in plain prediction values
//! ([`PredictedPlace`], sub-event type strings) and get serialisable reports
//! ([`GeoReport`], [`EventReport`]) that also print as compact tables.
//!
//! Offsets are Unicode code-point offsets (count `char`s, not bytes), end exclusive.

pub mod cameo;
mod error;
pub mod events;
pub mod geo;
mod jsonl;
pub mod labelled;
mod matching;
pub mod plover;
pub mod split;

pub use cameo::{
    place_found, read_cameo_gold, score_cameo, CameoCounts, CameoLocation, CameoPrediction,
    CameoRecord, CameoReport, Expect,
};
pub use error::EvalError;
pub use events::{
    event_type_of, read_event_gold, score_events, ClassScore, EventReport, GoldEvent,
    ACLED_EVENT_TYPES, ACLED_SUB_EVENT_TYPES, NO_EVENT,
};
pub use geo::{
    haversine_km, read_geo_gold, score_geo, GeoMode, GeoReport, GoldGeoDoc, GoldToponym,
    PredictedPlace, RecognitionScore, ResolutionScore, ACCURACY_RADIUS_KM, EARTH_RADIUS_KM,
    MISS_DISTANCE_KM,
};
pub use labelled::{
    read_labelled, score_labelled, Decile, LabelledCounts, LabelledPrediction, LabelledReport,
    LabelledSnippet,
};
pub use plover::{
    acled_mapping, read_plover_gold, score_plover, AcledMapping, PloverActor, PloverAmount,
    PloverLocation, PloverRecord, PloverReport,
};
pub use split::Split;
