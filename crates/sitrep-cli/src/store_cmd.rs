//! `sitrep query`, `sitrep export` and `sitrep store`: reading and maintaining the event store.
//!
//! Every output is one row (line, feature) per canonical event, in event-date order, with the
//! reports behind it. ACLED CSV and Parquet carry ACLED's 31 columns in ACLED's order, then
//! `n_sources` and `source_urls`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use serde_json::json;
use sitrep_core::Extractor;
use sitrep_formats::acled::{self, CanonicalRow};
use sitrep_formats::geojson::{self, FeatureWriter, Layout};
use sitrep_formats::Clock;
use sitrep_store::{CanonicalEvent, Query, Store, StoreError};

use crate::output::acled_region;

/// Filters shared by `query` and `export`.
#[derive(clap::Args)]
pub struct Filters {
    /// The store (SQLite).
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    /// Earliest event date (YYYY-MM-DD), inclusive.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Latest event date (YYYY-MM-DD), inclusive.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Bounding box: min_lon,min_lat,max_lon,max_lat.
    #[arg(long, value_name = "BOX", allow_hyphen_values = true)]
    pub bbox: Option<String>,
    /// Event type or sub-event type (`Battles`, `Air/drone strike`), case-insensitive.
    #[arg(long = "type", value_name = "TYPE")]
    pub event_type: Option<String>,
    /// Part of an actor name, case-insensitive.
    #[arg(long)]
    pub actor: Option<String>,
    /// Country: ISO 3166 alpha-2 code or name.
    #[arg(long)]
    pub country: Option<String>,
    /// Full-text query (SQLite FTS5 syntax) over the evidence and document sentences.
    #[arg(long)]
    pub text: Option<String>,
    /// Claim status of the event or of its fatality figure: `reported` (the outlet's own
    /// account), `claimed` (attributed to a party), `denied`, `unconfirmed`.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(sitrep_core::schema::CLAIM_STATUSES))]
    pub claim: Option<String>,
    /// Most events to return.
    #[arg(long)]
    pub limit: Option<usize>,
}

impl Filters {
    fn query(&self) -> anyhow::Result<Query> {
        for (flag, v) in [("--since", &self.since), ("--until", &self.until)] {
            if let Some(d) = v {
                anyhow::ensure!(
                    sitrep_store::dedup::days(d).is_some() && d.len() == 10,
                    "{flag} {d:?} is not a date (expected YYYY-MM-DD)"
                );
            }
        }
        let bbox = match &self.bbox {
            None => None,
            Some(b) => {
                let v: Vec<f64> = b
                    .split(',')
                    .map(|x| x.trim().parse::<f64>())
                    .collect::<Result<_, _>>()
                    .ok()
                    .filter(|v: &Vec<f64>| v.len() == 4)
                    .with_context(|| {
                        format!("--bbox {b:?}: expected min_lon,min_lat,max_lon,max_lat")
                    })?;
                anyhow::ensure!(
                    v[0] <= v[2] && v[1] <= v[3],
                    "--bbox {b:?}: the minimum must come before the maximum (min_lon,min_lat,max_lon,max_lat)"
                );
                Some([v[0], v[1], v[2], v[3]])
            }
        };
        Ok(Query {
            since: self.since.clone(),
            until: self.until.clone(),
            bbox,
            event_type: self.event_type.clone(),
            actor: self.actor.clone(),
            country: self.country.clone(),
            text: self.text.clone(),
            claim: self.claim.clone(),
            limit: self.limit,
        })
    }

