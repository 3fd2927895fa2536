//! Per-language lexicons: the data files under `data/lang/<code>/` parsed into one
//! [`Matcher`] per language whose payload says what each pattern is (trigger, actor alias, cue,
//! number word, date word). File formats are documented in `data/lang/README.md`.

use crate::matcher::Matcher;
use crate::taxonomy::{fields, Inter, SubEventType};

/// What a trigger codes before the context rules run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Code {
    Sub(SubEventType),
    /// A generic attack: Armed clash against armed targets, Attack against civilians.
    Attack,
    /// A stop phrase (`-` in `triggers.txt`): a longer phrase that is not a trigger but hides
    /// the shorter ones inside it (`riot police`, `liberation army`).
    Stop,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Strength {
    Weak,
    Strong,
    /// A weapon platform (`warplanes`, `hélicoptères de combat`): strong for the type, and the
    /// actor next to it is the agent.
    Instrument,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cue {
    AttributionPre,
    AttributionPost,
    /// Who reports news (`police`, `officials`, `witnesses`, `médecins`): a lowercase phrase
    /// before `said` with one of these is a source, not an actor.
    SourceNoun,
    Negation,
    Modality,
    Hedge,
    Boilerplate,
    Clause,
    Passive,
    Agent,
    Target,
    Of,
    Approx,
    Killed,
    Wounded,
    Casualties,
    Zero,
    Unit,
    /// A word that measures the number after it (`aged 45`, `âgé de 45`).
    UnitBefore,
    Civilian,
    Military,
    ProtestIntervention,
    /// A protest that ended on its own (`before dispersing`, `s'est dispersé dans le calme`):
    /// the intervention cue inside it (`dispers*`) does not count.
    ProtestCalm,
    ProtestLethal,
    ProtestViolent,
    NonEvent,
    Diplomacy,
    Disrupt,
    Establish,
    BaseNoun,
    AgreeVerb,
    AgreeNoun,
    Det,
    /// Two sides facing each other: `between A and B`, `opposé A à B`, `entre A y B`. The
    /// first actor after it is actor 1, the next actor 2.
    Opposition,
    /// A claim, accusation or allegation: what follows it in the clause is not reported as fact.
    Claim,
    /// Introduces a background event (`amid`, `following`, `in retaliation for`).
    Background,
    /// Weapons and munitions, the object of a discovery or seizure.
    WeaponNoun,
    /// Taking a place: `captured`, `seized`, `took control of`.
    CaptureVerb,
    /// A place that can change hands: `town`, `village`, `base`, `district`.
    TerritoryNoun,
}

impl Cue {
    fn parse(s: &str) -> Option<Cue> {
        Some(match s {
            "attribution_pre" => Cue::AttributionPre,
            "attribution_post" => Cue::AttributionPost,
            "source_noun" => Cue::SourceNoun,
            "negation" => Cue::Negation,
            "modality" => Cue::Modality,
            "hedge" => Cue::Hedge,
            "boilerplate" => Cue::Boilerplate,
            "clause" => Cue::Clause,
            "passive" => Cue::Passive,
            "agent" => Cue::Agent,
            "target" => Cue::Target,
            "of" => Cue::Of,
            "approx" => Cue::Approx,
            "killed" => Cue::Killed,
            "wounded" => Cue::Wounded,
            "casualties" => Cue::Casualties,
            "zero" => Cue::Zero,
            "unit" => Cue::Unit,
            "unit_before" => Cue::UnitBefore,
            "civilian" => Cue::Civilian,
            "military" => Cue::Military,
            "protest_intervention" => Cue::ProtestIntervention,
            "protest_calm" => Cue::ProtestCalm,
            "protest_lethal" => Cue::ProtestLethal,
            "protest_violent" => Cue::ProtestViolent,
            "non_event" => Cue::NonEvent,
            "diplomacy" => Cue::Diplomacy,
            "disrupt" => Cue::Disrupt,
            "establish" => Cue::Establish,
            "base_noun" => Cue::BaseNoun,
            "agree_verb" => Cue::AgreeVerb,
            "agree_noun" => Cue::AgreeNoun,
            "det" => Cue::Det,
            "opposition" => Cue::Opposition,
            "claim" => Cue::Claim,
            "background" => Cue::Background,
            "weapon_noun" => Cue::WeaponNoun,
            "capture_verb" => Cue::CaptureVerb,
            "territory_noun" => Cue::TerritoryNoun,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumMode {
    Exact,
    Approx,
    Multiplier,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateWord {
    Month(u8),
    /// ISO weekday, 1 = Monday.
    Weekday(u8),
    Relative {
        days: i32,
        precision: u8,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct ActorDef {
    /// ACLED-style name; `{country}` is replaced by the event's country.
    pub name: String,
    pub inter: Inter,
    /// Home country of state forces (for the external-forces rule).
    pub home: Option<String>,
    /// Must be capitalised in the text.
    pub cap: bool,
    /// A nationality adjective: only an actor next to a military noun or as a capitalised
    /// plural (`les Américains`).
    pub demonym: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entry {
    Trigger(Code, Strength),
    Actor(u16),
    Cue(Cue),
    Number(u32, NumMode),
    Date(DateWord),
}

#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    pub matcher: Matcher<Entry>,
    pub actors: Vec<ActorDef>,
}

/// The data files of one language.
pub(crate) struct LangFiles {
    pub code: &'static str,
    pub triggers: &'static str,
    pub actors: &'static str,
    pub cues: &'static str,
    pub numbers: &'static str,
    pub dates: &'static str,
}

macro_rules! lang_files {
    ($code:literal) => {
        LangFiles {
            code: $code,
            triggers: include_str!(concat!("../data/lang/", $code, "/triggers.txt")),
            actors: include_str!(concat!("../data/lang/", $code, "/actors.txt")),
            cues: include_str!(concat!("../data/lang/", $code, "/cues.txt")),
            numbers: include_str!(concat!("../data/lang/", $code, "/numbers.txt")),
            dates: include_str!(concat!("../data/lang/", $code, "/dates.txt")),
        }
    };
}

/// The languages shipped, in the closed registry the coder loads.
pub(crate) const LANGS: [LangFiles; 4] = [
    lang_files!("en"),
    lang_files!("fr"),
    lang_files!("es"),
    lang_files!("ar"),
];

fn bad(lang: &str, file: &str, n: usize, what: &str) -> ! {
    panic!("data/lang/{lang}/{file}:{}: {what}", n + 1)
}

impl Lexicon {
    /// Parses one language. The files are compiled in, so a malformed line is a bug caught by
    /// the crate's tests; the panic names the file and line.
    pub fn parse(files: &LangFiles) -> Lexicon {
        let lang = files.code;
        let mut lex = Lexicon::default();
        for (n, line) in files.triggers.lines().enumerate() {
            let Some(f) = fields(line) else { continue };
            if f.len() != 3 {
                bad(lang, "triggers.txt", n, "expected 3 fields");
            }
            let code = if f[1] == "@attack" {
                Code::Attack
            } else if f[1] == "-" {
                Code::Stop
            } else {
                match SubEventType::from_name(f[1]) {
                    Some(s) => Code::Sub(s),
                    None => bad(lang, "triggers.txt", n, "unknown sub-event type"),
                }
            };
            let strength = match f[2] {
                "strong" => Strength::Strong,
                "weak" => Strength::Weak,
                "instrument" => Strength::Instrument,
                _ => bad(
                    lang,
                    "triggers.txt",
                    n,
                    "strength must be strong|weak|instrument",
                ),
            };
            lex.matcher.add(f[0], Entry::Trigger(code, strength));
        }
        for (n, line) in files.actors.lines().enumerate() {
            let Some(f) = fields(line) else { continue };
            if f.len() != 5 {
                bad(lang, "actors.txt", n, "expected 5 fields");
            }
            let Some(inter) = f[2].parse().ok().and_then(Inter::from_code) else {
                bad(lang, "actors.txt", n, "inter must be 1-8")
            };
            let id = lex.actors.len() as u16;
            lex.actors.push(ActorDef {
                name: f[1].to_owned(),
                inter,
                home: (f[3] != "-").then(|| f[3].to_owned()),
                cap: f[4].split(',').any(|x| x == "cap"),
                demonym: f[4].split(',').any(|x| x == "demonym"),
            });
            lex.matcher.add(f[0], Entry::Actor(id));
        }
        for (n, line) in files.cues.lines().enumerate() {
            let Some(f) = fields(line) else { continue };
            let cue = match (f.len(), f.get(1).and_then(|k| Cue::parse(k))) {
                (2, Some(c)) => c,
                _ => bad(
                    lang,
                    "cues.txt",
                    n,
                    "expected `pattern | kind` with a known kind",
                ),
            };
            lex.matcher.add(f[0], Entry::Cue(cue));
        }
        for (n, line) in files.numbers.lines().enumerate() {
            let Some(f) = fields(line) else { continue };
            let value: u32 = match (f.len(), f.get(1).and_then(|v| v.parse().ok())) {
                (3, Some(v)) => v,
                _ => bad(lang, "numbers.txt", n, "expected `pattern | value | mode`"),
            };
            let mode = match f[2] {
                "exact" => NumMode::Exact,
                "approx" => NumMode::Approx,
                "multiplier" => NumMode::Multiplier,
                _ => bad(
                    lang,
                    "numbers.txt",
                    n,
                    "mode must be exact|approx|multiplier",
                ),
            };
            lex.matcher.add(f[0], Entry::Number(value, mode));
        }
        for (n, line) in files.dates.lines().enumerate() {
            let Some(f) = fields(line) else { continue };
            if f.len() != 3 {
                bad(lang, "dates.txt", n, "expected 3 fields");
            }
            let mut v = f[2].split_whitespace().map(str::parse::<i32>);
            let word = match (f[1], v.next(), v.next()) {
                ("month", Some(Ok(m @ 1..=12)), None) => DateWord::Month(m as u8),
                ("weekday", Some(Ok(d @ 1..=7)), None) => DateWord::Weekday(d as u8),
                ("relative", Some(Ok(days)), Some(Ok(p @ 1..=3))) => DateWord::Relative {
                    days,
                    precision: p as u8,
                },
                _ => bad(lang, "dates.txt", n, "bad date entry"),
            };
            lex.matcher.add(f[0], Entry::Date(word));
        }
        lex
    }
}
