//! The HTTP API end to end, on a store built here from real-ish articles (the French sample
//! article and four short English news texts in `fixtures/news.jsonl`), through the complete
//! service (routes, limits, error shaping, headers), mostly with `oneshot`, and over a real
//! socket where the HTTP parsing matters (path traversal).

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use sitrep_core::{DocInput, Extractor, Source};
use sitrep_serve::{App, Options};
use sitrep_store::{Query, Store, TextFacts};
use tower::ServiceExt;

const SAMPLE: &str = include_str!("../../../examples/fr-syria-deir-ez-zor.txt");
const NEWS: &str = include_str!("fixtures/news.jsonl");

fn extractor() -> Arc<Extractor> {
    static EX: OnceLock<Arc<Extractor>> = OnceLock::new();
    EX.get_or_init(|| {
        Arc::new(Extractor::new(Arc::new(
            sitrep_gazetteer_data::load().expect("embedded gazetteer"),
        )))
    })
    .clone()
}

fn doc_input(
    id: &str,
    text: &str,
    url: Option<&str>,
    published: &str,
    lang: Option<&str>,
) -> DocInput {
    DocInput {
        published: Some(published.into()),
        lang: lang.map(str::to_string),
        source: Source {
            url: url.map(str::to_string),
            ..Source::default()
        },
        ..DocInput::new(id, text)
    }
}

/// The fixture store: built once per test binary, read-only afterwards.
fn fixture() -> &'static Path {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DB.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fixture.sqlite");
        let ex = extractor();
        let mut inputs = vec![doc_input(
            "fr-syria-deir-ez-zor",
            SAMPLE,
            Some("https://example.org/fr/deir-ez-zor"),
            "2018-03-15",
            None,
        )];
        for line in NEWS.lines() {
            let v: Value = serde_json::from_str(line).unwrap();
            inputs.push(doc_input(
                v["id"].as_str().unwrap(),
                v["text"].as_str().unwrap(),
                v["url"].as_str(),
                v["published"].as_str().unwrap(),
                v["lang"].as_str(),
            ));
        }
        let batch: Vec<_> = inputs
            .into_iter()
            .map(|d| {
                let facts = TextFacts::new(&d.text, &sitrep_text::sentences(&d.text), None);
                (ex.extract(d), facts)
            })
            .collect();
        let mut store = Store::open(&path).unwrap();
        store.ingest(&batch).unwrap();
        (dir, path)
    })
    .1
}

fn app(options: Options) -> axum::Router {
    sitrep_serve::service(Arc::new(App::new(options, extractor()).unwrap()))
}

fn read_only() -> axum::Router {
    app(Options::new(fixture()))
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }

    /// Asserts an error reply in the API's shape.
    fn error(&self, status: u16) -> String {
        assert_eq!(
            self.status.as_u16(),
            status,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(self.headers[header::CONTENT_TYPE], "application/json");
        let v = self.json();
        assert_eq!(v["error"]["status"], status);
        assert!(v["error"]["code"].is_string());
        v["error"]["message"].as_str().unwrap().to_string()
    }
}

