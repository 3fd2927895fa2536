//! The learned decision layer's model: features of a candidate event, the weights file and the
//! scoring.
//!
//! A candidate ([`Candidate`]) is described by sparse, hashed features: the rules' evidence
//! (every vote with its typed sub-event type, strength, background flag and veto; the codebook
//! decision; cue kinds, actor roles and inter codes, numbers, fatality reports, date and
//! attribution; the protest context), the language, and word unigrams and bigrams and character
//! n-grams of the candidate's clauses. Every feature is hashed (FNV-1a, mixed by SplitMix64's
//! finaliser, written out here so that the buckets never depend on a toolchain) into one of
//! `2^bits` buckets. A multinomial logistic model gives each bucket one weight per class (the
//! 25 ACLED sub-event types and *no event*); scoring a candidate is a sparse dot product over a
//! dense `i8` table, with a per-document feature buffer and no allocation per candidate.
//!
//! The weights file (`model/events.model`, written by `cargo xtask train-events`) is gzip over a
//! text header and a binary body:
//!
//! ```text
//! sitrep-event-model 1
//! classes <25 ACLED sub-event types and `none`, separated by `|`>
//! features bits=18 char=3-5 max_tokens=64
//! scale <f32: weight = i8 * scale>
//! temperature <f32: logits are divided by it before the softmax (calibration)>
//! thresholds none=<p> margin=<p> fallback=<p>
//! bias <26 f32>
//! rows <n>
//! checksum <FNV-1a 64 of the body, hex>
//! provenance <free text, one line>
//! <empty line>
//! body: n × (u32 LE bucket, 26 × i8 weights in the header's class order)
//! ```
//!
//! Loading checks everything (magic, version, classes against the compiled taxonomy, sizes,
//! checksum) and reports a [`ModelError`]; it never panics.

use std::io::Read;
use std::path::{Path, PathBuf};

use sitrep_text::Token;

use crate::actors::Role;
use crate::candidate::Candidate;
use crate::clause::Clause;
use crate::lexicon::{Code, Cue, Lexicon, Strength};
use crate::taxonomy::SubEventType;

/// Classes: the 25 sub-event types in [`SubEventType::ALL`] order, then *no event*.
pub const CLASSES: usize = SubEventType::ALL.len() + 1;
/// Index of *no event* among the classes.
pub const NONE: usize = CLASSES - 1;
/// Name of *no event* in the weights file.
const NONE_NAME: &str = "none";
/// Row stride of the in-memory table: 32 bytes, so that a row never straddles a cache line.
const STRIDE: usize = 32;
const MAGIC: &str = "sitrep-event-model";
const VERSION: u32 = 1;
/// Hash bits accepted in a weights file (64 k to 4 M buckets; the table is `2^bits × 32` bytes).
const BITS: std::ops::RangeInclusive<u8> = 16..=22;

// Every cue kind has a bit in `Clause::cues`.
const _: () = assert!((Cue::FireNoun as u64) < 64);

/// What the feature extractor reads of a candidate; stored in the weights file, so a model is
/// always scored with the features it was trained on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureConfig {
    /// Hash buckets: `2^bits`.
    pub bits: u8,
    /// Character n-gram lengths (inclusive), over each token's folded form with `<` `>` marks.
    pub char_min: u8,
    pub char_max: u8,
    /// Tokens read per clause (the rest of an overlong clause is ignored).
    pub max_tokens: u16,
}

/// The defaults, chosen on the validation set and the tune halves (BENCHMARKS.md, "Learned
/// event decision"): 2^16 buckets (a 2 MB table, same validation accuracy as 2^18's 8 MB) and
/// character 4-grams alone (as accurate as 3–5-grams, a third of the character features).
impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            bits: 16,
            char_min: 4,
            char_max: 4,
            max_tokens: 64,
        }
    }
}

/// Why a weights file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("cannot read event model {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("event model is not a gzip file ({0}); rebuild it with `cargo xtask train-events`")]
    NotGzip(std::io::Error),
    #[error("event model is not a sitrep event model (first line {0:?})")]
    Magic(String),
    #[error("event model format {0} is not supported (this build reads format {VERSION}); rebuild it with `cargo xtask train-events`")]
    Version(String),
    #[error("event model header: {0}")]
    Header(String),
    #[error(
        "event model class {0:?} is not an ACLED sub-event type of this build; retrain the model"
    )]
    UnknownClass(String),
    #[error("event model lacks the class {0:?}; retrain the model for this build's taxonomy")]
    MissingClass(&'static str),
    #[error("event model body is truncated or has trailing bytes ({got} bytes for {rows} rows)")]
    Body { got: usize, rows: usize },
    #[error("event model bucket {0} is outside its 2^{1} table")]
    Bucket(u32, u8),
    #[error("event model checksum mismatch (file damaged)")]
    Checksum,
}

/// Decision thresholds, tuned on the *tune* halves of the development files.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// The codebook's event is no event when the model gives *no event* at least this.
    pub none: f32,
    /// The model's type replaces the codebook's when it is at least this much more probable.
    pub margin: f32,
    /// A candidate the codebook does not code (no counting trigger, or only generic words)
    /// is an event when the model's best type has at least this probability.
    pub fallback: f32,
}

