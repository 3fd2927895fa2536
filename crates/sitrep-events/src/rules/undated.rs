//! The event date. A date the text gives wins, with its precision; a report with no date at
//! all happened on the publication day, coded with time precision 2 (ACLED's "within the
//! week"); a date the text gives relative to a publication date the document lacks leaves the
//! event undated (the caller reports it), never guessed.

use jiff::civil::Date;

use crate::dates::DateExpr;

/// The rule's sentence in `Event::rules` when the publication date is used.
pub(crate) const NOTE: &str = "no date in the text: publication date, time precision 2";

/// An event's date and ACLED time precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EventDate {
    pub date: Option<Date>,
    pub precision: u8,
    /// The text has no date and the publication date stands in.
    pub from_publication: bool,
    /// The text's date needed a publication date the document does not have.
    pub missing_publication: bool,
}

/// The date of an event whose first dated clause says `expr`.
pub(crate) fn event_date(expr: Option<&DateExpr>, published: Option<Date>) -> EventDate {
    let given = expr.and_then(|d| d.date.map(|x| (x, d.precision)));
    match (given, published) {
        (Some((date, precision)), _) => EventDate {
            date: Some(date),
            precision,
            from_publication: false,
            missing_publication: false,
        },
        (None, Some(p)) if expr.is_none() => EventDate {
            date: Some(p),
            precision: 2,
            from_publication: true,
            missing_publication: false,
        },
        _ => EventDate {
            date: None,
            precision: expr.map_or(3, |d| d.precision),
            from_publication: false,
            missing_publication: true,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn expr(date: Option<Date>, precision: u8) -> DateExpr {
        DateExpr {
            date,
            precision,
            toks: 0..1,
            needs_publication: date.is_none(),
        }
    }

    #[test]
    fn text_then_publication_then_nothing() {
        let published = Some(date(2018, 3, 24));
        let thursday = expr(Some(date(2018, 3, 22)), 1);
        let got = event_date(Some(&thursday), published);
        assert_eq!((got.date, got.precision), (Some(date(2018, 3, 22)), 1));
        let got = event_date(None, published);
        assert_eq!(
            (got.date, got.precision, got.from_publication),
            (published, 2, true)
        );
        let yesterday = expr(None, 1);
        let got = event_date(Some(&yesterday), None);
        assert_eq!(
            (got.date, got.precision, got.missing_publication),
            (None, 1, true)
        );
        let got = event_date(None, None);
        assert_eq!(
            (got.date, got.precision, got.missing_publication),
            (None, 3, true)
        );
    }
}
