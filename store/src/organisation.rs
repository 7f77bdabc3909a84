//! Organisations: merging by folded name, acronym or alias, and listing.
//!
//! An extracted organisation joins the stored one (lowest id) whose name key, acronym key
//! or an alias key equals its folded name, acronym or one of its aliases. A join fills
//! the acronym, kind (when stored as `other`) and country when newly known; the first
//! name seen stays canonical unless it is only an acronym or alias of a longer new name,
//! the other forms become aliases.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use entente_model::{Organisation, OrganisationId, OrganisationKind, OrganisationRecord, fold};
use rusqlite::{Connection, OptionalExtension, params};

use crate::country::{self, stored_code};
use crate::error::{Context, Result};
use crate::sql::{invalid, to_u64};

/// What one write transaction knows of the stored organisations, so that an
/// organisation named in many of its articles ("the White House") is looked up and
/// merged once per form, not once per article:
///
/// - `found`: the lookup of each folded name, acronym or alias (the lowest id having it
///   as key, acronym key or alias key). Only a write can change it, by giving some
///   organisation that key; every write here drops the keys it gives.
/// - `done`: the merges already made, each with the generation after it; a merge of the
///   same form into the same organisation changes nothing while no write changed that
///   organisation since (a merge is idempotent), so it is skipped.
#[derive(Debug, Default)]
pub(crate) struct Merged {
    found: FxHashMap<String, Option<i64>>,
    done: FxHashMap<MergeKey, u64>,
    changed: FxHashMap<i64, u64>,
    generation: u64,
}

/// A stored id and an extracted form: name, acronym, kind, country (code, name), aliases.
type MergeKey = (
    i64,
    String,
    Option<String>,
    &'static str,
    Option<(String, String)>,
    Vec<String>,
);

impl Merged {
    /// Keys now given to some organisation: their lookups may find another id.
    fn gave(&mut self, key: &str) {
        self.found.remove(key);
    }
}

/// Database ids of an extraction's organisations (`None` for a nameless one), and how
/// many were new.
pub(crate) fn store_all(
    conn: &Connection,
    organisations: &[Organisation],
    merged: &mut Merged,
) -> Result<(Vec<Option<i64>>, usize)> {
    let mut ids = Vec::with_capacity(organisations.len());
    let mut added = 0;
    for organisation in organisations {
        let key = fold(&organisation.name);
        if key.is_empty() {
            ids.push(None);
            continue;
        }
        let id = match resolve(conn, organisation, &key, merged)? {
            Some(id) => {
                let form = (
                    id,
                    organisation.name.clone(),
                    organisation.acronym.clone(),
                    organisation.kind.as_str(),
                    organisation
                        .country
                        .as_ref()
                        .map(|country| (country.code.clone(), country.name.clone())),
                    organisation.aliases.clone(),
                );
                let since = merged.changed.get(&id).copied().unwrap_or(0);
                if merged.done.get(&form).is_none_or(|&done| done < since) {
                    if merge(conn, id, organisation, &key, merged)? {
                        merged.generation += 1;
                        merged.changed.insert(id, merged.generation);
                    }
                    merged.done.insert(form, merged.generation);
                }
                id
            }
            None => {
                added += 1;
                insert(conn, organisation, &key, merged)?
            }
        };
        ids.push(Some(id));
    }
    Ok((ids, added))
}

fn resolve(
    conn: &Connection,
    organisation: &Organisation,
    key: &str,
    merged: &mut Merged,
) -> Result<Option<i64>> {
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
        let found = match merged.found.get(&key) {
            Some(found) => *found,
            None => {
                let found = statement
                    .query_row([&key], |row| row.get(0))
                    .optional()
                    .context("look up an organisation")?;
                merged.found.insert(key, found);
                found
            }
        };
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}

fn insert(
    conn: &Connection,
    organisation: &Organisation,
    key: &str,
    merged: &mut Merged,
) -> Result<i64> {
    let country = organisation.country.as_ref().map(stored_code);
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
    merged.gave(key);
    if let Some(acronym_key) = &acronym_key {
        merged.gave(acronym_key);
    }
    for alias in &organisation.aliases {
        if *alias != organisation.name && Some(alias) != organisation.acronym.as_ref() {
            insert_alias(conn, id, alias, merged)?;
        }
    }
    Ok(id)
}

/// Joins `organisation` into stored organisation `id`; whether any row changed.
fn merge(
    conn: &Connection,
    id: i64,
    organisation: &Organisation,
    key: &str,
    merged: &mut Merged,
) -> Result<bool> {
    let mut changed = 0;
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
        changed += conn
            .prepare_cached("UPDATE organisations SET name = ?2, key = ?3 WHERE id = ?1")
            .context("prepare the organisation rename")?
            .execute(params![id, organisation.name, key])
            .context("rename an organisation")?;
        merged.gave(key);
        changed += insert_alias(conn, id, &stored_name, merged)?;
        changed += conn
            .prepare_cached(
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
            changed += insert_alias(conn, id, alias, merged)?;
        }
    }
    match (&organisation.acronym, &stored_acronym) {
        (Some(acronym), None) => {
            let acronym_key = fold(acronym);
            changed += conn
                .prepare_cached(
                    "UPDATE organisations SET acronym = ?2, acronym_key = ?3 WHERE id = ?1",
                )
                .context("prepare the organisation acronym update")?
                .execute(params![id, acronym, acronym_key])
                .context("set an organisation's acronym")?;
            merged.gave(&acronym_key);
        }
        (Some(acronym), Some(stored)) if acronym != stored && acronym != canonical => {
            changed += insert_alias(conn, id, acronym, merged)?;
        }
        _ => {}
    }
    if organisation.kind != OrganisationKind::Other {
        changed += conn
            .prepare_cached("UPDATE organisations SET kind = ?2 WHERE id = ?1 AND kind = 'other'")
            .context("prepare the organisation kind update")?
            .execute(params![id, organisation.kind.as_str()])
            .context("set an organisation's kind")?;
    }
    if let Some(country) = &organisation.country {
        let code = stored_code(country);
        changed += conn
            .prepare_cached(
                "UPDATE organisations SET country_code = ?2 WHERE id = ?1 AND country_code IS NULL",
            )
            .context("prepare the organisation country update")?
            .execute(params![id, code])
            .context("set an organisation's country")?;
    }
    Ok(changed > 0)
}

/// Adds an alias unless organisation `id` has it; the rows added (0 or 1).
fn insert_alias(conn: &Connection, id: i64, alias: &str, merged: &mut Merged) -> Result<usize> {
    if alias.trim().is_empty() {
        return Ok(0);
    }
    let key = fold(alias);
    let added = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO organisation_aliases (organisation_id, alias, key)
             VALUES (?1, ?2, ?3)",
        )
        .context("prepare the organisation alias insert")?
        .execute(params![id, alias, key])
        .context("store an organisation alias")?;
    if added > 0 {
        merged.gave(&key);
    }
    Ok(added)
}

/// Every organisation with at least one mention, by id, with its kept counts.
pub(crate) fn list(conn: &Connection) -> Result<Vec<OrganisationRecord>> {
    let countries = country::names(conn)?;
    let mut aliases = aliases(conn)?;
    let mut statement = conn
        .prepare_cached(
            "SELECT id, name, acronym, kind, country_code, mentions, documents
             FROM organisations WHERE mentions > 0 ORDER BY id",
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
