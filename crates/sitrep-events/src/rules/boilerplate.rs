//! No event from navigation boilerplate: a line that opens with "Lire plus", "Read more",
//! "See also" (lexicon kind `boilerplate`) is a link to another article.

use crate::lexicon::Cue;
use crate::scan::Scan;

/// Whether the sentence starting at token `first` is a boilerplate line.
pub(crate) fn is_boilerplate(scan: &Scan, first: usize) -> bool {
    scan.cues
        .iter()
        .any(|c| c.cue == Cue::Boilerplate && c.start == first)
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::coded;

    #[test]
    fn links_to_other_articles_are_no_event() {
        assert_eq!(
            coded("en", "Read more: Rebels attack army base in the north"),
            "none"
        );
        assert_eq!(
            coded("en", "Rebels attacked an army base in the north."),
            "Armed clash"
        );
    }
}
