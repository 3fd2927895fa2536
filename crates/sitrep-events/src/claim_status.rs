//! Who says so: the claim status of an event and of its fatality figure (schema 1.1).
//!
//! An event is *reported* when the outlet narrates it, *claimed* when its sentence attributes
//! it to a party (the attribution span of [`crate::attribution`] is the claimant), *denied*
//! when a party denies it (a denial cue, not negated, in its sentence or in the next sentence
//! when that one reports nothing itself: "The army denied the claim.") and *unconfirmed* when
//! the outlet hedges (a hedge cue, or a negated confirmation: "officials did not confirm").
//! Denied wins over unconfirmed, unconfirmed over claimed; a hedged claim keeps its claimant.
//! The fatality figure is read the same way in its own clause and kept only when it differs
//! ("the offensive" narrated, "40 dead according to sources close to Hezbollah").
//!
//! A claimant tied to one actor (an actor alias inside the span: "sources proches du
//! Hezbollah", "army sources", or a partisan outlet of `claims.txt`: "Amaq") carries that
//! actor, and its side when the actor is one of the event's.

use std::ops::Range;

use sitrep_schema::{Claim, Claimant, Event, CLAIM_STATUSES};
use sitrep_text::Token;

use crate::attribution;
use crate::candidate::Candidate;
use crate::clause::Clause;
use crate::fatalities::Report;
use crate::lexicon::Cue;
use crate::record::{actor_name, tok_span, Doc};
use crate::scan::Scan;
use crate::stance::Stance;

/// Words between a negation and the cue it negates ("did not *independently* confirm").
const NEGATION_REACH: usize = 3;

/// Confidence taken from an event whose account rests on one of its own sides (its sentence
/// or its fatality figure claimed by a belligerent): a figure only a party to the fight gives
/// is less certain than one the outlet or a neutral source gives (issue 19). About one piece
/// of evidence's worth in [`crate::record`]'s confidence (a date or a place adds 0.1).
pub(crate) const PARTISAN_CLAIM_PENALTY: f32 = 0.1;

/// Confidence taken from an event the outlet itself hedges ("reportedly", "aurait"): as much
/// as a partisan claim, since the outlet says it could not stand behind it.
pub(crate) const UNCONFIRMED_PENALTY: f32 = 0.1;

/// Confidence taken from an event a party denies: the most, since the text itself disputes
/// it; still less than a missing trigger's worth (0.2), because a denial is often the other
/// side's word.
pub(crate) const DENIED_PENALTY: f32 = 0.15;

/// Confidence never goes below this through claims: the event was still coded from the text.
const CONFIDENCE_FLOOR: f32 = 0.05;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Reported,
    Claimed,
    Unconfirmed,
    Denied,
}

impl Status {
    /// The schema's name ([`CLAIM_STATUSES`], in the order `reported`, `claimed`, `denied`,
    /// `unconfirmed`).
    fn name(self) -> &'static str {
        CLAIM_STATUSES[match self {
            Status::Reported => 0,
            Status::Claimed => 1,
            Status::Denied => 2,
            Status::Unconfirmed => 3,
        }]
    }

    fn of(name: &str) -> Status {
        [
            Status::Reported,
            Status::Claimed,
            Status::Denied,
            Status::Unconfirmed,
        ]
        .into_iter()
        .find(|s| s.name() == name)
        .unwrap_or(Status::Reported)
    }
}

/// The reading of one clause: status, claimant tokens and cue tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reading {
    status: Status,
    claimant: Option<Range<usize>>,
    cue: Option<Range<usize>>,
}

/// The token range of the sentence holding byte range `bytes`.
fn sentence_tokens(tokens: &[Token], bytes: &Range<usize>) -> Range<usize> {
    let t0 = tokens.partition_point(|t| t.start < bytes.start);
    let t1 = tokens.partition_point(|t| t.start < bytes.end);
    t0..t1.max(t0)
}

/// Whether a negation cue ends within [`NEGATION_REACH`] words before token `at`.
fn negated(scan: &Scan, at: usize) -> bool {
    let inside_not_negation = |c: &crate::scan::CueHit| {
        scan.cues
            .iter()
            .any(|n| n.cue == Cue::NotNegation && n.start <= c.start && c.end <= n.end)
    };
    scan.cues.iter().any(|c| {
        c.cue == Cue::Negation
            && c.end <= at
            && at - c.end <= NEGATION_REACH
            && !inside_not_negation(c)
    })
}

/// Denial and hedge cues of one sentence: `(denial with its party, hedge)`.
struct Cues {
    denial: Option<(Range<usize>, Option<Range<usize>>)>,
    hedge: Option<Range<usize>>,
}