/// A trained multinomial model over hashed candidate features.
#[derive(Clone)]
pub struct EventModel {
    config: FeatureConfig,
    /// `2^bits` rows of [`STRIDE`] bytes, classes in internal order.
    table: Vec<i8>,
    scale: f32,
    bias: [f32; CLASSES],
    temperature: f32,
    thresholds: Thresholds,
    provenance: String,
}

impl std::fmt::Debug for EventModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventModel")
            .field("config", &self.config)
            .field("thresholds", &self.thresholds)
            .field("temperature", &self.temperature)
            .field("provenance", &self.provenance)
            .finish_non_exhaustive()
    }
}

/// The weights shipped with the crate (see `model/README.md`).
pub(crate) const EMBEDDED: &[u8] = include_bytes!("../model/events.model");

impl EventModel {
    /// The model compiled into this build.
    pub fn embedded() -> Result<EventModel, ModelError> {
        EventModel::from_bytes(EMBEDDED)
    }

    /// Reads a weights file written by `cargo xtask train-events`.
    pub fn read(path: &Path) -> Result<EventModel, ModelError> {
        let bytes = std::fs::read(path).map_err(|source| ModelError::Io {
            path: path.to_owned(),
            source,
        })?;
        EventModel::from_bytes(&bytes)
    }

    /// Parses a weights file's bytes.
    pub fn from_bytes(gz: &[u8]) -> Result<EventModel, ModelError> {
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(gz)
            .read_to_end(&mut raw)
            .map_err(ModelError::NotGzip)?;
        parse(&raw)
    }

    /// Builds a model from trained `f32` weights (`2^bits` rows of [`CLASSES`] weights, classes
    /// in [`SubEventType::ALL`] order then *no event*): quantised to `i8` with one scale,
    /// zero rows dropped. For the trainer.
    pub fn from_weights(
        config: FeatureConfig,
        weights: &[f32],
        bias: [f32; CLASSES],
        temperature: f32,
        thresholds: Thresholds,
        provenance: &str,
    ) -> EventModel {
        let rows = 1usize << config.bits;
        assert_eq!(weights.len(), rows * CLASSES, "one row per bucket");
        let max = weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
        let mut table = vec![0i8; rows * STRIDE];
        for (r, row) in weights.chunks_exact(CLASSES).enumerate() {
            for (k, w) in row.iter().enumerate() {
                table[r * STRIDE + k] = (w / scale).round().clamp(-127.0, 127.0) as i8;
            }
        }
        EventModel {
            config,
            table,
            scale,
            bias,
            temperature,
            thresholds,
            provenance: provenance.replace('\n', " "),
        }
    }

    /// The weights file's bytes (gzip, deterministic: no timestamp or name in the gzip header).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut body = Vec::new();
        let mut rows = 0usize;
        for (r, row) in self.table.chunks_exact(STRIDE).enumerate() {
            let row = &row[..CLASSES];
            if row.iter().all(|&q| q == 0) {
                continue;
            }
            rows += 1;
            body.extend_from_slice(&(r as u32).to_le_bytes());
            body.extend(row.iter().map(|&q| q as u8));
        }
        let classes: Vec<&str> = SubEventType::ALL
            .iter()
            .map(|s| s.name())
            .chain([NONE_NAME])
            .collect();
        let c = self.config;
        let bias: Vec<String> = self.bias.iter().map(|b| format!("{b:e}")).collect();
        let header = format!(
            "{MAGIC} {VERSION}\nclasses {}\nfeatures bits={} char={}-{} max_tokens={}\n\
             scale {:e}\ntemperature {:e}\nthresholds none={} margin={} fallback={}\nbias {}\n\
             rows {rows}\nchecksum {:016x}\nprovenance {}\n\n",
            classes.join("|"),
            c.bits,
            c.char_min,
            c.char_max,
            c.max_tokens,
            self.scale,
            self.temperature,
            self.thresholds.none,
            self.thresholds.margin,
            self.thresholds.fallback,
            bias.join(" "),
            fnv(FNV_OFFSET, &body),
            self.provenance,
        );
        let mut raw = header.into_bytes();
        raw.extend_from_slice(&body);
        let mut gz = flate2::GzBuilder::new().write(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut gz, &raw).expect("writing to memory");
        gz.finish().expect("writing to memory")
    }

    pub fn config(&self) -> FeatureConfig {
        self.config
    }

    pub fn thresholds(&self) -> Thresholds {
        self.thresholds
    }

    /// The same model with other decision thresholds.
    pub fn with_thresholds(mut self, thresholds: Thresholds) -> EventModel {
        self.thresholds = thresholds;
        self
    }

    /// The same model with another softmax temperature.
    pub fn with_temperature(mut self, temperature: f32) -> EventModel {
        self.temperature = temperature;
        self
    }

    pub fn temperature(&self) -> f32 {
        self.temperature
    }

    /// The provenance line of the weights file (training data, hyperparameters).
    pub fn provenance(&self) -> &str {
        &self.provenance
    }

    /// Buckets with a non-zero weight.
    pub fn rows(&self) -> usize {
        self.table
            .chunks_exact(STRIDE)
            .filter(|r| r[..CLASSES].iter().any(|&q| q != 0))
            .count()
    }

    /// Class probabilities of a candidate's features (calibrated by the temperature).
    pub(crate) fn probabilities(&self, f: &Features) -> [f32; CLASSES] {
        let mut logits = self.logits(f);
        softmax(&mut logits, self.temperature);
        logits
    }

    /// The sparse dot product: each feature's `i8` row is summed into its group's integer
    /// accumulators (no float work per feature; the rows are 32-byte aligned, so the sum
    /// vectorises), then each group is scaled once by its value.
    fn logits(&self, f: &Features) -> [f32; CLASSES] {
        let mut acc = [[0i32; STRIDE]; GROUPS];
        for &(bucket, group) in &f.items {
            let at = bucket as usize * STRIDE;
            let row: &[i8; STRIDE] = self.table[at..at + STRIDE]
                .try_into()
                .expect("rows are STRIDE long");
            for (a, &q) in acc[usize::from(group)].iter_mut().zip(row) {
                *a += i32::from(q);
            }
        }
        let mut logits = self.bias;
        for (g, sums) in acc.iter().enumerate() {
            let v = f.value[g] * self.scale;
            for (l, &a) in logits.iter_mut().zip(sums) {
                *l += a as f32 * v;
            }
        }
        logits
    }

    /// How much a word's unigram weighs for `class` against *no event* (for the evidence of a
    /// candidate with no trigger).
    pub(crate) fn word_weight(&self, norm: &str, class: usize) -> f32 {
        let b = bucket(word_hash(norm), self.config.bits) as usize * STRIDE;
        f32::from(self.table[b + class]) - f32::from(self.table[b + NONE])
    }
}

