//! Feed parsing: RSS, Atom and JSON Feed (items, content HTML to text, dates, languages).
#![no_main]
use libfuzzer_sys::fuzz_target;
use sitrep_ingest::InputFormat;

fuzz_target!(|data: &[u8]| {
    sitrep_fuzz::read_checked("fuzz.rss", data, Some(InputFormat::Feed));
});
