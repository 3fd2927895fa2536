//! The context filters: whether a gazetteer match, read in its sentence, names a place.
//!
//! Each test rejects one kind of false match; [`GeoParser::plausible`] runs them cheapest
//! first. A new filter is one more function here, called from `plausible`.

use rustc_hash::FxHashSet as HashSet;

use sitrep_gazetteer::index::Kind;
use sitrep_gazetteer::{Index, Place};
use sitrep_text::Sep;

use crate::doc::Doc;
use crate::lexicon::{class, NameNoun};
use crate::recognise::is_code;
use crate::GeoParser;

/// Most words between an organisation noun and the preposition before a place name in the
/// organisation's name: `Conseil de l'Ecole polytechnique de X` has four (`de l'Ecole
/// polytechnique`). A verb in between is not recognised as such: the short reach, and the
/// words that stop the walk back (see `in_an_organisation_name`), keep to the noun's phrase.
const MAX_ORGANISATION_WORDS: usize = 4;

/// A gazetteer match under test.
struct Candidate<'k> {
    /// Tokens `first..=last`; `head` is the first word that carries the name (after a leading
    /// article).
    first: usize,
    last: usize,
    head: usize,
    /// One word (besides a leading article).
    single: bool,
    arabic: bool,
    ids: &'k [u32],
    /// The matching key of the whole match.
    key: String,
    /// Some reading is a well-known place (see [`GeoParser::is_important`]).
    important: bool,
}

/// A name inside a hashtag of several words (`#Deir_ez_Zor`, `#floods_Ruritania`) is a
/// place only when it is the whole hashtag, or all of it after settlement, admin or facility
/// nouns and directions (`#city_of_X` in languages that put the noun first). A hashtag that
/// names a topic with a place in it (floods in Ruritania) tags the tweet with that topic; it
/// does not say where something is, and the place, when it matters, is named in the text.
fn fits_its_hashtag(doc: &Doc, first: usize, last: usize) -> bool {
    let tag = doc.hashtag(first).or(doc.hashtag(last));
    let Some((tag_first, tag_last)) = tag else {
        return true;
    };
    let nouns = &doc.lang.geo.name_noun_before;
    last == tag_last
        && first >= tag_first
        && (tag_first..first).all(|i| {
            doc.is_any(
                i,
                class::ANY_SETTLEMENT | class::ANY_ADMIN | class::DIRECTION,
            ) || doc.tokens[i]
                .key_variants()
                .any(|(_, k)| nouns.contains_key(k))
        })
}

/// Whether the name starting at token `first` ends an organisation's or a publication's name
/// (`la Banque de X`, `Gazette de X`, `le Grand conseil de X`, `Académie de musique de X`): a
/// capitalised noun of the language's `organisation` list, or one after a capitalised
/// adjective, then at most [`MAX_ORGANISATION_WORDS`] words of the same phrase, then a
/// preposition. The place names the organisation's seat or owner; the text is not locating
/// anything there (`l'ambassade de France` is not in France). Lowercase nouns are common nouns
/// (`la banque de la ville`), and facilities where things happen (hospitals, schools, courts)
/// are not listed: an event there is at their town.
fn in_an_organisation_name(doc: &Doc, first: usize) -> bool {
    let toks = doc.tokens;
    let phrase = |i: usize| matches!(toks[i].sep, Sep::Space | Sep::Apostrophe | Sep::Hyphen);
    if first < 2 || !doc.is(first - 1, class::PREPOSITION) || !phrase(first - 1) {
        return false;
    }
    let nearest = first.saturating_sub(2 + MAX_ORGANISATION_WORDS);
    for k in (nearest..first - 1).rev() {
        // A comma, a full stop or a locative word that is not the linking preposition (`à`,
        // `dans`) ends the organisation's name (`l'Union à l'Exposition de X`); so does a
        // facility, settlement or admin noun, which the place belongs to (`la Banque finance
        // l'hôpital de X`: the hospital is in X).
        let nearer_noun = doc.is_any(k, class::ANY_SETTLEMENT | class::ANY_ADMIN)
            || doc.lang.geo.name_noun_before.get(toks[k].norm.as_str())
                == Some(&NameNoun::Facility);
        if !phrase(k)
            || (doc.is(k, class::LOCATIVE) && !doc.is(k, class::PREPOSITION))
            || nearer_noun
        {
            return false;
        }
        if doc.is(k, class::ORGANISATION) {
            let adjective = k > 0
                && toks[k - 1].capitalized
                && toks[k - 1].sep == Sep::Space
                && !doc.is(k - 1, class::PREPOSITION);
            return toks[k].capitalized || adjective;
        }
    }
    false
}

