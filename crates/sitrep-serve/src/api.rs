//! The route handlers.

use std::fmt::Write as _;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query as QueryString, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use serde::Deserialize;
use serde_json::json;
use sitrep_core::{DocInput, Document, Source};
use sitrep_ingest::{InputFormat, ReadOptions, Severity};
use sitrep_store::{query, Store, StoreError, TextFacts};

use crate::error::ApiError;
use crate::params::{Params, FILTERS};
use crate::{assets, App, RouteInfo};

type AppState = State<Arc<App>>;
type Pairs = QueryString<Vec<(String, String)>>;

/// Page size of `/v1/events` by default, and its bounds.
pub const EVENTS_LIMIT: (usize, usize) = (100, 1000);
/// Page size of `/v1/events.geojson` by default, and its bounds.
pub const GEOJSON_LIMIT: (usize, usize) = (5000, 50_000);
/// Largest accepted `offset`.
pub const MAX_OFFSET: usize = 10_000_000;

pub fn router(app: Arc<App>) -> (Router, Vec<RouteInfo>) {
    let mut routes = Vec::new();
    let mut r: Router<Arc<App>> = Router::new();
    let mut add = |r: Router<Arc<App>>,
                   method: &'static str,
                   path: &'static str,
                   axum_path: &'static str,
                   handler: MethodRouter<Arc<App>>| {
        routes.push(RouteInfo { method, path });
        r.route(axum_path, handler)
    };
    r = add(r, "get", "/v1/health", "/v1/health", get(health));
    r = add(r, "get", "/v1/events", "/v1/events", get(events));
    r = add(r, "get", "/v1/events/{id}", "/v1/events/{id}", get(event));
    r = add(
        r,
        "get",
        "/v1/events.geojson",
        "/v1/events.geojson",
        get(geojson),
    );
    r = add(r, "get", "/v1/stats", "/v1/stats", get(stats));
    r = add(r, "post", "/v1/extract", "/v1/extract", post(extract));
    r = add(
        r,
        "post",
        "/v1/documents",
        "/v1/documents",
        post(documents).route_layer(axum::middleware::from_fn_with_state(app.clone(), auth)),
    );
    r = add(
        r,
        "get",
        "/v1/openapi.json",
        "/v1/openapi.json",
        get(openapi),
    );
    r = add(r, "get", "/", "/", get(index));
    r = add(r, "get", "/assets/{path}", "/assets/{*path}", get(asset));
    let r = r
        .fallback(|| async { ApiError::not_found("no such route") })
        .with_state(app);
    (r, routes)
}

fn json_response(body: String) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// A store error as an answer: a malformed full-text query is the client's fault (400), any
/// other failure is the server's (500, logged).
fn store_error(e: StoreError) -> ApiError {
    // SQLite's reason is the error's source.
    let msg = crate::error::chain(&e);
    if msg.contains("fts5") || msg.contains("unterminated string") || msg.contains("no such column")
    {
        return ApiError::bad_request(
            "`text` is not a valid full-text query (SQLite FTS5 syntax: words, \"phrases\", AND, OR, NOT, prefix*)",
        );
    }
    ApiError::internal("reading the store", &e)
}

async fn health(State(app): AppState) -> Response {
    json_response(
        json!({
            "status": "ok",
            "version": crate::VERSION,
            "schema_version": sitrep_core::SCHEMA_VERSION,
            "writable": app.writable(),
        })
        .to_string(),
    )
}

async fn openapi() -> Response {
    json_response(crate::OPENAPI.to_string())
}

async fn index(headers: HeaderMap) -> Response {
    assets::respond("index.html", &headers)
}

async fn asset(Path(path): Path<String>, headers: HeaderMap) -> Response {
    assets::respond(&path, &headers)
}

/// The accepted parameters of `/v1/events`.
const EVENTS_PARAMS: [&str; 10] = [
    "since", "until", "bbox", "type", "actor", "country", "text", "limit", "offset", "format",
];

