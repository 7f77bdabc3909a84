//! Aggregates behind the browser explorer (`entente serve`): what the database holds,
//! who meets whom most often, and counts per month for the timelines.

use entente_model::{ActorId, EntityRef, MentionRecord};
use rusqlite::Connection;

use super::Select;
use crate::error::{Context, Result};
use crate::mention::in_document_range;
use crate::sql::to_u64;

/// What the database holds, for the explorer's home page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overview {
    pub documents: u64,
    /// Actors, organisations and initiatives with at least one mention.
    pub actors: u64,
    pub organisations: u64,
    pub initiatives: u64,
    /// Meetings reported as held.
    pub meetings: u64,
    pub statements: u64,
    /// The first and last publication dates (`YYYY-MM-DD`).
    pub first_published: Option<String>,
    pub last_published: Option<String>,
}

/// Two actors and how many held meetings they both took part in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub first: (ActorId, String),
    pub second: (ActorId, String),
    pub meetings: u64,
}

/// An actor and a count (meetings with someone, statements about something).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountedActor {
    pub actor: ActorId,
    pub name: String,
    pub count: u64,
}

/// Counts in one calendar month (`YYYY-MM`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthCount {
    pub month: String,
    pub count: u64,
}

pub(crate) fn overview(conn: &Connection) -> Result<Overview> {
    let count = |sql: &'static str| -> Result<u64> {
        let n: i64 = conn
            .prepare_cached(sql)
            .context("prepare a count")?
            .query_row([], |row| row.get(0))
            .context("count records")?;
        to_u64(n, "count")
    };
    let (first_published, last_published) = conn
        .prepare_cached("SELECT min(published), max(published) FROM documents")
        .context("prepare the date range")?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
        .context("read the date range")?;
    Ok(Overview {
        documents: count("SELECT count(*) FROM documents")?,
        // The counts kept beside the records (0006), along their partial indexes.
        actors: count("SELECT count(*) FROM actors WHERE mentions > 0")?,
        organisations: count("SELECT count(*) FROM organisations WHERE mentions > 0")?,
        initiatives: count("SELECT count(*) FROM initiatives WHERE mentions > 0")?,
        meetings: count("SELECT count(*) FROM meetings WHERE status = 'held'")?,
        statements: count("SELECT count(*) FROM statements")?,
        first_published,
        last_published,
    })
}

/// The pairs of actors who took part in the most held meetings together.
pub(crate) fn top_pairs(conn: &Connection, limit: usize) -> Result<Vec<Pair>> {
    let mut select = Select::new(
        "SELECT p.actor_id, a.name, q.actor_id, b.name, count(*) AS n
         FROM meetings m
         JOIN meeting_participants p ON p.meeting_id = m.id
         JOIN meeting_participants q ON q.meeting_id = m.id AND q.actor_id > p.actor_id
         JOIN actors a ON a.id = p.actor_id
         JOIN actors b ON b.id = q.actor_id
         WHERE m.status = 'held'
         GROUP BY p.actor_id, q.actor_id ORDER BY n DESC, p.actor_id, q.actor_id",
    );
    select.limit(Some(limit))?;
    let rows: Vec<(i64, String, i64, String, i64)> = select.rows(conn, "list pairs", |row| {
        Ok((
            row.get(0)?,
            row.get(1)?,
            row.get(2)?,
            row.get(3)?,
            row.get(4)?,
        ))
    })?;
    rows.into_iter()
        .map(|(first, first_name, second, second_name, n)| {
            Ok(Pair {
                first: (ActorId(first), first_name),
                second: (ActorId(second), second_name),
                meetings: to_u64(n, "pair meetings")?,
            })
        })
        .collect()
}

/// The actors `actor` took part in the most held meetings with.
pub(crate) fn counterparts(
    conn: &Connection,
    actor: ActorId,
    limit: usize,
) -> Result<Vec<CountedActor>> {
    let mut select = Select::new(
        "SELECT q.actor_id, a.name, count(*) AS n
         FROM meeting_participants p
         JOIN meetings m ON m.id = p.meeting_id AND m.status = 'held'
         JOIN meeting_participants q ON q.meeting_id = p.meeting_id AND q.actor_id <> p.actor_id
         JOIN actors a ON a.id = q.actor_id
         WHERE p.actor_id = ?1
         GROUP BY q.actor_id ORDER BY n DESC, q.actor_id",
    );
    select.value(actor.0);
    select.limit(Some(limit))?;
    counted(conn, &select)
}