async fn send(router: &axum::Router, req: Request<Body>) -> Reply {
    let r = router.clone().oneshot(req).await.unwrap();
    let status = r.status();
    let headers = r.headers().clone();
    let body = r.into_body().collect().await.unwrap().to_bytes().to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

async fn get(router: &axum::Router, uri: &str) -> Reply {
    send(router, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn post(
    router: &axum::Router,
    uri: &str,
    ctype: &str,
    body: impl Into<Body>,
    token: Option<&str>,
) -> Reply {
    let mut req = Request::post(uri).header(header::CONTENT_TYPE, ctype);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    send(router, req.body(body.into()).unwrap()).await
}

fn ids(page: &Value) -> Vec<i64> {
    page["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn health_reports_version_and_mode() {
    let r = get(&read_only(), "/v1/health").await;
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["status"], "ok");
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(v["schema_version"], sitrep_core::SCHEMA_VERSION);
    assert_eq!(v["writable"], false);
}

#[tokio::test]
async fn events_page_matches_the_store() {
    let router = read_only();
    let store = Store::open(fixture()).unwrap();
    let all = store.query(&Query::default()).unwrap();
    assert!(all.len() >= 5, "fixture has {} events", all.len());
    let r = get(&router, "/v1/events").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/json");
    let v = r.json();
    assert_eq!(v["total"], all.len());
    assert_eq!(v["limit"], 100);
    assert_eq!(v["offset"], 0);
    assert_eq!(r.headers["x-total-count"], all.len().to_string().as_str());
    assert_eq!(ids(&v), all.iter().map(|c| c.id).collect::<Vec<_>>());
    // The spliced JSON is the stored event, evidence included.
    let first: sitrep_store::CanonicalEvent =
        serde_json::from_value(v["events"][0].clone()).unwrap();
    assert_eq!(first, all[0]);
    let sentence = &v["events"][0]["event"]["evidence"]["sentence"];
    assert!(
        sentence["text"].as_str().is_some_and(|t| !t.is_empty()),
        "{sentence}"
    );
    assert!(sentence["end"].as_u64() > sentence["start"].as_u64());
    assert!(v["events"][0]["sources"][0]["doc_id"].is_string());
}

#[tokio::test]
async fn pagination_walks_every_event_once() {
    let router = read_only();
    let all = ids(&get(&router, "/v1/events").await.json());
    let mut walked = Vec::new();
    for offset in (0..all.len() + 2).step_by(2) {
        let v = get(&router, &format!("/v1/events?limit=2&offset={offset}"))
            .await
            .json();
        assert_eq!(v["total"], all.len(), "total does not depend on the page");
        assert_eq!(v["limit"], 2);
        walked.extend(ids(&v));
    }
    assert_eq!(walked, all);
    let past = get(&router, "/v1/events?offset=1000").await.json();
    assert_eq!(ids(&past), Vec::<i64>::new());
    assert_eq!(past["total"], all.len());
}

#[tokio::test]
async fn filters_change_results() {
    let router = read_only();
    let total = get(&router, "/v1/events").await.json()["total"]
        .as_u64()
        .unwrap();
    let check = |v: &Value, pred: &dyn Fn(&Value) -> bool| {
        let evs = v["events"].as_array().unwrap();
        assert!(!evs.is_empty(), "filter matched nothing: {}", v["uri"]);
        assert!(
            (evs.len() as u64) < total,
            "filter matched everything: {}",
            v["uri"]
        );
        assert_eq!(v["total"], evs.len());
        for e in evs {
            assert!(pred(&e["event"]), "{}", e["event"]);
        }
    };
    let mut v = get(&router, "/v1/events?country=SY").await.json();
    v["uri"] = "/v1/events?country=SY".into();
    check(&v, &|e| e["iso"] == "SY");
    let mut v = get(&router, "/v1/events?country=syria").await.json();
    v["uri"] = "/v1/events?country=syria".into();
    check(&v, &|e| e["country"] == "Syria");
    let mut v = get(&router, "/v1/events?type=battles").await.json();
    v["uri"] = "/v1/events?type=battles".into();
    check(&v, &|e| {
        e["event_type"] == "Battles" || e["sub_event_type"] == "Battles"
    });
    let mut v = get(&router, "/v1/events?type=Peaceful%20protest")
        .await
        .json();
    v["uri"] = "/v1/events?type=Peaceful%20protest".into();
    check(&v, &|e| e["sub_event_type"] == "Peaceful protest");
    let mut v = get(&router, "/v1/events?since=2019-01-01&until=2019-12-31")
        .await
        .json();
    v["uri"] = "/v1/events?since=2019-01-01&until=2019-12-31".into();
    check(&v, &|e| {
        e["event_date"]
            .as_str()
            .is_some_and(|d| d.starts_with("2019"))
    });
    // Syria and Iraq only.
    let mut v = get(&router, "/v1/events?bbox=35,29,49,38").await.json();
    v["uri"] = "/v1/events?bbox=35,29,49,38".into();
    check(&v, &|e| {
        let (lon, lat) = (
            e["longitude"].as_f64().unwrap(),
            e["latitude"].as_f64().unwrap(),
        );
        (35.0..=49.0).contains(&lon) && (29.0..=38.0).contains(&lat)
    });
    let mut v = get(&router, "/v1/events?text=Kabul").await.json();
    v["uri"] = "/v1/events?text=Kabul".into();
    check(&v, &|e| e["location"] == "Kabul");
    let mut v = get(&router, "/v1/events?actor=islamic%20STATE")
        .await
        .json();
    v["uri"] = "/v1/events?actor=islamic%20STATE".into();
    check(&v, &|e| {
        [&e["actor1"], &e["actor2"]].iter().any(|a| {
            a.as_str()
                .is_some_and(|a| a.to_lowercase().contains("islamic state"))
        })
    });
    // The sample's 40 dead are claimed by sources close to Hezbollah.
    let mut v = get(&router, "/v1/events?claim=claimed").await.json();
    v["uri"] = "/v1/events?claim=claimed".into();
    check(&v, &|e| {
        let claim = &e["claim"];
        claim["status"] == "claimed" || claim["fatalities"]["status"] == "claimed"
    });
    let mut none = get(&router, "/v1/events?country=FR").await.json();
    none["uri"] = "/v1/events?country=FR".into();
    assert_eq!(none["total"], 0);
}

#[tokio::test]
async fn csv_has_the_acled_columns() {
    let router = read_only();
    let total = get(&router, "/v1/events").await.json()["total"]
        .as_u64()
        .unwrap() as usize;
    let r = get(&router, "/v1/events?format=csv&limit=3").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    let text = r.text();
    let header = text.lines().next().unwrap();
    let cols: Vec<&str> = header.split(',').collect();
    assert_eq!(cols[..31], sitrep_formats::acled::COLUMNS);
    assert_eq!(cols[31..], ["n_sources", "source_urls"]);
    // Notes may hold quoted commas but no newlines: one line per event.
    assert_eq!(text.lines().count(), 1 + 3.min(total));
    assert!(text.contains(",760,Middle East,Syria,"), "{text}");
}

#[tokio::test]
async fn geojson_features_are_located_events() {
    let router = read_only();
    let store = Store::open(fixture()).unwrap();
    let located: Vec<i64> = store
        .query(&Query::default())
        .unwrap()
        .into_iter()
        .filter(|c| c.event.latitude.is_some() && c.event.longitude.is_some())
        .map(|c| c.id)
        .collect();
    let r = get(&router, "/v1/events.geojson").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/geo+json");
    let v = r.json();
    assert_eq!(v["type"], "FeatureCollection");
    let features = v["features"].as_array().unwrap();
    let got: Vec<i64> = features.iter().map(|f| f["id"].as_i64().unwrap()).collect();
    assert_eq!(got, located);
    for f in features {
        assert_eq!(f["geometry"]["type"], "Point");
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        assert!(c[0].as_f64().unwrap().abs() <= 180.0 && c[1].as_f64().unwrap().abs() <= 90.0);
        let p = &f["properties"];
        assert_eq!(p["id"], f["id"]);
        for k in [
            "event_date",
            "event_type",
            "sub_event_type",
            "disorder_type",
            "actor1",
            "actor2",
            "country",
            "admin1",
            "location",
            "fatalities",
            "geo_precision",
            "n_sources",
            "notes",
        ] {
            assert!(p.get(k).is_some(), "missing {k}");
        }
        assert!(p["disorder_type"].is_string() && p["notes"].is_string());
    }
    let one = get(&router, "/v1/events.geojson?limit=1&country=SY")
        .await
        .json();
    assert_eq!(one["features"].as_array().unwrap().len(), 1);
    get(&router, "/v1/events.geojson?limit=50001")
        .await
        .error(400);
    get(&router, "/v1/events.geojson?format=csv")
        .await
        .error(400);
}

#[tokio::test]
async fn one_event_with_its_documents() {
    let router = read_only();
    let first = get(&router, "/v1/events?limit=1&country=SY").await.json();
    let id = first["events"][0]["id"].as_i64().unwrap();
    let r = get(&router, &format!("/v1/events/{id}")).await;
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["id"], id);
    assert_eq!(v["event"], first["events"][0]["event"]);
    assert_eq!(v["sources"], first["events"][0]["sources"]);
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), v["sources"].as_array().unwrap().len());
    assert_eq!(docs[0]["doc_id"], "fr-syria-deir-ez-zor");
    assert_eq!(docs[0]["url"], "https://example.org/fr/deir-ez-zor");
    assert_eq!(docs[0]["published"], "2018-03-15");
    assert!(get(&router, "/v1/events/999999")
        .await
        .error(404)
        .contains("999999"));
    assert!(get(&router, "/v1/events/abc")
        .await
        .error(400)
        .contains("integer"));
    get(&router, "/v1/events/1.5").await.error(400);
}

