//! Second-level administrative divisions of places (ACLED's `admin2`): a side table that maps a
//! place's geonameid to the name of its division, in the format `cargo xtask admin2-data`
//! writes (`sitrep-gazetteer-data/data/admin2.tsv.gz`, see its `ADMIN2.md`):
//!
//! ```text
//! # comment
//! <place geonameid> TAB <division name> TAB <method: m membership, n nearest division,
//!                                              s a first-level division's seat>
//! ```
//!
//! Division names are stored once; a place costs 8 bytes.

/// Why an admin2 table could not be read.
#[derive(Debug, thiserror::Error)]
#[error("admin2 table line {line}: {what}")]
pub struct Admin2Error {
    pub line: usize,
    pub what: &'static str,
}

/// How a place's division was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admin2Method {
    /// The registry's own place-to-division link.
    Membership,
    /// The nearest division of the place's first-level division.
    Nearest,
    /// The place is a first-level division: the division of its seat (ACLED places an event
    /// known only to the province at its capital).
    Seat,
}

/// Place geonameid → second-level division name.
#[derive(Debug, Clone, Default)]
pub struct Admin2 {
    names: Vec<String>,
    /// (place geonameid, index into `names` with the method in the top two bits), sorted by id.
    places: Vec<(u32, u32)>,
}

/// The top two bits of a `places` value: how the division was found.
const NEAREST_BIT: u32 = 1 << 31;
const SEAT_BIT: u32 = 1 << 30;
const INDEX_MASK: u32 = SEAT_BIT - 1;

impl Admin2 {
    /// Parses the table. Ids must be unique; order does not matter.
    pub fn parse(text: &str) -> Result<Admin2, Admin2Error> {
        let mut names: Vec<String> = Vec::new();
        let mut index: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        let mut places = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let err = |what| Admin2Error { line: i + 1, what };
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(id), Some(name), Some(method), None) =
                (cols.next(), cols.next(), cols.next(), cols.next())
            else {
                return Err(err("expected 3 tab-separated columns"));
            };
            let id: u32 = id.parse().map_err(|_| err("bad geonameid"))?;
            let bits = match method {
                "m" => 0,
                "n" => NEAREST_BIT,
                "s" => SEAT_BIT,
                _ => return Err(err("method is not m, n or s")),
            };
            if name.is_empty() {
                return Err(err("empty division name"));
            }
            let n = *index.entry(name).or_insert_with(|| {
                names.push(name.to_owned());
                (names.len() - 1) as u32
            });
            if n > INDEX_MASK {
                return Err(err("too many division names"));
            }
            places.push((id, n | bits));
        }
        places.sort_unstable_by_key(|p| p.0);
        if places.windows(2).any(|w| w[0].0 == w[1].0) {
            return Err(Admin2Error {
                line: 0,
                what: "a geonameid appears twice",
            });
        }
        Ok(Admin2 { names, places })
    }

    /// Number of places with a division.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// The division of a place and how it was found.
    pub fn get(&self, geonameid: u32) -> Option<(&str, Admin2Method)> {
        let i = self.places.binary_search_by_key(&geonameid, |p| p.0).ok()?;
        let v = self.places[i].1;
        let method = if v & NEAREST_BIT != 0 {
            Admin2Method::Nearest
        } else if v & SEAT_BIT != 0 {
            Admin2Method::Seat
        } else {
            Admin2Method::Membership
        };
        Some((self.names[(v & INDEX_MASK) as usize].as_str(), method))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_and_errors() {
        let t = Admin2::parse(
            "# header\n20\tNorth District\tm\n10\tNorth District\tn\n30\tHill\tm\n40\tHill\ts\n",
        )
        .unwrap();
        assert_eq!(t.len(), 4);
        assert_eq!(t.get(40), Some(("Hill", Admin2Method::Seat)));
        assert_eq!(t.get(10), Some(("North District", Admin2Method::Nearest)));
        assert_eq!(t.get(30), Some(("Hill", Admin2Method::Membership)));
        assert_eq!(t.get(11), None);
        assert_eq!(Admin2::parse("1\tA\tx\n").unwrap_err().line, 1);
        assert!(Admin2::parse("1\tA\n").is_err());
        assert!(Admin2::parse("x\tA\tm\n").is_err());
        assert!(Admin2::parse("1\tA\tm\n1\tB\tm\n").is_err());
        assert!(Admin2::default().get(1).is_none());
    }
}
