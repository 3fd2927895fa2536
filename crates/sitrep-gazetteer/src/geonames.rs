//! Reader for GeoNames dumps (<https://download.geonames.org/export/dump/>): turns the `geoname`
//! table, the alternate-names table and `countryInfo.txt` into [`Record`]s for [`crate::build`].
//!
//! [`read_geonames`] takes any mix of files, plain or zipped, in any order:
//!
//! - a `geoname` table (19 tab-separated columns): `allCountries.txt`, a country file such as
//!   `SY.txt`, `cities500.txt`, `cities1000.txt`, ... or their `.zip`;
//! - `alternateNamesV2.txt` (10 columns; the obsolete `alternateNames.txt` has 8), whole or per
//!   country (`alternatenames/SY.zip` holds an `SY.txt` too: the column count tells them apart);
//! - `countryInfo.txt`, optional: the places it lists as countries are kept whatever the feature
//!   filter says, and its country name is added to their names.
//!
//! A file's kind is told by its name (`alternateNames*`, `countryInfo*`) or else by the column
//! count of its first lines. In a zip the member named like the archive (`SY.txt` in `SY.zip`) is
//! read, or else its only `.txt` member besides `readme.txt` and `iso-languagecodes.txt`.
//!
//! Files are streamed line by line (`allCountries.txt` is 1.5 GB, `alternateNamesV2.txt` 700 MB):
//! country info first, then the geoname tables, then the alternate names, which are kept only
//! for the places already kept. Only what ends up in the records is held in memory (and,
//! until the end, the alternate names that remove a name from a kept place).
//!
//! Malformed lines never stop a read: they are counted and reported as `file:line: reason` in the
//! [`DumpReport`] (numbers are only checked on rows that pass the filters). Errors are for IO, a
//! zip without a usable member, a file of unknown kind and inputs without any geoname table.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::record::Record;

/// Features kept by default, as [`DumpOptions::features`] patterns.
///
/// What a conflict report names: populated places (less historical and abandoned ones),
/// countries and territories, the first two administrative levels, water bodies and landforms
/// that front lines follow, regions, and the few facilities that make the news by name
/// (airports and air bases, dams, refugee camps, military installations, prisons). Hotels,
/// schools, farms, wells, hills, spurs and the other ~600 codes only add false matches.
#[rustfmt::skip]
pub const DEFAULT_FEATURES: &[&str] = &[
    "A.PCL", "A.PCLI", "A.PCLIX", "A.PCLD", "A.PCLF", "A.PCLS", "A.TERR", "A.ADM1", "A.ADM2",
    "P", "!P.PPLH", "!P.PPLCH", "!P.PPLQ",
    "H.STM", "H.LK", "H.RSV", "H.SEA", "H.OCN", "H.GULF", "H.STRT", "H.CNL",
    "T.DSRT", "T.MT", "T.MTS", "T.PLAT", "T.VAL", "T.ISL", "T.ISLS", "T.PEN", "T.PASS",
    "L.RGN", "L.CONT", "L.AREA",
    "S.AIRP", "S.AIRB", "S.DAM", "S.CMPRF", "S.INSM", "S.PRN",
];

/// Populated-place codes kept whatever [`DumpOptions::min_population`] says: capitals and seats
/// of the administrative levels kept by default (GeoNames' `cities*` files do the same).
pub const SEATS: &[&str] = &["P.PPLC", "P.PPLG", "P.PPLA", "P.PPLA2"];

/// How many malformed lines [`DumpReport::skipped_lines`] lists; [`DumpReport::skipped`] counts
/// them all.
pub const MAX_REPORTED_LINES: usize = 100;

const GEONAME_COLUMNS: usize = 19;
/// Zip members that are never the table: the dump's own documentation.
const IGNORED_MEMBERS: &[&str] = &["readme.txt", "iso-languagecodes.txt"];

