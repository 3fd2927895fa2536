//! Compiles the shipped source tables (`data/geonames.tsv.gz`, `data/features.tsv`) into the
//! gazetteer image that `src/lib.rs` embeds, and checks and decompresses the second-level
//! division table (`data/admin2.tsv.gz`). Only the compact text tables are committed; the
//! index is rebuilt here whenever they change.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    let geonames = dir.join("data/geonames.tsv.gz");
    let features = dir.join("data/features.tsv");
    println!("cargo:rerun-if-changed={}", geonames.display());
    println!("cargo:rerun-if-changed={}", features.display());
    println!("cargo:rerun-if-changed=build.rs");

    let mut records = Vec::new();
    let file = File::open(&geonames).unwrap_or_else(|e| {
        panic!(
            "cannot open {}: {e}; regenerate it with `cargo xtask gazetteer-data`",
            geonames.display()
        )
    });
    let gz = BufReader::new(flate2::read::MultiGzDecoder::new(BufReader::new(file)));
    records.extend(
        sitrep_gazetteer::read_table(gz).unwrap_or_else(|e| panic!("{}: {e}", geonames.display())),
    );
    let file = File::open(&features).unwrap_or_else(|e| panic!("{}: {e}", features.display()));
    records.extend(
        sitrep_gazetteer::read_table(BufReader::new(file))
            .unwrap_or_else(|e| panic!("{}: {e}", features.display())),
    );
    let image = sitrep_gazetteer::build(&records).expect("building the gazetteer index");
    std::fs::write(out.join("gazetteer.bin"), image).expect("writing the gazetteer image");

    // The second-level divisions: decompressed and checked here, so `load` parses a table
    // known to be well-formed.
    let admin2 = dir.join("data/admin2.tsv.gz");
    println!("cargo:rerun-if-changed={}", admin2.display());
    let file = File::open(&admin2).unwrap_or_else(|e| {
        panic!(
            "cannot open {}: {e}; regenerate it with `cargo xtask admin2-data`",
            admin2.display()
        )
    });
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::MultiGzDecoder::new(BufReader::new(file)),
        &mut text,
    )
    .unwrap_or_else(|e| panic!("{}: {e}", admin2.display()));
    sitrep_gazetteer::Admin2::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", admin2.display()));
    std::fs::write(out.join("admin2.tsv"), text).expect("writing the admin2 table");
}
