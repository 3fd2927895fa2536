//! Every row a valid ACLED row (issue 15, item 6): the extractor runs over every development
//! file of the evaluation kit (`shared/eval/{events,geo}/*.jsonl`, or `SITREP_EVAL_DIR`), and
//! every event's ACLED row must pass `sitrep_formats::validate::validate`. The kit lives
//! outside the repository; without it the test is skipped with a printed reason. Only the
//! rows are read, never the gold labels: this checks the form of the output, not its accuracy.
//!
//! Also here, invented articles of the kind a new user tries (issue 15): police are police,
//! riot police are recognised, and an unnamed arsonist is still an actor 1.

mod common;

use std::path::PathBuf;

use sitrep_core::schema::Event;
use sitrep_core::DocInput;
use sitrep_formats::acled::AcledRow;
use sitrep_formats::validate::validate;

use common::{extract, extractor};

fn eval_dir() -> PathBuf {
    std::env::var_os("SITREP_EVAL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval"))
}

/// The invalid rows of `events`, one message each.
fn invalid(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|ev| validate(&AcledRow::new(ev, None, 0)).err())
        .map(|e| e.to_string())
        .collect()
}

#[test]
fn every_row_of_every_development_file_is_a_valid_acled_row() {
    let dir = eval_dir();
    let mut files: Vec<PathBuf> = ["events", "geo"]
        .iter()
        .filter_map(|sub| std::fs::read_dir(dir.join(sub)).ok())
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    if files.is_empty() {
        println!(
            "skipped: no development file under {} (set SITREP_EVAL_DIR)",
            dir.display()
        );
        return;
    }
    files.sort();
    let (mut rows, mut failures) = (0usize, Vec::new());
    for path in &files {
        let text = std::fs::read_to_string(path).expect("readable development file");
        for (n, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let record: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), n + 1));
            let field = |k: &str| record.get(k).and_then(|v| v.as_str()).map(str::to_owned);
            let doc = extractor().extract(DocInput {
                id: field("id").unwrap_or_else(|| format!("line-{}", n + 1)),
                text: field("text").unwrap_or_default(),
                lang: field("lang"),
                published: field("date"),
                ..Default::default()
            });
            rows += doc.events.len();
            failures.extend(
                invalid(&doc.events)
                    .into_iter()
                    .map(|m| format!("{}: {m}", path.display())),
            );
        }
    }
    println!("{} files, {rows} ACLED rows checked", files.len());
    assert!(rows > 0, "no event coded on any development file");
    assert!(
        failures.is_empty(),
        "{} of {rows} rows are not valid ACLED rows:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_police_station_attack_in_spanish() {
    let doc = extract(
        "Un grupo armado atacó una estación de policía en Tumaco y mató a dos agentes.",
        Some("es"),
        Some("2024-05-10"),
    );
    let ev = &doc.events[0];
    assert_eq!(ev.fatalities, 2, "{ev:?}");
    assert!(
        ev.actor2
            .as_deref()
            .is_some_and(|a| a.starts_with("Police Forces")),
        "{ev:?}"
    );
    assert_eq!(ev.inter2, Some(1));
    assert_eq!(invalid(&doc.events), Vec::<String>::new());
}

#[test]
fn a_police_station_arson_has_an_actor1() {
    for (lang, text) in [
        (
            "en",
            "A police station was set on fire in the town overnight.",
        ),
        (
            "fr",
            "Un commissariat a été incendié dans la nuit à Bouaké.",
        ),
        (
            "es",
            "Desconocidos incendiaron una estación de policía en Cali.",
        ),
    ] {
        let doc = extract(text, Some(lang), Some("2024-05-10"));
        assert!(!doc.events.is_empty(), "{text}");
        assert!(
            doc.events[0].actor1.is_some(),
            "{text}: {:?}",
            doc.events[0]
        );
        assert_eq!(invalid(&doc.events), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn police_gendarmes_and_riot_police_are_police_forces() {
    for (lang, text) in [
        (
            "en",
            "Riot police fired tear gas at protesters outside parliament in Nairobi.",
        ),
        (
            "fr",
            "Les gendarmes ont dispersé les manifestants à coups de gaz lacrymogène à Dakar.",
        ),
        (
            "es",
            "Los antimotines dispersaron a los manifestantes con gases lacrimógenos en Santiago.",
        ),
        (
            "ar",
            "فرقت شرطة مكافحة الشغب المتظاهرين بالغاز المسيل للدموع في الخرطوم",
        ),
    ] {
        let doc = extract(text, Some(lang), Some("2024-05-10"));
        let ev = doc
            .events
            .first()
            .unwrap_or_else(|| panic!("no event: {text}"));
        let police = [(&ev.actor1, ev.inter1), (&ev.actor2, ev.inter2)]
            .into_iter()
            .find(|(a, _)| a.as_deref().is_some_and(|a| a.starts_with("Police Forces")));
        assert!(
            police.is_some_and(|(_, inter)| inter == Some(1)),
            "{text}: {ev:?}"
        );
        assert!(
            ![&ev.actor1, &ev.actor2].iter().any(|a| a
                .as_deref()
                .is_some_and(|a| a.starts_with("Military Forces"))),
            "{text}: police coded as the military: {ev:?}"
        );
        assert_eq!(invalid(&doc.events), Vec::<String>::new(), "{text}");
    }
}
