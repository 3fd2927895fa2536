//! ACLED-style event coding: turns a document's sentences into the rows an ACLED analyst would
//! write (event type, actors, date, location, fatalities, source attribution), each field with
//! the span of text that produced it.
//!
//! The coder is data-driven: per-language lexicons under `data/lang/<code>/` (triggers, actor
//! aliases, cue words, number and date words; formats in `data/lang/README.md`) are compiled
//! into one phrase matcher per language by [`EventCoder::load`], and the codebook rules live
//! in [`rules`], one per file. Coding never fails on text: odd input yields fewer events and
//! [`Diagnostic`]s.
//!
//! Pipeline per document: sentences → (questions and "Lire plus" lines dropped) → one lexicon
//! scan per sentence → clauses ("alors que", "while", `;`) → triggers filtered by negation,
//! modality and context → actors with roles, fatality reports, date and attribution →
//! clauses merged into events by day and location → sub-event type by the concurrent-tactics
//! rank → events ordered by salience.

mod actors;
mod attribution;
mod dates;
mod fatalities;
mod lexicon;
mod matcher;
mod rules;
mod scan;
mod taxonomy;

use std::ops::Range;

use jiff::civil::Date;
use sitrep_schema::{Diagnostic, Event, Evidence, PlaceMention, Span};
use sitrep_text::{CharOffsets, Token};

use crate::actors::{Mention, Role};
use crate::dates::DateExpr;
use crate::fatalities::Report;
use crate::lexicon::{Code, Cue, Lexicon, Strength, LANGS};
use crate::rules::protest::ProtestContext;
use crate::scan::{Scan, TriggerHit};
use crate::taxonomy::{Countries, Sub, Taxonomy};

/// Salience bonus of the events told in the lead sentence: worth about two strong triggers, so a
/// later, more detailed paragraph about a side event does not displace the headline event.
const LEAD_BONUS: f32 = 1.0;

/// One document, as the pipeline hands it to the coder.
#[derive(Debug, Clone, Copy)]
pub struct EventInput<'a> {
    pub doc_id: &'a str,
    pub text: &'a str,
    pub tokens: &'a [Token],
    /// Sentence byte ranges of `text`.
    pub sentences: &'a [Range<usize>],
    /// `fr`, `en`, `es`, `ar`; anything else is coded with the English lexicon.
    pub lang: &'a str,
    /// `YYYY-MM-DD` or RFC 3339; garbage is reported and treated as missing.
    pub published: Option<&'a str>,
    /// Resolved place mentions, code-point offsets.
    pub places: &'a [PlaceMention],
    /// Source outlet for the `source` field.
    pub outlet: Option<&'a str>,
}

/// The event coder: taxonomy, country table and all lexicons, parsed once, shared read-only.
#[derive(Debug)]
pub struct EventCoder {
    taxonomy: Taxonomy,
    countries: Countries,
    langs: Vec<(&'static str, Lexicon)>,
}

impl Default for EventCoder {
    fn default() -> Self {
        EventCoder::load()
    }
}

/// What one clause contributes to an event.
#[derive(Debug)]
struct ClauseInfo {
    sentence: Range<usize>,
    triggers: Vec<TriggerHit>,
    mentions: Vec<Mention>,
    reports: Vec<Report>,
    date: Option<DateExpr>,
    attribution: Option<Range<usize>>,
    /// Index into the usable places, and whether it was inherited from earlier text.
    place: Option<(usize, bool)>,
    civilian: bool,
    military: bool,
    protest: ProtestContext,
}

#[derive(Debug)]
struct Cluster {
    clauses: Vec<usize>,
    date: Option<Date>,
    place: Option<(usize, bool)>,
}

/// A usable place mention with its byte range.
struct Place<'a> {
    mention: &'a PlaceMention,
    bytes: Range<usize>,
    /// The dateline of a wire story (`BAMAKO, April 12 -`, `HOUSTON (AP) -`): where the
    /// reporter files from, used for an event only when its clause names no other place.
    dateline: bool,
}

impl<'a> Place<'a> {
    /// A whole country or something wider (a continent, the European Union, a sea): the
    /// least specific place an event can have, used only when nothing narrower is named.
    fn is_broad(&self) -> bool {
        let m = self.mention;
        m.feature
            .as_deref()
            .is_some_and(|f| f.starts_with("A.PCL") || f == "L.CONT")
            || (m.resolved && m.country_code.is_none())
    }
}

