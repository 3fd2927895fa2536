//! The support rules, after scoring: readings that the rest of the document does not support
//! are dropped or replaced.
//!
//! - A place name found inside a longer given span keeps a minor reading only next to the
//!   document's other places ([`GeoParser::drop_far_inner_readings`]).
//! - A given span read as a minor place far from every other place gives way to a namesake
//!   among them, else to its anchor ([`GeoParser::replace_doubtful_given`]).
//! - Weak and unplaced mentions (see [`Support`]) stay only with support
//!   ([`GeoParser::drop_unsupported`]).

use sitrep_gazetteer::Place;

use crate::distance::haversine;
use crate::mention::{Lookup, Mention, Origin, Support};
use crate::resolve::Scores;
use crate::GeoParser;

/// Whether `p` lies within `km` of one of `others`, inside one of them that is its first-level
/// division, or is the first-level division one of them lies in.
pub(crate) fn near_any(p: &Place, others: &[&Place], km: f32) -> bool {
    others.iter().any(|q| {
        ((q.is_admin1() || p.is_admin1()) && q.country == p.country && q.admin1 == p.admin1)
            || haversine(p.lat, p.lon, q.lat, q.lon) <= km
    })
}

impl GeoParser<'_> {
    /// The readings of the resolved mentions that `keep` selects, countries and continents left
    /// out: the document's local places, against which a doubtful reading is checked.
    fn local_readings(&self, mentions: &[Mention], keep: impl Fn(&Mention) -> bool) -> Vec<&Place> {
        mentions
            .iter()
            .filter(|m| keep(m))
            .filter_map(|m| m.resolved)
            .map(|(id, _)| self.gaz.place(id))
            .filter(|p| !p.is_country() && !p.is_continent())
            .collect()
    }

    /// A name found inside a longer span (`Jones` in `Robert Jones Tennis Club`) keeps a minor
    /// reading only next to the document's other places (within
    /// [`crate::Weights::inner_name_km`], or in a resolved division it lies in); otherwise the
    /// span is left to its anchor.
    pub(crate) fn drop_far_inner_readings(&self, mentions: &mut [Mention]) {
        let support = self.local_readings(mentions, |m| m.lookup != Lookup::Inner);
        for m in mentions.iter_mut().filter(|m| m.lookup == Lookup::Inner) {
            let Some((id, _)) = m.resolved else { continue };
            if !self.is_important(&[id])
                && !near_any(self.gaz.place(id), &support, self.weights.inner_name_km)
            {
                m.resolved = None;
            }
        }
    }

    /// A given span read as a minor place far from every other place of the document is
    /// doubtful. Another reading of the same name among the document's places replaces it
    /// (`Springfield` in a story about Illinois towns, first read as Springfield, Missouri);
    /// without one, the name is a street or a building of the document's area rather than a
    /// namesake elsewhere (`Colfax` in a Denver story, read as Colfax, California): it is left
    /// to its anchor, as the recogniser would not have kept it ([`Support::Unplaced`]).
    pub(crate) fn replace_doubtful_given(&self, mentions: &mut [Mention], scored: &[Scores]) {
        let km = self.weights.support_km;
        let readings: Vec<(u32, &Place)> = mentions
            .iter()
            .filter(|o| o.lookup != Lookup::Inner)
            .filter_map(|o| {
                let id = o.resolved?.0;
                Some((id, self.gaz.place(id)))
            })
            .filter(|(_, q)| !q.is_continent())
            .collect();
        // Each doubtful mention, with the reading that replaces it (and its confidence) or none.
        let mut doubtful: Vec<(usize, Option<(u32, f32)>)> = Vec::new();
        for (i, m) in mentions.iter().enumerate() {
            let Some((id, _)) = m.resolved else {
                continue;
            };
            if m.origin != Origin::Given || m.lookup == Lookup::Inner || self.is_important(&[id]) {
                continue;
            }
            let p = self.gaz.place(id);
            // Other places: the same reading repeated three times is no support for itself.
            let others = readings.iter().filter(|(other, _)| *other != id);
            // Its country named in the document is support enough (`Tartus` in a story about
            // Syria that also names Paris).
            let own_country = others
                .clone()
                .any(|(_, q)| q.is_country() && q.country == p.country);
            let local: Vec<&Place> = others
                .filter(|(_, q)| !q.is_country())
                .map(|(_, q)| *q)
                .collect();
            if own_country || local.is_empty() || near_any(p, &local, km) {
                continue;
            }
            let s = &scored[i];
            let alternative = s
                .iter()
                .filter(|&&(o, _)| o != id && near_any(self.gaz.place(o), &local, km))
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|&(o, v)| (o, self.confidence(m, s, v)));
            doubtful.push((i, alternative));
        }
        for (i, alternative) in doubtful {
            mentions[i].resolved = alternative;
        }
    }

    /// Drops the weak and unplaced mentions without support: a weak mention stays when another
    /// (not weak) mention's reading is in its country and a placed mention lies near it; an
    /// unplaced one when a placed mention's reading lies within
    /// [`crate::Weights::support_km`] of its own (the same name placed elsewhere in the
    /// document, or a neighbouring town), or is the first-level division it lies in.
    pub(crate) fn drop_unsupported(&self, mentions: &mut Vec<Mention>) {
        let km = self.weights.support_km;
        let country_of = |m: &Mention| {
            m.resolved
                .map(|(id, _)| self.gaz.place(id).country.as_str())
        };
        let by_country: Vec<bool> = (0..mentions.len())
            .map(|i| {
                let Some(c) = country_of(&mentions[i]).filter(|c| !c.is_empty()) else {
                    return true;
                };
                mentions
                    .iter()
                    .enumerate()
                    .any(|(k, o)| k != i && o.support != Support::Weak && country_of(o) == Some(c))
            })
            .collect();
        let placed = self.local_readings(mentions, |m| {
            m.support == Support::Standalone && m.lookup != Lookup::Inner
        });
        let near_placed = |m: &Mention| {
            m.resolved
                .is_none_or(|(id, _)| near_any(self.gaz.place(id), &placed, km))
        };
        // The countries the document names, and the readings of the mentions that need
        // context, for [`Support::Context`].
        let named_countries: Vec<&str> = mentions
            .iter()
            .filter(|m| m.support == Support::Standalone)
            .filter_map(|m| m.resolved)
            .map(|(id, _)| self.gaz.place(id))
            .filter(|p| p.is_country())
            .map(|p| p.country.as_str())
            .collect();
        let in_context: Vec<(u32, &Place)> = mentions
            .iter()
            .filter(|m| m.support == Support::Context)
            .filter_map(|m| m.resolved)
            .map(|(id, _)| (id, self.gaz.place(id)))
            .collect();
        let context_supported = |m: &Mention| {
            let Some((id, _)) = m.resolved else {
                return true;
            };
            let p = self.gaz.place(id);
            near_placed(m)
                || named_countries.contains(&p.country.as_str())
                || in_context.iter().any(|&(o, q)| {
                    o != id && q.name_key_hash != p.name_key_hash && near_any(p, &[q], km)
                })
        };
        let keep: Vec<bool> = mentions
            .iter()
            .zip(by_country)
            .map(|(m, by_country)| match m.support {
                Support::Standalone => true,
                Support::Weak => by_country && near_placed(m),
                Support::Unplaced => near_placed(m),
                Support::Context => context_supported(m),
            })
            .collect();
        let mut keep = keep.iter();
        mentions.retain(|_| *keep.next().unwrap_or(&true));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::parser;

    #[test]
    fn near_means_within_the_radius_or_the_same_first_level_division() {
        let p = parser();
        let first = |name: &str, feature: &str| {
            let ids = p.gaz.lookup(name);
            let id = ids
                .iter()
                .copied()
                .find(|&id| p.gaz.place(id).country == "SY" && p.gaz.place(id).feature == feature)
                .unwrap_or_else(|| panic!("{name} {feature}"));
            p.gaz.place(id)
        };
        let homs = first("Homs", "P.PPLA");
        let hama = first("Hama", "P.PPLA");
        let aleppo = first("Aleppo", "P.PPLA");
        let aleppo_province = first("Aleppo", "A.ADM1");
        assert!(near_any(homs, &[hama], 100.0));
        assert!(!near_any(homs, &[aleppo], 100.0));
        assert!(near_any(aleppo, &[homs, aleppo_province], 1.0));
        assert!(near_any(aleppo_province, &[aleppo], 1.0));
    }
}
