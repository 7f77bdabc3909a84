//! The CSV rows: one flat struct per table, fields in column order. Column names are
//! written here and nowhere else; the header line is derived from these structs.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use entente_model::{
    ActorId, ActorRecord, DocumentId, EntityRef, EventDate, Evidence, MeetingRecord, MeetingStatus,
    MentionRecord, Speaker, StatementRecord,
};
use serde::Serialize;

use crate::Dataset;

/// How list cells are joined.
pub(crate) const LIST_SEPARATOR: &str = "; ";

/// A calendar date in a row: `YYYY-MM-DD` in CSV, a date cell in a workbook. It
/// serialises as a newtype struct named [`DAY`] around the date, which the CSV writer
/// sees through and the xlsx writer recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Day(pub NaiveDate);

/// The serde name of [`Day`].
pub(crate) const DAY: &str = "entente::Day";

impl Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(DAY, &self.0)
    }
}

/// What is done with the rows of one table, whatever their type: the writers
/// implement it, and [`with_rows`] calls it with the rows of a table by name.
pub(crate) trait RowSink {
    type Output;
    fn rows<R: Serialize + Default>(self, rows: Vec<R>) -> Self::Output;
}

/// Builds the rows of `table` (one of [`crate::TABLES`]) and hands them to `sink`;
/// `None` for an unknown table.
pub(crate) fn with_rows<S: RowSink>(table: &str, data: &Dataset, sink: S) -> Option<S::Output> {
    Some(match table {
        "documents" => sink.rows(document_rows(data)),
        "actors" => sink.rows(actor_rows(data)),
        "organisations" => sink.rows(organisation_rows(data)),
        "initiatives" => sink.rows(initiative_rows(data)),
        "meetings" => sink.rows(meeting_rows(data)),
        "meeting_participants" => sink.rows(meeting_participant_rows(data)),
        "statements" => sink.rows(statement_rows(data)),
        "mentions" => sink.rows(mention_rows(data)),
        _ => return None,
    })
}

#[derive(Debug, Default, Serialize)]
pub(crate) struct DocumentRow<'a> {
    id: i64,
    external_id: Option<Cow<'a, str>>,
    title: Option<Cow<'a, str>>,
    published: Option<Day>,
    source: Option<Cow<'a, str>>,
    url: Option<Cow<'a, str>>,
    path: Option<Cow<'a, str>>,
    sha256: &'a str,
}

#[derive(Debug, Default, Serialize)]
pub(crate) struct ActorRow<'a> {
    id: i64,
    name: Cow<'a, str>,
    country: Option<&'a str>,
    title: Option<Cow<'a, str>>,
    aliases: String,
    mentions: u64,
    documents: u64,
}

#[derive(Debug, Default, Serialize)]
pub(crate) struct OrganisationRow<'a> {
    id: i64,
    name: Cow<'a, str>,
    acronym: Option<Cow<'a, str>>,
    kind: &'static str,
    country: Option<&'a str>,
    aliases: String,
    mentions: u64,
    documents: u64,
}

#[derive(Debug, Default, Serialize)]
pub(crate) struct InitiativeRow<'a> {
    id: i64,
    name: Cow<'a, str>,
    sponsor_country: Option<&'a str>,
    aliases: String,
    mentions: u64,
    documents: u64,
}

#[derive(Debug, Default, Serialize)]
pub(crate) struct MeetingRow<'a> {
    id: i64,
    date: Option<Day>,
    date_precision: Option<&'static str>,
    date_text: Option<Cow<'a, str>>,
    location: String,
    occasion: Option<Cow<'a, str>>,
    kind: &'static str,
    countries: String,
    participant_ids: String,
    participants: String,
    document_ids: String,
    evidence: Option<Cow<'a, str>>,
}

#[derive(Debug, Default, Serialize)]
pub(crate) struct MeetingParticipantRow<'a> {
    meeting_id: i64,
    actor_id: i64,
    actor: Cow<'a, str>,
    role: &'static str,
}

#[derive(Debug, Default, Serialize)]
pub(crate) struct StatementRow<'a> {
    id: i64,
    speaker_kind: &'static str,
    speaker_id: String,
    speaker: Cow<'a, str>,
    addressee_id: Option<i64>,
    addressee: Option<Cow<'a, str>>,
    mode: &'static str,
    verb: Option<Cow<'a, str>>,
    date: Option<Day>,
    text: Cow<'a, str>,
    meeting_id: Option<i64>,
    initiatives: String,
    document_ids: String,
    evidence: Option<Cow<'a, str>>,
}

#[derive(Debug, Default, Serialize)]
pub(crate) struct MentionRow<'a> {
    document_id: i64,
    kind: &'static str,
    entity_id: String,
    surface: Cow<'a, str>,
    start: usize,
    end: usize,
}

