//! Span matching shared by recognition and end-to-end resolution: set semantics for spans
//! and the README's greedy one-to-one overlap pairing.

use std::cmp::Reverse;
use std::collections::HashSet;

/// A `(start, end)` span in code points, end exclusive.
pub(crate) type Span = (usize, usize);

/// The distinct spans of `spans`, each with the index of its first occurrence, in
/// first-seen order. Recognition works on sets of spans, so a span given twice counts once.
pub(crate) fn distinct(spans: impl IntoIterator<Item = Span>) -> Vec<(Span, usize)> {
    let mut seen = HashSet::new();
    spans
        .into_iter()
        .enumerate()
        .filter(|&(_, span)| seen.insert(span))
        .map(|(index, span)| (span, index))
        .collect()
}

/// Number of code points two spans share.
pub(crate) fn overlap_len(a: Span, b: Span) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// Pairs gold and predicted spans one to one when they share at least one code point.
///
/// Candidate pairs are taken greedily in order of the gold span's `start`; ties are broken
/// by the largest overlap, then by the shorter predicted span (so an exact match wins over
/// a longer prediction covering the same characters), then by the predicted `start`, the
/// gold `end` and finally input order, which makes the result deterministic. A pair is
/// accepted when neither side is paired yet.
///
/// Returns, for each gold span, the index of its paired prediction.
pub(crate) fn overlap_pairs(gold: &[Span], predicted: &[Span]) -> Vec<Option<usize>> {
    let mut candidates = Vec::new();
    for (g, &gold_span) in gold.iter().enumerate() {
        for (p, &predicted_span) in predicted.iter().enumerate() {
            let overlap = overlap_len(gold_span, predicted_span);
            if overlap > 0 {
                candidates.push((g, p, overlap));
            }
        }
    }
    candidates.sort_by_key(|&(g, p, overlap)| {
        let (gold_start, gold_end) = gold[g];
        let (pred_start, pred_end) = predicted[p];
        (
            gold_start,
            Reverse(overlap),
            pred_end - pred_start,
            pred_start,
            gold_end,
            g,
            p,
        )
    });
    let mut gold_to_pred = vec![None; gold.len()];
    let mut pred_taken = vec![false; predicted.len()];
    for (g, p, _) in candidates {
        if gold_to_pred[g].is_none() && !pred_taken[p] {
            gold_to_pred[g] = Some(p);
            pred_taken[p] = true;
        }
    }
    gold_to_pred
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_keeps_first_occurrence() {
        let got = distinct([(0, 3), (5, 7), (0, 3), (1, 2)]);
        assert_eq!(got, vec![((0, 3), 0), ((5, 7), 1), ((1, 2), 3)]);
    }

    #[test]
    fn overlap_needs_a_shared_code_point() {
        assert_eq!(overlap_len((0, 5), (5, 9)), 0);
        assert_eq!(overlap_len((0, 5), (4, 9)), 1);
        assert_eq!(overlap_len((2, 4), (0, 9)), 2);
        assert_eq!(overlap_len((3, 3), (0, 9)), 0);
    }

    #[test]
    fn one_prediction_pairs_with_one_gold_span() {
        // Gold "New York" (0,8) and "City" (9,13); one long prediction (0,13) overlaps
        // both and pairs only with the first.
        assert_eq!(
            overlap_pairs(&[(0, 8), (9, 13)], &[(0, 13)]),
            vec![Some(0), None]
        );
    }

    #[test]
    fn largest_overlap_wins_for_a_gold_span() {
        // Gold (0,10); predictions (0,2) and (1,10): the larger overlap is taken.
        assert_eq!(overlap_pairs(&[(0, 10)], &[(0, 2), (1, 10)]), vec![Some(1)]);
    }

    #[test]
    fn exact_match_wins_an_overlap_tie() {
        assert_eq!(overlap_pairs(&[(2, 5)], &[(0, 8), (2, 5)]), vec![Some(1)]);
    }

    #[test]
    fn gold_spans_with_equal_start_go_by_largest_overlap() {
        // Gold (0,4) and (0,10) both start at 0; the single prediction (0,9) overlaps the
        // second by 9 and the first by 4, so the second gets it although it comes later.
        assert_eq!(
            overlap_pairs(&[(0, 4), (0, 10)], &[(0, 9)]),
            vec![None, Some(0)]
        );
    }

    #[test]
    fn earlier_gold_span_is_served_first() {
        // Gold (0,5) overlaps the prediction by 1, gold (4,12) by 6; order of start rules.
        assert_eq!(
            overlap_pairs(&[(0, 5), (4, 12)], &[(4, 10)]),
            vec![Some(0), None]
        );
    }

    #[test]
    fn nested_gold_with_identical_predictions_pairs_each_with_itself() {
        let spans = [(0, 12), (0, 5), (6, 12), (7, 9)];
        assert_eq!(
            overlap_pairs(&spans, &spans),
            vec![Some(0), Some(1), Some(2), Some(3)]
        );
    }
}
