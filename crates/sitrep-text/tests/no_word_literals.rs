//! Per-language knowledge is data: no natural-language word appears as a literal in the code of
//! the crates that read text (`sitrep-text`, `sitrep-geo`, `sitrep-events`).
//!
//! The test reads every `src/**/*.rs` of those crates (comments and `#[cfg(test)]` modules left
//! out, since tests and docs quote invented sentences), and flags
//! - a string literal holding a word of a lexicon: a word of an entry's pattern (first field)
//!   in any data file of the three crates' `data/lang/` folders, or of the function-word table,
//!   except the frequency lists (`common_words.txt`, `first_names.txt`: nearly every English
//!   word is in them);
//! - a string or char literal holding a letter outside ASCII (Arabic, accented Latin...).
//!
//! Not flagged, because they are not words matched against text:
//! - messages and templates: three words or more, or a `{placeholder}`;
//! - codes and identifiers: no space, and a `_`, `.`, `-`, `/` or `@` between the letters
//!   (`place.unresolved`, `name_noun_after`, `triggers.txt`);
//! - keywords of the data format, read from the data itself: section names (`[near]`) and the
//!   values of the fields after the pattern (`hedge`, `street`, `Armed clash`), and every field
//!   of the language-independent tables (`taxonomy.txt`, `countries.txt`);
//! - ASCII char literals (feature classes `'P'`, `'H'`), and one-letter words unless the whole
//!   literal is that letter;
//! - escapes (`\u{0640}`): Unicode ranges, not words.
//!
//! What remains is listed in [`ALLOWED`], each with its reason.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use sitrep_text::norm::fold;

/// Literals allowed although they look like words, by file (relative to `crates/`), with the
/// reason. A literal allowed here but no longer in the file makes the test fail, so the list
/// stays true.
const ALLOWED: &[(&str, &str, &str)] = &[
    // A key of the event model file's header (`char=4-4`: the character n-gram range), not the
    // French word for a tank that the event lexicon lists.
    (
        "sitrep-events/src/model.rs",
        "char",
        "a key of the model file's header",
    ),
    // ISO 639 codes: the registry's table of languages (several codes are words of other
    // languages: `en`, `es`, `de`, `it`).
    ("sitrep-text/src/registry.rs", "en", "a language code"),
    ("sitrep-text/src/registry.rs", "es", "a language code"),
    ("sitrep-text/src/registry.rs", "ar", "a language code"),
    ("sitrep-text/src/registry.rs", "de", "a language code"),
    ("sitrep-text/src/registry.rs", "it", "a language code"),
    (
        "sitrep-text/src/lang.rs",
        "und",
        "ISO 639-2 code of an undetermined language",
    ),
    // English names of the registry's languages, for messages and file headers.
    (
        "sitrep-text/src/registry.rs",
        "French",
        "a language's English name",
    ),
    (
        "sitrep-text/src/registry.rs",
        "Russian",
        "a language's English name",
    ),
    (
        "sitrep-text/src/registry.rs",
        "Turkish",
        "a language's English name",
    ),
    // Unicode folding: letters mapped to their matching form (character knowledge of the
    // scripts, not words of a language).
    (
        "sitrep-text/src/norm.rs",
        "أإآٱىئیةؤکʿʾʼʻßæÆœŒøØłŁđĐıþÞايهوك",
        "the folding table of fold_char_into (each char literal is one of these)",
    ),
    (
        "sitrep-text/src/token.rs",
        "ʼ",
        "U+02BC, a letter apostrophe: is_apostrophe treats it as the others",
    ),
    // Output and configuration, not words matched against text: the event coder's fallback
    // lexicon (a language code), a diagnostic's severity, the conjunction of a generated note.
    (
        "sitrep-events/src/lib.rs",
        "en",
        "the code of the fallback lexicon",
    ),
    (
        "sitrep-events/src/lib.rs",
        "warning",
        "a diagnostic severity",
    ),
    (
        "sitrep-events/src/rules/concurrent.rs",
        " and ",
        "joins sub-event types in the English note of a record",
    ),
    (
        "sitrep-events/src/rules/civilian_targeting.rs",
        "Civilian targeting",
        "the value of ACLED's civilian_targeting column (output)",
    ),
];

fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

const CRATES: &[&str] = &["sitrep-text", "sitrep-geo", "sitrep-events"];

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

/// The data lines of a file: `(section, fields)` for every entry.
fn entries(src: &str) -> Vec<(String, Vec<String>)> {
    let mut section = String::new();
    let mut out = Vec::new();
    for raw in src.lines() {
        let line = raw.split(" #").next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.trim().to_string();
            continue;
        }
        let fields = line.split('|').map(|f| f.trim().to_string()).collect();
        out.push((section.clone(), fields));
    }
    out
}

