//! `entente export`: the database as CSV files, or the meeting network as GraphML or
//! GEXF.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use entente_export::{Dataset, GraphFormat};
use entente_model::{DEFAULT_NETWORK_LIMIT, NetworkFilter};
use entente_store::Store;

use super::Output;
use super::query::{self, Found, Period, parse_country, parse_period};
use crate::args::ExportFormat;

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
        ExportFormat::Csv => None,
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
    let store = Store::open_with_busy_timeout(db, busy_timeout)
        .with_context(|| format!("cannot open database `{}`", db.display()))?;
    match graph {
        None => write(&store, out, tables, output)?,
        Some(graph) => return write_graph(&store, out, graph, network, output),
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
