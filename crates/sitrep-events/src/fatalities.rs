//! Fatalities by ACLED rules. Number expressions (digits, number words, vague quantities with
//! ACLED's values: "plusieurs"/"several" 3, "des dizaines"/"dozens" 12, "tens" 10, "hundreds"
//! 100) are bound to the nearest killed / wounded / casualties cue of their clause; only killed
//! reports count, "casualties"/"victimes" alone count 0, a zero phrase ("aucune victime") is a
//! report of 0. Numbers that are dates, years, ages, distances, durations or vehicle counts
//! (followed or preceded by a `unit` cue, or next to a month name) are never fatalities.

use std::ops::Range;

use sitrep_text::{Sep, Token};

use crate::dates;
use crate::lexicon::{Cue, NumMode};
use crate::scan::Scan;

/// One fatality report: a value and the tokens that produced it (number through cue).
#[derive(Debug, Clone)]
pub(crate) struct Report {
    pub value: u32,
    pub toks: Range<usize>,
    /// A toll over a period, not the day's ([`crate::rules::cumulative`]).
    pub cumulative: bool,
}

#[derive(Debug, Clone)]
struct Num {
    value: u32,
    toks: Range<usize>,
}

/// The value of a word written in digits: ASCII, Arabic-Indic (`٣`, U+0660–0669) or Eastern
/// Arabic-Indic (`۳`, U+06F0–06F9); `None` for anything else or an overflow.
pub(crate) fn figure(word: &str) -> Option<u32> {
    if word.is_empty() {
        return None;
    }
    word.chars().try_fold(0u32, |acc, c| {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '\u{0660}'..='\u{0669}' => c as u32 - 0x0660,
            '\u{06F0}'..='\u{06F9}' => c as u32 - 0x06F0,
            _ => return None,
        };
        acc.checked_mul(10)?.checked_add(d)
    })
}

fn digits(tok: &Token) -> Option<u32> {
    figure(&tok.norm)
}

/// Whether `next` adds to `value` as the tens after a unit (`خمسة وعشرون` = 5 + 20: Arabic
/// says the unit first). Tens before units (`vingt-cinq`, `twenty five`) are the loop's other
/// case.
fn unit_then_tens(value: u32, next: u32) -> bool {
    (1..=9).contains(&value) && next.is_multiple_of(10) && (20..=90).contains(&next)
}

/// Number expressions of the clause, excluding dates, years and measured quantities.
fn numbers(scan: &Scan, tokens: &[Token], clause: &Range<usize>, text: &str) -> Vec<Num> {
    let mut out: Vec<Num> = Vec::new();
    let mut i = clause.start;
    while i < clause.end {
        let word = scan
            .numbers
            .iter()
            .find(|n| n.start == i && n.end <= clause.end);
        let (mut value, mut end, mut approx) = if let Some(d) = digits(&tokens[i]) {
            (d, i + 1, false)
        } else if let Some(n) = word {
            if n.mode == NumMode::Multiplier {
                (n.value, n.end, false)
            } else {
                (n.value, n.end, n.mode == NumMode::Approx)
            }
        } else {
            i += 1;
            continue;
        };
        let start = i;
        // Thousands groups (`1 000`, `1,000`, `5. 000`).
        if digits(&tokens[i]).is_some() {
            while end < clause.end
                && tokens[end].norm.len() == 3
                && digits(&tokens[end]).is_some()
                && text[tokens[end - 1].end..tokens[end].start].len() <= 2
            {
                value = value
                    .saturating_mul(1000)
                    .saturating_add(digits(&tokens[end]).unwrap_or(0));
                end += 1;
            }
        }
        // Compound number words (`vingt-cinq`, `twenty five`, `deux cents`), and an
        // approximation followed by a figure (`quelques 40` → 40).
        loop {
            if end >= clause.end || !matches!(tokens[end - 1].sep, Sep::Space | Sep::Hyphen) {
                break;
            }
            if let Some(d) = digits(&tokens[end]) {
                if approx {
                    value = d;
                    approx = false;
                    end += 1;
                    continue;
                }
                break;
            }
            match scan.numbers.iter().find(|n| n.start == end) {
                Some(n) if n.mode == NumMode::Multiplier => {
                    value = value.max(1).saturating_mul(n.value);
                    end = n.end;
                }
                Some(n)
                    if n.mode == NumMode::Exact
                        && !approx
                        && (n.value < value || unit_then_tens(value, n.value)) =>
                {
                    value = value.saturating_add(n.value);
                    end = n.end;
                }
                _ => break,
            }
        }
        i = end;
        let is_year =
            end - start == 1 && digits(&tokens[start]).is_some_and(|v| (1900..=2100).contains(&v));
        let unit_after = scan
            .cues
            .iter()
            .any(|c| c.cue == Cue::Unit && c.start == end);
        let unit_before = scan
            .cues
            .iter()
            .any(|c| c.cue == Cue::UnitBefore && c.end == start);
        let month_next = dates::month_beside(scan, tokens, start..end);
        if is_year || unit_after || unit_before || month_next {
            continue;
        }
        out.push(Num {
            value,
            toks: start..end,
        });
    }
    out
}

