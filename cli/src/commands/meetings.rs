//! `entente meetings`: who met whom, when and where, newest first, each with the
//! sentence that reports it.

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use entente_export::Dataset;
use entente_model::{ActorId, MeetingRecord, Role};
use entente_store::{MeetingFilter, Store};

use super::query::{self, Format, Found, Out, Period, View, parse_country, parse_period};
use crate::table::{Style, Table, Text};

#[derive(Debug, Clone, Args)]
pub struct MeetingsArgs {
    /// Only meetings this actor took part in: a name as people write it ("erdogan",
    /// "Xi") or an id. Repeat for meetings with all of them.
    #[arg(long = "actor", value_name = "NAME")]
    pub actors: Vec<String>,
    /// Only meetings with a participant of this state (ISO 3166-1 alpha-3).
    #[arg(long, value_name = "ISO3", value_parser = parse_country)]
    pub country: Option<String>,
    /// Only meetings on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_period)]
    pub from: Option<Period>,
    /// Only meetings on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_period)]
    pub to: Option<Period>,
    /// Only meetings whose venue, city or country contains TEXT.
    #[arg(long, value_name = "TEXT")]
    pub location: Option<String>,
    #[command(flatten)]
    pub view: View,
}

pub fn run(db: &Path, args: &MeetingsArgs) -> anyhow::Result<ExitCode> {
    let store = query::open(db)?;
    let format = args.view.format();
    let mut actors = Vec::new();
    let (mut missing, mut ambiguous) = (false, false);
    for name in &args.actors {
        match query::actor(&store, name)? {
            Found::One(record) => actors.push(record.actor.id),
            Found::Missing => missing = true,
            Found::Ambiguous => ambiguous = true,
        }
    }
    if ambiguous {
        return Ok(ExitCode::from(query::AMBIGUOUS));
    }
    if missing {
        return query::empty(format, "meetings");
    }
    let filter = MeetingFilter {
        actors,
        country: args.country.clone(),
        from: args.from.map(|period| period.first),
        to: args.to.map(|period| period.last),
        location: args.location.clone(),
        document: None,
        limit: args.view.query_limit(format),
    };
    let records = store
        .query_meetings(&filter)
        .context("cannot list meetings")?;
    let records = args.view.cut(format, records);
    if records.is_empty() {
        query::none_found("meetings");
    }
    write(&store, &records, format)
}

/// Writes meetings in `format`.
pub fn write(store: &Store, records: &[MeetingRecord], format: Format) -> anyhow::Result<ExitCode> {
    let mut out = Out::new();
    match format {
        Format::Table if records.is_empty() => {}
        Format::Table => out.text(&table(records).render(&Style::detect()))?,
        Format::Json => out.json_lines(records)?,
        Format::Csv => {
            // The CSV names the participants' states: it needs their records.
            let ids: Vec<ActorId> = records
                .iter()
                .flat_map(|record| record.meeting.participants.iter().map(|p| p.actor))
                .collect();
            let actors: HashMap<ActorId, _> = store
                .actors_by_id(&ids)
                .context("cannot read the participants")?
                .into_iter()
                .map(|record| (record.actor.id, record))
                .collect();
            out.csv("meetings", records, |record| Dataset {
                actors: record
                    .meeting
                    .participants
                    .iter()
                    .filter_map(|p| actors.get(&p.actor).cloned())
                    .collect(),
                meetings: vec![record.clone()],
                ..Dataset::default()
            })?;
        }
    }
    out.finish()
}

/// One row per meeting, its first evidence sentence and document under it.
pub fn table(records: &[MeetingRecord]) -> Table {
    let mut table = Table::new(&["id", "date", "participants", "place", "kind"]).right(0);
    for record in records {
        let meeting = &record.meeting;
        let mut kind = meeting.kind.as_str().replace('_', " ");
        if let Some(occasion) = &meeting.occasion {
            kind = format!("{kind} ({occasion})");
        }
        table.row_with_detail(
            vec![
                meeting.id.0.to_string().into(),
                query::event_date(meeting.date.as_ref()).into(),
                participants(record),
                query::place(&meeting.location).into(),
                kind.into(),
            ],
            query::evidence_cell(meeting.evidence.first()),
        );
    }
    table
}

/// "A, B with C, D": principals, then their delegations.
pub fn participants(record: &MeetingRecord) -> Text {
    let names = |role: Role| -> Vec<&str> {
        record
            .meeting
            .participants
            .iter()
            .zip(&record.participant_names)
            .filter(|(participant, _)| participant.role == role)
            .map(|(_, name)| name.as_str())
            .collect()
    };
    let mut text = names(Role::Principal).join(", ");
    let delegation = names(Role::Delegation);
    if !delegation.is_empty() {
        text.push_str(" with ");
        text.push_str(&delegation.join(", "));
    }
    Text::plain(&text)
}
