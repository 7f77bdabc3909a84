//! The errors of the store: every variant says what was being done and with what.

use std::path::PathBuf;

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database file could not be opened or configured.
    #[error("cannot open database `{path}`", path = .path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    /// The database was written by a newer entente: this binary does not know its schema.
    #[error(
        "database schema version `{found}` is newer than the supported version `{supported}`; upgrade entente"
    )]
    SchemaTooNew { found: i64, supported: i64 },
    /// A read-only open met a database that needs a migration this binary would apply.
    #[error(
        "database schema version `{found}` is older than the supported version `{supported}`; open it once for writing to upgrade"
    )]
    SchemaTooOld { found: i64, supported: i64 },
    /// Applying migration `version` failed; the database is left at the version before.
    #[error("cannot apply migration `{version}`")]
    Migration {
        version: i64,
        #[source]
        source: rusqlite::Error,
    },
    /// Another connection held the write lock for the whole busy timeout.
    #[error("database is locked by another writer (while trying to {context})")]
    Busy {
        context: String,
        #[source]
        source: rusqlite::Error,
    },
    /// Any other SQLite failure, with what the store was doing.
    #[error("cannot {context}")]
    Sqlite {
        context: String,
        #[source]
        source: rusqlite::Error,
    },
    /// A full-text query that SQLite's FTS5 syntax rejects.
    #[error("invalid search query `{query}`")]
    Search {
        query: String,
        #[source]
        source: rusqlite::Error,
    },
    /// A stored value that does not decode (a corrupt or hand-edited database).
    #[error("invalid value `{value}` in `{table}.{column}`")]
    InvalidValue {
        table: &'static str,
        column: &'static str,
        value: String,
    },
    /// No record of this kind has this id.
    #[error("no {kind} with id `{id}`")]
    NotFound { kind: &'static str, id: i64 },
    /// A merge of a record with itself.
    #[error("cannot merge {kind} `{id}` with itself; give two different ids")]
    SameRecord { kind: &'static str, id: i64 },
    /// `restore document` with a sha256 (prefix) that fits no removed document, or several.
    #[error(
        "`{sha256}` fits {found} removed documents; give the sha256 (at least 8 hex digits) of one"
    )]
    NoRemovedDocument { sha256: String, found: usize },
    /// The extractor failed on a document during a re-extraction; nothing was changed.
    #[error(
        "extraction of document `{document}` failed (an entente bug: please report it); the database is unchanged"
    )]
    ExtractionFailed { document: i64 },
    /// A number that does not fit the database's 64-bit integers (or back into `usize`).
    #[error("value `{value}` of `{what}` is out of range")]
    OutOfRange { what: &'static str, value: String },
}

/// Results of the store.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Adds what the store was doing to a rusqlite error.
pub(crate) trait Context<T> {
    fn context(self, context: &'static str) -> Result<T>;
}

impl<T> Context<T> for rusqlite::Result<T> {
    fn context(self, context: &'static str) -> Result<T> {
        self.map_err(|source| sqlite(context, source))
    }
}

/// Wraps a rusqlite error, telling a lock timeout apart from other failures.
pub(crate) fn sqlite(context: &str, source: rusqlite::Error) -> Error {
    let busy = matches!(
        source.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    );
    let context = context.to_owned();
    if busy {
        Error::Busy { context, source }
    } else {
        Error::Sqlite { context, source }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_lower_case_with_values_in_backticks() {
        let error = Error::SchemaTooNew {
            found: 9,
            supported: 1,
        };
        assert_eq!(
            error.to_string(),
            "database schema version `9` is newer than the supported version `1`; upgrade entente"
        );
        let error = Error::InvalidValue {
            table: "meetings",
            column: "kind",
            value: "brunch".into(),
        };
        assert_eq!(
            error.to_string(),
            "invalid value `brunch` in `meetings.kind`"
        );
    }
}
