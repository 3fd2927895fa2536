//! The first pass of resolution: each reading of a mention scored on its own and against the
//! document's countries and divisions, before proximity ([`crate::resolve::coherence`]).
//!
//! Signals, each a field of [`crate::Weights`]: population and feature type, the document's
//! countries and first-level divisions (without the mention's own vote), nouns around the
//! name, the transliteration penalty, the reading's own name, a comma qualifier, and the
//! capital of the province a name most likely denotes. A new signal is one more term in
//! [`GeoParser::prior`] or [`GeoParser::score_readings`].

use sitrep_gazetteer::index::Kind;
use sitrep_gazetteer::Place;

use crate::doc::Doc;
use crate::mention::{Lookup, Mention, Noun};
use crate::qualifier::Areas;
use crate::resolve::context::Without;
use crate::resolve::Scores;
use crate::GeoParser;

impl GeoParser<'_> {
    /// How likely `p` is for `m` before proximity; `division_context`: whether the document's
    /// first-level divisions count for `p` (see [`GeoParser::score_readings`]).
    pub(crate) fn prior(
        &self,
        m: &Mention,
        p: &Place,
        ctx: &Without,
        division_context: bool,
    ) -> f32 {
        let w = self.weights;
        // A division's population is the sum of its places: damp it so that it does not
        // outweigh a well-known city of the same name (`Washington`, `Genève`).
        let weight = if p.feature.starts_with("A.ADM") {
            w.division_population
        } else {
            w.population
        };
        // Seas, rivers, deserts, regions and landmarks have no population; the ones in the
        // gazetteer are the major ones (the reviewed table), as prominent as a world city.
        let population = if p.population == 0 && matches!(p.class(), 'H' | 'T' | 'L' | 'S') {
            w.world_city
        } else {
            p.population
        };
        let mut s = (1.0 + population as f32).ln() * weight;
        s += match p.feature.as_str() {
            f if f.starts_with("A.PCL") => w.country_feature,
            "A.ADM1" => w.admin1_feature,
            "P.PPLC" => w.capital_feature,
            "P.PPLA" => w.seat_feature,
            "L.CONT" => w.continent_feature,
            f if f.starts_with('H')
                || f.starts_with('T')
                || f.starts_with('L')
                || (f.starts_with('S') && p.geonameid.is_none()) =>
            {
                w.landmark_feature
            }
            _ => 0.0,
        };
        let total = ctx.country_total.max(1.0);
        if let Some(v) = ctx.country(&p.country) {
            s += w.country_named
                + w.country_vote * v.min(w.country_votes_cap)
                + w.country_share * (v / total);
        } else if p.country.is_empty() && p.geonameid.is_none() && !ctx.ctx.countries.is_empty() {
            // A sea, an ocean or a region across borders (`Atlantic`, `Middle East`) belongs
            // to no country, so the document's countries never vote for it: it gets what a
            // country the document names would give.
            s += w.country_named + w.country_vote * 1.0 + w.country_share * w.borderless_share;
        }
        if division_context && ctx.has_admin1(&p.country, &p.admin1) && !p.is_admin1() {
            s += w.division_context;
        }
        if (m.nouns.has(Noun::Settlement) || m.nouns.has(Noun::PressTitle)) && p.class() == 'P' {
            s += w.settlement_noun;
        }
        if m.nouns.has(Noun::Admin) && p.feature.starts_with("A.ADM") {
            s += w.admin_noun;
        }
        if m.lookup == Lookup::Skeleton {
            s -= w.skeleton_penalty;
        }
        s
    }

    /// The first-pass score of every reading of `m`; `ctx` is the document's context without
    /// `m`'s vote, `qualifier` the areas of a comma qualifier.
    pub(crate) fn score_readings(
        &self,
        doc: &Doc,
        m: &Mention,
        ctx: &Without,
        qualifier: Option<&Areas>,
    ) -> Scores {
        let w = self.weights;
        let own_name = doc
            .tokens
            .get(m.first_token..=m.last_token)
            .and_then(|toks| {
                sitrep_text::key_of_tokens(toks, doc.text[m.span.clone()].ends_with('.'))
            })
            .map(|k| sitrep_text::key_hash(&k));
        let places: Vec<&Place> = m.candidates.iter().map(|&id| self.gaz.place(id)).collect();
        let borrowed = self.borrowed_names(m, &places, own_name, ctx);
        let mut s: Scores = m
            .candidates
            .iter()
            .zip(&places)
            .zip(borrowed)
            .map(|((&id, p), borrowed)| {
                let mut score = self.prior(m, p, ctx, !borrowed);
                // The name the gazetteer gives the place, rather than one of its alternate
                // names (`Tunis` is the city's name and an old name of Tunisia; `Montana` is
                // the state's and an alias of Montana City). Every name of a reviewed entry (no
                // GeoNames id) is one of its own (`Atlantic`, `Méditerranée`).
                if own_name == Some(p.name_key_hash) || p.geonameid.is_none() {
                    score += w.own_name;
                }
                // `Paris, Illinois`: the division or country named right after the comma.
                if let Some(q) = qualifier {
                    let within = q
                        .iter()
                        .any(|(c, a)| c == &p.country && (a.is_empty() || a == &p.admin1));
                    if within {
                        score += w.comma_qualifier;
                    }
                }
                (id, score)
            })
            .collect();
        if !m.nouns.has(Noun::Admin) {
            // `in X`, `à X`: the text locates something at X, which the press writes of a town
            // far more than of a province.
            let located = m.first_token > 0
                && doc.is(m.first_token - 1, crate::lexicon::class::PLACE_PREPOSITION);
            self.add_seat_bonus(&places, own_name, located, &mut s);
        }
        s
    }

    /// For each reading, whether it borrows its name: a village or a second-level division
    /// does not take the document's division context for itself when its name is the own name
    /// of a country or of a division of a country the document is about (`Florida`, `Wales`),
    /// or, for a village, the name of a well-known city [`crate::Weights::dominance`] times its
    /// size (`Portland` in a story about Texas, which has a Portland of 16,000).
    fn borrowed_names(
        &self,
        m: &Mention,
        places: &[&Place],
        own_name: Option<u64>,
        ctx: &Without,
    ) -> Vec<bool> {
        let w = self.weights;
        let names_division = places.iter().any(|p| {
            own_name == Some(p.name_key_hash)
                && (p.is_country() || (p.is_admin1() && ctx.country(&p.country).is_some()))
        });
        let biggest = places
            .iter()
            .filter(|p| p.class() == 'P')
            .map(|p| p.population)
            .max()
            .unwrap_or(0);
        places
            .iter()
            .map(|p| {
                if m.nouns.has(Noun::Settlement) {
                    return false;
                }
                if p.kind() == Kind::Admin2 {
                    return names_division;
                }
                p.class() == 'P'
                    && p.population < w.well_known
                    && (names_division
                        || (biggest >= w.well_known
                            && biggest >= w.dominance * p.population.max(1)))
            })
            .collect()
    }

    /// A city named like the province it lies in is its capital, and the press means the city
    /// unless an admin noun says otherwise (`Deir ez-Zor`, `Genève`). Only the province the
    /// name most likely denotes lends its capital this weight: Florida, Uruguay does not
    /// outrank the state of Florida because Uruguay has a province of that name too. A
    /// division called by its own name does not lend it to a city that is only known by a
    /// longer one (`Oklahoma` is the state; Oklahoma City is `Oklahoma` only as an alias),
    /// unless the city is among the world's largest and the press shortens its name (`New
    /// York`), or the text locates something at it (`located`: `à Tombouctou`, `in X`) and the
    /// name is one of the city's own names in some language rather than a shortening of its
    /// name (`Tombouctou` is Timbuktu in French; `Oklahoma` only shortens Oklahoma City).
    fn add_seat_bonus(
        &self,
        places: &[&Place],
        own_name: Option<u64>,
        located: bool,
        s: &mut Scores,
    ) {
        let w = self.weights;
        let division = places
            .iter()
            .zip(s.iter())
            .filter(|(p, _)| p.is_admin1())
            .max_by(|a, b| a.1 .1.total_cmp(&b.1 .1))
            .map(|(p, _)| (p.country.as_str(), p.admin1.as_str(), p.name_key_hash));
        let Some((c, a, division_name)) = division else {
            return;
        };
        let own = |h: u64| own_name == Some(h);
        for (p, (_, score)) in places.iter().zip(s.iter_mut()) {
            if p.class() == 'P'
                && p.country == c
                && p.admin1 == a
                && (own(p.name_key_hash)
                    || !own(division_name)
                    || p.population >= w.world_city
                    || (located && !shortens(&p.name, places, division_name)))
            {
                *score += w.seat;
            }
        }
    }
}

