//! Anchors: where an unresolved name is. An initialism takes the reading of the name it
//! abbreviates; any other unresolved name hangs on a resolved mention that can contain a
//! village (a city, a division, a region), chosen by sentence, then by the area the document
//! is mostly about, then by distance in the text.

use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet as HashSet;

use sitrep_gazetteer::Place;

use crate::doc::Doc;
use crate::mention::{Lookup, Mention};
use crate::GeoParser;

/// Letters of an initialism (`UAE`, `DRC`).
const INITIALISM_LETTERS: std::ops::RangeInclusive<usize> = 2..=5;

/// What a resolved mention can contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    /// A continent: contains nothing an anchor can use.
    Continent,
    /// A country: the anchor of last resort.
    Country,
    /// A city, a division, a region: can contain a village or a street.
    Local,
}

impl GeoParser<'_> {
    /// Unresolved names hang on a resolved mention that can contain a village (a city, a
    /// division, a region): the nearest one in the same sentence, preceding first (`les
    /// villages d'al-Kachma et de Qariba, près de Deir ez-Zor`, `on Baghdad Street in Mosul`);
    /// else the nearest one, preceding first, inside the area the document is mostly about
    /// (its dominant first-level division, else its dominant country), so that a foreign city
    /// named in passing does not take the document's unknown names; else the nearest
    /// preceding, then following one; else a country.
    pub(crate) fn anchor_unresolved(&self, doc: &Doc, mentions: &mut [Mention]) {
        self.resolve_initialisms(doc, mentions);
        let container = |m: &Mention| -> Option<Container> {
            let (id, _) = m.resolved?;
            let p = self.gaz.place(id);
            Some(if p.is_country() {
                Container::Country
            } else if p.is_continent() {
                Container::Continent
            } else {
                Container::Local
            })
        };
        if mentions.iter().all(|m| m.resolved.is_some()) {
            return;
        }
        let (country, admin1) = self.dominant_area(doc, mentions);
        let in_area = |m: &Mention| {
            let Some((id, _)) = m.resolved else {
                return false;
            };
            let p = self.gaz.place(id);
            match (&country, &admin1) {
                (Some(c), Some(a)) => &p.country == c && &p.admin1 == a,
                (Some(c), None) => &p.country == c,
                _ => false,
            }
        };
        let sentence = |m: &Mention| doc.sentence_of(m.span.start);
        for i in 0..mentions.len() {
            if mentions[i].resolved.is_some() {
                continue;
            }
            let is_container = |k: &usize| container(&mentions[*k]) == Some(Container::Local);
            let before = (0..i).rev().find(is_container);
            let after = (i + 1..mentions.len()).find(is_container);
            let same_sentence = |k: &usize| {
                sentence(&mentions[*k]).is_some()
                    && sentence(&mentions[*k]) == sentence(&mentions[i])
            };
            let here = before.filter(same_sentence).or(after.filter(same_sentence));
            // In the area, a town before a division: an unknown street or building is in a
            // town the document names, and its point is nearer than the division's.
            let town = |k: &usize| {
                mentions[*k]
                    .resolved
                    .is_some_and(|(id, _)| self.gaz.place(id).class() == 'P')
            };
            let nearest_in_area = |want_town: bool| {
                (0..i)
                    .rev()
                    .chain(i + 1..mentions.len())
                    .find(|k| is_container(k) && in_area(&mentions[*k]) && (!want_town || town(k)))
            };
            let area = nearest_in_area(true).or_else(|| nearest_in_area(false));
            let country =
                (0..mentions.len()).find(|&k| container(&mentions[k]) == Some(Container::Country));
            mentions[i].anchor = here.or(area).or(before).or(after).or(country);
        }
    }

    /// An unresolved all-caps initialism takes the reading of the document's name it
    /// abbreviates (`DRC` after `Democratic Republic of the Congo`, `UAE` after `United Arab
    /// Emirates`): the initials of that name's capitalised words.
    fn resolve_initialisms(&self, doc: &Doc, mentions: &mut [Mention]) {
        let initials = |s: &str| -> String {
            s.split(|c: char| c.is_whitespace() || c == '-')
                .filter_map(|w| w.chars().next())
                .filter(|c| c.is_uppercase())
                .collect()
        };
        for i in 0..mentions.len() {
            if mentions[i].resolved.is_some() {
                continue;
            }
            let surface = &doc.text[mentions[i].span.clone()];
            let letters: String = surface.chars().filter(|c| c.is_alphabetic()).collect();
            let n = letters.chars().count();
            if !INITIALISM_LETTERS.contains(&n)
                || !letters.chars().all(char::is_uppercase)
                || surface.chars().any(char::is_whitespace)
            {
                continue;
            }
            let found = mentions.iter().find_map(|o| {
                let text = &doc.text[o.span.clone()];
                (o.resolved.is_some()
                    && o.lookup != Lookup::Inner
                    && text.split_whitespace().count() >= 2
                    && initials(text) == letters)
                    .then_some(o.resolved)
                    .flatten()
            });
            if let Some(reading) = found {
                mentions[i].resolved = Some(reading);
            }
        }
    }

    /// The country most of the document's distinct resolved names lie in, and within it the
    /// first-level division most of them lie in, each only when it has at least two names and
    /// more than any other.
    fn dominant_area(&self, doc: &Doc, mentions: &[Mention]) -> (Option<String>, Option<String>) {
        fn winner<'k>(counts: &HashMap<&'k str, usize>) -> Option<&'k str> {
            let mut v: Vec<(&str, usize)> = counts.iter().map(|(k, n)| (*k, *n)).collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            match v.as_slice() {
                [(k, n), rest @ ..] if *n >= 2 && rest.first().is_none_or(|r| r.1 < *n) => Some(k),
                _ => None,
            }
        }
        let mut seen: HashSet<&str> = HashSet::default();
        let places: Vec<&Place> = mentions
            .iter()
            .filter(|m| m.lookup != Lookup::Inner && seen.insert(&doc.text[m.span.clone()]))
            .filter_map(|m| m.resolved)
            .map(|(id, _)| self.gaz.place(id))
            .filter(|p| !p.country.is_empty())
            .collect();
        let mut countries: HashMap<&str, usize> = HashMap::default();
        for p in &places {
            *countries.entry(p.country.as_str()).or_default() += 1;
        }
        let Some(country) = winner(&countries) else {
            return (None, None);
        };
        let mut divisions: HashMap<&str, usize> = HashMap::default();
        for p in places
            .iter()
            .filter(|p| p.country == country && !p.is_country())
        {
            if !p.admin1.is_empty() {
                *divisions.entry(p.admin1.as_str()).or_default() += 1;
            }
        }
        (
            Some(country.to_string()),
            winner(&divisions).map(str::to_string),
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::with_doc;

    #[test]
    fn an_unknown_street_hangs_on_the_town_of_its_sentence() {
        let text = "Police closed Tarrow Street in Aleppo. Later, talks resumed in Geneva.";
        with_doc("en", text, |p, doc| {
            let mut mentions = p.recognise(doc);
            p.add_speculative(doc, &mut mentions);
            p.extend_with_name_nouns(doc, &mut mentions);
            p.resolve(doc, &mut mentions);
            let street = mentions
                .iter()
                .find(|m| &text[m.span.clone()] == "Tarrow Street")
                .expect("the street is kept");
            let anchor = street.anchor.map(|k| &text[mentions[k].span.clone()]);
            assert_eq!(anchor, Some("Aleppo"));
        });
    }

    #[test]
    fn an_initialism_takes_the_reading_of_the_name_it_abbreviates() {
        let text = "Flights from the United Arab Emirates resumed; the UAE said so.";
        with_doc("en", text, |p, doc| {
            let mut mentions = p.recognise(doc);
            p.add_speculative(doc, &mut mentions);
            p.resolve(doc, &mut mentions);
            let reading = |name: &str| {
                mentions
                    .iter()
                    .find(|m| &text[m.span.clone()] == name)
                    .and_then(|m| m.resolved.map(|r| r.0))
            };
            assert!(reading("UAE").is_some());
            assert_eq!(reading("UAE"), reading("United Arab Emirates"));
        });
    }
}
