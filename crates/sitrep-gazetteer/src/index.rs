//! The compiled gazetteer: places plus finite-state name indexes.
//!
//! Built from [`Record`]s by [`build`], serialised to a flat byte image (no external format,
//! versioned by a magic header) and loaded with [`Gazetteer::from_bytes`] in tens of
//! milliseconds: the name indexes are `fst` maps used in place, only the place table is
//! decoded. The shipped default image is produced at compile time by `sitrep-gazetteer-data`'s
//! build script; `sitrep gazetteer build` writes the same image from GeoNames dumps.
//!
//! Three indexes map a key to a posting list of place ids (sorted by population, largest
//! first): `names` (exact matching keys of every name and alternate name, see
//! `sitrep_text::key`), `skeletons` (consonant skeletons of Latin keys, for transliteration
//! variants; callers must guard their use) and `demonyms` (adjectives of countries and
//! regions, never places themselves).

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;

use fst::raw::{Fst, Node};
use fst::{Map, MapBuilder};
use sitrep_text::norm::{skeleton, without_final_hamza};
use sitrep_text::{key_hash, name_key, Token};

use crate::record::Record;

const MAGIC: &[u8; 8] = b"SRGAZ\x00\x00\x03";

/// Why a gazetteer image or table could not be used.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("not a sitrep gazetteer image (bad magic); rebuild it with `sitrep gazetteer build`")]
    Magic,
    #[error("gazetteer image is truncated or corrupt ({0})")]
    Corrupt(&'static str),
    #[error("building the name index")]
    Fst(#[from] fst::Error),
}

/// A place of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub geonameid: Option<u32>,
    pub name: String,
    /// GeoNames `class.code`, e.g. `P.PPL`, `A.ADM1`, `A.PCLI`, `H.STM`.
    pub feature: String,
    /// ISO 3166-1 alpha-2, empty for supra-national features.
    pub country: String,
    pub admin1: String,
    pub lat: f32,
    pub lon: f32,
    pub population: u64,
    /// [`sitrep_text::key_hash`] of the key of `name` (0 if it has none): tells a mention of
    /// the place's own name from one of an alternate name without building keys.
    pub name_key_hash: u64,
    kind: Kind,
}

/// The kinds of entry the geoparser treats differently, derived once from the feature code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Country,
    Admin1,
    Admin2,
    Continent,
    Other,
}

impl Kind {
    fn of(feature: &str) -> Kind {
        match feature {
            f if f.starts_with("A.PCL") => Kind::Country,
            "A.ADM1" => Kind::Admin1,
            "A.ADM2" => Kind::Admin2,
            "L.CONT" => Kind::Continent,
            _ => Kind::Other,
        }
    }
}

impl Place {
    /// GeoNames feature class letter (`P`, `A`, `H`, `T`, `L`, ...).
    #[inline]
    pub fn class(&self) -> char {
        self.feature.as_bytes().first().map_or('?', |&b| b as char)
    }
    #[inline]
    pub fn kind(&self) -> Kind {
        self.kind
    }
    #[inline]
    pub fn is_country(&self) -> bool {
        self.kind == Kind::Country
    }
    #[inline]
    pub fn is_admin1(&self) -> bool {
        self.kind == Kind::Admin1
    }
    #[inline]
    pub fn is_continent(&self) -> bool {
        self.kind == Kind::Continent
    }
}

/// A loaded gazetteer, immutable and shareable across threads.
pub struct Gazetteer {
    places: Vec<Place>,
    names: Map<Bytes>,
    skeletons: Map<Bytes>,
    demonyms: Map<Bytes>,
    postings: Vec<u32>,
    admin1: HashMap<(String, String), u32>,
    countries: HashMap<String, u32>,
    /// The demonym index decoded into a hash map: it is small (a few thousand keys) and asked
    /// about every word of every document.
    demonym_map: HashMap<String, Vec<u32>>,
    /// One bit per [`shape`] of the demonym keys: most words' shape has no demonym, which
    /// answers the per-word question without hashing the word.
    demonym_shapes: Vec<u64>,
    /// Second-level divisions of places, when the gazetteer comes with a table of them
    /// ([`Gazetteer::with_admin2`]); empty otherwise.
    admin2: crate::Admin2,
}

