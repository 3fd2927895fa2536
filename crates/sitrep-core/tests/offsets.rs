//! Property test: every emitted span slices the original text to its `text`.

mod common;

use proptest::prelude::*;

const WORDS: &[&str] = &[
    "Deir ez-Zor",
    "al-Anbar",
    "l'Euphrate",
    "دير الزور",
    "والرقة",
    "Genève",
    "près de",
    "village",
    "d'",
    "Alep",
    "U.S.",
    "É",
    "ﷺ",
    "\u{301}",
    "\n",
    ". ",
    ", ",
    "Qariba",
    "villages",
    "et de",
    "Manbij",
    "Syrie",
    "—",
    "’",
    "Abou Kamal",
    "🙂",
    "Ǆ",
    "ß",
    // Claims and framing (schema 1.1).
    "selon des sources proches du Hezbollah",
    "les terroristes de Daech",
    "via Daech",
    "auraient tué",
    "« terroristes »",
    "? ",
    "يُزعم",
    "الإرهابيين",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn spans_slice_the_text(parts in proptest::collection::vec(0..WORDS.len(), 0..40), noise in "\\PC{0,40}") {
        let mut text: String = parts.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" ");
        text.push_str(&noise);
        let doc = common::extract(&text, None, None);
        let chars: Vec<char> = text.chars().collect();
        for p in &doc.places {
            prop_assert!(p.start <= p.end && p.end <= chars.len());
            let slice: String = chars[p.start..p.end].iter().collect();
            prop_assert_eq!(&slice, &p.text);
            if let Some(q) = &p.qualifier {
                let slice: String = chars[q.start..q.end].iter().collect();
                prop_assert_eq!(&slice, &q.text);
            }
        }
        let slice = |start: usize, end: usize| -> Option<String> {
            (start <= end && end <= chars.len()).then(|| chars[start..end].iter().collect())
        };
        for f in &doc.framing.flags {
            prop_assert_eq!(slice(f.start, f.end), Some(f.text.clone()));
        }
        for e in &doc.events {
            for c in [Some(&e.claim), e.claim.fatalities.as_deref()].into_iter().flatten() {
                let spans = c.claimant.as_ref().map(|b| &b.span).into_iter().chain(c.cue.as_ref());
                for s in spans {
                    prop_assert_eq!(slice(s.start, s.end), Some(s.text.clone()));
                }
            }
        }
    }
}
