//! Framing flags of a document (schema 1.1): where the outlet's own words take a side.
//!
//! - **Loaded labels** (`claims.txt` `pejorative`/`laudatory` entries: "terrorists",
//!   "regime", "martyrs") the outlet itself applies: not inside quotation marks, not after a
//!   designation cue ("designated a terrorist organisation by"), not in a sentence that
//!   reports someone else's words (an attribution cue or a naming verb: "the government
//!   called them terrorists"), except inside the attribution span itself, which is the
//!   outlet's own description of its source. The actor a label is applied to is an actor alias
//!   it contains or that is next to it ("les terroristes de Daech", "the Assad regime");
//!   otherwise the actor the document most often names next to a label of the same concept
//!   (a later "les terroristes" is the same group). Generic aliases (`{country}` templates,
//!   the label word itself as an unidentified group) name nobody.
//! - **Rhetorical questions**: a question the outlet asks itself (not quoted, not attributed).
//! - **Unattributed accusations**: a proxy cue followed by an actor ("via Daech") or an
//!   accusation phrase ("is behind"), and **speculation** ("it is no coincidence",
//!   "s'agit-il"), in a sentence that cites nobody.
//! - **Leaning**: when at least [`MIN_LEANING_LABELS`] labels name an actor and no actor gets
//!   both tones, the actors labelled laudatorily (favoured) and pejoratively (against).
//!
//! The cues come from the event coder's one scan of each sentence ([`crate::scan::Scan::stance`]):
//! the coder keeps the scans of the few sentences that hold one, and the questions it skips
//! are scanned here.

use std::collections::BTreeSet;
use std::ops::Range;

use sitrep_schema::{Framing, FramingFlag, Leaning};
use sitrep_text::{CharOffsets, Sep, Token};

use crate::attribution;
use crate::lexicon::{Cue, Lexicon};
use crate::rules::question::is_question;
use crate::scan::Scan;
use crate::stance::{Stance, StanceHit, Tone};
use crate::{EventCoder, EventInput};

/// Labels naming an actor needed before the document's leaning is stated: one label is a
/// word, two are a habit.
pub(crate) const MIN_LEANING_LABELS: usize = 2;

/// Words between a designation cue and the label it governs ("designated *as a* terrorist
/// organisation").
const DESIGNATION_REACH: usize = 4;

/// Determiners and genitives skipped between a label or proxy cue and its actor ("les
/// terroristes *de* Daech", "via *l'*État islamique").
const ACTOR_GAP: usize = 2;

/// A label found in the text, flagged or not: unflagged ones still tell which actor a concept
/// names.
struct Label {
    toks: Range<usize>,
    tone: Tone,
    concept: u16,
    /// The actor it contains or touches.
    adjacent: Option<String>,
    /// The outlet's own word.
    own: bool,
}

/// A sentence's scan, kept by [`crate::clause::clauses`] when it holds a claim or framing cue.
pub(crate) struct Scanned {
    pub bytes: Range<usize>,
    pub scan: Scan,
    /// The sentence's attributed source.
    pub attribution: Option<Range<usize>>,
}

impl EventCoder {
    /// The framing flags of one document (codes its events too: one scan of each sentence
    /// serves both; [`EventCoder::code_with_framing`] keeps them). Never fails on text.
    pub fn framing(&self, input: &EventInput) -> Framing {
        self.code_with_framing(input).2
    }
}

