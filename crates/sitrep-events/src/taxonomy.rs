//! The ACLED taxonomy (sub-event types, event types, disorder types, concurrent-tactics rank)
//! and the ISO2 → country name and ACLED region table, both read from `data/`.

use std::collections::HashMap;

/// Index into [`Taxonomy::subs`].
pub(crate) type Sub = u8;

#[derive(Debug, Clone)]
pub(crate) struct SubInfo {
    pub sub_event_type: String,
    pub event_type: String,
    pub disorder_type: String,
    /// Higher wins when concurrent tactics are collapsed.
    pub rank: u16,
}

#[derive(Debug)]
pub(crate) struct Taxonomy {
    pub subs: Vec<SubInfo>,
    by_name: HashMap<String, Sub>,
}

/// Splits a `a | b | c` data line; `None` for blank and comment lines.
pub(crate) fn fields(line: &str) -> Option<Vec<&str>> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    Some(line.split('|').map(str::trim).collect())
}

impl Taxonomy {
    pub fn parse(data: &str) -> Taxonomy {
        let mut subs = Vec::new();
        let mut by_name = HashMap::new();
        for (n, line) in data.lines().enumerate() {
            let Some(f) = fields(line) else { continue };
            assert!(f.len() == 4, "taxonomy.txt:{}: expected 4 fields", n + 1);
            by_name.insert(f[0].to_owned(), subs.len() as Sub);
            subs.push(SubInfo {
                sub_event_type: f[0].to_owned(),
                event_type: f[1].to_owned(),
                disorder_type: f[2].to_owned(),
                rank: f[3]
                    .parse()
                    .unwrap_or_else(|_| panic!("taxonomy.txt:{}: bad rank", n + 1)),
            });
        }
        Taxonomy { subs, by_name }
    }

    pub fn get(&self, name: &str) -> Option<Sub> {
        self.by_name.get(name).copied()
    }

    /// Index of a sub-event type known to exist (the names the rules use).
    pub fn id(&self, name: &str) -> Sub {
        self.get(name)
            .unwrap_or_else(|| panic!("{name:?} missing from taxonomy.txt"))
    }

    pub fn info(&self, sub: Sub) -> &SubInfo {
        &self.subs[sub as usize]
    }

    pub fn event_type(&self, sub: Sub) -> &str {
        &self.subs[sub as usize].event_type
    }
}

/// ISO2 → (country name, ACLED region).
#[derive(Debug)]
pub(crate) struct Countries(HashMap<String, (String, String)>);

impl Countries {
    pub fn parse(data: &str) -> Countries {
        let mut map = HashMap::new();
        for (n, line) in data.lines().enumerate() {
            let Some(f) = fields(line) else { continue };
            assert!(f.len() == 3, "countries.txt:{}: expected 3 fields", n + 1);
            map.insert(f[0].to_owned(), (f[1].to_owned(), f[2].to_owned()));
        }
        Countries(map)
    }

    pub fn name(&self, iso2: &str) -> Option<&str> {
        self.0.get(iso2).map(|(n, _)| n.as_str())
    }

    pub fn region(&self, iso2: &str) -> Option<&str> {
        self.0.get(iso2).map(|(_, r)| r.as_str())
    }
}
