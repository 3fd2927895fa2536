//! Store tests over real files in a temporary directory.

use sitrep_schema::{Document, Event, Evidence, Source, Span};

use super::*;

struct Ev<'a> {
    sub: &'a str,
    date: &'a str,
    lat: Option<f64>,
    lon: Option<f64>,
    location: &'a str,
    actor1: Option<&'a str>,
    fatalities: u32,
    sentence: &'a str,
}

fn event(doc_id: &str, n: usize, e: &Ev<'_>) -> Event {
    Event {
        event_id: format!("{doc_id}-{n}"),
        event_date: Some(e.date.into()),
        year: e.date.get(..4).and_then(|y| y.parse().ok()),
        time_precision: 1,
        disorder_type: "Political violence".into(),
        event_type: if e.sub == "Armed clash" {
            "Battles"
        } else {
            "Explosions/Remote violence"
        }
        .into(),
        sub_event_type: e.sub.into(),
        actor1: e.actor1.map(str::to_string),
        assoc_actor_1: None,
        inter1: None,
        actor2: None,
        assoc_actor_2: None,
        inter2: None,
        interaction: None,
        civilian_targeting: None,
        iso: Some("SY".into()),
        country: Some("Syria".into()),
        admin1: None,
        admin2: None,
        location: Some(e.location.into()),
        latitude: e.lat,
        longitude: e.lon,
        geo_precision: e.lat.map(|_| 1),
        source: None,
        notes: e.sentence.into(),
        fatalities: e.fatalities,
        attribution: None,
        evidence: Evidence {
            sentence: Some(Span {
                start: 0,
                end: e.sentence.chars().count(),
                text: e.sentence.into(),
            }),
            fatalities: (e.fatalities > 0).then(|| Span {
                start: 0,
                end: 1,
                text: "x".into(),
            }),
            ..Evidence::default()
        },
        rules: Vec::new(),
        confidence: 0.8,
        claim: Default::default(),
    }
}

fn doc(
    id: &str,
    url: &str,
    published: &str,
    text: &str,
    events: &[Ev<'_>],
) -> (Document, TextFacts) {
    let outlet = url.split('/').nth(2).map(str::to_string);
    let d = Document {
        schema_version: "1.0".into(),
        doc_id: id.into(),
        source: Source {
            url: Some(url.into()),
            outlet,
            ..Source::default()
        },
        published: Some(published.into()),
        lang: "en".into(),
        title: None,
        places: Vec::new(),
        events: events
            .iter()
            .enumerate()
            .map(|(i, e)| event(id, i + 1, e))
            .collect(),
        diagnostics: Vec::new(),
        framing: Default::default(),
    };
    let ranges: Vec<_> = {
        let mut v = Vec::new();
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if c == '.' {
                v.push(start..i + 1);
                start = i + 1;
            }
        }
        v
    };
    (d, TextFacts::new(text, &ranges, None))
}

const STRIKE: &str = "Air/drone strike";

fn three_reports_and_another() -> Vec<(Document, TextFacts)> {
    let ev = |date, lat, lon, actor1, fatalities, sentence| Ev {
        sub: STRIKE,
        date,
        lat: Some(lat),
        lon: Some(lon),
        location: "Idlib",
        actor1,
        fatalities,
        sentence,
    };
    vec![
        doc(
            "a",
            "https://outlet-a.example/1",
            "2024-03-02",
            "Airstrikes hit Idlib on Friday. Seven people were killed.",
            &[ev(
                "2024-03-01",
                35.93,
                36.63,
                Some("Military Forces of Russia"),
                7,
                "Airstrikes hit Idlib on Friday, killing seven.",
            )],
        ),
        doc(
            "b",
            "https://outlet-b.example/x",
            "2024-03-02",
            "Russian jets struck Idlib city. Five died.",
            &[ev(
                "2024-03-02",
                35.95,
                36.60,
                None,
                5,
                "Russian jets struck Idlib city, five died.",
            )],
        ),
        doc(
            "c",
            "https://outlet-c.example/y",
            "2024-03-02",
            "A strike near Idlib killed six civilians.",
            &[ev(
                "2024-03-01",
                35.80,
                36.70,
                Some("military forces of russia"),
                6,
                "A strike near Idlib killed six civilians.",
            )],
        ),
        doc(
            "d",
            "https://outlet-d.example/z",
            "2024-03-02",
            "Clashes in Deir ez-Zor left two dead.",
            &[Ev {
                sub: "Armed clash",
                date: "2024-03-01",
                lat: Some(35.33),
                lon: Some(40.14),
                location: "Deir ez-Zor",
                actor1: None,
                fatalities: 2,
                sentence: "Clashes in Deir ez-Zor left two dead.",
            }],
        ),
    ]
}

#[test]
fn three_outlets_one_event_and_a_fourth_apart() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("ev.sqlite")).unwrap();
    let docs = three_reports_and_another();
    let stats = store.ingest(&docs).unwrap();
    assert_eq!(
        (
            stats.new_documents,
            stats.events,
            stats.merged,
            stats.canonical
        ),
        (4, 4, 2, 2)
    );
    let all = store.query(&Query::default()).unwrap();
    assert_eq!(all.len(), 2);
    let strike = all
        .iter()
        .find(|c| c.event.sub_event_type == STRIKE)
        .unwrap();
    let outlets: Vec<_> = strike
        .sources
        .iter()
        .map(|s| s.outlet.clone().unwrap())
        .collect();
    assert_eq!(
        outlets,
        ["outlet-a.example", "outlet-b.example", "outlet-c.example"]
    );
    assert_eq!(
        strike
            .sources
            .iter()
            .map(|s| s.rule.as_str())
            .collect::<Vec<_>>(),
        ["first-report", "distance", "distance"]
    );
    // Same publication day: the lowest figure.
    assert_eq!(strike.event.fatalities, 5);
    assert_eq!(
        strike.event.source.as_deref(),
        Some("outlet-a.example; outlet-b.example; outlet-c.example")
    );
    let clash = all
        .iter()
        .find(|c| c.event.sub_event_type == "Armed clash")
        .unwrap();
    assert_eq!(clash.sources.len(), 1);
    // Explanations are stored.
    let explain: String = store
        .connection()
        .query_row(
            "SELECT explain FROM sources WHERE rule = 'distance' ORDER BY event LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        explain.contains("\"distance_km\"") && explain.contains("\"date_gap_days\":1"),
        "{explain}"
    );
}

#[test]
fn reingesting_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ev.sqlite");
    let docs = three_reports_and_another();
    let before = {
        let mut store = Store::open(&path).unwrap();
        store.ingest(&docs).unwrap();
        store.counts().unwrap()
    };
    let mut store = Store::open(&path).unwrap();
    let stats = store.ingest(&docs).unwrap();
    assert_eq!(
        (stats.new_documents, stats.duplicates, stats.events),
        (0, 4, 0)
    );
    assert_eq!(store.counts().unwrap(), before);
    assert_eq!(before.documents, 4);
    assert!(before.sentences >= 8, "{before:?}");
}

#[test]
fn unmerge_splits_and_recomputes() {
    let mut store = Store::open_in_memory().unwrap();
    store.ingest(&three_reports_and_another()).unwrap();
    let new = store.unmerge("b-1").unwrap();
    let all = store.query(&Query::default()).unwrap();
    assert_eq!(all.len(), 3);
    let split = all.iter().find(|c| c.id == new).unwrap();
    assert_eq!(split.sources.len(), 1);
    assert_eq!(split.sources[0].rule, "manual-unmerge");
    let rest = all
        .iter()
        .find(|c| c.event.sub_event_type == STRIKE && c.id != new)
        .unwrap();
    assert_eq!(rest.sources.len(), 2);
    assert_eq!(rest.event.fatalities, 6);
    // A pinned event takes no new reports.
    let (mut d, f) = doc(
        "e",
        "https://outlet-e.example/",
        "2024-03-02",
        "Strike on Idlib.",
        &[],
    );
    d.events = vec![split.event.clone()];
    d.events[0].event_id = "e-1".into();
    store.ingest(&[(d, f)]).unwrap();
    let again = store.query(&Query::default()).unwrap();
    assert_eq!(again.iter().find(|c| c.id == new).unwrap().sources.len(), 1);
    assert!(matches!(
        store.unmerge("nope"),
        Err(StoreError::NoSuchEvent(_))
    ));
}

