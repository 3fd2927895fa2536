//! A state's forces acting outside their own country are External/Other forces (inter 8):
//! US helicopters striking in Iraq are coded 8, the Syrian army in Syria stays 1.

pub(crate) fn inter(inter: u8, home: Option<&str>, event_country: Option<&str>) -> u8 {
    match (inter, home, event_country) {
        (1, Some(h), Some(c)) if h != c => 8,
        _ => inter,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn foreign_state_forces_are_external() {
        assert_eq!(super::inter(1, Some("US"), Some("IQ")), 8);
        assert_eq!(super::inter(1, Some("SY"), Some("SY")), 1);
        assert_eq!(super::inter(1, Some("SY"), None), 1);
        assert_eq!(super::inter(3, Some("LB"), Some("SY")), 3);
    }
}
