//! Concurrent tactics: one event (same day, same location) described with several sub-event
//! types is coded once, with the highest-ranked type (`rank` in `data/taxonomy.txt`: suicide
//! bombs and chemical weapons above territorial changes, above armed clashes, above other
//! remote violence, above violence against civilians, riots, protests and strategic
//! developments). Strong triggers outvote weak ones ("killed", "explosion").

use crate::taxonomy::{Sub, Taxonomy};

/// Picks the sub-event type from `(sub, strong)` candidates; returns it and, when several
/// distinct types competed, the rule text for the notes.
pub(crate) fn collapse(
    candidates: &[(Sub, bool)],
    taxonomy: &Taxonomy,
) -> Option<(Sub, Option<String>)> {
    let any_strong = candidates.iter().any(|c| c.1);
    let mut pool: Vec<Sub> = candidates
        .iter()
        .filter(|c| c.1 || !any_strong)
        .map(|c| c.0)
        .collect();
    pool.sort_unstable();
    pool.dedup();
    let best = *pool.iter().max_by_key(|&&s| taxonomy.info(s).rank)?;
    if pool.len() < 2 {
        return Some((best, None));
    }
    let names: Vec<String> = pool
        .iter()
        .map(|&s| taxonomy.info(s).sub_event_type.to_lowercase())
        .collect();
    let note = format!(
        "Concurrent tactics ({}) coded as {}, the higher-ranked sub-event type",
        names.join(" and "),
        taxonomy.info(best).sub_event_type
    );
    Some((best, Some(note)))
}
