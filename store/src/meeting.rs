//! Meetings: one stored meeting per encounter, with every document that reports it.
//!
//! An extracted meeting joins a stored one reported by another document when both have
//! the same set of (two or more) principal participants and the same date, known to the
//! day. A join adds the new participants, evidence and document, fills the location
//! parts and the occasion when missing, the kind when stored as `other`, and marks the
//! meeting held when this report says it was.

use std::sync::LazyLock;

use entente_model::{
    ActorId, DocumentId, Evidence, Location, Meeting, MeetingId, MeetingKind, MeetingRecord,
    MeetingStatus, Participant, Role,
};
use rusqlite::{Connection, OptionalExtension, ToSql, params};

use crate::country::{self, stored_code};
use crate::error::{Context, Result};
use crate::mention::lookup;
use crate::sql::{DateColumns, EvidenceRow, EvidenceValues, Inserts, RowInsert, invalid};

pub(crate) static PARTICIPANT_INSERT: LazyLock<RowInsert> = LazyLock::new(|| {
    RowInsert::new(
        "INSERT OR IGNORE INTO meeting_participants (meeting_id, actor_id, role)",
        3,
    )
});

pub(crate) static EVIDENCE_INSERT: LazyLock<RowInsert> = LazyLock::new(|| {
    RowInsert::new(
        "INSERT OR FAIL INTO meeting_evidence (meeting_id, document_id, span_start, span_end,
             sentence_start, sentence_end, text, rule)",
        8,
    )
});

/// Database ids of an extraction's meetings (`None` for one without stored
/// participants), and how many were new.
pub(crate) fn store_all(
    conn: &Connection,
    inserts: &mut Inserts<'_>,
    document: i64,
    meetings: &[Meeting],
    actors: &[Option<i64>],
) -> Result<(Vec<Option<i64>>, usize)> {
    let mut ids = Vec::with_capacity(meetings.len());
    let mut added = 0;
    let mut participant_rows: Vec<(i64, i64, &'static str)> = Vec::new();
    let mut evidence_rows: Vec<(i64, EvidenceValues, &Evidence)> = Vec::new();
    for meeting in meetings {
        let participants = participants(meeting, actors);
        if participants.is_empty() {
            ids.push(None);
            continue;
        }
        let mut principals: Vec<i64> = participants
            .iter()
            .filter(|(_, role)| *role == Role::Principal)
            .map(|(id, _)| *id)
            .collect();
        principals.sort_unstable();
        let principals_key = principals
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let date = DateColumns::new(meeting.date.as_ref());
        let same = if principals.len() >= 2 && date.precision == Some("day") {
            find_same(conn, document, &principals_key, date.date.as_deref())?
        } else {
            None
        };
        let id = match same {
            Some(id) => {
                merge(conn, id, meeting)?;
                id
            }
            None => {
                added += 1;
                insert(conn, meeting, &principals_key, &date)?
            }
        };
        for (actor, role) in participants {
            participant_rows.push((id, actor, role.as_str()));
        }
        conn.prepare_cached(
            "INSERT OR IGNORE INTO meeting_documents (meeting_id, document_id) VALUES (?1, ?2)",
        )
        .context("prepare the meeting document insert")?
        .execute(params![id, document])
        .context("link a meeting to its document")?;
        for evidence in &meeting.evidence {
            evidence_rows.push((id, EvidenceValues::new(evidence)?, evidence));
        }
        ids.push(Some(id));
    }
    // Participants and evidence are read by no lookup above: they go in a few multi-row
    // inserts, in the order one insert per row would have stored them.
    let values: Vec<&dyn ToSql> = participant_rows
        .iter()
        .flat_map(|(meeting, actor, role)| [meeting as &dyn ToSql, actor, role])
        .collect();
    inserts
        .participants
        .execute(&values, "store meeting participants")?;
    let mut values: Vec<&dyn ToSql> = Vec::with_capacity(evidence_rows.len() * 8);
    for (meeting, row, evidence) in &evidence_rows {
        values.extend_from_slice(&[
            meeting as &dyn ToSql,
            &document,
            &row.span_start,
            &row.span_end,
            &row.sentence_start,
            &row.sentence_end,
            &evidence.text,
            &evidence.rule,
        ]);
    }
    inserts
        .meeting_evidence
        .execute(&values, "store meeting evidence")?;
    Ok((ids, added))
}

/// The stored participants of `meeting`, first reported first, each actor once (as a
/// principal if any report says so).
fn participants(meeting: &Meeting, actors: &[Option<i64>]) -> Vec<(i64, Role)> {
    let mut found: Vec<(i64, Role)> = Vec::new();
    for participant in &meeting.participants {
        let Some(id) = lookup(actors, participant.actor.0) else {
            continue;
        };
        match found.iter_mut().find(|(seen, _)| *seen == id) {
            Some((_, role)) if participant.role == Role::Principal => *role = Role::Principal,
            Some(_) => {}
            None => found.push((id, participant.role)),
        }
    }
    found
}

fn find_same(
    conn: &Connection,
    document: i64,
    principals: &str,
    date: Option<&str>,
) -> Result<Option<i64>> {
    let Some(date) = date else {
        return Ok(None);
    };
    conn.prepare_cached(
        "SELECT id FROM meetings
         WHERE principals = ?1 AND date = ?2 AND date_precision = 'day'
           AND NOT EXISTS (SELECT 1 FROM meeting_documents
                           WHERE meeting_id = meetings.id AND document_id = ?3)
         ORDER BY id LIMIT 1",
    )
    .context("prepare the meeting lookup")?
    .query_row(params![principals, date, document], |row| row.get(0))
    .optional()
    .context("look up a meeting")
}

fn status_str(status: MeetingStatus) -> &'static str {
    match status {
        MeetingStatus::Held => "held",
        MeetingStatus::Planned => "planned",
        MeetingStatus::Cancelled => "cancelled",
    }
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

fn insert(
    conn: &Connection,
    meeting: &Meeting,
    principals: &str,
    date: &DateColumns,
) -> Result<i64> {
    let country = meeting.location.country.as_ref().map(stored_code);
    conn.prepare_cached(
        "INSERT INTO meetings (principals, date, date_precision, date_text, venue, city,
             country_code, occasion, kind, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )
    .context("prepare the meeting insert")?
    .insert(params![
        principals,
        date.date,
        date.precision,
        date.text,
        meeting.location.venue,
        meeting.location.city,
        country,
        meeting.occasion,
        meeting.kind.as_str(),
        status_str(meeting.status)
    ])
    .context("store a meeting")
}

fn merge(conn: &Connection, id: i64, meeting: &Meeting) -> Result<()> {
    let country = meeting.location.country.as_ref().map(stored_code);
    let kind = (meeting.kind != MeetingKind::Other).then(|| meeting.kind.as_str());
    conn.prepare_cached(
        "UPDATE meetings SET
             venue = coalesce(venue, ?2),
             city = coalesce(city, ?3),
             country_code = coalesce(country_code, ?4),
             occasion = coalesce(occasion, ?5),
             kind = CASE WHEN kind = 'other' AND ?6 IS NOT NULL THEN ?6 ELSE kind END,
             status = CASE WHEN ?7 = 'held' THEN 'held' ELSE status END
         WHERE id = ?1",
    )
    .context("prepare the meeting update")?
    .execute(params![
        id,
        meeting.location.venue,
        meeting.location.city,
        country,
        meeting.occasion,
        kind,
        status_str(meeting.status)
    ])
    .context("merge a meeting")?;
    Ok(())
}

type MeetingRow = (
    i64,
    [Option<String>; 3],
    [Option<String>; 4],
    String,
    String,
);

/// Which evidence rows a listing of meetings reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EvidenceRows {
    All,
    /// The first (lowest id) of each meeting: what the CSV files and the workbook show,
    /// read through `meeting_evidence_meeting` one row a meeting, where a meeting
    /// reported by a thousand articles has a thousand sentences.
    First,
}