/// Softmax in place, logits divided by `temperature` first.
pub fn softmax(logits: &mut [f32; CLASSES], temperature: f32) {
    let t = if temperature > 0.0 { temperature } else { 1.0 };
    let max = logits.iter().fold(f32::NEG_INFINITY, |m, &l| m.max(l));
    let mut sum = 0.0;
    for l in logits.iter_mut() {
        *l = ((*l - max) / t).exp();
        sum += *l;
    }
    for l in logits.iter_mut() {
        *l /= sum;
    }
}

fn parse(raw: &[u8]) -> Result<EventModel, ModelError> {
    let split = raw
        .windows(2)
        .position(|w| w == b"\n\n")
        .ok_or_else(|| ModelError::Header("no end of header".into()))?;
    let header = std::str::from_utf8(&raw[..split])
        .map_err(|_| ModelError::Header("header is not UTF-8".into()))?;
    let body = &raw[split + 2..];
    let mut lines = header.lines();
    let first = lines.next().unwrap_or("");
    let version = first
        .strip_prefix(MAGIC)
        .ok_or_else(|| ModelError::Magic(first.chars().take(40).collect()))?
        .trim();
    if version != VERSION.to_string() {
        return Err(ModelError::Version(version.to_owned()));
    }
    let mut fields = std::collections::HashMap::new();
    for line in lines {
        let (k, v) = line.split_once(' ').unwrap_or((line, ""));
        fields.insert(k, v);
    }
    let field = |k: &'static str| {
        fields
            .get(k)
            .copied()
            .ok_or_else(|| ModelError::Header(format!("no {k:?} line")))
    };
    let bad = |k: &str, v: &str| ModelError::Header(format!("bad {k} value {v:?}"));
    let number = |k: &'static str, v: &str| v.trim().parse::<f32>().map_err(|_| bad(k, v));

    // File class order → internal class index.
    let order = class_order(field("classes")?)?;
    let config = feature_config(field("features")?)?;
    let scale = number("scale", field("scale")?)?;
    let temperature = number("temperature", field("temperature")?)?;
    if !(scale.is_finite() && scale > 0.0 && temperature.is_finite() && temperature > 0.0) {
        return Err(ModelError::Header(
            "scale and temperature must be positive".into(),
        ));
    }
    let mut thresholds = Thresholds {
        none: 1.0,
        margin: 1.0,
        fallback: 1.0,
    };
    for kv in field("thresholds")?.split_whitespace() {
        let (k, v) = kv.split_once('=').ok_or_else(|| bad("thresholds", kv))?;
        let p = number("thresholds", v)?;
        match k {
            "none" => thresholds.none = p,
            "margin" => thresholds.margin = p,
            "fallback" => thresholds.fallback = p,
            _ => return Err(bad("thresholds", kv)),
        }
    }
    let file_bias: Vec<f32> = field("bias")?
        .split_whitespace()
        .map(|v| number("bias", v))
        .collect::<Result<_, _>>()?;
    if file_bias.len() != CLASSES || file_bias.iter().any(|b| !b.is_finite()) {
        return Err(bad("bias", field("bias")?));
    }
    let mut bias = [0f32; CLASSES];
    for (f, &k) in order.iter().enumerate() {
        bias[k] = file_bias[f];
    }
    let rows_field = field("rows")?;
    let rows: usize = rows_field
        .trim()
        .parse()
        .map_err(|_| bad("rows", rows_field))?;
    let checksum_field = field("checksum")?;
    let checksum = u64::from_str_radix(checksum_field.trim(), 16)
        .map_err(|_| bad("checksum", checksum_field))?;
    let provenance = fields.get("provenance").copied().unwrap_or("").to_owned();

    let record = 4 + CLASSES;
    if rows.checked_mul(record) != Some(body.len()) {
        return Err(ModelError::Body {
            got: body.len(),
            rows,
        });
    }
    if fnv(FNV_OFFSET, body) != checksum {
        return Err(ModelError::Checksum);
    }
    let mut table = vec![0i8; (1usize << config.bits) * STRIDE];
    for rec in body.chunks_exact(record) {
        let b = u32::from_le_bytes([rec[0], rec[1], rec[2], rec[3]]);
        if (b as usize) >> config.bits != 0 {
            return Err(ModelError::Bucket(b, config.bits));
        }
        let at = b as usize * STRIDE;
        for (f, &k) in order.iter().enumerate() {
            table[at + k] = rec[4 + f] as i8;
        }
    }
    Ok(EventModel {
        config,
        table,
        scale,
        bias,
        temperature,
        thresholds,
        provenance,
    })
}

