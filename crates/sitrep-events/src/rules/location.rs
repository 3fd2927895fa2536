//! The event's location is the most specific place its report names. A clause takes a place it
//! names itself, preferring any place over a wire-story dateline, a town over a province or
//! region (geo-precision 3) and both over a whole country; a clause that names none inherits
//! the nearest place before it (again a narrower one over a country). A place that qualifies
//! the one before it (`Kati (Koulikoro)`, `Tyr, Liban`: [`Place::qualifier`]) and a place named
//! inside the name of something else (`les accords de paix de Washington`, `the Minsk
//! agreements`: [`in_name`]) are never taken. When clauses join one event, a place the text
//! names outranks an inherited one unless it is wider than a country's part, and a place
//! anchored to the current one ("al-Kachma, near Deir ez-Zor") or narrower than it replaces
//! it. A country or wider place is coded with geo-precision 3.

use std::ops::Range;

use sitrep_text::Token;

use crate::lexicon::Cue;
use crate::place::{Place, PlaceRef};
use crate::scan::Scan;

/// How many words may stand between a name noun and the place in its complement (`accords de
/// paix de Washington`: `de paix de`).
const NAME_WINDOW: usize = 3;

/// Whether a place is usable as a location: not a qualifier, not inside another name.
fn usable(p: &Place, in_name: &[bool], index: usize) -> bool {
    !p.qualifier && !in_name.get(index).copied().unwrap_or(false)
}

/// The place of the clause spanning the byte range `clause`; `in_name[i]` says whether place
/// `i` is named inside another name ([`in_name`]).
pub(crate) fn of_clause(
    places: &[Place],
    clause: &Range<usize>,
    in_name: &[bool],
) -> Option<PlaceRef> {
    let own = places
        .iter()
        .enumerate()
        .filter(|(i, p)| clause.contains(&p.bytes.start) && usable(p, in_name, *i))
        .min_by_key(|(_, p)| (p.dateline, p.is_broad(), geo_precision(p) >= 3))
        .map(|(index, _)| PlaceRef {
            index,
            inherited: false,
        });
    own.or_else(|| {
        preceding(places, clause.start, in_name).map(|index| PlaceRef {
            index,
            inherited: true,
        })
    })
}

/// Whether the place at token `first..end` is named inside the name of something else: a
/// `name_noun` cue (`accords`, `agreement`, `traité`, `conferencia`) right before it, or before
/// it with genitives, determiners and lowercase words between and a genitive last (`les accords
/// de paix de Washington`), or after it when a determiner opens the phrase (`the Minsk
/// agreements`).
pub(crate) fn in_name(scan: &Scan, tokens: &[Token], first: usize, end: usize) -> bool {
    let filler =
        |t: usize| scan.cue_at(Cue::Of, t) || scan.cue_at(Cue::Det, t) || !tokens[t].capitalized;
    // Right after the noun (`اتفاق الدوحة`), or after a genitive that ends the words between
    // (`accords de paix de Washington`; not `agreements failed in Donetsk`).
    let genitive = first > 0 && scan.cue_at(Cue::Of, first - 1);
    let before = scan.cues.iter().any(|c| {
        c.cue == Cue::NameNoun
            && c.end <= first
            && (c.end == first
                || (genitive && first - c.end <= NAME_WINDOW && (c.end..first).all(filler)))
    });
    // A determiner, the place and the noun, at most one lowercase word between (`the Minsk
    // agreements`, `the Washington peace accords`; not `en Santo Domingo contra acuerdos`).
    let determined = first > 0 && scan.cue_at(Cue::Det, first - 1);
    let after = determined
        && scan.cues.iter().any(|c| {
            c.cue == Cue::NameNoun
                && c.start >= end
                && c.start - end <= 1
                && (end..c.start).all(|t| !tokens[t].capitalized && !scan.cue_at(Cue::Of, t))
        });
    before || after
}

/// The nearest usable place before byte `at`, preferring one that is not a whole country or
/// wider.
fn preceding(places: &[Place], at: usize, in_name: &[bool]) -> Option<usize> {
    let before = || {
        places
            .iter()
            .enumerate()
            .filter(|(i, p)| p.bytes.end <= at && usable(p, in_name, *i))
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
        // A country never replaces a narrower place, even an inherited one.
        (Some(c), Some(n)) if places[n.index].is_broad() && !places[c.index].is_broad() => Some(c),
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
            qualifier: false,
        }
    }

    fn of_clause(places: &[Place], clause: &Range<usize>) -> Option<PlaceRef> {
        super::of_clause(places, clause, &[])
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
        // A country named later never replaces a town, even an inherited one.
        assert_eq!(merge(inherited, named(1), &places), inherited, "country");
    }

    #[test]
    fn a_town_beats_its_province_and_qualifiers_and_names_are_never_taken() {
        let (province, town, other) = (
            mention("Northshire", 1, "North", "A.ADM1"),
            mention("Eastford", 2, "North", "P.PPL"),
            mention("Westbrook", 3, "North", "P.PPL"),
        );
        let mut province = province;
        province.precision = 3;
        let mut qualifier = at(&other, 30..39, false);
        qualifier.qualifier = true;
        let places = [
            at(&province, 0..10, false),
            at(&town, 20..28, false),
            qualifier,
        ];
        // The province first in the clause, the town later: the town.
        assert_eq!(of_clause(&places, &(0..40)), named(1));
        // A clause with only a qualifier inherits the town before it.
        let got = of_clause(&places, &(29..40)).unwrap();
        assert_eq!((got.index, got.inherited), (1, true));
        // A town named inside a name: the province.
        assert_eq!(
            super::of_clause(&places, &(0..40), &[false, true, false]),
            named(0)
        );
    }

    #[test]
    fn places_inside_names() {
        let found = |lang: &str, text: &str, place: &str| {
            let s = crate::rules::testing::scan(lang, text);
            let first = s
                .tokens
                .iter()
                .position(|t| &text[t.start..t.end] == place)
                .expect("the place is a token");
            in_name(&s.scan, &s.tokens, first, first + 1)
        };
        let fr = "Les accords de paix de Genève restent lettre morte à Gao.";
        assert!(found("fr", fr, "Genève"));
        assert!(!found("fr", fr, "Gao"));
        assert!(found(
            "en",
            "The Minsk agreements failed in Donetsk.",
            "Minsk"
        ));
        assert!(!found(
            "en",
            "The Minsk agreements failed in Donetsk.",
            "Donetsk"
        ));
        assert!(!found("en", "Rebels shelled Minsk on Monday.", "Minsk"));
        assert!(found("en", "They signed the Oslo peace accords.", "Oslo"));
        let es = "Protestas en Bogotá contra acuerdos del gobierno";
        assert!(!found("es", es, "Bogotá"));
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
