//! `cargo xtask web-vendor`: copies the JavaScript libraries and the basemap of the `sitrep serve`
//! web page into `crates/sitrep-serve/web/vendor/` from pinned npm packages.
//!
//! The page works offline and the server's content security policy allows only its own assets,
//! so nothing may come from a CDN: every library the page loads is a file under `web/vendor/`,
//! embedded in the binary like the rest of `web/`. Each package is pinned by version *and* by
//! the sha512 integrity the npm registry publishes for its tarball; a tarball whose hash differs
//! is refused. Tarballs are fetched with `npm pack` into the cache directory (the one
//! `gazetteer-data` uses) unless already there, so a second run is offline.
//!
//! Only the distribution files the page needs are copied, with each package's licence, and
//! `web/vendor/PROVENANCE.md` records package, version, integrity, licence and files.

use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use flate2::read::GzDecoder;
use sha2::{Digest, Sha512};

pub const USAGE: &str = "  web-vendor [--cache DIR] [--out DIR] [--offline]
      fetch the pinned npm packages of the web page (leaflet, leaflet.markercluster,
      topojson-client, world-atlas) into DIR (default: <workspace>/.xtask-cache) unless
      already there, check their sha512 integrity, and copy the files the page needs with
      their licences and a PROVENANCE.md into the output directory
      (default: <workspace>/crates/sitrep-serve/web/vendor).
";

/// One pinned npm package and the files taken from it.
struct Package {
    name: &'static str,
    version: &'static str,
    /// The `dist.integrity` the npm registry publishes for this version's tarball.
    integrity: &'static str,
    licence: &'static str,
    /// What the page uses it for, for PROVENANCE.md.
    used_for: &'static str,
    /// `(member inside the tarball, path under vendor/<name>/)`.
    files: &'static [(&'static str, &'static str)],
}

impl Package {
    /// The file name `npm pack` writes.
    fn tarball(&self) -> String {
        format!("{}-{}.tgz", self.name, self.version)
    }
}

const PACKAGES: [Package; 4] = [
    Package {
        name: "leaflet",
        version: "1.9.4",
        integrity: "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==",
        licence: "BSD-2-Clause",
        used_for: "the map (no tile layer: country outlines as a GeoJSON layer, events as circle markers)",
        files: &[
            ("package/dist/leaflet.js", "leaflet.js"),
            ("package/dist/leaflet.css", "leaflet.css"),
            // leaflet.css refers to these; shipped so no request can fail.
            ("package/dist/images/layers.png", "images/layers.png"),
            ("package/dist/images/layers-2x.png", "images/layers-2x.png"),
            ("package/dist/images/marker-icon.png", "images/marker-icon.png"),
            ("package/dist/images/marker-icon-2x.png", "images/marker-icon-2x.png"),
            ("package/dist/images/marker-shadow.png", "images/marker-shadow.png"),
            ("package/LICENSE", "LICENSE"),
        ],
    },
    Package {
        name: "leaflet.markercluster",
        version: "1.5.3",
        integrity: "sha512-vPTw/Bndq7eQHjLBVlWpnGeLa3t+3zGiuM7fJwCkiMFq+nmRuG3RI3f7f4N4TDX7T4NpbAXpR2+NTRSEGfCSeA==",
        licence: "MIT",
        // MarkerCluster.Default.css is left out: the page draws its own cluster icons.
        used_for: "clustering of dense event markers",
        files: &[
            ("package/dist/leaflet.markercluster.js", "leaflet.markercluster.js"),
            ("package/dist/MarkerCluster.css", "MarkerCluster.css"),
            ("package/MIT-LICENCE.txt", "MIT-LICENCE.txt"),
        ],
    },
    Package {
        name: "topojson-client",
        version: "3.1.0",
        integrity: "sha512-605uxS6bcYxGXw9qi62XyrV6Q3xwbndjachmNxu8HWTtVPxZfEJN9fd/SZS1Q54Sn2y0TMyMxFj/cJINqGHrKw==",
        licence: "ISC",
        used_for: "decoding the TopoJSON basemap into GeoJSON in the browser (`topojson.feature`)",
        files: &[
            ("package/dist/topojson-client.min.js", "topojson-client.min.js"),
            ("package/LICENSE", "LICENSE"),
        ],
    },
    Package {
        name: "world-atlas",
        version: "2.0.2",
        integrity: "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
        licence: "ISC (packaging); data: Natural Earth 4.1.0 Admin 0 countries, public domain",
        used_for: "the offline basemap: country outlines at 1:110m (108 kB; the 1:50m file is 756 kB, \
                   seven times the size of everything else together, for detail that only shows \
                   when zoomed in on a single region)",
        files: &[
            ("package/countries-110m.json", "countries-110m.json"),
            ("package/LICENSE", "LICENSE"),
        ],
    },
];

pub struct Options {
    pub cache: PathBuf,
    pub out: PathBuf,
    pub offline: bool,
}

