//! Organisations: merging by folded name, acronym or alias, and listing.
//!
//! An extracted organisation joins the stored one (lowest id) whose name key, acronym key
//! or an alias key equals its folded name, acronym or one of its aliases. A join fills
//! the acronym, kind (when stored as `other`) and country when newly known; the first
//! name seen stays canonical unless it is only an acronym or alias of a longer new name,
//! the other forms become aliases.

use std::collections::HashMap;

use entente_model::{Organisation, OrganisationId, OrganisationKind, OrganisationRecord, fold};
use rusqlite::{Connection, OptionalExtension, params};

use crate::country;
use crate::error::{Context, Result};
use crate::sql::{invalid, to_u64};

/// Database ids of an extraction's organisations (`None` for a nameless one), and how
/// many were new.
pub(crate) fn store_all(
    conn: &Connection,
    organisations: &[Organisation],
) -> Result<(Vec<Option<i64>>, usize)> {
    let mut ids = Vec::with_capacity(organisations.len());
    let mut added = 0;
    for organisation in organisations {
        let key = fold(&organisation.name);
        if key.is_empty() {
            ids.push(None);
            continue;
        }
        let id = match resolve(conn, organisation, &key)? {
            Some(id) => {
                merge(conn, id, organisation, &key)?;
                id
            }
            None => {
                added += 1;
                insert(conn, organisation, &key)?
            }
        };
        ids.push(Some(id));
    }
    Ok((ids, added))
}

