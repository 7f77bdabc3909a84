//! `entente documents`: the stored articles, newest first; with an entity, the ones that
//! mention it, each with the sentence of its first mention.

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use entente_export::Dataset;
use entente_model::{DocumentId, DocumentRecord, EntityRef, Evidence};
use entente_store::{DocumentFilter, MentionContext, Store};

use super::query::{self, Format, Found, Out, Period, View, parse_country, parse_period};
use crate::table::{Style, Table, Text};

#[derive(Debug, Clone, Args)]
#[command(group(clap::ArgGroup::new("mentions").multiple(false)))]
pub struct DocumentsArgs {
    /// Only documents that mention this actor (a name as typed, or an id).
    #[arg(long, value_name = "NAME", group = "mentions")]
    pub actor: Option<String>,
    /// Only documents that mention this organisation.
    #[arg(long, value_name = "NAME", group = "mentions")]
    pub organisation: Option<String>,
    /// Only documents that mention this initiative ("middle corridor").
    #[arg(long, value_name = "NAME", group = "mentions")]
    pub initiative: Option<String>,
    /// Only documents that mention this state (ISO 3166-1 alpha-3).
    #[arg(long, value_name = "ISO3", value_parser = parse_country, group = "mentions")]
    pub country: Option<String>,
    /// Only documents published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_period)]
    pub from: Option<Period>,
    /// Only documents published on or before this date.
    #[arg(long, value_name = "DATE", value_parser = parse_period)]
    pub to: Option<Period>,
    #[command(flatten)]
    pub view: View,
}

pub fn run(db: &Path, args: &DocumentsArgs) -> anyhow::Result<ExitCode> {
    let store = query::open(db)?;
    let format = args.view.format();
    let found = if let Some(name) = &args.actor {
        map(query::actor(&store, name)?, |r| {
            EntityRef::Actor(r.actor.id)
        })
    } else if let Some(name) = &args.organisation {
        map(query::organisation(&store, name)?, |r| {
            EntityRef::Organisation(r.organisation.id)
        })
    } else if let Some(name) = &args.initiative {
        map(query::initiative(&store, name)?, |r| {
            EntityRef::Initiative(r.initiative.id)
        })
    } else {
        Found::One(args.country.clone().map(EntityRef::Country))
    };
    let mentions = match found {
        Found::One(entity) => entity,
        Found::Missing => return query::empty(format, "documents"),
        Found::Ambiguous => return Ok(ExitCode::from(query::AMBIGUOUS)),
    };
    let filter = DocumentFilter {
        mentions: mentions.clone(),
        from: args.from.map(|period| period.first),
        to: args.to.map(|period| period.last),
        limit: args.view.query_limit(format),
    };
    let records = store
        .query_documents(&filter)
        .context("cannot list documents")?;
    let records = args.view.cut(format, records);
    if records.is_empty() {
        query::none_found("documents");
    }
    write(&store, &records, mentions.as_ref(), format)
}

fn map<T>(found: Found<T>, f: impl FnOnce(T) -> EntityRef) -> Found<Option<EntityRef>> {
    match found {
        Found::One(record) => Found::One(Some(f(record))),
        Found::Missing => Found::Missing,
        Found::Ambiguous => Found::Ambiguous,
    }
}

/// Writes documents in `format`; with `entity`, the table shows its first mention in each.
pub fn write(
    store: &Store,
    records: &[DocumentRecord],
    entity: Option<&EntityRef>,
    format: Format,
) -> anyhow::Result<ExitCode> {
    let mut out = Out::new();
    match format {
        Format::Table if records.is_empty() => {}
        Format::Table => {
            let table = match entity {
                Some(entity) => {
                    let contexts = contexts(store, records, entity)?;
                    mention_table(records, &contexts)
                }
                None => table(records),
            };
            out.text(&table.render(&Style::detect()))?;
        }
        Format::Json => out.json_lines(records)?,
        Format::Csv => out.csv("documents", records, |record| Dataset {
            documents: vec![record.clone()],
            ..Dataset::default()
        })?,
    }
    out.finish()
}

/// The first mention of `entity` in each document, by document.
pub fn contexts(
    store: &Store,
    records: &[DocumentRecord],
    entity: &EntityRef,
) -> anyhow::Result<HashMap<DocumentId, MentionContext>> {
    let ids: Vec<DocumentId> = records.iter().map(|record| record.id).collect();
    Ok(store
        .first_mentions(entity, &ids)
        .context("cannot read the mentions")?
        .into_iter()
        .map(|context| (context.document, context))
        .collect())
}

/// One row per document.
pub fn table(records: &[DocumentRecord]) -> Table {
    let mut table = Table::new(&["id", "published", "source", "title", "url"]).right(0);
    for record in records {
        let document = &record.document;
        table.row(vec![
            record.id.0.to_string().into(),
            published(record).into(),
            document.source.as_deref().unwrap_or("-").into(),
            document.title.as_deref().unwrap_or("-").into(),
            document.url.as_deref().unwrap_or("-").into(),
        ]);
    }
    table
}

/// One row per document with the entity's mention count, and under it the sentence of the
/// first mention, the mention marked.
pub fn mention_table(
    records: &[DocumentRecord],
    contexts: &HashMap<DocumentId, MentionContext>,
) -> Table {
    let mut table = Table::new(&["id", "published", "title", "mentions"])
        .right(0)
        .right(3);
    for record in records {
        let context = contexts.get(&record.id);
        let evidence: Option<Evidence> = context.and_then(query::mention_evidence);
        table.row_with_detail(
            vec![
                record.id.0.to_string().into(),
                published(record).into(),
                record.document.title.as_deref().unwrap_or("-").into(),
                context
                    .map_or(0, |context| context.count)
                    .to_string()
                    .into(),
            ],
            evidence
                .as_ref()
                .map_or_else(|| Text::plain("-"), query::mention_text),
        );
    }
    table
}

fn published(record: &DocumentRecord) -> String {
    record
        .document
        .published
        .map_or_else(|| "-".to_owned(), |date| date.to_string())
}
