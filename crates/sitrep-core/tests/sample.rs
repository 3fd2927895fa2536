//! The French sample article (`examples/fr-syria-deir-ez-zor.txt`, also in `shared/samples`):
//! the acceptance checks of the places, events and claims issues, then a snapshot of the whole
//! place layer, the events with their claims, and the framing flags.

mod common;

use sitrep_core::PlaceMention;

const SAMPLE: &str = include_str!("../../../examples/fr-syria-deir-ez-zor.txt");

fn find<'a>(places: &'a [PlaceMention], surface: &str) -> Vec<&'a PlaceMention> {
    places.iter().filter(|p| p.text == surface).collect()
}

#[test]
fn sample_article_places() {
    let doc = common::extract(SAMPLE, None, Some("2018-03-24"));
    assert_eq!(doc.lang, "fr");
    let places = &doc.places;
    for town in ["Afrin", "Manbij", "Deir ez-Zor", "al-Mayadin", "Abou Kamal"] {
        let found = find(places, town);
        assert!(!found.is_empty(), "{town} not found");
        for p in found {
            assert_eq!(p.country_code.as_deref(), Some("SY"), "{town}: {p:?}");
            assert!(p.resolved, "{town}");
        }
    }
    let anbar = &find(places, "al-Anbar")[0];
    assert_eq!(anbar.feature.as_deref(), Some("A.ADM1"));
    assert_eq!(anbar.country_code.as_deref(), Some("IQ"));
    assert_eq!(
        anbar.qualifier.as_ref().map(|q| q.kind.as_str()),
        Some("direction")
    );
    assert_eq!(anbar.precision, 3);
    let geneva = &find(places, "Genève")[0];
    assert_eq!(geneva.name, "Geneva");
    assert_eq!(geneva.country_code.as_deref(), Some("CH"));
    assert!(geneva.feature.as_deref().unwrap().starts_with('P'));
    // `l'Euphrate` is the river; `l'est de l'Euphrate` is the region named after it.
    let rivers: Vec<_> = places
        .iter()
        .filter(|p| p.text.ends_with("Euphrate") && !p.text.contains(" de "))
        .collect();
    assert!(!rivers.is_empty());
    for p in rivers {
        assert_eq!(p.feature.as_deref(), Some("H.STM"));
        assert_eq!(p.name, "Euphrates");
    }
    for (country, iso) in [("Syrie", "SY"), ("Irak", "IQ"), ("Turquie", "TR")] {
        let found = find(places, country);
        assert!(!found.is_empty(), "{country}");
        for p in found {
            assert_eq!(p.feature.as_deref(), Some("A.PCLI"), "{country}");
            assert_eq!(p.country_code.as_deref(), Some(iso));
        }
    }
    for village in ["al-Kachma", "Qariba"] {
        let p = &find(places, village)[0];
        assert!(!p.resolved);
        assert_eq!(p.precision, 2, "{village}");
        assert_eq!(
            p.anchor.as_ref().map(|a| a.name.as_str()),
            Some("Deir ez-Zor")
        );
        assert_eq!(p.country_code.as_deref(), Some("SY"));
        assert!(p.lat.is_some());
    }
    for not_place in [
        "Erdogan",
        "Daech",
        "Hezbollah",
        "OTAN",
        "ONU",
        "Résistance",
        "Saddam",
    ] {
        assert!(
            places.iter().all(|p| !p.text.contains(not_place)),
            "{not_place} taken for a place"
        );
    }
    // Offsets are code points and slice the text.
    let chars: Vec<char> = SAMPLE.chars().collect();
    for p in places {
        let slice: String = chars[p.start..p.end].iter().collect();
        assert_eq!(slice, p.text);
    }
}

