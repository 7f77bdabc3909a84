//! Re-extraction: every stored document's text read again by the current extractor, and
//! every derived record rebuilt, in one write transaction.
//!
//! Inside the transaction: the derived tables are emptied (actors, organisations,
//! initiatives, countries, mentions, meetings, statements and their links; the FTS index
//! follows through its triggers), documents remembered as removed are dropped, then the
//! documents are extracted in id order, a chunk at a time, and stored exactly as
//! `ingest` stores them (`ingest::store_extraction`), so the records are those of a
//! fresh ingest of the same documents in the same order; the remembered merges are
//! applied again and the extractor version replaces the recorded ones. Document ids,
//! texts and metadata do not change. A failure or a kill at any point leaves the old
//! records.

use entente_model::{Document, Extraction};
use rusqlite::TransactionBehavior;

use crate::curation::{self, MergesApplied};
use crate::error::{Context, Error, Result};
use crate::ingest::{IngestSummary, store_extraction};
use crate::sql::Inserts;
use crate::sql::to_i64;
use crate::{ExtractorVersion, Store, counts, document, extractor, statement};

/// What [`Store::reextract`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReextractSummary {
    /// Documents extracted again, and the records stored for them (`added` is the
    /// number of documents, `known` is 0).
    pub stored: IngestSummary,
    /// Documents remembered as removed that were found stored and dropped.
    pub removed_dropped: usize,
    pub merges: MergesApplied,
}

/// The derived tables, children first (foreign keys). Every row goes.
const WIPE: &[&str] = &[
    "DELETE FROM statement_evidence",
    "DELETE FROM statement_countries",
    "DELETE FROM statement_organisations",
    "DELETE FROM statement_initiatives",
    "DELETE FROM statements",
    "DELETE FROM meeting_evidence",
    "DELETE FROM meeting_documents",
    "DELETE FROM meeting_participants",
    "DELETE FROM meetings",
    "DELETE FROM mentions",
    "DELETE FROM actor_titles",
    "DELETE FROM actor_aliases",
    "DELETE FROM actors",
    "DELETE FROM organisation_aliases",
    "DELETE FROM organisations",
    "DELETE FROM initiative_aliases",
    "DELETE FROM initiatives",
    "DELETE FROM countries",
];

impl Store {
    /// Extracts every stored document again and replaces every derived record, in one
    /// transaction (see the module documentation). `extract` gets the documents in id
    /// order, at most `chunk` at a time, and returns one extraction per document, in
    /// the same order; `None` for a document aborts the whole re-extraction with
    /// [`Error::ExtractionFailed`], leaving the database as it was.
    pub fn reextract(
        &mut self,
        version: &ExtractorVersion,
        chunk: usize,
        mut extract: impl FnMut(&[Document]) -> Vec<Option<Extraction>>,
    ) -> Result<ReextractSummary> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context("begin the re-extraction")?;
        let mut summary = ReextractSummary::default();
        for sql in WIPE {
            tx.prepare_cached(sql)
                .context("prepare the removal of the derived records")?
                .execute([])
                .context("remove the derived records")?;
        }
        for id in curation::stored_removed(&tx)? {
            curation::remove(&tx, id)?;
            summary.removed_dropped += 1;
        }
        let chunk = to_i64(chunk.max(1), "chunk")?;
        let indexed = statement::max_id(&tx)?;
        let mut merged = crate::ingest::Known::default();
        let mut inserts = Inserts::new(&tx);
        let mut after = 0;
        loop {
            let documents = document::chunk(&tx, after, chunk)?;
            let Some((last, _)) = documents.last() else {
                break;
            };
            after = *last;
            let (ids, documents): (Vec<i64>, Vec<Document>) = documents.into_iter().unzip();
            let extractions = extract(&documents);
            for (index, (id, document)) in ids.iter().zip(&documents).enumerate() {
                let Some(Some(extraction)) = extractions.get(index) else {
                    return Err(Error::ExtractionFailed { document: *id });
                };
                store_extraction(
                    &tx,
                    &mut inserts,
                    *id,
                    document,
                    extraction,
                    &mut merged,
                    &mut summary.stored,
                )?;
                summary.stored.added += 1;
            }
        }
        drop(inserts);
        statement::index_since(&tx, indexed)?;
        summary.merges = curation::apply_merges(&tx)?;
        counts::rebuild(&tx)?;
        extractor::replace(&tx, version)?;
        tx.commit().context("commit the re-extraction")?;
        Ok(summary)
    }
}

#[cfg(test)]
mod tests {
    use entente_model::{Actor, ActorId, EntityRef, Mention, Span};

