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
//! - The query methods (`query/`) answer the query commands: [`Store::find_actors`] and
//!   its kin match names as people type them (folded, by alias or words; several matches
//!   are the caller's to show, never a guess), `query_*` take filter structs
//!   ([`MeetingFilter`], [`StatementFilter`] with FTS5 search and match spans, ...) and
//!   select through the indexes of `migrations/0002_query_indexes.sql`.
//! - [`Store::meeting_network`] (`query/network.rs`) builds the meeting network of the
//!   graph export and the explorer from an [`entente_model::NetworkFilter`].
//! - Keeping one database for years (migration 0005): [`Store::reextract`] rebuilds every
//!   derived record from the stored texts in one transaction (`reextract.rs`);
//!   [`Store::merge`], [`Store::remove_document`] and [`Store::restore_document`] are the
//!   analyst's curation, remembered by names and sha256 and applied again after each
//!   re-extraction (`curation.rs`); [`Store::note_extractor`] records which extractor
//!   stored records (`extractor.rs`); [`Store::stats`] is the overview (`stats.rs`).
//!
//! Invariants: only this crate speaks SQL; every statement is `prepare_cached` with
//! bound parameters; every write is inside a transaction; resolution against stored
//! entities happens inside the write transaction, so concurrent writers cannot create
//! the same actor twice.

mod actor;
mod checkpoint;
mod country;
mod counts;
mod curation;
mod document;
mod error;
mod extractor;
mod ingest;
mod initiative;
mod meeting;
mod mention;
mod name;
mod organisation;
mod query;
mod reextract;
mod schema;
mod sql;
mod statement;
mod stats;

use std::path::Path;
use std::time::Duration;

use entente_model::{
    ActorId, ActorRecord, Document, DocumentId, DocumentRecord, EntityRef, Extraction,
    InitiativeId, InitiativeRecord, MeetingId, MeetingRecord, MentionRecord, Network,
    NetworkFilter, OrganisationId, OrganisationRecord, StatementId, StatementRecord,
};
use rusqlite::{Connection, OpenFlags};

pub use curation::{MergeKind, Merged, MergesApplied, Removed, RemovedDocument};
pub use error::{Error, Result};
pub use extractor::{ExtractorUse, ExtractorVersion, ReextractReason, reextract_reason};
pub use ingest::{IngestSummary, Writer};
pub use query::{
    ActorFilter, CountedActor, DocumentFilter, EntityFilter, MeetingFilter, MentionContext,
    MonthCount, Overview, Pair, SpeakerFilter, StatementFilter, StatementHit,
};
pub use reextract::ReextractSummary;
pub use schema::SCHEMA_VERSION;

use error::Context;

/// The default time a writer waits for another one to finish.
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// A size for one write transaction ([`Store::ingest`], [`Writer`]) that keeps it short
/// (a second or two, well under the busy timeout on a slow disk) and long enough that
/// the index pages it touches are written once for many documents (2000 documents a
/// commit against 500: a tenth less time on the generated 100 MB corpus): at most this
/// many documents ...
pub const BATCH_DOCUMENTS: usize = 2000;
/// ... or about this many bytes of text, whichever comes first.
pub const BATCH_BYTES: usize = 32 * 1024 * 1024;

/// The entente database.
#[derive(Debug)]
pub struct Store {
    /// Declared first, so dropped first: its last checkpoint is done before the
    /// connection's close copies what is left.
    checkpointer: Option<checkpoint::Checkpointer>,
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
        if found == 0 {
            // Must come before the first write (and before WAL, which fixes it): an
            // existing database keeps the page size it was created with.
            conn.pragma_update(None, "page_size", PAGE_SIZE)
                .map_err(open_error)?;
        }
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
        Ok(Store {
            checkpointer: None,
            conn,
        })
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
        // 128 MiB of page cache (the default is 2 MiB): the merge lookups and the index
        // pages an ingest dirties stay in memory (-8% writer time against 32 MiB on a
        // 100 MB corpus); peak RSS stays bounded by it, whatever the database's size.
        conn.pragma_update(None, "cache_size", -128 * 1024)
            .context("set the cache size")?;
        // Checkpoint every 64 MiB of log instead of 4 MiB: a page an ingest dirties in
        // several batches is copied into the database once (200 MB corpus: 16% fewer
        // bytes written, 10% less time).
        conn.pragma_update(None, "wal_autocheckpoint", 16384)
            .context("set the checkpoint interval")?;
        stable_plans(&conn).context("turn on the query planner stability guarantee")?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        schema::migrate(&mut conn)?;
        Ok(Store {
            checkpointer: None,
            conn,
        })
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

