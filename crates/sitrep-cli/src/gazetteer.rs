//! `sitrep gazetteer`: build an image from GeoNames dumps or a source table, inspect one.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use sitrep_gazetteer::{read_table, Gazetteer, Record};

#[derive(clap::Subcommand)]
pub enum GazetteerCommand {
    /// Build a gazetteer image from GeoNames dumps (allCountries.txt, XX.txt, their .zip,
    /// cities500.txt, alternateNamesV2.txt) and/or source tables (.tsv, .tsv.gz).
    Build(BuildArgs),
    /// Show what a gazetteer contains.
    Info {
        /// Gazetteer image or table (default: the embedded one).
        #[arg(long, value_name = "FILE")]
        gazetteer: Option<PathBuf>,
    },
    /// Look a name up.
    Lookup {
        name: String,
        #[arg(long, value_name = "FILE")]
        gazetteer: Option<PathBuf>,
        /// Show at most this many entries.
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
}

#[derive(clap::Args)]
pub struct BuildArgs {
    /// GeoNames dump files or sitrep source tables.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output image.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: PathBuf,
    /// Do not merge the embedded default table (countries, admin1, features) into the build.
    #[arg(long)]
    pub no_default: bool,
    /// Keep populated places from this population up (GeoNames dumps only).
    #[arg(long, default_value_t = 0)]
    pub min_population: u64,
}

fn is_table(p: &Path) -> bool {
    let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    n.ends_with(".tsv") || n.ends_with(".tsv.gz")
}

fn read_table_file(p: &Path) -> anyhow::Result<Vec<Record>> {
    let file = File::open(p).with_context(|| format!("opening {}", p.display()))?;
    let reader: Box<dyn Read> = if p.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    read_table(BufReader::new(reader)).with_context(|| format!("reading {}", p.display()))
}

/// Loads a gazetteer file: an image (by its magic) or a source table.
pub fn load_file(p: &Path) -> anyhow::Result<Gazetteer> {
    if is_table(p) {
        let records = read_table_file(p)?;
        return Gazetteer::from_records(&records)
            .with_context(|| format!("indexing {}", p.display()));
    }
    let bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
    Gazetteer::from_bytes(Cow::Owned(bytes)).with_context(|| format!("loading {}", p.display()))
}

pub fn run(cmd: GazetteerCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        GazetteerCommand::Build(args) => build(args),
        GazetteerCommand::Info { gazetteer } => {
            let started = Instant::now();
            let g = crate::load_gazetteer(gazetteer.as_ref())?;
            let load = started.elapsed();
            let mut by_class = std::collections::BTreeMap::new();
            for p in g.places() {
                *by_class.entry(p.feature.clone()).or_insert(0usize) += 1;
            }
            out!("places: {}", g.len());
            out!("name keys: {}", g.key_count());
            out!("load time: {:.1} ms", load.as_secs_f64() * 1000.0);
            if gazetteer.is_none() {
                out!("data version: {}", sitrep_gazetteer_data::VERSION.trim());
                out!("{}", sitrep_gazetteer_data::ATTRIBUTION);
            }
            let mut classes: Vec<_> = by_class.into_iter().collect();
            classes.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
            for (f, n) in classes.iter().take(15) {
                out!("  {f:<8} {n}");
            }
            Ok(ExitCode::SUCCESS)
        }
        GazetteerCommand::Lookup {
            name,
            gazetteer,
            limit,
        } => {
            let g = crate::load_gazetteer(gazetteer.as_ref())?;
            let ids = g.lookup(&name);
            if ids.is_empty() {
                out!("no entry for {name:?}");
            }
            for &id in ids.iter().take(limit) {
                let p = g.place(id);
                let admin1 = g.admin1_of(p).map(|a| a.name.as_str()).unwrap_or("");
                out!(
                    "{}\t{}\t{}\t{}\t{}\t{:.4},{:.4}\tpop {}",
                    p.geonameid.map(|i| i.to_string()).unwrap_or_default(),
                    p.name,
                    p.feature,
                    p.country,
                    admin1,
                    p.lat,
                    p.lon,
                    p.population
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn build(args: BuildArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let (tables, dumps): (Vec<&PathBuf>, Vec<&PathBuf>) =
        args.inputs.iter().partition(|p| is_table(p));
    let mut records: Vec<Record> = Vec::new();
    if !dumps.is_empty() {
        let opts = sitrep_gazetteer::geonames::DumpOptions {
            min_population: args.min_population,
            ..Default::default()
        };
        let paths: Vec<PathBuf> = dumps.into_iter().cloned().collect();
        let (recs, report) = sitrep_gazetteer::geonames::read_geonames(&paths, &opts)?;
        for line in &report.skipped_lines {
            eprintln!("sitrep: warning: {line}");
        }
        eprintln!(
            "sitrep: read {} places with {} names ({} filtered out, {} duplicates, {} malformed lines)",
            report.places, report.names, report.filtered, report.duplicates, report.skipped
        );
        records.extend(recs);
    }
    for t in tables {
        records.extend(read_table_file(t)?);
    }
    if !args.no_default {
        // Entries of the default image that the dumps do not have (same GeoNames id or, for
        // reviewed features without an id, same name and feature) are added.
        let default = sitrep_gazetteer_data::load().context("loading the embedded gazetteer")?;
        let have: std::collections::HashSet<u32> =
            records.iter().filter_map(|r| r.geonameid).collect();
        let mut names = default.keys_by_place(sitrep_gazetteer::Index::Names);
        let mut demonyms = default.keys_by_place(sitrep_gazetteer::Index::Demonyms);
        let mut added = 0;
        for (i, p) in default.places().iter().enumerate() {
            if p.geonameid.is_some_and(|id| have.contains(&id)) {
                continue;
            }
            records.push(Record {
                geonameid: p.geonameid,
                name: p.name.clone(),
                feature: p.feature.clone(),
                country: p.country.clone(),
                admin1: p.admin1.clone(),
                lat: f64::from(p.lat),
                lon: f64::from(p.lon),
                population: p.population,
                names: std::mem::take(&mut names[i]),
                demonyms: std::mem::take(&mut demonyms[i]),
                source: "sitrep-default".into(),
            });
            added += 1;
        }
        eprintln!("sitrep: merged {added} entries from the embedded default gazetteer");
    }
    anyhow::ensure!(!records.is_empty(), "no gazetteer entries were read");
    let image = sitrep_gazetteer::build(&records).context("building the index")?;
    std::fs::write(&args.output, &image)
        .with_context(|| format!("writing {}", args.output.display()))?;
    eprintln!(
        "sitrep: wrote {} ({} places, {:.1} MB) in {:.1}s",
        args.output.display(),
        records.len(),
        image.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
