//! Mention and document counts of actors, organisations and initiatives (migration
//! 0006), kept beside the records so that rankings by mentions read an index.
//!
//! The writer counts a batch's new mentions as it stores them and adds the counts once,
//! before it commits ([`New`]); curation, which moves or drops mentions, counts the
//! records it touched again ([`recount`]), and re-extraction counts everything
//! ([`rebuild`]).
//! Invariant: each record's `mentions` and `documents` equal what its mentions say (a
//! test recounts after every kind of write).

use rusqlite::Connection;
use rustc_hash::FxHashMap;

use crate::error::{Context, Result};

/// Each counted table with the mentions column that points into it.
const COUNTED: [(&str, &str); 3] = [
    ("actors", "actor_id"),
    ("organisations", "organisation_id"),
    ("initiatives", "initiative_id"),
];

/// The mentions and documents a write transaction adds to each record, counted as its
/// mentions are stored ([`New::add_document`]) and added to the records once, before
/// it commits ([`New::apply`]).
///
/// Counting in memory, where every stored mention already passes by with its record's
/// id, replaced reading the batch's mentions back at the commit (three grouped scans of
/// them, a table seek each): 8% of the writer thread's instructions on 5 MB of the White
/// House corpus.
#[derive(Debug, Default)]
pub(crate) struct New {
    /// By counted table (the order of [`COUNTED`]): record id to (mentions, documents).
    by_table: [FxHashMap<i64, (i64, i64)>; 3],
}

impl New {
    /// Counts the mentions of one stored document: `records[t]` holds the record id of
    /// each of its stored mentions of counted table `t` (actors, organisations,
    /// initiatives), in any order.
    pub(crate) fn add_document(&mut self, records: [&mut Vec<i64>; 3]) {
        for (counts, ids) in self.by_table.iter_mut().zip(records) {
            ids.sort_unstable();
            for run in ids.chunk_by(|a, b| a == b) {
                let Some(&id) = run.first() else { continue };
                let entry = counts.entry(id).or_default();
                entry.0 += i64::try_from(run.len()).unwrap_or(i64::MAX);
                entry.1 += 1;
            }
        }
    }

    /// Adds the counts to the records, in id order, and forgets them.
    pub(crate) fn apply(&mut self, conn: &Connection) -> Result<()> {
        for ((table, _), counts) in COUNTED.iter().zip(&mut self.by_table) {
            let mut update = conn
                .prepare_cached(&format!(
                    "UPDATE {table} SET mentions = mentions + ?2, documents = documents + ?3
                     WHERE id = ?1"
                ))
                .context("prepare the count update")?;
            let mut ids: Vec<(i64, (i64, i64))> = counts.drain().collect();
            ids.sort_unstable();
            for (id, (mentions, documents)) in ids {
                update
                    .execute([id, mentions, documents])
                    .context("add the new mentions to the counts")?;
            }
        }
        Ok(())
    }
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

    /// Mentions are counted per record, documents once per record a document names.
    #[test]
    fn new_counts_add_to_the_stored_ones() {
        let store = crate::Store::open_in_memory().unwrap();
        store
            .conn
            .execute_batch(
                "INSERT INTO actors (id, name, key, word_set, first_word, last_word, mentions, documents)
                     VALUES (1, 'A B', 'a b', 'a b', 'a', 'b', 5, 2), (2, 'C D', 'c d', 'c d', 'c', 'd', 0, 0);
                 INSERT INTO organisations (id, name, key, kind) VALUES (3, 'E', 'e', 'other');",
            )
            .unwrap();
        let mut new = New::default();
        new.add_document([&mut vec![2, 1, 2], &mut vec![3], &mut vec![]]);
        new.add_document([&mut vec![2], &mut vec![], &mut vec![]]);
        new.apply(&store.conn).unwrap();
        let counts = |table: &str, id: i64| -> (i64, i64) {
            store
                .conn
                .query_row(
                    &format!("SELECT mentions, documents FROM {table} WHERE id = ?1"),
                    [id],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .unwrap()
        };
        assert_eq!(counts("actors", 1), (6, 3));
        assert_eq!(counts("actors", 2), (3, 2));
        assert_eq!(counts("organisations", 3), (1, 1));
        // Applied counts are forgotten: a second apply adds nothing.
        new.apply(&store.conn).unwrap();
        assert_eq!(counts("actors", 2), (3, 2));
    }
}
