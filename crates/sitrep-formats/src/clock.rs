//! The time sitrep writes into what it produces: the ACLED `timestamp` column of every CSV and
//! Parquet export, and the ingestion time of the documents of a store.
//!
//! It is the system clock, unless the environment variable `SOURCE_DATE_EPOCH` is set (the
//! reproducible-builds convention, <https://reproducible-builds.org/specs/source-date-epoch/>):
//! then it is that number of seconds since 1970-01-01 UTC, so that two runs over the same input
//! write the same bytes. A value that is not a whole, non-negative number of seconds is an
//! error, as the convention asks, rather than a silent fall back to the clock; an empty value
//! counts as unset.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::FormatError;

/// The environment variable that fixes the time.
pub const SOURCE_DATE_EPOCH: &str = "SOURCE_DATE_EPOCH";

/// Where the time comes from: read the environment once ([`Clock::from_env`]), then ask it
/// for the time as often as needed ([`Clock::now`]), e.g. once per HTTP request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    fixed: Option<u64>,
}

impl Clock {
    /// `SOURCE_DATE_EPOCH` when it is set and not empty, else the system clock.
    pub fn from_env() -> Result<Clock, FormatError> {
        match std::env::var_os(SOURCE_DATE_EPOCH) {
            None => Ok(Clock::system()),
            Some(v) => {
                let v = v.to_string_lossy();
                if v.is_empty() {
                    Ok(Clock::system())
                } else {
                    parse_epoch(&v).map(Clock::fixed)
                }
            }
        }
    }

    /// The system clock.
    pub fn system() -> Clock {
        Clock { fixed: None }
    }

    /// Always `seconds` since 1970-01-01 UTC.
    pub fn fixed(seconds: u64) -> Clock {
        Clock {
            fixed: Some(seconds),
        }
    }

    /// Seconds since 1970-01-01 UTC (0 if the system clock is set before 1970).
    pub fn now(&self) -> u64 {
        self.fixed.unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        })
    }
}

/// A `SOURCE_DATE_EPOCH` value: ASCII digits only, as `date +%s` prints a time after 1970.
fn parse_epoch(value: &str) -> Result<u64, FormatError> {
    if !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FormatError::SourceDateEpoch(value.to_string()));
    }
    value
        .parse()
        .map_err(|_| FormatError::SourceDateEpoch(value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_date_epoch_values() {
        assert_eq!(parse_epoch("1700000000").unwrap(), 1_700_000_000);
        assert_eq!(parse_epoch("0").unwrap(), 0);
        for bad in [
            "-1",
            "+5",
            "1.5",
            " 12",
            "12 ",
            "1e9",
            "soon",
            "99999999999999999999999",
        ] {
            let err = parse_epoch(bad).unwrap_err().to_string();
            assert!(err.starts_with("SOURCE_DATE_EPOCH"), "{bad}: {err}");
            assert!(err.contains(&format!("{bad:?}")), "{bad}: {err}");
        }
    }

    #[test]
    fn a_fixed_clock_stands_still_and_the_system_clock_runs() {
        assert_eq!(Clock::fixed(42).now(), 42);
        // Any run of this test is well after 2020-01-01.
        assert!(Clock::system().now() > 1_577_836_800);
    }
}
