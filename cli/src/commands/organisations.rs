//! `entente organisations`: organisations, most mentioned first.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use entente_export::Dataset;
use entente_model::OrganisationRecord;
use entente_store::EntityFilter;

use super::actors::dash;
use super::query::{self, Format, Out, View, parse_country};
use crate::table::{Style, Table};

#[derive(Debug, Clone, Args)]
pub struct OrganisationsArgs {
    /// Only organisations of this state (ISO 3166-1 alpha-3, such as CHN).
    #[arg(long, value_name = "ISO3", value_parser = parse_country)]
    pub country: Option<String>,
    /// Only organisations whose name, acronym or an alias contains TEXT.
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
    #[command(flatten)]
    pub view: View,
}

pub fn run(db: &Path, args: &OrganisationsArgs) -> anyhow::Result<ExitCode> {
    let store = query::open(db)?;
    let format = args.view.format();
    let filter = EntityFilter {
        country: args.country.clone(),
        name: args.name.clone(),
        document: None,
        limit: args.view.query_limit(format),
    };
    let records = store
        .query_organisations(&filter)
        .context("cannot list organisations")?;
    let records = args.view.cut(format, records);
    if records.is_empty() {
        query::none_found("organisations");
    }
    write(&records, format)
}

/// Writes organisations in `format`.
pub fn write(records: &[OrganisationRecord], format: Format) -> anyhow::Result<ExitCode> {
    let mut out = Out::new();
    match format {
        Format::Table if records.is_empty() => {}
        Format::Table => out.text(&table(records).render(&Style::detect()))?,
        Format::Json => out.json_lines(records)?,
        Format::Csv => out.csv("organisations", records, |record| Dataset {
            organisations: vec![record.clone()],
            ..Dataset::default()
        })?,
    }
    out.finish()
}

/// One row per organisation.
pub fn table(records: &[OrganisationRecord]) -> Table {
    let mut table = Table::new(&[
        "id", "name", "acronym", "kind", "country", "aliases", "mentions", "docs",
    ])
    .right(0)
    .right(6)
    .right(7);
    for record in records {
        let organisation = &record.organisation;
        table.row(vec![
            organisation.id.0.to_string().into(),
            organisation.name.as_str().into(),
            dash(organisation.acronym.clone().unwrap_or_default()),
            organisation.kind.as_str().into(),
            query::code(organisation.country.as_ref()).into(),
            dash(organisation.aliases.join("; ")),
            record.mentions.to_string().into(),
            record.documents.to_string().into(),
        ]);
    }
    table
}
