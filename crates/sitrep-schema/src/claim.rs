//! Who says so, and how (schema 1.1): the claim status of an event and of its fatality figure
//! ([`Claim`]), and the framing flags of a document ([`Framing`]). Every span is a code-point
//! range of the document text, like the rest of the record.

use serde::{Deserialize, Serialize};

use crate::Span;

/// The claim statuses, as written in [`Claim::status`], the ACLED `tags` column, the store's
/// `claim` column and the `?claim=` filter.
pub const CLAIM_STATUSES: [&str; 4] = ["reported", "claimed", "denied", "unconfirmed"];

/// How the outlet presents an event or a figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// `reported` (the outlet narrates it), `claimed` (attributed to a named or described
    /// party: see `claimant`), `denied` (a party denies it) or `unconfirmed` (hedged: "could
    /// not be independently verified", "aurait", "presuntamente", "يُزعم").
    pub status: String,
    /// Who makes the claim (or the denial): the attribution span, when the text gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimant: Option<Claimant>,
    /// The words that set the status (`aurait`, `denied`), when a cue did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<Span>,
    /// The fatality figure's own claim, only when it differs from the event's (the event
    /// reported by the outlet, its death toll claimed by one side).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fatalities: Option<Box<Claim>>,
}

impl Default for Claim {
    fn default() -> Self {
        Claim {
            status: "reported".into(),
            claimant: None,
            cue: None,
            fatalities: None,
        }
    }
}

impl Claim {
    /// The claim of the fatality figure: its own when it differs, else the event's.
    pub fn of_fatalities(&self) -> &Claim {
        self.fatalities.as_deref().unwrap_or(self)
    }

    /// The short form of the ACLED `tags` column: `claimed by: <claimant>; unconfirmed`,
    /// fatalities' own status after `fatalities`; empty for a plain report.
    pub fn tags(&self) -> String {
        let mut parts = Vec::new();
        self.tag_parts("", &mut parts);
        if let Some(f) = &self.fatalities {
            f.tag_parts("fatalities ", &mut parts);
        }
        parts.join("; ")
    }

    fn tag_parts(&self, prefix: &str, parts: &mut Vec<String>) {
        let by = self.claimant.as_ref().map(|c| c.span.text.as_str());
        match (self.status.as_str(), by) {
            ("reported", _) => {}
            ("claimed", Some(by)) => parts.push(format!("{prefix}claimed by: {by}")),
            ("denied", Some(by)) => parts.push(format!("{prefix}denied by: {by}")),
            (status, Some(by)) => {
                parts.push(format!("{prefix}claimed by: {by}"));
                parts.push(format!("{prefix}{status}"));
            }
            (status, None) => parts.push(format!("{prefix}{status}")),
        }
    }
}

/// The party a claim is attributed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claimant {
    #[serde(flatten)]
    pub span: Span,
    /// The actor the claimant is tied to ("sources proches du Hezbollah", "army sources", "the
    /// militia's media office"), ACLED-style name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// `actor1` or `actor2` when that actor is one of the event's sides (its actor or
    /// associated actor): the figure comes from a belligerent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<String>,
}

/// The framing flags of a document: where the outlet's own words take a side.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Framing {
    pub flags: Vec<FramingFlag>,
    /// The side the outlet's labels favour, when they are consistent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaning: Option<Leaning>,
}

/// One framing flag with its span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FramingFlag {
    /// `loaded_label` (a label the outlet itself applies to an actor: "terrorists", "regime",
    /// "martyrs"), `rhetorical_question`, `unattributed_accusation` ("via Daech", "is
    /// behind") or `speculation` ("s'agit-il", "it is no coincidence that").
    pub kind: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// A loaded label's `pejorative` or `laudatory` tone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tone: Option<String>,
    /// The actor a label is applied to, or the one an accusation names (ACLED-style name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
}

/// The side a document's loaded labels take, when no actor gets both tones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leaning {
    /// Actors the outlet labels laudatorily.
    pub favours: Vec<String>,
    /// Actors the outlet labels pejoratively.
    pub against: Vec<String>,
}
