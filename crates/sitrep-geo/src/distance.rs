//! Distances on the sphere: the workspace's one great-circle formula
//! ([`sitrep_schema::haversine_km`]), at the `f32` precision of gazetteer points.

/// Mean Earth radius in km ([`sitrep_schema::EARTH_RADIUS_KM`]), for the equirectangular
/// approximation of the coherence score.
pub const EARTH_KM: f32 = sitrep_schema::EARTH_RADIUS_KM as f32;

/// Great-circle distance in km between two gazetteer points.
pub fn haversine(lat1: f32, lon1: f32, lat2: f32, lon2: f32) -> f32 {
    sitrep_schema::haversine_km(lat1.into(), lon1.into(), lat2.into(), lon2.into()) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn great_circle_distances() {
        assert!((haversine(48.8566, 2.3522, 51.5074, -0.1278) - 343.5).abs() < 1.0);
        assert_eq!(haversine(10.0, 20.0, 10.0, 20.0), 0.0);
        let degree = haversine(0.0, 0.0, 0.0, 1.0);
        assert!((degree - 111.19).abs() < 0.1, "{degree}");
    }
}
