//! `entente reextract`: every stored document read again by this binary's extractor and
//! user dictionary, every derived record rebuilt in one transaction, the remembered
//! merges and removals applied again.

use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use anyhow::Context;
use entente_extract::{Lexicon, extract};
use entente_model::{Counts, Document, Extraction};
use entente_store::ExtractorVersion;

use super::Output;

/// Documents handed to the workers at once, per worker.
const CHUNK_PER_JOB: usize = 32;

pub fn run(
    db: &Path,
    busy_timeout: Duration,
    (lexicon, version): (&Lexicon, &ExtractorVersion),
    jobs: usize,
    output: Output,
) -> anyhow::Result<ExitCode> {
    if !db.exists() {
        anyhow::bail!("database `{}` does not exist", db.display());
    }
    let mut store = super::open_store(db, busy_timeout)?;
    let before = store.stats(0).context("cannot read the database")?.counts;
    let jobs = jobs.max(1);
    let summary = store
        .reextract(version, CHUNK_PER_JOB * jobs, |documents| {
            extract_all(documents, lexicon, jobs)
        })
        .context("cannot re-extract")?;
    let after = store.stats(0).context("cannot read the database")?.counts;
    if !output.quiet {
        eprintln!(
            "entente: re-extracted {} document{} with {}: {}",
            summary.stored.added,
            if summary.stored.added == 1 { "" } else { "s" },
            super::stats::label(version),
            changes(&before, &after)
        );
        let merges = &summary.merges;
        if merges.applied + merges.already_one + merges.skipped.len() > 0 {
            eprintln!(
                "entente: merges applied again: {}, already one record: {}, not applicable: {}",
                merges.applied,
                merges.already_one,
                merges.skipped.len()
            );
        }
        for skipped in &merges.skipped {
            eprintln!("entente: warning: merge not applied: {skipped}");
        }
        if summary.removed_dropped > 0 {
            eprintln!(
                "entente: dropped {} removed document{} found stored again",
                summary.removed_dropped,
                if summary.removed_dropped == 1 {
                    ""
                } else {
                    "s"
                }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `30 actors (was 28), 17 organisations, ...`: each count after, with the count before
/// when it changed.
fn changes(before: &Counts, after: &Counts) -> String {
    let kinds = [
        ("actors", before.actors, after.actors),
        ("organisations", before.organisations, after.organisations),
        ("initiatives", before.initiatives, after.initiatives),
        (
            "meetings",
            before.meetings_held + before.meetings_planned + before.meetings_cancelled,
            after.meetings_held + after.meetings_planned + after.meetings_cancelled,
        ),
        ("statements", before.statements, after.statements),
        ("mentions", before.mentions, after.mentions),
    ];
    kinds
        .iter()
        .map(|(kind, before, after)| {
            if before == after {
                format!("{after} {kind}")
            } else {
                format!("{after} {kind} (was {before})")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Extracts `documents` on `jobs` threads; the results in the documents' order, `None`
/// where the extractor panicked (it never should).
fn extract_all(documents: &[Document], lexicon: &Lexicon, jobs: usize) -> Vec<Option<Extraction>> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Extraction>>> = Mutex::new(vec![None; documents.len()]);
    thread::scope(|scope| {
        for _ in 0..jobs.min(documents.len()) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(document) = documents.get(index) else {
                        return;
                    };
                    let extraction =
                        panic::catch_unwind(AssertUnwindSafe(|| extract(document, lexicon))).ok();
                    let mut results = results
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    if let Some(slot) = results.get_mut(index) {
                        *slot = extraction;
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_extraction_keeps_the_documents_order() {
        let lexicon = Lexicon::builtin();
        let documents: Vec<Document> = [
            "Erdogan met Li Qiang in Johannesburg on Saturday.",
            "",
            "Wang Yi said the talks were frank.",
        ]
        .iter()
        .map(|text| Document {
            external_id: None,
            title: None,
            published: None,
            source: None,
            url: None,
            path: None,
            sha256: String::new(),
            text: text.to_string(),
        })
        .collect();
        let one = extract_all(&documents, &lexicon, 1);
        let three = extract_all(&documents, &lexicon, 3);
        assert_eq!(one.len(), 3);
        assert!(one.iter().all(Option::is_some));
        assert_eq!(one, three);
        assert_eq!(one[0], Some(extract(&documents[0], &lexicon)));
    }
}
