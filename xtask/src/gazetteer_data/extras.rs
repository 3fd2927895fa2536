//! The hand-reviewed supplements: `xtask/data/country-extras.tsv` (press short forms, names
//! missing from the packages, Spanish and Arabic demonyms, names to drop) and
//! `xtask/data/admin1-extras.tsv` (French, Spanish and Arabic names of first-level divisions
//! that the packages lack, keyed by GeoNames code such as `SY.09`) and
//! `xtask/data/continent-extras.tsv` (continent demonyms, keyed by GeoNames continent code).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};

/// What a supplement says about one country or division.
#[derive(Debug, Default, Clone)]
pub struct CountryExtras {
    pub names: Vec<String>,
    pub demonyms: Vec<String>,
    /// Names removed whatever source brings them (e.g. "Pain", a translation of Spain that is an
    /// English word); names the same supplement lists under `names` are kept.
    pub drop: Vec<String>,
}

/// Which keys a supplement uses.
#[derive(Debug, Clone, Copy)]
pub enum Key {
    /// ISO 3166-1 alpha-2, `SY`.
    Country,
    /// GeoNames admin1 code, `SY.09`.
    Admin1,
    /// GeoNames continent code, `EU` (not ISO 3166: `AF` is Africa here, not Afghanistan).
    Continent,
}

impl Key {
    fn accepts(self, key: &str) -> bool {
        let country = |s: &str| s.len() == 2 && s.chars().all(|c| c.is_ascii_uppercase());
        match self {
            Key::Country => country(key),
            Key::Admin1 => key.split_once('.').is_some_and(|(c, a)| {
                country(c) && !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric())
            }),
            Key::Continent => ["AF", "AN", "AS", "EU", "NA", "OC", "SA"].contains(&key),
        }
    }
}

/// Reads a supplement: `KEY<TAB>names|demonyms|drop<TAB>lang<TAB>value|value|...`, `#` comments.
pub fn read(path: &Path, key: Key) -> Result<BTreeMap<String, CountryExtras>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out: BTreeMap<String, CountryExtras> = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 4 {
            bail!(
                "{} line {}: expected 4 tab-separated columns, found {}",
                path.display(),
                i + 1,
                cols.len()
            );
        }
        let iso = cols[0].trim();
        if !key.accepts(iso) {
            bail!("{} line {}: bad {key:?} key {iso:?}", path.display(), i + 1);
        }
        let values = cols[3]
            .split('|')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string);
        let entry = out.entry(iso.to_string()).or_default();
        match cols[1].trim() {
            "names" => entry.names.extend(values),
            "demonyms" => entry.demonyms.extend(values),
            "drop" => entry.drop.extend(values),
            other => bail!(
                "{} line {}: unknown field {other:?} (names, demonyms or drop)",
                path.display(),
                i + 1
            ),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_checked() {
        assert!(Key::Country.accepts("SY"));
        assert!(!Key::Country.accepts("SY.09"));
        assert!(Key::Admin1.accepts("SY.09"));
        assert!(Key::Admin1.accepts("PS.GZ"));
        assert!(!Key::Admin1.accepts("SY"));
        assert!(!Key::Admin1.accepts("sy.09"));
        assert!(Key::Continent.accepts("EU"));
        assert!(!Key::Continent.accepts("SY"));
    }
}
