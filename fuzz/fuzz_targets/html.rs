//! HTML main text and metadata: `main_text` on the decoded page, then the page read as an HTML
//! file (charset prescan, decoding, metadata, canonical URL, dates).
#![no_main]
use libfuzzer_sys::fuzz_target;
use sitrep_ingest::{main_text, InputFormat};

fuzz_target!(|data: &[u8]| {
    if let Ok(html) = std::str::from_utf8(data) {
        if let Some(x) = main_text(html) {
            assert!(!x.text.contains('\r'));
        }
    }
    sitrep_fuzz::read_checked("fuzz.html", data, Some(InputFormat::Html));
});
