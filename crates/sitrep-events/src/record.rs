//! Fourth stage: the record. A decided candidate becomes an ACLED-style [`Event`]: actors in
//! their slots (with the external-forces, unidentified-armed-group and crowd rules), the
//! interaction and civilian-targeting columns, fatalities (the lowest report), date, source
//! attribution, location, the evidence span of every field, the notes line, a confidence and
//! the salience that orders a document's events.

use std::collections::HashSet;
use std::ops::Range;

use jiff::civil::Date;
use sitrep_schema::{Event, Evidence, Span};
use sitrep_text::{CharOffsets, Token};

use crate::actors::{self, Mention};
use crate::candidate::Candidate;
use crate::claim_status;
use crate::clause::Clause;
use crate::dates::DateExpr;
use crate::decision::Decision;
use crate::fatalities::Report;
use crate::lexicon::Lexicon;
use crate::place::Place;
use crate::rules;
use crate::rules::undated::EventDate;
use crate::taxonomy::{Countries, Inter, SubEventType};
use crate::EventInput;

/// What the record step reads of the document, shared by its events.
pub(crate) struct Doc<'a> {
    pub input: &'a EventInput<'a>,
    pub lex: &'a Lexicon,
    pub countries: &'a Countries,
    pub clauses: &'a [Clause],
    pub places: &'a [Place<'a>],
    pub offsets: &'a CharOffsets<'a>,
    pub published: Option<Date>,
}

/// A coded event and how it ranks among the document's events.
pub(crate) struct Record {
    pub event: Event,
    /// Higher is more salient: the type's rank, specific words, clauses, deaths, two actors,
    /// earliness.
    pub salience: f32,
    /// A date in the text needed the publication date the document lacks.
    pub missing_publication: bool,
}

/// An actor column with its inter code and, when the text names it, its span.
struct Actor {
    name: String,
    inter: Inter,
    span: Option<Span>,
}

/// The actor columns of an event.
struct Actors {
    actor1: Option<Actor>,
    assoc1: Option<Actor>,
    actor2: Option<Actor>,
    assoc2: Option<Actor>,
}

/// The location columns of an event.
#[derive(Default)]
struct Location {
    name: Option<String>,
    admin1: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    precision: Option<u8>,
}

impl Location {
    fn of(p: &Place) -> Location {
        Location {
            name: Some(p.mention.name.clone()),
            admin1: p.mention.admin1.clone(),
            lat: p.mention.lat,
            lon: p.mention.lon,
            precision: Some(rules::location::geo_precision(p)),
        }
    }
}

