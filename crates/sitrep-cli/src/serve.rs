//! `sitrep serve`: the HTTP API and web map over a store (see the `sitrep-serve` crate).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use sitrep_core::Extractor;
use sitrep_serve::{App, Options};

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The store (SQLite). Read-only mode needs an existing one; with a token, a missing store
    /// is created.
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Enables `POST /v1/documents` for clients sending `Authorization: Bearer TOKEN` (default:
    /// the SITREP_TOKEN environment variable; without either the server is read-only). Prefer
    /// the variable: a command line is visible to other users of the machine.
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Gazetteer image or table to use instead of the embedded one.
    #[arg(long, value_name = "FILE")]
    pub gazetteer: Option<PathBuf>,
    /// Allow cross-origin requests from this origin (`https://example.org`, or `*`); default:
    /// none.
    #[arg(long, value_name = "ORIGIN")]
    pub cors: Option<String>,
    /// Largest request body, in bytes.
    #[arg(long, default_value_t = sitrep_serve::DEFAULT_MAX_BODY)]
    pub max_body: usize,
    /// Deadline of one request, in seconds.
    #[arg(long, default_value_t = 30)]
    pub timeout: u64,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
}

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let token = args
        .token
        .clone()
        .or_else(|| std::env::var("SITREP_TOKEN").ok());
    let options = Options {
        db: args.db.clone(),
        token,
        cors: args.cors.clone(),
        max_body: args.max_body,
        timeout: Duration::from_secs(args.timeout.max(1)),
    };
    // Refuse a missing store before loading the models (seconds).
    if options.token.is_none() && !args.db.exists() {
        anyhow::bail!(sitrep_serve::ServeError::NoStore(
            args.db.display().to_string()
        ));
    }
    let extractor = std::sync::Arc::new(Extractor::new(crate::load_gazetteer(
        args.gazetteer.as_ref(),
    )?));
    let app = App::new(options, extractor)?;
    let writable = app.writable();
    sitrep_serve::run(app, args.addr, args.jobs, |addr| {
        eprintln!(
            "sitrep: serving {} on http://{addr}/ ({})",
            args.db.display(),
            if writable {
                "writes allowed with the token"
            } else {
                "read-only"
            }
        );
    })?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct BenchServeArgs {
    /// The store to build (must not exist yet).
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    /// Stop once the store holds at least this many canonical events.
    #[arg(long, default_value_t = 10_000)]
    pub events: usize,
    /// Text sources: `.txt` files, JSONL files with a `text` field, or directories of them
    /// (default: the repository's `examples/` and `../shared/eval/{events,geo}`).
    pub texts: Vec<PathBuf>,
    /// Most rotations over the texts.
    #[arg(long, default_value_t = 40)]
    pub max_rotations: usize,
}

/// `text` with every year 1900–2099 written in it moved `by` years later (word-bounded
/// four-digit numbers only), so that explicitly dated events move with the publication date.
fn shift_years(text: &str, by: i32) -> String {
    if by == 0 {
        return text.to_string();
    }
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut i = 0;
    while i + 4 <= b.len() {
        let word = &b[i..i + 4];
        let bounded = (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && (i + 4 == b.len() || !b[i + 4].is_ascii_alphanumeric());
        if bounded && word.iter().all(u8::is_ascii_digit) {
            let y: i32 = text[i..i + 4].parse().expect("four ASCII digits");
            if (1900..2100).contains(&y) {
                out.push_str(&text[last..i]);
                out.push_str(&(y + by).to_string());
                last = i + 4;
                i += 4;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&text[last..]);
    out
}

/// Builds a store of at least `--events` canonical events from real texts, for load tests of
/// `sitrep serve`. Re-ingesting a text merges its events into the existing ones (same type,
/// date within a day, same place), so each rotation over the texts publishes every article
/// again `k` years later with the years written in it moved by `k` too: the extraction and the
/// merging are the real ones, and the events of different rotations are distinct because their
/// dates are years apart. Each text's base publication date is spread over 2012 so that
/// relative dates ("on Tuesday") vary as well.
pub fn run_bench(args: BenchServeArgs) -> anyhow::Result<ExitCode> {
    use rayon::prelude::*;
    use sitrep_core::DocInput;
    use sitrep_store::{Query, Store, TextFacts};
    anyhow::ensure!(
        !args.db.exists(),
        "{} exists; bench-serve builds a new store",
        args.db.display()
    );
    let mut texts = Vec::new();
    let sources = if args.texts.is_empty() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        vec![
            root.join("examples"),
            root.join("../shared/eval/events"),
            root.join("../shared/eval/geo"),
        ]
    } else {
        args.texts.clone()
    };
    crate::bench_store::collect_texts(&sources, &mut texts)?;
    anyhow::ensure!(!texts.is_empty(), "no texts found");
    let extractor = Extractor::new(crate::load_gazetteer(None)?);
    let mut store = Store::open(&args.db)?;
    let started = std::time::Instant::now();
    let mut docs = 0usize;
    for k in 0..args.max_rotations {
        for (c, chunk) in texts.chunks(256).enumerate() {
            let batch: Vec<_> = chunk
                .par_iter()
                .enumerate()
                .map(|(j, t)| {
                    let i = c * 256 + j;
                    let day = (i * 37) % 365;
                    let base =
                        sitrep_store::dedup::days("2012-01-01").expect("a date") + day as i64;
                    let published = sitrep_store::dedup::date_of(base);
                    let year: i32 = published[..4].parse().expect("a year");
                    let published = format!("{}{}", year + k as i32, &published[4..]);
                    let text = shift_years(&t.body, k as i32);
                    let url = format!("https://outlet{}.example/bench/{k}/{i}", i % 7);
                    let input = DocInput {
                        published: Some(published),
                        lang: t.lang.clone(),
                        source: sitrep_core::Source {
                            url: Some(url),
                            format: Some("text".into()),
                            ..Default::default()
                        },
                        ..DocInput::new(format!("bench-{k}-{i}"), text)
                    };
                    let facts =
                        TextFacts::new(&input.text, &sitrep_text::sentences(&input.text), None);
                    (extractor.extract_guarded(input), facts)
                })
                .collect();
            docs += batch.len();
            store.ingest(&batch)?;
        }
        let n = store.count(&Query::default())?;
        eprintln!(
            "sitrep: bench-serve: rotation {k}: {docs} documents, {n} canonical events ({:.0} s)",
            started.elapsed().as_secs_f64()
        );
        if n >= args.events {
            let c = store.counts()?;
            eprintln!(
                "sitrep: bench-serve: {} documents, {} events, {} canonical events, {} located in {}",
                c.documents,
                c.events,
                c.canonical_events,
                store
                    .connection()
                    .query_row("SELECT count(*) FROM event_rtree", [], |r| r.get::<_, i64>(0))?,
                args.db.display()
            );
            return Ok(ExitCode::SUCCESS);
        }
    }
    anyhow::bail!(
        "only {} canonical events after {} rotations",
        store.count(&Query::default())?,
        args.max_rotations
    )
}

#[cfg(test)]
mod tests {
    use super::shift_years;

    #[test]
    fn years_shift_only_when_word_bounded() {
        assert_eq!(
            shift_years(
                "Le 15 mars 2018, en 1999; 2018-03-15; 12018; 2018a; 1800",
                3
            ),
            "Le 15 mars 2021, en 2002; 2021-03-15; 12018; 2018a; 1800"
        );
        assert_eq!(shift_years("2018", 0), "2018");
    }
}
