//! The transliteration fallback: skeleton lookups for capitalised names the exact index missed,
//! restricted to the countries the document is about (`Abou Kamal` → `Abu Kamal` when the text
//! is about Syria).
//!
//! Only places whose own names are written in another script are read through a skeleton
//! ([`crate::Lexicons::is_transliterated`]: Syria, Iraq, Russia). A place of a Latin-script
//! country reaches the press spelt as the gazetteer spells it, or in an exonym the gazetteer
//! lists; an unknown capitalised word that only shares its consonants with one (a surname, a
//! show's title, a brand) is not a variant spelling of it. On the tune half of the French
//! press set, 160 of the 184 names the fallback placed were people, titles and words, most of
//! them read as towns of France and Switzerland (see BENCHMARKS.md, issue 16, third sitting).

use sitrep_gazetteer::Index;
use sitrep_text::norm::skeleton;

use crate::doc::Doc;
use crate::mention::{Lookup, Mention};
use crate::recognise::MAX_CANDIDATES;
use crate::resolve::context::Context;
use crate::GeoParser;

impl GeoParser<'_> {
    /// Gives skeleton readings to the mentions without candidates (see the module
    /// documentation).
    pub(crate) fn skeleton_candidates(&self, doc: &Doc, mentions: &mut [Mention], ctx: &Context) {
        if ctx.countries.is_empty() {
            return;
        }
        // English-language press uses the standard transliterations that GeoNames lists; an
        // unknown capitalised English word is far more often a name or a brand.
        if sitrep_text::registry::language_of(doc.lang_code)
            .is_some_and(|l| l.standard_transliterations)
        {
            return;
        }
        // Only countries the text is about ([`crate::Weights::skeleton_country_share`]).
        let min_weight = self.weights.skeleton_country_share * ctx.countries.values().sum::<f32>();
        for m in mentions.iter_mut().filter(|m| m.candidates.is_empty()) {
            let key: Vec<&str> = (m.first_token..=m.last_token)
                .filter(|&k| k == m.last_token || !doc.tokens[k].article)
                .map(|k| doc.tokens[k].key())
                .collect();
            let Some(sk) = skeleton(&key.join(" ")) else {
                continue;
            };
            let ids: Vec<u32> = self
                .gaz
                .lookup_key(Index::Skeletons, &sk)
                .iter()
                .copied()
                .filter(|&id| {
                    let country = &self.gaz.place(id).country;
                    ctx.countries.get(country).is_some_and(|&w| w >= min_weight)
                        && self.lex.is_transliterated(country)
                })
                .take(MAX_CANDIDATES)
                .collect();
            if !ids.is_empty() {
                m.candidates = ids;
                m.lookup = Lookup::Skeleton;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{country_of, parsed};

    #[test]
    fn a_french_transliteration_finds_its_place_in_the_document_countries() {
        let read = parsed(
            "fr",
            "Des frappes ont visé Abou Kamal, près de la frontière entre la Syrie et l'Irak.",
        );
        assert!(
            country_of(&read, "Abou Kamal").is_some_and(|c| c == "SY" || c == "IQ"),
            "{read:?}"
        );
    }

    #[test]
    fn a_latin_script_country_gets_no_skeleton_reading() {
        // `Montbrisson` shares its consonants with Montbrison (France), a country the text is
        // about; French towns reach French text spelt as the gazetteer spells them, so an
        // unknown name is a person here, not a variant spelling.
        let read = parsed(
            "fr",
            "À Lyon, le maire a félicité Montbrisson pour son travail en France.",
        );
        assert!(read.iter().all(|(s, _)| s != "Montbrisson"), "{read:?}");
        assert_eq!(country_of(&read, "Lyon").as_deref(), Some("FR"));
    }

    #[test]
    fn a_country_named_in_passing_gives_no_skeleton_reading() {
        // A story about five European countries that names Syria once: the unknown name is
        // read in none of the Syrian places its consonants match (the price: a real variant
        // spelling in such a text stays unread).
        let read = parsed(
            "fr",
            "La France, la Suisse, la Belgique, l'Italie et l'Espagne ont reçu Abou Kamal, \
             venu de Syrie.",
        );
        assert_eq!(country_of(&read, "Abou Kamal"), None, "{read:?}");
    }

    #[test]
    fn english_press_gets_no_skeleton_fallback() {
        let read = parsed(
            "en",
            "Strikes hit Abou Kamal near the border of Syria and Iraq.",
        );
        assert_eq!(country_of(&read, "Abou Kamal"), None, "{read:?}");
    }
}
