//! Names that context makes places: a settlement or admin noun before a capitalised name
//! (`les deux villages d'al-Kachma et de Qariba`, `the town of Kilcarragh`) keeps it even when
//! the gazetteer lacks it, and the nouns around every mention (`Homs city`, `Deir ez-Zor
//! province`, `Washington Post`) say which kind of place it names.

use std::ops::Range;

use sitrep_text::Sep;

use crate::doc::Doc;
use crate::lexicon::{class, CueKind};
use crate::mention::{Cue, Mention, Noun, Origin};
use crate::GeoParser;

impl GeoParser<'_> {
    /// Names introduced by settlement or admin nouns, the nouns after every mention, and the
    /// approximate expressions before every mention.
    pub(crate) fn add_context_names(&self, doc: &Doc, mentions: &mut Vec<Mention>) {
        let toks = doc.tokens;
        let mut added = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let settlement = doc.is(i, class::SETTLEMENT);
            let admin = doc.is(i, class::ADMIN);
            if !(settlement || admin) || !doc.can_cross(i) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            // Preposition (`d'`, `of`, `de`); Arabic uses the construct state, no preposition.
            let arabic = toks[i].is_arabic();
            if j < toks.len() && doc.is(j, class::PREPOSITION) && doc.can_cross(j) {
                j += 1;
            } else if !arabic {
                i += 1;
                continue;
            }
            while let Some((name_end, span)) = self.name_at(doc, j, arabic) {
                let covered = mentions
                    .iter()
                    .position(|m| m.span.start < span.end && span.start < m.span.end);
                // A name made only of ordinary words after a unit noun names an institution
                // (`Department of Transportation`, `Division of Public Health`), not a place
                // the gazetteer lacks.
                let ordinary = (j..=name_end)
                    .filter(|&k| !toks[k].article)
                    .all(|k| doc.is(k, class::COMMON));
                match covered {
                    Some(k) => {
                        mentions[k].nouns.add_if(Noun::Settlement, settlement);
                        mentions[k].nouns.add_if(Noun::Admin, admin);
                    }
                    None if ordinary => {}
                    None => {
                        let mut m = Mention::new(Origin::Context, span, j, name_end, Vec::new());
                        m.qualifier = Some(Cue {
                            kind: CueKind::Settlement,
                            direction: None,
                            span: toks[i].start..toks[i].end,
                        });
                        m.nouns.add_if(Noun::Settlement, settlement);
                        m.nouns.add_if(Noun::Admin, admin);
                        added.push(m);
                    }
                }
                // Coordination: `et de Qariba`, `and`, `y`, `و`.
                let mut k = name_end + 1;
                if !doc.can_cross(name_end) && toks[name_end].sep != Sep::Punct {
                    break;
                }
                match doc.lang.coordination.longest_at(toks, k) {
                    Some(len) => k += len,
                    None => break,
                }
                if k < toks.len() && doc.is(k, class::PREPOSITION) {
                    k += 1;
                }
                j = k;
            }
            i = j.max(i + 1);
        }
        mentions.extend(added);
        mentions.sort_by_key(|m| m.span.start);
        self.mark_nouns_after(doc, mentions);
        for m in mentions.iter_mut() {
            if m.qualifier.is_none() {
                m.qualifier = self.qualifier_before(doc, m.first_token);
            } else if let Some(q) = self.qualifier_before(doc, m.first_token) {
                // `aux alentours des villages de X`: the approximate expression wins over the
                // settlement noun.
                if q.kind != CueKind::Settlement {
                    m.qualifier = Some(q);
                }
            }
        }
    }

    /// A proper name starting at token `j`: capitalised words (with hyphenated articles) or,
    /// in Arabic, one word. Returns the last token and the byte span.
    pub(crate) fn name_at(
        &self,
        doc: &Doc,
        j: usize,
        arabic: bool,
    ) -> Option<(usize, Range<usize>)> {
        let toks = doc.tokens;
        let tok = toks.get(j)?;
        if arabic {
            if !tok.is_arabic() {
                return None;
            }
            return Some((j, tok.start..tok.end));
        }
        let mut k = j;
        // `al-Kachma`: lowercase article + hyphen + capitalised word.
        if tok.article && tok.sep == Sep::Hyphen && toks.get(j + 1).is_some_and(|n| n.capitalized) {
            k = j + 1;
        }
        if !toks[k].capitalized
            || toks[k].has_digit
            || doc.all.geo.not_place.contains(toks[k].norm.as_str())
        {
            return None;
        }
        let mut end = k;
        while end + 1 < toks.len()
            && matches!(toks[end].sep, Sep::Space | Sep::Hyphen)
            && toks[end + 1].capitalized
            && !toks[end + 1].has_digit
        {
            end += 1;
        }
        Some((end, toks[j].start..toks[end].end))
    }

    /// English order: a unit noun after the name (`Deir ez-Zor province`, `Homs city`), or a
    /// press title's word after it (`The Washington Post`, `Chicago Tribune`: the title's home
    /// town), says which kind of place the name is.
    pub(crate) fn mark_nouns_after(&self, doc: &Doc, mentions: &mut [Mention]) {
        let toks = doc.tokens;
        for m in mentions.iter_mut() {
            let next = m.last_token + 1;
            if next >= toks.len() || toks[m.last_token].sep != Sep::Space {
                continue;
            }
            m.nouns.add_if(Noun::Admin, doc.is(next, class::ADMIN));
            m.nouns
                .add_if(Noun::Settlement, doc.is(next, class::SETTLEMENT));
            m.nouns.add_if(
                Noun::PressTitle,
                toks[next].capitalized && doc.is(next, class::PRESS_TITLE),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::mention::{Noun, Origin};
    use crate::testing::with_doc;

    #[test]
    fn names_after_settlement_nouns_are_kept_with_coordination() {
        let text = "Les deux villages de Kafr Zorbel et de Tell Amrun ont été visés.";
        with_doc("fr", text, |p, doc| {
            let mut mentions = Vec::new();
            p.add_context_names(doc, &mut mentions);
            let names: Vec<&str> = mentions.iter().map(|m| &text[m.span.clone()]).collect();
            assert_eq!(names, ["Kafr Zorbel", "Tell Amrun"]);
            assert!(mentions.iter().all(|m| m.origin == Origin::Context
                && m.nouns.has(Noun::Settlement)
                && m.candidates.is_empty()));
        });
    }

    #[test]
    fn ordinary_words_after_a_unit_noun_name_an_institution() {
        with_doc("en", "the Department of Transportation said", |p, doc| {
            let mut mentions = Vec::new();
            p.add_context_names(doc, &mut mentions);
            assert!(mentions.is_empty());
        });
    }

    #[test]
    fn a_noun_after_a_name_says_its_kind() {
        let text = "shelling in Zorbel province and the Corvallis Tribune";
        with_doc("en", text, |p, doc| {
            let mut mentions = p.recognise(doc);
            let zorbel = p.name_at(doc, 2, false).unwrap();
            mentions.push(crate::Mention::new(
                Origin::Context,
                zorbel.1,
                2,
                zorbel.0,
                Vec::new(),
            ));
            mentions.sort_by_key(|m| m.span.start);
            p.mark_nouns_after(doc, &mut mentions);
            let by_name = |n: &str| {
                mentions
                    .iter()
                    .find(|m| &text[m.span.clone()] == n)
                    .unwrap()
            };
            assert!(by_name("Zorbel").nouns.has(Noun::Admin));
            assert!(by_name("Corvallis").nouns.has(Noun::PressTitle));
        });
    }
}