/// Who made the most statements mentioning initiative `initiative` (actors only).
pub(crate) fn initiative_speakers(
    conn: &Connection,
    initiative: entente_model::InitiativeId,
    limit: usize,
) -> Result<Vec<CountedActor>> {
    let mut select = Select::new(
        "SELECT s.speaker_actor_id, a.name, count(DISTINCT s.id) AS n
         FROM statement_initiatives i
         JOIN statements s ON s.id = i.statement_id
         JOIN actors a ON a.id = s.speaker_actor_id
         WHERE i.initiative_id = ?1
         GROUP BY s.speaker_actor_id ORDER BY n DESC, s.speaker_actor_id",
    );
    select.value(initiative.0);
    select.limit(Some(limit))?;
    counted(conn, &select)
}

fn counted(conn: &Connection, select: &Select) -> Result<Vec<CountedActor>> {
    let rows: Vec<(i64, String, i64)> = select.rows(conn, "count by actor", |row| {
        Ok((row.get(0)?, row.get(1)?, row.get(2)?))
    })?;
    rows.into_iter()
        .map(|(actor, name, n)| {
            Ok(CountedActor {
                actor: ActorId(actor),
                name,
                count: to_u64(n, "count")?,
            })
        })
        .collect()
}

/// Held, dated meetings of `actor` per month, oldest first.
pub(crate) fn meetings_per_month(conn: &Connection, actor: ActorId) -> Result<Vec<MonthCount>> {
    let mut select = Select::new(
        "SELECT substr(m.date, 1, 7) AS month, count(*)
         FROM meeting_participants p JOIN meetings m ON m.id = p.meeting_id
         WHERE p.actor_id = ?1 AND m.status = 'held' AND m.date IS NOT NULL
         GROUP BY month ORDER BY month",
    );
    select.value(actor.0);
    months(conn, &select)
}

/// Statements of `actor` per month (the statement's date, else its article's), oldest
/// first.
pub(crate) fn statements_per_month(conn: &Connection, actor: ActorId) -> Result<Vec<MonthCount>> {
    let mut select = Select::new(
        "SELECT substr(coalesce(s.date, d.published), 1, 7) AS month, count(*)
         FROM statements s JOIN documents d ON d.id = s.document_id
         WHERE s.speaker_actor_id = ?1 AND coalesce(s.date, d.published) IS NOT NULL
         GROUP BY month ORDER BY month",
    );
    select.value(actor.0);
    months(conn, &select)
}

