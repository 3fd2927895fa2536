//! One pass of the language matcher over a sentence, sorted into what the rules need.

use std::ops::Range;

use sitrep_text::Token;

use crate::lexicon::{Code, Cue, DateWord, Entry, Lexicon, NumMode, Strength};
use crate::stance::{Stance, StanceHit};
use sitrep_text::phrase::{longest, Hit};

#[derive(Debug, Clone, Copy)]
pub(crate) struct TriggerHit {
    pub start: usize,
    pub end: usize,
    pub code: Code,
    pub strength: Strength,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct CueHit {
    pub start: usize,
    pub end: usize,
    pub cue: Cue,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct ActorHit {
    pub start: usize,
    pub end: usize,
    pub actor: u16,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct NumberHit {
    pub start: usize,
    pub end: usize,
    pub value: u32,
    pub mode: NumMode,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct DateHit {
    pub start: usize,
    pub end: usize,
    pub word: DateWord,
}

/// Everything the lexicon found in one sentence (token indices are absolute).
#[derive(Debug, Default)]
pub(crate) struct Scan {
    pub triggers: Vec<TriggerHit>,
    pub cues: Vec<CueHit>,
    pub actors: Vec<ActorHit>,
    pub numbers: Vec<NumberHit>,
    pub dates: Vec<DateHit>,
    /// Claim and framing cues, longest first among overlapping ones, in text order; a label
    /// marked `cap` only when its first word is capitalised.
    pub stance: Vec<StanceHit>,
}

impl Scan {
    pub fn run(lex: &Lexicon, tokens: &[Token], range: Range<usize>, buf: &mut Vec<Hit>) -> Scan {
        buf.clear();
        lex.matcher.find_all(tokens, range, buf);
        let mut scan = Scan::default();
        let mut kind_hits: [Vec<Hit>; 6] = Default::default();
        for h in buf.iter() {
            let k = match lex.matcher.payload(h.id) {
                Entry::Trigger(..) => 0,
                Entry::Actor(_) => 1,
                Entry::Cue(_) => 2,
                Entry::Number(..) => 3,
                Entry::Date(_) => 4,
                Entry::Stance(_) => 5,
            };
            kind_hits[k].push(*h);
        }
        // Cues of different kinds may overlap (`killed` is both a fatality and a protest cue).
        for (k, hits) in kind_hits.iter_mut().enumerate() {
            if k != 2 {
                longest(hits);
            }
            for h in hits.iter() {
                match *lex.matcher.payload(h.id) {
                    // A stop phrase has done its job by hiding the shorter triggers inside it.
                    Entry::Trigger(Code::Stop, _) => {}
                    Entry::Trigger(code, strength) => scan.triggers.push(TriggerHit {
                        start: h.start,
                        end: h.end,
                        code,
                        strength,
                    }),
                    Entry::Actor(actor) => scan.actors.push(ActorHit {
                        start: h.start,
                        end: h.end,
                        actor,
                    }),
                    Entry::Cue(cue) => scan.cues.push(CueHit {
                        start: h.start,
                        end: h.end,
                        cue,
                    }),
                    Entry::Number(value, mode) => scan.numbers.push(NumberHit {
                        start: h.start,
                        end: h.end,
                        value,
                        mode,
                    }),
                    Entry::Date(word) => scan.dates.push(DateHit {
                        start: h.start,
                        end: h.end,
                        word,
                    }),
                    Entry::Stance(Stance::Label { cap: true, .. })
                        if !tokens[h.start].capitalized => {}
                    Entry::Stance(stance) => scan.stance.push(StanceHit {
                        start: h.start,
                        end: h.end,
                        stance,
                    }),
                }
            }
        }
        scan.stance.sort_by_key(|h| (h.start, h.end));
        // Two spellings of one entry (`إرهابيين`, `الإرهابيين`: the article is folded away)
        // match the same words once.
        scan.stance
            .dedup_by(|a, b| a.start == b.start && a.end == b.end);
        // Keep only the longest cue per kind at a position (`no casualties` over `no`).
        let all = scan.cues.clone();
        scan.cues.retain(|c| {
            !all.iter().any(|o| {
                o.cue == c.cue
                    && o.start <= c.start
                    && c.end <= o.end
                    && (o.end - o.start) > (c.end - c.start)
            })
        });
        // A zero-fatality phrase (`no casualties`) is not a negation of anything else.
        let spans = |scan: &Scan, cue: Cue| -> Vec<(usize, usize)> {
            scan.cues
                .iter()
                .filter(|c| c.cue == cue)
                .map(|c| (c.start, c.end))
                .collect()
        };
        let zeros = spans(&scan, Cue::Zero);
        scan.cues.retain(|c| {
            c.cue == Cue::Zero || !zeros.iter().any(|&(s, e)| s <= c.start && c.end <= e)
        });
        // `not only`, `لا يزال` ("still"), `entre sí` ("each other", folded like the
        // conditional `si`): the negation or modal word inside negates or conditions nothing.
        let affirmative = spans(&scan, Cue::NotNegation);
        scan.cues.retain(|c| {
            !matches!(c.cue, Cue::Negation | Cue::Modality)
                || !affirmative.iter().any(|&(s, e)| s <= c.start && c.end <= e)
        });
        scan.resolve_number_or_date(tokens);
        scan
    }

    /// A word that is both a number and a date word (Arabic `اثنين` "two" and `الاثنين`
    /// "Monday", `احد` "one" and `الاحد` "Sunday": the matching key drops the article) is the
    /// date when the text writes it with its attached article, the number otherwise.
    fn resolve_number_or_date(&mut self, tokens: &[Token]) {
        let same = |n: &NumberHit, d: &DateHit| n.start == d.start && n.end == d.end;
        let dates = std::mem::take(&mut self.dates);
        let (dates, numbers): (Vec<DateHit>, Vec<NumberHit>) = {
            let mut numbers = std::mem::take(&mut self.numbers);
            let mut kept = Vec::with_capacity(dates.len());
            for d in dates {
                let article = has_attached_article(&tokens[d.start]);
                if !numbers.iter().any(|n| same(n, &d)) {
                    kept.push(d);
                } else if article {
                    numbers.retain(|n| !same(n, &d));
                    kept.push(d);
                }
            }
            (kept, numbers)
        };
        self.dates = dates;
        self.numbers = numbers;
    }

    pub fn has_cue_in(&self, cue: Cue, range: &Range<usize>) -> bool {
        self.cues
            .iter()
            .any(|c| c.cue == cue && range.contains(&c.start))
    }

    pub fn cue_at(&self, cue: Cue, tok: usize) -> bool {
        self.cues
            .iter()
            .any(|c| c.cue == cue && c.start <= tok && tok < c.end)
    }
}

/// Whether a word of the text carries an attached article (`الاثنين`, `والاثنين`): its
/// matching key, or the stem after its proclitic, is shorter than the word by more than the
/// proclitic.
fn has_attached_article(tok: &Token) -> bool {
    let letters = tok.norm.chars().count();
    tok.key_variants()
        .any(|(skip, key)| letters - key.chars().count() > skip)
}
