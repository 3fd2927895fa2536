//! The document's resolved place mentions as the coder uses them: byte ranges into the text,
//! wire-story datelines marked, and the tests that say whether a place is broad and whether two
//! places can be the location of one event.

use std::ops::Range;

use sitrep_schema::PlaceMention;
use sitrep_text::CharOffsets;

/// A usable place mention with its byte range.
pub(crate) struct Place<'a> {
    pub mention: &'a PlaceMention,
    pub bytes: Range<usize>,
    /// The dateline of a wire story (`BAMAKO, April 12 -`, `HOUSTON (AP) -`): where the
    /// reporter files from, used for an event only when its clause names no other place.
    pub dateline: bool,
    /// It qualifies the place before it, in parentheses or after a comma (`Kati (Koulikoro)`,
    /// `Boulkessi (Mondoro, Douentza, Mopti)`, `Tyr, Liban`): it says where that place is and
    /// is never the event's location in its stead.
    pub qualifier: bool,
}

/// An event's or a clause's place: an index into the usable places, and whether it was
/// inherited from earlier text (the clause itself names no place).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PlaceRef {
    pub index: usize,
    pub inherited: bool,
}

impl Place<'_> {
    /// A whole country or something wider (a continent, the European Union, a sea): the
    /// least specific place an event can have, used only when nothing narrower is named.
    pub fn is_broad(&self) -> bool {
        let m = self.mention;
        m.feature
            .as_deref()
            .is_some_and(|f| f.starts_with("A.PCL") || f == "L.CONT")
            || (m.resolved && m.country_code.is_none())
    }

    /// Whether this place can say where `town` is: `town` is narrower than a country, and this
    /// place is in the same country and is a country, or in the same first-level division, or
    /// `town` is an unknown place (its own division unknown).
    fn can_qualify(&self, town: &Place) -> bool {
        let (q, t) = (self.mention, town.mention);
        !town.is_broad()
            && q.country_code.is_some()
            && q.country_code == t.country_code
            && (self.is_broad() || !t.resolved || (q.admin1.is_some() && q.admin1 == t.admin1))
    }

    /// Whether `other` is anchored to this place (`al-Kachma, near Deir ez-Zor`).
    pub fn anchors(&self, other: &Place) -> bool {
        other
            .mention
            .anchor
            .as_ref()
            .is_some_and(|an| same_place(&an.name, an.geonameid, self.mention))
    }
}

fn same_place(name: &str, geonameid: Option<u32>, m: &PlaceMention) -> bool {
    (geonameid.is_some() && geonameid == m.geonameid) || name == m.name
}

/// Whether two places can be the location of one event: the same place, one anchored to the
/// other, two places anchored to the same one, or two places of the same first-level division.
pub(crate) fn compatible(a: &PlaceMention, b: &PlaceMention) -> bool {
    let anchored = |x: &PlaceMention, y: &PlaceMention| {
        x.anchor
            .as_ref()
            .is_some_and(|an| same_place(&an.name, an.geonameid, y))
    };
    let siblings = matches!((&a.anchor, &b.anchor), (Some(x), Some(y)) if x.name == y.name);
    let same_admin = a.admin1.is_some()
        && a.admin1 == b.admin1
        && a.country_code.is_some()
        && a.country_code == b.country_code;
    same_place(&a.name, a.geonameid, b)
        || anchored(a, b)
        || anchored(b, a)
        || siblings
        || same_admin
}

/// Places with valid offsets, converted to byte ranges, in text order.
pub(crate) fn usable<'a>(
    places: &'a [PlaceMention],
    text: &str,
    offsets: &CharOffsets,
) -> Vec<Place<'a>> {
    let n_chars = offsets.char_of(text.len());
    let mut out: Vec<Place> = places
        .iter()
        .filter(|p| p.start < p.end && p.end <= n_chars)
        .map(|p| {
            let bytes = offsets.byte_of(p.start)..offsets.byte_of(p.end);
            Place {
                mention: p,
                dateline: is_dateline(text, &bytes),
                bytes,
                qualifier: false,
            }
        })
        .collect();
    out.sort_by_key(|p| p.bytes.start);
    mark_qualifiers(&mut out, text);
    out
}

/// Marks the places that qualify the place before them: each follows the previous place of its
/// chain with only spaces, commas and an opening parenthesis between (at least one of the two
/// marks), and can say where the chain's first place is ([`Place::can_qualify`]).
fn mark_qualifiers(places: &mut [Place], text: &str) {
    let mut head = 0;
    for j in 1..places.len() {
        let gap = text
            .get(places[j - 1].bytes.end..places[j].bytes.start)
            .unwrap_or("");
        let joined = gap.contains([',', '('])
            && gap
                .chars()
                .all(|c| c.is_whitespace() || matches!(c, ',' | '(' | ')'));
        let in_chain = j - 1 == head || places[j - 1].qualifier;
        if joined && in_chain && places[j].can_qualify(&places[head]) {
            places[j].qualifier = true;
        } else {
            head = j;
        }
    }
}

