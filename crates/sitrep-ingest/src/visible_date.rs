//! The publication date a page shows in its text ("Publié le 14 mars 2024", "Published March
//! 14, 2024", "Publicado el 14 de marzo de 2024", "نشر في 14 مارس 2024"), for documents whose
//! metadata gives none.
//!
//! Decisions:
//! - **a cue is required**: a date is read only right after a phrase that announces the
//!   publication (`publié le`, `published`, `publicado el`, `نشر في`, ...), so that the date
//!   of an event ("le 14 mars, des frappes...") is never taken for the publication date;
//! - **bounded search**: only the first [`LINES`] non-empty lines of the text, each at most
//!   [`MAX_LINE_CHARS`] long (a date line is short; a paragraph is body text), and the cue must
//!   open the line or follow punctuation (`Par Jean Dupont | Publié le ...`), not a word (`le
//!   rapport publié le 3 mars`);
//! - **only whole dates**: day, month and year; a numeric date only when its order is certain
//!   (`2024-03-14`, `14/03/2024` where 14 cannot be a month, or a language whose data says
//!   day-month-year); an update date ("mis à jour le", "updated") is not a publication date;
//! - **the words are data**: cues, month and weekday names, the words allowed in between and
//!   day suffixes live in `data/lang/<code>/published.txt`, in the line format of the event
//!   coder's `dates.txt` (whose month and weekday entries they repeat, checked by a test). They
//!   are here rather than shared with `sitrep-events` because reading a page's metadata is the
//!   reader's job and this crate sits below the event coder; matching uses the one folding of
//!   [`sitrep_text`] (case, accents, Arabic letter variants).

use std::sync::OnceLock;

use sitrep_text::{tokenize, Sep, Token};

/// How many non-empty lines from the start of a text are searched.
pub(crate) const LINES: usize = 6;

/// Longest line searched, in characters: a date line ("Publié le jeudi 14 mars 2024 à 10h32,
/// mis à jour le 15 mars 2024 à 08h00") is well under it; a paragraph is over it.
pub(crate) const MAX_LINE_CHARS: usize = 200;

/// Most words skipped after the cue and between the parts of the date (`le jeudi`, `de`).
const MAX_SKIPPED: usize = 3;

/// The data files, compiled in: (language, file).
const FILES: [(&str, &str); 4] = [
    ("fr", include_str!("../data/lang/fr/published.txt")),
    ("en", include_str!("../data/lang/en/published.txt")),
    ("es", include_str!("../data/lang/es/published.txt")),
    ("ar", include_str!("../data/lang/ar/published.txt")),
];

/// One language's words, folded and split into tokens.
#[derive(Debug, Default)]
struct Lang {
    cues: Vec<Vec<String>>,
    months: Vec<(Vec<String>, u8)>,
    skip: Vec<String>,
    weekdays: Vec<String>,
    ordinals: Vec<String>,
    day_first: bool,
}

fn folded_words(pattern: &str) -> Vec<String> {
    tokenize(pattern)
        .into_iter()
        .map(|t| t.norm.to_string())
        .collect()
}

