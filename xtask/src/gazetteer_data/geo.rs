//! Representative points of administrative units computed from their member places.

/// A member place of an administrative unit.
#[derive(Debug, Clone, Copy)]
pub struct Member {
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
}

/// How a representative point was chosen (recorded in the `source` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Population-weighted centroid of the members.
    Centroid,
    /// The most populous member, because the centroid was far from every member.
    LargestMember,
}

/// When the weighted centroid is farther than this from every member place, it is taken as
/// meaningless (an archipelago, a unit split in two, a ring of towns around a desert or a lake)
/// and the most populous member is used instead.
pub const MAX_CENTROID_GAP_KM: f64 = 75.0;

const EARTH_RADIUS_KM: f64 = 6371.0;

/// Great-circle distance in kilometres.
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

/// The representative point of a unit: the population-weighted centroid of its members
/// (averaged as 3-D unit vectors, so units across the antimeridian work), or the most populous
/// member when no member lies within [`MAX_CENTROID_GAP_KM`] of that centroid. Places without a
/// population count with weight 1. `None` without members.
pub fn representative_point(members: &[Member]) -> Option<(f64, f64, Choice)> {
    let largest = members
        .iter()
        .max_by(|a, b| {
            a.population
                .cmp(&b.population)
                // Ties: the northernmost, then westernmost member, so the choice is deterministic.
                .then(a.lat.total_cmp(&b.lat))
                .then(b.lon.total_cmp(&a.lon))
        })
        .copied()?;
    let (mut x, mut y, mut z) = (0.0, 0.0, 0.0);
    for m in members {
        let w = m.population.max(1) as f64;
        let (p, l) = (m.lat.to_radians(), m.lon.to_radians());
        x += w * p.cos() * l.cos();
        y += w * p.cos() * l.sin();
        z += w * p.sin();
    }
    let norm = (x * x + y * y + z * z).sqrt();
    if norm < 1e-9 {
        return Some((largest.lat, largest.lon, Choice::LargestMember));
    }
    let lat = (z / norm).asin().to_degrees();
    let lon = y.atan2(x).to_degrees();
    let nearest = members
        .iter()
        .map(|m| distance_km(lat, lon, m.lat, m.lon))
        .fold(f64::INFINITY, f64::min);
    if nearest > MAX_CENTROID_GAP_KM {
        Some((largest.lat, largest.lon, Choice::LargestMember))
    } else {
        Some((lat, lon, Choice::Centroid))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(lat: f64, lon: f64, population: u64) -> Member {
        Member {
            lat,
            lon,
            population,
        }
    }

    #[test]
    fn centroid_is_pulled_towards_population() {
        let (lat, lon, how) =
            representative_point(&[m(35.0, 40.0, 900), m(35.0, 40.4, 100)]).unwrap();
        assert_eq!(how, Choice::Centroid);
        assert!((lat - 35.0).abs() < 0.01, "{lat}");
        assert!((lon - 40.04).abs() < 0.01, "{lon}");
    }

    #[test]
    fn far_apart_members_fall_back_to_the_largest() {
        // Two islands 1,100 km apart: the centroid is in the sea.
        let (lat, lon, how) =
            representative_point(&[m(-17.5, -149.5, 26000), m(-9.0, -140.0, 20000)]).unwrap();
        assert_eq!(how, Choice::LargestMember);
        assert_eq!((lat, lon), (-17.5, -149.5));
    }

    #[test]
    fn antimeridian_does_not_average_to_greenwich() {
        let (_, lon, _) = representative_point(&[m(65.0, 179.8, 10), m(65.0, -179.8, 10)]).unwrap();
        assert!(lon.abs() > 179.0, "{lon}");
    }

    #[test]
    fn no_members_no_point() {
        assert!(representative_point(&[]).is_none());
    }

    #[test]
    fn distances() {
        // Deir ez-Zor to Abu Kamal, about 120 km.
        let d = distance_km(35.336, 40.141, 34.452, 40.918);
        assert!((115.0..125.0).contains(&d), "{d}");
    }
}
