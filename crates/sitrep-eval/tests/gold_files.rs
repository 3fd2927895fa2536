//! Reads the real gold files of the evaluation kit, checks them against the counts in its
//! README, and checks that the gold itself, handed in as a prediction, scores perfectly.
//!
//! The kit lives outside the repository: `SITREP_EVAL_DIR` if set, else
//! `../../../shared/eval` from this crate. When it is absent the tests print why and pass.

use std::collections::BTreeMap;
use std::path::PathBuf;

use sitrep_eval::{
    read_event_gold, read_geo_gold, read_plover_gold, score_events, score_geo, GeoMode, GeoReport,
    GoldGeoDoc, PloverAmount, PredictedPlace, RecognitionScore, ResolutionScore,
};

fn eval_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("SITREP_EVAL_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval"),
    };
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "skipped: evaluation kit not found at {} (set SITREP_EVAL_DIR)",
            dir.display()
        );
        None
    }
}

/// Per-file counts from the README's table.
struct GeoCounts {
    file: &'static str,
    docs: usize,
    toponyms: usize,
    with_coords: usize,
    with_geonameid: usize,
    with_country: usize,
    with_wikidata: usize,
}

const GEO_FILES: [GeoCounts; 4] = [
    GeoCounts {
        file: "lgl.jsonl",
        docs: 588,
        toponyms: 5088,
        with_coords: 4462,
        with_geonameid: 4462,
        with_country: 4427,
        with_wikidata: 0,
    },
    GeoCounts {
        file: "gwn.jsonl",
        docs: 200,
        toponyms: 2718,
        with_coords: 2599,
        with_geonameid: 2399,
        with_country: 1072,
        with_wikidata: 0,
    },
    GeoCounts {
        file: "hipe-fr-dev.jsonl",
        docs: 113,
        toponyms: 1706,
        with_coords: 0,
        with_geonameid: 0,
        with_country: 0,
        with_wikidata: 1515,
    },
    GeoCounts {
        file: "idrisi-ar-dev.jsonl",
        docs: 1061,
        toponyms: 1900,
        with_coords: 1900,
        with_geonameid: 0,
        with_country: 1899,
        with_wikidata: 1597,
    },
];

fn oracle(gold: &[GoldGeoDoc]) -> Vec<Vec<PredictedPlace>> {
    gold.iter()
        .map(|doc| doc.toponyms.iter().map(PredictedPlace::from).collect())
        .collect()
}

fn assert_perfect_recognition(score: &RecognitionScore) {
    assert_eq!(score.matched, score.n_gold);
    assert_eq!(score.matched, score.n_predicted);
    assert_eq!((score.precision, score.recall, score.f1), (1.0, 1.0, 1.0));
}

fn assert_perfect_resolution(score: &ResolutionScore, counts: &GeoCounts) {
    assert_eq!(score.n_with_coords, counts.with_coords, "{}", counts.file);
    assert_eq!(score.n_misses, 0);
    assert_eq!(score.n_with_geonameid, counts.with_geonameid);
    // Without a gazetteer lookup the known gold countries are the `country_code`s; every
    // toponym with a country also has coordinates.
    assert_eq!(score.n_with_country, counts.with_country);
    if counts.with_coords > 0 {
        assert_eq!(score.acc_at_161, Some(1.0));
        assert_eq!(score.mean_km, Some(0.0));
        assert_eq!(score.median_km, Some(0.0));
    } else {
        assert_eq!(score.acc_at_161, None);
    }
    let expect = |n: usize| (n > 0).then_some(1.0);
    assert_eq!(score.geonameid_accuracy, expect(counts.with_geonameid));
    assert_eq!(score.country_accuracy, expect(counts.with_country));
}

