//! `entente merge`, `entente remove document` and `entente restore document`: the
//! analyst's corrections, remembered so that `reextract` keeps them.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::{Args, ValueEnum};
use entente_store::{Error as StoreError, MergeKind, Store};

use super::Output;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    Actor,
    Organisation,
    Initiative,
}

#[derive(Debug, Clone, Args)]
pub struct MergeArgs {
    /// What to merge.
    #[arg(value_enum)]
    pub kind: Kind,
    /// The id of the record that stays (its name is kept).
    pub kept: i64,
    /// The id of the record merged into it (its name becomes an alias).
    pub merged: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocumentWord {
    Document,
}

#[derive(Debug, Clone, Args)]
pub struct RemoveArgs {
    #[arg(value_enum)]
    pub what: DocumentWord,
    /// The id of the document (`entente documents`).
    pub id: i64,
}

#[derive(Debug, Clone, Args)]
pub struct RestoreArgs {
    #[arg(value_enum)]
    pub what: DocumentWord,
    /// The sha256 of the removed text (as `remove document` printed it), or its first 8
    /// or more hex digits. Without it, the removed documents are listed.
    pub sha256: Option<String>,
}

fn open(db: &Path, busy_timeout: Duration) -> anyhow::Result<Store> {
    if !db.exists() {
        anyhow::bail!("database `{}` does not exist", db.display());
    }
    super::open_store(db, busy_timeout)
}

/// A record that is not there is exit status 1 with a message, as a query name that
/// fits several records; anything else is fatal.
fn not_found(error: StoreError) -> anyhow::Result<ExitCode> {
    match error {
        error @ (StoreError::NotFound { .. } | StoreError::NoRemovedDocument { .. }) => {
            eprintln!("entente: {error}");
            Ok(ExitCode::from(1))
        }
        error => Err(error.into()),
    }
}

pub fn merge(
    db: &Path,
    busy_timeout: Duration,
    args: &MergeArgs,
    output: Output,
) -> anyhow::Result<ExitCode> {
    let kind = match args.kind {
        Kind::Actor => MergeKind::Actor,
        Kind::Organisation => MergeKind::Organisation,
        Kind::Initiative => MergeKind::Initiative,
    };
    let mut store = open(db, busy_timeout)?;
    let merged = match store.merge(kind, args.kept, args.merged) {
        Ok(merged) => merged,
        Err(error @ StoreError::SameRecord { .. }) => return Err(error.into()),
        Err(error) => return not_found(error),
    };
    if !output.quiet {
        eprintln!(
            "entente: merged {} {} `{}` into {} `{}`; `{}` is now an alias, and re-extractions keep the merge",
            kind.as_str(),
            merged.merged,
            merged.merged_name,
            merged.kept,
            merged.kept_name,
            merged.merged_name
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn remove(
    db: &Path,
    busy_timeout: Duration,
    args: &RemoveArgs,
    output: Output,
) -> anyhow::Result<ExitCode> {
    let mut store = open(db, busy_timeout)?;
    let removed = match store.remove_document(args.id) {
        Ok(removed) => removed,
        Err(error) => return not_found(error),
    };
    if !output.quiet {
        let counts = [
            (removed.mentions, "mention"),
            (removed.statements, "statement"),
            (removed.meetings, "meeting"),
            (removed.actors, "actor"),
            (removed.organisations, "organisation"),
            (removed.initiatives, "initiative"),
        ]
        .map(|(n, kind)| format!("{n} {kind}{}", if n == 1 { "" } else { "s" }))
        .join(", ");
        eprintln!(
            "entente: removed document {} ({}): {counts}",
            args.id,
            removed.title.as_deref().unwrap_or("untitled"),
        );
        eprintln!(
            "entente: its text {} is skipped by later ingests; `entente restore document {}` lets it in again",
            removed.sha256,
            removed.sha256.get(..12).unwrap_or(&removed.sha256)
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn restore(
    db: &Path,
    busy_timeout: Duration,
    args: &RestoreArgs,
    output: Output,
) -> anyhow::Result<ExitCode> {
    let mut store = open(db, busy_timeout)?;
    let Some(sha256) = &args.sha256 else {
        let removed = store
            .removed_documents()
            .context("cannot list the removed documents")?;
        if removed.is_empty() {
            eprintln!("entente: no document has been removed");
        }
        let mut out = String::new();
        for document in &removed {
            out.push_str(&format!(
                "{}  {}  {}  {}\n",
                document.sha256,
                document.published.as_deref().unwrap_or("----------"),
                document.removed,
                crate::table::sanitise(document.title.as_deref().unwrap_or("untitled"))
            ));
        }
        let mut stdout = super::query::Out::new();
        stdout.text(&out)?;
        return stdout.finish();
    };
    let restored = match store.restore_document(sha256) {
        Ok(restored) => restored,
        Err(error) => return not_found(error),
    };
    if !output.quiet {
        eprintln!(
            "entente: restored {} ({}); ingest the article again to store it",
            restored.sha256,
            restored.title.as_deref().unwrap_or("untitled")
        );
    }
    Ok(ExitCode::SUCCESS)
}
