//! Actor mentions and their roles. Aliases come from `actors.txt`; a demonym counts only next
//! to a military noun ("hélicoptères de combat américains", "US troops") or as a capitalised
//! plural ("les Américains"); a generic mention followed by "de/of" + a named actor ("les
//! terroristes de Daech") is the named actor. Roles follow clause structure: a target marker
//! ("contre", "against", "on") before the mention makes it the target, an agent marker ("par",
//! "by") the agent, a genitive right after a nominal trigger ("l'offensive de X") the agent;
//! coordinated mentions share the role of the first; otherwise mentions before the reference
//! trigger are agents (targets in the passive) and mentions after it targets. Two sides named
//! after an opposition cue (`between A and B`, `opposé A à B`) are agent and target in order.

use std::ops::Range;

use sitrep_text::Token;

use crate::clause::Clause;
use crate::lexicon::{Cue, Lexicon, Strength};
use crate::scan::{ActorHit, Scan, TriggerHit};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Agent,
    Target,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Mention {
    pub hit: ActorHit,
    pub role: Role,
}

const BACK_WINDOW: usize = 6;

fn is_templated(lex: &Lexicon, a: u16) -> bool {
    lex.actors[a as usize].name.contains("{country}")
}

/// Valid actor mentions of `clause`, outside the `exclude` token range (the attribution).
pub(crate) fn mentions(
    lex: &Lexicon,
    scan: &Scan,
    tokens: &[Token],
    clause: &Range<usize>,
    exclude: Option<&Range<usize>>,
    sentence_start: usize,
) -> Vec<ActorHit> {
    let mut out: Vec<ActorHit> = Vec::new();
    for a in &scan.actors {
        if !clause.contains(&a.start) || a.end > clause.end {
            continue;
        }
        if exclude.is_some_and(|x| x.contains(&a.start)) {
            continue;
        }
        let def = &lex.actors[a.actor as usize];
        let tok = &tokens[a.start];
        if def.cap && !(tok.capitalized && a.start != sentence_start) && !tok.all_caps {
            continue;
        }
        if def.demonym {
            let near_military = scan.cues.iter().any(|c| {
                c.cue == Cue::Military
                    && ((c.end <= a.start && a.start - c.end <= 2)
                        || (c.start >= a.end && c.start - a.end <= 1))
            });
            let plural_noun =
                tok.capitalized && tok.norm.ends_with('s') && a.start != sentence_start;
            if !(near_military || plural_noun) {
                continue;
            }
        }
        out.push(*a);
    }
    // "les terroristes de Daech", "Islamic State fighters": the generic mention gives way to
    // the named one it describes.
    let named: Vec<ActorHit> = out.clone();
    out.retain(|a| {
        !(is_templated(lex, a.actor)
            && named.iter().any(|b| {
                !is_templated(lex, b.actor)
                    && ((b.start > a.end
                        && b.start - a.end <= 2
                        && (a.end..b.start)
                            .all(|t| scan.cue_at(Cue::Of, t) || scan.cue_at(Cue::Det, t)))
                        || b.end == a.start)
            }))
    });
    out
}

/// The trigger roles are read against: the first non-instrument trigger, else the first.
pub(crate) fn reference<'t>(
    mut triggers: impl Iterator<Item = &'t TriggerHit> + Clone,
) -> Option<&'t TriggerHit> {
    triggers
        .clone()
        .find(|t| t.strength != Strength::Instrument)
        .or_else(|| triggers.next())
}

