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
use sitrep_formats::acled::{self, CanonicalRow};
use sitrep_formats::geojson::{self, FeatureWriter, Layout};
use sitrep_ingest::{InputFormat, ReadOptions, Severity};
use sitrep_store::{CanonicalEvent, Store, StoreError, TextFacts};

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
    // (`*` alone, a query FTS5 reads as a special query, fails with "unknown special query".)
    if msg.contains("fts5")
        || msg.contains("unterminated string")
        || msg.contains("no such column")
        || msg.contains("unknown special query")
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
const EVENTS_PARAMS: [&str; 11] = [
    "since", "until", "bbox", "type", "actor", "country", "text", "claim", "limit", "offset",
    "format",
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
            let body = events_csv(store, &q, total, limit, offset, &region_app)?;
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
            .page_raw_counted(&q, Some(total), limit, offset, &mut |c| {
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

/// One page as CSV: the layout of `sitrep export --format acled-csv` (ACLED's 31 columns,
/// then `n_sources` and `source_urls`).
fn events_csv(
    store: &Store,
    q: &sitrep_store::Query,
    total: usize,
    limit: usize,
    offset: usize,
    app: &App,
) -> Result<String, ApiError> {
    let timestamp = app.clock.now();
    let coder = app.extractor.event_coder();
    let mut out = acled::canonical_csv_header();
    out.push('\n');
    let mut failed = None;
    store
        .page_raw_counted(q, Some(total), limit, offset, &mut |c| {
            if failed.is_some() {
                return;
            }
            let parsed = serde_json::from_str(c.record).and_then(|event| {
                Ok(CanonicalEvent {
                    id: c.id,
                    event,
                    sources: serde_json::from_str(c.sources)?,
                })
            });
            match parsed {
                Ok(c) => {
                    let region = coder.acled_region(c.event.iso.as_deref().unwrap_or(""));
                    out.push_str(&CanonicalRow::new(&c, region, timestamp).csv_line());
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

/// The message of an impossible failure to write into memory.
const IN_MEMORY: &str = "writing to memory";

const GEOJSON_PARAMS: [&str; 10] = [
    "since", "until", "bbox", "type", "actor", "country", "text", "claim", "limit", "offset",
];

async fn geojson(State(app): AppState, QueryString(pairs): Pairs) -> Result<Response, ApiError> {
    let p = Params::new(pairs, &GEOJSON_PARAMS)?;
    let q = p.query()?;
    let limit = p.int("limit", GEOJSON_LIMIT.0, 1..=GEOJSON_LIMIT.1)?;
    let offset = p.int("offset", 0, 0..=MAX_OFFSET)?;
    app.read(move |reader| {
        let store = &reader.store;
        // Written into memory, which cannot fail.
        let body = Vec::with_capacity(4096 + limit * 400);
        let mut features =
            FeatureWriter::new(body, sitrep_gazetteer_data::ATTRIBUTION, Layout::Compact)
                .expect(IN_MEMORY);
        store
            .page_map(&q, limit, offset, &mut |m| {
                features.push(&geojson::map_feature(&m)).expect(IN_MEMORY)
            })
            .map_err(store_error)?;
        let body = features.finish().expect(IN_MEMORY);
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
                published: published.clone(),
                lang: lang.clone(),
                source: Source {
                    format: Some("text".into()),
                    ..Source::default()
                },
                ..DocInput::new("request", text.replace("\r\n", "\n"))
            }
        }
        // An HTML page through `sitrep-ingest`'s reader (charset, main text, metadata); a page
        // without text still yields a record, with the reader's message as a diagnostic.
        Some("text/html") => sitrep_ingest::read_document(
            "request.html",
            &body,
            InputFormat::Html,
            published.as_deref(),
            lang.as_deref(),
        ),
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
                title: b.title,
                published: published.or(b.published),
                lang: lang.or(b.lang),
                source: Source {
                    url: b.url,
                    format: Some("json".into()),
                    ..Source::default()
                },
                ..DocInput::new(id, b.text.replace("\r\n", "\n"))
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
                let input = d.into_doc_input(published.as_deref(), lang.as_deref());
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
