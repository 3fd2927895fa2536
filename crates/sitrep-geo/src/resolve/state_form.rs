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
    /// Reads the language's definite descriptors of a capital (`la capital`, `the capital`,
    /// `العاصمة`) as the capital (GeoNames `P.PPLC`) of the document's country: the country
    /// most of the document's resolved places lie in, strictly ahead of any other. With no
    /// such country nothing is read (never a default country). Not when a word of
    /// `[capital_not_before]` follows (`la capital de…`: another thing's capital; `capital
    /// social`: money), nor when the next word (past a comma) opens a mention: the apposition
    /// names the capital itself (`la capital, Ankara`). A descriptor inside a longer mention
    /// stays that mention's.
    pub(crate) fn resolve_capital_words(&self, doc: &Doc, mentions: &mut Vec<Mention>, add: bool) {
        let cues = &doc.lang.geo;
        if cues.capital.is_empty() {
            return;
        }
        let toks = doc.tokens;
        let mut country: Option<Option<(u32, f32)>> = None;
        let mut set = Vec::new();
        let mut added = Vec::new();
        for (i, tok) in toks.iter().enumerate() {
            // The phrase's last word is the descriptor; in Arabic script a word may carry up
            // to two proclitic letters before it (`بالعاصمة`).
            let Some(skip) = cues.capital.iter().find_map(|p| {
                let n = p.len();
                if n == 0 || i + 1 < n {
                    return None;
                }
                let before = toks[i + 1 - n..i].iter().zip(p);
                if !before.into_iter().all(|(t, w)| t.norm == *w) {
                    return None;
                }
                let last = &p[n - 1];
                let max = if tok.is_arabic() { 2 } else { 0 };
                (0..=max).find(|&k| {
                    tok.norm
                        .char_indices()
                        .nth(k)
                        .is_some_and(|(b, _)| tok.norm[b..] == **last)
                })
            }) else {
                continue;
            };
            if toks
                .get(i + 1)
                .is_some_and(|t| cues.capital_not_before.contains(t.norm.as_str()))
            {
                continue;
            }
            let next_opens = |j: usize| mentions.iter().any(|m| m.first_token == j);
            if next_opens(i + 1) {
                continue;
            }
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
            let country = *country.get_or_insert_with(|| self.capital_in_context(mentions));
            let Some((capital, confidence)) = country else {
                continue;
            };
            match covering {
                Some(k) => set.push((k, capital, confidence)),
                None => {
                    let start = tok.letters_in(doc.text, skip);
                    let mut m = Mention::new(Origin::Context, start..tok.end, i, i, vec![capital]);
                    m.support = Support::Context;
                    m.resolved = Some((capital, confidence));
                    added.push(m);
                }
            }
        }
        for (k, capital, confidence) in set {
            let m = &mut mentions[k];
            m.candidates = vec![capital];
            m.resolved = Some((capital, confidence));
            m.anchor = None;
        }
        if !added.is_empty() {
            mentions.extend(added);
            mentions.sort_by_key(|m| m.span.start);
        }
    }

    /// The capital of the country most of the resolved `mentions` lie in (strictly more than
    /// any other), and that country's share of them.
    fn capital_in_context(&self, mentions: &[Mention]) -> Option<(u32, f32)> {
        let mut votes: Vec<(&str, usize)> = Vec::new();
        for m in mentions {
            let Some((id, _)) = m.resolved else { continue };
            let cc = self.gaz.place(id).country.as_str();
            if cc.is_empty() {
                continue;
            }
            match votes.iter_mut().find(|v| v.0 == cc) {
                Some(v) => v.1 += 1,
                None => votes.push((cc, 1)),
            }
        }
        votes.sort_by_key(|v| std::cmp::Reverse(v.1));
        let total: usize = votes.iter().map(|v| v.1).sum();
        let (cc, n) = match votes[..] {
            [v] => v,
            [v, w, ..] if v.1 > w.1 => v,
            _ => return None,
        };
        // A capital is asked for rarely (a descriptor with a country in context): a scan of the
        // places costs less than an index every document would pay for at load.
        let capital = self
            .gaz
            .places()
            .iter()
            .position(|p| p.country == cc && p.feature == "P.PPLC")?;
        Some((capital as u32, n as f32 / total as f32))
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{country_of, parsed, Read};

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

    /// The readings of `word` in `read` (country and feature code).
    fn readings_of<'r>(read: &'r [Read], word: &str) -> Vec<&'r Option<(String, String)>> {
        read.iter()
            .filter(|(s, _)| s == word)
            .map(|(_, r)| r)
            .collect()
    }

    #[test]
    fn the_capital_is_the_document_s_country_s_capital() {
        let cases = [
            (
                "es",
                "Hubo disturbios en Valparaíso y Antofagasta, y miles marcharon en la capital.",
                "capital",
                "CL",
            ),
            (
                "fr",
                "Après Lyon et Marseille, la grève a gagné la capitale mardi.",
                "capitale",
                "FR",
            ),
            (
                "en",
                "After clashes in Mombasa and Kisumu, protesters marched in the capital.",
                "capital",
                "KE",
            ),
            (
                "ar",
                "أمطار غزيرة في الزرقاء وإربد، وتحذيرات من السيول في العاصمة.",
                "العاصمة",
                "JO",
            ),
            (
                "ar",
                "اشتباكات في حمص وحماة، وهدوء حذر بالعاصمة.",
                "العاصمة",
                "SY",
            ),
        ];
        for (lang, text, word, cc) in cases {
            let read = parsed(lang, text);
            let got = readings_of(&read, word);
            assert_eq!(
                got,
                [&Some((cc.to_string(), "P.PPLC".to_string()))],
                "{lang}: {read:?}"
            );
        }
    }

    #[test]
    fn a_capital_word_that_is_not_the_country_s_capital_is_left_alone() {
        for (lang, text, word) in [
            // No country in context: never a default.
            (
                "es",
                "Miles de personas marcharon ayer en la capital.",
                "capital",
            ),
            ("ar", "تظاهر الآلاف أمس في العاصمة.", "العاصمة"),
            // Indefinite, or without the article.
            (
                "en",
                "Protests in Mombasa, a capital city of trade.",
                "capital",
            ),
            (
                "es",
                "En Valparaíso piden la pena capital para el acusado.",
                "capital",
            ),
            // Money.
            (
                "fr",
                "À Lyon, le capital de la société a doublé.",
                "capital",
            ),
            (
                "es",
                "En Valparaíso, la capital social de la empresa creció.",
                "capital",
            ),
            // Another thing's capital.
            (
                "es",
                "Disturbios en Antofagasta y en la capital del estado vecino.",
                "capital",
            ),
            (
                "en",
                "Clashes in Mombasa and in the capital of the coast region.",
                "capital",
            ),
        ] {
            let read = parsed(lang, text);
            assert!(read.iter().all(|(s, _)| s != word), "{lang}: {read:?}");
        }
    }

    #[test]
    fn an_apposition_or_a_longer_name_keeps_its_own_reading() {
        // `la capital, Lima`: the named capital is the place, the descriptor is not repeated.
        let read = parsed(
            "es",
            "Hubo protestas en Arequipa y en la capital, Lima, el lunes.",
        );
        assert!(read.iter().all(|(s, _)| s != "capital"), "{read:?}");
        assert_eq!(country_of(&read, "Lima").as_deref(), Some("PE"), "{read:?}");
        // `المملكة المتحدة` stays the United Kingdom, `Reino Unido` too.
        let read = parsed("ar", "وصل الوفد من عمّان إلى المملكة المتحدة أمس.");
        assert!(read.iter().all(|(s, _)| s != "المملكة"), "{read:?}");
        assert_eq!(
            country_of(&read, "المملكة المتحدة").as_deref(),
            Some("GB"),
            "{read:?}"
        );
        let read = parsed("es", "Desde Rabat, la delegación viajó al Reino Unido.");
        assert!(
            read.iter()
                .any(|(s, r)| s.ends_with("Reino Unido")
                    && r.as_ref().is_some_and(|(cc, _)| cc == "GB")),
            "{read:?}"
        );
        assert!(read.iter().all(|(s, _)| s != "Reino"), "{read:?}");
    }
}