/// Mentions of `entity` per month of publication, oldest first.
pub(crate) fn mentions_per_month(conn: &Connection, entity: &EntityRef) -> Result<Vec<MonthCount>> {
    let filter: (&'static str, rusqlite::types::Value) = match entity {
        EntityRef::Actor(id) => ("WHERE actor_id = ?", id.0.into()),
        EntityRef::Organisation(id) => ("WHERE organisation_id = ?", id.0.into()),
        EntityRef::Initiative(id) => ("WHERE initiative_id = ?", id.0.into()),
        EntityRef::Country(code) => return country_mentions_per_month(conn, code),
    };
    // Counted per document along the (entity, document) index first, then dated: one
    // document read per document, not per mention.
    let mut select = Select::new(
        "SELECT substr(d.published, 1, 7) AS month, sum(c.n)
         FROM (SELECT document_id, count(*) AS n FROM mentions",
    );
    select.bind(filter.0, filter.1);
    select.push(
        "GROUP BY document_id) c JOIN documents d ON d.id = c.document_id
         WHERE d.published IS NOT NULL GROUP BY month ORDER BY month",
    );
    months(conn, &select)
}

/// [`mentions_per_month`] of a country: the country index holds each document's first
/// mention only (migration 0009), so the documents come from it and each one's mentions
/// of the country from the document's own mentions (its id range, migration 0010).
fn country_mentions_per_month(conn: &Connection, code: &str) -> Result<Vec<MonthCount>> {
    let mut select = Select::new(concat!(
        "SELECT substr(d.published, 1, 7) AS month,
                sum((SELECT count(*) FROM mentions m WHERE ",
        in_document_range!("m.id", "f.document_id"),
        " AND m.country_code = ?1))
         FROM mentions f JOIN documents d ON d.id = f.document_id
         WHERE f.country_code = ?1 AND f.first_in_document = 1
           AND d.published IS NOT NULL
         GROUP BY month ORDER BY month",
    ));
    select.value(code.to_owned());
    months(conn, &select)
}

fn months(conn: &Connection, select: &Select) -> Result<Vec<MonthCount>> {
    let rows: Vec<(String, i64)> = select.rows(conn, "count per month", |row| {
        Ok((row.get(0)?, row.get(1)?))
    })?;
    rows.into_iter()
        .map(|(month, n)| {
            Ok(MonthCount {
                month,
                count: to_u64(n, "count per month")?,
            })
        })
        .collect()
}

/// The states of the actors who took part in a held meeting, sorted.
pub(crate) fn meeting_countries(conn: &Connection) -> Result<Vec<String>> {
    let select = Select::new(
        "SELECT DISTINCT a.country_code
         FROM meeting_participants p
         JOIN meetings m ON m.id = p.meeting_id AND m.status = 'held'
         JOIN actors a ON a.id = p.actor_id
         WHERE a.country_code IS NOT NULL ORDER BY a.country_code",
    );
    select.rows(conn, "list the states of meeting participants", |row| {
        row.get(0)
    })
}

pub(crate) fn data_version(conn: &Connection) -> Result<i64> {
    conn.pragma_query_value(None, "data_version", |row| row.get(0))
        .context("read the data version")
}

/// The mentions of one document, by start.
pub(crate) fn document_mentions(
    conn: &Connection,
    document: entente_model::DocumentId,
) -> Result<Vec<MentionRecord>> {
    crate::mention::in_document(conn, document)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Actors 1–3; meetings (id, date, status, participants).
    fn store(meetings: &[(i64, Option<&str>, &str, &[i64])]) -> crate::Store {
        let store = crate::Store::open_in_memory().unwrap();
        let conn = &store.conn;
        conn.execute(
            "INSERT INTO documents (id, sha256, text, published) VALUES (1, 'x', 'text', '2025-03-02')",
            [],
        )
        .unwrap();
        for (id, name) in [
            (1, "Hakan Fidan"),
            (2, "Wang Yi"),
            (3, "Li Qiang"),
            (4, "No One"),
        ] {
            conn.execute(
                "INSERT INTO actors (id, name, key, word_set, first_word, last_word)
                 VALUES (?1, ?2, ?2, '', '', '')",
                rusqlite::params![id, name],
            )
            .unwrap();
        }
        for (id, date, status, participants) in meetings {
            conn.execute(
                "INSERT INTO meetings (id, principals, date, kind, status)
                 VALUES (?1, '', ?2, 'talks', ?3)",
                rusqlite::params![id, date, status],
            )
            .unwrap();
            for actor in *participants {
                conn.execute(
                    "INSERT INTO meeting_participants (meeting_id, actor_id, role)
                     VALUES (?1, ?2, 'principal')",
                    rusqlite::params![id, actor],
                )
                .unwrap();
            }
        }
        for actor in [1, 2, 3] {
            conn.execute(
                "INSERT INTO mentions (document_id, kind, actor_id, surface, span_start,
                     span_end, char_start, char_end)
                 VALUES (1, 'actor', ?1, 'x', 0, 1, 0, 1)",
                [actor],
            )
            .unwrap();
        }
        crate::counts::rebuild(conn).unwrap();
        store
    }

    #[test]
    fn pairs_counterparts_and_months_count_held_meetings() {
        let store = store(&[
            (1, Some("2025-03-04"), "held", &[1, 2]),
            (2, Some("2025-03-20"), "held", &[2, 1, 3]),
            (3, Some("2025-05-01"), "held", &[1, 3]),
            (4, Some("2025-05-02"), "planned", &[1, 2]),
            (5, None, "held", &[1, 2]),
        ]);
        let pairs: Vec<(i64, i64, u64)> = store
            .top_pairs(10)
            .unwrap()
            .into_iter()
            .map(|pair| (pair.first.0.0, pair.second.0.0, pair.meetings))
            .collect();
        assert_eq!(pairs, [(1, 2, 3), (1, 3, 2), (2, 3, 1)]);
        assert_eq!(store.top_pairs(1).unwrap().len(), 1);
        let counterparts: Vec<(i64, u64)> = store
            .counterparts(ActorId(1), 10)
            .unwrap()
            .into_iter()
            .map(|other| (other.actor.0, other.count))
            .collect();
        assert_eq!(counterparts, [(2, 3), (3, 2)]);
        let months: Vec<(String, u64)> = store
            .meetings_per_month(ActorId(1))
            .unwrap()
            .into_iter()
            .map(|m| (m.month, m.count))
            .collect();
        assert_eq!(
            months,
            [("2025-03".to_string(), 2), ("2025-05".to_string(), 1)]
        );
        assert!(store.meeting_countries().unwrap().is_empty());
        let overview = store.overview().unwrap();
        assert_eq!((overview.documents, overview.meetings), (1, 4));
        // Actor 4 has no mention: no record.
        assert_eq!((overview.actors, overview.organisations), (3, 0));
        assert_eq!(overview.first_published.as_deref(), Some("2025-03-02"));
    }
}
