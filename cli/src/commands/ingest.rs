//! `entente ingest`: read articles, extract them, store them in batches.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use entente_extract::{Lexicon, extract, normalise_text, sha256_hex};
use entente_model::{Document, Extraction};
use entente_store::{BATCH_BYTES, BATCH_DOCUMENTS, IngestSummary, Store};

use super::Output;
use crate::input::{self, Defaults, Item, RawArticle};

/// What one run did, summed over its batches.
#[derive(Debug, Default)]
struct Tally {
    stored: IngestSummary,
    /// Known before extraction (same text stored already, or twice in this run).
    known_early: usize,
    rejected: usize,
    warnings: usize,
}

pub fn run(
    db: &Path,
    paths: &[PathBuf],
    defaults: &Defaults,
    export: Option<&Path>,
    output: Output,
) -> anyhow::Result<ExitCode> {
    let mut store =
        Store::open(db).with_context(|| format!("cannot open database `{}`", db.display()))?;
    let lexicon = Lexicon::builtin();
    let mut tally = Tally::default();
    let mut seen: HashSet<String> = HashSet::new();
    let mut batch: Vec<(Document, Extraction)> = Vec::new();
    let mut batch_bytes = 0;
    for item in input::read_inputs(paths, defaults) {
        let article = match item {
            Item::Article(article) => article,
            Item::Rejected(error) => {
                tally.rejected += 1;
                eprintln!("entente: rejected {error}");
                continue;
            }
            Item::Warning(warning) => {
                tally.warnings += 1;
                if !output.quiet {
                    eprintln!("entente: warning: {warning}");
                }
                continue;
            }
        };
        let Some(document) = document(article, output) else {
            tally.rejected += 1;
            continue;
        };
        if !seen.insert(document.sha256.clone())
            || store
                .is_known(&document.sha256)
                .context("cannot read the database")?
        {
            tally.known_early += 1;
            if output.verbose {
                eprintln!(
                    "entente: already known {}",
                    document.path.as_deref().unwrap_or("-")
                );
            }
            continue;
        }
        let extraction = extract(&document, &lexicon);
        if output.verbose {
            eprintln!(
                "entente: read {} ({} actors, {} meetings, {} statements)",
                document.path.as_deref().unwrap_or("-"),
                extraction.actors.len(),
                extraction.meetings.len(),
                extraction.statements.len()
            );
        }
        batch_bytes += document.text.len();
        batch.push((document, extraction));
        if batch.len() >= BATCH_DOCUMENTS || batch_bytes >= BATCH_BYTES {
            flush(&mut store, &mut batch, &mut tally)?;
            batch_bytes = 0;
        }
    }
    flush(&mut store, &mut batch, &mut tally)?;
    if !output.quiet {
        let s = &tally.stored;
        eprintln!(
            "entente: added {} document{} ({} actors, {} organisations, {} initiatives, {} meetings, {} statements), {} already known, {} rejected",
            s.added,
            if s.added == 1 { "" } else { "s" },
            s.actors_added,
            s.organisations_added,
            s.initiatives_added,
            s.meetings_added,
            s.statements_added,
            s.known + tally.known_early,
            tally.rejected
        );
    }
    if let Some(dir) = export {
        super::export::write(&store, dir, &[], output)?;
    }
    Ok(if tally.rejected > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn flush(
    store: &mut Store,
    batch: &mut Vec<(Document, Extraction)>,
    tally: &mut Tally,
) -> anyhow::Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let summary = store.ingest(batch).context("cannot store the batch")?;
    let s = &mut tally.stored;
    s.added += summary.added;
    s.known += summary.known;
    s.actors_added += summary.actors_added;
    s.organisations_added += summary.organisations_added;
    s.initiatives_added += summary.initiatives_added;
    s.meetings_added += summary.meetings_added;
    s.statements_added += summary.statements_added;
    s.mentions_added += summary.mentions_added;
    batch.clear();
    Ok(())
}

/// The stored form of an article: normalised text and its hash. `None` (reported) when
/// nothing is left of the text.
fn document(article: RawArticle, output: Output) -> Option<Document> {
    let normalised = normalise_text(&article.text);
    if normalised.nul_dropped > 0 && !output.quiet {
        eprintln!(
            "entente: warning: {}: dropped {} NUL character{}",
            article.origin,
            normalised.nul_dropped,
            if normalised.nul_dropped == 1 { "" } else { "s" }
        );
    }
    if normalised.text.is_empty() {
        eprintln!("entente: rejected {}: text is empty", article.origin);
        return None;
    }
    Some(Document {
        external_id: article.external_id,
        title: article.title,
        published: article.published,
        source: article.source,
        url: article.url,
        path: Some(article.origin),
        sha256: sha256_hex(&normalised.text),
        text: normalised.text,
    })
}
