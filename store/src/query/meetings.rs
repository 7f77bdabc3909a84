//! Meetings by participants, state, date, place and document, newest first.

use std::collections::HashMap;

use entente_model::{
    ActorId, DocumentId, Location, Meeting, MeetingId, MeetingKind, MeetingRecord, MeetingStatus,
    Participant, Role, fold,
};
use rusqlite::Connection;

use super::entities::grouped;
use super::{MeetingFilter, Select, day, id_list, in_order};
use crate::country;
use crate::error::Result;
use crate::sql::{DateColumns, EvidenceRow, invalid};

/// Held meetings by [`MeetingFilter`], newest first (undated last).
pub(crate) fn meetings(conn: &Connection, filter: &MeetingFilter) -> Result<Vec<MeetingRecord>> {
    let mut select = Select::new(
        "SELECT m.id, m.venue, m.city, m.country_code, c.name
         FROM meetings m LEFT JOIN countries c ON c.code = m.country_code
         WHERE m.status = 'held'",
    );
    for actor in &filter.actors {
        select.bind(
            "AND m.id IN (SELECT meeting_id FROM meeting_participants WHERE actor_id = ?)",
            actor.0,
        );
    }
    if let Some(code) = &filter.country {
        select.bind(
            "AND m.id IN (SELECT p.meeting_id FROM actors a
                          JOIN meeting_participants p ON p.actor_id = a.id
                          WHERE a.country_code = ?)",
            code.clone(),
        );
    }
    if let Some(from) = filter.from {
        select.bind("AND m.date >= ?", day(from));
    }
    if let Some(to) = filter.to {
        select.bind("AND m.date <= ?", day(to));
    }
    if let Some(document) = filter.document {
        select.bind(
            "AND m.id IN (SELECT meeting_id FROM meeting_documents WHERE document_id = ?)",
            document.0,
        );
    }
    select.push("ORDER BY m.date DESC NULLS LAST, m.id DESC");
    type Place = (i64, [Option<String>; 4]);
    let rows: Vec<Place> = select.rows(conn, "select meetings", |row| {
        Ok((
            row.get(0)?,
            [row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?],
        ))
    })?;
    let place = filter.location.as_deref().map(fold);
    let ids: Vec<i64> = rows
        .into_iter()
        .filter(|(_, parts)| match &place {
            Some(place) => parts
                .iter()
                .flatten()
                .any(|part| fold(part).contains(place.as_str())),
            None => true,
        })
        .map(|(id, _)| id)
        .take(filter.limit.unwrap_or(usize::MAX))
        .collect();
    by_id(conn, &ids)
}

/// One meeting, of any status.
pub(crate) fn meeting(conn: &Connection, id: MeetingId) -> Result<Option<MeetingRecord>> {
    Ok(by_id(conn, &[id.0])?.into_iter().next())
}

type MeetingRow = (
    i64,
    [Option<String>; 3],
    [Option<String>; 4],
    String,
    String,
);

/// The meetings `ids`, in that order.
fn by_id(conn: &Connection, ids: &[i64]) -> Result<Vec<MeetingRecord>> {
    let list = id_list(ids.iter().copied());
    let mut select = Select::new(
        "SELECT id, date, date_precision, date_text, venue, city, country_code, occasion,
                kind, status
         FROM meetings",
    );
    select.bind("WHERE id IN (SELECT value FROM json_each(?))", list.clone());
    let rows: Vec<MeetingRow> = select.rows(conn, "read meetings", |row| {
        Ok((
            row.get(0)?,
            [row.get(1)?, row.get(2)?, row.get(3)?],
            [row.get(4)?, row.get(5)?, row.get(6)?, row.get(7)?],
            row.get(8)?,
            row.get(9)?,
        ))
    })?;
    let mut participants = grouped(
        conn,
        "SELECT meeting_id, actor_id, role FROM meeting_participants
         WHERE meeting_id IN (SELECT value FROM json_each(?1)) ORDER BY meeting_id, id",
        &list,
        |row| Ok((row.get::<_, i64>(1)?, row.get::<_, String>(2)?)),
    )?;
    let mut documents = grouped(
        conn,
        "SELECT meeting_id, document_id FROM meeting_documents
         WHERE meeting_id IN (SELECT value FROM json_each(?1)) ORDER BY meeting_id, document_id",
        &list,
        |row| Ok(DocumentId(row.get(1)?)),
    )?;
    let mut evidence = grouped(
        conn,
        "SELECT meeting_id, document_id, span_start, span_end, sentence_start, sentence_end,
                text, rule
         FROM meeting_evidence
         WHERE meeting_id IN (SELECT value FROM json_each(?1)) ORDER BY meeting_id, id",
        &list,
        EvidenceRow::read,
    )?;
    let actor_ids = participants.values().flatten().map(|(actor, _)| *actor);
    let actor_names = actor_names(conn, &id_list(actor_ids))?;
    let countries = country::names(conn)?;
    let mut records = HashMap::with_capacity(rows.len());
    for (id, [date, precision, date_text], [venue, city, country, occasion], kind, status) in rows {
        let mut people = Vec::new();
        let mut names = Vec::new();
        for (actor, role) in participants.remove(&id).unwrap_or_default() {
            people.push(Participant {
                actor: ActorId(actor),
                role: role_from_sql(&role)?,
            });
            names.push(actor_names.get(&actor).cloned().unwrap_or_default());
        }
        let record = MeetingRecord {
            meeting: Meeting {
                id: MeetingId(id),
                participants: people,
                date: DateColumns::decode(date, precision, date_text, "meetings")?,
                location: Location {
                    venue,
                    city,
                    country: country.map(|code| country::from_code(code, &countries)),
                },
                occasion,
                kind: MeetingKind::parse(&kind)
                    .ok_or_else(|| invalid("meetings", "kind", &kind))?,
                status: status_from_sql(&status)?,
                evidence: evidence
                    .remove(&id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(EvidenceRow::into_evidence)
                    .collect::<Result<_>>()?,
            },
            participant_names: names,
            document_ids: documents.remove(&id).unwrap_or_default(),
        };
        records.insert(id, record);
    }
    Ok(in_order(ids, records))
}

/// Canonical names of the actors in the JSON id list `ids`.
pub(crate) fn actor_names(conn: &Connection, ids: &str) -> Result<HashMap<i64, String>> {
    let mut select = Select::new("SELECT id, name FROM actors");
    select.bind(
        "WHERE id IN (SELECT value FROM json_each(?))",
        ids.to_owned(),
    );
    Ok(select
        .rows(conn, "read actor names", |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?
        .into_iter()
        .collect())
}

fn status_from_sql(text: &str) -> Result<MeetingStatus> {
    Ok(match text {
        "held" => MeetingStatus::Held,
        "planned" => MeetingStatus::Planned,
        "cancelled" => MeetingStatus::Cancelled,
        _ => return Err(invalid("meetings", "status", text)),
    })
}

fn role_from_sql(text: &str) -> Result<Role> {
    Ok(match text {
        "principal" => Role::Principal,
        "delegation" => Role::Delegation,
        _ => return Err(invalid("meeting_participants", "role", text)),
    })
}