/// Bits in `Gazetteer::demonym_shapes`.
const SHAPE_BITS: usize = 1 << 16;

/// A cheap signature of a key: its length and first and last bytes.
fn shape(key: &str) -> usize {
    let b = key.as_bytes();
    match (b.first(), b.last()) {
        (Some(&f), Some(&l)) => {
            (usize::from(f) | usize::from(l) << 8)
                ^ (b.len().wrapping_mul(0x9e37) & (SHAPE_BITS - 1))
        }
        _ => 0,
    }
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("places", &self.places.len())
            .field("names", &self.names.len())
            .finish_non_exhaustive()
    }
}

/// Bytes that are either part of the binary (the shipped image) or owned (a user file).
#[derive(Clone)]
struct Bytes(Cow<'static, [u8]>);

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// Which index a lookup goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Index {
    Names,
    Skeletons,
    Demonyms,
}

/// A name found by [`Gazetteer::walk`]: the tokens from the walk's start to `last` spell a
/// key; `trailing_dot` when the key is an abbreviation whose final dot follows `last`. `ids`
/// borrows the gazetteer's posting list: most matches are dropped by the caller's filters, so
/// they cost no allocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkMatch<'g> {
    pub last: usize,
    pub ids: &'g [u32],
    pub trailing_dot: bool,
}

/// A name found in a token stream: tokens `first..=last` spell a key of the names index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenMatch {
    pub first: usize,
    pub last: usize,
    /// Tokens skipped at the start of the key (an Arabic proclitic letter inside the token):
    /// the match starts this many chars into token `first`.
    pub first_char_skip: usize,
    pub places: Vec<u32>,
}

impl Gazetteer {
    /// The gazetteer with a table of second-level divisions (ACLED's `admin2`) of its places.
    pub fn with_admin2(mut self, admin2: crate::Admin2) -> Gazetteer {
        self.admin2 = admin2;
        self
    }