fn places_compatible(a: &PlaceMention, b: &PlaceMention) -> bool {
    let same = |x: &PlaceMention, y: &PlaceMention| {
        (x.geonameid.is_some() && x.geonameid == y.geonameid) || x.name == y.name
    };
    let anchored = |x: &PlaceMention, y: &PlaceMention| {
        x.anchor.as_ref().is_some_and(|an| {
            (an.geonameid.is_some() && an.geonameid == y.geonameid) || an.name == y.name
        })
    };
    let siblings = matches!((&a.anchor, &b.anchor), (Some(x), Some(y)) if x.name == y.name);
    let same_admin = a.admin1.is_some()
        && a.admin1 == b.admin1
        && a.country_code.is_some()
        && a.country_code == b.country_code;
    same(a, b) || anchored(a, b) || anchored(b, a) || siblings || same_admin
}

impl EventCoder {
    /// Parses the compiled-in taxonomy, country table and lexicons.
    pub fn load() -> EventCoder {
        let taxonomy = Taxonomy::parse(include_str!("../data/taxonomy.txt"));
        let countries = Countries::parse(include_str!("../data/countries.txt"));
        let langs = LANGS
            .iter()
            .map(|f| (f.code, Lexicon::parse(f, &taxonomy)))
            .collect();
        EventCoder {
            taxonomy,
            countries,
            langs,
        }
    }

    /// ACLED region of a country (ISO 3166-1 alpha-2), for the `region` column of ACLED exports.
    pub fn acled_region(&self, iso2: &str) -> Option<&str> {
        self.countries.region(iso2)
    }

    /// Country name (ACLED spelling) of an ISO 3166-1 alpha-2 code.
    pub fn country_name(&self, iso2: &str) -> Option<&str> {
        self.countries.name(iso2)
    }

    /// Languages with a lexicon.
    pub fn languages(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.langs.iter().map(|(c, _)| *c)
    }

    fn lexicon(&self, lang: &str) -> (&'static str, &Lexicon) {
        let pick = |code: &str| self.langs.iter().find(|(c, _)| *c == code);
        let (c, l) = pick(lang)
            .or_else(|| pick("en"))
            .expect("the English lexicon is compiled in");
        (c, l)
    }

    /// Codes the events of one document. Never panics on any text; problems are diagnostics.
    pub fn code(&self, input: &EventInput) -> (Vec<Event>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let text = input.text;
        let (lang, lex) = self.lexicon(input.lang);
        if lang != input.lang {
            diags.push(Diagnostic::new(
                "info",
                "events.lang-fallback",
                format!(
                    "no event lexicon for language {:?}; English used",
                    input.lang
                ),
            ));
        }
        let published = input.published.and_then(dates::parse_published);
        if let (Some(p), None) = (input.published, published) {
            diags.push(Diagnostic::new(
                "warning",
                "date.bad-publication-date",
                format!("publication date {p:?} is not YYYY-MM-DD or RFC 3339; relative dates are left empty"),
            ));
        }
        let offsets = CharOffsets::new(text);
        let places = usable_places(input.places, text, &offsets);
        let clauses = self.clauses(input, lex, published, &places);
        let clusters = self.cluster(&clauses, &places);
        let mut events: Vec<(f32, Event)> = Vec::new();
        let mut missing_pub = false;
        // The lead: the first sentence that reports something (news puts the main event first).
        let lead = clusters
            .iter()
            .filter_map(|k| k.clauses.first())
            .map(|&ci| clauses[ci].sentence.start)
            .min();
        for cluster in &clusters {
            let in_lead = cluster
                .clauses
                .first()
                .is_some_and(|&ci| Some(clauses[ci].sentence.start) == lead);
            if let Some((salience, event)) = self.event(
                input,
                lex,
                &clauses,
                cluster,
                &places,
                &offsets,
                published,
                &mut missing_pub,
            ) {
                let bonus = if in_lead { LEAD_BONUS } else { 0.0 };
                events.push((salience + bonus, event));
            }
        }
        if missing_pub {
            diags.push(Diagnostic::new(
                "warning",
                "date.no-publication-date",
                "some event dates are relative to a publication date the document does not have; event_date left empty",
            ));
        }
        // Salience: most salient first; ties keep text order.
        events.sort_by(|a, b| b.0.total_cmp(&a.0));
        let events = events
            .into_iter()
            .enumerate()
            .map(|(n, (_, mut e))| {
                e.event_id = format!("{}-{}", input.doc_id, n + 1);
                e
            })
            .collect();
        (events, diags)
    }

