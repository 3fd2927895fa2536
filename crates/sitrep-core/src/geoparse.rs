//! Place recognition and resolution.
//!
//! Recognition walks the gazetteer's name automaton over the tokens (word by word, so
//! multi-word names, transliterated articles and Arabic proclitics are handled by the same
//! keys the index was built with), then filters the matches by context: capitalisation,
//! sentence-initial common words, person titles, names that are never places, and
//! proper-name adjacency (`Washington Post`, `George Washington`). Names the gazetteer lacks
//! but that a settlement noun introduces (`les deux villages d'al-Kachma et de Qariba`) are kept
//! as unresolved mentions. Approximate expressions (`à l'ouest d'`, `near`, `dans le désert de`)
//! become qualifiers that lower the ACLED precision.
//!
//! Resolution scores each candidate entry with a population prior, the feature type, the
//! countries and first-level divisions the whole document talks about (explicit mentions,
//! demonyms, unambiguous places), cue words, and proximity to the other places of the
//! document, in two passes. Unresolved names are attached to the nearest preceding resolved
//! place that can contain them.

use rustc_hash::FxHashMap as HashMap;

use rustc_hash::FxHashSet as HashSet;
use std::ops::Range;

use sitrep_gazetteer::index::Kind;
use sitrep_gazetteer::{Gazetteer, Index, Place};
use sitrep_text::key::{piece, skippable};
use sitrep_text::norm::{arabic_proclitic_variants, is_arabic, skeleton};
use sitrep_text::{Sep, Token};

use crate::lexicon::{class, LangData, Lexicons, NameNoun, Phrase};

/// Most candidates considered per mention (postings are sorted by population).
const MAX_CANDIDATES: usize = 200;
/// What a city gains when it is the capital of the province it is named like.
const SEAT_BONUS: f32 = 2.5;
/// Population from which a city is known by a shortened name (`New York`).
const WORLD_CITY: u64 = 1_000_000;
/// Population from which a place is considered "well known" for the common-word filter.
const WELL_KNOWN: u64 = 100_000;
/// How many times larger a place must be than a namesake for the name to be taken as its.
const DOMINANCE: u64 = 20;

/// A recognised place mention, before output formatting.
#[derive(Debug, Clone)]
pub struct Mention {
    /// Byte range in the text.
    pub span: Range<usize>,
    pub first_token: usize,
    pub last_token: usize,
    /// Candidate gazetteer entries (empty for names kept from context).
    pub candidates: Vec<u32>,
    /// Candidates came from the transliteration skeleton index.
    pub fuzzy: bool,
    pub qualifier: Option<Cue>,
    /// Introduced by a settlement noun (`village de`) or an admin noun (`province de`).
    pub settlement: bool,
    pub admin: bool,
    /// Followed by a press title's word (`Washington Post`): the title's home town.
    pub press: bool,
    /// Chosen entry and confidence after resolution.
    pub resolved: Option<(u32, f32)>,
    /// For unresolved names: the mention index of the containing place.
    pub anchor: Option<usize>,
    /// A capitalised name that only the transliteration fallback may turn into a place; dropped
    /// when it finds no candidate.
    pub speculative: bool,
    /// A speculative name after a place preposition (`in Kilcarragh`): kept even unresolved.
    pub located: bool,
    /// One word opening a sentence, naming no well-known place (`Artillery shelling hit …`):
    /// its capital says nothing, so it is kept only if its reading's country has other support
    /// in the document.
    pub weak: bool,
    /// One word naming no well-known place, with no locative word before it (`officials
    /// thanked Gaston`): as often a person or a brand, so it is kept only if
    /// another place of the document lies near its reading (or the same name is placed
    /// elsewhere).
    pub unplaced: bool,
    /// A division's code (`BC`, `NSW`; `weak` too): resolved by the other names, but casts no
    /// vote for theirs (a stray `ON` in French prose must not pull its towns into Ontario).
    pub code: bool,
    /// A span given by the caller (`mentions_for_spans`), not found by the recogniser.
    pub given: bool,
    /// Candidates are those of a place name inside the mention (`Colorado` in a given span
    /// `Colorado State University`), not of the mention as a whole.
    pub embedded: bool,
    /// The mention names something located near its place rather than the place itself (a
    /// river or a university named after a town, with no entry of its own): precision 2.
    pub approximate: bool,
}

impl Mention {
    /// A mention of tokens `first..=last` with its candidate entries and nothing decided yet.
    fn new(span: Range<usize>, first: usize, last: usize, candidates: Vec<u32>) -> Mention {
        Mention {
            span,
            first_token: first,
            last_token: last,
            candidates,
            fuzzy: false,
            qualifier: None,
            settlement: false,
            admin: false,
            press: false,
            resolved: None,
            anchor: None,
            speculative: false,
            located: false,
            weak: false,
            unplaced: false,
            code: false,
            given: false,
            embedded: false,
            approximate: false,
        }
    }
}

/// An approximate-location expression found before a mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    pub kind: &'static str,
    pub direction: Option<String>,
    pub span: Range<usize>,
}

/// The text as seen by the geoparser.
#[derive(Debug, Clone, Copy)]
pub struct GeoText<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    /// Sentence byte ranges.
    pub sentences: &'a [Range<usize>],
    pub lang: &'a str,
}

/// Recognises and resolves places; cheap to create, borrows the shared resources.
#[derive(Debug, Clone, Copy)]
pub struct GeoParser<'a> {
    pub gaz: &'a Gazetteer,
    pub lex: &'a Lexicons,
}

fn can_cross(tokens: &[Token], i: usize) -> bool {
    match tokens[i].sep {
        Sep::Space | Sep::Hyphen | Sep::Apostrophe => true,
        // `U.S.`, `St. Louis`, `Mt. Hermon`: a dot after a short word.
        Sep::Dot => tokens[i].norm.chars().count() <= 2,
        Sep::Punct | Sep::Break => false,
    }
}

/// Index of the sentence containing byte `b` (sentences are sorted).
/// The matching key of tokens `a..=b`, without a final dot (articles inside the name skipped,
/// as in the index).
fn key_of(toks: &[Token], a: usize, b: usize) -> String {
    sitrep_text::key_of_tokens(&toks[a..=b], false).unwrap_or_default()
}

fn sentence_of(sentences: &[Range<usize>], b: usize) -> Option<usize> {
    let i = sentences.partition_point(|s| s.end <= b);
    (i < sentences.len() && sentences[i].start <= b).then_some(i)
}

