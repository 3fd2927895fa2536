//! `sitrep bench-store`: end-to-end throughput and memory of `extract` and `ingest` on a
//! CC-NEWS-like archive.
//!
//! Builds a multi-member WARC.gz (one gzip member per record, as Common Crawl does) of real
//! texts (the example articles and the shared evaluation texts, rotated, each wrapped in a small
//! HTML page with its own URL and date) in a temporary directory, then runs this same `sitrep`
//! binary as a child process: `extract` and `ingest` with 1 and 2 worker threads, and both again
//! on the archive doubled, to show that peak memory does not grow with the input. A run with N
//! threads is pinned to N cores with `taskset` (the reader and store-writer threads share them).
//! Peak RSS is the child's `VmHWM` and CPU time its `utime + stime`, polled from `/proc/PID/`
//! while it runs; each row also gives the load average when the runs started. `--repeat N` runs
//! the whole plan N times, interleaved (1 core, 2 cores, 1 core, …, so that a change in the
//! machine's load hits both sides), and reports the median and the fastest run of each step.
//! `cargo xtask bench-archive` runs it on the issue-18 corpus (LGL, GeoWebNews and HIPE texts,
//! 20,000 articles).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;

#[derive(clap::Args)]
pub struct BenchStoreArgs {
    /// Articles in the generated archive (it is generated again at twice this size for the
    /// memory check).
    #[arg(long, default_value_t = 10_000)]
    pub docs: usize,
    /// Text sources: `.txt` files, JSONL files with a `text` field, or directories of them
    /// (default: the repository's `examples/` and `../shared/eval/{geo,events}`).
    pub texts: Vec<PathBuf>,
    /// Keep the generated archives and stores in this directory instead of a temporary one.
    #[arg(long, value_name = "DIR")]
    pub keep: Option<PathBuf>,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
    /// Run the plan this many times, interleaved, and report the median and fastest run of
    /// each measurement (on a machine shared with other jobs, single runs vary by ±15 %).
    #[arg(long, default_value_t = 1)]
    pub repeat: usize,
    /// Leave out the runs on the archive doubled (the check that memory stays flat).
    #[arg(long)]
    pub no_double: bool,
    /// Only the runs of this command (`extract` or `ingest`).
    #[arg(long, value_name = "COMMAND")]
    pub only: Option<String>,
}

/// One real text used to build benchmark inputs (also by `sitrep bench-serve`).
pub(crate) struct Text {
    /// The JSONL record's `lang`, if any (`.txt` files have none).
    pub lang: Option<String>,
    pub title: String,
    pub body: String,
}

/// The texts of `paths` (files or directories, recursively, sorted): every JSONL record with a
/// `text` longer than 40 bytes, and every `.txt` file.
pub(crate) fn collect_texts(paths: &[PathBuf], out: &mut Vec<Text>) -> anyhow::Result<()> {
    for p in paths {
        if p.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            entries.sort();
            collect_texts(&entries, out)?;
        } else if p.extension().is_some_and(|e| e == "jsonl") {
            let data =
                std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
            for line in data.lines() {
                let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                    continue;
                };
                let Some(text) = v["text"].as_str().filter(|t| t.len() > 40) else {
                    continue;
                };
                out.push(Text {
                    lang: v["lang"].as_str().map(str::to_string),
                    title: v["title"]
                        .as_str()
                        .map_or_else(|| first_words(text), str::to_string),
                    body: text.to_string(),
                });
            }
        } else if p.extension().is_some_and(|e| e == "txt") {
            let text =
                std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
            out.push(Text {
                lang: None,
                title: first_words(&text),
                body: text,
            });
        }
    }
    Ok(())
}