    /// The second-level division of the place with this geonameid, when the table has it.
    pub fn admin2_of(&self, geonameid: u32) -> Option<(&str, crate::Admin2Method)> {
        self.admin2.get(geonameid)
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Number of distinct keys in the names index.
    pub fn key_count(&self) -> usize {
        self.names.len()
    }

    #[inline]
    pub fn place(&self, id: u32) -> &Place {
        &self.places[id as usize]
    }

    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The first-level division a place belongs to.
    pub fn admin1_of(&self, place: &Place) -> Option<&Place> {
        if place.admin1.is_empty() || place.admin1 == "00" {
            return None;
        }
        self.admin1
            .get(&(place.country.clone(), place.admin1.clone()))
            .map(|&i| &self.places[i as usize])
    }

    /// The country entry for an ISO alpha-2 code.
    pub fn country(&self, iso: &str) -> Option<u32> {
        self.countries.get(iso).copied()
    }

    fn map(&self, index: Index) -> &Map<Bytes> {
        match index {
            Index::Names => &self.names,
            Index::Skeletons => &self.skeletons,
            Index::Demonyms => &self.demonyms,
        }
    }

    #[inline]
    fn posting(&self, value: u64) -> &[u32] {
        let Ok(at) = usize::try_from(value) else {
            return &[];
        };
        let n = self.postings.get(at).copied().unwrap_or(0) as usize;
        at.checked_add(1)
            .and_then(|start| self.postings.get(start..start.checked_add(n)?))
            .unwrap_or(&[])
    }

    /// Checks that every key of every index leads to a posting list inside the postings table
    /// whose entries are places of the image, so that no lookup on a damaged image indexes out
    /// of bounds. Costs one pass over the keys: done for images read from files, not for the
    /// embedded one, which its build checked.
    fn check_postings(&self) -> Result<(), IndexError> {
        for index in [Index::Names, Index::Skeletons, Index::Demonyms] {
            // The checksum first: walking a damaged automaton could read past its nodes.
            self.map(index).as_fst().verify()?;
            // The fst crate does not check node encodings and panics on a damaged node: an
            // image whose checksum was recomputed over damaged nodes (libFuzzer built one, target
            // `gazetteer`) panicked here. The walk decodes every transition of every node a lookup
            // can reach (a lookup's dense-node index then only picks among them), so a panic
            // during it is a corrupt image, reported like any other.
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.check_index(index)))
                .unwrap_or(Err(IndexError::Corrupt("automaton nodes")))?;
        }
        Ok(())
    }

    /// [`Self::check_postings`] for one index.
    fn check_index(&self, index: Index) -> Result<(), IndexError> {
        use fst::Streamer;
        let mut stream = self.map(index).stream();
        while let Some((_, v)) = stream.next() {
            let at = usize::try_from(v).map_err(|_| IndexError::Corrupt("postings"))?;
            let n = *self
                .postings
                .get(at)
                .ok_or(IndexError::Corrupt("postings"))? as usize;
            let ids = at
                .checked_add(1)
                .and_then(|start| self.postings.get(start..start.checked_add(n)?))
                .ok_or(IndexError::Corrupt("postings"))?;
            if ids.iter().any(|&id| id as usize >= self.places.len()) {
                return Err(IndexError::Corrupt("place id"));
            }
        }
        Ok(())
    }

    /// Every key of `index`, grouped by place (used to carry the embedded entries into a
    /// user-built gazetteer; keys are valid names, since `name_key` of a key is the key).
    pub fn keys_by_place(&self, index: Index) -> Vec<Vec<String>> {
        use fst::Streamer;
        let mut out = vec![Vec::new(); self.places.len()];
        let mut stream = self.map(index).stream();
        while let Some((k, v)) = stream.next() {
            let key = String::from_utf8_lossy(k).into_owned();
            for &id in self.posting(v) {
                out[id as usize].push(key.clone());
            }
        }
        out
    }

    /// Places whose key is exactly `key` in `index`.
    #[inline]
    pub fn lookup_key(&self, index: Index, key: &str) -> &[u32] {
        if index == Index::Demonyms {
            let sh = shape(key);
            if self.demonym_shapes[sh / 64] & (1 << (sh % 64)) == 0 {
                return &[];
            }
            return self.demonym_map.get(key).map_or(&[], Vec::as_slice);
        }
        match self.map(index).get(key) {
            Some(v) => self.posting(v),
            None => &[],
        }
    }

    /// Places with a key in `index` of several words whose first word is the key `first`
    /// (`kingdom` → `kingdom of saudi arabia`, `kingdom of morocco`), each once, in id order.
    /// Streams only the keys that start with that word.
    pub fn places_named_from_word(&self, index: Index, first: &str) -> Vec<u32> {
        use fst::{IntoStreamer, Streamer};
        // Keys separate words with one space; `!` is the byte after it, so the range holds
        // exactly the keys `first␠…`.
        let (from, to) = (format!("{first} "), format!("{first}!"));
        let mut out = Vec::new();
        let mut stream = self.map(index).range().ge(&from).lt(&to).into_stream();
        while let Some((_, v)) = stream.next() {
            out.extend_from_slice(self.posting(v));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Places named `name` (any name or alternate name, compared by matching key).
    pub fn lookup(&self, name: &str) -> &[u32] {
        match name_key(name) {
            Some(k) => self.lookup_key(Index::Names, &k),
            None => &[],
        }
    }

    /// Every name of `index` spelled by the tokens starting at `start`, as
    /// `(last_token, places)`, walking the automaton word by word so the cost is bounded by the
    /// longest prefix present in the index. `can_cross(i)` says whether a name may continue from
    /// token `i` to token `i + 1`. Transliterated articles inside a name are skipped as in
    /// [`name_key`]; whether a *leading* article belongs to the name is left to the caller,
    /// which starts the walk after it.
    ///
    /// `cache` remembers where the automaton stands after each first word (a document repeats
    /// its names and capitalised words); use one cache per index and per document.
    pub fn walk<'g>(
        &'g self,
        index: Index,
        tokens: &[Token],
        start: usize,
        first_piece: &str,
        can_cross: &dyn Fn(usize) -> bool,
        cache: &mut WalkCache,
        out: &mut Vec<WalkMatch<'g>>,
    ) {
        let fst: &Fst<Bytes> = self.map(index).as_fst();
        let first = match cache.first.get(first_piece) {
            Some(&hit) => hit,
            None => {
                let hit =
                    step(fst, fst.root(), 0, first_piece.as_bytes()).map(|(n, v)| (n.addr(), v));
                cache.first.insert(first_piece.to_string(), hit);
                hit
            }
        };
        let Some((addr, mut value)) = first else {
            return;
        };
        let mut node = fst.node(addr);
        let mut i = start;
        let mut piece: &str = first_piece;
        let mut first_word = true;
        loop {
            if !std::mem::take(&mut first_word) {
                match step(fst, node, value, piece.as_bytes()) {
                    Some((n, v)) => {
                        node = n;
                        value = v;
                    }
                    None => return,
                }
            }
            if node.is_final() {
                let ids = self.posting(value + node.final_output().value());
                if !ids.is_empty() {
                    out.push(WalkMatch {
                        last: i,
                        ids,
                        trailing_dot: false,
                    });
                }
            }
            // Abbreviations (`Fla.`, `U.S.`) are indexed with their final dot and match only
            // when the text has it.
            if tokens[i].dot_after {
                if let Some((n, v)) = step(fst, node, value, b" .") {
                    if n.is_final() {
                        let ids = self.posting(v + n.final_output().value());
                        if !ids.is_empty() {
                            out.push(WalkMatch {
                                last: i,
                                ids,
                                trailing_dot: true,
                            });
                        }
                    }
                }
            }
            // Continue with the next word, skipping articles that have a word after them.
            let mut j = i;
            loop {
                if j + 1 >= tokens.len() || !can_cross(j) {
                    return;
                }
                j += 1;
                let last = j + 1 >= tokens.len() || !can_cross(j);
                if !last && tokens[j].article {
                    continue;
                }
                break;
            }
            match step(fst, node, value, b" ") {
                Some((n, v)) => {
                    node = n;
                    value = v;
                }
                None => return,
            }
            i = j;
            piece = tokens[j].key();
        }
    }
}

