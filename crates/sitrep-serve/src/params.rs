//! Query-string validation: every parameter is checked, unknown and repeated ones are refused,
//! and each problem gets a 400 naming the parameter and what was expected.

use sitrep_store::Query;

use crate::error::ApiError;

/// Filter parameters shared by `/v1/events`, `/v1/events.geojson` and `/v1/stats`.
pub const FILTERS: [&str; 8] = [
    "since", "until", "bbox", "type", "actor", "country", "text", "claim",
];

/// Longest accepted value of a text parameter, in bytes.
pub const MAX_PARAM_BYTES: usize = 500;

/// Parsed query-string pairs, with the names each route accepts.
#[derive(Debug)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Splits `raw` (already percent-decoded pairs) and refuses names outside `allowed` and
    /// names given twice.
    pub fn new(pairs: Vec<(String, String)>, allowed: &[&str]) -> Result<Params, ApiError> {
        for (i, (k, _)) in pairs.iter().enumerate() {
            if !allowed.contains(&k.as_str()) {
                return Err(ApiError::bad_request(format!(
                    "unknown query parameter `{k}` (accepted: {})",
                    allowed.join(", ")
                )));
            }
            if pairs[..i].iter().any(|(p, _)| p == k) {
                return Err(ApiError::bad_request(format!(
                    "query parameter `{k}` is given more than once"
                )));
            }
        }
        Ok(Params { pairs })
    }

    /// The value of `name`, if given (an empty value counts as not given).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    fn text(&self, name: &str) -> Result<Option<String>, ApiError> {
        match self.get(name) {
            Some(v) if v.len() > MAX_PARAM_BYTES => Err(ApiError::bad_request(format!(
                "`{name}` is longer than {MAX_PARAM_BYTES} bytes"
            ))),
            Some(v) => Ok(Some(v.trim().to_string()).filter(|v| !v.is_empty())),
            None => Ok(None),
        }
    }

    fn date(&self, name: &str) -> Result<Option<String>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(d) if is_date(d) => Ok(Some(d.to_string())),
            Some(d) => Err(ApiError::bad_request(format!(
                "`{name}` {d:?} is not a date (expected YYYY-MM-DD)"
            ))),
        }
    }

    /// The filters as a store query (`limit` unset).
    pub fn query(&self) -> Result<Query, ApiError> {
        let since = self.date("since")?;
        let until = self.date("until")?;
        if let (Some(s), Some(u)) = (&since, &until) {
            if s > u {
                return Err(ApiError::bad_request(format!(
                    "`since` {s} is after `until` {u}"
                )));
            }
        }
        let bbox = match self.get("bbox") {
            None => None,
            Some(b) => Some(bbox(b)?),
        };
        Ok(Query {
            since,
            until,
            bbox,
            event_type: self.text("type")?,
            actor: self.text("actor")?,
            country: self.text("country")?,
            text: self.text("text")?,
            claim: self.claim()?,
            limit: None,
        })
    }

    /// `claim`: one of the schema's claim statuses.
    fn claim(&self) -> Result<Option<String>, ApiError> {
        let statuses = sitrep_core::schema::CLAIM_STATUSES;
        match self.get("claim") {
            None => Ok(None),
            Some(c) if statuses.contains(&c) => Ok(Some(c.to_string())),
            Some(c) => Err(ApiError::bad_request(format!(
                "`claim` {c:?} is not one of {}",
                statuses.join(", ")
            ))),
        }
    }

    /// An integer parameter in `range`, `default` when absent.
    pub fn int(
        &self,
        name: &str,
        default: usize,
        range: std::ops::RangeInclusive<usize>,
    ) -> Result<usize, ApiError> {
        let Some(v) = self.get(name) else {
            return Ok(default);
        };
        match v.parse::<usize>() {
            Ok(n) if range.contains(&n) => Ok(n),
            _ => Err(ApiError::bad_request(format!(
                "`{name}` {v:?} is out of range (expected an integer from {} to {})",
                range.start(),
                range.end()
            ))),
        }
    }
}