fn first_words(text: &str) -> String {
    text.split_whitespace()
        .take(8)
        .collect::<Vec<_>>()
        .join(" ")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Sizes of a generated archive.
#[derive(Clone, Copy)]
struct Sizes {
    /// Uncompressed WARC bytes.
    raw: u64,
    /// Bytes of article text (the bodies wrapped in the pages).
    text: u64,
}

/// Writes `n` articles as a multi-member WARC.gz (deterministic: the same texts give the same
/// bytes); returns its sizes.
fn write_warc(path: &Path, texts: &[Text], n: usize) -> anyhow::Result<Sizes> {
    let file =
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    let mut raw = 0u64;
    let mut text = 0u64;
    for i in 0..n {
        let t = &texts[i % texts.len()];
        text += t.body.len() as u64;
        let outlet = i % 7;
        let day = 1 + (i / texts.len()) % 28;
        let date = format!("2024-03-{day:02}");
        let paragraphs: String = t
            .body
            .split('\n')
            .filter(|p| !p.trim().is_empty())
            .map(|p| format!("<p>{}</p>\n", escape(p)))
            .collect();
        let lang = t
            .lang
            .as_deref()
            .map_or_else(String::new, |l| format!(" lang=\"{l}\""));
        let html = format!(
            "<!DOCTYPE html>\n<html{lang}><head><meta charset=\"utf-8\"><title>{title}</title>\
             <meta property=\"article:published_time\" content=\"{date}\"></head>\n<body><nav><a href=\"/\">Home</a></nav>\
             <article><h1>{title}</h1>\n{paragraphs}</article><footer>© outlet{outlet}</footer></body></html>\n",
            title = escape(&t.title)
        );
        let http = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
            html.len()
        );
        let url = format!("https://outlet{outlet}.example/news/{i}");
        let record = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:bench-{i:08}>\r\nWARC-Date: {date}T12:00:00Z\r\n\
             WARC-Target-URI: {url}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        );
        raw += record.len() as u64;
        write_gzip_member(&mut out, record.as_bytes())?;
    }
    out.flush()?;
    Ok(Sizes { raw, text })
}

/// Writes `data` as one gzip member (RFC 1952) deflated by `miniz_oxide` at level 1: the same
/// bytes as flate2's `GzEncoder` with `Compression::fast()` over its default backend, which wrote
/// the archives of every earlier measurement. The encoder is named here rather than taken from
/// flate2, whose backend is chosen for decoding speed (workspace `Cargo.toml`): a different
/// backend compresses the same records differently (zlib-rs at level 1: 24 % larger), and the
/// benchmark's input must not change with it.
fn write_gzip_member(out: &mut impl Write, data: &[u8]) -> std::io::Result<()> {
    /// Magic, deflate, no flags, no mtime, "fastest" (XFL 4), unknown OS (255), as flate2 writes.
    const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 4, 255];
    /// miniz_oxide's level for flate2's `Compression::fast()`.
    const LEVEL: u8 = 1;
    let size = u32::try_from(data.len()).map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "a record of 4 GiB or more",
        )
    })?;
    out.write_all(&HEADER)?;
    out.write_all(&miniz_oxide::deflate::compress_to_vec(data, LEVEL))?;
    out.write_all(&crc32fast::hash(data).to_le_bytes())?;
    out.write_all(&size.to_le_bytes())
}

struct Run {
    seconds: f64,
    /// User + system CPU time of the child, from `/proc/PID/stat` (polled, so up to one polling
    /// interval short).
    cpu_seconds: f64,
    peak_rss_mib: f64,
    /// The 1-minute load average when the run started.
    load: f64,
    stderr: String,
}

/// The 1-minute load average.
fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(f64::NAN)
}