/// Whether the division's name (`division_name`, a key hash) is a shortening of the city's own
/// name `city` (`Oklahoma` of `Oklahoma City`): the city's own key starts with the division's
/// own key, word for word.
fn shortens(city: &str, places: &[&Place], division_name: u64) -> bool {
    let Some(city) = sitrep_text::name_key(city) else {
        return false;
    };
    places
        .iter()
        .filter(|d| d.is_admin1() && d.name_key_hash == division_name)
        .filter_map(|d| sitrep_text::name_key(&d.name))
        .any(|k| city.len() > k.len() && city.starts_with(&k) && city[k.len()..].starts_with(' '))
}

#[cfg(test)]
mod tests {
    use crate::testing::{parsed, Read};

    fn feature_of(read: &[Read], name: &str) -> String {
        read.iter()
            .find(|(s, _)| s == name)
            .and_then(|(_, r)| r.as_ref().map(|(_, f)| f.clone()))
            .unwrap_or_default()
    }

    #[test]
    fn an_admin_noun_selects_the_division_and_a_seat_the_city() {
        let city = parsed("en", "Shelling hit Homs on Monday.");
        assert!(feature_of(&city, "Homs").starts_with('P'), "{city:?}");
        let province = parsed("en", "Shelling hit Homs province on Monday.");
        assert_eq!(feature_of(&province, "Homs"), "A.ADM1", "{province:?}");
    }

    #[test]
    fn in_a_city_named_like_its_province_is_the_city() {
        let city = parsed(
            "fr",
            "Des manifestants se sont rassemblés à Tombouctou lundi.",
        );
        assert_eq!(feature_of(&city, "Tombouctou"), "P.PPLA", "{city:?}");
        let region = parsed(
            "fr",
            "Le gouverneur de la région de Tombouctou a parlé lundi.",
        );
        assert_eq!(feature_of(&region, "Tombouctou"), "A.ADM1", "{region:?}");
        // `Oklahoma` only shortens Oklahoma City's name: the state.
        let state = parsed("en", "Storms caused damage in Oklahoma on Monday.");
        assert_eq!(feature_of(&state, "Oklahoma"), "A.ADM1", "{state:?}");
    }

    #[test]
    fn a_comma_qualifier_wins_over_population() {
        let read = parsed("en", "A storm hit Paris, Texas, overnight.");
        assert_eq!(
            read.iter()
                .find(|(s, _)| s == "Paris")
                .and_then(|(_, r)| r.clone())
                .map(|r| r.0),
            Some("US".into())
        );
    }
}