async fn events(State(app): AppState, QueryString(pairs): Pairs) -> Result<Response, ApiError> {
    let p = Params::new(pairs, &EVENTS_PARAMS)?;
    let q = p.query()?;
    let limit = p.int("limit", EVENTS_LIMIT.0, 1..=EVENTS_LIMIT.1)?;
    let offset = p.int("offset", 0, 0..=MAX_OFFSET)?;
    let csv = match p.get("format") {
        None | Some("json") => false,
        Some("csv") => true,
        Some(f) => {
            return Err(ApiError::bad_request(format!(
                "`format` {f:?} is not one of json, csv"
            )))
        }
    };
    let region_app = app.clone();
    app.read(move |reader| {
        let total = reader.count(&q).map_err(store_error)?;
        let store = &reader.store;
        if csv {
            let body = events_csv(store, &q, limit, offset, &region_app)?;
            let mut r = (
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/csv; charset=utf-8"),
                )],
                body,
            )
                .into_response();
            r.headers_mut()
                .insert("x-total-count", HeaderValue::from(total as u64));
            return Ok(r);
        }
        let mut body = String::with_capacity(4096 + limit * 2048);
        write!(
            body,
            "{{\"total\":{total},\"limit\":{limit},\"offset\":{offset},\"events\":["
        )
        .expect("writing to a string");
        let mut first = true;
        store
            .page_raw(&q, limit, offset, &mut |c| {
                if !first {
                    body.push(',');
                }
                first = false;
                write!(body, "{{\"id\":{},\"event\":", c.id).expect("writing to a string");
                body.push_str(c.record);
                body.push_str(",\"sources\":");
                body.push_str(c.sources);
                body.push('}');
            })
            .map_err(store_error)?;
        body.push_str("]}");
        let mut r = json_response(body);
        r.headers_mut()
            .insert("x-total-count", HeaderValue::from(total as u64));
        Ok(r)
    })
    .await
}

/// One page as CSV: the writer of `sitrep export --format acled-csv` (ACLED's 31 columns, then
/// `n_sources` and `source_urls`).
fn events_csv(
    store: &Store,
    q: &sitrep_store::Query,
    limit: usize,
    offset: usize,
    app: &App,
) -> Result<String, ApiError> {
    let ts = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let coder = app.extractor.event_coder();
    let mut out = query::canonical_csv_header();
    out.push('\n');
    let mut failed = None;
    store
        .page_raw(q, limit, offset, &mut |c| {
            if failed.is_some() {
                return;
            }
            let parsed = serde_json::from_str(c.record).and_then(|event| {
                Ok(sitrep_store::CanonicalEvent {
                    id: c.id,
                    event,
                    sources: serde_json::from_str(c.sources)?,
                })
            });
            match parsed {
                Ok(c) => {
                    let region = coder.acled_region(c.event.iso.as_deref().unwrap_or(""));
                    out.push_str(&query::canonical_csv_line(&c, region, ts));
                    out.push('\n');
                }
                Err(e) => failed = Some(e),
            }
        })
        .map_err(store_error)?;
    if let Some(e) = failed {
        return Err(ApiError::internal("reading a stored event", &e));
    }
    Ok(out)
}

async fn event(State(app): AppState, Path(id): Path<String>) -> Result<Response, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::bad_request(format!("event id {id:?} is not an integer")))?;
    app.read(move |reader| {
        let store = &reader.store;
        let (record, sources) = store
            .canonical_raw(id)
            .map_err(store_error)?
            .ok_or_else(|| ApiError::not_found(format!("no event {id}")))?;
        let documents = store.canonical_documents(id).map_err(store_error)?;
        let documents =
            serde_json::to_string(&documents).map_err(|e| ApiError::internal("event", &e))?;
        // The stored JSON as is, like `/v1/events`: the same bytes for the same event.
        Ok(json_response(format!(
            "{{\"id\":{id},\"event\":{record},\"sources\":{sources},\"documents\":{documents}}}"
        )))
    })
    .await
}

const GEOJSON_PARAMS: [&str; 9] = [
    "since", "until", "bbox", "type", "actor", "country", "text", "limit", "offset",
];

async fn geojson(State(app): AppState, QueryString(pairs): Pairs) -> Result<Response, ApiError> {
    let p = Params::new(pairs, &GEOJSON_PARAMS)?;
    let q = p.query()?;
    let limit = p.int("limit", GEOJSON_LIMIT.0, 1..=GEOJSON_LIMIT.1)?;
    let offset = p.int("offset", 0, 0..=MAX_OFFSET)?;
    app.read(move |reader| {
        let store = &reader.store;
        let mut body = String::with_capacity(4096 + limit * 400);
        write!(
            body,
            "{{\"type\":\"FeatureCollection\",\"sitrep_schema\":\"{}\",\"attribution\":{},\"features\":[",
            sitrep_core::SCHEMA_VERSION,
            json!(sitrep_gazetteer_data::ATTRIBUTION)
        )
        .expect("writing to a string");
        let mut first = true;
        store
            .page_map(&q, limit, offset, &mut |m| {
                if !first {
                    body.push(',');
                }
                first = false;
                let f = json!({
                    "type": "Feature",
                    "id": m.id,
                    "geometry": {"type": "Point", "coordinates": [m.longitude, m.latitude]},
                    "properties": {
                        "id": m.id,
                        "event_date": m.event_date,
                        "event_type": m.event_type,
                        "sub_event_type": m.sub_event_type,
                        "disorder_type": m.disorder_type,
                        "actor1": m.actor1,
                        "actor2": m.actor2,
                        "country": m.country,
                        "admin1": m.admin1,
                        "location": m.location,
                        "fatalities": m.fatalities,
                        "geo_precision": m.geo_precision,
                        "n_sources": m.n_sources,
                        "notes": m.notes,
                    }
                });
                body.push_str(&f.to_string());
            })
            .map_err(store_error)?;
        body.push_str("]}");
        Ok((
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/geo+json"),
            )],
            body,
        )
            .into_response())
    })
    .await
}

