//! `sitrep eval`: run the extractor over gold files and score it (see `sitrep-eval`).

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use rayon::prelude::*;
use sitrep_core::DocInput;
use sitrep_core::Extractor;
use sitrep_eval::{
    read_event_gold, read_geo_gold, score_events, score_geo, GeoMode, PredictedPlace,
};

#[derive(clap::Subcommand)]
pub enum EvalCommand {
    /// Geoparsing: toponym recognition and resolution on a gold JSONL file.
    Geo(GeoArgs),
    /// Event typing on CASE-style gold (the first event's sub-event type, or no event).
    Events(EventArgs),
    /// The PLOVER gold records, where PLOVER types map to ACLED (see `sitrep_eval::acled_mapping`).
    Plover(EventArgs),
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
}

pub fn run(cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        EvalCommand::Geo(args) => geo(args),
        EvalCommand::Events(args) => events(args),
        EvalCommand::Plover(args) => plover(args),
    }
}

fn plover(args: EventArgs) -> anyhow::Result<ExitCode> {
    // Every gold-file error names the file itself.
    let gold = sitrep_eval::read_plover_gold(&args.file)?;
    let extractor = Extractor::new(crate::load_gazetteer(None)?);
    let predicted: Vec<Option<(String, u32)>> = gold
        .par_iter()
        .map(|g| {
            let doc = extractor.extract(DocInput {
                id: g.id.clone(),
                text: g.text.clone(),
                lang: Some(g.lang.clone()),
                ..Default::default()
            });
            doc.events
                .first()
                .map(|e| (e.event_type.clone(), e.fatalities))
        })
        .collect();
    if let Some(path) = &args.predictions {
        let mut out = String::new();
        for (g, p) in gold.iter().zip(&predicted) {
            let line = serde_json::json!({"id": g.id, "plover": g.event, "predicted": p});
            out.push_str(&line.to_string());
            out.push('\n');
        }
        std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))?;
    }
    let report = sitrep_eval::score_plover(&gold, &predicted);
    if args.json {
        out!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        out!("{}: {} records", args.file.display(), gold.len());
        out!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}

fn events(args: EventArgs) -> anyhow::Result<ExitCode> {
    let gold = read_event_gold(&args.file)?;
    let extractor = Extractor::new(crate::load_gazetteer(None)?);
    let started = Instant::now();
    let predicted: Vec<Option<String>> = gold
        .par_iter()
        .map(|g| {
            let doc = extractor.extract(DocInput {
                id: g.id.clone(),
                text: g.text.clone(),
                lang: Some("en".into()),
                ..Default::default()
            });
            doc.events.first().map(|e| e.sub_event_type.clone())
        })
        .collect();
    let elapsed = started.elapsed();
    if let Some(path) = &args.predictions {
        let mut out = String::new();
        for (g, p) in gold.iter().zip(&predicted) {
            out.push_str(
                &serde_json::json!({"id": g.id, "gold": g.sub_event_type, "predicted": p})
                    .to_string(),
            );
            out.push('\n');
        }
        std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))?;
    }
    let report = score_events(&gold, &predicted);
    if args.json {
        out!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        out!(
            "{}: {} snippets in {:.2}s",
            args.file.display(),
            gold.len(),
            elapsed.as_secs_f64()
        );
        out!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}

fn geo(args: GeoArgs) -> anyhow::Result<ExitCode> {
    let gold = read_geo_gold(&args.file)?;
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
    if let Some(path) = &args.predictions {
        let mut out = String::new();
        for (doc, preds) in gold.iter().zip(&predictions) {
            let line = serde_json::json!({"id": doc.id, "predictions": preds});
            out.push_str(&line.to_string());
            out.push('\n');
        }
        std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))?;
    }
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
    let report = score_geo(&gold, &predictions, mode, &|id| countries.get(&id).cloned());
    if args.json {
        out!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        out!(
            "{}: {} documents in {:.2}s",
            args.file.display(),
            gold.len(),
            elapsed.as_secs_f64()
        );
        out!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}
