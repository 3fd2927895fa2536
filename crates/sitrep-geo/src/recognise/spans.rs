//! Mentions for spans given by the caller (gold toponyms in `resolve` evaluation, or a caller's
//! own named-entity spans): no context filter applies, and a span the gazetteer does not know
//! as a whole is read through the longest place name inside it.

use std::ops::Range;

use sitrep_gazetteer::Index;
use sitrep_text::norm::without_final_hamza;

use crate::doc::Doc;
use crate::lexicon::{class, NameNoun};
use crate::mention::{Lookup, Mention, Origin};
use crate::recognise::MAX_CANDIDATES;
use crate::GeoParser;

/// Longest given span (in tokens beyond its first) searched for a place name inside it: longer
/// spans are organisation names or descriptions whose parts beyond a few words do not change
/// the answer, and the search is quadratic.
const MAX_INNER_SEARCH: usize = 12;

impl GeoParser<'_> {
    /// Mentions for byte spans: the candidates are every entry whose key equals the span's key
    /// (with the Arabic proclitic and leading-article variants the recogniser also tries). A
    /// span the gazetteer does not know as a whole is looked up by the longest place name
    /// inside it (`Colorado State University`, `Bank of Japan`, `British Embassy`): its lookup
    /// is [`Lookup::Inner`], and it keeps a minor reading only near the document's other
    /// places (see [`crate::resolve`]).
    pub(crate) fn mentions_for_spans(&self, doc: &Doc, spans: &[Range<usize>]) -> Vec<Mention> {
        let toks = doc.tokens;
        let mut mentions: Vec<Mention> = spans
            .iter()
            .map(|span| {
                let first = toks.partition_point(|tk| tk.end <= span.start);
                let last = toks
                    .partition_point(|tk| tk.start < span.end)
                    .saturating_sub(1);
                let clamp = |k: usize| k.min(toks.len().saturating_sub(1));
                let given = |first, last, candidates| {
                    Mention::new(Origin::Given, span.clone(), first, last, candidates)
                };
                if first > last || last >= toks.len() {
                    return given(clamp(first), clamp(last), Vec::new());
                }
                let dotted = doc.text[span.clone()].trim_end().ends_with('.');
                let candidates = self.span_candidates(doc, first, last, dotted);
                if !candidates.is_empty() {
                    return given(first, last, candidates);
                }
                match self.inner_candidates(doc, first, last) {
                    Some(candidates) => Mention {
                        lookup: Lookup::Inner,
                        ..given(first, last, candidates)
                    },
                    None => given(first, last, Vec::new()),
                }
            })
            .collect();
        if !toks.is_empty() {
            for m in mentions.iter_mut() {
                m.qualifier = self.qualifier_before(doc, m.first_token);
            }
        }
        self.mark_nouns_after(doc, &mut mentions);
        self.locate_given_facilities(doc, &mut mentions);
        mentions
    }

    /// A given span naming a facility or an organisation (its first word, proclitic aside, is
    /// a facility or organisation noun of the language: `مستشفى X`, `سفارة X`, `l'ambassade
    /// de X`) and read through a place inside it is not located by that place when the text
    /// says otherwise. Followed by the place it is in (`سفارة المغرب في لبنان`, only linking
    /// words between), it takes that place's readings; read as a country (`السفارة
    /// الكويتية`, a hospital named after a friendship between nations), it is named after the
    /// country, not in it, and is located by the document's other places when there are any.
    fn locate_given_facilities(&self, doc: &Doc, mentions: &mut [Mention]) {
        for k in 0..mentions.len() {
            let m = &mentions[k];
            if m.lookup != Lookup::Inner || !self.opens_with_facility(doc, m.first_token) {
                continue;
            }
            let next = mentions[k + 1..]
                .iter()
                .find(|n| n.span.start >= m.span.end)
                .filter(|n| self.is_in_next(doc, m, n));
            let candidates = match next {
                Some(next) => next.candidates.clone(),
                None => {
                    let namesake = m
                        .candidates
                        .iter()
                        .all(|&id| self.gaz.place(id).is_country());
                    let others = mentions
                        .iter()
                        .enumerate()
                        .any(|(j, n)| j != k && !n.candidates.is_empty());
                    if !(namesake && others) {
                        continue;
                    }
                    Vec::new()
                }
            };
            let m = &mut mentions[k];
            m.candidates = candidates;
            m.lookup = Lookup::Name;
        }
    }

    /// Whether token `i`, or its stem without a proclitic (`وسفارة`), is a facility noun or
    /// an organisation noun of the document's language.
    fn opens_with_facility(&self, doc: &Doc, i: usize) -> bool {
        let geo = &doc.lang.geo;
        let is = |k: &str| {
            geo.organisation.contains(k) || geo.name_noun_before.get(k) == Some(&NameNoun::Facility)
        };
        let tok = &doc.tokens[i];
        if tok.is_arabic() {
            tok.key_variants().any(|(_, k)| is(k))
        } else {
            is(tok.norm.as_str())
        }
    }

    /// Entries whose key equals that of tokens `first..=last` (`dotted`: the span ends with
    /// the dot of an abbreviation).
    fn span_candidates(&self, doc: &Doc, first: usize, last: usize, dotted: bool) -> Vec<u32> {
        let toks = doc.tokens;
        let pieces = |from: usize, first_piece: &str| -> String {
            let mut key = first_piece.to_string();
            for (k, tok) in toks.iter().enumerate().take(last + 1).skip(from + 1) {
                if k != last && tok.article {
                    continue;
                }
                key.push(' ');
                key.push_str(tok.key());
            }
            key
        };
        let mut keys = vec![pieces(first, toks[first].key())];
        if dotted {
            keys.insert(0, format!("{} .", keys[0]));
        }
        if first < last && toks[first].article {
            keys.push(pieces(first + 1, toks[first + 1].key()));
        }
        if toks[first].is_arabic() {
            for (_, stem) in toks[first].key_variants() {
                keys.push(pieces(first, stem));
            }
            // `البتراء` for a place the gazetteer writes `البترا`.
            let short: Vec<String> = keys
                .iter()
                .filter_map(|k| without_final_hamza(k).map(str::to_string))
                .collect();
            keys.extend(short);
        }
        // A given span may be an adjective of place (`Russian` in gold data that annotates
        // them): it resolves to its country, though the recogniser never emits demonyms
        // itself. Both readings compete (`Canadian` is a town in Texas and the adjective of
        // Canada): the country's prior decides.
        let mut candidates = Vec::new();
        for index in [Index::Demonyms, Index::Names] {
            if let Some(ids) = keys
                .iter()
                .map(|k| self.gaz.lookup_key(index, k))
                .find(|ids| !ids.is_empty())
            {
                candidates.extend(ids.iter().copied().take(MAX_CANDIDATES));
            }
        }
        candidates.dedup();
        candidates
    }

    /// The readings of the longest (then leftmost) place name strictly inside tokens
    /// `first..=last`, else of the first demonym (`British Embassy`: the United Kingdom, but
    /// `British Embassy Tokyo`: Tokyo). A part counts if it starts with a capital (or is
    /// Arabic) and is not a given name, a month, a title, a direction or a settlement, admin or
    /// facility noun; a one-word part that is a frequent word (`Bank`, `High`) counts only as
    /// the main name of a well-known place.
    fn inner_candidates(&self, doc: &Doc, first: usize, last: usize) -> Option<Vec<u32>> {
        let toks = doc.tokens;
        if last - first > MAX_INNER_SEARCH {
            return None;
        }
        let mut demonym: Option<Vec<u32>> = None;
        for len in (1..=last - first).rev() {
            for (a, head) in toks.iter().enumerate().take(last + 2 - len).skip(first) {
                let b = a + len - 1;
                if head.article {
                    continue;
                }
                if !head.is_arabic() && (!head.capitalized || head.has_digit) {
                    continue;
                }
                // A settlement, admin or facility noun is what the span is, not where
                // (`مرفأ X`, the port of X: X is the place).
                if a == b
                    && (doc.is_any(
                        a,
                        class::TIME_WORD
                            | class::PERSON_TITLE
                            | class::DIRECTION
                            | class::ANY_SETTLEMENT
                            | class::ANY_ADMIN,
                    ) || self.is_given_name(doc, a))
                {
                    continue;
                }
                if a == b && demonym.is_none() {
                    let d = self.gaz.lookup_key(Index::Demonyms, head.key());
                    if !d.is_empty() {
                        demonym = Some(d.iter().copied().take(MAX_CANDIDATES).collect());
                        continue;
                    }
                }
                let key = doc.key_of(a, b);
                // Names that are never places (`Central` in `Central Mental Hospital`).
                if doc.all.geo.not_place.contains(&key) {
                    continue;
                }
                let ids = self.gaz.lookup_key(Index::Names, &key);
                if ids.is_empty() {
                    continue;
                }
                // An all-caps word is not the frequent word it spells (`US Federal Reserve`).
                if a == b
                    && !head.all_caps
                    && doc.is(a, class::COMMON)
                    && !self.is_main_name_of_important(head.key(), ids)
                {
                    continue;
                }
                return Some(ids.iter().copied().take(MAX_CANDIDATES).collect());
            }
        }
        demonym
    }
}