pub(crate) fn document_rows(data: &Dataset) -> Vec<DocumentRow<'_>> {
    let mut records: Vec<_> = data.documents.iter().collect();
    records.sort_by_key(|record| record.id);
    records
        .into_iter()
        .map(|record| {
            let document = &record.document;
            DocumentRow {
                id: record.id.0,
                external_id: document.external_id.as_deref().map(clean),
                title: document.title.as_deref().map(clean),
                published: document.published.map(Day),
                source: document.source.as_deref().map(clean),
                url: document.url.as_deref().map(clean),
                path: document.path.as_deref().map(clean),
                sha256: &document.sha256,
            }
        })
        .collect()
}

pub(crate) fn actor_rows(data: &Dataset) -> Vec<ActorRow<'_>> {
    let mut records: Vec<_> = data.actors.iter().collect();
    records.sort_by_key(|record| record.actor.id);
    records
        .into_iter()
        .map(|record| {
            let actor = &record.actor;
            ActorRow {
                id: actor.id.0,
                name: clean(&actor.name),
                country: actor.country.as_ref().map(|country| country.code.as_str()),
                title: actor.titles.last().map(|title| clean(&title.name)),
                aliases: join_clean(&actor.aliases),
                mentions: record.mentions,
                documents: record.documents,
            }
        })
        .collect()
}

pub(crate) fn organisation_rows(data: &Dataset) -> Vec<OrganisationRow<'_>> {
    let mut records: Vec<_> = data.organisations.iter().collect();
    records.sort_by_key(|record| record.organisation.id);
    records
        .into_iter()
        .map(|record| {
            let organisation = &record.organisation;
            OrganisationRow {
                id: organisation.id.0,
                name: clean(&organisation.name),
                acronym: organisation.acronym.as_deref().map(clean),
                kind: organisation.kind.as_str(),
                country: organisation.country.as_ref().map(|c| c.code.as_str()),
                aliases: join_clean(&organisation.aliases),
                mentions: record.mentions,
                documents: record.documents,
            }
        })
        .collect()
}

pub(crate) fn initiative_rows(data: &Dataset) -> Vec<InitiativeRow<'_>> {
    let mut records: Vec<_> = data.initiatives.iter().collect();
    records.sort_by_key(|record| record.initiative.id);
    records
        .into_iter()
        .map(|record| {
            let initiative = &record.initiative;
            InitiativeRow {
                id: initiative.id.0,
                name: clean(&initiative.name),
                sponsor_country: initiative.sponsor.as_ref().map(|c| c.code.as_str()),
                aliases: join_clean(&initiative.aliases),
                mentions: record.mentions,
                documents: record.documents,
            }
        })
        .collect()
}

pub(crate) fn meeting_rows(data: &Dataset) -> Vec<MeetingRow<'_>> {
    let actors = actor_index(data);
    held_meetings(data)
        .into_iter()
        .map(|record| {
            let meeting = &record.meeting;
            let countries: BTreeSet<&str> = meeting
                .participants
                .iter()
                .filter_map(|participant| actors.get(&participant.actor))
                .filter_map(|actor| actor.actor.country.as_ref())
                .map(|country| country.code.as_str())
                .collect();
            let names: Vec<Cow<'_, str>> = (0..meeting.participants.len())
                .map(|index| participant_name(record, index, &actors))
                .collect();
            MeetingRow {
                id: meeting.id.0,
                date: event_date(meeting.date.as_ref()),
                date_precision: meeting.date.as_ref().map(|date| date.precision.as_str()),
                date_text: meeting.date.as_ref().map(|date| clean(&date.text)),
                location: clean(&meeting.location.display()).into_owned(),
                occasion: meeting.occasion.as_deref().map(clean),
                kind: meeting.kind.as_str(),
                countries: join(countries),
                participant_ids: join(meeting.participants.iter().map(|p| p.actor.0.to_string())),
                participants: join(names),
                document_ids: join_ids(&record.document_ids),
                evidence: first_evidence(&meeting.evidence),
            }
        })
        .collect()
}

pub(crate) fn meeting_participant_rows(data: &Dataset) -> Vec<MeetingParticipantRow<'_>> {
    let actors = actor_index(data);
    held_meetings(data)
        .into_iter()
        .flat_map(|record| {
            let actors = &actors;
            record
                .meeting
                .participants
                .iter()
                .enumerate()
                .map(move |(index, participant)| MeetingParticipantRow {
                    meeting_id: record.meeting.id.0,
                    actor_id: participant.actor.0,
                    actor: participant_name(record, index, actors),
                    role: participant.role.as_str(),
                })
        })
        .collect()
}