/// The words of the lexicons, and the keywords of the data format.
fn vocabulary() -> (HashSet<String>, HashSet<String>) {
    let mut words = HashSet::new();
    let mut keywords = HashSet::new();
    let add_words = |s: &str, words: &mut HashSet<String>| {
        for w in s
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
        {
            words.insert(fold(w));
        }
    };
    for krate in CRATES {
        let mut data = Vec::new();
        files(&crates_dir().join(krate).join("data"), "txt", &mut data);
        for path in data {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if name == "common_words.txt"
                || name == "first_names.txt"
                || name == "common_words_exclude.txt"
            {
                continue;
            }
            let src = std::fs::read_to_string(&path).unwrap();
            let lexicon = path.components().any(|c| c.as_os_str() == "lang");
            for (section, fields) in entries(&src) {
                keywords.insert(section);
                if name == "function-words.txt" {
                    add_words(&fields[1], &mut words);
                    continue;
                }
                let first_keyword = usize::from(lexicon);
                for f in &fields[first_keyword..] {
                    keywords.insert(f.clone());
                    for part in f.split(',') {
                        keywords.insert(part.trim().to_string());
                    }
                }
                if lexicon {
                    add_words(&fields[0], &mut words);
                }
            }
        }
    }
    (words, keywords)
}

/// A literal of the code: its file, line, whether a char literal, and its decoded text
/// (escapes left out).
#[derive(Debug)]
struct Literal {
    file: String,
    line: usize,
    char: bool,
    text: String,
}