async fn stats(State(app): AppState, QueryString(pairs): Pairs) -> Result<Response, ApiError> {
    let p = Params::new(pairs, &FILTERS)?;
    let q = p.query()?;
    app.read(move |reader| {
        let st = reader.stats(&q).map_err(store_error)?;
        Ok(json_response(
            serde_json::to_string(&st).map_err(|e| ApiError::internal("stats", &e))?,
        ))
    })
    .await
}

/// The media type of a request body, lowercase, without parameters.
fn media_type(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    Some(
        v.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase(),
    )
}

/// A `POST /v1/extract` JSON body: the fields of a JSONL input record.
#[derive(Debug, Deserialize)]
struct ExtractBody {
    text: String,
    #[serde(default)]
    id: Option<serde_json::Value>,
    title: Option<String>,
    url: Option<String>,
    published: Option<String>,
    lang: Option<String>,
}

const EXTRACT_PARAMS: [&str; 2] = ["published", "lang"];

/// Turns a read document into the extractor's input (as `sitrep extract` does).
/// The extractor's input for one document read by `sitrep-ingest`: the one conversion shared by
/// the API and the CLI (`sitrep extract`, `sitrep ingest`, `sitrep bench`).
///
/// `published` and `lang` are the caller's defaults (`--published`/`--lang`, or the request's
/// `published`/`lang` parameters). The document's own publication date wins over the default
/// `published`; the given `lang` wins over the document's declared language. The source keeps
/// the document's URL, origin path and line, format and detected charset; the outlet is left
/// for the extractor to derive from the URL.
pub fn to_doc_input(
    d: sitrep_ingest::InputDoc,
    published: Option<&str>,
    lang: Option<&str>,
) -> DocInput {
    DocInput {
        id: d.id,
        text: d.text,
        title: d.title,
        url: d.url.clone(),
        published: d.published.or_else(|| published.map(str::to_string)),
        lang: lang.map(str::to_string).or(d.lang),
        source: Source {
            url: d.url,
            outlet: None,
            path: Some(d.origin.path),
            line: d.origin.line,
            format: Some(d.format.as_str().to_string()),
            encoding: d.encoding,
        },
        diagnostics: Vec::new(),
    }
}

fn check_lang(lang: Option<&str>) -> Result<(), ApiError> {
    if let Some(l) = lang {
        if !(2..=3).contains(&l.len()) || !l.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(ApiError::bad_request(format!(
                "`lang` {l:?} is not an ISO 639-1 code (two lowercase letters)"
            )));
        }
    }
    Ok(())
}

fn check_published(published: Option<&str>) -> Result<(), ApiError> {
    if let Some(p) = published {
        if sitrep_ingest::normalize_date(p).is_none() {
            return Err(ApiError::bad_request(format!(
                "`published` {p:?} is not a date (expected YYYY-MM-DD)"
            )));
        }
    }
    Ok(())
}

