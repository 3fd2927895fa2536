//! No event from a question: "S'agit-il d'une vaste offensive … ?" asks, it does not report.

/// Whether the sentence is a question (ends with `?`/`؟`, or opens with `¿`).
pub(crate) fn is_question(sentence: &str) -> bool {
    let s = sentence.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '»' | '”' | '\'' | ')' | '’')
    });
    s.ends_with('?') || s.ends_with('؟') || sentence.trim_start().starts_with('¿')
}

#[cfg(test)]
mod tests {
    #[test]
    fn questions() {
        assert!(super::is_question(
            "Qui veut sauver les gros poissons de Daech?"
        ));
        assert!(super::is_question("S'agit-il d'une offensive ? »"));
        assert!(super::is_question("¿Quién atacó el cuartel"));
        assert!(!super::is_question("Two soldiers were killed."));
    }

    #[test]
    fn a_question_reports_no_event() {
        use crate::rules::testing::coded;
        assert_eq!(coded("en", "Did the rebels attack the army base?"), "none");
    }
}
