//! The text layer of sitrep: everything that turns a string into things a matcher can use,
//! without ever losing the way back to the original text.
//!
//! - [`registry`]: the languages sitrep knows (code, script, data folders), used by every crate;
//! - [`token`]: word tokens with byte offsets, the separators between them, and the matching
//!   annotations every later pass reads (script, key, article, Arabic stem);
//! - [`norm`] and [`key`]: folding (case, diacritics, Arabic letter variants, apostrophes,
//!   hyphens, articles) into matching keys;
//! - [`lexicon`]: the one format of the data files, and its parser;
//! - [`phrase`]: the one phrase matcher, where lexicon patterns meet the tokens;
//! - [`sentence`]: sentence ranges;
//! - [`lang`]: language identification;
//! - [`offsets`]: byte ↔ code-point conversion for the output schema.
//!
//! Per-language knowledge (abbreviations, elisions, clitics, articles, proclitics) is read from
//! `data/lang/<code>/text.txt`; the code names no word of any language.
//!
//! Invariant: every range this crate returns is a valid byte range of the input `&str`.

mod data;
pub mod key;
pub mod lang;
pub mod lexicon;
pub mod norm;
pub mod offsets;
pub mod phrase;
pub mod registry;
pub mod sentence;
pub mod token;

pub use key::{key_hash, key_of_tokens, name_key};
pub use lang::{Detection, LanguageId};
pub use lexicon::{Fold, LexiconError};
pub use offsets::CharOffsets;
pub use registry::{Language, Script, LANGUAGES};
pub use sentence::sentences;
pub use token::{tokenize, Sep, Token};
