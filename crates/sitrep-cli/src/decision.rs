//! `--event-decision` and `--event-model`: which decision layer codes events (`extract`,
//! `bench`, `eval events|plover|cameo|labelled`).

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use sitrep_core::events::{EventCoder, EventModel};
use sitrep_core::Extractor;
use sitrep_gazetteer::Gazetteer;

/// Which decision layer decides each candidate event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EventDecision {
    /// The codebook's rules alone (`sitrep_events::EventCoder::rules_only`).
    Rules,
    /// The trained model embedded in the binary (or `--event-model FILE`).
    Learned,
    /// The rules decide whether there is an event; where their votes propose several sub-event
    /// types, the trained model (embedded, or `--event-model FILE`) picks among them. The
    /// default (`sitrep_events::EventCoder::load` says so and why).
    Combined,
}

#[derive(clap::Args, Debug, Clone)]
pub struct DecisionArgs {
    /// Event decision: the codebook's rules, the learned model, or the two combined
    /// (BENCHMARKS.md compares them) [default: combined]
    // No clap default: without the option the library's default coder is used, so the
    // default is defined in one place (`EventCoder::load`).
    #[arg(long, value_enum)]
    pub event_decision: Option<EventDecision>,
    /// Decision model file written by `cargo xtask train-events`, instead of the embedded one,
    /// for the default (combined) or learned decision; an error with `--event-decision rules`.
    #[arg(long, value_name = "FILE")]
    pub event_model: Option<PathBuf>,
}

impl DecisionArgs {
    /// The event coder these options ask for; a missing or bad model file is an error naming it.
    pub fn event_coder(&self) -> anyhow::Result<EventCoder> {
        let read = |path: &PathBuf| {
            EventModel::read(path).with_context(|| format!("--event-model {}", path.display()))
        };
        Ok(match (&self.event_model, self.event_decision) {
            (None, None) => EventCoder::load(),
            (Some(path), None) => EventCoder::load_with(read(path)?),
            (Some(path), Some(EventDecision::Combined)) => EventCoder::combined_with(read(path)?),
            (Some(path), Some(EventDecision::Learned)) => EventCoder::with_model(read(path)?),
            (Some(_), Some(EventDecision::Rules)) => anyhow::bail!(
                "--event-model has no use with --event-decision rules (the rules decide alone): \
                 leave one of them out"
            ),
            (None, Some(EventDecision::Learned)) => {
                EventCoder::learned().context("loading the embedded event model")?
            }
            (None, Some(EventDecision::Combined)) => {
                EventCoder::combined().context("loading the embedded event model")?
            }
            (None, Some(EventDecision::Rules)) => EventCoder::rules_only(),
        })
    }

    /// An extractor around `gaz` with this event coder.
    pub fn extractor(&self, gaz: Arc<Gazetteer>) -> anyhow::Result<Extractor> {
        Ok(Extractor::with_event_coder(gaz, self.event_coder()?))
    }
}
