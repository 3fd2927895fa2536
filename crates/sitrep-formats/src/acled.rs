//! The ACLED export: ACLED's 31 columns, in ACLED's order, one row per event.
//!
//! [`AcledRow`] is the row, typed: its fields are the columns, and [`COLUMNS`] (the names),
//! [`AcledRow::KINDS`] (the types) and [`AcledRow::cells`] (the values) are generated from its
//! one declaration, so they cannot drift apart. The CSV writes each cell as text
//! ([`AcledRow::csv_line`]); Parquet writes it into a column of its type (`crate::parquet`).
//!
//! Exports of canonical events (`sitrep export`, `query --format csv`, `GET
//! /v1/events?format=csv`) add [`EXTRA_COLUMNS`] after ACLED's ([`CanonicalRow`]).
//!
//! ACLED columns sitrep does not code are empty: `admin3`, `source_scale`. `tags` carries the
//! claim status (schema 1.1: `claimed by: sources proches du Hezbollah; unconfirmed`).
//! `event_id_cnty` is in ACLED's form, the country's ISO 3166-1 alpha-3 code and a number
//! ([`event_id_cnty`]: `SYR` + digits), stable across runs of the same input; `iso` is the ISO 3166-1 numeric code, as ACLED
//! writes it; `region` is ACLED's region of the country (the event coder's country table
//! knows it, so the caller passes it); `timestamp` is the export time ([`crate::Clock`]).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use sitrep_schema::{CanonicalEvent, Event};

/// A cell of a row, typed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// Text; `None` and `""` are an empty field (null in Parquet).
    Text(Option<&'a str>),
    /// A whole number.
    Int(Option<i64>),
    /// A latitude or longitude: written with four decimals (about 11 m), as ACLED does.
    Coordinate(Option<f64>),
}

/// The type of a column: what its cells hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Int,
    Coordinate,
}

/// A value of one of [`AcledRow`]'s field types, as a cell.
pub trait ToCell {
    const KIND: Kind;
    fn cell(&self) -> Cell<'_>;
}

impl ToCell for &str {
    const KIND: Kind = Kind::Text;
    fn cell(&self) -> Cell<'_> {
        Cell::Text(Some(self))
    }
}

impl ToCell for String {
    const KIND: Kind = Kind::Text;
    fn cell(&self) -> Cell<'_> {
        Cell::Text(Some(self))
    }
}

impl ToCell for Option<&str> {
    const KIND: Kind = Kind::Text;
    fn cell(&self) -> Cell<'_> {
        Cell::Text(*self)
    }
}

/// Coordinates are the only fractional numbers of the export.
impl ToCell for Option<f64> {
    const KIND: Kind = Kind::Coordinate;
    fn cell(&self) -> Cell<'_> {
        Cell::Coordinate(*self)
    }
}

macro_rules! int_cells {
    ($($t:ty),*) => {$(
        impl ToCell for $t {
            const KIND: Kind = Kind::Int;
            fn cell(&self) -> Cell<'_> {
                Cell::Int(Some(i64::from(*self)))
            }
        }
        impl ToCell for Option<$t> {
            const KIND: Kind = Kind::Int;
            fn cell(&self) -> Cell<'_> {
                Cell::Int(self.map(i64::from))
            }
        }
    )*};
}
int_cells!(u8, u16, u32, i32);

/// Unix seconds as a cell (a `u64` beyond `i64::MAX`, 292 billion years away, saturates).
impl ToCell for u64 {
    const KIND: Kind = Kind::Int;
    fn cell(&self) -> Cell<'_> {
        Cell::Int(Some(i64::try_from(*self).unwrap_or(i64::MAX)))
    }
}