    /// Whether a document with this external id (the input's own `id`) and another text
    /// than `sha256` is stored.
    pub fn external_id_taken(&self, external_id: &str, sha256: &str) -> Result<bool> {
        document::external_id_taken(&self.conn, external_id, sha256)
    }

    /// Runs `read` inside one read transaction, so that every listing it makes sees the
    /// same state of the database while another process commits (an export during an
    /// ingest: no mention of a document the export has not listed).
    pub fn read_snapshot<T, E: From<Error>>(
        &self,
        read: impl FnOnce(&Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Deferred,
        )
        .context("begin a read transaction")?;
        let value = read(self)?;
        tx.commit().context("end a read transaction")?;
        Ok(value)
    }

    /// The sha256 of every stored document, sorted: one query instead of an
    /// [`Store::is_known`] per document, for an ingest that skips known texts before
    /// extracting them. Another writer may add documents afterwards; [`Store::ingest`]
    /// still skips those.
    pub fn known_hashes(&self) -> Result<Vec<String>> {
        document::hashes(&self.conn)
    }

    /// Stores a batch in one transaction (`BEGIN IMMEDIATE`): all of it or, on error,
    /// none of it. Documents whose sha256 is already stored (also earlier in the same
    /// batch) are counted as known and skipped, their extraction ignored. Keep batches
    /// within [`BATCH_DOCUMENTS`] / [`BATCH_BYTES`] so other writers are not locked out.
    pub fn ingest(&mut self, batch: &[(Document, Extraction)]) -> Result<IngestSummary> {
        ingest::ingest(self, batch)
    }

