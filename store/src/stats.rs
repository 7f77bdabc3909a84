//! `entente stats`: counts, date ranges and the leading actors, pairs and speakers, each
//! one aggregate over an index (no table is loaded into memory).

use entente_model::{ActorId, Counts, DateRange, MeetingPair, RankedActor, Stats};
use rusqlite::{Connection, params};

use crate::error::{Context, Result};
use crate::sql::{date_from_sql, to_i64, to_u64};
use crate::{Store, extractor};

impl Store {
    /// The overview of the database, with the `top` leading actors, pairs and speakers.
    /// `extractor.recorded` lists the recorded extractors; the caller, who knows the
    /// running one, fills in the rest of `extractor`.
    pub fn stats(&self, top: usize) -> Result<Stats> {
        self.read_snapshot(|store| stats(&store.conn, top))
    }
}

fn stats(conn: &Connection, top: usize) -> Result<Stats> {
    let top = to_i64(top, "top")?;
    let mut stats = Stats {
        counts: counts(conn)?,
        published: range(
            conn,
            "SELECT (SELECT min(published) FROM documents), (SELECT max(published) FROM documents)",
            "documents",
            "published",
        )?,
        meetings: range(
            conn,
            "SELECT
                 (SELECT date FROM meetings INDEXED BY meetings_date
                  WHERE date IS NOT NULL AND status = 'held' ORDER BY date LIMIT 1),
                 (SELECT date FROM meetings INDEXED BY meetings_date
                  WHERE date IS NOT NULL AND status = 'held' ORDER BY date DESC LIMIT 1)",
            "meetings",
            "date",
        )?,
        top_actors: ranked(
            conn,
            "SELECT m.actor_id, a.name, a.country_code, m.n, m.docs
             FROM (SELECT actor_id, count(*) AS n, count(DISTINCT document_id) AS docs
                   FROM mentions INDEXED BY mentions_actor
                   WHERE actor_id IS NOT NULL GROUP BY actor_id) AS m
             JOIN actors AS a ON a.id = m.actor_id
             ORDER BY m.n DESC, m.actor_id LIMIT ?1",
            top,
        )?,
        top_pairs: pairs(conn, top)?,
        top_speakers: ranked(
            conn,
            "SELECT s.speaker_actor_id, a.name, a.country_code, s.n, s.docs
             FROM (SELECT speaker_actor_id, count(*) AS n, count(DISTINCT document_id) AS docs
                   FROM statements WHERE speaker_actor_id IS NOT NULL
                   GROUP BY speaker_actor_id) AS s
             JOIN actors AS a ON a.id = s.speaker_actor_id
             ORDER BY s.n DESC, s.speaker_actor_id LIMIT ?1",
            top,
        )?,
        ..Stats::default()
    };
    stats.extractor.recorded = extractor::list(conn)?
        .into_iter()
        .map(|used| match used.version.dictionary {
            Some(dictionary) => format!("{}+dict.{dictionary}", used.version.rules),
            None => used.version.rules,
        })
        .collect();
    Ok(stats)
}

fn count(conn: &Connection, sql: &str, what: &'static str) -> Result<u64> {
    let n: i64 = conn
        .prepare_cached(sql)
        .context("prepare a count")?
        .query_row([], |row| row.get(0))
        .context("count records")?;
    to_u64(n, what)
}