/// What to keep from a dump.
#[derive(Debug, Clone, PartialEq)]
pub struct DumpOptions {
    /// Feature patterns, matched against GeoNames `class.code`: `P` keeps a whole class,
    /// `A.PCL*` a code prefix, `H.STM` one code, and `!P.PPLH` drops what the others keep.
    /// Defaults to [`DEFAULT_FEATURES`]; `*` keeps everything.
    pub features: Vec<String>,
    /// Populated places (class `P`) below this population are dropped, except capitals and
    /// seats of first- and second-level divisions ([`SEATS`]). Other classes have no
    /// population worth the name in GeoNames and are never dropped for it. Default 0.
    pub min_population: u64,
}

impl Default for DumpOptions {
    fn default() -> Self {
        DumpOptions {
            features: DEFAULT_FEATURES.iter().map(|s| s.to_string()).collect(),
            min_population: 0,
        }
    }
}

/// The kind of a GeoNames file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// The `geoname` table: `allCountries`, `XX`, `citiesN`.
    Geonames,
    /// `alternateNamesV2` (or the older `alternateNames`), whole or per country.
    AlternateNames,
    /// `countryInfo.txt`.
    CountryInfo,
}

/// One input as it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct FileSummary {
    pub path: PathBuf,
    /// The member read, for a zip.
    pub member: Option<String>,
    pub kind: FileKind,
    pub lines: usize,
}

/// What a read did, for the user: counts and the first malformed lines.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DumpReport {
    /// Inputs in the order they were read.
    pub files: Vec<FileSummary>,
    /// Records returned.
    pub places: usize,
    /// Alternate names in the records returned.
    pub names: usize,
    /// Well-formed geoname rows dropped by the feature or population filter.
    pub filtered: usize,
    /// Geoname rows whose geonameid was already read (the first one is kept).
    pub duplicates: usize,
    /// Alternate-name rows added to a kept place.
    pub alternate_names: usize,
    /// Alternate-name rows of kept places left out: codes (`post`, `iata`, `link`, ...),
    /// historic or colloquial names. Their names are also removed from the geoname table's
    /// `alternatenames` column unless another row gives them as a current name.
    pub alternate_names_dropped: usize,
    /// Malformed lines, all of them.
    pub skipped: usize,
    /// The first [`MAX_REPORTED_LINES`] malformed lines, as `file:line: reason`.
    pub skipped_lines: Vec<String>,
}

/// Why a dump could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GeonamesError {
    #[error("reading {}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}: not a readable zip archive", path.display())]
    Zip {
        path: PathBuf,
        source: zip::result::ZipError,
    },
    #[error(
        "{}: no GeoNames table in the archive (members: {members}); expected e.g. SY.txt in SY.zip",
        path.display()
    )]
    NoMember { path: PathBuf, members: String },
    #[error(
        "{}: not a GeoNames file this reader knows ({reason}); expected a geoname table \
         (allCountries, XX or citiesN: 19 columns), alternateNamesV2 (10 columns) or countryInfo.txt",
        path.display()
    )]
    UnknownFile { path: PathBuf, reason: String },
    #[error(
        "no geoname table among the inputs; alternate names only add to the places of \
         allCountries, a country file (SY.zip) or citiesN"
    )]
    NoGeonameTable,
}