#[test]
fn geo_gold_files_parse_match_the_readme_and_score_perfectly_on_themselves() {
    let Some(dir) = eval_dir() else { return };
    let no_lookup = |_: u32| None;
    for counts in &GEO_FILES {
        let gold = read_geo_gold(dir.join("geo").join(counts.file)).unwrap();
        let toponyms = || gold.iter().flat_map(|doc| &doc.toponyms);
        assert_eq!(gold.len(), counts.docs, "{}", counts.file);
        assert_eq!(toponyms().count(), counts.toponyms, "{}", counts.file);
        assert_eq!(
            toponyms().filter(|t| t.point().is_some()).count(),
            counts.with_coords
        );
        assert_eq!(
            toponyms().filter(|t| t.geonameid.is_some()).count(),
            counts.with_geonameid
        );
        assert_eq!(
            toponyms().filter(|t| t.country_code.is_some()).count(),
            counts.with_country
        );
        assert_eq!(
            toponyms().filter(|t| t.wikidata.is_some()).count(),
            counts.with_wikidata
        );

        let predictions = oracle(&gold);
        let report: GeoReport = score_geo(&gold, &predictions, GeoMode::EndToEnd, &no_lookup);
        println!("{}\n{report}", counts.file);
        assert_eq!(report.n_gold_toponyms, counts.toponyms);
        let exact = report.recognition_exact.as_ref().unwrap();
        assert_perfect_recognition(exact);
        assert_eq!(
            exact.n_gold, counts.toponyms,
            "no duplicate spans in the kit"
        );
        assert_perfect_recognition(report.recognition_overlap.as_ref().unwrap());
        assert_perfect_resolution(&report.resolution, counts);
        assert_perfect_resolution(report.resolution_overlap.as_ref().unwrap(), counts);
        if counts.file == "gwn.jsonl" {
            assert_perfect_recognition(report.literal_exact.as_ref().unwrap());
            assert_perfect_recognition(report.literal_overlap.as_ref().unwrap());
        } else {
            assert!(report.literal_exact.is_none());
        }
        serde_json::to_string(&report).unwrap();

        let resolve = score_geo(&gold, &predictions, GeoMode::Resolve, &no_lookup);
        assert!(resolve.recognition_exact.is_none());
        assert_perfect_resolution(&resolve.resolution, counts);
    }
}

#[test]
fn geowebnews_types_match_the_readme() {
    let Some(dir) = eval_dir() else { return };
    let gold = read_geo_gold(dir.join("geo/gwn.jsonl")).unwrap();
    let mut types: BTreeMap<&str, usize> = BTreeMap::new();
    for toponym in gold.iter().flat_map(|doc| &doc.toponyms) {
        *types.entry(toponym.kind.as_deref().unwrap()).or_default() += 1;
    }
    let expected = [
        ("Coercion", 135),
        ("Demonym", 73),
        ("Embedded_Literal", 21),
        ("Embedded_Non_Lit", 279),
        ("Homonym", 20),
        ("Language", 17),
        ("Literal", 850),
        ("Literal_Modifier", 181),
        ("Metonymic", 372),
        ("Mixed", 269),
        ("Non_Literal_Modifier", 501),
    ];
    assert_eq!(types, BTreeMap::from(expected));
}

#[test]
fn case2021_gold_matches_the_readme_and_scores_perfectly_on_itself() {
    let Some(dir) = eval_dir() else { return };
    let gold = read_event_gold(dir.join("events/case2021-dev.jsonl")).unwrap();
    assert_eq!(gold.len(), 510);
    let null = gold.iter().filter(|g| g.sub_event_type.is_none()).count();
    assert_eq!(null, 94);
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    for event in &gold {
        *codes.entry(event.label_code.as_str()).or_default() += 1;
    }
    assert_eq!(codes.len(), 30);
    assert_eq!(codes["ARMED_CLASH"], 33);
    assert_eq!(codes["MAN_MADE_DISASTER"], 26);
    assert_eq!(codes["OTHER"], 4);

    let predicted: Vec<Option<String>> = gold.iter().map(|g| g.sub_event_type.clone()).collect();
    let report = score_events(&gold, &predicted);
    println!("{report}");
    assert_eq!(report.n, 510);
    assert_eq!(
        report.per_class.len(),
        26,
        "25 ACLED sub-event types + no event"
    );
    assert_eq!(report.event_type_per_class.len(), 7);
    for score in [
        report.accuracy,
        report.weighted_f1,
        report.macro_f1,
        report.event_type_accuracy,
        report.event_type_weighted_f1,
        report.event_type_macro_f1,
    ] {
        assert_eq!(score, 1.0);
    }
    assert_eq!((report.null_snippets, report.null_correct), (94, 94));

    // Predicting "no event" everywhere: only the null class scores.
    let report = score_events(&gold, &vec![None; gold.len()]);
    assert!((report.accuracy - 94.0 / 510.0).abs() < 1e-12);
    assert_eq!(report.per_class.len(), 26);
}

#[test]
fn plover_gold_matches_the_readme() {
    let Some(dir) = eval_dir() else { return };
    let records = read_plover_gold(dir.join("events/plover-gsr.jsonl")).unwrap();
    assert_eq!(records.len(), 322);
    let count = |f: fn(&sitrep_eval::PloverRecord) -> bool| records.iter().filter(|r| f(r)).count();
    assert_eq!(count(|r| r.location.is_some()), 48);
    assert_eq!(count(|r| r.dead.is_some()), 15);
    assert_eq!(count(|r| r.injured.is_some()), 3);
    assert_eq!(count(|r| r.size.is_some()), 21);
    assert_eq!(count(|r| matches!(r.size, Some(PloverAmount::Vague(_)))), 7);
    assert_eq!(count(|r| r.event == "AGREE"), 40);
    assert_eq!(count(|r| r.event == "COOPERATE"), 4);
}
