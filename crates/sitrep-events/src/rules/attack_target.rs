//! A generic attack ("attacked", "opened fire", "tués") is a Battle when the target is armed and
//! Violence against civilians when it is not: armed targets (state forces, rebels, militias,
//! external forces, or a military noun in the clause) give Armed clash, anything else Attack.

/// `target_inters`: inter codes of the target-side actors; `military_context`: a military noun
/// (troops, soldats, positions of an army) is in the clause; `civilian_context`: a civilian noun.
pub(crate) fn is_armed_clash(
    target_inters: &[u8],
    military_context: bool,
    civilian_context: bool,
) -> bool {
    if target_inters.contains(&7) {
        return false;
    }
    if target_inters.iter().any(|i| matches!(i, 1..=4 | 8)) {
        return true;
    }
    military_context && !civilian_context
}
