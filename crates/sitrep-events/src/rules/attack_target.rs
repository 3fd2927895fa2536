//! A generic attack ("attacked", "opened fire", "tués") is a Battle when the target is armed and
//! Violence against civilians when it is not: armed targets (state forces, rebels, militias,
//! external forces, or a military noun in the clause) give Armed clash, anything else Attack.

use crate::taxonomy::{Inter, SubEventType};

/// `targets`: inter codes of the clause's target-side actors; `military_context`: a military
/// noun (troops, soldats, positions of an army) is in the clause; `civilian_context`: a
/// civilian noun.
pub(crate) fn sub(
    targets: &[Inter],
    military_context: bool,
    civilian_context: bool,
) -> SubEventType {
    let armed = if targets.contains(&Inter::Civilians) {
        false
    } else if targets.iter().any(|i| i.is_armed()) {
        true
    } else {
        military_context && !civilian_context
    };
    if armed {
        SubEventType::ArmedClash
    } else {
        SubEventType::Attack
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::coded;
    use SubEventType::{ArmedClash, Attack};

    #[test]
    fn armed_targets_make_a_clash() {
        assert_eq!(sub(&[Inter::StateForces], false, true), ArmedClash);
        assert_eq!(
            sub(&[Inter::StateForces, Inter::Civilians], true, false),
            Attack
        );
        assert_eq!(sub(&[], true, false), ArmedClash);
        assert_eq!(sub(&[], true, true), Attack);
        assert_eq!(sub(&[Inter::Protesters], false, false), Attack);
    }

    #[test]
    fn in_a_sentence() {
        assert_eq!(
            coded(
                "en",
                "Gunmen attacked a group of villagers near the market."
            ),
            "Attack"
        );
        assert_eq!(
            coded("en", "Gunmen attacked an army checkpoint near the market."),
            "Armed clash"
        );
    }
}
