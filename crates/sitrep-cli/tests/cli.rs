//! End-to-end tests of the `sitrep` binary: real input, bad input, every output format.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const SAMPLE: &str = include_str!("../../../examples/fr-syria-deir-ez-zor.txt");

fn sitrep(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run sitrep");
    if let Some(input) = stdin {
        // The process may exit before reading (bad options): a broken pipe is fine here.
        let _ = child.stdin.take().unwrap().write_all(input);
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("wait for sitrep")
}

fn records(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is a JSON record"))
        .collect()
}

#[test]
fn sample_article_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("article.txt");
    std::fs::write(&path, SAMPLE).unwrap();
    let out = sitrep(
        &[
            "extract",
            path.to_str().unwrap(),
            "--published",
            "2018-03-24",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&out);
    assert_eq!(recs.len(), 1);
    let doc = &recs[0];
    assert_eq!(doc["schema_version"], "1.1");
    assert_eq!(doc["lang"], "fr");
    assert_eq!(doc["published"], "2018-03-24");
    let places = doc["places"].as_array().unwrap();
    assert!(places
        .iter()
        .any(|p| p["text"] == "Deir ez-Zor" && p["country_code"] == "SY"));
    let events = doc["events"].as_array().unwrap();
    assert!(!events.is_empty());
    // Offsets are code points into the text.
    let chars: Vec<char> = SAMPLE.chars().collect();
    for p in places {
        let (s, e) = (
            p["start"].as_u64().unwrap() as usize,
            p["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            chars[s..e].iter().collect::<String>(),
            p["text"].as_str().unwrap()
        );
    }
}

#[test]
fn stdin_jsonl_keeps_ids_and_metadata() {
    let input = r#"{"id": "a1", "text": "Clashes near Aleppo killed 3 people.", "published": "2024-02-01", "url": "https://www.example.org/x"}
{"id": 7, "text": "Des combats ont eu lieu à Homs.", "lang": "fr"}
"#;
    let out = sitrep(
        &["extract", "--input-format", "jsonl", "-"],
        Some(input.as_bytes()),
    );
    assert!(out.status.success());
    let recs = records(&out);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["doc_id"], "a1");
    assert_eq!(recs[0]["source"]["outlet"], "example.org");
    assert_eq!(recs[1]["doc_id"], "7");
    assert_eq!(recs[1]["lang"], "fr");
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

#[test]
fn bad_input_is_reported_and_the_batch_completes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a_good.txt", "Des combats ont éclaté à Alep.".as_bytes());
    write(
        d,
        "b_binary.txt",
        &[0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0, 7, 8],
    );
    write(d, "c_latin1.txt", b"Les forces ont bombard\xe9 Alep hier.");
    write(d, "d_truncated.html", b"<html><head><title>Alep</title></head><body><p>Bombardements sur Alep et Homs.</p><p>La sui");
    write(
        d,
        "e_records.jsonl",
        b"{\"id\": \"ok1\", \"text\": \"Fighting in Mosul.\"}\n{\"id\": broken\n{\"id\": \"ok2\", \"text\": \"Protest in Cairo.\"}\n",
    );
    write(d, "f_empty.txt", b"");
    let long = format!(
        "{{\"id\": \"big\", \"text\": \"{}\"}}\n",
        "Alep ".repeat(2000)
    );
    write(d, "g_long.jsonl", format!("{{\"id\": \"before\", \"text\": \"Homs.\"}}\n{long}{{\"id\": \"after\", \"text\": \"Hama.\"}}\n").as_bytes());

    let out = sitrep(
        &["extract", d.to_str().unwrap(), "--max-doc-bytes", "5000"],
        None,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "diagnostics do not fail the batch without --strict: {stderr}"
    );
    let ids: Vec<String> = records(&out)
        .iter()
        .map(|r| r["doc_id"].as_str().unwrap().to_string())
        .collect();
    for want in [
        "a_good.txt",
        "c_latin1.txt",
        "d_truncated.html",
        "ok1",
        "ok2",
        "before",
        "after",
    ] {
        assert!(
            ids.iter().any(|i| i.ends_with(want)),
            "{want} missing from {ids:?}\n{stderr}"
        );
    }
    assert!(
        !ids.iter()
            .any(|i| i.ends_with("b_binary.txt") || i == "big"),
        "{ids:?}"
    );
    assert!(stderr.contains("b_binary.txt"), "{stderr}");
    assert!(
        stderr.contains("e_records.jsonl:2"),
        "malformed line named: {stderr}"
    );
    assert!(
        stderr.contains("g_long.jsonl:2"),
        "oversized line named: {stderr}"
    );
    assert!(stderr.contains("f_empty.txt"), "{stderr}");
    // The latin-1 file was decoded, not mangled.
    let latin = records(&out)
        .into_iter()
        .find(|r| r["doc_id"].as_str().unwrap().ends_with("c_latin1.txt"))
        .unwrap();
    assert_eq!(latin["source"]["encoding"], "windows-1252");
    assert!(latin["places"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["text"] == "Alep"));

    let strict = sitrep(
        &[
            "extract",
            "--strict",
            d.to_str().unwrap(),
            "--max-doc-bytes",
            "5000",
        ],
        None,
    );
    assert_eq!(
        strict.status.code(),
        Some(1),
        "--strict fails on diagnostics"
    );
    assert_eq!(
        records(&strict).len(),
        ids.len(),
        "--strict still writes every record"
    );
}

#[test]
fn missing_file_and_bad_options_are_errors_with_status_2_or_diagnostics() {
    let out = sitrep(&["extract", "--published", "yesterday", "-"], Some(b"x"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--published"));
    let out = sitrep(&["extract", "/nonexistent/file.txt"], None);
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/file.txt"));
    let out = sitrep(
        &["extract", "--gazetteer", "/nonexistent/gaz.bin", "-"],
        Some(b"x"),
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn geojson_and_acled_csv() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("article.txt");
    std::fs::write(&path, SAMPLE).unwrap();
    let out = sitrep(
        &[
            "extract",
            path.to_str().unwrap(),
            "--published",
            "2018-03-24",
            "--format",
            "geojson",
        ],
        None,
    );
    assert!(out.status.success());
    let fc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid GeoJSON");
    assert_eq!(fc["type"], "FeatureCollection");
    let features = fc["features"].as_array().unwrap();
    assert!(features.iter().any(|f| f["properties"]["kind"] == "event"));
    assert!(features.iter().any(|f| f["properties"]["kind"] == "place"));
    for f in features {
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        assert!(c[0].as_f64().unwrap().abs() <= 180.0 && c[1].as_f64().unwrap().abs() <= 90.0);
    }

    let out_file = dir.path().join("events.csv");
    let out = sitrep(
        &[
            "extract",
            path.to_str().unwrap(),
            "--published",
            "2018-03-24",
            "--format",
            "acled-csv",
            "-o",
            out_file.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success());
    let csv = std::fs::read_to_string(&out_file).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header.len(), 31);
    assert_eq!(header[0], "event_id_cnty");
    assert_eq!(header[30], "timestamp");
    let rows: Vec<&str> = lines.collect();
    assert!(!rows.is_empty());
    // ACLED's form of event_id_cnty: ISO 3166-1 alpha-3, then digits.
    for row in rows {
        let id = row.split(',').next().unwrap();
        let (prefix, digits) = id.split_at(3.min(id.len()));
        assert!(
            prefix.len() == 3
                && prefix.bytes().all(|b| b.is_ascii_uppercase())
                && !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit()),
            "{row}"
        );
    }
}

/// `SOURCE_DATE_EPOCH` fixes the ACLED `timestamp` column, so two runs write the same bytes;
/// a malformed value is refused, naming the variable, before anything is written.
#[test]
fn source_date_epoch_fixes_the_export_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("article.txt");
    std::fs::write(&path, SAMPLE).unwrap();
    let run = |epoch: &str| {
        Command::new(env!("CARGO_BIN_EXE_sitrep"))
            .args([
                "extract",
                path.to_str().unwrap(),
                "--published",
                "2018-03-24",
            ])
            .args(["--format", "acled-csv"])
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .expect("run sitrep")
    };
    let first = run("1700000000");
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let csv = String::from_utf8(first.stdout.clone()).unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.ends_with(",1700000000")), "{csv}");
    assert_eq!(
        run("1700000000").stdout,
        first.stdout,
        "byte-identical runs"
    );
    let bad = run("yesterday");
    assert_eq!(bad.status.code(), Some(2));
    assert!(bad.stdout.is_empty());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("SOURCE_DATE_EPOCH \"yesterday\""), "{err}");
}

