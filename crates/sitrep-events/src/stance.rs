//! The claim and framing cues of a language (`data/lang/<code>/claims.txt`: `pattern | kind |
//! value`, documented in `data/lang/README.md`): hedges, denials, confirmations, partisan
//! media, loaded labels with their tone, designations, naming verbs, proxy and accusation
//! phrases, speculation. They join the language's one matcher ([`crate::lexicon`]), so the
//! sentence scan ([`crate::scan::Scan::stance`]) finds them in the same pass as the triggers;
//! read by [`crate::claim_status`] around each event and by [`crate::framing`] over the
//! document.

use sitrep_text::lexicon::LexiconError;
use sitrep_text::phrase::Matcher;

use crate::lexicon::{read, Entry};

/// The tone of a loaded label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tone {
    Pejorative,
    Laudatory,
}

impl Tone {
    pub fn name(self) -> &'static str {
        match self {
            Tone::Pejorative => "pejorative",
            Tone::Laudatory => "laudatory",
        }
    }
}

/// What a `claims.txt` pattern is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stance {
    /// A hedge: `reportedly`, `aurait`, `presuntamente`, `يزعم`.
    Unconfirmed,
    /// `denied`, `a démenti`, `negó`, `نفى`.
    Denial,
    /// `confirmed`: negated, the report is unconfirmed.
    Confirm,
    /// An outlet tied to one side; the index of its actor name in [`StanceLexicon::names`].
    Media(u16),
    /// A loaded label: its tone, its concept (index in [`StanceLexicon::names`]; labels of one
    /// concept name the same actor in a document) and whether it only counts capitalised.
    Label { tone: Tone, concept: u16, cap: bool },
    /// `designated`, `classé`: a label just after it names a legal status.
    Designation,
    /// `described as`, `qualifié de`: the label after it is someone else's word.
    Naming,
    /// `via`, `par l'intermédiaire de`: with an actor after it, acting through that actor.
    Proxy,
    /// `is behind`, `tire les ficelles`.
    Accusation,
    /// `it is no coincidence`, `s'agit-il`.
    Speculation,
}

/// One match of a stance cue (token indices are absolute).
#[derive(Debug, Clone, Copy)]
pub(crate) struct StanceHit {
    pub start: usize,
    pub end: usize,
    pub stance: Stance,
}

/// What the stance entries name.
#[derive(Debug)]
pub(crate) struct StanceLexicon {
    /// Actor names of media and label concepts, interned.
    pub names: Vec<String>,
}

impl StanceLexicon {
    /// Parses one language's `claims.txt` into `matcher`; an error names the file and line.
    pub fn parse(
        lang: &str,
        src: &str,
        matcher: &mut Matcher<Entry>,
    ) -> Result<StanceLexicon, LexiconError> {
        let mut names: Vec<String> = Vec::new();
        let mut intern = |name: &str| -> u16 {
            match names.iter().position(|n| n == name) {
                Some(i) => i as u16,
                None => {
                    names.push(name.to_owned());
                    (names.len() - 1) as u16
                }
            }
        };
        read(lang, "claims.txt", src, 3, |e| {
            let (kind, value) = (e.fields[1], e.fields[2]);
            let stance = match kind {
                "unconfirmed" => Stance::Unconfirmed,
                "denial" => Stance::Denial,
                "confirm" => Stance::Confirm,
                "media" if value != "-" => Stance::Media(intern(value)),
                "media" => return Err("a media entry needs the actor it speaks for".into()),
                "pejorative" | "laudatory" => {
                    let mut parts = value.split(',');
                    let concept = parts.next().unwrap_or("-");
                    if concept == "-" || concept.is_empty() {
                        return Err("a label needs a concept".into());
                    }
                    let mut cap = false;
                    for flag in parts {
                        match flag {
                            "cap" => cap = true,
                            _ => return Err("the only label flag is cap".into()),
                        }
                    }
                    let tone = if kind == "pejorative" {
                        Tone::Pejorative
                    } else {
                        Tone::Laudatory
                    };
                    Stance::Label {
                        tone,
                        concept: intern(concept),
                        cap,
                    }
                }
                "designation" => Stance::Designation,
                "naming" => Stance::Naming,
                "proxy" => Stance::Proxy,
                "accusation" => Stance::Accusation,
                "speculation" => Stance::Speculation,
                _ => return Err("unknown claims kind".into()),
            };
            matcher.add(e.key(), Entry::Stance(stance));
            Ok(())
        })?;
        Ok(StanceLexicon { names })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::LANGS;

    #[test]
    fn every_shipped_claims_file_parses_with_every_kind() {
        for f in &LANGS {
            let mut m = Matcher::new(
                sitrep_text::lexicon::Fold::Key,
                sitrep_text::phrase::Crossing::Words,
            );
            let lex =
                StanceLexicon::parse(f.code, f.claims, &mut m).unwrap_or_else(|e| panic!("{e}"));
            let kinds: Vec<&str> = f
                .claims
                .lines()
                .filter(|l| !l.trim_start().starts_with('#') && l.contains('|'))
                .filter_map(|l| l.split('|').nth(1).map(str::trim))
                .collect();
            for kind in [
                "unconfirmed",
                "denial",
                "confirm",
                "media",
                "pejorative",
                "laudatory",
                "designation",
                "naming",
                "proxy",
                "accusation",
                "speculation",
            ] {
                assert!(kinds.contains(&kind), "{}: no {kind} entry", f.code);
            }
            assert!(!lex.names.is_empty());
        }
    }

    #[test]
    fn malformed_entries_name_the_file_and_line() {
        let err = |src| {
            let mut m = Matcher::new(
                sitrep_text::lexicon::Fold::Key,
                sitrep_text::phrase::Crossing::Words,
            );
            StanceLexicon::parse("xx", src, &mut m)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            err("# c\nx | nonsense | -\n"),
            "data/lang/xx/claims.txt:2: unknown claims kind"
        );
        assert_eq!(
            err("x | media | -\n"),
            "data/lang/xx/claims.txt:1: a media entry needs the actor it speaks for"
        );
        assert_eq!(
            err("x | pejorative | thing,odd\n"),
            "data/lang/xx/claims.txt:1: the only label flag is cap"
        );
    }
}