/// Whether `d` is a real calendar date written `YYYY-MM-DD`.
pub fn is_date(d: &str) -> bool {
    let b = d.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| {
        d.get(r)
            .filter(|s| s.bytes().all(|c| c.is_ascii_digit()))?
            .parse::<u32>()
            .ok()
    };
    let (Some(y), Some(m), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// `min_lon,min_lat,max_lon,max_lat` in degrees.
fn bbox(b: &str) -> Result<[f64; 4], ApiError> {
    let bad = |why: &str| {
        ApiError::bad_request(format!(
            "`bbox` {b:?}: {why} (expected min_lon,min_lat,max_lon,max_lat in degrees)"
        ))
    };
    let v: Vec<f64> = b
        .split(',')
        .map(|x| x.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad("not four numbers"))?;
    let [min_lon, min_lat, max_lon, max_lat] = v[..] else {
        return Err(bad("not four numbers"));
    };
    if v.iter().any(|x| !x.is_finite()) {
        return Err(bad("not four numbers"));
    }
    if !(-180.0..=180.0).contains(&min_lon) || !(-180.0..=180.0).contains(&max_lon) {
        return Err(bad("longitudes must be within -180..180"));
    }
    if !(-90.0..=90.0).contains(&min_lat) || !(-90.0..=90.0).contains(&max_lat) {
        return Err(bad("latitudes must be within -90..90"));
    }
    if min_lon > max_lon || min_lat > max_lat {
        return Err(bad("the minimum must not exceed the maximum"));
    }
    Ok([min_lon, min_lat, max_lon, max_lat])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(q: &[(&str, &str)], allowed: &[&str]) -> Result<Params, ApiError> {
        Params::new(
            q.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            allowed,
        )
    }

    #[test]
    fn filters_parse_and_validate() {
        let q = p(
            &[
                ("since", "2018-03-01"),
                ("bbox", "35,30,45,40"),
                ("type", "Battles"),
            ],
            &FILTERS,
        )
        .unwrap()
        .query()
        .unwrap();
        assert_eq!(q.since.as_deref(), Some("2018-03-01"));
        assert_eq!(q.bbox, Some([35.0, 30.0, 45.0, 40.0]));
        assert_eq!(q.event_type.as_deref(), Some("Battles"));
        let q = p(&[("claim", "claimed")], &FILTERS)
            .unwrap()
            .query()
            .unwrap();
        assert_eq!(q.claim.as_deref(), Some("claimed"));
        for bad in [
            vec![("since", "2018-3-1")],
            vec![("until", "2018-02-30")],
            vec![("since", "2019-01-01"), ("until", "2018-01-01")],
            vec![("bbox", "1,2,3")],
            vec![("bbox", "1,2,3,x")],
            vec![("bbox", "10,0,5,1")],
            vec![("bbox", "0,-95,1,1")],
            vec![("bbox", "NaN,0,1,1")],
            vec![("claim", "rumoured")],
        ] {
            let e = p(&bad, &FILTERS).unwrap().query().unwrap_err();
            assert_eq!(e.status.as_u16(), 400, "{bad:?}");
        }
        assert!(p(&[("nope", "1")], &FILTERS).is_err());
        assert!(p(&[("type", "a"), ("type", "b")], &FILTERS).is_err());
    }

    #[test]
    fn dates_are_calendar_dates() {
        for ok in ["2018-03-15", "2020-02-29", "2000-02-29", "1999-12-31"] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in [
            "2018-02-30",
            "2019-02-29",
            "1900-02-29",
            "2018-13-01",
            "2018-3-15",
            "2018-03-1a",
            "20180315",
            "2018-03-15T00",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn integers_are_range_checked() {
        let params = p(&[("limit", "0"), ("offset", "x")], &["limit", "offset"]).unwrap();
        assert!(params.int("limit", 100, 1..=1000).is_err());
        assert!(params.int("offset", 0, 0..=10).is_err());
        let params = p(&[("limit", "1000")], &["limit"]).unwrap();
        assert_eq!(params.int("limit", 100, 1..=1000).unwrap(), 1000);
        assert_eq!(params.int("offset", 7, 0..=10).unwrap(), 7);
    }
}
