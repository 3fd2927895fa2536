//! Cross-article deduplication: when two reports describe the same event, and what the merged
//! (canonical) event says.
//!
//! # The rule
//!
//! A raw event `e` from document `D` joins canonical event `c` when all of these hold:
//!
//! 1. `c` has no report from `D` already (events of one article are distinct by construction)
//!    and `c` is not pinned (see `Store::unmerge`);
//! 2. same `sub_event_type`;
//! 3. both are dated and the dates are at most one day apart;
//! 4. same country when both have one;
//! 5. the same place, by the first of these that applies:
//!    - `distance`: both have coordinates and they are at most 25 km apart;
//!    - `admin2`: both name the same second-level division (case-insensitive);
//!    - `location`: one of them has no coordinates and both name the same location;
//!
//!    (two located events more than 25 km apart only merge through `admin2`);
//! 6. compatible actors: for `actor1` and for `actor2`, the names are equal (case-insensitive)
//!    or at least one is missing.
//!
//! Among the canonical events that qualify, the highest score wins (ties: the oldest). The
//! score starts at 1 and loses 0.2 per day of date gap, up to 0.3 for distance (linearly over
//! 25 km), 0.2 for a match by name instead of distance, 0.05 per actor slot known on only
//! one side, and 0.1 for swapped actors. Every merge is stored with its rule, score and these parts (`sources.explain`).
//!
//! # The canonical event
//!
//! Members are taken in ingestion order; the first is the representative (its id, type, date,
//! notes and evidence). Missing actors are filled from later members, and the whole location
//! block (location, admin1/2, country, coordinates, precision) comes from the first member that
//! has coordinates. `source` lists every member's sources, then outlets, without repeats.
//!
//! Fatalities follow ACLED's conservative rule with corrections: a report *gives a figure* when
//! it has fatality evidence or a non-zero count; among those, only the reports of the most
//! recent publication day count (a later day's report supersedes earlier figures, whether the
//! toll rose or was corrected down), and among them the least partisan ones (the outlet's own
//! figure or a neutral source's before an unconfirmed one, before one only a side of the event
//! gives: [`partisanship`], from the schema 1.1 claim of the figure), and among those the lowest
//! figure is kept; the canonical event's `rules` say when a more partisan figure was set aside.
//! No figure → 0.

use std::cmp::Ordering;

use serde::Serialize;
use sitrep_schema::{haversine_km, Event};

/// Largest distance between two reports of the same event.
pub const MAX_DISTANCE_KM: f64 = 25.0;
/// Largest gap between the dates of two reports of the same event.
pub const MAX_DATE_GAP_DAYS: i64 = 1;

/// Why a raw event matched a canonical event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    /// `distance`, `admin2` or `location`.
    pub rule: &'static str,
    pub score: f64,
    pub date_gap_days: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    /// `actor1`/`actor2`: `same`, `one missing`, `both missing` or `swapped`.
    pub actor1: &'static str,
    pub actor2: &'static str,
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (a longer RFC 3339 string is cut to its date).
pub fn days(date: &str) -> Option<i64> {
    let d = date.get(..10)?;
    let mut parts = d.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let day: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// `YYYY-MM-DD` of a day count (inverse of [`days`]).
pub fn date_of(z: i64) -> String {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn same_name(a: Option<&str>, b: Option<&str>) -> Option<bool> {
    match (a.map(str::trim), b.map(str::trim)) {
        (Some(x), Some(y)) if !x.is_empty() && !y.is_empty() => {
            Some(x == y || x.to_lowercase() == y.to_lowercase())
        }
        _ => None,
    }
}

fn actor_slot(a: Option<&str>, b: Option<&str>) -> Option<&'static str> {
    let missing = |v: Option<&str>| v.is_none_or(|s| s.trim().is_empty());
    match (missing(a), missing(b)) {
        (true, true) => Some("both missing"),
        (true, false) | (false, true) => Some("one missing"),
        (false, false) => same_name(a, b).unwrap_or(false).then_some("same"),
    }
}

/// The fields of an event that [`matches`] compares: borrowed from an [`Event`], or read from
/// the columns of a stored canonical event (so that matching need not parse its JSON record).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Key<'a> {
    pub sub_event_type: &'a str,
    pub event_date: Option<&'a str>,
    pub iso: Option<&'a str>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub admin2: Option<&'a str>,
    pub location: Option<&'a str>,
    pub actor1: Option<&'a str>,
    pub actor2: Option<&'a str>,
}

