//! `sitrep eval`: run the extractor over gold files and score it (see `sitrep-eval`).

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use rayon::prelude::*;
use sitrep_core::DocInput;

use crate::decision::DecisionArgs;
use sitrep_core::Extractor;
use sitrep_eval::{
    read_cameo_gold, read_event_gold, read_geo_gold, read_labelled, score_cameo, score_events,
    score_geo, score_labelled, CameoPrediction, GeoMode, LabelledPrediction, PredictedPlace, Split,
};

#[derive(clap::Subcommand)]
pub enum EvalCommand {
    /// Geoparsing: toponym recognition and resolution on a gold JSONL file.
    Geo(GeoArgs),
    /// Event typing on CASE-style gold (the first event's sub-event type, or no event).
    Events(EventArgs),
    /// The PLOVER gold records, where PLOVER types map to ACLED (see `sitrep_eval::acled_mapping`).
    Plover(EventArgs),
    /// Spanish and Arabic coded news sentences (`upetr-*`): event found, type accepted,
    /// abstained on verbal sentences, in-sentence places found; per corpus.
    Cameo(EventArgs),
    /// The project's labelled snippet files (`label<TAB>kind<TAB>text`, language from the file
    /// name, e.g. `crates/sitrep-events/validation/*.tsv`): type accuracy, no-event precision
    /// and recall per language, reliability by confidence decile.
    Labelled(LabelledArgs),
}

#[derive(clap::Args)]
pub struct LabelledArgs {
    /// Labelled files (`en.tsv`, `fr.round2.tsv`, ...).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Write the predictions (one JSON line per snippet) to this file for error analysis.
    #[arg(long, value_name = "FILE")]
    pub predictions: Option<PathBuf>,
    #[command(flatten)]
    pub decision: DecisionArgs,
}

/// The `--split` option every eval command takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SplitArg {
    /// The half that error analysis and tuning may look at.
    Tune,
    /// The held-out half: scored, never inspected.
    Check,
    /// Every record (the report then ends with one line per half).
    All,
}

impl From<SplitArg> for Split {
    fn from(s: SplitArg) -> Split {
        match s {
            SplitArg::Tune => Split::Tune,
            SplitArg::Check => Split::Check,
            SplitArg::All => Split::All,
        }
    }
}

#[derive(clap::Args)]
pub struct EventArgs {
    /// Gold file in the CASE format of `shared/eval/README.md`.
    pub file: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Write the predictions (one JSON line per snippet) to this file for error analysis.
    #[arg(long, value_name = "FILE")]
    pub predictions: Option<PathBuf>,
    /// Score only the tune or the check half of the file (fixed halves by a hash of the
    /// record id, see `sitrep_eval::split`).
    #[arg(long, value_enum, default_value = "all")]
    pub split: SplitArg,
    #[command(flatten)]
    pub decision: DecisionArgs,
}

impl EventArgs {
    /// The extractor with the chosen event decision.
    fn extractor(&self) -> anyhow::Result<Extractor> {
        self.decision.extractor(crate::load_gazetteer(None)?)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// sitrep finds the spans itself: recognition and resolution are scored.
    EndToEnd,
    /// sitrep is given the gold spans and only resolves them.
    Resolve,
}

#[derive(clap::Args)]
pub struct GeoArgs {
    /// Gold file in the format of `shared/eval/README.md`.
    pub file: PathBuf,
    #[arg(long, value_enum, default_value = "end-to-end")]
    pub mode: Mode,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Gazetteer image or table to use instead of the embedded one.
    #[arg(long, value_name = "FILE")]
    pub gazetteer: Option<PathBuf>,
    /// Write the predictions (one JSON line per document) to this file for error analysis.
    #[arg(long, value_name = "FILE")]
    pub predictions: Option<PathBuf>,
    /// Score only the tune or the check half of the file (fixed halves by a hash of the
    /// document id, see `sitrep_eval::split`).
    #[arg(long, value_enum, default_value = "all")]
    pub split: SplitArg,
}

pub fn run(cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        EvalCommand::Geo(args) => geo(args),
        EvalCommand::Events(args) => events(args),
        EvalCommand::Plover(args) => plover(args),
        EvalCommand::Cameo(args) => cameo(args),
        EvalCommand::Labelled(args) => labelled(args),
    }
}

/// The gold records of the chosen split.
fn select<G>(gold: Vec<G>, split: SplitArg, id: impl Fn(&G) -> &str) -> Vec<G> {
    Split::from(split).select(gold, id)
}

/// The first line of every text report: the gold file, how many units it holds, which split
/// was scored and (where the command times itself) how long extraction took.
struct Heading<'a> {
    file: &'a std::path::Path,
    unit: &'a str,
    split: SplitArg,
    elapsed: Option<std::time::Duration>,
}

