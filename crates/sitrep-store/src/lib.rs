//! The sitrep event store: documents, places, raw events and merged (canonical) events in one
//! SQLite file.
//!
//! - [`Store::open`] creates a database or opens one of ours; anything else (not SQLite, SQLite
//!   without our `schema_version` table, a newer layout, a damaged file) is an error, never
//!   overwritten. Older layouts are migrated forward ([`schema`]).
//! - [`Store::ingest`] writes one batch of extracted documents in one transaction: a crash
//!   leaves either the whole batch or none of it. Documents are keyed by URL (else id) and the
//!   SHA-256 of their text, so re-ingesting the same input adds nothing. [`PreparedDoc`] does
//!   the CPU part (JSON serialisation) ahead, in parallel, for [`Store::ingest_prepared`].
//! - Every raw event is matched against the canonical events ([`dedup`]); the match, its rule
//!   and its score are stored in `sources`, and [`Store::unmerge`] undoes a merge.
//! - [`Store::query`] filters canonical events by date, type, actor, country, a bounding box
//!   (R*Tree) and full text (FTS5 over sentences).
//!
//! The connection runs in WAL mode with `synchronous = NORMAL`: a killed process never loses a
//! committed batch (a power loss may lose the last ones, never corrupt the file).

pub mod dedup;
mod error;
pub mod query;
pub mod schema;

use std::ops::Range;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use sha2::{Digest, Sha256};
use sitrep_schema::{Document, Event};

pub use error::StoreError;
pub use query::{CanonicalEvent, Query, SourceRef};
pub use schema::SCHEMA_VERSION;

/// Page cache of a connection, in KiB. With SQLite's default (2 MiB) an ingest re-reads index
/// pages from the OS for every document (measured: about a fifth of the writer's time was in the
/// kernel, mostly `pread`); the cache is a fixed cap, so memory still does not grow with the
/// input.
const CACHE_KIB: u32 = 32 * 1024;

/// Most sentences of one document kept for full-text search.
pub const MAX_SENTENCES: usize = 200;
/// Longest sentence kept for full-text search, in bytes (longer ones are cut).
pub const MAX_SENTENCE_BYTES: usize = 1000;
/// Most bytes of sentence text kept per document.
pub const MAX_TEXT_BYTES: usize = 32 * 1024;

/// What the store needs from a document's text besides its record: computed next to the
/// extraction (in parallel), so the text itself need not be kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextFacts {
    /// SHA-256 of the text, hex.
    pub content_hash: String,
    /// Text length in bytes.
    pub text_bytes: usize,
    /// The document's first sentences, bounded by [`MAX_SENTENCES`], [`MAX_SENTENCE_BYTES`] and
    /// [`MAX_TEXT_BYTES`].
    pub sentences: Vec<String>,
    /// Byte offset of the record in its input (JSONL line, WARC record).
    pub byte_offset: Option<u64>,
}

impl TextFacts {
    /// Hashes `text` and keeps its bounded first sentences (`sentences`: byte ranges).
    pub fn new(text: &str, sentences: &[Range<usize>], byte_offset: Option<u64>) -> TextFacts {
        let mut kept = Vec::new();
        let mut total = 0;
        for r in sentences.iter().take(MAX_SENTENCES) {
            let Some(s) = text.get(r.clone()) else {
                continue;
            };
            let s = truncate(s.trim(), MAX_SENTENCE_BYTES);
            if s.is_empty() {
                continue;
            }
            if total + s.len() > MAX_TEXT_BYTES {
                break;
            }
            total += s.len();
            kept.push(s.to_string());
        }
        TextFacts {
            content_hash: format!("{:x}", Sha256::digest(text.as_bytes())),
            text_bytes: text.len(),
            sentences: kept,
            byte_offset,
        }
    }
}

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// What one [`Store::ingest`] call did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IngestStats {
    /// Documents written.
    pub new_documents: usize,
    /// Documents already in the store (same key and content hash), skipped.
    pub duplicates: usize,
    /// Raw events written.
    pub events: usize,
    /// Raw events that joined an existing canonical event.
    pub merged: usize,
    /// Canonical events created.
    pub canonical: usize,
}