fn counts(conn: &Connection) -> Result<Counts> {
    Ok(Counts {
        documents: count(conn, "SELECT count(*) FROM documents", "documents")?,
        actors: count(
            conn,
            "SELECT count(*) FROM actors AS e
             WHERE EXISTS (SELECT 1 FROM mentions WHERE actor_id = e.id)",
            "actors",
        )?,
        organisations: count(
            conn,
            "SELECT count(*) FROM organisations AS e
             WHERE EXISTS (SELECT 1 FROM mentions WHERE organisation_id = e.id)",
            "organisations",
        )?,
        initiatives: count(
            conn,
            "SELECT count(*) FROM initiatives AS e
             WHERE EXISTS (SELECT 1 FROM mentions WHERE initiative_id = e.id)",
            "initiatives",
        )?,
        meetings_held: count(
            conn,
            "SELECT count(*) FROM meetings WHERE status = 'held'",
            "meetings",
        )?,
        meetings_planned: count(
            conn,
            "SELECT count(*) FROM meetings WHERE status = 'planned'",
            "meetings",
        )?,
        meetings_cancelled: count(
            conn,
            "SELECT count(*) FROM meetings WHERE status = 'cancelled'",
            "meetings",
        )?,
        statements: count(conn, "SELECT count(*) FROM statements", "statements")?,
        mentions: count(conn, "SELECT count(*) FROM mentions", "mentions")?,
        removed_documents: count(
            conn,
            "SELECT count(*) FROM removed_documents",
            "removed documents",
        )?,
        merges: count(conn, "SELECT count(*) FROM curated_merges", "merges")?,
    })
}

fn range(
    conn: &Connection,
    sql: &str,
    table: &'static str,
    column: &'static str,
) -> Result<Option<DateRange>> {
    let (first, last): (Option<String>, Option<String>) = conn
        .prepare_cached(sql)
        .context("prepare a date range")?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
        .context("read a date range")?;
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(None);
    };
    Ok(Some(DateRange {
        first: date_from_sql(&first, table, column)?,
        last: date_from_sql(&last, table, column)?,
    }))
}

type RankedRow = (i64, String, Option<String>, i64, i64);

fn ranked(conn: &Connection, sql: &str, top: i64) -> Result<Vec<RankedActor>> {
    let mut statement = conn.prepare_cached(sql).context("prepare a ranking")?;
    let rows = statement
        .query_map(params![top], |row| -> rusqlite::Result<RankedRow> {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
            ))
        })
        .context("rank actors")?;
    let mut ranked = Vec::new();
    for row in rows {
        let (id, name, country, n, documents) = row.context("read a ranked actor")?;
        ranked.push(RankedActor {
            id: ActorId(id),
            name,
            country,
            count: to_u64(n, "count")?,
            documents: to_u64(documents, "documents")?,
        });
    }
    Ok(ranked)
}

fn pairs(conn: &Connection, top: i64) -> Result<Vec<MeetingPair>> {
    let mut statement = conn
        .prepare_cached(
            "SELECT p.first, a.name, p.second, b.name, p.n
             FROM (SELECT x.actor_id AS first, y.actor_id AS second, count(*) AS n
                   FROM meetings AS m
                   JOIN meeting_participants AS x
                     ON x.meeting_id = m.id AND x.role = 'principal'
                   JOIN meeting_participants AS y
                     ON y.meeting_id = m.id AND y.role = 'principal' AND y.actor_id > x.actor_id
                   WHERE m.status = 'held'
                   GROUP BY x.actor_id, y.actor_id) AS p
             JOIN actors AS a ON a.id = p.first
             JOIN actors AS b ON b.id = p.second
             ORDER BY p.n DESC, p.first, p.second LIMIT ?1",
        )
        .context("prepare the meeting pairs")?;
    let rows = statement
        .query_map(params![top], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, i64>(4)?,
            ))
        })
        .context("rank meeting pairs")?;
    let mut pairs = Vec::new();
    for row in rows {
        let (first, first_name, second, second_name, n) = row.context("read a meeting pair")?;
        pairs.push(MeetingPair {
            first: ActorId(first),
            first_name,
            second: ActorId(second),
            second_name,
            meetings: to_u64(n, "meetings")?,
        });
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_database_has_zero_counts_and_no_ranges() {
        let store = Store::open_in_memory().unwrap();
        let stats = store.stats(10).unwrap();
        assert_eq!(stats.counts, Counts::default());
        assert_eq!(stats.published, None);
        assert_eq!(stats.meetings, None);
        assert!(stats.top_actors.is_empty() && stats.top_pairs.is_empty());
        assert!(stats.extractor.recorded.is_empty());
    }
}
