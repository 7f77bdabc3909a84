//! Ingest: documents with their extractions, in one write transaction ([`Writer`]).

use entente_model::{Document, Extraction};
use rusqlite::Connection;

use crate::Store;
use crate::error::{Context, Result};
use crate::mention::LocalIds;
use crate::sql::Inserts;
use crate::{
    actor, country, counts, document, initiative, meeting, mention, organisation, statement,
};

/// What one [`crate::Store::ingest`] call stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestSummary {
    /// Documents stored.
    pub added: usize,
    /// Documents already stored (same sha256), skipped with their extraction.
    pub known: usize,
    /// New entities and records (a merge into a stored one does not count).
    pub actors_added: usize,
    pub organisations_added: usize,
    pub initiatives_added: usize,
    pub meetings_added: usize,
    pub statements_added: usize,
    pub mentions_added: usize,
    /// Extracted actors not stored because their lone surname fits several stored
    /// actors: the store never guesses. Their mentions, meeting participations and
    /// statements (as speaker) are dropped.
    pub actors_unresolved: usize,
}

/// One write transaction (`BEGIN IMMEDIATE`) that documents are stored into one at a
/// time ([`Writer::add`]), so a caller streaming articles holds none of them while the
/// transaction is open; [`Writer::commit`] stores all of them, and dropping the writer
/// without a commit (or after an error) stores none.
///
/// Foreign key checks are off while it is open: every id it writes it has just read or
/// written in the same transaction, and checking each reference row by row cost a fifth
/// of the writer's time. So are CHECK constraints (`ignore_check_constraints`): the
/// rows it writes have exactly one entity column set, the one their kind names, by
/// construction, and the checks were 40 of the 90 steps of each mention row (2.5% of
/// the writer thread's instructions). The end-to-end tests run
/// `PRAGMA foreign_key_check` and `PRAGMA integrity_check` (which checks the CHECK
/// constraints too) after their ingests; every other write (curation, migrations)
/// keeps the checks.
#[derive(Debug)]
pub struct Writer<'a> {
    conn: &'a Connection,
    checkpointer: Option<&'a crate::checkpoint::Checkpointer>,
    /// Whether the transaction is still to be committed or rolled back.
    open: bool,
    /// The highest statement id before the transaction: what is above it is indexed
    /// for FTS5 at the commit.
    indexed: i64,
    merged: Known,
    /// The multi-row inserts, prepared once for the transaction.
    inserts: Inserts<'a>,
    summary: IngestSummary,
    bytes: usize,
}

