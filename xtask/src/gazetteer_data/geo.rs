//! Representative points of administrative units computed from their member places.
//!
//! Member places are towns, so any weighting by population pulls the point towards the big
//! cities (a population-weighted centroid put Texas 170 km east of its centre). The point used
//! instead is the centre of the members' robust bounding box: the midpoint of the 2nd-98th
//! percentile range of their latitudes and of their longitudes, which approximates the centre
//! of the unit's polygon wherever towns are spread over its territory, and ignores a few
//! outlying islands or exclaves. A point is only accepted if it is within [`MAX_GAP_KM`] of a
//! member and on land (the caller's test, Natural Earth's land outline); otherwise the next
//! fallback of [`Choice`] is tried.

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
    /// Centre of the members' 2nd-98th percentile latitude/longitude box.
    BoxCentre,
    /// Unweighted mean of the members: fewer than [`MIN_BOX_MEMBERS`] members, or the box
    /// centre was in the sea (Florida's is in the Gulf of Mexico) or farther than
    /// [`MAX_GAP_KM`] from every member.
    Mean,
    /// The member nearest to the mean, because the mean too was in the sea or farther than
    /// [`MAX_GAP_KM`] from every member (archipelagos, units split in two, small coastal units).
    NearestMember,
}

/// Below this many members the percentiles say nothing and the plain mean is used.
pub const MIN_BOX_MEMBERS: usize = 5;

/// Percentiles of the member latitudes and longitudes whose midpoint is the box centre.
pub const BOX_PERCENTILES: (f64, f64) = (0.02, 0.98);

/// A point farther than this from every member place is taken as meaningless (it is in the sea
/// or in a neighbouring unit) and the next fallback is used.
pub const MAX_GAP_KM: f64 = 100.0;

const EARTH_RADIUS_KM: f64 = 6371.0;

/// Great-circle distance in kilometres.
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

/// Longitude in `[-180, 180)`.
pub fn wrap_lon(lon: f64) -> f64 {
    (lon + 180.0).rem_euclid(360.0) - 180.0
}

/// The representative point of a unit (see [`Choice`] for the rules); `on_land(lat, lon)` says
/// whether a point is on land. `None` without members.
pub fn representative_point(
    members: &[Member],
    on_land: &dyn Fn(f64, f64) -> bool,
) -> Option<(f64, f64, Choice)> {
    if members.is_empty() {
        return None;
    }
    let acceptable = |lat: f64, lon: f64| {
        members
            .iter()
            .any(|m| distance_km(lat, lon, m.lat, m.lon) <= MAX_GAP_KM)
            && on_land(lat, lon)
    };
    if members.len() >= MIN_BOX_MEMBERS {
        let (lat, lon) = box_centre(members);
        if acceptable(lat, lon) {
            return Some((lat, lon, Choice::BoxCentre));
        }
    }
    let (lat, lon) = mean(members);
    if acceptable(lat, lon) {
        return Some((lat, lon, Choice::Mean));
    }
    let nearest = members
        .iter()
        .min_by(|a, b| {
            distance_km(lat, lon, a.lat, a.lon)
                .total_cmp(&distance_km(lat, lon, b.lat, b.lon))
                // Ties: the northernmost, then westernmost member, so the choice is deterministic.
                .then(b.lat.total_cmp(&a.lat))
                .then(a.lon.total_cmp(&b.lon))
        })
        .copied()?;
    Some((nearest.lat, nearest.lon, Choice::NearestMember))
}

/// Unweighted mean of the members, averaged as 3-D unit vectors (so units across the
/// antimeridian work); the first member when the vectors cancel out.
fn mean(members: &[Member]) -> (f64, f64) {
    let (mut x, mut y, mut z) = (0.0, 0.0, 0.0);
    for m in members {
        let (p, l) = (m.lat.to_radians(), m.lon.to_radians());
        x += p.cos() * l.cos();
        y += p.cos() * l.sin();
        z += p.sin();
    }
    let norm = (x * x + y * y + z * z).sqrt();
    if norm < 1e-9 {
        return (members[0].lat, members[0].lon);
    }
    ((z / norm).asin().to_degrees(), y.atan2(x).to_degrees())
}

