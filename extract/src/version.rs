//! The extractor version: what a database records about the extractor that produced its
//! records, so that it can tell when a re-extraction is due.
//!
//! Two parts, compared separately so that the reason can be told:
//!
//! - [`rules_version`]: the crate version, [`RULES_REVISION`] and a hash of the built-in
//!   data files (`extract/data/`). Any change to the rules or the data changes it.
//! - [`dictionary_fingerprint`]: a hash of the user dictionary's text, or nothing when
//!   none is in use.

use sha2::{Digest, Sha256};

use crate::lexicon::DATA_FILES;

/// Bump this whenever a change to the rules changes what [`crate::extract`] returns for
/// some text (a data file change is seen without it).
pub const RULES_REVISION: u32 = 2;

/// The version of the rules and built-in data this binary extracts with, such as
/// `0.1.0+r1+data.3f9a0c12d4e5`.
pub fn rules_version() -> String {
    let mut hasher = Sha256::new();
    for (name, text) in DATA_FILES {
        // Names and lengths delimit the files, so moving a line between two files
        // changes the hash too.
        hasher.update(name.as_bytes());
        hasher.update((text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    }
    let digest = hasher.finalize();
    let short: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!(
        "{}+r{RULES_REVISION}+data.{short}",
        env!("CARGO_PKG_VERSION")
    )
}

/// A short fingerprint of a user dictionary's text (the first 12 hex digits of its
/// sha256, after dropping a BOM and turning CRLF into LF): the same file gives the
/// same fingerprint on every machine.
pub fn dictionary_fingerprint(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n");
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_version_names_the_crate_revision_and_data() {
        let version = rules_version();
        assert!(
            version.starts_with(&format!(
                "{}+r{RULES_REVISION}+data.",
                env!("CARGO_PKG_VERSION")
            )),
            "{version}"
        );
        let hash = version.rsplit('.').next().unwrap();
        assert_eq!(hash.len(), 12);
        assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(version, rules_version(), "deterministic");
    }

    #[test]
    fn dictionary_fingerprints_follow_the_content_not_the_line_ends() {
        let one = "[[person]]\nname = \"Selin Aydemir\"\n";
        assert_eq!(
            dictionary_fingerprint(one),
            dictionary_fingerprint("\u{feff}[[person]]\r\nname = \"Selin Aydemir\"\r\n")
        );
        assert_ne!(
            dictionary_fingerprint(one),
            dictionary_fingerprint("[[person]]\nname = \"Selin Aydemir Kaya\"\n")
        );
        assert_eq!(dictionary_fingerprint(one).len(), 12);
    }
}
