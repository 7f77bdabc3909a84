//! Which extractor produced the stored records: the `extractor_versions` table of
//! migration 0005, written at every ingest that stores documents and reset by a
//! re-extraction.

use rusqlite::{Connection, params};

use crate::Store;
use crate::error::{Context, Result};

/// An extractor, as the database records it: the rules version
/// (`entente_extract::rules_version`) and the user dictionary's fingerprint
/// (`entente_extract::dictionary_fingerprint`), `None` without a dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractorVersion {
    pub rules: String,
    pub dictionary: Option<String>,
}

/// One extractor that stored records, with when it was first and last used (UTC,
/// `YYYY-MM-DDTHH:MM:SSZ`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractorUse {
    pub version: ExtractorVersion,
    pub first_used: String,
    pub last_used: String,
}

/// Why the records should be extracted again with `current`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReextractReason {
    /// Some records come from other rules or built-in data (the versions found).
    RulesChanged { found: Vec<String> },
    /// Same rules, but some records were read with another user dictionary (or without
    /// the one now in use, or with one now gone).
    DictionaryChanged,
    /// Documents are stored but no extractor is recorded: they were stored before
    /// entente recorded extractors (migration 0005).
    Unrecorded,
}

/// Whether records produced by `uses` differ from what `current` would produce: rules
/// first (they imply a different dictionary reading too), then the dictionary. With
/// nothing recorded, a re-extraction is due when there are `documents`.
pub fn reextract_reason(
    uses: &[ExtractorUse],
    current: &ExtractorVersion,
    documents: u64,
) -> Option<ReextractReason> {
    if uses.is_empty() {
        return (documents > 0).then_some(ReextractReason::Unrecorded);
    }
    let mut other_rules: Vec<String> = uses
        .iter()
        .filter(|used| used.version.rules != current.rules)
        .map(|used| used.version.rules.clone())
        .collect();
    other_rules.sort();
    other_rules.dedup();
    if !other_rules.is_empty() {
        return Some(ReextractReason::RulesChanged { found: other_rules });
    }
    uses.iter()
        .any(|used| used.version.dictionary != current.dictionary)
        .then_some(ReextractReason::DictionaryChanged)
}

/// Records that `version` stored records now.
pub(crate) fn note(conn: &Connection, version: &ExtractorVersion) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO extractor_versions (rules, dictionary, first_used, last_used)
         VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
         ON CONFLICT (rules, dictionary) DO UPDATE SET last_used = excluded.last_used",
    )
    .context("prepare the extractor version update")?
    .execute(params![version.rules, version.dictionary.as_deref().unwrap_or("")])
    .context("record the extractor version")?;
    Ok(())
}

/// Forgets every earlier extractor: all records now come from `version`.
pub(crate) fn replace(conn: &Connection, version: &ExtractorVersion) -> Result<()> {
    conn.prepare_cached("DELETE FROM extractor_versions")
        .context("prepare the extractor version reset")?
        .execute([])
        .context("reset the extractor versions")?;
    note(conn, version)
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<ExtractorUse>> {
    let mut statement = conn
        .prepare_cached(
            "SELECT rules, dictionary, first_used, last_used FROM extractor_versions
             ORDER BY first_used, rules, dictionary",
        )
        .context("prepare the extractor version listing")?;
    let rows = statement
        .query_map([], |row| {
            let dictionary: String = row.get(1)?;
            Ok(ExtractorUse {
                version: ExtractorVersion {
                    rules: row.get(0)?,
                    dictionary: (!dictionary.is_empty()).then_some(dictionary),
                },
                first_used: row.get(2)?,
                last_used: row.get(3)?,
            })
        })
        .context("list the extractor versions")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("read an extractor version")
}

impl Store {
    /// Records that `version` stored records in this database (`ingest` calls it once
    /// per run that stores documents).
    pub fn note_extractor(&self, version: &ExtractorVersion) -> Result<()> {
        note(&self.conn, version)
    }

    /// Every extractor that stored records since the last re-extraction, oldest first.
    pub fn extractor_uses(&self) -> Result<Vec<ExtractorUse>> {
        list(&self.conn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(rules: &str, dictionary: Option<&str>) -> ExtractorVersion {
        ExtractorVersion {
            rules: rules.into(),
            dictionary: dictionary.map(String::from),
        }
    }

    #[track_caller]
    fn check(
        stored: &[ExtractorVersion],
        current: ExtractorVersion,
        expected: Option<ReextractReason>,
    ) {
        let store = Store::open_in_memory().unwrap();
        for used in stored {
            store.note_extractor(used).unwrap();
        }
        let uses = store.extractor_uses().unwrap();
        assert_eq!(uses.len(), stored.len());
        assert_eq!(reextract_reason(&uses, &current, 1), expected);
    }

    #[test]
    fn a_reextraction_is_due_when_rules_or_dictionary_differ() {
        let rules_changed = |found: &[&str]| {
            Some(ReextractReason::RulesChanged {
                found: found.iter().map(|s| s.to_string()).collect(),
            })
        };
        // One document stored: with no extractor recorded, it came from an unknown one.
        check(&[], version("r2", None), Some(ReextractReason::Unrecorded));
        assert_eq!(
            reextract_reason(&[], &version("r2", None), 0),
            None,
            "nothing stored"
        );
        check(&[version("r2", None)], version("r2", None), None);
        check(
            &[version("r1", None)],
            version("r2", None),
            rules_changed(&["r1"]),
        );
        check(
            &[version("r2", None), version("r1", Some("d"))],
            version("r2", None),
            rules_changed(&["r1"]),
        );
        check(
            &[version("r2", Some("d1"))],
            version("r2", Some("d2")),
            Some(ReextractReason::DictionaryChanged),
        );
        check(
            &[version("r2", None)],
            version("r2", Some("d2")),
            Some(ReextractReason::DictionaryChanged),
        );
        check(
            &[version("r2", Some("d2"))],
            version("r2", Some("d2")),
            None,
        );
    }

    #[test]
    fn the_same_extractor_again_is_one_row() {
        let store = Store::open_in_memory().unwrap();
        store.note_extractor(&version("r1", None)).unwrap();
        store.note_extractor(&version("r1", None)).unwrap();
        store.note_extractor(&version("r1", Some("d"))).unwrap();
        assert_eq!(store.extractor_uses().unwrap().len(), 2);
    }
}
