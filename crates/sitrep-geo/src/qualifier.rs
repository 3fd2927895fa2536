//! Qualifiers: what the words around a mention say about where it is.
//!
//! - An approximate expression before the name (`aux alentours de`, `near`, `dans le désert
//!   de`, `northern`) lowers the ACLED precision ([`GeoParser::qualifier_before`]); a lowercase
//!   direction adjective is such an expression, not part of the name (`eastern Ghouta`).
//! - A division or country right after a comma (`Paris, Illinois`, `Tyr, Liban`) restricts the
//!   readings ([`GeoParser::comma_qualifiers`]).

use rustc_hash::FxHashMap as HashMap;

use sitrep_text::Sep;

use crate::doc::Doc;
use crate::lexicon::class;
use crate::mention::{Cue, Mention};
use crate::GeoParser;

/// Most words looked at before a name for an approximate expression (determiners, numbers,
/// prepositions and settlement nouns may stand between: `aux alentours des deux villages d'`).
const QUALIFIER_WINDOW: usize = 6;
/// Longest lowercase word skipped as a determiner or a preposition while looking back.
const MAX_FILLER: usize = 4;

/// The (country, admin1) pairs a comma qualifier allows (admin1 empty for a country).
pub(crate) type Areas = Vec<(String, String)>;

impl GeoParser<'_> {
    /// The approximate expression that ends right before token `first` (skipping determiners,
    /// numbers, prepositions and settlement nouns: `aux alentours des deux villages d'`).
    pub(crate) fn qualifier_before(&self, doc: &Doc, first: usize) -> Option<Cue> {
        let toks = doc.tokens;
        let mut end = first; // the phrase must end at token `end - 1`
        for _ in 0..QUALIFIER_WINDOW {
            if end == 0 || !doc.can_cross(end - 1) && toks[end - 1].sep != Sep::Apostrophe {
                return None;
            }
            if let Some(hit) = doc.lang.cues.first_ending_at(toks, end) {
                let e = doc.lang.cues.payload(hit.id);
                return Some(Cue {
                    kind: e.kind,
                    direction: e.direction.clone(),
                    span: toks[hit.start].start..toks[end - 1].end,
                });
            }
            let prev = &toks[end - 1];
            let filler = prev.has_digit
                || doc.is_any(
                    end - 1,
                    class::PREPOSITION | class::SETTLEMENT | class::ADMIN,
                )
                || (!prev.capitalized && prev.norm.chars().count() <= MAX_FILLER);
            if !filler {
                return None;
            }
            end -= 1;
        }
        None
    }

    /// A lowercase direction adjective is not part of the name (`eastern Ghouta`, `northeastern
    /// Syria`): the span is the name, the adjective its qualifier, and the reading stays the
    /// region the whole phrase names (`West Wales`, capitalised, is a name as a whole).
    pub(crate) fn detach_direction_adjectives(&self, doc: &Doc, mentions: &mut [Mention]) {
        let toks = doc.tokens;
        for m in mentions.iter_mut() {
            let f = m.first_token;
            if f < m.last_token
                && !toks[f].capitalized
                && toks[f].sep == Sep::Space
                && toks[f + 1].capitalized
                && doc.is_direction(f)
            {
                m.first_token = f + 1;
                m.span.start = toks[f + 1].start;
                m.qualifier = self.qualifier_before(doc, f + 1);
            }
        }
    }

    /// For each mention followed by `, ` and a mention that names a first-level division or a
    /// country (`Paris, Illinois`, `Paris, Texas`, `Tyr, Liban`), the areas that qualifier
    /// allows; one sense per document: a name qualified once (`Springfield, Massachusetts`)
    /// keeps the qualifier where it stands alone later (`schools in Springfield`).
    pub(crate) fn comma_qualifiers(&self, doc: &Doc, mentions: &[Mention]) -> Vec<Option<Areas>> {
        let text = doc.text;
        let mut out = vec![None; mentions.len()];
        for i in 0..mentions.len().saturating_sub(1) {
            // Given spans may nest (gold data): only disjoint, ordered neighbours qualify.
            let (end, next) = (mentions[i].span.end, mentions[i + 1].span.start);
            if end > next || text[end..next].trim() != "," {
                continue;
            }
            let areas: Areas = mentions[i + 1]
                .candidates
                .iter()
                .map(|&id| self.gaz.place(id))
                .filter_map(|p| {
                    if p.is_admin1() {
                        Some((p.country.clone(), p.admin1.clone()))
                    } else if p.is_country() {
                        Some((p.country.clone(), String::new()))
                    } else {
                        None
                    }
                })
                .collect();
            if !areas.is_empty() {
                out[i] = Some(areas);
            }
        }
        let mut shared: HashMap<&str, Areas> = HashMap::default();
        for (m, q) in mentions.iter().zip(&out) {
            if let Some(q) = q {
                shared
                    .entry(&text[m.span.clone()])
                    .or_insert_with(|| q.clone());
            }
        }
        if !shared.is_empty() {
            for (m, q) in mentions.iter().zip(out.iter_mut()) {
                if q.is_none() {
                    *q = shared.get(&text[m.span.clone()]).cloned();
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::lexicon::CueKind;
    use crate::testing::with_doc;

    fn qualifier(lang: &str, text: &str, name: &str) -> Option<(CueKind, Option<String>, String)> {
        let mut out = None;
        with_doc(lang, text, |p, doc| {
            let at = text.find(name).unwrap();
            let first = doc.tokens.iter().position(|t| t.start == at).unwrap();
            out = p
                .qualifier_before(doc, first)
                .map(|q| (q.kind, q.direction, text[q.span].to_string()));
        });
        out
    }

    #[test]
    fn approximate_expressions_before_a_name() {
        assert_eq!(
            qualifier(
                "fr",
                "Des tirs aux alentours des deux villages de Kafr Zorbel.",
                "Kafr"
            ),
            Some((CueKind::Near, None, "aux alentours".into()))
        );
        assert_eq!(
            qualifier("fr", "Des combats au nord-est de Raqqa.", "Raqqa"),
            Some((CueKind::Direction, Some("NE".into()), "nord-est".into()))
        );
        assert_eq!(
            qualifier("en", "Fighting in the countryside of Idlib.", "Idlib").map(|q| q.0),
            Some(CueKind::Within)
        );
        assert_eq!(qualifier("en", "Rain fell on Aleppo.", "Aleppo"), None);
    }

    #[test]
    fn a_comma_division_qualifies_the_name_before_it_everywhere_in_the_document() {
        let text = "Springfield, Massachusetts, held a vote. Later in Springfield the count began.";
        with_doc("en", text, |p, doc| {
            let mentions = p.recognise(doc);
            let q = p.comma_qualifiers(doc, &mentions);
            let springfields: Vec<bool> = mentions
                .iter()
                .zip(&q)
                .filter(|(m, _)| mentions_text(text, m) == "Springfield")
                .map(|(_, q)| {
                    q.as_ref()
                        .is_some_and(|a| a.iter().any(|(c, a)| c == "US" && a == "MA"))
                })
                .collect();
            assert_eq!(springfields, [true, true]);
        });
    }

    fn mentions_text<'t>(text: &'t str, m: &crate::Mention) -> &'t str {
        &text[m.span.clone()]
    }
}
