//! `entente stats`: counts, date ranges and the leading actors, pairs and speakers. Each
//! figure is one pass over an index (`INDEXED BY`, so a lost index is an error, not a
//! slow scan) or over the meetings' principal keys; nothing is loaded whole (the pairs
//! are counted in a map of distinct pairs).

use std::collections::HashMap;

use entente_model::{ActorId, Counts, DateRange, MeetingPair, RankedActor, Stats};
use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{Context, Result};
use crate::sql::{date_from_sql, invalid, to_i64, to_u64};
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
    let limit = to_i64(top, "top")?;
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
        // Counted from the covering index; the distinct documents only for the few
        // ranked (a distinct count over every group would sort five million rows).
        top_actors: ranked(
            conn,
            "SELECT actor_id, count(*) AS n FROM mentions INDEXED BY mentions_actor
             WHERE actor_id IS NOT NULL GROUP BY actor_id ORDER BY n DESC, actor_id LIMIT ?1",
            "SELECT count(DISTINCT document_id) FROM mentions INDEXED BY mentions_actor
             WHERE actor_id = ?1",
            limit,
        )?,
        top_pairs: pairs(conn, top)?,
        top_speakers: ranked(
            conn,
            "SELECT speaker_actor_id, count(*) AS n FROM statements
             INDEXED BY statements_speaker_actor WHERE speaker_actor_id IS NOT NULL
             GROUP BY speaker_actor_id ORDER BY n DESC, speaker_actor_id LIMIT ?1",
            "SELECT count(DISTINCT document_id) FROM statements
             INDEXED BY statements_speaker_actor WHERE speaker_actor_id = ?1",
            limit,
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
    let mut counts = Counts {
        documents: count(conn, "SELECT count(*) FROM documents", "documents")?,
        // Entities with a mention, as the listings show them; each from its index.
        actors: count(
            conn,
            "SELECT count(DISTINCT actor_id) FROM mentions INDEXED BY mentions_actor
             WHERE actor_id IS NOT NULL",
            "actors",
        )?,
        organisations: count(
            conn,
            "SELECT count(DISTINCT organisation_id) FROM mentions
             INDEXED BY mentions_organisation WHERE organisation_id IS NOT NULL",
            "organisations",
        )?,
        initiatives: count(
            conn,
            "SELECT count(DISTINCT initiative_id) FROM mentions
             INDEXED BY mentions_initiative WHERE initiative_id IS NOT NULL",
            "initiatives",
        )?,
        statements: count(conn, "SELECT count(*) FROM statements", "statements")?,
        mentions: count(conn, "SELECT count(*) FROM mentions", "mentions")?,
        removed_documents: count(
            conn,
            "SELECT count(*) FROM removed_documents",
            "removed documents",
        )?,
        merges: count(conn, "SELECT count(*) FROM curated_merges", "merges")?,
        ..Counts::default()
    };
    let mut statement = conn
        .prepare_cached("SELECT status, count(*) FROM meetings GROUP BY status")
        .context("prepare the meeting count")?;
    let rows = statement
        .query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
        })
        .context("count meetings")?;
    for row in rows {
        let (status, n) = row.context("read a meeting count")?;
        let n = to_u64(n, "meetings")?;
        match status.as_str() {
            "held" => counts.meetings_held = n,
            "planned" => counts.meetings_planned = n,
            "cancelled" => counts.meetings_cancelled = n,
            other => return Err(invalid("meetings", "status", other)),
        }
    }
    Ok(counts)
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

/// The actor's name and country; `#ID` for an id no actor has (a hand-edited database).
fn actor(conn: &Connection, id: i64) -> Result<(String, Option<String>)> {
    let found = conn
        .prepare_cached("SELECT name, country_code FROM actors WHERE id = ?1")
        .context("prepare the actor lookup")?
        .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()
        .context("look up a ranked actor")?;
    Ok(found.unwrap_or_else(|| (format!("#{id}"), None)))
}

/// The actors `ranking` (`actor id, count`, best first, `LIMIT ?1`) lists, with the
/// number of documents `documents` (`?1` the actor id) counts for each.
fn ranked(
    conn: &Connection,
    ranking: &str,
    documents: &str,
    limit: i64,
) -> Result<Vec<RankedActor>> {
    let mut statement = conn.prepare_cached(ranking).context("prepare a ranking")?;
    let top: Vec<(i64, i64)> = statement
        .query_map(params![limit], |row| Ok((row.get(0)?, row.get(1)?)))
        .context("rank actors")?
        .collect::<rusqlite::Result<_>>()
        .context("read a ranked actor")?;
    let mut ranked = Vec::with_capacity(top.len());
    for (id, n) in top {
        let (name, country) = actor(conn, id)?;
        let in_documents: i64 = conn
            .prepare_cached(documents)
            .context("prepare a document count")?
            .query_row([id], |row| row.get(0))
            .context("count an actor's documents")?;
        ranked.push(RankedActor {
            id: ActorId(id),
            name,
            country,
            count: to_u64(n, "count")?,
            documents: to_u64(in_documents, "documents")?,
        });
    }
    Ok(ranked)
}

/// The pairs of principals of held meetings, most meetings first. One pass over the
/// meetings' `principals` keys (sorted ids, `meeting.rs`), counted per pair in memory:
/// the map holds one entry per distinct pair, never a table.
fn pairs(conn: &Connection, top: usize) -> Result<Vec<MeetingPair>> {
    let mut statement = conn
        .prepare_cached(
            "SELECT principals FROM meetings WHERE status = 'held' AND instr(principals, ',') > 0",
        )
        .context("prepare the meeting pairs")?;
    let mut rows = statement.query([]).context("read meeting principals")?;
    let mut counts: HashMap<(i64, i64), u64> = HashMap::new();
    let mut ids: Vec<i64> = Vec::new();
    while let Some(row) = rows.next().context("read meeting principals")? {
        let principals = row
            .get_ref(0)
            .context("read meeting principals")?
            .as_str()
            .map_err(|_| invalid("meetings", "principals", "not text"))?;
        ids.clear();
        for id in principals.split(',') {
            ids.push(
                id.parse()
                    .map_err(|_| invalid("meetings", "principals", principals))?,
            );
        }
        ids.sort_unstable();
        ids.dedup();
        for (index, first) in ids.iter().enumerate() {
            for second in ids.iter().skip(index + 1) {
                *counts.entry((*first, *second)).or_default() += 1;
            }
        }
    }
    let mut counted: Vec<((i64, i64), u64)> = counts.into_iter().collect();
    counted.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counted.truncate(top);
    let mut pairs = Vec::with_capacity(counted.len());
    for ((first, second), meetings) in counted {
        pairs.push(MeetingPair {
            first: ActorId(first),
            first_name: actor(conn, first)?.0,
            second: ActorId(second),
            second_name: actor(conn, second)?.0,
            meetings,
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