    fn open(&self) -> anyhow::Result<Store> {
        anyhow::ensure!(
            self.db.exists(),
            "{}: no such store (create it with `sitrep ingest --db`)",
            self.db.display()
        );
        Ok(Store::open(&self.db)?)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum QueryFormat {
    /// An aligned table for reading.
    Table,
    /// One canonical event per line: `{id, event, sources}`.
    Jsonl,
    /// ACLED columns, then `n_sources` and `source_urls`.
    Csv,
}

#[derive(clap::Args)]
pub struct QueryArgs {
    #[command(flatten)]
    pub filters: Filters,
    #[arg(long, value_enum, default_value = "table")]
    pub format: QueryFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// ACLED columns, then `n_sources` and `source_urls`.
    AcledCsv,
    /// One canonical event per line: `{id, event, sources}`.
    Jsonl,
    /// A FeatureCollection of the located canonical events.
    Geojson,
    /// Apache Parquet: ACLED columns (typed), `n_sources`, `source_urls` (list).
    Parquet,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub filters: Filters,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Output file (default: stdout; required for Parquet).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(clap::Subcommand)]
pub enum StoreCommand {
    /// Undo a merge: detach a raw event (its id as extracted, e.g. `doc-2`) from its canonical
    /// event into a canonical event of its own that automatic merging leaves alone.
    Unmerge {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        event_id: String,
    },
    /// Schema version and row counts.
    Info {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
    },
}

/// The extractor, for the ACLED region column.
fn extractor() -> anyhow::Result<Extractor> {
    Ok(Extractor::new(crate::load_gazetteer(None)?))
}

/// The row of a canonical event in CSV and Parquet exports.
fn canonical_row<'a>(c: &'a CanonicalEvent, ex: &'a Extractor, timestamp: u64) -> CanonicalRow<'a> {
    CanonicalRow::new(c, acled_region(ex, &c.event), timestamp)
}

/// An output error inside a store callback.
fn output_error(e: std::io::Error) -> StoreError {
    StoreError::Io("output".into(), e)
}

fn write_csv(store: &Store, q: &Query, out: &mut dyn Write) -> anyhow::Result<usize> {
    let timestamp = Clock::from_env()?.now();
    let ex = extractor()?;
    writeln!(out, "{}", acled::canonical_csv_header())?;
    Ok(store.query_each(q, &mut |c| {
        writeln!(out, "{}", canonical_row(&c, &ex, timestamp).csv_line()).map_err(output_error)
    })?)
}

fn write_jsonl(store: &Store, q: &Query, out: &mut dyn Write) -> anyhow::Result<usize> {
    Ok(store.query_each(q, &mut |c| {
        let line = serde_json::to_string(&c)?;
        writeln!(out, "{line}").map_err(output_error)
    })?)
}

fn write_geojson(store: &Store, q: &Query, out: &mut dyn Write) -> anyhow::Result<usize> {
    let mut features = FeatureWriter::new(out, sitrep_gazetteer_data::ATTRIBUTION, Layout::Lines)?;
    store.query_each(q, &mut |c| match geojson::canonical_feature(&c) {
        Some(f) => features.push(&f).map_err(output_error),
        None => Ok(()),
    })?;
    let n = features.len();
    features.finish()?;
    Ok(n)
}

fn write_table(store: &Store, q: &Query, out: &mut dyn Write) -> anyhow::Result<usize> {
    let rows = store.query(q)?;
    let cut = |s: &str, n: usize| -> String {
        if s.chars().count() <= n {
            s.to_string()
        } else {
            s.chars().take(n - 1).chain(['…']).collect()
        }
    };
    writeln!(
        out,
        "{:>6}  {:<10}  {:<34}  {:<28}  {:<22}  {:>4}  {:>3}",
        "id", "date", "type", "actor1", "location", "dead", "src"
    )?;
    for c in &rows {
        let e = &c.event;
        let place = match (&e.location, &e.iso) {
            (Some(l), Some(i)) => format!("{l} ({i})"),
            (Some(l), None) => l.clone(),
            (None, Some(i)) => i.clone(),
            (None, None) => String::new(),
        };
        writeln!(
            out,
            "{:>6}  {:<10}  {:<34}  {:<28}  {:<22}  {:>4}  {:>3}",
            c.id,
            e.event_date.as_deref().unwrap_or("-"),
            cut(&e.sub_event_type, 34),
            cut(e.actor1.as_deref().unwrap_or("-"), 28),
            cut(&place, 22),
            e.fatalities,
            c.sources.len()
        )?;
    }
    Ok(rows.len())
}

fn output(path: Option<&PathBuf>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(BufWriter::new(
            File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    })
}

pub fn run_query(args: QueryArgs) -> anyhow::Result<ExitCode> {
    let q = args.filters.query()?;
    let store = args.filters.open()?;
    let mut out = output(None)?;
    let n = match args.format {
        QueryFormat::Table => write_table(&store, &q, &mut out)?,
        QueryFormat::Jsonl => write_jsonl(&store, &q, &mut out)?,
        QueryFormat::Csv => write_csv(&store, &q, &mut out)?,
    };
    out.flush().context("writing the output")?;
    eprintln!("sitrep: query: {n} events");
    Ok(ExitCode::SUCCESS)
}

pub fn run_export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let q = args.filters.query()?;
    let store = args.filters.open()?;
    let n = if args.format == ExportFormat::Parquet {
        let path = args
            .output
            .as_ref()
            .context("--format parquet needs -o FILE")?;
        write_parquet(&store, &q, path)?
    } else {
        let mut out = output(args.output.as_ref())?;
        let n = match args.format {
            ExportFormat::AcledCsv => write_csv(&store, &q, &mut out)?,
            ExportFormat::Jsonl => write_jsonl(&store, &q, &mut out)?,
            ExportFormat::Geojson => write_geojson(&store, &q, &mut out)?,
            ExportFormat::Parquet => unreachable!("handled above"),
        };
        out.flush().context("writing the output")?;
        n
    };
    eprintln!("sitrep: export: {n} events");
    Ok(ExitCode::SUCCESS)
}

#[cfg(feature = "parquet")]
fn write_parquet(store: &Store, q: &Query, path: &PathBuf) -> anyhow::Result<usize> {
    let timestamp = Clock::from_env()?.now();
    let ex = extractor()?;
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut w = sitrep_formats::parquet::CanonicalParquet::new(file)?;
    let n = store.query_each(q, &mut |c| {
        w.push(&canonical_row(&c, &ex, timestamp))
            .map_err(|e| StoreError::Io("parquet".into(), std::io::Error::other(e.to_string())))
    })?;
    w.finish()
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(n)
}

#[cfg(not(feature = "parquet"))]
fn write_parquet(_: &Store, _: &Query, _: &PathBuf) -> anyhow::Result<usize> {
    anyhow::bail!("this sitrep was built without Parquet support (cargo feature `parquet`)")
}

pub fn run_store(cmd: StoreCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        StoreCommand::Unmerge { db, event_id } => {
            anyhow::ensure!(db.exists(), "{}: no such store", db.display());
            let mut store = Store::open(&db)?;
            let id = store.unmerge(&event_id)?;
            out!(
                "{event_id}: now canonical event {id} (pinned: automatic merging leaves it alone)"
            );
        }
        StoreCommand::Info { db } => {
            anyhow::ensure!(db.exists(), "{}: no such store", db.display());
            let store = Store::open(&db)?;
            let info =
                json!({"schema_version": store.schema_version()?, "counts": store.counts()?});
            out!("{}", serde_json::to_string_pretty(&info)?);
        }
    }
    Ok(ExitCode::SUCCESS)
}
