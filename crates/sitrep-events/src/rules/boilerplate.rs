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
