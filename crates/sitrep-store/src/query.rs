//! Reading canonical events back: filters, full text, bounding boxes.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
pub use sitrep_formats::geojson::MapEvent;
use sitrep_schema::Event;
pub use sitrep_schema::{CanonicalEvent, SourceRef};

use crate::{schema, Store, StoreError};

/// Filters over canonical events; every set field must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// Earliest event date, `YYYY-MM-DD`, inclusive.
    pub since: Option<String>,
    /// Latest event date, `YYYY-MM-DD`, inclusive.
    pub until: Option<String>,
    /// `[min_lon, min_lat, max_lon, max_lat]`, through the R*Tree.
    pub bbox: Option<[f64; 4]>,
    /// Event type or sub-event type, case-insensitive.
    pub event_type: Option<String>,
    /// Substring of actor1 or actor2, case-insensitive.
    pub actor: Option<String>,
    /// ISO alpha-2 code or country name, case-insensitive.
    pub country: Option<String>,
    /// FTS5 query over the sentences of the events' evidence and documents.
    pub text: Option<String>,
    /// Claim status (one of [`sitrep_schema::CLAIM_STATUSES`]) of the event or of its fatality
    /// figure: `claimed` finds an event the outlet reports whose toll a side claims.
    pub claim: Option<String>,
    /// Most events returned.
    pub limit: Option<usize>,
}

impl Store {
    /// Canonical events matching `q`, by event date then id, passed to `each` one at a time
    /// (memory stays flat however many match). Returns how many were passed.
    pub fn query_each(
        &self,
        q: &Query,
        each: &mut dyn FnMut(CanonicalEvent) -> Result<(), StoreError>,
    ) -> Result<usize, StoreError> {
        // With a limit, the page's plan (a filter alone reads its own index in page order).
        let (sql, args) = match q.limit {
            Some(l) => page_statement(&self.conn, q, None, l, 0)?,
            None => {
                let filter = filter_sql(&self.conn, q, Order::Any)?;
                let sql = format!(
                    "SELECT c.id, c.record, c.sources FROM canonical_events c WHERE 1{}
                     ORDER BY c.event_date, c.id",
                    filter.sql
                );
                (sql, filter.args)
            }
        };
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        let mut n = 0;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let event: Event = serde_json::from_str(&row.get::<_, String>(1)?)?;
            let sources: Vec<SourceRef> = serde_json::from_str(&row.get::<_, String>(2)?)?;
            each(CanonicalEvent { id, event, sources })?;
            n += 1;
        }
        Ok(n)
    }

    /// Canonical events matching `q`, collected.
    pub fn query(&self, q: &Query) -> Result<Vec<CanonicalEvent>, StoreError> {
        let mut out = Vec::new();
        self.query_each(q, &mut |e| {
            out.push(e);
            Ok(())
        })?;
        Ok(out)
    }
}

