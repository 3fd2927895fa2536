//! The database layout and its migrations.
//!
//! `MIGRATIONS[i]` takes a database from version `i` to `i + 1`; a new database runs them all.
//! Migrations only move forward: a database written by a newer sitrep (a version above
//! [`SCHEMA_VERSION`]) is refused rather than guessed at. The `schema_version` table holds one
//! row naming the application (`sitrep`) and the version; `PRAGMA application_id` is set too, so
//! that `file(1)`-style tools can tell the file apart.

/// The layout version this build reads and writes.
pub const SCHEMA_VERSION: i64 = 8;

/// The SQL expression of a canonical event's claim status (column `claim`, record schema 1.1)
/// from its record's JSON text `$record` (a column or a parameter): the status written in the
/// record, else `reported` (a record written before schema 1.1 has no `claim`, and reported is
/// what it was). Version 7's migration and the writer (`lib.rs`) both use this one expression.
macro_rules! claim_sql {
    ($record:literal) => {
        concat!(
            "coalesce(json_extract(",
            $record,
            ", '$.claim.status'), 'reported')"
        )
    };
}
pub(crate) use claim_sql;

/// The SQL expression of the claim status of a canonical event's fatality figure (column
/// `claim_fatalities`): the figure's own status, else the event's (see [`claim_sql`]).
macro_rules! claim_fatalities_sql {
    ($record:literal) => {
        concat!(
            "coalesce(json_extract(",
            $record,
            ", '$.claim.fatalities.status'), json_extract(",
            $record,
            ", '$.claim.status'), 'reported')"
        )
    };
}
pub(crate) use claim_fatalities_sql;

/// Degrees of latitude and of longitude per cell of the grid that schema version 8 indexes
/// (`canonical_cell`): what [`cell_sql`] divides by, written out there (an index expression is
/// SQL text, frozen once a file has it).
pub const CELL_DEGREES: f64 = 5.0;

/// Cells per band of latitude in the grid key: a cell's key is `lat_cell * CELL_ROW +
/// lon_cell` ([`cell_sql`]).
pub const CELL_ROW: i64 = 1000;

/// The SQL expression of a canonical event's grid cell (schema version 8, `canonical_cell`)
/// from its `latitude` and `longitude` columns (`$table`: `""` or an alias with its dot):
/// `CAST((latitude + 90.0) / 5.0 AS INTEGER) * 1000 + CAST((longitude + 180.0) / 5.0 AS
/// INTEGER)`, NULL for an event without coordinates. Valid coordinates give latitude cells 0–36
/// and longitude cells 0–72 ([`CELL_DEGREES`], [`CELL_ROW`]). `CAST` truncates towards zero, so
/// each part never decreases when its coordinate grows: an event inside a box is in one of the
/// cells between the cells of the box's corners ([`cell_part`] computes them in Rust). The index and
/// the queries must spell the expression identically for SQLite to use the index: both use
/// this macro.
macro_rules! cell_sql {
    ($table:literal) => {
        concat!(
            "CAST((",
            $table,
            "latitude + 90.0) / 5.0 AS INTEGER) * 1000 + CAST((",
            $table,
            "longitude + 180.0) / 5.0 AS INTEGER)"
        )
    };
}
pub(crate) use cell_sql;

/// One part of a point's grid cell (see [`cell_sql`]): of its latitude with `origin` 90, of its
/// longitude with `origin` 180. The same IEEE addition and division as SQLite's, truncated
/// towards zero (Rust's `as` and SQLite's `CAST` both truncate, and both saturate).
pub(crate) fn cell_part(x: f64, origin: f64) -> i64 {
    ((x + origin) / CELL_DEGREES) as i64
}

/// Written to `PRAGMA application_id` ("SiTr").
pub const APPLICATION_ID: i32 = 0x5369_5472;

/// The name in `schema_version.app`.
pub const APP: &str = "sitrep";

/// Forward migrations: index `i` upgrades version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7, V8];

const V1: &str = r#"
CREATE TABLE schema_version (
    app TEXT NOT NULL,
    version INTEGER NOT NULL
);

