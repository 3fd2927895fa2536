//! The French sample article (`shared/samples/fr-syria-deir-ez-zor.txt`, copied as a fixture)
//! with hand-built place mentions standing in for the geoparser, and the acceptance:
//! (a) the US air strike on the PMF in al-Anbar, (b) the Islamic State offensive near al-Kashma
//! on Thursday 2018-03-22 with 40 fatalities attributed to "sources proches du Hezbollah".

use sitrep_events::{EventCoder, EventInput};
use sitrep_schema::{Anchor, Event, PlaceMention, Qualifier};

const TEXT: &str = include_str!("fixtures/fr-syria-deir-ez-zor.txt");

struct P {
    needle: &'static str,
    nth: usize,
    name: &'static str,
    cc: &'static str,
    admin1: Option<&'static str>,
    feature: Option<&'static str>,
    precision: u8,
    anchor: Option<&'static str>,
    direction: Option<&'static str>,
}

fn place(p: &P) -> PlaceMention {
    let byte = TEXT
        .match_indices(p.needle)
        .nth(p.nth)
        .unwrap_or_else(|| panic!("{} not in sample", p.needle))
        .0;
    let start = TEXT[..byte].chars().count();
    let end = start + p.needle.chars().count();
    PlaceMention {
        start,
        end,
        text: p.needle.to_owned(),
        name: p.name.to_owned(),
        geonameid: None,
        lat: Some(35.0),
        lon: Some(40.0),
        country_code: Some(p.cc.to_owned()),
        admin1: p.admin1.map(str::to_owned),
        feature: p.feature.map(str::to_owned),
        precision: p.precision,
        score: 0.9,
        resolved: p.anchor.is_none(),
        qualifier: p.direction.map(|d| Qualifier {
            kind: "direction".into(),
            direction: Some(d.into()),
            start: start.saturating_sub(10),
            end: start,
            text: TEXT
                .chars()
                .skip(start.saturating_sub(10))
                .take(10)
                .collect(),
        }),
        anchor: p.anchor.map(|a| Anchor {
            name: a.into(),
            geonameid: None,
            start: 0,
            end: 0,
        }),
    }
}

fn places() -> Vec<PlaceMention> {
    let country = |needle, nth, name, cc| P {
        needle,
        nth,
        name,
        cc,
        admin1: None,
        feature: Some("A.PCLI"),
        precision: 3,
        anchor: None,
        direction: None,
    };
    let town = |needle, nth, name, cc, admin1, anchor: Option<&'static str>| P {
        needle,
        nth,
        name,
        cc,
        admin1,
        feature: Some("P.PPL"),
        precision: if anchor.is_some() { 2 } else { 1 },
        anchor,
        direction: None,
    };
    let list = [
        country("Turquie", 0, "Turkey", "TR"),
        country("Syrie", 0, "Syria", "SY"),
        town("Afrin", 0, "Afrin", "SY", Some("Aleppo"), None),
        town("Manbij", 0, "Manbij", "SY", Some("Aleppo"), None),
        town("Manbij", 1, "Manbij", "SY", Some("Aleppo"), None),
        country("Irak", 0, "Iraq", "IQ"),
        country("États-Unis", 0, "United States", "US"),
        town(
            "Deir ez-Zor",
            0,
            "Deir ez-Zor",
            "SY",
            Some("Deir ez-Zor"),
            None,
        ),
        P {
            needle: "al-Anbar",
            nth: 0,
            name: "Al Anbar",
            cc: "IQ",
            admin1: Some("Al Anbar"),
            feature: Some("A.ADM1"),
            precision: 3,
            anchor: None,
            direction: Some("W"),
        },
        country("Syrie", 1, "Syria", "SY"),
        town("Genève", 0, "Geneva", "CH", Some("Geneva"), None),
        country("Syrie", 2, "Syria", "SY"),
        country("Irak", 1, "Iraq", "IQ"),
        town(
            "Deir ez-Zor",
            1,
            "Deir ez-Zor",
            "SY",
            Some("Deir ez-Zor"),
            None,
        ),
        town("al-Kachma", 0, "al-Kachma", "SY", None, Some("Deir ez-Zor")),
        town("Qariba", 0, "Qariba", "SY", None, Some("Deir ez-Zor")),
        town(
            "al-Mayadin",
            0,
            "Al Mayadin",
            "SY",
            Some("Deir ez-Zor"),
            None,
        ),
        town(
            "Abou Kamal",
            0,
            "Abu Kamal",
            "SY",
            Some("Deir ez-Zor"),
            None,
        ),
    ];
    let mut out: Vec<PlaceMention> = list.iter().map(place).collect();
    out.sort_by_key(|p| p.start);
    out
}

fn code(published: Option<&str>) -> (Vec<Event>, Vec<sitrep_schema::Diagnostic>) {
    let coder = EventCoder::load();
    let tokens = sitrep_text::tokenize(TEXT);
    let sentences = sitrep_text::sentences(TEXT);
    let places = places();
    coder.code(&EventInput {
        doc_id: "fr-syria",
        text: TEXT,
        tokens: &tokens,
        sentences: &sentences,
        lang: "fr",
        published,
        places: &places,
        outlet: Some("presstv.ir"),
    })
}

#[test]
fn sample_article_events() {
    let (events, _) = code(Some("2018-03-24"));
    for e in &events {
        println!("{}", serde_json::to_string_pretty(e).unwrap());
    }
    let strike = events
        .iter()
        .find(|e| e.sub_event_type == "Air/drone strike")
        .expect("air strike event");
    assert_eq!(strike.event_type, "Explosions/Remote violence");
    assert_eq!(
        strike.actor1.as_deref(),
        Some("Military Forces of the United States")
    );
    assert_eq!(strike.inter1, Some(8));
    assert_eq!(
        strike.actor2.as_deref(),
        Some("Popular Mobilization Forces")
    );
    assert_eq!(strike.country.as_deref(), Some("Iraq"));
    assert_eq!(strike.admin1.as_deref(), Some("Al Anbar"));
    assert!(matches!(strike.geo_precision, Some(2 | 3)));

    let main = &events[0];
    assert!(
        matches!(main.sub_event_type.as_str(), "Armed clash" | "Suicide bomb"),
        "{}",
        main.sub_event_type
    );
    assert_eq!(main.actor1.as_deref(), Some("Islamic State"));
    assert_eq!(main.actor2.as_deref(), Some("Military Forces of Syria"));
    assert_eq!(main.assoc_actor_2.as_deref(), Some("Hezbollah"));
    assert_eq!(main.event_date.as_deref(), Some("2018-03-22"));
    assert_eq!(main.time_precision, 1);
    assert_eq!(main.fatalities, 40);
    assert_eq!(main.location.as_deref(), Some("al-Kachma"));
    assert_eq!(main.geo_precision, Some(2));
    assert_eq!(
        main.attribution.as_ref().map(|a| a.text.as_str()),
        Some("sources proches du Hezbollah")
    );
    assert!(main.notes.contains("Concurrent tactics"), "{}", main.notes);
    assert_eq!(main.source.as_deref(), Some("presstv.ir"));
    // Nothing from the rhetorical questions or "Lire plus".
    for e in &events {
        let s = &e.evidence.sentence.as_ref().unwrap().text;
        assert!(!s.contains('?') && !s.starts_with("Lire plus"), "{s}");
    }
}

#[test]
fn sample_without_publication_date_has_no_relative_dates() {
    let (events, diags) = code(None);
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| e.event_date.is_none()));
    assert!(diags.iter().any(|d| d.code == "date.no-publication-date"));
}
