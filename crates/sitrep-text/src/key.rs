//! Matching keys for names.
//!
//! A key is the sequence of a name's folded words joined by single spaces, with transliterated
//! Arabic articles removed when a word follows them (`al-Anbar` → `anbar`, `Deir ez-Zor` →
//! `deir zor`) and the Arabic-script article removed from each word (`دير الزور` → `دير زور`).
//! The gazetteer index is built from [`name_key`]; the text matcher rebuilds the same key word
//! by word from each token's [`Token::key`] (skipping [`Token::article`]s), annotations the
//! tokeniser computes once, so the two can never drift apart.

use crate::token::{tokenize, Token};

/// The matching key of a gazetteer name, or `None` if it has no word at all.
pub fn name_key(name: &str) -> Option<String> {
    key_of_tokens(&tokenize(name), name.trim_end().ends_with('.'))
}

/// The key of a name already tokenized (a mention's tokens): the same as [`name_key`] of its
/// text. `dotted` says whether the name ends with a dot.
pub fn key_of_tokens(tokens: &[Token], dotted: bool) -> Option<String> {
    let mut key = String::with_capacity(tokens.iter().map(|t| t.norm.len() + 1).sum());
    for (i, tok) in tokens.iter().enumerate() {
        let last = i + 1 == tokens.len();
        if !last && tok.article {
            continue;
        }
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(tok.key());
    }
    if key.is_empty() {
        return None;
    }
    // An abbreviation keeps its final dot (`Fla.` → `fla .`), so that it only matches where the
    // text has the dot: `Miss.` is Mississippi, `Miss` is a word.
    if dotted {
        key.push_str(" .");
    }
    Some(key)
}

/// A stable 64-bit hash of a key (FNV-1a), stored in gazetteer images: the same on every
/// platform and in every version, unlike the hashers of the standard library.
pub fn key_hash(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterations_share_keys() {
        assert_eq!(name_key("al-Anbar"), name_key("Anbar"));
        assert_eq!(name_key("Al Anbār").as_deref(), Some("anbar"));
        assert_eq!(name_key("Deir ez-Zor").as_deref(), Some("deir zor"));
        assert_eq!(name_key("Deir Ez Zor").as_deref(), Some("deir zor"));
        assert_eq!(name_key("Dayr az Zawr").as_deref(), Some("dayr zawr"));
        assert_eq!(name_key("دير الزور").as_deref(), Some("دير زور"));
        assert_eq!(name_key("الأنبار").as_deref(), Some("انبار"));
        assert_eq!(name_key("Genève").as_deref(), Some("geneve"));
        assert_eq!(name_key("U.S.").as_deref(), Some("u s ."));
        assert_eq!(name_key("Fla.").as_deref(), Some("fla ."));
        assert_eq!(name_key("U.S").as_deref(), Some("u s"));
    }

    #[test]
    fn a_lone_article_word_is_kept() {
        assert_eq!(name_key("Es").as_deref(), Some("es"));
        assert_eq!(name_key(" - ;"), None);
    }
}