/// Reads GeoNames dumps into records sorted by geonameid, with a report of what was skipped.
pub fn read_geonames<P: AsRef<Path>>(
    paths: &[P],
    opts: &DumpOptions,
) -> Result<(Vec<Record>, DumpReport), GeonamesError> {
    let mut inputs = Vec::with_capacity(paths.len());
    for path in paths {
        let source = Source::open(path.as_ref())?;
        let kind = source.kind()?;
        inputs.push((source, kind));
    }
    if !inputs.iter().any(|(_, k)| *k == FileKind::Geonames) {
        return Err(GeonamesError::NoGeonameTable);
    }
    let mut reader = DumpReader::new(opts);
    for pass in [
        FileKind::CountryInfo,
        FileKind::Geonames,
        FileKind::AlternateNames,
    ] {
        for (source, _) in inputs.iter().filter(|(_, k)| *k == pass) {
            let tag = format!("geonames:{}", source.stem());
            let lines = source.for_each_line(|no, line| {
                match line {
                    Ok(line) if line.trim().is_empty() => {}
                    Ok(line) => match pass {
                        FileKind::CountryInfo => reader.country_line(source, no, line),
                        FileKind::Geonames => reader.geoname_line(source, no, line, &tag),
                        FileKind::AlternateNames => reader.alternate_line(source, no, line),
                    },
                    Err(_) => reader.skip(source, no, "not valid UTF-8"),
                }
                true
            })?;
            reader.report.files.push(FileSummary {
                path: source.path.clone(),
                member: source.member.clone(),
                kind: pass,
                lines,
            });
        }
    }
    Ok(reader.finish())
}

/// One input file, or the member of a zip to read.
struct Source {
    path: PathBuf,
    member: Option<String>,
}

impl Source {
    fn open(path: &Path) -> Result<Source, GeonamesError> {
        let is_zip = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
        if !is_zip {
            return Ok(Source {
                path: path.to_path_buf(),
                member: None,
            });
        }
        let mut archive = zip_archive(path)?;
        let member = pick_member(path, &mut archive)?;
        Ok(Source {
            path: path.to_path_buf(),
            member: Some(member),
        })
    }

    /// The table's name without extension (`SY`, `allCountries`, `cities500`).
    fn stem(&self) -> String {
        let name = match &self.member {
            Some(m) => base_name(m),
            None => self
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        };
        match name.rsplit_once('.') {
            Some((stem, _)) if !stem.is_empty() => stem.to_string(),
            _ => name,
        }
    }

    fn at(&self, line: usize) -> String {
        match &self.member {
            Some(m) => format!("{}!{m}:{line}", self.path.display()),
            None => format!("{}:{line}", self.path.display()),
        }
    }

    fn io_error(&self, source: io::Error) -> GeonamesError {
        GeonamesError::Io {
            path: self.path.clone(),
            source,
        }
    }

    /// Calls `f(line_number, line)` for each line (1-based, without its line break) until it
    /// returns false; returns the number of lines read.
    fn for_each_line(
        &self,
        f: impl FnMut(usize, Result<&str, std::str::Utf8Error>) -> bool,
    ) -> Result<usize, GeonamesError> {
        const BUFFER: usize = 1 << 16;
        match &self.member {
            None => {
                let file = File::open(&self.path).map_err(|e| self.io_error(e))?;
                drive(BufReader::with_capacity(BUFFER, file), f).map_err(|e| self.io_error(e))
            }
            Some(member) => {
                let mut archive = zip_archive(&self.path)?;
                let entry = archive
                    .by_name(member)
                    .map_err(|source| GeonamesError::Zip {
                        path: self.path.clone(),
                        source,
                    })?;
                drive(BufReader::with_capacity(BUFFER, entry), f).map_err(|e| self.io_error(e))
            }
        }
    }

    fn kind(&self) -> Result<FileKind, GeonamesError> {
        let name = self.stem().to_ascii_lowercase();
        if name.starts_with("countryinfo") {
            return Ok(FileKind::CountryInfo);
        }
        if name.starts_with("alternatenames") {
            return Ok(FileKind::AlternateNames);
        }
        // A geoname table and a per-country alternate-names file share names (`SY.txt`): look
        // at the first lines. Dumps have no comments; countryInfo.txt opens with some.
        let mut found = None;
        let mut looked = 0;
        self.for_each_line(|_, line| {
            let Ok(line) = line else { return true };
            if line.trim().is_empty() {
                return true;
            }
            if line.starts_with('#') {
                found = Some(FileKind::CountryInfo);
                return false;
            }
            looked += 1;
            found = match line.split('\t').count() {
                GEONAME_COLUMNS => Some(FileKind::Geonames),
                8..=10 => Some(FileKind::AlternateNames),
                _ => None,
            };
            found.is_none() && looked < 10
        })?;
        found.ok_or_else(|| GeonamesError::UnknownFile {
            path: self.path.clone(),
            reason: if looked == 0 {
                "no data lines".to_string()
            } else {
                "no line with the columns of a GeoNames table".to_string()
            },
        })
    }
}

