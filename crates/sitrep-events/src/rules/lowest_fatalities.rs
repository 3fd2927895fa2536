//! Conflicting fatality reports: ACLED codes the lowest. An event's fatalities are the lowest
//! value among its clauses' killed reports (0 without one), and the rule is noted when the
//! reports disagree.

use std::collections::BTreeSet;

use crate::fatalities::Report;

/// The lowest report (the first of equal ones) and, when reports disagree, the rule's sentence.
pub(crate) fn lowest<'r>(reports: &[&'r Report]) -> (Option<&'r Report>, Option<String>) {
    let low = reports.iter().min_by_key(|r| r.value).copied();
    let distinct: BTreeSet<u32> = reports.iter().map(|r| r.value).collect();
    let note = (distinct.len() > 1).then(|| {
        let values: Vec<String> = distinct.iter().map(u32::to_string).collect();
        format!(
            "conflicting fatality reports ({}): lowest kept",
            values.join(", ")
        )
    });
    (low, note)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::events;

    fn report(value: u32, at: usize) -> Report {
        Report {
            value,
            toks: at..at + 2,
            cumulative: false,
        }
    }

    #[test]
    fn the_lowest_is_kept() {
        let (a, b, c) = (report(12, 0), report(7, 5), report(7, 9));
        let (low, note) = lowest(&[&a, &b, &c]);
        assert_eq!(
            low.map(|r| r.toks.start),
            Some(5),
            "the first of the equal lowest"
        );
        assert_eq!(
            note.as_deref(),
            Some("conflicting fatality reports (7, 12): lowest kept")
        );
        let (low, note) = lowest(&[&a]);
        assert_eq!((low.map(|r| r.value), note), (Some(12), None));
        assert_eq!(lowest(&[]).0.map(|r| r.value), None);
    }

    #[test]
    fn two_tolls_in_one_report() {
        let e = &events(
            "en",
            "Rebels attacked an army post on Monday, killing nine soldiers. Officials later said seven soldiers were killed in the attack.",
        )[0];
        assert_eq!(e.fatalities, 7);
    }
}
