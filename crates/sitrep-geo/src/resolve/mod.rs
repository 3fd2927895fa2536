//! Resolution: which gazetteer entry each mention names.
//!
//! The steps of [`GeoParser::resolve`]:
//! 1. [`context`]: the countries and first-level divisions the whole document talks about
//!    (its mentions, one vote per distinct name, and its demonyms);
//! 2. [`fuzzy`]: transliteration-skeleton readings for names the exact index missed,
//!    restricted to those countries;
//! 3. [`prior`]: each reading scored on its own and against the document's context (without
//!    the mention's own vote), nouns, qualifiers and seats;
//! 4. [`coherence`]: proximity to the other names' readings;
//! 5. the best reading wins, with a softmax confidence ([`GeoParser::confidence`]);
//! 6. [`support`]: readings the rest of the document does not support are dropped or
//!    replaced;
//! 7. [`anchor`]: unresolved names hang on a containing place.
//!
//! Then, on the resolved document, [`state_form`]: a word for a form of state (`المملكة`,
//! `the Kingdom`) is the document's country whose name starts with it, when the readings name
//! one ([`GeoParser::parse`] and [`GeoParser::resolve_spans`] call it).
//!
//! Every constant is a field of [`crate::Weights`]. A new resolution signal is a term in
//! [`prior`] (a reading on its own) or [`coherence`] (a reading among the others), with its
//! weight added to `Weights` and measured.

pub(crate) mod anchor;
pub(crate) mod coherence;
pub(crate) mod context;
pub(crate) mod fuzzy;
pub(crate) mod prior;
pub(crate) mod state_form;
pub(crate) mod support;

use crate::doc::Doc;
use crate::mention::{Lookup, Mention};
use crate::GeoParser;

use context::Without;

/// The scored readings of one mention: (gazetteer id, score).
pub(crate) type Scores = Vec<(u32, f32)>;

impl GeoParser<'_> {
    /// Chooses an entry for every mention, drops the unsupported ones and anchors the
    /// unresolved names (see the module documentation).
    pub(crate) fn resolve(&self, doc: &Doc, mentions: &mut Vec<Mention>) {
        let ctx = self.document_context(doc, mentions);
        self.skeleton_candidates(doc, mentions, &ctx);
        let qualifiers = self.comma_qualifiers(doc, mentions);
        let mut scored: Vec<Scores> = mentions
            .iter()
            .zip(&qualifiers)
            .map(|(m, q)| {
                // A mention does not vote for its own reading.
                let ctx = Without::new(&ctx, self.contribution(m));
                self.score_readings(doc, m, &ctx, q.as_ref())
            })
            .collect();
        self.add_coherence(doc, mentions, &mut scored);
        for (m, s) in mentions.iter_mut().zip(&scored) {
            let best = s.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1));
            if let Some((id, score)) = best {
                m.resolved = Some((id, self.confidence(m, s, score)));
            }
        }
        self.drop_far_inner_readings(mentions);
        self.replace_doubtful_given(mentions, &scored);
        mentions.retain(|m| !m.is_unfounded());
        self.drop_unsupported(mentions);
        self.anchor_unresolved(doc, mentions);
    }

    /// Confidence in the reading scored `v`: its softmax probability among the mention's
    /// readings `s`, lowered for a transliteration-skeleton match.
    pub(crate) fn confidence(&self, m: &Mention, s: &Scores, v: f32) -> f32 {
        let best = s.iter().map(|&(_, x)| x).fold(f32::NEG_INFINITY, f32::max);
        let z: f32 = s.iter().map(|&(_, x)| (x - best).exp()).sum();
        let conf = (v - best).exp() / z;
        if m.lookup == Lookup::Skeleton {
            conf * self.weights.skeleton_confidence
        } else {
            conf
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::mention::{Lookup, Mention, Origin};
    use crate::testing::{country_of, parsed, parser};

    #[test]
    fn confidence_is_the_softmax_of_the_scores_lowered_for_a_skeleton() {
        let p = parser();
        let mut m = Mention::new(Origin::Recognised, 0..1, 0, 0, vec![1, 2]);
        let s = vec![(1, 2.0), (2, 1.0)];
        let best = p.confidence(&m, &s, 2.0);
        assert!(
            (best - 1.0 / (1.0 + (-1.0f32).exp())).abs() < 1e-6,
            "{best}"
        );
        m.lookup = Lookup::Skeleton;
        assert!((p.confidence(&m, &s, 2.0) - best * 0.6).abs() < 1e-6);
    }

    #[test]
    fn the_document_decides_between_namesakes() {
        let alone = parsed("en", "Protesters marched in Tripoli on Friday.");
        assert_eq!(country_of(&alone, "Tripoli").as_deref(), Some("LY"));
        let lebanon = parsed(
            "en",
            "Protesters marched in Tripoli, the second city of Lebanon.",
        );
        assert_eq!(country_of(&lebanon, "Tripoli").as_deref(), Some("LB"));
    }

    #[test]
    fn an_unsupported_minor_name_is_dropped() {
        // `Gaston` is a minor place with no locative word and no placed name near it.
        let read = parsed("en", "Officials thanked Gaston for his work in Tokyo.");
        assert!(read.iter().all(|(s, _)| s != "Gaston"), "{read:?}");
    }
}