#[test]
fn query_filters() {
    let mut store = Store::open_in_memory().unwrap();
    store.ingest(&three_reports_and_another()).unwrap();
    let n = |q: Query| store.query(&q).unwrap().len();
    assert_eq!(
        n(Query {
            bbox: Some([36.0, 35.0, 37.0, 36.5]),
            ..Query::default()
        }),
        1
    );
    assert_eq!(
        n(Query {
            bbox: Some([30.0, 30.0, 45.0, 40.0]),
            ..Query::default()
        }),
        2
    );
    assert_eq!(
        n(Query {
            bbox: Some([0.0, 0.0, 1.0, 1.0]),
            ..Query::default()
        }),
        0
    );
    assert_eq!(
        n(Query {
            text: Some("jets".into()),
            ..Query::default()
        }),
        1
    );
    assert_eq!(
        n(Query {
            text: Some("dead".into()),
            ..Query::default()
        }),
        1
    );
    assert_eq!(
        n(Query {
            text: Some("nothinglikethis".into()),
            ..Query::default()
        }),
        0
    );
    assert_eq!(
        n(Query {
            event_type: Some("battles".into()),
            ..Query::default()
        }),
        1
    );
    assert_eq!(
        n(Query {
            event_type: Some(STRIKE.into()),
            ..Query::default()
        }),
        1
    );
    assert_eq!(
        n(Query {
            actor: Some("RUSSIA".into()),
            ..Query::default()
        }),
        1
    );
    assert_eq!(
        n(Query {
            country: Some("sy".into()),
            ..Query::default()
        }),
        2
    );
    assert_eq!(
        n(Query {
            country: Some("Iraq".into()),
            ..Query::default()
        }),
        0
    );
    assert_eq!(
        n(Query {
            since: Some("2024-03-02".into()),
            ..Query::default()
        }),
        0
    );
    assert_eq!(
        n(Query {
            until: Some("2024-03-01".into()),
            ..Query::default()
        }),
        2
    );
    assert_eq!(
        n(Query {
            limit: Some(1),
            ..Query::default()
        }),
        1
    );
}

#[test]
fn foreign_and_damaged_files_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let check = |name: &str, bytes: &[u8], want: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let err = Store::open(&path).unwrap_err().to_string();
        assert!(err.contains(want), "{name}: {err}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} was modified");
    };
    check(
        "notes.txt",
        b"just some text that is long enough",
        "not an SQLite file",
    );
    let mut header = SQLITE_MAGIC.to_vec();
    header.extend(std::iter::repeat_n(0xA5u8, 4096));
    check("garbage.sqlite", &header, "not a sitrep database");

    // A real SQLite database of another application.
    let other = dir.path().join("other.sqlite");
    {
        let c = Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
            .unwrap();
    }
    let bytes = std::fs::read(&other).unwrap();
    let err = Store::open(&other).unwrap_err().to_string();
    assert!(
        err.contains("another application") && err.contains("customers"),
        "{err}"
    );
    assert_eq!(std::fs::read(&other).unwrap(), bytes);

    // A newer layout.
    let newer = dir.path().join("newer.sqlite");
    drop(Store::open(&newer).unwrap());
    Connection::open(&newer)
        .unwrap()
        .execute("UPDATE schema_version SET version = 99", [])
        .unwrap();
    let err = Store::open(&newer).unwrap_err().to_string();
    assert!(err.contains("newer sitrep") && err.contains("99"), "{err}");
}

#[test]
fn fresh_database_has_the_current_layout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ev.sqlite");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let mode: String = store
        .connection()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(store);
    // An empty file (touch) is a new database too.
    let empty = dir.path().join("empty.sqlite");
    std::fs::write(&empty, b"").unwrap();
    assert_eq!(
        Store::open(&empty).unwrap().schema_version().unwrap(),
        SCHEMA_VERSION
    );
}

#[test]
fn sentences_are_bounded() {
    let text = "Shelling hit the town. ".repeat(2000);
    let ranges: Vec<_> = (0..2000).map(|i| i * 23..i * 23 + 22).collect();
    let f = TextFacts::new(&text, &ranges, Some(7));
    assert_eq!(f.sentences.len(), MAX_SENTENCES);
    assert_eq!(f.sentences[0], "Shelling hit the town.");
    assert_eq!(f.text_bytes, text.len());
    assert_eq!(f.content_hash.len(), 64);
    let long = "é".repeat(3000);
    let f = TextFacts::new(
        &long,
        &std::iter::once(0..long.len()).collect::<Vec<_>>(),
        None,
    );
    assert!(
        f.sentences[0].len() <= MAX_SENTENCE_BYTES && f.sentences[0].len() > MAX_SENTENCE_BYTES - 2
    );
}

