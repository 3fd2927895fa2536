//! Per-language lexicons: the data files under `data/lang/<code>/` (one folder per language of
//! the registry with lexicons, `sitrep_text::registry`) parsed with the project's one data-file
//! parser (`sitrep_text::lexicon`) into one phrase matcher (`sitrep_text::phrase`) per
//! language, whose payload says what each pattern is (trigger, actor alias, cue, number word,
//! date word). File contents are documented in `data/lang/README.md`.

use sitrep_text::lexicon::{parse, Entry as Line, Fold, LexiconError, Section};
use sitrep_text::phrase::{Crossing, Matcher};

use crate::stance::{Stance, StanceLexicon};
use crate::taxonomy::{Inter, SubEventType};

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
    /// A complementiser (`that`, `que`, `أن`): an attributed source ends before it ("قال مصدر
    /// أمني إن …": the source is `مصدر أمني`).
    That,
    /// Who reports news (`police`, `officials`, `witnesses`, `médecins`): a lowercase phrase
    /// before `said` with one of these is a source, not an actor.
    SourceNoun,
    Negation,
    /// A phrase with a negation or modal word in it that negates or conditions nothing (`not
    /// only`, `لا يزال` "still", `no sólo`, `entre sí`): the cue inside it does not count.
    NotNegation,
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
    /// A period: the killed report next to it is a cumulative toll (`since the start of`, `au
    /// cours des dernières`).
    Cumulative,
    /// A noun whose complement or modifier names it rather than locates an event (`accords de
    /// X`, `the X agreement`): a place there is not an event's location.
    NameNoun,
    /// Weapons and munitions, the object of a discovery or seizure.
    WeaponNoun,
    /// Taking a place: `captured`, `seized`, `took control of`.
    CaptureVerb,
    /// A place that can change hands: `town`, `village`, `base`, `district`.
    TerritoryNoun,
    /// A call, demand, appeal or threat (`called for`, `exigió`, `appelle à`, `طالب`): what
    /// follows it in its clause is what is asked for, not a reported event (rule `modality`).
    Appeal,
    /// A firing verb (`أطلق`, `فتح`) and its object (`النار`, `نيران`) a few words apart, the
    /// subject between them: a generic attack (rule `combos`).
    FireVerb,
    FireNoun,
}

