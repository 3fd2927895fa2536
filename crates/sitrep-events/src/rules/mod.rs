//! The codebook rules, one per file, each a small function over plain data with its own tests.
//!
//! They run at three points of the pipeline (see `lib.rs`):
//! - **sentences and clauses** ([`question`], [`boilerplate`] drop sentences; [`combos`] adds
//!   verb–noun triggers; [`modality`], [`claim`], [`non_event`], [`instrument`], [`disrupted`]
//!   veto triggers; [`background`] demotes them; [`location`] picks the clause's place);
//! - **candidate events** ([`territory`] and [`attack_target`] type the votes; [`protest`],
//!   [`generic`] and [`deaths`] weigh them; [`concurrent`] is the decision's rule);
//! - **the record** ([`external`], [`unidentified`], [`crowd`], [`acting_force`],
//!   [`civilian_targeting`], [`lowest_fatalities`], [`cumulative`], [`undated`]).
//!
//! A rule that takes a trigger's vote away says so with a [`Veto`] kept on the vote, so the
//! decision step (and the learned model of issue 15) sees every vote and why it does not count.
//! A rule that changes the record adds its sentence to `Event::rules`.

pub(crate) mod acting_force;
pub(crate) mod attack_target;
pub(crate) mod background;
pub(crate) mod boilerplate;
pub(crate) mod civilian_targeting;
pub(crate) mod claim;
pub(crate) mod combos;
pub(crate) mod concurrent;
pub(crate) mod crowd;
pub(crate) mod cumulative;
pub(crate) mod deaths;
pub(crate) mod disrupted;
pub(crate) mod external;
pub(crate) mod generic;
pub(crate) mod instrument;
pub(crate) mod location;
pub(crate) mod lowest_fatalities;
pub(crate) mod modality;
pub(crate) mod non_event;
pub(crate) mod protest;
pub(crate) mod question;
pub(crate) mod territory;
pub(crate) mod undated;
pub(crate) mod unidentified;

/// Why a trigger's vote does not count: the rule that took it away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Veto {
    /// Inside the attributed source ("according to a military official").
    Attribution,
    /// [`modality`]: a negation before it ("did not attack").
    Negated,
    /// [`modality`]: a future, conditional or intent before it ("will strike").
    Modal,
    /// [`modality`]: a hedge verb in the clause ("seems").
    Hedged,
    /// [`claim`]: the object of a claim or accusation.
    Claimed,
    /// [`non_event`]: a generic or strategic trigger in a disaster, crime or diplomacy context.
    NonEventContext,
    /// [`instrument`]: a weapon platform with no action and no toll in its clause.
    InstrumentAlone,
    /// [`disrupted`]: the explosive of a disrupted-weapons report.
    Disrupted,
    /// [`protest`]: clashes, attacks or destruction around a protest are the protest itself.
    AbsorbedByProtest,
    /// [`deaths`]: a strategic development beside reported deaths.
    DeathsKeepViolence,
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for the rules' tests: code an invented text, or scan one sentence.

    use std::ops::Range;

    use sitrep_schema::Event;
    use sitrep_text::Token;

    use crate::lexicon::{Lexicon, LANGS};
    use crate::scan::Scan;
    use crate::{EventCoder, EventInput};

    /// The events of `text` (no places), with the publication date 2018-03-24.
    pub fn events(lang: &str, text: &str) -> Vec<Event> {
        let tokens = sitrep_text::tokenize(text);
        let sentences = sitrep_text::sentences(text);
        let input = EventInput {
            published: Some("2018-03-24"),
            ..EventInput::new(text, &tokens, &sentences, lang)
        };
        EventCoder::rules_only().code(&input).0
    }

    /// The first event's sub-event type, `none` without an event.
    pub fn coded(lang: &str, text: &str) -> String {
        let events = events(lang, text);
        events
            .first()
            .map_or("none".into(), |e| e.sub_event_type.clone())
    }

    /// One sentence scanned with a language's lexicon: its tokens and what the lexicon found.
    pub struct Scanned {
        pub tokens: Vec<Token>,
        pub scan: Scan,
        pub range: Range<usize>,
    }

    pub fn scan(lang: &str, text: &str) -> Scanned {
        let files = LANGS
            .iter()
            .find(|f| f.code == lang)
            .expect("a shipped language");
        let lex = Lexicon::parse(files);
        let tokens = sitrep_text::tokenize(text);
        let range = 0..tokens.len();
        let scan = Scan::run(&lex, &tokens, range.clone(), &mut Vec::new());
        Scanned {
            tokens,
            scan,
            range,
        }
    }
}
