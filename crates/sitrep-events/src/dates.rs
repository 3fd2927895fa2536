//! Event dates from the text: absolute ("le 12 mars 2018", "March 12", "12 March"), weekdays
//! (the most recent such day on or before publication) and relative words ("hier", "last
//! week") → a date and an ACLED time precision. Without a publication date, anything that
//! needs one resolves to no date (the caller adds a diagnostic): sitrep never guesses a year or
//! a reference day.

use std::ops::Range;

use jiff::civil::Date;
use jiff::Span;
use sitrep_text::{Sep, Token};

use crate::fatalities;
use crate::lexicon::{Cue, DateWord};
use crate::scan::Scan;

/// A date expression found in a sentence.
#[derive(Debug, Clone)]
pub(crate) struct DateExpr {
    pub date: Option<Date>,
    pub precision: u8,
    /// Token range of the expression.
    pub toks: Range<usize>,
    /// The expression needed a publication date that was missing.
    pub needs_publication: bool,
}

/// Parses `YYYY-MM-DD` or an RFC 3339 timestamp (its date part); `None` for anything else.
pub(crate) fn parse_published(s: &str) -> Option<Date> {
    let s = s.trim();
    let head = s.get(..10)?;
    let date: Date = head.parse().ok()?;
    Some(date)
}

/// A day of the month: a figure from 1 to 31, with at most two letters of an ordinal suffix
/// after it (`1er`, `1st`, `1º`, `22nd`).
fn day_number(tok: &Token) -> Option<u8> {
    let w = tok.norm.as_str();
    let digits_end = w
        .char_indices()
        .find(|(_, c)| !c.is_numeric())
        .map_or(w.len(), |(i, _)| i);
    let (figure, suffix) = w.split_at(digits_end);
    if suffix.chars().count() > 2 || !suffix.chars().all(char::is_alphabetic) {
        return None;
    }
    let n = fatalities::figure(figure)?;
    (1..=31).contains(&n).then_some(n as u8)
}

fn year_number(tok: &Token) -> Option<i16> {
    let n = fatalities::figure(&tok.norm)?;
    (1900..=2100).contains(&n).then_some(n as i16)
}

/// Whether two tokens are joined by a space or a hyphen (no punctuation between them).
fn joined(tokens: &[Token], a: usize) -> bool {
    matches!(tokens[a].sep, Sep::Space | Sep::Hyphen)
}

/// The token right before `at` (inside `sent`), past one genitive word joined on both sides
/// (`15 de marzo`: the day before `marzo` is `15`).
fn before(scan: &Scan, tokens: &[Token], at: usize, sent: &Range<usize>) -> Option<usize> {
    let prev = at
        .checked_sub(1)
        .filter(|&i| i >= sent.start && joined(tokens, i))?;
    if scan.cue_at(Cue::Of, prev) {
        prev.checked_sub(1)
            .filter(|&i| i >= sent.start && joined(tokens, i))
    } else {
        Some(prev)
    }
}

/// The token right after `end` (inside `sent`), past one genitive word (`marzo de 1994`) or
/// a second name of the same month (`مارس/آذار 2007`).
fn after(scan: &Scan, tokens: &[Token], end: usize, sent: &Range<usize>) -> Option<usize> {
    if end >= sent.end {
        return None;
    }
    let month_at = |i: usize| {
        scan.dates
            .iter()
            .find(|d| d.start == i && matches!(d.word, DateWord::Month(_)))
    };
    if scan.cue_at(Cue::Of, end) && joined(tokens, end) && end + 1 < sent.end {
        return Some(end + 1);
    }
    if let Some(m) = month_at(end) {
        return (m.end < sent.end).then_some(m.end);
    }
    Some(end)
}

