//! Disrupted weapons use: a bomb that was defused, a missile that was intercepted, a cache that
//! was seized did not explode. When a clause has a Disrupted-weapons trigger, its
//! Explosions/Remote violence triggers are the object of the disruption and are dropped.

use crate::lexicon::Code;
use crate::scan::TriggerHit;
use crate::taxonomy::Taxonomy;

/// Returns true when something was dropped.
pub(crate) fn apply(triggers: &mut Vec<TriggerHit>, taxonomy: &Taxonomy) -> bool {
    let dw = taxonomy.id("Disrupted weapons use");
    if !triggers.iter().any(|t| t.code == Code::Sub(dw)) {
        return false;
    }
    let before = triggers.len();
    triggers.retain(
        |t| !matches!(t.code, Code::Sub(s) if taxonomy.event_type(s) == "Explosions/Remote violence"),
    );
    triggers.len() != before
}