impl std::ops::AddAssign for IngestStats {
    fn add_assign(&mut self, o: IngestStats) {
        self.new_documents += o.new_documents;
        self.duplicates += o.duplicates;
        self.events += o.events;
        self.merged += o.merged;
        self.canonical += o.canonical;
    }
}

/// A document ready to be written: its record and its events serialised to JSON, and the
/// canonical event each event would found if nothing matches it. Building one is the CPU part
/// of storing a document, independent of the database, so callers can do it in parallel
/// (`Store::ingest_prepared` then only runs SQL).
#[derive(Debug, Clone)]
pub struct PreparedDoc {
    doc: Document,
    facts: TextFacts,
    record: String,
    events: Vec<PreparedEvent>,
}

#[derive(Debug, Clone)]
struct PreparedEvent {
    attribution: Option<String>,
    evidence: String,
    rules: String,
    record: String,
    /// The canonical event of this report alone, and its JSON and source list.
    alone: Event,
    alone_record: String,
    alone_sources: String,
}

impl PreparedDoc {
    /// Serialises `doc` for [`Store::ingest_prepared`].
    pub fn new(doc: Document, facts: TextFacts) -> Result<PreparedDoc, StoreError> {
        let record = serde_json::to_string(&doc)?;
        let mut events = Vec::with_capacity(doc.events.len());
        for ev in &doc.events {
            let member = dedup::Member {
                event: ev.clone(),
                published: doc.published.clone(),
                outlet: doc.source.outlet.clone(),
            };
            let alone = dedup::canonical(std::slice::from_ref(&member));
            let refs = [SourceRef {
                doc_id: doc.doc_id.clone(),
                url: doc.source.url.clone(),
                outlet: doc.source.outlet.clone(),
                published: doc.published.clone(),
                event_id: ev.event_id.clone(),
                fatalities: ev.fatalities,
                rule: FIRST_REPORT.to_string(),
                score: None,
            }];
            events.push(PreparedEvent {
                attribution: ev
                    .attribution
                    .as_ref()
                    .map(serde_json::to_string)
                    .transpose()?,
                evidence: serde_json::to_string(&ev.evidence)?,
                rules: serde_json::to_string(&ev.rules)?,
                record: serde_json::to_string(ev)?,
                alone_record: serde_json::to_string(&alone)?,
                alone_sources: serde_json::to_string(&refs)?,
                alone,
            });
        }
        Ok(PreparedDoc {
            doc,
            facts,
            record,
            events,
        })
    }

    /// The document.
    pub fn document(&self) -> &Document {
        &self.doc
    }
}

/// The rule of a raw event that founded its canonical event.
const FIRST_REPORT: &str = "first-report";

/// Row counts of the main tables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub documents: i64,
    pub places: i64,
    pub events: i64,
    pub canonical_events: i64,
    pub sources: i64,
    pub sentences: i64,
}

/// An open store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    /// Whether this connection has written (see [`Store::ingest_prepared`]).
    writing: bool,
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// How long a write waits for another process's lock on the store before failing: 30 s, or
/// `SITREP_BUSY_TIMEOUT_MS` milliseconds. Two `ingest` runs on one store take turns batch by
/// batch, so the wait only has to cover one batch of the other.
pub fn busy_timeout() -> std::time::Duration {
    std::env::var("SITREP_BUSY_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .map_or(
            std::time::Duration::from_secs(30),
            std::time::Duration::from_millis,
        )
}

