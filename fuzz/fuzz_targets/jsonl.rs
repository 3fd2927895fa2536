//! JSONL record parsing: one document per line, ids, numbers, dates, long lines.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sitrep_ingest::InputFormat;

fuzz_target!(|data: &[u8]| {
    sitrep_fuzz::read_checked("fuzz.jsonl", data, Some(InputFormat::Jsonl));
});
