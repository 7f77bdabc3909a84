//! `entente export`: the database as CSV files or one Excel workbook.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use entente_export::Dataset;
use entente_store::Store;

use super::Output;
use crate::args::ExportFormat;

/// Cut cells listed one by one; beyond, a count.
const TRUNCATED_LISTED: usize = 5;

pub fn run(
    db: &Path,
    busy_timeout: Duration,
    out: &Path,
    tables: &[String],
    format: ExportFormat,
    output: Output,
) -> anyhow::Result<ExitCode> {
    if !db.exists() {
        anyhow::bail!("database `{}` does not exist", db.display());
    }
    let store = Store::open_with_busy_timeout(db, busy_timeout)
        .with_context(|| format!("cannot open database `{}`", db.display()))?;
    match format {
        ExportFormat::Csv => write(&store, out, tables, output)?,
        ExportFormat::Xlsx => write_xlsx(&store, out, tables, output)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Loads everything and writes `entente.xlsx`, warning about cells cut to fit.
fn write_xlsx(store: &Store, out: &Path, tables: &[String], output: Output) -> anyhow::Result<()> {
    let tables: Vec<&str> = tables.iter().map(String::as_str).collect();
    let data = load(store)?;
    let report = entente_export::write_xlsx(out, &tables, &data)
        .with_context(|| format!("cannot export into `{}`", out.display()))?;
    if output.quiet {
        return Ok(());
    }
    let file = report.path.display();
    for cut in report.truncated.iter().take(TRUNCATED_LISTED) {
        eprintln!(
            "entente: warning: {file}: sheet `{}` row {} column `{}`: {} characters cut to \
             Excel's limit of 32,767, ending in `{}`",
            cut.sheet,
            cut.row,
            cut.column,
            cut.chars,
            entente_export::TRUNCATED
        );
    }
    if let Some(more) = report.truncated.len().checked_sub(TRUNCATED_LISTED)
        && more > 0
    {
        eprintln!("entente: warning: {file}: {more} more cells cut to Excel's limit");
    }
    let n_sheets = report.sheets.len();
    eprintln!(
        "entente: wrote {file} ({n_sheets} sheet{})",
        if n_sheets == 1 { "" } else { "s" }
    );
    Ok(())
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