fn zip_archive(path: &Path) -> Result<zip::ZipArchive<File>, GeonamesError> {
    let file = File::open(path).map_err(|source| GeonamesError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    zip::ZipArchive::new(file).map_err(|source| GeonamesError::Zip {
        path: path.to_path_buf(),
        source,
    })
}

fn base_name(member: &str) -> String {
    member.rsplit('/').next().unwrap_or(member).to_string()
}

/// The member named like the archive, else the only text member that is not documentation.
fn pick_member<R: Read + io::Seek>(
    path: &Path,
    archive: &mut zip::ZipArchive<R>,
) -> Result<String, GeonamesError> {
    let names: Vec<String> = archive.file_names().map(str::to_string).collect();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let wanted = format!("{stem}.txt");
    if let Some(n) = names.iter().find(|n| base_name(n).to_lowercase() == wanted) {
        return Ok(n.clone());
    }
    let candidates: Vec<&String> = names
        .iter()
        .filter(|n| {
            let base = base_name(n).to_lowercase();
            base.ends_with(".txt") && !IGNORED_MEMBERS.contains(&base.as_str())
        })
        .collect();
    match candidates.as_slice() {
        [only] => Ok((*only).clone()),
        _ => Err(GeonamesError::NoMember {
            path: path.to_path_buf(),
            members: if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            },
        }),
    }
}

fn drive<R: BufRead>(
    mut input: R,
    mut f: impl FnMut(usize, Result<&str, std::str::Utf8Error>) -> bool,
) -> io::Result<usize> {
    let mut buf = Vec::with_capacity(1024);
    let mut n = 0;
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            return Ok(n);
        }
        n += 1;
        while matches!(buf.last(), Some(b'\n' | b'\r')) {
            buf.pop();
        }
        let mut bytes = buf.as_slice();
        if n == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        if !f(n, std::str::from_utf8(bytes)) {
            return Ok(n);
        }
    }
}

/// Splits on tabs into `fields` (the rest stay empty); returns the number of columns.
fn split_tabs<'a, const N: usize>(line: &'a str, fields: &mut [&'a str; N]) -> usize {
    let mut n = 0;
    for (i, col) in line.split('\t').enumerate() {
        if let Some(slot) = fields.get_mut(i) {
            *slot = col;
        }
        n += 1;
    }
    n
}

/// A compiled [`DumpOptions::features`] list.
#[derive(Debug)]
struct FeatureFilter {
    keep: Vec<Pattern>,
    drop: Vec<Pattern>,
}

#[derive(Debug)]
enum Pattern {
    Class(String),
    Prefix(String),
    Exact(String),
}

impl Pattern {
    fn parse(p: &str) -> Pattern {
        if let Some(prefix) = p.strip_suffix('*') {
            Pattern::Prefix(prefix.to_string())
        } else if !p.contains('.') {
            Pattern::Class(p.to_string())
        } else {
            Pattern::Exact(p.to_string())
        }
    }

    fn matches(&self, feature: &str) -> bool {
        match self {
            Pattern::Class(c) => feature.split('.').next() == Some(c.as_str()),
            Pattern::Prefix(p) => feature.starts_with(p.as_str()),
            Pattern::Exact(e) => feature == e,
        }
    }
}