/// Whether some canonical event has `value` in `column` (case-insensitive; one probe of the
/// column's `COLLATE NOCASE` index). `column` is one of this module's literals.
fn has_value(conn: &Connection, column: &str, value: &str) -> Result<bool, StoreError> {
    let sql = format!("SELECT 1 FROM canonical_events WHERE {column} = ?1 COLLATE NOCASE LIMIT 1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([value], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The clause "`value` equals (case-insensitively) `columns[0]` or `columns[1]`", for the
/// filters that accept either of two kinds of name (`type`: an event type or a sub-event type;
/// `country`: an ISO code or a country name). Written as an `OR` the clause cannot use an index
/// that also orders by date, so a filtered page would sort every match; the two columns' values
/// are disjoint in practice (ACLED's types and sub-event types differ, a country name is not an
/// ISO code), so when the store has the value in only one of them, the clause names that
/// column alone — same result, read from the `(column COLLATE NOCASE, event_date)` index in
/// page order. A value found in both columns, or in neither, keeps the `OR`.
fn either_column(
    conn: &Connection,
    f: &mut Clauses,
    columns: [&str; 2],
    value: &str,
) -> Result<(), StoreError> {
    let v = || Value::Text(value.to_string());
    match (
        has_value(conn, columns[0], value)?,
        has_value(conn, columns[1], value)?,
    ) {
        (true, false) => {
            f.arg(&format!(" AND c.{} = ? COLLATE NOCASE", columns[0]), v());
        }
        (false, true) => {
            f.arg(&format!(" AND c.{} = ? COLLATE NOCASE", columns[1]), v());
        }
        _ => {
            f.arg(&format!(" AND (c.{} = ? COLLATE NOCASE", columns[0]), v());
            f.arg(&format!(" OR c.{} = ? COLLATE NOCASE)", columns[1]), v());
        }
    }
    Ok(())
}

/// What the filtered rows are for: counting or grouping them (any order), or reading a page of
/// them in date order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    Any,
    Page,
}

// Paging a filter with many matches: a page walks the `canonical_date` index in page order
// and keeps the events that match, stopping at the page's end, instead of reading every
// matched event's row to sort them by date. On the 100,000-event store, a Syria/Iraq box
// (14,000 events): 155 ms (wall, sqlite3 shell, loaded machine) reading the rows, 46 ms walking
// the index against the list of matched ids (most of it building that list), 0.4 ms (CPU)
// walking it and looking each event up in the R*Tree. Below a filter's switch (the `*_MANY`
// constants), reading the few rows by id is cheaper than the walk. Only the plan changes,
// never the rows. Schema version 2 had one switch, 500 matches, for every filter.
//
// Schema version 7 (issue 18, fourth sitting): a filter alone (besides dates) pages from its
// own index ([`Filter::driver`]): a claim status merges its two `(claim, event_date)` ranges
// in page order whatever its size; a rare actor merges one `(actor, event_date)` range per
// name; a rare box or word sorts only the ids and dates of what it finds. Walks read
// `canonical_walk` only (claims and coordinates included). Instructions per `/v1/events`
// request on the 100,000-event store (callgrind, BENCHMARKS.md): `claim=claimed` 29.5 M →
// 0.86 M, a Syria/Iraq box 8.9 M → 1.3 M, `actor=Peru` 3.6 M → 1.4 M, unfiltered 0.81 M →
// 0.66 M.
//
// Schema version 8 (issue 18, fifth sitting): a box alone that is not a handful of events
// ([`BBOX_FEW`]) merges its cells of the grid index `canonical_cell` ([`grid`]) instead of
// sorting the R*Tree's ids or walking the date index: `bbox=-10,0,10,20` (1,404 events)
// 5.2 M → 1.5 M instructions per request, a 1° box around Baghdad 8.3 M → 1.1 M.

/// From this many events naming an actor that matches an `actor` filter on (`actor_names.n`),
/// a page walks the date index instead of reading every match through the actor indexes and
/// sorting them. Walking reads about `events / matches × page` rows, sorting `matches`: they
/// cost the same near `sqrt(events × page)`, 3,162 on the 100,000-event store with pages of
/// 100. With 500 as the switch, an actor matching 522 events there (`Peru`) walked ~19,000 rows
/// per page: 151 req/s (wrk, BENCHMARKS.md) where the sorted plan serves thousands.
pub(crate) const ACTOR_MANY: usize = 3_000;

/// Most actor names a rare actor's page merges (two index ranges each, actor 1 and actor 2):
/// the statement has one `SELECT` per name and column, so its size grows with them; a pattern
/// matching more names has its events sorted.
pub(crate) const ACTOR_ARMS: usize = 8;

/// From this many events with a claim status (the sum over the `claim` and
/// `claim_fatalities` indexes), a page of a claim filter combined with others walks the date
/// index instead of sorting every match (alone, a claim status is merged from its indexes in
/// page order, with no count). Chosen when the claim columns were virtual (schema versions
/// 3–6): a walked event cost a row read and two `json_extract`s, ~7 µs, a sorted match ~0.56
/// µs, so the plans met near `sqrt(events × page × 12.5)`, ~11,000 at 100,000 events. Since
/// version 7 the walk reads them from `canonical_walk`, which makes walking cheaper and this
/// switch conservative; not re-tuned (combined filters are not what issue 18 measures).
pub(crate) const CLAIM_MANY: usize = 10_000;

/// From this many sentences matching a `text` filter on, a page walks the date index
/// instead of reading the matched events by id and sorting them. The events are known
/// only after reading every matched sentence, so the sentences are counted; there are at least
/// as many as the events they select, mostly one or two per event. As for [`ACTOR_MANY`], the
/// walk reads about `events / matches × page` index entries and the sort `matches` rows. With
/// 500 as the switch, `text=Mosul` on the 100,000-event store (696 sentences, 348
/// events) walked ~29,000 entries per page (`perf`: the walk's `sqlite3VdbeExec` and index
/// probes were most of the time).
pub(crate) const TEXT_MANY: usize = 3_000;

/// From this many events inside a bounding box on, a page walks the date index instead of
/// reading the boxed events by id and sorting them. As for [`ACTOR_MANY`], the walk
/// probes the R*Tree for about `events / matches × page` events and the sort reads `matches`
/// rows, about the same cost each, so they meet near `sqrt(events × page)`, ~3,200 on the
/// 100,000-event store. With 500 as the switch, a West African box holding 1,404
/// events there walked ~7,000 events per page: 172–235 req/s, p99 ~210 ms (wrk -t2 -c32, idle
/// machine, BENCHMARKS.md), where a Syria/Iraq box of 13,131 events served ~1,150–1,575.
/// Since schema version 7 the walk compares coordinates held in `canonical_walk` (~830
/// instructions per walked event, callgrind, the Syria/Iraq box) and the sort reads dates from
/// the events' rows by id (~3,300 per boxed event: the R*Tree, the date, the sorter; the West
/// African box), so they meet near `sqrt(events × page × 830 / 3,300)`, ~1,600: the switch
/// was left at 3,000 (between the two, the plans differ by less than 2×; not measured).
pub(crate) const BBOX_MANY: usize = 3_000;

/// Most grid cells (schema version 8, `canonical_cell`: 5° × 5°) a box's page merges, one
/// `SELECT` each. A larger box is walked or sorted as before version 8 (a box of 30° × 30°
/// touches 49 cells, 7 × 7; a continent more).
pub(crate) const BBOX_CELLS: usize = 64;

/// Below this many events in a box, its page sorts them (the R*Tree's ids, each event's date)
/// rather than merging its grid cells: a cell that the box only grazes may hold many events
/// outside it, which a merge reads up to the page's end (all of them when the box has fewer
/// events than a page), while sorting costs ~3,700 instructions per boxed event whatever is
/// around (callgrind, BENCHMARKS.md): ~1.1 M at this switch, what an unfiltered page costs.
pub(crate) const BBOX_FEW: usize = 300;

/// The SQL selecting the canonical events that match a [`Query`]: see [`filter_sql`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Filter {
    /// `AND …` clauses over the canonical events (alias `c`).
    pub sql: String,
    /// Their arguments, `?1` on.
    pub args: Vec<Value>,
    /// For a page of a query with one filter (besides dates), when that filter finds its events
    /// through its own index: `SELECT`s of their `pid` (id) and `pdate` (event date), from that
    /// index (claims, actors) or from the ids it gives (the R*Tree, the full-text table), with
    /// the date clauses, joined by `UNION` (see [`page_sql`]). `None`: the page selects from
    /// `canonical_events` with [`Filter::sql`].
    pub driver: Option<String>,
}

