//! A state's forces acting outside their own country are External/Other forces (inter 8):
//! US helicopters striking in Iraq are coded 8, the Syrian army in Syria stays 1.

use crate::taxonomy::Inter;

/// The inter code of an actor with `inter` and `home` country in an event in `event_country`.
pub(crate) fn inter(inter: Inter, home: Option<&str>, event_country: Option<&str>) -> Inter {
    match (inter, home, event_country) {
        (Inter::StateForces, Some(h), Some(c)) if h != c => Inter::ExternalForces,
        _ => inter,
    }
}

/// The rule's sentence in `Event::rules`.
pub(crate) const NOTE: &str =
    "state forces outside their country coded as External/Other forces (inter 8)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_state_forces_are_external() {
        assert_eq!(
            inter(Inter::StateForces, Some("US"), Some("IQ")),
            Inter::ExternalForces
        );
        assert_eq!(
            inter(Inter::StateForces, Some("SY"), Some("SY")),
            Inter::StateForces
        );
        assert_eq!(
            inter(Inter::StateForces, Some("SY"), None),
            Inter::StateForces
        );
        assert_eq!(
            inter(Inter::PoliticalMilitias, Some("LB"), Some("SY")),
            Inter::PoliticalMilitias
        );
    }
}