/// Builds the event of a decided candidate; `None` when it has no actor 1 (ACLED codes no row
/// without one: a strategic development with no usual actor, nobody named and no armed men in
/// its clauses, such as a business "agreement", is not an event, rule `acting_force`).
pub(crate) fn record(doc: &Doc, candidate: &Candidate, decision: &Decision) -> Option<Record> {
    let (text, tokens, offsets) = (doc.input.text, doc.input.tokens, doc.offsets);
    let cluster = candidate.cluster;
    let sub = decision.sub;
    let main = &candidate.votes[decision.main];
    let main_clause = &doc.clauses[main.clause];
    let mut notes: Vec<String> = candidate.notes.clone();
    notes.extend(decision.note.clone());

    let place = cluster.place.map(|p| (&doc.places[p.index], p.inherited));
    let iso = place.and_then(|(p, _)| p.mention.country_code.clone());
    let country = iso
        .as_deref()
        .and_then(|c| doc.countries.name(c))
        .map(str::to_owned);
    let actors = actors(
        doc,
        candidate,
        main.clause,
        sub,
        iso.as_deref(),
        country.as_deref(),
        &mut notes,
    );
    actors.actor1.as_ref()?;
    let inter1 = actors.actor1.as_ref().map(|a| a.inter);
    let inter2 = actors.actor2.as_ref().map(|a| a.inter);

    let Facts {
        low,
        date_expr,
        date,
        attribution,
    } = facts(doc, candidate, main_clause, &mut notes);
    let fatalities = low.map_or(0, |r| r.value);

    let location = place.map_or_else(Location::default, |(p, inherited)| {
        if inherited {
            notes.push(rules::location::INHERITED_NOTE.into());
        }
        Location::of(p)
    });
    let evidence = Evidence {
        sentence: span(text, offsets, main_clause.sentence.clone()),
        trigger: tok_span(text, tokens, offsets, main.hit.start..main.hit.end),
        actor1: actors.actor1.as_ref().and_then(|a| a.span.clone()),
        actor2: actors.actor2.as_ref().and_then(|a| a.span.clone()),
        place: place.and_then(|(p, _)| span(text, offsets, p.bytes.clone())),
        date: date_expr.and_then(|d| tok_span(text, tokens, offsets, d.toks.clone())),
        fatalities: low.and_then(|r| tok_span(text, tokens, offsets, r.toks.clone())),
        attribution: attribution.clone(),
    };
    let found = Found {
        strong: candidate.counting().any(|v| v.strong()),
        agent: evidence.actor1.is_some(),
        place: place.map(|(_, inherited)| inherited),
        date: date_expr.is_some(),
        fatalities: low.is_some(),
    };
    let salience = salience(
        sub,
        candidate,
        fatalities,
        actors.actor1.is_some() && actors.actor2.is_some(),
    );

    let mut event = Event {
        event_id: String::new(),
        event_date: date.date.map(|d| d.to_string()),
        year: date.date.map(|d| i32::from(d.year())),
        time_precision: date.precision,
        disorder_type: sub.disorder_type().name().to_owned(),
        event_type: sub.event_type().name().to_owned(),
        sub_event_type: sub.name().to_owned(),
        actor1: actors.actor1.map(|a| a.name),
        assoc_actor_1: actors.assoc1.map(|a| a.name),
        inter1: inter1.map(Inter::code),
        actor2: actors.actor2.map(|a| a.name),
        assoc_actor_2: actors.assoc2.map(|a| a.name),
        inter2: inter2.map(Inter::code),
        interaction: inter1.map(|a| Inter::interaction(a, inter2)),
        civilian_targeting: rules::civilian_targeting::flag(sub, inter2),
        iso,
        country,
        admin1: location.admin1,
        admin2: None,
        location: location.name,
        latitude: location.lat,
        longitude: location.lon,
        geo_precision: location.precision,
        source: doc.input.outlet.map(str::to_owned),
        notes: String::new(),
        fatalities,
        attribution,
        evidence,
        rules: dedup(notes),
        confidence: decision.confidence.unwrap_or_else(|| found.confidence()),
        claim: Default::default(),
    };
    event.claim = claim_status::claim(doc, candidate, main.clause, low, &event);
    event.confidence = claim_status::adjusted_confidence(event.confidence, &event.claim);
    event.notes = notes_line(&event, decision.note.as_deref());
    Some(Record {
        event,
        salience,
        missing_publication: date.missing_publication,
    })
}

/// The fatality report, date and attribution of an event.
struct Facts<'d> {
    /// The lowest killed report.
    low: Option<&'d Report>,
    /// The first date expression of the event's clauses that dates it (or needed a
    /// publication date to).
    date_expr: Option<&'d DateExpr>,
    date: EventDate,
    attribution: Option<Span>,
}

fn facts<'d>(
    doc: &'d Doc,
    candidate: &Candidate,
    main_clause: &'d Clause,
    notes: &mut Vec<String>,
) -> Facts<'d> {
    let members = || candidate.cluster.clauses.iter().map(|&ci| &doc.clauses[ci]);
    let all: Vec<&Report> = members().flat_map(|c| &c.reports).collect();
    let reports: Vec<&Report> = all.iter().copied().filter(|r| !r.cumulative).collect();
    if reports.len() < all.len() {
        notes.push(rules::cumulative::NOTE.into());
    }
    let (low, fatality_note) = rules::lowest_fatalities::lowest(&reports);
    notes.extend(fatality_note);
    let fatality_clause =
        low.and_then(|r| members().find(|c| c.reports.iter().any(|x| std::ptr::eq(x, r))));

    let date_expr = members()
        .filter_map(|c| c.date.as_ref())
        .find(|d| d.date.is_some() || d.needs_publication);
    let date = rules::undated::event_date(date_expr, doc.published);
    if date.from_publication {
        notes.push(rules::undated::NOTE.into());
    }

    // Attribution: from the clause with the fatality report, else the main one, else any.
    let attributed = |c: &&Clause| c.attribution.is_some();
    let attribution = fatality_clause
        .filter(attributed)
        .or(Some(main_clause).filter(attributed))
        .or_else(|| members().find(attributed))
        .and_then(|c| c.attribution.clone())
        .and_then(|r| tok_span(doc.input.text, doc.input.tokens, doc.offsets, r));
    Facts {
        low,
        date_expr,
        date,
        attribution,
    }
}

