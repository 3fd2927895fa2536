//! The one format of sitrep's data files, and its parser.
//!
//! Every per-language file (place cues, event triggers and cues, word lists, sentence rules)
//! and the language-independent tables are plain UTF-8 text:
//!
//! - a line starting with `#` is a comment, and so is the rest of a line after ` #` (a space,
//!   then `#`); blank lines are ignored;
//! - `[name]` opens a section; lines before the first header belong to the unnamed section;
//! - every other line is one entry: fields separated by `|`, spaces around them ignored. The
//!   first field is usually a pattern: words folded like the text (see [`Fold`]).
//!
//! A consumer states which sections it reads and how many fields their entries have (a
//! [`Section`] list); an unknown section, an entry outside a section, or an entry with the
//! wrong number of fields is an error naming the file and line, as is any problem the consumer
//! finds in an entry's values ([`Entry::error`]). The parser does no IO: files are compiled in
//! by the crates that own them.

use std::fmt;
use std::ops::RangeInclusive;

use crate::token::tokenize;

/// A problem in a data file: the file (as its crate names it, `data/lang/en/geo.txt`), the
/// 1-based line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for LexiconError {}

/// A section a consumer reads: its name (`""` for lines before any header) and the number of
/// fields its entries may have.
#[derive(Debug, Clone)]
pub struct Section {
    pub name: &'static str,
    pub fields: RangeInclusive<usize>,
}

impl Section {
    /// A section whose entries have exactly `n` fields.
    pub const fn new(name: &'static str, n: usize) -> Section {
        Section {
            name,
            fields: n..=n,
        }
    }
}

/// One entry of a data file (`'f`: the file's name, `'a`: its contents).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'f, 'a> {
    pub file: &'f str,
    /// 1-based line number.
    pub line: usize,
    pub section: &'static str,
    /// The fields, trimmed (at least one, none empty unless the line says `a | | c`).
    pub fields: Vec<&'a str>,
}

impl Entry<'_, '_> {
    /// An error about this entry.
    pub fn error(&self, message: impl Into<String>) -> LexiconError {
        LexiconError {
            file: self.file.to_string(),
            line: self.line,
            message: message.into(),
        }
    }

    /// The first field (the pattern or word of most entries).
    pub fn key(&self) -> &str {
        self.fields[0]
    }
}

/// Parses `src` (the contents of `file`) against the sections the consumer reads.
pub fn parse<'f, 'a>(
    file: &'f str,
    src: &'a str,
    sections: &[Section],
) -> Result<Vec<Entry<'f, 'a>>, LexiconError> {
    let mut out = Vec::new();
    let mut current: Option<&Section> = sections.iter().find(|s| s.name.is_empty());
    let mut current_name: &'static str = "";
    for (n, raw) in src.lines().enumerate() {
        let line = raw.split(" #").next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |message: String| LexiconError {
            file: file.to_string(),
            line: n + 1,
            message,
        };
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.trim();
            current = sections.iter().find(|s| s.name == name);
            if current.is_none() {
                let known: Vec<&str> = sections
                    .iter()
                    .map(|s| s.name)
                    .filter(|s| !s.is_empty())
                    .collect();
                return Err(err(format!(
                    "unknown section [{name}] (known: {})",
                    known.join(", ")
                )));
            }
            current_name = current.map_or("", |s| s.name);
            continue;
        }
        let Some(section) = current else {
            return Err(err("entry before any [section] header".to_string()));
        };
        let fields: Vec<&str> = line.split('|').map(str::trim).collect();
        if !section.fields.contains(&fields.len()) {
            let want = section.fields.clone();
            let want = if want.start() == want.end() {
                format!("{}", want.start())
            } else {
                format!("{} to {}", want.start(), want.end())
            };
            let place = if current_name.is_empty() {
                String::new()
            } else {
                format!(" in [{current_name}]")
            };
            return Err(err(format!(
                "expected {want} field(s) separated by `|`{place}, found {}",
                fields.len()
            )));
        }
        if fields[0].is_empty() {
            return Err(err("empty first field".to_string()));
        }
        out.push(Entry {
            file,
            line: n + 1,
            section: current_name,
            fields,
        });
    }
    Ok(out)
}

/// How a pattern's words are compared with the text's tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    /// The folded word as written ([`crate::Token::norm`]): `الشمال` and `شمال` differ.
    Norm,
    /// The matching key ([`crate::Token::key`]): the Arabic article is dropped, and an Arabic
    /// word of the text is also tried without a one-letter proclitic (`والاشتباكات`).
    Key,
}

/// The words of a pattern, tokenised and folded exactly like the text (`près d'` → `près`,
/// `d`; `nord-est` → `nord`, `est`).
pub fn words(pattern: &str, fold: Fold) -> Vec<String> {
    tokenize(pattern)
        .iter()
        .map(|t| match fold {
            Fold::Norm => t.norm.to_string(),
            Fold::Key => t.key().to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECTIONS: &[Section] = &[
        Section::new("near", 1),
        Section {
            name: "direction",
            fields: 2..=2,
        },
    ];

    #[test]
    fn sections_fields_and_comments() {
        let src = "# header\n\n[near]\nclose to   # inline\n[direction]\nnorth-east | NE\n";
        let got = parse("geo.txt", src, SECTIONS).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(
            (got[0].section, got[0].fields.clone(), got[0].line),
            ("near", vec!["close to"], 4)
        );
        assert_eq!(got[1].fields, ["north-east", "NE"]);
    }

    #[test]
    fn unknown_sections_and_malformed_lines_name_file_and_line() {
        let e = parse("data/x.txt", "[near]\nok\n[nearby]\nx\n", SECTIONS).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("data/x.txt", 3));
        assert!(e.message.contains("unknown section [nearby]"), "{e}");
        let e = parse("data/x.txt", "[direction]\nnorth = N\n", SECTIONS).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(
            e.to_string().starts_with("data/x.txt:2: expected 2 field"),
            "{e}"
        );
        let e = parse("data/x.txt", "orphan\n", SECTIONS).unwrap_err();
        assert!(e.message.contains("before any [section]"), "{e}");
        let e = parse("data/x.txt", "[direction]\n | N\n", SECTIONS).unwrap_err();
        assert!(e.message.contains("empty first field"), "{e}");
    }

    #[test]
    fn an_unnamed_section_takes_the_lines_before_any_header() {
        let sections = [Section::new("", 3)];
        let got = parse("t.txt", "a | b | c\n", &sections).unwrap();
        assert_eq!(got[0].fields, ["a", "b", "c"]);
        assert!(parse("t.txt", "a | b\n", &sections).is_err());
        let e = got[0].error("bad value");
        assert_eq!(e.to_string(), "t.txt:1: bad value");
    }

    #[test]
    fn pattern_words_fold_like_the_text() {
        assert_eq!(words("près d'Alep", Fold::Norm), ["pres", "d", "alep"]);
        assert_eq!(words("الشمال", Fold::Norm), ["الشمال"]);
        assert_eq!(words("الشمال", Fold::Key), ["شمال"]);
    }
}
