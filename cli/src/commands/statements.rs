//! `entente statements`: who said what, newest first, searchable with FTS5; matches are
//! highlighted in the table.

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use entente_export::Dataset;
use entente_model::{DocumentId, DocumentRecord, Mode, StatementRecord};
use entente_store::{Error as StoreError, StatementFilter, StatementHit, Store};

use super::query::{self, Format, Found, Out, Period, View, parse_period};
use crate::table::{Style, Table, Text, Tone};

#[derive(Debug, Clone, Args)]
pub struct StatementsArgs {
    /// Only statements by this speaker: a person as people write the name ("xi",
    /// "erdogan") or an id; failing a person, an organisation.
    #[arg(long, value_name = "NAME")]
    pub speaker: Option<String>,
    /// Full-text search of the words, in FTS5 syntax: `corridor`, `"belt and road"`,
    /// `secur*`, `trade AND energy`, `NEAR(trade deficit)`. Case and accents are
    /// ignored.
    #[arg(long, value_name = "QUERY")]
    pub search: Option<String>,
    /// Only statements that mention this initiative ("belt and road").
    #[arg(long, value_name = "NAME")]
    pub initiative: Option<String>,
    /// Only statements on or after this date (YYYY, YYYY-MM or YYYY-MM-DD); an undated
    /// statement counts from its article's publication date.
    #[arg(long, value_name = "DATE", value_parser = parse_period)]
    pub from: Option<Period>,
    /// Only statements on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_period)]
    pub to: Option<Period>,
    #[command(flatten)]
    pub view: View,
}

pub fn run(db: &Path, args: &StatementsArgs) -> anyhow::Result<ExitCode> {
    let store = query::open(db)?;
    let format = args.view.format();
    let speaker = match &args.speaker {
        Some(name) => match query::speaker(&store, name)? {
            Found::One(speaker) => Some(speaker),
            Found::Missing => return query::empty(format, "statements"),
            Found::Ambiguous => return Ok(ExitCode::from(query::AMBIGUOUS)),
        },
        None => None,
    };
    let initiative = match &args.initiative {
        Some(name) => match query::initiative(&store, name)? {
            Found::One(record) => Some(record.initiative.id),
            Found::Missing => return query::empty(format, "statements"),
            Found::Ambiguous => return Ok(ExitCode::from(query::AMBIGUOUS)),
        },
        None => None,
    };
    let filter = StatementFilter {
        speaker,
        search: args.search.clone(),
        initiative,
        from: args.from.map(|period| period.first),
        to: args.to.map(|period| period.last),
        limit: args.view.query_limit(format),
        ..StatementFilter::default()
    };
    let hits = match store.query_statements(&filter) {
        // A malformed search query is fatal (exit 2), with the query and what FTS5 said.
        Err(StoreError::Search { query, source }) => anyhow::bail!(
            "invalid search query `{}`: {}; use words, \"a phrase\", prefix*, AND, OR, NOT, NEAR(a b)",
            crate::table::sanitise(&query),
            // SQLite's own words ("fts5: syntax error near ..."), without its code.
            source
        ),
        result => result.context("cannot search statements")?,
    };
    let hits = args.view.cut(format, hits);
    if hits.is_empty() {
        query::none_found("statements");
    }
    write(&store, &hits, format)
}

/// Writes statements in `format`.
pub fn write(store: &Store, hits: &[StatementHit], format: Format) -> anyhow::Result<ExitCode> {
    let mut out = Out::new();
    match format {
        Format::Table if hits.is_empty() => {}
        Format::Table => {
            let documents = documents(store, hits)?;
            out.text(&table(hits, &documents).render(&Style::detect()))?;
        }
        Format::Json => out.json_lines(hits.iter().map(|hit| &hit.record))?,
        Format::Csv => {
            let records: Vec<&StatementRecord> = hits.iter().map(|hit| &hit.record).collect();
            out.csv("statements", &records, |record| Dataset {
                statements: vec![(*record).clone()],
                ..Dataset::default()
            })?;
        }
    }
    out.finish()
}

/// The documents the statements were read from, by id (for their dates).
pub fn documents(
    store: &Store,
    hits: &[StatementHit],
) -> anyhow::Result<HashMap<DocumentId, DocumentRecord>> {
    let ids: Vec<DocumentId> = hits
        .iter()
        .flat_map(|hit| hit.record.document_ids.iter().copied())
        .collect();
    Ok(store
        .documents_by_id(&ids)
        .context("cannot read the statements' documents")?
        .into_iter()
        .map(|record| (record.id, record))
        .collect())
}

/// One row per statement: its date (else the article's), speaker and document, and under
/// it what was said, with the search matches marked.
pub fn table(hits: &[StatementHit], documents: &HashMap<DocumentId, DocumentRecord>) -> Table {
    let mut table = Table::new(&["id", "date", "speaker", "doc"])
        .right(0)
        .right(3);
    for hit in hits {
        let record = &hit.record;
        let statement = &record.statement;
        let document = record.document_ids.first().copied();
        let published = document
            .and_then(|id| documents.get(&id))
            .and_then(|record| record.document.published);
        let date = match (&statement.date, published) {
            (Some(date), _) if date.date.is_some() => query::event_date(Some(date)),
            (_, Some(published)) => published.to_string(),
            (date, None) => query::event_date(date.as_ref()),
        };
        table.row_with_detail(
            vec![
                statement.id.0.to_string().into(),
                date.into(),
                record.speaker_name.as_str().into(),
                document
                    .map_or_else(|| "-".to_owned(), |id| id.0.to_string())
                    .into(),
            ],
            said(hit),
        );
    }
    table
}

/// `said ...`, `told Li Qiang ...`, or `told reporters: “...”` for a direct quote.
pub fn said(hit: &StatementHit) -> Text {
    let statement = &hit.record.statement;
    let mut text = Text::new();
    let mut lead = statement.verb.clone().unwrap_or_default();
    if let Some(addressee) = &hit.record.addressee_name
        && !lead.contains(addressee.as_str())
    {
        lead = format!("{lead} {addressee}").trim_start().to_owned();
    }
    if !lead.is_empty() {
        text.push(Tone::Dim, &lead);
        let separator = if statement.mode == Mode::Direct {
            ": "
        } else {
            " "
        };
        text.push(Tone::Dim, separator);
    }
    let words = Text::marked(&statement.text, &hit.matches);
    if statement.mode == Mode::Direct {
        text.push(Tone::Plain, "“");
        text = concat(text, words);
        text.push(Tone::Plain, "”");
    } else {
        text = concat(text, words);
    }
    text
}

fn concat(mut text: Text, more: Text) -> Text {
    text.extend(more);
    text
}
