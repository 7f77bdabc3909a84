//! `entente export`: the database as CSV files or one Excel workbook, or the meeting
//! network as GraphML or GEXF.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use entente_export::{Dataset, GraphFormat, TABLES};
use entente_model::{DEFAULT_NETWORK_LIMIT, NetworkFilter};
use entente_store::Store;

use super::Output;
use super::query::{self, Found, Period, parse_country, parse_period};
use crate::args::ExportFormat;
use crate::progress::{Steps, eprintln};

/// The record kinds `load` reads, each a step of the progress bar.
const KINDS: usize = 7;

/// Cut cells listed one by one; beyond, a count.
const TRUNCATED_LISTED: usize = 5;

/// The filters of the meeting network (`--format graphml|gexf`), as on the explorer's
/// network page.
#[derive(Debug, Clone, Default, Args)]
pub struct NetworkArgs {
    /// Graph only: the meetings of actors of this state (ISO 3166-1 alpha-3) with their
    /// counterparts; repeat for several.
    #[arg(long = "country", value_name = "ISO3", value_parser = parse_country)]
    pub countries: Vec<String>,
    /// Graph only: this actor and their counterparts, a name as people write it
    /// ("erdogan") or an id; repeat for several.
    #[arg(long = "actor", value_name = "NAME")]
    pub actors: Vec<String>,
    /// Graph only: meetings on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_period)]
    pub from: Option<Period>,
    /// Graph only: meetings on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_period)]
    pub to: Option<Period>,
    /// Graph only: at most N actors, the most mentioned (listed actors first); 0 for all
    /// [default: 150].
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

impl NetworkArgs {
    /// The options given, by flag, for the message that refuses them with CSV.
    fn given(&self) -> Vec<&'static str> {
        let mut given = Vec::new();
        if !self.countries.is_empty() {
            given.push("--country");
        }
        if !self.actors.is_empty() {
            given.push("--actor");
        }
        if self.from.is_some() {
            given.push("--from");
        }
        if self.to.is_some() {
            given.push("--to");
        }
        if self.limit.is_some() {
            given.push("--limit");
        }
        given
    }
}