pub(crate) fn roles(
    hits: &[ActorHit],
    scan: &Scan,
    clause: &Range<usize>,
    reference: Option<&TriggerHit>,
) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::with_capacity(hits.len());
    for h in hits {
        let role = marked_role(h, scan, clause, reference, &out).unwrap_or_else(|| {
            match reference {
                Some(t) if h.end <= t.start => {
                    let passive = scan.cues.iter().any(|c| {
                        c.cue == Cue::Passive
                            && c.end <= t.start
                            && t.start - c.end <= 1
                            && c.start >= h.end
                    });
                    if passive {
                        Role::Target
                    } else {
                        Role::Agent
                    }
                }
                Some(t) if h.start >= t.end => {
                    let genitive = (t.end..h.start)
                        .any(|k| scan.cue_at(Cue::Of, k) || scan.cue_at(Cue::Agent, k))
                        && (t.end..h.start).all(|k| {
                            scan.cue_at(Cue::Of, k)
                                || scan.cue_at(Cue::Det, k)
                                || scan.cue_at(Cue::Agent, k)
                        });
                    if genitive {
                        Role::Agent
                    } else {
                        Role::Target
                    }
                }
                // Inside an instrument trigger or with no trigger: the doer.
                _ => Role::Agent,
            }
        });
        out.push(Mention { hit: *h, role });
    }
    // `clashes between A and B`, `des combats ont opposé A à B`: two sides, in order.
    if let Some(c) = scan
        .cues
        .iter()
        .find(|c| c.cue == Cue::Opposition && clause.contains(&c.start))
    {
        let after: Vec<usize> = (0..out.len())
            .filter(|&i| out[i].hit.start >= c.end)
            .collect();
        if let [first, second, ..] = after[..] {
            out[first].role = Role::Agent;
            out[second].role = Role::Target;
        }
    }
    out
}

/// The role set by a marker or a coordinated previous mention in the words before `h`.
fn marked_role(
    h: &ActorHit,
    scan: &Scan,
    clause: &Range<usize>,
    reference: Option<&TriggerHit>,
    previous: &[Mention],
) -> Option<Role> {
    let from = h.start.saturating_sub(BACK_WINDOW).max(clause.start);
    for k in (from..h.start).rev() {
        if let Some(p) = previous
            .iter()
            .rev()
            .find(|p| p.hit.start <= k && k < p.hit.end)
        {
            return Some(p.role);
        }
        // A verb or noun of the event between two mentions ends the coordination
        // (`la coalition … a tué six civils`).
        if reference.is_some_and(|t| t.start <= k && k < t.end)
            || scan.triggers.iter().any(|t| t.start <= k && k < t.end)
        {
            return None;
        }
        for c in &scan.cues {
            if c.start <= k && k < c.end && c.end <= h.start {
                match c.cue {
                    Cue::Target => return Some(Role::Target),
                    Cue::Agent => return Some(Role::Agent),
                    _ => {}
                }
            }
        }
    }
    None
}

/// An event's actor slots: side 1 (agents: actor 1 and an associated actor) and side 2
/// (targets). The main clause fills up to two per side, the other clauses of the event only
/// an empty side; an actor already placed is not placed again. With no agent and two targets
/// ("clashes between X and Y", "ont opposé X à Y"), the sides are symmetric and the first
/// named is actor 1.
pub(crate) fn sides<'c>(
    lex: &Lexicon,
    clauses: &'c [Clause],
    members: &[usize],
    main: usize,
) -> (Vec<&'c Mention>, Vec<&'c Mention>) {
    let mut side1: Vec<&Mention> = Vec::new();
    let mut side2: Vec<&Mention> = Vec::new();
    let name = |m: &Mention| lex.actors[m.hit.actor as usize].name.as_str();
    let order = std::iter::once(main).chain(members.iter().copied().filter(|&c| c != main));
    for ci in order {
        for m in &clauses[ci].mentions {
            if side1.iter().chain(&side2).any(|x| name(x) == name(m)) {
                continue;
            }
            let side = if m.role == Role::Agent {
                &mut side1
            } else {
                &mut side2
            };
            let open = if ci == main {
                side.len() < 2
            } else {
                side.is_empty()
            };
            if open {
                side.push(m);
            }
        }
    }
    if side1.is_empty() && side2.len() >= 2 {
        side1.push(side2.remove(0));
    }
    (side1, side2)
}