/// Automaton states after first words, for [`Gazetteer::walk`].
#[derive(Debug, Default)]
pub struct WalkCache {
    first: HashMap<String, Option<(fst::raw::CompiledAddr, u64)>>,
}

fn step<'f>(
    fst: &'f Fst<Bytes>,
    mut node: Node<'f>,
    mut value: u64,
    bytes: &[u8],
) -> Option<(Node<'f>, u64)> {
    for &b in bytes {
        let t = node.find_input(b)?;
        let tr = node.transition(t);
        value += tr.out.value();
        node = fst.node(tr.addr);
    }
    Some((node, value))
}

/// Whether a name is worth indexing for a place: drops codes (`DAM`, `LHR`), bare numbers and
/// one-letter keys that GeoNames lists as alternate names but that only add false matches.
/// Countries' codes (`UK`) and those of reviewed rows without a GeoNames id (`EU`) are listed
/// on purpose and kept, and so are first-level divisions' codes (`BC`, `NSW`), which the
/// recogniser accepts only next to a place of the division.
fn keep_name(name: &str, key: &str, primary: bool, rec: &Record) -> bool {
    if key.chars().count() < 2 || key.chars().all(|c| c.is_numeric() || c == ' ') {
        return false;
    }
    let short_code = name.len() <= 4 && name.chars().all(|c| c.is_ascii_uppercase());
    if short_code
        && !primary
        && !rec.feature.starts_with("A.PCL")
        && rec.feature != "A.ADM1"
        && rec.geonameid.is_some()
    {
        return false;
    }
    // Romanised alternate names written all-lowercase (`swldw`) are machine transliterations.
    if !primary && name.chars().all(|c| c.is_ascii_lowercase() || c == ' ') && name.len() > 3 {
        return false;
    }
    true
}

