//! Distances on the sphere.

/// Mean Earth radius.
pub const EARTH_KM: f32 = 6371.0;

/// Great-circle distance in km.
pub fn haversine(lat1: f32, lon1: f32, lat2: f32, lon2: f32) -> f32 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_KM * a.sqrt().min(1.0).asin()
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
