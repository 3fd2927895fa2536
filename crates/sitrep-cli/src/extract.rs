//! `sitrep extract`: stream documents through the extractor in parallel batches.
//!
//! Inputs are read one record at a time; every `--batch` documents are processed on all cores
//! (rayon) and written in input order, so memory is bounded by the batch, not the input, and the
//! output is deterministic.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;
use rayon::prelude::*;
use sitrep_core::{DocInput, Document, Extractor};
use sitrep_ingest::{FetchOptions, InputDoc, InputFormat, Origin, ReadOptions, Severity};

use crate::output::{Format, Writer};

#[derive(clap::Args)]
pub struct ExtractArgs {
    /// Files or directories to read (`.txt`, `.html`, `.jsonl`, feeds, WARC, optionally `.gz`);
    /// `-` is stdin; an `http://` or `https://` URL is downloaded (a feed URL: with its articles).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Force the input format instead of detecting it: text, html, jsonl, feed or warc.
    #[arg(long = "input-format", value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
    /// Publication date (YYYY-MM-DD) for documents whose metadata gives none.
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Language of every document (ISO 639-1), instead of detecting it.
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: Format,
    /// Output file (default: stdout).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Gazetteer image or table to use instead of the embedded one.
    #[arg(long, value_name = "FILE")]
    pub gazetteer: Option<PathBuf>,
    /// Exit with status 1 if any input issue or document diagnostic of level warning or error
    /// was reported.
    #[arg(long)]
    pub strict: bool,
    /// Exit with status 0 even when an input could not be read (missing, permission denied,
    /// not a file, a URL that cannot be fetched); it is still reported.
    #[arg(long)]
    pub keep_going: bool,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Documents processed per parallel batch (bounds memory).
    #[arg(long, default_value_t = 256)]
    pub batch: usize,
    /// Largest document accepted, in bytes; larger records are skipped with a diagnostic.
    #[arg(long, default_value_t = sitrep_ingest::DEFAULT_MAX_DOC_BYTES)]
    pub max_doc_bytes: usize,
    #[command(flatten)]
    pub fetch: FetchArgs,
    #[command(flatten)]
    pub decision: crate::decision::DecisionArgs,
}

/// How URL inputs are fetched (shared by `extract` and `ingest`).
#[derive(clap::Args, Debug, Clone)]
pub struct FetchArgs {
    /// Seconds allowed for each request of a URL input (to connect and get an answer; for an
    /// article, the whole download).
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub fetch_timeout: f64,
    /// For a feed URL, read the feed alone: do not fetch the articles of items without full
    /// content (their summaries are used).
    #[arg(long)]
    pub no_fetch_articles: bool,
    /// Shortest interval between two requests to the same host, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 250)]
    pub fetch_interval_ms: u64,
}

impl FetchArgs {
    pub fn options(&self) -> anyhow::Result<FetchOptions> {
        anyhow::ensure!(
            self.fetch_timeout.is_finite() && self.fetch_timeout > 0.0,
            "--fetch-timeout must be a positive number of seconds"
        );
        Ok(FetchOptions {
            timeout: std::time::Duration::from_secs_f64(self.fetch_timeout),
            articles: !self.no_fetch_articles,
            host_interval: std::time::Duration::from_millis(self.fetch_interval_ms),
            ..FetchOptions::default()
        })
    }
}

/// The exit statuses of `extract` and `ingest`, shown at the end of their `--help`.
pub const EXIT_STATUS: &str = "\
Exit status:
  0  the run completed (issues with single records or documents are reported, not fatal)
  1  with --strict: some input issue, or some diagnostic of level warning or error
  2  an input could not be read (missing, permission denied, not a file, a URL that cannot be
     fetched; every other input is still processed), unless --keep-going; or a usage,
     configuration or IO error (bad option, unreadable gazetteer, unwritable output or store)";

/// Counts for the closing summary.
#[derive(Debug, Default)]
pub struct Summary {
    pub documents: usize,
    pub places: usize,
    pub events: usize,
    pub input_issues: usize,
    pub serious: usize,
    /// Inputs that could not be read at all ([`sitrep_ingest::InputIssue::unreadable`]).
    pub unreadable: usize,
    /// Documents with at least one event whose date is unknown.
    pub undated: usize,
    /// Documents with a diagnostic of level warning or error, by diagnostic code.
    pub warnings: BTreeMap<String, usize>,
}