/// Compiles records into a gazetteer image.
pub fn build(records: &[Record]) -> Result<Vec<u8>, IndexError> {
    let mut names: Vec<(String, u32)> = Vec::new();
    let mut skels: Vec<(String, u32)> = Vec::new();
    let mut dems: Vec<(String, u32)> = Vec::new();
    for (id, rec) in records.iter().enumerate() {
        let id = id as u32;
        let all = std::iter::once((&rec.name, true)).chain(rec.names.iter().map(|n| (n, false)));
        for (name, primary) in all {
            let Some(key) = name_key(name) else { continue };
            if !keep_name(name, &key, primary, rec) {
                continue;
            }
            if let Some(s) = skeleton(&key) {
                skels.push((s, id));
            }
            if let Some(short) = without_final_hamza(&key) {
                names.push((short.to_string(), id));
            }
            names.push((key, id));
        }
        for d in &rec.demonyms {
            if let Some(key) = name_key(d) {
                dems.push((key, id));
            }
        }
    }
    let mut postings: Vec<u32> = Vec::new();
    let names_fst = build_map(names, records, &mut postings)?;
    let skels_fst = build_map(skels, records, &mut postings)?;
    let dems_fst = build_map(dems, records, &mut postings)?;

    let mut out = Vec::with_capacity(names_fst.len() + skels_fst.len() + (8 << 20));
    out.extend_from_slice(MAGIC);
    put_u32(&mut out, records.len() as u32);
    for r in records {
        put_u32(&mut out, r.geonameid.unwrap_or(0));
        out.extend_from_slice(&(r.lat as f32).to_le_bytes());
        out.extend_from_slice(&(r.lon as f32).to_le_bytes());
        out.extend_from_slice(&r.population.to_le_bytes());
        put_u64(&mut out, name_key(&r.name).map_or(0, |k| key_hash(&k)));
        put_str(&mut out, &r.name);
        put_str(&mut out, &r.feature);
        put_str(&mut out, &r.country);
        put_str(&mut out, &r.admin1);
    }
    put_u32(&mut out, postings.len() as u32);
    for p in &postings {
        put_u32(&mut out, *p);
    }
    for f in [&names_fst, &skels_fst, &dems_fst] {
        put_u64(&mut out, f.len() as u64);
        out.extend_from_slice(f);
    }
    Ok(out)
}

fn build_map(
    mut pairs: Vec<(String, u32)>,
    records: &[Record],
    postings: &mut Vec<u32>,
) -> Result<Vec<u8>, IndexError> {
    pairs.sort_unstable();
    pairs.dedup();
    let mut builder = MapBuilder::memory();
    let mut i = 0;
    while i < pairs.len() {
        let key = &pairs[i].0;
        let mut j = i;
        while j < pairs.len() && &pairs[j].0 == key {
            j += 1;
        }
        let mut ids: Vec<u32> = pairs[i..j].iter().map(|p| p.1).collect();
        ids.sort_by_key(|&id| std::cmp::Reverse(records[id as usize].population));
        builder.insert(key.as_bytes(), postings.len() as u64)?;
        postings.push(ids.len() as u32);
        postings.extend_from_slice(&ids);
        i = j;
    }
    Ok(builder.into_inner()?)
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}
fn put_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}
fn put_str(out: &mut Vec<u8>, s: &str) {
    let b = &s.as_bytes()[..s.len().min(u16::MAX as usize)];
    out.extend_from_slice(&(b.len() as u16).to_le_bytes());
    out.extend_from_slice(b);
}

/// Fewest bytes a place takes in an image: id, latitude, longitude, population, key hash and
/// five length-prefixed strings.
const MIN_PLACE_BYTES: usize = 4 + 4 + 4 + 8 + 8 + 5 * 2;

struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], IndexError> {
        let end = self
            .at
            .checked_add(n)
            .ok_or(IndexError::Corrupt("length"))?;
        let s = self
            .buf
            .get(self.at..end)
            .ok_or(IndexError::Corrupt("truncated"))?;
        self.at = end;
        Ok(s)
    }
    fn u16(&mut self) -> Result<u16, IndexError> {
        Ok(u16::from_le_bytes(
            self.take(2)?.try_into().expect("2 bytes"),
        ))
    }
    fn u32(&mut self) -> Result<u32, IndexError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
    fn u64(&mut self) -> Result<u64, IndexError> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }
    fn f32(&mut self) -> Result<f32, IndexError> {
        Ok(f32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
    fn str(&mut self) -> Result<String, IndexError> {
        let n = self.u16()? as usize;
        let b = self.take(n)?;
        std::str::from_utf8(b)
            .map(str::to_string)
            .map_err(|_| IndexError::Corrupt("utf-8"))
    }
}

impl Gazetteer {
    /// Loads an image produced by [`build`]. A `'static` slice (the shipped image) is used in
    /// place; an owned buffer is kept.
    pub fn from_bytes(bytes: Cow<'static, [u8]>) -> Result<Gazetteer, IndexError> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(IndexError::Magic);
        }
        let (places, postings, ranges) = {
            let mut r = Reader {
                buf: &bytes,
                at: MAGIC.len(),
            };
            let n = r.u32()? as usize;
            // The count is read from the file: reserve no more than the bytes left can hold.
            let mut places = Vec::with_capacity(n.min((bytes.len() - r.at) / MIN_PLACE_BYTES));
            for _ in 0..n {
                let gid = r.u32()?;
                let lat = r.f32()?;
                let lon = r.f32()?;
                let population = r.u64()?;
                let name_key_hash = r.u64()?;
                let name = r.str()?;
                let feature = r.str()?;
                places.push(Place {
                    geonameid: (gid != 0).then_some(gid),
                    lat,
                    lon,
                    population,
                    name_key_hash,
                    kind: Kind::of(&feature),
                    name,
                    feature,
                    country: r.str()?,
                    admin1: r.str()?,
                });
            }
            let np = r.u32()? as usize;
            let raw = r.take(np.checked_mul(4).ok_or(IndexError::Corrupt("postings"))?)?;
            let postings: Vec<u32> = raw
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
                .collect();
            let mut ranges = Vec::new();
            for _ in 0..3 {
                let len = r.u64()? as usize;
                let start = r.at;
                r.take(len)?;
                ranges.push(start..start + len);
            }
            (places, postings, ranges)
        };
        let slice = |range: std::ops::Range<usize>| -> Bytes {
            match &bytes {
                Cow::Borrowed(b) => Bytes(Cow::Borrowed(&b[range])),
                Cow::Owned(b) => Bytes(Cow::Owned(b[range].to_vec())),
            }
        };
        let names = Map::new(slice(ranges[0].clone()))?;
        let skeletons = Map::new(slice(ranges[1].clone()))?;
        let demonyms = Map::new(slice(ranges[2].clone()))?;
        let mut admin1 = HashMap::default();
        let mut countries = HashMap::default();
        for (i, p) in places.iter().enumerate() {
            if p.is_admin1() {
                admin1.insert((p.country.clone(), p.admin1.clone()), i as u32);
            } else if p.is_country() {
                // Prefer the sovereign entry (PCLI) when dependencies share a code.
                let e = countries.entry(p.country.clone()).or_insert(i as u32);
                if p.feature == "A.PCLI" && places[*e as usize].feature != "A.PCLI" {
                    *e = i as u32;
                }
            }
        }
        let from_file = matches!(bytes, Cow::Owned(_));
        let mut g = Gazetteer {
            places,
            names,
            skeletons,
            demonyms,
            postings,
            admin1,
            countries,
            demonym_map: HashMap::default(),
            demonym_shapes: vec![0; SHAPE_BITS / 64],
            admin2: crate::Admin2::default(),
        };
        if from_file {
            g.check_postings()?;
        }
        let mut demonym_map = HashMap::default();
        {
            use fst::Streamer;
            let mut stream = g.demonyms.stream();
            while let Some((k, v)) = stream.next() {
                let key = String::from_utf8_lossy(k).into_owned();
                let sh = shape(&key);
                g.demonym_shapes[sh / 64] |= 1 << (sh % 64);
                demonym_map.insert(key, g.posting(v).to_vec());
            }
        }
        g.demonym_map = demonym_map;
        Ok(g)
    }

    /// Builds a gazetteer directly from records (tests, small user tables).
    pub fn from_records(records: &[Record]) -> Result<Gazetteer, IndexError> {
        Gazetteer::from_bytes(Cow::Owned(build(records)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_text::{tokenize, Sep};

    fn rec(id: u32, name: &str, feature: &str, cc: &str, pop: u64, names: &[&str]) -> Record {
        Record {
            geonameid: Some(id),
            name: name.into(),
            feature: feature.into(),
            country: cc.into(),
            admin1: "07".into(),
            lat: 35.3,
            lon: 40.1,
            population: pop,
            names: names.iter().map(|s| s.to_string()).collect(),
            demonyms: vec![],
            source: "test".into(),
        }
    }

    fn gaz() -> Gazetteer {
        let mut syria = rec(1, "Syria", "A.PCLI", "SY", 22_000_000, &["Syrie", "سوريا"]);
        syria.demonyms = vec!["syrien".into(), "Syrian".into()];
        Gazetteer::from_records(&[
            rec(
                170794,
                "Deir ez-Zor",
                "P.PPLA",
                "SY",
                242_565,
                &["Dayr az Zawr", "دير الزور", "DEZ"],
            ),
            rec(
                2,
                "Deir ez-Zor Governorate",
                "A.ADM1",
                "SY",
                1_000_000,
                &["Dayr az Zawr"],
            ),
            syria,
            rec(3, "Al Qa'im", "P.PPL", "IQ", 74_000, &["Qaim"]),
        ])
        .unwrap()
    }

    #[test]
    fn places_named_from_a_first_word() {
        let g = gaz();
        // `deir ez zor` and `deir ez zor governorate` start with `deir`; `dayr` is another word.
        assert_eq!(g.places_named_from_word(Index::Names, "deir"), vec![0, 1]);
        assert_eq!(g.places_named_from_word(Index::Names, "dayr"), vec![0, 1]);
        // A one-word key is not a name that starts with the word and goes on.
        assert!(g.places_named_from_word(Index::Names, "syria").is_empty());
        assert!(g.places_named_from_word(Index::Names, "dei").is_empty());
    }

    #[test]
    fn lookup_by_any_variant() {
        let g = gaz();
        assert_eq!(g.lookup("Deir ez-Zor"), &[0]);
        assert_eq!(g.lookup("deir EZ zor"), &[0]);
        assert_eq!(g.lookup("دير الزور"), &[0]);
        // Shared key: both entries, the most populous first.
        assert_eq!(g.lookup("Dayr az-Zawr"), &[1, 0]);
        assert!(g.lookup("DEZ").is_empty(), "codes are not names");
        assert_eq!(g.lookup_key(Index::Demonyms, "syrien"), &[2]);
        assert_eq!(g.lookup_key(Index::Skeletons, "drzr"), &[1, 0]);
        assert_eq!(
            g.admin1_of(g.place(0)).unwrap().name,
            "Deir ez-Zor Governorate"
        );
        assert_eq!(g.country("SY"), Some(2));
    }

    #[test]
    fn walk_finds_multiword_names_in_running_text() {
        let g = gaz();
        let text = "Les combats à Deir ez-Zor, et al-Qa'im.";
        let toks = tokenize(text);
        let cross = |i: usize| matches!(toks[i].sep, Sep::Space | Sep::Hyphen);
        // Twice over with one cache: the second pass starts every walk from a cached state.
        let mut cache = WalkCache::default();
        let mut passes = Vec::new();
        for _ in 0..2 {
            let mut found = Vec::new();
            for s in 0..toks.len() {
                let mut out = Vec::new();
                g.walk(
                    Index::Names,
                    &toks,
                    s,
                    toks[s].key(),
                    &cross,
                    &mut cache,
                    &mut out,
                );
                for m in out {
                    found.push((
                        text[toks[s].start..toks[m.last].end].to_string(),
                        m.ids.to_vec(),
                    ));
                }
            }
            passes.push(found);
        }
        assert_eq!(passes[0], passes[1]);
        assert_eq!(
            passes[0],
            vec![
                ("Deir ez-Zor".to_string(), vec![0]),
                // A leading article is the caller's decision (it knows the separators).
                ("Qa'im".to_string(), vec![3]),
            ]
        );
    }

    #[test]
    fn images_round_trip_and_garbage_is_rejected() {
        let img = build(&[rec(9, "Manbij", "P.PPL", "SY", 100_000, &["منبج"])]).unwrap();
        let g = Gazetteer::from_bytes(Cow::Owned(img.clone())).unwrap();
        assert_eq!(g.place(0).name, "Manbij");
        assert_eq!(g.lookup("منبج"), &[0]);
        assert!(matches!(
            Gazetteer::from_bytes(Cow::Owned(b"hello world".to_vec())),
            Err(IndexError::Magic)
        ));
        let cut = img[..img.len() / 2].to_vec();
        assert!(Gazetteer::from_bytes(Cow::Owned(cut)).is_err());
    }

    /// Byte offset of the postings table of an image (after the place table).
    fn postings_offset(img: &[u8]) -> usize {
        let mut r = Reader {
            buf: img,
            at: MAGIC.len(),
        };
        let n = r.u32().unwrap();
        for _ in 0..n {
            // id, lat, lon, population, name-key hash; then name, feature, country, admin1
            // (the layout `Gazetteer::from_bytes` reads).
            r.take(4 + 4 + 4 + 8 + 8).unwrap();
            for _ in 0..4 {
                r.str().unwrap();
            }
        }
        r.at
    }

    /// Found while writing the `gazetteer` fuzz target: a damaged image whose postings name a
    /// place that does not exist loaded, and the first lookup of that key panicked (index out
    /// of bounds). It is now refused when loaded.
    #[test]
    fn postings_naming_a_missing_place_are_refused() {
        let img = build(&[rec(1, "Homs", "P.PPL", "SY", 5, &[])]).unwrap();
        assert!(Gazetteer::from_bytes(Cow::Owned(img.clone())).is_ok());
        let at = postings_offset(&img);
        let np = u32::from_le_bytes(img[at..at + 4].try_into().unwrap());
        assert!(np >= 2, "a count and an id");
        let mut bad = img;
        // postings[0] is the first key's count, postings[1] its first place id.
        bad[at + 8..at + 12].copy_from_slice(&999u32.to_le_bytes());
        let Err(err) = Gazetteer::from_bytes(Cow::Owned(bad)) else {
            panic!("refused");
        };
        assert_eq!(
            err.to_string(),
            "gazetteer image is truncated or corrupt (place id)"
        );
    }

    /// A place count of 4 billion in a short file is an error saying the image is truncated.
    /// (The reservation for the places is now bounded by the bytes left, 64 / 38 = 1 place here,
    /// instead of 10 million; the `gazetteer` fuzz target's 2 GB allocation limit watches it.)
    #[test]
    fn a_huge_place_count_is_not_allocated() {
        let mut img = MAGIC.to_vec();
        img.extend_from_slice(&u32::MAX.to_le_bytes());
        img.extend_from_slice(&[0; 64]);
        let Err(err) = Gazetteer::from_bytes(Cow::Owned(img)) else {
            panic!("refused");
        };
        assert!(err.to_string().contains("truncated"), "{err}");
    }

    /// Found by fuzzing (target `gazetteer`, 9 s in): an image whose name automaton has a
    /// damaged node under a checksum libFuzzer recomputed to match made the fst crate panic
    /// (`assertion failed: 1 <= nbytes && nbytes <= 8`) while the image was checked. Refused now.
    #[test]
    fn a_damaged_automaton_node_under_a_valid_checksum_is_refused() {
        let img =
            include_bytes!("../../../fuzz/engine/corpus/gazetteer/regression-damaged-fst-node");
        let Err(err) = Gazetteer::from_bytes(Cow::Owned(img.to_vec())) else {
            panic!("refused");
        };
        assert_eq!(
            err.to_string(),
            "gazetteer image is truncated or corrupt (automaton nodes)"
        );
    }

    /// A lookup never indexes outside the postings, whatever value a key maps to.
    #[test]
    fn posting_values_out_of_range_give_no_places() {
        let g = gaz();
        assert!(g.posting(u64::MAX).is_empty());
        assert!(g.posting(g.postings.len() as u64).is_empty());
        assert!(g.posting(usize::MAX as u64).is_empty());
    }
}