impl Store {
    /// Opens the store at `path`, creating it when the file does not exist (or is empty).
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let display = path.display().to_string();
        let fresh = match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                return Err(StoreError::NotADatabase(
                    display,
                    "it is a directory".into(),
                ))
            }
            Ok(m) => m.len() == 0,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
            Err(e) => return Err(StoreError::Io(display, e)),
        };
        if !fresh {
            use std::io::Read;
            let mut head = [0u8; 16];
            let n = std::fs::File::open(path)
                .and_then(|mut f| f.read(&mut head))
                .map_err(|e| StoreError::Io(display.clone(), e))?;
            if n < 16 || &head != SQLITE_MAGIC {
                return Err(StoreError::NotADatabase(
                    display,
                    "it is not an SQLite file".into(),
                ));
            }
        }
        let conn = Connection::open(path).map_err(|e| StoreError::sqlite(&display, e))?;
        let mut store = Store {
            conn,
            writing: false,
        };
        store.setup(&display)?;
        Ok(store)
    }

    /// An in-memory store (tests, one-off runs).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory().map_err(|e| StoreError::sqlite(":memory:", e))?;
        let mut store = Store {
            conn,
            writing: false,
        };
        store.setup(":memory:")?;
        Ok(store)
    }

    fn setup(&mut self, display: &str) -> Result<(), StoreError> {
        let err = |e| StoreError::sqlite(display, e);
        self.conn.busy_timeout(busy_timeout()).map_err(err)?;
        // Plans never depend on the values bound (the query planner stability guarantee).
        // Without it SQLite marks statements whose plan could depend on a bound value (`LIKE ?`,
        // `LIMIT ?`, …) and re-prepares them whenever such a value is bound again, which
        // rusqlite's statement cache does on every use: on the 100,000-event store, 18 % of an
        // unfiltered `/v1/events` page and ~50 % of a rare actor's went to `sqlite3Reprepare`
        // (callgrind, BENCHMARKS.md). Same rows either way: only the plan's choice changes.
        self.conn
            .set_db_config(
                rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
                true,
            )
            .map_err(err)?;
        // Reading the catalogue is the first access to the file: a damaged one fails here.
        let tables: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
                .map_err(err)?;
            let rows = stmt.query_map([], |r| r.get(0)).map_err(err)?;
            rows.collect::<Result<_, _>>().map_err(err)?
        };
        let version = if tables.iter().any(|t| t == "schema_version") {
            let row: Option<(String, i64)> = self
                .conn
                .query_row("SELECT app, version FROM schema_version", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()
                .map_err(err)?;
            match row {
                Some((app, v)) if app == schema::APP => v,
                _ => {
                    return Err(StoreError::Foreign(
                        display.to_string(),
                        "its schema_version table is not sitrep's".into(),
                    ))
                }
            }
        } else if tables.is_empty() {
            0
        } else {
            return Err(StoreError::Foreign(
                display.to_string(),
                format!(
                    "it has tables ({}) but no schema_version table",
                    tables.join(", ")
                ),
            ));
        };
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer(
                display.to_string(),
                version,
                SCHEMA_VERSION,
            ));
        }
        let _mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(err)?;
        self.conn
            .execute_batch(&format!(
                "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -{CACHE_KIB};"
            ))
            .map_err(err)?;
        if version < SCHEMA_VERSION {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Exclusive)
                .map_err(err)?;
            // Another process may have migrated the file while this one waited for the lock.
            let has_table: bool = tx
                .query_row(
                    "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'schema_version'",
                    [],
                    |r| r.get(0),
                )
                .map_err(|e| StoreError::sqlite(display, e))?;
            let version = if has_table {
                tx.query_row("SELECT version FROM schema_version", [], |r| r.get(0))
                    .map_err(|e| StoreError::sqlite(display, e))?
            } else {
                0
            };
            for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
                tx.execute_batch(sql)
                    .map_err(|e| StoreError::sqlite(display, e))?;
                let to = i as i64 + 1;
                if to == 1 {
                    tx.execute(
                        "INSERT INTO schema_version (app, version) VALUES (?1, ?2)",
                        params![schema::APP, to],
                    )
                } else {
                    tx.execute("UPDATE schema_version SET version = ?1", params![to])
                }
                .map_err(|e| StoreError::sqlite(display, e))?;
            }
            tx.execute_batch(&format!(
                "PRAGMA application_id = {}",
                schema::APPLICATION_ID
            ))
            .map_err(|e| StoreError::sqlite(display, e))?;
            tx.commit().map_err(err)?;
        }
        Ok(())
    }

    /// The layout version of the open database.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT version FROM schema_version", [], |r| r.get(0))?)
    }

    /// Writes a batch of documents in one transaction: either all of it is stored or, after a
    /// crash, none of it.
    pub fn ingest(&mut self, docs: &[(Document, TextFacts)]) -> Result<IngestStats, StoreError> {
        let prepared = docs
            .iter()
            .map(|(d, f)| PreparedDoc::new(d.clone(), f.clone()))
            .collect::<Result<Vec<_>, _>>()?;
        self.ingest_prepared(&prepared)
    }

    /// [`Store::ingest`] for documents already serialised (see [`PreparedDoc`]): one
    /// transaction, in the order given.
    pub fn ingest_prepared(&mut self, docs: &[PreparedDoc]) -> Result<IngestStats, StoreError> {
        // `SOURCE_DATE_EPOCH`, when set, fixes the ingestion time (reproducible stores).
        let now = i64::try_from(sitrep_formats::Clock::from_env()?.now()).unwrap_or(i64::MAX);
        if !self.writing {
            // Statement journals in memory. Each merge's `UPDATE canonical_events` (indexes,
            // triggers, foreign keys) keeps the pages it changes in a statement journal, ~37
            // pages; past 64 KiB SQLite spills it to a temporary file: 18,900 `pwrite`s per
            // 2,000 archive articles, more than to the WAL, all on the writer thread (the
            // two-core critical path). In memory: 0.3–0.4 s less system time per 20,000
            // articles, +0.7 % user instructions (BENCHMARKS.md). Only on a connection that
            // writes: a query's sorts may need more room than memory should give them.
            self.conn.execute_batch("PRAGMA temp_store = MEMORY")?;
            // Checkpoints every ~40 MB of WAL instead of SQLite's 4 MB: with batches of 256
            // archive articles, the default checkpointed after nearly every commit, each
            // checkpoint two `fsync`s that the writer waits for (20 per 2,000 articles, ~1 ms
            // each here) and pages changed by consecutive commits copied again each time.
            // With 10,000 pages: 8 `fsync`s, 6 % fewer `pwrite`s, 19 % fewer `pread`s
            // (`strace -c -f`, BENCHMARKS.md). The WAL file grows to ~40 MB during an ingest;
            // what is committed is as durable as before.
            self.conn
                .execute_batch("PRAGMA wal_autocheckpoint = 10000")?;
            self.writing = true;
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut stats = IngestStats::default();
        let mut sentences = Vec::new();
        for doc in docs {
            ingest_one(&tx, doc, now, &mut stats, &mut sentences)?;
        }
        // Full-text rows last. FTS5 keeps new rows in memory until the transaction ends, but
        // flushes them to a new segment whenever a later statement of the transaction opens a
        // statement savepoint — which every merge's `UPDATE canonical_events` does. Written
        // in the middle, the sentences were flushed once per merge (21 % of an `ingest`'s
        // instructions, half of the writer's, in callgrind; BENCHMARKS.md); written here, once
        // per transaction. Same rows, same order, so the same rowids.
        // The row first, then its full-text entry under the same rowid (schema version 8:
        // `sentences` indexes `sentence_rows`).
        {
            let mut row = tx.prepare_cached(
                "INSERT INTO sentence_rows (document, event, text) VALUES (?1, ?2, ?3)",
            )?;
            let mut fts = tx.prepare_cached(
                "INSERT INTO sentences (rowid, text, document, event) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (text, document, event) in &sentences {
                row.execute(params![document, event, text])?;
                fts.execute(params![tx.last_insert_rowid(), text, document, event])?;
            }
        }
        tx.commit()?;
        Ok(stats)
    }

    /// Detaches the raw event `event_id` from its canonical event: it becomes a canonical event
    /// of its own, pinned so that automatic merging leaves it alone, and the canonical event it
    /// left is recomputed from the remaining reports. Returns the new canonical event's id.
    pub fn unmerge(&mut self, event_id: &str) -> Result<i64, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let ids: Vec<(i64, i64, i64)> = {
            let mut stmt = tx.prepare(
                "SELECT e.id, s.canonical, e.document FROM events e JOIN sources s ON s.event = e.id
                 WHERE e.event_id = ?1",
            )?;
            let rows = stmt.query_map([event_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        let (raw, old, document) = match ids.as_slice() {
            [] => return Err(StoreError::NoSuchEvent(event_id.to_string())),
            [one] => *one,
            many => {
                return Err(StoreError::Ambiguous(
                    event_id.to_string(),
                    many.iter()
                        .map(|m| m.0.to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                ))
            }
        };
        let members: i64 = tx.query_row(
            "SELECT count(*) FROM sources WHERE canonical = ?1",
            [old],
            |r| r.get(0),
        )?;
        if members == 1 {
            tx.execute(
                "UPDATE canonical_events SET pinned = 1 WHERE id = ?1",
                [old],
            )?;
            tx.execute("UPDATE sources SET rule = 'manual-unmerge', matched = NULL, score = NULL WHERE event = ?1", [raw])?;
            tx.commit()?;
            return Ok(old);
        }
        tx.execute("DELETE FROM sources WHERE event = ?1", [raw])?;
        let new = new_canonical(&tx, raw)?;
        tx.execute(
            "UPDATE canonical_events SET pinned = 1 WHERE id = ?1",
            [new],
        )?;
        tx.execute(
            "INSERT INTO sources (event, canonical, document, rule, matched, score, explain)
             VALUES (?1, ?2, ?3, 'manual-unmerge', NULL, NULL, ?4)",
            params![raw, new, document, format!("{{\"unmerged_from\":{old}}}")],
        )?;
        recompute(&tx, new)?;
        recompute(&tx, old)?;
        tx.commit()?;
        Ok(new)
    }

    /// Row counts.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        let c = |t: &str| -> Result<i64, StoreError> {
            Ok(self
                .conn
                .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))?)
        };
        Ok(Counts {
            documents: c("documents")?,
            places: c("places")?,
            events: c("events")?,
            canonical_events: c("canonical_events")?,
            sources: c("sources")?,
            sentences: c("sentences")?,
        })
    }

    /// Every stored row — documents, places, raw events, canonical events, sources (the
    /// merges), full-text sentences and the R*Tree — one line each, in row-id order: two stores
    /// with equal dumps hold the same data with the same ids. Tests use it to check that a
    /// change to the write path leaves the stored result unchanged.
    pub fn content_dump(&self) -> Result<String, StoreError> {
        let mut out = String::new();
        for (table, sql) in [
            ("documents", "SELECT * FROM documents ORDER BY id"),
            ("places", "SELECT rowid, * FROM places ORDER BY rowid"),
            ("events", "SELECT * FROM events ORDER BY id"),
            (
                "canonical_events",
                "SELECT * FROM canonical_events ORDER BY id",
            ),
            ("sources", "SELECT * FROM sources ORDER BY event"),
            (
                "sentences",
                "SELECT rowid, text, document, event FROM sentences ORDER BY rowid",
            ),
            ("event_rtree", "SELECT * FROM event_rtree ORDER BY id"),
        ] {
            let mut stmt = self.conn.prepare(sql)?;
            let n = stmt.column_count();
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                out.push_str(table);
                for i in 0..n {
                    out.push('\t');
                    out.push_str(&format!("{:?}", r.get::<_, rusqlite::types::Value>(i)?));
                }
                out.push('\n');
            }
        }
        Ok(out)
    }

    /// The underlying connection, for read-only inspection (tests, ad-hoc SQL).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// A full-text row to write at the end of the transaction: text, document, raw event (`None`
