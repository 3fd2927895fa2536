//! `sitrep`: turn conflict and crisis news into structured, geolocated records.
//!
//! Subcommands: `extract` (documents in, records out), `ingest`, `query`, `export` and
//! `store` (the SQLite event store with cross-article merging), `serve` (HTTP API and web map
//! over a store), `eval` (scores against gold data), `gazetteer` (build or inspect a
//! gazetteer), `bench`, `bench-store`, `bench-serve` (throughput and memory). Exit status:
//! 0 on success (diagnostics about individual documents do not change it), 1 with `--strict`
//! when any input issue or document diagnostic of level warning or error was reported, 2 for
//! usage, configuration or IO errors, and for an input of `extract` or `ingest` that could not
//! be read unless `--keep-going` (see [`extract::EXIT_STATUS`]).

/// `println!` that ends the process quietly when stdout is closed (`sitrep eval … | head`),
/// as Unix tools do on SIGPIPE, instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

mod bench;
mod bench_store;
mod decision;
mod eval;
mod extract;
mod gazetteer;
mod ingest;
mod output;
mod serve;
mod store_cmd;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use sitrep_gazetteer::Gazetteer;

/// mimalloc instead of the system allocator: extraction allocates many short-lived strings
/// and vectors per document; measured in BENCHMARKS.md ("Throughput").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "sitrep",
    version,
    about = "Conflict news → geolocated, source-attributed event data"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract places (and events) from documents: files, directories, or `-` for stdin.
    #[command(after_help = extract::EXIT_STATUS)]
    Extract(extract::ExtractArgs),
    /// Extract documents into an event store (SQLite), merging reports of the same event.
    #[command(after_help = extract::EXIT_STATUS)]
    Ingest(ingest::IngestArgs),
    /// Search the canonical events of a store.
    Query(store_cmd::QueryArgs),
    /// Write the canonical events of a store as ACLED CSV, JSONL, GeoJSON or Parquet.
    Export(store_cmd::ExportArgs),
    /// Maintain a store: undo a merge, show counts.
    #[command(subcommand)]
    Store(store_cmd::StoreCommand),
    /// Score sitrep against gold data.
    #[command(subcommand)]
    Eval(eval::EvalCommand),
    /// Build or inspect gazetteers.
    #[command(subcommand)]
    Gazetteer(gazetteer::GazetteerCommand),
    /// Measure throughput (MB/s, docs/s on one and all cores), gazetteer load time and peak RSS.
    Bench(bench::BenchArgs),
    /// Measure `extract` and `ingest` end to end on a generated CC-NEWS-like WARC.gz.
    BenchStore(bench_store::BenchStoreArgs),
    /// Serve the HTTP API and the web map over a store.
    Serve(serve::ServeArgs),
    /// Build a store of at least N canonical events from real texts, for load tests of `serve`.
    BenchServe(serve::BenchServeArgs),
}

/// Loads `--gazetteer FILE` (an image from `sitrep gazetteer build`, or a source table
/// `.tsv`/`.tsv.gz`) or the embedded default.
pub(crate) fn load_gazetteer(path: Option<&PathBuf>) -> anyhow::Result<Arc<Gazetteer>> {
    let gaz = match path {
        None => sitrep_gazetteer_data::load().context("loading the embedded gazetteer")?,
        Some(p) => gazetteer::load_file(p)?,
    };
    Ok(Arc::new(gaz))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Ingest(args) => ingest::run(args),
        Command::Query(args) => store_cmd::run_query(args),
        Command::Export(args) => store_cmd::run_export(args),
        Command::Store(cmd) => store_cmd::run_store(cmd),
        Command::Eval(cmd) => eval::run(cmd),
        Command::Gazetteer(cmd) => gazetteer::run(cmd),
        Command::Bench(args) => bench::run(args),
        Command::BenchStore(args) => bench_store::run(args),
        Command::Serve(args) => serve::run(args),
        Command::BenchServe(args) => serve::run_bench(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("sitrep: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
