//! The gazetteer's source-table format: one place per line, tab-separated, UTF-8.
//!
//! This is the format of the shipped table (`sitrep-gazetteer-data/data/*.tsv.gz`), of the
//! reviewed features file, and of what `sitrep gazetteer build` writes before indexing. It is
//! deliberately plain text so that a reviewer can `zcat | grep` it and a diff shows what changed.
//!
//! Columns, in order (empty string for "unknown"):
//!
//! | # | column        | example                         |
//! |---|---------------|---------------------------------|
//! | 0 | `geonameid`   | `170794` (empty when the entry has no GeoNames id) |
//! | 1 | `name`        | `Deir ez-Zor`                   |
//! | 2 | `feature`     | `P.PPLA` (GeoNames `class.code`) |
//! | 3 | `country`     | `SY` (ISO 3166-1 alpha-2)       |
//! | 4 | `admin1`      | `07` (GeoNames admin1 code)     |
//! | 5 | `lat`         | `35.33588`                      |
//! | 6 | `lon`         | `40.14084`                      |
//! | 7 | `population`  | `242565`                        |
//! | 8 | `names`       | alternate names, `|`-separated  |
//! | 9 | `demonyms`    | adjectives/nouns of people, `|`-separated (countries, regions) |
//! | 10| `source`      | provenance tag, e.g. `geonames:cities500`, `reviewed:wikidata Q34589` |
//!
//! Lines starting with `#` are comments. Tabs and `|` never occur inside a value: writers replace
//! them with spaces.

use std::io::{self, BufRead, Write};

/// One gazetteer entry as stored in the source table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Record {
    pub geonameid: Option<u32>,
    pub name: String,
    /// GeoNames feature `class.code`, e.g. `P.PPL`, `P.PPLC`, `A.PCLI`, `A.ADM1`, `H.STM`,
    /// `T.DSRT`, `L.RGN`, `L.CONT`.
    pub feature: String,
    pub country: String,
    pub admin1: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub names: Vec<String>,
    pub demonyms: Vec<String>,
    pub source: String,
}

/// Number of columns in a source-table line.
pub const COLUMNS: usize = 11;

/// Why a source-table line could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("line {line}: expected {COLUMNS} tab-separated columns, found {found}")]
    Columns { line: usize, found: usize },
    #[error("line {line}: bad {column} value {value:?}")]
    Value {
        line: usize,
        column: &'static str,
        value: String,
    },
    #[error("reading the gazetteer table")]
    Io(#[from] io::Error),
}

fn clean(value: &str) -> String {
    value
        .replace(['\t', '|', '\n', '\r'], " ")
        .trim()
        .to_string()
}

fn join(values: &[String]) -> String {
    values
        .iter()
        .map(|v| clean(v))
        .filter(|v| !v.is_empty())
        .collect::<Vec<_>>()
        .join("|")
}

impl Record {
    /// Writes the record as one table line (with its trailing newline).
    pub fn write_tsv<W: Write>(&self, mut out: W) -> io::Result<()> {
        let id = self.geonameid.map(|i| i.to_string()).unwrap_or_default();
        writeln!(
            out,
            "{id}\t{}\t{}\t{}\t{}\t{:.5}\t{:.5}\t{}\t{}\t{}\t{}",
            clean(&self.name),
            clean(&self.feature),
            clean(&self.country),
            clean(&self.admin1),
            self.lat,
            self.lon,
            self.population,
            join(&self.names),
            join(&self.demonyms),
            clean(&self.source),
        )
    }

    /// Parses one table line; `line_no` (1-based) is only used in errors.
    pub fn parse_tsv(line: &str, line_no: usize) -> Result<Record, RecordError> {
        let cols: Vec<&str> = line.trim_end_matches(['\n', '\r']).split('\t').collect();
        if cols.len() != COLUMNS {
            return Err(RecordError::Columns {
                line: line_no,
                found: cols.len(),
            });
        }
        let bad = |column: &'static str, value: &str| RecordError::Value {
            line: line_no,
            column,
            value: value.to_string(),
        };
        let geonameid = if cols[0].is_empty() {
            None
        } else {
            Some(cols[0].parse().map_err(|_| bad("geonameid", cols[0]))?)
        };
        let lat: f64 = cols[5].parse().map_err(|_| bad("lat", cols[5]))?;
        let lon: f64 = cols[6].parse().map_err(|_| bad("lon", cols[6]))?;
        if !(-90.0..=90.0).contains(&lat) {
            return Err(bad("lat", cols[5]));
        }
        if !(-180.0..=180.0).contains(&lon) {
            return Err(bad("lon", cols[6]));
        }
        let population = if cols[7].is_empty() {
            0
        } else {
            cols[7].parse().map_err(|_| bad("population", cols[7]))?
        };
        let split = |s: &str| -> Vec<String> {
            s.split('|')
                .filter(|v| !v.is_empty())
                .map(str::to_string)
                .collect()
        };
        Ok(Record {
            geonameid,
            name: cols[1].to_string(),
            feature: cols[2].to_string(),
            country: cols[3].to_string(),
            admin1: cols[4].to_string(),
            lat,
            lon,
            population,
            names: split(cols[8]),
            demonyms: split(cols[9]),
            source: cols[10].to_string(),
        })
    }
}

/// Reads every record of a table, skipping blank and `#` lines.
pub fn read_table<R: BufRead>(input: R) -> Result<Vec<Record>, RecordError> {
    let mut out = Vec::new();
    for (i, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        out.push(Record::parse_tsv(&line, i + 1)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_every_field() {
        let r = Record {
            geonameid: Some(170794),
            name: "Deir ez-Zor".into(),
            feature: "P.PPLA".into(),
            country: "SY".into(),
            admin1: "07".into(),
            lat: 35.33588,
            lon: 40.14084,
            population: 242565,
            names: vec!["Dayr az Zawr".into(), "دير الزور".into()],
            demonyms: vec![],
            source: "geonames:cities500".into(),
        };
        let mut buf = Vec::new();
        r.write_tsv(&mut buf).unwrap();
        let back = Record::parse_tsv(std::str::from_utf8(&buf).unwrap(), 1).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn separators_inside_values_are_neutralised() {
        let r = Record {
            name: "A\tB|C".into(),
            names: vec!["x|y".into()],
            ..Default::default()
        };
        let mut buf = Vec::new();
        r.write_tsv(&mut buf).unwrap();
        let back = Record::parse_tsv(std::str::from_utf8(&buf).unwrap(), 1).unwrap();
        assert_eq!(back.name, "A B C");
        assert_eq!(back.names, vec!["x y".to_string()]);
    }

    #[test]
    fn bad_lines_name_their_line_and_column() {
        let err = Record::parse_tsv("1\tX\tP.PPL\tSY\t\tnorth\t3\t0\t\t\t", 7).unwrap_err();
        assert_eq!(err.to_string(), "line 7: bad lat value \"north\"");
        let err = Record::parse_tsv("1\tX", 3).unwrap_err();
        assert!(err.to_string().contains("line 3"), "{err}");
    }
}