#[test]
fn sample_article_events() {
    let doc = common::extract(SAMPLE, None, Some("2018-03-24"));
    let events = &doc.events;
    // (a) US helicopters strike the PMF west of al-Anbar.
    let strike = events
        .iter()
        .find(|e| e.sub_event_type == "Air/drone strike")
        .expect("air strike coded");
    assert_eq!(strike.event_type, "Explosions/Remote violence");
    assert_eq!(
        strike.actor1.as_deref(),
        Some("Military Forces of the United States")
    );
    assert_eq!(
        strike.actor2.as_deref(),
        Some("Popular Mobilization Forces")
    );
    assert_eq!(strike.country.as_deref(), Some("Iraq"));
    assert_eq!(strike.admin1.as_deref(), Some("Al Anbar"));
    assert!(
        matches!(strike.geo_precision, Some(2 | 3)),
        "{:?}",
        strike.geo_precision
    );
    // (b) Islamic State attacks the Syrian army and Hezbollah near al-Kashma on Thursday.
    let clash = events
        .iter()
        .find(|e| e.actor1.as_deref() == Some("Islamic State"))
        .expect("Islamic State event coded");
    assert!(matches!(
        clash.sub_event_type.as_str(),
        "Armed clash" | "Suicide bomb"
    ));
    assert_eq!(clash.actor2.as_deref(), Some("Military Forces of Syria"));
    assert!(clash
        .assoc_actor_2
        .as_deref()
        .unwrap_or("")
        .contains("Hezbollah"));
    assert_eq!(clash.event_date.as_deref(), Some("2018-03-22"));
    assert_eq!(clash.fatalities, 40);
    assert_eq!(
        clash.attribution.as_ref().map(|a| a.text.as_str()),
        Some("sources proches du Hezbollah")
    );
    assert_eq!(clash.admin1.as_deref(), Some("Deir ez-Zor"));
    assert!(
        clash.location.as_deref().unwrap_or("").contains("Kachma"),
        "{:?}",
        clash.location
    );
    assert!(
        clash.notes.contains("Concurrent tactics"),
        "the codebook rule is stated: {}",
        clash.notes
    );
    // No event from the rhetorical questions or the "Lire plus" lines.
    for e in events {
        let sentence = &e
            .evidence
            .sentence
            .as_ref()
            .expect("sentence evidence")
            .text;
        assert!(
            !sentence.trim_end().ends_with('?'),
            "event from a question: {sentence}"
        );
        assert!(!sentence.starts_with("Lire plus"), "{sentence}");
    }
}

/// Issue 19's acceptance: the 40 dead claimed by Hezbollah-aligned sources (actor 2's side),
/// the loaded label "terroristes takfiristes" applied to the Islamic State, both rhetorical
/// questions, the "via Daech" accusation unattributed, nothing on neutral words.
#[test]
fn sample_article_claims_and_framing() {
    let doc = common::extract(SAMPLE, None, Some("2018-03-24"));
    let clash = doc
        .events
        .iter()
        .find(|e| e.fatalities == 40)
        .expect("the 40 dead are an event's");
    let figure = clash.claim.of_fatalities();
    assert_eq!(figure.status, "claimed");
    let by = figure.claimant.as_ref().expect("a claimant");
    assert_eq!(by.span.text, "sources proches du Hezbollah");
    assert_eq!(by.actor.as_deref(), Some("Hezbollah"));
    assert_eq!(by.side.as_deref(), Some("actor2"));
    // The offensive itself is the outlet's narration.
    assert_eq!(clash.claim.status, "reported");

    let flags = &doc.framing.flags;
    let flag = |kind: &str, text: &str| {
        flags
            .iter()
            .find(|f| f.kind == kind && f.text == text)
            .unwrap_or_else(|| panic!("no {kind} flag on {text:?}: {flags:#?}"))
    };
    let label = flag("loaded_label", "terroristes takfiristes");
    assert_eq!(label.actor.as_deref(), Some("Islamic State"));
    assert_eq!(label.tone.as_deref(), Some("pejorative"));
    let questions: Vec<&str> = flags
        .iter()
        .filter(|f| f.kind == "rhetorical_question")
        .map(|f| f.text.as_str())
        .collect();
    assert_eq!(questions.len(), 2, "{questions:?}");
    assert!(questions[0].starts_with("S'agit-il d'une vaste offensive"));
    assert_eq!(questions[1], "Qui veut sauver les gros poissons de Daech?");
    let via = flag("unattributed_accusation", "via Daech");
    assert_eq!(via.actor.as_deref(), Some("Islamic State"));
    // Every flag's span is the text's, and none is on a neutral word.
    let chars: Vec<char> = SAMPLE.chars().collect();
    for f in flags {
        assert_eq!(chars[f.start..f.end].iter().collect::<String>(), f.text);
        for neutral in [
            "Américains",
            "armée syrienne",
            "offensive",
            "OTAN",
            "Turquie",
        ] {
            assert_ne!(f.text, neutral, "{f:?}");
        }
    }
    // "terroristes" inside the attributed sentences are the sources' words, not flagged.
    let attributed = SAMPLE.find("Selon des sources proches").unwrap();
    let attributed = SAMPLE[..attributed].chars().count();
    assert!(!flags
        .iter()
        .any(|f| f.start > attributed && f.start < attributed + 120 && f.kind == "loaded_label"));
    let leaning = doc.framing.leaning.as_ref().expect("a consistent leaning");
    assert_eq!(leaning.against, ["Islamic State"]);
}