async fn extract(
    State(app): AppState,
    QueryString(pairs): Pairs,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let p = Params::new(pairs, &EXTRACT_PARAMS)?;
    let published = p.get("published").map(str::to_string);
    let lang = p.get("lang").map(str::to_string);
    check_published(published.as_deref())?;
    check_lang(lang.as_deref())?;
    let media = media_type(&headers);
    let input = match media.as_deref() {
        Some("text/plain") => {
            let text = std::str::from_utf8(&body).map_err(|e| {
                ApiError::bad_request(format!(
                    "the body is not valid UTF-8 (at byte {})",
                    e.valid_up_to()
                ))
            })?;
            DocInput {
                id: "request".into(),
                text: text.replace("\r\n", "\n"),
                title: None,
                url: None,
                published: published.clone(),
                lang: lang.clone(),
                source: Source {
                    format: Some("text".into()),
                    ..Source::default()
                },
                diagnostics: Vec::new(),
            }
        }
        Some("text/html") => html_input(&body, published.as_deref(), lang.as_deref()),
        Some("application/json") => {
            let b: ExtractBody = serde_json::from_slice(&body)
                .map_err(|e| ApiError::bad_request(format!("invalid JSON body: {e}")))?;
            check_published(b.published.as_deref())?;
            check_lang(b.lang.as_deref())?;
            let id = match b.id {
                None | Some(serde_json::Value::Null) => "request".to_string(),
                Some(serde_json::Value::String(s)) if !s.is_empty() => s,
                Some(serde_json::Value::Number(n)) => n.to_string(),
                Some(_) => {
                    return Err(ApiError::bad_request(
                        "invalid JSON body: `id` must be a string or a number",
                    ))
                }
            };
            DocInput {
                id,
                text: b.text.replace("\r\n", "\n"),
                title: b.title,
                url: b.url.clone(),
                published: published.or(b.published),
                lang: lang.or(b.lang),
                source: Source {
                    url: b.url,
                    format: Some("json".into()),
                    ..Source::default()
                },
                diagnostics: Vec::new(),
            }
        }
        other => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                "unsupported content type {:?} (send text/plain, text/html or application/json)",
                other.unwrap_or("none")
            ),
            ))
        }
    };
    let extractor = app.extractor.clone();
    let doc = tokio::task::spawn_blocking(move || extractor.extract_guarded(input))
        .await
        .map_err(|e| ApiError::internal("extraction task", &e))?;
    Ok(json_response(
        serde_json::to_string(&doc).map_err(|e| ApiError::internal("record", &e))?,
    ))
}

/// An HTML page through `sitrep-ingest`'s reader (charset, main text, metadata). A page without
/// text still yields a record, with the reader's message as a diagnostic.
fn html_input(body: &[u8], published: Option<&str>, lang: Option<&str>) -> DocInput {
    let opts = ReadOptions {
        format: Some(InputFormat::Html),
        max_doc_bytes: body.len().max(1),
    };
    let mut doc = None;
    let mut notes = Vec::new();
    sitrep_ingest::read_bytes("request.html", body, &opts, &mut |r| match r {
        Ok(d) if doc.is_none() => doc = Some(d),
        Ok(_) => {}
        Err(issue) => notes.push(issue),
    });
    let mut input = match doc {
        Some(d) => to_doc_input(d, published, lang),
        None => DocInput {
            id: "request.html".into(),
            text: String::new(),
            title: None,
            url: None,
            published: published.map(str::to_string),
            lang: lang.map(str::to_string),
            source: Source {
                format: Some("html".into()),
                ..Source::default()
            },
            diagnostics: Vec::new(),
        },
    };
    for issue in notes {
        let level = match issue.severity {
            Severity::Note => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        input
            .diagnostics
            .push(sitrep_core::Diagnostic::new(level, "input", issue.message));
    }
    input
}

/// Lets a write through only with the token.
async fn auth(State(app): AppState, req: Request, next: Next) -> Response {
    if !app.writable() {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "writes are disabled: this server is read-only (start it with --token or SITREP_TOKEN)",
        )
        .into_response();
    }
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if !app.authorized(given) {
        return ApiError::new(
            StatusCode::UNAUTHORIZED,
            "missing or wrong token (send Authorization: Bearer <token>)",
        )
        .into_response();
    }
    next.run(req).await
}

const DOCUMENTS_PARAMS: [&str; 2] = ["published", "lang"];