#[test]
fn gazetteer_build_from_geonames_dump_is_used_by_extract() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("XX.txt");
    // A GeoNames-format row for a place that exists in no real gazetteer.
    let row = [
        "99000001",
        "Zorblaxville",
        "Zorblaxville",
        "Zorblax-Ville,Zorblaks",
        "12.5",
        "-3.25",
        "P",
        "PPL",
        "BF",
        "",
        "01",
        "",
        "",
        "",
        "1200",
        "",
        "300",
        "Africa/Ouagadougou",
        "2024-01-01",
    ]
    .join("\t");
    std::fs::write(&dump, format!("{row}\nnot a valid line\n")).unwrap();
    let image = dir.path().join("gaz.bin");
    let out = sitrep(
        &[
            "gazetteer",
            "build",
            dump.to_str().unwrap(),
            "-o",
            image.to_str().unwrap(),
            "--no-default",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("XX.txt:2"),
        "malformed line reported"
    );
    let out = sitrep(
        &[
            "extract",
            "--gazetteer",
            image.to_str().unwrap(),
            "--lang",
            "en",
            "-",
        ],
        Some(b"Clashes were reported in Zorblaks on Monday."),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rec = &records(&out)[0];
    let p = &rec["places"][0];
    assert_eq!(p["text"], "Zorblaks");
    assert_eq!(p["geonameid"], 99000001);
    assert_eq!(p["country_code"], "BF");
}

/// `eval cameo` on invented coded sentences: the counts follow the kit's definitions, and the
/// tune and check halves partition the file.
#[test]
fn eval_cameo_scores_and_splits() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("coded.jsonl");
    let rec = |id: &str, text: &str, expect: &str, types: &str, place: &str| {
        format!(
            r#"{{"id":"{id}","corpus":"test-es","lang":"es","text":"{text}","date":"2021-05-04","codes":[],"plover":[],"locations":[{{"name":"{place}","in_sentence":true}}],"expect":"{expect}","acled_event_types":[{types}]}}"#
        )
    };
    let lines = [
        rec("r1", "Miles de estudiantes marcharon el martes por el centro de Lima para exigir más presupuesto.", "event", r#""Protests""#, "LIMA"),
        rec("r2", "Guerrilleros atacaron una estación de policía en Arauca y mataron a dos agentes.", "event", r#""Battles","Violence against civilians""#, "Arauca"),
        rec("r3", "El ministro dijo que el gobierno estudiará la propuesta de los sindicatos.", "none", "", "Quito"),
        rec("r4", "El gobierno pidió calma a la población.", "unscored", "", "Cali"),
    ];
    std::fs::write(&gold, lines.join("\n")).unwrap();
    let path = gold.to_str().unwrap();
    let report = |split: &str| {
        let out = sitrep(&["eval", "cameo", path, "--json", "--split", split], None);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let all = report("all");
    assert_eq!(all["all"]["n_event"], 2);
    assert_eq!(all["all"]["n_none"], 1);
    assert_eq!(all["all"]["n_places"], 4);
    assert!(all["all"]["event_found"].as_u64().unwrap() >= 1, "{all}");
    let (tune, check) = (report("tune"), report("check"));
    for key in [
        "n_event",
        "n_none",
        "n_places",
        "event_found",
        "type_accepted",
    ] {
        assert_eq!(
            tune["all"][key].as_u64().unwrap() + check["all"][key].as_u64().unwrap(),
            all["all"][key].as_u64().unwrap(),
            "{key}"
        );
    }
    let text = sitrep(&["eval", "cameo", path], None);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("tune (") && text.contains("check ("),
        "{text}"
    );
    let bad = sitrep(&["eval", "cameo", path, "--split", "half"], None);
    assert_eq!(bad.status.code(), Some(2));
}

/// `eval labelled` on invented snippets: counts per language from the file names, with the
/// codebook's decision and with the learned one; the learned decision keeps the sample's events.
#[test]
fn eval_labelled_scores_both_decisions() {
    let dir = tempfile::tempdir().unwrap();
    let en = dir.path().join("en.tsv");
    let fr = dir.path().join("fr.tsv");
    std::fs::write(
        &en,
        "# invented\nAttack\tplain\tGunmen killed five villagers near the river on Monday, police said.\n\
         none\tstatement\tThe minister said talks would resume next month.\n",
    )
    .unwrap();
    std::fs::write(
        &fr,
        "Peaceful protest\tplain\tDes centaines d'étudiants ont manifesté pacifiquement mardi à Dakar.\n",
    )
    .unwrap();
    for decision in ["rules", "learned"] {
        let out = sitrep(
            &[
                "eval",
                "labelled",
                en.to_str().unwrap(),
                fr.to_str().unwrap(),
                "--json",
                "--event-decision",
                decision,
            ],
            None,
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(r["all"]["snippets"], 3, "{r}");
        assert_eq!(r["per_lang"]["en"]["snippets"], 2, "{r}");
        assert_eq!(r["per_lang"]["fr"]["gold_none"], 0, "{r}");
        assert_eq!(r["deciles"].as_array().unwrap().len(), 10);
    }
}

/// A missing or damaged `--event-model` file is a configuration error (status 2) naming the
/// file, never a panic; `--event-decision` takes only its three values.
#[test]
fn a_bad_event_model_file_is_a_configuration_error() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("a.txt");
    std::fs::write(&text, "Rebels attacked an army post on Monday.").unwrap();
    let bad = dir.path().join("bad.model");
    std::fs::write(&bad, b"not a model").unwrap();
    let missing = dir.path().join("missing.model");
    for (model, what) in [
        (&bad, "not a gzip file"),
        (&missing, "cannot read event model"),
    ] {
        let out = sitrep(
            &[
                "extract",
                text.to_str().unwrap(),
                "--event-model",
                model.to_str().unwrap(),
            ],
            None,
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(what) && err.contains("--event-model"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let out = sitrep(
        &[
            "extract",
            text.to_str().unwrap(),
            "--event-decision",
            "oracle",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}

/// The combined decision is the default (`EventCoder::load`): the same output as asking for it,
/// with the model's probability as `confidence`; `--event-decision rules` still gives the
/// rules alone, and takes no model file.
#[test]
fn the_combined_decision_is_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("a.txt");
    std::fs::write(&text, "Rebels attacked an army post on Monday.").unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["extract", text.to_str().unwrap()];
        args.extend_from_slice(extra);
        let out = sitrep(&args, None);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(0), "{err}");
        out
    };
    let default = run(&[]);
    let combined = run(&["--event-decision", "combined"]);
    assert_eq!(default.stdout, combined.stdout);
    let record = &records(&default)[0];
    let event = &record["events"][0];
    assert_eq!(event["sub_event_type"], "Armed clash");
    // The model's probability of the type, not the rules' evidence score.
    let confidence = event["confidence"].as_f64().unwrap();
    assert!(confidence > 0.0 && confidence <= 1.0);
    let rules = &records(&run(&["--event-decision", "rules"]))[0]["events"][0];
    assert_eq!(rules["sub_event_type"], "Armed clash");
    assert_ne!(rules["confidence"].as_f64().unwrap(), confidence);
    // A bad model file is a configuration error with `combined` too.
    let bad = dir.path().join("bad.model");
    std::fs::write(&bad, b"not a model").unwrap();
    let out = sitrep(
        &[
            "extract",
            text.to_str().unwrap(),
            "--event-decision",
            "combined",
            "--event-model",
            bad.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    // A model file has no use with the rules alone: said, not ignored.
    let out = sitrep(
        &[
            "extract",
            text.to_str().unwrap(),
            "--event-decision",
            "rules",
            "--event-model",
            bad.to_str().unwrap(),
        ],
        None,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("--event-decision rules"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