/// Midpoint of the [`BOX_PERCENTILES`] range of the members' latitudes and longitudes.
/// Longitudes are first unwrapped so that the widest empty arc of the circle is where the
/// range starts and ends: a unit across the antimeridian (Chukotka, Fiji's provinces) gets a
/// box across it instead of one spanning the globe.
fn box_centre(members: &[Member]) -> (f64, f64) {
    let (lo, hi) = BOX_PERCENTILES;
    let mut lats: Vec<f64> = members.iter().map(|m| m.lat).collect();
    lats.sort_by(f64::total_cmp);
    let lat = (percentile(&lats, lo) + percentile(&lats, hi)) / 2.0;

    let mut lons: Vec<f64> = members.iter().map(|m| wrap_lon(m.lon)).collect();
    lons.sort_by(f64::total_cmp);
    let n = lons.len();
    // The gap after the last longitude wraps round to the first one.
    let mut widest = (lons[0] + 360.0 - lons[n - 1], 0usize);
    for i in 1..n {
        let gap = lons[i] - lons[i - 1];
        if gap > widest.0 {
            widest = (gap, i);
        }
    }
    let start = lons[widest.1];
    let mut unwrapped: Vec<f64> = lons
        .iter()
        .map(|&l| if l < start { l + 360.0 } else { l })
        .collect();
    unwrapped.sort_by(f64::total_cmp);
    let lon = (percentile(&unwrapped, lo) + percentile(&unwrapped, hi)) / 2.0;
    (lat, wrap_lon(lon))
}