impl Cue {
    fn parse(s: &str) -> Option<Cue> {
        Some(match s {
            "attribution_pre" => Cue::AttributionPre,
            "attribution_post" => Cue::AttributionPost,
            "source_noun" => Cue::SourceNoun,
            "negation" => Cue::Negation,
            "not_negation" => Cue::NotNegation,
            "that" => Cue::That,
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
            "cumulative" => Cue::Cumulative,
            "name_noun" => Cue::NameNoun,
            "weapon_noun" => Cue::WeaponNoun,
            "capture_verb" => Cue::CaptureVerb,
            "territory_noun" => Cue::TerritoryNoun,
            "appeal" => Cue::Appeal,
            "fire_verb" => Cue::FireVerb,
            "fire_noun" => Cue::FireNoun,
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
    /// A claim or framing cue (`claims.txt`).
    Stance(Stance),
}

#[derive(Debug)]
pub(crate) struct Lexicon {
    pub matcher: Matcher<Entry>,
    pub actors: Vec<ActorDef>,
    /// What the claim and framing cues (`claims.txt`, in `matcher` as [`Entry::Stance`])
    /// name: partisan outlets' actors, label concepts.
    pub stance: StanceLexicon,
}

/// The data files of one language.
pub(crate) struct LangFiles {
    pub code: &'static str,
    pub triggers: &'static str,
    pub actors: &'static str,
    pub cues: &'static str,
    pub numbers: &'static str,
    pub dates: &'static str,
    pub claims: &'static str,
}

macro_rules! lang_files {
    ($($code:literal),*) => {
        [$(LangFiles {
            code: $code,
            triggers: include_str!(concat!("../data/lang/", $code, "/triggers.txt")),
            actors: include_str!(concat!("../data/lang/", $code, "/actors.txt")),
            cues: include_str!(concat!("../data/lang/", $code, "/cues.txt")),
            numbers: include_str!(concat!("../data/lang/", $code, "/numbers.txt")),
            dates: include_str!(concat!("../data/lang/", $code, "/dates.txt")),
            claims: include_str!(concat!("../data/lang/", $code, "/claims.txt")),
        }),*]
    };
}

/// The languages shipped: every registry language with lexicons, in registry order.
pub(crate) const LANGS: [LangFiles; 4] = sitrep_text::lexicon_languages!(lang_files);

/// Reads the entries of one of a language's files, each with `n` fields, into `add`; an error
/// names the file and line.
pub(crate) fn read(
    lang: &str,
    name: &str,
    src: &str,
    n: usize,
    mut add: impl FnMut(&Line) -> Result<(), String>,
) -> Result<(), LexiconError> {
    let file = format!("data/lang/{lang}/{name}");
    for e in parse(&file, src, &[Section::new("", n)])? {
        add(&e).map_err(|message| e.error(message))?;
    }
    Ok(())
}

fn trigger(f: &[&str]) -> Result<Entry, String> {
    let code = match f[1] {
        "@attack" => Code::Attack,
        "-" => Code::Stop,
        sub => Code::Sub(SubEventType::from_name(sub).ok_or("unknown sub-event type")?),
    };
    let strength = match f[2] {
        "strong" => Strength::Strong,
        "weak" => Strength::Weak,
        "instrument" => Strength::Instrument,
        _ => return Err("strength must be strong|weak|instrument".into()),
    };
    Ok(Entry::Trigger(code, strength))
}

fn actor(f: &[&str]) -> Result<ActorDef, String> {
    let Some(inter) = f[2].parse().ok().and_then(Inter::from_code) else {
        return Err("inter must be 1-8".into());
    };
    Ok(ActorDef {
        name: f[1].to_owned(),
        inter,
        home: (f[3] != "-").then(|| f[3].to_owned()),
        cap: f[4].split(',').any(|x| x == "cap"),
        demonym: f[4].split(',').any(|x| x == "demonym"),
    })
}

fn number(f: &[&str]) -> Result<Entry, String> {
    let value: u32 = f[1].parse().map_err(|_| "the value must be a number")?;
    let mode = match f[2] {
        "exact" => NumMode::Exact,
        "approx" => NumMode::Approx,
        "multiplier" => NumMode::Multiplier,
        _ => return Err("mode must be exact|approx|multiplier".into()),
    };
    Ok(Entry::Number(value, mode))
}

fn date(f: &[&str]) -> Result<Entry, String> {
    let mut v = f[2].split_whitespace().map(str::parse::<i32>);
    let word = match (f[1], v.next(), v.next()) {
        ("month", Some(Ok(m @ 1..=12)), None) => DateWord::Month(m as u8),
        ("weekday", Some(Ok(d @ 1..=7)), None) => DateWord::Weekday(d as u8),
        ("relative", Some(Ok(days)), Some(Ok(p @ 1..=3))) => DateWord::Relative {
            days,
            precision: p as u8,
        },
        _ => return Err("bad date entry".into()),
    };
    Ok(Entry::Date(word))
}

impl Lexicon {
    /// Parses one language. The files are compiled in, so an error is a bug caught by the
    /// crate's tests; the panic names the file and line.
    pub fn parse(files: &LangFiles) -> Lexicon {
        Lexicon::try_parse(files).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Parses one language; an error names the file and line.
    pub fn try_parse(files: &LangFiles) -> Result<Lexicon, LexiconError> {
        let lang = files.code;
        let mut matcher = Matcher::new(Fold::Key, Crossing::Words);
        let mut actors = Vec::new();
        read(lang, "triggers.txt", files.triggers, 3, |e| {
            matcher.add(e.key(), trigger(&e.fields)?);
            Ok(())
        })?;
        read(lang, "actors.txt", files.actors, 5, |e| {
            let id = actors.len() as u16;
            actors.push(actor(&e.fields)?);
            matcher.add(e.key(), Entry::Actor(id));
            Ok(())
        })?;
        read(lang, "cues.txt", files.cues, 2, |e| {
            let cue = Cue::parse(e.fields[1]).ok_or("unknown cue kind")?;
            matcher.add(e.key(), Entry::Cue(cue));
            Ok(())
        })?;
        read(lang, "numbers.txt", files.numbers, 3, |e| {
            matcher.add(e.key(), number(&e.fields)?);
            Ok(())
        })?;
        read(lang, "dates.txt", files.dates, 3, |e| {
            matcher.add(e.key(), date(&e.fields)?);
            Ok(())
        })?;
        // In the same matcher: one pass over a sentence finds every kind of entry (a matcher
        // of their own cost a second pass over every token, 8 % of the whole record).
        let stance = StanceLexicon::parse(lang, files.claims, &mut matcher)?;
        Ok(Lexicon {
            matcher,
            actors,
            stance,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(cues: &'static str) -> LangFiles {
        LangFiles {
            code: "xx",
            triggers: "",
            actors: "",
            cues,
            numbers: "",
            dates: "",
            claims: "",
        }
    }

    #[test]
    fn every_shipped_lexicon_parses() {
        for f in &LANGS {
            let lex = Lexicon::try_parse(f).unwrap_or_else(|e| panic!("{e}"));
            assert!(lex.matcher.len() > 100, "{}", f.code);
        }
    }

    #[test]
    fn malformed_lines_and_unknown_kinds_name_the_file_and_line() {
        let err = |cues| Lexicon::try_parse(&files(cues)).unwrap_err().to_string();
        assert_eq!(
            err("# comment\nselon | attribution_pre\nsaid | nonsense\n"),
            "data/lang/xx/cues.txt:3: unknown cue kind"
        );
        assert!(
            err("said\n").starts_with("data/lang/xx/cues.txt:1: expected 2 field"),
            "{}",
            err("said\n")
        );
        assert!(err("[section]\nsaid | hedge\n").contains("cues.txt:1: unknown section"));
    }
}
