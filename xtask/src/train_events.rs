//! `cargo xtask train-events`: trains the event coder's learned decision from the project's own
//! labelled snippets (`crates/sitrep-events/train/<lang>[.<round>].tsv`) and writes
//! `crates/sitrep-events/model/events.model`.
//!
//! Each snippet is coded by the rules (`EventCoder::rules_only`) up to its candidates; every
//! candidate becomes one example with the snippet's label: a `none` snippet's candidates are all
//! *no event*; an event snippet labels its rule candidates, or, when the rules open none, its
//! fallback sentences (a fallback sentence beside a rule candidate is left out: which of the two
//! tells the event is unknown).
//!
//! The model is multinomial logistic regression over the hashed features, trained by
//! FTRL-Proximal (per-coordinate learning rates, L1 and L2; McMahan et al. 2013) in a fixed
//! number of passes over the examples in an order drawn from a fixed seed; the shipped model
//! averages the weights of five such runs (seeds `seed` to `seed + 4`, `--bag`): the same files
//! give the same model (and, from the same build, the same bytes: the gzip bytes depend on
//! flate2's backend, workspace Cargo.toml). The maintained crate `linfa-logistic` trains on a
//! dense matrix: 2^16 hashed buckets × ~20,000 candidates is 1.3 G cells, so it was measured once
//! on the same features folded to 2^10 buckets (`--dump DIR` writes them), against this trainer
//! at 2^10 (BENCHMARKS.md, "Learned event decision"); FTRL keeps two `f32` per bucket and class
//! and touches only the active ones.
//!
//! Reports: 5-fold cross-validation on the training snippets (folds by a hash of each snippet);
//! the out-of-fold probabilities fit the softmax temperature (calibration). The final model is
//! trained on every snippet, then scored on the independent validation set
//! (`crates/sitrep-events/validation/`, never trained on), every candidate kept as the coder
//! sees it. Features, regularisation and the decision thresholds (defaults below) were chosen on
//! that validation set and the *tune* halves of the development files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};
use sitrep_events::{
    EventCoder, EventInput, EventModel, FeatureConfig, SubEventType, Thresholds, CLASSES,
};