/// Whether the number expression `num` is the day or the year of a month name beside it
/// (`12 mars`, `March 12`, `15 de marzo`, `marzo de 1994`): such a number counts nobody.
pub(crate) fn month_beside(scan: &Scan, tokens: &[Token], num: Range<usize>) -> bool {
    let whole = 0..tokens.len();
    scan.dates.iter().any(|d| {
        matches!(d.word, DateWord::Month(_))
            && (before(scan, tokens, d.start, &whole) == Some(num.end - 1)
                || (d.end <= num.start
                    && joined(tokens, d.end - 1)
                    && after(scan, tokens, d.end, &whole) == Some(num.start)))
    })
}

fn add_days(d: Date, days: i64) -> Option<Date> {
    d.checked_add(Span::new().try_days(days).ok()?).ok()
}

/// The first date expression of the sentence tokens `sent`.
pub(crate) fn find(
    scan: &Scan,
    tokens: &[Token],
    sent: &Range<usize>,
    published: Option<Date>,
) -> Option<DateExpr> {
    for d in &scan.dates {
        match d.word {
            DateWord::Month(m) => {
                // Day before (`12 mars`, `le 1er mars`, `15 de marzo`) or after (`March 12`).
                let before = before(scan, tokens, d.start, sent);
                let after_month = after(scan, tokens, d.end, sent);
                let (day, mut toks) = match (
                    before.and_then(|i| day_number(&tokens[i])),
                    after_month.and_then(|i| day_number(&tokens[i])),
                ) {
                    (Some(n), _) => (Some(n), before.unwrap_or(d.start)..d.end),
                    (None, Some(n)) => (Some(n), d.start..after_month.map_or(d.end, |i| i + 1)),
                    (None, None) => (None, d.start..d.end),
                };
                // The year after the month, or after the day that follows it.
                let year_tok = after(scan, tokens, toks.end, sent)
                    .filter(|&i| i < sent.end && year_number(&tokens[i]).is_some());
                let year = year_tok.and_then(|i| year_number(&tokens[i]));
                if let Some(i) = year_tok {
                    toks.end = i + 1;
                }
                if day.is_none() && year.is_none() {
                    continue; // "march", "mai": too ambiguous alone
                }
                let Some(day) = day else {
                    // Month and year: precision 3, first of the month.
                    let date = year.and_then(|y| Date::new(y, m as i8, 1).ok());
                    return Some(DateExpr {
                        date,
                        precision: 3,
                        toks,
                        needs_publication: false,
                    });
                };
                let (date, needs) = match (year, published) {
                    (Some(y), _) => (Date::new(y, m as i8, day as i8).ok(), false),
                    (None, Some(p)) => {
                        let mut d = Date::new(p.year(), m as i8, day as i8).ok();
                        // A date after publication is from the previous year.
                        if d.is_some_and(|d| d > p.saturating_add(Span::new().days(1))) {
                            d = Date::new(p.year() - 1, m as i8, day as i8).ok();
                        }
                        (d, false)
                    }
                    (None, None) => (None, true),
                };
                return Some(DateExpr {
                    date,
                    precision: 1,
                    toks,
                    needs_publication: needs,
                });
            }
            DateWord::Weekday(w) => {
                let date = published.and_then(|p| {
                    let back = (p.weekday().to_monday_one_offset() - w as i8 + 7) % 7;
                    add_days(p, -(back as i64))
                });
                return Some(DateExpr {
                    date,
                    precision: 1,
                    toks: d.start..d.end,
                    needs_publication: published.is_none(),
                });
            }
            DateWord::Relative { days, precision } => {
                return Some(DateExpr {
                    date: published.and_then(|p| add_days(p, days as i64)),
                    precision,
                    toks: d.start..d.end,
                    needs_publication: published.is_none(),
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_formats() {
        assert_eq!(
            parse_published("2018-03-24T10:00:00Z"),
            Some(jiff::civil::date(2018, 3, 24))
        );
        assert_eq!(parse_published("24/03/2018"), None);
        assert_eq!(parse_published("é"), None);
    }
}