#[tokio::test]
async fn stats_count_and_histograms_follow_filters() {
    let router = read_only();
    let total = get(&router, "/v1/events").await.json()["total"]
        .as_i64()
        .unwrap();
    let v = get(&router, "/v1/stats").await.json();
    assert_eq!(v["documents"], 5);
    assert_eq!(v["canonical_events"], total);
    assert!(v["events"].as_i64().unwrap() >= total);
    let sum = |o: &Value| {
        o.as_object()
            .unwrap()
            .values()
            .map(|n| n.as_i64().unwrap())
            .sum::<i64>()
    };
    assert_eq!(sum(&v["by_type"]), total);
    assert_eq!(sum(&v["by_country"]), total);
    assert!(v["by_month"]["2018-03"].as_i64().unwrap() >= 1);
    assert_eq!(v["first_date"], "2018-03-15");
    assert!(v["last_date"].as_str().unwrap() >= "2021-05-01");
    let sy = get(&router, "/v1/stats?country=SY").await.json();
    assert!(sy["canonical_events"].as_i64().unwrap() < total);
    assert_eq!(
        sy["by_country"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["Syria"]
    );
    assert_eq!(sy["documents"], 5, "store counts are not filtered");
    get(&router, "/v1/stats?limit=5").await.error(400);
}

#[tokio::test]
async fn bad_parameters_get_400_naming_them() {
    let router = read_only();
    for (uri, needle) in [
        ("/v1/events?since=2018-3-1", "since"),
        ("/v1/events?until=yesterday", "until"),
        ("/v1/events?since=2019-01-02&until=2019-01-01", "after"),
        ("/v1/events?bbox=1,2,3", "bbox"),
        ("/v1/events?bbox=10,0,5,1", "bbox"),
        ("/v1/events?bbox=0,0,200,1", "bbox"),
        ("/v1/events?limit=0", "limit"),
        ("/v1/events?limit=1001", "limit"),
        ("/v1/events?limit=ten", "limit"),
        ("/v1/events?offset=-1", "offset"),
        ("/v1/events?format=xml", "format"),
        ("/v1/events?colour=red", "colour"),
        ("/v1/events?type=a&type=b", "more than once"),
        ("/v1/events?claim=rumoured", "claim"),
        ("/v1/events?text=%22open", "full-text"),
        ("/v1/events?text=nosuchcolumn:word", "full-text"),
    ] {
        let msg = get(&router, uri).await.error(400);
        assert!(msg.contains(needle), "{uri}: {msg}");
    }
}

#[tokio::test]
async fn unknown_routes_and_methods_get_json_errors() {
    let router = read_only();
    get(&router, "/nope").await.error(404);
    get(&router, "/v1/event").await.error(404);
    get(&router, "/v2/events").await.error(404);
    let r = send(
        &router,
        Request::delete("/v1/events").body(Body::empty()).unwrap(),
    )
    .await;
    r.error(405);
    let r = send(
        &router,
        Request::get("/v1/extract").body(Body::empty()).unwrap(),
    )
    .await;
    r.error(405);
}

#[tokio::test]
async fn extract_returns_the_document_record() {
    let router = read_only();
    let r = post(
        &router,
        "/v1/extract?published=2018-03-15",
        "text/plain; charset=utf-8",
        SAMPLE,
        None,
    )
    .await;
    assert_eq!(r.status, 200);
    let v = r.json();
    // The record is the extractor's, serialised as `sitrep extract` does.
    let doc: sitrep_core::Document = serde_json::from_value(v.clone()).unwrap();
    let mut input = doc_input("request", SAMPLE, None, "2018-03-15", None);
    input.source.format = Some("text".into());
    assert_eq!(doc, extractor().extract(input));
    assert_eq!(v["lang"], "fr");
    assert!(!v["events"].as_array().unwrap().is_empty());
    let ev = &v["events"][0];
    let s = &ev["evidence"]["sentence"];
    let chars: Vec<char> = SAMPLE.chars().collect();
    let (a, b) = (
        s["start"].as_u64().unwrap() as usize,
        s["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        chars[a..b].iter().collect::<String>(),
        s["text"].as_str().unwrap()
    );

    // JSON body: fields as in a JSONL record; a query parameter overrides.
    let body = serde_json::json!({"text": SAMPLE, "id": "x-1", "url": "https://example.org/a", "published": "2018-03-15"});
    let v = post(
        &router,
        "/v1/extract?lang=fr",
        "application/json",
        body.to_string(),
        None,
    )
    .await
    .json();
    assert_eq!(v["doc_id"], "x-1");
    assert_eq!(v["source"]["url"], "https://example.org/a");
    assert_eq!(v["published"], "2018-03-15");
    assert_eq!(v["lang"], "fr");
    assert!(!v["events"].as_array().unwrap().is_empty());

    // HTML page: main text and metadata through sitrep-ingest.
    let paragraphs: String = SAMPLE
        .split('\n')
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{p}</p>"))
        .collect();
    let html = format!(
        "<!doctype html><html lang=\"fr\"><head><title>Deir ez-Zor</title><link rel=\"canonical\" href=\"https://example.org/p\">\
         <meta property=\"article:published_time\" content=\"2018-03-15\"></head><body><nav><a href=\"/\">Accueil</a></nav><article>{paragraphs}</article></body></html>"
    );
    let v = post(&router, "/v1/extract", "text/html", html, None)
        .await
        .json();
    assert_eq!(v["source"]["format"], "html");
    assert_eq!(v["published"], "2018-03-15");
    assert_eq!(v["source"]["url"], "https://example.org/p");
    assert!(!v["events"].as_array().unwrap().is_empty(), "{v}");

    // Empty text: a record with a diagnostic, never a failure.
    let v = post(&router, "/v1/extract", "text/plain", "", None)
        .await
        .json();
    assert_eq!(v["events"], serde_json::json!([]));
    assert!(v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "input.empty"));
}

#[tokio::test]
async fn extract_refuses_bad_bodies() {
    let router = read_only();
    assert!(post(
        &router,
        "/v1/extract",
        "application/json",
        "{\"text\":",
        None
    )
    .await
    .error(400)
    .contains("JSON"));
    assert!(
        post(&router, "/v1/extract", "application/json", "[1,2]", None)
            .await
            .error(400)
            .contains("JSON")
    );
    assert!(post(
        &router,
        "/v1/extract",
        "application/json",
        "{\"title\":\"no text\"}",
        None
    )
    .await
    .error(400)
    .contains("text"));
    assert!(post(
        &router,
        "/v1/extract",
        "text/plain",
        vec![b'a', 0xff, 0xfe],
        None
    )
    .await
    .error(400)
    .contains("UTF-8"));
    post(&router, "/v1/extract", "image/png", "x", None)
        .await
        .error(415);
    let r = send(
        &router,
        Request::post("/v1/extract").body(Body::from("x")).unwrap(),
    )
    .await;
    r.error(415);
    post(
        &router,
        "/v1/extract?published=soon",
        "text/plain",
        "x",
        None,
    )
    .await
    .error(400);
    post(&router, "/v1/extract?lang=French", "text/plain", "x", None)
        .await
        .error(400);
}

#[tokio::test]
async fn oversized_bodies_get_413() {
    let mut o = Options::new(fixture());
    o.max_body = 1000;
    o.token = Some("t0ken".into());
    let router = app(o);
    let big = "x".repeat(1001);
    assert!(
        post(&router, "/v1/extract", "text/plain", big.clone(), None)
            .await
            .error(413)
            .contains("too large")
    );
    post(
        &router,
        "/v1/documents",
        "application/x-ndjson",
        big.clone(),
        Some("t0ken"),
    )
    .await
    .error(413);
    // `oneshot` sends no Content-Length: the limit holds while the body is read, too. The
    // socket test below sends one.
    assert_eq!(
        post(&router, "/v1/extract", "text/plain", "x".repeat(999), None)
            .await
            .status,
        200
    );
}

/// The token of the writable servers of these tests.
const TOKEN: &str = "s3cret-token";

/// The document the write tests post.
fn write_doc() -> String {
    serde_json::json!({"id": "w1", "url": "https://example.org/w1", "published": "2021-05-05", "lang": "en",
        "text": "A roadside bomb exploded in Kabul on Wednesday, killing three people and wounding five others, police said."})
        .to_string()
}

/// A server over a new store in `dir`, writable with [`TOKEN`].
async fn writable(dir: &Path) -> axum::Router {
    let db = dir.join("new.sqlite");
    let mut o = Options::new(&db);
    o.token = Some(TOKEN.into());
    let router = app(o);
    assert!(db.exists(), "a token allows creating the store");
    assert_eq!(get(&router, "/v1/health").await.json()["writable"], true);
    router
}

/// Posts a JSON document with a token.
async fn post_json(router: &axum::Router, body: impl Into<Body>, token: Option<&str>) -> Reply {
    post(router, "/v1/documents", "application/json", body, token).await
}

#[tokio::test]
async fn a_read_only_server_refuses_writes() {
    // Read-only server: 403 whatever the header.
    let msg = post_json(&read_only(), write_doc(), Some("anything"))
        .await
        .error(403);
    assert!(msg.contains("read-only"), "{msg}");
}

#[tokio::test]
async fn writes_need_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let router = writable(dir.path()).await;
    post_json(&router, write_doc(), None).await.error(401);
    let r = post_json(&router, write_doc(), Some("s3cret-tokem")).await;
    r.error(401);
    assert_eq!(r.headers[header::WWW_AUTHENTICATE], "Bearer");
    post_json(&router, write_doc(), Some("s3cret-token-longer"))
        .await
        .error(401);
    let wrong_scheme = send(
        &router,
        Request::post("/v1/documents")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::AUTHORIZATION, format!("Basic {TOKEN}"))
            .body(Body::from(write_doc()))
            .unwrap(),
    )
    .await;
    wrong_scheme.error(401);
    assert_eq!(
        get(&router, "/v1/events").await.json()["total"],
        0,
        "nothing was written"
    );
}

