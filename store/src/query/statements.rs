//! Statements by speaker, full-text search (FTS5), initiative, date, meeting and document,
//! newest first, with the spans the search matched.

use std::collections::HashMap;

use entente_model::{
    ActorId, DocumentId, Evidence, InitiativeId, MeetingId, Mode, OrganisationId, Span, Speaker,
    Statement, StatementId, StatementRecord,
};
use rusqlite::Connection;

use super::entities::grouped;
use super::meetings::actor_names;
use super::{Select, SpeakerFilter, StatementFilter, day, id_list, in_order};
use crate::country;
use crate::error::{Error, Result, sqlite};
use crate::sql::{DateColumns, EvidenceRow, invalid};

/// A statement a query found, with what its search matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementHit {
    pub record: StatementRecord,
    /// Byte ranges of `record.statement.text` that the search query matched (FTS5
    /// `highlight()`), in order; empty without a search.
    pub matches: Vec<Span>,
}

/// Statements by [`StatementFilter`], newest first.
pub(crate) fn statements(conn: &Connection, filter: &StatementFilter) -> Result<Vec<StatementHit>> {
    let mut select = Select::new(
        "SELECT s.id FROM statements s JOIN documents d ON d.id = s.document_id WHERE 1 = 1",
    );
    match &filter.speaker {
        Some(SpeakerFilter::Actor(id)) => select.bind("AND s.speaker_actor_id = ?", id.0),
        Some(SpeakerFilter::Organisation(id)) => {
            select.bind("AND s.speaker_organisation_id = ?", id.0);
        }
        Some(SpeakerFilter::Country(code)) => {
            select.bind("AND s.speaker_country_code = ?", code.clone());
        }
        None => {}
    }
    if let Some(query) = &filter.search {
        select.bind(
            "AND s.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?)",
            query.clone(),
        );
    }
    if let Some(initiative) = filter.initiative {
        select.bind(
            "AND s.id IN (SELECT statement_id FROM statement_initiatives WHERE initiative_id = ?)",
            initiative.0,
        );
    }
    if let Some(organisation) = filter.organisation {
        select.bind(
            "AND s.id IN (SELECT statement_id FROM statement_organisations
                          WHERE organisation_id = ?)",
            organisation.0,
        );
    }
    if let Some(meeting) = filter.meeting {
        select.bind("AND s.meeting_id = ?", meeting.0);
    }
    if let Some(document) = filter.document {
        // Read in it first, or again (the same words from the same speaker).
        select.bind(
            "AND s.id IN (SELECT id FROM statements WHERE document_id = ?",
            document.0,
        );
        select.bind(
            "UNION SELECT statement_id FROM statement_evidence WHERE document_id = ?)",
            document.0,
        );
    }
    if let Some(from) = filter.from {
        select.bind("AND coalesce(s.date, d.published) >= ?", day(from));
    }
    if let Some(to) = filter.to {
        select.bind("AND coalesce(s.date, d.published) <= ?", day(to));
    }
    select.push("ORDER BY coalesce(s.date, d.published) DESC NULLS LAST, s.id DESC");
    select.limit(filter.limit)?;
    let ids: Vec<i64> = match &filter.search {
        Some(query) => {
            select.rows_or(conn, |row| row.get(0), |source| search_error(query, source))?
        }
        None => select.rows(conn, "select statements", |row| row.get(0))?,
    };
    let mut matches = match &filter.search {
        Some(query) => highlights(conn, query, &ids)?,
        None => HashMap::new(),
    };
    Ok(by_id(conn, &ids)?
        .into_iter()
        .map(|record| {
            let matches = matches.remove(&record.statement.id.0).unwrap_or_default();
            StatementHit { record, matches }
        })
        .collect())
}

/// One statement.
pub(crate) fn statement(conn: &Connection, id: StatementId) -> Result<Option<StatementRecord>> {
    Ok(by_id(conn, &[id.0])?.into_iter().next())
}

/// A search error: SQLite's failures (FTS5 syntax, unknown column) are the query's.
fn search_error(query: &str, source: rusqlite::Error) -> Error {
    match source {
        rusqlite::Error::SqliteFailure(_, _) => Error::Search {
            query: query.to_owned(),
            source,
        },
        source => sqlite("search statements", source),
    }
}

