//! Name helpers: a folding key for matching names across sources, an ordered de-duplicating
//! name list, and the inflected forms of demonyms.

use std::collections::HashSet;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A key for comparing names from different sources: NFKD, combining marks and apostrophe-like
/// signs removed, lowercase, every other non-alphanumeric run collapsed to one space.
/// "Ḩalab" and "Halab", "Dar'ā" and "Dara" get the same key.
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.nfkd() {
        if is_combining_mark(c) || matches!(c, '\'' | '’' | '‘' | 'ʼ' | 'ʻ' | 'ʿ' | 'ʾ' | '`' | '´')
        {
            continue;
        }
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// An ordered list of names without exact duplicates (and without a given primary name).
#[derive(Debug, Default)]
pub struct NameList {
    seen: HashSet<String>,
    names: Vec<String>,
}

impl NameList {
    /// A list that will never contain `primary` itself.
    pub fn excluding(primary: &str) -> NameList {
        let mut list = NameList::default();
        list.seen.insert(primary.trim().to_string());
        list
    }

    /// Adds a name (trimmed; empty names are ignored).
    pub fn push(&mut self, name: &str) {
        let name = name.trim();
        if name.is_empty() || self.seen.contains(name) {
            return;
        }
        self.seen.insert(name.to_string());
        self.names.push(name.to_string());
    }

    pub fn extend<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        for n in names {
            self.push(n);
        }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.seen.contains(name.trim())
    }

    pub fn into_vec(self) -> Vec<String> {
        self.names
    }
}

/// Splits a world-countries demonym such as "Antiguan, Barbudan" or "Kittitian or Nevisian".
pub fn split_demonym(s: &str) -> Vec<&str> {
    s.split(", ")
        .flat_map(|p| p.split(" or "))
        .flat_map(|p| p.split(" et "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// English plural of a demonym noun, when English forms one ("Syrian" -> "Syrians",
/// "Iraqi" -> "Iraqis"); none for "French", "Chinese", "Swiss", "British".
pub fn english_plural(word: &str) -> Option<String> {
    let lower = word.to_lowercase();
    let invariant = ["ese", "sh", "ch", "ss", "s", "x", "z"];
    if invariant.iter().any(|e| lower.ends_with(e)) {
        return None;
    }
    Some(format!("{word}s"))
}

/// French plural of a demonym: invariable after s/x/z ("Français"), else `+s`.
pub fn french_plural(word: &str) -> String {
    if word.ends_with(['s', 'x', 'z']) {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// The forms of a French demonym pair (noun, capitalised, and adjective, lowercase; singular and
/// plural): ("Syrien", "Syrienne") -> Syrien, Syrienne, Syriens, Syriennes, syrien, syrienne,
/// syriens, syriennes.
pub fn french_demonym_forms(masculine: &str, feminine: &str) -> Vec<String> {
    let mut out = Vec::new();
    for base in [masculine, feminine] {
        if base.is_empty() {
            continue;
        }
        out.push(base.to_string());
        out.push(french_plural(base));
    }
    let lower: Vec<String> = out.iter().map(|s| s.to_lowercase()).collect();
    out.extend(lower);
    out
}

/// The forms of an English demonym: itself and its plural if any.
pub fn english_demonym_forms(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    out.extend(english_plural(word));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_ignores_marks_case_and_punctuation() {
        assert_eq!(fold("Ḩalab"), "halab");
        assert_eq!(fold("Dar'ā"), "dara");
        assert_eq!(fold("  Deir ez-Zor "), "deir ez zor");
        assert_eq!(fold("Karbalā’"), "karbala");
        assert_eq!(fold("دير الزور"), "دير الزور");
    }

    #[test]
    fn name_list_keeps_order_and_drops_duplicates_and_primary() {
        let mut l = NameList::excluding("Syria");
        l.extend(["Syrie", "Syria", " Syrie ", "", "سوريا"]);
        assert_eq!(l.into_vec(), vec!["Syrie", "سوريا"]);
    }

    #[test]
    fn demonym_forms() {
        assert_eq!(
            french_demonym_forms("Syrien", "Syrienne"),
            vec![
                "Syrien",
                "Syriens",
                "Syrienne",
                "Syriennes",
                "syrien",
                "syriens",
                "syrienne",
                "syriennes"
            ]
        );
        assert_eq!(french_plural("Français"), "Français");
        assert_eq!(
            english_demonym_forms("American"),
            vec!["American", "Americans"]
        );
        assert_eq!(english_demonym_forms("Iraqi"), vec!["Iraqi", "Iraqis"]);
        assert_eq!(english_demonym_forms("French"), vec!["French"]);
        assert_eq!(english_demonym_forms("Chinese"), vec!["Chinese"]);
        assert_eq!(
            split_demonym("Kittitian or Nevisian"),
            vec!["Kittitian", "Nevisian"]
        );
        assert_eq!(
            split_demonym("Antiguaise et barbudienne"),
            vec!["Antiguaise", "barbudienne"]
        );
    }
}