/// A canonical event founded by one report is written directly from the prepared document:
/// it must be exactly what `recompute` derives from the stored member.
#[test]
fn first_reports_equal_their_recomputation() {
    let mut store = Store::open_in_memory().unwrap();
    store.ingest(&three_reports_and_another()).unwrap();
    const ROW: &str = "SELECT id, event_id, representative, event_date, event_type, sub_event_type,
        actor1, actor2, iso, country, admin1, admin2, location, latitude, longitude, fatalities,
        n_sources, record, sources FROM canonical_events
        WHERE n_sources = 1 ORDER BY id";
    let snapshot = |conn: &Connection| -> Vec<Vec<rusqlite::types::Value>> {
        let mut stmt = conn.prepare(ROW).unwrap();
        let n = stmt.column_count();
        stmt.query_map([], |r| (0..n).map(|i| r.get(i)).collect())
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let rtree = |conn: &Connection| -> Vec<(i64, f64, f64)> {
        let mut stmt = conn
            .prepare("SELECT id, min_lon, min_lat FROM event_rtree ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let direct = snapshot(store.connection());
    let direct_rtree = rtree(store.connection());
    assert!(!direct.is_empty());
    let tx = store.conn.transaction().unwrap();
    for row in &direct {
        let rusqlite::types::Value::Integer(id) = row[0] else {
            panic!("id")
        };
        recompute(&tx, id).unwrap();
    }
    tx.commit().unwrap();
    assert_eq!(snapshot(store.connection()), direct);
    assert_eq!(rtree(store.connection()), direct_rtree);
}

#[test]
fn matching_on_columns_equals_matching_on_records() {
    // `find_match` compares against the columns of `canonical_events`; they must carry what
    // `dedup::matches` reads from the full record.
    let mut store = Store::open_in_memory().unwrap();
    let docs = three_reports_and_another();
    store.ingest(&docs).unwrap();
    let mut stmt = store
        .connection()
        .prepare(
            "SELECT record, event_date, iso, latitude, longitude, admin2, location, actor1, actor2,
                sub_event_type FROM canonical_events",
        )
        .unwrap();
    type Row = (
        String,
        Option<String>,
        Option<String>,
        Option<f64>,
        Option<f64>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
    );
    let rows: Vec<Row> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), 2);
    for row in &rows {
        let record: Event = serde_json::from_str(&row.0).unwrap();
        let from_columns = dedup::Key {
            sub_event_type: &row.9,
            event_date: row.1.as_deref(),
            iso: row.2.as_deref(),
            latitude: row.3,
            longitude: row.4,
            admin2: row.5.as_deref(),
            location: row.6.as_deref(),
            actor1: row.7.as_deref(),
            actor2: row.8.as_deref(),
        };
        assert_eq!(from_columns, dedup::Key::of(&record));
        for (d, _) in &docs {
            for e in &d.events {
                assert_eq!(
                    dedup::matches_key(&dedup::Key::of(e), &from_columns),
                    dedup::matches(e, &record)
                );
            }
        }
    }
}

/// Sixty reports of strikes and clashes around Idlib over five days: near and far places,
/// missing coordinates, actors known or not, different tolls, so that every merge rule and the
/// recomputation of merged events run.
fn a_week_of_reports() -> Vec<(Document, TextFacts)> {
    (0..60)
        .map(|i| {
            let sub = if i % 3 == 0 { "Armed clash" } else { STRIKE };
            let date = format!("2024-03-{:02}", 1 + i % 5);
            let located = i % 7 != 0;
            let lat = 35.9 + (i % 4) as f64 * 0.12;
            let lon = 36.6 + (i % 5) as f64 * 0.05;
            let actor1 = match i % 4 {
                0 => None,
                1 | 2 => Some("Military Forces of Russia"),
                _ => Some("military forces of syria"),
            };
            let sentence = format!("Report {i}: fighting near Idlib left {} dead.", i % 6);
            let text = format!("{sentence} Witnesses described heavy damage. Report {i} ends.");
            let e = Ev {
                sub,
                date: &date,
                lat: located.then_some(lat),
                lon: located.then_some(lon),
                location: if i % 2 == 0 { "Idlib" } else { "Saraqib" },
                actor1,
                fatalities: (i % 6) as u32,
                sentence: &sentence,
            };
            doc(
                &format!("w{i}"),
                &format!("https://outlet-{}.example/{i}", i % 5),
                &format!("2024-03-{:02}", 2 + i % 5),
                &text,
                &[e],
            )
        })
        .collect()
}

/// The stored result of a fixed input, whatever the batching, equals what the store wrote
/// before the write path was optimised (issue 18): the digest below is that of the dump made
/// by main at 3fd05e5. A change of the write path that changes any stored row, id or merge
/// fails here; a deliberate change of the stored result updates the digest and says why.
#[test]
fn stored_result_is_fixed_and_independent_of_batching() {
    // Schema 1.1 (claims): the stored records gained `claim` and `framing`, nothing else.
    const EXPECTED: &str = "99214adb4e47b3010ef004b3f0548a8bca5ff613e1021a29b5b49c6b35f461ec";
    let mut docs = three_reports_and_another();
    docs.extend(a_week_of_reports());
    let mut dumps = Vec::new();
    for batch in [1, 7, docs.len()] {
        let mut store = Store::open_in_memory().unwrap();
        for chunk in docs.chunks(batch) {
            store.ingest(chunk).unwrap();
        }
        // The ingestion time (the clock's) is the one column that differs between runs.
        store
            .conn
            .execute("UPDATE documents SET ingested_at = 0", [])
            .unwrap();
        let dump = store.content_dump().unwrap();
        // Re-ingesting adds nothing.
        let again = store.ingest(&docs).unwrap();
        assert_eq!((again.new_documents, again.duplicates), (0, docs.len()));
        assert_eq!(store.content_dump().unwrap(), dump);
        dumps.push(dump);
    }
    assert!(dumps.iter().all(|d| *d == dumps[0]));
    let merges = dumps[0]
        .lines()
        .filter(|l| l.starts_with("sources\t") && !l.contains("first-report"))
        .count();
    assert!(merges >= 10, "{merges} merges:\n{}", dumps[0]);
    let digest = format!("{:x}", Sha256::digest(dumps[0].as_bytes()));
    assert_eq!(digest, EXPECTED, "dump:\n{}", dumps[0]);
}

/// The query plan of `sql` with `args`, one line per step (`EXPLAIN QUERY PLAN` details).
fn plan(conn: &Connection, sql: &str, args: &[rusqlite::types::Value]) -> Vec<String> {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    stmt.query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Every documented `/v1/events` filter, alone and combined, is answered from an index: the
/// count and the page never read `canonical_events` whole (`SCAN c`), and the type, country,
/// actor and date filters search their `(column, event_date)` index, so that a page is read in
/// page order (issue 18). `actor` is a case-insensitive substring (`LIKE '%…%'`): the pattern
/// is matched against the distinct names (`actor_names`), then the actor indexes are searched.
#[test]
fn event_filters_are_answered_from_indexes() {
    let mut store = Store::open_in_memory().unwrap();
    let mut docs = three_reports_and_another();
    docs.extend(a_week_of_reports());
    store.ingest(&docs).unwrap();
    let q = |f: &dyn Fn(&mut Query)| {
        let mut q = Query::default();
        f(&mut q);
        q
    };
    let cases: Vec<(&str, Query, Option<&str>)> = vec![
        (
            "country iso",
            q(&|q| q.country = Some("sy".into())),
            Some("canonical_iso_nocase"),
        ),
        (
            "country name",
            q(&|q| q.country = Some("SYRIA".into())),
            Some("canonical_country_nocase"),
        ),
        (
            "type",
            q(&|q| q.event_type = Some("battles".into())),
            Some("canonical_event_type_nocase"),
        ),
        (
            "sub-event type",
            q(&|q| q.event_type = Some("air/drone strike".into())),
            Some("canonical_sub_event_type_nocase"),
        ),
        (
            "since",
            q(&|q| q.since = Some("2024-03-02".into())),
            Some("canonical_date"),
        ),
        (
            "until",
            q(&|q| q.until = Some("2024-03-02".into())),
            Some("canonical_date"),
        ),
        (
            "bbox",
            q(&|q| q.bbox = Some([36.0, 35.0, 37.0, 36.5])),
            None,
        ),
        ("text", q(&|q| q.text = Some("Idlib".into())), None),
        (
            "actor",
            q(&|q| q.actor = Some("russia".into())),
            Some("canonical_actor"),
        ),
        (
            "claim",
            q(&|q| q.claim = Some("reported".into())),
            Some("canonical_claim"),
        ),
        (
            "country, type and since",
            q(&|q| {
                q.country = Some("SY".into());
                q.event_type = Some("Battles".into());
                q.since = Some("2024-03-02".into());
            }),
            Some("_nocase"),
        ),
    ];
    for (name, query, index) in &cases {
        assert!(
            store.count(query).unwrap() > 0,
            "{name}: the case must select events"
        );
        let conn = store.connection();
        let filter = query::filter_sql(conn, query, query::Order::Any).unwrap();
        let count = plan(conn, &query::count_sql(&filter.sql), &filter.args);
        let filter = query::filter_sql(conn, query, query::Order::Page).unwrap();
        let page_sql = query::page_sql(&filter);
        let mut args = filter.args;
        args.extend([100.into(), 0.into()]);
        let page = plan(conn, &page_sql, &args);
        for step in count.iter().chain(&page) {
            assert!(
                !(step.starts_with("SCAN c") || step.starts_with("SCAN canonical_events")),
                "{name}: full scan `{step}` in\n{count:#?}\n{page:#?}"
            );
        }
        let searched = |steps: &[String]| {
            steps.iter().any(|s| match index {
                Some(i) => s.starts_with("SEARCH c USING") && s.contains(i),
                // Through a virtual table's own index, then canonical events by id.
                None => s.contains("VIRTUAL TABLE INDEX") && !s.contains("INDEX 0:)"),
            })
        };
        assert!(searched(&count), "{name}: {count:#?}");
        assert!(searched(&page), "{name}: {page:#?}");
    }
}

/// A store where every filter's walk is chosen: enough events for each `*_MANY`.
fn many_matches_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    // Enough for every walk: six events in seven name the actor, all are `reported`.
    let n = ((query::BBOX_MANY
        .max(query::TEXT_MANY)
        .max(query::ACTOR_MANY)
        .max(query::CLAIM_MANY)
        + 100)
        * 7
        / 6) as i64;
    let docs: Vec<_> = (0..n)
        .map(|i| {
            let date = dedup::date_of(dedup::days("2022-01-01").unwrap() + i * 2);
            let sentence = format!("Shelling hit the town, report {i}.");
            let located = i % 9 != 0;
            doc(
                &format!("m{i}"),
                &format!("https://outlet-m.example/{i}"),
                &date,
                &sentence,
                &[Ev {
                    sub: STRIKE,
                    date: &date,
                    lat: located.then_some(35.0 + (i % 50) as f64 * 0.02),
                    lon: located.then_some(36.0 + (i % 40) as f64 * 0.02),
                    location: "Idlib",
                    actor1: (i % 7 != 0).then_some("Military Forces of Syria (2000-)"),
                    fatalities: 0,
                    sentence: &sentence,
                }],
            )
        })
        .collect();
    store.ingest(&docs).unwrap();
    store
}

/// A page of a bounding box, text or actor filter that matches many events is read through another
/// plan (the date index walked, each event checked): the same events as the plain query.
#[test]
fn many_matches_page_the_same_events() {
    let store = many_matches_store();
    for (name, q) in [
        (
            "actor",
            Query {
                actor: Some("forces of SYRIA".into()),
                ..Query::default()
            },
        ),
        (
            "bbox",
            Query {
                bbox: Some([35.9, 34.9, 37.0, 36.5]),
                ..Query::default()
            },
        ),
        (
            "text",
            Query {
                text: Some("shelling".into()),
                ..Query::default()
            },
        ),
        (
            "claim",
            Query {
                claim: Some("reported".into()),
                ..Query::default()
            },
        ),
    ] {
        let all: Vec<i64> = store.query(&q).unwrap().iter().map(|c| c.id).collect();
        let many = if q.actor.is_some() {
            query::ACTOR_MANY
        } else if q.claim.is_some() {
            query::CLAIM_MANY
        } else if q.text.is_some() {
            query::TEXT_MANY
        } else {
            query::BBOX_MANY
        };
        assert!(all.len() >= many, "{name}: {} matches", all.len());
        let filter = query::filter_sql(store.connection(), &q, query::Order::Page).unwrap();
        if q.claim.is_some() {
            // Alone, a claim status is never walked: its two indexes are merged in page order.
            let sql = query::page_sql(&filter);
            let mut args = filter.args.clone();
            args.extend([100.into(), 0.into()]);
            let steps = plan(store.connection(), &sql, &args);
            assert!(
                steps.iter().any(|s| s.starts_with("MERGE")),
                "{name}: {steps:#?}"
            );
        } else {
            assert!(
                ["EXISTS", "+c.id", "+c.actor1"]
                    .iter()
                    .any(|walk| filter.sql.contains(walk)),
                "{name}: {}",
                filter.sql
            );
        }
        // The actor walk compares columns that `canonical_walk` holds: it reads index pages
        // only, never an event's row (version 5).
        if q.actor.is_some() {
            let filter = query::filter_sql(store.connection(), &q, query::Order::Page).unwrap();
            let sql = query::page_sql(&filter);
            let mut args = filter.args;
            args.extend([100.into(), 0.into()]);
            let steps = plan(store.connection(), &sql, &args);
            assert!(
                steps
                    .iter()
                    .any(|s| s == "SCAN c USING COVERING INDEX canonical_walk"),
                "{name}: {steps:#?}"
            );
        }
        for offset in [0, 100, all.len() - 50] {
            let end = (offset + 100).min(all.len());
            // The count a server knows, none, or a wrong one (which forces the other plan).
            for total in [None, Some(all.len()), Some(0), Some(usize::MAX)] {
                let mut page = Vec::new();
                store
                    .page_raw_counted(&q, total, 100, offset, &mut |c| page.push(c.id))
                    .unwrap();
                assert_eq!(page, all[offset..end], "{name} at {offset}, {total:?}");
            }
        }
        // `query` with a limit (`sitrep query --limit`) runs the same page statement.
        let limited = Query {
            limit: Some(100),
            ..q.clone()
        };
        let first: Vec<i64> = store
            .query(&limited)
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(first, all[..100.min(all.len())], "{name} with a limit");
    }
}

/// Filters combined have no driver: a frequent claim status is walked with the rest, and pages
/// are the plain query's.
#[test]
fn combined_filters_page_the_same_events() {
    let store = many_matches_store();
    let q = Query {
        claim: Some("reported".into()),
        actor: Some("forces of SYRIA".into()),
        since: Some("2022-03-01".into()),
        ..Query::default()
    };
    let filter = query::filter_sql(store.connection(), &q, query::Order::Page).unwrap();
    assert!(filter.driver.is_none() && filter.sql.contains("+c.claim"));
    let all: Vec<i64> = store.query(&q).unwrap().iter().map(|c| c.id).collect();
    assert!(all.len() > 1_000, "{}", all.len());
    for offset in [0, 500, all.len() - 50] {
        let mut page = Vec::new();
        store
            .page_raw(&q, 100, offset, &mut |c| page.push(c.id))
            .unwrap();
        assert_eq!(page, all[offset..(offset + 100).min(all.len())]);
    }
}

/// A box walked in date order compares each event's own coordinates (`canonical_walk`) and asks
/// the R*Tree only near the box's edges, where the R*Tree's 32-bit floats (rounded outwards)
/// may select a point just outside the box: both plans select exactly the R*Tree's events,
/// with edges on a point, one 32-bit float away from it, and between the two.
#[test]
fn a_walked_box_selects_what_the_rtree_selects() {
    // The next 32-bit float above `x` as the R*Tree stores a max (x > 0 here).
    let up = |x: f64| {
        let f = x as f32;
        f64::from(if f64::from(f) < x {
            f32::from_bits(f.to_bits() + 1)
        } else {
            f
        })
    };
    let down = |x: f64| {
        let f = x as f32;
        f64::from(if f64::from(f) > x {
            f32::from_bits(f.to_bits() - 1)
        } else {
            f
        })
    };
    // Coordinates that 32-bit floats cannot hold, a few on each row and column.
    let lons = [36.123456789, 36.2000001, 36.3333333333];
    let lats = [35.0000000001, 35.1234567, 35.2999999];
    let mut store = Store::open_in_memory().unwrap();
    let docs: Vec<_> = (0..36)
        .map(|i| {
            let date = dedup::date_of(dedup::days("2023-01-01").unwrap() + i * 3);
            let sentence = format!("Shelling hit the village, report {i}.");
            doc(
                &format!("b{i}"),
                &format!("https://outlet-b.example/{i}"),
                &date,
                &sentence,
                &[Ev {
                    sub: STRIKE,
                    date: &date,
                    lat: (i % 4 != 3).then_some(lats[(i / 3) as usize % 3]),
                    lon: (i % 4 != 3).then_some(lons[i as usize % 3]),
                    location: "Idlib",
                    actor1: Some("Military Forces of Syria (2000-)"),
                    fatalities: 0,
                    sentence: &sentence,
                }],
            )
        })
        .collect();
    store.ingest(&docs).unwrap();
    let located: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM event_rtree", [], |r| r.get(0))
        .unwrap();
    assert!(located >= 20, "{located}");
    let mut edges_differ = 0;
    for (lon, lat) in lons.iter().zip(lats) {
        // Edges: on the point, between it and its float, on its float, and beyond.
        let mid_up = (lon + up(*lon)) / 2.0;
        let mid_down = (lat + down(lat)) / 2.0;
        for bbox in [
            [*lon, lat, 40.0, 40.0],
            [mid_up, lat, 40.0, 40.0],
            [up(*lon), lat, 40.0, 40.0],
            [up(*lon) + 1e-6, lat, 40.0, 40.0],
            [30.0, 30.0, down(*lon), mid_down],
            [30.0, 30.0, *lon - 1e-9, down(lat)],
            [*lon, lat, *lon, lat],
            [mid_up, mid_down, mid_up, mid_down],
        ] {
            let q = Query {
                bbox: Some(bbox),
                ..Query::default()
            };
            let rtree: Vec<i64> = store.query(&q).unwrap().iter().map(|c| c.id).collect();
            let exact = rtree.iter().filter(|id| {
                store
                    .canonical(**id)
                    .unwrap()
                    .and_then(|c| Some((c.event.longitude?, c.event.latitude?)))
                    .is_some_and(|(x, y)| {
                        x >= bbox[0] && x <= bbox[2] && y >= bbox[1] && y <= bbox[3]
                    })
            });
            if exact.count() != rtree.len() {
                edges_differ += 1;
            }
            for total in [Some(usize::MAX), Some(0)] {
                let mut page = Vec::new();
                store
                    .page_raw_counted(&q, total, 100, 0, &mut |c| page.push(c.id))
                    .unwrap();
                assert_eq!(page, rtree, "{bbox:?}, {total:?}");
            }
        }
    }
    // The rounding was exercised: some box selects points outside it.
    assert!(edges_differ > 0);
}

/// `actor_names.n` is the number of canonical events naming each actor (as actor 1 or 2), as
/// the triggers keep it through inserts, merges (updates) and deletions.
fn assert_actor_counts_are_exact(store: &Store) {
    let conn = store.connection();
    let rows = |sql: &str| -> Vec<(String, i64)> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let counted = rows(
        "SELECT name, count(*) FROM (SELECT actor1 AS name FROM canonical_events
         UNION ALL SELECT actor2 FROM canonical_events) WHERE name IS NOT NULL
         GROUP BY name ORDER BY name",
    );
    assert!(!counted.is_empty());
    assert_eq!(
        rows("SELECT name, n FROM actor_names WHERE n > 0 ORDER BY name"),
        counted
    );
}