-- One row per distinct document: keyed by its URL (else its id) and the SHA-256 of its text,
-- so re-ingesting the same input adds nothing, and a changed article under the same URL is a
-- new document.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    doc_key TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    url TEXT,
    outlet TEXT,
    published TEXT,
    lang TEXT NOT NULL,
    title TEXT,
    source_path TEXT,
    source_line INTEGER,
    source_offset INTEGER,
    format TEXT,
    text_bytes INTEGER NOT NULL,
    record TEXT NOT NULL,
    ingested_at INTEGER NOT NULL,
    UNIQUE (doc_key, content_hash)
);

CREATE TABLE places (
    document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    name TEXT NOT NULL,
    geonameid INTEGER,
    lat REAL,
    lon REAL,
    country_code TEXT,
    admin1 TEXT,
    feature TEXT,
    precision INTEGER NOT NULL,
    score REAL NOT NULL,
    resolved INTEGER NOT NULL
);
CREATE INDEX places_document ON places(document);
CREATE INDEX places_geonameid ON places(geonameid);

-- Raw events, exactly as extracted from one document (never changed by merging).
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    event_date TEXT,
    year INTEGER,
    time_precision INTEGER NOT NULL,
    disorder_type TEXT NOT NULL,
    event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    actor1 TEXT,
    assoc_actor_1 TEXT,
    inter1 INTEGER,
    actor2 TEXT,
    assoc_actor_2 TEXT,
    inter2 INTEGER,
    interaction INTEGER,
    civilian_targeting TEXT,
    iso TEXT,
    country TEXT,
    admin1 TEXT,
    admin2 TEXT,
    location TEXT,
    latitude REAL,
    longitude REAL,
    geo_precision INTEGER,
    source TEXT,
    notes TEXT NOT NULL,
    fatalities INTEGER NOT NULL,
    attribution TEXT,
    evidence TEXT NOT NULL,
    rules TEXT NOT NULL,
    confidence REAL NOT NULL,
    record TEXT NOT NULL,
    UNIQUE (document, event_id)
);
CREATE INDEX events_event_id ON events(event_id);

-- Canonical events: one per real-world event, recomputed from their member raw events.
CREATE TABLE canonical_events (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    representative INTEGER NOT NULL REFERENCES events(id),
    pinned INTEGER NOT NULL DEFAULT 0,
    event_date TEXT,
    event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    actor1 TEXT,
    actor2 TEXT,
    iso TEXT,
    country TEXT,
    admin1 TEXT,
    admin2 TEXT,
    location TEXT,
    latitude REAL,
    longitude REAL,
    fatalities INTEGER NOT NULL,
    n_sources INTEGER NOT NULL,
    record TEXT NOT NULL,
    sources TEXT NOT NULL
);
CREATE INDEX canonical_type_date ON canonical_events(sub_event_type, event_date);
CREATE INDEX canonical_date ON canonical_events(event_date);

-- Which raw event (and so which document) backs which canonical event, and why: the rule that
-- matched, the raw event it was compared with, the score and its parts. Deleting a row here
-- and recomputing is how a merge is undone.
CREATE TABLE sources (
    event INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    canonical INTEGER NOT NULL REFERENCES canonical_events(id),
    document INTEGER NOT NULL REFERENCES documents(id),
    rule TEXT NOT NULL,
    matched INTEGER,
    score REAL,
    explain TEXT
);
CREATE INDEX sources_canonical ON sources(canonical);
CREATE INDEX sources_document ON sources(document);

-- Located canonical events (id = canonical_events.id).
CREATE VIRTUAL TABLE event_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat);

-- Full-text search: the evidence sentence of each raw event (event set) and the first
-- sentences of each document (event NULL), bounded per document.
CREATE VIRTUAL TABLE sentences USING fts5(
    text,
    document UNINDEXED,
    event UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);
"#;

/// Version 2: the `/v1/events` filters read indexes. `type` and `country` compare
/// case-insensitively, so their indexes are `COLLATE NOCASE` (the binary
/// `canonical_type_date` serves merging, which compares exactly); each is followed by
/// `event_date`, so a filtered page is read in page order and stops after its last row instead
/// of sorting every match. Only indexes: no row changes, and a version-1 file gains them when
/// opened.
const V2: &str = r#"
CREATE INDEX canonical_event_type_nocase ON canonical_events(event_type COLLATE NOCASE, event_date);
CREATE INDEX canonical_sub_event_type_nocase ON canonical_events(sub_event_type COLLATE NOCASE, event_date);
CREATE INDEX canonical_iso_nocase ON canonical_events(iso COLLATE NOCASE, event_date);
CREATE INDEX canonical_country_nocase ON canonical_events(country COLLATE NOCASE, event_date);
"#;