impl FeatureFilter {
    fn new(patterns: &[String]) -> FeatureFilter {
        let mut filter = FeatureFilter {
            keep: Vec::new(),
            drop: Vec::new(),
        };
        for p in patterns.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
            match p.strip_prefix('!') {
                Some(p) => filter.drop.push(Pattern::parse(p.trim())),
                None => filter.keep.push(Pattern::parse(p)),
            }
        }
        filter
    }

    fn matches(&self, feature: &str) -> bool {
        self.keep.iter().any(|p| p.matches(feature))
            && !self.drop.iter().any(|p| p.matches(feature))
    }
}

/// Whether an alternate name's `isolanguage` is a language (`ar`, `zh-CN`, `sr-Latn`, none) or
/// `abbr` (`U.S.`), rather than a pseudo-code for codes and links: `post`, `iata`, `icao`,
/// `faac`, `unlc`, `tcid`, `wkdt`, `link`, `phon`, `fr_1793`, ...
fn is_name_language(lang: &str) -> bool {
    let primary = lang.split('-').next().unwrap_or("");
    lang.is_empty()
        || lang == "abbr"
        || ((2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase()))
}

struct DumpReader {
    filter: FeatureFilter,
    min_population: u64,
    records: Vec<Record>,
    /// How many of each record's names came from the geoname row (the rest from alternate names).
    row_names: Vec<usize>,
    by_id: HashMap<u32, usize>,
    /// countryInfo: geonameid → country name.
    countries: HashMap<u32, String>,
    /// Names that alternate-name rows give as codes, historic or colloquial: (record, name).
    rejected: Vec<(usize, String)>,
    report: DumpReport,
}

impl DumpReader {
    fn new(opts: &DumpOptions) -> DumpReader {
        DumpReader {
            filter: FeatureFilter::new(&opts.features),
            min_population: opts.min_population,
            records: Vec::new(),
            row_names: Vec::new(),
            by_id: HashMap::new(),
            countries: HashMap::new(),
            rejected: Vec::new(),
            report: DumpReport::default(),
        }
    }

    fn skip(&mut self, source: &Source, line: usize, reason: impl fmt::Display) {
        self.report.skipped += 1;
        if self.report.skipped_lines.len() < MAX_REPORTED_LINES {
            self.report
                .skipped_lines
                .push(format!("{}: {reason}", source.at(line)));
        }
    }

    fn country_line(&mut self, source: &Source, no: usize, line: &str) {
        if line.starts_with('#') {
            return;
        }
        let mut f = [""; 19];
        let n = split_tabs(line, &mut f);
        if n < 17 {
            return self.skip(
                source,
                no,
                format!("expected 19 tab-separated columns, found {n}"),
            );
        }
        match f[16].trim().parse::<u32>() {
            Ok(id) => {
                self.countries.insert(id, f[4].trim().to_string());
            }
            Err(_) => self.skip(source, no, format!("bad geonameid {:?}", f[16])),
        }
    }