/// The `AND …` clauses selecting the canonical events (alias `c`) that match `q` (everything
/// but `limit`), with their arguments. Shared by every reader so that the filters cannot drift;
/// `order` only chooses between equivalent plans.
pub(crate) fn filter_sql(conn: &Connection, q: &Query, order: Order) -> Result<Filter, StoreError> {
    filter_sql_counted(conn, q, order, None)
}

/// [`filter_sql`], given how many events match `q` when the caller knows (a server caches
/// each query's count): a filter alone then chooses its plan from that number instead of
/// counting its matches again (up to its `*_MANY`: ~2 M instructions for a large box, more
/// than the page itself). A wrong number only chooses a slower plan, never other rows.
pub(crate) fn filter_sql_counted(
    conn: &Connection,
    q: &Query,
    order: Order,
    total: Option<usize>,
) -> Result<Filter, StoreError> {
    let mut clauses = Clauses::default();
    let f = &mut clauses;
    if let Some(s) = &q.since {
        f.arg(" AND c.event_date >= ?", Value::Text(s.clone()));
    }
    if let Some(u) = &q.until {
        // An RFC 3339 date-time on the last day still counts.
        f.arg(" AND c.event_date <= ? || 'T~'", Value::Text(u.clone()));
    }
    // The date clauses, which every driver's `SELECT` repeats (the indexes a driver reads hold
    // the date), and whether one other filter is all there is (the other filters give no
    // driver: see [`Filter::driver`]).
    let dates = f.sql.clone();
    let alone = [
        q.event_type.is_some(),
        q.actor.is_some(),
        q.country.is_some(),
        q.claim.is_some(),
        q.bbox.is_some(),
        q.text.is_some(),
    ]
    .iter()
    .filter(|set| **set)
    .count()
        == 1;
    // The number of the filter's own matches, when known.
    let known = total.filter(|_| alone);
    if let Some(t) = &q.event_type {
        either_column(conn, f, ["event_type", "sub_event_type"], t)?;
    }
    if let Some(a) = &q.actor {
        actor_clauses(conn, f, a, order, alone)?;
    }
    if let Some(c) = &q.country {
        either_column(conn, f, ["iso", "country"], c)?;
    }
    if let Some(c) = &q.claim {
        claim_clauses(conn, f, c, order, alone)?;
    }
    if let Some(bbox) = q.bbox {
        bbox_clauses(conn, f, bbox, order, alone, known)?;
    }
    if let Some(t) = &q.text {
        text_clauses(conn, f, t, order, known)?;
    }
    let driver = (alone && order == Order::Page && !f.arms.is_empty()).then(|| {
        f.arms
            .iter()
            .map(|arm| format!("{arm}{dates}"))
            .collect::<Vec<_>>()
            .join(" UNION ")
    });
    Ok(Filter {
        sql: std::mem::take(&mut f.sql),
        args: std::mem::take(&mut f.args),
        driver,
    })
}

