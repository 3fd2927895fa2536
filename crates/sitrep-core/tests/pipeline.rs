//! The pipeline around the places stage: any text gives a record whose spans slice the text,
//! and an event takes the narrowest of its sentence's places.

mod common;

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
fn an_event_takes_the_narrowest_place() {
    // The European Union is a place, but an event named with a town happens in the town.
    let doc = common::extract(
        "The EU said airstrikes killed 12 civilians in Idlib on Monday.",
        Some("en"),
        Some("2018-03-24"),
    );
    let e = doc.events.first().expect("an event");
    assert_eq!(e.location.as_deref(), Some("Idlib"), "{e:#?}");
    assert_eq!(e.geo_precision, Some(1));
}

#[test]
fn located_events_carry_their_second_level_division() {
    // A town: its district.
    let doc = common::extract(
        "Gunmen attacked a police post in Idlib on Monday, killing two officers.",
        Some("en"),
        Some("2018-03-24"),
    );
    let e = doc.events.first().expect("an event");
    assert_eq!(e.location.as_deref(), Some("Idlib"), "{e:#?}");
    assert!(e.admin2.as_deref().is_some_and(|a| !a.is_empty()), "{e:#?}");
    // Only a country: no division.
    let doc = common::extract(
        "Gunmen attacked a police post in Syria on Monday, killing two officers.",
        Some("en"),
        Some("2018-03-24"),
    );
    let e = doc.events.first().expect("an event");
    assert_eq!(e.geo_precision, Some(3), "{e:#?}");
    assert_eq!(e.admin2, None, "{e:#?}");
}
