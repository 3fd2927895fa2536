//! Is a row a valid ACLED row? [`validate`] is the one check, run by the tests over the output
//! of every development file (`sitrep-core/tests/acled_rows.rs`) and by anyone who wants to
//! check a row before handing it on.
//!
//! The rules are ACLED's codebook, not sitrep's choices:
//! - every event has an `actor1`, and an actor has an inter code (1–8) exactly when it is named;
//! - `actor1` and `actor2` are different actors (a crowd clashing with itself is one actor);
//! - ACLED's generic actor names carry one inter code: state forces (`Military Forces of X`,
//!   `Police Forces of X`) are 1, or 8 outside their country; `Unidentified Armed Group (X)` is
//!   3; `Rioters (X)` 5; `Protesters (X)` 6; `Civilians (X)` 7;
//! - `interaction` is the two inter codes, lower first (`13`), or inter1 × 10 with no actor 2;
//! - the civilian-targeting column holds `Civilian targeting` or nothing, on a type that can
//!   carry it: Violence against civilians (always), Explosions/Remote violence, Riots and
//!   Excessive force against protesters. Battles are between armed actors; protests and
//!   strategic developments do not target.

use std::fmt;

use crate::acled::AcledRow;

/// The value of the civilian-targeting column when it is set.
pub const CIVILIAN_TARGETING: &str = "Civilian targeting";

/// ACLED's generic actor names (a prefix of the name) and the inter codes they allow.
const GENERIC_ACTORS: [(&str, &[u8]); 6] = [
    ("Military Forces", &[1, 8]),
    ("Police Forces", &[1, 8]),
    ("Unidentified Armed Group", &[3]),
    ("Rioters", &[5]),
    ("Protesters", &[6]),
    ("Civilians", &[7]),
];

/// Event types whose rows may carry the civilian-targeting flag.
const TARGETING_EVENT_TYPES: [&str; 3] = [
    "Violence against civilians",
    "Explosions/Remote violence",
    "Riots",
];
/// A sub-event type of another event type that may carry it.
const TARGETING_SUB_EVENT_TYPE: &str = "Excessive force against protesters";
/// The event type whose rows always carry it.
const ALWAYS_TARGETING: &str = "Violence against civilians";

/// One reason a row is not a valid ACLED row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// `actor1` is missing or blank.
    NoActor1,
    /// `actor1` and `actor2` name the same actor.
    SameActors(String),
    /// An actor without an inter code, or an inter code without an actor (`column` is
    /// `inter1` or `inter2`).
    InterWithoutActor { column: &'static str },
    /// An inter code outside ACLED's 1–8.
    UnknownInter { column: &'static str, code: u8 },
    /// A generic actor name with an inter code it cannot have.
    InterContradictsName {
        column: &'static str,
        name: String,
        code: u8,
    },
    /// `interaction` is not what `inter1` and `inter2` give.
    Interaction {
        expected: Option<u16>,
        found: Option<u16>,
    },
    /// The civilian-targeting column on a type that cannot carry it, or an unknown value.
    CivilianTargeting {
        value: String,
        sub_event_type: String,
    },
    /// A Violence against civilians row without the civilian-targeting flag.
    MissingCivilianTargeting,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NoActor1 => write!(f, "actor1 is empty"),
            Problem::SameActors(a) => write!(f, "actor1 and actor2 are the same actor ({a})"),
            Problem::InterWithoutActor { column } => {
                write!(f, "{column} is set exactly when its actor is not")
            }
            Problem::UnknownInter { column, code } => {
                write!(f, "{column} = {code} is not an ACLED inter code (1-8)")
            }
            Problem::InterContradictsName { column, name, code } => {
                write!(f, "{column} = {code} contradicts the actor name {name:?}")
            }
            Problem::Interaction { expected, found } => write!(
                f,
                "interaction {} does not follow from inter1/inter2 (expected {})",
                found.map_or("empty".into(), |n| n.to_string()),
                expected.map_or("empty".into(), |n| n.to_string()),
            ),
            Problem::CivilianTargeting {
                value,
                sub_event_type,
            } => write!(
                f,
                "civilian_targeting {value:?} on a {sub_event_type} row, which cannot carry it"
            ),
            Problem::MissingCivilianTargeting => {
                write!(
                    f,
                    "a Violence against civilians row without civilian_targeting"
                )
            }
        }
    }
}

/// The problems of a row that make it not a valid ACLED row, named by its event id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRow {
    pub event_id: String,
    pub problems: Vec<Problem>,
}

impl fmt::Display for InvalidRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "event {}: ", self.event_id)?;
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InvalidRow {}

/// The interaction code of two inter codes: the lower first (`13`), or actor 1's alone × 10.
pub fn interaction(inter1: Option<u8>, inter2: Option<u8>) -> Option<u16> {
    let a = u16::from(inter1?);
    Some(match inter2.map(u16::from) {
        Some(b) => a.min(b) * 10 + a.max(b),
        None => a * 10,
    })
}