    fn clauses(
        &self,
        input: &EventInput,
        lex: &Lexicon,
        published: Option<Date>,
        places: &[Place],
    ) -> Vec<ClauseInfo> {
        let text = input.text;
        let tokens = input.tokens;
        let mut out = Vec::new();
        let mut buf = Vec::new();
        for sent in input.sentences {
            if sent.start >= sent.end
                || sent.end > text.len()
                || !text.is_char_boundary(sent.start)
                || !text.is_char_boundary(sent.end)
            {
                continue;
            }
            let t0 = tokens.partition_point(|t| t.start < sent.start);
            let t1 = tokens.partition_point(|t| t.start < sent.end);
            if t0 >= t1 || tokens[t1 - 1].end > text.len() {
                continue;
            }
            if rules::question::is_question(&text[sent.clone()]) {
                continue;
            }
            let tr = t0..t1;
            let scan = Scan::run(lex, tokens, tr.clone(), &mut buf);
            if rules::boilerplate::is_boilerplate(&scan, t0) {
                continue;
            }
            let date = dates::find(&scan, tokens, &tr, published);
            let attribution = attribution::find(&scan, tokens, &tr);
            let non_event_ctx = scan.has_cue_in(Cue::NonEvent, &tr);
            let diplomacy_ctx = scan.has_cue_in(Cue::Diplomacy, &tr);
            for cr in clause_ranges(&scan, tokens, text, &tr) {
                let mut raw: Vec<TriggerHit> = scan
                    .triggers
                    .iter()
                    .filter(|t| cr.contains(&t.start))
                    .copied()
                    .collect();
                raw.extend(rules::combos::triggers(&scan, &cr, &self.taxonomy));
                let hits = actors::mentions(lex, &scan, tokens, &cr, attribution.as_ref(), t0);
                let named_actor = hits
                    .iter()
                    .any(|h| !lex.actors[h.actor as usize].name.contains("{country}"));
                let mut triggers: Vec<TriggerHit> = raw
                    .iter()
                    .filter(|t| !attribution.as_ref().is_some_and(|a| a.contains(&t.start)))
                    .filter(|t| {
                        if rules::modality::blocked(t, &scan, tokens, &cr, t0).is_some()
                            || rules::claim::blocked(t, &scan, &cr)
                        {
                            return false;
                        }
                        !rules::non_event::drops(
                            t,
                            &self.taxonomy,
                            non_event_ctx && !named_actor,
                            diplomacy_ctx,
                        )
                    })
                    .copied()
                    .collect();
                rules::background::demote(&mut triggers, &scan, &cr);
                rules::instrument::apply(&mut triggers, &scan, &cr);
                rules::disrupted::apply(&mut triggers, &scan, &cr, &self.taxonomy);
                let mentions = actors::roles(&hits, &scan, &cr, actors::reference(&triggers));
                let reports = fatalities::reports(&scan, tokens, &cr, text);
                let bytes = tokens[cr.start].start..tokens[cr.end - 1].end;
                let own = places
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| bytes.contains(&p.bytes.start))
                    .min_by_key(|(_, p)| (p.dateline, p.is_broad()))
                    .map(|(i, _)| (i, false));
                let place = own.or_else(|| preceding_place(places, bytes.start).map(|i| (i, true)));
                let protest = ProtestContext {
                    violent: scan.has_cue_in(Cue::ProtestViolent, &cr),
                    lethal: scan.has_cue_in(Cue::ProtestLethal, &cr),
                    intervention: scan.cues.iter().any(|c| {
                        c.cue == Cue::ProtestIntervention
                            && cr.contains(&c.start)
                            && !scan.cues.iter().any(|k| {
                                k.cue == Cue::ProtestCalm && k.start <= c.start && c.end <= k.end
                            })
                    }),
                };
                out.push(ClauseInfo {
                    sentence: sent.clone(),
                    triggers,
                    mentions,
                    reports,
                    date: date.clone(),
                    attribution: attribution.clone(),
                    place,
                    civilian: scan.has_cue_in(Cue::Civilian, &cr),
                    military: scan.has_cue_in(Cue::Military, &cr),
                    protest,
                });
            }
        }
        out
    }

    /// One event per day and location: a clause joins the latest event when its date and
    /// place do not contradict it, or any earlier event with exactly its date and place.
    fn cluster(&self, clauses: &[ClauseInfo], places: &[Place]) -> Vec<Cluster> {
        let mut clusters: Vec<Cluster> = Vec::new();
        for (ci, c) in clauses.iter().enumerate() {
            if c.triggers.is_empty() && c.reports.is_empty() {
                continue;
            }
            let date = c.date.as_ref().and_then(|d| d.date);
            let loose = |k: &Cluster| {
                let date_ok = date.is_none() || k.date.is_none() || k.date == date;
                let place_ok = match (c.place, k.place) {
                    (Some((a, _)), Some((b, _))) => {
                        places_compatible(places[a].mention, places[b].mention)
                    }
                    _ => true,
                };
                date_ok && place_ok
            };
            let strict = |k: &Cluster| {
                date.is_some()
                    && k.date == date
                    && matches!((c.place, k.place), (Some((a, false)), Some((b, false))) if places_compatible(places[a].mention, places[b].mention))
            };
            let n = clusters.len();
            let target = if clusters.last().is_some_and(loose) {
                Some(n - 1)
            } else {
                clusters.iter().position(strict)
            };
            match target {
                Some(k) => {
                    let k = &mut clusters[k];
                    k.clauses.push(ci);
                    k.date = k.date.or(date);
                    k.place = match (k.place, c.place) {
                        (None, p) => p,
                        (Some((_, true)), Some((p, false))) => Some((p, false)),
                        (Some((a, false)), Some((b, false)))
                            if places[b].mention.anchor.as_ref().is_some_and(|an| {
                                an.name == places[a].mention.name
                                    || (an.geonameid.is_some()
                                        && an.geonameid == places[a].mention.geonameid)
                            }) || (places[a].is_broad() && !places[b].is_broad()) =>
                        {
                            Some((b, false))
                        }
                        (p, _) => p,
                    };
                }
                None if !c.triggers.is_empty() => clusters.push(Cluster {
                    clauses: vec![ci],
                    date,
                    place: c.place,
                }),
                None => {}
            }
        }
        clusters
    }

    #[allow(clippy::too_many_lines)]
    fn event(
        &self,
        input: &EventInput,
        lex: &Lexicon,
        clauses: &[ClauseInfo],
        cluster: &Cluster,
        places: &[Place],
        offsets: &CharOffsets,
        published: Option<Date>,
        missing_pub: &mut bool,
    ) -> Option<(f32, Event)> {
        let tax = &self.taxonomy;
        let text = input.text;
        let tokens = input.tokens;
        let mut rules_applied: Vec<String> = Vec::new();
        let place = cluster.place.map(|(i, inherited)| (&places[i], inherited));
        let iso = place.and_then(|(p, _)| p.mention.country_code.clone());
        let country = iso
            .as_deref()
            .and_then(|c| self.countries.name(c))
            .map(str::to_owned);

        // Candidate sub-event types, clause by clause.
        let protest_ids = ["Peaceful protest"].map(|n| tax.id(n));
        let mut candidates: Vec<(Sub, bool, usize, TriggerHit)> = Vec::new();
        let mut protest_ctx = ProtestContext::default();
        for &ci in &cluster.clauses {
            let c = &clauses[ci];
            protest_ctx.violent |= c.protest.violent;
            // Lethal force needs a report of deaths, or no report at all ("opened fire").
            let nobody_died = !c.reports.is_empty() && c.reports.iter().all(|r| r.value == 0);
            protest_ctx.lethal |= c.protest.lethal && !nobody_died;
            protest_ctx.intervention |= c.protest.intervention;
            let agent_inter = c
                .mentions
                .iter()
                .find(|m| m.role == Role::Agent)
                .map(|m| lex.actors[m.hit.actor as usize].inter);
            let target_inters: Vec<u8> = c
                .mentions
                .iter()
                .filter(|m| m.role == Role::Target)
                .map(|m| lex.actors[m.hit.actor as usize].inter)
                .collect();
            for t in &c.triggers {
                let sub = match t.code {
                    Code::Sub(s) => {
                        let name = tax.info(s).sub_event_type.as_str();
                        if matches!(
                            name,
                            "Government regains territory" | "Non-state actor overtakes territory"
                        ) {
                            match rules::territory::by_agent(agent_inter) {
                                Some(n) if n != name => {
                                    rules_applied
                                        .push(format!("territory change typed by its agent: {n}"));
                                    tax.id(n)
                                }
                                _ => s,
                            }
                        } else {
                            s
                        }
                    }
                    Code::Stop => continue,
                    Code::Attack => {
                        if rules::attack_target::is_armed_clash(
                            &target_inters,
                            c.military,
                            c.civilian,
                        ) {
                            tax.id("Armed clash")
                        } else {
                            tax.id("Attack")
                        }
                    }
                };
                candidates.push((sub, t.strength != Strength::Weak, ci, *t));
            }
        }
        // Protest refinement.
        let riot = tax.id("Violent demonstration");
        if candidates
            .iter()
            .any(|c| (protest_ids.contains(&c.0) || c.0 == riot) && c.1)
        {
            // Clashes, attacks and destruction around a protest or a riot are the protest
            // turning violent or being repressed, not separate battles.
            let absorbed =
                ["Armed clash", "Attack", "Looting/property destruction"].map(|n| tax.id(n));
            if candidates
                .iter()
                .any(|c| c.1 && (c.0 == absorbed[0] || c.0 == absorbed[2]))
            {
                protest_ctx.violent = true;
            }
            candidates.retain(|c| !absorbed.contains(&c.0));
            let (name, rule) = rules::protest::refine(protest_ctx);
            let refined = tax.id(name);
            for c in candidates.iter_mut() {
                if protest_ids.contains(&c.0) {
                    c.0 = refined;
                }
            }
            if let Some(r) = rule {
                rules_applied.push(r.to_owned());
            }
        }
        let any_actor = cluster
            .clauses
            .iter()
            .any(|&ci| !clauses[ci].mentions.is_empty());
        let only_violence = candidates
            .iter()
            .all(|c| tax.event_type(c.0) != "Strategic developments");
        if !candidates.iter().any(|c| c.1) && !any_actor && only_violence {
            // Only generic words ("killed", "explosion") and nobody doing them: no event.
            return None;
        }
        // Reported deaths make the event political violence: a strong non-violent trigger in
        // the same event (`set fire to houses` beside `killed 12 civilians`) does not outvote
        // the violence.
        let deaths = cluster
            .clauses
            .iter()
            .any(|&ci| clauses[ci].reports.iter().any(|r| r.value > 0));
        let strategic = |s: Sub| tax.event_type(s) == "Strategic developments";
        if deaths && candidates.iter().any(|c| !strategic(c.0)) {
            candidates.retain(|c| !strategic(c.0));
        }
        let pairs: Vec<(Sub, bool)> = candidates.iter().map(|c| (c.0, c.1)).collect();
        let (sub, concurrent_note) = rules::concurrent::collapse(&pairs, tax)?;
        if let Some(n) = &concurrent_note {
            rules_applied.push(n.clone());
        }
        let info = tax.info(sub);
        let any_strong = candidates.iter().any(|c| c.1);
        let main = candidates
            .iter()
            .find(|c| c.0 == sub && (c.1 || !any_strong))
            .or(candidates.first())?;
        let main_clause = &clauses[main.2];

        // Actors: the first clause with an agent fills the slots, later clauses the gaps.
        let mut side1: Vec<(&Mention, usize)> = Vec::new();
        let mut side2: Vec<(&Mention, usize)> = Vec::new();
        let mut order: Vec<usize> = vec![main.2];
        order.extend(cluster.clauses.iter().copied().filter(|&c| c != main.2));
        for &ci in &order {
            for m in &clauses[ci].mentions {
                let name = &lex.actors[m.hit.actor as usize].name;
                let used = side1
                    .iter()
                    .chain(&side2)
                    .any(|(x, _)| lex.actors[x.hit.actor as usize].name == *name);
                if used {
                    continue;
                }
                let side = if m.role == Role::Agent {
                    &mut side1
                } else {
                    &mut side2
                };
                let open = if ci == main.2 {
                    side.len() < 2
                } else {
                    side.is_empty()
                };
                if open {
                    side.push((m, ci));
                }
            }
        }
        if side1.is_empty() && side2.len() >= 2 {
            // "clashes between X and Y", "ont opposé X à Y": symmetric, first named is actor 1.
            side1.push(side2.remove(0));
        }
        let actor = |m: Option<&(&Mention, usize)>| -> (Option<String>, Option<u8>, Option<Span>) {
            let Some((m, _)) = m else {
                return (None, None, None);
            };
            let def = &lex.actors[m.hit.actor as usize];
            let name = actor_name(&def.name, country.as_deref());
            let inter = rules::external::inter(def.inter, def.home.as_deref(), iso.as_deref());
            let span = tok_span(text, tokens, offsets, m.hit.start..m.hit.end);
            (Some(name), Some(inter), span)
        };
        let (mut actor1, mut inter1, mut a1span) = actor(side1.first());
        let (assoc1, _, _) = actor(side1.get(1));
        let (actor2, inter2, a2span) = actor(side2.first());
        let (assoc2, _, _) = actor(side2.get(1));
        if inter1 == Some(8) || inter2 == Some(8) {
            rules_applied.push(
                "state forces outside their country coded as External/Other forces (inter 8)"
                    .into(),
            );
        }
        if actor1.is_none()
            && info.disorder_type.starts_with("Political violence")
            && info.event_type != "Protests"
        {
            actor1 = Some(actor_name(
                "Unidentified Armed Group ({country})",
                country.as_deref(),
            ));
            inter1 = Some(3);
            a1span = None;
            rules_applied.push("no agent named: Unidentified Armed Group".into());
        }
        // ACLED names the crowd of every demonstration: `Protesters (Country)` (inter 6) for
        // protests, `Rioters (Country)` (inter 5) for riots, when the text names nobody
        // (`Plusieurs milliers de personnes ont manifesté`).
        if actor1.is_none() && matches!(info.event_type.as_str(), "Protests" | "Riots") {
            let (name, inter) = if info.event_type == "Riots" {
                ("Rioters ({country})", 5)
            } else {
                ("Protesters ({country})", 6)
            };
            actor1 = Some(actor_name(name, country.as_deref()));
            inter1 = Some(inter);
            a1span = None;
            rules_applied.push(format!(
                "no crowd named: {} (the demonstrators)",
                name.replace(" ({country})", "")
            ));
        }
        let interaction = match (inter1, inter2) {
            (Some(a), Some(b)) => Some(u16::from(a.min(b)) * 10 + u16::from(a.max(b))),
            (Some(a), None) => Some(u16::from(a) * 10),
            _ => None,
        };
        let civilian_targeting = (inter2 == Some(7)
            || info.event_type == "Violence against civilians")
            .then(|| "Civilian targeting".to_owned());

        // Fatalities: the lowest of the killed reports.
        let reports: Vec<&Report> = cluster
            .clauses
            .iter()
            .flat_map(|&ci| &clauses[ci].reports)
            .collect();
        let low = reports.iter().min_by_key(|r| r.value);
        let fatalities = low.map_or(0, |r| r.value);
        let distinct: std::collections::BTreeSet<u32> = reports.iter().map(|r| r.value).collect();
        if distinct.len() > 1 {
            rules_applied.push(format!(
                "conflicting fatality reports ({}): lowest kept",
                distinct
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let fat_clause = low.and_then(|r| {
            cluster
                .clauses
                .iter()
                .find(|&&ci| clauses[ci].reports.iter().any(|x| std::ptr::eq(x, *r)))
        });

        // Date.
        let date_expr = cluster
            .clauses
            .iter()
            .filter_map(|&ci| clauses[ci].date.as_ref())
            .find(|d| d.date.is_some() || d.needs_publication);
        let (event_date, precision) = match (
            date_expr.and_then(|d| d.date.map(|x| (x, d.precision))),
            published,
        ) {
            (Some((d, p)), _) => (Some(d), p),
            (None, Some(p)) if date_expr.is_none() => {
                rules_applied
                    .push("no date in the text: publication date, time precision 2".into());
                (Some(p), 2)
            }
            _ => {
                *missing_pub = true;
                (None, date_expr.map_or(3, |d| d.precision))
            }
        };

        // Attribution: from the clause with the fatality report, else the main one, else any.
        let attr_clause = fat_clause
            .map(|&ci| &clauses[ci])
            .filter(|c| c.attribution.is_some())
            .or(Some(main_clause).filter(|c| c.attribution.is_some()))
            .or_else(|| {
                cluster
                    .clauses
                    .iter()
                    .map(|&ci| &clauses[ci])
                    .find(|c| c.attribution.is_some())
            });
        let attribution = attr_clause
            .and_then(|c| c.attribution.clone())
            .and_then(|r| tok_span(text, tokens, offsets, r));

        let place_span = place.and_then(|(p, _)| span(text, offsets, p.bytes.clone()));
        let agent_in_text = a1span.is_some();
        let evidence = Evidence {
            sentence: span(text, offsets, main_clause.sentence.clone()),
            trigger: tok_span(text, tokens, offsets, main.3.start..main.3.end),
            actor1: a1span,
            actor2: a2span,
            place: place_span,
            date: date_expr.and_then(|d| tok_span(text, tokens, offsets, d.toks.clone())),
            fatalities: low.and_then(|r| tok_span(text, tokens, offsets, r.toks.clone())),
            attribution: attribution.clone(),
        };

        let (location, admin1, lat, lon, geo_precision) = match place {
            Some((p, inherited)) => {
                let m = p.mention;
                if inherited {
                    rules_applied
                        .push("no place in the sentence: nearest preceding place used".into());
                }
                let precision = if p.is_broad() {
                    3
                } else {
                    m.precision.clamp(1, 3)
                };
                (
                    Some(m.name.clone()),
                    m.admin1.clone(),
                    m.lat,
                    m.lon,
                    Some(precision),
                )
            }
            None => (None, None, None, None, None),
        };

        let mut confidence: f32 = if any_strong { 0.55 } else { 0.35 };
        confidence += if agent_in_text { 0.1 } else { 0.0 };
        confidence += if place.is_some_and(|(_, inh)| !inh) {
            0.1
        } else if place.is_some() {
            0.05
        } else {
            0.0
        };
        confidence += if date_expr.is_some() { 0.1 } else { 0.0 };
        confidence += if low.is_some() { 0.05 } else { 0.0 };
        let confidence = confidence.min(0.95);

        let notes = notes(
            &info.sub_event_type,
            actor1.as_deref(),
            actor2.as_deref(),
            location.as_deref(),
            country.as_deref(),
            event_date,
            fatalities,
            attribution.as_ref().map(|s| s.text.as_str()),
            concurrent_note.as_deref(),
        );

        let strong_count = candidates.iter().filter(|c| c.1).count() as f32;
        let first_clause = cluster.clauses.first().copied().unwrap_or(0) as f32;
        let salience = info.rank as f32 / 100.0
            + strong_count.min(4.0) * 0.5
            + cluster.clauses.len().min(5) as f32 * 0.3
            + if fatalities > 0 { 1.0 } else { 0.0 }
            + if actor1.is_some() && actor2.is_some() {
                0.5
            } else {
                0.0
            }
            - first_clause * 0.05;

        let event = Event {
            event_id: String::new(),
            event_date: event_date.map(|d| d.to_string()),
            year: event_date.map(|d| i32::from(d.year())),
            time_precision: precision,
            disorder_type: info.disorder_type.clone(),
            event_type: info.event_type.clone(),
            sub_event_type: info.sub_event_type.clone(),
            actor1,
            assoc_actor_1: assoc1,
            inter1,
            actor2,
            assoc_actor_2: assoc2,
            inter2,
            interaction,
            civilian_targeting,
            iso: iso.clone(),
            country,
            admin1,
            admin2: None,
            location,
            latitude: lat,
            longitude: lon,
            geo_precision,
            source: input.outlet.map(str::to_owned),
            notes,
            fatalities,
            attribution,
            evidence,
            rules: dedup(rules_applied),
            confidence,
        };
        Some((salience, event))
    }
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    v.retain(|s| seen.insert(s.clone()));
    v
}

/// Fills `{country}` in a templated actor name, or drops the placeholder when unknown.
fn actor_name(template: &str, country: Option<&str>) -> String {
    match country {
        Some(c) => template.replace("{country}", c),
        None => template
            .replace(" ({country})", "")
            .replace(" of {country}", "")
            .replace("{country}", ""),
    }
}

/// Clause ranges of a sentence: split before clause cues ("alors que", "while") and after `;`.
fn clause_ranges(
    scan: &Scan,
    tokens: &[Token],
    text: &str,
    tr: &Range<usize>,
) -> Vec<Range<usize>> {
    let mut cuts: Vec<usize> = scan
        .cues
        .iter()
        .filter(|c| c.cue == Cue::Clause && c.start > tr.start)
        .map(|c| c.start)
        .collect();
    for i in tr.start..tr.end.saturating_sub(1) {
        let gap = text.get(tokens[i].end..tokens[i + 1].start).unwrap_or("");
        if gap.contains(';') {
            cuts.push(i + 1);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut start = tr.start;
    for c in cuts {
        if c > start && c < tr.end {
            out.push(start..c);
            start = c;
        }
    }
    out.push(start..tr.end);
    out
}

/// Places with valid offsets, converted to byte ranges, in text order.
fn usable_places<'a>(
    places: &'a [PlaceMention],
    text: &str,
    offsets: &CharOffsets,
) -> Vec<Place<'a>> {
    let n_chars = offsets.char_of(text.len());
    let mut out: Vec<Place> = places
        .iter()
        .filter(|p| p.start < p.end && p.end <= n_chars)
        .map(|p| {
            let bytes = offsets.byte_of(p.start)..offsets.byte_of(p.end);
            Place {
                mention: p,
                dateline: is_dateline(text, &bytes),
                bytes,
            }
        })
        .collect();
    out.sort_by_key(|p| p.bytes.start);
    out
}

/// Whether the place at `bytes` opens a wire-story dateline: written in capitals, first on its
/// line (after symbols), and followed by a comma, a dash or an agency in parentheses.
fn is_dateline(text: &str, bytes: &Range<usize>) -> bool {
    let name = &text[bytes.clone()];
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 || name.chars().any(char::is_lowercase) {
        return false;
    }
    let line_start = text[..bytes.start].rfind('\n').map_or(0, |i| i + 1);
    let first_on_line = !text[line_start..bytes.start]
        .chars()
        .any(char::is_alphanumeric);
    let after = text[bytes.end..].trim_start_matches([' ', '\u{a0}']);
    first_on_line && after.starts_with([',', '(', '-', '–', '—'])
}

/// The nearest place before byte `at`, preferring one that is not a whole country or wider.
fn preceding_place(places: &[Place], at: usize) -> Option<usize> {
    let before = || {
        places
            .iter()
            .enumerate()
            .filter(|(_, p)| p.bytes.end <= at)
            .rev()
    };
    before()
        .find(|(_, p)| !p.is_broad())
        .or_else(|| before().next())
        .map(|(i, _)| i)
}

/// A schema span from a byte range (code-point offsets, text = the slice).
fn span(text: &str, offsets: &CharOffsets, bytes: Range<usize>) -> Option<Span> {
    let slice = text.get(bytes.clone())?;
    Some(Span {
        start: offsets.char_of(bytes.start),
        end: offsets.char_of(bytes.end),
        text: slice.to_owned(),
    })
}

fn tok_span(
    text: &str,
    tokens: &[Token],
    offsets: &CharOffsets,
    toks: Range<usize>,
) -> Option<Span> {
    if toks.start >= toks.end || toks.end > tokens.len() {
        return None;
    }
    span(
        text,
        offsets,
        tokens[toks.start].start..tokens[toks.end - 1].end,
    )
}

/// The generated English notes line.
fn notes(
    sub: &str,
    actor1: Option<&str>,
    actor2: Option<&str>,
    location: Option<&str>,
    country: Option<&str>,
    date: Option<Date>,
    fatalities: u32,
    attribution: Option<&str>,
    rule: Option<&str>,
) -> String {
    let mut s = String::new();
    if let Some(d) = date {
        s.push_str(&format!("On {d}, "));
    }
    s.push_str(sub);
    if let Some(a) = actor1 {
        s.push_str(&format!(" by {a}"));
    }
    if let Some(b) = actor2 {
        s.push_str(&format!(" against {b}"));
    }
    match (location, country) {
        (Some(l), Some(c)) => s.push_str(&format!(" in {l} ({c})")),
        (Some(l), None) => s.push_str(&format!(" in {l}")),
        _ => {}
    }
    s.push_str(&format!(". {fatalities} fatalities"));
    if let Some(a) = attribution {
        s.push_str(&format!(" according to {a}"));
    }
    s.push('.');
    if let Some(r) = rule {
        s.push_str(&format!(" {r}."));
    }
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => s,
    }
}
