//! Mentions as the output schema's places: code-point spans, the reading's point and names,
//! the ACLED geo-precision, and for unresolved names their anchor.

use std::ops::Range;

use sitrep_gazetteer::Place;
use sitrep_schema::{Anchor, PlaceMention, Qualifier};
use sitrep_text::CharOffsets;

use crate::mention::{Lookup, Mention, Noun};
use crate::{GeoParser, GeoText};

/// ACLED geo-precision of an entry by its feature: a populated place is exact (1), a district
/// is "part of" (2), a province, country, region or physical feature is a larger area (3).
fn base_precision(feature: &str) -> u8 {
    match feature {
        // Towns, and spots such as a dam, a crossing or a building.
        f if f.starts_with('P') || f.starts_with('S') => 1,
        "A.ADM2" | "A.ADM3" | "A.ADM4" => 2,
        _ => 3,
    }
}

fn round5(v: f32) -> f64 {
    (f64::from(v) * 100_000.0).round() / 100_000.0
}

impl GeoParser<'_> {
    /// The name of the first-level division a place is in (its own name for a division).
    fn admin1_name(&self, p: &Place) -> Option<String> {
        if p.is_admin1() {
            Some(p.name.clone())
        } else {
            self.gaz.admin1_of(p).map(|a| a.name.clone())
        }
    }

    /// The places of code-point `spans` of a text given as mentions ([`GeoParser::resolve_spans`]):
    /// one per span, `None` when nothing places it.
    pub fn places_of_spans(
        &self,
        t: &GeoText,
        spans: &[Range<usize>],
    ) -> Vec<Option<PlaceMention>> {
        let offsets = CharOffsets::new(t.text);
        let bytes: Vec<Range<usize>> = spans
            .iter()
            .map(|r| offsets.byte_of(r.start)..offsets.byte_of(r.end))
            .collect();
        let mentions = self.resolve_spans(t, &bytes);
        self.to_places(t.text, &offsets, &mentions)
            .into_iter()
            .map(|p| p.lat.is_some().then_some(p))
            .collect()
    }

    /// The places of the output record for `mentions` of `text`, in the same order.
    pub fn to_places(
        &self,
        text: &str,
        offsets: &CharOffsets,
        mentions: &[Mention],
    ) -> Vec<PlaceMention> {
        let span_of = |r: &Range<usize>| {
            (
                offsets.char_of(r.start),
                offsets.char_of(r.end),
                text[r.clone()].to_string(),
            )
        };
        mentions
            .iter()
            .map(|m| {
                let (start, end, surface) = span_of(&m.span);
                let qualifier = m.qualifier.as_ref().map(|q| {
                    let (s, e, t) = span_of(&q.span);
                    Qualifier {
                        kind: q.kind.as_str().to_string(),
                        direction: q.direction.clone(),
                        start: s,
                        end: e,
                        text: t,
                    }
                });
                // `near`, a direction and `within` (`dans le désert de Deir ez-Zor`, `in the
                // countryside of Aleppo`) all place the event around or inside the named
                // place, not at it: ACLED precision 2 at least.
                let approximate = m.lookup == Lookup::NamedAfter
                    || m.qualifier
                        .as_ref()
                        .is_some_and(|q| q.kind.is_approximate());
                if let Some((id, score)) = m.resolved {
                    let p = self.gaz.place(id);
                    let base = base_precision(&p.feature);
                    return PlaceMention {
                        start,
                        end,
                        text: surface,
                        name: p.name.clone(),
                        geonameid: p.geonameid,
                        lat: Some(round5(p.lat)),
                        lon: Some(round5(p.lon)),
                        country_code: (!p.country.is_empty()).then(|| p.country.clone()),
                        admin1: self.admin1_name(p),
                        feature: Some(p.feature.clone()),
                        precision: if approximate { base.max(2) } else { base },
                        score: (score * 1000.0).round() / 1000.0,
                        resolved: true,
                        qualifier,
                        anchor: None,
                    };
                }
                // Kept from context: located at its containing place, precision 2.
                let anchor = m.anchor.and_then(|k| {
                    let am = &mentions[k];
                    let (id, _) = am.resolved?;
                    Some((am, self.gaz.place(id)))
                });
                PlaceMention {
                    start,
                    end,
                    text: surface.clone(),
                    name: surface,
                    geonameid: None,
                    lat: anchor.map(|(_, p)| round5(p.lat)),
                    lon: anchor.map(|(_, p)| round5(p.lon)),
                    country_code: anchor
                        .map(|(_, p)| p.country.clone())
                        .filter(|c| !c.is_empty()),
                    admin1: anchor.and_then(|(_, p)| self.admin1_name(p)),
                    feature: m.nouns.has(Noun::Settlement).then(|| "P.PPL".to_string()),
                    precision: if anchor.is_some() { 2 } else { 3 },
                    score: if anchor.is_some() { 0.5 } else { 0.0 },
                    resolved: false,
                    qualifier,
                    anchor: anchor.map(|(am, p)| {
                        let (s, e, _) = span_of(&am.span);
                        Anchor {
                            name: p.name.clone(),
                            geonameid: p.geonameid,
                            start: s,
                            end: e,
                        }
                    }),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_by_feature() {
        assert_eq!(base_precision("P.PPL"), 1);
        assert_eq!(base_precision("S.DAM"), 1);
        assert_eq!(base_precision("A.ADM2"), 2);
        assert_eq!(base_precision("A.ADM1"), 3);
        assert_eq!(base_precision("H.STM"), 3);
    }

    #[test]
    fn an_unresolved_name_is_placed_at_its_anchor_with_precision_2() {
        let text = "Shelling hit the village of Kafr Zorbel near Aleppo.";
        crate::testing::with_doc("en", text, |p, doc| {
            let mut mentions = p.recognise(doc);
            p.add_context_names(doc, &mut mentions);
            p.resolve(doc, &mut mentions);
            let places = p.to_places(text, &CharOffsets::new(text), &mentions);
            let kafr = places.iter().find(|p| p.text == "Kafr Zorbel").unwrap();
            assert!(!kafr.resolved);
            assert_eq!(kafr.precision, 2);
            assert_eq!(kafr.feature.as_deref(), Some("P.PPL"));
            assert_eq!(
                kafr.anchor.as_ref().map(|a| a.name.as_str()),
                Some("Aleppo")
            );
            let aleppo = places.iter().find(|p| p.text == "Aleppo").unwrap();
            assert_eq!(
                aleppo.qualifier.as_ref().map(|q| q.kind.as_str()),
                Some("near")
            );
            assert_eq!(aleppo.precision, 2);
        });
    }
}