fn cues(doc: &Doc, sent: &Range<usize>, buf: &mut Vec<sitrep_text::phrase::Hit>) -> Cues {
    let tokens = doc.input.tokens;
    let mut out = Cues {
        denial: None,
        hedge: None,
    };
    let scan = Scan::run(doc.lex, tokens, sent.clone(), buf);
    for h in &scan.stance {
        let r = h.start..h.end;
        match h.stance {
            Stance::Denial if out.denial.is_none() && !negated(&scan, h.start) => {
                let party = attribution::party_of(&scan, tokens, &r, sent);
                out.denial = Some((r, party));
            }
            Stance::Unconfirmed if out.hedge.is_none() => out.hedge = Some(r),
            Stance::Confirm if out.hedge.is_none() && negated(&scan, h.start) => {
                out.hedge = Some(r)
            }
            _ => {}
        }
    }
    out
}

/// The reading of clause `ci`: its sentence, and the next sentence when that one reports
/// nothing itself.
fn read(doc: &Doc, ci: usize, buf: &mut Vec<sitrep_text::phrase::Hit>) -> Reading {
    let clause = &doc.clauses[ci];
    let tokens = doc.input.tokens;
    let own = cues(doc, &sentence_tokens(tokens, &clause.sentence), buf);
    let next = next_silent_sentence(doc.clauses, ci)
        .map(|bytes| cues(doc, &sentence_tokens(tokens, &bytes), buf));
    let denial = own
        .denial
        .or_else(|| next.as_ref().and_then(|n| n.denial.clone()));
    if let Some((cue, party)) = denial {
        return Reading {
            status: Status::Denied,
            claimant: party,
            cue: Some(cue),
        };
    }
    let hedge = own.hedge.or_else(|| next.and_then(|n| n.hedge));
    let claimant = clause.attribution.clone();
    let status = match (&hedge, &claimant) {
        (Some(_), _) => Status::Unconfirmed,
        (None, Some(_)) => Status::Claimed,
        (None, None) => Status::Reported,
    };
    Reading {
        status,
        claimant,
        cue: hedge,
    }
}

/// The byte range of the sentence after clause `ci`'s, when none of its clauses votes for
/// an event (a comment on the report: "The claim could not be independently verified.").
fn next_silent_sentence(clauses: &[Clause], ci: usize) -> Option<Range<usize>> {
    let here = clauses[ci].sentence.start;
    let first = ci
        + clauses[ci..]
            .iter()
            .position(|c| c.sentence.start != here)?;
    let there = clauses[first].sentence.clone();
    let silent = clauses[first..]
        .iter()
        .take_while(|c| c.sentence.start == there.start)
        .all(|c| !c.has_votes());
    silent.then_some(there)
}

/// The claim of an event whose actors are already filled: the main clause's reading, and the
/// fatality figure's when it differs.
pub(crate) fn claim(
    doc: &Doc,
    candidate: &Candidate,
    main_clause: usize,
    low: Option<&Report>,
    event: &Event,
) -> Claim {
    let mut buf = Vec::new();
    let main = read(doc, main_clause, &mut buf);
    let fatality_clause = low.and_then(|r| {
        candidate
            .cluster
            .clauses
            .iter()
            .copied()
            .find(|&ci| doc.clauses[ci].reports.iter().any(|x| std::ptr::eq(x, r)))
    });
    let mut claim = to_schema(doc, &main, event, &mut buf);
    if let Some(fc) = fatality_clause.filter(|&fc| fc != main_clause) {
        let figure = read(doc, fc, &mut buf);
        if figure != main {
            claim.fatalities = Some(Box::new(to_schema(doc, &figure, event, &mut buf)));
        }
    }
    claim
}

fn to_schema(
    doc: &Doc,
    r: &Reading,
    event: &Event,
    buf: &mut Vec<sitrep_text::phrase::Hit>,
) -> Claim {
    let (text, tokens, offsets) = (doc.input.text, doc.input.tokens, doc.offsets);
    let claimant = r.claimant.as_ref().and_then(|c| {
        let span = tok_span(text, tokens, offsets, c.clone())?;
        let actor = claimant_actor(doc, c, event.country.as_deref(), buf);
        let side = actor.as_deref().and_then(|a| side_of(event, a));
        Some(Claimant {
            span,
            actor,
            side: side.map(str::to_owned),
        })
    });
    Claim {
        status: r.status.name().to_owned(),
        claimant,
        cue: r
            .cue
            .as_ref()
            .and_then(|c| tok_span(text, tokens, offsets, c.clone())),
        fatalities: None,
    }
}

