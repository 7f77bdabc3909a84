//! Countries: the table every ISO code points into.

use std::collections::HashMap;

use entente_model::Country;
use rusqlite::{Connection, params};

use crate::error::{Context, Result};

/// Makes sure `code` has a row. A code first seen without a display name gets the code as
/// name until a real name arrives; a real name, once stored, is kept.
pub(crate) fn ensure(conn: &Connection, code: &str, name: Option<&str>) -> Result<()> {
    let name = name.filter(|name| !name.is_empty()).unwrap_or(code);
    conn.prepare_cached(
        "INSERT INTO countries (code, name) VALUES (?1, ?2)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name
         WHERE countries.name = countries.code AND excluded.name <> excluded.code",
    )
    .context("prepare the country insert")?
    .execute(params![code, name])
    .context("store a country")?;
    Ok(())
}

/// The countries (code, name as extracted) stored in one write transaction: storing the
/// same pair again changes nothing, and the records of one document name a handful.
#[derive(Debug, Default)]
pub(crate) struct Stored(rustc_hash::FxHashMap<String, String>);

impl Stored {
    /// Stores `country` unless this transaction stored the same code and name.
    pub fn ensure(&mut self, conn: &Connection, country: &Country) -> Result<()> {
        if self.0.get(country.code.as_str()) != Some(&country.name) {
            ensure(conn, &country.code, Some(&country.name))?;
            self.0.insert(country.code.clone(), country.name.clone());
        }
        Ok(())
    }
}

/// The code of a country that an extraction's record refers to, to store in the
/// record's row: `ingest::store_extraction` stored every such country first.
pub(crate) fn stored_code(country: &Country) -> &str {
    &country.code
}

/// Every stored country's display name, by code.
pub(crate) fn names(conn: &Connection) -> Result<HashMap<String, String>> {
    let mut statement = conn
        .prepare_cached("SELECT code, name FROM countries")
        .context("prepare the country listing")?;
    let rows = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .context("list countries")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("read countries")
}

/// A [`Country`] from a stored code, named from `names` (the code when unknown).
pub(crate) fn from_code(code: String, names: &HashMap<String, String>) -> Country {
    let name = names.get(&code).cloned().unwrap_or_else(|| code.clone());
    Country { code, name }
}
