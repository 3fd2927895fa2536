//! Country outlines from Natural Earth (npm `world-atlas`, `countries-50m.json`, a TopoJSON
//! topology) and the representative point computed from them.
//!
//! The point of a country is the centroid of its largest polygon by area (so the contiguous
//! United States, not the mean of Alaska, Hawaii and the mainland; metropolitan France, not its
//! overseas departments). Areas and centroids are computed on the sphere through the Lambert
//! cylindrical equal-area projection (x = longitude, y = sin latitude, in which planar areas are
//! true areas): the centroid is the area-weighted mean longitude and mean latitude of the
//! polygon. Rings are first unwrapped to continuous longitudes (a step of more than 180° is the
//! short way across the antimeridian), so Russia's mainland polygon, which runs on into
//! Chukotka, reaches 190°E instead of jumping to -170°; the result is wrapped back. Outlines
//! that reach a pole (Antarctica, drawn as a ring along 90°S) cannot be handled in the plane and
//! get no point.
//!
//! When the centroid falls outside the polygon (a crescent such as Norway or Vietnam, or a hole
//! such as the West Bank in Israel's polygon), the point used is the interior point nearest to
//! the centroid among those at least half as far from the boundary as the pole of
//! inaccessibility (the interior point farthest from the boundary, found with the `polylabel`
//! algorithm). The boundary point nearest to the centroid would sit on a coast or a border, and
//! the pole alone can be far from the middle of an elongated country (in Vietnam's far north).

use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap};

use anyhow::{bail, Context, Result};
use serde::Deserialize;

use super::geo::wrap_lon;

/// `(lon, lat)` in degrees.
pub type Point = (f64, f64);
/// A closed ring (first point repeated at the end, as TopoJSON arcs give it).
pub type Ring = Vec<Point>;
/// Outer ring first, then holes.
pub type Polygon = Vec<Ring>;

/// One country of the topology: all geometries with the same id merged.
#[derive(Debug, Clone)]
pub struct AtlasCountry {
    /// ISO 3166-1 numeric code as a string ("840"); `None` for the few units without one
    /// (Kosovo, Somaliland, Northern Cyprus...).
    pub id: Option<String>,
    /// Natural Earth's name (of the first geometry with this id).
    pub name: String,
    pub polygons: Vec<Polygon>,
}

/// How a country point was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointKind {
    /// Area-weighted centroid of the largest polygon.
    Centroid,
    /// An interior point of the largest polygon near its centroid (the centroid was outside).
    Interior,
}

/// The representative point of a country.
#[derive(Debug, Clone, Copy)]
pub struct CountryPoint {
    pub lat: f64,
    pub lon: f64,
    pub kind: PointKind,
}

/// Precision of the pole of inaccessibility, in degrees of latitude (about 1 km).
const POLE_PRECISION_DEG: f64 = 0.01;

// ---------------------------------------------------------------- TopoJSON

#[derive(Deserialize)]
struct Topology {
    arcs: Vec<Vec<Vec<f64>>>,
    #[serde(default)]
    transform: Option<Transform>,
    objects: BTreeMap<String, Collection>,
}

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct Collection {
    #[serde(default)]
    geometries: Vec<Geometry>,
}

#[derive(Deserialize)]
struct Geometry {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    properties: Properties,
    #[serde(default)]
    arcs: serde_json::Value,
}

#[derive(Default, Deserialize)]
struct Properties {
    #[serde(default)]
    name: String,
}

