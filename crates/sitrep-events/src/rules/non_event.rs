//! Non-ACLED contexts. Disasters and ordinary crime (`non_event` cues: earthquake, factory,
//! drug trafficking): weak triggers ("killed", "explosion") and strategic-development triggers
//! (arrests for theft, seized drugs) code nothing. Diplomacy (`diplomacy` cues: summit, held
//! talks): weak triggers code nothing. Weapon platforms ("aircraft", "drones") in a disaster or
//! crime context are the vehicles of an accident and code nothing either. Strong
//! political-violence triggers always count. The caller lifts the disaster/crime context when
//! the clause names an organised armed actor ("Islamic State militants attacked … near the
//! refinery").

use crate::lexicon::{Code, Strength};
use crate::scan::TriggerHit;
use crate::taxonomy::Taxonomy;

pub(crate) fn drops(
    trigger: &TriggerHit,
    taxonomy: &Taxonomy,
    non_event_context: bool,
    diplomacy_context: bool,
) -> bool {
    if trigger.strength == Strength::Weak && (non_event_context || diplomacy_context) {
        return true;
    }
    if trigger.strength == Strength::Instrument && non_event_context {
        return true;
    }
    non_event_context
        && matches!(trigger.code, Code::Sub(s) if taxonomy.event_type(s) == "Strategic developments")
}