/// The `actor` filter (`a`): see [`filter_sql`]. `alone`: no other filter but dates.
fn actor_clauses(
    conn: &Connection,
    f: &mut Clauses,
    a: &str,
    order: Order,
    alone: bool,
) -> Result<(), StoreError> {
    let pat = format!(
        "%{}%",
        a.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    // The names matching the pattern come from the small `actor_names` table, the events
    // carrying them from the actor indexes. When a page would match many events, reading
    // them all to sort by date costs more than walking the date index and comparing each
    // event's actors with the pattern (the columns themselves: cheaper per event than
    // looking them up among the matched names), which stops at the page's end. See
    // [`ACTOR_MANY`]; both select the same events. The names matching are read once, with how
    // many events carry each (`n`), for the page's plan.
    let names: Vec<(String, i64)> = if order == Order::Page {
        conn.prepare_cached(
            "SELECT name, n FROM actor_names WHERE name LIKE ?1 ESCAPE '\\' AND n > 0",
        )?
        .query_map([&pat], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?
    } else {
        Vec::new()
    };
    let many = names.iter().map(|(_, n)| n).sum::<i64>() >= ACTOR_MANY as i64;
    let [one, two] = if many {
        [
            " AND (+c.actor1 LIKE ? ESCAPE '\\'",
            " OR +c.actor2 LIKE ? ESCAPE '\\')",
        ]
    } else {
        [
            " AND (c.actor1 IN (SELECT name FROM actor_names WHERE name LIKE ? ESCAPE '\\')",
            " OR c.actor2 IN (SELECT name FROM actor_names WHERE name LIKE ? ESCAPE '\\'))",
        ]
    };
    f.arg(one, Value::Text(pat.clone()));
    f.arg(two, Value::Text(pat));
    // Alone, and few: each matching name's events come from the actor indexes in page
    // order (`actor, event_date`, then the id), so a `UNION` of one `SELECT` per name and
    // column, merged in that order, stops at the page's end (`MERGE (UNION)`) instead of
    // sorting every match. Up to [`ACTOR_ARMS`] names; an actor with more is sorted.
    if alone && !many && names.len() <= ACTOR_ARMS {
        for (name, _) in &names {
            let n = f.push_arg(Value::Text(name.clone()));
            for column in ["actor1", "actor2"] {
                f.arms.push(format!(
                    "SELECT c.id AS pid, c.event_date AS pdate FROM canonical_events c
                     WHERE c.{column} = ?{n}"
                ));
            }
        }
        if f.arms.is_empty() {
            // No name matches: a driver that selects nothing (`WHERE 0`: no row read).
            f.arms.push(
                "SELECT c.id AS pid, c.event_date AS pdate FROM canonical_events c WHERE 0".into(),
            );
        }
    }
    Ok(())
}

/// The `claim` filter (`c`): see [`filter_sql`]. `alone`: no other filter but dates.
fn claim_clauses(
    conn: &Connection,
    f: &mut Clauses,
    c: &str,
    order: Order,
    alone: bool,
) -> Result<(), StoreError> {
    // Few matches: the two claim indexes, then a sort of the matches by date. Many (the
    // usual statuses, `reported` above all): the sort reads every match, so the page walks
    // the date index and stops at the page's end. See [`CLAIM_MANY`]. The event's own
    // status is counted first, and is enough for the usual statuses: counting costs an
    // index entry per match (`perf`: counting both indexes was most of a `reported` page).
    // The figure's status is counted only when needed; an event matching both counts
    // twice, which only chooses the plan.
    let count = |column: &str| {
        count_up_to(
            conn,
            &format!("FROM canonical_events WHERE {column} = ?1"),
            [c],
            CLAIM_MANY,
        )
    };
    let many = order == Order::Page && !alone && {
        let own = count("claim")?;
        own >= CLAIM_MANY || own + count("claim_fatalities")? >= CLAIM_MANY
    };
    // Walked, the claim columns are read from `canonical_walk` (version 7).
    let [one, two] = if many {
        [" AND (+c.claim = ?", " OR +c.claim_fatalities = ?)"]
    } else {
        [" AND (c.claim = ?", " OR c.claim_fatalities = ?)"]
    };
    let one = f.arg(one, Value::Text(c.to_string()));
    let two = f.arg(two, Value::Text(c.to_string()));
    // Alone, the claim indexes give each status's events in page order (`claim,
    // event_date`, then the id): a `UNION` of the two, merged in that order, stops at the
    // page's end however many match (`MERGE (UNION)`), without counting them first.
    f.arms = [("claim", one), ("claim_fatalities", two)]
        .map(|(column, n)| {
            format!(
                "SELECT c.id AS pid, c.event_date AS pdate FROM canonical_events c
                 WHERE c.{column} = ?{n}"
            )
        })
        .to_vec();
    Ok(())
}

/// The `bbox` filter: see [`filter_sql`]. `alone`: no other filter but dates; `known`: how
/// many events it selects, if known.
fn bbox_clauses(
    conn: &Connection,
    f: &mut Clauses,
    [min_lon, min_lat, max_lon, max_lat]: [f64; 4],
    order: Order,
    alone: bool,
    known: Option<usize>,
) -> Result<(), StoreError> {
    const BOX: &str =
        "FROM event_rtree WHERE max_lon >= ?1 AND min_lon <= ?2 AND max_lat >= ?3 AND min_lat <= ?4";
    let count = |limit: usize| {
        count_up_to(
            conn,
            BOX,
            rusqlite::params![min_lon, max_lon, min_lat, max_lat],
            limit,
        )
    };
    // How far outside the box the R*Tree may select a point (its 32-bit floats are rounded
    // outwards: one float is 2^-23 of the value at most, less than this).
    let edge = |lo: f64, hi: f64| lo.abs().max(hi.abs()) * f64::powi(2.0, -21) + 1e-40;
    let (lon_edge, lat_edge) = (edge(min_lon, max_lon), edge(min_lat, max_lat));
    // Alone, and not a handful of events: the page merges the box's grid cells (version 8).
    let cells = if order == Order::Page && alone {
        grid([min_lon, min_lat, max_lon, max_lat], [lon_edge, lat_edge])
    } else {
        None
    };
    // A box alone that is not a handful of events pages through its grid cells (the driver);
    // `Filter::sql` keeps the plan it has without the grid, for a caller that pages without the
    // driver (the map's page, `page_map`): walked from `BBOX_MANY` events, sorted below.
    let (grid, many) = match cells {
        Some(cells) if walks(order, known, BBOX_FEW, || count(BBOX_FEW))? => (
            Some(cells),
            walks(order, known, BBOX_MANY, || count(BBOX_MANY))?,
        ),
        Some(_) => (None, false),
        None => (None, walks(order, known, BBOX_MANY, || count(BBOX_MANY))?),
    };
    let bounds = [min_lon, min_lat, max_lon, max_lat];
    let edges = [lon_edge, lat_edge];
    let compare = (many || grid.is_some()).then(|| walk_compare(f, bounds, edges));
    let rtree = if let (true, Some((compare, rtree))) = (many, &compare) {
        f.sql.push_str(compare);
        *rtree
    } else {
        let lo_lon = f.arg(
            " AND c.id IN (SELECT id FROM event_rtree WHERE max_lon >= ?",
            Value::Real(min_lon),
        );
        let hi_lon = f.arg(" AND min_lon <= ?", Value::Real(max_lon));
        let lo_lat = f.arg(" AND max_lat >= ?", Value::Real(min_lat));
        let hi_lat = f.arg(" AND min_lat <= ?)", Value::Real(max_lat));
        f.arms = vec![format!(
            "SELECT r.id AS pid, c.event_date AS pdate
             FROM event_rtree r JOIN canonical_events c ON c.id = r.id
             WHERE r.max_lon >= ?{lo_lon} AND r.min_lon <= ?{hi_lon}
               AND r.max_lat >= ?{lo_lat} AND r.min_lat <= ?{hi_lat}"
        )];
        [lo_lon, hi_lon, lo_lat, hi_lat]
    };
    // The grid: one `SELECT` per cell, each reading `canonical_cell` in page order (date, then
    // id) with the walk's comparisons on the coordinates it holds, merged in that order
    // (`MERGE (UNION)`): the page stops at its end, whatever the box holds.
    if let (Some(grid), Some((compare, _))) = (grid, compare) {
        f.arms.clear();
        for key in grid.cells {
            let n = f.push_arg(Value::Integer(key));
            f.arms.push(format!(
                "SELECT c.id AS pid, c.event_date AS pdate FROM canonical_events c
                 WHERE {} = ?{n}{compare}",
                schema::cell_sql!("c.")
            ));
        }
        // The box's edges outside those cells: what the R*Tree selects there, sorted (points on
        // an edge line, or one float beside it: few).
        let [lo_lon, hi_lon, lo_lat, hi_lat] = rtree;
        for (strip, bound) in grid.strips {
            let n = f.push_arg(Value::Real(bound));
            f.arms.push(format!(
                "SELECT r.id AS pid, c.event_date AS pdate
                 FROM event_rtree r JOIN canonical_events c ON c.id = r.id
                 WHERE r.max_lon >= ?{lo_lon} AND r.min_lon <= ?{hi_lon}
                   AND r.max_lat >= ?{lo_lat} AND r.min_lat <= ?{hi_lat} AND r.{strip} ?{n}"
            ));
        }
    }
    Ok(())
}

/// The walk's comparison of an event (alias `c`) with the box `[min_lon, min_lat, max_lon,
/// max_lat]`, on the event's own coordinates (which `canonical_walk` and `canonical_cell` hold:
/// no row read), with its arguments added to `f`; and the numbers of the arguments holding the
/// box (`[min_lon, max_lon, min_lat, max_lat]`), for R*Tree comparisons.
///
/// The R*Tree holds a point as 32-bit floats rounded outwards (its min one float below, its max
/// one above, when the double is not a float), so it also selects events up to one float
/// outside the box: 2^-23 of the value, less than `edges` (`[lon, lat]`). An event inside the
/// box is in the R*Tree's answer; one within `edges` outside is asked of the R*Tree (the same
/// comparisons as the sorted plan's); one further out is in neither. Every plan selects exactly
/// the same events. An event without coordinates has no R*Tree entry and compares false here.
fn walk_compare(
    f: &mut Clauses,
    [min_lon, min_lat, max_lon, max_lat]: [f64; 4],
    [lon_edge, lat_edge]: [f64; 2],
) -> (String, [usize; 4]) {
    let mut n = |v: f64| f.push_arg(Value::Real(v));
    let loose = [
        n(min_lon - lon_edge),
        n(max_lon + lon_edge),
        n(min_lat - lat_edge),
        n(max_lat + lat_edge),
    ];
    let exact = [n(min_lon), n(max_lon), n(min_lat), n(max_lat)];
    let [a, b, c, d] = loose;
    let [lo_lon, hi_lon, lo_lat, hi_lat] = exact;
    (
        format!(
            " AND c.longitude >= ?{a} AND c.longitude <= ?{b} AND c.latitude >= ?{c}
              AND c.latitude <= ?{d} AND ((c.longitude >= ?{lo_lon} AND c.longitude <= ?{hi_lon}
              AND c.latitude >= ?{lo_lat} AND c.latitude <= ?{hi_lat})
              OR EXISTS (SELECT 1 FROM event_rtree r WHERE r.id = c.id
                 AND r.max_lon >= ?{lo_lon} AND r.min_lon <= ?{hi_lon}
                 AND r.max_lat >= ?{lo_lat} AND r.min_lat <= ?{hi_lat}))"
        ),
        exact,
    )
}

/// The `text` filter (`t`): see [`filter_sql`]. `known`: how many events it selects, if known.
fn text_clauses(
    conn: &Connection,
    f: &mut Clauses,
    t: &str,
    order: Order,
    known: Option<usize>,
) -> Result<(), StoreError> {
    let many = walks(order, known, TEXT_MANY, || {
        count_up_to(
            conn,
            "FROM sentences WHERE sentences MATCH ?1",
            [t],
            TEXT_MANY,
        )
    })?;
    let id = if many { "+c.id" } else { "c.id" };
    // A sentence of an event's evidence selects that event; a sentence of a document
    // selects every event reported by the document. The sentences' documents and events are
    // read from `sentence_rows` by rowid, in this statement (version 8): asking FTS5 for them
    // ran a nested statement per sentence. Both kinds find their sources through
    // `sources_document` (which holds the canonical event, and the raw event as the row's id):
    // an evidence sentence's document is its event's, and so is the event's source row's (the
    // writer and `unmerge` write the event's document), so one index range per sentence
    // replaces a look-up by event or by document (`OR`, two searches and a de-duplication).
    let start = f.sql.len();
    f.arg(
        &format!(
            " AND {id} IN (SELECT s.canonical FROM sentences JOIN sentence_rows r ON r.id = sentences.rowid
               JOIN sources s ON s.document = r.document AND (r.event IS NULL OR s.event = r.event)
               WHERE sentences MATCH ?)"
        ),
        Value::Text(t.to_string()),
    );
    if !many {
        f.arms = vec![format!(
            "SELECT c.id AS pid, c.event_date AS pdate
             FROM canonical_events c WHERE 1{}",
            &f.sql[start..]
        )];
    }
    Ok(())
}

/// The cells of the grid (schema version 8, `canonical_cell`) that a box's page merges, and
/// the strips along its edges that the R*Tree answers instead ([`grid`]).
struct Grid {
    /// `canonical_cell` keys ([`schema::cell_sql`]).
    cells: Vec<i64>,
    /// R*Tree comparisons (`min_lon <=` and a bound, …), each selecting the R*Tree's events of
    /// the box beside one edge of the cells.
    strips: Vec<(&'static str, f64)>,
}

/// The grid plan of the box `[min_lon, min_lat, max_lon, max_lat]` whose R*Tree answer reaches
/// `edges` (`[lon, lat]`) beyond it (the R*Tree's 32-bit rounding), when it has at most
/// [`BBOX_CELLS`] cells within the grid (valid coordinates; else the other plans).
///
/// On each axis, the cells from the minimum's to the maximum's; `CAST` truncates, which never
/// decreases when its argument grows, so a point of the box is in one of them. A box edge on a
/// cell's lower boundary (`bbox=-10,0,10,20`: longitude 10 starts a cell) would add a whole
/// row or column of cells for the points on that line, and the R*Tree's rounding would add
/// another below the minimum for points one float under it: their events, mostly outside the
/// box, would be read in date order for nothing. Those lines go to strips instead: the
/// R*Tree's events of the box with a coordinate beyond the cells' boundary (within `edge` of
/// it and a slack, so a point whose cell the division rounds across the boundary is in one or
/// the other; one in both is merged once: `UNION`).
fn grid(bbox: [f64; 4], edges: [f64; 2]) -> Option<Grid> {
    // How far across a cell boundary the division may put a point: `x + 180` is rounded to a
    // double near 360 at most (one unit in the last place, 2^-44, ~6e-14), then divided. A
    // point just below zero is held exactly enough by a 32-bit float (the R*Tree's rounding,
    // `edges`, is tiny there) and still lands in the cell above zero. Far more than needed.
    const SLACK: f64 = 1e-9;
    let mut cells = [(0, 0); 2];
    let mut strips = Vec::new();
    for (axis, (origin, edge)) in [(180.0, edges[0]), (90.0, edges[1])]
        .into_iter()
        .enumerate()
    {
        let (min, max) = (bbox[axis], bbox[axis + 2]);
        let bound = |k: i64| k as f64 * schema::CELL_DEGREES - origin;
        let lo = schema::cell_part(min, origin);
        let mut hi = schema::cell_part(max, origin);
        let edge = edge + SLACK;
        if hi > lo && bound(hi) >= max - edge {
            hi -= 1;
        }
        if lo < 0 || hi < lo || hi >= schema::CELL_ROW {
            return None;
        }
        let [min_col, max_col] = [["min_lon <=", "max_lon >="], ["min_lat <=", "max_lat >="]][axis];
        if bound(lo) > min - edge {
            strips.push((min_col, bound(lo) + edge));
        }
        if bound(hi + 1) <= max + 2.0 * edge {
            strips.push((max_col, bound(hi + 1) - edge));
        }
        cells[axis] = (lo, hi);
    }
    let [(lon0, lon1), (lat0, lat1)] = cells;
    if (lat1 - lat0 + 1) * (lon1 - lon0 + 1) > BBOX_CELLS as i64 {
        return None;
    }
    Some(Grid {
        cells: (lat0..=lat1)
            .flat_map(|lat| (lon0..=lon1).map(move |lon| lat * schema::CELL_ROW + lon))
            .collect(),
        strips,
    })
}

/// Whether a page of a filter walks the date index: it selects at least `many` events, as the
/// caller knows (`known`) or as `count` counts (up to `many`).
fn walks(
    order: Order,
    known: Option<usize>,
    many: usize,
    count: impl FnOnce() -> Result<usize, StoreError>,
) -> Result<bool, StoreError> {
    Ok(order == Order::Page
        && match known {
            Some(n) => n,
            None => count()?,
        } >= many)
}

/// The clauses of a [`Filter`] as they are written, filter by filter.
#[derive(Default)]
struct Clauses {
    sql: String,
    args: Vec<Value>,
    /// The driver's `SELECT`s (see [`Filter::driver`]), each without the date clauses.
    arms: Vec<String>,
}

impl Clauses {
    /// Appends `clause` with its `?` numbered as the argument `v`; returns that number.
    fn arg(&mut self, clause: &str, v: Value) -> usize {
        let n = self.push_arg(v);
        self.sql.push_str(&clause.replace('?', &format!("?{n}")));
        n
    }

    /// Adds the argument `v` (for a driver's `SELECT`) and returns its number.
    fn push_arg(&mut self, v: Value) -> usize {
        self.args.push(v);
        self.args.len()
    }
}

/// How many rows `from` (`FROM … WHERE …`, parameters `params`) selects, counting no further
/// than `limit`: what a filter's plan switch (the `*_MANY` constants) needs to know, at the cost
/// of at most `limit` index entries rather than every match.
fn count_up_to(
    conn: &Connection,
    from: &str,
    params: impl rusqlite::Params,
    limit: usize,
) -> Result<usize, StoreError> {
    let n = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM (SELECT 1 {from} LIMIT {limit})"
        ))?
        .query_row(params, |r| r.get::<_, i64>(0))?;
    // `count(*)` is never negative.
    Ok(usize::try_from(n).unwrap_or(0))
}