    fn geoname_line(&mut self, source: &Source, no: usize, line: &str, tag: &str) {
        let mut f = [""; GEONAME_COLUMNS];
        let n = split_tabs(line, &mut f);
        if n != GEONAME_COLUMNS {
            return self.skip(
                source,
                no,
                format!("expected {GEONAME_COLUMNS} tab-separated columns, found {n}"),
            );
        }
        let Ok(id) = f[0].trim().parse::<u32>() else {
            return self.skip(source, no, format!("bad geonameid {:?}", f[0]));
        };
        let (class, code) = (f[6].trim(), f[7].trim());
        let feature = match (class.is_empty(), code.is_empty()) {
            (false, false) => format!("{class}.{code}"),
            (false, true) => class.to_string(),
            _ => String::new(),
        };
        let country_name = self.countries.get(&id).cloned();
        if country_name.is_none() && !self.filter.matches(&feature) {
            self.report.filtered += 1;
            return;
        }
        let population = match f[14].trim() {
            "" => 0,
            p => match p.parse::<u64>() {
                Ok(p) => p,
                Err(_) => return self.skip(source, no, format!("bad population {:?}", f[14])),
            },
        };
        if class == "P"
            && population < self.min_population
            && country_name.is_none()
            && !SEATS.contains(&feature.as_str())
        {
            self.report.filtered += 1;
            return;
        }
        let lat = match f[4].trim().parse::<f64>() {
            Ok(v) if (-90.0..=90.0).contains(&v) => v,
            _ => return self.skip(source, no, format!("bad latitude {:?}", f[4])),
        };
        let lon = match f[5].trim().parse::<f64>() {
            Ok(v) if (-180.0..=180.0).contains(&v) => v,
            _ => return self.skip(source, no, format!("bad longitude {:?}", f[5])),
        };
        let (name, ascii) = (f[1].trim(), f[2].trim());
        let name = if name.is_empty() { ascii } else { name };
        if name.is_empty() {
            return self.skip(source, no, "empty name");
        }
        if self.by_id.contains_key(&id) {
            self.report.duplicates += 1;
            return;
        }
        let names: Vec<String> = std::iter::once(ascii)
            .chain(f[3].split(','))
            .chain(country_name.as_deref())
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .collect();
        self.by_id.insert(id, self.records.len());
        self.row_names.push(names.len());
        self.records.push(Record {
            geonameid: Some(id),
            name: name.to_string(),
            feature,
            country: f[8].trim().to_string(),
            admin1: f[10].trim().to_string(),
            lat,
            lon,
            population,
            names,
            demonyms: Vec::new(),
            source: tag.to_string(),
        });
    }

    fn alternate_line(&mut self, source: &Source, no: usize, line: &str) {
        // alternateNameId, geonameid, isolanguage, name, isPreferredName, isShortName,
        // isColloquial, isHistoric, from, to (the last two only in V2).
        let mut f = [""; 10];
        let n = split_tabs(line, &mut f);
        if !(8..=10).contains(&n) {
            return self.skip(
                source,
                no,
                format!("expected 10 tab-separated columns, found {n}"),
            );
        }
        let Ok(id) = f[1].trim().parse::<u32>() else {
            return self.skip(source, no, format!("bad geonameid {:?}", f[1]));
        };
        let Some(&at) = self.by_id.get(&id) else {
            return;
        };
        let name = f[3].trim();
        if name.is_empty() {
            return;
        }
        let flag = |v: &str| v.trim() == "1";
        let ended = !f[9].trim().is_empty();
        if !is_name_language(f[2].trim()) || flag(f[6]) || flag(f[7]) || ended {
            self.report.alternate_names_dropped += 1;
            self.rejected.push((at, name.to_string()));
        } else {
            self.report.alternate_names += 1;
            self.records[at].names.push(name.to_string());
        }
    }

    fn finish(mut self) -> (Vec<Record>, DumpReport) {
        self.rejected.sort_unstable();
        let mut rejected = self.rejected.as_slice();
        for (i, rec) in self.records.iter_mut().enumerate() {
            let n = rejected.iter().take_while(|(at, _)| *at == i).count();
            let (mine, rest) = rejected.split_at(n);
            rejected = rest;
            let mine: Vec<&str> = mine.iter().map(|(_, name)| name.as_str()).collect();
            tidy_names(&rec.name, &mut rec.names, self.row_names[i], &mine);
        }
        self.records.sort_by_key(|r| r.geonameid);
        self.report.places = self.records.len();
        self.report.names = self.records.iter().map(|r| r.names.len()).sum();
        (self.records, self.report)
    }
}

