//! Place recognition and resolution, one behaviour per case, in several languages.

mod common;

/// Expectation for one surface string of the text.
enum Want<'a> {
    /// A place in this country (empty: no country, as for seas), with this feature class prefix
    /// (`P`, `A.ADM1`, `A.PCLI`, ...).
    Place(&'a str, &'a str),
    /// Not a place mention at all.
    NotPlace,
}

fn check(lang: &str, text: &str, wants: &[(&str, Want)]) {
    let places = common::places(text, lang);
    for (surface, want) in wants {
        let found: Vec<_> = places.iter().filter(|p| p.text == *surface).collect();
        match want {
            Want::Place(cc, feature) => {
                assert!(
                    !found.is_empty(),
                    "{surface:?} not found in {text:?}; got {places:#?}"
                );
                for p in found {
                    assert_eq!(
                        p.country_code.as_deref(),
                        (!cc.is_empty()).then_some(*cc),
                        "{surface:?} in {text:?}: {p:#?}"
                    );
                    assert!(
                        p.feature.as_deref().unwrap_or("").starts_with(feature),
                        "{surface:?}: feature {:?}, want {feature}",
                        p.feature
                    );
                }
            }
            Want::NotPlace => assert!(
                places.iter().all(|p| p.text != *surface),
                "{surface:?} taken for a place in {text:?}: {places:#?}"
            ),
        }
    }
}

use Want::*;

#[test]
fn english_news() {
    check(
        "en",
        "Government forces shelled rebel positions near Aleppo on Monday, the Syrian Observatory said.",
        &[("Aleppo", Place("SY", "P")), ("Monday", NotPlace), ("Syrian", NotPlace)],
    );
    check(
        "en",
        "Jordan Peterson said that President Erdogan met officials in Ankara. Peterson left.",
        &[
            ("Jordan", NotPlace),
            ("Erdogan", NotPlace),
            ("Ankara", Place("TR", "P")),
            ("Peterson", NotPlace),
        ],
    );
    // Place names inside organisation names are toponyms (as news corpora annotate them).
    check(
        "en",
        "The Texas Police met as Mr. Brown, of Brown County, spoke. Brown said no.",
        &[
            ("Texas", Place("US", "A.ADM1")),
            ("Brown County", Place("US", "A.ADM2")),
            ("Brown", NotPlace),
        ],
    );
    check(
        "en",
        "U.S. forces struck targets in northern Iraq and in Kabul.",
        &[
            ("northern Iraq", Place("IQ", "L.RGN")),
            ("Kabul", Place("AF", "P")),
        ],
    );
    check(
        "en",
        "Police in Tampa, Florida, arrested two men.",
        &[
            ("Police", NotPlace),
            ("Tampa", Place("US", "P")),
            ("Florida", Place("US", "A.ADM1")),
        ],
    );
}

#[test]
fn french_news() {
    check(
        "fr",
        "Des combats ont éclaté à l'ouest d'Alep et près de Homs, selon l'OSDH.",
        &[
            ("Alep", Place("SY", "P")),
            ("Homs", Place("SY", "P")),
            ("OSDH", NotPlace),
        ],
    );
    check(
        "fr",
        "Le 12 Mars, le président Macron a rencontré l'ONU à Genève.",
        &[
            ("Mars", NotPlace),
            ("Macron", NotPlace),
            ("ONU", NotPlace),
            ("Genève", Place("CH", "P")),
        ],
    );
}

#[test]
fn spanish_news() {
    check(
        "es",
        "Los rebeldes atacaron posiciones del ejército cerca de Alepo. Combates en Siria e Irak.",
        &[
            ("Alepo", Place("SY", "P")),
            ("Siria", Place("SY", "A.PCL")),
            ("Irak", Place("IQ", "A.PCL")),
        ],
    );
    check(
        "es",
        "El ejército sirio atacó el norte de Siria.",
        &[
            ("sirio", NotPlace),
            ("El", NotPlace),
            ("norte de Siria", Place("SY", "L.RGN")),
        ],
    );
}

#[test]
fn arabic_news_with_proclitics() {
    check(
        "ar",
        "قصفت الطائرات مواقع في دير الزور والرقة في سوريا",
        &[
            ("دير الزور", Place("SY", "P")),
            ("الرقة", Place("SY", "P")),
            ("سوريا", Place("SY", "A.PCL")),
        ],
    );
}

#[test]
fn qualifiers_lower_precision() {
    let places = common::places("Clashes erupted near Aleppo and in Homs.", "en");
    let aleppo = places.iter().find(|p| p.text == "Aleppo").expect("Aleppo");
    assert_eq!(
        aleppo.qualifier.as_ref().map(|q| q.kind.as_str()),
        Some("near")
    );
    assert_eq!(aleppo.precision, 2);
    let homs = places.iter().find(|p| p.text == "Homs").expect("Homs");
    assert!(homs.qualifier.is_none());
    assert_eq!(homs.precision, 1);
}

#[test]
fn unknown_villages_are_kept_under_their_province() {
    let text = "L'armée a repris Idleb. Les combats se poursuivent autour du village de Zzqarbiya.";
    let places = common::places(text, "fr");
    let v = places
        .iter()
        .find(|p| p.text == "Zzqarbiya")
        .expect("village kept: {places:#?}");
    assert!(!v.resolved);
    assert_eq!(v.precision, 2);
    assert_eq!(v.country_code.as_deref(), Some("SY"));
    assert!(v.anchor.is_some());
}

