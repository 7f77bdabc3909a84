//! SQLite storage of entente records: schema, migrations, ingest, queries.
//!
//! A tour:
//!
//! - [`Store`] owns one connection. [`Store::open`] creates the file if needed, turns on
//!   WAL, a 30 s busy timeout and foreign keys, and applies the numbered migrations of
//!   `migrations/` (`schema.rs`), refusing a database newer than the binary.
//! - [`Store::ingest`] stores a batch of `(Document, Extraction)` in one `BEGIN
//!   IMMEDIATE` transaction (`ingest.rs`). A document already stored (same sha256) is
//!   skipped. The extraction's document-local ids are mapped to database ids: actors
//!   (`actor.rs`), organisations (`organisation.rs`) and initiatives (`initiative.rs`)
//!   merge with stored ones by folded name and aliases, meetings (`meeting.rs`) merge
//!   when the same principals meet on the same day, statements (`statement.rs`) are per
//!   document and indexed with FTS5, mentions (`mention.rs`) keep byte and character
//!   offsets.
//! - The listing methods return the model's stored records ([`entente_model::ActorRecord`]
//!   ...), sorted by id.
//!
//! Invariants: only this crate speaks SQL; every statement is `prepare_cached` with
//! bound parameters; every write is inside a transaction; resolution against stored
//! entities happens inside the write transaction, so concurrent writers cannot create
//! the same actor twice.

mod actor;
mod country;
mod document;
mod error;
mod ingest;
mod initiative;
mod meeting;
mod mention;
mod name;
mod organisation;
mod schema;
mod sql;
mod statement;

use std::path::Path;
use std::time::Duration;

use entente_model::{
    ActorRecord, Document, DocumentRecord, Extraction, InitiativeRecord, MeetingRecord,
    MentionRecord, OrganisationRecord, StatementRecord,
};
use rusqlite::{Connection, OpenFlags};

pub use error::{Error, Result};
pub use ingest::IngestSummary;
pub use schema::SCHEMA_VERSION;

use error::Context;

/// The default time a writer waits for another one to finish.
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// A batch size for [`Store::ingest`] that keeps each write transaction short (well
/// under the busy timeout on a slow disk): at most this many documents ...
pub const BATCH_DOCUMENTS: usize = 500;
/// ... or about this many bytes of text, whichever comes first.
pub const BATCH_BYTES: usize = 8 * 1024 * 1024;