/// Decodes the `object` collection of a TopoJSON topology (quantized, delta-encoded arcs are
/// decoded with the `transform`; a negative arc index `!i` means arc `i` reversed).
pub fn decode(bytes: &[u8], object: &str) -> Result<Vec<AtlasCountry>> {
    let topo: Topology = serde_json::from_slice(bytes).context("parsing the TopoJSON topology")?;
    let arcs: Vec<Vec<Point>> = topo
        .arcs
        .iter()
        .map(|arc| {
            let (mut x, mut y) = (0.0, 0.0);
            arc.iter()
                .map(|p| {
                    let (px, py) = (
                        p.first().copied().unwrap_or(0.0),
                        p.get(1).copied().unwrap_or(0.0),
                    );
                    match &topo.transform {
                        Some(t) => {
                            x += px;
                            y += py;
                            (
                                x * t.scale[0] + t.translate[0],
                                y * t.scale[1] + t.translate[1],
                            )
                        }
                        None => (px, py),
                    }
                })
                .collect()
        })
        .collect();
    let ring = |indices: &[i64]| -> Result<Ring> {
        let mut out: Ring = Vec::new();
        for &i in indices {
            let (idx, reversed) = if i >= 0 {
                (i as usize, false)
            } else {
                ((!i) as usize, true)
            };
            let Some(arc) = arcs.get(idx) else {
                bail!("arc index {i} out of range ({} arcs)", arcs.len());
            };
            let points: Box<dyn Iterator<Item = &Point>> = if reversed {
                Box::new(arc.iter().rev())
            } else {
                Box::new(arc.iter())
            };
            // Consecutive arcs share their end point.
            let skip = usize::from(!out.is_empty());
            out.extend(points.skip(skip).copied());
        }
        Ok(out)
    };
    let polygon =
        |rings: &[Vec<i64>]| -> Result<Polygon> { rings.iter().map(|r| ring(r)).collect() };

    let Some(collection) = topo.objects.get(object) else {
        bail!("the topology has no object {object:?}");
    };
    let mut out: Vec<AtlasCountry> = Vec::new();
    for g in &collection.geometries {
        let polygons: Vec<Polygon> = match g.kind.as_str() {
            "Polygon" => {
                let rings: Vec<Vec<i64>> = serde_json::from_value(g.arcs.clone())
                    .with_context(|| format!("arcs of {}", g.properties.name))?;
                vec![polygon(&rings)?]
            }
            "MultiPolygon" => {
                let polys: Vec<Vec<Vec<i64>>> = serde_json::from_value(g.arcs.clone())
                    .with_context(|| format!("arcs of {}", g.properties.name))?;
                polys.iter().map(|p| polygon(p)).collect::<Result<_>>()?
            }
            _ => continue,
        };
        let id = match &g.id {
            Some(serde_json::Value::String(s)) if !s.is_empty() && s != "-99" => Some(s.clone()),
            Some(serde_json::Value::Number(n)) if n.as_i64().is_some_and(|n| n >= 0) => {
                Some(format!("{:03}", n.as_i64().unwrap_or_default()))
            }
            _ => None,
        };
        match out.iter_mut().find(|c| id.is_some() && c.id == id) {
            Some(c) => c.polygons.extend(polygons),
            None => out.push(AtlasCountry {
                id,
                name: g.properties.name.clone(),
                polygons,
            }),
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- points

/// The representative point of a country from its polygons (see the module documentation).
/// `None` when no polygon has an area, or when an outline reaches a pole.
pub fn representative_point(polygons: &[Polygon]) -> Option<CountryPoint> {
    let polar = polygons
        .iter()
        .flatten()
        .flatten()
        .any(|&(_, lat)| lat.abs() > 89.9);
    if polar {
        return None;
    }
    let mut best: Option<(f64, f64, f64, Polygon)> = None;
    for poly in polygons {
        let Some(outer) = poly.first() else { continue };
        if outer.len() < 4 {
            continue;
        }
        let Some(shifted) = unwrap_polygon(poly) else {
            continue;
        };
        let Some((area, lon, lat)) = area_centroid(&shifted) else {
            continue;
        };
        if best.as_ref().is_none_or(|b| area > b.0) {
            best = Some((area, lon, lat, shifted));
        }
    }
    let (_, lon, lat, poly) = best?;
    if contains(&poly, (lon, lat)) {
        return Some(CountryPoint {
            lat,
            lon: wrap_lon(lon),
            kind: PointKind::Centroid,
        });
    }
    // Local equirectangular coordinates around the centroid's latitude, so that distances to
    // the boundary are roughly isotropic.
    let k = lat.to_radians().cos().max(0.05);
    let local: Polygon = poly
        .iter()
        .map(|r| r.iter().map(|&(x, y)| (x * k, y)).collect())
        .collect();
    let (x, y) = interior_point_near(&local, (lon * k, lat), POLE_PRECISION_DEG);
    Some(CountryPoint {
        lat: y,
        lon: wrap_lon(x / k),
        kind: PointKind::Interior,
    })
}

/// The ring with its longitudes made continuous: a step of more than 180° (from 179.9 to
/// -179.9, across the antimeridian) is taken as the short way round, so a ring crossing the
/// antimeridian gets longitudes beyond ±180 instead of a jump. `None` when the ring then does
/// not close (it goes round a pole).
fn unwrap_ring(ring: &Ring) -> Option<Ring> {
    let mut out: Ring = Vec::with_capacity(ring.len());
    let mut offset = 0.0;
    let mut prev: Option<f64> = None;
    for &(x, y) in ring {
        if let Some(p) = prev {
            let step = x + offset - p;
            if step > 180.0 {
                offset -= 360.0;
            } else if step < -180.0 {
                offset += 360.0;
            }
        }
        prev = Some(x + offset);
        out.push((x + offset, y));
    }
    match (out.first(), out.last()) {
        (Some(a), Some(b)) if (a.0 - b.0).abs() > 1e-6 => None,
        _ => Some(out),
    }
}

/// The polygon with continuous longitudes (see [`unwrap_ring`]), each hole moved by a multiple
/// of 360° to lie with the outer ring. `None` when the outer ring goes round a pole.
fn unwrap_polygon(poly: &Polygon) -> Option<Polygon> {
    let outer = unwrap_ring(poly.first()?)?;
    let anchor = outer.first().map_or(0.0, |p| p.0);
    let mut out = vec![outer];
    for hole in &poly[1..] {
        let Some(mut hole) = unwrap_ring(hole) else {
            continue;
        };
        let shift = ((anchor - hole.first().map_or(anchor, |p| p.0)) / 360.0).round() * 360.0;
        for p in &mut hole {
            p.0 += shift;
        }
        out.push(hole);
    }
    Some(out)
}

/// Natural Earth's land outline, indexed by 1° latitude bands for fast point-in-polygon tests.
/// Used to reject division points that fall in the sea.
pub struct Land {
    polygons: Vec<BandedPolygon>,
}

struct BandedPolygon {
    min_x: f64,
    max_x: f64,
    min_y: f64,
    max_y: f64,
    /// Latitude band of `bands[0]` (`floor(min_y)`).
    first_band: i32,
    /// Edges of all rings crossing each band.
    bands: Vec<Vec<(Point, Point)>>,
}

impl Land {
    /// Indexes the polygons; those reaching a pole (Antarctica) are left out.
    pub fn new(polygons: &[Polygon]) -> Land {
        let mut out = Vec::new();
        for poly in polygons {
            if poly.iter().flatten().any(|&(_, lat)| lat.abs() > 89.9) {
                continue;
            }
            let Some(poly) = unwrap_polygon(poly) else {
                continue;
            };
            let Some((min_x, min_y, max_x, max_y)) = bbox(&poly[0]) else {
                continue;
            };
            let first_band = min_y.floor() as i32;
            let n = (max_y.floor() as i32 - first_band + 1) as usize;
            let mut bands: Vec<Vec<(Point, Point)>> = vec![Vec::new(); n];
            for ring in &poly {
                for w in ring.windows(2) {
                    let (lo, hi) = (w[0].1.min(w[1].1), w[0].1.max(w[1].1));
                    let (b0, b1) = (lo.floor() as i32, hi.floor() as i32);
                    for b in b0..=b1 {
                        if let Some(band) = bands.get_mut((b - first_band) as usize) {
                            band.push((w[0], w[1]));
                        }
                    }
                }
            }
            out.push(BandedPolygon {
                min_x,
                max_x,
                min_y,
                max_y,
                first_band,
                bands,
            });
        }
        Land { polygons: out }
    }

    /// Whether `(lat, lon)` is on land.
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        self.polygons.iter().any(|p| {
            [lon, lon + 360.0, lon - 360.0].into_iter().any(|x| {
                x >= p.min_x && x <= p.max_x && lat >= p.min_y && lat <= p.max_y && {
                    let band = (lat.floor() as i32 - p.first_band) as usize;
                    let mut inside = false;
                    for &((x0, y0), (x1, y1)) in p.bands.get(band).into_iter().flatten() {
                        if (y0 > lat) != (y1 > lat) && x < x0 + (lat - y0) * (x1 - x0) / (y1 - y0) {
                            inside = !inside;
                        }
                    }
                    inside
                }
            })
        })
    }
}

/// Area (steradians) and area-weighted mean longitude and latitude (degrees) of a polygon,
/// holes subtracted, computed in the cylindrical equal-area projection `(λ, sin φ)`.
///
/// With Green's theorem, `∬ g(y) dx dy = -∮ G(y) dx` for a counter-clockwise ring and
/// `G' = g`; for the mean latitude `g(y) = asin y`, `G(y) = y·asin y + √(1-y²)`, integrated
/// along each edge with Simpson's rule (edges are short at 1:50m).
fn area_centroid(poly: &Polygon) -> Option<(f64, f64, f64)> {
    let big_g = |y: f64| y * y.clamp(-1.0, 1.0).asin() + (1.0 - y * y).max(0.0).sqrt();
    let (mut area, mut sx, mut slat) = (0.0, 0.0, 0.0);
    for (k, ring) in poly.iter().enumerate() {
        let (mut a, mut cx, mut cl) = (0.0, 0.0, 0.0);
        for w in ring.windows(2) {
            let (x0, y0) = (w[0].0.to_radians(), w[0].1.to_radians().sin());
            let (x1, y1) = (w[1].0.to_radians(), w[1].1.to_radians().sin());
            let cross = x0 * y1 - x1 * y0;
            a += cross / 2.0;
            cx += (x0 + x1) * cross / 6.0;
            let ym = (y0 + y1) / 2.0;
            cl -= (x1 - x0) * (big_g(y0) + 4.0 * big_g(ym) + big_g(y1)) / 6.0;
        }
        // Outer ring counts positive, holes negative, whatever their winding.
        let want = if k == 0 { 1.0 } else { -1.0 };
        let sign = if a >= 0.0 { want } else { -want };
        area += sign * a;
        sx += sign * cx;
        slat += sign * cl;
    }
    if area <= 0.0 || !area.is_finite() {
        return None;
    }
    Some((area, (sx / area).to_degrees(), (slat / area).to_degrees()))
}

/// Even-odd point-in-polygon test over all rings (so holes are outside).
fn contains(poly: &Polygon, (x, y): Point) -> bool {
    let mut inside = false;
    for ring in poly {
        for w in ring.windows(2) {
            let ((x0, y0), (x1, y1)) = (w[0], w[1]);
            if (y0 > y) != (y1 > y) && x < x0 + (y - y0) * (x1 - x0) / (y1 - y0) {
                inside = !inside;
            }
        }
    }
    inside
}

/// Signed distance from a point to the polygon boundary: positive inside, negative outside.
fn signed_distance(poly: &Polygon, p: Point) -> f64 {
    let mut min_sq = f64::INFINITY;
    for ring in poly {
        for w in ring.windows(2) {
            min_sq = min_sq.min(segment_distance_sq(p, w[0], w[1]));
        }
    }
    let d = min_sq.sqrt();
    if contains(poly, p) {
        d
    } else {
        -d
    }
}

fn segment_distance_sq((px, py): Point, (ax, ay): Point, (bx, by): Point) -> f64 {
    let (dx, dy) = (bx - ax, by - ay);
    let len_sq = dx * dx + dy * dy;
    let t = if len_sq > 0.0 {
        (((px - ax) * dx + (py - ay) * dy) / len_sq).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (cx, cy) = (ax + t * dx, ay + t * dy);
    (px - cx).powi(2) + (py - cy).powi(2)
}

/// A square cell of the polylabel search.
#[derive(Debug, Clone, Copy)]
struct Cell {
    x: f64,
    y: f64,
    half: f64,
    /// Signed distance from the cell centre to the boundary.
    d: f64,
    /// Upper bound of the distance anywhere in the cell.
    max: f64,
}

impl Cell {
    fn new(poly: &Polygon, x: f64, y: f64, half: f64) -> Cell {
        let d = signed_distance(poly, (x, y));
        Cell {
            x,
            y,
            half,
            d,
            max: d + half * std::f64::consts::SQRT_2,
        }
    }
}

impl PartialEq for Cell {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Cell {}
impl PartialOrd for Cell {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Cell {
    fn cmp(&self, other: &Self) -> Ordering {
        self.max
            .total_cmp(&other.max)
            .then(self.x.total_cmp(&other.x))
            .then(self.y.total_cmp(&other.y))
    }
}

/// The interior point farthest from the boundary, to within `precision` (Mapbox's
/// `polylabel`: best-first search over square cells, pruning cells that cannot beat the best
/// distance found so far).
fn pole_of_inaccessibility(poly: &Polygon, precision: f64) -> Point {
    let Some((min_x, min_y, max_x, max_y)) = bbox(&poly[0]) else {
        return (0.0, 0.0);
    };
    let size = (max_x - min_x).min(max_y - min_y);
    if size <= 0.0 {
        return (min_x, min_y);
    }
    let half = size / 2.0;
    let mut queue = BinaryHeap::new();
    let mut x = min_x;
    while x < max_x {
        let mut y = min_y;
        while y < max_y {
            queue.push(Cell::new(poly, x + half, y + half, half));
            y += size;
        }
        x += size;
    }
    let mut best = Cell::new(poly, (min_x + max_x) / 2.0, (min_y + max_y) / 2.0, 0.0);
    while let Some(cell) = queue.pop() {
        if cell.d > best.d {
            best = cell;
        }
        if cell.max - best.d <= precision {
            continue;
        }
        let h = cell.half / 2.0;
        for (dx, dy) in [(-h, -h), (h, -h), (-h, h), (h, h)] {
            queue.push(Cell::new(poly, cell.x + dx, cell.y + dy, h));
        }
    }
    (best.x, best.y)
}

/// A cell of the search for the interior point nearest to a target, ordered so that the heap
/// pops the cell that may hold the nearest point first.
#[derive(Debug, Clone, Copy)]
struct NearCell {
    cell: Cell,
    /// Distance from the cell centre to the target.
    dist: f64,
    /// Lower bound of the distance to the target anywhere in the cell.
    bound: f64,
}

impl NearCell {
    fn new(poly: &Polygon, target: Point, x: f64, y: f64, half: f64) -> NearCell {
        let cell = Cell::new(poly, x, y, half);
        let dist = ((x - target.0).powi(2) + (y - target.1).powi(2)).sqrt();
        NearCell {
            cell,
            dist,
            bound: (dist - half * std::f64::consts::SQRT_2).max(0.0),
        }
    }
}

impl PartialEq for NearCell {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for NearCell {}
impl PartialOrd for NearCell {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for NearCell {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: BinaryHeap is a max-heap and the smallest bound goes first.
        other
            .bound
            .total_cmp(&self.bound)
            .then(other.cell.x.total_cmp(&self.cell.x))
            .then(other.cell.y.total_cmp(&self.cell.y))
    }
}

/// The point nearest to `target` (to within `precision`) among the interior points at least
/// half as far from the boundary as the pole of inaccessibility: well inside the polygon, and
/// as central as its shape allows. Best-first search over square cells, pruning the cells that
/// cannot hold such a point (the distance to the boundary changes no faster than the position)
/// or cannot beat the best one found.
fn interior_point_near(poly: &Polygon, target: Point, precision: f64) -> Point {
    let pole = pole_of_inaccessibility(poly, precision);
    let min_depth = signed_distance(poly, pole) / 2.0;
    let Some((min_x, min_y, max_x, max_y)) = bbox(&poly[0]) else {
        return pole;
    };
    let size = (max_x - min_x).min(max_y - min_y);
    if size <= 0.0 || min_depth <= 0.0 {
        return pole;
    }
    let can_hold = |c: &Cell| c.d + c.half * std::f64::consts::SQRT_2 >= min_depth;
    let mut best = pole;
    let mut best_dist = ((pole.0 - target.0).powi(2) + (pole.1 - target.1).powi(2)).sqrt();
    let half = size / 2.0;
    let mut queue = BinaryHeap::new();
    let mut x = min_x;
    while x < max_x {
        let mut y = min_y;
        while y < max_y {
            let c = NearCell::new(poly, target, x + half, y + half, half);
            if can_hold(&c.cell) {
                queue.push(c);
            }
            y += size;
        }
        x += size;
    }
    while let Some(c) = queue.pop() {
        if c.bound >= best_dist {
            break;
        }
        if c.cell.d >= min_depth && c.dist < best_dist {
            best = (c.cell.x, c.cell.y);
            best_dist = c.dist;
        }
        if c.cell.half <= precision {
            continue;
        }
        let h = c.cell.half / 2.0;
        for (dx, dy) in [(-h, -h), (h, -h), (-h, h), (h, h)] {
            let child = NearCell::new(poly, target, c.cell.x + dx, c.cell.y + dy, h);
            if can_hold(&child.cell) && child.bound < best_dist {
                queue.push(child);
            }
        }
    }
    best
}

/// `(min_x, min_y, max_x, max_y)` of a ring; `None` when it is empty.
fn bbox(ring: &Ring) -> Option<(f64, f64, f64, f64)> {
    let first = ring.first()?;
    Some(ring.iter().fold(
        (first.0, first.1, first.0, first.1),
        |(a, b, c, d), &(x, y)| (a.min(x), b.min(y), c.max(x), d.max(y)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x0: f64, y0: f64, side: f64) -> Ring {
        vec![
            (x0, y0),
            (x0 + side, y0),
            (x0 + side, y0 + side),
            (x0, y0 + side),
            (x0, y0),
        ]
    }

    #[test]
    fn topojson_arcs_are_decoded() {
        // Two arcs forming a unit square (quantized, delta-encoded, scale 0.5), the second
        // used reversed; plus a geometry without id.
        let json = br#"{
            "type": "Topology",
            "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
            "arcs": [[[0, 0], [2, 0], [0, 2]], [[0, 0], [0, 2], [2, 0]]],
            "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                {"type": "Polygon", "id": "840", "properties": {"name": "A"}, "arcs": [[0, -2]]},
                {"type": "MultiPolygon", "id": "840", "properties": {"name": "A2"}, "arcs": [[[0, -2]]]},
                {"type": "Polygon", "properties": {"name": "Kosovo"}, "arcs": [[0, -2]]}
            ]}}
        }"#;
        let countries = decode(json, "countries").unwrap();
        assert_eq!(countries.len(), 2);
        assert_eq!(countries[0].id.as_deref(), Some("840"));
        assert_eq!(countries[0].polygons.len(), 2);
        assert_eq!(countries[1].id, None);
        assert_eq!(countries[1].name, "Kosovo");
        assert_eq!(
            countries[0].polygons[0][0],
            vec![
                (10.0, 20.0),
                (11.0, 20.0),
                (11.0, 21.0),
                (10.0, 21.0),
                (10.0, 20.0)
            ]
        );
    }

    #[test]
    fn largest_polygon_wins() {
        let small = vec![square(-150.0, 60.0, 1.0)];
        let big = vec![square(-100.0, 38.0, 4.0)];
        let p = representative_point(&[small, big.clone()]).unwrap();
        assert_eq!(p.kind, PointKind::Centroid);
        assert!((p.lon - -98.0).abs() < 1e-6, "{}", p.lon);
        // The area-weighted mean latitude is a little south of the middle: degrees of
        // longitude are longer there.
        assert!(p.lat < 40.0 && p.lat > 39.95, "{}", p.lat);
        // 4 x 4 degrees around 40N: about 444 km x 340 km.
        let km2 = area_centroid(&big).unwrap().0 * 6371.0 * 6371.0;
        assert!((140_000.0..160_000.0).contains(&km2), "{km2}");
    }

    #[test]
    fn winding_and_holes() {
        let mut cw = square(0.0, 0.0, 10.0);
        cw.reverse();
        let a = area_centroid(&vec![cw.clone()]).unwrap().0;
        let b = area_centroid(&vec![square(0.0, 0.0, 10.0)]).unwrap().0;
        assert!((a - b).abs() < 1e-12);
        let holed = area_centroid(&vec![cw, square(2.0, 2.0, 2.0)]).unwrap().0;
        assert!(holed < a && holed > 0.9 * a);
    }

    #[test]
    fn antimeridian_polygons_are_unwrapped() {
        // A box from 170E to 170W.
        let ring = vec![
            (170.0, 60.0),
            (180.0, 60.0),
            (-170.0, 60.0),
            (-170.0, 70.0),
            (180.0, 70.0),
            (170.0, 70.0),
            (170.0, 60.0),
        ];
        let p = representative_point(&[vec![ring]]).unwrap();
        assert_eq!(p.kind, PointKind::Centroid);
        assert!(p.lon.abs() > 179.9, "{}", p.lon);
        assert!((64.0..66.0).contains(&p.lat), "{}", p.lat);
    }

    #[test]
    fn a_crescent_gets_an_interior_point() {
        // A U shape: its centroid is in the notch.
        let ring = vec![
            (0.0, 0.0),
            (10.0, 0.0),
            (10.0, 10.0),
            (8.0, 10.0),
            (8.0, 2.0),
            (2.0, 2.0),
            (2.0, 10.0),
            (0.0, 10.0),
            (0.0, 0.0),
        ];
        let poly = vec![ring];
        let p = representative_point(std::slice::from_ref(&poly)).unwrap();
        assert_eq!(p.kind, PointKind::Interior);
        assert!(contains(&poly, (p.lon, p.lat)), "{} {}", p.lon, p.lat);
        // The pole is where an arm meets the bar (depth 1.17); the chosen point is as near the
        // centroid (in the notch, at (5, 4.08)) as half that depth allows: under the notch.
        assert!(
            (p.lon - 5.0).abs() < 0.05 && (1.35..1.45).contains(&p.lat),
            "{} {}",
            p.lon,
            p.lat
        );
    }

    #[test]
    fn rings_are_unwrapped_across_the_antimeridian() {
        let ring = vec![
            (170.0, 60.0),
            (180.0, 60.0),
            (-170.0, 60.0),
            (-170.0, 70.0),
            (-180.0, 70.0),
            (170.0, 70.0),
            (170.0, 60.0),
        ];
        let r = unwrap_ring(&ring).unwrap();
        assert_eq!(r[2], (190.0, 60.0));
        assert_eq!(r[4], (180.0, 70.0));
        // A ring round the pole does not close once unwrapped.
        let polar = vec![
            (-180.0, -80.0),
            (0.0, -80.0),
            (179.0, -80.0),
            (-180.0, -80.0),
        ];
        assert!(unwrap_ring(&polar).is_none());
    }

    #[test]
    fn land_test() {
        // A Eurasia-like polygon from 10W to 170W across the antimeridian, and an island.
        let eurasia = vec![vec![
            (-10.0, 40.0),
            (100.0, 40.0),
            (-170.0, 40.0),
            (-170.0, 70.0),
            (100.0, 70.0),
            (-10.0, 70.0),
            (-10.0, 40.0),
        ]];
        let land = Land::new(&[eurasia, vec![square(-82.0, 25.0, 2.0)]]);
        assert!(land.contains(50.0, -5.0));
        assert!(land.contains(50.0, 179.5));
        assert!(land.contains(50.0, -175.0));
        assert!(!land.contains(50.0, -20.0));
        assert!(!land.contains(30.0, 100.0));
        assert!(land.contains(26.0, -81.0));
        assert!(!land.contains(26.0, -84.0));
    }

    #[test]
    fn polar_outlines_get_no_point() {
        let ring = vec![
            (-180.0, -89.999),
            (180.0, -89.999),
            (180.0, -70.0),
            (-180.0, -70.0),
            (-180.0, -89.999),
        ];
        assert!(representative_point(&[vec![ring]]).is_none());
    }

    #[test]
    fn pole_of_a_square_is_its_centre() {
        let (x, y) = pole_of_inaccessibility(&vec![square(0.0, 0.0, 10.0)], 0.001);
        assert!((x - 5.0).abs() < 0.01 && (y - 5.0).abs() < 0.01, "{x} {y}");
    }
}
