//! Reading canonical events back: filters, full text, bounding boxes.

use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use sitrep_schema::Event;

use crate::{Store, StoreError};

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
    /// Most events returned.
    pub limit: Option<usize>,
}

/// One report behind a canonical event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRef {
    pub doc_id: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    /// The raw event of this report.
    pub event_id: String,
    /// Fatalities this report gives.
    pub fatalities: u32,
    /// `first-report`, `distance`, `admin2`, `location` or `manual-unmerge`.
    pub rule: String,
    pub score: Option<f64>,
}

/// A merged event with its reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CanonicalEvent {
    /// Row id of the canonical event (stable while its reports do not change).
    pub id: i64,
    pub event: Event,
    pub sources: Vec<SourceRef>,
}

impl Store {
    /// Canonical events matching `q`, by event date then id, passed to `each` one at a time
    /// (memory stays flat however many match). Returns how many were passed.
    pub fn query_each(
        &self,
        q: &Query,
        each: &mut dyn FnMut(CanonicalEvent) -> Result<(), StoreError>,
    ) -> Result<usize, StoreError> {
        let mut sql =
            String::from("SELECT c.id, c.record, c.sources FROM canonical_events c WHERE 1");
        let mut args: Vec<Value> = Vec::new();
        let mut arg = |sql: &mut String, clause: &str, v: Value| {
            args.push(v);
            sql.push_str(&clause.replace('?', &format!("?{}", args.len())));
        };
        if let Some(s) = &q.since {
            arg(&mut sql, " AND c.event_date >= ?", Value::Text(s.clone()));
        }
        if let Some(u) = &q.until {
            // An RFC 3339 date-time on the last day still counts.
            arg(
                &mut sql,
                " AND c.event_date <= ? || 'T~'",
                Value::Text(u.clone()),
            );
        }
        if let Some(t) = &q.event_type {
            arg(
                &mut sql,
                " AND (c.event_type = ? COLLATE NOCASE",
                Value::Text(t.clone()),
            );
            arg(
                &mut sql,
                " OR c.sub_event_type = ? COLLATE NOCASE)",
                Value::Text(t.clone()),
            );
        }
        if let Some(a) = &q.actor {
            let pat = format!(
                "%{}%",
                a.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            );
            arg(
                &mut sql,
                " AND (c.actor1 LIKE ? ESCAPE '\\'",
                Value::Text(pat.clone()),
            );
            arg(
                &mut sql,
                " OR c.actor2 LIKE ? ESCAPE '\\')",
                Value::Text(pat),
            );
        }
        if let Some(c) = &q.country {
            arg(
                &mut sql,
                " AND (c.iso = ? COLLATE NOCASE",
                Value::Text(c.clone()),
            );
            arg(
                &mut sql,
                " OR c.country = ? COLLATE NOCASE)",
                Value::Text(c.clone()),
            );
        }
        if let Some([min_lon, min_lat, max_lon, max_lat]) = q.bbox {
            arg(
                &mut sql,
                " AND c.id IN (SELECT id FROM event_rtree WHERE max_lon >= ?",
                Value::Real(min_lon),
            );
            arg(&mut sql, " AND min_lon <= ?", Value::Real(max_lon));
            arg(&mut sql, " AND max_lat >= ?", Value::Real(min_lat));
            arg(&mut sql, " AND min_lat <= ?)", Value::Real(max_lat));
        }
        if let Some(t) = &q.text {
            // A sentence of an event's evidence selects that event; a sentence of a document
            // selects every event reported by the document.
            arg(
                &mut sql,
                " AND c.id IN (SELECT s.canonical FROM sources s JOIN (SELECT document, event FROM sentences WHERE sentences MATCH ?) m
                   ON (m.event IS NOT NULL AND m.event = s.event) OR (m.event IS NULL AND m.document = s.document))",
                Value::Text(t.clone()),
            );
        }
        sql.push_str(" ORDER BY c.event_date, c.id");
        if let Some(l) = q.limit {
            sql.push_str(&format!(" LIMIT {l}"));
        }
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