impl<'a> GeoParser<'a> {
    pub fn new(gaz: &'a Gazetteer, lex: &'a Lexicons) -> GeoParser<'a> {
        GeoParser { gaz, lex }
    }

    /// Recognises and resolves the places of a text.
    pub fn parse(&self, t: &GeoText) -> Vec<Mention> {
        // Each token's word class, looked up once for the per-token tests of both passes.
        let lang = self.lex.get(t.lang);
        let classes: Vec<u8> = t.tokens.iter().map(|k| lang.word_class(&k.norm)).collect();
        let mut mentions = self.recognise(t, &classes);
        self.add_context_names(t, &classes, &mut mentions);
        self.add_speculative(t, &mut mentions);
        self.extend_with_name_nouns(t, &mut mentions);
        self.detach_direction_adjectives(t, &mut mentions);
        self.resolve(t, &mut mentions, true);
        mentions
    }

    /// A lowercase direction adjective is not part of the name (`eastern Ghouta`, `northeastern
    /// Syria`): the span is the name, the adjective its qualifier, and the reading stays the
    /// region the whole phrase names (`West Wales`, capitalised, is a name as a whole).
    fn detach_direction_adjectives(&self, t: &GeoText, mentions: &mut [Mention]) {
        let toks = t.tokens;
        for m in mentions.iter_mut() {
            let f = m.first_token;
            if f < m.last_token
                && !toks[f].capitalized
                && toks[f].sep == Sep::Space
                && toks[f + 1].capitalized
                && self.is_direction_word(&toks[f].norm)
            {
                m.first_token = f + 1;
                m.span.start = toks[f + 1].start;
                m.qualifier = self.qualifier_before(t, f + 1);
            }
        }
    }

    /// A place name with a street or feature noun next to it names that thing (`Wichita
    /// Drive`, `Mississippi River`, `rue de Rivoli`, `lac de Neuchâtel`): the mention grows to
    /// cover the noun, swallowing mentions inside the longer name, and its reading follows the
    /// noun's class (see [`NameNoun`]).
    fn extend_with_name_nouns(&self, t: &GeoText, mentions: &mut Vec<Mention>) {
        let toks = t.tokens;
        let geo = &self.lex.get(t.lang).geo;
        if geo.name_noun_after.is_empty() && geo.name_noun_before.is_empty() {
            return;
        }
        let mut changed = false;
        for m in mentions.iter_mut() {
            // After the name: up to three capitalised words, the last of them the noun (`Red
            // River Valley`), unless the proper name goes on after the noun (`Florida Highway
            // Patrol`) or a number follows it (`County Road 8`).
            let mut after: Option<(usize, NameNoun)> = None;
            let mut k = m.last_token;
            for _ in 1..=3 {
                if toks[k].sep != Sep::Space || k + 1 >= toks.len() {
                    break;
                }
                k += 1;
                let tok = &toks[k];
                if !tok.capitalized {
                    break;
                }
                let goes_on = tok.sep == Sep::Space
                    && toks
                        .get(k + 1)
                        .is_some_and(|n| n.capitalized || n.has_digit);
                if let Some(&class) = geo.name_noun_after.get(tok.norm.as_str()) {
                    if !goes_on {
                        after = Some((k, class));
                    }
                }
            }
            // Before the name: the noun, then an optional preposition (`lac de`, `quai d'`).
            let mut before: Option<(usize, NameNoun)> = None;
            let f = m.first_token;
            let joined = |i: usize| matches!(toks[i].sep, Sep::Space | Sep::Apostrophe);
            if f > 0 && joined(f - 1) {
                let noun_at = |i: usize| geo.name_noun_before.get(toks[i].norm.as_str()).copied();
                if let Some(class) = noun_at(f - 1) {
                    before = Some((f - 1, class));
                } else if f > 1
                    && geo.preposition.contains(toks[f - 1].norm.as_str())
                    && joined(f - 2)
                {
                    if let Some(class) = noun_at(f - 2) {
                        before = Some((f - 2, class));
                    }
                }
            }
            let class = match (before, after) {
                (_, Some((k, class))) => {
                    let tok = &toks[k];
                    // An abbreviated noun keeps its dot (`Wichita St.`).
                    let dot = tok.dot_after && tok.norm.chars().count() <= 4;
                    m.span.end = tok.end + usize::from(dot);
                    m.last_token = k;
                    class
                }
                // The noun of an approximate expression stays in it (`dans le désert de Deir
                // ez-Zor` is Deir ez-Zor, approximately).
                (Some((k, _)), None)
                    if m.qualifier
                        .as_ref()
                        .is_some_and(|q| q.span.end > toks[k].start) =>
                {
                    continue
                }
                (Some((k, class)), None) => {
                    m.span.start = toks[k].start;
                    m.first_token = k;
                    class
                }
                (None, None) => continue,
            };
            changed = true;
            m.speculative = false;
            m.weak = false;
            m.unplaced = false;
            match class {
                NameNoun::Street => {
                    m.candidates.clear();
                    m.fuzzy = false;
                }
                NameNoun::Feature => {
                    // A feature with an entry of its own (`Euphrates River`) is that entry.
                    let whole = sitrep_text::key_of_tokens(
                        &toks[m.first_token..=m.last_token],
                        t.text[m.span.clone()].ends_with('.'),
                    )
                    .map(|k| self.gaz.lookup_key(Index::Names, &k))
                    .unwrap_or_default();
                    if whole.is_empty() {
                        m.approximate = !m.candidates.is_empty();
                    } else {
                        m.candidates = whole.iter().copied().take(MAX_CANDIDATES).collect();
                        m.fuzzy = false;
                    }
                }
            }
        }
        if changed {
            // Mentions swallowed by a longer name go (`Atlantic` in `Florida Atlantic
            // University`).
            mentions.sort_by(|a, b| {
                a.span
                    .start
                    .cmp(&b.span.start)
                    .then(b.span.end.cmp(&a.span.end))
            });
            let mut end = 0;
            mentions.retain(|m| {
                if m.span.start < end {
                    return false;
                }
                end = m.span.end;
                true
            });
        }
    }

    /// Capitalised names outside every mention (`Abou Kamal` when the gazetteer only knows
    /// `Abu Kamal`): candidates for the transliteration fallback, under the same filters as
    /// gazetteer matches.
    fn add_speculative(&self, t: &GeoText, mentions: &mut Vec<Mention>) {
        let toks = t.tokens;
        let all = &self.lex.all().geo;
        let lang = self.lex.get(t.lang);
        let mut covered = vec![false; toks.len()];
        for m in mentions.iter() {
            for c in covered
                .iter_mut()
                .take(m.last_token + 1)
                .skip(m.first_token)
            {
                *c = true;
            }
        }
        let mut extra = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            // A name starts with a capital or a hyphenated article (`al-Kachma`).
            let may_start = toks[i].capitalized || toks[i].sep == Sep::Hyphen;
            let Some((end, span)) = (may_start && !covered[i])
                .then(|| self.name_at(t, i, false))
                .flatten()
            else {
                i += 1;
                continue;
            };
            let head = if skippable(&toks[i]) && i < end {
                i + 1
            } else {
                i
            };
            let ok = (i..=end).all(|k| !covered[k])
                && end - head < 3
                && !toks[head].all_caps
                && !(head == end
                    && (lang.common.contains(toks[head].norm.as_str())
                        || all.time_word.contains(toks[head].norm.as_str())))
                && !(i > 0 && all.person_title.contains(toks[i - 1].norm.as_str()));
            if ok {
                // A capitalised name ending with a street noun is a street wherever it stands
                // (`a shooting on Magnolia Street`, `Elm Avenue`): it is located by the
                // document's places, as a street after a known place name is.
                let street = end > head
                    && lang.geo.name_noun_after.get(toks[end].norm.as_str())
                        == Some(&NameNoun::Street);
                // After `in`/`at`/`à`, a name the gazetteer lacks is still a place, unless it
                // is a given name or a demonym (`in English`).
                let located = street
                    || i > 0
                        && toks[i - 1].sep == Sep::Space
                        && lang
                            .geo
                            .place_preposition
                            .contains(toks[i - 1].norm.as_str())
                        && !self.is_sentence_start(t, i)
                        && !self.lex.is_first_name(&toks[head].norm)
                        && {
                            let key = key_of(toks, i, end);
                            !all.not_place.contains(&key)
                                && self.gaz.lookup_key(Index::Demonyms, &key).is_empty()
                        };
                extra.push(Mention {
                    speculative: true,
                    located,
                    ..Mention::new(span, i, end, Vec::new())
                });
            }
            i = end + 1;
        }
        mentions.extend(extra);
        mentions.sort_by_key(|m| m.span.start);
        for m in mentions.iter_mut().filter(|m| m.speculative) {
            m.qualifier = self.qualifier_before(t, m.first_token);
        }
    }

    /// Mentions for externally given byte spans (gold toponyms in `resolve` evaluation, or a
    /// caller's own named-entity spans): the candidates are every entry whose key equals the
    /// span's key (with the Arabic proclitic and leading-article variants the recogniser also
    /// tries); no context filter applies. A span the gazetteer does not know as a whole is
    /// looked up by the longest place name inside it (`Colorado State University`, `Bank of
    /// Japan`, `British Embassy`): such a mention is `embedded`, and keeps a minor reading only
    /// within 100 km of the document's other places (see [`GeoParser::resolve`]).
    pub fn mentions_for_spans(&self, t: &GeoText, spans: &[Range<usize>]) -> Vec<Mention> {
        let toks = t.tokens;
        let mut mentions: Vec<Mention> = spans
            .iter()
            .map(|span| {
                let first = toks.partition_point(|tk| tk.end <= span.start);
                let last = toks
                    .partition_point(|tk| tk.start < span.end)
                    .saturating_sub(1);
                let clamp = |k: usize| k.min(toks.len().saturating_sub(1));
                if first > last || last >= toks.len() {
                    return Mention::new(span.clone(), clamp(first), clamp(last), Vec::new());
                }
                let dotted = t.text[span.clone()].trim_end().ends_with('.');
                let candidates = self.span_candidates(t, first, last, dotted);
                if !candidates.is_empty() {
                    return Mention::new(span.clone(), first, last, candidates);
                }
                match self.embedded_candidates(t, first, last) {
                    Some(candidates) => Mention {
                        embedded: true,
                        ..Mention::new(span.clone(), first, last, candidates)
                    },
                    None => Mention::new(span.clone(), first, last, Vec::new()),
                }
            })
            .collect();
        for m in mentions.iter_mut() {
            m.given = true;
            if !toks.is_empty() {
                m.qualifier = self.qualifier_before(t, m.first_token);
            }
        }
        self.mark_nouns_after(t, &mut mentions);
        mentions
    }

    /// English order: a unit noun after the name (`Deir ez-Zor province`, `Homs city`), or a
    /// press title's word after it (`The Washington Post`, `Chicago Tribune`: the title's home
    /// town), says which kind of place the name is.
    fn mark_nouns_after(&self, t: &GeoText, mentions: &mut [Mention]) {
        let toks = t.tokens;
        let geo = &self.lex.get(t.lang).geo;
        for m in mentions.iter_mut() {
            let Some(next) = toks.get(m.last_token + 1) else {
                continue;
            };
            if toks[m.last_token].sep != Sep::Space {
                continue;
            }
            let word = next.norm.as_str();
            m.admin |= geo.admin.contains(word);
            m.settlement |= geo.settlement.contains(word);
            m.press |= next.capitalized && geo.press_title.contains(word);
        }
    }

    /// Entries whose key equals that of tokens `first..=last` (`dotted`: the span ends with
    /// the dot of an abbreviation).
    fn span_candidates(&self, t: &GeoText, first: usize, last: usize, dotted: bool) -> Vec<u32> {
        let toks = t.tokens;
        let pieces = |from: usize, first_piece: &str| -> String {
            let mut key = first_piece.to_string();
            for (k, tok) in toks.iter().enumerate().take(last + 1).skip(from + 1) {
                if k != last && skippable(tok) {
                    continue;
                }
                key.push(' ');
                key.push_str(piece(tok));
            }
            key
        };
        let mut keys = vec![pieces(first, piece(&toks[first]))];
        if dotted {
            keys.insert(0, format!("{} .", keys[0]));
        }
        if first < last && skippable(&toks[first]) {
            keys.push(pieces(first + 1, piece(&toks[first + 1])));
        }
        if is_arabic(&toks[first].norm) {
            for (_, stem) in arabic_proclitic_variants(&toks[first].norm) {
                keys.push(pieces(first, stem));
            }
        }
        // A given span may be an adjective of place (`Russian` in gold data that annotates
        // them): it resolves to its country, though the recogniser never emits demonyms
        // itself. Both readings compete (`Canadian` is a town in Texas and the adjective of
        // Canada): the country's prior decides.
        let mut candidates = Vec::new();
        for index in [Index::Demonyms, Index::Names] {
            if let Some(ids) = keys
                .iter()
                .map(|k| self.gaz.lookup_key(index, k))
                .find(|ids| !ids.is_empty())
            {
                candidates.extend(ids.iter().copied().take(MAX_CANDIDATES));
            }
        }
        candidates.dedup();
        candidates
    }

    /// The readings of the longest (then leftmost) place name strictly inside tokens
    /// `first..=last`, else of the first demonym (`British Embassy`: the United Kingdom, but
    /// `British Embassy Tokyo`: Tokyo). A part counts if it starts with a capital (or is
    /// Arabic) and is not a given name, a month, a title or a direction; a one-word part that
    /// is a frequent word (`Bank`, `High`) counts only as the main name of a well-known place.
    fn embedded_candidates(&self, t: &GeoText, first: usize, last: usize) -> Option<Vec<u32>> {
        let toks = t.tokens;
        let lang = self.lex.get(t.lang);
        let all = &self.lex.all().geo;
        // Long spans are organisation names or descriptions; their parts beyond a few words do
        // not change the answer and the search is quadratic.
        if last - first > 12 {
            return None;
        }
        let mut demonym: Option<Vec<u32>> = None;
        for len in (1..=last - first).rev() {
            for (a, head) in toks.iter().enumerate().take(last + 2 - len).skip(first) {
                let b = a + len - 1;
                if skippable(head) {
                    continue;
                }
                let arabic = is_arabic(&head.norm);
                if !arabic && (!head.capitalized || head.has_digit) {
                    continue;
                }
                if a == b
                    && (all.time_word.contains(head.norm.as_str())
                        || all.person_title.contains(head.norm.as_str())
                        || self.is_direction_word(&head.norm)
                        || self.is_given_name(head))
                {
                    continue;
                }
                if a == b && demonym.is_none() {
                    let d = self.gaz.lookup_key(Index::Demonyms, piece(head));
                    if !d.is_empty() {
                        demonym = Some(d.iter().copied().take(MAX_CANDIDATES).collect());
                        continue;
                    }
                }
                let key = key_of(toks, a, b);
                // Names that are never places (`Central` in `Central Mental Hospital`).
                if all.not_place.contains(&key) {
                    continue;
                }
                let ids = self.gaz.lookup_key(Index::Names, &key);
                if ids.is_empty() {
                    continue;
                }
                // An all-caps word is not the frequent word it spells (`US Federal Reserve`).
                if a == b
                    && !head.all_caps
                    && lang.common.contains(head.norm.as_str())
                    && !self.is_main_name_of_important(piece(head), ids)
                {
                    continue;
                }
                return Some(ids.iter().copied().take(MAX_CANDIDATES).collect());
            }
        }
        demonym
    }

    fn is_sentence_start(&self, t: &GeoText, i: usize) -> bool {
        if i == 0 {
            return true;
        }
        let b = t.tokens[i].start;
        // A dash after a dateline opens the story (`DONETSK, Ukraine (AP) — Artillery …`,
        // `BAMAKO, April 12 - Gunmen …`): the word after a dash is read as a sentence start.
        let gap = &t.text[t.tokens[i - 1].end..b];
        if gap.contains(['—', '–']) || gap.contains(" - ") {
            return true;
        }
        match sentence_of(t.sentences, b) {
            Some(s) => t.tokens[i - 1].end <= t.sentences[s].start,
            None => true,
        }
    }

    /// Gazetteer matches that survive the context filters, non-overlapping, leftmost-longest.
    fn recognise(&self, t: &GeoText, classes: &[u8]) -> Vec<Mention> {
        let toks = t.tokens;
        let cross = |i: usize| can_cross(toks, i);
        // A match ends with its last token, or just after the dot of an abbreviation.
        let end_of = |m: &sitrep_gazetteer::WalkMatch| {
            let end = toks[m.last].end;
            end + usize::from(m.trailing_dot && t.text[end..].starts_with('.'))
        };
        let mut raw: Vec<(usize, usize, Range<usize>, &[u32])> = Vec::new();
        let mut out = Vec::new();
        let mut walks = sitrep_gazetteer::WalkCache::default();
        for i in 0..toks.len() {
            let tok = &toks[i];
            // Only a capitalised word, an article or a direction word can start a name that
            // `plausible` would accept: skip the automaton walk for the rest (most words).
            let arabic = is_arabic(&tok.norm);
            if !arabic && !tok.capitalized && classes[i] & class::DIRECTION == 0 && !skippable(tok)
            {
                continue;
            }
            // A transliterated article joined by a hyphen (`al-Anbar`) or capitalised `Al`/`El`
            // belongs to the name that follows.
            if skippable(tok)
                && i + 1 < toks.len()
                && cross(i)
                && (tok.sep == Sep::Hyphen
                    || (matches!(tok.norm.as_str(), "al" | "el") && toks[i + 1].capitalized))
            {
                out.clear();
                self.gaz.walk(
                    Index::Names,
                    toks,
                    i + 1,
                    piece(&toks[i + 1]),
                    &cross,
                    &mut walks,
                    &mut out,
                );
                for m in out.drain(..) {
                    raw.push((i, m.last, tok.start..end_of(&m), m.ids));
                }
            }
            if arabic {
                for (skip, stem) in arabic_proclitic_variants(&tok.norm) {
                    let offset = if skip == 0 {
                        0
                    } else {
                        t.text[tok.start..].chars().next().map_or(0, char::len_utf8)
                    };
                    out.clear();
                    self.gaz
                        .walk(Index::Names, toks, i, stem, &cross, &mut walks, &mut out);
                    for m in out.drain(..) {
                        raw.push((i, m.last, tok.start + offset..end_of(&m), m.ids));
                    }
                }
            } else {
                out.clear();
                self.gaz.walk(
                    Index::Names,
                    toks,
                    i,
                    piece(tok),
                    &cross,
                    &mut walks,
                    &mut out,
                );
                for m in out.drain(..) {
                    raw.push((i, m.last, tok.start..end_of(&m), m.ids));
                }
            }
        }
        // Leftmost-longest among the matches that pass the filters.
        raw.sort_by(|a, b| a.2.start.cmp(&b.2.start).then(b.2.end.cmp(&a.2.end)));
        let mut mentions: Vec<Mention> = Vec::new();
        let lang = self.lex.get(t.lang);
        let surnames = self.surnames(t);
        for (first, last, span, ids) in raw {
            if mentions.last().is_some_and(|m| span.start < m.span.end) {
                continue;
            }
            if !self.plausible(t, lang, &surnames, first, last, ids) {
                continue;
            }
            let head = if first < last && skippable(&t.tokens[first]) {
                first + 1
            } else {
                first
            };
            // A one-word minor place name is weak at a sentence start, and in Latin script
            // also without a locative word before it (`le chancelier reçut Bismarck`): such
            // words are as often people or brands.
            let locative = first > 0
                && matches!(toks[first - 1].sep, Sep::Space | Sep::Apostrophe)
                && lang.geo.locative.contains(toks[first - 1].norm.as_str());
            let minor = head == last && !self.is_important(ids);
            // A division's code (`BC`, `NSW`, also words: `IN`, `OR`, `SA`) is as doubtful.
            let code = head == last
                && is_code(&toks[head])
                && !ids.iter().any(|&id| {
                    let p = self.gaz.place(id);
                    p.is_country() || p.geonameid.is_none()
                });
            let weak = code || (minor && self.is_sentence_start(t, head));
            let unplaced = minor && !weak && !locative && !is_arabic(&toks[head].norm);
            mentions.push(Mention {
                weak,
                unplaced,
                code,
                ..Mention::new(
                    span,
                    first,
                    last,
                    ids[..ids.len().min(MAX_CANDIDATES)].to_vec(),
                )
            });
        }
        mentions
    }

    /// The context filters for a gazetteer match covering tokens `first..=last`.
    fn plausible(
        &self,
        t: &GeoText,
        lang: &LangData,
        surnames: &HashSet<&str>,
        first: usize,
        last: usize,
        ids: &[u32],
    ) -> bool {
        let toks = t.tokens;
        let all = &self.lex.all().geo;
        // The first word that carries the name (after a leading article).
        let head = if first < last && skippable(&toks[first]) {
            first + 1
        } else {
            first
        };
        let head_tok = &toks[head];
        let single = head == last;
        let arabic = is_arabic(&head_tok.norm);
        // Cheapest test first: most matches are lowercase words.
        if !arabic && !head_tok.capitalized && !toks[last].capitalized {
            return false;
        }
        let key = key_of(toks, first, last);
        if all.not_place.contains(&key) {
            return false;
        }
        let places = || ids.iter().map(|&id| self.gaz.place(id));
        let important = self.is_important(ids);
        // Demonyms are never places, but some spellings are both (`Siria` is Spanish for
        // Syria and the feminine of `sirio`): a country or province reading wins.
        let names_division = places().any(|p| p.is_country() || p.is_admin1());
        let demonym_of = self.gaz.lookup_key(Index::Demonyms, &key);
        if !demonym_of.is_empty() {
            let own_country = |c: &str| demonym_of.iter().any(|&d| self.gaz.place(d).country == c);
            if !places().any(|p| p.is_country() && own_country(&p.country)) {
                return false;
            }
        }
        let word = &toks[last].norm;
        // A country's short code, or a well-known place whose name is not also a given name,
        // starts no person's name: the capitalised word after it is something of that place
        // (`EU Farm Council`, `Denver Broncos`, `President of Chile Ana Rojas`), whereas
        // `Jordan`, `Chad` and `Georgia` can be first names.
        let names_territory =
            || important && (head_tok.all_caps || !self.lex.is_first_name(&head_tok.norm));
        if !arabic {
            // Every name is capitalised; a multi-word name may start with a lowercase
            // direction word or article (`nord de la Syrie`, `al-Anbar`) but ends capitalised.
            // The reviewed table writes some names with a lowercase noun at the end (`Rafah
            // crossing`, `Syrian coast`), as the press does.
            let reviewed_tail = || head_tok.capitalized && places().any(|p| p.geonameid.is_none());
            let cap = if single {
                head_tok.capitalized
            } else {
                (toks[last].capitalized
                    && (head_tok.capitalized
                        || self.is_direction_word(&head_tok.norm)
                        || skippable(head_tok)))
                    || reviewed_tail()
            };
            if !cap || head_tok.has_digit {
                return false;
            }
            // Short all-caps words are acronyms (`ONU`, `FDS`) unless they name a country or
            // an entry of the reviewed table, which lists such names on purpose (`EU`), or are
            // the code of a first-level division (`Kamloops, BC`) outside an all-caps line;
            // such a code is kept only next to a place of its division (see `recognise`).
            if single
                && is_code(head_tok)
                && !places().any(|p| p.is_country() || p.geonameid.is_none())
            {
                let caps_line = (head > 0 && toks[head - 1].all_caps)
                    || toks.get(head + 1).is_some_and(|n| n.all_caps);
                if caps_line || !places().any(|p| p.is_admin1()) {
                    return false;
                }
            }
        } else if single && head_tok.norm.chars().count() <= 2 {
            return false;
        }
        if single {
            // Month and weekday names, person titles (`Sen.`), bare directions (`West`).
            if all.time_word.contains(word.as_str())
                || all.person_title.contains(word.as_str())
                || self.is_direction_word(word)
            {
                return false;
            }
            // A surname seen after a first name or a title elsewhere in the document.
            if surnames.contains(word.as_str()) {
                return false;
            }
            // A given name that is only an alternate name of its places (`Julia`, an old name
            // of Plovdiv; `Ben` of Bern) is a person; one that is a place's own name
            // (`Florence`, `Austin`, `Jordan`) stays a name to resolve.
            if !arabic && self.lex.is_first_name(word) {
                let own = sitrep_text::key_hash(&key);
                if !places().any(|p| p.name_key_hash == own) {
                    return false;
                }
            }
            // Second-level divisions are known by their full name (`Brown County`); a bare
            // `Brown` is far more often a person. A division whose own name is the bare word
            // (`Lancashire`, `Fife`) is named by it.
            if places().all(|p| p.kind() == Kind::Admin2) {
                let own = sitrep_text::key_hash(&key);
                if places().all(|p| p.name_key_hash != own) {
                    return false;
                }
            }
            // A sentence-initial capital says nothing: a common word there is just a word,
            // and mid-sentence it must name a well-known place.
            // Arabic has no capitals: a frequent word (with or without its proclitic and
            // article: `وكان`, `السيول`) is a word unless it names a country or a province.
            let common = if arabic {
                arabic_proclitic_variants(word).iter().any(|(_, stem)| {
                    lang.common.contains(*stem)
                        || lang.common.contains(format!("ال{stem}").as_str())
                }) || lang.common.contains(word.as_str())
            } else {
                lang.common.contains(word.as_str())
            };
            // A dotted division abbreviation after `Town,` (`Ruston, La.`, `PEORIA, Ill.`,
            // `Fairfax, Va.`) is one even when it spells a word.
            let dateline_division = head_tok.dot_after
                && head > 0
                && toks[head - 1].capitalized
                && t.text[toks[head - 1].end..head_tok.start].trim() == ","
                && places().any(|p| p.is_admin1());
            if common && !dateline_division {
                if arabic && !names_division {
                    return false;
                }
                // Latin script: a capitalised frequent word names a place only mid-sentence
                // and only if it is a well-known place's main name (`Nice`), or a longer
                // exonym of one (`Vienne`); short alternate names (`We`, `No`) are words.
                let famous = self.is_main_name_of_important(&key, ids)
                    || (important && key.chars().count() >= 4);
                // An all-caps word among lowercase ones is a name even at a sentence start
                // (`US employers`, not the pronoun), unless the whole line is in capitals.
                let shouted = head_tok.all_caps
                    && toks.get(head + 1).is_none_or(|n| !n.all_caps)
                    && (head == 0 || !toks[head - 1].all_caps);
                let start_ok = shouted && important;
                if !arabic
                    && ((self.is_sentence_start(t, head) && !start_ok)
                        || (!famous && !head_tok.all_caps))
                {
                    return false;
                }
            }
        }
        // Person titles before the name (`président Erdogan`, `Gen. Lee`), also across a
        // nobiliary particle after a civil honorific (`M. de Kerillis`; but `duc de Bourgogne`
        // names a place).
        if first > 0 {
            let prev = &toks[first - 1];
            // A one-letter title (`M.`) is capitalised and not the end of an initialism
            // (`at 9 a.m. Nebraska lawmakers`, `p.m.`).
            let initialism = prev.norm.chars().count() == 1
                && (!prev.capitalized
                    || (first > 1
                        && toks[first - 2].sep == Sep::Dot
                        && toks[first - 2].norm.chars().count() == 1));
            if matches!(prev.sep, Sep::Space | Sep::Dot)
                && all.person_title.contains(prev.norm.as_str())
                && !initialism
            {
                return false;
            }
            if first > 1
                && lang.geo.preposition.contains(prev.norm.as_str())
                && matches!(toks[first - 2].sep, Sep::Space | Sep::Dot)
                && all.honorific.contains(toks[first - 2].norm.as_str())
            {
                return false;
            }
        }
        if arabic {
            return true;
        }
        let proper = |tok: &sitrep_text::Token| {
            tok.capitalized
                && !lang.common.contains(tok.norm.as_str())
                && !all.time_word.contains(tok.norm.as_str())
                && !self.is_direction_word(&tok.norm)
                && self.gaz.lookup_key(Index::Demonyms, &tok.norm).is_empty()
        };
        // A given name right before a one-word name (`Tom Udall`, `Bill Holland`, `Chris
        // Paul`) makes it a surname, unless the given name is itself the name of a well-known
        // place (`Austin Texas`; `Ben` being an alternate name of Bern does not count) or a
        // month (`May`).
        if single && first > 0 && self.is_given_name(&toks[first - 1]) {
            return false;
        }
        // Part of a longer proper name: a capitalised word glued before it that is neither a
        // common word nor a sentence start (`George Washington`), or a hyphenated compound
        // (`Wal-Mart`).
        // Two well-known places side by side are both names (`the Lisbon-Madrid line`,
        // `Chile-Bolivian talks`, `Greece Italy and Spain`), not one brand (`Wal-Mart`); a
        // country's code is one after any word (`said Ann Smith US-based`).
        if first > 0 && !self.is_sentence_start(t, first) {
            let prev = &toks[first - 1];
            let pair = || important && (head_tok.all_caps || self.pairs_with_place(prev));
            if matches!(prev.sep, Sep::Space | Sep::Hyphen) && proper(prev) && !pair() {
                return false;
            }
        }
        if last + 1 < toks.len() {
            let next = &toks[last + 1];
            if toks[last].sep == Sep::Hyphen
                && next.capitalized
                && single
                && !(important && self.pairs_with_place(next))
            {
                return false;
            }
            // `Jordan Peterson`: a single-word name followed by another proper name that is
            // not a place. Common capitalised words after it (`Texas Legislature`,
            // `Washington Post`) leave an embedded place name, as news corpora annotate it, and
            // so does a person title (`Kansas Gov. Laura Kelly`, `Paris Mayor`).
            if single
                && toks[last].sep == Sep::Space
                && proper(next)
                && !next.all_caps
                && !all.admin.contains(next.norm.as_str())
                && !all.settlement.contains(next.norm.as_str())
                && !all.person_title.contains(next.norm.as_str())
                && !names_territory()
            {
                return false;
            }
        }
        true
    }

    /// Words that follow a first name or a person title (`John Smith`, `Mr. Brown`,
    /// `président Erdogan`): later bare mentions of them are people, not places.
    fn surnames<'t>(&self, t: &'t GeoText) -> HashSet<&'t str> {
        let toks = t.tokens;
        let all = &self.lex.all().geo;
        let mut out = HashSet::default();
        // Readings of each token's name, looked up at most once (a token is `b` of one pair and
        // `a` of the next).
        let mut names: Vec<Option<&[u32]>> = vec![None; toks.len()];
        let mut names_of = |k: usize| -> &[u32] {
            names[k].get_or_insert_with(|| self.gaz.lookup_key(Index::Names, piece(&toks[k])))
        };
        for i in 1..toks.len() {
            let (a, b) = (&toks[i - 1], &toks[i]);
            if !b.capitalized
                || b.all_caps
                || !matches!(a.sep, Sep::Space | Sep::Dot)
                || is_arabic(&b.norm)
            {
                continue;
            }
            let titled = all.person_title.contains(a.norm.as_str());
            // First names are often frequent words and small places themselves (`David`,
            // `Scott`), so the test is what they are not: a well-known place, a direction, a
            // date word, a unit noun or a sentence start. Well-known places are never taken for
            // surnames (`Central Florida`).
            let first_name = a.sep == Sep::Space
                && a.capitalized
                && !a.all_caps
                && !skippable(a)
                && !self.is_sentence_start(t, i - 1)
                && !self.is_direction_word(&a.norm)
                && !all.time_word.contains(a.norm.as_str())
                && !all.admin.contains(a.norm.as_str())
                && !all.settlement.contains(a.norm.as_str())
                && self.gaz.lookup_key(Index::Demonyms, &a.norm).is_empty()
                && !self.is_important(names_of(i - 1));
            // A listed given name counts even at a sentence start or when it is also a
            // frequent word (`Charlie Chen, 48, was accused …`; `Bill Holland`).
            let given = self.is_given_name(a);
            if !(titled || first_name || given) {
                continue;
            }
            // Well-known places are never taken for surnames (`Central Florida`); after a
            // listed given name only a well-known place's own name is (`Chen`, an alternate
            // name of Chenzhou, is a surname after `Charlie`).
            let b_ids = names_of(i);
            if ((titled || first_name) && !self.is_important(b_ids))
                || (given && !self.is_main_name_of_important(piece(b), b_ids))
            {
                out.insert(b.norm.as_str());
            }
        }
        out
    }

    /// A capitalised word from the given-name list followed by a space, that is neither a month
    /// (`May`) nor the name of a well-known place (`Austin`; `Ben`, an alternate name of Bern,
    /// still counts): the word after it is a surname.
    fn is_given_name(&self, tok: &sitrep_text::Token) -> bool {
        tok.sep == Sep::Space
            && tok.capitalized
            && !tok.all_caps
            && self.lex.is_first_name(&tok.norm)
            && !self.lex.all().geo.time_word.contains(tok.norm.as_str())
            && !self.is_main_name_of_important(
                piece(tok),
                self.gaz.lookup_key(Index::Names, piece(tok)),
            )
    }

    /// Whether a capitalised word is on its own a well-known place or a demonym: the other half
    /// of a hyphenated pair of places.
    fn pairs_with_place(&self, tok: &Token) -> bool {
        tok.capitalized
            && (self.is_important(self.gaz.lookup_key(Index::Names, piece(tok)))
                || !self.gaz.lookup_key(Index::Demonyms, piece(tok)).is_empty())
    }

    /// Whether any reading is a country, a first-level division, a large place, a continent or
    /// an entry of the reviewed table of major features and regions (`Méditerranée`,
    /// `Hollande`, `Atlantic`: frequent words of their language, but names whenever
    /// capitalised mid-sentence).
    fn is_important(&self, ids: &[u32]) -> bool {
        ids.iter().any(|&id| {
            let p = self.gaz.place(id);
            // Second-level divisions' populations are partial sums: not evidence of fame.
            p.is_country()
                || p.is_admin1()
                || p.is_continent()
                || (p.class() == 'P' && p.population >= WELL_KNOWN)
                || (p.geonameid.is_none() && matches!(p.class(), 'H' | 'T' | 'L' | 'S'))
        })
    }

    /// Whether `key` is the main name (not an alternate) of an important reading: a common
    /// word (`No`, `We`) that is only an alternate name of some city is still a word.
    fn is_main_name_of_important(&self, key: &str, ids: &[u32]) -> bool {
        ids.iter().any(|&id| {
            let p = self.gaz.place(id);
            self.is_important(&[id]) && sitrep_text::name_key(&p.name).as_deref() == Some(key)
        })
    }

    fn is_direction_word(&self, norm: &str) -> bool {
        self.lex.all().geo.direction_words.contains(norm)
    }

    /// Names introduced by settlement or admin nouns, and the approximate expressions before
    /// every mention.
    fn add_context_names(&self, t: &GeoText, classes: &[u8], mentions: &mut Vec<Mention>) {
        let toks = t.tokens;
        let lang = self.lex.get(t.lang);
        let geo = &lang.geo;
        let mut added = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let n = &toks[i].norm;
            let settlement = classes[i] & class::SETTLEMENT != 0;
            let admin = classes[i] & class::ADMIN != 0;
            if !(settlement || admin) || !can_cross(toks, i) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            // Preposition (`d'`, `of`, `de`); Arabic uses the construct state, no preposition.
            let arabic = is_arabic(n);
            if j < toks.len()
                && geo.preposition.contains(toks[j].norm.as_str())
                && can_cross(toks, j)
            {
                j += 1;
            } else if !arabic {
                i += 1;
                continue;
            }
            while let Some((name_end, span)) = self.name_at(t, j, arabic) {
                let covered = mentions
                    .iter()
                    .position(|m| m.span.start < span.end && span.start < m.span.end);
                // A name made only of ordinary words after a unit noun names an institution
                // (`Department of Transportation`, `Division of Public Health`), not a place
                // the gazetteer lacks.
                let ordinary = (j..=name_end)
                    .filter(|&k| !skippable(&toks[k]))
                    .all(|k| lang.common.contains(toks[k].norm.as_str()));
                match covered {
                    Some(k) => {
                        mentions[k].settlement |= settlement;
                        mentions[k].admin |= admin;
                    }
                    None if ordinary => {}
                    None => added.push(Mention {
                        qualifier: Some(Cue {
                            kind: "settlement",
                            direction: None,
                            span: toks[i].start..toks[i].end,
                        }),
                        settlement,
                        admin,
                        ..Mention::new(span, j, name_end, Vec::new())
                    }),
                }
                // Coordination: `et de Qariba`, `and`, `y`, `و`.
                let mut k = name_end + 1;
                if !can_cross(toks, name_end) && toks[name_end].sep != Sep::Punct {
                    break;
                }
                match match_phrase(toks, k, &geo.coordination) {
                    Some(len) => k += len,
                    None => break,
                }
                if k < toks.len() && geo.preposition.contains(toks[k].norm.as_str()) {
                    k += 1;
                }
                j = k;
            }
            i = j.max(i + 1);
        }
        mentions.extend(added);
        mentions.sort_by_key(|m| m.span.start);
        self.mark_nouns_after(t, mentions);
        for m in mentions.iter_mut() {
            if m.qualifier.is_none() {
                m.qualifier = self.qualifier_before(t, m.first_token);
            } else if let Some(q) = self.qualifier_before(t, m.first_token) {
                // `aux alentours des villages de X`: the approximate expression wins over the
                // settlement noun.
                if q.kind != "settlement" {
                    m.qualifier = Some(q);
                }
            }
        }
    }

    /// A proper name starting at token `j`: capitalised words (with hyphenated articles) or,
    /// in Arabic, one word. Returns the last token and the byte span.
    fn name_at(&self, t: &GeoText, j: usize, arabic: bool) -> Option<(usize, Range<usize>)> {
        let toks = t.tokens;
        let all = &self.lex.all().geo;
        let tok = toks.get(j)?;
        if arabic {
            if !is_arabic(&tok.norm) {
                return None;
            }
            return Some((j, tok.start..tok.end));
        }
        let mut k = j;
        // `al-Kachma`: lowercase article + hyphen + capitalised word.
        if skippable(tok)
            && tok.sep == Sep::Hyphen
            && toks.get(j + 1).is_some_and(|n| n.capitalized)
        {
            k = j + 1;
        }
        if !toks[k].capitalized
            || toks[k].has_digit
            || all.not_place.contains(toks[k].norm.as_str())
        {
            return None;
        }
        let mut end = k;
        while end + 1 < toks.len()
            && matches!(toks[end].sep, Sep::Space | Sep::Hyphen)
            && toks[end + 1].capitalized
            && !toks[end + 1].has_digit
        {
            end += 1;
        }
        Some((end, toks[j].start..toks[end].end))
    }

    /// The approximate expression that ends right before token `first` (skipping determiners,
    /// numbers, prepositions and settlement nouns: `aux alentours des deux villages d'`).
    fn qualifier_before(&self, t: &GeoText, first: usize) -> Option<Cue> {
        let toks = t.tokens;
        let lang = self.lex.get(t.lang);
        let geo = &lang.geo;
        let mut end = first; // the phrase must end at token `end - 1`
        for _ in 0..6 {
            if end == 0 || !can_cross(toks, end - 1) && toks[end - 1].sep != Sep::Apostrophe {
                return None;
            }
            let prev = &toks[end - 1];
            if let Some(entries) = lang.cues_by_last.get(prev.norm.as_str()) {
                for e in entries {
                    if let Some(start) = phrase_ending_at(toks, end, &e.words) {
                        return Some(Cue {
                            kind: e.kind,
                            direction: e.direction.clone(),
                            span: toks[start].start..toks[end - 1].end,
                        });
                    }
                }
            }
            let filler = prev.has_digit
                || geo.preposition.contains(prev.norm.as_str())
                || geo.settlement.contains(prev.norm.as_str())
                || geo.admin.contains(prev.norm.as_str())
                || (!prev.capitalized && prev.norm.chars().count() <= 4);
            if !filler {
                return None;
            }
            end -= 1;
        }
        None
    }
}

