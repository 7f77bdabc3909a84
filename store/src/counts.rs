//! Mention and document counts of actors, organisations and initiatives (migration
//! 0006), kept beside the records so that rankings by mentions read an index.
//!
//! The writer adds the counts of a batch's new documents once, before it commits
//! ([`add_since`]); curation, which moves or drops mentions, counts the records it
//! touched again ([`recount`]), and re-extraction counts everything ([`rebuild`]).
//! Invariant: each record's `mentions` and `documents` equal what its mentions say (a
//! test recounts after every kind of write).

use rusqlite::Connection;

use crate::error::{Context, Result};

/// Each counted table with the mentions column that points into it.
const COUNTED: [(&str, &str); 3] = [
    ("actors", "actor_id"),
    ("organisations", "organisation_id"),
    ("initiatives", "initiative_id"),
];

/// The highest document id stored (0 for none): documents stored after it in the same
/// write transaction have greater ids, and [`add_since`] counts their mentions.
pub(crate) fn max_document_id(conn: &Connection) -> Result<i64> {
    conn.prepare_cached("SELECT coalesce(max(id), 0) FROM documents")
        .context("prepare the document id read")?
        .query_row([], |row| row.get(0))
        .context("read the highest document id")
}

/// Adds the mentions of the documents with ids above `after` to the counts.
///
/// The new mentions are read through `mentions_document`: left to itself SQLite reads
/// them in `{column}` order through `mentions_{table}` for the GROUP BY, which walks
/// every mention ever stored, so each batch cost more than the one before (a sixth of
/// the writer's time once the database held 200 MB of articles).
pub(crate) fn add_since(conn: &Connection, after: i64) -> Result<()> {
    for (table, column) in COUNTED {
        conn.prepare_cached(&add_since_sql(table, column))
            .context("prepare the count update")?
            .execute([after])
            .context("count the new mentions")?;
    }
    Ok(())
}

fn add_since_sql(table: &str, column: &str) -> String {
    format!(
        "UPDATE {table} SET mentions = mentions + c.n, documents = documents + c.d
         FROM (SELECT {column} AS id, count(*) AS n, count(DISTINCT document_id) AS d
               FROM mentions INDEXED BY mentions_document
               WHERE document_id > ?1 AND {column} IS NOT NULL
               GROUP BY {column}) AS c
         WHERE {table}.id = c.id"
    )
}

/// Counts the mentions of record `id` of `table` (one of the counted tables) again.
pub(crate) fn recount(conn: &Connection, table: &str, id: i64) -> Result<()> {
    let Some((table, column)) = COUNTED.iter().find(|(name, _)| *name == table) else {
        return Ok(());
    };
    conn.prepare_cached(&format!(
        "UPDATE {table} SET
             mentions = (SELECT count(*) FROM mentions WHERE {column} = ?1),
             documents = (SELECT count(DISTINCT document_id) FROM mentions WHERE {column} = ?1)
         WHERE id = ?1"
    ))
    .context("prepare the recount")?
    .execute([id])
    .context("count a record's mentions")?;
    Ok(())
}

/// Counts every record's mentions again.
pub(crate) fn rebuild(conn: &Connection) -> Result<()> {
    for (table, column) in COUNTED {
        conn.execute_batch(&format!(
            "UPDATE {table} SET mentions = 0, documents = 0
             WHERE mentions <> 0 OR documents <> 0;
             UPDATE {table} SET mentions = c.n, documents = c.d
             FROM (SELECT {column} AS id, count(*) AS n, count(DISTINCT document_id) AS d
                   FROM mentions WHERE {column} IS NOT NULL GROUP BY {column}) AS c
             WHERE {table}.id = c.id;"
        ))
        .context("count every mention again")?;
    }
    Ok(())
}

/// Whether every record's counts equal its mentions' (for tests and checks).
pub(crate) fn consistent(conn: &Connection) -> Result<bool> {
    for (table, column) in COUNTED {
        let wrong: i64 = conn
            .query_row(
                &format!(
                    "SELECT count(*) FROM {table} t WHERE t.mentions <>
                         (SELECT count(*) FROM mentions WHERE {column} = t.id)
                     OR t.documents <>
                         (SELECT count(DISTINCT document_id) FROM mentions WHERE {column} = t.id)"
                ),
                [],
                |row| row.get(0),
            )
            .context("check the counts")?;
        if wrong != 0 {
            return Ok(false);
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A batch's counts read only the batch's mentions, whatever the table.
    #[test]
    fn new_counts_read_the_new_mentions_by_document() {
        let store = crate::Store::open_in_memory().unwrap();
        for (table, column) in COUNTED {
            let sql = format!("EXPLAIN QUERY PLAN {}", add_since_sql(table, column));
            let mut statement = store.conn.prepare(&sql).unwrap();
            let plan: Vec<String> = statement
                .query_map([7], |row| row.get(3))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert!(
                plan.iter()
                    .any(|step| step
                        .contains("mentions USING INDEX mentions_document (document_id>?)")),
                "{table}: {plan:?}"
            );
        }
    }
}
