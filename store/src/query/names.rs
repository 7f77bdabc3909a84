//! Names as people type them: which actors, organisations or initiatives a name fits.
//!
//! [`matching`] resolves a name to records, first rule that finds any:
//!
//! 1. a number is an id ("12");
//! 2. the folded name equals a canonical name (or an organisation's acronym): "wang yi",
//!    "sco";
//! 3. every folded word of the name is a word of the canonical name or of one alias:
//!    "erdogan" and "Erdoğan" find Recep Tayyip Erdoğan, "xi" finds Xi Jinping, "wang"
//!    finds every Wang.
//!
//! Only records with at least one mention count. Several matches are for the caller to
//! show as candidates: the store never guesses. [`containing`] is the looser match of
//! listings (`--name erdo`): the folded text anywhere in a name, alias or acronym.

use std::collections::BTreeSet;

use entente_model::fold;
use rusqlite::{Connection, OptionalExtension};

use crate::error::{Context, Result};

/// The statements that match one kind of record by name.
pub(crate) struct NameQueries {
    /// Ids whose canonical key (or acronym key) is `?1`.
    exact: &'static str,
    /// `(id, key)` of every canonical key, alias key and acronym key containing `?1`.
    containing: &'static str,
    /// A row when record `?1` has a mention.
    mentioned: &'static str,
}

pub(crate) const ACTORS: NameQueries = NameQueries {
    exact: "SELECT id FROM actors WHERE key = ?1",
    containing: "SELECT id, key FROM actors WHERE instr(key, ?1) > 0
        UNION ALL SELECT actor_id, key FROM actor_aliases WHERE instr(key, ?1) > 0",
    mentioned: "SELECT 1 FROM mentions WHERE actor_id = ?1 LIMIT 1",
};

pub(crate) const ORGANISATIONS: NameQueries = NameQueries {
    exact: "SELECT id FROM organisations WHERE key = ?1
        UNION SELECT id FROM organisations WHERE acronym_key = ?1",
    containing: "SELECT id, key FROM organisations WHERE instr(key, ?1) > 0
        UNION ALL SELECT id, acronym_key FROM organisations WHERE instr(acronym_key, ?1) > 0
        UNION ALL SELECT organisation_id, key FROM organisation_aliases WHERE instr(key, ?1) > 0",
    mentioned: "SELECT 1 FROM mentions WHERE organisation_id = ?1 LIMIT 1",
};

pub(crate) const INITIATIVES: NameQueries = NameQueries {
    exact: "SELECT id FROM initiatives WHERE key = ?1",
    containing: "SELECT id, key FROM initiatives WHERE instr(key, ?1) > 0
        UNION ALL SELECT initiative_id, key FROM initiative_aliases WHERE instr(key, ?1) > 0",
    mentioned: "SELECT 1 FROM mentions WHERE initiative_id = ?1 LIMIT 1",
};

/// The ids of the records `name` fits, by the rules of the module documentation, sorted.
pub(crate) fn matching(conn: &Connection, queries: &NameQueries, name: &str) -> Result<Vec<i64>> {
    if let Ok(id) = name.trim().parse::<i64>() {
        return mentioned(conn, queries, [id]);
    }
    let key = fold(name);
    if key.is_empty() {
        return Ok(Vec::new());
    }
    let exact = ids(conn, queries.exact, &key)?;
    let exact = mentioned(conn, queries, exact)?;
    if !exact.is_empty() {
        return Ok(exact);
    }
    let words: Vec<&str> = key.split(' ').collect();
    let longest = words.iter().copied().max_by_key(|word| word.len());
    let longest = longest.unwrap_or(key.as_str());
    let mut found = BTreeSet::new();
    for (id, stored) in keys_containing(conn, queries, longest)? {
        if words
            .iter()
            .all(|word| stored.split(' ').any(|w| w == *word))
        {
            found.insert(id);
        }
    }
    mentioned(conn, queries, found)
}

/// The ids of the records whose canonical name, an alias or the acronym contains the
/// folded `text`, sorted.
pub(crate) fn containing(conn: &Connection, queries: &NameQueries, text: &str) -> Result<Vec<i64>> {
    let key = fold(text);
    if key.is_empty() {
        return Ok(Vec::new());
    }
    let found: BTreeSet<i64> = keys_containing(conn, queries, &key)?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    Ok(found.into_iter().collect())
}

