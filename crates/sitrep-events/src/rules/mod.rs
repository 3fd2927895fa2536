//! The codebook rules, one per file. Each is a small function over plain data; the coder in
//! `lib.rs` calls them in order and records the ones that changed something in `Event::rules`.

pub(crate) mod attack_target;
pub(crate) mod background;
pub(crate) mod boilerplate;
pub(crate) mod claim;
pub(crate) mod combos;
pub(crate) mod concurrent;
pub(crate) mod disrupted;
pub(crate) mod external;
pub(crate) mod instrument;
pub(crate) mod modality;
pub(crate) mod non_event;
pub(crate) mod protest;
pub(crate) mod question;
pub(crate) mod territory;
