//! `entente stats`: an overview of the database (counts per kind, the dates covered, the
//! top actors, the pairs who met most often, the most quoted speakers) and whether a
//! re-extraction is due.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use entente_model::{DateRange, RankedActor, Stats};
use entente_store::{ExtractorVersion, ReextractReason, reextract_reason};

use super::query::{self, Out};
use crate::table::{self, Style, Table, Text};

#[derive(Debug, Clone, Args)]
pub struct StatsArgs {
    /// How many top actors, pairs and speakers to list.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<StatsFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// Labelled counts and ranked tables, for people.
    Table,
    /// One JSON object, the model's `Stats`.
    Json,
}

/// The label column's width.
const LABEL: usize = 13;

pub fn run(db: &Path, current: &ExtractorVersion, args: &StatsArgs) -> anyhow::Result<ExitCode> {
    let store = query::open(db)?;
    let mut stats = store
        .stats(args.top)
        .context("cannot read the statistics")?;
    let uses = store
        .extractor_uses()
        .context("cannot read the extractor versions")?;
    stats.extractor.current = label(current);
    let documents = stats.counts.documents;
    stats.extractor.reextract_due =
        reextract_reason(&uses, current, documents).map(|reason| match reason {
            ReextractReason::RulesChanged { found } => format!(
                "rules changed (records from {}, this binary {})",
                found.join(", "),
                current.rules
            ),
            ReextractReason::DictionaryChanged => match &current.dictionary {
                Some(fingerprint) => format!("dictionary changed (now dict.{fingerprint})"),
                None => "dictionary changed (none in use now)".to_string(),
            },
            ReextractReason::Unrecorded => {
                "the extractor of the stored records is unknown (stored before entente recorded it)"
                    .to_string()
            }
        });
    let format = args.format.unwrap_or(match query::default_format() {
        query::Format::Table => StatsFormat::Table,
        _ => StatsFormat::Json,
    });
    let mut out = Out::new();
    match format {
        StatsFormat::Json => out.json_lines([&stats])?,
        StatsFormat::Table => out.text(&render(&stats, &Style::detect()))?,
    }
    out.finish()
}

/// `rules` or `rules+dict.FINGERPRINT`, as [`Stats::extractor`] spells extractors.
pub fn label(version: &ExtractorVersion) -> String {
    match &version.dictionary {
        Some(dictionary) => format!("{}+dict.{dictionary}", version.rules),
        None => version.rules.clone(),
    }
}

fn range(range: Option<&DateRange>) -> String {
    range.map_or_else(
        || "no dates".to_string(),
        |range| format!("{} to {}", range.first, range.last),
    )
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn render(stats: &Stats, style: &Style) -> String {
    let c = &stats.counts;
    let mut out = String::new();
    let mut field = |label: &str, value: String| {
        out.push_str(&table::field(label, &Text::plain(&value), LABEL, style));
    };
    field(
        "documents",
        format!(
            "{} (published {})",
            c.documents,
            range(stats.published.as_ref())
        ),
    );
    field("actors", c.actors.to_string());
    field("organisations", c.organisations.to_string());
    field("initiatives", c.initiatives.to_string());
    field(
        "meetings",
        format!(
            "{} held ({}), {} planned, {} cancelled",
            c.meetings_held,
            range(stats.meetings.as_ref()),
            c.meetings_planned,
            c.meetings_cancelled
        ),
    );
    field("statements", c.statements.to_string());
    field("mentions", c.mentions.to_string());
    field(
        "curation",
        format!(
            "{}, {}",
            plural(c.merges, "merge", "merges"),
            plural(c.removed_documents, "removed document", "removed documents")
        ),
    );
    let recorded = if stats.extractor.recorded.is_empty() {
        "none recorded".to_string()
    } else {
        stats.extractor.recorded.join(", ")
    };
    field("extractor", recorded);
    field("this binary", stats.extractor.current.clone());
    field(
        "re-extraction",
        match &stats.extractor.reextract_due {
            Some(reason) => format!("due: {reason}; run `entente reextract`"),
            None => "not due".to_string(),
        },
    );
    let ranked = |out: &mut String, title: &str, count: &'static str, actors: &[RankedActor]| {
        if actors.is_empty() {
            return;
        }
        out.push('\n');
        out.push_str(&table::heading(title, style));
        let mut table = Table::new(&["id", "name", "country", count, "docs"])
            .right(0)
            .right(3)
            .right(4);
        for actor in actors {
            table.row(vec![
                actor.id.0.to_string().into(),
                actor.name.as_str().into(),
                actor.country.as_deref().unwrap_or("-").into(),
                actor.count.to_string().into(),
                actor.documents.to_string().into(),
            ]);
        }
        out.push_str(&table.render(style));
    };
    ranked(&mut out, "TOP ACTORS", "mentions", &stats.top_actors);
    if !stats.top_pairs.is_empty() {
        out.push('\n');
        out.push_str(&table::heading("PAIRS WHO MET MOST OFTEN", style));
        let mut table = Table::new(&["ids", "actors", "meetings"]).right(2);
        for pair in &stats.top_pairs {
            table.row(vec![
                format!("{}, {}", pair.first.0, pair.second.0).into(),
                format!("{} – {}", pair.first_name, pair.second_name).into(),
                pair.meetings.to_string().into(),
            ]);
        }
        out.push_str(&table.render(style));
    }
    ranked(
        &mut out,
        "MOST QUOTED SPEAKERS",
        "statements",
        &stats.top_speakers,
    );
    out
}