fn ids(conn: &Connection, sql: &'static str, key: &str) -> Result<Vec<i64>> {
    let mut statement = conn.prepare_cached(sql).context("prepare a name lookup")?;
    let rows = statement
        .query_map([key], |row| row.get(0))
        .context("look up a name")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("read a name match")
}

fn keys_containing(
    conn: &Connection,
    queries: &NameQueries,
    needle: &str,
) -> Result<Vec<(i64, String)>> {
    let mut statement = conn
        .prepare_cached(queries.containing)
        .context("prepare a name search")?;
    let rows = statement
        .query_map([needle], |row| Ok((row.get(0)?, row.get(1)?)))
        .context("search names")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("read a name match")
}

/// The ids (sorted, each once) that have at least one mention.
fn mentioned(
    conn: &Connection,
    queries: &NameQueries,
    ids: impl IntoIterator<Item = i64>,
) -> Result<Vec<i64>> {
    let ids: BTreeSet<i64> = ids.into_iter().collect();
    let mut statement = conn
        .prepare_cached(queries.mentioned)
        .context("prepare a mention check")?;
    let mut kept = Vec::with_capacity(ids.len());
    for id in ids {
        let found: Option<i64> = statement
            .query_row([id], |row| row.get(0))
            .optional()
            .context("check for a mention")?;
        if found.is_some() {
            kept.push(id);
        }
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database with the given actors (name, aliases), each mentioned once unless its
    /// name starts with `-`.
    fn store(actors: &[(&str, &[&str])]) -> crate::Store {
        let store = crate::Store::open_in_memory().unwrap();
        let conn = &store.conn;
        conn.execute(
            "INSERT INTO documents (id, sha256, text) VALUES (1, 'x', 'text')",
            [],
        )
        .unwrap();
        for (index, (name, aliases)) in actors.iter().enumerate() {
            let id = index as i64 + 1;
            let unmentioned = name.starts_with('-');
            let name = name.trim_start_matches('-');
            let key = fold(name);
            conn.execute(
                "INSERT INTO actors (id, name, key, word_set, first_word, last_word)
                 VALUES (?1, ?2, ?3, '', '', '')",
                rusqlite::params![id, name, key],
            )
            .unwrap();
            for alias in *aliases {
                conn.execute(
                    "INSERT INTO actor_aliases (actor_id, alias, key) VALUES (?1, ?2, ?3)",
                    rusqlite::params![id, alias, fold(alias)],
                )
                .unwrap();
            }
            if !unmentioned {
                conn.execute(
                    "INSERT INTO mentions (document_id, kind, actor_id, surface, span_start,
                         span_end, char_start, char_end)
                     VALUES (1, 'actor', ?1, ?2, 0, 1, 0, 1)",
                    rusqlite::params![id, name],
                )
                .unwrap();
            }
        }
        store
    }

    #[test]
    fn names_match_by_id_full_name_alias_and_words() {
        let store = store(&[
            ("Recep Tayyip Erdoğan", &["Erdogan"]),
            ("Wang Yi", &["Wang"]),
            ("Wang Wentao", &[]),
            ("Xi Jinping", &["Xi"]),
            ("-Wang Chuanfu", &[]),
        ]);
        let check = |name: &str, expected: &[i64]| {
            let found = matching(&store.conn, &ACTORS, name).unwrap();
            assert_eq!(found, expected, "{name}");
        };
        check("erdogan", &[1]);
        check("ERDOĞAN", &[1]);
        check("tayyip erdogan", &[1]);
        check("xi", &[4]);
        check("Wang Yi", &[2]);
        // Every Wang with a mention; the unmentioned one is no record.
        check("wang", &[2, 3]);
        check("3", &[3]);
        check("5", &[]);
        check("wang chuanfu", &[]);
        check("nobody", &[]);
        check(" -- ", &[]);
        let found = containing(&store.conn, &ACTORS, "ERDO").unwrap();
        assert_eq!(found, [1]);
    }
}
