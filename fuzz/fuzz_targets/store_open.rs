//! Store opening on a corrupted database file. The input is a list of patches applied to a
//! valid store holding a few documents (made once per process): `[u8 kind][u32 LE offset]
//! [u8 len][len bytes]`; kind 0xFF truncates the file at the offset instead. The damaged file is
//! opened and, when it opens, queried and ingested into: errors are fine, panics are not.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sitrep_store::{Query, Store};

fn base() -> &'static [u8] {
    static BASE: OnceLock<Vec<u8>> = OnceLock::new();
    BASE.get_or_init(sitrep_fuzz::store::sample_store)
}

fuzz_target!(|data: &[u8]| {
    let mut file = base().to_vec();
    let mut rest = data;
    while rest.len() >= 6 {
        let kind = rest[0];
        let at = u32::from_le_bytes(rest[1..5].try_into().unwrap()) as usize;
        let len = rest[5] as usize;
        rest = &rest[6..];
        if file.is_empty() {
            break;
        }
        let at = at % file.len();
        if kind == 0xFF {
            file.truncate(at);
            continue;
        }
        let patch = &rest[..len.min(rest.len())];
        rest = &rest[patch.len()..];
        let end = (at + patch.len()).min(file.len());
        file[at..end].copy_from_slice(&patch[..end - at]);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fuzz.db");
    std::fs::write(&path, &file).unwrap();
    let Ok(mut store) = Store::open(&path) else {
        return;
    };
    let _ = store.counts();
    let _ = store.query(&Query::default());
    let _ = store.query(&Query {
        text: Some("frappes".into()),
        bbox: Some([30.0, 30.0, 45.0, 40.0]),
        ..Query::default()
    });
    let _ = store.ingest(&sitrep_fuzz::store::sample_docs(1));
});
