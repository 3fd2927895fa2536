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
    let extra = dir.join("data/names-extra.tsv");
    println!("cargo:rerun-if-changed={}", extra.display());
    let text =
        std::fs::read_to_string(&extra).unwrap_or_else(|e| panic!("{}: {e}", extra.display()));
    add_names(&mut records, &text).unwrap_or_else(|e| panic!("{}: {e}", extra.display()));
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

/// Adds the names of `names-extra.tsv` (`geonameid<TAB>names<TAB>source<TAB>note`) to the rows
/// with that geonameid, skipping names a row already has. An unknown geonameid or a malformed
/// line is an error naming the line.
fn add_names(records: &mut [sitrep_gazetteer::Record], text: &str) -> Result<(), String> {
    let by_id: std::collections::HashMap<u32, usize> = records
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((r.geonameid?, i)))
        .collect();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let (Some(id), Some(names), true) = (fields.first(), fields.get(1), fields.len() == 4)
        else {
            return Err(format!("line {}: expected 4 tab-separated columns", n + 1));
        };
        let id: u32 = id
            .parse()
            .map_err(|_| format!("line {}: bad geonameid {id:?}", n + 1))?;
        let &i = by_id
            .get(&id)
            .ok_or_else(|| format!("line {}: no row with geonameid {id}", n + 1))?;
        let row = &mut records[i];
        for name in names.split('|').map(str::trim).filter(|s| !s.is_empty()) {
            if row.name != name && !row.names.iter().any(|k| k == name) {
                row.names.push(name.to_string());
            }
        }
    }
    Ok(())
}
