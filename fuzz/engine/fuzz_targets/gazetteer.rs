//! Gazetteer image loading from arbitrary bytes: a clear error, never a panic or a huge
//! allocation (libFuzzer's malloc limit catches the latter); a loaded image answers lookups.
#![no_main]
use std::borrow::Cow;

use libfuzzer_sys::fuzz_target;
use sitrep_gazetteer::{Gazetteer, Index};

fuzz_target!(|data: &[u8]| {
    let Ok(g) = Gazetteer::from_bytes(Cow::Owned(data.to_vec())) else {
        return;
    };
    for index in [Index::Names, Index::Skeletons, Index::Demonyms] {
        for keys in g.keys_by_place(index) {
            for k in keys {
                for &id in g.lookup_key(index, &k) {
                    let p = g.place(id);
                    let _ = g.admin1_of(p);
                }
            }
        }
    }
    for name in ["Deir ez-Zor", "Syria", "syrien"] {
        for &id in g.lookup(name) {
            let _ = g.place(id);
        }
    }
});