impl<'a> Writer<'a> {
    /// Takes the store mutably: nothing else writes through it while this is open.
    pub(crate) fn begin(store: &'a mut Store) -> Result<Writer<'a>> {
        let conn = &store.conn;
        // A no-op inside a transaction: set before it begins.
        conn.pragma_update(None, "foreign_keys", false)
            .context("turn off foreign key checks for the ingest")?;
        conn.pragma_update(None, "ignore_check_constraints", true)
            .context("turn off check constraints for the ingest")?;
        let mut writer = Writer {
            conn,
            checkpointer: store.checkpointer.as_ref(),
            open: false,
            indexed: 0,
            merged: Known::default(),
            inserts: Inserts::new(conn),
            summary: IngestSummary::default(),
            bytes: 0,
        };
        conn.execute_batch("BEGIN IMMEDIATE")
            .context("begin the ingest transaction")?;
        writer.open = true;
        writer.indexed = statement::max_id(conn)?;
        Ok(writer)
    }

    /// Stores one document with its extraction, or counts it as known when a document
    /// with its sha256 is already stored (also earlier in this transaction).
    pub fn add(&mut self, document: &Document, extraction: &Extraction) -> Result<()> {
        if document::find(self.conn, &document.sha256)?.is_some() {
            self.summary.known += 1;
            return Ok(());
        }
        let id = document::insert(self.conn, document)?;
        self.summary.added += 1;
        self.bytes += document.text.len();
        store_extraction(
            self.conn,
            &mut self.inserts,
            id,
            document,
            extraction,
            &mut self.merged,
            &mut self.summary,
        )
    }

    /// The documents stored in this transaction and their bytes of text, for a caller
    /// that commits every so many (see [`crate::BATCH_DOCUMENTS`]).
    pub fn pending(&self) -> (usize, usize) {
        (self.summary.added, self.bytes)
    }

    /// Whether a document with this external id and another text than `sha256` is
    /// stored, this transaction's documents included.
    pub fn external_id_taken(&self, external_id: &str, sha256: &str) -> Result<bool> {
        document::external_id_taken(self.conn, external_id, sha256)
    }

    /// Indexes the new statements for FTS5 (one statement: FTS5 flushes at every
    /// statement savepoint), adds the new mentions to the counts, and commits. Returns
    /// what the transaction stored.
    pub fn commit(mut self) -> Result<IngestSummary> {
        statement::index_since(self.conn, self.indexed)?;
        self.merged.counts.apply(self.conn)?;
        self.conn
            .execute_batch("COMMIT")
            .context("commit the ingest transaction")?;
        self.open = false;
        if let Some(checkpointer) = self.checkpointer {
            checkpointer.request();
        }
        self.conn
            .pragma_update(None, "foreign_keys", true)
            .context("turn foreign key checks back on")?;
        self.conn
            .pragma_update(None, "ignore_check_constraints", false)
            .context("turn check constraints back on")?;
        Ok(std::mem::take(&mut self.summary))
    }
}

impl Drop for Writer<'_> {
    fn drop(&mut self) {
        // Nothing to report to here: a failed rollback is SQLite's to finish when the
        // connection closes, and the next writer sets the checks again.
        if self.open {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        let _ = self.conn.pragma_update(None, "foreign_keys", true);
        let _ = self
            .conn
            .pragma_update(None, "ignore_check_constraints", false);
    }
}

/// What one write transaction knows of the stored actors and organisations, so that a
/// name seen again in it is not read or merged again (see [`actor::Merged`] and
/// [`organisation::Merged`]).
#[derive(Debug, Default)]
pub(crate) struct Known {
    actors: actor::Merged,
    organisations: organisation::Merged,
    /// The mentions and documents stored so far, per record, to add to the counts.
    counts: counts::New,
    /// The countries stored in this transaction.
    countries: country::Stored,
    /// The statements known by speaker and text ([`statement::Quotes`]).
    quotes: statement::Quotes,
}

/// Stores a batch in one transaction: all of it or, on error, none of it.
pub(crate) fn ingest(store: &mut Store, batch: &[(Document, Extraction)]) -> Result<IngestSummary> {
    let mut writer = Writer::begin(store)?;
    for (document, extraction) in batch {
        writer.add(document, extraction)?;
    }
    writer.commit()
}

pub(crate) fn store_extraction(
    conn: &Connection,
    inserts: &mut Inserts<'_>,
    document_id: i64,
    document: &Document,
    extraction: &Extraction,
    merged: &mut Known,
    summary: &mut IngestSummary,
) -> Result<()> {
    // Every country the records refer to is stored first, so the records' rows can
    // name it (`country::stored_code`).
    let referred = extraction
        .countries
        .iter()
        .chain(
            extraction
                .actors
                .iter()
                .filter_map(|actor| actor.country.as_ref()),
        )
        .chain(
            extraction
                .organisations
                .iter()
                .filter_map(|o| o.country.as_ref()),
        )
        .chain(
            extraction
                .initiatives
                .iter()
                .filter_map(|i| i.sponsor.as_ref()),
        )
        .chain(
            extraction
                .meetings
                .iter()
                .filter_map(|m| m.location.country.as_ref()),
        );
    for country in referred {
        merged.countries.ensure(conn, country)?;
    }
    let actors = actor::store_all(conn, &extraction.actors, &mut merged.actors)?;
    summary.actors_added += actors.added;
    summary.actors_unresolved += actors.unresolved;
    let (organisations, added) =
        organisation::store_all(conn, &extraction.organisations, &mut merged.organisations)?;
    summary.organisations_added += added;
    let (initiatives, added) = initiative::store_all(conn, &extraction.initiatives)?;
    summary.initiatives_added += added;
    let ids = LocalIds {
        actors: &actors.ids,
        organisations: &organisations,
        initiatives: &initiatives,
    };
    summary.mentions_added += mention::store_all(
        &mut inserts.mentions,
        document_id,
        &document.text,
        &extraction.mentions,
        &ids,
        &extraction.countries,
        &mut merged.counts,
    )?;
    let (meetings, added) = meeting::store_all(
        conn,
        inserts,
        document_id,
        &extraction.meetings,
        &actors.ids,
    )?;
    summary.meetings_added += added;
    summary.statements_added += statement::store_all(
        &mut inserts.statement_evidence,
        document_id,
        &extraction.statements,
        &ids,
        &meetings,
        &extraction.countries,
        &mut merged.quotes,
    )?;
    Ok(())
}
