//! Event dates from the text: absolute ("le 12 mars 2018", "March 12", "12 March"), weekdays
//! (the most recent such day on or before publication) and relative words ("hier", "last
//! week") → a date and an ACLED time precision. Without a publication date, anything that
//! needs one resolves to no date (the caller adds a diagnostic): sitrep never guesses a year or
//! a reference day.

use std::ops::Range;

use jiff::civil::Date;
use jiff::Span;
use sitrep_text::Token;

use crate::lexicon::DateWord;
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

fn day_number(tok: &Token) -> Option<u8> {
    let n: u8 = tok
        .norm
        .strip_suffix("er")
        .unwrap_or(&tok.norm)
        .parse()
        .ok()?;
    (1..=31).contains(&n).then_some(n)
}

fn year_number(tok: &Token) -> Option<i16> {
    let n: i16 = tok.norm.parse().ok()?;
    (1900..=2100).contains(&n).then_some(n)
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
                // Day before (`12 mars`, `le 1er mars`) or after (`March 12`).
                let before = d.start.checked_sub(1).filter(|&i| i >= sent.start);
                let after = (d.end < sent.end).then_some(d.end);
                let (day, mut toks) = match (
                    before.and_then(|i| day_number(&tokens[i])),
                    after.and_then(|i| day_number(&tokens[i])),
                ) {
                    (Some(n), _) => (Some(n), before.unwrap_or(d.start)..d.end),
                    (None, Some(n)) => (Some(n), d.start..d.end + 1),
                    (None, None) => (None, d.start..d.end),
                };
                let year_tok = toks.end;
                let year = (year_tok < sent.end)
                    .then(|| year_number(&tokens[year_tok]))
                    .flatten();
                if year.is_some() {
                    toks.end += 1;
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