#[tokio::test]
async fn documents_are_written_once_with_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let router = writable(dir.path()).await;
    let r = post_json(&router, write_doc(), Some(TOKEN)).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["documents"], 1);
    assert_eq!(v["new_documents"], 1);
    assert_eq!(v["skipped"], 0);
    assert!(v["events"].as_u64().unwrap() >= 1);
    let total = get(&router, "/v1/events").await.json()["total"]
        .as_u64()
        .unwrap();
    assert_eq!(total, v["canonical"].as_u64().unwrap());
    // The same document again is skipped, as by `sitrep ingest`.
    let v = post_json(&router, write_doc(), Some(TOKEN)).await.json();
    assert_eq!(
        (v["new_documents"].as_u64(), v["skipped"].as_u64()),
        (Some(0), Some(1))
    );

    // NDJSON: many documents; a bad line is reported and skipped.
    let ndjson = format!(
        "{}\nnot json\n{}\n",
        serde_json::json!({"id": "w2", "published": "2020-01-20", "lang": "en", "text": NEWS.lines().nth(2).map(|l| serde_json::from_str::<Value>(l).unwrap()["text"].as_str().unwrap().to_string()).unwrap()}),
        serde_json::json!({"id": "w3", "published": "2019-04-08", "lang": "en", "text": "Thousands of protesters gathered in Khartoum on Monday, demanding that the president step down."}),
    );
    let v = post(
        &router,
        "/v1/documents",
        "application/x-ndjson",
        ndjson,
        Some(TOKEN),
    )
    .await
    .json();
    assert_eq!(v["documents"], 2);
    assert_eq!(v["issues"].as_array().unwrap().len(), 1);
    assert_eq!(v["issues"][0]["line"], 2);
    assert_eq!(get(&router, "/v1/stats").await.json()["documents"], 3);
}