/// for the document's own sentences).
type SentenceRow<'a> = (&'a str, i64, Option<i64>);

/// Writes one document, its places, raw events and merges; its full-text rows are appended to
/// `sentences` (see [`Store::ingest_prepared`]).
fn ingest_one<'a>(
    tx: &Transaction<'_>,
    prepared: &'a PreparedDoc,
    now: i64,
    stats: &mut IngestStats,
    sentences: &mut Vec<SentenceRow<'a>>,
) -> Result<(), StoreError> {
    let (doc, facts) = (&prepared.doc, &prepared.facts);
    let key = doc.source.url.clone().unwrap_or_else(|| doc.doc_id.clone());
    let exists: Option<i64> = tx
        .prepare_cached("SELECT id FROM documents WHERE doc_key = ?1 AND content_hash = ?2")?
        .query_row(params![key, facts.content_hash], |r| r.get(0))
        .optional()?;
    if exists.is_some() {
        stats.duplicates += 1;
        return Ok(());
    }
    let record = &prepared.record;
    tx.prepare_cached(
        "INSERT INTO documents (doc_key, content_hash, doc_id, url, outlet, published, lang, title,
            source_path, source_line, source_offset, format, text_bytes, record, ingested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        key,
        facts.content_hash,
        doc.doc_id,
        doc.source.url,
        doc.source.outlet,
        doc.published,
        doc.lang,
        doc.title,
        doc.source.path,
        doc.source.line.map(|l| l as i64),
        facts.byte_offset.map(|o| o as i64),
        doc.source.format,
        facts.text_bytes as i64,
        record,
        now,
    ])?;
    let document = tx.last_insert_rowid();
    stats.new_documents += 1;
    {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO places (document, start, \"end\", text, name, geonameid, lat, lon, country_code,
                admin1, feature, precision, score, resolved)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        for p in &doc.places {
            stmt.execute(params![
                document,
                p.start as i64,
                p.end as i64,
                p.text,
                p.name,
                p.geonameid,
                p.lat,
                p.lon,
                p.country_code,
                p.admin1,
                p.feature,
                p.precision,
                f64::from(p.score),
                p.resolved,
            ])?;
        }
    }
    sentences.extend(facts.sentences.iter().map(|s| (s.as_str(), document, None)));
    for (ev, p) in doc.events.iter().zip(&prepared.events) {
        let raw = insert_event(tx, document, ev, p)?;
        stats.events += 1;
        if let Some(s) = &ev.evidence.sentence {
            sentences.push((truncate(&s.text, MAX_SENTENCE_BYTES), document, Some(raw)));
        }
        match find_match(tx, ev, document)? {
            Some((canonical, matched, m)) => {
                tx.prepare_cached(
                    "INSERT INTO sources (event, canonical, document, rule, matched, score, explain)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![raw, canonical, document, m.rule, matched, m.score, serde_json::to_string(&m)?])?;
                recompute(tx, canonical)?;
                stats.merged += 1;
            }
            None => {
                // The canonical event of a single report is known without reading anything
                // back (what `recompute` would compute from its one member).
                let canonical = insert_alone(tx, raw, p)?;
                tx.prepare_cached(
                    "INSERT INTO sources (event, canonical, document, rule, matched, score, explain)
                     VALUES (?1, ?2, ?3, ?4, NULL, NULL, NULL)",
                )?
                .execute(params![raw, canonical, document, FIRST_REPORT])?;
                stats.canonical += 1;
            }
        }
    }
    Ok(())
}

