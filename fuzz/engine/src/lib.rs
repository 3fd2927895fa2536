//! What the engine targets share: one extractor per fuzzing process and the offsets-are-sacred
//! check. A failed check panics, which libFuzzer reports as a crash with its input.

use std::sync::{Arc, OnceLock};

use sitrep_core::{DocInput, Document, Extractor};

/// One extractor over the embedded gazetteer per fuzzing process (building it takes seconds).
pub fn extractor() -> &'static Extractor {
    static E: OnceLock<Extractor> = OnceLock::new();
    E.get_or_init(|| {
        Extractor::new(Arc::new(
            sitrep_gazetteer_data::load().expect("embedded gazetteer"),
        ))
    })
}

/// Extracts `text` and checks that every span of the record slices the text to its `text`
/// (code-point offsets), the invariant ARCHITECTURE.md calls "offsets are sacred".
pub fn extract_checked(text: &str, lang: Option<&str>) -> Document {
    let doc = extractor().extract(DocInput {
        id: "fuzz".into(),
        text: text.into(),
        lang: lang.map(str::to_string),
        ..Default::default()
    });
    check_offsets(text, &doc);
    doc
}

fn check_span(chars: &[char], start: usize, end: usize, text: &str, what: &str) {
    assert!(
        start <= end && end <= chars.len(),
        "{what} span {start}..{end} outside a text of {} chars",
        chars.len()
    );
    let slice: String = chars[start..end].iter().collect();
    assert_eq!(
        slice, text,
        "{what} span {start}..{end} does not slice its text"
    );
}

/// Every span of `doc` (places, qualifiers, anchors, event evidence, claims, framing flags)
/// against `text`.
pub fn check_offsets(text: &str, doc: &Document) {
    let chars: Vec<char> = text.chars().collect();
    for p in &doc.places {
        check_span(&chars, p.start, p.end, &p.text, "place");
        if let Some(q) = &p.qualifier {
            check_span(&chars, q.start, q.end, &q.text, "qualifier");
        }
        if let Some(a) = &p.anchor {
            assert!(
                a.start <= a.end && a.end <= chars.len(),
                "anchor outside the text"
            );
        }
    }
    for e in &doc.events {
        let ev = &e.evidence;
        for (what, span) in [
            ("sentence", &ev.sentence),
            ("trigger", &ev.trigger),
            ("actor1", &ev.actor1),
            ("actor2", &ev.actor2),
            ("place", &ev.place),
            ("date", &ev.date),
            ("fatalities", &ev.fatalities),
            ("attribution", &ev.attribution),
        ] {
            if let Some(s) = span {
                check_span(&chars, s.start, s.end, &s.text, what);
            }
        }
        // Schema 1.1: the claim's claimant and cue, the figure's too.
        for c in [Some(&e.claim), e.claim.fatalities.as_deref()].into_iter().flatten() {
            if let Some(by) = &c.claimant {
                check_span(&chars, by.span.start, by.span.end, &by.span.text, "claimant");
            }
            if let Some(cue) = &c.cue {
                check_span(&chars, cue.start, cue.end, &cue.text, "claim cue");
            }
        }
    }
    for f in &doc.framing.flags {
        check_span(&chars, f.start, f.end, &f.text, "framing flag");
    }
}