/// Length of `phrases`' longest entry matching the tokens at `k`.
fn match_phrase(toks: &[Token], k: usize, phrases: &[Phrase]) -> Option<usize> {
    phrases.iter().find_map(|p| {
        (k + p.len() <= toks.len() && p.iter().enumerate().all(|(o, w)| toks[k + o].norm == *w))
            .then_some(p.len())
    })
}

/// Start token of `phrase` if it occupies the tokens right before index `end`.
fn phrase_ending_at(toks: &[Token], end: usize, phrase: &Phrase) -> Option<usize> {
    let start = end.checked_sub(phrase.len())?;
    phrase
        .iter()
        .enumerate()
        .all(|(o, w)| toks[start + o].norm == *w)
        .then_some(start)
}

// ---------------------------------------------------------------------------------------
// Resolution

/// What the document as a whole says about where it is.
#[derive(Debug, Default, Clone)]
struct Context {
    countries: HashMap<String, f32>,
    /// Weight of each first-level division, by country then admin1 code (nested so that a
    /// lookup borrows the place's codes instead of building a key).
    admin1: HashMap<String, HashMap<String, f32>>,
    /// Sum of `countries`' weights, kept up to date by [`Context::add`].
    country_total: f32,
}

/// A country (ISO code) or a first-level division (country, admin1 code).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Area {
    Country(String),
    Admin1(String, String),
}

