//! A place mention as the recogniser finds it and resolution reads it.

use std::ops::Range;

use crate::lexicon::CueKind;

/// How a mention was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A gazetteer name that passed the context filters.
    Recognised,
    /// A division's code (`BC`, `NSW`, also words: `IN`, `OR`): resolved by the document's
    /// other names, but it casts no vote for theirs (a stray `ON` in French prose must not pull
    /// its towns into Ontario).
    Code,
    /// A name the gazetteer may lack, introduced by a settlement or admin noun (`les deux
    /// villages d'al-Kachma et de Qariba`): kept unresolved, hung on its anchor.
    Context,
    /// A capitalised name outside every match, which only the transliteration fallback may
    /// place; dropped when it finds no reading unless `located`: after a place preposition
    /// (`in Kilcarragh`) or named as a street or a feature (`Magnolia Street`).
    Speculative { located: bool },
    /// A span given by the caller (gold toponyms, a caller's own entities), not found here.
    Given,
}

/// Where a mention's candidate readings come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// The mention's own name (or none: an unresolved name).
    Name,
    /// A place name inside a longer given span (`Colorado` in `Colorado State University`):
    /// a minor reading is kept only near the document's other places, and only a well-known
    /// one votes in the document context.
    Inner,
    /// The place a feature is named after (`Kanawha River` with no entry of its own, read at
    /// Kanawha): the mention is near the place, not at it (precision 2).
    NamedAfter,
    /// The transliteration skeleton index (`Abou Kamal` → `Abu Kamal`), restricted to the
    /// document's countries: penalised, and its confidence lowered.
    Skeleton,
}

/// What a mention needs from the rest of the document to be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// Nothing: the name is evidence enough.
    Standalone,
    /// One word opening a sentence and naming no well-known place (`Artillery shelling hit
    /// …`), or a division's code: its capital says nothing, so it is kept only when another
    /// mention's reading is in its country and a placed mention lies near it.
    Weak,
    /// One word naming no well-known place, with no locative word before it (`officials
    /// thanked Gaston`): as often a person or a brand, so it is kept only when a placed mention
    /// lies near its reading (or the same name is placed elsewhere).
    Unplaced,
    /// One word of a script without capitals that is also a word of the language (see
    /// `needs_context` in `recognise::filters`: `سيول` is floods and Seoul): kept when a
    /// placed mention lies near its reading, when the document names its country, or when
    /// another such mention of a different name lies near it (a list of towns).
    Context,
}

/// A noun next to the name that says what kind of place it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noun {
    /// A settlement noun (`village de`, `Homs city`): a populated place.
    Settlement,
    /// An admin noun (`province de`, `Deir ez-Zor province`): a division.
    Admin,
    /// A press title's word after it (`Washington Post`, `Chicago Tribune`): the title's home
    /// town.
    PressTitle,
}

/// The nouns found around a mention (several may apply).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Nouns(u8);

impl Nouns {
    fn bit(noun: Noun) -> u8 {
        match noun {
            Noun::Settlement => 1,
            Noun::Admin => 2,
            Noun::PressTitle => 4,
        }
    }

    pub fn has(self, noun: Noun) -> bool {
        self.0 & Nouns::bit(noun) != 0
    }

    /// Adds `noun` when `yes`.
    pub fn add_if(&mut self, noun: Noun, yes: bool) {
        if yes {
            self.0 |= Nouns::bit(noun);
        }
    }
}

/// An approximate-location expression found before a mention (`près de`, `northern`).
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    pub kind: CueKind,
    /// Compass code of a direction (`N`, `SE`).
    pub direction: Option<String>,
    /// Byte range of the expression.
    pub span: Range<usize>,
}

/// A recognised place mention, before output formatting.
#[derive(Debug, Clone)]
pub struct Mention {
    /// Byte range in the text.
    pub span: Range<usize>,
    pub first_token: usize,
    pub last_token: usize,
    /// Candidate gazetteer entries (empty for names kept from context).
    pub candidates: Vec<u32>,
    pub origin: Origin,
    pub lookup: Lookup,
    pub support: Support,
    pub nouns: Nouns,
    pub qualifier: Option<Cue>,
    /// Chosen entry and confidence after resolution.
    pub resolved: Option<(u32, f32)>,
    /// For unresolved names: the mention index of the containing place.
    pub anchor: Option<usize>,
}

impl Mention {
    /// A mention of tokens `first..=last` with its candidate entries and nothing decided yet.
    pub fn new(
        origin: Origin,
        span: Range<usize>,
        first: usize,
        last: usize,
        candidates: Vec<u32>,
    ) -> Mention {
        Mention {
            span,
            first_token: first,
            last_token: last,
            candidates,
            origin,
            lookup: Lookup::Name,
            support: Support::Standalone,
            nouns: Nouns::default(),
            qualifier: None,
            resolved: None,
            anchor: None,
        }
    }

    /// A speculative name that no reading placed and nothing else keeps.
    pub fn is_unfounded(&self) -> bool {
        self.origin == Origin::Speculative { located: false } && self.resolved.is_none()
    }

    /// Whether the mention votes in the document context and lends proximity to other names:
    /// a division's code does not.
    pub fn votes(&self) -> bool {
        self.origin != Origin::Code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nouns_combine() {
        let mut n = Nouns::default();
        assert!(!n.has(Noun::Settlement));
        n.add_if(Noun::Settlement, true);
        n.add_if(Noun::Admin, false);
        n.add_if(Noun::PressTitle, true);
        assert!(n.has(Noun::Settlement) && n.has(Noun::PressTitle) && !n.has(Noun::Admin));
    }

    #[test]
    fn only_unlocated_speculative_names_need_a_reading() {
        let mut m = Mention::new(
            Origin::Speculative { located: false },
            0..4,
            0,
            0,
            Vec::new(),
        );
        assert!(m.is_unfounded());
        m.resolved = Some((7, 0.9));
        assert!(!m.is_unfounded());
        let m = Mention::new(
            Origin::Speculative { located: true },
            0..4,
            0,
            0,
            Vec::new(),
        );
        assert!(!m.is_unfounded());
        let m = Mention::new(Origin::Context, 0..4, 0, 0, Vec::new());
        assert!(!m.is_unfounded() && m.votes());
        assert!(!Mention::new(Origin::Code, 0..2, 0, 0, vec![1]).votes());
    }
}
