//! What makes a place well known, and a word a given name: tests shared by recognition (a
//! frequent word may name a well-known place) and resolution (a well-known reading needs no
//! local support).

use sitrep_gazetteer::Index;
use sitrep_text::{Sep, Token};

use crate::doc::Doc;
use crate::lexicon::class;
use crate::GeoParser;

impl GeoParser<'_> {
    /// Whether any reading is a country, a first-level division, a large place, a continent or
    /// an entry of the reviewed table of major features and regions (`Méditerranée`,
    /// `Hollande`, `Atlantic`: frequent words of their language, but names whenever
    /// capitalised mid-sentence).
    pub(crate) fn is_important(&self, ids: &[u32]) -> bool {
        ids.iter().any(|&id| {
            let p = self.gaz.place(id);
            // Second-level divisions' populations are partial sums: not evidence of fame.
            p.is_country()
                || p.is_admin1()
                || p.is_continent()
                || (p.class() == 'P' && p.population >= self.weights.well_known)
                || (p.geonameid.is_none() && matches!(p.class(), 'H' | 'T' | 'L' | 'S'))
        })
    }

    /// Whether `key` is the main name (not an alternate) of an important reading: a common
    /// word (`No`, `We`) that is only an alternate name of some city is still a word.
    pub(crate) fn is_main_name_of_important(&self, key: &str, ids: &[u32]) -> bool {
        ids.iter().any(|&id| {
            let p = self.gaz.place(id);
            self.is_important(&[id]) && sitrep_text::name_key(&p.name).as_deref() == Some(key)
        })
    }

    /// A capitalised word from the given-name list followed by a space, that is neither a month
    /// (`May`) nor the name of a well-known place (`Austin`; `Ben`, an alternate name of Bern,
    /// still counts): the word after it is a surname.
    pub(crate) fn is_given_name(&self, doc: &Doc, i: usize) -> bool {
        let tok = &doc.tokens[i];
        tok.sep == Sep::Space
            && tok.capitalized
            && !tok.all_caps
            && doc.is(i, class::FIRST_NAME)
            && !doc.is(i, class::TIME_WORD)
            && !self
                .is_main_name_of_important(tok.key(), self.gaz.lookup_key(Index::Names, tok.key()))
    }

    /// Whether a capitalised word is on its own a well-known place or a demonym: the other half
    /// of a hyphenated pair of places.
    pub(crate) fn pairs_with_place(&self, tok: &Token) -> bool {
        tok.capitalized
            && (self.is_important(self.gaz.lookup_key(Index::Names, tok.key()))
                || !self.gaz.lookup_key(Index::Demonyms, tok.key()).is_empty())
    }
}

#[cfg(test)]
mod tests {
    use sitrep_gazetteer::Index;

    use crate::testing::parser;

    #[test]
    fn countries_divisions_and_large_cities_are_well_known() {
        let p = parser();
        let ids = |name: &str| p.gaz.lookup(name);
        assert!(p.is_important(ids("France")));
        assert!(p.is_important(ids("Texas")));
        assert!(p.is_important(ids("Nice")));
        assert!(p.is_main_name_of_important("nice", ids("Nice")));
        // `No` is an alternate name of some place, not the main name of a well-known one.
        let no = p.gaz.lookup_key(Index::Names, "no");
        assert!(!p.is_main_name_of_important("no", no));
    }
}
