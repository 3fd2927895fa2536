//! `sitrep bench`: end-to-end throughput and memory, measured on real input.
//!
//! Reads the given inputs once into memory, then runs the extractor over them with one worker
//! and with all cores, reporting MB/s of document text, docs/s, the gazetteer load time and the
//! process's peak resident set size (`VmHWM` from `/proc/self/status`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use rayon::prelude::*;
use sitrep_core::{DocInput, Extractor};
use sitrep_ingest::ReadOptions;

#[derive(clap::Args)]
pub struct BenchArgs {
    /// Input files or directories (any format `extract` reads).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Repeat the corpus this many times per measurement (for stable timings on small inputs).
    #[arg(long, default_value_t = 1)]
    pub repeat: usize,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
    /// How much of the pipeline to run: `places` (language ID, tokens, sentences, recognition
    /// and resolution of places) or `events` (the whole record, places and events).
    #[arg(long, value_enum, default_value_t = Stage::Events)]
    pub stage: Stage,
}

/// Pipeline depth measured by `sitrep bench`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Stage {
    Places,
    Events,
}

/// Peak resident set size of this process in MiB (Linux), if known.
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn run_once(
    extractor: &Extractor,
    docs: &[DocInput],
    repeat: usize,
    threads: usize,
    stage: Stage,
) -> (f64, usize, usize) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    let started = Instant::now();
    let (places, events) = pool.install(|| {
        (0..repeat * docs.len())
            .into_par_iter()
            .map(|i| &docs[i % docs.len()])
            .map(|d| match stage {
                Stage::Events => {
                    let doc = extractor.extract(d.clone());
                    (doc.places.len(), doc.events.len())
                }
                Stage::Places => {
                    let lang = extractor.language(&d.text, d.lang.as_deref());
                    let places = extractor.places(&d.text, &lang, &mut Vec::new());
                    (places.len(), 0)
                }
            })
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    });
    (started.elapsed().as_secs_f64(), places, events)
}

pub fn run(args: BenchArgs) -> anyhow::Result<ExitCode> {
    let mut docs = Vec::new();
    let opts = ReadOptions::default();
    for input in &args.inputs {
        sitrep_ingest::read_path(input, &opts, &mut |r| {
            if let Ok(d) = r {
                docs.push(crate::extract::to_doc_input(d, None, None));
            }
        });
    }
    anyhow::ensure!(!docs.is_empty(), "no documents in the inputs");
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum::<usize>() * args.repeat;
    let n = docs.len() * args.repeat;

    let started = Instant::now();
    let gaz = crate::load_gazetteer(None)?;
    let gaz_load = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let extractor = Extractor::new(gaz);
    let engine_load = started.elapsed().as_secs_f64();
    // Warm-up: page in the gazetteer and language models.
    run_once(&extractor, &docs[..docs.len().min(20)], 1, 1, args.stage);

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut rows = Vec::new();
    for threads in [1, cores] {
        let (secs, places, events) = run_once(&extractor, &docs, args.repeat, threads, args.stage);
        rows.push(serde_json::json!({
            "threads": threads,
            "seconds": secs,
            "docs_per_s": n as f64 / secs,
            "mb_per_s": bytes as f64 / 1e6 / secs,
            "mb_per_s_per_core": bytes as f64 / 1e6 / secs / threads as f64,
            "places": places,
            "events": events,
        }));
        if cores == 1 {
            break;
        }
    }
    let result = serde_json::json!({
        "stage": format!("{:?}", args.stage).to_lowercase(),
        "documents": n,
        "text_mb": bytes as f64 / 1e6,
        "gazetteer_load_s": gaz_load,
        "engine_load_s": engine_load,
        "peak_rss_mib": peak_rss_mib(),
        "runs": rows,
    });
    if args.json {
        out!("{}", serde_json::to_string_pretty(&result)?);
    } else {
        out!(
            "stage {:?}; corpus: {} documents, {:.2} MB of text; gazetteer load {:.3}s, language models + lexicons {:.3}s",
            args.stage,
            n,
            bytes as f64 / 1e6,
            gaz_load,
            engine_load
        );
        for r in &rows {
            out!(
                "  {} thread(s): {:.1} docs/s, {:.2} MB/s ({:.2} MB/s per core), {} places, {} events, {:.2}s",
                r["threads"],
                r["docs_per_s"].as_f64().unwrap_or(0.0),
                r["mb_per_s"].as_f64().unwrap_or(0.0),
                r["mb_per_s_per_core"].as_f64().unwrap_or(0.0),
                r["places"],
                r["events"],
                r["seconds"].as_f64().unwrap_or(0.0)
            );
        }
        if let Some(rss) = peak_rss_mib() {
            out!("  peak RSS: {rss:.0} MiB");
        }
    }
    Ok(ExitCode::SUCCESS)
}