pub fn run(
    db: &Path,
    busy_timeout: Duration,
    out: &Path,
    format: ExportFormat,
    tables: &[String],
    network: &NetworkArgs,
    output: Output,
) -> anyhow::Result<ExitCode> {
    let graph = match format {
        ExportFormat::Csv | ExportFormat::Xlsx => None,
        ExportFormat::Graphml => Some(GraphFormat::Graphml),
        ExportFormat::Gexf => Some(GraphFormat::Gexf),
    };
    // Usage errors before the database is touched.
    match graph {
        None => {
            let given = network.given();
            if !given.is_empty() {
                anyhow::bail!(
                    "{} filter{} the meeting network: give --format graphml or --format gexf",
                    given.join(", "),
                    if given.len() == 1 { "s" } else { "" }
                );
            }
        }
        Some(graph) if !tables.is_empty() => {
            anyhow::bail!(
                "--table selects CSV tables; --format {} writes {} only",
                graph.as_str(),
                graph.file_name()
            );
        }
        Some(_) => {}
    }
    if !db.exists() {
        anyhow::bail!("database `{}` does not exist", db.display());
    }
    let store = super::open_store(db, busy_timeout)?;
    match (format, graph) {
        (_, Some(graph)) => return write_graph(&store, out, graph, network, output),
        (ExportFormat::Xlsx, None) => write_xlsx(&store, out, tables, output)?,
        (_, None) => write(&store, out, tables, output)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Resolves the actors, builds the network in one snapshot and writes its file. A name
/// that fits several actors (candidates listed) or none is exit 1, nothing written.
fn write_graph(
    store: &Store,
    out: &Path,
    format: GraphFormat,
    args: &NetworkArgs,
    output: Output,
) -> anyhow::Result<ExitCode> {
    let written = store.read_snapshot(|store| -> anyhow::Result<_> {
        let mut actors = Vec::new();
        for name in &args.actors {
            match query::actor(store, name)? {
                Found::One(record) => actors.push(record.actor.id.0),
                Found::Missing | Found::Ambiguous => return Ok(None),
            }
        }
        let filter = NetworkFilter {
            countries: args.countries.clone(),
            actors,
            from: args.from.map(|period| period.first),
            to: args.to.map(|period| period.last),
            limit: args.limit.unwrap_or(DEFAULT_NETWORK_LIMIT),
        };
        let network = store
            .meeting_network(&filter)
            .context("cannot read the meeting network")?;
        let path = entente_export::write_graph_file(out, format, &network)
            .with_context(|| format!("cannot export into `{}`", out.display()))?;
        Ok(Some((path, network.nodes.len(), network.edges.len())))
    })?;
    let Some((path, nodes, edges)) = written else {
        query::note("nothing written");
        return Ok(ExitCode::from(1));
    };
    if !output.quiet {
        eprintln!(
            "entente: wrote {} ({nodes} actor{}, {edges} pair{} who met)",
            path.display(),
            if nodes == 1 { "" } else { "s" },
            if edges == 1 { "" } else { "s" },
        );
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

/// Writes the CSV files, from one snapshot; shared with `ingest --export`. Each table
/// reads only the records it is made of, and drops them once written, so memory holds
/// one table at a time, never the whole database; the two largest, mentions and
/// statements, go from the database to their files a record at a time.
pub fn write(store: &Store, out: &Path, tables: &[String], output: Output) -> anyhow::Result<()> {
    let tables = selected(tables)?;
    let steps = Steps::start(
        u64::try_from(2 * tables.len()).unwrap_or(u64::MAX),
        output.quiet,
    );
    let written = store.read_snapshot(|store| -> anyhow::Result<_> {
        let mut written = Vec::with_capacity(tables.len());
        for &table in &tables {
            if matches!(table, "mentions" | "statements") {
                // Read and written at once: the two steps end together.
                steps.doing(&format!("{table}.csv"));
                written.push(if table == "mentions" {
                    write_streamed(out, |f| store.each_mention(f))?
                } else {
                    write_streamed(out, |f| store.each_statement(f))?
                });
                steps.done();
                steps.done();
                continue;
            }
            let data = load_for(store, table, &steps)?;
            steps.doing(&format!("{table}.csv"));
            written.extend(
                entente_export::write_csv_dir(out, &[table], &data)
                    .with_context(|| format!("cannot export into `{}`", out.display()))?,
            );
            steps.done();
        }
        Ok(written)
    })?;
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

/// `<table>.csv` of the records `each` (a store's `each_mention`, `each_statement`)
/// hands over one at a time, each written as it is read.
fn write_streamed<R: entente_export::StreamedRecord>(
    out: &Path,
    each: impl FnOnce(&mut dyn FnMut(R) -> anyhow::Result<()>) -> anyhow::Result<()>,
) -> anyhow::Result<std::path::PathBuf> {
    let context = || format!("cannot export into `{}`", out.display());
    let mut csv = entente_export::RecordsCsv::<R>::create(out).with_context(context)?;
    each(&mut |record| csv.write(&record).with_context(context))?;
    csv.finish().with_context(context)
}

/// The records the rows of `table` are made of (meetings name their participants, so
/// they need the actors too), as one step.
fn load_for(store: &Store, table: &str, steps: &Steps) -> anyhow::Result<Dataset> {
    let meetings = matches!(table, "meetings" | "meeting_participants");
    let kind = if meetings {
        "meetings and actors"
    } else {
        table
    };
    steps.doing(&format!("reading {kind}"));
    let context = || format!("cannot read {kind}");
    let mut data = Dataset::default();
    match table {
        "documents" => data.documents = store.documents_without_text().with_context(context)?,
        "actors" => data.actors = store.actors().with_context(context)?,
        "organisations" => data.organisations = store.organisations().with_context(context)?,
        "initiatives" => data.initiatives = store.initiatives().with_context(context)?,
        _ if meetings => {
            data.meetings = store.meetings_with_first_evidence().with_context(context)?;
            data.actors = store.actors().with_context(context)?;
        }
        // `selected` lets only known tables through; an unknown one writes its error.
        _ => {}
    }
    steps.done();
    Ok(data)
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
        // No export writes the texts: they are left in the database.
        documents: read(steps, "documents", || store.documents_without_text())?,
        actors: read(steps, "actors", || store.actors())?,
        organisations: read(steps, "organisations", || store.organisations())?,
        initiatives: read(steps, "initiatives", || store.initiatives())?,
        meetings: read(steps, "meetings", || store.meetings_with_first_evidence())?,
        statements: read(steps, "statements", || store.statements())?,
        mentions: read(steps, "mentions", || store.mentions())?,
    })
}
