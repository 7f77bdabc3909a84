//! Ingest: one batch of documents with their extractions, in one write transaction.

use entente_model::{Document, Extraction};
use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Context, Result};
use crate::mention::LocalIds;
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

pub(crate) fn ingest(
    conn: &mut Connection,
    batch: &[(Document, Extraction)],
) -> Result<IngestSummary> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .context("begin the ingest transaction")?;
    let mut summary = IngestSummary::default();
    let indexed = statement::max_id(&tx)?;
    let counted = counts::max_document_id(&tx)?;
    let mut merged = actor::Merged::default();
    for (document, extraction) in batch {
        if document::find(&tx, &document.sha256)?.is_some() {
            summary.known += 1;
            continue;
        }
        let id = document::insert(&tx, document)?;
        summary.added += 1;
        store_extraction(&tx, id, document, extraction, &mut merged, &mut summary)?;
    }
    statement::index_since(&tx, indexed)?;
    counts::add_since(&tx, counted)?;
    tx.commit().context("commit the ingest transaction")?;
    Ok(summary)
}

pub(crate) fn store_extraction(
    conn: &Connection,
    document_id: i64,
    document: &Document,
    extraction: &Extraction,
    merged: &mut actor::Merged,
    summary: &mut IngestSummary,
) -> Result<()> {
    for country in &extraction.countries {
        country::ensure_country(conn, country)?;
    }
    let actors = actor::store_all(conn, &extraction.actors, merged)?;
    summary.actors_added += actors.added;
    summary.actors_unresolved += actors.unresolved;
    let (organisations, added) = organisation::store_all(conn, &extraction.organisations)?;
    summary.organisations_added += added;
    let (initiatives, added) = initiative::store_all(conn, &extraction.initiatives)?;
    summary.initiatives_added += added;
    let ids = LocalIds {
        actors: &actors.ids,
        organisations: &organisations,
        initiatives: &initiatives,
    };
    summary.mentions_added += mention::store_all(
        conn,
        document_id,
        &document.text,
        &extraction.mentions,
        &ids,
        &extraction.countries,
    )?;
    let (meetings, added) =
        meeting::store_all(conn, document_id, &extraction.meetings, &actors.ids)?;
    summary.meetings_added += added;
    summary.statements_added += statement::store_all(
        conn,
        document_id,
        &extraction.statements,
        &ids,
        &meetings,
        &extraction.countries,
    )?;
    Ok(())
}
