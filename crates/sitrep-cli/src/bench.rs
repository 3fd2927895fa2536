//! `sitrep bench`: end-to-end throughput and memory, measured on real input.
//!
//! Reads the given inputs once into memory, then runs the extractor over them with one worker
//! and with all cores, reporting MB/s of document text (per second of wall-clock time and per
//! second of CPU time), docs/s, the gazetteer load time and the process's peak resident set size
//! (`VmHWM` from `/proc/self/status`).

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
    #[command(flatten)]
    pub decision: crate::decision::DecisionArgs,
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

/// CPU time this process has used so far (user + system, all threads) in seconds (Linux,
/// `/proc/self/stat`, in the kernel's fixed 100 Hz user-visible ticks). Unlike wall-clock time it
/// leaves out the time the machine gave to other work, so it is the steadier measure on a shared
/// or virtual machine.
pub fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may contain spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name and state.
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn run_once(
    extractor: &Extractor,
    docs: &[DocInput],
    repeat: usize,
    threads: usize,
    stage: Stage,
) -> (f64, Option<f64>, usize, usize) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    let cpu_before = cpu_seconds();
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
    let cpu = cpu_seconds()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    (started.elapsed().as_secs_f64(), cpu, places, events)
}

pub fn run(args: BenchArgs) -> anyhow::Result<ExitCode> {
    let mut docs = Vec::new();
    let opts = ReadOptions::default();
    for input in &args.inputs {
        sitrep_ingest::read_path(input, &opts, &mut |r| {
            if let Ok(d) = r {
                docs.push(d.into_doc_input(None, None));
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
    let extractor = args.decision.extractor(gaz)?;
    let engine_load = started.elapsed().as_secs_f64();
    // Warm-up: page in the gazetteer and language models.
    run_once(&extractor, &docs[..docs.len().min(20)], 1, 1, args.stage);

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut rows = Vec::new();
    for threads in [1, cores] {
        let (secs, cpu, places, events) =
            run_once(&extractor, &docs, args.repeat, threads, args.stage);
        rows.push(serde_json::json!({
            "threads": threads,
            "seconds": secs,
            "cpu_seconds": cpu,
            "mb_per_cpu_s": cpu.filter(|&c| c > 0.0).map(|c| bytes as f64 / 1e6 / c),
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
            let per_cpu = r["mb_per_cpu_s"]
                .as_f64()
                .map_or(String::new(), |v| format!(", {v:.2} MB per CPU-second"));
            out!(
                "  {} thread(s): {:.1} docs/s, {:.2} MB/s ({:.2} MB/s per core{per_cpu}), {} places, {} events, {:.2}s",
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
