//! Street and feature nouns: a place name with such a noun next to it names that thing
//! (`Wichita Drive`, `Mississippi River`, `rue de Rivoli`, `lac de Neuchâtel`). The mention
//! grows to cover the noun, swallowing mentions inside the longer name, and its reading
//! follows the noun's class (see [`NameNoun`]).

use sitrep_gazetteer::Index;
use sitrep_text::Sep;

use crate::doc::Doc;
use crate::lexicon::{class, CueKind, NameNoun};
use crate::mention::{Lookup, Mention, Origin, Support};
use crate::recognise::MAX_CANDIDATES;
use crate::GeoParser;

/// Most capitalised words after a name up to its noun (`Red River Valley`).
const MAX_WORDS_AFTER: usize = 3;
/// Longest abbreviated noun that keeps its dot (`St.`, `Blvd.`).
const MAX_ABBREVIATION: usize = 4;
/// Most words between a facility and the town it is in (`in`, `à`, `de la`, `في`).
const MAX_LINKING_WORDS: usize = 2;

impl GeoParser<'_> {
    /// Extends mentions over their street or feature nouns (see the module documentation).
    pub(crate) fn extend_with_name_nouns(&self, doc: &Doc, mentions: &mut Vec<Mention>) {
        let geo = &doc.lang.geo;
        if geo.name_noun_after.is_empty() && geo.name_noun_before.is_empty() {
            return;
        }
        let mut changed = false;
        let mut facilities = Vec::new();
        for (k, m) in mentions.iter_mut().enumerate() {
            match self.extend_one(doc, m) {
                Some((NameNoun::Facility, false)) => facilities.push(k),
                Some(_) => {}
                None => continue,
            }
            changed = true;
        }
        // A facility followed by its town (`l'hôpital X de Y`, `X Hospital in Y`, `مستشفى X
        // في Y`) is in that town, whatever its own name reads as.
        for k in facilities {
            self.locate_facility_at_next(doc, mentions, k);
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

    /// A facility mention `k` (without an entry of its own) takes the readings of the mention
    /// right after it when only locative words or prepositions (`in`, `de`, `في`, or an
    /// attached `ب`) stand between them, on the same clause.
    /// A facility that gets a place is located (see [`mark_located`]).
    fn locate_facility_at_next(&self, doc: &Doc, mentions: &mut [Mention], k: usize) {
        let m = &mentions[k];
        let next = mentions.iter().find(|n| n.span.start >= m.span.end);
        let adjacent = next.is_some_and(|next| self.is_in_next(doc, m, next));
        let m = if adjacent {
            let candidates = next.map(|n| n.candidates.clone()).unwrap_or_default();
            let m = &mut mentions[k];
            m.candidates = candidates;
            m.lookup = Lookup::Name;
            m
        } else {
            &mut mentions[k]
        };
        // Named after its town, or in the next one: a place, and its own evidence. A facility
        // with neither (`la cárcel de X`, X unknown) stays what its name was.
        if !m.candidates.is_empty() {
            mark_located(m);
        }
    }

    /// Whether only locative words or prepositions stand between facility `m` and mention
    /// `next`, which has readings, on the same clause.
    pub(crate) fn is_in_next(&self, doc: &Doc, m: &Mention, next: &Mention) -> bool {
        let toks = doc.tokens;
        if next.candidates.is_empty() || toks[m.last_token].sep != Sep::Space {
            return false;
        }
        let linking = class::LOCATIVE | class::PLACE_PREPOSITION | class::PREPOSITION;
        let gap = m.last_token + 1..next.first_token;
        if gap.is_empty() {
            // An attached preposition: the next mention starts inside its first word.
            next.first_token == m.last_token + 1 && next.span.start > toks[next.first_token].start
        } else {
            gap.len() <= MAX_LINKING_WORDS
                && gap.clone().all(|i| {
                    doc.is_any(i, linking) && (i + 1 == gap.end || toks[i].sep != Sep::Punct)
                })
        }
    }

    /// Extends one mention over its noun; if it changed, the noun's class and whether the
    /// longer name is an entry of its own.
    fn extend_one(&self, doc: &Doc, m: &mut Mention) -> Option<(NameNoun, bool)> {
        let toks = doc.tokens;
        let mut own_entry = false;
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
            // ez-Zor` is Deir ez-Zor, approximately); a facility noun that introduced a name
            // the gazetteer lacks (`مستشفى X`, a settlement cue) is the facility's.
            (Some((k, _)), None)
                if m.qualifier.as_ref().is_some_and(|q| {
                    q.span.end > toks[k].start && q.kind != CueKind::Settlement
                }) =>
            {
                return None
            }
            (Some((k, class)), None) => {
                // A house number before the street is part of the address (`12, rue X`, `12
                // rue X`): the number and the street name one spot.
                let k = if class == NameNoun::Street && is_house_number_before(doc, k) {
                    k - 1
                } else {
                    k
                };
                m.span.start = toks[k].start;
                m.first_token = k;
                // The settlement cue that was the noun is now inside the name.
                if m.qualifier
                    .as_ref()
                    .is_some_and(|q| q.span.start >= m.span.start)
                {
                    m.qualifier = None;
                }
                class
            }
            (None, None) => return None,
        };
        // A street or feature name is a place even unresolved, and its own evidence; a
        // facility only once it has a place (see `locate_facility_at_next`).
        if class != NameNoun::Facility {
            mark_located(m);
        }
        match class {
            NameNoun::Street => {
                m.candidates.clear();
                m.lookup = Lookup::Name;
            }
            NameNoun::Feature | NameNoun::Facility => {
                // A feature or facility with an entry of its own (`Euphrates River`) is that
                // entry.
                let whole = sitrep_text::key_of_tokens(
                    &toks[m.first_token..=m.last_token],
                    doc.text[m.span.clone()].ends_with('.'),
                )
                .map(|k| self.gaz.lookup_key(Index::Names, &k))
                .unwrap_or_default();
                if !whole.is_empty() {
                    m.candidates = whole.iter().copied().take(MAX_CANDIDATES).collect();
                    m.lookup = Lookup::Name;
                    own_entry = true;
                    mark_located(m);
                } else if class == NameNoun::Feature && !m.candidates.is_empty() {
                    // Near the place it is named after; a facility is in its town.
                    m.lookup = Lookup::NamedAfter;
                }
            }
        }
        Some((class, own_entry))
    }
}

