//! Initiatives: merging by folded name or alias, and listing.
//!
//! An extracted initiative joins the stored one (lowest id) whose name key or an alias
//! key equals its folded name or one of its aliases. A join fills the sponsor when newly
//! known; the first name seen stays canonical unless it is only an alias of a longer new
//! name, the other forms become aliases.

use std::collections::HashMap;

use entente_model::{Initiative, InitiativeId, InitiativeRecord, fold};
use rusqlite::{Connection, OptionalExtension, params};

use crate::country::{self, stored_code};
use crate::error::{Context, Result};
use crate::sql::to_u64;

/// Database ids of an extraction's initiatives (`None` for a nameless one), and how many
/// were new.
pub(crate) fn store_all(
    conn: &Connection,
    initiatives: &[Initiative],
) -> Result<(Vec<Option<i64>>, usize)> {
    let mut ids = Vec::with_capacity(initiatives.len());
    let mut added = 0;
    for initiative in initiatives {
        let key = fold(&initiative.name);
        if key.is_empty() {
            ids.push(None);
            continue;
        }
        let id = match resolve(conn, initiative, &key)? {
            Some(id) => {
                merge(conn, id, initiative, &key)?;
                id
            }
            None => {
                added += 1;
                insert(conn, initiative, &key)?
            }
        };
        ids.push(Some(id));
    }
    Ok((ids, added))
}

fn resolve(conn: &Connection, initiative: &Initiative, key: &str) -> Result<Option<i64>> {
    let aliases = initiative.aliases.iter().map(|alias| fold(alias));
    let keys = std::iter::once(key.to_owned()).chain(aliases);
    let mut statement = conn
        .prepare_cached(
            "SELECT id FROM initiatives WHERE key = ?1
             UNION SELECT initiative_id FROM initiative_aliases WHERE key = ?1
             ORDER BY 1 LIMIT 1",
        )
        .context("prepare the initiative lookup")?;
    for key in keys {
        if key.is_empty() {
            continue;
        }
        let found = statement
            .query_row([&key], |row| row.get(0))
            .optional()
            .context("look up an initiative")?;
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}

fn insert(conn: &Connection, initiative: &Initiative, key: &str) -> Result<i64> {
    let sponsor = initiative.sponsor.as_ref().map(stored_code);
    let id = conn
        .prepare_cached("INSERT INTO initiatives (name, key, sponsor_code) VALUES (?1, ?2, ?3)")
        .context("prepare the initiative insert")?
        .insert(params![initiative.name, key, sponsor])
        .context("store an initiative")?;
    for alias in &initiative.aliases {
        if *alias != initiative.name {
            insert_alias(conn, id, alias)?;
        }
    }
    Ok(id)
}

fn merge(conn: &Connection, id: i64, initiative: &Initiative, key: &str) -> Result<()> {
    let (stored_name, stored_key): (String, String) = conn
        .prepare_cached("SELECT name, key FROM initiatives WHERE id = ?1")
        .context("prepare the initiative read")?
        .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
        .context("read an initiative")?;
    // The stored name gives way only when it is a short form of the new one ("BRI" for
    // "Belt and Road Initiative", alias "BRI").
    let stored_is_short = initiative
        .aliases
        .iter()
        .any(|alias| fold(alias) == stored_key);
    let fuller = stored_is_short && key.split(' ').count() > stored_key.split(' ').count();
    let canonical = if fuller {
        conn.prepare_cached("UPDATE initiatives SET name = ?2, key = ?3 WHERE id = ?1")
            .context("prepare the initiative rename")?
            .execute(params![id, initiative.name, key])
            .context("rename an initiative")?;
        insert_alias(conn, id, &stored_name)?;
        conn.prepare_cached(
            "DELETE FROM initiative_aliases WHERE initiative_id = ?1 AND alias = ?2",
        )
        .context("prepare the initiative alias delete")?
        .execute(params![id, initiative.name])
        .context("delete an initiative alias")?;
        initiative.name.as_str()
    } else {
        stored_name.as_str()
    };
    for alias in std::iter::once(&initiative.name).chain(&initiative.aliases) {
        if alias != canonical {
            insert_alias(conn, id, alias)?;
        }
    }
    if let Some(country) = &initiative.sponsor {
        let code = stored_code(country);
        conn.prepare_cached(
            "UPDATE initiatives SET sponsor_code = ?2 WHERE id = ?1 AND sponsor_code IS NULL",
        )
        .context("prepare the initiative sponsor update")?
        .execute(params![id, code])
        .context("set an initiative's sponsor")?;
    }
    Ok(())
}

fn insert_alias(conn: &Connection, id: i64, alias: &str) -> Result<()> {
    if alias.trim().is_empty() {
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT OR IGNORE INTO initiative_aliases (initiative_id, alias, key)
         VALUES (?1, ?2, ?3)",
    )
    .context("prepare the initiative alias insert")?
    .execute(params![id, alias, fold(alias)])
    .context("store an initiative alias")?;
    Ok(())
}

/// Every initiative with at least one mention, by id, with its kept counts.
pub(crate) fn list(conn: &Connection) -> Result<Vec<InitiativeRecord>> {
    let countries = country::names(conn)?;
    let mut aliases = aliases(conn)?;
    let mut statement = conn
        .prepare_cached(
            "SELECT id, name, sponsor_code, mentions, documents
             FROM initiatives WHERE mentions > 0 ORDER BY id",
        )
        .context("prepare the initiative listing")?;
    let rows = statement
        .query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, i64>(3)?,
                row.get::<_, i64>(4)?,
            ))
        })
        .context("list initiatives")?;
    let mut records = Vec::new();
    for row in rows {
        let (id, name, sponsor, mentions, documents) = row.context("read an initiative")?;
        records.push(InitiativeRecord {
            initiative: Initiative {
                id: InitiativeId(id),
                name,
                aliases: aliases.remove(&id).unwrap_or_default(),
                sponsor: sponsor.map(|code| country::from_code(code, &countries)),
            },
            mentions: to_u64(mentions, "initiative mentions")?,
            documents: to_u64(documents, "initiative documents")?,
        });
    }
    Ok(records)
}

/// Every initiative's canonical name, by id.
pub(crate) fn names(conn: &Connection) -> Result<HashMap<i64, String>> {
    let mut statement = conn
        .prepare_cached("SELECT id, name FROM initiatives")
        .context("prepare the initiative names")?;
    let rows = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .context("list initiative names")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("read initiative names")
}

fn aliases(conn: &Connection) -> Result<HashMap<i64, Vec<String>>> {
    let mut statement = conn
        .prepare_cached(
            "SELECT initiative_id, alias FROM initiative_aliases ORDER BY initiative_id, alias",
        )
        .context("prepare the initiative aliases")?;
    let rows = statement
        .query_map([], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })
        .context("list initiative aliases")?;
    let mut aliases: HashMap<i64, Vec<String>> = HashMap::new();
    for row in rows {
        let (id, alias) = row.context("read an initiative alias")?;
        aliases.entry(id).or_default().push(alias);
    }
    Ok(aliases)
}
