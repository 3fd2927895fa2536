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