/// utime + stime of a process, in clock ticks.
fn cpu_ticks(stat: &str) -> Option<f64> {
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

/// Runs `exe` with `args`, pinned to the first `cores` CPUs with `taskset` when it is
/// installed, polling its peak RSS.
fn run_child(exe: &Path, cores: usize, args: &[&str]) -> anyhow::Result<Run> {
    let load = load_average();
    let started = Instant::now();
    let taskset = Path::new("/usr/bin/taskset");
    let mut cmd = if taskset.exists() {
        let mut c = Command::new(taskset);
        c.arg("-c")
            .arg(format!("0-{}", cores.saturating_sub(1)))
            .arg(exe);
        c
    } else {
        Command::new(exe)
    };
    let mut child = cmd
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting sitrep")?;
    let status_path = format!("/proc/{}/status", child.id());
    let stat_path = format!("/proc/{}/stat", child.id());
    let mut ticks = 0f64;
    let mut stderr = child.stderr.take().expect("piped stderr");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut s).ok();
        s
    });
    let mut peak_kb = 0f64;
    let status = loop {
        if let Ok(s) = std::fs::read_to_string(&status_path) {
            if let Some(kb) = s
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
            {
                peak_kb = peak_kb.max(kb);
            }
        }
        if let Some(t) = std::fs::read_to_string(&stat_path)
            .ok()
            .as_deref()
            .and_then(cpu_ticks)
        {
            ticks = ticks.max(t);
        }
        if let Some(status) = child.try_wait()? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let seconds = started.elapsed().as_secs_f64();
    let stderr = reader.join().unwrap_or_default();
    anyhow::ensure!(
        status.success(),
        "sitrep {} failed: {stderr}",
        args.join(" ")
    );
    Ok(Run {
        seconds,
        // Linux reports these in USER_HZ, 100 per second on every mainstream architecture.
        cpu_seconds: ticks / 100.0,
        peak_rss_mib: peak_kb / 1024.0,
        load,
        stderr,
    })
}

/// The number before `word` in the last line that has one (`... 1234 events ...`): the
/// summary line, whatever warning lines follow it.
fn count_before(stderr: &str, word: &str) -> Option<u64> {
    stderr.lines().rev().find_map(|line| {
        let words: Vec<&str> = line.split_whitespace().collect();
        let i = words
            .iter()
            .position(|w| w.trim_end_matches([',', ':', ';']) == word)?;
        words.get(i.checked_sub(1)?)?.parse().ok()
    })
}

/// One measurement of the plan: a command over an archive with a number of threads.
struct Step<'a> {
    cmd: &'a str,
    input: &'a Path,
    sizes: Sizes,
    docs: usize,
    jobs: usize,
}

/// Runs one step once (its output and store named after `k`, in `dir`).
fn measure_once(
    exe: &Path,
    dir: &Path,
    k: usize,
    step: &Step<'_>,
) -> anyhow::Result<(Run, Option<f64>)> {
    let input = step.input.to_string_lossy().into_owned();
    let jobs_s = step.jobs.to_string();
    let out = dir.join(format!("run{k}.out"));
    let db = dir.join(format!("run{k}.sqlite"));
    let out_s = out.to_string_lossy().into_owned();
    let db_s = db.to_string_lossy().into_owned();
    let argv: Vec<&str> = match step.cmd {
        "extract" => vec!["extract", &input, "-j", &jobs_s, "-o", &out_s],
        _ => vec!["ingest", &input, "-j", &jobs_s, "--db", &db_s],
    };
    // Each ingest starts from an empty store.
    for suffix in ["", "-wal", "-shm"] {
        std::fs::remove_file(format!("{db_s}{suffix}")).ok();
    }
    eprintln!("sitrep: bench-store: {}", argv.join(" "));
    let r = run_child(exe, step.jobs, &argv)?;
    let db_mb = std::fs::metadata(&db).map(|m| m.len() as f64 / 1e6).ok();
    std::fs::remove_file(&out).ok();
    Ok((r, db_mb))
}