/// The framing of a document from the scans the event coder kept (`scanned`, in text order);
/// the questions it skipped are scanned here.
pub(crate) fn framing(lex: &Lexicon, input: &EventInput, scanned: Vec<Scanned>) -> Framing {
    let (text, tokens) = (input.text, input.tokens);
    let offsets = CharOffsets::new(text);
    let flag =
        |kind: &str, bytes: Range<usize>, tone: Option<Tone>, actor: Option<String>| FramingFlag {
            kind: kind.to_owned(),
            start: offsets.char_of(bytes.start),
            end: offsets.char_of(bytes.end),
            text: text[bytes].to_owned(),
            tone: tone.map(|t| t.name().to_owned()),
            actor,
        };
    let bytes_of = |r: &Range<usize>| tokens[r.start].start..tokens[r.end - 1].end;
    let mut flags = Vec::new();
    let mut labels: Vec<Label> = Vec::new();
    let mut buf = Vec::new();
    let mut scanned = scanned.into_iter().peekable();
    for sent in input.sentences {
        let Some(sentence) = text.get(sent.clone()) else {
            continue;
        };
        let question = is_question(sentence);
        let kept = scanned.next_if(|s| s.bytes == *sent);
        let (scan, claimant) = match kept {
            Some(s) => (s.scan, s.attribution),
            // The coder skips questions: they are read here.
            None if question => {
                let tr = sentence_tokens(tokens, sent);
                if tr.is_empty() {
                    continue;
                }
                let scan = Scan::run(lex, tokens, tr.clone(), &mut buf);
                let claimant = attribution::find(&scan, tokens, &tr);
                (scan, claimant)
            }
            None => continue,
        };
        let hits = &scan.stance;
        let attributed = claimant.is_some()
            || scan
                .cues
                .iter()
                .any(|c| matches!(c.cue, Cue::AttributionPre | Cue::AttributionPost))
            || hits.iter().any(|h| h.stance == Stance::Naming);
        let quotes = quoted(text, sent);
        let in_quotes = |t: usize| quotes.iter().any(|q| q.contains(&tokens[t].start));
        if question && !attributed && !opens_with_quote(sentence) {
            let trimmed = sentence.trim();
            let from = sent.start + (sentence.len() - sentence.trim_start().len());
            flags.push(flag(
                "rhetorical_question",
                from..from + trimmed.len(),
                None,
                None,
            ));
        }
        for h in hits {
            let toks = h.start..h.end;
            match h.stance {
                Stance::Label { tone, concept, .. } => {
                    let designated = hits.iter().any(|d| {
                        d.stance == Stance::Designation
                            && d.end <= h.start
                            && h.start - d.end <= DESIGNATION_REACH
                    });
                    let in_claimant = claimant.as_ref().is_some_and(|c| c.contains(&h.start));
                    labels.push(Label {
                        adjacent: adjacent_actor(lex, &scan, tokens, h),
                        own: !in_quotes(h.start) && !designated && (!attributed || in_claimant),
                        toks,
                        tone,
                        concept,
                    });
                }
                Stance::Proxy if !attributed && !in_quotes(h.start) => {
                    if let Some((end, actor)) = actor_after(lex, &scan, tokens, h.end) {
                        let r = h.start..end;
                        flags.push(flag(
                            "unattributed_accusation",
                            bytes_of(&r),
                            None,
                            Some(actor),
                        ));
                    }
                }
                Stance::Accusation if !attributed && !in_quotes(h.start) => {
                    flags.push(flag("unattributed_accusation", bytes_of(&toks), None, None));
                }
                Stance::Speculation if !attributed && !in_quotes(h.start) => {
                    flags.push(flag("speculation", bytes_of(&toks), None, None));
                }
                _ => {}
            }
        }
    }
    let named = concept_actors(&labels);
    for l in labels.iter().filter(|l| l.own) {
        let actor = l.adjacent.clone().or_else(|| {
            named
                .iter()
                .find(|(c, _)| *c == l.concept)
                .map(|(_, a)| a.clone())
        });
        flags.push(flag("loaded_label", bytes_of(&l.toks), Some(l.tone), actor));
    }
    flags.sort_by_key(|f| (f.start, f.end));
    let leaning = leaning(&flags);
    Framing { flags, leaning }
}

/// The side the loaded labels take: the actors labelled laudatorily and pejoratively, when at
/// least [`MIN_LEANING_LABELS`] labels name an actor and none gets both tones.
fn leaning(flags: &[FramingFlag]) -> Option<Leaning> {
    let mut favours = BTreeSet::new();
    let mut against = BTreeSet::new();
    let mut named = 0;
    for f in flags.iter().filter(|f| f.kind == "loaded_label") {
        let Some(actor) = f.actor.clone() else {
            continue;
        };
        named += 1;
        if f.tone.as_deref() == Some(Tone::Laudatory.name()) {
            favours.insert(actor);
        } else {
            against.insert(actor);
        }
    }
    (named >= MIN_LEANING_LABELS && favours.is_disjoint(&against)).then(|| Leaning {
        favours: favours.into_iter().collect(),
        against: against.into_iter().collect(),
    })
}