fn resolve(conn: &Connection, organisation: &Organisation, key: &str) -> Result<Option<i64>> {
    let acronym = organisation.acronym.as_deref().map(fold);
    let aliases = organisation.aliases.iter().map(|alias| fold(alias));
    let keys = std::iter::once(key.to_owned())
        .chain(acronym)
        .chain(aliases);
    let mut statement = conn
        .prepare_cached(
            "SELECT id FROM organisations WHERE key = ?1
             UNION SELECT id FROM organisations WHERE acronym_key = ?1
             UNION SELECT organisation_id FROM organisation_aliases WHERE key = ?1
             ORDER BY 1 LIMIT 1",
        )
        .context("prepare the organisation lookup")?;
    for key in keys {
        if key.is_empty() {
            continue;
        }
        let found = statement
            .query_row([&key], |row| row.get(0))
            .optional()
            .context("look up an organisation")?;
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}

fn insert(conn: &Connection, organisation: &Organisation, key: &str) -> Result<i64> {
    let country = match &organisation.country {
        Some(country) => Some(country::ensure_country(conn, country)?),
        None => None,
    };
    let acronym_key = organisation.acronym.as_deref().map(fold);
    let id = conn
        .prepare_cached(
            "INSERT INTO organisations (name, key, acronym, acronym_key, kind, country_code)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .context("prepare the organisation insert")?
        .insert(params![
            organisation.name,
            key,
            organisation.acronym,
            acronym_key,
            organisation.kind.as_str(),
            country
        ])
        .context("store an organisation")?;
    for alias in &organisation.aliases {
        if *alias != organisation.name && Some(alias) != organisation.acronym.as_ref() {
            insert_alias(conn, id, alias)?;
        }
    }
    Ok(id)
}

fn merge(conn: &Connection, id: i64, organisation: &Organisation, key: &str) -> Result<()> {
    let (stored_name, stored_key, stored_acronym): (String, String, Option<String>) = conn
        .prepare_cached("SELECT name, key, acronym FROM organisations WHERE id = ?1")
        .context("prepare the organisation read")?
        .query_row([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .context("read an organisation")?;
    // The stored name gives way only when it is a short form of the new one ("SCO" for
    // "Shanghai Cooperation Organisation"); otherwise the first name seen stays, since
    // longer extracted names are more often run-ons than fuller forms.
    let short_forms = stored_acronym
        .iter()
        .chain(&organisation.acronym)
        .chain(&organisation.aliases);
    let stored_is_short = short_forms
        .map(|form| fold(form))
        .any(|form| form == stored_key);
    let fuller = stored_is_short && key.split(' ').count() > stored_key.split(' ').count();
    let canonical = if fuller {
        conn.prepare_cached("UPDATE organisations SET name = ?2, key = ?3 WHERE id = ?1")
            .context("prepare the organisation rename")?
            .execute(params![id, organisation.name, key])
            .context("rename an organisation")?;
        insert_alias(conn, id, &stored_name)?;
        conn.prepare_cached(
            "DELETE FROM organisation_aliases WHERE organisation_id = ?1 AND alias = ?2",
        )
        .context("prepare the organisation alias delete")?
        .execute(params![id, organisation.name])
        .context("delete an organisation alias")?;
        organisation.name.as_str()
    } else {
        stored_name.as_str()
    };
    let acronym = stored_acronym.as_ref().or(organisation.acronym.as_ref());
    for alias in std::iter::once(&organisation.name).chain(&organisation.aliases) {
        if alias != canonical && Some(alias) != acronym {
            insert_alias(conn, id, alias)?;
        }
    }
    match (&organisation.acronym, &stored_acronym) {
        (Some(acronym), None) => {
            conn.prepare_cached(
                "UPDATE organisations SET acronym = ?2, acronym_key = ?3 WHERE id = ?1",
            )
            .context("prepare the organisation acronym update")?
            .execute(params![id, acronym, fold(acronym)])
            .context("set an organisation's acronym")?;
        }
        (Some(acronym), Some(stored)) if acronym != stored && acronym != canonical => {
            insert_alias(conn, id, acronym)?;
        }
        _ => {}
    }
    if organisation.kind != OrganisationKind::Other {
        conn.prepare_cached("UPDATE organisations SET kind = ?2 WHERE id = ?1 AND kind = 'other'")
            .context("prepare the organisation kind update")?
            .execute(params![id, organisation.kind.as_str()])
            .context("set an organisation's kind")?;
    }
    if let Some(country) = &organisation.country {
        let code = country::ensure_country(conn, country)?;
        conn.prepare_cached(
            "UPDATE organisations SET country_code = ?2 WHERE id = ?1 AND country_code IS NULL",
        )
        .context("prepare the organisation country update")?
        .execute(params![id, code])
        .context("set an organisation's country")?;
    }
    Ok(())
}

fn insert_alias(conn: &Connection, id: i64, alias: &str) -> Result<()> {
    if alias.trim().is_empty() {
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT OR IGNORE INTO organisation_aliases (organisation_id, alias, key)
         VALUES (?1, ?2, ?3)",
    )
    .context("prepare the organisation alias insert")?
    .execute(params![id, alias, fold(alias)])
    .context("store an organisation alias")?;
    Ok(())
}

/// Every organisation with at least one mention, by id.
pub(crate) fn list(conn: &Connection) -> Result<Vec<OrganisationRecord>> {
    let countries = country::names(conn)?;
    let mut aliases = aliases(conn)?;
    let mut statement = conn
        .prepare_cached(
            "SELECT organisations.id, organisations.name, organisations.acronym,
                    organisations.kind, organisations.country_code,
                    count(*), count(DISTINCT mentions.document_id)
             FROM organisations JOIN mentions ON mentions.organisation_id = organisations.id
             GROUP BY organisations.id ORDER BY organisations.id",
        )
        .context("prepare the organisation listing")?;
    let rows = statement
        .query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, Option<String>>(4)?,
                row.get::<_, i64>(5)?,
                row.get::<_, i64>(6)?,
            ))
        })
        .context("list organisations")?;
    let mut records = Vec::new();
    for row in rows {
        let (id, name, acronym, kind, country, mentions, documents) =
            row.context("read an organisation")?;
        let kind = OrganisationKind::parse(&kind)
            .ok_or_else(|| invalid("organisations", "kind", &kind))?;
        records.push(OrganisationRecord {
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
        });
    }
    Ok(records)
}

/// Every organisation's canonical name, by id.
pub(crate) fn names(conn: &Connection) -> Result<HashMap<i64, String>> {
    let mut statement = conn
        .prepare_cached("SELECT id, name FROM organisations")
        .context("prepare the organisation names")?;
    let rows = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .context("list organisation names")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("read organisation names")
}

fn aliases(conn: &Connection) -> Result<HashMap<i64, Vec<String>>> {
    let mut statement = conn
        .prepare_cached(
            "SELECT organisation_id, alias FROM organisation_aliases
             ORDER BY organisation_id, alias",
        )
        .context("prepare the organisation aliases")?;
    let rows = statement
        .query_map([], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })
        .context("list organisation aliases")?;
    let mut aliases: HashMap<i64, Vec<String>> = HashMap::new();
    for row in rows {
        let (id, alias) = row.context("read an organisation alias")?;
        aliases.entry(id).or_default().push(alias);
    }
    Ok(aliases)
}
