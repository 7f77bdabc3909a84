//! `entente export`: the database as CSV files.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use entente_export::Dataset;
use entente_store::Store;

use super::Output;

pub fn run(
    db: &Path,
    busy_timeout: Duration,
    out: &Path,
    tables: &[String],
    output: Output,
) -> anyhow::Result<ExitCode> {
    if !db.exists() {
        anyhow::bail!("database `{}` does not exist", db.display());
    }
    let store = Store::open_with_busy_timeout(db, busy_timeout)
        .with_context(|| format!("cannot open database `{}`", db.display()))?;
    write(&store, out, tables, output)?;
    Ok(ExitCode::SUCCESS)
}

/// Loads everything and writes the CSV files; shared with `ingest --export`.
pub fn write(store: &Store, out: &Path, tables: &[String], output: Output) -> anyhow::Result<()> {
    let tables: Vec<&str> = tables.iter().map(String::as_str).collect();
    let data = load(store)?;
    let written = entente_export::write_csv_dir(out, &tables, &data)
        .with_context(|| format!("cannot export into `{}`", out.display()))?;
    if !output.quiet {
        eprintln!(
            "entente: wrote {} file{} into {}",
            written.len(),
            if written.len() == 1 { "" } else { "s" },
            out.display()
        );
    }
    Ok(())
}

/// Every table, from one snapshot: an ingest committing meanwhile is wholly in or out.
fn load(store: &Store) -> anyhow::Result<Dataset> {
    store.read_snapshot(load_tables)
}

fn load_tables(store: &Store) -> anyhow::Result<Dataset> {
    Ok(Dataset {
        documents: store.documents().context("cannot read documents")?,
        actors: store.actors().context("cannot read actors")?,
        organisations: store.organisations().context("cannot read organisations")?,
        initiatives: store.initiatives().context("cannot read initiatives")?,
        meetings: store.meetings().context("cannot read meetings")?,
        statements: store.statements().context("cannot read statements")?,
        mentions: store.mentions().context("cannot read mentions")?,
    })
}