/// The token range of the sentence at byte range `sent`.
fn sentence_tokens(tokens: &[Token], sent: &Range<usize>) -> Range<usize> {
    let t0 = tokens.partition_point(|t| t.start < sent.start);
    let t1 = tokens.partition_point(|t| t.start < sent.end);
    t0..t1.max(t0)
}

/// Whether an actor alias names somebody: not a `{country}` template (the army of wherever,
/// or a label word itself coded as an unidentified group).
fn names_somebody(lex: &Lexicon, actor: u16) -> bool {
    !lex.actors[actor as usize].name.contains("{country}")
}

/// Whether the separator after token `t` ends a phrase.
fn ends_phrase(tokens: &[Token], t: usize) -> bool {
    matches!(tokens[t].sep, Sep::Punct | Sep::Break | Sep::Dot)
}

/// The first actor alias starting at token `from`, past up to [`ACTOR_GAP`] determiners or
/// genitives: its end token and name.
fn actor_after(
    lex: &Lexicon,
    scan: &Scan,
    tokens: &[Token],
    from: usize,
) -> Option<(usize, String)> {
    if from == 0 || from >= tokens.len() || ends_phrase(tokens, from - 1) {
        return None;
    }
    let mut at = from;
    while at < from + ACTOR_GAP && (scan.cue_at(Cue::Det, at) || scan.cue_at(Cue::Of, at)) {
        if ends_phrase(tokens, at) {
            return None;
        }
        at += 1;
    }
    scan.actors
        .iter()
        .find(|a| a.start == at && names_somebody(lex, a.actor))
        .map(|a| (a.end, lex.actors[a.actor as usize].name.clone()))
}

/// The actor a label contains, is followed by ("terroristes de Daech") or follows ("Assad
/// regime").
fn adjacent_actor(lex: &Lexicon, scan: &Scan, tokens: &[Token], h: &StanceHit) -> Option<String> {
    let name = |a: u16| lex.actors[a as usize].name.clone();
    let inside = scan
        .actors
        .iter()
        .find(|a| a.start < h.end && h.start < a.end && names_somebody(lex, a.actor));
    if let Some(a) = inside {
        return Some(name(a.actor));
    }
    if let Some((_, n)) = actor_after(lex, scan, tokens, h.end) {
        return Some(n);
    }
    scan.actors
        .iter()
        .find(|a| {
            a.end == h.start && !ends_phrase(tokens, a.end - 1) && names_somebody(lex, a.actor)
        })
        .map(|a| name(a.actor))
}

/// For each label concept, the actor the document most often names next to it (ties: the
/// first named).
fn concept_actors(labels: &[Label]) -> Vec<(u16, String)> {
    let mut counts: Vec<(u16, &str, usize, usize)> = Vec::new();
    for (i, l) in labels.iter().enumerate() {
        let Some(a) = l.adjacent.as_deref() else {
            continue;
        };
        match counts
            .iter_mut()
            .find(|(c, n, _, _)| *c == l.concept && *n == a)
        {
            Some(e) => e.2 += 1,
            None => counts.push((l.concept, a, 1, i)),
        }
    }
    let mut out: Vec<(u16, String)> = Vec::new();
    for &(concept, _, _, _) in &counts {
        if out.iter().any(|(c, _)| *c == concept) {
            continue;
        }
        let best = counts
            .iter()
            .filter(|e| e.0 == concept)
            .max_by(|a, b| a.2.cmp(&b.2).then(b.3.cmp(&a.3)))
            .map(|e| e.1.to_owned());
        if let Some(b) = best {
            out.push((concept, b));
        }
    }
    out
}