impl Context {
    /// Adds (`sign` 1) or removes (`sign` -1) evidence.
    fn add(&mut self, evidence: &[(Area, f32)], sign: f32) {
        for (area, w) in evidence {
            let slot = match area {
                Area::Country(c) => self.countries.entry(c.clone()).or_default(),
                Area::Admin1(c, a) => self
                    .admin1
                    .entry(c.clone())
                    .or_default()
                    .entry(a.clone())
                    .or_default(),
            };
            *slot += sign * w;
        }
        self.countries.retain(|_, w| *w > 1e-6);
        self.admin1.retain(|_, m| {
            m.retain(|_, w| *w > 1e-6);
            !m.is_empty()
        });
        self.country_total = self.countries.values().sum();
    }
}

/// The document's context without one mention's own vote (a mention does not vote for its own
/// reading): a view, so that no map is copied per mention.
struct Without<'c> {
    ctx: &'c Context,
    own: Vec<(Area, f32)>,
    country_total: f32,
}

impl<'c> Without<'c> {
    fn new(ctx: &'c Context, own: Vec<(Area, f32)>) -> Without<'c> {
        let mut w = Without {
            ctx,
            own,
            country_total: ctx.country_total,
        };
        let mut seen: Vec<&str> = Vec::new();
        for (area, _) in &w.own {
            if let Area::Country(c) = area {
                if !seen.contains(&c.as_str()) {
                    seen.push(c);
                    let before = ctx.countries.get(c).copied().unwrap_or(0.0);
                    w.country_total -= before - w.country(c).unwrap_or(0.0);
                }
            }
        }
        w
    }

    /// Weight of a country, as [`Context::add`] with sign -1 would leave it.
    fn country(&self, c: &str) -> Option<f32> {
        let mut w = *self.ctx.countries.get(c)?;
        for (area, v) in &self.own {
            if matches!(area, Area::Country(o) if o == c) {
                w -= v;
            }
        }
        (w > 1e-6).then_some(w)
    }

    fn has_admin1(&self, country: &str, admin1: &str) -> bool {
        let Some(mut w) = self
            .ctx
            .admin1
            .get(country)
            .and_then(|m| m.get(admin1))
            .copied()
        else {
            return false;
        };
        for (area, v) in &self.own {
            if matches!(area, Area::Admin1(c, a) if c == country && a == admin1) {
                w -= v;
            }
        }
        w > 1e-6
    }
}

impl<'a> GeoParser<'a> {
    /// What one mention says about the document's countries and divisions.
    fn contribution(&self, m: &Mention) -> Vec<(Area, f32)> {
        let mut out = Vec::new();
        // A name inside a longer given span votes only when it is well known: `Jones` in
        // `Robert Jones Tennis Club` says nothing about the document's country.
        if m.candidates.is_empty() || m.code || (m.embedded && !self.is_important(&m.candidates)) {
            return out;
        }
        let places: Vec<&Place> = m.candidates.iter().map(|&id| self.gaz.place(id)).collect();
        if let Some(c) = places.iter().find(|p| p.is_country()) {
            out.push((Area::Country(c.country.clone()), 1.0));
            return out;
        }
        if let Some(a) = places.iter().find(|p| p.is_admin1()) {
            out.push((Area::Admin1(a.country.clone(), a.admin1.clone()), 1.0));
        }
        // One country for every reading, or a dominant well-known reading.
        let first = &places[0].country;
        let unanimous = !first.is_empty() && places.iter().all(|p| &p.country == first);
        let dominant = places[0].population >= 10 * WELL_KNOWN
            && places
                .get(1)
                .is_none_or(|p| p.population * DOMINANCE < places[0].population);
        if unanimous || dominant {
            out.push((Area::Country(first.clone()), 0.5));
        }
        out
    }