/// The actors in their slots, with the rules that name or recode them.
fn actors(
    doc: &Doc,
    candidate: &Candidate,
    main_clause: usize,
    sub: SubEventType,
    iso: Option<&str>,
    country: Option<&str>,
    notes: &mut Vec<String>,
) -> Actors {
    let (side1, side2) = actors::sides(
        doc.lex,
        doc.clauses,
        &candidate.cluster.clauses,
        main_clause,
    );
    let actor = |m: &&Mention| {
        let def = &doc.lex.actors[m.hit.actor as usize];
        let (text, tokens, offsets) = (doc.input.text, doc.input.tokens, doc.offsets);
        Actor {
            name: actor_name(&def.name, country),
            inter: rules::external::inter(def.inter, def.home.as_deref(), iso),
            span: tok_span(text, tokens, offsets, m.hit.start..m.hit.end),
        }
    };
    let mut actors = Actors {
        actor1: side1.first().map(actor),
        assoc1: side1.get(1).map(actor),
        actor2: side2.first().map(actor),
        assoc2: side2.get(1).map(actor),
    };
    let external = |a: &Option<Actor>| a.as_ref().is_some_and(|a| a.inter == Inter::ExternalForces);
    if external(&actors.actor1) || external(&actors.actor2) {
        notes.push(rules::external::NOTE.into());
    }
    // Who stands in for an actor 1 the text does not name, and the rule's sentence.
    let stand_in = if actors.actor1.is_some() {
        None
    } else if rules::unidentified::applies(sub) {
        Some((
            rules::unidentified::ACTOR,
            rules::unidentified::NOTE.to_owned(),
        ))
    } else if let Some(crowd) = rules::crowd::actor(sub) {
        Some((crowd, rules::crowd::note(crowd.0)))
    } else {
        // Armed men nobody names: a named side (actor 2) becomes actor 1 below instead.
        let armed = actors.actor2.is_none()
            && candidate
                .cluster
                .clauses
                .iter()
                .any(|&ci| doc.clauses[ci].military);
        rules::acting_force::actor(sub, armed).map(|a| (a, rules::acting_force::note(a.0)))
    };
    if let Some(((template, inter), note)) = stand_in {
        actors.actor1 = Some(Actor {
            name: actor_name(template, country),
            inter,
            span: None,
        });
        notes.push(note);
    } else if actors.actor1.is_none() {
        // The only side the text names is the one that acts.
        actors.actor1 = actors.actor2.take();
        actors.assoc1 = actors.assoc2.take();
    }
    one_per_name(&mut actors);
    actors
}

/// One actor per name: two mentions (or a stand-in rule and a mention) that come out with the
/// same name are one actor, in its first slot, with the text's span; the next actor of the
/// side moves up ("gunmen" met by "unidentified gunmen" is one unidentified armed group, a
/// crowd marching with itself one crowd). ACLED never codes an actor against itself.
fn one_per_name(actors: &mut Actors) {
    let mut slots = [
        actors.actor1.take(),
        actors.assoc1.take(),
        actors.actor2.take(),
        actors.assoc2.take(),
    ];
    for i in 1..slots.len() {
        let Some(later) = slots[i].take() else {
            continue;
        };
        match slots[..i]
            .iter_mut()
            .flatten()
            .find(|a| a.name == later.name)
        {
            Some(first) => {
                if first.span.is_none() {
                    first.span = later.span;
                }
            }
            None => slots[i] = Some(later),
        }
    }
    let [a1, s1, a2, s2] = slots;
    let (actor1, assoc1) = if a1.is_some() { (a1, s1) } else { (s1, None) };
    let (actor2, assoc2) = if a2.is_some() { (a2, s2) } else { (s2, None) };
    *actors = Actors {
        actor1,
        assoc1,
        actor2,
        assoc2,
    };
}