impl GeoParser<'_> {
    fn places<'p>(&'p self, c: &'p Candidate) -> impl Iterator<Item = &'p Place> + 'p {
        c.ids.iter().map(|&id| self.gaz.place(id))
    }

    /// The context filters for a gazetteer match covering tokens `first..=last`.
    pub(crate) fn plausible(
        &self,
        doc: &Doc,
        surnames: &HashSet<&str>,
        first: usize,
        last: usize,
        ids: &[u32],
    ) -> bool {
        let toks = doc.tokens;
        let head = doc.head(first, last);
        let arabic = toks[head].is_arabic();
        // Cheapest test first: most matches are lowercase words.
        if !arabic && !toks[head].capitalized && !toks[last].capitalized {
            return false;
        }
        let c = Candidate {
            first,
            last,
            head,
            single: head == last,
            arabic,
            ids,
            key: doc.key_of(first, last),
            important: self.is_important(ids),
        };
        self.may_name_a_place(doc, &c)
            && fits_its_hashtag(doc, first, last)
            && self.is_written_as_a_name(doc, &c)
            && (!c.single || self.one_word_is_a_name(doc, surnames, &c))
            && !self.follows_a_person_title(doc, &c)
            && (c.arabic || !in_an_organisation_name(doc, first))
            && (c.arabic || self.stands_alone(doc, &c))
    }

    /// Names that are never places, and demonyms (some spellings are both: `Siria` is Spanish
    /// for Syria and the feminine of `sirio`, so a reading that is the demonym's own country
    /// wins).
    fn may_name_a_place(&self, doc: &Doc, c: &Candidate) -> bool {
        let not_place = &self.lex.all().geo.not_place;
        if not_place.contains(&c.key) {
            return false;
        }
        // An Arabic word with a proclitic (`بكورونا`) is matched by its stem.
        if c.arabic
            && c.single
            && doc.tokens[c.last]
                .key_variants()
                .any(|(_, stem)| not_place.contains(stem))
        {
            return false;
        }
        let demonym_of = self.gaz.lookup_key(Index::Demonyms, &c.key);
        if !demonym_of.is_empty() {
            let own_country =
                |cc: &str| demonym_of.iter().any(|&d| self.gaz.place(d).country == cc);
            if !self
                .places(c)
                .any(|p| p.is_country() && own_country(&p.country))
            {
                return false;
            }
        }
        true
    }

    /// Capitalisation (Latin script) and length (Arabic).
    fn is_written_as_a_name(&self, doc: &Doc, c: &Candidate) -> bool {
        let toks = doc.tokens;
        let head_tok = &toks[c.head];
        if c.arabic {
            return !(c.single && head_tok.norm.chars().count() <= 2);
        }
        // Every name is capitalised; a multi-word name may start with a lowercase direction
        // word or article (`nord de la Syrie`, `al-Anbar`) but ends capitalised. The reviewed
        // table writes some names with a lowercase noun at the end (`Rafah crossing`, `Syrian
        // coast`), as the press does.
        // French typography writes the adjectives of country and division names in lowercase
        // (`Arabie saoudite`, `Émirats arabes unis`, `Guinée équatoriale`, `Pays basque`): such
        // a whole name is a name when its head is capitalised inside a sentence and its
        // lowercase words are not unit nouns (`Damascus
        // city`, `Benue state`: the noun says what the name is, see `mark_nouns_after`) nor,
        // for a division, directions (`Côte occidentale` is any western coast).
        // One lowercase word after the head is the name's only if it is not a frequent word
        // of the language (`La réunion` is a meeting, `Arabie saoudite` a country).
        // The country's own adjective is its name's even when it is a frequent word
        // (`Federación rusa`, `Confédération suisse`).
        let own_demonym = |i: usize, country: &str| {
            self.gaz
                .lookup_key(Index::Demonyms, &toks[i].norm)
                .iter()
                .any(|&d| self.gaz.place(d).country == country)
        };
        let lowercase_tail = |directions: bool, country: &str| {
            let one_word = c.last == c.head + 1;
            (c.head + 1..=c.last).all(|i| {
                let not_the_name = doc.is_any(i, class::ANY_SETTLEMENT | class::ANY_ADMIN)
                    || (!directions && doc.is_direction(i))
                    || (one_word && doc.is(i, class::COMMON) && !own_demonym(i, country));
                toks[i].capitalized || !not_the_name
            })
        };
        let reviewed_tail = || {
            head_tok.capitalized
                && self.places(c).any(|p| {
                    p.geonameid.is_none()
                        || !doc.starts_sentence(c.head)
                            && (p.is_country() && lowercase_tail(true, &p.country)
                                || p.is_admin1() && lowercase_tail(false, &p.country))
                })
        };
        let cap = if c.single {
            head_tok.capitalized
        } else {
            (toks[c.last].capitalized
                && (head_tok.capitalized || doc.is_direction(c.head) || head_tok.article))
                || reviewed_tail()
        };
        if !cap || head_tok.has_digit {
            return false;
        }
        // Short all-caps words are acronyms (`ONU`, `FDS`) unless they name a country or an
        // entry of the reviewed table, which lists such names on purpose (`EU`), or are the
        // code of a first-level division (`Kamloops, BC`) outside an all-caps line; such a code
        // is kept only next to a place of its division (see `recognise`).
        if c.single
            && is_code(head_tok)
            && !self
                .places(c)
                .any(|p| p.is_country() || p.geonameid.is_none())
        {
            let caps_line = (c.head > 0 && toks[c.head - 1].all_caps)
                || toks.get(c.head + 1).is_some_and(|n| n.all_caps);
            if caps_line || !self.places(c).any(|p| p.is_admin1()) {
                return false;
            }
        }
        true
    }

    /// The tests for a one-word name: dates, titles, directions, surnames, given names, bare
    /// second-level divisions and frequent words.
    fn one_word_is_a_name(&self, doc: &Doc, surnames: &HashSet<&str>, c: &Candidate) -> bool {
        let last = c.last;
        let word = doc.tokens[last].norm.as_str();
        // Month and weekday names, person titles (`Sen.`), bare directions (`West`).
        if doc.is_any(
            last,
            class::TIME_WORD | class::PERSON_TITLE | class::DIRECTION,
        ) {
            return false;
        }
        // A surname seen after a first name or a title elsewhere in the document.
        if surnames.contains(word) {
            return false;
        }
        // A given name that is only an alternate name of its places (`Julia`, an old name of
        // Plovdiv; `Ben` of Bern) is a person; one that is a place's own name (`Florence`,
        // `Austin`, `Jordan`) stays a name to resolve.
        let own = || sitrep_text::key_hash(&c.key);
        if !c.arabic
            && doc.is(last, class::FIRST_NAME)
            && !self.places(c).any(|p| p.name_key_hash == own())
        {
            return false;
        }
        // Second-level divisions are known by their full name (`Brown County`); a bare `Brown`
        // is far more often a person. A division whose own name is the bare word
        // (`Lancashire`, `Fife`) is named by it.
        if self.places(c).all(|p| p.kind() == Kind::Admin2)
            && self.places(c).all(|p| p.name_key_hash != own())
        {
            return false;
        }
        !self.is_frequent_word(doc, c)
    }

    /// A frequent word of the language that does not name a place here. A sentence-initial
    /// capital says nothing: a frequent word there is just a word, and mid-sentence it must
    /// name a well-known place. Arabic has no capitals: a frequent word (with or without its
    /// proclitic and article: `وكان`, `السيول`) is a word unless it names a country or a
    /// province.
    fn is_frequent_word(&self, doc: &Doc, c: &Candidate) -> bool {
        let toks = doc.tokens;
        let (head, head_tok) = (c.head, &toks[c.head]);
        let common = if c.arabic {
            let tok = &toks[c.last];
            let lang = doc.lang;
            tok.key_variants().any(|(_, stem)| {
                lang.word_class(stem) & class::COMMON != 0
                    || lang.common_after_article.contains(stem)
            }) || doc.is(c.last, class::COMMON)
        } else {
            doc.is(c.last, class::COMMON)
        };
        // A dotted division abbreviation after `Town,` (`Ruston, La.`, `PEORIA, Ill.`,
        // `Fairfax, Va.`) is one even when it spells a word.
        let dateline_division = head_tok.dot_after
            && head > 0
            && toks[head - 1].capitalized
            && doc.text[toks[head - 1].end..head_tok.start].trim() == ","
            && self.places(c).any(|p| p.is_admin1());
        if !common || dateline_division {
            return false;
        }
        if c.arabic {
            return !self.places(c).any(|p| p.is_country() || p.is_admin1());
        }
        // Latin script: a capitalised frequent word names a place only mid-sentence and only
        // if it is a well-known place's main name (`Nice`), or a longer exonym of one
        // (`Vienne`); short alternate names (`We`, `No`) are words.
        let famous = self.is_main_name_of_important(&c.key, c.ids)
            || (c.important && c.key.chars().count() >= 4);
        // An all-caps word among lowercase ones is a name even at a sentence start (`US
        // employers`, not the pronoun), unless the whole line is in capitals.
        let shouted = head_tok.all_caps
            && toks.get(head + 1).is_none_or(|n| !n.all_caps)
            && (head == 0 || !toks[head - 1].all_caps);
        let start_ok = shouted && c.important;
        (doc.starts_sentence(head) && !start_ok) || (!famous && !head_tok.all_caps)
    }

    /// Arabic script has no capitals to tell a name from a word: a one-word name that is also
    /// a word of the language, one of its less frequent words (`frequent_words.txt`: the
    /// floods, toxic) or a frequent one that survived the frequent-word filter by naming a
    /// first-level division (the capital, the interior), is read as a place only in context:
    /// after a settlement or admin noun, or else near one of the document's other places
    /// ([`crate::Support::Context`]). A country's name needs no context. `start` is the
    /// match's first byte: the word as matched, after the proclitics it left out.
    pub(crate) fn needs_context(
        &self,
        doc: &Doc,
        (first, last): (usize, usize),
        start: usize,
        ids: &[u32],
    ) -> bool {
        let toks = doc.tokens;
        if doc.head(first, last) != last || !toks[last].is_arabic() {
            return false;
        }
        // The word as written after the proclitics the match left out, with its article: the
        // lists hold `السيول` and `سيول` (floods), but not `الرياض` (Riyadh), which is kept out
        // of them although `رياض` (gardens, a given name) is a word.
        let tok = &toks[last];
        let Some(skip) = (0..3).find(|&skip| tok.letters_in(doc.text, skip) == start) else {
            return false;
        };
        let written = tok
            .norm
            .char_indices()
            .nth(skip)
            .map_or("", |(i, _)| &tok.norm[i..]);
        let word = doc.lang.word_class(written) & (class::COMMON | class::FREQUENT) != 0;
        word && !(first > 0 && doc.is_any(first - 1, class::ANY_SETTLEMENT | class::ANY_ADMIN))
            && !ids.iter().any(|&id| self.gaz.place(id).is_country())
    }

    /// Person titles before the name (`président Erdogan`, `Gen. Lee`), also across a
    /// nobiliary particle after a civil honorific (`M. de Kerillis`; but `duc de Bourgogne`
    /// names a place).
    fn follows_a_person_title(&self, doc: &Doc, c: &Candidate) -> bool {
        let toks = doc.tokens;
        let first = c.first;
        if first == 0 {
            return false;
        }
        let prev = &toks[first - 1];
        // A one-letter title (`M.`) is capitalised and not the end of an initialism (`at 9
        // a.m. Nebraska lawmakers`, `p.m.`).
        let initialism = prev.norm.chars().count() == 1
            && (!prev.capitalized
                || (first > 1
                    && toks[first - 2].sep == Sep::Dot
                    && toks[first - 2].norm.chars().count() == 1));
        if matches!(prev.sep, Sep::Space | Sep::Dot)
            && doc.is(first - 1, class::PERSON_TITLE)
            && !initialism
        {
            return true;
        }
        first > 1
            && doc.is(first - 1, class::PREPOSITION)
            && matches!(toks[first - 2].sep, Sep::Space | Sep::Dot)
            && doc.is(first - 2, class::HONORIFIC)
    }

    /// Latin script: not part of a longer proper name, nor a given name's surname.
    fn stands_alone(&self, doc: &Doc, c: &Candidate) -> bool {
        let toks = doc.tokens;
        let (first, last, head_tok) = (c.first, c.last, &toks[c.head]);
        // A proper name: capitalised, not a frequent word, date, direction or demonym.
        let proper = |i: usize| {
            toks[i].capitalized
                && !doc.is_any(i, class::COMMON | class::TIME_WORD | class::DIRECTION)
                && self
                    .gaz
                    .lookup_key(Index::Demonyms, &toks[i].norm)
                    .is_empty()
        };
        // A given name right before a one-word name (`Tom Udall`, `Bill Holland`, `Chris
        // Paul`) makes it a surname, unless the given name is itself the name of a well-known
        // place (`Austin Texas`; `Ben` being an alternate name of Bern does not count) or a
        // month (`May`).
        if c.single && first > 0 && self.is_given_name(doc, first - 1) {
            return false;
        }
        // Part of a longer proper name: a capitalised word glued before it that is neither a
        // common word nor a sentence start (`George Washington`), or a hyphenated compound
        // (`Wal-Mart`). Two well-known places side by side are both names (`the Lisbon-Madrid
        // line`, `Chile-Bolivian talks`, `Greece Italy and Spain`), not one brand (`Wal-Mart`);
        // a country's code is one after any word (`said Ann Smith US-based`).
        if first > 0 && !doc.starts_sentence(first) {
            let prev = &toks[first - 1];
            let pair = || c.important && (head_tok.all_caps || self.pairs_with_place(prev));
            if matches!(prev.sep, Sep::Space | Sep::Hyphen) && proper(first - 1) && !pair() {
                return false;
            }
        }
        if last + 1 < toks.len() {
            let next = &toks[last + 1];
            if toks[last].sep == Sep::Hyphen
                && next.capitalized
                && c.single
                && !(c.important && self.pairs_with_place(next))
            {
                return false;
            }
            // A country's short code, or a well-known place whose name is not also a given
            // name, starts no person's name: the capitalised word after it is something of
            // that place (`EU Farm Council`, `Denver Broncos`, `President of Chile Ana Rojas`),
            // whereas `Jordan`, `Chad` and `Georgia` can be first names.
            let names_territory =
                || c.important && (head_tok.all_caps || !doc.is(c.head, class::FIRST_NAME));
            // `Jordan Peterson`: a single-word name followed by another proper name that is
            // not a place. Common capitalised words after it (`Texas Legislature`, `Washington
            // Post`) leave an embedded place name, as news corpora annotate it, and so does a
            // person title (`Kansas Gov. Laura Kelly`, `Paris Mayor`).
            if c.single
                && toks[last].sep == Sep::Space
                && proper(last + 1)
                && !next.all_caps
                && !doc.is_any(
                    last + 1,
                    class::ANY_ADMIN | class::ANY_SETTLEMENT | class::PERSON_TITLE,
                )
                && !names_territory()
            {
                return false;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::with_doc;

    /// The surfaces the recogniser keeps in `text`.
    fn kept(lang: &str, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        with_doc(lang, text, |p, doc| {
            out = p
                .recognise(doc)
                .iter()
                .map(|m| text[m.span.clone()].to_string())
                .collect();
        });
        out
    }

    #[test]
    fn a_frequent_word_opening_a_sentence_is_a_word() {
        let got = kept("en", "Nice weather returned to Paris on Sunday.");
        assert_eq!(got, ["Paris"]);
        let got = kept("en", "Rain fell in Nice and Paris.");
        assert!(got.contains(&"Nice".to_string()), "{got:?}");
    }

    #[test]
    fn titles_given_names_and_longer_proper_names_hide_places() {
        for text in [
            "The senator thanked President Chad for the visit.",
            "Bill Denver and his wife left early.",
            "Jordan Peterson spoke to the students.",
        ] {
            let got = kept("en", text);
            assert!(got.is_empty(), "{text}: {got:?}");
        }
        // A well-known place that is not a given name starts no person's name.
        assert_eq!(
            kept("en", "Fans of the Chicago Bulls gathered."),
            ["Chicago"]
        );
    }

    #[test]
    fn a_place_inside_an_organisation_name_is_not_located() {
        // The organisation's seat or owner, not where something happens.
        for text in [
            "La Banque de Grenoble a relevé ses taux.",
            "Selon la Gazette de Valence, le maire démissionne.",
            "Hier, le Grand conseil de Rennes a voté le budget.",
            "Le Conseil de l'Ecole militaire de Poitiers a siégé.",
        ] {
            let got = kept("fr", text);
            assert!(got.is_empty(), "{text}: {got:?}");
        }
        // A town named after the organisation's phrase, a common noun, and a facility where
        // events happen are places.
        assert_eq!(
            kept("fr", "La Banque de Grenoble a ouvert une agence à Valence."),
            ["Valence"]
        );
        assert_eq!(kept("fr", "la banque de Grenoble a fermé."), ["Grenoble"]);
        assert_eq!(
            kept("fr", "Le Conseil a visité l'hôpital de Bamako."),
            ["Bamako"]
        );
        assert_eq!(
            kept("fr", "Hier, la Banque finance l'hôpital de Bamako."),
            ["Bamako"]
        );
        assert_eq!(
            kept("fr", "Le délégué de l'Union à l'Exposition de Rennes."),
            ["Rennes"]
        );
    }

    #[test]
    fn a_division_code_is_kept_only_outside_an_all_caps_line() {
        assert!(
            kept("en", "Fire crews in Kamloops, BC, worked overnight.").contains(&"BC".to_string())
        );
        assert!(!kept("en", "FIRE IN BC TOWN").contains(&"BC".to_string()));
    }

    #[test]
    fn a_country_name_ends_with_its_own_adjective_even_a_frequent_one() {
        // `rusa` is a frequent Spanish word, and Russia's own demonym.
        assert_eq!(
            kept(
                "es",
                "Los mineros de la Federación rusa iniciaron una huelga."
            ),
            ["Federación rusa"]
        );
    }

    #[test]
    fn demonyms_are_not_places_unless_they_name_their_country() {
        assert!(kept("en", "Syrian troops entered the town.").is_empty());
        assert_eq!(kept("es", "Las tropas entraron en Siria."), ["Siria"]);
    }
}

#[cfg(test)]
mod arabic_tests {
    use crate::testing::{country_of, parsed};

    fn names(text: &str) -> Vec<String> {
        parsed("ar", text).into_iter().map(|(s, _)| s).collect()
    }

    #[test]
    fn a_hashtag_names_a_place_only_as_a_whole() {
        // A topic hashtag (floods in Aleppo) does not place the tweet; a hashtag that is the
        // name (Deir ez-Zor), or a facility noun and the name (Aleppo's airport), does.
        let got = names("أمطار غزيرة اليوم #سيول_حلب #دير_الزور #مطار_حلب");
        assert_eq!(got, ["دير_الزور", "مطار_حلب"]);
    }

    #[test]
    fn a_word_that_is_also_a_place_needs_context() {
        // `سيول` is floods and Seoul; `العاصمة` is the capital and a governorate.
        assert!(names("جرفت السيول عشرات السيارات في العاصمة").is_empty());
        assert!(names("غمرت سيول جارفة الطرقات").is_empty());
        // Named with its country, the city is kept.
        let read = parsed(
            "ar",
            "وصل الوفد الكوري الجنوبي إلى سيول قادما من كوريا الجنوبية",
        );
        assert_eq!(country_of(&read, "سيول").as_deref(), Some("KR"));
    }

    #[test]
    fn a_name_that_is_rarely_a_word_needs_none() {
        // Town names that never take the article are not in the frequent-word tiers.
        let read = parsed("ar", "سجلت حضرموت عشر إصابات جديدة");
        assert_eq!(country_of(&read, "حضرموت").as_deref(), Some("YE"));
    }

    #[test]
    fn a_conjunction_and_a_proclitic_stay_outside_the_span() {
        let got = names("قصف على حمص وبحلب");
        assert_eq!(got, ["حمص", "حلب"]);
    }

    #[test]
    fn a_facility_noun_makes_the_town_its_location() {
        let read = parsed("ar", "انفجار ضخم في مرفأ بيروت ونقل الجرحى إلى مستشفى صيدا");
        assert_eq!(country_of(&read, "مرفأ بيروت").as_deref(), Some("LB"));
        assert_eq!(country_of(&read, "مستشفى صيدا").as_deref(), Some("LB"));
    }
}