/// A version-8 store taken back to version 7: without the grid index, `sources_document` on
/// the document alone, and the full-text table holding its own content (as version 6 made it),
/// same rowids.
const DOWN_TO_7: &str = "DROP INDEX canonical_cell;
    DROP INDEX sources_document; CREATE INDEX sources_document ON sources(document);
    CREATE VIRTUAL TABLE sentences_v7 USING fts5(text, document UNINDEXED, event UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 2', columnsize = 0);
    INSERT INTO sentences_v7 (rowid, text, document, event)
        SELECT id, text, document, event FROM sentence_rows ORDER BY id;
    DROP TABLE sentences; DROP TABLE sentence_rows;
    ALTER TABLE sentences_v7 RENAME TO sentences;
    UPDATE schema_version SET version = 7;";

/// A version-7 store taken back to version 6: the claim columns virtual again (version 3's
/// statements), `canonical_walk` as version 5 made it.
fn down_to_6() -> String {
    format!(
        "{DOWN_TO_7} DROP INDEX canonical_walk; DROP INDEX canonical_claim;
         DROP INDEX canonical_claim_fatalities;
         ALTER TABLE canonical_events DROP COLUMN claim_fatalities;
         ALTER TABLE canonical_events DROP COLUMN claim;
         {} {} UPDATE schema_version SET version = 6;",
        schema::V3,
        schema::V5
    )
}

/// What versions 4 and 5 add, dropped again: a store as version 3 left it (from version 6).
const DOWN_TO_3: &str = "DROP INDEX canonical_walk; DROP TRIGGER canonical_actor_names_insert;
    DROP TRIGGER canonical_actor_names_update; DROP TRIGGER canonical_actor_names_delete; DROP INDEX canonical_actor1;
    DROP INDEX canonical_actor2; DROP TABLE actor_names; UPDATE schema_version SET version = 3;";

/// `query --claim`: the claim status of the event or of its figure; a version-2 store (records
/// of schema 1.0, without `claim`) opens, migrates, and reads as `reported`.
#[test]
fn claim_filter_and_a_version_2_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ev.sqlite");
    let mut docs = three_reports_and_another();
    let hedged = docs.last_mut().unwrap();
    hedged.0.events[0].claim.status = "unconfirmed".into();
    let mut store = Store::open(&path).unwrap();
    store.ingest(&docs).unwrap();
    let n = |store: &Store, claim: &str| {
        store
            .query(&Query {
                claim: Some(claim.into()),
                ..Query::default()
            })
            .unwrap()
            .len()
    };
    let all = store.query(&Query::default()).unwrap().len();
    assert_eq!(n(&store, "unconfirmed"), 1);
    assert_eq!(n(&store, "reported"), all - 1);
    assert_eq!(n(&store, "claimed"), 0);
    let by_actor = |store: &Store| {
        let q = Query {
            actor: Some("rUSSIA".into()),
            ..Query::default()
        };
        store
            .query(&q)
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect::<Vec<_>>()
    };
    let russia = by_actor(&store);
    assert!(!russia.is_empty());
    assert_actor_counts_are_exact(&store);
    drop(store);

    // Back to version 3: no actor names table, triggers or indexes. Opening it fills the table
    // from the events already stored, and the actor filter selects the same events.
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(&down_to_6()).unwrap();
    conn.execute_batch(DOWN_TO_3).unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(by_actor(&store), russia);
    assert_actor_counts_are_exact(&store);
    drop(store);

    // Back to version 2: no claim columns, records without `claim`.
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(&down_to_6()).unwrap();
    conn.execute_batch(DOWN_TO_3).unwrap();
    conn.execute_batch(
        "DROP INDEX canonical_claim; DROP INDEX canonical_claim_fatalities;
         ALTER TABLE canonical_events DROP COLUMN claim;
         ALTER TABLE canonical_events DROP COLUMN claim_fatalities;
         UPDATE canonical_events SET record = json_remove(record, '$.claim');
         UPDATE schema_version SET version = 2;",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(n(&store, "reported"), all);
    assert_eq!(n(&store, "unconfirmed"), 0);
    let old = &store.query(&Query::default()).unwrap()[0].event;
    assert_eq!(old.claim.status, "reported");
}

/// Version 6 rebuilds the full-text table without per-row token counts: a version-5 store
/// (its `sentences` as version 1 made it, no `canonical_walk` either: version 4) opens,
/// migrates, and holds the same rows with the same rowids; the same `text=` queries (a word, a
/// phrase, a prefix, a word without its accent) select the same events, and new documents are
/// indexed after the migration.
#[test]
fn a_version_4_store_migrates_to_the_lean_full_text_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v4.sqlite");
    let mut docs = three_reports_and_another();
    docs.extend(a_week_of_reports());
    let later = docs.split_off(docs.len() - 2);
    let mut store = Store::open(&path).unwrap();
    store.ingest(&docs).unwrap();
    let texts = [
        "Idlib",
        "\"heavy damage\"",
        "Airstr*",
        "Ídlib",
        "jets OR fighting",
    ];
    let matched = |store: &Store| -> Vec<Vec<i64>> {
        texts
            .iter()
            .map(|t| {
                let q = Query {
                    text: Some((*t).into()),
                    ..Query::default()
                };
                store.query(&q).unwrap().iter().map(|c| c.id).collect()
            })
            .collect()
    };
    let before = matched(&store);
    assert!(before.iter().all(|ids| !ids.is_empty()), "{before:?}");
    let dump = store.content_dump().unwrap();
    drop(store);

    // Back to version 4: the full-text table as version 1 created it, rows copied with their
    // rowids, and no walk index.
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(&down_to_6()).unwrap();
    conn.execute_batch(
        "DROP INDEX canonical_walk;
             CREATE VIRTUAL TABLE sentences_v1 USING fts5(text, document UNINDEXED,
                 event UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');
             INSERT INTO sentences_v1 (rowid, text, document, event)
                 SELECT rowid, text, document, event FROM sentences;
             DROP TABLE sentences;
             ALTER TABLE sentences_v1 RENAME TO sentences;
             UPDATE schema_version SET version = 4;",
    )
    .unwrap();
    drop(conn);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(has_table(&store, "canonical_walk"));
    // Version 8 keeps the sentences in a table of ours (external content).
    assert!(has_table(&store, "sentence_rows") && !has_table(&store, "sentences_content"));
    assert!(!has_table(&store, "sentences_docsize"));
    assert_eq!(store.content_dump().unwrap(), dump);
    assert_eq!(matched(&store), before);

    // Written after the migration, found after it.
    let q = Query {
        text: Some("\"Report 59\"".into()),
        ..Query::default()
    };
    assert!(store.query(&q).unwrap().is_empty());
    store.ingest(&later).unwrap();
    assert_eq!(store.query(&q).unwrap().len(), 1);
}

/// The claim columns as stored agree with the record on every canonical event.
fn assert_claims_are_the_records(store: &Store) {
    let wrong: i64 = store
        .connection()
        .query_row(
            concat!(
                "SELECT count(*) FROM canonical_events WHERE claim IS NOT ",
                schema::claim_sql!("record"),
                " OR claim_fatalities IS NOT ",
                schema::claim_fatalities_sql!("record")
            ),
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(wrong, 0);
}

/// Whether `column` of `canonical_events` is a virtual generated column (`table_xinfo`: 2).
fn is_virtual(store: &Store, column: &str) -> bool {
    store
        .connection()
        .query_row(
            "SELECT hidden FROM pragma_table_xinfo('canonical_events') WHERE name = ?1",
            [column],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
        == 2
}

/// Version 7 stores the claim columns: a version-6 store (virtual claim columns) opens,
/// migrates, and holds the same content (`SELECT *` included: same columns, same order, same
/// values), the same claim and box pages; the writer keeps the stored columns through new
/// events and merges. A file that is not what version 6 made stops the migration with the
/// file's name, and stays at version 6.
#[test]
fn a_version_6_store_migrates_to_stored_claims() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v6.sqlite");
    let mut docs = three_reports_and_another();
    docs.last_mut().unwrap().0.events[0].claim.status = "unconfirmed".into();
    docs.extend(a_week_of_reports());
    let later = docs.split_off(docs.len() - 3);
    let mut store = Store::open(&path).unwrap();
    store.ingest(&docs).unwrap();
    let queries: Vec<Query> = ["reported", "unconfirmed", "claimed"]
        .iter()
        .map(|c| Query {
            claim: Some((*c).into()),
            ..Query::default()
        })
        .chain([Query {
            bbox: Some([36.0, 35.0, 37.0, 36.5]),
            ..Query::default()
        }])
        .collect();
    let pages = |store: &Store| -> Vec<Vec<i64>> {
        queries
            .iter()
            .map(|q| {
                let mut ids = Vec::new();
                store.page_raw(q, 100, 0, &mut |c| ids.push(c.id)).unwrap();
                ids
            })
            .collect()
    };
    let before = pages(&store);
    assert!(!before[1].is_empty() && !before[0].is_empty(), "{before:?}");
    let dump = store.content_dump().unwrap();
    drop(store);

    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(&down_to_6()).unwrap();
    drop(conn);
    // As version 6 had it: virtual columns, and `SELECT *` reads the same.
    {
        let conn = Connection::open(&path).unwrap();
        let store = Store {
            conn,
            writing: false,
        };
        assert!(is_virtual(&store, "claim") && is_virtual(&store, "claim_fatalities"));
        assert_eq!(store.content_dump().unwrap(), dump);
    }

    // A version-6 file not as version 6 left it (an index missing): the migration stops,
    // naming the file and what is missing, and the file stays at version 6, unchanged.
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("DROP INDEX canonical_claim").unwrap();
    drop(conn);
    let Err(err) = Store::open(&path) else {
        panic!("a missing index must stop the migration")
    };
    let msg = format!(
        "{err}: {}",
        std::error::Error::source(&err).map_or(String::new(), |e| e.to_string())
    );
    assert!(
        msg.contains("v6.sqlite") && msg.contains("canonical_claim"),
        "{msg}"
    );
    let conn = Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("SELECT version FROM schema_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 6);
    assert!(is_virtual(
        &Store {
            conn,
            writing: false
        },
        "claim"
    ));
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("CREATE INDEX canonical_claim ON canonical_events(claim, event_date)")
        .unwrap();
    drop(conn);

    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(!is_virtual(&store, "claim") && !is_virtual(&store, "claim_fatalities"));
    assert_eq!(store.content_dump().unwrap(), dump);
    assert_claims_are_the_records(&store);
    assert_eq!(pages(&store), before);

    // New events and merges after the migration: the writer sets the columns.
    store.ingest(&later).unwrap();
    assert_claims_are_the_records(&store);
    let hedged = {
        let mut d = three_reports_and_another();
        let doc = &mut d[0];
        doc.0.doc_id = "claimed-later".into();
        doc.0.source.url = Some("https://outlet-z.example/claimed".into());
        doc.0.events[0].claim.status = "claimed".into();
        d.truncate(1);
        d
    };
    store.ingest(&hedged).unwrap();
    assert_claims_are_the_records(&store);
}

/// The grid cell parts computed in Rust (which cells a box's page merges) are those SQLite
/// computes for the index (`schema::cell_sql`), on cell boundaries, one double and one 32-bit
/// float either side of them, and at the ends of the coordinates.
#[test]
fn grid_cells_are_computed_as_sqlite_computes_them() {
    let conn = Connection::open_in_memory().unwrap();
    let sql = concat!(
        "SELECT ",
        schema::cell_sql!(""),
        " FROM (SELECT ?1 AS longitude, ?2 AS latitude)"
    );
    let mut stmt = conn.prepare(sql).unwrap();
    let mut values = Vec::new();
    for k in -36..=36 {
        let b = f64::from(k) * 5.0;
        let f = b as f32;
        values.extend([
            b,
            b.next_up(),
            b.next_down(),
            f64::from(f32::from_bits(f.to_bits() + 1)),
            f64::from(f32::from_bits(f.to_bits().wrapping_sub(1))),
            b + 2.5,
            b + 1.0 / 3.0,
        ]);
    }
    let mut checked = 0;
    for &lon in values.iter().filter(|v| (-180.0..=180.0).contains(*v)) {
        for &lat in values
            .iter()
            .filter(|v| (-90.0..=90.0).contains(*v))
            .step_by(3)
        {
            let key: i64 = stmt.query_row(params![lon, lat], |r| r.get(0)).unwrap();
            let rust =
                schema::cell_part(lat, 90.0) * schema::CELL_ROW + schema::cell_part(lon, 180.0);
            assert_eq!(key, rust, "{lon} {lat}");
            checked += 1;
        }
    }
    assert!(checked > 10_000, "{checked}");
}

/// A box's page merged from its grid cells (schema version 8) selects exactly the R*Tree's
/// events (the plain query's, in the same order), for boxes whose edges lie on cell boundaries,
/// one double or one 32-bit float beside them, inside cells, over one cell or many, on a line
/// and on a point, with events on the boundaries, next to them, without coordinates, and merged
/// (a second report moves a canonical event's coordinates and date).
#[test]
fn a_gridded_box_selects_what_the_rtree_selects() {
    let f32_up = |x: f64| {
        let f = x as f32;
        f64::from(if f64::from(f) <= x {
            f32::from_bits(f.to_bits() + 1)
        } else {
            f
        })
    };
    let near = |b: f64| {
        [
            b,
            b.next_up(),
            b.next_down(),
            f32_up(b),
            b - 1e-7,
            // Beside zero a 32-bit float holds this point, but `p + 180` rounds to 180.
            b - 1e-15,
            b + 0.4,
            b - 2.6,
        ]
    };
    let lons: Vec<f64> = [-10.0, 0.0, 10.0].into_iter().flat_map(near).collect();
    let lats: Vec<f64> = [0.0, 5.0, 20.0].into_iter().flat_map(near).collect();
    let mut docs = Vec::new();
    let mut i = 0i64;
    for &lon in &lons {
        for &lat in &lats {
            let date = dedup::date_of(dedup::days("2021-01-01").unwrap() + (i * 37) % 1500);
            let sentence = format!("Shelling hit the village, report {i}.");
            let located = i % 11 != 5;
            docs.push(doc(
                &format!("g{i}"),
                &format!("https://outlet-g.example/{i}"),
                &date,
                &sentence,
                &[Ev {
                    sub: STRIKE,
                    date: &date,
                    lat: located.then_some(lat),
                    lon: located.then_some(lon),
                    location: "Village",
                    actor1: Some("Military Forces of Syria (2000-)"),
                    fatalities: 0,
                    sentence: &sentence,
                }],
            ));
            i += 1;
        }
    }
    let mut store = Store::open_in_memory().unwrap();
    store.ingest(&docs).unwrap();
    // Merges: re-reports of Idlib events, whose canonical events move.
    store.ingest(&three_reports_and_another()).unwrap();
    let merged: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM sources WHERE rule != 'first-report'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(merged > 0);
    let boxes = [
        [-10.0, 0.0, 10.0, 20.0],
        [-10.0, 0.0, 0.0, 5.0],
        [0.0, 5.0, 10.0, 20.0],
        [-5.0, 0.0, 0.0, 5.0],
        [
            (-10.0f64).next_up(),
            0.0f64.next_up(),
            10.0f64.next_down(),
            20.0f64.next_down(),
        ],
        [f32_up(-10.0), f32_up(0.0), 10.0 - 1e-7, 20.0 - 1e-7],
        [-10.0 - 1e-7, -1e-7, 10.0 + 1e-7, 20.0 + 1e-7],
        [-7.6, 2.4, 7.4, 17.4],
        [-12.6, -2.6, 12.6, 22.6],
        [0.0, 5.0, 0.0, 5.0],
        // Narrow beside zero: the R*Tree's rounding is tiny, the cell's division is not.
        [-1e-10, 0.0, 0.0, 5.0],
        [-1e-14, -1e-14, 1e-14, 1e-14],
        [10.0, 0.0, 10.0, 20.0],
        [-10.0, 20.0, 10.0, 20.0],
        [30.0, 30.0, 40.0, 40.0],
        [35.0, 33.0, 37.0, 37.0],
    ];
    let mut gridded = 0;
    for bbox in boxes {
        let q = Query {
            bbox: Some(bbox),
            ..Query::default()
        };
        // The plain query: the R*Tree's ids, sorted by date.
        let all: Vec<i64> = store.query(&q).unwrap().iter().map(|c| c.id).collect();
        let filter =
            query::filter_sql_counted(store.connection(), &q, query::Order::Page, Some(usize::MAX))
                .unwrap();
        if filter
            .driver
            .as_deref()
            .is_some_and(|d| d.contains("CAST((c.latitude"))
        {
            gridded += 1;
        }
        for (limit, offset) in [(100, 0), (7, 0), (7, 5), (50, all.len().saturating_sub(3))] {
            let end = (offset + limit).min(all.len());
            let want = &all[offset.min(end)..end];
            // A known count at or above `BBOX_FEW` chooses the grid, 0 the sorted plan.
            for total in [Some(usize::MAX), Some(0), None] {
                let mut page = Vec::new();
                store
                    .page_raw_counted(&q, total, limit, offset, &mut |c| page.push(c.id))
                    .unwrap();
                assert_eq!(page, want, "{bbox:?} {limit}@{offset}, {total:?}");
            }
            // The map's page (GeoJSON) reads `Filter::sql`, not the grid: the same events.
            let mut map = Vec::new();
            store
                .page_map(&q, limit, offset, &mut |e| map.push(e.id))
                .unwrap();
            assert_eq!(map, want, "map: {bbox:?} {limit}@{offset}");
        }
    }
    assert!(gridded >= boxes.len() - 1, "{gridded}");
}

/// The first page of each box, by the grid's plan (a count that chooses it), checked against
/// the plain query.
fn box_pages(store: &Store, boxes: &[[f64; 4]]) -> Vec<Vec<i64>> {
    boxes
        .iter()
        .map(|b| {
            let q = Query {
                bbox: Some(*b),
                ..Query::default()
            };
            let mut ids = Vec::new();
            store
                .page_raw_counted(&q, Some(usize::MAX), 100, 0, &mut |c| ids.push(c.id))
                .unwrap();
            let all: Vec<i64> = store.query(&q).unwrap().iter().map(|c| c.id).collect();
            assert_eq!(ids, all[..all.len().min(100)]);
            ids
        })
        .collect()
}

/// The events of a few `text=` queries (the last, `migration`, only in a document written
/// after a migration).
fn text_matches(store: &Store) -> Vec<Vec<i64>> {
    [
        "Idlib",
        "\"heavy damage\"",
        "kill*",
        "Friday AND killed",
        "migration",
    ]
    .iter()
    .map(|t| {
        let q = Query {
            text: Some((*t).into()),
            ..Query::default()
        };
        store.query(&q).unwrap().iter().map(|c| c.id).collect()
    })
    .collect()
}

/// Whether the store's catalogue has `name`.
fn has_table(store: &Store, name: &str) -> bool {
    store
        .connection()
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = ?1",
            [name],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
        == 1
}

/// A version-7 store opens, gains `canonical_cell` and `sentence_rows` (the full-text table's
/// content, same rowids), and holds the same content, with the same box pages (now merged from
/// the grid) and the same `text=` matches; events and sentences ingested after the migration are
/// found too; opening it again changes nothing.
#[test]
fn a_version_7_store_migrates_to_the_grid() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v7.sqlite");
    let mut docs = three_reports_and_another();
    docs.extend(a_week_of_reports());
    let later = docs.split_off(docs.len() - 3);
    let mut store = Store::open(&path).unwrap();
    store.ingest(&docs).unwrap();
    let boxes = [
        [36.0, 35.0, 37.0, 36.5],
        [35.0, 30.0, 40.0, 40.0],
        [-10.0, 0.0, 10.0, 20.0],
    ];
    let before = box_pages(&store, &boxes);
    assert!(!before[0].is_empty() && before[2].is_empty(), "{before:?}");
    let found = text_matches(&store);
    assert!(!found[0].is_empty() && !found[1].is_empty() && found[4].is_empty());
    let dump = store.content_dump().unwrap();
    drop(store);

    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(DOWN_TO_7).unwrap();
    drop(conn);
    {
        let store = Store {
            conn: Connection::open(&path).unwrap(),
            writing: false,
        };
        assert!(!has_table(&store, "canonical_cell"));
        assert_eq!(store.content_dump().unwrap(), dump);
    }

    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(has_table(&store, "canonical_cell"));
    assert_eq!(store.content_dump().unwrap(), dump);
    assert_eq!(box_pages(&store, &boxes), before);
    assert_eq!(text_matches(&store), found);
    let q = Query {
        bbox: Some(boxes[1]),
        ..Query::default()
    };
    let filter =
        query::filter_sql_counted(store.connection(), &q, query::Order::Page, Some(usize::MAX))
            .unwrap();
    let mut args = filter.args.clone();
    args.extend([100.into(), 0.into()]);
    let steps = plan(store.connection(), &query::page_sql(&filter), &args);
    assert!(
        steps
            .iter()
            .any(|s| s.contains("COVERING INDEX canonical_cell")),
        "{steps:#?}"
    );

    // Written after the migration: the index keeps up (pages equal the plain query's).
    store.ingest(&later).unwrap();
    let sentence = "Shelling hit the village after the migration.";
    store
        .ingest(&[doc(
            "after",
            "https://outlet-after.example/1",
            "2024-03-20",
            sentence,
            &[Ev {
                sub: STRIKE,
                date: "2024-03-20",
                lat: Some(36.9),
                lon: Some(39.5),
                location: "Village",
                actor1: None,
                fatalities: 0,
                sentence,
            }],
        )])
        .unwrap();
    let after = box_pages(&store, &boxes);
    assert_eq!(after[1].len(), before[1].len() + 1, "{after:?}");
    // Its sentences are found (the writer fills `sentence_rows` and the index).
    assert_eq!(text_matches(&store)[4].len(), 1);
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(box_pages(&store, &boxes), after);
}

/// Every sentence of `docs` (their kept sentences and their events' evidence) with the raw
/// events it selects, by their ids in `store`.
fn input_sentences(store: &Store, docs: &[(Document, TextFacts)]) -> Vec<(String, Vec<i64>)> {
    let conn = store.connection();
    let id = |sql: &str, key: &str| -> i64 { conn.query_row(sql, [key], |r| r.get(0)).unwrap() };
    let mut sentences = Vec::new();
    for (d, facts) in docs {
        let events: Vec<i64> = d
            .events
            .iter()
            .map(|e| id("SELECT id FROM events WHERE event_id = ?1", &e.event_id))
            .collect();
        for s in &facts.sentences {
            sentences.push((s.clone(), events.clone()));
        }
        for (e, raw) in d.events.iter().zip(&events) {
            if let Some(s) = &e.evidence.sentence {
                sentences.push((s.text.clone(), vec![*raw]));
            }
        }
    }
    sentences
}

/// The words of a sentence as `unicode61` sees ASCII text: letters and digits, lower-cased.
fn tokens(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether a sentence's words match a query.
type Matcher = Box<dyn Fn(&[String]) -> bool>;

/// `text=` queries with what they match in one sentence's words.
fn text_cases() -> Vec<(&'static str, Matcher)> {
    let word =
        |w: &'static str| -> Matcher { Box::new(move |t: &[String]| t.iter().any(|x| x == w)) };
    let both = |a: &'static str, b: &'static str| -> Matcher {
        Box::new(move |t: &[String]| t.iter().any(|x| x == a) && t.iter().any(|x| x == b))
    };
    let phrase = |a: &'static str, b: &'static str| -> Matcher {
        Box::new(move |t: &[String]| t.windows(2).any(|w| w[0] == a && w[1] == b))
    };
    vec![
        ("Idlib", word("idlib")),
        ("killed", word("killed")),
        ("killing", word("killing")),
        (
            "kill*",
            Box::new(|t: &[String]| t.iter().any(|x| x.starts_with("kill"))),
        ),
        ("\"heavy damage\"", phrase("heavy", "damage")),
        ("\"report 7\"", phrase("report", "7")),
        ("Friday AND killed", both("friday", "killed")),
        ("witnesses AND dead", both("witnesses", "dead")),
        ("fighting AND idlib", both("fighting", "idlib")),
        ("nowhere", word("nowhere")),
    ]
}

/// `text=` selects exactly the canonical events one of whose reports has a matching sentence
/// (its evidence sentence, or one of its document's kept sentences), in page order, whichever
/// plan pages it: checked against a reference that tokenises the input's sentences itself, for
/// words, prefixes, phrases and `AND` (both words in one sentence: a document holding them in
/// two sentences does not match), over merged canonical events (schema version 8 reads the
/// sentences' documents and events from `sentence_rows`).
#[test]
fn text_pages_equal_a_reference_over_the_sentences() {
    let mut docs = three_reports_and_another();
    docs.extend(a_week_of_reports());
    let mut store = Store::open_in_memory().unwrap();
    for chunk in docs.chunks(9) {
        store.ingest(chunk).unwrap();
    }
    let conn = store.connection();
    let id = |sql: &str, key: &str| -> i64 { conn.query_row(sql, [key], |r| r.get(0)).unwrap() };
    let sentences = input_sentences(&store, &docs);
    let canonical_of = |raw: i64| -> i64 {
        conn.query_row(
            "SELECT canonical FROM sources WHERE event = ?1",
            [raw],
            |r| r.get(0),
        )
        .unwrap()
    };
    let merged: i64 = conn
        .query_row(
            "SELECT count(*) FROM (SELECT canonical FROM sources GROUP BY canonical HAVING count(*) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(merged >= 5, "{merged} merged canonical events");
    let cases = text_cases();
    let order: Vec<i64> = store
        .query(&Query::default())
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    let (mut cross_sentence, mut partial) = (false, 0);
    for (fts, matcher) in &cases {
        let selected: std::collections::HashSet<i64> = sentences
            .iter()
            .filter(|(s, _)| matcher(&tokens(s)))
            .flat_map(|(_, raws)| raws.iter().map(|r| canonical_of(*r)))
            .collect();
        let want: Vec<i64> = order
            .iter()
            .copied()
            .filter(|c| selected.contains(c))
            .collect();
        // `nowhere` is in no sentence, and the two `AND`s across sentences in none either.
        assert_eq!(
            want.is_empty(),
            ["nowhere", "Friday AND killed", "witnesses AND dead"].contains(fts),
            "{fts}"
        );
        partial += usize::from(!want.is_empty() && want.len() < order.len());
        if fts.contains(" AND ") {
            // Matching whole documents instead of sentences would select more events.
            let by_document: std::collections::HashSet<i64> = docs
                .iter()
                .filter(|(_, f)| {
                    matcher(
                        &f.sentences
                            .iter()
                            .flat_map(|s| tokens(s))
                            .collect::<Vec<_>>(),
                    )
                })
                .flat_map(|(d, _)| {
                    d.events.iter().map(|e| {
                        canonical_of(id("SELECT id FROM events WHERE event_id = ?1", &e.event_id))
                    })
                })
                .collect();
            cross_sentence |= by_document.iter().any(|c| !selected.contains(c));
        }
        let q = Query {
            text: Some((*fts).into()),
            ..Query::default()
        };
        let all: Vec<i64> = store.query(&q).unwrap().iter().map(|c| c.id).collect();
        assert_eq!(all, want, "{fts}");
        assert_eq!(store.count(&q).unwrap(), want.len(), "{fts}");
        for (limit, offset) in [(100, 0), (5, 0), (5, 3)] {
            let end = (offset + limit).min(want.len());
            for total in [None, Some(0), Some(usize::MAX)] {
                let mut page = Vec::new();
                store
                    .page_raw_counted(&q, total, limit, offset, &mut |c| page.push(c.id))
                    .unwrap();
                assert_eq!(
                    page,
                    want[offset.min(end)..end],
                    "{fts} {limit}@{offset}, {total:?}"
                );
            }
        }
    }
    assert!(
        cross_sentence,
        "an AND case must have its words in two sentences of one document"
    );
    assert!(
        partial >= 5,
        "{partial} cases select some events but not all"
    );
}