/// Marks of `highlight()`: control characters, which the stored text is unlikely to hold
/// (and which a mismatch only costs a highlight).
const OPEN: char = '\u{1}';
const CLOSE: char = '\u{2}';

/// The matched spans of the statements `ids`, by id.
fn highlights(conn: &Connection, query: &str, ids: &[i64]) -> Result<HashMap<i64, Vec<Span>>> {
    let mut select = Select::new(
        "SELECT s.id, s.text, highlight(statements_fts, 0, char(1), char(2))
         FROM statements_fts JOIN statements s ON s.id = statements_fts.rowid",
    );
    select.bind("WHERE statements_fts MATCH ?", query.to_owned());
    select.bind(
        "AND statements_fts.rowid IN (SELECT value FROM json_each(?))",
        id_list(ids.iter().copied()),
    );
    let rows: Vec<(i64, String, String)> = select.rows_or(
        conn,
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        |source| search_error(query, source),
    )?;
    Ok(rows
        .into_iter()
        .map(|(id, text, marked)| (id, marked_spans(&text, &marked)))
        .collect())
}

/// The spans between [`OPEN`] and [`CLOSE`] in `marked`, which is `text` with marks
/// inserted, as byte ranges of `text`; none when the two do not line up.
pub(crate) fn marked_spans(text: &str, marked: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut rest = text.char_indices().peekable();
    let mut open = None;
    for c in marked.chars() {
        if let Some(&(_, next)) = rest.peek()
            && next == c
        {
            rest.next();
            continue;
        }
        let at = rest.peek().map_or(text.len(), |&(index, _)| index);
        match c {
            OPEN if open.is_none() => open = Some(at),
            CLOSE => {
                if let Some(start) = open.take()
                    && start < at
                {
                    spans.push(Span::new(start, at));
                }
            }
            _ => return Vec::new(),
        }
    }
    if rest.next().is_some() {
        return Vec::new();
    }
    spans
}

struct StatementRow {
    id: i64,
    document: i64,
    speaker_kind: String,
    speaker_actor: Option<i64>,
    speaker_organisation: Option<i64>,
    speaker_country: Option<String>,
    addressee: Option<i64>,
    mode: String,
    verb: Option<String>,
    text: String,
    date: [Option<String>; 3],
    meeting: Option<i64>,
}