/// Inserts the canonical event founded by the raw event `raw` alone.
fn insert_alone(tx: &Transaction<'_>, raw: i64, p: &PreparedEvent) -> Result<i64, StoreError> {
    let ev = &p.alone;
    // The claim columns from the record (schema version 7, stored: queries read them).
    tx.prepare_cached(concat!(
        "INSERT INTO canonical_events (event_id, representative, event_date, event_type,
            sub_event_type, actor1, actor2, iso, country, admin1, admin2, location, latitude,
            longitude, fatalities, n_sources, record, sources, claim, claim_fatalities)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 1, ?16, ?17, ",
        schema::claim_sql!("?16"),
        ", ",
        schema::claim_fatalities_sql!("?16"),
        ")"
    ))?
    .execute(params![
        ev.event_id,
        raw,
        ev.event_date,
        ev.event_type,
        ev.sub_event_type,
        ev.actor1,
        ev.actor2,
        ev.iso,
        ev.country,
        ev.admin1,
        ev.admin2,
        ev.location,
        ev.latitude,
        ev.longitude,
        ev.fatalities,
        p.alone_record,
        p.alone_sources,
    ])?;
    let canonical = tx.last_insert_rowid();
    if let (Some(lat), Some(lon)) = (ev.latitude, ev.longitude) {
        tx.prepare_cached("INSERT INTO event_rtree (id, min_lon, max_lon, min_lat, max_lat) VALUES (?1, ?2, ?2, ?3, ?3)")?
            .execute(params![canonical, lon, lat])?;
    }
    Ok(canonical)
}