/// The model file's class order as internal class indexes (every class once).
fn class_order(classes: &str) -> Result<Vec<usize>, ModelError> {
    let mut order = Vec::with_capacity(CLASSES);
    for name in classes.split('|') {
        let k = if name == NONE_NAME {
            NONE
        } else {
            SubEventType::from_name(name).ok_or_else(|| ModelError::UnknownClass(name.into()))?
                as usize
        };
        if order.contains(&k) {
            return Err(ModelError::Header(format!("class {name:?} twice")));
        }
        order.push(k);
    }
    if order.len() != CLASSES {
        let missing = (0..CLASSES)
            .find(|k| !order.contains(k))
            .map_or(NONE_NAME, |k| SubEventType::ALL[k].name());
        return Err(ModelError::MissingClass(missing));
    }
    Ok(order)
}

/// The `features` header line: hash bits, character n-gram range, tokens per clause.
fn feature_config(features: &str) -> Result<FeatureConfig, ModelError> {
    let bad = |k: &str, v: &str| ModelError::Header(format!("bad {k} value {v:?}"));
    let mut config = FeatureConfig::default();
    for kv in features.split_whitespace() {
        let (k, v) = kv.split_once('=').ok_or_else(|| bad("features", kv))?;
        match k {
            "bits" => config.bits = v.parse().map_err(|_| bad("bits", v))?,
            "char" => {
                let (a, b) = v.split_once('-').ok_or_else(|| bad("char", v))?;
                config.char_min = a.parse().map_err(|_| bad("char", v))?;
                config.char_max = b.parse().map_err(|_| bad("char", v))?;
            }
            "max_tokens" => config.max_tokens = v.parse().map_err(|_| bad("max_tokens", v))?,
            _ => return Err(bad("features", kv)),
        }
    }
    if !BITS.contains(&config.bits) || config.char_min > config.char_max || config.char_max > 8 {
        return Err(bad("features", features));
    }
    Ok(config)
}

// ---------------------------------------------------------------------------------------------
// Features

/// Feature groups: each group's values are scaled together.
const RULE: u8 = 0;
const WORD: u8 = 1;
const CHAR: u8 = 2;
const GROUPS: usize = 3;

/// The features of one candidate: buckets with their group, and each group's value (rule
/// features count 1 each; word and character n-grams are scaled to unit norm per group, so a
/// long clause does not outweigh the rules). Reused from candidate to candidate.
#[derive(Debug, Default)]
pub struct Features {
    items: Vec<(u32, u8)>,
    value: [f32; GROUPS],
}

impl Features {
    /// The features as (bucket, value) pairs, for the trainer.
    pub fn pairs(&self) -> impl Iterator<Item = (u32, f32)> + '_ {
        self.items.iter().map(|&(b, g)| (b, self.value[g as usize]))
    }
}

/// Hash namespaces of the rule features.
#[derive(Clone, Copy)]
#[repr(u64)]
enum Ns {
    Lang = 1,
    Kind,
    Vote,
    VoteSub,
    VoteCode,
    Rule,
    Flag,
    Cue,
    Fatalities,
    Actor,
    Clauses,
    Word,
    Bigram,
    Char,
}

/// Flags of a candidate, for [`Ns::Flag`].
#[derive(Clone, Copy)]
#[repr(u64)]
enum Flag {
    GenericOnly,
    AnyActor,
    Deaths,
    ProtestViolent,
    ProtestLethal,
    ProtestIntervention,
    Numbers,
    Date,
    Attribution,
    NoVotes,
    NoCountingVotes,
    Place,
}

/// What the extractor reads besides the candidate.
pub(crate) struct Context<'a> {
    pub clauses: &'a [Clause],
    pub tokens: &'a [Token],
    pub lex: &'a Lexicon,
    pub lang: &'a str,
}