/// Declares the row struct and, from the same list, the column names, their types and the
/// cells of a row, in declaration order.
macro_rules! acled_row {
    ($(#[$meta:meta])* pub struct AcledRow<'a> {
        $($(#[$field_meta:meta])* $field:ident: $ty:ty,)*
    }) => {
        $(#[$meta])*
        pub struct AcledRow<'a> {
            $($(#[$field_meta])* pub $field: $ty,)*
        }

        /// The ACLED export columns, in ACLED's order: the fields of [`AcledRow`].
        pub const COLUMNS: [&str; 31] = [$(stringify!($field)),*];

        impl<'a> AcledRow<'a> {
            /// The type of each column of [`COLUMNS`].
            pub const KINDS: [Kind; 31] = [$(<$ty as ToCell>::KIND),*];

            /// The row's cells, in the order of [`COLUMNS`].
            pub fn cells(&self) -> [Cell<'_>; 31] {
                [$(self.$field.cell()),*]
            }
        }
    };
}

acled_row! {
    /// One row of the ACLED export, borrowed from an [`Event`].
    #[derive(Debug, Clone, PartialEq)]
    pub struct AcledRow<'a> {
        /// ACLED's form of the event id: [`event_id_cnty`].
        event_id_cnty: String,
        event_date: Option<&'a str>,
        year: Option<i32>,
        time_precision: u8,
        disorder_type: &'a str,
        event_type: &'a str,
        sub_event_type: &'a str,
        actor1: Option<&'a str>,
        assoc_actor_1: Option<&'a str>,
        inter1: Option<u8>,
        actor2: Option<&'a str>,
        assoc_actor_2: Option<&'a str>,
        inter2: Option<u8>,
        interaction: Option<u16>,
        civilian_targeting: Option<&'a str>,
        /// ISO 3166-1 numeric code of the country.
        iso: Option<u16>,
        /// ACLED's region of the country.
        region: Option<&'a str>,
        country: Option<&'a str>,
        admin1: Option<&'a str>,
        admin2: Option<&'a str>,
        /// Not coded by sitrep: empty.
        admin3: Option<&'a str>,
        location: Option<&'a str>,
        latitude: Option<f64>,
        longitude: Option<f64>,
        geo_precision: Option<u8>,
        source: Option<&'a str>,
        /// Not coded by sitrep: empty.
        source_scale: Option<&'a str>,
        notes: &'a str,
        fatalities: u32,
        /// Who says so ([`sitrep_schema::Claim::tags`]): `claimed by: <claimant>`,
        /// `unconfirmed`, `denied by: <party>`, `;`-separated, the fatality figure's own
        /// status after `fatalities`; empty for an event the outlet reports itself.
        tags: String,
        /// The export time, Unix seconds.
        timestamp: u64,
    }
}

impl<'a> AcledRow<'a> {
    /// The row of one event; `region` is ACLED's region of its country (the event coder's
    /// `acled_region`), `timestamp` the export time ([`crate::Clock::now`]).
    pub fn new(ev: &'a Event, region: Option<&'a str>, timestamp: u64) -> AcledRow<'a> {
        AcledRow {
            event_id_cnty: event_id_cnty(ev),
            event_date: ev.event_date.as_deref(),
            year: ev.year,
            time_precision: ev.time_precision,
            disorder_type: &ev.disorder_type,
            event_type: &ev.event_type,
            sub_event_type: &ev.sub_event_type,
            actor1: ev.actor1.as_deref(),
            assoc_actor_1: ev.assoc_actor_1.as_deref(),
            inter1: ev.inter1,
            actor2: ev.actor2.as_deref(),
            assoc_actor_2: ev.assoc_actor_2.as_deref(),
            inter2: ev.inter2,
            interaction: ev.interaction,
            civilian_targeting: ev.civilian_targeting.as_deref(),
            iso: iso_numeric(ev.iso.as_deref().unwrap_or("")),
            region,
            country: ev.country.as_deref(),
            admin1: ev.admin1.as_deref(),
            admin2: ev.admin2.as_deref(),
            admin3: None,
            location: ev.location.as_deref(),
            latitude: ev.latitude,
            longitude: ev.longitude,
            geo_precision: ev.geo_precision,
            source: ev.source.as_deref(),
            source_scale: None,
            notes: &ev.notes,
            fatalities: ev.fatalities,
            tags: ev.claim.tags(),
            timestamp,
        }
    }

    /// The row as one CSV line, without the line break.
    pub fn csv_line(&self) -> String {
        csv_line(self.cells().iter().map(Cell::text))
    }
}

/// The columns after ACLED's in exports of canonical events.
pub const EXTRA_COLUMNS: [&str; 2] = ["n_sources", "source_urls"];

/// One row of a canonical-event export: ACLED's columns, then how many reports the event has
/// and where they are.
#[derive(Debug, Clone, PartialEq)]
pub struct CanonicalRow<'a> {
    pub acled: AcledRow<'a>,
    pub n_sources: usize,
    /// The URL of each report, else its document id.
    pub source_urls: Vec<&'a str>,
}

impl<'a> CanonicalRow<'a> {
    /// The row of a canonical event (`region` and `timestamp` as for [`AcledRow::new`]).
    pub fn new(c: &'a CanonicalEvent, region: Option<&'a str>, timestamp: u64) -> CanonicalRow<'a> {
        CanonicalRow {
            acled: AcledRow::new(&c.event, region, timestamp),
            n_sources: c.sources.len(),
            source_urls: c
                .sources
                .iter()
                .map(|s| s.url.as_deref().unwrap_or(&s.doc_id))
                .collect(),
        }
    }

    /// The row as one CSV line, without the line break: the URLs joined with ` ; `.
    pub fn csv_line(&self) -> String {
        let extra = [
            Cow::Owned(self.n_sources.to_string()),
            Cow::Owned(self.source_urls.join(" ; ")),
        ];
        csv_line(self.acled.cells().iter().map(Cell::text).chain(extra))
    }
}