/// What the record found, scored into a confidence.
struct Found {
    /// A specific trigger voted.
    strong: bool,
    /// The text names actor 1.
    agent: bool,
    /// The event has a place: `Some(inherited)`.
    place: Option<bool>,
    date: bool,
    fatalities: bool,
}

impl Found {
    /// 0.35 to 0.9: a specific trigger counts most, then a named agent, the clause's own place
    /// and a date, then an inherited place and a fatality report (the 0.95 ceiling is not
    /// reached by today's sum).
    fn confidence(&self) -> f32 {
        let mut confidence: f32 = if self.strong { 0.55 } else { 0.35 };
        confidence += if self.agent { 0.1 } else { 0.0 };
        confidence += match self.place {
            Some(false) => 0.1,
            Some(true) => 0.05,
            None => 0.0,
        };
        confidence += if self.date { 0.1 } else { 0.0 };
        confidence += if self.fatalities { 0.05 } else { 0.0 };
        confidence.min(0.95)
    }
}

/// Orders a document's events: the type's rank, specific words (up to 4), clauses (up to 5),
/// deaths and two named sides raise it; each clause before the event's first lowers it a little.
fn salience(sub: SubEventType, candidate: &Candidate, fatalities: u32, two_sides: bool) -> f32 {
    let strong_count = candidate.counting().filter(|v| v.strong()).count() as f32;
    let clauses = &candidate.cluster.clauses;
    let first_clause = clauses.first().copied().unwrap_or(0) as f32;
    sub.rank() as f32 / 100.0
        + strong_count.min(4.0) * 0.5
        + clauses.len().min(5) as f32 * 0.3
        + if fatalities > 0 { 1.0 } else { 0.0 }
        + if two_sides { 0.5 } else { 0.0 }
        - first_clause * 0.05
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    v.retain(|s| seen.insert(s.clone()));
    v
}

/// Fills `{country}` in a templated actor name, or drops the placeholder when unknown.
pub(crate) fn actor_name(template: &str, country: Option<&str>) -> String {
    match country {
        Some(c) => template.replace("{country}", c),
        None => template
            .replace(" ({country})", "")
            .replace(" of {country}", "")
            .replace("{country}", ""),
    }
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

/// A schema span from a token range.
pub(crate) fn tok_span(
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

/// The generated English notes line of an event; `rule` is the concurrent-tactics sentence.
fn notes_line(e: &Event, rule: Option<&str>) -> String {
    let mut s = String::new();
    if let Some(d) = &e.event_date {
        s.push_str(&format!("On {d}, "));
    }
    s.push_str(&e.sub_event_type);
    if let Some(a) = &e.actor1 {
        s.push_str(&format!(" by {a}"));
    }
    if let Some(b) = &e.actor2 {
        s.push_str(&format!(" against {b}"));
    }
    match (&e.location, &e.country) {
        (Some(l), Some(c)) => s.push_str(&format!(" in {l} ({c})")),
        (Some(l), None) => s.push_str(&format!(" in {l}")),
        _ => {}
    }
    s.push_str(&format!(". {} fatalities", e.fatalities));
    if let Some(a) = &e.attribution {
        s.push_str(&format!(" according to {}", a.text));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templated_names() {
        assert_eq!(
            actor_name("Military Forces of {country}", Some("Mali")),
            "Military Forces of Mali"
        );
        assert_eq!(
            actor_name("Military Forces of {country}", None),
            "Military Forces"
        );
        assert_eq!(actor_name("Protesters ({country})", None), "Protesters");
    }

    #[test]
    fn confidence_bounds() {
        let none = Found {
            strong: false,
            agent: false,
            place: None,
            date: false,
            fatalities: false,
        };
        assert!((none.confidence() - 0.35).abs() < 1e-6);
        let all = Found {
            strong: true,
            agent: true,
            place: Some(false),
            date: true,
            fatalities: true,
        };
        assert!((all.confidence() - 0.9).abs() < 1e-6);
    }

    #[test]
    fn rule_sentences_are_kept_once_in_order() {
        let v = ["b", "a", "b", "c", "a"].map(String::from).to_vec();
        assert_eq!(dedup(v), ["b", "a", "c"]);
    }
}
