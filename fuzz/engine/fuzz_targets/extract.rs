//! `Extractor::extract` on arbitrary text, with the offsets-are-sacred invariant: every span of
//! the record equals its slice of the text. The first byte picks the declared language (none,
//! or one of the four), so that each language's cues run even on text the detector rejects.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let lang = [None, Some("fr"), Some("en"), Some("ar"), Some("es")][pick as usize % 5];
    let text = String::from_utf8_lossy(rest);
    sitrep_fuzz_engine::extract_checked(&text, lang);
});