/// The string and char literals of Rust source outside comments and `#[cfg(test)]` modules.
fn literals(file: &str, src: &str) -> Vec<Literal> {
    let b: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    // Brace depth, and the depth of the `#[cfg(test)]` block being skipped.
    let mut depth = 0usize;
    let mut skip_depth: Option<usize> = None;
    let mut pending_test = false;
    let mut push = |line: usize, char: bool, text: String, skipping: bool| {
        if !skipping {
            out.push(Literal {
                file: file.into(),
                line,
                char,
                text,
            });
        }
    };
    while i < b.len() {
        let c = b[i];
        if let Some(end) = skip_comment(&b, i) {
            line += b[i..end].iter().filter(|&&c| c == '\n').count();
            i = end;
            continue;
        }
        match c {
            '\n' => line += 1,
            '#' if src_at(&b, i, "#[cfg(test)]") => pending_test = true,
            ';' => pending_test = false,
            '{' => {
                depth += 1;
                if std::mem::take(&mut pending_test) && skip_depth.is_none() {
                    skip_depth = Some(depth);
                }
            }
            '}' => {
                if skip_depth == Some(depth) {
                    skip_depth = None;
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
        let skipping = skip_depth.is_some();
        if let Some((text, end)) = read_raw(&b, i) {
            let lines = text.matches('\n').count();
            push(line, false, text, skipping);
            line += lines;
            i = end;
            continue;
        }
        if c == '"' {
            let (text, end, lines) = read_quoted(&b, i + 1, '"');
            push(line, false, text, skipping);
            line += lines;
            i = end;
            continue;
        }
        // A char literal, or a lifetime / label (`'a`, `'static`, `'pattern:`).
        if c == '\'' && (b.get(i + 1) == Some(&'\\') || b.get(i + 2) == Some(&'\'')) {
            let (text, end, _) = read_quoted(&b, i + 1, '\'');
            push(line, true, text, skipping);
            i = end;
            continue;
        }
        i += 1;
    }
    out
}

/// The end of the comment starting at `i`, if one does (`//` to the end of the line, nested
/// `/* */`).
fn skip_comment(b: &[char], i: usize) -> Option<usize> {
    if src_at(b, i, "//") {
        let len = b[i..]
            .iter()
            .position(|&c| c == '\n')
            .unwrap_or(b.len() - i);
        return Some(i + len);
    }
    if !src_at(b, i, "/*") {
        return None;
    }
    let (mut k, mut nest) = (i, 0);
    while k < b.len() {
        if src_at(b, k, "/*") {
            nest += 1;
            k += 2;
        } else if src_at(b, k, "*/") {
            nest -= 1;
            k += 2;
            if nest == 0 {
                break;
            }
        } else {
            k += 1;
        }
    }
    Some(k)
}

/// A raw string starting at `i` (`r"…"`, `r#"…"#`, `br"…"`): its text and the index after it.
fn read_raw(b: &[char], i: usize) -> Option<(String, usize)> {
    if i > 0 && is_ident(b[i - 1]) {
        return None;
    }
    let mut j = if src_at(b, i, "br") {
        i + 2
    } else if b[i] == 'r' {
        i + 1
    } else {
        return None;
    };
    let mut hashes = 0;
    while j < b.len() && b[j] == '#' {
        hashes += 1;
        j += 1;
    }
    if b.get(j) != Some(&'"') {
        return None;
    }
    let close: String = std::iter::once('"')
        .chain(std::iter::repeat_n('#', hashes))
        .collect();
    let start = j + 1;
    let mut k = start;
    while k < b.len() && !src_at(b, k, &close) {
        k += 1;
    }
    Some((b[start..k].iter().collect(), k + close.chars().count()))
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn src_at(b: &[char], i: usize, s: &str) -> bool {
    s.chars().enumerate().all(|(k, c)| b.get(i + k) == Some(&c))
}

/// Reads a quoted literal from `start` to its closing `quote`: its text with escapes replaced
/// by a space, the index after the quote, and the line breaks inside.
fn read_quoted(b: &[char], start: usize, quote: char) -> (String, usize, usize) {
    let mut text = String::new();
    let mut k = start;
    let mut lines = 0;
    while k < b.len() && b[k] != quote {
        if b[k] == '\\' {
            k += 1;
            match b.get(k) {
                Some('u') => {
                    while k < b.len() && b[k] != '}' {
                        k += 1;
                    }
                }
                Some('x') => k += 2,
                Some('\n') => lines += 1,
                _ => {}
            }
            text.push(' ');
            k += 1;
            continue;
        }
        if b[k] == '\n' {
            lines += 1;
        }
        text.push(b[k]);
        k += 1;
    }
    (text, k + 1, lines)
}

/// Why a literal is flagged, if it is.
fn offence(lit: &Literal, words: &HashSet<String>, keywords: &HashSet<String>) -> Option<String> {
    let text = lit.text.trim();
    if text.chars().any(|c| c.is_alphabetic() && !c.is_ascii()) {
        return Some("letters outside ASCII".into());
    }
    if lit.char || keywords.contains(text) {
        return None;
    }
    let ascii_words: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    if ascii_words.len() >= 3 || text.contains('{') {
        return None;
    }
    let code = !text.contains(' ') && text.contains(['_', '.', '-', '/', '@']);
    if code {
        return None;
    }
    let hits: Vec<String> = ascii_words
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .filter(|w| {
            (w.len() >= 2 || ascii_words.len() == 1 && text.len() == 1) && words.contains(w)
        })
        .collect();
    (!hits.is_empty()).then(|| format!("lexicon word(s) {hits:?}"))
}

#[test]
fn no_natural_language_word_literal_in_the_text_geo_and_events_code() {
    let (words, keywords) = vocabulary();
    assert!(
        words.len() > 1000 && words.contains("alentours"),
        "lexicons not found"
    );
    let mut flagged = BTreeSet::new();
    let mut used = HashSet::new();
    for krate in CRATES {
        let mut sources = Vec::new();
        files(&crates_dir().join(krate).join("src"), "rs", &mut sources);
        for path in sources {
            let rel = path
                .strip_prefix(crates_dir())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let src = std::fs::read_to_string(&path).unwrap();
            for lit in literals(&rel, &src) {
                let Some(why) = offence(&lit, &words, &keywords) else {
                    continue;
                };
                let allowed = ALLOWED.iter().position(|(f, text, _)| {
                    *f == rel
                        && (lit.text.trim() == text.trim()
                            || lit.char
                                && text.contains(lit.text.trim())
                                && lit.text.trim().chars().count() == 1)
                });
                match allowed {
                    Some(k) => {
                        used.insert(k);
                    }
                    None => {
                        flagged.insert(format!("{}:{}: {:?}: {why}", lit.file, lit.line, lit.text));
                    }
                }
            }
        }
    }
    let stale: Vec<_> = ALLOWED
        .iter()
        .enumerate()
        .filter(|(k, _)| !used.contains(k))
        .map(|(_, (f, t, _))| format!("{f}: {t:?}"))
        .collect();
    assert!(
        flagged.is_empty(),
        "natural-language words in the code (move them to a data file, or add them to ALLOWED \
         with a reason):\n{}",
        flagged.into_iter().collect::<Vec<_>>().join("\n")
    );
    assert!(
        stale.is_empty(),
        "ALLOWED entries no longer needed: {stale:?}"
    );
}

#[test]
fn the_scanner_sees_literals_and_skips_comments_and_tests() {
    let src = r##"
// "comment"
/// "doc"
fn a<'x>(s: &'x str) -> bool { s == "al" || s.starts_with('و') || s == r#"raw"# }
#[cfg(test)]
mod tests { fn t() { let _ = "inside a test"; } }
fn b() { let _ = '\''; let _ = "after\n{}"; }
"##;
    let got: Vec<(bool, String)> = literals("x.rs", src)
        .into_iter()
        .map(|l| (l.char, l.text))
        .collect();
    let want = [
        (false, "al".to_string()),
        (true, "و".to_string()),
        (false, "raw".to_string()),
        (true, " ".to_string()),
        (false, "after {}".to_string()),
    ];
    assert_eq!(got, want);
    let (words, keywords) = (
        HashSet::from(["al".to_string(), "near".to_string()]),
        HashSet::from(["near".to_string()]),
    );
    let lit = |text: &str| Literal {
        file: String::new(),
        line: 1,
        char: false,
        text: text.into(),
    };
    assert!(offence(&lit("al"), &words, &keywords).is_some());
    assert!(
        offence(&lit("near"), &words, &keywords).is_none(),
        "a section name"
    );
    assert!(offence(&lit("بيروت"), &words, &keywords).is_some());
    assert!(offence(&lit("no al here, a message"), &words, &keywords).is_none());
    assert!(
        offence(&lit("al_near"), &words, &keywords).is_none(),
        "an identifier"
    );
}
