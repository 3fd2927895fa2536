//! Normalising publication dates found in page metadata.
//!
//! Pages write dates every which way: `2024-03-15T14:32:00+01:00`, `2024-03-15T13:32:00.000Z`,
//! `2024-03-15 14:32`, `20240315`, `Fri, 15 Mar 2024 14:32:00 +0100`. Downstream date resolution
//! ("jeudi", "hier") needs the publisher's *local* date, so a time is kept only together with its
//! offset; a time without an offset is dropped rather than guessed into UTC.

use jiff::civil::DateTime;
use jiff::fmt::temporal::{Pieces, PiecesOffset};
use jiff::tz::Offset;

/// Normalises a date or date-time string to `YYYY-MM-DD`, or to RFC 3339
/// (`YYYY-MM-DDTHH:MM:SS±HH:MM`, `Z` for UTC) when it carries both a time and an offset.
/// Returns `None` when the string cannot be parsed.
///
/// Accepted: ISO 8601 / RFC 3339 (extended or basic format, `T` or space separator, fractional
/// seconds, `Z` or numeric offsets, bracketed time zone annotations) and RFC 2822
/// (`Fri, 15 Mar 2024 14:32:00 +0100`). Fractional seconds are dropped.
///
/// ```
/// use sitrep_ingest::normalize_date;
/// assert_eq!(normalize_date("2024-03-15T14:32:00+01:00").as_deref(), Some("2024-03-15T14:32:00+01:00"));
/// assert_eq!(normalize_date("2024-03-15T13:32:00.000Z").as_deref(), Some("2024-03-15T13:32:00Z"));
/// assert_eq!(normalize_date("2024-03-15 14:32").as_deref(), Some("2024-03-15"));
/// assert_eq!(normalize_date("Fri, 15 Mar 2024 14:32:00 +0100").as_deref(), Some("2024-03-15T14:32:00+01:00"));
/// assert_eq!(normalize_date("le 15 mars"), None);
/// ```
pub fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(pieces) = Pieces::parse(s) {
        let date = pieces.date();
        if !(1..=9999).contains(&date.year()) {
            return None;
        }
        return Some(match (pieces.time(), pieces.offset()) {
            (Some(time), Some(PiecesOffset::Zulu)) => rfc3339(date.to_datetime(time), Offset::UTC),
            (Some(time), Some(PiecesOffset::Numeric(n))) => {
                rfc3339(date.to_datetime(time), n.offset())
            }
            _ => date.to_string(),
        });
    }
    if let Ok(zdt) = jiff::fmt::rfc2822::parse(s) {
        return Some(rfc3339(zdt.datetime(), zdt.offset()));
    }
    None
}

/// Formats as RFC 3339 with seconds; a zero offset is written `Z`.
fn rfc3339(dt: DateTime, offset: Offset) -> String {
    let date = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    );
    let secs = offset.seconds();
    if secs == 0 {
        return format!("{date}Z");
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    format!("{date}{sign}{:02}:{:02}", abs / 3600, (abs % 3600) / 60)
}

#[cfg(test)]
mod tests {
    use super::normalize_date;

    #[track_caller]
    fn check(input: &str, expected: Option<&str>) {
        assert_eq!(
            normalize_date(input).as_deref(),
            expected,
            "input: {input:?}"
        );
    }

    #[test]
    fn formats() {
        check("2024-03-15", Some("2024-03-15"));
        check(" 2024-03-15 ", Some("2024-03-15"));
        check("20240315", Some("2024-03-15"));
        check(
            "2024-03-15T14:32:00+01:00",
            Some("2024-03-15T14:32:00+01:00"),
        );
        check(
            "2024-03-15T14:32:00+0100",
            Some("2024-03-15T14:32:00+01:00"),
        );
        check("2024-03-15T14:32+01:00", Some("2024-03-15T14:32:00+01:00"));
        check(
            "2024-03-15T23:32:00-05:00",
            Some("2024-03-15T23:32:00-05:00"),
        );
        check("2024-03-15T13:32:00.123Z", Some("2024-03-15T13:32:00Z"));
        check("2024-03-15T13:32:00+00:00", Some("2024-03-15T13:32:00Z"));
        check(
            "2024-03-15T14:32:00+01:00[Europe/Paris]",
            Some("2024-03-15T14:32:00+01:00"),
        );
        check("2024-03-15T14:32:00", Some("2024-03-15"));
        check("2024-03-15 14:32:00", Some("2024-03-15"));
        check(
            "Fri, 15 Mar 2024 14:32:00 +0100",
            Some("2024-03-15T14:32:00+01:00"),
        );
        check("15 Mar 2024 14:32:00 GMT", Some("2024-03-15T14:32:00Z"));
    }

    #[test]
    fn unparseable() {
        check("", None);
        check("hier", None);
        check("15/03/2024", None);
        check("2024-02-30", None);
    }
}