/// The statement of one page of the canonical events matching `q` ([`page_sql`]) with its
/// arguments, `limit` and `offset` last: what [`Store::page_raw_counted`] runs and
/// [`Store::query_each`] runs when `q` has a limit. `total`: see [`filter_sql_counted`].
fn page_statement(
    conn: &Connection,
    q: &Query,
    total: Option<usize>,
    limit: usize,
    offset: usize,
) -> Result<(String, Vec<Value>), StoreError> {
    let filter = filter_sql_counted(conn, q, Order::Page, total)?;
    let sql = page_sql(&filter);
    let mut args = filter.args;
    args.extend([limit, offset].map(|n| Value::Integer(n.min(i64::MAX as usize) as i64)));
    Ok((sql, args))
}

/// The count of the canonical events (alias `c`) selected by `filter` (from [`filter_sql`]).
pub(crate) fn count_sql(filter: &str) -> String {
    format!("SELECT count(*) FROM canonical_events c WHERE 1{filter}")
}

/// One page of the canonical events selected by `filter` (from [`filter_sql`]; its arguments,
/// then limit and offset): id, record and sources, by event date then id. Sorts and pages over
/// (date, id) pairs only, then reads the page's records: sorting whole rows (1–2 KB of JSON
/// each) was 4x slower for filters that match thousands. With a [`Filter::driver`], the pairs
/// come from the filter's own index, not from `canonical_events`.
pub(crate) fn page_sql(filter: &Filter) -> String {
    let n = filter.args.len();
    let pairs = match &filter.driver {
        Some(driver) => format!("{driver} ORDER BY pdate, pid"),
        None => format!(
            "SELECT c.id AS pid, c.event_date AS pdate FROM canonical_events c WHERE 1{}
            ORDER BY c.event_date, c.id",
            filter.sql
        ),
    };
    format!(
        "SELECT c.id, c.record, c.sources FROM (
            {pairs} LIMIT ?{} OFFSET ?{}
         ) p JOIN canonical_events c ON c.id = p.pid ORDER BY p.pdate, p.pid",
        n + 1,
        n + 2
    )
}