/// Whether the place at `bytes` opens a wire-story dateline: written in capitals, first on its
/// line (after symbols), and followed by a comma, a dash or an agency in parentheses.
fn is_dateline(text: &str, bytes: &Range<usize>) -> bool {
    let name = &text[bytes.clone()];
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 || name.chars().any(char::is_lowercase) {
        return false;
    }
    let line_start = text[..bytes.start].rfind('\n').map_or(0, |i| i + 1);
    let first_on_line = !text[line_start..bytes.start]
        .chars()
        .any(char::is_alphanumeric);
    let after = text[bytes.end..].trim_start_matches([' ', '\u{a0}']);
    first_on_line && after.starts_with([',', '(', '-', '–', '—'])
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use sitrep_schema::Anchor;

    /// A resolved mention of an invented place (no admin1 when `admin1` is empty).
    pub fn mention(name: &str, id: u32, admin1: &str, feature: &str) -> PlaceMention {
        PlaceMention {
            start: 0,
            end: 0,
            text: name.into(),
            name: name.into(),
            geonameid: Some(id),
            lat: Some(1.0),
            lon: Some(2.0),
            country_code: Some("ZZ".into()),
            admin1: (!admin1.is_empty()).then(|| admin1.into()),
            feature: Some(feature.into()),
            precision: 1,
            score: 1.0,
            resolved: true,
            qualifier: None,
            anchor: None,
        }
    }

    /// `m` anchored to `to` (`m, near to`).
    pub fn anchored(mut m: PlaceMention, to: &PlaceMention) -> PlaceMention {
        m.anchor = Some(Anchor {
            name: to.name.clone(),
            geonameid: to.geonameid,
            start: 0,
            end: 0,
        });
        m
    }

    /// `m` at code points `start..end` of its text.
    fn at(mut m: PlaceMention, start: usize, end: usize) -> PlaceMention {
        (m.start, m.end) = (start, end);
        m
    }

    #[test]
    fn divisions_in_parentheses_or_after_a_comma_qualify_the_town() {
        let text = "Gunmen attacked Eastford (Northshire, Zedland) and Mapleton, Westbrook.";
        let (t, f) = (text, |s: &str| text.find(s).unwrap());
        let mut region = mention("Northshire", 2, "North", "A.ADM1");
        region.admin1 = Some("North".into());
        let places = [
            at(
                mention("Eastford", 1, "North", "P.PPL"),
                f("Eastford"),
                f("Eastford") + 8,
            ),
            at(region, f("Northshire"), f("Northshire") + 10),
            at(
                mention("Zedland", 3, "", "A.PCLI"),
                f("Zedland"),
                f("Zedland") + 7,
            ),
            at(
                mention("Mapleton", 4, "South", "P.PPL"),
                f("Mapleton"),
                f("Mapleton") + 8,
            ),
            // A town of another division after a comma: a list, not a qualifier.
            at(
                mention("Westbrook", 5, "North", "P.PPL"),
                f("Westbrook"),
                f("Westbrook") + 9,
            ),
        ];
        let offsets = CharOffsets::new(t);
        let got: Vec<bool> = usable(&places, t, &offsets)
            .iter()
            .map(|p| p.qualifier)
            .collect();
        assert_eq!(got, [false, true, true, false, false]);
        // A town after a country is not its qualifier (`in Zedland, Eastford`).
        let text = "In Zedland, Eastford was shelled.";
        let places = [
            at(mention("Zedland", 3, "", "A.PCLI"), 3, 10),
            at(mention("Eastford", 1, "North", "P.PPL"), 12, 20),
        ];
        let offsets = CharOffsets::new(text);
        assert!(usable(&places, text, &offsets).iter().all(|p| !p.qualifier));
    }

    #[test]
    fn datelines_are_capitals_first_on_their_line() {
        let text = "NORTHVILLE, May 2 - Gunmen attacked Northville.";
        assert!(is_dateline(text, &(0..10)));
        assert!(!is_dateline(text, &(36..46)));
        assert!(!is_dateline("Northville, May 2", &(0..10)));
    }

    #[test]
    fn broad_places_and_compatibility() {
        let town = mention("Eastford", 1, "North", "P.PPL");
        let village = mention("Westbrook", 2, "North", "P.PPL");
        let far = mention("Southgate", 3, "South", "P.PPL");
        let country = mention("Zedland", 4, "", "A.PCLI");
        let near = anchored(mention("Hilltop", 5, "South", "P.PPL"), &town);
        assert!(compatible(&town, &village), "same first-level division");
        assert!(!compatible(&town, &far));
        assert!(
            compatible(&town, &near) && compatible(&near, &town),
            "anchored"
        );
        let p = |m| Place {
            mention: m,
            bytes: 0..1,
            dateline: false,
            qualifier: false,
        };
        assert!(p(&country).is_broad() && !p(&town).is_broad());
        assert!(p(&town).anchors(&p(&near)) && !p(&near).anchors(&p(&town)));
    }
}