#[cfg(test)]
mod tests {
    use crate::mention::{Lookup, Origin};
    use crate::testing::with_doc;

    fn given(lang: &str, text: &str, names: &[&str]) -> Vec<(Lookup, usize)> {
        let spans: Vec<_> = names
            .iter()
            .map(|n| {
                let at = text.find(n).unwrap();
                at..at + n.len()
            })
            .collect();
        let mut out = Vec::new();
        with_doc(lang, text, |p, doc| {
            let mentions = p.mentions_for_spans(doc, &spans);
            assert!(mentions.iter().all(|m| m.origin == Origin::Given));
            out = mentions
                .iter()
                .map(|m| (m.lookup, m.candidates.len()))
                .collect();
        });
        out
    }

    #[test]
    fn a_known_span_is_read_as_a_whole() {
        let got = given("en", "Rain fell on Aleppo.", &["Aleppo"]);
        assert_eq!(got[0].0, Lookup::Name);
        assert!(got[0].1 > 0);
    }

    #[test]
    fn an_unknown_span_is_read_through_the_place_inside_it() {
        let got = given(
            "en",
            "She studied at Colorado Pinewood College.",
            &["Colorado Pinewood College"],
        );
        assert_eq!(got[0].0, Lookup::Inner);
        assert!(got[0].1 > 0);
    }

