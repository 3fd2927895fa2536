//! The second pass of resolution, spatial coherence: a reading gains when some reading of
//! another name in the document lies close to it (`Paris` next to `Edgar County` is Paris,
//! Illinois), and a little when the other names' first choices are near. Bounded: the best
//! readings of each name, and the nearest other names in the text.

use rustc_hash::FxHashSet as HashSet;

use sitrep_gazetteer::Place;

use crate::distance::EARTH_KM;
use crate::doc::Doc;
use crate::mention::Mention;
use crate::resolve::Scores;
use crate::GeoParser;

/// Readings of each other name that lend proximity (its best-scored ones).
const READINGS: usize = 20;
/// Other names that lend proximity to a mention (the nearest in the text).
const NEIGHBOURS: usize = 24;

impl GeoParser<'_> {
    /// Adds the proximity terms to every mention's scores.
    pub(crate) fn add_coherence(&self, doc: &Doc, mentions: &[Mention], scored: &mut [Scores]) {
        let text = doc.text;
        // One entry per distinct surface with readings; a division's code lends nothing.
        let distinct: Vec<usize> = {
            let mut seen: HashSet<&str> = HashSet::default();
            (0..mentions.len())
                .filter(|&k| {
                    !mentions[k].candidates.is_empty()
                        && mentions[k].votes()
                        && seen.insert(&text[mentions[k].span.clone()])
                })
                .collect()
        };
        let top: Vec<Vec<u32>> = scored.iter().map(|s| self.best_readings(s)).collect();
        for (mi, s) in scored.iter_mut().enumerate() {
            if s.len() < 2 {
                continue;
            }
            let surface = &text[mentions[mi].span.clone()];
            let mut neighbours: Vec<usize> = distinct
                .iter()
                .copied()
                .filter(|&k| &text[mentions[k].span.clone()] != surface)
                .collect();
            neighbours.sort_by_key(|&k| mentions[k].span.start.abs_diff(mentions[mi].span.start));
            neighbours.truncate(NEIGHBOURS);
            if neighbours.is_empty() {
                continue;
            }
            // The neighbours' readings, gathered once: (place, is a first choice).
            let points: Vec<(&Place, bool)> = neighbours
                .iter()
                .flat_map(|&k| {
                    top[k]
                        .iter()
                        .enumerate()
                        .map(|(rank, &o)| (self.gaz.place(o), rank == 0))
                })
                .collect();
            for (id, score) in s.iter_mut() {
                *score += self.proximity(self.gaz.place(*id), &points);
            }
        }
    }

    /// The best-scored readings of a name that lend proximity (countries and continents,
    /// single points of whole territories, do not).
    fn best_readings(&self, s: &Scores) -> Vec<u32> {
        let mut v = s.clone();
        v.sort_by(|a, b| b.1.total_cmp(&a.1));
        v.into_iter()
            .map(|(id, _)| id)
            .filter(|&id| {
                let p = self.gaz.place(id);
                !p.is_country() && !p.is_continent()
            })
            .take(READINGS)
            .collect()
    }

    /// What the other names' readings `points` (place, is a first choice) add to reading `p`.
    fn proximity(&self, p: &Place, points: &[(&Place, bool)]) -> f32 {
        let w = self.weights;
        // A country or a first-level division is close to the readings inside it: its one
        // point says little about a whole territory (`Mexico` among Mexican towns is the
        // country, not Mexico City; `California` among Californian towns the state, not
        // California, West Virginia).
        if p.is_country() || p.is_admin1() {
            let inside =
                |q: &Place| q.country == p.country && (p.is_country() || q.admin1 == p.admin1);
            let any = points.iter().any(|&(q, _)| inside(q));
            let first = points.iter().any(|&(q, f)| f && inside(q));
            return w.territory_any * f32::from(u8::from(any))
                + w.territory_first * f32::from(u8::from(first));
        }
        // Closeness exp(-d / scale) falls with distance: find the nearest readings first
        // (equirectangular, squared, in degrees, scaled at this reading's latitude), then take
        // one square root and one exponential each.
        let kx = p.lat.to_radians().cos();
        let mut nearest_any = f32::INFINITY;
        let mut nearest_first = f32::INFINITY;
        for &(q, first) in points {
            let (dx, dy) = ((q.lon - p.lon) * kx, q.lat - p.lat);
            let d2 = dx * dx + dy * dy;
            nearest_any = nearest_any.min(d2);
            if first {
                nearest_first = nearest_first.min(d2);
            }
        }
        let closeness = |d2: f32| {
            if d2.is_finite() {
                let km = EARTH_KM * d2.sqrt().to_radians();
                (-km / w.closeness_km).exp()
            } else {
                0.0
            }
        };
        w.near_any_reading * closeness(nearest_any) + w.near_first_choice * closeness(nearest_first)
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::parser;

    #[test]
    fn a_reading_near_another_names_readings_gains() {
        let p = parser();
        let places = |name: &str| -> Vec<&sitrep_gazetteer::Place> {
            p.gaz
                .lookup(name)
                .iter()
                .map(|&id| p.gaz.place(id))
                .collect()
        };
        let paris_fr = places("Paris")
            .into_iter()
            .find(|q| q.country == "FR")
            .unwrap();
        let paris_il = places("Paris")
            .into_iter()
            .find(|q| q.country == "US" && q.admin1 == "IL")
            .unwrap();
        let edgar: Vec<(&sitrep_gazetteer::Place, bool)> = places("Edgar County")
            .into_iter()
            .filter(|q| q.admin1 == "IL")
            .map(|q| (q, true))
            .collect();
        assert!(!edgar.is_empty());
        let near = p.proximity(paris_il, &edgar);
        let far = p.proximity(paris_fr, &edgar);
        assert!(near > 1.0 && far < 1e-3, "{near} {far}");
    }

    #[test]
    fn a_territory_is_close_to_the_readings_inside_it() {
        let p = parser();
        let mexico = p
            .gaz
            .lookup("Mexico")
            .iter()
            .map(|&id| p.gaz.place(id))
            .find(|q| q.is_country())
            .unwrap();
        let puebla = p
            .gaz
            .lookup("Puebla")
            .iter()
            .map(|&id| p.gaz.place(id))
            .find(|q| q.country == "MX")
            .unwrap();
        let w = p.weights;
        assert_eq!(
            p.proximity(mexico, &[(puebla, true)]),
            w.territory_any + w.territory_first
        );
        assert_eq!(p.proximity(mexico, &[(puebla, false)]), w.territory_any);
    }
}