/// Killed reports of one clause (wounded and casualty figures are bound and discarded).
pub(crate) fn reports(
    scan: &Scan,
    tokens: &[Token],
    clause: &Range<usize>,
    text: &str,
) -> Vec<Report> {
    let nums = numbers(scan, tokens, clause, text);
    let mut used = vec![false; nums.len()];
    let mut out = Vec::new();
    let cues: Vec<_> = scan
        .cues
        .iter()
        .filter(|c| clause.contains(&c.start))
        .filter(|c| {
            matches!(
                c.cue,
                Cue::Killed | Cue::Wounded | Cue::Casualties | Cue::Zero
            )
        })
        .collect();
    for (ci, c) in cues.iter().enumerate() {
        if c.cue == Cue::Zero {
            out.push(Report {
                value: 0,
                toks: c.start..c.end,
                cumulative: false,
            });
            continue;
        }
        // A number right after the cue, past determiners and approximators (`killing at least
        // five`, `tuant 5 personnes`).
        let after = nums.iter().enumerate().find(|(k, n)| {
            !used[*k]
                && n.toks.start >= c.end
                && (c.end..n.toks.start)
                    .all(|t| scan.cue_at(Cue::Det, t) || scan.cue_at(Cue::Approx, t))
                && n.toks.start - c.end <= 3
        });
        // Otherwise the nearest number before it, with no other fatality cue in between.
        let prev_cue_end = if ci > 0 {
            cues[ci - 1].end
        } else {
            clause.start
        };
        let before = nums.iter().enumerate().rev().find(|(k, n)| {
            !used[*k]
                && n.toks.end <= c.start
                && n.toks.start >= prev_cue_end
                && c.start - n.toks.end <= 8
        });
        let Some((k, n)) = after.or(before) else {
            continue;
        };
        used[k] = true;
        if c.cue == Cue::Killed {
            out.push(Report {
                value: n.value,
                toks: n.toks.start.min(c.start)..n.toks.end.max(c.end),
                cumulative: false,
            });
        }
    }
    crate::rules::cumulative::mark(&mut out, scan, clause);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{Lexicon, LANGS};

    fn values(lang: usize, text: &str) -> Vec<u32> {
        let lex = Lexicon::parse(&LANGS[lang]);
        let toks = sitrep_text::tokenize(text);
        let scan = Scan::run(&lex, &toks, 0..toks.len(), &mut Vec::new());
        reports(&scan, &toks, &(0..toks.len()), text)
            .iter()
            .map(|r| r.value)
            .collect()
    }

    #[test]
    fn bound_numbers() {
        assert_eq!(
            values(
                1,
                "Le 12 mars, trois soldats ont été tués dans une embuscade."
            ),
            [3]
        );
        assert_eq!(
            values(
                1,
                "quelques 40 terroristes de Daech ont été tués et des dizaines d'autres blessés"
            ),
            [40]
        );
        assert_eq!(values(0, "killing at least five people"), [5]);
        assert_eq!(values(0, "A man aged 45 was shot dead by gunmen."), [1]);
    }
}