    fn context(&self, t: &GeoText, mentions: &[Mention]) -> Context {
        let mut ctx = Context::default();
        // One vote per distinct name: an ambiguous name repeated ten times must not outvote
        // the other places of the document.
        let mut seen: HashSet<&str> = HashSet::default();
        for m in mentions {
            if seen.insert(&t.text[m.span.clone()]) {
                ctx.add(&self.contribution(m), 1.0);
            }
        }
        // Demonyms (`américains`, `syro-irakiennes`, `Iraqi`): country context, never places.
        for tok in t.tokens {
            for &id in self.gaz.lookup_key(Index::Demonyms, piece(tok)) {
                let c = &self.gaz.place(id).country;
                if !c.is_empty() {
                    ctx.add(&[(Area::Country(c.clone()), 0.3)], 1.0);
                }
            }
        }
        ctx
    }

    /// How likely `p` is for `m` before proximity; `division_context`: whether the document's
    /// first-level divisions count for `p` (see [`GeoParser::resolve`]).
    fn prior(&self, m: &Mention, p: &Place, ctx: &Without, division_context: bool) -> f32 {
        // A division's population is the sum of its places: damp it so that it does not
        // outweigh a well-known city of the same name (`Washington`, `Genève`).
        let weight = if p.feature.starts_with("A.ADM") {
            0.25
        } else {
            0.35
        };
        // Seas, rivers, deserts, regions and landmarks have no population; the ones in the
        // gazetteer are the major ones (the reviewed table), as prominent as a city of a
        // million.
        let population = if p.population == 0 && matches!(p.class(), 'H' | 'T' | 'L' | 'S') {
            1_000_000
        } else {
            p.population
        };
        let mut s = (1.0 + population as f32).ln() * weight;
        s += match p.feature.as_str() {
            f if f.starts_with("A.PCL") => 4.0,
            "A.ADM1" => 1.5,
            "P.PPLC" => 1.5,
            "P.PPLA" => 0.5,
            "L.CONT" => 3.0,
            f if f.starts_with('H')
                || f.starts_with('T')
                || f.starts_with('L')
                || (f.starts_with('S') && p.geonameid.is_none()) =>
            {
                1.5
            }
            _ => 0.0,
        };
        let total = ctx.country_total.max(1.0);
        // Country-level context is weak evidence (a country named as an actor — "les
        // Américains" — says little about where a town is); first-level divisions and
        // proximity (below) carry local disambiguation.
        if let Some(w) = ctx.country(&p.country) {
            s += 1.5 + 1.0 * w.min(2.0) + 2.0 * (w / total);
        } else if p.country.is_empty() && p.geonameid.is_none() && !ctx.ctx.countries.is_empty() {
            // A sea, an ocean or a region across borders (`Atlantic`, `Middle East`) belongs
            // to no country, so the document's countries never vote for it: it gets what a
            // country the document names would give, or every small town of those countries
            // named like it (Atlantic, Iowa) outranks it.
            s += 1.5 + 1.0 + 2.0 * 0.5;
        }
        if division_context && ctx.has_admin1(&p.country, &p.admin1) && !p.is_admin1() {
            s += 3.0;
        }
        if (m.settlement || m.press) && p.class() == 'P' {
            s += 2.0;
        }
        if m.admin && p.feature.starts_with("A.ADM") {
            s += 3.0;
        }
        if m.fuzzy {
            s -= 2.0;
        }
        s
    }

