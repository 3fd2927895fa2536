//! gzip member reading: multi-member streams, corrupt and truncated members, and what is inside
//! (the inner format is sniffed, as for compressed standard input).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    sitrep_fuzz::read_checked("fuzz.gz", data, None);
});
