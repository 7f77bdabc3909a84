//! Listings of actors, organisations and initiatives, most mentioned first, with counts.

use std::collections::HashMap;

use entente_model::{
    Actor, ActorId, ActorRecord, Initiative, InitiativeId, InitiativeRecord, Organisation,
    OrganisationId, OrganisationKind, OrganisationRecord, Title,
};
use rusqlite::Connection;

use super::names::{self, NameQueries};
use super::{EntityFilter, Select, id_list};
use crate::country;
use crate::error::{Context, Result};
use crate::sql::{invalid, to_u64};

/// The ids a listing keeps: `None` is every one; `Some` is these (the name filter).
fn named(conn: &Connection, queries: &NameQueries, name: Option<&str>) -> Result<Option<String>> {
    match name {
        Some(name) => Ok(Some(id_list(names::containing(conn, queries, name)?))),
        None => Ok(None),
    }
}

/// Actors by [`super::ActorFilter`], most mentioned first.
pub(crate) fn actors(conn: &Connection, filter: &super::ActorFilter) -> Result<Vec<ActorRecord>> {
    if filter.country.is_none() && filter.name.is_none() && filter.document.is_none() {
        // Every actor: the counts kept beside the records, along their index (0006).
        let mut select = Select::new(
            "SELECT a.id, a.name, a.country_code, a.mentions FROM actors a
             WHERE a.mentions > 0 ORDER BY a.mentions DESC, a.id",
        );
        select.limit(filter.limit)?;
        return read_actors(conn, &select);
    }
    let mut select = Select::new(
        "SELECT a.id, a.name, a.country_code, a.mentions
         FROM actors a WHERE a.mentions > 0",
    );
    if let Some(code) = &filter.country {
        select.bind("AND a.country_code = ?", code.clone());
    }
    if let Some(ids) = named(conn, &names::ACTORS, filter.name.as_deref())? {
        select.bind("AND a.id IN (SELECT value FROM json_each(?))", ids);
    }
    if let Some(document) = filter.document {
        let (first, last) = crate::mention::id_range(document.0);
        select.bind(
            "AND a.id IN (SELECT actor_id FROM mentions WHERE id BETWEEN ? AND ?
                          AND actor_id IS NOT NULL)",
            first,
        );
        select.value(last);
    }
    select.push("ORDER BY a.mentions DESC, a.id");
    select.limit(filter.limit)?;
    read_actors(conn, &select)
}

/// The actors `ids` that have mentions, most mentioned first.
pub(crate) fn actors_by_id(conn: &Connection, ids: &[ActorId]) -> Result<Vec<ActorRecord>> {
    let mut select = Select::new(
        "SELECT a.id, a.name, a.country_code, a.mentions
         FROM actors a",
    );
    select.bind(
        "WHERE a.mentions > 0 AND a.id IN (SELECT value FROM json_each(?))",
        id_list(ids.iter().map(|id| id.0)),
    );
    select.push("ORDER BY a.mentions DESC, a.id");
    read_actors(conn, &select)
}

/// A row and its mention count.
type Counted<T> = (T, i64);

/// How many documents mention each of the records in the JSON id list `ids`, as kept
/// beside the records (migration 0006).
fn document_counts(conn: &Connection, sql: &'static str, ids: &str) -> Result<HashMap<i64, i64>> {
    let counts = grouped(conn, sql, ids, |row| row.get::<_, i64>(1))?;
    Ok(counts
        .into_iter()
        .map(|(id, counts)| (id, counts.into_iter().sum()))
        .collect())
}

fn read_actors(conn: &Connection, select: &Select) -> Result<Vec<ActorRecord>> {
    let rows: Vec<Counted<(i64, String, Option<String>)>> =
        select.rows(conn, "list actors", |row| {
            Ok(((row.get(0)?, row.get(1)?, row.get(2)?), row.get(3)?))
        })?;
    let ids = id_list(rows.iter().map(|((id, _, _), _)| *id));
    let documents = document_counts(
        conn,
        "SELECT id, documents FROM actors WHERE id IN (SELECT value FROM json_each(?1))",
        &ids,
    )?;
    let mut aliases = grouped(
        conn,
        "SELECT actor_id, alias FROM actor_aliases
         WHERE actor_id IN (SELECT value FROM json_each(?1)) ORDER BY actor_id, alias",
        &ids,
        |row| row.get(1),
    )?;
    let mut titles = grouped(
        conn,
        "SELECT actor_id, name, country_code, organisation FROM actor_titles
         WHERE actor_id IN (SELECT value FROM json_each(?1)) ORDER BY actor_id, id",
        &ids,
        |row| {
            Ok(Title {
                name: row.get(1)?,
                country: row.get(2)?,
                organisation: row.get(3)?,
            })
        },
    )?;
    let countries = country::names(conn)?;
    rows.into_iter()
        .map(|((id, name, country), mentions)| {
            let documents = documents.get(&id).copied().unwrap_or_default();
            Ok(ActorRecord {
                actor: Actor {
                    id: ActorId(id),
                    name,
                    aliases: aliases.remove(&id).unwrap_or_default(),
                    country: country.map(|code| country::from_code(code, &countries)),
                    titles: titles.remove(&id).unwrap_or_default(),
                },
                mentions: to_u64(mentions, "actor mentions")?,
                documents: to_u64(documents, "actor documents")?,
            })
        })
        .collect()
}

