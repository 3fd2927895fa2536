//! Non-ACLED contexts (natural and man-made disasters, ordinary crime, diplomacy): when the
//! sentence names one (lexicon kind `non_event`), weak triggers ("killed", "explosion") and
//! strategic-development triggers in it code nothing; strong political-violence triggers still do.

use crate::lexicon::{Code, Strength};
use crate::scan::TriggerHit;
use crate::taxonomy::Taxonomy;

pub(crate) fn drops(trigger: &TriggerHit, taxonomy: &Taxonomy, non_event_context: bool) -> bool {
    if !non_event_context {
        return false;
    }
    if trigger.strength == Strength::Weak {
        return true;
    }
    matches!(trigger.code, Code::Sub(s) if taxonomy.event_type(s) == "Strategic developments")
}