/// Every meeting of every status, by id.
///
/// The participants, documents and evidence are read in meeting order beside the
/// meetings and handed out one meeting at a time ([`ByMeeting`]), so no map of every
/// meeting's rows is built (on the dense 200 MB corpus: 238,000 meetings).
pub(crate) fn list(conn: &Connection, rows: EvidenceRows) -> Result<Vec<MeetingRecord>> {
    let countries = country::names(conn)?;
    let actor_names = crate::actor::names(conn)?;
    let mut participant_rows = conn
        .prepare_cached(
            "SELECT meeting_id, actor_id, role FROM meeting_participants
             ORDER BY meeting_id, id",
        )
        .context("prepare the participant listing")?;
    let mut participants = ByMeeting::new(
        participant_rows
            .query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })
            .context("list meeting participants")?
            .map(|row| {
                let (meeting, actor, role) = row.context("read a meeting participant")?;
                Ok((
                    meeting,
                    Participant {
                        actor: ActorId(actor),
                        role: role_from_sql(&role)?,
                    },
                ))
            }),
    );
    let mut document_rows = conn
        .prepare_cached(
            "SELECT meeting_id, document_id FROM meeting_documents
             ORDER BY meeting_id, document_id",
        )
        .context("prepare the meeting document listing")?;
    let mut documents = ByMeeting::new(
        document_rows
            .query_map([], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?)))
            .context("list meeting documents")?
            .map(|row| {
                let (meeting, document) = row.context("read a meeting document")?;
                Ok((meeting, DocumentId(document)))
            }),
    );
    let mut evidence_rows = conn
        .prepare_cached(match rows {
            EvidenceRows::All => {
                "SELECT meeting_id, document_id, span_start, span_end, sentence_start,
                        sentence_end, text, rule
                 FROM meeting_evidence ORDER BY meeting_id, id"
            }
            EvidenceRows::First => {
                "SELECT e.meeting_id, e.document_id, e.span_start, e.span_end,
                        e.sentence_start, e.sentence_end, e.text, e.rule
                 FROM meetings m JOIN meeting_evidence e
                     ON e.id = (SELECT min(id) FROM meeting_evidence WHERE meeting_id = m.id)
                 ORDER BY m.id"
            }
        })
        .context("prepare the meeting evidence listing")?;
    let mut evidence = ByMeeting::new(
        evidence_rows
            .query_map([], |row| {
                Ok((row.get::<_, i64>(0)?, EvidenceRow::read(row)?))
            })
            .context("list meeting evidence")?
            .map(|row| {
                let (meeting, row) = row.context("read meeting evidence")?;
                Ok((meeting, row.into_evidence()?))
            }),
    );
    let mut statement = conn
        .prepare_cached(
            "SELECT id, date, date_precision, date_text, venue, city, country_code, occasion,
                    kind, status
             FROM meetings ORDER BY id",
        )
        .context("prepare the meeting listing")?;
    let rows = statement
        .query_map([], |row| -> rusqlite::Result<MeetingRow> {
            Ok((
                row.get(0)?,
                [row.get(1)?, row.get(2)?, row.get(3)?],
                [row.get(4)?, row.get(5)?, row.get(6)?, row.get(7)?],
                row.get(8)?,
                row.get(9)?,
            ))
        })
        .context("list meetings")?;
    let mut records = Vec::new();
    for row in rows {
        let (id, [date, precision, date_text], [venue, city, country, occasion], kind, status) =
            row.context("read a meeting")?;
        let participants = participants.take(id)?;
        let participant_names = participants
            .iter()
            .map(|p| actor_names.get(&p.actor.0).cloned().unwrap_or_default())
            .collect();
        records.push(MeetingRecord {
            meeting: Meeting {
                id: MeetingId(id),
                participants,
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
                evidence: evidence.take(id)?,
            },
            participant_names,
            document_ids: documents.take(id)?,
        });
    }
    Ok(records)
}

