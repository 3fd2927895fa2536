//! Venues of programme listings: the entertainment pages of a newspaper list each theatre,
//! cinema or music hall in capitals followed by the time of the show (`CHÂTELET. — 8 h. 30 :
//! Les Burgraves`, `OLYMPIA, 8.45, Revue`). In a document holding at least
//! [`MIN_ENTRIES`] such entries, each capitalised name before a time is a venue: a place the
//! gazetteer usually lacks, located like a street by the document's places.
//!
//! A time is a number of hours (at most 24) followed by an hour mark of the language
//! (`[hour_mark]` in `geo.txt`: `h`) or by a dot or colon and two digits (`8.30`, `20:45`).

use sitrep_text::{Sep, Token};

use crate::doc::Doc;
use crate::mention::{Mention, Origin, Support};
use crate::GeoParser;

/// Fewest venue entries for a document to be read as a listing: two capitalised names before
/// a time may be a headline and a dateline, three in one text are a programme.
const MIN_ENTRIES: usize = 3;
/// Most words of a venue's name (`COM. CH. ELYSÉES`, `THÉÂTRE DE LA MADELEINE`).
const MAX_WORDS: usize = 4;
/// Longest word that keeps a dot inside a venue's name (`TH.`, `COM.`).
const MAX_ABBREVIATION: usize = 3;
/// Most bytes of punctuation and spaces between a venue and its time (`. — `).
const MAX_GAP: usize = 8;

/// A word written in capitals: two letters or more all upper case, or one capital letter
/// (`S.-BERNHARDT`).
fn is_upper(tok: &Token) -> bool {
    !tok.has_digit && (tok.all_caps || (tok.capitalized && tok.norm.chars().count() == 1))
}

impl GeoParser<'_> {
    /// Adds the venues of a programme listing (see the module documentation).
    pub(crate) fn add_listing_venues(&self, doc: &Doc, mentions: &mut Vec<Mention>) {
        let toks = doc.tokens;
        let mut entries: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            if !is_upper(&toks[i]) || (i > 0 && is_upper(&toks[i - 1]) && joins(&toks[i - 1])) {
                i += 1;
                continue;
            }
            let mut end = i;
            while end + 1 < toks.len()
                && end + 1 - i < MAX_WORDS
                && joins(&toks[end])
                && is_upper(&toks[end + 1])
            {
                end += 1;
            }
            if starts_with_time(&doc.text[toks[end].end..], &doc.lang.geo.hour_mark) {
                entries.push((i, end));
            }
            i = end + 1;
        }
        if entries.len() < MIN_ENTRIES {
            return;
        }
        for (first, last) in entries {
            let span = toks[first].start..toks[last].end;
            if let Some(m) = mentions.iter_mut().find(|m| m.span == span) {
                m.support = Support::Standalone;
                continue;
            }
            mentions.retain(|m| m.span.end <= span.start || span.end <= m.span.start);
            let at = mentions.partition_point(|m| m.span.start < span.start);
            let mut m = Mention::new(
                Origin::Speculative { located: true },
                span,
                first,
                last,
                Vec::new(),
            );
            m.support = Support::Standalone;
            mentions.insert(at, m);
        }
    }
}

/// Whether a capitalised word and the next one belong to one name: a space, a hyphen, an
/// apostrophe, or the dot of a short abbreviation (`TH. ANTOINE`).
fn joins(tok: &Token) -> bool {
    match tok.sep {
        Sep::Space | Sep::Hyphen | Sep::Apostrophe => true,
        Sep::Dot => tok.norm.chars().count() <= MAX_ABBREVIATION,
        _ => false,
    }
}

/// Whether `rest` opens, after a little punctuation, with a time of day: `8 h. 30`, `9 h`,
/// `8.45`, `20:30`.
fn starts_with_time(rest: &str, hour_marks: &[String]) -> bool {
    let gap = rest
        .char_indices()
        .take_while(|&(_, c)| !c.is_alphanumeric() && c != '\n')
        .last()
        .map_or(0, |(k, c)| k + c.len_utf8());
    if gap > MAX_GAP {
        return false;
    }
    let rest = &rest[gap..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 || rest[..digits].parse::<u32>().map_or(true, |h| h > 24) {
        return false;
    }
    let rest = &rest[digits..];
    // `8.30`, `20:45`: two digits after the dot or colon, then no further digit.
    let minutes = rest.strip_prefix(['.', ':']).is_some_and(|m| {
        let b = m.as_bytes();
        b.len() >= 2
            && b[0].is_ascii_digit()
            && b[1].is_ascii_digit()
            && b.get(2).is_none_or(|c| !c.is_ascii_digit())
    });
    // `8 h`, `8 h. 30`, `9h`: an hour mark as a word of its own.
    let marked = {
        let word = rest.trim_start_matches(' ');
        let len = word
            .char_indices()
            .find(|&(_, c)| !c.is_alphabetic())
            .map_or(word.len(), |(k, _)| k);
        len > 0 && hour_marks.iter().any(|h| *h == word[..len])
    };
    minutes || marked
}

#[cfg(test)]
mod tests {
    use crate::testing::with_doc;

    use super::starts_with_time;

    fn venues(lang: &str, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        with_doc(lang, text, |p, doc| {
            let mut mentions = Vec::new();
            p.add_listing_venues(doc, &mut mentions);
            out = mentions
                .iter()
                .map(|m| text[m.span.clone()].to_string())
                .collect();
        });
        out
    }

    #[test]
    fn times_of_day() {
        let h = ["h".to_string()];
        for yes in [
            ". — 8 h. 30 : X",
            ", 8.45, X",
            " 9 h., X",
            " 20:30",
            " 9h X",
        ] {
            assert!(starts_with_time(yes, &h), "{yes}");
        }
        for no in [
            ", 1934, X",
            " 8.305",
            " 35.10",
            " 8 heures",
            ". Relâche",
            "\n8 h",
        ] {
            assert!(!starts_with_time(no, &h), "{no}");
        }
    }

    #[test]
    fn a_programme_lists_its_venues() {
        let got = venues(
            "fr",
            "Spectacles. BOUFFES-MARVAUX. — 8 h. 30 : La Veuve. TH. BERLINOT, 8.45, Le Mari. \
             NOCTURNES DE LA GARE 9 h., Revue. ALCAZAR. Relâche.",
        );
        assert_eq!(
            got,
            ["BOUFFES-MARVAUX", "TH. BERLINOT", "NOCTURNES DE LA GARE"]
        );
    }

    #[test]
    fn fewer_than_three_entries_are_not_a_programme() {
        let got = venues(
            "fr",
            "DERNIÈRE HEURE. — 8 h. 30 : le ministre est arrivé. PARIS, 9 h.",
        );
        assert!(got.is_empty(), "{got:?}");
        // Capitals before a year or a count are no time.
        let got = venues(
            "fr",
            "ONU, 1945. OTAN, 1949. UE, 1993. CEE 1957 et 12 membres.",
        );
        assert!(got.is_empty(), "{got:?}");
    }
}