async fn documents(
    State(app): AppState,
    QueryString(pairs): Pairs,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let p = Params::new(pairs, &DOCUMENTS_PARAMS)?;
    let published = p.get("published").map(str::to_string);
    let lang = p.get("lang").map(str::to_string);
    check_published(published.as_deref())?;
    check_lang(lang.as_deref())?;
    let lines: Vec<u8> = match media_type(&headers).as_deref() {
        Some("application/json") => {
            let v: serde_json::Value = serde_json::from_slice(&body)
                .map_err(|e| ApiError::bad_request(format!("invalid JSON body: {e}")))?;
            if !v.is_object() {
                return Err(ApiError::bad_request(
                    "invalid JSON body: expected one document object (send application/x-ndjson for many)",
                ));
            }
            v.to_string().into_bytes()
        }
        Some("application/x-ndjson") | Some("application/jsonl") => body.to_vec(),
        other => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "unsupported content type {:?} (send application/json or application/x-ndjson)",
                    other.unwrap_or("none")
                ),
            ))
        }
    };
    // The reader of `sitrep ingest` for JSONL input: same fields, same checks, same messages.
    let opts = ReadOptions {
        format: Some(InputFormat::Jsonl),
        max_doc_bytes: lines.len().max(1),
    };
    let mut docs = Vec::new();
    let mut issues = Vec::new();
    let mut errors = 0;
    sitrep_ingest::read_bytes("request", &lines, &opts, &mut |r| match r {
        Ok(d) => docs.push(d),
        Err(issue) => {
            if issue.severity == Severity::Error {
                errors += 1;
            }
            issues.push(json!({"severity": issue.severity.to_string(), "line": issue.origin.line, "message": issue.message}));
        }
    });
    if docs.is_empty() && errors > 0 {
        return Err(ApiError::bad_request(format!(
            "no document could be read: {}",
            issues
                .iter()
                .filter_map(|i| i["message"].as_str())
                .collect::<Vec<_>>()
                .join("; ")
        )));
    }
    let app2 = app.clone();
    let (n, stats) = tokio::task::spawn_blocking(move || -> Result<_, ApiError> {
        let batch: Vec<(Document, TextFacts)> = docs
            .into_iter()
            .map(|d| {
                let offset = d.origin.byte_offset;
                let input = to_doc_input(d, published.as_deref(), lang.as_deref());
                let facts =
                    TextFacts::new(&input.text, &sitrep_text::sentences(&input.text), offset);
                (app2.extractor.extract_guarded(input), facts)
            })
            .collect();
        let writer = app2.writer.as_ref().expect("checked by auth");
        let mut store = writer.lock().unwrap_or_else(|p| p.into_inner());
        let stats = store
            .ingest(&batch)
            .map_err(|e| ApiError::internal("writing to the store", &e))?;
        Ok((batch.len(), stats))
    })
    .await
    .map_err(|e| ApiError::internal("ingest task", &e))??;
    Ok(json_response(
        json!({
            "documents": n,
            "new_documents": stats.new_documents,
            "skipped": stats.duplicates,
            "events": stats.events,
            "merged": stats.merged,
            "canonical": stats.canonical,
            "issues": issues,
        })
        .to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use sitrep_ingest::{InputDoc, InputFormat, Origin};

    use super::to_doc_input;

    fn doc(published: Option<&str>, lang: Option<&str>) -> InputDoc {
        InputDoc {
            id: "a1".to_string(),
            text: "Shelling in Kharkiv.".to_string(),
            title: Some("Kharkiv".to_string()),
            url: Some("https://www.example.com/a1".to_string()),
            published: published.map(str::to_string),
            lang: lang.map(str::to_string),
            origin: Origin::at_line("news.jsonl", 3, 120),
            format: InputFormat::Jsonl,
            encoding: Some("windows-1252".to_string()),
        }
    }

    #[test]
    fn doc_input_keeps_the_record_and_its_source() {
        let input = to_doc_input(doc(Some("2024-03-01"), Some("en")), None, None);
        assert_eq!(input.id, "a1");
        assert_eq!(input.text, "Shelling in Kharkiv.");
        assert_eq!(input.title.as_deref(), Some("Kharkiv"));
        assert_eq!(input.url.as_deref(), Some("https://www.example.com/a1"));
        assert_eq!(input.published.as_deref(), Some("2024-03-01"));
        assert_eq!(input.lang.as_deref(), Some("en"));
        assert_eq!(
            input.source.url.as_deref(),
            Some("https://www.example.com/a1")
        );
        assert_eq!(input.source.outlet, None);
        assert_eq!(input.source.path.as_deref(), Some("news.jsonl"));
        assert_eq!(input.source.line, Some(3));
        assert_eq!(input.source.format.as_deref(), Some("jsonl"));
        assert_eq!(input.source.encoding.as_deref(), Some("windows-1252"));
        assert!(input.diagnostics.is_empty());
    }

    #[test]
    fn doc_input_defaults() {
        // The document's date wins over the default; the given language wins over the declared.
        let input = to_doc_input(
            doc(Some("2024-03-01"), Some("fr")),
            Some("2020-01-01"),
            Some("en"),
        );
        assert_eq!(input.published.as_deref(), Some("2024-03-01"));
        assert_eq!(input.lang.as_deref(), Some("en"));
        // Without them on the document, the defaults fill in.
        let input = to_doc_input(doc(None, None), Some("2020-01-01"), Some("ar"));
        assert_eq!(input.published.as_deref(), Some("2020-01-01"));
        assert_eq!(input.lang.as_deref(), Some("ar"));
        let input = to_doc_input(doc(None, Some("fr")), None, None);
        assert_eq!((input.published, input.lang.as_deref()), (None, Some("fr")));
    }
}