/// The statements `ids`, in that order.
fn by_id(conn: &Connection, ids: &[i64]) -> Result<Vec<StatementRecord>> {
    let list = id_list(ids.iter().copied());
    let mut select = Select::new(
        "SELECT id, document_id, speaker_kind, speaker_actor_id, speaker_organisation_id,
                speaker_country_code, addressee_id, mode, verb, text, date, date_precision,
                date_text, meeting_id
         FROM statements",
    );
    select.bind("WHERE id IN (SELECT value FROM json_each(?))", list.clone());
    let rows: Vec<StatementRow> = select.rows(conn, "read statements", |row| {
        Ok(StatementRow {
            id: row.get(0)?,
            document: row.get(1)?,
            speaker_kind: row.get(2)?,
            speaker_actor: row.get(3)?,
            speaker_organisation: row.get(4)?,
            speaker_country: row.get(5)?,
            addressee: row.get(6)?,
            mode: row.get(7)?,
            verb: row.get(8)?,
            text: row.get(9)?,
            date: [row.get(10)?, row.get(11)?, row.get(12)?],
            meeting: row.get(13)?,
        })
    })?;
    let mut initiatives = grouped(
        conn,
        "SELECT statement_id, initiative_id, name FROM statement_initiatives
         JOIN initiatives ON initiatives.id = statement_initiatives.initiative_id
         WHERE statement_id IN (SELECT value FROM json_each(?1)) ORDER BY statement_id, position",
        &list,
        |row| Ok((InitiativeId(row.get(1)?), row.get::<_, String>(2)?)),
    )?;
    let mut organisations = grouped(
        conn,
        "SELECT statement_id, organisation_id FROM statement_organisations
         WHERE statement_id IN (SELECT value FROM json_each(?1)) ORDER BY statement_id, position",
        &list,
        |row| Ok(OrganisationId(row.get(1)?)),
    )?;
    let mut countries = grouped(
        conn,
        "SELECT statement_id, country_code FROM statement_countries
         WHERE statement_id IN (SELECT value FROM json_each(?1)) ORDER BY statement_id, position",
        &list,
        |row| row.get::<_, String>(1),
    )?;
    let mut evidence = grouped(
        conn,
        "SELECT e.statement_id, coalesce(e.document_id, s.document_id), e.span_start,
                e.span_end, e.sentence_start, e.sentence_end, e.text, e.rule
         FROM statement_evidence e JOIN statements s ON s.id = e.statement_id
         WHERE e.statement_id IN (SELECT value FROM json_each(?1)) ORDER BY e.statement_id, e.id",
        &list,
        EvidenceRow::read,
    )?;
    let people = rows
        .iter()
        .flat_map(|row| [row.speaker_actor, row.addressee])
        .flatten();
    let actor_names = actor_names(conn, &id_list(people))?;
    let organisation_names = organisation_names(
        conn,
        &id_list(rows.iter().filter_map(|row| row.speaker_organisation)),
    )?;
    let country_names = country::names(conn)?;
    let mut records = HashMap::with_capacity(rows.len());
    for row in rows {
        let (speaker, speaker_name) = match (
            row.speaker_kind.as_str(),
            row.speaker_actor,
            row.speaker_organisation,
            row.speaker_country,
        ) {
            ("actor", Some(id), _, _) => (
                Speaker::Actor(ActorId(id)),
                actor_names.get(&id).cloned().unwrap_or_default(),
            ),
            ("organisation", _, Some(id), _) => (
                Speaker::Organisation(OrganisationId(id)),
                organisation_names.get(&id).cloned().unwrap_or_default(),
            ),
            ("country", _, _, Some(code)) => {
                let name = country::from_code(code.clone(), &country_names).name;
                (Speaker::Country(code), name)
            }
            _ => return Err(invalid("statements", "speaker_kind", &row.speaker_kind)),
        };
        let mode = match row.mode.as_str() {
            "direct" => Mode::Direct,
            "indirect" => Mode::Indirect,
            _ => return Err(invalid("statements", "mode", &row.mode)),
        };
        let (initiative_ids, initiative_names) = initiatives
            .remove(&row.id)
            .unwrap_or_default()
            .into_iter()
            .unzip();
        let evidence = evidence
            .remove(&row.id)
            .unwrap_or_default()
            .into_iter()
            .map(EvidenceRow::into_evidence)
            .collect::<Result<Vec<Evidence>>>()?;
        let [date, precision, date_text] = row.date;
        // Its sources: the document it was first read in, then every other one.
        let mut document_ids = vec![DocumentId(row.document)];
        for source in evidence.iter().filter_map(|evidence| evidence.document) {
            if !document_ids.contains(&source) {
                document_ids.push(source);
            }
        }
        let record = StatementRecord {
            statement: Statement {
                id: StatementId(row.id),
                speaker,
                addressee: row.addressee.map(ActorId),
                mode,
                verb: row.verb,
                text: row.text,
                date: DateColumns::decode(date, precision, date_text, "statements")?,
                meeting: row.meeting.map(MeetingId),
                initiatives: initiative_ids,
                organisations: organisations.remove(&row.id).unwrap_or_default(),
                countries: countries.remove(&row.id).unwrap_or_default(),
                evidence,
            },
            speaker_name,
            addressee_name: row.addressee.and_then(|id| actor_names.get(&id).cloned()),
            initiative_names,
            document_ids,
        };
        records.insert(row.id, record);
    }
    Ok(in_order(ids, records))
}

fn organisation_names(conn: &Connection, ids: &str) -> Result<HashMap<i64, String>> {
    let mut select = Select::new("SELECT id, name FROM organisations");
    select.bind(
        "WHERE id IN (SELECT value FROM json_each(?))",
        ids.to_owned(),
    );
    Ok(select
        .rows(conn, "read organisation names", |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?
        .into_iter()
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, marked: &str, expected: &[&str]) {
        let spans = marked_spans(text, marked);
        let found: Vec<&str> = spans.iter().map(|span| span.slice(text)).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn marks_become_byte_spans() {
        check(
            "the Middle Corridor grows",
            "the \u{1}Middle\u{2} \u{1}Corridor\u{2} grows",
            &["Middle", "Corridor"],
        );
        check("Türkiye’s route", "\u{1}Türkiye\u{2}’s route", &["Türkiye"]);
        check("no match", "no match", &[]);
        check("text", "other", &[]);
        check("short", "sho", &[]);
    }
}