fn insert_event(
    tx: &Transaction<'_>,
    document: i64,
    ev: &Event,
    p: &PreparedEvent,
) -> Result<i64, StoreError> {
    tx.prepare_cached(
        "INSERT INTO events (document, event_id, event_date, year, time_precision, disorder_type,
            event_type, sub_event_type, actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2,
            interaction, civilian_targeting, iso, country, admin1, admin2, location, latitude,
            longitude, geo_precision, source, notes, fatalities, attribution, evidence, rules,
            confidence, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
            ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32)",
    )?
    .execute(params![
        document,
        ev.event_id,
        ev.event_date,
        ev.year,
        ev.time_precision,
        ev.disorder_type,
        ev.event_type,
        ev.sub_event_type,
        ev.actor1,
        ev.assoc_actor_1,
        ev.inter1,
        ev.actor2,
        ev.assoc_actor_2,
        ev.inter2,
        ev.interaction,
        ev.civilian_targeting,
        ev.iso,
        ev.country,
        ev.admin1,
        ev.admin2,
        ev.location,
        ev.latitude,
        ev.longitude,
        ev.geo_precision,
        ev.source,
        ev.notes,
        ev.fatalities,
        p.attribution,
        p.evidence,
        p.rules,
        f64::from(ev.confidence),
        p.record,
    ])?;
    Ok(tx.last_insert_rowid())
}