/// Quotation marks that open a quote.
fn opens(c: char) -> bool {
    matches!(c, '\u{ab}' | '\u{201c}' | '\u{201e}')
}

/// Quotation marks that close one.
fn closes(c: char) -> bool {
    matches!(c, '\u{bb}' | '\u{201d}')
}

/// Whether the sentence starts with a quotation mark (a quoted question).
fn opens_with_quote(sentence: &str) -> bool {
    sentence
        .trim_start()
        .chars()
        .next()
        .is_some_and(|c| c == '"' || opens(c))
}

/// Byte ranges of the quotations in the sentence at `sent` (an unclosed one runs to the end).
fn quoted(text: &str, sent: &Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in text[sent.clone()].char_indices() {
        let at = sent.start + i;
        match (open, c) {
            (None, '"') => open = Some(at),
            (None, c) if opens(c) => open = Some(at),
            (Some(o), '"') => {
                out.push(o..at);
                open = None;
            }
            (Some(o), c) if closes(c) => {
                out.push(o..at);
                open = None;
            }
            _ => {}
        }
    }
    if let Some(o) = open {
        out.push(o..sent.end);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::{EventCoder, EventInput};

    /// The framing flags of `text`: `kind "text" [tone] [> actor]`, `; `-separated, then the
    /// leaning; `-` without flags.
    fn flags(lang: &str, text: &str) -> String {
        let tokens = sitrep_text::tokenize(text);
        let sentences = sitrep_text::sentences(text);
        let input = EventInput::new(text, &tokens, &sentences, lang);
        let f = EventCoder::rules_only().framing(&input);
        let mut out: Vec<String> = f
            .flags
            .iter()
            .map(|x| {
                let mut s = format!("{} {:?}", x.kind, x.text);
                if let Some(t) = &x.tone {
                    s.push_str(&format!(" {t}"));
                }
                if let Some(a) = &x.actor {
                    s.push_str(&format!(" > {a}"));
                }
                s
            })
            .collect();
        if let Some(l) = &f.leaning {
            out.push(format!("favours {:?} against {:?}", l.favours, l.against));
        }
        if out.is_empty() {
            "-".into()
        } else {
            out.join("; ")
        }
    }

    #[test]
    fn english() {
        let f = |t| flags("en", t);
        assert_eq!(
            f("Regime forces shelled the town on Monday. Later, the terrorists of the Islamic State attacked a checkpoint, and the terrorists fled."),
            "loaded_label \"Regime forces\" pejorative > Military Forces of Syria; \
             loaded_label \"terrorists\" pejorative > Islamic State; \
             loaded_label \"terrorists\" pejorative > Islamic State; \
             favours [] against [\"Islamic State\", \"Military Forces of Syria\"]"
        );
        // Someone else's word: quoted, named by another, reported speech, a neutral outlet
        // quoting a partisan one, a designation.
        assert_eq!(
            f("The governor vowed to crush the \"terrorists\" in the north."),
            "-"
        );
        assert_eq!(
            f("The government called them terrorists after the attack."),
            "-"
        );
        assert_eq!(
            f("The minister said the terrorists would be defeated."),
            "-"
        );
        assert_eq!(
            f("Al-Manar television said 40 terrorists were killed in the clashes."),
            "-"
        );
        assert_eq!(
            f("Hayat Tahrir al-Sham, designated a terrorist organisation by the United Nations, took the town."),
            "-"
        );
        // The outlet's question, not a quoted one.
        assert_eq!(
            f("Who benefits from this chaos? \"Who will protect us?\" a resident asked."),
            "rhetorical_question \"Who benefits from this chaos?\""
        );
        assert_eq!(
            f("Washington keeps its grip on the east via the Islamic State."),
            "unattributed_accusation \"via the Islamic State\" > Islamic State"
        );
        assert_eq!(
            f("Damascus accused Washington of acting via the Islamic State, the minister said."),
            "-"
        );
        assert_eq!(
            f("It is no coincidence that the attack came a day after the talks."),
            "speculation \"It is no coincidence\""
        );
        assert_eq!(
            f("Troops and rebels clashed near the town on Monday, and three soldiers were killed."),
            "-"
        );
    }

    #[test]
    fn french() {
        let f = |t| flags("fr", t);
        assert_eq!(
            f("Les terroristes de Daech ont attaqué un poste. Les terroristes ont fui. Qui veut la guerre ?"),
            "loaded_label \"terroristes\" pejorative > Islamic State; \
             loaded_label \"terroristes\" pejorative > Islamic State; \
             rhetorical_question \"Qui veut la guerre ?\"; \
             favours [] against [\"Islamic State\"]"
        );
        assert_eq!(
            f("Le ministre a qualifié les rebelles de terroristes."),
            "-"
        );
        assert_eq!(
            f("« Les terroristes paieront », a déclaré le gouverneur."),
            "-"
        );
        assert_eq!(
            f("Le groupe, classé organisation terroriste par l'Union européenne, a revendiqué l'attaque."),
            "-"
        );
        assert_eq!(
            f("Ce n'est pas un hasard si l'attaque a eu lieu la veille des négociations."),
            "speculation \"Ce n'est pas un hasard\""
        );
        assert_eq!(
            f("Washington agit dans l'est via l'État islamique."),
            "unattributed_accusation \"via l'État islamique\" > Islamic State"
        );
        // A lowercase `résistance` is a word, the capitalised one a name the outlet chose.
        assert_eq!(f("La résistance des habitants a surpris les soldats."), "-");
        assert_eq!(
            f("Les soldats et les rebelles se sont affrontés lundi près de la ville."),
            "-"
        );
    }

    #[test]
    fn spanish() {
        let f = |t| flags("es", t);
        assert_eq!(
            f("Los terroristas del Estado Islámico atacaron un puesto. Las fuerzas del régimen bombardearon la ciudad. ¿A quién beneficia este caos?"),
            "loaded_label \"terroristas\" pejorative > Islamic State; \
             loaded_label \"fuerzas del régimen\" pejorative > Military Forces of Syria; \
             rhetorical_question \"¿A quién beneficia este caos?\"; \
             favours [] against [\"Islamic State\", \"Military Forces of Syria\"]"
        );
        assert_eq!(
            f("El ministro calificó de terroristas a los rebeldes."),
            "-"
        );
        assert_eq!(f("«Los terroristas pagarán», dijo el gobernador."), "-");
        assert_eq!(
            f("El grupo, designado como organización terrorista por Estados Unidos, tomó la ciudad."),
            "-"
        );
        assert_eq!(
            f("No es casualidad que el ataque ocurriera un día después de las negociaciones."),
            "speculation \"No es casualidad\""
        );
        assert_eq!(
            f("Soldados y rebeldes se enfrentaron el lunes cerca de la ciudad."),
            "-"
        );
    }

    #[test]
    fn arabic() {
        let f = |t| flags("ar", t);
        assert_eq!(
            f("هاجم الإرهابيين حاجزا للجيش. وقصفت قوات النظام المدينة."),
            "loaded_label \"الإرهابيين\" pejorative; \
             loaded_label \"قوات النظام\" pejorative > Military Forces of Syria"
        );
        assert_eq!(f("وصف الوزير المتمردين بالإرهابيين."), "-");
        assert_eq!(
            f("استولت هيئة تحرير الشام المصنفة إرهابية على المدينة."),
            "-"
        );
        assert_eq!(
            f("ليس من قبيل الصدفة أن الهجوم وقع بعد يوم من المفاوضات."),
            "speculation \"ليس من قبيل الصدفة\""
        );
        assert_eq!(
            f("من المستفيد من هذه الفوضى؟"),
            "rhetorical_question \"من المستفيد من هذه الفوضى؟\""
        );
        assert_eq!(f("اشتبك الجنود والمتمردون يوم الاثنين قرب المدينة."), "-");
    }

    #[test]
    fn quotations() {
        let text = "a \u{ab}b\u{bb} \"c\" \u{201c}d";
        let q: Vec<&str> = super::quoted(text, &(0..text.len()))
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(q, ["\u{ab}b", "\"c", "\u{201c}d"]);
    }
}