pub(crate) fn statement_rows(data: &Dataset) -> Vec<StatementRow<'_>> {
    let mut records: Vec<_> = data.statements.iter().collect();
    records.sort_by_key(|record| record.statement.id);
    records.into_iter().map(statement_row).collect()
}

/// The row of one statement.
pub(crate) fn statement_row(record: &StatementRecord) -> StatementRow<'_> {
    let statement = &record.statement;
    StatementRow {
        id: statement.id.0,
        speaker_kind: statement.speaker.kind(),
        speaker_id: match &statement.speaker {
            Speaker::Actor(id) => id.0.to_string(),
            Speaker::Organisation(id) => id.0.to_string(),
            Speaker::Country(code) => code.clone(),
        },
        speaker: clean(&record.speaker_name),
        addressee_id: statement.addressee.map(|id| id.0),
        addressee: record.addressee_name.as_deref().map(clean),
        mode: statement.mode.as_str(),
        verb: statement.verb.as_deref().map(clean),
        date: event_date(statement.date.as_ref()),
        text: clean(&statement.text),
        meeting_id: statement.meeting.map(|id| id.0),
        initiatives: join_clean(&record.initiative_names),
        document_ids: join_ids(&record.document_ids),
        evidence: first_evidence(&statement.evidence),
    }
}

pub(crate) fn mention_rows(data: &Dataset) -> Vec<MentionRow<'_>> {
    let mut records: Vec<_> = data.mentions.iter().collect();
    records.sort_by(|a, b| mention_order(a, b));
    records.into_iter().map(mention_row).collect()
}

/// The order of `mentions.csv`: by document, start, end, entity, surface (the order
/// `Store::each_mention` reads them in).
pub(crate) fn mention_order(a: &MentionRecord, b: &MentionRecord) -> std::cmp::Ordering {
    (a.document, a.char_start, a.char_end, &a.entity, &a.surface).cmp(&(
        b.document,
        b.char_start,
        b.char_end,
        &b.entity,
        &b.surface,
    ))
}

/// The row of one mention.
pub(crate) fn mention_row(record: &MentionRecord) -> MentionRow<'_> {
    MentionRow {
        document_id: record.document.0,
        kind: record.entity.kind(),
        entity_id: match &record.entity {
            EntityRef::Actor(id) => id.0.to_string(),
            EntityRef::Organisation(id) => id.0.to_string(),
            EntityRef::Initiative(id) => id.0.to_string(),
            EntityRef::Country(code) => code.clone(),
        },
        surface: clean(&record.surface),
        start: record.char_start,
        end: record.char_end,
    }
}

/// Meetings reported as having happened, by id.
fn held_meetings(data: &Dataset) -> Vec<&MeetingRecord> {
    let mut records: Vec<_> = data
        .meetings
        .iter()
        .filter(|record| record.meeting.status == MeetingStatus::Held)
        .collect();
    records.sort_by_key(|record| record.meeting.id);
    records
}

fn actor_index(data: &Dataset) -> HashMap<ActorId, &ActorRecord> {
    data.actors
        .iter()
        .map(|record| (record.actor.id, record))
        .collect()
}

/// The name of the `index`th participant: the record's own name list, or else the actor's
/// canonical name, or else empty.
fn participant_name<'a>(
    record: &'a MeetingRecord,
    index: usize,
    actors: &HashMap<ActorId, &'a ActorRecord>,
) -> Cow<'a, str> {
    if let Some(name) = record.participant_names.get(index) {
        return clean(name);
    }
    record
        .meeting
        .participants
        .get(index)
        .and_then(|participant| actors.get(&participant.actor))
        .map_or(Cow::Borrowed(""), |actor| clean(&actor.actor.name))
}

fn event_date(date: Option<&EventDate>) -> Option<Day> {
    date.and_then(|date| date.date).map(Day)
}

fn first_evidence(evidence: &[Evidence]) -> Option<Cow<'_, str>> {
    evidence.first().map(|evidence| clean(&evidence.text))
}

fn join<I>(items: I) -> String
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let mut out = String::new();
    for (index, item) in items.into_iter().enumerate() {
        if index > 0 {
            out.push_str(LIST_SEPARATOR);
        }
        out.push_str(item.as_ref());
    }
    out
}

fn join_clean(items: &[String]) -> String {
    join(items.iter().map(|item| clean(item)))
}

fn join_ids(ids: &[DocumentId]) -> String {
    join(ids.iter().map(|id| id.0.to_string()))
}

/// Drops control characters other than `\n` and `\t` (ANSI escapes, `\r`, NUL ...);
/// line breaks stay and are quoted by the CSV writer.
pub(crate) fn clean(text: &str) -> Cow<'_, str> {
    let is_stray = |c: char| c.is_control() && c != '\n' && c != '\t';
    if text.contains(is_stray) {
        Cow::Owned(text.chars().filter(|&c| !is_stray(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}