/// The row of one step from its runs: median and fastest.
fn row(step: &Step<'_>, runs: &[(Run, Option<f64>)]) -> serde_json::Value {
    let mut by_time: Vec<&(Run, Option<f64>)> = runs.iter().collect();
    by_time.sort_by(|a, b| a.0.seconds.total_cmp(&b.0.seconds));
    let (median, db_mb) = by_time[by_time.len() / 2];
    let fastest = &by_time[0].0;
    let events = count_before(&median.stderr, "events").unwrap_or(0);
    let peak = runs.iter().map(|r| r.0.peak_rss_mib).fold(0.0, f64::max);
    let row = serde_json::json!({
        "command": step.cmd,
        "threads": step.jobs,
        "documents": step.docs,
        "runs": runs.len(),
        "seconds": median.seconds,
        "fastest_seconds": fastest.seconds,
        "all_seconds": runs.iter().map(|r| r.0.seconds).collect::<Vec<_>>(),
        "cpu_seconds": median.cpu_seconds,
        "load": median.load,
        "loads": runs.iter().map(|r| r.0.load).collect::<Vec<_>>(),
        "docs_per_s": step.docs as f64 / median.seconds,
        "fastest_docs_per_s": step.docs as f64 / fastest.seconds,
        "mb_per_s": step.sizes.raw as f64 / 1e6 / median.seconds,
        "text_mb_per_s": step.sizes.text as f64 / 1e6 / median.seconds,
        "events": events,
        "events_per_s": events as f64 / median.seconds,
        "peak_rss_mib": peak,
        "db_mb": db_mb,
    });
    eprintln!("sitrep: bench-store: {row}");
    row
}

/// The rows as a Markdown table (BENCHMARKS.md's layout), then the 2-core / 1-core ratios.
fn print_table(rows: &[serde_json::Value]) {
    out!("| command | input | threads | docs/s | MB/s (text) | MB/s (WARC) | events/s | peak RSS MiB | seconds (median) | fastest | CPU s | load |");
    out!("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let f = |r: &serde_json::Value, k: &str| r[k].as_f64().unwrap_or(0.0);
    for r in rows {
        out!(
            "| {} | {} docs | {} | {:.1} | {:.2} | {:.2} | {:.1} | {:.0} | {:.2} | {:.2} | {:.2} | {:.1} |",
            r["command"].as_str().unwrap_or(""),
            r["documents"],
            r["threads"],
            f(r, "docs_per_s"),
            f(r, "text_mb_per_s"),
            f(r, "mb_per_s"),
            f(r, "events_per_s"),
            f(r, "peak_rss_mib"),
            f(r, "seconds"),
            f(r, "fastest_seconds"),
            f(r, "cpu_seconds"),
            f(r, "load"),
        );
    }
    for (cmd, ratio) in ratios(rows) {
        out!("{cmd}: 2 cores / 1 core = {ratio:.2}x (medians)");
    }
}

/// For each command measured with 1 and 2 threads on the same archive: the 2/1 speed ratio.
fn ratios(rows: &[serde_json::Value]) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    for one in rows.iter().filter(|r| r["threads"] == 1) {
        if let Some(two) = rows.iter().find(|r| {
            r["threads"] == 2
                && r["command"] == one["command"]
                && r["documents"] == one["documents"]
        }) {
            let (a, b) = (one["seconds"].as_f64(), two["seconds"].as_f64());
            if let (Some(a), Some(b)) = (a, b) {
                out.push((one["command"].as_str().unwrap_or("").to_string(), a / b));
            }
        }
    }
    out
}