    /// Opens a write transaction that documents are stored into one by one, for a
    /// caller that streams them: the same records as [`Store::ingest`] of the same
    /// documents, none of them held by the caller. Commit within [`BATCH_DOCUMENTS`] /
    /// [`BATCH_BYTES`] (see [`Writer::pending`]); dropped uncommitted, it stores nothing.
    pub fn writer(&mut self) -> Result<Writer<'_>> {
        Writer::begin(self)
    }

    /// From now on, copies what each [`Writer`] commits from the write-ahead log into
    /// the database file on a thread of its own, off the writer's (see
    /// `checkpoint.rs`), for an ingest that commits many batches. Does nothing for a
    /// database in memory, or when the second connection cannot be had.
    pub fn checkpoint_in_background(&mut self) {
        if self.checkpointer.is_some() {
            return;
        }
        let Some(path) = self.conn.path().filter(|path| !path.is_empty()) else {
            return;
        };
        self.checkpointer = checkpoint::Checkpointer::start(Path::new(path));
    }

    /// Whether the mention and document counts kept beside every actor, organisation and
    /// initiative (migration 0006) equal what the mentions say: a check for tests and
    /// for a user who suspects the database.
    pub fn counts_consistent(&self) -> Result<bool> {
        counts::consistent(&self.conn)
    }

    /// Every document, text included, by id.
    pub fn documents(&self) -> Result<Vec<DocumentRecord>> {
        document::list(&self.conn)
    }

    /// Every document by id, with an empty `text`: the metadata, without holding every
    /// article in memory (what `export` writes).
    pub fn documents_without_text(&self) -> Result<Vec<DocumentRecord>> {
        document::list_without_text(&self.conn)
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
        meeting::list(&self.conn, meeting::EvidenceRows::All)
    }

    /// [`Store::meetings`] with only the first evidence sentence of each meeting (the
    /// one `meetings.csv` and the workbook show): on a large database most evidence
    /// rows belong to meetings many articles reported, and are not read.
    pub fn meetings_with_first_evidence(&self) -> Result<Vec<MeetingRecord>> {
        meeting::list(&self.conn, meeting::EvidenceRows::First)
    }

    /// Every statement, by id.
    pub fn statements(&self) -> Result<Vec<StatementRecord>> {
        statement::list(&self.conn)
    }

    /// Every statement by id, as [`Store::statements`] lists them, handed to `f` one at a
    /// time (read a few thousand at a time, never all in memory). An error of `f` stops
    /// the reading and is returned.
    pub fn each_statement<E: From<Error>>(
        &self,
        f: impl FnMut(StatementRecord) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        statement::each(&self.conn, f)
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

    /// Every mention, handed to `f` one at a time as it is read (never all in memory),
    /// in the order an export writes them: by document, start, end, entity, surface.
    /// An error of `f` stops the reading and is returned.
    pub fn each_mention<E: From<Error>>(
        &self,
        f: impl FnMut(MentionRecord) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        mention::each(&self.conn, f)
    }

    // Queries (`query/`): the records behind `entente actors`, `meetings`, `show` ...

    /// The actors a name fits, as people type it: an id, the folded canonical name, or
    /// every folded word found in the name or one alias ("erdogan", "xi", "wang yi").
    /// Several means the name is ambiguous; the store never guesses.
    pub fn find_actors(&self, name: &str) -> Result<Vec<ActorRecord>> {
        let ids = query::names::matching(&self.conn, &query::names::ACTORS, name)?;
        let ids: Vec<ActorId> = ids.into_iter().map(ActorId).collect();
        query::actors_by_id(&self.conn, &ids)
    }

    /// The organisations a name fits (canonical name, acronym, alias words).
    pub fn find_organisations(&self, name: &str) -> Result<Vec<OrganisationRecord>> {
        let ids = query::names::matching(&self.conn, &query::names::ORGANISATIONS, name)?;
        let ids: Vec<OrganisationId> = ids.into_iter().map(OrganisationId).collect();
        query::organisations_by_id(&self.conn, &ids)
    }

    /// The initiatives a name fits (canonical name, alias words).
    pub fn find_initiatives(&self, name: &str) -> Result<Vec<InitiativeRecord>> {
        let ids = query::names::matching(&self.conn, &query::names::INITIATIVES, name)?;
        let ids: Vec<InitiativeId> = ids.into_iter().map(InitiativeId).collect();
        query::initiatives_by_id(&self.conn, &ids)
    }

    /// Actors by filter, most mentioned first.
    pub fn query_actors(&self, filter: &ActorFilter) -> Result<Vec<ActorRecord>> {
        query::actors(&self.conn, filter)
    }

    /// Organisations by filter, most mentioned first.
    pub fn query_organisations(&self, filter: &EntityFilter) -> Result<Vec<OrganisationRecord>> {
        query::organisations(&self.conn, filter)
    }

    /// Initiatives by filter (`country` is the sponsor), most mentioned first.
    pub fn query_initiatives(&self, filter: &EntityFilter) -> Result<Vec<InitiativeRecord>> {
        query::initiatives(&self.conn, filter)
    }

    /// Meetings reported as held, by filter, newest first.
    pub fn query_meetings(&self, filter: &MeetingFilter) -> Result<Vec<MeetingRecord>> {
        query::meetings(&self.conn, filter)
    }

    /// The meeting network by filter: actors as nodes, every two participants of a held
    /// meeting as an edge with its meetings. The rules (which meetings count, what each
    /// filter keeps, the limit) are those of `query/network.rs`: held meetings only;
    /// `actors` and `countries` keep the edges with one of those actors, or an actor of
    /// those states, at either end; `from`/`to` select meetings by date (undated ones out);
    /// unfiltered, the `limit` most mentioned actors who met someone, with the edges
    /// among them. Nodes most mentioned first, edges by `(source, target)`.
    pub fn meeting_network(&self, filter: &NetworkFilter) -> Result<Network> {
        query::meeting_network(&self.conn, filter)
    }

    /// Statements by filter, newest first, with the spans a search matched. A search
    /// query that FTS5 rejects is [`Error::Search`].
    pub fn query_statements(&self, filter: &StatementFilter) -> Result<Vec<StatementHit>> {
        query::statements(&self.conn, filter)
    }

    /// Documents by filter, newest first, without their text.
    pub fn query_documents(&self, filter: &DocumentFilter) -> Result<Vec<DocumentRecord>> {
        query::documents(&self.conn, filter)
    }

    /// The actors `ids` (those with mentions), most mentioned first.
    pub fn actors_by_id(&self, ids: &[ActorId]) -> Result<Vec<ActorRecord>> {
        query::actors_by_id(&self.conn, ids)
    }

    /// The organisations `ids` (those with mentions), most mentioned first.
    pub fn organisations_by_id(&self, ids: &[OrganisationId]) -> Result<Vec<OrganisationRecord>> {
        query::organisations_by_id(&self.conn, ids)
    }

    /// The initiatives `ids` (those with mentions), most mentioned first.
    pub fn initiatives_by_id(&self, ids: &[InitiativeId]) -> Result<Vec<InitiativeRecord>> {
        query::initiatives_by_id(&self.conn, ids)
    }

    /// The documents `ids`, in that order, without their text.
    pub fn documents_by_id(&self, ids: &[DocumentId]) -> Result<Vec<DocumentRecord>> {
        query::documents_by_id(&self.conn, ids)
    }

    /// One meeting, of any status.
    pub fn meeting(&self, id: MeetingId) -> Result<Option<MeetingRecord>> {
        query::meeting(&self.conn, id)
    }

    /// One statement.
    pub fn statement(&self, id: StatementId) -> Result<Option<StatementRecord>> {
        query::statement(&self.conn, id)
    }

    /// One document, with its text.
    pub fn document(&self, id: DocumentId) -> Result<Option<DocumentRecord>> {
        query::document(&self.conn, id)
    }

    // Aggregates of the browser explorer (`query/explore.rs`).

    /// Counts per kind and the publication date range.
    pub fn overview(&self) -> Result<Overview> {
        query::explore::overview(&self.conn)
    }

    /// The pairs of actors with the most held meetings together, most first.
    pub fn top_pairs(&self, limit: usize) -> Result<Vec<Pair>> {
        query::explore::top_pairs(&self.conn, limit)
    }

    /// The actors `actor` met most often (held meetings), most first.
    pub fn counterparts(&self, actor: ActorId, limit: usize) -> Result<Vec<CountedActor>> {
        query::explore::counterparts(&self.conn, actor, limit)
    }

    /// The actors with the most statements mentioning `initiative`, most first.
    pub fn initiative_speakers(
        &self,
        initiative: InitiativeId,
        limit: usize,
    ) -> Result<Vec<CountedActor>> {
        query::explore::initiative_speakers(&self.conn, initiative, limit)
    }

    /// Held, dated meetings of `actor` per month, oldest first.
    pub fn meetings_per_month(&self, actor: ActorId) -> Result<Vec<MonthCount>> {
        query::explore::meetings_per_month(&self.conn, actor)
    }

    /// Statements of `actor` per month (its date, else its article's), oldest first.
    pub fn statements_per_month(&self, actor: ActorId) -> Result<Vec<MonthCount>> {
        query::explore::statements_per_month(&self.conn, actor)
    }

    /// Mentions of `entity` per month of publication, oldest first.
    pub fn mentions_per_month(&self, entity: &EntityRef) -> Result<Vec<MonthCount>> {
        query::explore::mentions_per_month(&self.conn, entity)
    }

    /// The states (ISO alpha-3) of the actors who took part in a held meeting, sorted.
    pub fn meeting_countries(&self) -> Result<Vec<String>> {
        query::explore::meeting_countries(&self.conn)
    }

    /// A number that changes whenever another connection commits to the database
    /// (`PRAGMA data_version`): a reader's cache of pages stays valid while it is the
    /// same. Read it inside the read transaction whose answers it labels.
    pub fn data_version(&self) -> Result<i64> {
        query::explore::data_version(&self.conn)
    }

    /// The mentions of one document, by start.
    pub fn document_mentions(&self, document: DocumentId) -> Result<Vec<MentionRecord>> {
        query::explore::document_mentions(&self.conn, document)
    }

    /// The first mention of `entity` in each of `documents` that mentions it, with the
    /// text around it, in the order of `documents`.
    pub fn first_mentions(
        &self,
        entity: &EntityRef,
        documents: &[DocumentId],
    ) -> Result<Vec<MentionContext>> {
        query::first_mentions(&self.conn, entity, documents)
    }
}