/// The best canonical event for `ev` (see [`dedup`]), with the representative it was compared
/// with.
fn find_match(
    tx: &Transaction<'_>,
    ev: &Event,
    document: i64,
) -> Result<Option<(i64, i64, dedup::Match)>, StoreError> {
    let Some(day) = ev.event_date.as_deref().and_then(dedup::days) else {
        return Ok(None);
    };
    let (lo, hi) = (
        dedup::date_of(day - dedup::MAX_DATE_GAP_DAYS),
        dedup::date_of(day + dedup::MAX_DATE_GAP_DAYS),
    );
    // The matching fields are columns of `canonical_events`: no JSON is parsed here.
    let mut stmt = tx.prepare_cached(
        "SELECT c.id, c.representative, c.event_date, c.iso, c.latitude, c.longitude, c.admin2,
                c.location, c.actor1, c.actor2
         FROM canonical_events c
         WHERE c.sub_event_type = ?1 AND c.event_date >= ?2 AND c.event_date <= ?3 || 'T~'
           AND c.pinned = 0
           AND NOT EXISTS (SELECT 1 FROM sources s WHERE s.canonical = c.id AND s.document = ?4)",
    )?;
    let mut rows = stmt.query(params![ev.sub_event_type, lo, hi, document])?;
    let new = dedup::Key::of(ev);
    let mut candidates = Vec::new();
    while let Some(r) = rows.next()? {
        let text = |i: usize| -> Result<Option<&str>, rusqlite::Error> {
            match r.get_ref(i)? {
                rusqlite::types::ValueRef::Text(t) => Ok(std::str::from_utf8(t).ok()),
                _ => Ok(None),
            }
        };
        let canon = dedup::Key {
            sub_event_type: &ev.sub_event_type,
            event_date: text(2)?,
            iso: text(3)?,
            latitude: r.get(4)?,
            longitude: r.get(5)?,
            admin2: text(6)?,
            location: text(7)?,
            actor1: text(8)?,
            actor2: text(9)?,
        };
        if let Some(m) = dedup::matches_key(&new, &canon) {
            candidates.push(((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?), m));
        }
    }
    Ok(dedup::best(candidates).map(|((id, rep), m)| (id, rep, m)))
}

