//! `sitrep ingest`: stream documents through the extractor into the event store.
//!
//! Same readers and parallel batches as `extract` ([`crate::extract::process_batches`]); the
//! records are serialised on the workers ([`PreparedDoc`]) and written by a dedicated writer
//! thread, in input order, while the next batches are read and extracted. Each batch is written
//! in one transaction, so a killed run leaves whole batches only and re-running it completes the
//! store without duplicates (documents already stored are skipped by URL and content hash). A progress bar shows on a terminal; otherwise a log line every few seconds.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use sitrep_core::Extractor;
use sitrep_ingest::InputFormat;
use sitrep_store::{IngestStats, PreparedDoc, Store, TextFacts};

use crate::extract::{count, process_batches, Stream};

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files or directories to read (text, HTML, JSONL, feeds, WARC; optionally `.gz`); `-` is
    /// stdin; an `http://` or `https://` URL is downloaded (a feed URL: with its articles).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The store (SQLite); created when missing.
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    /// Force the input format instead of detecting it: text, html, jsonl, feed or warc.
    #[arg(long = "input-format", value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
    /// Publication date (YYYY-MM-DD) for documents whose metadata gives none.
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Language of every document (ISO 639-1), instead of detecting it.
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
    /// Gazetteer image or table to use instead of the embedded one.
    #[arg(long, value_name = "FILE")]
    pub gazetteer: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Documents per parallel batch and per transaction (bounds memory).
    #[arg(long, default_value_t = 256)]
    pub batch: usize,
    /// Largest document accepted, in bytes; larger records are skipped with a diagnostic.
    #[arg(long, default_value_t = sitrep_ingest::DEFAULT_MAX_DOC_BYTES)]
    pub max_doc_bytes: usize,
    /// Exit with status 1 if any input issue or document diagnostic of level warning or error
    /// was reported.
    #[arg(long)]
    pub strict: bool,
    /// Exit with status 0 even when an input could not be read (missing, permission denied,
    /// not a file, a URL that cannot be fetched); it is still reported.
    #[arg(long)]
    pub keep_going: bool,
    #[command(flatten)]
    pub fetch: crate::extract::FetchArgs,
}

/// Progress reporting: a bar on a terminal, a log line every 10 s otherwise.
struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    last_log: std::cell::Cell<Instant>,
}