    use super::*;

    /// A document naming `name` at its start, and an extraction with that one actor.
    fn article(name: &str) -> (Document, Extraction) {
        let text = format!("{name} spoke.");
        let document = Document {
            external_id: None,
            title: Some(name.into()),
            published: None,
            source: None,
            url: None,
            path: None,
            sha256: format!("sha of {text}"),
            text,
        };
        (document, extraction(name))
    }

    fn extraction(name: &str) -> Extraction {
        Extraction {
            actors: vec![Actor {
                id: ActorId(0),
                name: name.into(),
                aliases: vec![],
                country: None,
                titles: vec![],
            }],
            mentions: vec![Mention {
                entity: EntityRef::Actor(ActorId(0)),
                surface: name.into(),
                span: Span {
                    start: 0,
                    end: name.len(),
                },
            }],
            ..Extraction::default()
        }
    }

    fn version(rules: &str) -> ExtractorVersion {
        ExtractorVersion {
            rules: rules.into(),
            dictionary: None,
        }
    }

    /// The actor names and mention counts, by id.
    fn actors(store: &Store) -> Vec<(i64, String, u64)> {
        store
            .actors()
            .unwrap()
            .into_iter()
            .map(|a| (a.actor.id.0, a.actor.name, a.mentions))
            .collect()
    }

    #[test]
    fn a_reextraction_rebuilds_in_id_order_and_keeps_document_ids() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .ingest(&[article("Hakan Fidan"), article("Wang Yi")])
            .unwrap();
        store.note_extractor(&version("r1")).unwrap();
        let documents = store.documents().unwrap();
        let mut seen = Vec::new();
        let summary = store
            .reextract(&version("r2"), 1, |chunk| {
                seen.extend(chunk.iter().map(|d| d.title.clone().unwrap()));
                // The new rules read every name in capitals.
                chunk
                    .iter()
                    .map(|d| Some(extraction(&d.title.as_deref().unwrap().to_uppercase())))
                    .collect()
            })
            .unwrap();
        assert_eq!(
            seen,
            ["Hakan Fidan", "Wang Yi"],
            "by id, one chunk at a time"
        );
        assert_eq!(summary.stored.added, 2);
        assert_eq!(summary.stored.actors_added, 2);
        assert_eq!(store.documents().unwrap(), documents, "documents untouched");
        assert_eq!(
            actors(&store),
            [
                (1, "HAKAN FIDAN".to_string(), 1),
                (2, "WANG YI".to_string(), 1)
            ],
            "ids count from 1 again, as in a fresh database"
        );
        let uses = store.extractor_uses().unwrap();
        assert_eq!(uses.len(), 1);
        assert_eq!(uses[0].version, version("r2"));
    }

    #[test]
    fn a_failed_extraction_leaves_the_old_records() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .ingest(&[article("Hakan Fidan"), article("Wang Yi")])
            .unwrap();
        store.note_extractor(&version("r1")).unwrap();
        let before = actors(&store);
        let mut calls = 0;
        let error = store
            .reextract(&version("r2"), 1, |chunk| {
                calls += 1;
                // The second document fails, after the first was stored.
                chunk
                    .iter()
                    .map(|d| (calls == 1).then(|| extraction(d.title.as_deref().unwrap())))
                    .collect()
            })
            .unwrap_err();
        assert!(
            matches!(error, Error::ExtractionFailed { document: 2 }),
            "{error}"
        );
        assert_eq!(actors(&store), before);
        assert_eq!(store.extractor_uses().unwrap()[0].version, version("r1"));
    }

    #[test]
    fn merges_and_removals_are_applied_again() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .ingest(&[
                article("Hakan Fidan"),
                article("H. Fidan"),
                article("Wang Yi"),
            ])
            .unwrap();
        store.merge(crate::MergeKind::Actor, 1, 2).unwrap();
        store.remove_document(3).unwrap();
        assert_eq!(actors(&store), [(1, "Hakan Fidan".to_string(), 2)]);
        let summary = store
            .reextract(&version("r2"), 10, |chunk| {
                chunk
                    .iter()
                    .map(|d| Some(extraction(d.title.as_deref().unwrap())))
                    .collect()
            })
            .unwrap();
        assert_eq!(summary.merges.applied, 1);
        assert_eq!(actors(&store), [(1, "Hakan Fidan".to_string(), 2)]);
        let aliases = &store.actors().unwrap()[0].actor.aliases;
        assert_eq!(aliases, &["H. Fidan"]);
        assert_eq!(store.documents().unwrap().len(), 2);
    }
}
