//! A form of state standing for a country: `المملكة` ("the Kingdom") in a Saudi or Jordanian
//! story, `the Kingdom`, `le Royaume`, `el Reino`, `السلطنة` in an Omani one. The language's
//! words for it (`[state_form]` of `geo.txt`) refer to the country of the document whose name
//! starts with that word (`Kingdom of Saudi Arabia`, `المملكة العربية السعودية`, `سلطنة عمان`):
//! the country is read from the gazetteer's names, never listed by hand.
//!
//! Only when the document's resolved places lie in such a country: a word with no such country
//! in context, or a tie between two, is left alone (a story about Morocco and Jordan says which
//! kingdom only through its syntax). The reading's confidence is the share of the document's
//! places in the chosen country among those in any country the word may name.
//!
//! Runs after [`super`]'s resolution (it needs the document's readings), on the recognised
//! mentions and on given spans alike (given spans get no new mention).

use sitrep_gazetteer::Index;

use crate::doc::Doc;
use crate::mention::{Mention, Origin, Support};
use crate::GeoParser;

impl GeoParser<'_> {
    /// Reads the language's state-form words as the document's country (see the module
    /// documentation): an unresolved one-word mention of such a word gets the country, and,
    /// when `add`, a word no mention covers becomes a mention.
    pub(crate) fn resolve_state_forms(&self, doc: &Doc, mentions: &mut Vec<Mention>, add: bool) {
        let forms = &doc.lang.geo.state_form;
        if forms.is_empty() {
            return;
        }
        let toks = doc.tokens;
        // The document's readings, counted before any state form is read.
        let mut readings: Option<Vec<&str>> = None;
        let mut set: Vec<(usize, u32, f32)> = Vec::new();
        let mut added = Vec::new();
        for (i, tok) in toks.iter().enumerate() {
            // In Latin script the word is a name only capitalised, and a capital opening a
            // sentence says nothing (`Kingdom of Heaven`, `Royaume-Uni` are covered by their
            // own names); tested first, as it is cheaper than the lookup.
            if !tok.is_arabic() && (!tok.capitalized || doc.starts_sentence(i)) {
                continue;
            }
            let Some((letters, key)) = tok.key_variants().find(|(_, k)| forms.contains(*k)) else {
                continue;
            };
            let covering = mentions
                .iter()
                .position(|m| m.first_token <= i && i <= m.last_token);
            match covering {
                Some(k) => {
                    let m = &mentions[k];
                    if m.resolved.is_some() || m.first_token != i || m.last_token != i {
                        continue;
                    }
                }
                None if !add => continue,
                None => {}
            }
            let readings = readings.get_or_insert_with(|| {
                mentions
                    .iter()
                    .filter_map(|m| m.resolved)
                    .map(|(id, _)| self.gaz.place(id).country.as_str())
                    .filter(|c| !c.is_empty())
                    .collect()
            });
            let Some((country, confidence)) = self.country_of_state_form(key, readings) else {
                continue;
            };
            match covering {
                Some(k) => set.push((k, country, confidence)),
                None => {
                    let start = tok.letters_in(doc.text, letters);
                    let mut m = Mention::new(Origin::Context, start..tok.end, i, i, vec![country]);
                    m.support = Support::Context;
                    m.resolved = Some((country, confidence));
                    added.push(m);
                }
            }
        }
        for (k, country, confidence) in set {
            let m = &mut mentions[k];
            m.candidates = vec![country];
            m.resolved = Some((country, confidence));
            m.anchor = None;
        }
        if !added.is_empty() {
            mentions.extend(added);
            mentions.sort_by_key(|m| m.span.start);
        }
    }

    /// The country a state-form word with matching key `key` names among the countries of the
    /// document's `readings`, and the share of those readings it has.
    fn country_of_state_form(&self, key: &str, readings: &[&str]) -> Option<(u32, f32)> {
        let mut votes: Vec<(u32, usize)> = self
            .gaz
            .places_named_from_word(Index::Names, key)
            .into_iter()
            .filter(|&id| self.gaz.place(id).is_country())
            .map(|id| {
                let cc = self.gaz.place(id).country.as_str();
                (id, readings.iter().filter(|&&c| c == cc).count())
            })
            .filter(|&(_, n)| n > 0)
            .collect();
        votes.sort_by_key(|v| std::cmp::Reverse(v.1));
        let total: usize = votes.iter().map(|v| v.1).sum();
        match votes[..] {
            [(id, n)] => Some((id, n as f32 / total as f32)),
            [(id, n), (_, m), ..] if n > m => Some((id, n as f32 / total as f32)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{country_of, parsed};

    #[test]
    fn the_kingdom_is_the_document_s_kingdom() {
        let cases = [
            (
                "ar",
                "أعلنت الرياض اليوم أن المملكة سترسل مساعدات.",
                "المملكة",
                "SA",
            ),
            (
                "ar",
                "أمطار غزيرة في عمّان والزرقاء، وحذرت المملكة من السيول.",
                "المملكة",
                "JO",
            ),
            (
                "en",
                "Officials in Riyadh said the Kingdom would send aid.",
                "Kingdom",
                "SA",
            ),
            (
                "fr",
                "Des heurts à Rabat et à Casablanca : le Royaume a démenti.",
                "Royaume",
                "MA",
            ),
            (
                "es",
                "Hubo protestas en Rabat y el Reino negó los hechos.",
                "Reino",
                "MA",
            ),
        ];
        for (lang, text, word, cc) in cases {
            let read = parsed(lang, text);
            assert_eq!(
                country_of(&read, word).as_deref(),
                Some(cc),
                "{lang}: {read:?}"
            );
        }
    }

    #[test]
    fn without_a_kingdom_in_context_the_word_is_left_alone() {
        for (lang, text, word) in [
            ("ar", "قالت المملكة إنها سترسل مساعدات.", "المملكة"),
            (
                "ar",
                "أمطار في القاهرة، وقالت المملكة إنها سترسل مساعدات.",
                "المملكة",
            ),
            (
                "en",
                "Floods hit Cairo and the Kingdom sent aid.",
                "Kingdom",
            ),
            ("fr", "Le Royaume a démenti hier soir.", "Royaume"),
        ] {
            let read = parsed(lang, text);
            assert!(read.iter().all(|(s, _)| s != word), "{lang}: {read:?}");
        }
    }

    #[test]
    fn a_tie_between_two_kingdoms_is_left_alone() {
        let read = parsed(
            "en",
            "Talks in Rabat and Amman ended; the Kingdom said nothing.",
        );
        assert!(read.iter().all(|(s, _)| s != "Kingdom"), "{read:?}");
    }
}
