//! Gazetteer image loading from arbitrary bytes: a clear error, never a panic or a huge
//! allocation (libFuzzer's malloc limit catches the latter); a loaded image answers lookups.
#![no_main]
use std::borrow::Cow;

use libfuzzer_sys::fuzz_target;
use sitrep_gazetteer::{Gazetteer, Index};

/// `Gazetteer::from_bytes` catches a panic of the fst crate while it checks an image (fst does
/// not validate node encodings, and a checksum libFuzzer recomputed lets damaged nodes through),
/// and refuses the image. libFuzzer's panic hook would abort on that caught panic, so panics
/// raised inside fst do not abort here; any other panic does, and a panic of fst that is not
/// caught (in a lookup after loading) still ends in libfuzzer-sys's abort when it unwinds out of
/// this target.
fn tolerate_caught_fst_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_fst = info.location().is_some_and(|l| l.file().contains("/fst-"));
            if !in_fst {
                fuzzer_hook(info);
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    tolerate_caught_fst_panics();
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