/// Creates a canonical event with `raw` as its representative (fields filled by
/// [`recompute`]).
fn new_canonical(tx: &Transaction<'_>, raw: i64) -> Result<i64, StoreError> {
    // The claim columns from the record (schema version 7, stored: queries read them).
    tx.prepare_cached(concat!(
        "INSERT INTO canonical_events (event_id, representative, event_type, sub_event_type,
            fatalities, n_sources, record, sources, claim, claim_fatalities)
         SELECT event_id, id, event_type, sub_event_type, 0, 0, record, '[]', ",
        schema::claim_sql!("record"),
        ", ",
        schema::claim_fatalities_sql!("record"),
        " FROM events WHERE id = ?1"
    ))?
    .execute([raw])?;
    Ok(tx.last_insert_rowid())
}

/// Recomputes a canonical event from its member raw events, or deletes it when none is left.
fn recompute(tx: &Transaction<'_>, canonical: i64) -> Result<(), StoreError> {
    let mut members = Vec::new();
    let mut refs = Vec::new();
    let mut ids = Vec::new();
    {
        // Prepared once for the whole ingest: with the planner's stability guarantee set in
        // `Store::setup`, rebinding `?1` never re-prepares it (it did once per merge before).
        let mut stmt = tx.prepare_cached(
            "SELECT e.id, e.record, d.published, d.outlet, d.url, d.doc_id, s.rule, s.score
             FROM sources s JOIN events e ON e.id = s.event JOIN documents d ON d.id = s.document
             WHERE s.canonical = ?1 ORDER BY e.id",
        )?;
        let rows = stmt.query_map([canonical], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<f64>>(7)?,
            ))
        })?;
        for row in rows {
            let (id, record, published, outlet, url, doc_id, rule, score) = row?;
            let event: Event = serde_json::from_str(&record)?;
            refs.push(SourceRef {
                doc_id,
                url,
                outlet: outlet.clone(),
                published: published.clone(),
                event_id: event.event_id.clone(),
                fatalities: event.fatalities,
                rule,
                score,
            });
            members.push(dedup::Member {
                event,
                published,
                outlet,
            });
            ids.push(id);
        }
    }
    tx.prepare_cached("DELETE FROM event_rtree WHERE id = ?1")?
        .execute([canonical])?;
    if members.is_empty() {
        tx.prepare_cached("DELETE FROM canonical_events WHERE id = ?1")?
            .execute([canonical])?;
        return Ok(());
    }
    let ev = dedup::canonical(&members);
    // The claim columns from the record (schema version 7, stored: queries read them).
    tx.prepare_cached(concat!(
        "UPDATE canonical_events SET event_id = ?2, representative = ?3, event_date = ?4,
            event_type = ?5, sub_event_type = ?6, actor1 = ?7, actor2 = ?8, iso = ?9, country = ?10,
            admin1 = ?11, admin2 = ?12, location = ?13, latitude = ?14, longitude = ?15,
            fatalities = ?16, n_sources = ?17, record = ?18, sources = ?19, claim = ",
        schema::claim_sql!("?18"),
        ", claim_fatalities = ",
        schema::claim_fatalities_sql!("?18"),
        " WHERE id = ?1"
    ))?
    .execute(params![
        canonical,
        ev.event_id,
        ids[0],
        ev.event_date,
        ev.event_type,
        ev.sub_event_type,
        ev.actor1,
        ev.actor2,
        ev.iso,
        ev.country,
        ev.admin1,
        ev.admin2,
        ev.location,
        ev.latitude,
        ev.longitude,
        ev.fatalities,
        members.len() as i64,
        serde_json::to_string(&ev)?,
        serde_json::to_string(&refs)?,
    ])?;
    if let (Some(lat), Some(lon)) = (ev.latitude, ev.longitude) {
        tx.prepare_cached("INSERT INTO event_rtree (id, min_lon, max_lon, min_lat, max_lat) VALUES (?1, ?2, ?2, ?3, ?3)")?
            .execute(params![canonical, lon, lat])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