pub fn run(args: BenchStoreArgs) -> anyhow::Result<ExitCode> {
    let texts_paths = if args.texts.is_empty() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        vec![
            root.join("examples"),
            root.join("../shared/eval/geo"),
            root.join("../shared/eval/events"),
        ]
    } else {
        args.texts.clone()
    };
    let mut texts = Vec::new();
    collect_texts(&texts_paths, &mut texts)?;
    anyhow::ensure!(!texts.is_empty(), "no texts found in the text sources");
    let tmp = tempfile::Builder::new()
        .prefix("sitrep-bench-store")
        .tempdir()?;
    let dir = args
        .keep
        .clone()
        .unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir)?;
    let one = dir.join("cc-news-like.warc.gz");
    let two = dir.join("cc-news-like-x2.warc.gz");
    let size1 = write_warc(&one, &texts, args.docs)?;
    let size2 = if args.no_double {
        size1
    } else {
        write_warc(&two, &texts, args.docs * 2)?
    };
    let gz1 = std::fs::metadata(&one)?.len();
    eprintln!(
        "sitrep: bench-store: {} articles from {} texts: {:.1} MB WARC ({:.1} MB gzip), {:.1} MB of text ({:.2} KB per article)",
        args.docs,
        texts.len(),
        size1.raw as f64 / 1e6,
        gz1 as f64 / 1e6,
        size1.text as f64 / 1e6,
        size1.text as f64 / 1e3 / args.docs.max(1) as f64,
    );
    // A private copy of the binary: a concurrent `cargo build` may replace the original.
    let exe = dir.join("sitrep");
    std::fs::copy(
        std::env::current_exe().context("locating the sitrep binary")?,
        &exe,
    )
    .context("copying the sitrep binary")?;
    let step = |cmd, input, sizes, docs, jobs| Step {
        cmd,
        input,
        sizes,
        docs,
        jobs,
    };
    let mut plan = vec![
        step("extract", &one, size1, args.docs, 1),
        step("extract", &one, size1, args.docs, 2),
        step("ingest", &one, size1, args.docs, 1),
        step("ingest", &one, size1, args.docs, 2),
    ];
    if !args.no_double {
        plan.push(step("extract", &two, size2, args.docs * 2, 2));
        plan.push(step("ingest", &two, size2, args.docs * 2, 2));
    }
    plan.retain(|s| args.only.as_deref().is_none_or(|only| only == s.cmd));
    // Repeats outermost: the steps of one round run back to back, so a change of load during
    // the benchmark spreads over 1-core and 2-core runs alike.
    let mut runs: Vec<Vec<(Run, Option<f64>)>> = plan.iter().map(|_| Vec::new()).collect();
    for _ in 0..args.repeat.max(1) {
        for (k, s) in plan.iter().enumerate() {
            runs[k].push(measure_once(&exe, &dir, k, s)?);
        }
    }
    let rows: Vec<serde_json::Value> = plan.iter().zip(&runs).map(|(s, r)| row(s, r)).collect();
    let result = serde_json::json!({
        "articles": args.docs,
        "distinct_texts": texts.len(),
        "warc_mb": size1.raw as f64 / 1e6,
        "warc_gz_mb": gz1 as f64 / 1e6,
        "text_mb": size1.text as f64 / 1e6,
        "runs": rows,
        "ratios_2_over_1": ratios(&rows).into_iter().collect::<std::collections::BTreeMap<_, _>>(),
    });
    if args.json {
        out!("{}", serde_json::to_string_pretty(&result)?);
    } else {
        print_table(&rows);
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::write_gzip_member;

    #[test]
    fn gzip_members_decode_and_do_not_depend_on_the_decoding_backend() {
        let records: [&[u8]; 3] = [b"WARC/1.0\r\nfirst record\r\n\r\n", b"", &[b'x'; 70_000]];
        let mut archive = Vec::new();
        for r in records {
            write_gzip_member(&mut archive, r).unwrap();
        }
        let mut decoded = Vec::new();
        flate2::read::MultiGzDecoder::new(&archive[..])
            .read_to_end(&mut decoded)
            .unwrap();
        assert_eq!(decoded, records.concat());
        // The first member's bytes as miniz_oxide 0.9 writes them at level 1 (and as flate2's
        // `GzEncoder` with `Compression::fast()` wrote them over miniz_oxide): a change here
        // changes every archive the benchmark generates.
        let mut first = Vec::new();
        write_gzip_member(&mut first, records[0]).unwrap();
        assert_eq!(&first[..10], &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 4, 255]);
        assert_eq!(crc32fast::hash(&first), PINNED_FIRST_MEMBER_CRC);
    }

    const PINNED_FIRST_MEMBER_CRC: u32 = 3_398_838_096;
}
