//! WARC record reading with resynchronisation: headers, Content-Length (lying, huge, missing),
//! HTTP responses inside, chunked and gzip/deflate content coding, pages.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sitrep_ingest::InputFormat;

fuzz_target!(|data: &[u8]| {
    sitrep_fuzz::read_checked("fuzz.warc", data, Some(InputFormat::Warc));
});