#[tokio::test]
async fn bad_document_bodies_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let router = writable(dir.path()).await;
    for bad in ["{\"text\":", "[]", "{\"id\":\"x\"}"] {
        post_json(&router, bad, Some(TOKEN)).await.error(400);
    }
    post(&router, "/v1/documents", "text/plain", "hello", Some(TOKEN))
        .await
        .error(415);
    assert_eq!(get(&router, "/v1/stats").await.json()["documents"], 0);
}

#[test]
fn a_missing_store_is_an_error_without_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("missing.sqlite");
    let e = App::new(Options::new(&db), extractor()).unwrap_err();
    assert!(e.to_string().contains("sitrep ingest"), "{e}");
    assert!(!db.exists());
    let foreign = dir.path().join("foreign.sqlite");
    std::fs::write(&foreign, "not a database at all, just text").unwrap();
    let e = App::new(Options::new(&foreign), extractor()).unwrap_err();
    assert!(e.to_string().contains("not an SQLite file"), "{e}");
    let mut o = Options::new(&db);
    o.token = Some(String::new());
    assert!(
        App::new(o, extractor()).is_err(),
        "an empty token is refused"
    );
}

#[tokio::test]
async fn page_and_assets_are_embedded() {
    let router = read_only();
    let r = get(&router, "/").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.headers[header::CONTENT_TYPE], "text/html; charset=utf-8");
    assert_eq!(
        r.body,
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/web/index.html")).unwrap()
    );
    assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(r.headers[header::REFERRER_POLICY], "no-referrer");
    let csp = r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(
        csp.contains("default-src 'self'") && csp.contains("img-src 'self' data:"),
        "{csp}"
    );
    // Every file under web/ is served under /assets/, typed by its extension.
    let paths: Vec<&str> = sitrep_serve::assets::paths().collect();
    assert!(paths.contains(&"index.html"));
    for p in &paths {
        let r = get(&router, &format!("/assets/{p}")).await;
        assert_eq!(r.status, 200, "{p}");
        let on_disk =
            std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("web").join(p)).unwrap();
        assert!(
            r.body == on_disk,
            "{p}: served {} bytes, {} on disk (rebuild after editing web/)",
            r.body.len(),
            on_disk.len()
        );
        if p.ends_with(".js") {
            assert_eq!(
                r.headers[header::CONTENT_TYPE],
                "text/javascript; charset=utf-8"
            );
        }
        // Revalidation by ETag.
        let etag = r.headers[header::ETAG].clone();
        let again = send(
            &router,
            Request::get(format!("/assets/{p}"))
                .header(header::IF_NONE_MATCH, etag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{p}");
    }
    get(&router, "/assets/no-such-file.js").await.error(404);
    get(&router, "/assets/").await.error(404);
}