/// The actor a claimant is tied to: an actor alias inside its span, else a partisan outlet.
fn claimant_actor(
    doc: &Doc,
    span: &Range<usize>,
    country: Option<&str>,
    buf: &mut Vec<sitrep_text::phrase::Hit>,
) -> Option<String> {
    let tokens = doc.input.tokens;
    let scan = Scan::run(doc.lex, tokens, span.clone(), buf);
    if let Some(a) = scan.actors.first() {
        let def = &doc.lex.actors[a.actor as usize];
        return Some(actor_name(&def.name, country));
    }
    scan.stance.iter().find_map(|h| match h.stance {
        Stance::Media(i) => Some(doc.lex.stance.names[i as usize].clone()),
        _ => None,
    })
}

/// `actor1` or `actor2` when `actor` is on that side of the event.
fn side_of<'e>(event: &'e Event, actor: &str) -> Option<&'static str> {
    let is = |slot: &'e Option<String>| slot.as_deref() == Some(actor);
    if is(&event.actor1) || is(&event.assoc_actor_1) {
        Some("actor1")
    } else if is(&event.actor2) || is(&event.assoc_actor_2) {
        Some("actor2")
    } else {
        None
    }
}

/// What an event's claim takes from its confidence: the largest penalty of the event's and
/// the figure's readings (a claim by a neutral source costs nothing: that is reporting).
pub(crate) fn adjusted_confidence(confidence: f32, claim: &Claim) -> f32 {
    let penalty = |c: &Claim| match Status::of(&c.status) {
        Status::Denied => DENIED_PENALTY,
        Status::Unconfirmed => UNCONFIRMED_PENALTY,
        _ if c.claimant.as_ref().is_some_and(|c| c.side.is_some()) => PARTISAN_CLAIM_PENALTY,
        _ => 0.0,
    };
    let p = penalty(claim).max(claim.fatalities.as_deref().map_or(0.0, penalty));
    if p == 0.0 {
        confidence
    } else {
        (confidence - p).max(CONFIDENCE_FLOOR)
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::events;

    /// The first event's claim, compactly: `status [by claimant (actor, side)] [cue]`, then
    /// `| fatalities: …` when the figure's differs; `none` without an event.
    fn claim(lang: &str, text: &str) -> String {
        let Some(e) = events(lang, text).into_iter().next() else {
            return "none".into();
        };
        fn one(c: &sitrep_schema::Claim) -> String {
            let mut s = c.status.clone();
            if let Some(by) = &c.claimant {
                s.push_str(&format!(" by {}", by.span.text));
                if let Some(a) = &by.actor {
                    s.push_str(&format!(
                        " ({a}, {})",
                        by.side.as_deref().unwrap_or("no side")
                    ));
                }
            }
            if let Some(cue) = &c.cue {
                s.push_str(&format!(" [{}]", cue.text));
            }
            s
        }
        let mut s = one(&e.claim);
        if let Some(f) = &e.claim.fatalities {
            s.push_str(&format!(" | fatalities: {}", one(f)));
        }
        s
    }

    #[test]
    fn english() {
        let c = |t| claim("en", t);
        assert_eq!(
            c("Rebels attacked an army base in the north on Monday, killing five soldiers."),
            "reported"
        );
        assert_eq!(
            c("Rebels attacked an army base on Monday. Five soldiers were killed, witnesses said."),
            "reported | fatalities: claimed by witnesses"
        );
        assert_eq!(
            c("Islamic State fighters attacked an army post on Monday and killed ten soldiers, the Islamic State's Amaq agency said."),
            "claimed by Islamic State's Amaq agency (Islamic State, actor1)"
        );
        assert_eq!(
            c("Rebels reportedly attacked an army base on Monday, killing five soldiers."),
            "unconfirmed [reportedly]"
        );
        assert_eq!(
            c("Rebels attacked an army base on Monday, killing five soldiers. The toll could not be independently verified."),
            "unconfirmed [could not be independently verified]"
        );
        assert_eq!(
            c("Rebels said they shot down an army helicopter on Monday. The army denied the claim."),
            "denied by army (Military Forces, actor2) [denied]"
        );
        // Negated: not a denial, and a confirmation that did not come.
        assert_eq!(
            c("Rebels attacked an army base on Monday. The army did not deny the attack."),
            "reported"
        );
        assert_eq!(
            c("Rebels attacked an army base on Monday. Officials did not confirm the attack."),
            "unconfirmed [confirm]"
        );
    }

    #[test]
    fn french() {
        let c = |t| claim("fr", t);
        assert_eq!(
            c("Les rebelles ont attaqué une base de l'armée lundi, tuant cinq soldats."),
            "reported"
        );
        assert_eq!(
            c("Les rebelles ont attaqué une base de l'armée lundi. Selon des sources proches de l'armée, cinq soldats ont été tués."),
            "reported | fatalities: claimed by sources proches de l'armée (Military Forces, actor2)"
        );
        assert_eq!(
            c("Les rebelles auraient attaqué une base de l'armée lundi, tuant cinq soldats."),
            "unconfirmed [auraient]"
        );
        assert_eq!(
            c("Les rebelles ont affirmé avoir abattu un hélicoptère de l'armée lundi. L'armée a démenti."),
            "denied by armée (Military Forces, actor2) [a démenti]"
        );
        assert_eq!(
            c("Les rebelles ont attaqué une base de l'armée lundi. L'armée n'a pas démenti l'attaque."),
            "reported"
        );
        assert_eq!(
            c("Les rebelles ont attaqué une base de l'armée lundi. Les autorités n'ont pas confirmé l'attaque."),
            "unconfirmed [confirmé]"
        );
    }

    #[test]
    fn spanish() {
        let c = |t| claim("es", t);
        assert_eq!(
            c("Los rebeldes atacaron una base del ejército el lunes y mataron a cinco soldados."),
            "reported"
        );
        assert_eq!(
            c("Los rebeldes atacaron una base del ejército el lunes. Cinco soldados murieron, según fuentes del ejército."),
            "reported | fatalities: claimed by fuentes del ejército (Military Forces, actor2)"
        );
        assert_eq!(
            c("Los rebeldes presuntamente atacaron una base del ejército el lunes y mataron a cinco soldados."),
            "unconfirmed [presuntamente]"
        );
        assert_eq!(
            c("Los rebeldes atacaron una base del ejército el lunes. El ejército negó el ataque."),
            "denied by ejército (Military Forces, actor2) [negó]"
        );
        assert_eq!(
            c("Los rebeldes atacaron una base del ejército el lunes. El ejército no negó el ataque."),
            "reported"
        );
        assert_eq!(
            c("Los rebeldes atacaron una base del ejército el lunes. Las autoridades no confirmaron el ataque."),
            "unconfirmed [confirmaron]"
        );
    }

    #[test]
    fn arabic() {
        let c = |t| claim("ar", t);
        assert_eq!(
            c("هاجم المتمردون قاعدة للجيش يوم الاثنين وقتلوا خمسة جنود."),
            "reported"
        );
        assert_eq!(
            c("هاجم المتمردون قاعدة للجيش يوم الاثنين. وقتل خمسة جنود بحسب مصادر عسكرية."),
            "reported | fatalities: claimed by مصادر عسكرية"
        );
        assert_eq!(
            c("يُزعم أن المتمردين هاجموا قاعدة للجيش يوم الاثنين وقتلوا خمسة جنود."),
            "unconfirmed [يُزعم]"
        );
        assert_eq!(
            c("هاجم المتمردون قاعدة للجيش يوم الاثنين وقتلوا خمسة جنود. ولم يتسن التحقق من الحصيلة بشكل مستقل."),
            "unconfirmed [بشكل مستقل]"
        );
        assert_eq!(
            c("هاجم المتمردون قاعدة للجيش يوم الاثنين. ونفى الجيش وقوع الهجوم."),
            "denied by الجيش (Military Forces, actor2) [ونفى]"
        );
        assert_eq!(
            c("هاجم المتمردون قاعدة للجيش يوم الاثنين. ولم ينف الجيش الهجوم."),
            "reported"
        );
    }

    #[test]
    fn confidence_drops_with_a_partisan_or_doubtful_account() {
        use super::*;
        let reported = Claim::default();
        assert_eq!(adjusted_confidence(0.8, &reported), 0.8);
        let by = |side: Option<&str>| Claim {
            status: Status::Claimed.name().into(),
            claimant: Some(Claimant {
                span: sitrep_schema::Span {
                    start: 0,
                    end: 1,
                    text: "x".into(),
                },
                actor: side.map(|_| "Hezbollah".into()),
                side: side.map(str::to_owned),
            }),
            ..Claim::default()
        };
        // A neutral source is reporting; a belligerent's figure costs confidence.
        assert_eq!(adjusted_confidence(0.8, &by(None)), 0.8);
        let figure = Claim {
            fatalities: Some(Box::new(by(Some("actor2")))),
            ..Claim::default()
        };
        assert!((adjusted_confidence(0.8, &figure) - (0.8 - PARTISAN_CLAIM_PENALTY)).abs() < 1e-6);
        let denied = Claim {
            status: Status::Denied.name().into(),
            ..Claim::default()
        };
        assert!((adjusted_confidence(0.8, &denied) - (0.8 - DENIED_PENALTY)).abs() < 1e-6);
        assert_eq!(adjusted_confidence(0.1, &denied), CONFIDENCE_FLOOR);
    }
}
