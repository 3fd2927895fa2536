//! Countries abbreviated in results lists: sports results and rankings give each
//! competitor's country as an abbreviation in parentheses right after the name (`1. Durand
//! (Fr) 4 h 12'`, `2. Muster (Aut, à 3")`). A document holding at least [`MIN_ENTRIES`] of
//! them reads each abbreviation of its language's table (`[country_abbreviation]` in
//! `geo.txt`, `abbreviation | ISO code`) as that country.

use crate::doc::Doc;
use crate::mention::{Mention, Origin, Support};
use crate::GeoParser;

/// Fewest abbreviations in parentheses after names for a document to read them as a results
/// list: one `(Fr)` after a word may be anything (a currency, a footnote, an initial), a
/// series of them is a ranking.
const MIN_ENTRIES: usize = 2;

impl GeoParser<'_> {
    /// Adds the country abbreviations of a results list (see the module documentation); an
    /// abbreviation the gazetteer walk read as something else (`Ho`, a town in Ghana) takes
    /// the country's reading.
    pub(crate) fn add_country_abbreviations(&self, doc: &Doc, mentions: &mut Vec<Mention>) {
        let table = &doc.lang.geo.country_abbreviation;
        if table.is_empty() {
            return;
        }
        let toks = doc.tokens;
        let found: Vec<(usize, u32)> = (1..toks.len())
            .filter_map(|i| {
                let tok = &toks[i];
                let iso = table.get(&doc.text[tok.start..tok.end])?;
                // Right after a capitalised word (the competitor's name) and an opening
                // parenthesis, and closed by the parenthesis or a comma (`(It, à 12")`).
                let name = &toks[i - 1];
                let opens = doc.text[name.end..tok.start].trim_start() == "(";
                let after = doc.text[tok.end..].trim_start();
                let closes = after.starts_with(')') || after.starts_with(',');
                (name.capitalized && opens && closes)
                    .then(|| self.gaz.country(iso))
                    .flatten()
                    .map(|id| (i, id))
            })
            .collect();
        if found.len() < MIN_ENTRIES {
            return;
        }
        for (i, id) in found {
            let span = toks[i].start..toks[i].end;
            let overlapping = mentions
                .iter()
                .position(|m| m.span.start < span.end && span.start < m.span.end);
            match overlapping {
                Some(k) if mentions[k].span == span => {
                    let m = &mut mentions[k];
                    m.candidates = vec![id];
                    m.origin = Origin::Recognised;
                    m.support = Support::Standalone;
                }
                // Inside a longer name: the name stands.
                Some(_) => {}
                None => {
                    let at = mentions.partition_point(|m| m.span.start < span.start);
                    mentions.insert(at, Mention::new(Origin::Recognised, span, i, i, vec![id]));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::with_doc;

    fn abbreviations(lang: &str, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        with_doc(lang, text, |p, doc| {
            let mut mentions = Vec::new();
            p.add_country_abbreviations(doc, &mut mentions);
            out = mentions
                .iter()
                .map(|m| {
                    let iso = &p.gaz.place(m.candidates[0]).country;
                    format!("{} {iso}", &text[m.span.clone()])
                })
                .collect();
        });
        out
    }

    #[test]
    fn a_results_list_names_the_competitors_countries() {
        let got = abbreviations(
            "fr",
            "Slalom géant : 1. Durandal (Fr) 2'03\". 2. Bergmann (Aut, à 0\"4). 3. Rossi (It).",
        );
        assert_eq!(got, ["Fr FR", "Aut AT", "It IT"]);
    }

    #[test]
    fn one_abbreviation_or_one_out_of_place_is_not_a_list() {
        // A lone abbreviation after a name.
        assert!(abbreviations("fr", "Le vainqueur, Durandal (Fr), a dominé la course.").is_empty());
        // Not after a name, not in parentheses, not closed: nothing to read.
        assert!(abbreviations("fr", "les prix (Fr) et les taxes (Esp) montent").is_empty());
        assert!(abbreviations("fr", "Durandal Fr et Rossi It.").is_empty());
        assert!(abbreviations("fr", "Durandal (Fr mais Rossi (It mais").is_empty());
    }

    #[test]
    fn the_table_is_the_language_s_own() {
        // English lists no abbreviation: its results use other conventions.
        assert!(abbreviations("en", "1. Durandal (Fr) 2. Rossi (It)").is_empty());
    }
}
