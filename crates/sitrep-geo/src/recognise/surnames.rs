//! Surnames: words that follow a first name or a person title (`John Smith`, `Mr. Brown`,
//! `président Erdogan`). Later bare mentions of them are people, not places.

use rustc_hash::FxHashSet as HashSet;

use sitrep_gazetteer::Index;
use sitrep_text::Sep;

use crate::doc::Doc;
use crate::lexicon::class;
use crate::GeoParser;

impl GeoParser<'_> {
    /// The folded surnames of a document (see the module documentation).
    pub(crate) fn surnames<'t>(&self, doc: &Doc<'t>) -> HashSet<&'t str> {
        let toks = doc.tokens;
        let mut out = HashSet::default();
        // Readings of each token's name, looked up at most once (a token is `b` of one pair and
        // `a` of the next).
        let mut names: Vec<Option<&[u32]>> = vec![None; toks.len()];
        let mut names_of = |k: usize| -> &[u32] {
            names[k].get_or_insert_with(|| self.gaz.lookup_key(Index::Names, toks[k].key()))
        };
        for i in 1..toks.len() {
            let (a, b) = (&toks[i - 1], &toks[i]);
            if !b.capitalized
                || b.all_caps
                || !matches!(a.sep, Sep::Space | Sep::Dot)
                || b.is_arabic()
            {
                continue;
            }
            let titled = doc.is(i - 1, class::PERSON_TITLE);
            // First names are often frequent words and small places themselves (`David`,
            // `Scott`), so the test is what they are not: a well-known place, a direction, a
            // date word, a unit noun or a sentence start. Well-known places are never taken for
            // surnames (`Central Florida`).
            let first_name = a.sep == Sep::Space
                && a.capitalized
                && !a.all_caps
                && !a.article
                && !doc.starts_sentence(i - 1)
                && !doc.is_any(
                    i - 1,
                    class::DIRECTION | class::TIME_WORD | class::ANY_ADMIN | class::ANY_SETTLEMENT,
                )
                && self.gaz.lookup_key(Index::Demonyms, &a.norm).is_empty()
                && !self.is_important(names_of(i - 1));
            // A listed given name counts even at a sentence start or when it is also a
            // frequent word (`Charlie Chen, 48, was accused …`; `Bill Holland`).
            let given = self.is_given_name(doc, i - 1);
            if !(titled || first_name || given) {
                continue;
            }
            // Well-known places are never taken for surnames (`Central Florida`); after a
            // listed given name only a well-known place's own name is (`Chen`, an alternate
            // name of Chenzhou, is a surname after `Charlie`).
            let b_ids = names_of(i);
            if ((titled || first_name) && !self.is_important(b_ids))
                || (given && !self.is_main_name_of_important(b.key(), b_ids))
            {
                out.insert(b.norm.as_str());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::with_doc;

    #[test]
    fn words_after_a_first_name_or_a_title_are_surnames() {
        with_doc(
            "en",
            "Sen. Harrowfield met Tom Kettering and Lucy Marsh in Corvallis.",
            |p, doc| {
                let s = p.surnames(doc);
                assert!(
                    s.contains("harrowfield") && s.contains("kettering") && s.contains("marsh"),
                    "{s:?}"
                );
                assert!(!s.contains("corvallis"));
            },
        );
    }

    #[test]
    fn well_known_places_are_never_surnames() {
        with_doc(
            "en",
            "Residents of Central Florida and Tom Texas fans.",
            |p, doc| {
                let s = p.surnames(doc);
                assert!(!s.contains("florida") && !s.contains("texas"), "{s:?}");
            },
        );
    }
}