/// Scores `gold` against `predicted` with `score` and prints the report the same way for every
/// eval command: as JSON, or as the heading, the report and, with `--split all`, one line per
/// half (each half scored again with `score` on the records whose `id` hashes into it, summed
/// up by `headline`), so that every run shows whether tune and check agree.
fn print_report<G: Clone, P: Clone, R: serde::Serialize + std::fmt::Display>(
    heading: &Heading<'_>,
    json: bool,
    gold: &[G],
    predicted: &[P],
    id: impl Fn(&G) -> &str,
    score: impl Fn(&[G], &[P]) -> R,
    headline: impl Fn(&R) -> String,
) -> anyhow::Result<()> {
    let report = score(gold, predicted);
    if json {
        out!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    let Heading {
        file,
        unit,
        split,
        elapsed,
    } = heading;
    let count = gold.len();
    match elapsed {
        Some(t) => out!(
            "{}: {count} {unit} (split {}) in {:.2}s",
            file.display(),
            Split::from(*split),
            t.as_secs_f64()
        ),
        None => out!(
            "{}: {count} {unit} (split {})",
            file.display(),
            Split::from(*split)
        ),
    }
    out!("{report}");
    if *split != SplitArg::All {
        return Ok(());
    }
    for half in [Split::Tune, Split::Check] {
        let (g, p): (Vec<G>, Vec<P>) = gold
            .iter()
            .zip(predicted)
            .filter(|(g, _)| Split::of(id(g)) == half)
            .map(|(g, p)| (g.clone(), p.clone()))
            .unzip();
        out!(
            "{half:<5} ({} records): {}",
            g.len(),
            headline(&score(&g, &p))
        );
    }
    Ok(())
}

fn plover(args: EventArgs) -> anyhow::Result<ExitCode> {
    // Every gold-file error names the file itself.
    let gold = select(
        sitrep_eval::read_plover_gold(&args.file)?,
        args.split,
        |g| &g.id,
    );
    let extractor = args.extractor()?;
    let predicted: Vec<Option<(String, u32)>> = gold
        .par_iter()
        .map(|g| {
            let doc = extractor.extract(DocInput {
                lang: Some(g.lang.clone()),
                ..DocInput::new(&g.id, &g.text)
            });
            doc.events
                .first()
                .map(|e| (e.event_type.clone(), e.fatalities))
        })
        .collect();
    write_predictions(
        args.predictions.as_deref(),
        gold.iter()
            .zip(&predicted)
            .map(|(g, p)| serde_json::json!({"id": g.id, "plover": g.event, "predicted": p})),
    )?;
    let heading = Heading {
        file: &args.file,
        unit: "records",
        split: args.split,
        elapsed: None,
    };
    print_report(
        &heading,
        args.json,
        &gold,
        &predicted,
        |g| &g.id,
        sitrep_eval::score_plover,
        |r| r.headline(),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn events(args: EventArgs) -> anyhow::Result<ExitCode> {
    let gold = select(read_event_gold(&args.file)?, args.split, |g| &g.id);
    let extractor = args.extractor()?;
    let started = Instant::now();
    let predicted: Vec<Option<String>> = gold
        .par_iter()
        .map(|g| {
            let doc = extractor.extract(DocInput {
                lang: Some("en".into()),
                ..DocInput::new(&g.id, &g.text)
            });
            doc.events.first().map(|e| e.sub_event_type.clone())
        })
        .collect();
    let elapsed = started.elapsed();
    write_predictions(
        args.predictions.as_deref(),
        gold.iter().zip(&predicted).map(
            |(g, p)| serde_json::json!({"id": g.id, "gold": g.sub_event_type, "predicted": p}),
        ),
    )?;
    let heading = Heading {
        file: &args.file,
        unit: "snippets",
        split: args.split,
        elapsed: Some(elapsed),
    };
    print_report(
        &heading,
        args.json,
        &gold,
        &predicted,
        |g| &g.id,
        score_events,
        |r| r.headline(),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn geo(args: GeoArgs) -> anyhow::Result<ExitCode> {
    let gold = select(read_geo_gold(&args.file)?, args.split, |d| &d.id);
    let gaz = crate::load_gazetteer(args.gazetteer.as_ref())?;
    let extractor = Extractor::new(gaz.clone());
    let started = Instant::now();
    let predictions: Vec<Vec<PredictedPlace>> = gold
        .par_iter()
        .map(|doc| match args.mode {
            Mode::EndToEnd => {
                let mut diags = Vec::new();
                let lang = extractor.language(&doc.text, Some(&doc.lang));
                extractor
                    .places(&doc.text, &lang, &mut diags)
                    .into_iter()
                    .map(|p| PredictedPlace {
                        start: p.start,
                        end: p.end,
                        lat: p.lat,
                        lon: p.lon,
                        geonameid: p.geonameid,
                        country_code: p.country_code,
                    })
                    .collect()
            }
            Mode::Resolve => {
                let spans: Vec<_> = doc.toponyms.iter().map(|t| t.start..t.end).collect();
                extractor
                    .resolve_spans(&doc.text, &doc.lang, &spans)
                    .into_iter()
                    .zip(&doc.toponyms)
                    .map(|(p, t)| PredictedPlace {
                        start: t.start,
                        end: t.end,
                        lat: p.as_ref().and_then(|p| p.lat),
                        lon: p.as_ref().and_then(|p| p.lon),
                        geonameid: p.as_ref().and_then(|p| p.geonameid),
                        country_code: p.and_then(|p| p.country_code),
                    })
                    .collect()
            }
        })
        .collect();
    let elapsed = started.elapsed();
    write_predictions(
        args.predictions.as_deref(),
        gold.iter()
            .zip(&predictions)
            .map(|(doc, preds)| serde_json::json!({"id": doc.id, "predictions": preds})),
    )?;
    let countries: HashMap<u32, String> = gaz
        .places()
        .iter()
        .filter_map(|p| Some((p.geonameid?, p.country.clone())))
        .filter(|(_, c)| !c.is_empty())
        .collect();
    let mode = match args.mode {
        Mode::EndToEnd => GeoMode::EndToEnd,
        Mode::Resolve => GeoMode::Resolve,
    };
    let country = |id| countries.get(&id).cloned();
    let heading = Heading {
        file: &args.file,
        unit: "documents",
        split: args.split,
        elapsed: Some(elapsed),
    };
    print_report(
        &heading,
        args.json,
        &gold,
        &predictions,
        |d| &d.id,
        |g, p| score_geo(g, p, mode, &country),
        |r| r.headline(),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn cameo(args: EventArgs) -> anyhow::Result<ExitCode> {
    let gold = select(read_cameo_gold(&args.file)?, args.split, |g| &g.id);
    let extractor = args.extractor()?;
    let started = Instant::now();
    // Each sentence is a document published on its article's date, as the kit's README says.
    let predicted: Vec<CameoPrediction> = gold
        .par_iter()
        .map(|g| {
            let doc = extractor.extract(DocInput {
                lang: Some(g.lang.clone()),
                published: Some(g.date.clone()),
                ..DocInput::new(&g.id, &g.text)
            });
            CameoPrediction {
                first_event_type: doc.events.first().map(|e| e.event_type.clone()),
                places: doc
                    .places
                    .iter()
                    .flat_map(|p| [p.text.clone(), p.name.clone()])
                    .collect(),
            }
        })
        .collect();
    let elapsed = started.elapsed();
    write_predictions(
        args.predictions.as_deref(),
        gold.iter().zip(&predicted).map(|(g, p)| {
            serde_json::json!({
                "id": g.id,
                "expect": g.expect,
                "accepted": g.acled_event_types,
                "predicted": p.first_event_type,
                "places": p.places,
            })
        }),
    )?;
    let heading = Heading {
        file: &args.file,
        unit: "sentences",
        split: args.split,
        elapsed: Some(elapsed),
    };
    print_report(
        &heading,
        args.json,
        &gold,
        &predicted,
        |g| &g.id,
        score_cameo,
        |r| r.all.headline(),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn labelled(args: LabelledArgs) -> anyhow::Result<ExitCode> {
    let mut gold = Vec::new();
    for f in &args.files {
        gold.extend(read_labelled(f)?);
    }
    let extractor = args.decision.extractor(crate::load_gazetteer(None)?)?;
    let started = Instant::now();
    let predicted: Vec<LabelledPrediction> = gold
        .par_iter()
        .map(|g| {
            let doc = extractor.extract(DocInput {
                lang: Some(g.lang.clone()),
                ..DocInput::new(&g.id, &g.text)
            });
            doc.events
                .first()
                .map(|e| LabelledPrediction {
                    sub_event_type: Some(e.sub_event_type.clone()),
                    confidence: e.confidence,
                })
                .unwrap_or_default()
        })
        .collect();
    let elapsed = started.elapsed();
    write_predictions(
        args.predictions.as_deref(),
        gold.iter().zip(&predicted).map(|(g, p)| {
            serde_json::json!({
                "id": g.id,
                "kind": g.kind,
                "gold": g.label,
                "predicted": p.sub_event_type,
                "confidence": p.confidence,
            })
        }),
    )?;
    let report = score_labelled(&gold, &predicted);
    if args.json {
        out!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        out!(
            "{} labelled snippets from {} files in {:.2}s",
            gold.len(),
            args.files.len(),
            elapsed.as_secs_f64()
        );
        out!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes one JSON line per prediction to `path` (`--predictions FILE`), if given.
fn write_predictions(
    path: Option<&std::path::Path>,
    lines: impl Iterator<Item = serde_json::Value>,
) -> anyhow::Result<()> {
    let Some(path) = path else {
        return Ok(());
    };
    let mut out = String::new();
    for line in lines {
        out.push_str(&line.to_string());
        out.push('\n');
    }
    std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))
}