#[test]
fn sample_article_snapshot() {
    let doc = common::extract(SAMPLE, None, Some("2018-03-24"));
    let rows: Vec<String> = doc
        .places
        .iter()
        .map(|p| {
            format!(
                "{}..{} {:?} -> {} [{}] {} / {} p{}{}{}",
                p.start,
                p.end,
                p.text,
                p.name,
                p.feature.as_deref().unwrap_or("-"),
                p.country_code.as_deref().unwrap_or("-"),
                p.admin1.as_deref().unwrap_or("-"),
                p.precision,
                p.qualifier
                    .as_ref()
                    .map(|q| format!(" ({} {:?})", q.kind, q.text))
                    .unwrap_or_default(),
                p.anchor
                    .as_ref()
                    .map(|a| format!(" anchored to {}", a.name))
                    .unwrap_or_default(),
            )
        })
        .collect();
    let events: Vec<String> = doc
        .events
        .iter()
        .map(|e| {
            format!(
                "{} {} | {} | {} [{}] vs {} [{}] | {} / {} p{} | fatalities {} | {} | claim {}",
                e.event_date.as_deref().unwrap_or("-"),
                e.time_precision,
                e.sub_event_type,
                e.actor1.as_deref().unwrap_or("-"),
                e.assoc_actor_1.as_deref().unwrap_or(""),
                e.actor2.as_deref().unwrap_or("-"),
                e.assoc_actor_2.as_deref().unwrap_or(""),
                e.country.as_deref().unwrap_or("-"),
                e.location.as_deref().unwrap_or("-"),
                e.geo_precision.unwrap_or(0),
                e.fatalities,
                e.attribution
                    .as_ref()
                    .map(|a| a.text.as_str())
                    .unwrap_or("-"),
                serde_json::to_string(&e.claim).unwrap(),
            )
        })
        .collect();
    let flags: Vec<String> = doc
        .framing
        .flags
        .iter()
        .map(|f| {
            format!(
                "{}..{} {} {:?}{}{}",
                f.start,
                f.end,
                f.kind,
                f.text,
                f.tone
                    .as_deref()
                    .map(|t| format!(" {t}"))
                    .unwrap_or_default(),
                f.actor
                    .as_deref()
                    .map(|a| format!(" > {a}"))
                    .unwrap_or_default(),
            )
        })
        .collect();
    insta::assert_snapshot!(format!(
        "places:\n{}\n\nevents:\n{}\n\nframing:\n{}\nleaning: {:?}",
        rows.join("\n"),
        events.join("\n"),
        flags.join("\n"),
        doc.framing.leaning,
    ));
}
