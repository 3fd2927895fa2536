//! Document context: which countries and first-level divisions the document as a whole talks
//! about, from its mentions (one vote per distinct name) and its demonyms (`américains`,
//! `syro-irakiennes`, `Iraqi`: country context, never places).

use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet as HashSet;

use sitrep_gazetteer::{Index, Place};

use crate::doc::Doc;
use crate::mention::{Lookup, Mention};
use crate::GeoParser;

/// Weights below this are gone (removing a vote leaves rounding dust).
const EPSILON: f32 = 1e-6;

/// What the document as a whole says about where it is.
#[derive(Debug, Default, Clone)]
pub(crate) struct Context {
    pub countries: HashMap<String, f32>,
    /// Weight of each first-level division, by country then admin1 code (nested so that a
    /// lookup borrows the place's codes instead of building a key).
    admin1: HashMap<String, HashMap<String, f32>>,
    /// Sum of `countries`' weights, kept up to date by [`Context::add`].
    country_total: f32,
}

/// A country (ISO code) or a first-level division (country, admin1 code).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Area {
    Country(String),
    Admin1(String, String),
}

impl Context {
    /// Adds (`sign` 1) or removes (`sign` -1) evidence.
    fn add(&mut self, evidence: &[(Area, f32)], sign: f32) {
        for (area, w) in evidence {
            let slot = match area {
                Area::Country(c) => self.countries.entry(c.clone()).or_default(),
                Area::Admin1(c, a) => self
                    .admin1
                    .entry(c.clone())
                    .or_default()
                    .entry(a.clone())
                    .or_default(),
            };
            *slot += sign * w;
        }
        self.countries.retain(|_, w| *w > EPSILON);
        self.admin1.retain(|_, m| {
            m.retain(|_, w| *w > EPSILON);
            !m.is_empty()
        });
        self.country_total = self.countries.values().sum();
    }
}

/// The document's context without one mention's own vote (a mention does not vote for its own
/// reading): a view, so that no map is copied per mention.
pub(crate) struct Without<'c> {
    pub ctx: &'c Context,
    own: Vec<(Area, f32)>,
    pub country_total: f32,
}

impl<'c> Without<'c> {
    pub fn new(ctx: &'c Context, own: Vec<(Area, f32)>) -> Without<'c> {
        let mut w = Without {
            ctx,
            own,
            country_total: ctx.country_total,
        };
        let mut seen: Vec<&str> = Vec::new();
        for (area, _) in &w.own {
            if let Area::Country(c) = area {
                if !seen.contains(&c.as_str()) {
                    seen.push(c);
                    let before = ctx.countries.get(c).copied().unwrap_or(0.0);
                    w.country_total -= before - w.country(c).unwrap_or(0.0);
                }
            }
        }
        w
    }

    /// Weight of a country, as [`Context::add`] with sign -1 would leave it.
    pub fn country(&self, c: &str) -> Option<f32> {
        let mut w = *self.ctx.countries.get(c)?;
        for (area, v) in &self.own {
            if matches!(area, Area::Country(o) if o == c) {
                w -= v;
            }
        }
        (w > EPSILON).then_some(w)
    }

    pub fn has_admin1(&self, country: &str, admin1: &str) -> bool {
        let Some(mut w) = self
            .ctx
            .admin1
            .get(country)
            .and_then(|m| m.get(admin1))
            .copied()
        else {
            return false;
        };
        for (area, v) in &self.own {
            if matches!(area, Area::Admin1(c, a) if c == country && a == admin1) {
                w -= v;
            }
        }
        w > EPSILON
    }
}

impl GeoParser<'_> {
    /// What one mention says about the document's countries and divisions.
    pub(crate) fn contribution(&self, m: &Mention) -> Vec<(Area, f32)> {
        let w = self.weights;
        let mut out = Vec::new();
        // A name inside a longer given span votes only when it is well known: `Jones` in
        // `Robert Jones Tennis Club` says nothing about the document's country.
        if m.candidates.is_empty()
            || !m.votes()
            || (m.lookup == Lookup::Inner && !self.is_important(&m.candidates))
        {
            return out;
        }
        let places: Vec<&Place> = m.candidates.iter().map(|&id| self.gaz.place(id)).collect();
        if let Some(c) = places.iter().find(|p| p.is_country()) {
            out.push((Area::Country(c.country.clone()), w.vote_country));
            return out;
        }
        if let Some(a) = places.iter().find(|p| p.is_admin1()) {
            out.push((
                Area::Admin1(a.country.clone(), a.admin1.clone()),
                w.vote_admin1,
            ));
        }
        // One country for every reading, or a dominant well-known reading.
        let first = &places[0].country;
        let unanimous = !first.is_empty() && places.iter().all(|p| &p.country == first);
        let dominant = places[0].population >= 10 * w.well_known
            && places
                .get(1)
                .is_none_or(|p| p.population * w.dominance < places[0].population);
        if unanimous || dominant {
            out.push((Area::Country(first.clone()), w.vote_country_of_readings));
        }
        out
    }