/// Whether rows of this type may carry the civilian-targeting flag.
pub fn can_target_civilians(event_type: &str, sub_event_type: &str) -> bool {
    TARGETING_EVENT_TYPES.contains(&event_type) || sub_event_type == TARGETING_SUB_EVENT_TYPE
}

/// An actor column's name, `None` when empty or blank.
fn named(actor: Option<&str>) -> Option<&str> {
    actor.map(str::trim).filter(|a| !a.is_empty())
}

/// Checks one row against ACLED's codebook rules (module docs): `Ok` or every problem found.
pub fn validate(row: &AcledRow) -> Result<(), InvalidRow> {
    let mut problems = Vec::new();
    let (actor1, actor2) = (named(row.actor1), named(row.actor2));
    if actor1.is_none() {
        problems.push(Problem::NoActor1);
    }
    if let (Some(a), Some(b)) = (actor1, actor2) {
        if a == b {
            problems.push(Problem::SameActors(a.to_owned()));
        }
    }
    for (column, actor, inter) in [
        ("inter1", actor1, row.inter1),
        ("inter2", actor2, row.inter2),
    ] {
        match (actor, inter) {
            (None, None) => {}
            (Some(_), None) | (None, Some(_)) => {
                problems.push(Problem::InterWithoutActor { column });
            }
            (Some(name), Some(code)) => {
                if !(1..=8).contains(&code) {
                    problems.push(Problem::UnknownInter { column, code });
                } else if let Some((_, allowed)) =
                    GENERIC_ACTORS.iter().find(|(p, _)| name.starts_with(p))
                {
                    if !allowed.contains(&code) {
                        problems.push(Problem::InterContradictsName {
                            column,
                            name: name.to_owned(),
                            code,
                        });
                    }
                }
            }
        }
    }
    let expected = interaction(row.inter1, row.inter2);
    if row.interaction != expected {
        problems.push(Problem::Interaction {
            expected,
            found: row.interaction,
        });
    }
    match row.civilian_targeting.filter(|v| !v.is_empty()) {
        Some(v)
            if v != CIVILIAN_TARGETING
                || !can_target_civilians(row.event_type, row.sub_event_type) =>
        {
            problems.push(Problem::CivilianTargeting {
                value: v.to_owned(),
                sub_event_type: row.sub_event_type.to_owned(),
            });
        }
        None if row.event_type == ALWAYS_TARGETING => {
            problems.push(Problem::MissingCivilianTargeting);
        }
        _ => {}
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(InvalidRow {
            event_id: row.event_id_cnty.to_owned(),
            problems,
        })
    }
}

#[cfg(test)]
mod tests {
    use sitrep_schema::Event;

    use super::*;

    /// A valid row: an Islamic State attack on the Syrian army.
    fn clash() -> Event {
        Event {
            event_id: "doc-1".into(),
            disorder_type: "Political violence".into(),
            event_type: "Battles".into(),
            sub_event_type: "Armed clash".into(),
            actor1: Some("Islamic State".into()),
            inter1: Some(2),
            actor2: Some("Military Forces of Syria".into()),
            inter2: Some(1),
            interaction: Some(12),
            ..Event::default()
        }
    }

    fn problems(ev: &Event) -> Vec<Problem> {
        validate(&AcledRow::new(ev, None, 0))
            .err()
            .map_or(Vec::new(), |e| e.problems)
    }

    #[test]
    fn a_valid_row_passes() {
        assert_eq!(problems(&clash()), []);
        let protest = Event {
            event_type: "Protests".into(),
            sub_event_type: "Peaceful protest".into(),
            actor1: Some("Protesters (Chile)".into()),
            inter1: Some(6),
            actor2: None,
            inter2: None,
            interaction: Some(60),
            ..clash()
        };
        assert_eq!(problems(&protest), []);
        let strike = Event {
            event_type: "Explosions/Remote violence".into(),
            sub_event_type: "Air/drone strike".into(),
            actor1: Some("Military Forces of Russia".into()),
            inter1: Some(8),
            actor2: Some("Civilians (Syria)".into()),
            inter2: Some(7),
            interaction: Some(78),
            civilian_targeting: Some(CIVILIAN_TARGETING.into()),
            ..clash()
        };
        assert_eq!(problems(&strike), []);
    }

    #[test]
    fn an_empty_actor1_is_rejected() {
        for blank in [None, Some(""), Some("  ")] {
            let ev = Event {
                actor1: blank.map(str::to_owned),
                inter1: None,
                interaction: None,
                ..clash()
            };
            assert_eq!(problems(&ev), [Problem::NoActor1], "{blank:?}");
        }
    }