/// Version 3: the claim status of canonical events (record schema 1.1), for `query --claim` and
/// `/v1/events?claim=`. Virtual columns read from the stored record, so no row is rewritten and
/// a version-2 file gains them when opened; a record written before schema 1.1 has no `claim`
/// and reads as `reported`, which is what it was. `claim_fatalities` is the figure's own
/// status, else the event's.
pub(crate) const V3: &str = r#"
ALTER TABLE canonical_events ADD COLUMN claim TEXT GENERATED ALWAYS AS
    (coalesce(json_extract(record, '$.claim.status'), 'reported')) VIRTUAL;
ALTER TABLE canonical_events ADD COLUMN claim_fatalities TEXT GENERATED ALWAYS AS
    (coalesce(json_extract(record, '$.claim.fatalities.status'),
              json_extract(record, '$.claim.status'), 'reported')) VIRTUAL;
CREATE INDEX canonical_claim ON canonical_events(claim, event_date);
CREATE INDEX canonical_claim_fatalities ON canonical_events(claim_fatalities, event_date);
"#;

/// Version 4: `actor=` (a case-insensitive substring of actor 1 or actor 2, `LIKE '%…%'`) from
/// indexes instead of reading every canonical event. No B-tree index serves a substring, but the
/// distinct actor names are few (327 on the 100,000-event benchmark store): the pattern is
/// matched against `actor_names`, and the events with a matching name are found through
/// `(actor, event_date)` indexes. `n` counts the canonical events naming the actor (as actor 1
/// or 2), so that a query knows how many events it selects before choosing its plan. Triggers
/// keep the table exact; a version-3 file gains it when opened.
const V4: &str = r#"
CREATE TABLE actor_names (name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO actor_names (name, n)
    SELECT name, count(*) FROM (
        SELECT actor1 AS name FROM canonical_events WHERE actor1 IS NOT NULL
        UNION ALL SELECT actor2 FROM canonical_events WHERE actor2 IS NOT NULL)
    GROUP BY name;
CREATE TRIGGER canonical_actor_names_insert AFTER INSERT ON canonical_events BEGIN
    INSERT INTO actor_names (name, n) SELECT new.actor1, 1 WHERE new.actor1 IS NOT NULL
        ON CONFLICT (name) DO UPDATE SET n = n + 1;
    INSERT INTO actor_names (name, n) SELECT new.actor2, 1 WHERE new.actor2 IS NOT NULL
        ON CONFLICT (name) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER canonical_actor_names_delete AFTER DELETE ON canonical_events BEGIN
    UPDATE actor_names SET n = n - 1 WHERE name = old.actor1;
    UPDATE actor_names SET n = n - 1 WHERE name = old.actor2;
END;
CREATE TRIGGER canonical_actor_names_update AFTER UPDATE OF actor1, actor2 ON canonical_events BEGIN
    UPDATE actor_names SET n = n - 1 WHERE name = old.actor1;
    UPDATE actor_names SET n = n - 1 WHERE name = old.actor2;
    INSERT INTO actor_names (name, n) SELECT new.actor1, 1 WHERE new.actor1 IS NOT NULL
        ON CONFLICT (name) DO UPDATE SET n = n + 1;
    INSERT INTO actor_names (name, n) SELECT new.actor2, 1 WHERE new.actor2 IS NOT NULL
        ON CONFLICT (name) DO UPDATE SET n = n + 1;
END;
CREATE INDEX canonical_actor1 ON canonical_events(actor1, event_date);
CREATE INDEX canonical_actor2 ON canonical_events(actor2, event_date);
"#;

/// Version 5: the index a page of a frequent actor walks. A filter matching many events pages
/// by walking the events in date order and keeping those that match, stopping at the page's
/// end. Walking `canonical_date` looked each walked event's row up to compare its actors: on
/// the 100,000-event store, `actor=Police` (one event in seven) spent most of its time in
/// `sqlite3BtreeTableMoveto` (`perf`). This index holds the actors in page order (`event_date,
/// id`: the explicit `id` keeps the events of one day in id order), so the walk reads index
/// pages only. (The claim columns are virtual: SQLite reads them from the row even when an
/// index holds them, so they are not here.) Only an index: no row changes, and a version-4
/// file gains it when opened.
pub(crate) const V5: &str = r#"
CREATE INDEX canonical_walk ON canonical_events(event_date, id, actor1, actor2);
"#;

/// Version 6: the full-text table without its per-row token counts (`columnsize = 0`). FTS5
/// keeps them (the `sentences_docsize` table, one row per sentence) only for ranking (`bm25`,
/// `xColumnSize`), which sitrep never asks for: `text=` matches words, phrases and prefixes,
/// and results are ordered by date. Writing them was 0.112 G of the store writer's 2.233 G
/// instructions (callgrind, `ingest` of 2,000 articles; the whole ingest 8.034 G → 7.946 G with
/// version 5's index, BENCHMARKS.md; the writer thread is the two-core critical path). Same rows, same rowids, same matches; a version-5 file has its table rebuilt when
/// opened: every stored sentence tokenised again, once (12.3 s for the 1,281,617 sentences of
/// the 100,000-event benchmark store; the old table's pages stay in the file as free pages,
/// which later writes reuse).
const V6: &str = r#"
CREATE VIRTUAL TABLE sentences_v6 USING fts5(
    text,
    document UNINDEXED,
    event UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2',
    columnsize = 0
);
INSERT INTO sentences_v6 (rowid, text, document, event)
    SELECT rowid, text, document, event FROM sentences ORDER BY rowid;
DROP TABLE sentences;
ALTER TABLE sentences_v6 RENAME TO sentences;
"#;

/// Version 7: `/v1/events` pages of claim statuses, bounding boxes, rare actors and text
/// without reading each event's row (issue 18; figures in BENCHMARKS.md, "fourth sitting").
///
/// - `claim` and `claim_fatalities` become stored columns. Version 3 made them virtual (read
///   from the record's JSON whenever used), and SQLite reads a virtual column from the row even
///   when an index holds it: a walked event cost a row read and two `json_extract`s (~7 µs).
///   Stored, the writer sets them from the record with the same expressions ([`claim_sql`],
///   [`claim_fatalities_sql`]); this migration fills them once (one rewrite of every canonical
///   row). `ALTER TABLE` cannot turn a virtual column into a stored one or add a stored
///   generated column, so the virtual ones are dropped and plain ones added under the same
///   names, in the same place (last), so `SELECT *` reads the same values in the same order.
/// - `canonical_walk` (version 5: the date walk of a filter matching many events) also holds
///   the claim columns and the coordinates, so that a walk over a claim status or a bounding box
///   compares index entries, never rows (a box is compared on the event's own coordinates, and
///   the R*Tree asked only about events within its 32-bit rounding of the box's edges:
///   `query.rs`).
/// - (An index `(id, event_date)`, for the plans that sort a few ids found without their dates
///   (the R*Tree, the full-text table), was tried and left out: the look-up by primary key
///   costs no more, callgrind, BENCHMARKS.md.)
///
/// A version-6 file migrates when opened (claims filled, indexes rebuilt): 2.9 s on the
/// 100,000-event benchmark store. Writing costs less than before, not more: `ingest` of 2,000
/// articles 7.903 G → 7.818 G instructions (callgrind; the claims' `json_extract`s and the
/// wider indexes cost less than the statement re-preparations the store no longer does, see
/// `Store::setup`), same stored rows (BENCHMARKS.md, "fourth sitting").
const V7: &str = concat!(
    "
DROP INDEX canonical_claim;
DROP INDEX canonical_claim_fatalities;
DROP INDEX canonical_walk;
ALTER TABLE canonical_events DROP COLUMN claim_fatalities;
ALTER TABLE canonical_events DROP COLUMN claim;
ALTER TABLE canonical_events ADD COLUMN claim TEXT;
ALTER TABLE canonical_events ADD COLUMN claim_fatalities TEXT;
UPDATE canonical_events SET claim = ",
    claim_sql!("record"),
    ", claim_fatalities = ",
    claim_fatalities_sql!("record"),
    ";
CREATE INDEX canonical_claim ON canonical_events(claim, event_date);
CREATE INDEX canonical_claim_fatalities ON canonical_events(claim_fatalities, event_date);
CREATE INDEX canonical_walk ON canonical_events(event_date, id, actor1, actor2, claim,
    claim_fatalities, longitude, latitude);
"
);

/// Version 8 (issue 18, fifth sitting; figures in BENCHMARKS.md): a bounding box holding a few
/// per cent of the events pages from a grid, and `text=` reads a sentence's document and
/// event without FTS5 reading its content row.
///
/// - **`canonical_cell`**. Version 7 had two plans for a box: sort the events the R*Tree
///   finds by date (a date look-up per boxed event, ~3,700 instructions each with the R*Tree
///   search and the sorter), or walk every event in date order comparing its coordinates
///   (~830 per walked event). A box holding 1–3 % of the store is the worst case of both:
///   `bbox=-10,0,10,20` (West Africa, 1,404 of 100,727 events) cost 5.2 M instructions per
///   `/v1/events` request. This index orders the located events by date within cells of 5° ×
///   5° ([`cell_sql`]): a box's page merges one date-ordered range per cell it touches
///   (`MERGE (UNION)`, as a claim status or a rare actor does since version 7) and stops at
///   the page's end, comparing the coordinates the index holds (the walk's exact-or-R*Tree
///   comparison: the R*Tree's answer, `query.rs`). The cell is an expression, not a column:
///   no row changes (`SELECT *` and the stored content are version 7's).
/// - **`sentence_rows`**, the full-text table's content, in a table of ours (FTS5's "external
///   content"): same rowids, same `text`, `document` and `event`, and `sentences` is the same
///   full-text index over it (same tokenizer, `columnsize = 0`), so `SELECT … FROM sentences`
///   reads what it read. A `text=` page found each matched sentence's document and event by
///   asking FTS5 for its columns: a nested statement reading FTS5's content row per sentence,
///   ~40 % of `text=Mosul`'s 6.8 M instructions. The page now joins `sentence_rows` by rowid
///   in its own statement. The writer inserts each sentence into `sentence_rows` and then into
///   `sentences` (`lib.rs`; no trigger: a statement with a trigger opens a statement
///   savepoint, which makes FTS5 flush its pending rows); nothing deletes or updates
///   sentences (a deletion would have to be given to `sentences` too, as FTS5's `delete`
///   command with the old values).
/// - **`sources_document`** also holds `canonical`: the events a document's sentence selects
///   are read from the index, without a row look-up per source. Same number of index entries
///   as before.
///
/// Per `/v1/events` request on the 100,000-event benchmark store (callgrind): `bbox=-10,0,10,20`
/// 5.2 M → 1.5 M instructions, a 0.5° box around Baghdad 8.3 M → 1.1 M, `text=Mosul` 6.8 M →
/// 4.6 M, `text=killed` 124 M → 78 M (still far above the filters that meet issue 18's bar).
/// Writing costs no more: `ingest` of 2,000 archive articles 7.693 G → 7.685 G instructions,
/// the store writer 2.004 G → 1.994 G (FTS5 no longer writes a content row of its own), same
/// stored rows.
///
/// A version-7 file migrates when opened: the sentences are copied into `sentence_rows` and
/// tokenised again once (FTS5's `rebuild`), the indexes built: 27 s (9 s of CPU, loaded
/// machine) for the 1,199,332 sentences of the 100,000-event store, which grows from 1.60 to
/// 1.79 GB (the old full-text pages stay as free pages, which later writes reuse).
const V8: &str = concat!(
    "
CREATE INDEX canonical_cell ON canonical_events(",
    cell_sql!(""),
    ", event_date, id, longitude, latitude);
CREATE TABLE sentence_rows (
    id INTEGER PRIMARY KEY,
    document INTEGER NOT NULL,
    event INTEGER,
    text TEXT NOT NULL
);
INSERT INTO sentence_rows (id, document, event, text)
    SELECT rowid, document, event, text FROM sentences ORDER BY rowid;
DROP TABLE sentences;
CREATE VIRTUAL TABLE sentences USING fts5(
    text,
    document UNINDEXED,
    event UNINDEXED,
    content = 'sentence_rows',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    columnsize = 0
);
INSERT INTO sentences (sentences) VALUES ('rebuild');
DROP INDEX sources_document;
CREATE INDEX sources_document ON sources(document, canonical);
"
);
