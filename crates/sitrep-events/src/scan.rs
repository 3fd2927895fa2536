//! One pass of the language matcher over a sentence, sorted into what the rules need.

use std::ops::Range;

use sitrep_text::Token;

use crate::lexicon::{Code, Cue, DateWord, Entry, Lexicon, NumMode, Strength};
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
}

impl Scan {
    pub fn run(lex: &Lexicon, tokens: &[Token], range: Range<usize>, buf: &mut Vec<Hit>) -> Scan {
        buf.clear();
        lex.matcher.find_all(tokens, range, buf);
        let mut scan = Scan::default();
        let mut kind_hits: [Vec<Hit>; 5] = Default::default();
        for h in buf.iter() {
            let k = match lex.matcher.payload(h.id) {
                Entry::Trigger(..) => 0,
                Entry::Actor(_) => 1,
                Entry::Cue(_) => 2,
                Entry::Number(..) => 3,
                Entry::Date(_) => 4,
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
                }
            }
        }
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
        let zeros: Vec<(usize, usize)> = scan
            .cues
            .iter()
            .filter(|c| c.cue == Cue::Zero)
            .map(|c| (c.start, c.end))
            .collect();
        scan.cues.retain(|c| {
            c.cue == Cue::Zero || !zeros.iter().any(|&(s, e)| s <= c.start && c.end <= e)
        });
        scan
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