/// The code of the diagnostic about events left undated for want of a publication date: the
/// summary reports those documents on a line of their own, with the fix.
const NO_PUBLICATION_DATE: &str = "date.no-publication-date";

/// `1 document`, `2 documents`.
pub fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

impl Summary {
    fn add(&mut self, doc: &Document) {
        self.documents += 1;
        self.places += doc.places.len();
        self.events += doc.events.len();
        let serious: Vec<&str> = doc
            .diagnostics
            .iter()
            .filter(|d| d.level != "info")
            .map(|d| d.code.as_str())
            .collect();
        self.serious += serious.len();
        let mut codes = serious;
        codes.sort_unstable();
        codes.dedup();
        for code in codes {
            *self.warnings.entry(code.to_string()).or_default() += 1;
        }
        if doc
            .events
            .iter()
            .any(|e| e.event_date.as_deref().is_none_or(str::is_empty))
        {
            self.undated += 1;
        }
    }

    /// The lines after the counts: documents with undated events and how to date them, the
    /// other warnings by code, inputs that could not be read. People read stderr, not the
    /// diagnostics inside each record (which a CSV does not even have).
    pub fn warning_lines(&self, keep_going: bool) -> Vec<String> {
        let mut lines = Vec::new();
        if self.undated > 0 {
            let has = if self.undated == 1 { "has" } else { "have" };
            lines.push(format!(
                "sitrep: warning: {} {has} events without a date ({NO_PUBLICATION_DATE}): no \
                 publication date in the metadata or first lines; give it with --published \
                 YYYY-MM-DD",
                count(self.undated, "document"),
            ));
        }
        let others: Vec<String> = self
            .warnings
            .iter()
            .filter(|(code, _)| *code != NO_PUBLICATION_DATE)
            .map(|(code, n)| format!("{code} in {}", count(*n, "document")))
            .collect();
        if !others.is_empty() {
            lines.push(format!(
                "sitrep: warning: diagnostics of level warning or error: {} (see `diagnostics` \
                 in the JSONL records)",
                others.join(", ")
            ));
        }
        if self.unreadable > 0 {
            lines.push(format!(
                "sitrep: error: {} could not be read (see above); the others were processed{}",
                count(self.unreadable, "input"),
                if keep_going {
                    ""
                } else {
                    "; exit status 2 (--keep-going: 0)"
                }
            ));
        }
        lines
    }