impl Lang {
    /// Parses one file. The files are compiled in: a malformed line is a bug, caught by the
    /// crate's tests; the panic names the file and line.
    fn parse(code: &str, data: &str) -> Lang {
        let mut lang = Lang::default();
        for (n, line) in data.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('|').map(str::trim).collect();
            let bad =
                |what: &str| -> ! { panic!("data/lang/{code}/published.txt:{}: {what}", n + 1) };
            let words = folded_words(f[0]);
            if words.is_empty() {
                bad("empty pattern");
            }
            let value = || -> u8 {
                match f.get(2).map(|v| v.parse::<u8>()) {
                    Some(Ok(v)) => v,
                    _ => bad("expected `pattern | kind | number`"),
                }
            };
            match (f.get(1).copied(), f.len()) {
                (Some("cue"), 2) => lang.cues.push(words),
                (Some("month"), 3) => match value() {
                    m @ 1..=12 => lang.months.push((words, m)),
                    _ => bad("month must be 1-12"),
                },
                (Some("weekday"), 3) => match value() {
                    1..=7 => lang.weekdays.extend(words),
                    _ => bad("weekday must be 1-7"),
                },
                (Some("skip"), 2) => lang.skip.extend(words),
                (Some("ordinal"), 2) => lang.ordinals.extend(words),
                (Some("order"), 2) if f[0] == "dmy" => lang.day_first = true,
                _ => bad("expected `pattern | cue|skip|ordinal`, `pattern | month|weekday | n` or `dmy | order`"),
            }
        }
        // Longest phrases first: `publié le` before `publié`, `tishreen al-awwal` before a
        // one-word month.
        lang.cues.sort_by_key(|c| std::cmp::Reverse(c.len()));
        lang.months.sort_by_key(|(m, _)| std::cmp::Reverse(m.len()));
        lang
    }
}

fn langs() -> &'static [(&'static str, Lang)] {
    static LANGS: OnceLock<Vec<(&'static str, Lang)>> = OnceLock::new();
    LANGS.get_or_init(|| {
        FILES
            .iter()
            .map(|(code, data)| (*code, Lang::parse(code, data)))
            .collect()
    })
}

/// The publication date shown in the first lines of `text`, as `YYYY-MM-DD`, if any (see the
/// module docs for what is read).
pub(crate) fn visible_date(text: &str) -> Option<String> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(LINES)
        .collect();
    date_in_lines(&lines)
}

/// [`visible_date`] over lines already chosen (the lines around a page's title).
pub(crate) fn date_in_lines(lines: &[&str]) -> Option<String> {
    for (i, line) in lines.iter().enumerate() {
        if line.chars().count() > MAX_LINE_CHARS {
            continue;
        }
        let tokens = tokenize(line);
        for (_, lang) in langs() {
            for start in cue_starts(&tokens, lang) {
                if let Some(date) = date_at(&tokens[start..], lang) {
                    return Some(date);
                }
                // `Publié le` alone at the end of its line, the date on the next one.
                if start == tokens.len() {
                    let next = lines
                        .get(i + 1)
                        .filter(|l| l.chars().count() <= MAX_LINE_CHARS);
                    if let Some(date) = next.and_then(|l| date_at(&tokenize(l), lang)) {
                        return Some(date);
                    }
                }
            }
        }
    }
    None
}

/// Where a date may start: the token after each cue that opens the line or follows
/// punctuation.
fn cue_starts(tokens: &[Token], lang: &Lang) -> Vec<usize> {
    let mut out = Vec::new();
    for i in 0..tokens.len() {
        let opens = i == 0 || !matches!(tokens[i - 1].sep, Sep::Space | Sep::Apostrophe);
        if !opens {
            continue;
        }
        if let Some(cue) = lang.cues.iter().find(|c| phrase_at(tokens, i, c)) {
            out.push(i + cue.len());
        }
    }
    out
}

fn phrase_at(tokens: &[Token], at: usize, words: &[String]) -> bool {
    tokens.len() >= at + words.len()
        && words
            .iter()
            .zip(&tokens[at..])
            .all(|(w, t)| t.norm.as_str() == w)
}

/// The month named at `tokens[at..]`: its number and how many tokens it takes.
fn month_at(tokens: &[Token], at: usize, lang: &Lang) -> Option<(u8, usize)> {
    let (words, m) = lang.months.iter().find(|(w, _)| phrase_at(tokens, at, w))?;
    let mut len = words.len();
    // `14 آذار/مارس 2024`: the same month in a second calendar, after a slash.
    if let Some((other, m2)) = lang
        .months
        .iter()
        .find(|(w, _)| phrase_at(tokens, at + len, w))
    {
        if m2 == m && tokens[at + len - 1].sep == Sep::Punct {
            len += other.len();
        }
    }
    Some((*m, len))
}