/// Drops from `names` the primary name, repeats, and the names of the geoname row
/// (`names[..from_row]`) that alternate-name rows reject without also giving them as a current
/// name (`names[from_row..]`). Keeps the order.
fn tidy_names(primary: &str, names: &mut Vec<String>, from_row: usize, rejected: &[&str]) {
    let from_row = from_row.min(names.len());
    let keep: Vec<bool> = {
        let (row, current) = names.split_at(from_row);
        let mut seen: HashSet<&str> = HashSet::with_capacity(names.len() + 1);
        seen.insert(primary);
        let mut keep = Vec::with_capacity(names.len());
        for (j, n) in names.iter().enumerate() {
            let dropped = j < row.len() && rejected.contains(&n.as_str()) && !current.contains(n);
            keep.push(!dropped && seen.insert(n));
        }
        keep
    };
    let mut keep = keep.into_iter();
    names.retain(|_| keep.next().unwrap_or(false));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_filter() -> FeatureFilter {
        FeatureFilter::new(&DumpOptions::default().features)
    }

    #[test]
    fn default_features_keep_what_reports_name() {
        let f = default_filter();
        for kept in [
            "P.PPL", "P.PPLA", "P.PPLX", "A.PCLI", "A.ADM1", "H.STM", "T.DSRT", "L.CONT", "S.AIRP",
        ] {
            assert!(f.matches(kept), "{kept}");
        }
        for dropped in [
            "P.PPLH", "P.PPLQ", "A.ADM3", "A.PCLH", "S.HTL", "S.SCH", "T.HLL", "",
        ] {
            assert!(!f.matches(dropped), "{dropped}");
        }
    }

    #[test]
    fn patterns_are_class_prefix_exact_or_exclusion() {
        let f = FeatureFilter::new(&["A.PCL*".into(), "H".into(), "!H.STMI".into(), "T.MT".into()]);
        assert!(f.matches("A.PCLH") && f.matches("A.PCL") && !f.matches("A.ADM1"));
        assert!(f.matches("H.STM") && !f.matches("H.STMI") && !f.matches("HX.STM"));
        assert!(f.matches("T.MT") && !f.matches("T.MTS"));
        assert!(FeatureFilter::new(&["*".into()]).matches("S.HTL"));
        assert!(!FeatureFilter::new(&[]).matches("P.PPL"));
    }

    #[test]
    fn pseudo_languages_are_not_names() {
        for lang in ["", "ar", "en", "fra", "zh-CN", "sr-Latn", "abbr"] {
            assert!(is_name_language(lang), "{lang}");
        }
        for lang in [
            "link", "wkdt", "post", "iata", "icao", "faac", "tcid", "unlc", "fr_1793", "phon",
        ] {
            assert!(!is_name_language(lang), "{lang}");
        }
    }

    #[test]
    fn names_lose_repeats_and_rejected_row_names() {
        let mut names: Vec<String> = [
            "DEZ",
            "Auzara",
            "Deir ez-Zor",
            "Dayr",
            "Dayr",
            "دير الزور",
            "Dayr",
            "Auzara",
        ]
        .map(String::from)
        .to_vec();
        // Row names end at 5; "Auzara" is rejected but also given as current: it stays.
        tidy_names("Deir ez-Zor", &mut names, 5, &["DEZ", "Auzara", "Dayr"]);
        assert_eq!(names, ["Auzara", "Dayr", "دير الزور"]);
    }

    #[test]
    fn lines_are_split_and_counted() {
        let mut f = [""; 3];
        assert_eq!(split_tabs("a\tb", &mut f), 2);
        assert_eq!(f, ["a", "b", ""]);
        assert_eq!(split_tabs("a\tb\tc\td", &mut f), 4);
        let mut seen = Vec::new();
        let n = drive(&b"\xEF\xBB\xBFone\r\n\ntwo\xFF\nthree"[..], |no, l| {
            seen.push((no, l.ok().map(str::to_string)));
            true
        })
        .unwrap();
        assert_eq!(n, 4);
        assert_eq!(
            seen,
            vec![
                (1, Some("one".into())),
                (2, Some(String::new())),
                (3, None),
                (4, Some("three".into())),
            ]
        );
    }
}