/// Whether token `k - 1` is a house number before street noun `k`: digits only, then nothing
/// but spaces and at most one comma (`12, rue`, `12 rue`; not `1914. Rue` nor `12 000 rue`).
fn is_house_number_before(doc: &Doc, k: usize) -> bool {
    let toks = doc.tokens;
    k > 0 && {
        let number = &toks[k - 1];
        let between = doc.text[number.end..toks[k].start].trim();
        number.norm.bytes().all(|b| b.is_ascii_digit())
            && (between.is_empty() || between == ",")
            && !doc.text[number.end..toks[k].start].contains('\n')
    }
}

/// A mention a name noun makes a place even unresolved, and its own evidence.
fn mark_located(m: &mut Mention) {
    if let Origin::Speculative { located } = &mut m.origin {
        *located = true;
    }
    m.support = Support::Standalone;
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
    fn a_house_number_before_the_street_is_part_of_the_address() {
        let got = extended(
            "fr",
            "Il habitait au 14, rue de Nantes, puis 7 avenue Foch.",
        );
        let names: Vec<&str> = got.iter().map(|(n, _, _)| n.as_str()).collect();
        assert!(names.contains(&"14, rue de Nantes"), "{got:?}");
        assert!(names.contains(&"7 avenue Foch"), "{got:?}");
        // A year or a count before the noun is not a house number.
        let got = extended("fr", "En 1914. Rue de Nantes, des barricades.");
        assert!(
            got.iter().all(|(n, _, _)| !n.starts_with("1914")),
            "{got:?}"
        );
    }

    #[test]
    fn a_noun_before_the_name_with_a_preposition() {
        let got = extended("fr", "Des bateaux sur le lac de Genève.");
        assert!(got.iter().any(|(n, _, _)| n == "lac de Genève"), "{got:?}");
    }
}
