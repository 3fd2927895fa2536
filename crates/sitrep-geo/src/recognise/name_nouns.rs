//! Street and feature nouns: a place name with such a noun next to it names that thing
//! (`Wichita Drive`, `Mississippi River`, `rue de Rivoli`, `lac de Neuchâtel`). The mention
//! grows to cover the noun, swallowing mentions inside the longer name, and its reading
//! follows the noun's class (see [`NameNoun`]).

use sitrep_gazetteer::Index;
use sitrep_text::Sep;

use crate::doc::Doc;
use crate::lexicon::{class, NameNoun};
use crate::mention::{Lookup, Mention, Origin, Support};
use crate::recognise::MAX_CANDIDATES;
use crate::GeoParser;

/// Most capitalised words after a name up to its noun (`Red River Valley`).
const MAX_WORDS_AFTER: usize = 3;
/// Longest abbreviated noun that keeps its dot (`St.`, `Blvd.`).
const MAX_ABBREVIATION: usize = 4;

impl GeoParser<'_> {
    /// Extends mentions over their street or feature nouns (see the module documentation).
    pub(crate) fn extend_with_name_nouns(&self, doc: &Doc, mentions: &mut Vec<Mention>) {
        let geo = &doc.lang.geo;
        if geo.name_noun_after.is_empty() && geo.name_noun_before.is_empty() {
            return;
        }
        let mut changed = false;
        for m in mentions.iter_mut() {
            changed |= self.extend_one(doc, m);
        }
        if changed {
            // Mentions swallowed by a longer name go (`Atlantic` in `Florida Atlantic
            // University`).
            mentions.sort_by(|a, b| {
                a.span
                    .start
                    .cmp(&b.span.start)
                    .then(b.span.end.cmp(&a.span.end))
            });
            let mut end = 0;
            mentions.retain(|m| {
                if m.span.start < end {
                    return false;
                }
                end = m.span.end;
                true
            });
        }
    }

    /// The noun after the mention: up to three capitalised words, the last of them the noun
    /// (`Red River Valley`), unless the proper name goes on after the noun (`Florida Highway
    /// Patrol`) or a number follows it (`County Road 8`).
    fn noun_after(&self, doc: &Doc, m: &Mention) -> Option<(usize, NameNoun)> {
        let toks = doc.tokens;
        let mut after = None;
        let mut k = m.last_token;
        for _ in 0..MAX_WORDS_AFTER {
            if toks[k].sep != Sep::Space || k + 1 >= toks.len() {
                break;
            }
            k += 1;
            let tok = &toks[k];
            if !tok.capitalized {
                break;
            }
            let goes_on = tok.sep == Sep::Space
                && toks
                    .get(k + 1)
                    .is_some_and(|n| n.capitalized || n.has_digit);
            if let Some(&class) = doc.lang.geo.name_noun_after.get(tok.norm.as_str()) {
                if !goes_on {
                    after = Some((k, class));
                }
            }
        }
        after
    }

    /// The noun before the mention, then an optional preposition (`lac de`, `quai d'`).
    fn noun_before(&self, doc: &Doc, m: &Mention) -> Option<(usize, NameNoun)> {
        let toks = doc.tokens;
        let f = m.first_token;
        // A hashtag's underscore joins its words (`#port_of_X`).
        let joined = |i: usize| {
            matches!(toks[i].sep, Sep::Space | Sep::Apostrophe)
                || doc.hashtag(i).is_some_and(|(_, last)| i < last)
        };
        if f == 0 || !joined(f - 1) {
            return None;
        }
        // In Arabic script the noun may carry a proclitic (`بمستشفى`, `ومطار`).
        let nouns = &doc.lang.geo.name_noun_before;
        let noun_at = |i: usize| {
            let tok = &toks[i];
            if tok.is_arabic() {
                tok.key_variants().find_map(|(_, k)| nouns.get(k).copied())
            } else {
                nouns.get(tok.norm.as_str()).copied()
            }
        };
        if let Some(class) = noun_at(f - 1) {
            return Some((f - 1, class));
        }
        if f > 1 && doc.is(f - 1, class::PREPOSITION) && joined(f - 2) {
            return noun_at(f - 2).map(|class| (f - 2, class));
        }
        None
    }

    /// Extends one mention over its noun; whether it changed.
    fn extend_one(&self, doc: &Doc, m: &mut Mention) -> bool {
        let toks = doc.tokens;
        let class = match (self.noun_before(doc, m), self.noun_after(doc, m)) {
            (_, Some((k, class))) => {
                let tok = &toks[k];
                // An abbreviated noun keeps its dot (`Wichita St.`).
                let dot = tok.dot_after && tok.norm.chars().count() <= MAX_ABBREVIATION;
                m.span.end = tok.end + usize::from(dot);
                m.last_token = k;
                class
            }
            // The noun of an approximate expression stays in it (`dans le désert de Deir
            // ez-Zor` is Deir ez-Zor, approximately).
            (Some((k, _)), None)
                if m.qualifier
                    .as_ref()
                    .is_some_and(|q| q.span.end > toks[k].start) =>
            {
                return false
            }
            (Some((k, class)), None) => {
                m.span.start = toks[k].start;
                m.first_token = k;
                class
            }
            (None, None) => return false,
        };
        // A street or feature name is a place even unresolved, and its own evidence.
        if let Origin::Speculative { located } = &mut m.origin {
            *located = true;
        }
        m.support = Support::Standalone;
        match class {
            NameNoun::Street => {
                m.candidates.clear();
                m.lookup = Lookup::Name;
            }
            NameNoun::Feature => {
                // A feature with an entry of its own (`Euphrates River`) is that entry.
                let whole = sitrep_text::key_of_tokens(
                    &toks[m.first_token..=m.last_token],
                    doc.text[m.span.clone()].ends_with('.'),
                )
                .map(|k| self.gaz.lookup_key(Index::Names, &k))
                .unwrap_or_default();
                if whole.is_empty() {
                    if !m.candidates.is_empty() {
                        m.lookup = Lookup::NamedAfter;
                    }
                } else {
                    m.candidates = whole.iter().copied().take(MAX_CANDIDATES).collect();
                    m.lookup = Lookup::Name;
                }
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use crate::mention::{Lookup, Origin};
    use crate::testing::with_doc;

    fn extended(lang: &str, text: &str) -> Vec<(String, Lookup, usize)> {
        let mut out = Vec::new();
        with_doc(lang, text, |p, doc| {
            let mut mentions = p.recognise(doc);
            p.add_speculative(doc, &mut mentions);
            p.extend_with_name_nouns(doc, &mut mentions);
            out = mentions
                .iter()
                .filter(|m| m.origin != Origin::Speculative { located: false })
                .map(|m| {
                    (
                        text[m.span.clone()].to_string(),
                        m.lookup,
                        m.candidates.len(),
                    )
                })
                .collect();
        });
        out
    }

    #[test]
    fn a_street_noun_makes_a_street_located_by_the_document() {
        let got = extended("en", "Police closed Wichita Drive on Monday.");
        assert!(
            got.contains(&("Wichita Drive".into(), Lookup::Name, 0)),
            "{got:?}"
        );
    }

    #[test]
    fn a_feature_without_its_own_entry_is_near_the_place_it_is_named_after() {
        let got = extended("en", "Boats on the Wichita River were seized.");
        assert!(
            got.iter()
                .any(|(n, l, c)| n == "Wichita River" && *l == Lookup::NamedAfter && *c > 0),
            "{got:?}"
        );
    }

    #[test]
    fn a_noun_before_the_name_with_a_preposition() {
        let got = extended("fr", "Des bateaux sur le lac de Genève.");
        assert!(got.iter().any(|(n, _, _)| n == "lac de Genève"), "{got:?}");
    }
}
