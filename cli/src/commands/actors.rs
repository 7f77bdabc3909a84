//! `entente actors`: persons, most mentioned first, with titles, aliases and counts.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use entente_export::Dataset;
use entente_model::ActorRecord;
use entente_store::ActorFilter;

use super::query::{self, Format, Out, View, parse_country};
use crate::table::{Style, Table, Text};

#[derive(Debug, Clone, Args)]
pub struct ActorsArgs {
    /// Only actors of this state (ISO 3166-1 alpha-3, such as TUR).
    #[arg(long, value_name = "ISO3", value_parser = parse_country)]
    pub country: Option<String>,
    /// Only actors whose name or an alias contains TEXT (case and accents ignored).
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
    #[command(flatten)]
    pub view: View,
}

pub fn run(db: &Path, args: &ActorsArgs) -> anyhow::Result<ExitCode> {
    let store = query::open(db)?;
    let format = args.view.format();
    let filter = ActorFilter {
        country: args.country.clone(),
        name: args.name.clone(),
        document: None,
        limit: args.view.query_limit(format),
    };
    let records = store.query_actors(&filter).context("cannot list actors")?;
    let records = args.view.cut(format, records);
    if records.is_empty() {
        query::none_found("actors");
    }
    write(&records, format)
}

/// Writes actors in `format`.
pub fn write(records: &[ActorRecord], format: Format) -> anyhow::Result<ExitCode> {
    let mut out = Out::new();
    match format {
        Format::Table if records.is_empty() => {}
        Format::Table => out.text(&table(records).render(&Style::detect()))?,
        Format::Json => out.json_lines(records)?,
        Format::Csv => out.csv("actors", records, |record| Dataset {
            actors: vec![record.clone()],
            ..Dataset::default()
        })?,
    }
    out.finish()
}

/// One row per actor.
pub fn table(records: &[ActorRecord]) -> Table {
    let mut table = Table::new(&[
        "id", "name", "country", "titles", "aliases", "mentions", "docs",
    ])
    .right(0)
    .right(5)
    .right(6);
    for record in records {
        let actor = &record.actor;
        table.row(vec![
            actor.id.0.to_string().into(),
            actor.name.as_str().into(),
            query::code(actor.country.as_ref()).into(),
            dash(latest(&query::titles(record), TITLES)),
            dash(first(&actor.aliases, ALIASES)),
            record.mentions.to_string().into(),
            record.documents.to_string().into(),
        ]);
    }
    table
}

/// Titles and aliases a table row shows (`show actor` and JSON have them all).
const TITLES: usize = 3;
const ALIASES: usize = 6;

/// The last `n` of a `; `-joined list, after a count of the others.
fn latest(list: &str, n: usize) -> String {
    let items: Vec<&str> = list.split("; ").filter(|item| !item.is_empty()).collect();
    let skip = items.len().saturating_sub(n);
    let kept = items[skip..].join("; ");
    if skip == 0 {
        kept
    } else {
        format!("(+{skip} earlier) {kept}")
    }
}

/// The first `n` items, and a count of the others.
pub fn first(items: &[String], n: usize) -> String {
    let kept = items.iter().take(n).cloned().collect::<Vec<_>>().join("; ");
    match items.len().saturating_sub(n) {
        0 => kept,
        more => format!("{kept} (+{more} more)"),
    }
}

/// The text, or `-` when empty.
pub fn dash(text: String) -> Text {
    if text.is_empty() {
        Text::plain("-")
    } else {
        Text::plain(&text)
    }
}