#[tokio::test]
async fn no_path_traversal() {
    let router = read_only();
    for uri in [
        "/assets/../Cargo.toml",
        "/assets/%2e%2e/Cargo.toml",
        "/assets/%2E%2E%2FCargo.toml",
        "/assets/..%2fCargo.toml",
        "/assets/..%5cCargo.toml",
        "/assets/%2e%2e/%2e%2e/Cargo.toml",
        "/assets//etc/passwd",
        "/assets/%2fetc%2fpasswd",
        "/assets/./index.html",
        "/assets/vendor/../index.html",
        "/assets/../src/lib.rs",
        "/assets/%00index.html",
    ] {
        let r = get(&router, uri).await;
        r.error(404);
    }
    // Over a real socket, with the path sent exactly as written (no client normalisation).
    let (addr, _server) = spawn(Options::new(fixture())).await;
    for path in [
        "/assets/../Cargo.toml",
        "/assets/%2e%2e/Cargo.toml",
        "/assets/..%2f..%2fCargo.toml",
        "/../Cargo.toml",
    ] {
        let reply = raw_http(
            addr,
            &format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        )
        .await;
        assert!(
            reply.starts_with("HTTP/1.1 404") || reply.starts_with("HTTP/1.1 400"),
            "{path}: {reply}"
        );
        assert!(!reply.contains("[package]"), "{path} leaked a file");
    }
}