/// Fills `out` with the features of a candidate. `rule` is the codebook's decision (its type,
/// or `None` for no event); `fallback` says the candidate is a sentence with no counting
/// trigger.
pub(crate) fn extract(
    cfg: &FeatureConfig,
    cx: &Context,
    cand: &Candidate,
    rule: Option<SubEventType>,
    fallback: bool,
    out: &mut Features,
) {
    out.items.clear();
    let bits = cfg.bits;
    let mut rule_f = |parts: &[u64]| out.items.push((bucket(mix_parts(parts), bits), RULE));
    rule_f(&[Ns::Lang as u64, fnv(FNV_OFFSET, cx.lang.as_bytes())]);
    rule_f(&[Ns::Kind as u64, u64::from(fallback)]);
    rule_f(&[Ns::Rule as u64, rule.map_or(NONE as u64, |s| s as u64)]);
    for v in &cand.votes {
        let code = match v.hit.code {
            Code::Sub(_) => 0,
            Code::Attack => 1,
            Code::Stop => 2,
        };
        let veto = v.veto.map_or(0, |x| x as u64 + 1);
        let strength = match v.hit.strength {
            Strength::Weak => 0,
            Strength::Strong => 1,
            Strength::Instrument => 2,
        };
        rule_f(&[
            Ns::Vote as u64,
            v.sub as u64,
            veto,
            strength,
            u64::from(v.background),
        ]);
        rule_f(&[Ns::VoteSub as u64, v.sub as u64, u64::from(v.counts())]);
        rule_f(&[Ns::VoteCode as u64, code, veto]);
    }
    let mut flag = |f: Flag, on: bool| {
        if on {
            rule_f(&[Ns::Flag as u64, f as u64]);
        }
    };
    flag(Flag::GenericOnly, cand.generic_only);
    flag(Flag::AnyActor, cand.any_actor);
    flag(Flag::Deaths, cand.deaths);
    flag(Flag::ProtestViolent, cand.protest.violent);
    flag(Flag::ProtestLethal, cand.protest.lethal);
    flag(Flag::ProtestIntervention, cand.protest.intervention);
    flag(Flag::NoVotes, cand.votes.is_empty());
    flag(Flag::NoCountingVotes, cand.counting().next().is_none());
    flag(Flag::Place, cand.cluster.place.is_some());
    let members = || cand.cluster.clauses.iter().map(|&ci| &cx.clauses[ci]);
    flag(Flag::Numbers, members().any(|c| c.numbers > 0));
    flag(Flag::Date, members().any(|c| c.date.is_some()));
    flag(
        Flag::Attribution,
        members().any(|c| c.attribution.is_some()),
    );
    let cues = members().fold(0u64, |b, c| b | c.cues);
    for bit in 0..64 {
        if cues & (1 << bit) != 0 {
            rule_f(&[Ns::Cue as u64, bit]);
        }
    }
    let max_report = members()
        .flat_map(|c| c.reports.iter().map(|r| r.value))
        .max();
    if let Some(n) = max_report {
        let band = match n {
            0 => 0,
            1 => 1,
            2..=5 => 2,
            6..=20 => 3,
            _ => 4,
        };
        rule_f(&[Ns::Fatalities as u64, band]);
    }
    for c in members() {
        for m in &c.mentions {
            let role = match m.role {
                Role::Agent => 0,
                Role::Target => 1,
            };
            let inter = cx.lex.actors[m.hit.actor as usize].inter.code();
            rule_f(&[Ns::Actor as u64, role, u64::from(inter)]);
        }
    }
    rule_f(&[Ns::Clauses as u64, cand.cluster.clauses.len().min(4) as u64]);

    // Words and character n-grams of the clauses.
    let (mut words, mut chars) = (0usize, 0usize);
    for c in members() {
        let end = c
            .tokens
            .end
            .min(c.tokens.start + usize::from(cfg.max_tokens));
        let mut prev: Option<u64> = None;
        for t in &cx.tokens[c.tokens.start..end] {
            let Some(w) = word_key(&t.norm) else {
                prev = None;
                continue;
            };
            let h = word_hash(w);
            out.items.push((bucket(h, bits), WORD));
            words += 1;
            if let Some(p) = prev {
                out.items
                    .push((bucket(mix_parts(&[Ns::Bigram as u64, p, h]), bits), WORD));
                words += 1;
            }
            prev = Some(h);
            chars += char_ngrams(w, cfg, &mut out.items);
        }
    }
    out.value = [
        1.0,
        if words > 0 {
            1.0 / (words as f32).sqrt()
        } else {
            0.0
        },
        if chars > 0 {
            1.0 / (chars as f32).sqrt()
        } else {
            0.0
        },
    ];
}

/// The form a token's words are hashed under: its folded form, digits as `0` (the value of a
/// figure is not a word); `None` for punctuation.
fn word_key(norm: &str) -> Option<&str> {
    if !norm.chars().any(char::is_alphanumeric) {
        return None;
    }
    if norm.bytes().all(|b| b.is_ascii_digit()) {
        return Some("0");
    }
    Some(norm)
}

fn word_hash(w: &str) -> u64 {
    mix_parts(&[Ns::Word as u64, fnv(FNV_OFFSET, w.as_bytes())])
}

/// Pushes the character n-grams of `<w>` (lengths `char_min..=char_max`, counted in
/// characters); returns how many.
fn char_ngrams(w: &str, cfg: &FeatureConfig, out: &mut Vec<(u32, u8)>) -> usize {
    /// Characters of a word read (a longer one is cut).
    const MAX_CHARS: usize = 32;
    // Byte offsets of the word's characters, then of its end.
    let mut offs = [0usize; MAX_CHARS + 1];
    let (mut m, mut end) = (0, w.len());
    for (i, _) in w.char_indices() {
        if m == MAX_CHARS {
            end = i;
            break;
        }
        offs[m] = i;
        m += 1;
    }
    offs[m] = end;
    // Symbols of `<w>`: 0 is `<`, 1..=m the characters, m + 1 is `>`.
    let symbols = m + 2;
    let mut count = 0;
    // `char=0-0` turns character n-grams off.
    for len in usize::from(cfg.char_min.max(1))..=usize::from(cfg.char_max) {
        if len > symbols {
            break;
        }
        for s in 0..=symbols - len {
            let mut h = FNV_OFFSET ^ Ns::Char as u64;
            if s == 0 {
                h = fnv(h, b"<");
            }
            let (ca, cb) = (s.max(1) - 1, (s + len).min(m + 1) - 1);
            if ca < cb {
                h = fnv(h, &w.as_bytes()[offs[ca]..offs[cb]]);
            }
            if s + len == symbols {
                h = fnv(h, b">");
            }
            out.push((bucket(h, cfg.bits), CHAR));
            count += 1;
        }
    }
    count
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
    }
    h
}