/// Rows of (meeting id, value) in meeting id order, taken one meeting at a time while
/// the meetings are read in the same order: a merge of two sorted lists. A row of a
/// meeting that is not asked for (none should be) is passed over.
struct ByMeeting<T, I: Iterator<Item = Result<(i64, T)>>> {
    rows: std::iter::Peekable<I>,
}

impl<T, I: Iterator<Item = Result<(i64, T)>>> ByMeeting<T, I> {
    fn new(rows: I) -> Self {
        ByMeeting {
            rows: rows.peekable(),
        }
    }

    /// The values of meeting `id`, in row order; ids must be asked in increasing order.
    /// A row that could not be read is returned as soon as it is met.
    fn take(&mut self, id: i64) -> Result<Vec<T>> {
        let mut values = Vec::new();
        while let Some(row) = self.rows.peek() {
            match row {
                Ok((meeting, _)) if *meeting > id => break,
                Ok((meeting, _)) => {
                    let keep = *meeting == id;
                    if let Some(Ok((_, value))) = self.rows.next()
                        && keep
                    {
                        values.push(value);
                    }
                }
                Err(_) => {
                    if let Some(Err(error)) = self.rows.next() {
                        return Err(error);
                    }
                }
            }
        }
        Ok(values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_taken_one_meeting_at_a_time() {
        let rows = [(1, 'a'), (1, 'b'), (2, 'x'), (4, 'c'), (6, 'd'), (6, 'e')];
        let mut by_meeting = ByMeeting::new(rows.into_iter().map(Ok));
        assert_eq!(by_meeting.take(1).unwrap(), ['a', 'b']);
        // Meeting 2 is not asked for: its row is passed over.
        assert_eq!(by_meeting.take(3).unwrap(), Vec::<char>::new());
        assert_eq!(by_meeting.take(4).unwrap(), ['c']);
        assert_eq!(by_meeting.take(6).unwrap(), ['d', 'e']);
        assert_eq!(by_meeting.take(7).unwrap(), Vec::<char>::new());
    }

    #[test]
    fn a_row_that_cannot_be_read_is_an_error() {
        let rows: Vec<Result<(i64, char)>> = vec![
            Ok((1, 'a')),
            Err(invalid("meeting_participants", "role", "captain")),
            Ok((2, 'b')),
        ];
        // The error is met while meeting 1's rows are read: the listing stops there.
        let mut by_meeting = ByMeeting::new(rows.into_iter());
        assert!(by_meeting.take(1).is_err());
    }
}