/// Serves `options` on 127.0.0.1:0 in the background.
async fn spawn(options: Options) -> (std::net::SocketAddr, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let service = app(options);
    let handle = tokio::spawn(async move {
        axum::serve(listener, service).await.unwrap();
    });
    (addr, handle)
}

async fn raw_http(addr: std::net::SocketAddr, request: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(request.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), s.read_to_end(&mut out))
        .await
        .unwrap()
        .unwrap();
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn over_a_socket_limits_and_errors_hold() {
    let mut o = Options::new(fixture());
    o.max_body = 4096;
    let (addr, _server) = spawn(o).await;
    let body = "y".repeat(5000);
    let reply = raw_http(
        addr,
        &format!("POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()),
    )
    .await;
    assert!(reply.starts_with("HTTP/1.1 413"), "{reply}");
    assert!(reply.contains("\"code\":\"payload_too_large\""), "{reply}");
    let reply = raw_http(
        addr,
        "GET /v1/events?limit=5000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(
        reply.starts_with("HTTP/1.1 400") && reply.contains("\"code\":\"bad_request\""),
        "{reply}"
    );
    let reply = raw_http(
        addr,
        "GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(
        reply.starts_with("HTTP/1.1 200") && reply.contains("\"status\":\"ok\""),
        "{reply}"
    );
}

#[tokio::test]
async fn cors_is_off_by_default() {
    let req = || {
        Request::get("/v1/events")
            .header(header::ORIGIN, "https://news.example")
            .body(Body::empty())
            .unwrap()
    };
    let preflight = || {
        Request::builder()
            .method(Method::OPTIONS)
            .uri("/v1/events")
            .header(header::ORIGIN, "https://news.example")
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
            .body(Body::empty())
            .unwrap()
    };
    let router = read_only();
    let r = send(&router, req()).await;
    assert_eq!(r.status, 200);
    assert!(r.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
    let r = send(&router, preflight()).await;
    assert!(r.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());

    let mut o = Options::new(fixture());
    o.cors = Some("https://news.example".into());
    let router = app(o);
    let r = send(&router, req()).await;
    assert_eq!(
        r.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://news.example"
    );
    let r = send(&router, preflight()).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://news.example"
    );
    // Another origin gets no grant.
    let other = Request::get("/v1/events")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::empty())
        .unwrap();
    let r = send(&router, other).await;
    assert_ne!(
        r.headers
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .map(|v| v.to_str().unwrap()),
        Some("https://evil.example")
    );
}