pub fn main(mut args: impl Iterator<Item = String>, root: &Path) -> Result<()> {
    let mut opts = Options {
        cache: root.join(".xtask-cache"),
        out: root.join("crates/sitrep-serve/web/vendor"),
        offline: false,
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--cache" => {
                opts.cache = PathBuf::from(args.next().context("--cache needs a directory")?)
            }
            "--out" => opts.out = PathBuf::from(args.next().context("--out needs a directory")?),
            "--offline" => opts.offline = true,
            other => {
                eprint!("{USAGE}");
                bail!("unknown option {other:?} for web-vendor");
            }
        }
    }
    run(&opts)
}

pub fn run(opts: &Options) -> Result<()> {
    fs::create_dir_all(&opts.cache)
        .with_context(|| format!("creating {}", opts.cache.display()))?;
    fs::create_dir_all(&opts.out).with_context(|| format!("creating {}", opts.out.display()))?;
    let mut rows = Vec::new();
    let mut total = 0u64;
    for pkg in &PACKAGES {
        let tarball = fetch(&opts.cache, pkg, opts.offline)?;
        check_integrity(&tarball, pkg)?;
        let dir = opts.out.join(pkg.name);
        if dir.exists() {
            // Files a previous pin shipped must not linger.
            fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
        }
        let mut members = read_members(&tarball, pkg)?;
        let mut files = Vec::new();
        for (member, dest) in pkg.files {
            let bytes = members
                .remove(*member)
                .with_context(|| format!("{} has no member {member}", tarball.display()))?;
            let path = dir.join(dest);
            fs::create_dir_all(path.parent().expect("a file under vendor/<pkg>"))?;
            fs::write(&path, &bytes).with_context(|| format!("writing {}", path.display()))?;
            total += bytes.len() as u64;
            files.push(format!("`{dest}` ({} B)", bytes.len()));
        }
        eprintln!(
            "web-vendor: {} {} -> {}",
            pkg.name,
            pkg.version,
            dir.display()
        );
        rows.push((pkg, files));
    }
    let provenance = opts.out.join("PROVENANCE.md");
    fs::write(&provenance, provenance_md(&rows, total))
        .with_context(|| format!("writing {}", provenance.display()))?;
    eprintln!(
        "web-vendor: {} bytes in {} packages; wrote {}",
        total,
        rows.len(),
        provenance.display()
    );
    Ok(())
}

/// The cached tarball of `pkg`, fetched with `npm pack` when missing (the gazetteer data's
/// package fetcher).
fn fetch(cache: &Path, pkg: &Package, offline: bool) -> Result<PathBuf> {
    crate::gazetteer_data::fetch::ensure_file(
        cache,
        crate::gazetteer_data::fetch::Registry::Npm,
        pkg.name,
        pkg.version,
        &pkg.tarball(),
        offline,
    )
}

/// Refuses a tarball whose sha512 is not the pinned registry integrity.
fn check_integrity(path: &Path, pkg: &Package) -> Result<()> {
    let bytes = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let actual = format!("sha512-{}", base64(&Sha512::digest(&bytes)));
    if actual != pkg.integrity {
        bail!(
            "{} has integrity {actual}, but {}@{} is pinned to {}; delete the file to fetch it again",
            path.display(),
            pkg.name,
            pkg.version,
            pkg.integrity
        );
    }
    Ok(())
}

/// Standard base64 with padding, as in npm's `integrity` strings.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The members of `pkg`'s tarball that the page needs, by path inside the archive.
fn read_members(path: &Path, pkg: &Package) -> Result<std::collections::BTreeMap<String, Vec<u8>>> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut archive = tar::Archive::new(GzDecoder::new(BufReader::new(file)));
    let mut out = std::collections::BTreeMap::new();
    for entry in archive
        .entries()
        .with_context(|| format!("reading {} as a gzipped tar", path.display()))?
    {
        let mut entry = entry.with_context(|| format!("reading an entry of {}", path.display()))?;
        let name = entry.path()?.to_string_lossy().into_owned();
        if !pkg.files.iter().any(|(member, _)| *member == name) {
            continue;
        }
        let mut bytes = Vec::new();
        entry
            .read_to_end(&mut bytes)
            .with_context(|| format!("reading {name} from {}", path.display()))?;
        out.insert(name, bytes);
    }
    Ok(out)
}

fn provenance_md(rows: &[(&Package, Vec<String>)], total: u64) -> String {
    let mut md = String::from(
        "# Vendored web libraries and basemap\n\n\
         Generated by `cargo xtask web-vendor` (see `xtask/src/web.rs`); do not edit by hand.\n\
         Each package was fetched from the npm registry with `npm pack NAME@VERSION` and its\n\
         tarball checked against the sha512 integrity below (the registry's `dist.integrity`)\n\
         before the files were copied unchanged. The server embeds this directory and serves it\n\
         under `/assets/vendor/`; the page loads nothing from elsewhere.\n\n",
    );
    for (pkg, files) in rows {
        let _ = write!(
            md,
            "## {name} {version}\n\n\
             - licence: {licence} (text in `{name}/`)\n\
             - integrity: `{integrity}`\n\
             - used for: {used_for}\n\
             - files: {files}\n\n",
            name = pkg.name,
            version = pkg.version,
            licence = pkg.licence,
            integrity = pkg.integrity,
            used_for = pkg.used_for,
            files = files.join(", "),
        );
    }
    let _ = writeln!(md, "Total: {total} bytes.");
    md
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (input, want) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), want, "base64({input:?})");
        }
    }
}
