//! The event's location is the most specific place its report names. A clause takes a place it
//! names itself, preferring any place over a wire-story dateline and a town over a whole
//! country; a clause that names none inherits the nearest place before it (again a narrower one
//! over a country). When clauses join one event, a place the text names outranks an inherited
//! one, and a place anchored to the current one ("al-Kachma, near Deir ez-Zor") or narrower
//! than it replaces it. A country or wider place is coded with geo-precision 3.

use std::ops::Range;

use crate::place::{Place, PlaceRef};

/// The place of the clause spanning the byte range `clause`.
pub(crate) fn of_clause(places: &[Place], clause: &Range<usize>) -> Option<PlaceRef> {
    let own = places
        .iter()
        .enumerate()
        .filter(|(_, p)| clause.contains(&p.bytes.start))
        .min_by_key(|(_, p)| (p.dateline, p.is_broad()))
        .map(|(index, _)| PlaceRef {
            index,
            inherited: false,
        });
    own.or_else(|| {
        preceding(places, clause.start).map(|index| PlaceRef {
            index,
            inherited: true,
        })
    })
}

/// The nearest place before byte `at`, preferring one that is not a whole country or wider.
fn preceding(places: &[Place], at: usize) -> Option<usize> {
    let before = || {
        places
            .iter()
            .enumerate()
            .filter(|(_, p)| p.bytes.end <= at)
            .rev()
    };
    before()
        .find(|(_, p)| !p.is_broad())
        .or_else(|| before().next())
        .map(|(i, _)| i)
}

/// The place of an event when a clause with place `new` joins it.
pub(crate) fn merge(
    current: Option<PlaceRef>,
    new: Option<PlaceRef>,
    places: &[Place],
) -> Option<PlaceRef> {
    match (current, new) {
        (None, p) => p,
        (Some(c), Some(n)) if c.inherited && !n.inherited => Some(n),
        (Some(c), Some(n)) if !c.inherited && !n.inherited => {
            let (a, b) = (&places[c.index], &places[n.index]);
            if a.anchors(b) || (a.is_broad() && !b.is_broad()) {
                Some(n)
            } else {
                Some(c)
            }
        }
        (p, _) => p,
    }
}

/// The rule's sentence in `Event::rules` when the event's place is inherited.
pub(crate) const INHERITED_NOTE: &str = "no place in the sentence: nearest preceding place used";

/// ACLED's geo-precision: 3 for a country or wider, else the mention's own (1 to 3).
pub(crate) fn geo_precision(place: &Place) -> u8 {
    if place.is_broad() {
        3
    } else {
        place.mention.precision.clamp(1, 3)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::place::tests::{anchored, mention};
    use sitrep_schema::PlaceMention;

    fn at<'a>(m: &'a PlaceMention, bytes: Range<usize>, dateline: bool) -> Place<'a> {
        Place {
            mention: m,
            bytes,
            dateline,
        }
    }

    fn named(index: usize) -> Option<PlaceRef> {
        Some(PlaceRef {
            index,
            inherited: false,
        })
    }

    #[test]
    fn a_clause_prefers_a_town_it_names_and_else_inherits() {
        let (dl, country, town) = (
            mention("Port Amber", 1, "Coast", "P.PPLC"),
            mention("Zedland", 2, "", "A.PCLI"),
            mention("Eastford", 3, "North", "P.PPL"),
        );
        let places = [
            at(&dl, 0..10, true),
            at(&country, 20..27, false),
            at(&town, 40..48, false),
        ];
        // The clause names the country and the town: the town.
        assert_eq!(of_clause(&places, &(15..60)), named(2));
        // The clause names the dateline and the country: the country beats the dateline.
        assert_eq!(of_clause(&places, &(0..30)), named(1));
        // A later clause naming nothing inherits the town, not the country.
        let inherited = of_clause(&places, &(60..90)).unwrap();
        assert_eq!((inherited.index, inherited.inherited), (2, true));
        // Before the town, the nearest place narrower than a country is the dateline; with no
        // such place, the country.
        assert_eq!(of_clause(&places, &(30..35)).map(|p| p.index), Some(0));
        assert_eq!(of_clause(&places[1..], &(30..35)).map(|p| p.index), Some(0));
    }

    #[test]
    fn named_and_anchored_places_replace_others() {
        let (town, country) = (
            mention("Eastford", 1, "North", "P.PPL"),
            mention("Zedland", 2, "", "A.PCLI"),
        );
        let near = anchored(mention("Hilltop", 3, "North", "P.PPL"), &town);
        let other = mention("Westbrook", 4, "North", "P.PPL");
        let places = [
            at(&town, 0..8, false),
            at(&country, 10..17, false),
            at(&near, 20..27, false),
            at(&other, 30..39, false),
        ];
        let inherited = Some(PlaceRef {
            index: 0,
            inherited: true,
        });
        assert_eq!(merge(None, named(3), &places), named(3));
        assert_eq!(merge(inherited, named(3), &places), named(3));
        assert_eq!(merge(named(0), named(2), &places), named(2), "anchored");
        assert_eq!(merge(named(1), named(3), &places), named(3), "narrower");
        assert_eq!(merge(named(0), named(3), &places), named(0), "first kept");
        assert_eq!(merge(named(0), inherited, &places), named(0));
        assert_eq!(merge(named(0), None, &places), named(0));
    }

    #[test]
    fn countries_have_precision_three() {
        let (town, country) = (
            mention("Eastford", 1, "North", "P.PPL"),
            mention("Zedland", 2, "", "A.PCLI"),
        );
        assert_eq!(geo_precision(&at(&town, 0..1, false)), 1);
        assert_eq!(geo_precision(&at(&country, 0..1, false)), 3);
    }
}