    /// Chooses an entry for every mention (two passes: priors and context, then proximity),
    /// then anchors unresolved names. `fuzzy` enables the skeleton fallback.
    pub fn resolve(&self, t: &GeoText, mentions: &mut Vec<Mention>, fuzzy: bool) {
        let ctx = self.context(t, mentions);
        if fuzzy {
            self.fuzzy_candidates(t, mentions, &ctx);
        }
        let mut scored: Vec<Vec<(u32, f32)>> = Vec::with_capacity(mentions.len());
        let qualifiers = self.comma_qualifiers(t, mentions);
        for (mi, m) in mentions.iter().enumerate() {
            // A mention does not vote for its own reading.
            let ctx = Without::new(&ctx, self.contribution(m));
            let qualifier = qualifiers[mi].as_ref();
            let own_name = t
                .tokens
                .get(m.first_token..=m.last_token)
                .and_then(|toks| {
                    sitrep_text::key_of_tokens(toks, t.text[m.span.clone()].ends_with('.'))
                })
                .map(|k| sitrep_text::key_hash(&k));
            let places: Vec<&Place> = m.candidates.iter().map(|&id| self.gaz.place(id)).collect();
            // A village or a second-level division does not take the document's division
            // context for itself when its name is borrowed: the own name of a country or of a
            // division of a country the document is about (`Florida`, `Wales`), or, for a
            // village, the name of a well-known city `DOMINANCE` times its size (`Portland` in a
            // story about Texas, which has a Portland of 16,000).
            let names_division = places.iter().any(|p| {
                own_name == Some(p.name_key_hash)
                    && (p.is_country() || (p.is_admin1() && ctx.country(&p.country).is_some()))
            });
            let biggest = places
                .iter()
                .filter(|p| p.class() == 'P')
                .map(|p| p.population)
                .max()
                .unwrap_or(0);
            let borrowed = |p: &Place| {
                if m.settlement {
                    return false;
                }
                if p.kind() == Kind::Admin2 {
                    return names_division;
                }
                p.class() == 'P'
                    && p.population < WELL_KNOWN
                    && (names_division
                        || (biggest >= WELL_KNOWN && biggest >= DOMINANCE * p.population.max(1)))
            };
            let mut s: Vec<(u32, f32)> = m
                .candidates
                .iter()
                .zip(&places)
                .map(|(&id, p)| {
                    let mut score = self.prior(m, p, &ctx, !borrowed(p));
                    // The name the gazetteer gives the place, rather than one of its alternate
                    // names (`Tunis` is the city's name and an old name of Tunisia; `Montana`
                    // is the state's and an alias of Montana City). Every name of a reviewed
                    // entry (no GeoNames id) is one of its own (`Atlantic`, `Méditerranée`).
                    if own_name == Some(p.name_key_hash) || p.geonameid.is_none() {
                        score += 1.5;
                    }
                    // `Paris, Illinois`: the division or country named right after the comma.
                    if let Some(q) = qualifier {
                        let within = q
                            .iter()
                            .any(|(c, a)| c == &p.country && (a.is_empty() || a == &p.admin1));
                        if within {
                            score += 5.0;
                        }
                    }
                    (id, score)
                })
                .collect();
            // A city named like the province it lies in is its capital, and the press means the
            // city unless an admin noun says otherwise (`Deir ez-Zor`, `Genève`). Only the
            // province the name most likely denotes lends its capital this weight: Florida,
            // Uruguay does not outrank the state of Florida because Uruguay has a province of
            // that name too.
            // A division called by its own name does not lend it to a city that is only known
            // by a longer one (`Oklahoma` is the state; Oklahoma City is `Oklahoma` only as an
            // alias), unless the city is among the world's largest and the press shortens its
            // name (`New York`).
            if !m.admin {
                let division = places
                    .iter()
                    .zip(&s)
                    .filter(|(p, _)| p.is_admin1())
                    .max_by(|a, b| a.1 .1.total_cmp(&b.1 .1))
                    .map(|(p, _)| (p.country.as_str(), p.admin1.as_str(), p.name_key_hash));
                if let Some((c, a, division_name)) = division {
                    let own = |h: u64| own_name == Some(h);
                    for (p, (_, score)) in places.iter().zip(s.iter_mut()) {
                        if p.class() == 'P'
                            && p.country == c
                            && p.admin1 == a
                            && (own(p.name_key_hash)
                                || !own(division_name)
                                || p.population >= WORLD_CITY)
                        {
                            *score += SEAT_BONUS;
                        }
                    }
                }
            }
            scored.push(s);
        }
        let pick = |s: &[(u32, f32)]| s.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1));
        // Second pass: spatial coherence. A reading gains when some reading of another name in
        // the document lies close to it (`Paris` next to `Edgar County` is Paris, Illinois),
        // and a little when the other names' first choices are near. Bounded: the best
        // readings of each name, and the nearest other names in the text.
        const READINGS: usize = 20;
        const NEIGHBOURS: usize = 24;
        let distinct: Vec<usize> = {
            let mut seen: HashSet<&str> = HashSet::default();
            (0..mentions.len())
                .filter(|&k| {
                    !mentions[k].candidates.is_empty()
                        && !mentions[k].code
                        && seen.insert(&t.text[mentions[k].span.clone()])
                })
                .collect()
        };
        let top: Vec<Vec<u32>> = scored
            .iter()
            .map(|s| {
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
            })
            .collect();
        for (mi, s) in scored.iter_mut().enumerate() {
            if s.len() < 2 {
                continue;
            }
            let surface = &t.text[mentions[mi].span.clone()];
            let mut neighbours: Vec<usize> = distinct
                .iter()
                .copied()
                .filter(|&k| &t.text[mentions[k].span.clone()] != surface)
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
                let p = self.gaz.place(*id);
                // A country or a first-level division is close to the readings inside it: its
                // one point says little about a whole territory (`Mexico` among Mexican towns
                // is the country, not Mexico City; `California` among Californian towns the
                // state, not California, West Virginia).
                if p.is_country() || p.is_admin1() {
                    let inside = |q: &Place| {
                        q.country == p.country && (p.is_country() || q.admin1 == p.admin1)
                    };
                    let any = points.iter().any(|&(q, _)| inside(q));
                    let first = points.iter().any(|&(q, f)| f && inside(q));
                    *score += f32::from(u8::from(any)) + 2.0 * f32::from(u8::from(first));
                    continue;
                }
                // Closeness exp(-d / 150 km) falls with distance: find the nearest readings
                // first (equirectangular, squared, in degrees, scaled at this reading's
                // latitude), then take one square root and one exponential each.
                let kx = p.lat.to_radians().cos();
                let mut nearest_any = f32::INFINITY;
                let mut nearest_first = f32::INFINITY;
                for &(q, first) in &points {
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
                        (-km / 150.0).exp()
                    } else {
                        0.0
                    }
                };
                *score += 2.0 * closeness(nearest_any) + 1.0 * closeness(nearest_first);
            }
        }
        // Confidence in the reading scored `v`: its softmax probability among the mention's
        // readings, lowered for a transliteration-skeleton match.
        let confidence = |m: &Mention, s: &[(u32, f32)], v: f32| {
            let best = s.iter().map(|&(_, x)| x).fold(f32::NEG_INFINITY, f32::max);
            let z: f32 = s.iter().map(|&(_, x)| (x - best).exp()).sum();
            let conf = (v - best).exp() / z;
            if m.fuzzy {
                conf * 0.6
            } else {
                conf
            }
        };
        for (m, s) in mentions.iter_mut().zip(&scored) {
            if let Some((id, best)) = pick(s) {
                m.resolved = Some((id, confidence(m, s, best)));
            }
        }
        // A name found inside a longer span (`Jones` in `Robert Jones Tennis Club`) keeps a minor
        // reading only next to the document's other places (within 100 km, or in a resolved
        // division it lies in); otherwise the span is left to its anchor.
        let support = self.local_readings(mentions, |m| !m.embedded);
        for m in mentions.iter_mut().filter(|m| m.embedded) {
            let Some((id, _)) = m.resolved else { continue };
            if !self.is_important(&[id]) && !near_any(self.gaz.place(id), &support, 100.0) {
                m.resolved = None;
            }
        }
        // A given span read as a minor place far from every other place of the document is
        // doubtful. Another reading of the same name among the document's places replaces it
        // (`Springfield` in a story about Illinois towns, first read as Springfield,
        // Missouri); without one, the name is a street or a building of the document's area
        // rather than a namesake elsewhere (`Colfax` in a Denver story, read as Colfax,
        // California): it is left to its anchor, as the recogniser would not have kept it
        // (`unplaced`).
        let readings: Vec<(u32, &Place)> = mentions
            .iter()
            .filter(|o| !o.embedded)
            .filter_map(|o| {
                let id = o.resolved?.0;
                Some((id, self.gaz.place(id)))
            })
            .filter(|(_, q)| !q.is_continent())
            .collect();
        // Each doubtful mention, with the reading that replaces it (and its confidence) or none.
        let mut doubtful: Vec<(usize, Option<(u32, f32)>)> = Vec::new();
        for (i, m) in mentions.iter().enumerate() {
            let Some((id, _)) = m.resolved else {
                continue;
            };
            if !m.given || m.embedded || self.is_important(&[id]) {
                continue;
            }
            let p = self.gaz.place(id);
            // Other places: the same reading repeated three times is no support for itself.
            let others = readings.iter().filter(|(other, _)| *other != id);
            // Its country named in the document is support enough (`Tartus` in a story about
            // Syria that also names Paris).
            let own_country = others
                .clone()
                .any(|(_, q)| q.is_country() && q.country == p.country);
            let local: Vec<&Place> = others
                .filter(|(_, q)| !q.is_country())
                .map(|(_, q)| *q)
                .collect();
            if own_country || local.is_empty() || near_any(p, &local, 200.0) {
                continue;
            }
            let s = &scored[i];
            let alternative = s
                .iter()
                .filter(|&&(o, _)| o != id && near_any(self.gaz.place(o), &local, 200.0))
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|&(o, v)| (o, confidence(m, s, v)));
            doubtful.push((i, alternative));
        }
        for (i, alternative) in doubtful {
            mentions[i].resolved = alternative;
        }
        mentions.retain(|m| !m.speculative || m.located || m.resolved.is_some());
        // A weak mention stays when another (not weak) mention's reading is in its country.
        let country_of = |m: &Mention| {
            m.resolved
                .map(|(id, _)| self.gaz.place(id).country.as_str())
        };
        let supported: Vec<bool> = (0..mentions.len())
            .map(|i| {
                let Some(c) = country_of(&mentions[i]).filter(|c| !c.is_empty()) else {
                    return true;
                };
                mentions
                    .iter()
                    .enumerate()
                    .any(|(k, o)| k != i && !o.weak && country_of(o) == Some(c))
            })
            .collect();
        // An unplaced mention stays when a placed mention's reading lies within 200 km of its
        // own (the same name placed elsewhere in the document, or a neighbouring town), or is
        // the first-level division it lies in.
        let placed = self.local_readings(mentions, |m| !m.weak && !m.unplaced && !m.embedded);
        let near_placed = |m: &Mention| {
            m.resolved
                .is_none_or(|(id, _)| near_any(self.gaz.place(id), &placed, 200.0))
        };
        let supported: Vec<bool> = mentions
            .iter()
            .zip(supported)
            .map(|(m, by_country)| {
                (!m.weak || (by_country && near_placed(m))) && (!m.unplaced || near_placed(m))
            })
            .collect();
        let mut keep = supported.iter();
        mentions.retain(|_| *keep.next().unwrap_or(&true));
        self.anchor_unresolved(t, mentions);
    }

    /// The readings of the resolved mentions that `keep` selects, countries and continents left
    /// out: the document's local places, against which a doubtful reading is checked.
    fn local_readings(&self, mentions: &[Mention], keep: impl Fn(&Mention) -> bool) -> Vec<&Place> {
        mentions
            .iter()
            .filter(|m| keep(m))
            .filter_map(|m| m.resolved)
            .map(|(id, _)| self.gaz.place(id))
            .filter(|p| !p.is_country() && !p.is_continent())
            .collect()
    }

    /// For each mention followed by `, ` and a mention that names a first-level division or a
    /// country (`Paris, Illinois`, `Paris, Texas`, `Tyr, Liban`), the (country, admin1) pairs
    /// that qualifier allows (admin1 empty for a country).
    fn comma_qualifiers(
        &self,
        t: &GeoText,
        mentions: &[Mention],
    ) -> Vec<Option<Vec<(String, String)>>> {
        let mut out = vec![None; mentions.len()];
        for i in 0..mentions.len().saturating_sub(1) {
            // Given spans may nest (gold data): only disjoint, ordered neighbours qualify.
            let (end, next) = (mentions[i].span.end, mentions[i + 1].span.start);
            if end > next || t.text[end..next].trim() != "," {
                continue;
            }
            let areas: Vec<(String, String)> = mentions[i + 1]
                .candidates
                .iter()
                .map(|&id| self.gaz.place(id))
                .filter_map(|p| {
                    if p.is_admin1() {
                        Some((p.country.clone(), p.admin1.clone()))
                    } else if p.is_country() {
                        Some((p.country.clone(), String::new()))
                    } else {
                        None
                    }
                })
                .collect();
            if !areas.is_empty() {
                out[i] = Some(areas);
            }
        }
        // One sense per document: a name qualified once (`Springfield, Massachusetts`) keeps
        // that qualifier where it stands alone later (`schools in Springfield`).
        let mut shared: HashMap<&str, Vec<(String, String)>> = HashMap::default();
        for (m, q) in mentions.iter().zip(&out) {
            if let Some(q) = q {
                shared
                    .entry(&t.text[m.span.clone()])
                    .or_insert_with(|| q.clone());
            }
        }
        if !shared.is_empty() {
            for (m, q) in mentions.iter().zip(out.iter_mut()) {
                if q.is_none() {
                    *q = shared.get(&t.text[m.span.clone()]).cloned();
                }
            }
        }
        out
    }

    /// Skeleton lookups for capitalised names the exact index missed, restricted to the
    /// countries the document is about: `Abou Kamal` → `Abu Kamal` when the text is about Syria.
    fn fuzzy_candidates(&self, t: &GeoText, mentions: &mut [Mention], ctx: &Context) {
        if ctx.countries.is_empty() {
            return;
        }
        // English-language press uses the standard transliterations that GeoNames lists; an
        // unknown capitalised English word is far more often a name or a brand.
        if t.lang == "en" {
            return;
        }
        for m in mentions.iter_mut().filter(|m| m.candidates.is_empty()) {
            let key: Vec<&str> = (m.first_token..=m.last_token)
                .filter(|&k| k == m.last_token || !skippable(&t.tokens[k]))
                .map(|k| piece(&t.tokens[k]))
                .collect();
            let Some(sk) = skeleton(&key.join(" ")) else {
                continue;
            };
            let ids: Vec<u32> = self
                .gaz
                .lookup_key(Index::Skeletons, &sk)
                .iter()
                .copied()
                .filter(|&id| ctx.countries.contains_key(&self.gaz.place(id).country))
                .take(MAX_CANDIDATES)
                .collect();
            if !ids.is_empty() {
                m.candidates = ids;
                m.fuzzy = true;
            }
        }
    }

    /// Unresolved names hang on a resolved mention that can contain a village (a city, a
    /// division, a region): the nearest one in the same sentence, preceding first (`les
    /// villages d'al-Kachma et de Qariba, près de Deir ez-Zor`, `on Baghdad Street in Mosul`);
    /// else the nearest one, preceding first,
    /// inside the area the document is mostly about (its dominant first-level division, else
    /// its dominant country), so that a foreign city named in passing does not take the
    /// document's unknown names; else the nearest preceding, then following one; else a
    /// country.
    fn anchor_unresolved(&self, t: &GeoText, mentions: &mut [Mention]) {
        self.resolve_initialisms(t, mentions);
        let container = |m: &Mention| -> Option<u8> {
            let (id, _) = m.resolved?;
            let p = self.gaz.place(id);
            Some(if p.is_country() {
                1
            } else if p.is_continent() {
                0
            } else {
                2
            })
        };
        if mentions.iter().all(|m| m.resolved.is_some()) {
            return;
        }
        let (country, admin1) = self.dominant_area(t, mentions);
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
        let sentence = |m: &Mention| sentence_of(t.sentences, m.span.start);
        for i in 0..mentions.len() {
            if mentions[i].resolved.is_some() {
                continue;
            }
            let is_container = |k: &usize| container(&mentions[*k]) == Some(2);
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
            let country = (0..mentions.len()).find(|&k| container(&mentions[k]) == Some(1));
            mentions[i].anchor = here.or(area).or(before).or(after).or(country);
        }
    }

    /// An unresolved all-caps initialism takes the reading of the document's name it
    /// abbreviates (`DRC` after `Democratic Republic of the Congo`, `UAE` after `United Arab
    /// Emirates`): the initials of that name's capitalised words.
    fn resolve_initialisms(&self, t: &GeoText, mentions: &mut [Mention]) {
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
            let surface = &t.text[mentions[i].span.clone()];
            let letters: String = surface.chars().filter(|c| c.is_alphabetic()).collect();
            let n = letters.chars().count();
            if !(2..=5).contains(&n)
                || !letters.chars().all(char::is_uppercase)
                || surface.chars().any(char::is_whitespace)
            {
                continue;
            }
            let found = mentions.iter().find_map(|o| {
                let text = &t.text[o.span.clone()];
                (o.resolved.is_some()
                    && !o.embedded
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
    fn dominant_area(&self, t: &GeoText, mentions: &[Mention]) -> (Option<String>, Option<String>) {
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
            .filter(|m| !m.embedded && seen.insert(&t.text[m.span.clone()]))
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

/// Whether `p` lies within `km` of one of `others`, inside one of them that is its first-level
/// division, or is the first-level division one of them lies in.
fn near_any(p: &Place, others: &[&Place], km: f32) -> bool {
    others.iter().any(|q| {
        ((q.is_admin1() || p.is_admin1()) && q.country == p.country && q.admin1 == p.admin1)
            || haversine(p.lat, p.lon, q.lat, q.lon) <= km
    })
}

/// A short all-caps word (`BC`, `NSW`, `ONU`): an acronym or a code.
fn is_code(tok: &Token) -> bool {
    tok.all_caps && tok.norm.chars().count() <= 3
}

/// Mean Earth radius.
const EARTH_KM: f32 = 6371.0;

/// Great-circle distance in km.
pub fn haversine(lat1: f32, lon1: f32, lat2: f32, lon2: f32) -> f32 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_KM * a.sqrt().min(1.0).asin()
}