#[tokio::test]
async fn slow_requests_time_out_with_json() {
    let mut o = Options::new(fixture());
    o.timeout = Duration::from_millis(1);
    let router = app(o);
    let long = SAMPLE.repeat(40);
    let r = post(&router, "/v1/extract", "text/plain", long, None).await;
    let msg = r.error(408);
    assert!(msg.contains("too long"), "{msg}");
}

#[tokio::test]
async fn openapi_describes_exactly_the_served_routes() {
    let router = read_only();
    let r = get(&router, "/v1/openapi.json").await;
    assert_eq!(r.status, 200);
    let doc = r.json();
    assert_eq!(doc["openapi"], "3.1.0");
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.push((method.clone(), path.clone()));
        }
    }
    documented.sort();
    let app = Arc::new(App::new(Options::new(fixture()), extractor()).unwrap());
    let (_, routes) = sitrep_serve::router(app);
    let mut served: Vec<(String, String)> = routes
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    served.sort();
    assert_eq!(documented, served);
    // Each documented route answers (not the router's 404/405).
    for (method, path) in &served {
        let uri = path.replace("{id}", "1").replace("{path}", "index.html");
        let req = Request::builder()
            .method(method.to_uppercase().as_str())
            .uri(&uri)
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from("x"))
            .unwrap();
        let r = send(&router, req).await;
        assert!(r.status != 405, "{method} {uri}");
        if r.status == 404 {
            assert_ne!(
                r.json()["error"]["message"],
                "no such route",
                "{method} {uri}"
            );
        }
    }
    // Every parameter reference resolves, and every route documents its responses.
    let params = doc["components"]["parameters"].as_object().unwrap();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let text = doc.to_string();
    for cap in text.split("\"$ref\":\"#/components/").skip(1) {
        let target = &cap[..cap.find('"').unwrap()];
        let (kind, name) = target.split_once('/').unwrap();
        let ok = match kind {
            "parameters" => params.contains_key(name),
            "schemas" => schemas.contains_key(name),
            _ => false,
        };
        assert!(ok, "dangling $ref {target}");
    }
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            assert!(
                op["responses"].as_object().is_some_and(|r| !r.is_empty()),
                "{method} {path}"
            );
        }
    }
    // The filters of /v1/events are the ones the server accepts.
    let names: Vec<String> = doc["paths"]["/v1/events"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| match p.get("$ref") {
            Some(r) => r.as_str().unwrap().rsplit('/').next().unwrap().to_string(),
            None => p["name"].as_str().unwrap().to_string(),
        })
        .collect();
    for f in sitrep_serve::params::FILTERS {
        assert!(names.iter().any(|n| n == f), "{f} undocumented");
    }
}

#[tokio::test]
async fn a_panicking_handler_gets_a_bare_500_and_the_server_goes_on() {
    // The production routes plus one whose handler panics, behind the production layers.
    const SECRET: &str = "panic text with /internal/path and SELECT secret";
    let app = Arc::new(App::new(Options::new(fixture()), extractor()).unwrap());
    let (routes, _) = sitrep_serve::router(app.clone());
    async fn panics() -> &'static str {
        panic!("{SECRET}")
    }
    let routes = routes.route("/test/panic", axum::routing::get(panics));
    let service = sitrep_serve::harden(routes, &app);

    // In process: the panic does not reach the caller.
    let r = get(&service, "/test/panic").await;
    let message = r.error(500);
    assert_eq!(r.json()["error"]["code"], "internal_error");
    assert!(!r.text().contains("panic text"), "{}", r.text());
    assert!(!r.text().contains("SELECT"), "{}", r.text());
    assert!(!message.is_empty());
    assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");

    // Over a socket: the same server answers the next requests, the panicking route again too.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let _server = tokio::spawn(async move {
        axum::serve(listener, service).await.unwrap();
    });
    let request =
        |path: &str| format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    for _ in 0..2 {
        let reply = raw_http(addr, &request("/test/panic")).await;
        assert!(reply.starts_with("HTTP/1.1 500"), "{reply}");
        assert!(
            reply.contains("\"status\":500") && reply.contains("\"code\":\"internal_error\""),
            "{reply}"
        );
        assert!(!reply.contains("panic text"), "{reply}");
        let reply = raw_http(addr, &request("/v1/health")).await;
        assert!(
            reply.starts_with("HTTP/1.1 200") && reply.contains("\"status\":\"ok\""),
            "{reply}"
        );
    }
}
