//! `entente initiatives`: named programmes and projects, most mentioned first.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use entente_export::Dataset;
use entente_model::InitiativeRecord;
use entente_store::EntityFilter;

use super::actors::dash;
use super::query::{self, Format, Out, View, parse_country};
use crate::table::{Style, Table};

#[derive(Debug, Clone, Args)]
pub struct InitiativesArgs {
    /// Only initiatives this state sponsors (ISO 3166-1 alpha-3, such as CHN).
    #[arg(long, value_name = "ISO3", value_parser = parse_country)]
    pub sponsor: Option<String>,
    /// Only initiatives whose name or an alias contains TEXT.
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
    #[command(flatten)]
    pub view: View,
}

pub fn run(db: &Path, args: &InitiativesArgs) -> anyhow::Result<ExitCode> {
    let store = query::open(db)?;
    let format = args.view.format();
    let filter = EntityFilter {
        country: args.sponsor.clone(),
        name: args.name.clone(),
        document: None,
        limit: args.view.query_limit(format),
    };
    let records = store
        .query_initiatives(&filter)
        .context("cannot list initiatives")?;
    let records = args.view.cut(format, records);
    if records.is_empty() {
        query::none_found("initiatives");
    }
    write(&records, format)
}

/// Writes initiatives in `format`.
pub fn write(records: &[InitiativeRecord], format: Format) -> anyhow::Result<ExitCode> {
    let mut out = Out::new();
    match format {
        Format::Table if records.is_empty() => {}
        Format::Table => out.text(&table(records).render(&Style::detect()))?,
        Format::Json => out.json_lines(records)?,
        Format::Csv => out.csv("initiatives", records, |record| Dataset {
            initiatives: vec![record.clone()],
            ..Dataset::default()
        })?,
    }
    out.finish()
}

/// One row per initiative.
pub fn table(records: &[InitiativeRecord]) -> Table {
    let mut table = Table::new(&["id", "name", "sponsor", "aliases", "mentions", "docs"])
        .right(0)
        .right(4)
        .right(5);
    for record in records {
        let initiative = &record.initiative;
        table.row(vec![
            initiative.id.0.to_string().into(),
            initiative.name.as_str().into(),
            query::code(initiative.sponsor.as_ref()).into(),
            dash(initiative.aliases.join("; ")),
            record.mentions.to_string().into(),
            record.documents.to_string().into(),
        ]);
    }
    table
}