pub const USAGE: &str = "\
  train-events [--out FILE] [--folds N] [--epochs N] [--alpha A] [--l1 X] [--l2 X]
               [--class-power P] [--bag N] [--seed S] [--bits B] [--char MIN-MAX] [--none P]
               [--margin P] [--fallback P] [--dump DIR]
      train the event decision model on crates/sitrep-events/train/*.tsv (5-fold
      cross-validation report, then the final model) and write it to FILE (default:
      crates/sitrep-events/model/events.model). --folds 0 skips cross-validation. --bag N
      averages N runs (seeds S, S+1, ...) into one model. --dump DIR
      also writes the training and validation examples and the model's validation logits.
  train-events --set-thresholds --model FILE --none P --margin P --fallback P [--out FILE]
      rewrite a model's decision thresholds without training.
";

const NONE: usize = CLASSES - 1;
const LANGS: [&str; 4] = ["ar", "en", "es", "fr"];

/// The decision thresholds, chosen on the validation set and the *tune* halves (BENCHMARKS.md,
/// "Learned event decision"): the model decides alone (no event when *no event* is at least
/// even, its own type over the codebook's, a fallback sentence at an even chance). Keeping the
/// codebook's types (`margin` above 1) kept CASE but lost 19 points on the validation set.
const THRESHOLDS: Thresholds = Thresholds {
    none: 0.5,
    margin: 0.0,
    fallback: 0.5,
};

/// Hyperparameters (chosen by cross-validation on the training data, thresholds on the tune
/// halves; see BENCHMARKS.md).
#[derive(Debug, Clone, Copy)]
struct Params {
    features: FeatureConfig,
    epochs: usize,
    alpha: f32,
    beta: f32,
    l1: f32,
    l2: f32,
    /// Class weights `(mean count / count)^power`: 0 leaves the classes as they come.
    class_power: f32,
    /// Models averaged (each trained in its own example order, seeds `seed`, `seed + 1`, …):
    /// one FTRL run's weights depend on the order it saw the examples in, and the combined
    /// decision's figures move by up to a point between seeds. Five runs averaged tie one run
    /// on the tune halves and the validation set (CASE tune macro F1 +0.2) for five times the
    /// fitting time; they do not remove the spread (two bags of five differ by 0.8 points of
    /// CASE tune weighted F1). BENCHMARKS.md, "Event coding, fourth sitting".
    bag: usize,
    thresholds: Thresholds,
    seed: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            features: FeatureConfig::default(),
            epochs: 8,
            alpha: 1.0,
            beta: 1.0,
            l1: 0.02,
            l2: 0.1,
            class_power: 0.5,
            bag: 5,
            thresholds: THRESHOLDS,
            seed: 20_261_206,
        }
    }
}

/// One training snippet.
struct Snippet {
    lang: &'static str,
    label: usize,
    text: String,
}

/// One candidate of a snippet, labelled.
struct Example {
    snippet: usize,
    label: usize,
    fallback: bool,
    rule: Option<SubEventType>,
    features: Vec<(u32, f32)>,
}

/// The command line of `train-events` (see [`USAGE`]).
struct Options {
    p: Params,
    out: PathBuf,
    folds: usize,
    set_thresholds: bool,
    model_in: Option<PathBuf>,
    dump: Option<PathBuf>,
}

fn options(mut args: impl Iterator<Item = String>, root: &Path) -> Result<Options> {
    let mut p = Params::default();
    let mut out = root.join("crates/sitrep-events/model/events.model");
    let mut folds = 5usize;
    let mut set_thresholds = false;
    let mut model_in: Option<PathBuf> = None;
    let mut dump: Option<PathBuf> = None;
    let num = |v: Option<String>, what: &str| -> Result<f32> {
        v.with_context(|| format!("{what} needs a value"))?
            .parse()
            .with_context(|| format!("bad {what}"))
    };
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => out = PathBuf::from(args.next().context("--out needs a file")?),
            "--model" => {
                model_in = Some(PathBuf::from(args.next().context("--model needs a file")?))
            }
            "--set-thresholds" => set_thresholds = true,
            "--dump" => dump = Some(PathBuf::from(args.next().context("--dump needs a dir")?)),
            "--folds" => folds = num(args.next(), "--folds")? as usize,
            "--epochs" => p.epochs = num(args.next(), "--epochs")? as usize,
            "--alpha" => p.alpha = num(args.next(), "--alpha")?,
            "--l1" => p.l1 = num(args.next(), "--l1")?,
            "--l2" => p.l2 = num(args.next(), "--l2")?,
            "--class-power" => p.class_power = num(args.next(), "--class-power")?,
            "--bag" => p.bag = (num(args.next(), "--bag")? as usize).max(1),
            "--seed" => {
                p.seed = args
                    .next()
                    .context("--seed needs a value")?
                    .parse()
                    .context("bad --seed")?
            }
            "--bits" => p.features.bits = num(args.next(), "--bits")? as u8,
            "--char" => {
                let v = args.next().context("--char needs MIN-MAX")?;
                let (a, b) = v.split_once('-').context("--char needs MIN-MAX")?;
                p.features.char_min = a.parse()?;
                p.features.char_max = b.parse()?;
            }
            "--none" => p.thresholds.none = num(args.next(), "--none")?,
            "--margin" => p.thresholds.margin = num(args.next(), "--margin")?,
            "--fallback" => p.thresholds.fallback = num(args.next(), "--fallback")?,
            other => {
                eprint!("{USAGE}");
                bail!("unknown option {other:?} for train-events");
            }
        }
    }
    Ok(Options {
        p,
        out,
        folds,
        set_thresholds,
        model_in,
        dump,
    })
}

pub fn main(args: impl Iterator<Item = String>, root: &Path) -> Result<()> {
    let Options {
        p,
        out,
        folds,
        set_thresholds,
        model_in,
        dump,
    } = options(args, root)?;
    if set_thresholds {
        let path = model_in.context("--set-thresholds needs --model FILE")?;
        let model = EventModel::read(&path)?.with_thresholds(p.thresholds);
        std::fs::write(&out, model.to_bytes())
            .with_context(|| format!("writing {}", out.display()))?;
        println!("{}: thresholds {:?}", out.display(), p.thresholds);
        return Ok(());
    }

    let started = Instant::now();
    let files = training_files(&root.join("crates/sitrep-events/train"))?;
    let (snippets, digest) = read_snippets(&files)?;
    let coder = EventCoder::rules_only();
    let examples = candidates(&coder, &snippets, &p.features, true);
    println!(
        "{} snippets, {} candidate examples ({} fallback) in {:.1}s",
        snippets.len(),
        examples.len(),
        examples.iter().filter(|e| e.fallback).count(),
        started.elapsed().as_secs_f64()
    );

    let mut temperature = 1.0;
    if folds > 1 {
        let mut oof: Vec<[f32; CLASSES]> = vec![[0.0; CLASSES]; examples.len()];
        for f in 0..folds {
            let fold_of = |e: &Example| fold(&snippets[e.snippet], folds) == f;
            let train: Vec<usize> = (0..examples.len())
                .filter(|&i| !fold_of(&examples[i]))
                .collect();
            let model = Linear::fit(&examples, &train, &p);
            for (i, e) in examples.iter().enumerate() {
                if fold_of(e) {
                    oof[i] = model.logits(&e.features);
                }
            }
        }
        temperature = fit_temperature(&examples, &oof);
        report(
            "cross-validated (out-of-fold)",
            &snippets,
            &examples,
            &oof,
            temperature,
            &p,
        );
    }

    let all: Vec<usize> = (0..examples.len()).collect();
    let model = Linear::fit(&examples, &all, &p);
    let training = &examples;
    // The validation set (never trained on): how the final model decides its snippets.
    let valid_dir = root.join("crates/sitrep-events/validation");
    if valid_dir.is_dir() {
        let (valid, _) = read_snippets(&training_files(&valid_dir)?)?;
        let examples = candidates(&coder, &valid, &p.features, false);
        let logits: Vec<[f32; CLASSES]> =
            examples.iter().map(|e| model.logits(&e.features)).collect();
        report(
            "validation set (crates/sitrep-events/validation, never trained on)",
            &valid,
            &examples,
            &logits,
            temperature,
            &p,
        );
        if let Some(dir) = &dump {
            dump_examples(dir, training, &examples, &logits)?;
        }
    }
    let (weights, bias) = model.weights();
    let provenance = format!(
        "trained by cargo xtask train-events on crates/sitrep-events/train/{} \
         (sha256 {digest}, {} snippets, {} candidates); FTRL epochs={} alpha={} beta={} l1={} \
         l2={} class_power={} bag={} seed={}",
        files
            .iter()
            .filter_map(|(_, p)| p.file_name()?.to_str())
            .collect::<Vec<_>>()
            .join(" "),
        snippets.len(),
        examples.len(),
        p.epochs,
        p.alpha,
        p.beta,
        p.l1,
        p.l2,
        p.class_power,
        p.bag,
        p.seed
    );
    let model = EventModel::from_weights(
        p.features,
        &weights,
        bias,
        temperature,
        p.thresholds,
        &provenance,
    );
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    println!(
        "{}: {} bytes, {} non-zero rows, temperature {temperature:.2}, {:.1}s in all",
        out.display(),
        bytes.len(),
        model.rows(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The training files of `dir`: every `<lang>.tsv` and `<lang>.<round>.tsv` of a known
/// language, in name order (the same order on every machine).
fn training_files(dir: &Path) -> Result<Vec<(&'static str, PathBuf)>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(stem) = name.strip_suffix(".tsv") else {
            continue;
        };
        let lang = stem.split('.').next().unwrap_or(stem);
        let Some(&lang) = LANGS.iter().find(|l| **l == lang) else {
            bail!("{}: not <lang>[.<round>].tsv of {LANGS:?}", path.display());
        };
        files.push((lang, path));
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(files)
}

/// The snippets of labelled files (`label<TAB>kind<TAB>text`), files in the given order, lines
/// in file order; and the SHA-256 of the files.
fn read_snippets(files: &[(&'static str, PathBuf)]) -> Result<(Vec<Snippet>, String)> {
    let mut out = Vec::new();
    let mut sha = Sha256::new();
    for (lang, path) in files {
        let data =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        sha.update(data.as_bytes());
        for (n, line) in data.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut f = line.splitn(3, '\t');
            let (Some(label), Some(_kind), Some(text)) = (f.next(), f.next(), f.next()) else {
                bail!("{}:{}: not label<TAB>kind<TAB>text", path.display(), n + 1);
            };
            let label = if label == "none" {
                NONE
            } else {
                SubEventType::from_name(label).with_context(|| {
                    format!("{}:{}: unknown label {label:?}", path.display(), n + 1)
                })? as usize
            };
            out.push(Snippet {
                lang,
                label,
                text: text.to_owned(),
            });
        }
    }
    let digest = sha.finalize().iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    });
    Ok((out, digest))
}

/// Every snippet's candidates, labelled (see the module's doc). `training`: an event snippet's
/// fallback sentences beside a rule candidate are left out (for training); otherwise every
/// candidate is kept, as the coder would see them (for scoring the validation set).
fn candidates(
    coder: &EventCoder,
    snippets: &[Snippet],
    cfg: &FeatureConfig,
    training: bool,
) -> Vec<Example> {
    let mut out = Vec::new();
    for (i, s) in snippets.iter().enumerate() {
        let tokens = sitrep_text::tokenize(&s.text);
        let sentences = sitrep_text::sentences(&s.text);
        let input = EventInput::new(&s.text, &tokens, &sentences, s.lang);
        let cands = coder.training_candidates(&input, cfg);
        let any_rule = cands.iter().any(|c| !c.fallback);
        for c in cands {
            if training && s.label != NONE && any_rule && c.fallback {
                continue;
            }
            out.push(Example {
                snippet: i,
                label: s.label,
                fallback: c.fallback,
                rule: c.rule,
                features: c.features,
            });
        }
    }
    out
}

/// The cross-validation fold of a snippet: a hash of its language and text.
fn fold(s: &Snippet, folds: usize) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.lang.bytes().chain(s.text.bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 33;
    (h % folds as u64) as usize
}

/// A trained linear model: the average of [`Params::bag`] FTRL runs' weights (row-major,
/// `dims × CLASSES`, then the bias row).
struct Linear {
    dims: usize,
    w: Vec<f32>,
}

impl Linear {
    fn fit(examples: &[Example], idx: &[usize], p: &Params) -> Linear {
        let dims = 1usize << p.features.bits;
        let mut w = vec![0f32; (dims + 1) * CLASSES];
        for k in 0..p.bag {
            let run = Params {
                seed: p.seed.wrapping_add(k as u64),
                ..*p
            };
            let m = Ftrl::train(examples, idx, &run);
            for (at, x) in w.iter_mut().enumerate() {
                *x += m.weight(at) / p.bag as f32;
            }
        }
        Linear { dims, w }
    }

    fn logits(&self, features: &[(u32, f32)]) -> [f32; CLASSES] {
        let row = |r: usize| &self.w[r * CLASSES..(r + 1) * CLASSES];
        let mut l = [0f32; CLASSES];
        for (x, b) in l.iter_mut().zip(row(self.dims)) {
            *x += b;
        }
        for &(b, v) in features {
            for (x, wk) in l.iter_mut().zip(row(b as usize)) {
                *x += wk * v;
            }
        }
        l
    }

    /// The weights of the buckets (row-major, `dims × CLASSES`) and the bias.
    fn weights(&self) -> (Vec<f32>, [f32; CLASSES]) {
        let mut bias = [0f32; CLASSES];
        bias.copy_from_slice(&self.w[self.dims * CLASSES..]);
        (self.w[..self.dims * CLASSES].to_vec(), bias)
    }
}

/// Multinomial logistic regression trained by FTRL-Proximal.
struct Ftrl {
    z: Vec<f32>,
    n: Vec<f32>,
    p: Params,
}

impl Ftrl {
    fn train(examples: &[Example], idx: &[usize], p: &Params) -> Ftrl {
        let dims = 1usize << p.features.bits;
        // One extra row: the bias, a feature every example has.
        let mut m = Ftrl {
            z: vec![0.0; (dims + 1) * CLASSES],
            n: vec![0.0; (dims + 1) * CLASSES],
            p: *p,
        };
        let mut counts = [0f32; CLASSES];
        for &i in idx {
            counts[examples[i].label] += 1.0;
        }
        let present = counts.iter().filter(|&&c| c > 0.0).count().max(1) as f32;
        let mean = idx.len() as f32 / present;
        let class_weight: Vec<f32> = counts
            .iter()
            .map(|&c| {
                if c > 0.0 {
                    (mean / c).powf(p.class_power)
                } else {
                    0.0
                }
            })
            .collect();
        let mut order = idx.to_vec();
        let mut rng = p.seed;
        let mut w = vec![0f32; CLASSES];
        for _ in 0..p.epochs {
            // Fisher–Yates with xorshift64*: the same order on every machine.
            for i in (1..order.len()).rev() {
                rng ^= rng >> 12;
                rng ^= rng << 25;
                rng ^= rng >> 27;
                let r = rng.wrapping_mul(0x2545_f491_4f6c_dd1d);
                order.swap(i, (r % (i as u64 + 1)) as usize);
            }
            for &i in &order {
                let e = &examples[i];
                let mut probs = [0.0; CLASSES];
                m.accumulate(dims, 1.0, &mut probs);
                for &(b, v) in &e.features {
                    m.accumulate(b as usize, v, &mut probs);
                }
                sitrep_events::softmax(&mut probs, 1.0);
                let cw = class_weight[e.label];
                let mut grad = [0f32; CLASSES];
                for (k, g) in grad.iter_mut().enumerate() {
                    *g = (probs[k] - if k == e.label { 1.0 } else { 0.0 }) * cw;
                }
                m.update(dims, 1.0, &grad, &mut w);
                for &(b, v) in &e.features {
                    m.update(b as usize, v, &grad, &mut w);
                }
            }
        }
        m
    }

    fn weight(&self, at: usize) -> f32 {
        let z = self.z[at];
        if z.abs() <= self.p.l1 {
            return 0.0;
        }
        let sign = z.signum();
        -(z - sign * self.p.l1) / ((self.p.beta + self.n[at].sqrt()) / self.p.alpha + self.p.l2)
    }

    fn accumulate(&self, row: usize, v: f32, logits: &mut [f32; CLASSES]) {
        for (k, l) in logits.iter_mut().enumerate() {
            *l += self.weight(row * CLASSES + k) * v;
        }
    }

    fn update(&mut self, row: usize, v: f32, grad: &[f32], w: &mut [f32]) {
        for (k, wk) in w.iter_mut().enumerate() {
            *wk = self.weight(row * CLASSES + k);
        }
        for k in 0..CLASSES {
            let at = row * CLASSES + k;
            let g = grad[k] * v;
            let n = self.n[at];
            let sigma = ((n + g * g).sqrt() - n.sqrt()) / self.p.alpha;
            self.z[at] += g - sigma * w[k];
            self.n[at] = n + g * g;
        }
    }
}

/// Writes the training and validation examples (`label bucket:value ...`, one line each, the
/// validation lines prefixed by their snippet's label and index) and the final model's logits of
/// the validation examples, for measuring another trainer on the same features
/// (BENCHMARKS.md, "Learned event decision").
fn dump_examples(
    dir: &Path,
    training: &[Example],
    valid: &[Example],
    logits: &[[f32; CLASSES]],
) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let line = |e: &Example| {
        let mut s = e.label.to_string();
        for (b, v) in &e.features {
            let _ = write!(s, " {b}:{v}");
        }
        s.push('\n');
        s
    };
    let train: String = training.iter().map(line).collect();
    std::fs::write(dir.join("train.svm"), train)?;
    let valid_lines: String = valid
        .iter()
        .map(|e| format!("{} {}", e.snippet, line(e)))
        .collect();
    std::fs::write(dir.join("valid.svm"), valid_lines)?;
    let logit_lines: String = logits
        .iter()
        .map(|l| {
            let v: Vec<String> = l.iter().map(|x| x.to_string()).collect();
            v.join(" ") + "\n"
        })
        .collect();
    std::fs::write(dir.join("valid.ftrl"), logit_lines)?;
    Ok(())
}

/// The temperature that minimises the out-of-fold log loss (grid 0.5–3.0).
fn fit_temperature(examples: &[Example], oof: &[[f32; CLASSES]]) -> f32 {
    let nll = |t: f32| -> f64 {
        examples
            .iter()
            .zip(oof)
            .map(|(e, l)| {
                let mut p = *l;
                sitrep_events::softmax(&mut p, t);
                -f64::from(p[e.label].max(1e-9)).ln()
            })
            .sum()
    };
    (10..=60)
        .map(|i| i as f32 * 0.05)
        .min_by(|&a, &b| nll(a).total_cmp(&nll(b)))
        .unwrap_or(1.0)
}

/// Cross-validated accuracy per language: of the candidates, and of the snippets (the label of
/// the snippet's most probable event under the decision thresholds, else no event), with the
/// reliability of the snippets' decisions by confidence decile.
fn report(
    title: &str,
    snippets: &[Snippet],
    examples: &[Example],
    oof: &[[f32; CLASSES]],
    temperature: f32,
    p: &Params,
) {
    let mut snippet_pred: Vec<Option<(usize, f32)>> = vec![None; snippets.len()];
    // The model alone: each candidate's most probable class; the snippet's most probable event.
    let mut alone: Vec<Option<(usize, f32)>> = vec![None; snippets.len()];
    let mut cand = [(0usize, 0usize); 4];
    let lang_ix = |l: &str| LANGS.iter().position(|x| *x == l).unwrap_or(0);
    for (e, l) in examples.iter().zip(oof) {
        let mut probs = *l;
        sitrep_events::softmax(&mut probs, temperature);
        let best = (0..CLASSES)
            .max_by(|&a, &b| probs[a].total_cmp(&probs[b]))
            .unwrap_or(NONE);
        if best != NONE && alone[e.snippet].is_none_or(|(_, q)| probs[best] > q) {
            alone[e.snippet] = Some((best, probs[best]));
        }
        let c = &mut cand[lang_ix(snippets[e.snippet].lang)];
        c.0 += usize::from(best == e.label);
        c.1 += 1;
        let (ev, pe) = (0..NONE)
            .map(|k| (k, probs[k]))
            .fold((0, f32::MIN), |b, x| if x.1 > b.1 { x } else { b });
        let rule = e.rule.map(|s| s as usize);
        let decided = match rule {
            Some(_) if probs[NONE] >= p.thresholds.none => None,
            Some(r) if pe - probs[r] >= p.thresholds.margin => Some((ev, pe)),
            Some(r) => Some((r, probs[r])),
            None => (pe >= p.thresholds.fallback).then_some((ev, pe)),
        };
        if let Some((k, q)) = decided {
            if snippet_pred[e.snippet].is_none_or(|(_, best)| q > best) {
                snippet_pred[e.snippet] = Some((k, q));
            }
        }
    }
    let mut snip = [(0usize, 0usize); 4];
    let mut snip_alone = [0usize; 4];
    let mut deciles = [(0usize, 0usize); 10];
    for ((s, pred), alone) in snippets.iter().zip(&snippet_pred).zip(&alone) {
        let label = pred.map_or(NONE, |(k, _)| k);
        let ok = label == s.label;
        snip_alone[lang_ix(s.lang)] += usize::from(alone.map_or(NONE, |(k, _)| k) == s.label);
        let c = &mut snip[lang_ix(s.lang)];
        c.0 += usize::from(ok);
        c.1 += 1;
        if let Some((_, q)) = pred {
            let d = &mut deciles[((q * 10.0) as usize).min(9)];
            d.0 += usize::from(ok);
            d.1 += 1;
        }
    }
    println!("{title}, temperature {temperature:.2}:");
    for (i, l) in LANGS.iter().enumerate() {
        println!(
            "  {l}: candidates {}/{} ({:.3}), snippets {}/{} ({:.3}), model alone {:.3}",
            cand[i].0,
            cand[i].1,
            cand[i].0 as f64 / cand[i].1.max(1) as f64,
            snip[i].0,
            snip[i].1,
            snip[i].0 as f64 / snip[i].1.max(1) as f64,
            snip_alone[i] as f64 / snip[i].1.max(1) as f64
        );
    }
    let (sc, sn) = snip.iter().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!(
        "  all: snippets {sc}/{sn} ({:.3}), model alone {:.3}",
        sc as f64 / sn.max(1) as f64,
        snip_alone.iter().sum::<usize>() as f64 / sn.max(1) as f64
    );
    print!("  reliability of coded events by confidence decile (correct/coded):");
    for (i, d) in deciles.iter().enumerate() {
        if d.1 > 0 {
            print!(" {:.1}: {}/{}", i as f32 / 10.0, d.0, d.1);
        }
    }
    println!();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two separable toy classes over a handful of buckets.
    fn toy() -> Vec<Example> {
        (0..40)
            .map(|i| {
                let label = if i % 2 == 0 { 0 } else { NONE };
                let b = if label == 0 { 7 } else { 9 };
                Example {
                    snippet: i,
                    label,
                    fallback: false,
                    rule: None,
                    features: vec![(b, 1.0), (100 + (i % 5) as u32, 0.5)],
                }
            })
            .collect()
    }

    #[test]
    fn a_bag_is_the_mean_of_its_seeded_runs_and_one_run_is_ftrl_itself() {
        let ex = toy();
        let idx: Vec<usize> = (0..ex.len()).collect();
        let p = Params {
            epochs: 2,
            bag: 1,
            ..Params::default()
        };
        let one = Linear::fit(&ex, &idx, &p);
        let ftrl = Ftrl::train(&ex, &idx, &p);
        assert!(one
            .w
            .iter()
            .enumerate()
            .all(|(at, &w)| w == ftrl.weight(at)));
        let bag = Linear::fit(&ex, &idx, &Params { bag: 2, ..p });
        let second = Ftrl::train(
            &ex,
            &idx,
            &Params {
                seed: p.seed + 1,
                ..p
            },
        );
        for (at, &w) in bag.w.iter().enumerate() {
            let mean = ftrl.weight(at) / 2.0 + second.weight(at) / 2.0;
            assert!((w - mean).abs() <= 1e-6 * mean.abs().max(1.0), "{at}");
        }
        // Deterministic, and it learned the toy classes.
        let again = Linear::fit(&ex, &idx, &Params { bag: 2, ..p });
        assert_eq!(bag.w, again.w);
        let l = bag.logits(&[(7, 1.0)]);
        assert!(l[0] > l[NONE]);
        let l = bag.logits(&[(9, 1.0)]);
        assert!(l[NONE] > l[0]);
    }
}