/// The `p`-quantile (0..=1) of sorted, non-empty `values`, interpolating linearly.
fn percentile(values: &[f64], p: f64) -> f64 {
    let pos = p * (values.len() - 1) as f64;
    let (i, frac) = (pos.floor() as usize, pos.fract());
    match values.get(i + 1) {
        Some(next) => values[i] + frac * (next - values[i]),
        None => values[i],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn land(_: f64, _: f64) -> bool {
        true
    }

    fn m(lat: f64, lon: f64, population: u64) -> Member {
        Member {
            lat,
            lon,
            population,
        }
    }

    #[test]
    fn box_centre_ignores_population_and_density() {
        // Many big towns in the east, a few small ones spread over the west: the point is the
        // middle of the territory, not of the towns.
        let mut ms: Vec<Member> = (0..50)
            .map(|i| {
                m(
                    30.0 + f64::from(i % 5) * 0.2,
                    -95.0 - f64::from(i / 5) * 0.1,
                    100_000,
                )
            })
            .collect();
        ms.extend((0..10).map(|i| m(31.0, -96.0 - f64::from(i) * 1.0, 500)));
        let (lat, lon, how) = representative_point(&ms, &land).unwrap();
        assert_eq!(how, Choice::BoxCentre);
        assert!((lat - 30.5).abs() < 0.05, "{lat}");
        assert!((lon - -99.4).abs() < 0.2, "{lon}");
    }

    #[test]
    fn percentiles_drop_outliers() {
        // 99 towns in a 1-degree square and one remote island 20 degrees away.
        let mut ms: Vec<Member> = (0..99)
            .map(|i| {
                m(
                    10.0 + f64::from(i % 10) * 0.1,
                    20.0 + f64::from(i / 10) * 0.1,
                    1,
                )
            })
            .collect();
        ms.push(m(-10.0, 40.0, 1));
        let (lat, lon, how) = representative_point(&ms, &land).unwrap();
        assert_eq!(how, Choice::BoxCentre);
        assert!(
            (lat - 10.45).abs() < 0.1 && (lon - 20.45).abs() < 0.1,
            "{lat} {lon}"
        );
    }

    #[test]
    fn l_shaped_unit_falls_back_to_the_mean() {
        // A Florida-like L: a panhandle along 30.5N and a peninsula along 82W. The box centre
        // (27.9N, 83.4W) is in the sea, 150 km from every town.
        let mut ms: Vec<Member> = (0..13)
            .map(|i| m(30.5, -85.0 + f64::from(i) * 0.25, 1000))
            .collect();
        ms.extend((0..20).map(|i| m(25.0 + f64::from(i) * 0.3, -81.8, 1000)));
        let (lat, lon, how) = representative_point(&ms, &land).unwrap();
        assert_eq!(how, Choice::Mean);
        assert!(
            (28.0..29.5).contains(&lat) && (-83.5..-82.0).contains(&lon),
            "{lat} {lon}"
        );
    }

    #[test]
    fn points_in_the_sea_are_rejected() {
        // Ten towns on a ring round a bay: the box centre and the mean are in the water.
        let ms: Vec<Member> = (0..10)
            .map(|i| {
                let a = f64::from(i) * std::f64::consts::TAU / 10.0;
                m(40.0 + 0.3 * a.sin(), 10.0 + 0.4 * a.cos(), 10)
            })
            .collect();
        let dry = |lat: f64, lon: f64| ((lat - 40.0).powi(2) + (lon - 10.0).powi(2)).sqrt() > 0.2;
        let (lat, lon, how) = representative_point(&ms, &land).unwrap();
        assert_eq!(how, Choice::BoxCentre);
        assert!((lat - 40.0).abs() < 0.05 && (lon - 10.0).abs() < 0.05);
        let (lat, lon, how) = representative_point(&ms, &dry).unwrap();
        assert_eq!(how, Choice::NearestMember);
        assert!(ms.iter().any(|m| (m.lat, m.lon) == (lat, lon)));
    }

    #[test]
    fn few_members_use_the_mean() {
        let (lat, lon, how) =
            representative_point(&[m(35.0, 40.0, 900), m(35.0, 40.4, 100)], &land).unwrap();
        assert_eq!(how, Choice::Mean);
        assert!(
            (lat - 35.0).abs() < 0.01 && (lon - 40.2).abs() < 0.01,
            "{lat} {lon}"
        );
    }

    #[test]
    fn far_apart_members_fall_back_to_the_member_nearest_the_mean() {
        // Three islands 500+ km apart: the mean is in the sea.
        let (lat, lon, how) = representative_point(
            &[
                m(-17.5, -149.5, 26000),
                m(-9.0, -140.0, 20000),
                m(-16.0, -141.0, 10),
            ],
            &land,
        )
        .unwrap();
        assert_eq!(how, Choice::NearestMember);
        assert_eq!((lat, lon), (-16.0, -141.0));
    }

    #[test]
    fn antimeridian_does_not_average_to_greenwich() {
        let (_, lon, _) =
            representative_point(&[m(65.0, 179.8, 10), m(65.0, -179.8, 10)], &land).unwrap();
        assert!(lon.abs() > 179.0, "{lon}");
        // A box across the antimeridian: towns from 175E to 175W.
        let ms: Vec<Member> = (0..21)
            .map(|i| m(65.0, wrap_lon(175.0 + f64::from(i) * 0.5), 10))
            .collect();
        let (lat, lon, how) = representative_point(&ms, &land).unwrap();
        assert_eq!(how, Choice::BoxCentre);
        assert!(
            (lat - 65.0).abs() < 0.01 && lon.abs() > 179.0,
            "{lat} {lon}"
        );
    }

    #[test]
    fn no_members_no_point() {
        assert!(representative_point(&[], &land).is_none());
    }

    #[test]
    fn percentiles_interpolate() {
        let v = [0.0, 10.0, 20.0, 30.0, 40.0];
        assert_eq!(percentile(&v, 0.0), 0.0);
        assert_eq!(percentile(&v, 1.0), 40.0);
        assert!((percentile(&v, 0.02) - 0.8).abs() < 1e-9);
        assert_eq!(percentile(&[7.0], 0.98), 7.0);
    }

    #[test]
    fn distances() {
        // Deir ez-Zor to Abu Kamal, about 120 km.
        let d = distance_km(35.336, 40.141, 34.452, 40.918);
        assert!((115.0..125.0).contains(&d), "{d}");
    }
}