#[test]
fn text_never_fails() {
    for text in [
        "",
        " ",
        "\u{0}\u{1}\u{2}",
        "ﷺ ٌ ً",
        "-- ' ' al- al al-",
        "A. B. C. D.",
        "الـ و ب ل",
    ] {
        let doc = common::extract(text, None, None);
        let chars: Vec<char> = text.chars().collect();
        for p in &doc.places {
            let slice: String = chars[p.start..p.end].iter().collect();
            assert_eq!(slice, p.text);
        }
    }
}

#[test]
fn given_spans_may_nest_overlap_or_run_past_the_end() {
    // Gold data nests mentions (a hashtag and the name inside it) and may be wrong.
    let text = "انفجار #مرفأ_بيروت, بيروت";
    let n = text.chars().count();
    let spans = vec![7..18, 13..18, 20..n, 3..9, n..n + 5, 0..0];
    let out = common::extractor().resolve_spans(text, "ar", &spans);
    assert_eq!(out.len(), spans.len());
    let beirut = out[2].as_ref().expect("بيروت resolved");
    assert_eq!(beirut.country_code.as_deref(), Some("LB"));
}

#[test]
fn a_unit_noun_after_the_name_selects_the_division() {
    let places = common::places(
        "Fighting was reported in Deir ez-Zor province and in Deir ez-Zor.",
        "en",
    );
    assert_eq!(places[0].feature.as_deref(), Some("A.ADM1"), "{places:#?}");
    assert!(
        places[1].feature.as_deref().unwrap().starts_with('P'),
        "{places:#?}"
    );
}

#[test]
fn a_given_name_makes_the_next_word_a_surname() {
    // The given name comes from the census list, also at a sentence start and when it is a
    // frequent word (`Bill`); later bare mentions of the surname are people too.
    check(
        "en",
        "Sens. Tom Udall and Martin Heinrich issued statements. Former reporter Bill Holland \
         recalled the night. Charlie Chen, 48, was accused of fraud. Chen denied it.",
        &[
            ("Udall", NotPlace),
            ("Holland", NotPlace),
            ("Chen", NotPlace),
        ],
    );
    // A given name that is itself a well-known place does not trigger it.
    check(
        "en",
        "Flooding hit Austin Texas on Friday, and rain reached Houston.",
        &[
            ("Texas", Place("US", "A.ADM1")),
            ("Houston", Place("US", "P")),
        ],
    );
}

#[test]
fn ordinary_words_after_a_unit_noun_name_an_institution() {
    check(
        "en",
        "The Department of Transportation and the Division of Public Health closed the road \
         near the village of Qaryatayn.",
        &[
            ("Transportation", NotPlace),
            ("Public Health", NotPlace),
            ("Health", NotPlace),
        ],
    );
    // A name the gazetteer lacks after a unit noun is still kept (`al-Kachma`).
    let places = common::places(
        "Les combats ont eu lieu près des deux villages d'al-Kachma et de Qariba, dans la \
         province de Deir ez-Zor.",
        "fr",
    );
    assert!(
        places.iter().any(|p| p.text.contains("Kachma")),
        "{places:#?}"
    );
    assert!(places.iter().any(|p| p.text == "Qariba"), "{places:#?}");
}

#[test]
fn a_lone_capital_at_a_sentence_start_needs_support() {
    // `Artillery` matches a hamlet in New Caledonia; nothing else in the text is there.
    check(
        "en",
        "Artillery shelling hit the suburbs of Donetsk on Friday, killing two civilians.",
        &[("Artillery", NotPlace), ("Donetsk", Place("UA", "P"))],
    );
    // After a dateline's dash the story starts: the same holds there.
    check(
        "en",
        "DONETSK, Ukraine (AP) — Artillery shelling hit the suburbs on Friday.",
        &[("Artillery", NotPlace), ("DONETSK", Place("UA", "P"))],
    );
    // A sentence-initial name of the document's country stays.
    check(
        "en",
        "Gunmen attacked a checkpoint near Mosul. Tikrit was quiet.",
        &[("Mosul", Place("IQ", "P")), ("Tikrit", Place("IQ", "P"))],
    );
}

#[test]
fn only_the_likeliest_province_lends_its_capital_weight() {
    // Uruguay has a province Florida whose capital is Florida; the name still means the state.
    check(
        "en",
        "The storm hit Florida.",
        &[("Florida", Place("US", "A.ADM1"))],
    );
    // A city named like its province is the city.
    check(
        "fr",
        "Les combats ont repris à Deir ez-Zor.",
        &[("Deir ez-Zor", Place("SY", "P"))],
    );
}

#[test]
fn a_country_or_province_is_close_to_the_places_inside_it() {
    // `Mexico` is also a name of Mexico City; next to Mexico City it is still the country.
    check(
        "en",
        "MEXICO CITY (AP) Mexico's Senate has passed a resolution. Ricardo Anaya said Mexico \
         should limit its cooperation.",
        &[("Mexico", Place("MX", "A.PCL"))],
    );
}

#[test]
fn reviewed_features_are_names_even_when_frequent_words() {
    // `Méditerranée`, `Hollande`, `Atlantic` are frequent words of their languages.
    check(
        "fr",
        "Hier, la flotte croisait dans la Méditerranée, au large de Marseille.",
        &[("Méditerranée", Place("", "H"))],
    );
    check(
        "en",
        "Yesterday the Atlantic hurricane season started in Florida.",
        &[
            ("Atlantic", Place("", "H")),
            ("Florida", Place("US", "A.ADM1")),
        ],
    );
}