    /// A hashtag of several words that names a country (`#floods_Ruritania`,
    /// `#فيضانات_المغرب`) tags the text with a topic set in that country: not a place the text
    /// locates anything at (see `recognise::filters`), but as much a sign of the document's
    /// country as a demonym is. Each such country votes once, with a demonym's weight.
    fn add_topic_hashtags(&self, doc: &Doc, mentions: &[Mention], ctx: &mut Context) {
        let mut voted: Vec<&str> = Vec::new();
        for (i, tok) in doc.tokens.iter().enumerate() {
            if doc.hashtag(i).is_none()
                || mentions
                    .iter()
                    .any(|m| m.first_token <= i && i <= m.last_token)
            {
                continue;
            }
            let country = |key: &str| {
                self.gaz
                    .lookup_key(Index::Names, key)
                    .iter()
                    .map(|&id| self.gaz.place(id))
                    .find(|p| p.is_country())
            };
            let found = if tok.is_arabic() {
                tok.key_variants().find_map(|(_, k)| country(k))
            } else {
                country(tok.key())
            };
            if let Some(p) = found {
                if !voted.contains(&p.country.as_str()) {
                    voted.push(&p.country);
                    let vote = (Area::Country(p.country.clone()), self.weights.vote_demonym);
                    ctx.add(&[vote], 1.0);
                }
            }
        }
    }

    /// The document's context: one vote per distinct name (an ambiguous name repeated ten
    /// times must not outvote the other places of the document), and every demonym.
    pub(crate) fn document_context(&self, doc: &Doc, mentions: &[Mention]) -> Context {
        let mut ctx = Context::default();
        let mut seen: HashSet<&str> = HashSet::default();
        for m in mentions {
            if seen.insert(&doc.text[m.span.clone()]) {
                ctx.add(&self.contribution(m), 1.0);
            }
        }
        self.add_topic_hashtags(doc, mentions, &mut ctx);
        for tok in doc.tokens {
            for &id in self.gaz.lookup_key(Index::Demonyms, tok.key()) {
                let c = &self.gaz.place(id).country;
                if !c.is_empty() {
                    ctx.add(
                        &[(Area::Country(c.clone()), self.weights.vote_demonym)],
                        1.0,
                    );
                }
            }
        }
        ctx
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_without_one_mentions_vote() {
        let mut ctx = Context::default();
        let sy = Area::Country("SY".into());
        let idlib = Area::Admin1("SY".into(), "07".into());
        ctx.add(&[(sy.clone(), 1.0), (idlib.clone(), 1.0)], 1.0);
        ctx.add(&[(Area::Country("IQ".into()), 0.5)], 1.0);
        let without = Without::new(&ctx, vec![(sy.clone(), 1.0), (idlib, 1.0)]);
        assert_eq!(without.country("SY"), None);
        assert_eq!(without.country("IQ"), Some(0.5));
        assert!(!without.has_admin1("SY", "07"));
        assert!((without.country_total - 0.5).abs() < 1e-6);
        let all = Without::new(&ctx, Vec::new());
        assert_eq!(all.country("SY"), Some(1.0));
        assert!(all.has_admin1("SY", "07"));
        assert!((all.country_total - 1.5).abs() < 1e-6);
    }

    #[test]
    fn a_topic_hashtag_votes_for_its_country() {
        let text = "غرق شخصين أمس #فيضانات_المغرب";
        crate::testing::with_doc("ar", text, |p, doc| {
            let mentions = p.recognise(doc);
            let spans: Vec<&str> = mentions.iter().map(|m| &text[m.span.clone()]).collect();
            assert!(mentions.is_empty(), "the topic is no place: {spans:?}");
            let ctx = p.document_context(doc, &mentions);
            assert!(ctx.countries.contains_key("MA"), "{:?}", ctx.countries);
        });
    }

    #[test]
    fn demonyms_and_names_vote_for_their_countries() {
        crate::testing::with_doc("en", "Iraqi forces entered Mosul.", |p, doc| {
            let mentions = p.recognise(doc);
            let ctx = p.document_context(doc, &mentions);
            assert!(
                ctx.countries.get("IQ").copied().unwrap_or(0.0) > 0.5,
                "{:?}",
                ctx.countries
            );
        });
    }
}