/// The header line of an ACLED CSV (without the line break).
pub fn csv_header() -> String {
    COLUMNS.join(",")
}

/// The header line of a canonical-event CSV (without the line break): ACLED's columns, then
/// [`EXTRA_COLUMNS`].
pub fn canonical_csv_header() -> String {
    [COLUMNS.as_slice(), EXTRA_COLUMNS.as_slice()]
        .concat()
        .join(",")
}

impl Cell<'_> {
    /// The cell as the CSV writes it: empty when absent, coordinates with four decimals.
    pub fn text(&self) -> Cow<'_, str> {
        match *self {
            Cell::Text(t) => Cow::Borrowed(t.unwrap_or("")),
            Cell::Int(n) => n.map_or(Cow::Borrowed(""), |n| Cow::Owned(n.to_string())),
            Cell::Coordinate(x) => x.map_or(Cow::Borrowed(""), |x| Cow::Owned(format!("{x:.4}"))),
        }
    }
}

/// Fields joined with commas, each quoted when it needs it (RFC 4180).
fn csv_line<'a>(fields: impl Iterator<Item = Cow<'a, str>>) -> String {
    let mut line = String::new();
    for (i, f) in fields.enumerate() {
        if i > 0 {
            line.push(',');
        }
        line.push_str(&csv_field(&f));
    }
    line
}

/// Quotes a CSV field when it needs it (RFC 4180): when it holds a comma, a quote or a line
/// break.
pub fn csv_field(value: &str) -> Cow<'_, str> {
    if value.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", value.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(value)
    }
}

/// The prefix of an event without a country: `XXX`, from the user-assigned range of ISO 3166-1
/// alpha-3 (no country will ever have it).
const NO_COUNTRY: &str = "XXX";

/// The numbers of `event_id_cnty` have at most 15 digits: among ten million events of one
/// country, two share a number with a probability of about 5 % (birthday bound n²/2·10¹⁵).
const ID_MODULUS: u64 = 1_000_000_000_000_000;

/// ACLED's `event_id_cnty` of an event: the ISO 3166-1 alpha-3 code of its country (`XXX` when
/// it has none) and a number derived from sitrep's event id (document id and the event's rank
/// in the document) by a fixed hash (64-bit FNV-1a), so the same input gives the same id on
/// every run, in any batch order. Matches `^[A-Z]{3}[0-9]+$`.
pub fn event_id_cnty(ev: &Event) -> String {
    let prefix = ev.iso.as_deref().and_then(iso_alpha3).unwrap_or(NO_COUNTRY);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in ev.event_id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{prefix}{}", h % ID_MODULUS)
}

/// The rows of a two-column ISO table (`alpha-2 TAB value`, `#` comments).
fn iso_rows(data: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    data.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, v)| (a, v.trim()))
}

/// ISO 3166-1 alpha-3 codes by alpha-2, from `data/iso3166-alpha3.tsv`.
pub fn iso_alpha3(alpha2: &str) -> Option<&'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE
        .get_or_init(|| iso_rows(include_str!("../data/iso3166-alpha3.tsv")).collect())
        .get(alpha2)
        .copied()
}

/// ISO 3166-1 numeric codes by alpha-2 (ACLED's `iso` column is numeric), from
/// `data/iso3166-numeric.tsv`.
pub fn iso_numeric(alpha2: &str) -> Option<u16> {
    static TABLE: OnceLock<HashMap<&'static str, u16>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            iso_rows(include_str!("../data/iso3166-numeric.tsv"))
                .filter_map(|(a, n)| Some((a, n.parse().ok()?)))
                .collect()
        })
        .get(alpha2)
        .copied()
}

#[cfg(test)]
mod tests {
    use sitrep_schema::SourceRef;

    use super::*;

    fn event() -> Event {
        Event {
            event_id: "doc-1".into(),
            event_date: Some("2018-03-22".into()),
            year: Some(2018),
            time_precision: 1,
            disorder_type: "Political violence".into(),
            event_type: "Battles".into(),
            sub_event_type: "Armed clash".into(),
            actor1: Some("Islamic State".into()),
            inter1: Some(2),
            actor2: Some("Military Forces of Syria, \"SDF\"".into()),
            inter2: Some(1),
            interaction: Some(12),
            iso: Some("SY".into()),
            country: Some("Syria".into()),
            admin1: Some("Deir ez-Zor".into()),
            location: Some("al-Kachma".into()),
            latitude: Some(34.87654321),
            longitude: Some(-40.1),
            geo_precision: Some(2),
            source: Some("AFP".into()),
            notes: "two\nlines".into(),
            fatalities: 35,
            confidence: 0.9,
            ..Event::default()
        }
    }