/// SplitMix64's finaliser.
fn mix(mut h: u64) -> u64 {
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

fn mix_parts(parts: &[u64]) -> u64 {
    parts
        .iter()
        .fold(FNV_OFFSET, |h, &p| mix(h ^ p).wrapping_add(FNV_PRIME))
}

fn bucket(h: u64, bits: u8) -> u32 {
    (mix(h) >> (64 - u32::from(bits))) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grams(w: &str, min: u8, max: u8) -> usize {
        let cfg = FeatureConfig {
            char_min: min,
            char_max: max,
            ..FeatureConfig::default()
        };
        char_ngrams(w, &cfg, &mut Vec::new())
    }

    #[test]
    fn character_ngrams_count_characters_not_bytes() {
        // `<ab>` has 4 characters: two trigrams, one 4-gram.
        assert_eq!(grams("ab", 3, 5), 3);
        // Arabic letters are two bytes each: `<قتل>` is 5 characters, 3 + 2 + 1 n-grams.
        assert_eq!(grams("قتل", 3, 5), 6);
        assert_eq!(grams("é", 3, 3), 1);
    }

    #[test]
    fn same_ngram_same_bucket_in_any_word() {
        let cfg = FeatureConfig {
            char_min: 3,
            char_max: 3,
            ..FeatureConfig::default()
        };
        let mut a = Vec::new();
        char_ngrams("xab", &cfg, &mut a);
        let mut b = Vec::new();
        char_ngrams("yab", &cfg, &mut b);
        // `<xa xab ab>` and `<ya yab ab>`: the last trigram is shared.
        assert_eq!(a.last(), b.last());
        assert_ne!(a[0], b[0]);
    }

    #[test]
    fn figures_are_one_word_and_punctuation_none() {
        assert_eq!(word_key("1994"), Some("0"));
        assert_eq!(word_key(","), None);
        assert_eq!(word_key("قتلى"), Some("قتلى"));
    }

    use crate::{EventCoder, EventInput};
    use sitrep_schema::Event;

    /// The events of an invented text (no places), published 2018-03-24.
    fn code(coder: &EventCoder, lang: &str, text: &str) -> Vec<Event> {
        let tokens = sitrep_text::tokenize(text);
        let sentences = sitrep_text::sentences(text);
        let input = EventInput {
            published: Some("2018-03-24"),
            ..EventInput::new(text, &tokens, &sentences, lang)
        };
        coder.code(&input).0
    }

    /// A model with zero weights but for some words' unigrams, each for one class.
    fn toy_model(words: &[(&str, SubEventType, f32)], fallback: f32) -> EventModel {
        let cfg = FeatureConfig::default();
        let mut w = vec![0f32; (1 << cfg.bits) * CLASSES];
        for &(word, sub, weight) in words {
            let b = bucket(word_hash(word), cfg.bits) as usize;
            w[b * CLASSES + sub as usize] = weight;
        }
        let mut bias = [0f32; CLASSES];
        bias[NONE] = 2.0;
        let t = Thresholds {
            none: 1.01,
            margin: 1.01,
            fallback,
        };
        EventModel::from_weights(cfg, &w, bias, 1.0, t, "test")
    }

    /// Features of each candidate of an English text (rule and fallback).
    fn features_of(lang: &str, text: &str) -> Vec<Vec<(u32, f32)>> {
        let tokens = sitrep_text::tokenize(text);
        let sentences = sitrep_text::sentences(text);
        let input = EventInput::new(text, &tokens, &sentences, lang);
        EventCoder::rules_only()
            .training_candidates(&input, &FeatureConfig::default())
            .into_iter()
            .map(|c| c.features)
            .collect()
    }

    fn has(features: &[(u32, f32)], parts: &[u64]) -> bool {
        let b = bucket(mix_parts(parts), FeatureConfig::default().bits);
        features.iter().any(|&(f, _)| f == b)
    }

    #[test]
    fn features_carry_the_votes_with_their_vetoes_and_the_language() {
        let text = "Rebels attacked an army post, but they did not attack the town.";
        let f = features_of("en", text);
        assert_eq!(f.len(), 1);
        let clash = SubEventType::ArmedClash as u64;
        assert!(has(&f[0], &[Ns::VoteSub as u64, clash, 1]));
        // The negated one votes with its veto.
        assert!(has(&f[0], &[Ns::VoteSub as u64, clash, 0]));
        assert!(has(&f[0], &[Ns::Rule as u64, clash]));
        assert!(has(&f[0], &[Ns::Lang as u64, fnv(FNV_OFFSET, b"en")]));
        assert!(!has(&f[0], &[Ns::Lang as u64, fnv(FNV_OFFSET, b"fr")]));
        // A word of the clause, and the same features on every run.
        let word = bucket(word_hash("rebels"), FeatureConfig::default().bits);
        assert!(f[0].iter().any(|&(b, _)| b == word));
        assert_eq!(features_of("en", text), f);
    }

    #[test]
    fn a_sentence_without_trigger_is_a_fallback_candidate() {
        let text = "The minister spoke to reporters in the capital.";
        let f = features_of("en", text);
        assert_eq!(f.len(), 1);
        assert!(has(&f[0], &[Ns::Kind as u64, 1]));
        assert!(has(&f[0], &[Ns::Flag as u64, Flag::NoVotes as u64]));
        // Word and character groups are scaled to unit norm each.
        let words: f32 = f[0]
            .iter()
            .filter(|&&(b, _)| {
                ["the", "minister", "spoke"]
                    .iter()
                    .any(|w| b == bucket(word_hash(w), FeatureConfig::default().bits))
            })
            .map(|&(_, v)| v)
            .sum();
        assert!(words > 0.0 && words < 3.0);
    }

    #[test]
    fn a_confident_model_codes_a_sentence_the_lexicon_misses() {
        let model = toy_model(&[("zorglubbed", SubEventType::Attack, 60.0)], 0.6);
        let coder = EventCoder::with_model(model);
        let text = "Men zorglubbed the villagers near the river on Friday.";
        let events = code(&coder, "en", text);
        assert_eq!(events.len(), 1, "{events:?}");
        let e = &events[0];
        assert_eq!(e.sub_event_type, "Attack");
        assert_eq!(
            e.evidence.trigger.as_ref().map(|s| s.text.as_str()),
            Some("zorglubbed")
        );
        assert_eq!(
            e.evidence.sentence.as_ref().map(|s| s.text.as_str()),
            Some(text)
        );
        assert!(e.rules.iter().any(|r| r.starts_with("Learned decision")));
        assert!(e.confidence > 0.6 && e.confidence <= 1.0);
        // The rules alone code nothing there; a higher threshold abstains.
        assert!(code(&EventCoder::rules_only(), "en", text).is_empty());
        let shy = toy_model(&[("zorglubbed", SubEventType::Attack, 60.0)], 1.01);
        assert!(code(&EventCoder::with_model(shy), "en", text).is_empty());
    }

    /// Invented texts in the four languages, with several events and vetoed triggers.
    const TEXTS: [(&str, &str); 6] = [
        ("en", "Rebels attacked an army post in the north on Monday, killing three soldiers, the army said. \
                On Wednesday, police arrested ten students in the capital. Officials did not attack anyone."),
        ("en", "Protesters marched peacefully through the city centre before dispersing. \
                A roadside bomb later wounded two policemen."),
        ("fr", "Des hommes armés ont attaqué un village jeudi, tuant cinq civils, selon des sources locales. \
                L'armée a repris le contrôle de la ville."),
        ("es", "Guerrilleros del ELN atacaron una patrulla del Ejército el martes y murieron dos soldados."),
        ("ar", "قتل ثلاثة جنود في هجوم لمسلحين على حاجز عسكري يوم الثلاثاء."),
        ("fr", "Le ministre a menacé de frapper les positions rebelles."),
    ];

    #[test]
    fn the_model_never_changes_the_rules_evidence() {
        // The embedded weights, deciding every type they can: wherever the codebook coded an
        // event, the model's event carries exactly the codebook's evidence spans.
        let model = EventModel::embedded().unwrap().with_thresholds(Thresholds {
            none: 1.01,
            margin: 0.0,
            fallback: 1.01,
        });
        let learned = EventCoder::with_model(model);
        let rules = EventCoder::rules_only();
        for (lang, text) in TEXTS {
            let mut a: Vec<String> = code(&rules, lang, text)
                .iter()
                .map(|e| format!("{:?}", e.evidence))
                .collect();
            let mut b: Vec<String> = code(&learned, lang, text)
                .iter()
                .map(|e| format!("{:?}", e.evidence))
                .collect();
            a.sort();
            b.sort();
            assert_eq!(a, b, "{text}");
        }
    }

    #[test]
    fn the_combined_decision_keeps_the_rules_events_and_evidence() {
        // The rules decide whether: on these texts the same events with the same evidence
        // spans; the model only chooses among the types the rules proposed, deterministically.
        let combined = EventCoder::combined().expect("the shipped model loads");
        let rules = EventCoder::rules_only();
        for (lang, text) in TEXTS {
            let a = code(&rules, lang, text);
            let b = code(&combined, lang, text);
            assert_eq!(b, code(&combined, lang, text), "{text}");
            let spans = |events: &[Event]| {
                let mut v: Vec<String> =
                    events.iter().map(|e| format!("{:?}", e.evidence)).collect();
                v.sort();
                v
            };
            assert_eq!(spans(&a), spans(&b), "{text}");
            assert!(b.iter().all(|e| e.confidence > 0.0 && e.confidence <= 1.0));
        }
        // A toy model that loves a type no vote proposes never gets it.
        let toy = toy_model(&[("attacked", SubEventType::ChemicalWeapon, 60.0)], 0.5);
        let text = "Rebels attacked an army post in the north on Monday.";
        let events = code(&EventCoder::combined_with(toy), "en", text);
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].sub_event_type, "Armed clash");
        // Two proposed types (a protest and arrests): the model's preference decides.
        let text = "Hundreds of students demonstrated in the capital on Monday and police arrested ten of them.";
        let rule = code(&rules, "en", text);
        assert_eq!(rule.len(), 1);
        assert_ne!(rule[0].sub_event_type, "Arrests");
        let toy = toy_model(&[("arrested", SubEventType::Arrests, 60.0)], 0.5);
        let events = code(&EventCoder::combined_with(toy), "en", text);
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].sub_event_type, "Arrests");
        assert_eq!(events[0].evidence, rule[0].evidence);
        // The model prefers a proposed type whose row would have no actor 1 (an agreement
        // with no party named): no ACLED row, no event, as when the rules pick such a type.
        let text =
            "Five suspects were arrested in the capital on Monday after an agreement was signed.";
        let rule = code(&rules, "en", text);
        assert_eq!(rule.len(), 1, "{rule:?}");
        let toy = toy_model(&[("signed", SubEventType::Agreement, 60.0)], 0.5);
        let events = code(&EventCoder::combined_with(toy), "en", text);
        assert!(events.is_empty(), "{events:?}");
    }

    #[test]
    fn the_embedded_model_loads_and_decides_deterministically() {
        let a = EventCoder::learned().expect("the shipped model loads");
        let b = EventCoder::learned().expect("the shipped model loads");
        assert!(a.model().is_some());
        // The default decision is the combined one, with the embedded model (see
        // `EventCoder::load`); the codebook's alone has none.
        assert!(EventCoder::load().model().is_some());
        assert!(EventCoder::rules_only().model().is_none());
        for (lang, text) in TEXTS {
            let x = code(&a, lang, text);
            assert_eq!(x, code(&b, lang, text));
            assert_eq!(x, code(&a, lang, text));
        }
        // Something is decided: the French attack and the Arabic one.
        assert!(!code(&a, TEXTS[2].0, TEXTS[2].1).is_empty());
        assert!(!code(&a, TEXTS[4].0, TEXTS[4].1).is_empty());
    }

    #[test]
    fn weights_round_trip_through_the_file() {
        let model = toy_model(&[("zorglubbed", SubEventType::Attack, 3.0)], 0.7);
        let bytes = model.to_bytes();
        assert_eq!(bytes, model.to_bytes(), "deterministic bytes");
        let back = EventModel::from_bytes(&bytes).unwrap();
        assert_eq!(back.config(), model.config());
        assert_eq!(back.thresholds(), model.thresholds());
        assert_eq!(back.rows(), 1);
        assert_eq!(back.to_bytes(), bytes);
    }

    fn gz(raw: &[u8]) -> Vec<u8> {
        let mut gz = flate2::GzBuilder::new().write(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, raw).unwrap();
        gz.finish().unwrap()
    }

    fn raw_of(model: &EventModel) -> Vec<u8> {
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(&model.to_bytes()[..])
            .read_to_end(&mut raw)
            .unwrap();
        raw
    }

    #[test]
    fn bad_or_missing_model_files_are_errors_not_panics() {
        let missing = EventModel::read(Path::new("/nonexistent/events.model")).unwrap_err();
        assert!(matches!(missing, ModelError::Io { .. }));
        assert!(missing.to_string().contains("/nonexistent/events.model"));
        assert!(matches!(
            EventModel::from_bytes(b"not a model").unwrap_err(),
            ModelError::NotGzip(_)
        ));
        assert!(matches!(
            EventModel::from_bytes(&gz(b"hello\n\nworld")).unwrap_err(),
            ModelError::Magic(_)
        ));
        assert!(matches!(
            EventModel::from_bytes(&gz(b"sitrep-event-model 9\n\n")).unwrap_err(),
            ModelError::Version(_)
        ));
        assert!(matches!(
            EventModel::from_bytes(&[]).unwrap_err(),
            ModelError::NotGzip(_) | ModelError::Header(_)
        ));
        let good = raw_of(&toy_model(
            &[("zorglubbed", SubEventType::Attack, 3.0)],
            0.7,
        ));
        // One byte less in the body, one weight changed, a renamed class, a lost line.
        let short = &good[..good.len() - 1];
        assert!(matches!(
            EventModel::from_bytes(&gz(short)).unwrap_err(),
            ModelError::Body { .. }
        ));
        let mut flipped = good.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert!(matches!(
            EventModel::from_bytes(&gz(&flipped)).unwrap_err(),
            ModelError::Checksum
        ));
        let text = String::from_utf8_lossy(&good).into_owned();
        let renamed = text.replacen("Armed clash", "Armed brawl", 1);
        assert!(matches!(
            EventModel::from_bytes(&gz(renamed.as_bytes())).unwrap_err(),
            ModelError::UnknownClass(c) if c == "Armed brawl"
        ));
        let no_bias: String = text
            .split_inclusive('\n')
            .filter(|l| !l.starts_with("bias "))
            .collect();
        let e = EventModel::from_bytes(&gz(no_bias.as_bytes())).unwrap_err();
        assert!(e.to_string().contains("bias"), "{e}");
    }
}
