//! `entente export`: the database as CSV files or one Excel workbook.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use entente_export::{Dataset, TABLES};
use entente_store::Store;

use super::Output;
use crate::args::ExportFormat;
use crate::progress::{Steps, eprintln};

/// The record kinds `load` reads, each a step of the progress bar.
const KINDS: usize = 7;

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
    let tables = selected(tables)?;
    let steps = Steps::start(u64::try_from(KINDS + 1).unwrap_or(u64::MAX), output.quiet);
    let data = load(store, &steps)?;
    steps.doing(entente_export::XLSX_FILE);
    let report = entente_export::write_xlsx(out, &tables, &data)
        .with_context(|| format!("cannot export into `{}`", out.display()))?;
    steps.done();
    drop(steps);
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
    let tables = selected(tables)?;
    let steps = Steps::start(
        u64::try_from(KINDS + tables.len()).unwrap_or(u64::MAX),
        output.quiet,
    );
    let data = load(store, &steps)?;
    let mut written = Vec::with_capacity(tables.len());
    for table in tables {
        steps.doing(&format!("{table}.csv"));
        written.extend(
            entente_export::write_csv_dir(out, &[table], &data)
                .with_context(|| format!("cannot export into `{}`", out.display()))?,
        );
        steps.done();
    }
    drop(steps);
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

/// The tables asked for (every table when none is named), in export order, each once;
/// an unknown name is refused before anything is read or written.
fn selected(tables: &[String]) -> anyhow::Result<Vec<&'static str>> {
    if let Some(unknown) = tables.iter().find(|name| !TABLES.contains(&name.as_str())) {
        return Err(entente_export::Error::UnknownTable {
            name: unknown.clone(),
        }
        .into());
    }
    Ok(TABLES
        .into_iter()
        .filter(|table| tables.is_empty() || tables.iter().any(|name| name == table))
        .collect())
}

/// Every table, from one snapshot: an ingest committing meanwhile is wholly in or out.
fn load(store: &Store, steps: &Steps) -> anyhow::Result<Dataset> {
    store.read_snapshot(|store| load_tables(store, steps))
}

fn load_tables(store: &Store, steps: &Steps) -> anyhow::Result<Dataset> {
    // Each kind is one step: what is being read is shown, then counted done.
    fn read<T>(
        steps: &Steps,
        kind: &str,
        load: impl FnOnce() -> entente_store::Result<T>,
    ) -> anyhow::Result<T> {
        steps.doing(&format!("reading {kind}"));
        let records = load().with_context(|| format!("cannot read {kind}"))?;
        steps.done();
        Ok(records)
    }
    Ok(Dataset {
        documents: read(steps, "documents", || store.documents())?,
        actors: read(steps, "actors", || store.actors())?,
        organisations: read(steps, "organisations", || store.organisations())?,
        initiatives: read(steps, "initiatives", || store.initiatives())?,
        meetings: read(steps, "meetings", || store.meetings())?,
        statements: read(steps, "statements", || store.statements())?,
        mentions: read(steps, "mentions", || store.mentions())?,
    })
}
