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

use rustc_hash::FxHashMap as HashMap;
use sitrep_gazetteer::Index;
use sitrep_text::norm::{skeleton, SKELETON_MIN};

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
            // A name in another script crosses to the Latin skeleton through the language's
            // letter table (the transliteration bridge).
            let joined = key.join(" ");
            let sk = if doc.tokens[m.first_token].is_arabic() {
                bridge_skeleton(&doc.lang.geo.transliteration, &joined)
            } else {
                skeleton(&joined)
            };
            let Some(sk) = sk else {
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

/// The Latin skeleton of a key in another script: each letter the language's table
/// (`[transliteration]`) maps is written as its Latin consonant, the others dropped, doubled
/// consonants collapsed, as [`skeleton`] does for Latin keys; `None` below
/// [`SKELETON_MIN`] letters or without a table.
pub(crate) fn bridge_skeleton(table: &HashMap<char, char>, key: &str) -> Option<String> {
    let mut out = String::new();
    for c in key.chars() {
        if let Some(&l) = table.get(&c) {
            if !out.ends_with(l) {
                out.push(l);
            }
        }
    }
    (out.len() >= SKELETON_MIN).then_some(out)
}

#[cfg(test)]
mod tests {
    use crate::testing::{country_of, parsed};

    /// The least precision the bridge keeps (measured value rounded down, see the test).
    const BRIDGE_PRECISION_FLOOR: f64 = 0.85;

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
    fn an_arabic_name_crosses_to_the_latin_names_of_the_document_s_countries() {
        // `حفر الباطن` written apart, in a text about Saudi Arabia: Hafar al-Batin through its
        // Latin names, if the gazetteer lacks the Arabic one.
        crate::testing::with_doc("ar", "سيول في حفر الباطن", |p, doc| {
            let table = &doc.lang.geo.transliteration;
            let key = "حفر باطن";
            let sk = super::bridge_skeleton(table, key).expect("a skeleton");
            let latin = sitrep_text::norm::skeleton("hafar batin").expect("a skeleton");
            assert_eq!(sk, latin);
            let ids = p.gaz.lookup_key(sitrep_gazetteer::Index::Skeletons, &sk);
            assert!(ids.iter().any(|&id| p.gaz.place(id).country == "SA"));
        });
        // Three consonants are too few to tell places apart.
        crate::testing::with_doc("ar", "x", |_, doc| {
            let table = &doc.lang.geo.transliteration;
            assert_eq!(super::bridge_skeleton(table, "جفر"), None);
        });
    }

    /// The bridge's precision, measured on the gazetteer itself: every Arabic name of a place
    /// in a country written in another script, read as if the gazetteer lacked it (its Latin
    /// skeleton looked up among the places of the same country, the most populous answer
    /// taken, as a text about that country with no other clue would resolve it). Measured
    /// 2026-12-07 (BENCHMARKS.md, issue 16 fifth sitting); the test holds the floor.
    #[test]
    fn the_bridge_s_precision_on_the_gazetteer_s_own_arabic_names() {
        let p = crate::testing::parser();
        let lex = p.lex.get("ar");
        let table = &lex.geo.transliteration;
        let keys = p.gaz.keys_by_place(sitrep_gazetteer::Index::Names);
        let (mut names, mut answered, mut right) = (0usize, 0usize, 0usize);
        for (id, keys) in keys.iter().enumerate() {
            let place = p.gaz.place(id as u32);
            if !p.lex.is_transliterated(&place.country) {
                continue;
            }
            for key in keys
                .iter()
                .filter(|k| k.chars().any(|c| ('\u{0621}'..='\u{064A}').contains(&c)))
            {
                names += 1;
                let Some(sk) = super::bridge_skeleton(table, key) else {
                    continue;
                };
                let best = p
                    .gaz
                    .lookup_key(sitrep_gazetteer::Index::Skeletons, &sk)
                    .iter()
                    .map(|&c| p.gaz.place(c))
                    .find(|c| c.country == place.country);
                if let Some(best) = best {
                    answered += 1;
                    let km = sitrep_schema::haversine_km(
                        f64::from(best.lat),
                        f64::from(best.lon),
                        f64::from(place.lat),
                        f64::from(place.lon),
                    );
                    right += usize::from(km <= 161.0);
                }
            }
        }
        let precision = right as f64 / answered.max(1) as f64;
        let coverage = answered as f64 / names.max(1) as f64;
        eprintln!("bridge: {names} Arabic names, {answered} answered ({coverage:.3}), {right} within 161 km (precision {precision:.3})");
        assert!(
            names > 10_000 && precision >= BRIDGE_PRECISION_FLOOR,
            "precision {precision:.3}"
        );
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