/// The entente database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if missing) the database at `path` and brings its schema up to
    /// date. Refuses a database written by a newer entente with [`Error::SchemaTooNew`].
    /// Writers wait up to [`DEFAULT_BUSY_TIMEOUT`] for each other.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with_busy_timeout(path, DEFAULT_BUSY_TIMEOUT)
    }

    /// [`Store::open`] with another busy timeout (`--busy-timeout`); it applies to the
    /// migration too.
    pub fn open_with_busy_timeout(path: &Path, busy_timeout: Duration) -> Result<Store> {
        let open_error = |source| Error::Open {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open(path).map_err(open_error)?;
        conn.busy_timeout(busy_timeout).map_err(open_error)?;
        // Check before any write, so that a newer database is never touched; this first
        // read also tells a file that is not a database.
        let found = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(open_error)?;
        schema::check_not_newer(found)?;
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))
            .map_err(open_error)?;
        Store::configure(conn, busy_timeout)
    }

    /// A fresh database in memory (for tests and `extract`-style dry runs).
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory().context("open an in-memory database")?;
        Store::configure(conn, DEFAULT_BUSY_TIMEOUT)
    }

    /// Opens an existing database for reading only (`SQLITE_OPEN_READ_ONLY` and
    /// `query_only`), as the explorer does: nothing is created or migrated, and a schema
    /// other than [`SCHEMA_VERSION`] is refused with [`Error::SchemaTooNew`] or
    /// [`Error::SchemaTooOld`].
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let open_error = |source| Error::Open {
            path: path.to_path_buf(),
            source,
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(open_error)?;
        conn.busy_timeout(DEFAULT_BUSY_TIMEOUT)
            .map_err(open_error)?;
        conn.pragma_update(None, "query_only", true)
            .map_err(open_error)?;
        let found = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(open_error)?;
        schema::check_not_newer(found)?;
        if found < SCHEMA_VERSION {
            return Err(Error::SchemaTooOld {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        stable_plans(&conn).map_err(open_error)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Ok(Store { conn })
    }

    fn configure(mut conn: Connection, busy_timeout: Duration) -> Result<Store> {
        conn.busy_timeout(busy_timeout)
            .context("set the busy timeout")?;
        conn.pragma_update(None, "foreign_keys", true)
            .context("turn on foreign keys")?;
        // In WAL mode NORMAL keeps every transaction atomic; only the last commits
        // before a power loss may be lost.
        conn.pragma_update(None, "synchronous", "NORMAL")
            .context("set the synchronous mode")?;
        // 32 MiB of page cache (the default is 2 MiB): the merge lookups stay in memory.
        conn.pragma_update(None, "cache_size", -32 * 1024)
            .context("set the cache size")?;
        stable_plans(&conn).context("turn on the query planner stability guarantee")?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        schema::migrate(&mut conn)?;
        Ok(Store { conn })
    }

    /// Changes how long a write waits for another writer (`--busy-timeout`).
    pub fn set_busy_timeout(&self, timeout: Duration) -> Result<()> {
        self.conn
            .busy_timeout(timeout)
            .context("set the busy timeout")
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        schema::user_version(&self.conn)
    }

    /// Whether a document with this sha256 is stored.
    pub fn is_known(&self, sha256: &str) -> Result<bool> {
        Ok(document::find(&self.conn, sha256)?.is_some())
    }

    /// Stores a batch in one transaction (`BEGIN IMMEDIATE`): all of it or, on error,
    /// none of it. Documents whose sha256 is already stored (also earlier in the same
    /// batch) are counted as known and skipped, their extraction ignored. Keep batches
    /// within [`BATCH_DOCUMENTS`] / [`BATCH_BYTES`] so other writers are not locked out.
    pub fn ingest(&mut self, batch: &[(Document, Extraction)]) -> Result<IngestSummary> {
        ingest::ingest(&mut self.conn, batch)
    }

    /// Every document, text included, by id.
    pub fn documents(&self) -> Result<Vec<DocumentRecord>> {
        document::list(&self.conn)
    }

    /// Every actor with at least one mention, by id, with mention and document counts.
    pub fn actors(&self) -> Result<Vec<ActorRecord>> {
        actor::list(&self.conn)
    }

    /// Every organisation with at least one mention, by id.
    pub fn organisations(&self) -> Result<Vec<OrganisationRecord>> {
        organisation::list(&self.conn)
    }

    /// Every initiative with at least one mention, by id.
    pub fn initiatives(&self) -> Result<Vec<InitiativeRecord>> {
        initiative::list(&self.conn)
    }

    /// Every meeting, of every status (callers keep `MeetingStatus::Held` for
    /// `meetings.csv`), by id; participants carry database actor ids, in the order first
    /// reported, with `participant_names` in the same order.
    pub fn meetings(&self) -> Result<Vec<MeetingRecord>> {
        meeting::list(&self.conn)
    }

    /// Every statement, by id.
    pub fn statements(&self) -> Result<Vec<StatementRecord>> {
        statement::list(&self.conn)
    }

    /// The statements whose words match an FTS5 query (`corridor`, `"middle corridor"`,
    /// `secur*`, `trade AND energy`), best match first. Matching ignores case and
    /// diacritics. A malformed query is [`Error::Search`].
    pub fn search_statements(&self, query: &str) -> Result<Vec<StatementRecord>> {
        statement::search(&self.conn, query)
    }

    /// Every mention, by document and start.
    pub fn mentions(&self) -> Result<Vec<MentionRecord>> {
        mention::list(&self.conn)
    }
}

/// Enough cached statements for every query of an ingest.
const STATEMENT_CACHE: usize = 128;

/// Turns on the query planner stability guarantee. Without it SQLite marks statements
/// whose plan might depend on a bound value (`col = ?` filter terms, with STAT4 in the
/// bundled build), and rusqlite clears the bindings of every cached statement it takes
/// back, which then expires the statement: each reuse would be parsed and planned again
/// (measured: three quarters of ingest time).
fn stable_plans(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )
    .map(|_| ())
}

#[cfg(test)]
mod tests {
    use rusqlite::{StatementStatus, params};

    use super::*;

    #[test]
    fn cached_statements_are_reused_without_being_prepared_again() {
        let store = Store::open_in_memory().unwrap();
        for (word, any_country) in [("erdogan", false), ("wang", true), ("fidan", false)] {
            let mut statement = store.conn.prepare_cached(actor::SURNAME_LOOKUP).unwrap();
            let rows = statement
                .query_map(params![word, word, any_country], |_| Ok(()))
                .unwrap();
            assert_eq!(rows.count(), 0);
        }
        let statement = store.conn.prepare_cached(actor::SURNAME_LOOKUP).unwrap();
        assert_eq!(statement.get_status(StatementStatus::RePrepare), 0);
    }
}