/// The value of a token made of digits (ASCII or Arabic-Indic), with an allowed day suffix
/// (`1er`, `14th`) when `ordinals` is given.
fn number(token: &Token, ordinals: Option<&[String]>) -> Option<u32> {
    let norm = token.norm.as_str();
    let mut value: u32 = 0;
    let mut digits = 0;
    let mut rest = norm;
    for (i, c) in norm.char_indices() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '\u{0660}'..='\u{0669}' => c as u32 - 0x0660,
            '\u{06F0}'..='\u{06F9}' => c as u32 - 0x06F0,
            _ => {
                rest = &norm[i..];
                break;
            }
        };
        value = value.checked_mul(10)?.checked_add(d)?;
        digits += 1;
        rest = &norm[i + c.len_utf8()..];
    }
    if digits == 0 || digits > 4 {
        return None;
    }
    match (rest.is_empty(), ordinals) {
        (true, _) => Some(value),
        (false, Some(ords)) if ords.iter().any(|o| o == rest) => Some(value),
        _ => None,
    }
}

fn year(token: &Token) -> Option<i16> {
    let v = number(token, None)?;
    (1900..=2100).contains(&v).then_some(v as i16)
}

/// Reads a date at the start of `tokens` (after skippable words).
fn date_at(tokens: &[Token], lang: &Lang) -> Option<String> {
    let skippable = |t: &Token| {
        let w = t.norm.as_str();
        lang.skip.iter().any(|s| s == w) || lang.weekdays.iter().any(|s| s == w)
    };
    let skip = |mut at: usize| {
        let mut n = 0;
        while at < tokens.len() && n < MAX_SKIPPED && skippable(&tokens[at]) {
            at += 1;
            n += 1;
        }
        at
    };
    let at = skip(0);
    let first = tokens.get(at)?;
    let ordinals = Some(lang.ordinals.as_slice());
    let (y, m, d) = if let Some(day) = number(first, ordinals) {
        if let Some((month, len)) = month_at(tokens, skip(at + 1), lang) {
            // 14 mars 2024, 14 de marzo de 2024, 14th March 2024
            let y = year(tokens.get(skip(skip(at + 1) + len))?)?;
            (y, month, day)
        } else {
            numeric(tokens, at, lang)?
        }
    } else {
        // March 14, 2024
        let (month, len) = month_at(tokens, at, lang)?;
        let day_at = skip(at + len);
        let day = number(tokens.get(day_at)?, ordinals)?;
        let y = year(tokens.get(skip(day_at + 1))?)?;
        (y, month, day)
    };
    let date = jiff::civil::Date::new(y, m as i8, i8::try_from(d).ok()?).ok()?;
    Some(date.to_string())
}

