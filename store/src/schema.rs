//! Schema versions: the numbered migrations and the `user_version` loop that applies them.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Context, Error, Result};

/// The migrations, in order; migration `i` (from 0) brings the schema to version `i + 1`.
/// Append only: a merged migration is never edited.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_initial.sql"),
    include_str!("../migrations/0002_query_indexes.sql"),
    include_str!("../migrations/0003_statement_sources.sql"),
    include_str!("../migrations/0004_actor_first_word_country.sql"),
    include_str!("../migrations/0005_extractor_and_curation.sql"),
    include_str!("../migrations/0006_mention_counts.sql"),
    include_str!("../migrations/0007_statement_text_prefix.sql"),
    include_str!("../migrations/0008_actor_lookup_covering.sql"),
    include_str!("../migrations/0009_country_first_mentions.sql"),
    include_str!("../migrations/0010_mention_ids_by_document.sql"),
];

/// The schema version this binary writes and reads.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(crate) fn user_version(conn: &Connection) -> Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
        .context("read the schema version")
}

/// Refuses a database newer than [`SCHEMA_VERSION`].
pub(crate) fn check_not_newer(found: i64) -> Result<()> {
    if found > SCHEMA_VERSION {
        return Err(Error::SchemaTooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Brings the database to [`SCHEMA_VERSION`], all pending migrations in one transaction.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let found = user_version(conn)?;
    check_not_newer(found)?;
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .context("begin the schema migration")?;
    // Another process may have migrated while we waited for the lock.
    let found = user_version(&tx)?;
    check_not_newer(found)?;
    for (index, sql) in MIGRATIONS.iter().enumerate() {
        let version = index as i64 + 1;
        if version <= found {
            continue;
        }
        tx.execute_batch(sql)
            .map_err(|source| Error::Migration { version, source })?;
        tx.pragma_update(None, "user_version", version)
            .map_err(|source| Error::Migration { version, source })?;
    }
    tx.commit().context("commit the schema migration")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_reach_the_schema_version_and_are_idempotent() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION);
        migrate(&mut conn).unwrap();
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn migrations_9_and_10_mark_first_mentions_and_number_mentions_by_document() {
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..8] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 8).unwrap();
        conn.execute_batch(
            "INSERT INTO documents (id, sha256, text) VALUES (1, 'a', 'x'), (2, 'b', 'y');
             INSERT INTO countries (code, name) VALUES ('CHN', 'China'), ('TUR', 'Türkiye');
             INSERT INTO actors (id, name, key, word_set, first_word, last_word)
             VALUES (7, 'Wang Yi', 'wang yi', 'wang yi', 'wang', 'yi');
             INSERT INTO mentions (id, document_id, kind, actor_id, country_code, surface,
                                   span_start, span_end, char_start, char_end)
             VALUES (2, 1, 'actor', 7, NULL, 'Wang', 6, 10, 6, 10),
                    (1, 1, 'country', NULL, 'CHN', 'China', 0, 5, 0, 5),
                    (3, 1, 'country', NULL, 'CHN', 'China', 11, 16, 11, 16),
                    (4, 1, 'country', NULL, 'TUR', 'Ankara', 17, 23, 17, 23),
                    (5, 1, 'actor', 7, NULL, 'Wang', 24, 28, 24, 28),
                    (6, 2, 'country', NULL, 'CHN', 'China', 0, 5, 0, 5);",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        // Each document's mentions are numbered by span from its id times 2^32 (0010);
        // the first mention of each entity in its document is marked (0009).
        let rows: Vec<(i64, i64, bool)> = conn
            .prepare("SELECT id, span_start, first_in_document FROM mentions ORDER BY id")
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let doc = |document: i64, ordinal: i64| (document << 32) + ordinal;
        assert_eq!(
            rows,
            [
                (doc(1, 0), 0, true),
                (doc(1, 1), 6, true),
                (doc(1, 2), 11, false),
                (doc(1, 3), 17, true),
                (doc(1, 4), 24, false),
                (doc(2, 0), 0, true)
            ]
        );
        let document_index: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'mentions_document'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(document_index, 0);
    }

    #[test]
    fn a_newer_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let error = migrate(&mut conn).unwrap_err();
        assert!(matches!(
            error,
            Error::SchemaTooNew { found, supported } if found == SCHEMA_VERSION + 1 && supported == SCHEMA_VERSION
        ));
    }
}
