//! A campaign's cumulative toll is not the day's event's fatalities. ACLED codes one event per
//! day and location with the deaths of that event; a background sentence that sums up weeks of
//! fighting ("since the start of the offensive, 400 civilians have been killed", "400 civils
//! ont été tués ces dernières semaines") gives a toll over a period. A killed report next to a
//! `cumulative` cue (a period: `since the start of`, `au cours des dernières`, `desde el
//! inicio`, `منذ بداية`) is marked cumulative; the record does not count it, and says so in
//! `Event::rules`. A total alone (`in total`, `en total`) is not a period: it often sums the
//! day's own deaths ("the bombing and the riots killed 28 people in total").

use std::ops::Range;

use crate::fatalities::Report;
use crate::lexicon::Cue;
use crate::scan::Scan;

/// How many words may separate a cumulative cue from the report it qualifies: a period phrase
/// opens or closes the sentence of a toll ("Since the offensive began three weeks ago, at least
/// 400 civilians have been killed" puts nine words between them), but a toll in a
/// far part of a long clause is another statement.
const WINDOW: usize = 12;

/// The rule's sentence in `Event::rules` when a cumulative toll was left out.
pub(crate) const NOTE: &str =
    "a cumulative toll over a period is not the event's fatalities: left out";

/// Marks the killed report nearest to each cumulative cue of the clause, when it is within
/// [`WINDOW`] words of the cue.
pub(crate) fn mark(reports: &mut [Report], scan: &Scan, clause: &Range<usize>) {
    for c in scan
        .cues
        .iter()
        .filter(|c| c.cue == Cue::Cumulative && clause.contains(&c.start))
    {
        let distance = |r: &Report| {
            if r.toks.start >= c.end {
                r.toks.start - c.end
            } else {
                c.start.saturating_sub(r.toks.end)
            }
        };
        let nearest = reports
            .iter_mut()
            .filter(|r| r.value > 0)
            .min_by_key(|r| distance(r));
        if let Some(r) = nearest.filter(|r| distance(r) <= WINDOW) {
            r.cumulative = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::events;

    #[test]
    fn a_background_total_does_not_become_the_events_toll() {
        let e = &events(
            "fr",
            "Des rebelles ont attaqué une position de l'armée lundi. \
             Au total, plus de 400 civils ont été tués depuis le début de l'offensive.",
        )[0];
        assert_eq!(e.fatalities, 0);
        assert!(e.rules.iter().any(|r| r == super::NOTE));
        let e = &events(
            "en",
            "Rebels attacked an army post on Monday, killing six soldiers. Since the start \
             of the offensive, 400 civilians have been killed.",
        )[0];
        assert_eq!(e.fatalities, 6);
    }

    #[test]
    fn the_days_toll_still_counts() {
        let e = &events(
            "en",
            "A car bomb exploded in the market on Monday; the bombing and the riots that \
             followed killed 28 people in total.",
        )[0];
        assert_eq!(e.fatalities, 28);
        let e = &events(
            "en",
            "Rebels attacked an army post on Monday, killing six soldiers.",
        )[0];
        assert_eq!(e.fatalities, 6);
        let e = &events(
            "es",
            "Rebeldes atacaron un puesto del ejército el lunes y seis soldados murieron. \
             En total, 300 civiles han muerto desde el inicio de la ofensiva.",
        )[0];
        assert_eq!(e.fatalities, 6);
    }
}