    #[test]
    fn a_facility_named_after_a_country_is_where_the_text_puts_it() {
        // The embassy of a country in another one: in the one named after it.
        let text = "أعلنت سفارة تونس في الأردن عن رحلات";
        with_doc("ar", text, |p, doc| {
            let at = |n: &str| text.find(n).unwrap();
            let spans = [
                at("سفارة")..at(" في"),
                at("الأردن")..text.find(" عن").unwrap(),
            ];
            let m = p.mentions_for_spans(doc, &spans);
            assert_eq!(m[0].candidates, m[1].candidates);
            assert!(m[0]
                .candidates
                .iter()
                .all(|&id| p.gaz.place(id).country == "JO"));
        });
        // Named after a country, with another place in the text: located by that place.
        let got = given(
            "ar",
            "نقل الجرحى إلى المستشفى الصيني في المدينة و#حلب تنتظر",
            &["المستشفى الصيني", "حلب"],
        );
        assert_eq!(got[0].1, 0);
        // Alone in the text, the country is all there is.
        let got = given("ar", "نقل الجرحى إلى المستشفى الصيني", &["المستشفى الصيني"]);
        assert!(got[0].1 > 0);
        // Not a facility: a span read through its place stays so.
        let got = given("en", "The British Embassy said.", &["British Embassy"]);
        assert!(got[0].1 > 0);
    }

    #[test]
    fn an_adjective_of_place_reads_its_country() {
        let got = given("en", "Russian troops moved.", &["Russian"]);
        assert!(got[0].1 > 0);
        let nothing = given("en", "A Zorbelian event.", &["Zorbelian"]);
        assert_eq!(nothing[0], (Lookup::Name, 0));
    }
}