impl<'a> Key<'a> {
    /// The matching fields of `e`.
    pub fn of(e: &'a Event) -> Key<'a> {
        Key {
            sub_event_type: &e.sub_event_type,
            event_date: e.event_date.as_deref(),
            iso: e.iso.as_deref(),
            latitude: e.latitude,
            longitude: e.longitude,
            admin2: e.admin2.as_deref(),
            location: e.location.as_deref(),
            actor1: e.actor1.as_deref(),
            actor2: e.actor2.as_deref(),
        }
    }
}

/// Whether `new` reports the same event as `canon` (rules 2–6 above; rule 1 is the caller's).
pub fn matches(new: &Event, canon: &Event) -> Option<Match> {
    matches_key(&Key::of(new), &Key::of(canon))
}

/// [`matches`] on the matching fields only.
pub fn matches_key(new: &Key<'_>, canon: &Key<'_>) -> Option<Match> {
    if new.sub_event_type != canon.sub_event_type {
        return None;
    }
    let gap = (days(new.event_date?)? - days(canon.event_date?)?).abs();
    if gap > MAX_DATE_GAP_DAYS {
        return None;
    }
    if same_name(new.iso, canon.iso) == Some(false) {
        return None;
    }
    let distance = match (new.latitude, new.longitude, canon.latitude, canon.longitude) {
        (Some(a), Some(b), Some(c), Some(d)) => Some(haversine_km(a, b, c, d)),
        _ => None,
    };
    let (rule, place_penalty) = if let Some(km) = distance.filter(|&km| km <= MAX_DISTANCE_KM) {
        ("distance", 0.3 * km / MAX_DISTANCE_KM)
    } else if same_name(new.admin2, canon.admin2) == Some(true) {
        ("admin2", 0.2)
    } else if distance.is_none() && same_name(new.location, canon.location) == Some(true) {
        ("location", 0.2)
    } else {
        return None;
    };
    let direct = actor_slot(new.actor1, canon.actor1).zip(actor_slot(new.actor2, canon.actor2));
    let (actor1, actor2, swap_penalty) = match direct {
        Some((a1, a2)) => (a1, a2, 0.0),
        None => {
            // The same two sides with their roles reversed (one report names the victims
            // first): both names must be known and equal crosswise.
            let s1 = actor_slot(new.actor1, canon.actor2).filter(|s| *s == "same")?;
            let s2 = actor_slot(new.actor2, canon.actor1).filter(|s| *s == "same")?;
            (if s1 == s2 { "swapped" } else { s1 }, "swapped", 0.1)
        }
    };
    let half_known = [actor1, actor2]
        .iter()
        .filter(|s| **s == "one missing")
        .count() as f64;
    let score = 1.0 - 0.2 * gap as f64 - place_penalty - 0.05 * half_known - swap_penalty;
    Some(Match {
        rule,
        score: (score * 1000.0).round() / 1000.0,
        date_gap_days: gap,
        distance_km: distance.map(|km| (km * 100.0).round() / 100.0),
        actor1,
        actor2,
    })
}

/// Picks the best of several candidate matches: highest score, then lowest key (oldest).
pub fn best<K: Ord + Copy>(candidates: impl IntoIterator<Item = (K, Match)>) -> Option<(K, Match)> {
    candidates.into_iter().min_by(|(ka, a), (kb, b)| {
        b.score
            .partial_cmp(&a.score)
            .unwrap_or(Ordering::Equal)
            .then(ka.cmp(kb))
    })
}

/// One report of a canonical event.
#[derive(Debug, Clone)]
pub struct Member {
    pub event: Event,
    /// Publication date of the report's document.
    pub published: Option<String>,
    pub outlet: Option<String>,
}

/// Whether a report gives a fatality figure (evidence for it, or a non-zero count).
fn gives_figure(e: &Event) -> bool {
    e.evidence.fatalities.is_some() || e.fatalities > 0
}

/// How partisan a report's fatality figure is (schema 1.1 claim of the figure): 0 the outlet's
/// own or a neutral source's, 1 unconfirmed, 2 given only by a side of the event or denied. A
/// record without a claim (schema 1.0) is the outlet's.
pub fn partisanship(ev: &Event) -> u8 {
    let c = ev.claim.of_fatalities();
    let side = c.claimant.as_ref().is_some_and(|c| c.side.is_some());
    match c.status.as_str() {
        _ if side => 2,
        "denied" => 2,
        "unconfirmed" => 1,
        _ => 0,
    }
}

/// The member whose figure a canonical event keeps (see the module docs), and how many
/// reports of the latest day were set aside as more partisan than it.
fn figure(members: &[Member]) -> Option<(&Member, usize)> {
    let reporting: Vec<&Member> = members.iter().filter(|m| gives_figure(&m.event)).collect();
    let day = |m: &Member| m.published.as_deref().and_then(days).unwrap_or(i64::MIN);
    let latest = reporting.iter().map(|m| day(m)).max()?;
    let last_day: Vec<&Member> = reporting.into_iter().filter(|m| day(m) == latest).collect();
    let least = last_day.iter().map(|m| partisanship(&m.event)).min()?;
    let set_aside = last_day
        .iter()
        .filter(|m| partisanship(&m.event) > least)
        .count();
    last_day
        .into_iter()
        .filter(|m| partisanship(&m.event) == least)
        .min_by_key(|m| m.event.fatalities)
        .map(|m| (m, set_aside))
}

/// The fatality figure of a canonical event (see the module docs).
pub fn fatalities(members: &[Member]) -> u32 {
    figure(members).map_or(0, |(m, _)| m.event.fatalities)
}

/// The canonical event of `members` (in ingestion order; not empty).
pub fn canonical(members: &[Member]) -> Event {
    let mut ev = members[0].event.clone();
    for m in &members[1..] {
        let o = &m.event;
        for (slot, other) in [
            (&mut ev.actor1, &o.actor1),
            (&mut ev.assoc_actor_1, &o.assoc_actor_1),
            (&mut ev.actor2, &o.actor2),
            (&mut ev.assoc_actor_2, &o.assoc_actor_2),
            (&mut ev.civilian_targeting, &o.civilian_targeting),
        ] {
            if slot.is_none() {
                slot.clone_from(other);
            }
        }
        if ev.inter1.is_none() {
            ev.inter1 = o.inter1;
        }
        if ev.inter2.is_none() {
            ev.inter2 = o.inter2;
        }
        if ev.interaction.is_none() {
            ev.interaction = o.interaction;
        }
        if ev.latitude.is_none() && o.latitude.is_some() {
            ev.location.clone_from(&o.location);
            ev.admin1.clone_from(&o.admin1);
            ev.admin2.clone_from(&o.admin2);
            ev.country.clone_from(&o.country);
            ev.iso.clone_from(&o.iso);
            ev.latitude = o.latitude;
            ev.longitude = o.longitude;
            ev.geo_precision = o.geo_precision;
        }
        ev.confidence = ev.confidence.max(o.confidence);
    }
    let mut sources: Vec<String> = Vec::new();
    let mut add = |s: &str| {
        let s = s.trim();
        if !s.is_empty() && !sources.iter().any(|x| x.eq_ignore_ascii_case(s)) {
            sources.push(s.to_string());
        }
    };
    for m in members {
        for s in m.event.source.as_deref().unwrap_or("").split(';') {
            add(s);
        }
    }
    for m in members {
        add(m.outlet.as_deref().unwrap_or(""));
    }
    ev.source = (!sources.is_empty()).then(|| sources.join("; "));
    let chosen = figure(members);
    ev.fatalities = chosen.map_or(0, |(m, _)| m.event.fatalities);
    if let Some((m, _)) = chosen {
        // The figure's claim is the report's it came from.
        let theirs = m.event.claim.of_fatalities();
        if theirs != ev.claim.of_fatalities() {
            ev.claim.fatalities = (*theirs != ev.claim).then(|| Box::new(theirs.clone()));
        }
    }
    if members.len() > 1 {
        ev.rules.push(format!(
            "cross-article merge: {} reports; fatalities: lowest figure of the latest reporting day",
            members.len()
        ));
    }
    if let Some((_, aside @ 1..)) = chosen {
        ev.rules.push(format!(
            "cross-article merge: fatalities from the least partisan reports; {aside} figure(s) \
             given only by a side of the event, unconfirmed or denied set aside"
        ));
    }
    ev
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_schema::{Evidence, Span};

    pub(crate) fn event(
        sub: &str,
        date: &str,
        lat: f64,
        lon: f64,
        actor1: Option<&str>,
        fat: u32,
    ) -> Event {
        Event {
            event_id: "x-1".into(),
            event_date: Some(date.into()),
            year: date.get(..4).and_then(|y| y.parse().ok()),
            time_precision: 1,
            disorder_type: "Political violence".into(),
            event_type: "Explosions/Remote violence".into(),
            sub_event_type: sub.into(),
            actor1: actor1.map(str::to_string),
            assoc_actor_1: None,
            inter1: None,
            actor2: None,
            assoc_actor_2: None,
            inter2: None,
            interaction: None,
            civilian_targeting: None,
            iso: Some("SY".into()),
            country: Some("Syria".into()),
            admin1: None,
            admin2: None,
            location: Some("Aleppo".into()),
            latitude: Some(lat),
            longitude: Some(lon),
            geo_precision: Some(1),
            source: None,
            notes: String::new(),
            fatalities: fat,
            attribution: None,
            evidence: Evidence {
                fatalities: (fat > 0).then(|| Span {
                    start: 0,
                    end: 1,
                    text: "x".into(),
                }),
                ..Evidence::default()
            },
            rules: Vec::new(),
            confidence: 0.5,
            claim: Default::default(),
        }
    }

    #[test]
    fn day_numbers_round_trip() {
        for d in [
            "1970-01-01",
            "2000-02-29",
            "2024-03-01",
            "2023-12-31",
            "1999-01-01",
        ] {
            assert_eq!(date_of(days(d).unwrap()), d);
        }
        assert_eq!(days("2024-03-01").unwrap() - days("2024-02-28").unwrap(), 2);
        assert_eq!(days("2024-03-01T10:00:00+02:00"), days("2024-03-01"));
        assert_eq!(days("2024-13-01"), None);
        assert_eq!(days("soon"), None);
    }

    #[test]
    fn rule_table() {
        let base = event(
            "Air/drone strike",
            "2024-03-01",
            36.2,
            37.16,
            Some("Russia"),
            5,
        );
        let cases: &[(Event, Option<&str>)] = &[
            (
                event(
                    "Air/drone strike",
                    "2024-03-02",
                    36.25,
                    37.2,
                    Some("Russia"),
                    7,
                ),
                Some("distance"),
            ),
            (
                event("Air/drone strike", "2024-03-01", 36.2, 37.16, None, 0),
                Some("distance"),
            ),
            (
                event(
                    "Air/drone strike",
                    "2024-03-03",
                    36.2,
                    37.16,
                    Some("Russia"),
                    5,
                ),
                None,
            ),
            (
                event(
                    "Shelling/artillery/missile attack",
                    "2024-03-01",
                    36.2,
                    37.16,
                    None,
                    5,
                ),
                None,
            ),
            (
                event(
                    "Air/drone strike",
                    "2024-03-01",
                    36.2,
                    37.16,
                    Some("Turkey"),
                    5,
                ),
                None,
            ),
            (
                event(
                    "Air/drone strike",
                    "2024-03-01",
                    36.6,
                    37.16,
                    Some("Russia"),
                    5,
                ),
                None,
            ),
        ];
        for (i, (e, want)) in cases.iter().enumerate() {
            assert_eq!(matches(e, &base).map(|m| m.rule), *want, "case {i}");
        }
        let mut swapped = event(
            "Air/drone strike",
            "2024-03-01",
            36.2,
            37.16,
            Some("Civilians (Syria)"),
            5,
        );
        swapped.actor2 = Some("russia".into());
        let mut with2 = base.clone();
        with2.actor2 = Some("Civilians (Syria)".into());
        assert_eq!(
            matches(&swapped, &with2).map(|m| (m.actor1, m.score)),
            Some(("swapped", 0.9))
        );
        assert_eq!(
            matches(&swapped, &base),
            None,
            "swapping needs both names on both sides"
        );
        let mut far = event("Air/drone strike", "2024-03-01", 36.6, 37.16, None, 0);
        far.admin2 = Some("Jebel Saman".into());
        let mut b2 = base.clone();
        b2.admin2 = Some("jebel saman".into());
        assert_eq!(matches(&far, &b2).map(|m| m.rule), Some("admin2"));
        let mut unlocated = event("Air/drone strike", "2024-03-01", 0.0, 0.0, None, 0);
        unlocated.latitude = None;
        unlocated.longitude = None;
        assert_eq!(matches(&unlocated, &base).map(|m| m.rule), Some("location"));
        unlocated.iso = Some("IQ".into());
        assert_eq!(matches(&unlocated, &base), None);
    }

    #[test]
    fn best_prefers_score_then_age() {
        let m = |score| Match {
            rule: "distance",
            score,
            date_gap_days: 0,
            distance_km: None,
            actor1: "same",
            actor2: "same",
        };
        assert_eq!(
            best([(3, m(0.9)), (1, m(0.8)), (2, m(0.9))]).map(|(k, _)| k),
            Some(2)
        );
    }

    #[test]
    fn fatalities_lowest_of_latest_day() {
        let mk = |fat: u32, day: &str| Member {
            event: event("Air/drone strike", "2024-03-01", 36.2, 37.16, None, fat),
            published: Some(day.into()),
            outlet: None,
        };
        // Same day: the lowest figure.
        assert_eq!(fatalities(&[mk(7, "2024-03-01"), mk(5, "2024-03-01")]), 5);
        // A later day's figure supersedes, up or down.
        assert_eq!(
            fatalities(&[
                mk(5, "2024-03-01"),
                mk(9, "2024-03-02"),
                mk(12, "2024-03-02")
            ]),
            9
        );
        assert_eq!(fatalities(&[mk(9, "2024-03-01"), mk(4, "2024-03-03")]), 4);
        // Reports without a figure do not count.
        assert_eq!(fatalities(&[mk(5, "2024-03-01"), mk(0, "2024-03-04")]), 5);
        assert_eq!(fatalities(&[mk(0, "2024-03-01")]), 0);
    }

    #[test]
    fn the_least_partisan_figure_wins_and_the_merge_says_so() {
        use sitrep_schema::{Claim, Claimant};
        let claimed = |side: Option<&str>| Claim {
            status: "claimed".into(),
            claimant: Some(Claimant {
                span: Span {
                    start: 0,
                    end: 5,
                    text: "army sources".into(),
                },
                actor: side.map(|_| "Military Forces of Syria".into()),
                side: side.map(str::to_owned),
            }),
            ..Claim::default()
        };
        let mk = |fat: u32, claim: Claim| {
            let mut event = event("Air/drone strike", "2024-03-01", 36.2, 37.16, None, fat);
            event.claim = claim;
            Member {
                event,
                published: Some("2024-03-01".into()),
                outlet: None,
            }
        };
        // A side's own figure is lower, but a neutral source's is preferred.
        let members = [
            mk(3, claimed(Some("actor1"))),
            mk(8, claimed(None)),
            mk(9, Claim::default()),
        ];
        assert_eq!(fatalities(&members), 8);
        let ev = canonical(&members);
        assert_eq!(ev.fatalities, 8);
        assert!(
            ev.rules
                .iter()
                .any(|r| r.contains("least partisan")
                    && r.contains("1 figure(s) given only by a side")),
            "{:?}",
            ev.rules
        );
        // The canonical event says whose figure it kept.
        assert_eq!(ev.claim.of_fatalities(), &claimed(None));
        // Reports of equal standing: the usual lowest figure, and no extra explanation.
        let even = [mk(7, Claim::default()), mk(5, Claim::default())];
        assert_eq!(fatalities(&even), 5);
        assert!(!canonical(&even)
            .rules
            .iter()
            .any(|r| r.contains("least partisan")));
        // Only partisan figures: the lowest of them.
        assert_eq!(
            fatalities(&[
                mk(3, claimed(Some("actor1"))),
                mk(6, claimed(Some("actor2")))
            ]),
            3
        );
    }
}
