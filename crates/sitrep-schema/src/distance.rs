//! Distances between the coordinates sitrep writes (WGS 84 degrees): the one great-circle
//! formula of the workspace, used by place resolution, cross-article merging and evaluation.

/// Mean Earth radius (IUGG), in kilometres: the radius the evaluation kit prescribes
/// (`shared/eval/README.md`), so that every distance sitrep computes is the one it is scored by.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in km between two points given in degrees (haversine formula, radius
/// [`EARTH_RADIUS_KM`]). Exact for antipodes too: rounding cannot push the arcsine's argument
/// over 1.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let half_dphi = (phi2 - phi1) / 2.0;
    let half_dlambda = (lon2 - lon1).to_radians() / 2.0;
    let a = half_dphi.sin().powi(2) + phi1.cos() * phi2.cos() * half_dlambda.sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_distances() {
        // Paris to London, about 344 km.
        let paris_london = haversine_km(48.8566, 2.3522, 51.5074, -0.1278);
        assert!((paris_london - 343.5).abs() < 0.5, "{paris_london}");
        // Aleppo to Damascus, about 310 km.
        let aleppo_damascus = haversine_km(36.2, 37.16, 33.51, 36.29);
        assert!(
            (300.0..320.0).contains(&aleppo_damascus),
            "{aleppo_damascus}"
        );
        assert_eq!(haversine_km(10.0, 20.0, 10.0, 20.0), 0.0);
    }

    #[test]
    fn one_degree_of_the_equator_and_the_antipodes() {
        let degree = haversine_km(0.0, 0.0, 0.0, 1.0);
        assert!((degree - EARTH_RADIUS_KM.to_radians()).abs() < 1e-9);
        let antipodes = haversine_km(0.0, 0.0, 0.0, 180.0);
        assert!((antipodes - std::f64::consts::PI * EARTH_RADIUS_KM).abs() < 1e-6);
        // Across the antimeridian, the short way round.
        assert!((haversine_km(0.0, 179.5, 0.0, -179.5) - degree).abs() < 1e-9);
    }
}