impl Progress {
    fn new() -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
                    .expect("valid progress template"),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        let now = Instant::now();
        Progress {
            bar,
            started: now,
            last_log: std::cell::Cell::new(now),
        }
    }

    fn line(&self, docs: usize, events: usize, issues: usize) -> String {
        let rate = docs as f64 / self.started.elapsed().as_secs_f64().max(1e-9);
        format!(
            "{} ({rate:.0} docs/s), {}, {}",
            count(docs, "document"),
            count(events, "event"),
            count(issues, "issue")
        )
    }

    fn update(&self, docs: usize, events: usize, issues: usize) {
        let line = self.line(docs, events, issues);
        match &self.bar {
            Some(bar) => bar.set_message(line),
            None if self.last_log.get().elapsed() >= Duration::from_secs(10) => {
                eprintln!("sitrep: ingest: {line}");
                self.last_log.set(Instant::now());
            }
            None => {}
        }
    }

    fn message(&self, msg: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{msg}")),
            None => eprintln!("{msg}"),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// How many nice steps the extraction workers run below the reader and the store writer.
/// The writer is the one stage that cannot be split (SQLite takes one writer), and it needs
/// over 40 % of an ingest's CPU time: 5.8–6.5 s of ~14 s for the 20,000-article archive of
/// `bench-store` (per-thread CPU times; SQLite runs at about half the instruction rate of the
/// extraction), so at the two-core rate it must run ~85 % of the time. At equal priority, a
/// worker sharing its core gets half of it, the writer falls behind, its queue fills, and at
/// the end of the input it writes up to four queued batches alone while the other core idles
/// (writer runnable 93–96 % of the time, BENCHMARKS.md). Five steps (weight 335 against
/// 1,024) leave the writer 75 % of a core it shares with a worker, and all of it when its
/// queue is full and the workers wait; the workers take whatever the writer and the reader
/// leave. Not more: on a machine shared with other programs, the workers still compete
/// with them.
const WORKER_NICE: i32 = 5;

pub fn run(args: IngestArgs) -> anyhow::Result<ExitCode> {
    crate::extract::check_and_start_workers(args.published.as_deref(), args.jobs, WORKER_NICE)?;
    // The store writes the ingestion time: a malformed SOURCE_DATE_EPOCH fails before anything.
    sitrep_formats::Clock::from_env()?;
    // Open the store first: a wrong --db fails before the models load.
    let mut store = Store::open(&args.db)?;
    let gaz = crate::load_gazetteer(args.gazetteer.as_ref())?;
    let extractor = Extractor::new(gaz);
    let fetch = args.fetch.options()?;
    let stream = Stream {
        inputs: &args.inputs,
        input_format: args.input_format,
        published: args.published.as_deref(),
        lang: args.lang.as_deref(),
        batch: args.batch,
        max_doc_bytes: args.max_doc_bytes,
        fetch: &fetch,
    };
    let progress = Progress::new();
    let issues = std::cell::Cell::new(0usize);
    // The store is written on its own thread: batch n is written while batch n + 1 is read and
    // extracted. The channel holds four batches, so memory stays bounded by the batch size (at
    // most four batches queued by the reader, one being extracted, four queued here, one being
    // written; a batch of 256 news articles is a few MB); batches are written in input order,
    // each in one transaction.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<PreparedDoc>>(4);
    let db = &args.db;
    let (result, written) = std::thread::scope(|scope| {
        let writer = std::thread::Builder::new()
            .name("sitrep-writer".to_string())
            .spawn_scoped(scope, move || -> anyhow::Result<IngestStats> {
                let mut stats = IngestStats::default();
                for batch in rx {
                    stats += store
                        .ingest_prepared(&batch)
                        .with_context(|| format!("writing to {}", db.display()))?;
                }
                Ok(stats)
            })
            // As `scope.spawn` does: a thread that cannot start is not an input problem.
            .expect("starting the store writer thread");
        let result = process_batches(
            &extractor,
            &stream,
            &|d, origin| {
                TextFacts::new(
                    &d.text,
                    &sitrep_text::sentences(&d.text),
                    origin.byte_offset,
                )
            },
            &mut |docs, summary| {
                // Serialising the records is CPU work: done on the workers, not the writer.
                let prepared = docs
                    .into_par_iter()
                    .map(|(doc, facts)| PreparedDoc::new(doc, facts))
                    .collect::<Result<Vec<_>, _>>()
                    .context("serialising the records")?;
                if tx.send(prepared).is_err() {
                    // The writer stopped on an error, returned below.
                    anyhow::bail!("the store writer stopped");
                }
                progress.update(summary.documents, summary.events, issues.get());
                Ok(())
            },
            &mut |issue| {
                issues.set(issues.get() + 1);
                progress.message(&format!("sitrep: {}: {issue}", issue.severity));
            },
        );
        drop(tx);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the store writer panicked")));
        (result, written)
    });
    progress.finish();
    // A writer error is the cause of a failed send: report it first.
    let stats = written?;
    let summary = result?;
    eprintln!(
        "sitrep: ingest: {}: {} new, {} skipped as {}; {}: {} merged into existing events, {} \
         new; {}",
        count(summary.documents, "document"),
        stats.new_documents,
        stats.duplicates,
        if stats.duplicates == 1 {
            "a duplicate"
        } else {
            "duplicates"
        },
        count(stats.events, "event"),
        stats.merged,
        stats.canonical,
        count(summary.input_issues, "input issue"),
    );
    for line in summary.warning_lines(args.keep_going) {
        eprintln!("{line}");
    }
    Ok(summary.exit_code(args.strict, args.keep_going))
}