    #[test]
    fn one_actor_on_both_sides_is_rejected() {
        let ev = Event {
            actor1: Some("Rioters (Kenya)".into()),
            inter1: Some(5),
            actor2: Some("Rioters (Kenya)".into()),
            inter2: Some(5),
            interaction: Some(55),
            ..clash()
        };
        assert_eq!(
            problems(&ev),
            [Problem::SameActors("Rioters (Kenya)".into())]
        );
    }

    #[test]
    fn inter_codes_that_contradict_the_names_are_rejected() {
        let police_as_rebels = Event {
            actor2: Some("Police Forces of Mexico".into()),
            inter2: Some(2),
            interaction: Some(22),
            ..clash()
        };
        let row = AcledRow::new(&police_as_rebels, None, 0);
        let err = validate(&row).unwrap_err();
        assert_eq!(
            err.problems,
            [Problem::InterContradictsName {
                column: "inter2",
                name: "Police Forces of Mexico".into(),
                code: 2
            }]
        );
        // The message names the row by the id a user sees in the CSV.
        assert!(err.to_string().starts_with(&format!(
            "event {}: inter2 = 2 contradicts",
            row.event_id_cnty
        )));
        let rebels_unnamed = Event {
            actor1: Some("Unidentified Armed Group (Syria)".into()),
            ..clash()
        };
        assert!(matches!(
            problems(&rebels_unnamed)[..],
            [Problem::InterContradictsName { code: 2, .. }]
        ));
        let foreign_troops = Event {
            actor2: Some("Military Forces of the United States".into()),
            inter2: Some(8),
            interaction: Some(28),
            ..clash()
        };
        assert_eq!(problems(&foreign_troops), []);
        let no_code = Event {
            inter2: None,
            interaction: Some(20),
            ..clash()
        };
        assert_eq!(
            problems(&no_code),
            [Problem::InterWithoutActor { column: "inter2" }]
        );
        let out_of_range = Event {
            actor1: Some("Some Group".into()),
            inter1: Some(9),
            interaction: Some(19),
            ..clash()
        };
        assert_eq!(
            problems(&out_of_range),
            [Problem::UnknownInter {
                column: "inter1",
                code: 9
            }]
        );
    }

    #[test]
    fn the_interaction_follows_from_the_inter_codes() {
        assert_eq!(interaction(Some(2), Some(1)), Some(12));
        assert_eq!(interaction(Some(6), None), Some(60));
        assert_eq!(interaction(None, Some(1)), None);
        let wrong_order = Event {
            interaction: Some(21),
            ..clash()
        };
        assert_eq!(
            problems(&wrong_order),
            [Problem::Interaction {
                expected: Some(12),
                found: Some(21)
            }]
        );
        let missing = Event {
            interaction: None,
            ..clash()
        };
        assert_eq!(problems(&missing).len(), 1);
    }

    #[test]
    fn civilian_targeting_only_where_acled_allows_it() {
        let flagged_clash = Event {
            civilian_targeting: Some(CIVILIAN_TARGETING.into()),
            ..clash()
        };
        assert!(matches!(
            problems(&flagged_clash)[..],
            [Problem::CivilianTargeting { .. }]
        ));
        let odd_value = Event {
            event_type: "Riots".into(),
            sub_event_type: "Mob violence".into(),
            actor1: Some("Rioters (India)".into()),
            inter1: Some(5),
            actor2: Some("Civilians (India)".into()),
            inter2: Some(7),
            interaction: Some(57),
            civilian_targeting: Some("yes".into()),
            ..clash()
        };
        assert!(matches!(
            problems(&odd_value)[..],
            [Problem::CivilianTargeting { .. }]
        ));
        let unflagged_attack = Event {
            disorder_type: "Political violence".into(),
            event_type: "Violence against civilians".into(),
            sub_event_type: "Attack".into(),
            actor2: Some("Civilians (Syria)".into()),
            inter2: Some(7),
            interaction: Some(27),
            ..clash()
        };
        assert_eq!(
            problems(&unflagged_attack),
            [Problem::MissingCivilianTargeting]
        );
        assert!(can_target_civilians(
            "Protests",
            "Excessive force against protesters"
        ));
        assert!(!can_target_civilians("Protests", "Peaceful protest"));
        assert!(!can_target_civilians(
            "Strategic developments",
            "Looting/property destruction"
        ));
    }

    #[test]
    fn every_problem_is_named() {
        let ev = Event {
            event_id: "d-3".into(),
            actor1: None,
            inter1: Some(1),
            interaction: Some(11),
            ..clash()
        };
        let row = AcledRow::new(&ev, None, 0);
        let err = validate(&row).unwrap_err();
        assert_eq!(err.problems.len(), 2, "{err}");
        assert_eq!(
            err.to_string(),
            format!(
                "event {}: actor1 is empty; inter1 is set exactly when its actor is not",
                row.event_id_cnty
            )
        );
    }
}