/// `2024-03-14`, `14/03/2024`, `14.03.2024`: three numbers joined by punctuation, in an order
/// that is certain.
fn numeric(tokens: &[Token], at: usize, lang: &Lang) -> Option<(i16, u8, u32)> {
    let parts = tokens.get(at..at + 3)?;
    if parts[..2]
        .iter()
        .any(|t| t.sep == Sep::Space || t.sep == Sep::Break)
    {
        return None;
    }
    let n: Vec<u32> = parts
        .iter()
        .map(|t| number(t, None))
        .collect::<Option<_>>()?;
    let small = |v: u32| u8::try_from(v).ok();
    if let Some(y) = year(&parts[0]) {
        return Some((y, small(n[1])?, n[2]));
    }
    let y = year(&parts[2])?;
    let (a, b) = (n[0], n[1]);
    let (day, month) = if a > 12 || (lang.day_first && b <= 12) {
        (a, b)
    } else if b > 12 {
        (b, a)
    } else {
        return None;
    };
    Some((y, small(month)?, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Option<String> {
        visible_date(text)
    }

    #[test]
    fn four_languages() {
        let cases = [
            (
                "Titre\nPublié le 14 mars 2024 à 10h32\nTexte.",
                "2024-03-14",
            ),
            ("Title\nPublished March 14, 2024\nText.", "2024-03-14"),
            (
                "Título\nPublicado el 14 de marzo de 2024\nTexto.",
                "2024-03-14",
            ),
            ("عنوان\nنشر في 14 مارس 2024\nنص.", "2024-03-14"),
            ("عنوان\nنُشر في ١٤ آذار/مارس ٢٠٢٤\nنص.", "2024-03-14"),
            (
                "Publié le jeudi 1er août 2024, mis à jour le 2 août",
                "2024-08-01",
            ),
            ("PUBLIÉ LE 14 MARS 2024", "2024-03-14"),
            ("First published on Thu 14 Mar 2024 10.32 GMT", "2024-03-14"),
            ("Published: 14th March 2024", "2024-03-14"),
            ("Posted on 2024-03-14", "2024-03-14"),
            ("Publié le 14/03/2024", "2024-03-14"),
            ("Publicado el 03/04/2024", "2024-04-03"),
            ("Published 03/14/2024", "2024-03-14"),
            ("تاريخ النشر: 2024/3/14", "2024-03-14"),
            ("Par Jean Dupont | Publié le 14 mars 2024", "2024-03-14"),
            ("Publié le\n14 mars 2024\nTexte.", "2024-03-14"),
        ];
        for (text, want) in cases {
            assert_eq!(date(text).as_deref(), Some(want), "{text:?}");
        }
    }

    #[test]
    fn not_a_publication_date() {
        let cases = [
            // An event date, no cue.
            "Le 14 mars 2024, des frappes ont touché Kherson.",
            // A cue inside a sentence.
            "Le rapport publié le 3 mars 2024 par l'ONU fait état de 40 morts.",
            // An update date, an incomplete date, an impossible one, an ambiguous order.
            "Mis à jour le 14 mars 2024",
            "Publié le 14 mars",
            "Published February 30, 2024",
            "Published 03/04/2024",
            // A cue of one language with the month of another.
            "Publié le 14 March 2024",
        ];
        for text in cases {
            assert_eq!(date(text), None, "{text:?}");
        }
    }

    #[test]
    fn search_is_bounded() {
        let body = "Des frappes ont touché la ville.\n".repeat(LINES);
        assert_eq!(date(&format!("{body}Publié le 14 mars 2024")), None);
        assert_eq!(
            date(&format!("Publié le 14 mars 2024\n{body}")).as_deref(),
            Some("2024-03-14")
        );
        let long = format!("Publié le 14 mars 2024 {}", "mot ".repeat(MAX_LINE_CHARS));
        assert_eq!(date(&long), None);
    }

    /// The month and weekday entries repeat the event coder's `dates.txt`: same words (folded),
    /// same numbers, so the two lists cannot drift apart. Entries added here (abbreviations,
    /// Maghreb month names) are allowed.
    #[test]
    fn months_and_weekdays_agree_with_the_event_coder() {
        let events = concat!(env!("CARGO_MANIFEST_DIR"), "/../sitrep-events/data/lang");
        for (code, data) in FILES {
            let ours = Lang::parse(code, data);
            let theirs = std::fs::read_to_string(format!("{events}/{code}/dates.txt"))
                .expect("the event coder's dates.txt");
            for line in theirs.lines().map(str::trim) {
                let f: Vec<&str> = line.split('|').map(str::trim).collect();
                if line.starts_with('#') || f.len() != 3 {
                    continue;
                }
                let words = folded_words(f[0]);
                match f[1] {
                    "month" => {
                        let m: u8 = f[2].parse().unwrap();
                        assert!(
                            ours.months.contains(&(words.clone(), m)),
                            "{code}: month {:?} = {m} is missing from published.txt",
                            f[0]
                        );
                    }
                    "weekday" => assert!(
                        words.iter().all(|w| ours.weekdays.contains(w)),
                        "{code}: weekday {:?} is missing from published.txt",
                        f[0]
                    ),
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn data_files_parse() {
        for (code, lang) in langs() {
            assert!(!lang.cues.is_empty() && lang.months.len() >= 12, "{code}");
        }
    }
}