    #[test]
    fn the_columns_are_acleds_in_acleds_order() {
        assert_eq!(COLUMNS[0], "event_id_cnty");
        assert_eq!(COLUMNS[16], "region");
        assert_eq!(COLUMNS[20], "admin3");
        assert_eq!(COLUMNS[30], "timestamp");
        assert_eq!(AcledRow::KINDS[2], Kind::Int);
        assert_eq!(AcledRow::KINDS[22], Kind::Coordinate);
        assert_eq!(AcledRow::KINDS[27], Kind::Text);
        assert_eq!(csv_header().split(',').count(), 31);
        assert!(canonical_csv_header().ends_with(",timestamp,n_sources,source_urls"));
    }

    #[test]
    fn a_row_as_csv() {
        let ev = event();
        let line = AcledRow::new(&ev, Some("Middle East"), 1_700_000_000).csv_line();
        let id = event_id_cnty(&ev);
        assert_eq!(
            line.strip_prefix(id.as_str())
                .expect("the row opens with event_id_cnty"),
            ",2018-03-22,2018,1,Political violence,Battles,Armed clash,Islamic State,,2,\
             \"Military Forces of Syria, \"\"SDF\"\"\",,1,12,,760,Middle East,Syria,Deir ez-Zor,,,\
             al-Kachma,34.8765,-40.1000,2,AFP,,\"two\nlines\",35,,1700000000"
        );
    }

    #[test]
    fn the_tags_column_says_who_says_so() {
        use sitrep_schema::{Claim, Claimant, Span};
        let by = |text: &str| {
            Some(Claimant {
                span: Span {
                    start: 0,
                    end: text.chars().count(),
                    text: text.into(),
                },
                actor: None,
                side: None,
            })
        };
        let tags = |claim: Claim| {
            let ev = Event { claim, ..event() };
            let row = AcledRow::new(&ev, None, 0);
            let i = COLUMNS.iter().position(|c| *c == "tags").unwrap();
            row.cells()[i].text().into_owned()
        };
        assert_eq!(tags(Claim::default()), "");
        let hedged = Claim {
            status: "unconfirmed".into(),
            claimant: by("army sources"),
            ..Claim::default()
        };
        assert_eq!(tags(hedged), "claimed by: army sources; unconfirmed");
        let figure = Claim {
            fatalities: Some(Box::new(Claim {
                status: "claimed".into(),
                claimant: by("sources proches du Hezbollah"),
                ..Claim::default()
            })),
            ..Claim::default()
        };
        assert_eq!(
            tags(figure),
            "fatalities claimed by: sources proches du Hezbollah"
        );
        let denied = Claim {
            status: "denied".into(),
            claimant: by("the army"),
            ..Claim::default()
        };
        assert_eq!(tags(denied), "denied by: the army");
    }

    #[test]
    fn a_canonical_row_lists_its_reports() {
        let source = |url: Option<&str>, doc_id: &str| SourceRef {
            doc_id: doc_id.into(),
            url: url.map(str::to_string),
            outlet: None,
            published: None,
            event_id: "e".into(),
            fatalities: 0,
            rule: "first-report".into(),
            score: None,
        };
        let c = CanonicalEvent {
            id: 7,
            event: event(),
            sources: vec![source(Some("https://a.example/1"), "a"), source(None, "b")],
        };
        let row = CanonicalRow::new(&c, None, 0);
        assert_eq!(row.source_urls, ["https://a.example/1", "b"]);
        assert!(row
            .csv_line()
            .ends_with(",,\"two\nlines\",35,,0,2,https://a.example/1 ; b"));
    }

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("cr\rhere"), "\"cr\rhere\"");
    }

    #[test]
    fn event_ids_are_acleds_form_and_stable() {
        let ev = event();
        let id = event_id_cnty(&ev);
        let digits = id.strip_prefix("SYR").expect("Syria's alpha-3 prefix");
        assert!(!digits.is_empty() && digits.len() <= 15);
        assert!(digits.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(
            id,
            event_id_cnty(&event()),
            "the same event id gives the same number"
        );
        let mut other = event();
        other.event_id = "doc-2".into();
        assert_ne!(event_id_cnty(&other), id);
        other.iso = None;
        assert!(event_id_cnty(&other).starts_with("XXX"));
        other.iso = Some("ZZ".into());
        assert!(event_id_cnty(&other).starts_with("XXX"), "an unknown code");
        assert_eq!(iso_alpha3("ML"), Some("MLI"));
    }

    #[test]
    fn numeric_iso_codes() {
        assert_eq!(iso_numeric("SY"), Some(760));
        assert_eq!(iso_numeric("US"), Some(840));
        assert_eq!(iso_numeric("XX"), None);
        assert_eq!(iso_numeric(""), None);
    }
}