/// One canonical event as stored: its id and the JSON texts of its [`Event`] record and its
/// [`SourceRef`] list, for callers that splice them into a response without parsing them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawCanonical<'a> {
    pub id: i64,
    /// JSON of the merged [`Event`].
    pub record: &'a str,
    /// JSON array of [`SourceRef`].
    pub sources: &'a str,
}

/// A document behind a canonical event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentRef {
    pub doc_id: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub title: Option<String>,
    /// The document's framing flags (schema 1.1; none for a document stored before it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framing: Option<sitrep_schema::Framing>,
}

/// Counts over the store and histograms over the canonical events matching a query.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    /// Documents in the store (not filtered).
    pub documents: i64,
    /// Raw events in the store (not filtered).
    pub events: i64,
    /// Canonical events matching the query.
    pub canonical_events: i64,
    /// Matching canonical events by event type.
    pub by_type: std::collections::BTreeMap<String, i64>,
    /// Matching canonical events by country name (`""` when unknown).
    pub by_country: std::collections::BTreeMap<String, i64>,
    /// Matching canonical events by month of the event date (`YYYY-MM`), dated events only.
    pub by_month: std::collections::BTreeMap<String, i64>,
    /// Earliest and latest event date (`YYYY-MM-DD`) among the matching events.
    pub first_date: Option<String>,
    pub last_date: Option<String>,
}

