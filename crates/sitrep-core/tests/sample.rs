//! The French sample article (`examples/fr-syria-deir-ez-zor.txt`, also in `shared/samples`):
//! the acceptance checks of the places issue, then a snapshot of the whole place layer.

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
    assert_eq!(anbar.qualifier.as_ref().map(|q| q.kind.as_str()), Some("direction"));
    assert_eq!(anbar.precision, 3);
    let geneva = &find(places, "Genève")[0];
    assert_eq!(geneva.name, "Geneva");
    assert_eq!(geneva.country_code.as_deref(), Some("CH"));
    assert!(geneva.feature.as_deref().unwrap().starts_with('P'));
    // `l'Euphrate` is the river; `l'est de l'Euphrate` is the region named after it.
    let rivers: Vec<_> = places.iter().filter(|p| p.text == "l'Euphrate").collect();
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
        assert_eq!(p.anchor.as_ref().map(|a| a.name.as_str()), Some("Deir ez-Zor"));
        assert_eq!(p.country_code.as_deref(), Some("SY"));
        assert!(p.lat.is_some());
    }
    for not_place in ["Erdogan", "Daech", "Hezbollah", "OTAN", "ONU", "Résistance", "Saddam"] {
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
                p.qualifier.as_ref().map(|q| format!(" ({} {:?})", q.kind, q.text)).unwrap_or_default(),
                p.anchor.as_ref().map(|a| format!(" anchored to {}", a.name)).unwrap_or_default(),
            )
        })
        .collect();
    insta::assert_snapshot!(rows.join("\n"));
}