    /// The exit status: 2 for an unreadable input unless `keep_going`, 1 with `strict` when
    /// anything was reported, else 0 (see [`EXIT_STATUS`]).
    pub fn exit_code(&self, strict: bool, keep_going: bool) -> ExitCode {
        if self.unreadable > 0 && !keep_going {
            ExitCode::from(2)
        } else if strict && self.serious > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// What to read and how to batch it: the part of the arguments `extract` and `ingest` share.
#[derive(Debug, Clone, Copy)]
pub struct Stream<'a> {
    pub inputs: &'a [PathBuf],
    pub input_format: Option<InputFormat>,
    pub published: Option<&'a str>,
    pub lang: Option<&'a str>,
    pub batch: usize,
    pub max_doc_bytes: usize,
    pub fetch: &'a FetchOptions,
}

impl ExtractArgs {
    pub fn stream<'a>(&'a self, fetch: &'a FetchOptions) -> Stream<'a> {
        Stream {
            inputs: &self.inputs,
            input_format: self.input_format,
            published: self.published.as_deref(),
            lang: self.lang.as_deref(),
            batch: self.batch,
            max_doc_bytes: self.max_doc_bytes,
            fetch,
        }
    }
}

/// Reads every input, extracts in parallel batches, and hands records to `emit` in input
/// order.
pub fn process(
    extractor: &Extractor,
    args: &ExtractArgs,
    emit: &mut dyn FnMut(&Document) -> std::io::Result<()>,
) -> anyhow::Result<Summary> {
    let fetch = args.fetch.options()?;
    process_batches(
        extractor,
        &args.stream(&fetch),
        &|_, _| (),
        &mut |docs, _| {
            for (doc, ()) in &docs {
                emit(doc).context("writing the output")?;
            }
            Ok(())
        },
        &mut |issue| eprintln!("sitrep: {}: {issue}", issue.severity),
    )
}

/// Computes, next to the extraction and in parallel, what a consumer needs from the input.
pub type Prepare<'a, T> = dyn Fn(&DocInput, &Origin) -> T + Sync + 'a;
/// Receives each extracted batch, in input order, with the running summary.
pub type OnBatch<'a, T> = dyn FnMut(Vec<(Document, T)>, &Summary) -> anyhow::Result<()> + 'a;

/// The streaming core of `extract` and `ingest`: reads every input one record at a time (on a
/// reader thread, batches ahead); every `batch` documents, runs `prepare` and the extractor
/// on all cores (rayon) and hands the batch to `on_batch` in input order, with the running
/// summary. Memory is bounded by the batch, not the input. Input issues go to `on_issue` as
/// they are met. After `on_batch` fails, the remaining input is read but not processed, and the
/// error is returned.
///
/// Three stages, each on its own thread, joined by bounded channels: reading (decompression,
/// HTML main text), extraction (a thread that hands each batch to the worker pool and waits
/// for it), and `on_batch` on the calling thread. `on_batch` of batch n (`extract`: writing
/// the JSON; `ingest`: serialising the records for the store) runs while batch n + 1 is
/// extracted: when the calling thread both extracted and handed over, the workers waited for
/// every hand-over.
pub fn process_batches<T: Send>(
    extractor: &Extractor,
    stream: &Stream<'_>,
    prepare: &Prepare<'_, T>,
    on_batch: &mut OnBatch<'_, T>,
    on_issue: &mut dyn FnMut(&sitrep_ingest::InputIssue),
) -> anyhow::Result<Summary> {
    let opts = ReadOptions {
        format: stream.input_format,
        max_doc_bytes: stream.max_doc_bytes,
    };
    let mut summary = Summary::default();
    let batch_size = stream.batch.max(1);
    let mut failed: Option<anyhow::Error> = None;
    // Set once `on_batch` failed: the extraction stage then only passes issues on.
    let stop = AtomicBool::new(false);
    // Reading (decompression, HTML main text) runs on its own thread, ahead of the extraction;
    // the channel holds at most four messages (batches or issues), so memory stays bounded by
    // the batch size. Four rather than one or two: on a shared machine the threads are
    // descheduled in bursts, and the slack keeps the workers busy meanwhile.
    enum Msg<B> {
        Batch(B),
        Issue(sitrep_ingest::InputIssue),
    }
    let (tx, rx) = std::sync::mpsc::sync_channel::<Msg<Vec<(DocInput, Origin)>>>(4);
    // Extracted batches, in input order, with the issues met between them: one waits while
    // the next is extracted.
    let (done_tx, done_rx) = std::sync::mpsc::sync_channel::<Msg<Vec<(Document, T)>>>(1);
    std::thread::scope(|scope| {
        // Named threads: `top -H` and profilers tell the stages apart.
        let named = |name: &str| std::thread::Builder::new().name(name.to_string());
        named("sitrep-reader")
            .spawn_scoped(scope, move || {
                let mut batch: Vec<(DocInput, Origin)> = Vec::with_capacity(batch_size);
                let mut sink = |r: Result<InputDoc, sitrep_ingest::InputIssue>| match r {
                    Ok(d) => {
                        let origin = d.origin.clone();
                        batch.push((d.into_doc_input(stream.published, stream.lang), origin));
                        if batch.len() >= batch_size {
                            let full =
                                std::mem::replace(&mut batch, Vec::with_capacity(batch_size));
                            // The receiver only goes away on a panic; nothing left to do then.
                            let _ = tx.send(Msg::Batch(full));
                        }
                    }
                    Err(issue) => {
                        let _ = tx.send(Msg::Issue(issue));
                    }
                };
                for input in stream.inputs {
                    if input.as_os_str() == "-" {
                        sitrep_ingest::read_stdin(&opts, &mut sink);
                    } else if let Some(url) = input.to_str().filter(|i| sitrep_ingest::is_url(i)) {
                        sitrep_ingest::read_url(url, &opts, stream.fetch, &mut sink);
                    } else {
                        sitrep_ingest::read_path(input, &opts, &mut sink);
                    }
                }
                if !batch.is_empty() {
                    let _ = tx.send(Msg::Batch(batch));
                }
            })
            .context("starting the reader thread")?;
        let stop = &stop;
        named("sitrep-extract")
            .spawn_scoped(scope, move || {
                for msg in rx {
                    let out = match msg {
                        Msg::Batch(_) if stop.load(Ordering::Relaxed) => continue,
                        Msg::Batch(mut batch) => Msg::Batch(
                            batch
                                .par_drain(..)
                                .map(|(d, origin)| {
                                    let extra = prepare(&d, &origin);
                                    (extractor.extract_guarded(d), extra)
                                })
                                .collect(),
                        ),
                        Msg::Issue(issue) => Msg::Issue(issue),
                    };
                    // The receiver only goes away on a panic; nothing left to do then.
                    if done_tx.send(out).is_err() {
                        break;
                    }
                }
            })
            .context("starting the extraction thread")?;
        for msg in done_rx {
            match msg {
                Msg::Batch(docs) => {
                    if failed.is_some() {
                        continue;
                    }
                    for (doc, _) in &docs {
                        summary.add(doc);
                    }
                    if let Err(e) = on_batch(docs, &summary) {
                        failed = Some(e);
                        stop.store(true, Ordering::Relaxed);
                    }
                }
                Msg::Issue(issue) => {
                    summary.input_issues += 1;
                    if issue.severity > Severity::Note {
                        summary.serious += 1;
                    }
                    if issue.unreadable {
                        summary.unreadable += 1;
                    }
                    on_issue(&issue);
                }
            }
        }
        anyhow::Ok(())
    })?;
    match failed {
        Some(e) => Err(e),
        None => Ok(summary),
    }
}

/// Checks `--published` and sets up `--jobs` worker threads (all cores when `None`), their
/// priority lowered by `worker_nice` steps (see [`lower_thread_priority`]): the common start of
/// `extract` and `ingest`.
pub fn check_and_start_workers(
    published: Option<&str>,
    jobs: Option<usize>,
    worker_nice: i32,
) -> anyhow::Result<()> {
    if let Some(p) = published {
        if sitrep_ingest::normalize_date(p).is_none() {
            anyhow::bail!("--published {p:?} is not a date (expected YYYY-MM-DD)");
        }
    }
    if jobs.is_some() || worker_nice != 0 {
        rayon::ThreadPoolBuilder::new()
            // 0: rayon's default, one thread per core.
            .num_threads(jobs.map_or(0, |n| n.max(1)))
            .thread_name(|i| format!("sitrep-worker-{i}"))
            .start_handler(move |_| lower_thread_priority(worker_nice))
            .build_global()
            .context("starting worker threads")?;
    }
    Ok(())
}

/// Lowers the calling thread's scheduling priority by `by` nice steps (relative to the
/// process's, so a run under `nice` stays below it). Linux only (where the nice value is per
/// thread); elsewhere, or if the system refuses, the thread keeps its priority: only the order
/// in which runnable threads get the cores changes, never the result.
pub fn lower_thread_priority(by: i32) {
    #[cfg(target_os = "linux")]
    if by > 0 {
        use rustix::process::{getpriority_process, setpriority_process};
        let me = Some(rustix::thread::gettid());
        if let Ok(now) = getpriority_process(me) {
            let _ = setpriority_process(me, (now + by).min(19));
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = by;
}

pub fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    check_and_start_workers(args.published.as_deref(), args.jobs, 0)?;
    // The export time of the ACLED CSV's `timestamp` column; only that format writes one.
    let timestamp = match args.format {
        Format::AcledCsv => sitrep_formats::Clock::from_env()?.now(),
        Format::Jsonl | Format::Geojson => 0,
    };
    let gaz = crate::load_gazetteer(args.gazetteer.as_ref())?;
    let extractor = args.decision.extractor(gaz)?;
    let out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(BufWriter::new(
            File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let mut writer =
        Writer::new(out, args.format, &extractor, timestamp).context("writing the output")?;
    let summary = process(&extractor, &args, &mut |doc| writer.write(doc))?;
    writer.finish().context("writing the output")?;
    eprintln!(
        "sitrep: {}, {}, {}, {}",
        count(summary.documents, "document"),
        count(summary.places, "place"),
        count(summary.events, "event"),
        count(summary.input_issues, "input issue"),
    );
    for line in summary.warning_lines(args.keep_going) {
        eprintln!("{line}");
    }
    Ok(summary.exit_code(args.strict, args.keep_going))
}