impl Store {
    /// SQLite's `PRAGMA data_version`: changes whenever another connection (of this process or
    /// another) commits to the database, so a reader can keep results cached until it does.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// How many canonical events match `q` (its `limit` ignored).
    pub fn count(&self, q: &Query) -> Result<usize, StoreError> {
        let Filter {
            sql: filter, args, ..
        } = filter_sql(&self.conn, q, Order::Any)?;
        let sql = count_sql(&filter);
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(args), |r| r.get(0))?;
        Ok(n as usize)
    }

    /// One page of the canonical events matching `q` (its `limit` ignored: `limit` and `offset`
    /// given here), by event date then id, as stored JSON text: the fast path of an HTTP
    /// server, which copies the JSON into its response instead of parsing and re-serialising
    /// it. Statements are cached per filter combination. Returns how many were passed.
    pub fn page_raw(
        &self,
        q: &Query,
        limit: usize,
        offset: usize,
        each: &mut dyn FnMut(RawCanonical<'_>),
    ) -> Result<usize, StoreError> {
        self.page_raw_counted(q, None, limit, offset, each)
    }

    /// [`Store::page_raw`], given `total`, how many events match `q` (from [`Store::count`]),
    /// when the caller has it: the page's plan is then chosen without counting the matches
    /// again. The same events whatever `total` says; a wrong one may only make the page slower.
    pub fn page_raw_counted(
        &self,
        q: &Query,
        total: Option<usize>,
        limit: usize,
        offset: usize,
        each: &mut dyn FnMut(RawCanonical<'_>),
    ) -> Result<usize, StoreError> {
        let (sql, args) = page_statement(&self.conn, q, total, limit, offset)?;
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        let mut count = 0;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let record = row.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
            let sources = row.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
            each(RawCanonical {
                id,
                record,
                sources,
            });
            count += 1;
        }
        Ok(count)
    }

    /// One page of the *located* canonical events matching `q`, with the fields a map shows
    /// (one GeoJSON feature each, `sitrep_formats::geojson::map_feature`).
    pub fn page_map(
        &self,
        q: &Query,
        limit: usize,
        offset: usize,
        each: &mut dyn FnMut(MapEvent),
    ) -> Result<usize, StoreError> {
        let Filter {
            sql: filter,
            mut args,
            ..
        } = filter_sql(&self.conn, q, Order::Page)?;
        let n = args.len();
        let sql = format!(
            "SELECT c.id, c.event_date, c.event_type, c.sub_event_type,
                json_extract(c.record, '$.disorder_type'), c.actor1, c.actor2, c.country, c.admin1,
                c.location, c.latitude, c.longitude, c.fatalities,
                json_extract(c.record, '$.geo_precision'), c.n_sources, json_extract(c.record, '$.notes')
             FROM (
                SELECT c.id AS pid, c.event_date AS pdate FROM canonical_events c
                WHERE c.latitude IS NOT NULL AND c.longitude IS NOT NULL{filter}
                ORDER BY c.event_date, c.id LIMIT ?{} OFFSET ?{}
             ) p JOIN canonical_events c ON c.id = p.pid ORDER BY p.pdate, p.pid",
            n + 1,
            n + 2
        );
        args.push(Value::Integer(limit.min(i64::MAX as usize) as i64));
        args.push(Value::Integer(offset.min(i64::MAX as usize) as i64));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        let mut count = 0;
        while let Some(r) = rows.next()? {
            each(MapEvent {
                id: r.get(0)?,
                event_date: r.get(1)?,
                event_type: r.get(2)?,
                sub_event_type: r.get(3)?,
                disorder_type: r.get(4)?,
                actor1: r.get(5)?,
                actor2: r.get(6)?,
                country: r.get(7)?,
                admin1: r.get(8)?,
                location: r.get(9)?,
                latitude: r.get(10)?,
                longitude: r.get(11)?,
                fatalities: r.get(12)?,
                geo_precision: r.get(13)?,
                n_sources: r.get(14)?,
                notes: r.get(15)?,
            });
            count += 1;
        }
        Ok(count)
    }

    /// The canonical event `id`, if there is one.
    pub fn canonical(&self, id: i64) -> Result<Option<CanonicalEvent>, StoreError> {
        let row: Option<(String, String)> = self
            .conn
            .prepare_cached("SELECT record, sources FROM canonical_events WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((record, sources)) = row else {
            return Ok(None);
        };
        Ok(Some(CanonicalEvent {
            id,
            event: serde_json::from_str(&record)?,
            sources: serde_json::from_str(&sources)?,
        }))
    }

    /// The canonical event `id` as stored JSON text (`record`, `sources`), if there is one.
    pub fn canonical_raw(&self, id: i64) -> Result<Option<(String, String)>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT record, sources FROM canonical_events WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// The documents reporting the canonical event `id`, in the order of its sources.
    pub fn canonical_documents(&self, id: i64) -> Result<Vec<DocumentRef>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.doc_id, d.url, d.outlet, d.published, d.title,
                json_extract(d.record, '$.framing')
             FROM sources s JOIN documents d ON d.id = s.document
             WHERE s.canonical = ?1 ORDER BY s.event",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((
                DocumentRef {
                    doc_id: r.get(0)?,
                    url: r.get(1)?,
                    outlet: r.get(2)?,
                    published: r.get(3)?,
                    title: r.get(4)?,
                    framing: None,
                },
                r.get::<_, Option<String>>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (mut doc, framing) = row?;
            doc.framing = framing.map(|f| serde_json::from_str(&f)).transpose()?;
            out.push(doc);
        }
        Ok(out)
    }

    /// Store counts and histograms of the canonical events matching `q` (its `limit` ignored).
    pub fn stats(&self, q: &Query) -> Result<Stats, StoreError> {
        let Filter {
            sql: filter, args, ..
        } = filter_sql(&self.conn, q, Order::Any)?;
        let mut st = Stats {
            documents: self
                .conn
                .prepare_cached("SELECT count(*) FROM documents")?
                .query_row([], |r| r.get(0))?,
            events: self
                .conn
                .prepare_cached("SELECT count(*) FROM events")?
                .query_row([], |r| r.get(0))?,
            ..Stats::default()
        };
        let sql = format!(
            "SELECT c.event_type, coalesce(c.country, ''), substr(c.event_date, 1, 7),
                min(substr(c.event_date, 1, 10)), max(substr(c.event_date, 1, 10)), count(*)
             FROM canonical_events c WHERE 1{filter}
             GROUP BY 1, 2, 3"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        while let Some(r) = rows.next()? {
            let event_type: String = r.get(0)?;
            let country: String = r.get(1)?;
            let month: Option<String> = r.get(2)?;
            let first: Option<String> = r.get(3)?;
            let last: Option<String> = r.get(4)?;
            let n: i64 = r.get(5)?;
            st.canonical_events += n;
            *st.by_type.entry(event_type).or_default() += n;
            *st.by_country.entry(country).or_default() += n;
            if let Some(m) = month {
                *st.by_month.entry(m).or_default() += n;
            }
            if let Some(f) = first {
                if st.first_date.as_ref().is_none_or(|x| f < *x) {
                    st.first_date = Some(f);
                }
            }
            if let Some(l) = last {
                if st.last_date.as_ref().is_none_or(|x| l > *x) {
                    st.last_date = Some(l);
                }
            }
        }
        Ok(st)
    }
}
