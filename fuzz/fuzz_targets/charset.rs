//! Charset detection and decoding: arbitrary bytes read as a text file (BOMs, UTF-16, legacy
//! encodings guessed by chardetng, binary refusal, newline normalisation).
#![no_main]
use libfuzzer_sys::fuzz_target;
use sitrep_ingest::InputFormat;

fuzz_target!(|data: &[u8]| {
    sitrep_fuzz::read_checked("fuzz.txt", data, Some(InputFormat::Text));
    // The format sniff and the same bytes with no declared format.
    sitrep_fuzz::read_checked("fuzz", data, None);
});