/// The page size of a new database file (SQLite's default is 4 KiB). Larger pages make
/// shallower B-trees with fewer splits: the writer spends about 9% less CPU on the
/// generated 20 MB corpus (mentions are a third of the rows, with four indexes).
const PAGE_SIZE: i64 = 16 * 1024;

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
    fn known_hashes_are_those_of_the_stored_documents() {
        let mut store = Store::open_in_memory().unwrap();
        assert!(store.known_hashes().unwrap().is_empty());
        let document = |sha256: &str| Document {
            external_id: None,
            title: None,
            published: None,
            source: None,
            url: None,
            path: None,
            sha256: sha256.into(),
            text: format!("text {sha256}"),
        };
        let batch: Vec<(Document, Extraction)> = ["b2", "a1", "b2"]
            .into_iter()
            .map(|sha256| (document(sha256), Extraction::default()))
            .collect();
        store.ingest(&batch).unwrap();
        assert_eq!(store.known_hashes().unwrap(), ["a1", "b2"]);
    }

    #[test]
    fn foreign_keys_are_checked_again_after_an_ingest() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .ingest(&[stored_document(None, "Ankara and Beijing.")])
            .unwrap();
        let enforced: bool = store
            .conn
            .pragma_query_value(None, "foreign_keys", |row| row.get(0))
            .unwrap();
        assert!(enforced);
    }

    #[test]
    fn cached_statements_are_reused_without_being_prepared_again() {
        let store = Store::open_in_memory().unwrap();
        for (word, any_country) in [("erdogan", false), ("wang", true), ("fidan", false)] {
            let mut statement = store.conn.prepare_cached(&actor::SURNAME_LOOKUP).unwrap();
            let rows = statement
                .query_map(params![word, word, any_country], |_| Ok(()))
                .unwrap();
            assert_eq!(rows.count(), 0);
        }
        let statement = store.conn.prepare_cached(&actor::SURNAME_LOOKUP).unwrap();
        assert_eq!(statement.get_status(StatementStatus::RePrepare), 0);
    }

    /// A document with no extraction, its sha256 made up from its text (also for the
    /// other modules' tests).
    pub(crate) fn stored_document(external_id: Option<&str>, text: &str) -> (Document, Extraction) {
        let document = Document {
            external_id: external_id.map(String::from),
            title: None,
            published: None,
            source: None,
            url: None,
            path: None,
            sha256: format!("sha of {text}"),
            text: text.into(),
        };
        (document, Extraction::default())
    }

    #[test]
    fn external_ids_are_looked_up() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .ingest(&[
                stored_document(Some("wire-1"), "One."),
                stored_document(None, "Two."),
            ])
            .unwrap();
        assert!(store.external_id_taken("wire-1", "sha of Three.").unwrap());
        assert!(!store.external_id_taken("wire-1", "sha of One.").unwrap());
        assert!(!store.external_id_taken("wire-2", "sha of Three.").unwrap());
        assert!(!store.external_id_taken("", "sha of Two.").unwrap());
    }

    #[test]
    fn a_read_snapshot_does_not_see_what_another_writer_commits_meanwhile() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("entente.db");
        let mut writer = Store::open(&path).unwrap();
        let reader = Store::open(&path).unwrap();
        writer.ingest(&[stored_document(None, "One.")]).unwrap();
        let (before, after) = reader
            .read_snapshot(|store| -> Result<(usize, usize)> {
                let before = store.documents()?.len();
                writer.ingest(&[stored_document(None, "Two.")])?;
                Ok((before, store.documents()?.len()))
            })
            .unwrap();
        assert_eq!((before, after), (1, 1));
        assert_eq!(reader.documents().unwrap().len(), 2);
    }
}