/// Whether a listing keeps every record: then counting runs along the mentions index
/// alone (joining first makes SQLite seek the index once per record, several times
/// slower on a large database).
fn unfiltered(filter: &EntityFilter) -> bool {
    filter.country.is_none() && filter.name.is_none() && filter.document.is_none()
}

/// Organisations by [`EntityFilter`], most mentioned first.
pub(crate) fn organisations(
    conn: &Connection,
    filter: &EntityFilter,
) -> Result<Vec<OrganisationRecord>> {
    if unfiltered(filter) {
        let mut select = Select::new(
            "SELECT o.id, o.name, o.acronym, o.kind, o.country_code, o.mentions
             FROM organisations o WHERE o.mentions > 0 ORDER BY o.mentions DESC, o.id",
        );
        select.limit(filter.limit)?;
        return read_organisations(conn, &select);
    }
    let mut select = Select::new(
        "SELECT o.id, o.name, o.acronym, o.kind, o.country_code,
                o.mentions
         FROM organisations o WHERE o.mentions > 0",
    );
    if let Some(code) = &filter.country {
        select.bind("AND o.country_code = ?", code.clone());
    }
    if let Some(ids) = named(conn, &names::ORGANISATIONS, filter.name.as_deref())? {
        select.bind("AND o.id IN (SELECT value FROM json_each(?))", ids);
    }
    if let Some(document) = filter.document {
        let (first, last) = crate::mention::id_range(document.0);
        select.bind(
            "AND o.id IN (SELECT organisation_id FROM mentions WHERE id BETWEEN ? AND ?
                          AND organisation_id IS NOT NULL)",
            first,
        );
        select.value(last);
    }
    select.push("ORDER BY o.mentions DESC, o.id");
    select.limit(filter.limit)?;
    read_organisations(conn, &select)
}

/// The organisations `ids` that have mentions, most mentioned first.
pub(crate) fn organisations_by_id(
    conn: &Connection,
    ids: &[OrganisationId],
) -> Result<Vec<OrganisationRecord>> {
    let mut select = Select::new(
        "SELECT o.id, o.name, o.acronym, o.kind, o.country_code,
                o.mentions
         FROM organisations o",
    );
    select.bind(
        "WHERE o.mentions > 0 AND o.id IN (SELECT value FROM json_each(?))",
        id_list(ids.iter().map(|id| id.0)),
    );
    select.push("ORDER BY o.mentions DESC, o.id");
    read_organisations(conn, &select)
}

type OrganisationRow = (i64, String, Option<String>, String, Option<String>);

fn read_organisations(conn: &Connection, select: &Select) -> Result<Vec<OrganisationRecord>> {
    let rows: Vec<Counted<OrganisationRow>> = select.rows(conn, "list organisations", |row| {
        Ok((
            (
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
            ),
            row.get(5)?,
        ))
    })?;
    let ids = id_list(rows.iter().map(|((id, ..), _)| *id));
    let documents = document_counts(
        conn,
        "SELECT id, documents FROM organisations WHERE id IN (SELECT value FROM json_each(?1))",
        &ids,
    )?;
    let mut aliases = grouped(
        conn,
        "SELECT organisation_id, alias FROM organisation_aliases
         WHERE organisation_id IN (SELECT value FROM json_each(?1))
         ORDER BY organisation_id, alias",
        &ids,
        |row| row.get(1),
    )?;
    let countries = country::names(conn)?;
    rows.into_iter()
        .map(|((id, name, acronym, kind, country), mentions)| {
            let documents = documents.get(&id).copied().unwrap_or_default();
            let kind = OrganisationKind::parse(&kind)
                .ok_or_else(|| invalid("organisations", "kind", &kind))?;
            Ok(OrganisationRecord {
                organisation: Organisation {
                    id: OrganisationId(id),
                    name,
                    acronym,
                    kind,
                    country: country.map(|code| country::from_code(code, &countries)),
                    aliases: aliases.remove(&id).unwrap_or_default(),
                },
                mentions: to_u64(mentions, "organisation mentions")?,
                documents: to_u64(documents, "organisation documents")?,
            })
        })
        .collect()
}

