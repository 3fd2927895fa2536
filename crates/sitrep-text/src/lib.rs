//! The text layer of sitrep: everything that turns a string into things a matcher can use,
//! without ever losing the way back to the original text.
//!
//! - [`token`]: word tokens with byte offsets and the separators between them;
//! - [`norm`] and [`key`]: folding (case, diacritics, Arabic letter variants, apostrophes,
//!   hyphens, transliterated articles) into matching keys;
//! - [`sentence`]: sentence ranges;
//! - [`lang`]: language identification;
//! - [`offsets`]: byte ↔ code-point conversion for the output schema.
//!
//! Invariant: every range this crate returns is a valid byte range of the input `&str`.

pub mod key;
pub mod lang;
pub mod norm;
pub mod offsets;
pub mod sentence;
pub mod token;

pub use key::{key_hash, key_of_tokens, name_key};
pub use lang::{Detection, LanguageId};
pub use offsets::CharOffsets;
pub use sentence::sentences;
pub use token::{tokenize, Sep, Token};
