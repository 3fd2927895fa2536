//! Invariants of the shipped data: the taxonomy is exactly ACLED's 25 sub-event types, every
//! language loads, and every language has the core trigger families.

use sitrep_eval::events::ACLED_SUB_EVENT_TYPES;

#[test]
fn taxonomy_matches_acled_strings() {
    let data = include_str!("../data/taxonomy.txt");
    let rows: Vec<(String, String)> = data
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split('|').map(str::trim).collect();
            (f[1].to_owned(), f[0].to_owned())
        })
        .collect();
    let expected: Vec<(String, String)> = ACLED_SUB_EVENT_TYPES
        .iter()
        .map(|(e, s)| (e.to_string(), s.to_string()))
        .collect();
    assert_eq!(rows, expected);
}

#[test]
fn all_languages_load() {
    let coder = sitrep_events::EventCoder::load();
    let langs: Vec<&str> = coder.languages().collect();
    let registry: Vec<&str> = sitrep_text::registry::lexicon_languages()
        .map(|l| l.code)
        .collect();
    assert_eq!(langs, registry);
}