/// Initiatives by [`EntityFilter`] (`country` is the sponsor), most mentioned first.
pub(crate) fn initiatives(
    conn: &Connection,
    filter: &EntityFilter,
) -> Result<Vec<InitiativeRecord>> {
    if unfiltered(filter) {
        let mut select = Select::new(
            "SELECT i.id, i.name, i.sponsor_code, i.mentions
             FROM initiatives i WHERE i.mentions > 0 ORDER BY i.mentions DESC, i.id",
        );
        select.limit(filter.limit)?;
        return read_initiatives(conn, &select);
    }
    let mut select = Select::new(
        "SELECT i.id, i.name, i.sponsor_code, i.mentions
         FROM initiatives i WHERE i.mentions > 0",
    );
    if let Some(code) = &filter.country {
        select.bind("AND i.sponsor_code = ?", code.clone());
    }
    if let Some(ids) = named(conn, &names::INITIATIVES, filter.name.as_deref())? {
        select.bind("AND i.id IN (SELECT value FROM json_each(?))", ids);
    }
    if let Some(document) = filter.document {
        let (first, last) = crate::mention::id_range(document.0);
        select.bind(
            "AND i.id IN (SELECT initiative_id FROM mentions WHERE id BETWEEN ? AND ?
                          AND initiative_id IS NOT NULL)",
            first,
        );
        select.value(last);
    }
    select.push("ORDER BY i.mentions DESC, i.id");
    select.limit(filter.limit)?;
    read_initiatives(conn, &select)
}

/// The initiatives `ids` that have mentions, most mentioned first.
pub(crate) fn initiatives_by_id(
    conn: &Connection,
    ids: &[InitiativeId],
) -> Result<Vec<InitiativeRecord>> {
    let mut select = Select::new(
        "SELECT i.id, i.name, i.sponsor_code, i.mentions
         FROM initiatives i",
    );
    select.bind(
        "WHERE i.mentions > 0 AND i.id IN (SELECT value FROM json_each(?))",
        id_list(ids.iter().map(|id| id.0)),
    );
    select.push("ORDER BY i.mentions DESC, i.id");
    read_initiatives(conn, &select)
}

fn read_initiatives(conn: &Connection, select: &Select) -> Result<Vec<InitiativeRecord>> {
    let rows: Vec<Counted<(i64, String, Option<String>)>> =
        select.rows(conn, "list initiatives", |row| {
            Ok(((row.get(0)?, row.get(1)?, row.get(2)?), row.get(3)?))
        })?;
    let ids = id_list(rows.iter().map(|((id, _, _), _)| *id));
    let documents = document_counts(
        conn,
        "SELECT id, documents FROM initiatives WHERE id IN (SELECT value FROM json_each(?1))",
        &ids,
    )?;
    let mut aliases = grouped(
        conn,
        "SELECT initiative_id, alias FROM initiative_aliases
         WHERE initiative_id IN (SELECT value FROM json_each(?1))
         ORDER BY initiative_id, alias",
        &ids,
        |row| row.get(1),
    )?;
    let countries = country::names(conn)?;
    rows.into_iter()
        .map(|((id, name, sponsor), mentions)| {
            let documents = documents.get(&id).copied().unwrap_or_default();
            Ok(InitiativeRecord {
                initiative: Initiative {
                    id: InitiativeId(id),
                    name,
                    aliases: aliases.remove(&id).unwrap_or_default(),
                    sponsor: sponsor.map(|code| country::from_code(code, &countries)),
                },
                mentions: to_u64(mentions, "initiative mentions")?,
                documents: to_u64(documents, "initiative documents")?,
            })
        })
        .collect()
}

/// Rows of `sql` (first column the owner's id, `?1` the JSON id list) grouped by owner,
/// in the order read.
pub(crate) fn grouped<T>(
    conn: &Connection,
    sql: &'static str,
    ids: &str,
    mut read: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<HashMap<i64, Vec<T>>> {
    let mut statement = conn.prepare_cached(sql).context("prepare a listing")?;
    let rows = statement
        .query_map([ids], |row| Ok((row.get::<_, i64>(0)?, read(row)?)))
        .context("list linked rows")?;
    let mut grouped: HashMap<i64, Vec<T>> = HashMap::new();
    for row in rows {
        let (owner, value) = row.context("read a linked row")?;
        grouped.entry(owner).or_default().push(value);
    }
    Ok(grouped)
}
