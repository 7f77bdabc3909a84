//! Actors: resolving an extracted person against the stored ones, merging, and listing.
//!
//! Resolution of one extracted actor, first rule that applies:
//!
//! 1. a name of two or more words whose folded form equals a stored actor's key joins
//!    it (lowest id first);
//! 2. a name of two or more words whose word set equals a stored name's word set joins
//!    it ("Tayyip Recep Erdogan" = "Recep Tayyip Erdogan");
//! 3. otherwise the candidates are the stored actors with a compatible country (equal or
//!    either unknown) that have the name as an alias, or that share its surname (last
//!    word; or the first word where names are written family name first, see
//!    [`crate::name::family_name_first`]) with words containing the name's words or
//!    contained in them. One candidate: join it. Several: the one the same document
//!    named (its full name came first); failing that, for a full name the one candidate
//!    closest to it (fewest words not shared) when there is one, else a new actor; for
//!    a lone surname nothing at all (the store never guesses between two people; its
//!    mentions are dropped). None: a new actor.
//!
//! The extraction's own aliases are never looked up: one wrong in-document coreference
//! ("Joe Biden-Donald Trump", aliases "Joe Biden" and "Donald Trump") would fuse two
//! people for good.
//!
//! On a join the canonical name becomes the form with more words when it contains the
//! stored name's words (ties keep the stored one), titles accumulate, and the first
//! known country is kept. The other surface forms become aliases when they spell the
//! canonical name (see [`spells`]: "Erdogan", "Tayyip Recep Erdogan" for "Recep Tayyip
//! Erdoğan"), so a slip in one article ("Biden" given as an alias of Trump) cannot pull
//! the next article's people in.

use std::collections::HashMap;
use std::sync::LazyLock;

// Fast hashing for the writer's per-transaction maps of short keys (names, ids): the
// default SipHash was 2% of the writer's instructions.
use rustc_hash::{FxHashMap, FxHashSet};

use entente_model::{Actor, ActorId, ActorRecord, Title};
use rusqlite::{Connection, OptionalExtension, params};

use crate::country::{self, stored_code};
use crate::error::{Context, Result};
use crate::name::{NameKey, compatible, family_name_first, word_subset};
use crate::sql::to_u64;

/// What one extracted actor became.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resolved {
    Existing(i64),
    New,
    /// A lone surname shared by several stored actors: not stored.
    Ambiguous,
}

/// The outcome of storing an extraction's actors.
#[derive(Debug, Default)]
pub(crate) struct StoredActors {
    /// Database id of each local actor, `None` when it was not stored.
    pub ids: Vec<Option<i64>>,
    pub added: usize,
    pub unresolved: usize,
}

/// Resolves and stores every actor of one extraction; fuller names go first so that a
/// surname in the same document finds the full name.
pub(crate) fn store_all(
    conn: &Connection,
    actors: &[Actor],
    merged: &mut Merged,
) -> Result<StoredActors> {
    let keys: Vec<Option<NameKey>> = actors.iter().map(|a| NameKey::new(&a.name)).collect();
    let mut order: Vec<usize> = (0..actors.len()).collect();
    order.sort_by_key(|&index| {
        let n_words = keys
            .get(index)
            .and_then(Option::as_ref)
            .map_or(0, NameKey::n_words);
        std::cmp::Reverse(n_words)
    });
    let mut stored = StoredActors {
        ids: vec![None; actors.len()],
        ..StoredActors::default()
    };
    for index in order {
        let (Some(actor), Some(Some(name))) = (actors.get(index), keys.get(index)) else {
            continue;
        };
        let country = actor.country.as_ref().map(|c| c.code.as_str());
        let in_document: Vec<i64> = stored.ids.iter().flatten().copied().collect();
        let id = match resolve(conn, name, country, &in_document, merged)? {
            Resolved::Existing(id) => {
                merge(conn, id, actor, name, merged)?;
                id
            }
            Resolved::New => {
                stored.added += 1;
                insert(conn, actor, name, merged)?
            }
            Resolved::Ambiguous => {
                stored.unresolved += 1;
                continue;
            }
        };
        if let Some(slot) = stored.ids.get_mut(index) {
            *slot = Some(id);
        }
    }
    Ok(stored)
}

/// Resolves one extracted actor; `in_document` holds the stored ids of the same
/// document's actors resolved so far, which settle a name shared with other stored
/// actors (the article names its own Wang in full).
pub(crate) fn resolve(
    conn: &Connection,
    name: &NameKey,
    country: Option<&str>,
    in_document: &[i64],
    merged: &mut Merged,
) -> Result<Resolved> {
    if name.n_words() >= 2 {
        if let Some(id) = by_key(conn, &name.key, &mut merged.by_key)? {
            return Ok(Resolved::Existing(id));
        }
        if let Some(id) = by_word_set(conn, &name.word_set, &mut merged.by_word_set)? {
            return Ok(Resolved::Existing(id));
        }
    }
    let candidates = candidates(conn, name, country, &mut merged.candidates)?;
    if let [only] = candidates.as_slice() {
        return Ok(Resolved::Existing(only.id));
    }
    let local: Vec<&Candidate> = candidates
        .iter()
        .filter(|candidate| in_document.contains(&candidate.id))
        .collect();
    if let [only] = local.as_slice() {
        return Ok(Resolved::Existing(only.id));
    }
    if name.n_words() == 1 {
        return Ok(if candidates.is_empty() {
            Resolved::New
        } else {
            Resolved::Ambiguous
        });
    }
    // A full name: the one closest candidate, if one is closer than the others.
    let closest = candidates.iter().map(|c| c.distance).min();
    let mut nearest = candidates.iter().filter(|c| Some(c.distance) == closest);
    Ok(match (nearest.next(), nearest.next()) {
        (Some(candidate), None) => Resolved::Existing(candidate.id),
        _ => Resolved::New,
    })
}

fn by_key(conn: &Connection, key: &str, seen: &mut Lookups) -> Result<Option<i64>> {
    if let Some(found) = seen.get(key) {
        return Ok(*found);
    }
    let found = conn
        .prepare_cached("SELECT id FROM actors WHERE key = ?1 ORDER BY id LIMIT 1")
        .context("prepare the actor key lookup")?
        .query_row([key], |row| row.get(0))
        .optional()
        .context("look up an actor by key")?;
    seen.insert(key.to_owned(), found);
    Ok(found)
}

fn by_word_set(conn: &Connection, word_set: &str, seen: &mut Lookups) -> Result<Option<i64>> {
    if let Some(found) = seen.get(word_set) {
        return Ok(*found);
    }
    let found = conn
        .prepare_cached("SELECT id FROM actors WHERE word_set = ?1 ORDER BY id LIMIT 1")
        .context("prepare the actor word-set lookup")?
        .query_row([word_set], |row| row.get(0))
        .optional()
        .context("look up an actor by word set")?;
    seen.insert(word_set.to_owned(), found);
    Ok(found)
}

/// A stored actor that may be the person a name names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Candidate {
    id: i64,
    /// How many words the two names do not share.
    distance: usize,
}

/// Stored actors by last word, or by first word where the family name comes first (one
/// branch for each code of [`crate::name::FAMILY_NAME_FIRST`]: an `IN (...)` list of
/// them builds a temporary table at every execution, a new 16 KiB page zeroed each
/// time, which cost more than the six index searches).
/// `UNION ALL`: [`candidates`] drops an actor found twice, without a temporary table.
pub(crate) static SURNAME_LOOKUP: LazyLock<String> = LazyLock::new(|| {
    const COLUMNS: &str = "SELECT id, word_set, first_word, last_word, country_code FROM actors";
    let mut sql =
        format!("{COLUMNS} WHERE last_word = ?1\nUNION ALL {COLUMNS} WHERE first_word = ?2 AND ?3");
    for code in crate::name::FAMILY_NAME_FIRST {
        sql.push_str(&format!(
            "\nUNION ALL {COLUMNS} WHERE first_word = ?2 AND country_code = '{code}'"
        ));
    }
    sql
});

/// Stored actors with an alias folded to `?1`.
const ALIAS_LOOKUP: &str = "
    SELECT actors.id, actors.word_set, actors.first_word, actors.last_word,
           actors.country_code
    FROM actor_aliases JOIN actors ON actors.id = actor_aliases.actor_id
    WHERE actor_aliases.key = ?1";

/// Rule 3 of the module documentation: the stored actors, by id, that may be the person
/// `name` names partly or fully, or that have `name` as an alias.
fn candidates(
    conn: &Connection,
    name: &NameKey,
    country: Option<&str>,
    cache: &mut CandidateRows,
) -> Result<Vec<Candidate>> {
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut consider = |row: &CandidateRow, by_alias: bool| {
        if !compatible(country, row.country.as_deref()) {
            return;
        }
        let family_first = family_name_first(country) || family_name_first(row.country.as_deref());
        let same_surname = row.last_word == name.last_word()
            || (family_first && row.first_word == name.first_word());
        let shares_surname = same_surname && nested(&name.word_set, &row.word_set);
        if (by_alias || shares_surname) && candidates.iter().all(|candidate| candidate.id != row.id)
        {
            let distance = distance(&name.word_set, &row.word_set);
            candidates.push(Candidate {
                id: row.id,
                distance,
            });
        }
    };
    let any_country = family_name_first(country);
    for row in cache.by_surname(conn, name.last_word(), name.first_word(), any_country)? {
        consider(row, false);
    }
    for row in cache.by_alias(conn, &name.key)? {
        consider(row, true);
    }
    candidates.sort_by_key(|candidate| candidate.id);
    Ok(candidates)
}

/// One stored actor as the candidate lookups read it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CandidateRow {
    id: i64,
    word_set: String,
    first_word: String,
    last_word: String,
    country: Option<String>,
}

impl CandidateRow {
    fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<CandidateRow> {
        Ok(CandidateRow {
            id: row.get(0)?,
            word_set: row.get(1)?,
            first_word: row.get(2)?,
            last_word: row.get(3)?,
            country: row.get(4)?,
        })
    }
}

/// The rows of the candidate lookups ([`SURNAME_LOOKUP`], [`ALIAS_LOOKUP`]) read in one
/// transaction, so that a surname named in many of its articles ("Trump said") is read
/// once, not once an article.
///
/// A kept result is used while nothing it depends on changed since it was read: every
/// write to the actors here notes a generation (a counter) against the first and last
/// words of the actor before and after it, against the actor, and against an alias key
/// it adds or removes. A surname lookup's rows all have its last word as theirs or its
/// first word as theirs, so a change to any of them marks one of its two words; an alias
/// lookup is stale when its key or one of its actors changed.
#[derive(Debug, Default)]
pub(crate) struct CandidateRows {
    generation: u64,
    word_changed: FxHashMap<String, u64>,
    alias_changed: FxHashMap<String, u64>,
    actor_changed: FxHashMap<i64, u64>,
    surname: FxHashMap<(String, String, bool), (u64, Vec<CandidateRow>)>,
    alias: FxHashMap<String, (u64, Vec<CandidateRow>)>,
}

impl CandidateRows {
    fn by_surname(
        &mut self,
        conn: &Connection,
        last_word: &str,
        first_word: &str,
        any_country: bool,
    ) -> Result<&[CandidateRow]> {
        let key = (last_word.to_owned(), first_word.to_owned(), any_country);
        let fresh = self.surname.get(&key).is_some_and(|(read, _)| {
            self.word_unchanged(last_word, *read) && self.word_unchanged(first_word, *read)
        });
        if !fresh {
            let mut statement = conn
                .prepare_cached(&SURNAME_LOOKUP)
                .context("prepare the actor surname lookup")?;
            let rows = statement
                .query_map(
                    params![last_word, first_word, any_country],
                    CandidateRow::read,
                )
                .context("look up actors by surname")?
                .collect::<rusqlite::Result<Vec<_>>>()
                .context("read an actor candidate")?;
            self.surname.insert(key.clone(), (self.generation, rows));
        }
        Ok(self
            .surname
            .get(&key)
            .map_or(&[], |(_, rows)| rows.as_slice()))
    }

    fn by_alias(&mut self, conn: &Connection, key: &str) -> Result<&[CandidateRow]> {
        let fresh = self.alias.get(key).is_some_and(|(read, rows)| {
            self.alias_changed
                .get(key)
                .is_none_or(|changed| changed <= read)
                && rows.iter().all(|row| {
                    self.actor_changed
                        .get(&row.id)
                        .is_none_or(|changed| changed <= read)
                })
        });
        if !fresh {
            let mut statement = conn
                .prepare_cached(ALIAS_LOOKUP)
                .context("prepare the actor alias lookup")?;
            let rows = statement
                .query_map([key], CandidateRow::read)
                .context("look up actors by alias")?
                .collect::<rusqlite::Result<Vec<_>>>()
                .context("read an actor candidate")?;
            self.alias.insert(key.to_owned(), (self.generation, rows));
        }
        Ok(self.alias.get(key).map_or(&[], |(_, rows)| rows.as_slice()))
    }

    fn word_unchanged(&self, word: &str, read: u64) -> bool {
        self.word_changed
            .get(word)
            .is_none_or(|&changed| changed <= read)
    }

    /// Actor `id`, named `name` before or after the change, was inserted or changed.
    fn actor_changed(&mut self, id: i64, name: &NameKey) {
        self.generation += 1;
        for word in [name.first_word(), name.last_word()] {
            self.word_changed.insert(word.to_owned(), self.generation);
        }
        self.actor_changed.insert(id, self.generation);
    }

    /// An alias folded to `key` was added or removed.
    fn alias_changed(&mut self, key: String) {
        self.generation += 1;
        self.alias_changed.insert(key, self.generation);
    }
}

/// Whether one word set contains the other.
fn nested(a: &str, b: &str) -> bool {
    word_subset(a, b) || word_subset(b, a)
}

/// The number of words in one word set and not the other.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<&str> = a.split(' ').collect();
    let b: Vec<&str> = b.split(' ').collect();
    a.iter().filter(|word| !b.contains(word)).count()
        + b.iter().filter(|word| !a.contains(word)).count()
}

/// Whether `form` may spell the name `canonical`: its words contain or are contained in
/// the canonical ones and it keeps the surname (last word, or first word where the
/// family name comes first), or it has the same words in another order.
fn spells(form: &NameKey, canonical: &NameKey, family_first: bool) -> bool {
    if form.word_set == canonical.word_set {
        return true;
    }
    let same_surname = form.last_word() == canonical.last_word()
        || (family_first && form.first_word() == canonical.first_word());
    same_surname && nested(&form.word_set, &canonical.word_set)
}

fn insert(conn: &Connection, actor: &Actor, name: &NameKey, merged: &mut Merged) -> Result<i64> {
    let country = actor.country.as_ref().map(stored_code);
    let id = conn
        .prepare_cached(
            "INSERT INTO actors (name, key, word_set, first_word, last_word, country_code)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .context("prepare the actor insert")?
        .insert(params![
            actor.name,
            name.key,
            name.word_set,
            name.first_word(),
            name.last_word(),
            country
        ])
        .context("store an actor")?;
    // The new id is above every other: a lookup by its key or word set that found
    // another actor still does, one that found none now finds it.
    merged.by_key.remove(&name.key);
    merged.by_word_set.remove(&name.word_set);
    merged
        .rows
        .insert(id, (actor.name.clone(), country.map(str::to_owned)));
    merged.titles.insert(id, Vec::new());
    merged.candidates.actor_changed(id, name);
    let family_first = family_name_first(country);
    insert_aliases(
        conn,
        id,
        &actor.name,
        name,
        family_first,
        &actor.aliases,
        &mut merged.candidates,
    )?;
    insert_titles(conn, id, &actor.titles, &mut merged.titles)?;
    Ok(id)
}

/// What one write transaction knows of the stored actors. Merging an extracted form
/// into a stored actor whose name and country are what they were at an earlier merge of
/// the same form changes nothing (aliases and titles are inserted or ignored, the
/// country is only set when unknown, the name only grows), so a person named in many
/// articles of one batch costs one merge per distinct form instead of one per article.
///
/// The rest are rows read once and kept equal to what this module writes (nothing else
/// writes actors or their titles inside the transaction), so that a name seen again
/// does not read them again: the lookups by key and word set, each actor's name and
/// country, and its titles.
#[derive(Debug, Default)]
pub(crate) struct Merged {
    done: FxHashSet<MergeKey>,
    by_key: Lookups,
    by_word_set: Lookups,
    rows: FxHashMap<i64, (String, Option<String>)>,
    titles: FxHashMap<i64, Vec<(i64, Title)>>,
    candidates: CandidateRows,
}

/// The lowest id of an actor with a given key or word set, `None` for no actor.
type Lookups = FxHashMap<String, Option<i64>>;

/// Stored id, name and country; extracted name, aliases, country and titles.
type MergeKey = (
    i64,
    String,
    Option<String>,
    String,
    Vec<String>,
    Option<(String, String)>,
    Vec<Title>,
);

/// Joins the extracted `actor` into stored actor `id`.
fn merge(
    conn: &Connection,
    id: i64,
    actor: &Actor,
    name: &NameKey,
    merged: &mut Merged,
) -> Result<()> {
    let (stored_name, stored_country) = match merged.rows.get(&id) {
        Some(row) => row.clone(),
        None => {
            let row: (String, Option<String>) = conn
                .prepare_cached("SELECT name, country_code FROM actors WHERE id = ?1")
                .context("prepare the actor read")?
                .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
                .context("read an actor")?;
            merged.rows.insert(id, row.clone());
            row
        }
    };
    let key = (
        id,
        stored_name.clone(),
        stored_country.clone(),
        actor.name.clone(),
        actor.aliases.clone(),
        actor
            .country
            .as_ref()
            .map(|country| (country.code.clone(), country.name.clone())),
        actor.titles.clone(),
    );
    if !merged.done.insert(key) {
        return Ok(());
    }
    let stored_key = NameKey::new(&stored_name);
    let fuller = stored_key.as_ref().is_none_or(|stored| {
        name.n_words() > stored.n_words() && word_subset(&stored.word_set, &name.word_set)
    });
    let (canonical, canonical_key) = match &stored_key {
        Some(stored_key) if !fuller => (stored_name.as_str(), stored_key.clone()),
        _ => {
            conn.prepare_cached(
                "UPDATE actors SET name = ?2, key = ?3, word_set = ?4, first_word = ?5,
                 last_word = ?6 WHERE id = ?1",
            )
            .context("prepare the actor rename")?
            .execute(params![
                id,
                actor.name,
                name.key,
                name.word_set,
                name.first_word(),
                name.last_word()
            ])
            .context("rename an actor")?;
            // Lookups that found this actor by its old key or word set may now find
            // another or none; those of its new ones may now find it.
            for seen in [&mut merged.by_key, &mut merged.by_word_set] {
                seen.retain(|_, found| *found != Some(id));
            }
            merged.by_key.remove(&name.key);
            merged.by_word_set.remove(&name.word_set);
            if let Some(row) = merged.rows.get_mut(&id) {
                row.0.clone_from(&actor.name);
            }
            if let Some(stored_key) = &stored_key {
                merged.candidates.actor_changed(id, stored_key);
            }
            merged.candidates.actor_changed(id, name);
            insert_alias(conn, id, &stored_name, &mut merged.candidates)?;
            conn.prepare_cached("DELETE FROM actor_aliases WHERE actor_id = ?1 AND alias = ?2")
                .context("prepare the actor alias delete")?
                .execute(params![id, actor.name])
                .context("delete an actor alias")?;
            merged
                .candidates
                .alias_changed(entente_model::fold(&actor.name));
            (actor.name.as_str(), name.clone())
        }
    };
    let country = stored_country
        .as_deref()
        .or(actor.country.as_ref().map(|c| c.code.as_str()));
    let family_first = family_name_first(country);
    for forms in [std::slice::from_ref(&actor.name), &actor.aliases] {
        insert_aliases(
            conn,
            id,
            canonical,
            &canonical_key,
            family_first,
            forms,
            &mut merged.candidates,
        )?;
    }
    if let Some(country) = &actor.country {
        let code = stored_code(country);
        conn.prepare_cached(
            "UPDATE actors SET country_code = ?2 WHERE id = ?1 AND country_code IS NULL",
        )
        .context("prepare the actor country update")?
        .execute(params![id, code])
        .context("set an actor's country")?;
        if let Some(row) = merged.rows.get_mut(&id)
            && row.1.is_none()
        {
            row.1 = Some(code.to_owned());
            merged.candidates.actor_changed(id, &canonical_key);
        }
    }
    insert_titles(conn, id, &actor.titles, &mut merged.titles)
}

/// Adds the `forms` that spell `canonical` (see [`spells`]) as aliases of actor `id`.
fn insert_aliases(
    conn: &Connection,
    id: i64,
    canonical: &str,
    canonical_key: &NameKey,
    family_first: bool,
    forms: &[String],
    cache: &mut CandidateRows,
) -> Result<()> {
    for form in forms {
        if form == canonical {
            continue;
        }
        if let Some(key) = NameKey::new(form)
            && spells(&key, canonical_key, family_first)
        {
            insert_alias(conn, id, form, cache)?;
        }
    }
    Ok(())
}

fn insert_alias(conn: &Connection, id: i64, alias: &str, cache: &mut CandidateRows) -> Result<()> {
    if alias.trim().is_empty() {
        return Ok(());
    }
    let key = entente_model::fold(alias);
    let added = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO actor_aliases (actor_id, alias, key) VALUES (?1, ?2, ?3)",
        )
        .context("prepare the actor alias insert")?
        .execute(params![id, alias, key])
        .context("store an actor alias")?;
    if added > 0 {
        cache.alias_changed(key);
    }
    Ok(())
}

/// Adds `titles` to actor `id`. A title equal to a stored one by folded name, with a
/// compatible country and organisation (equal or either unknown), is the same title: it
/// only fills what the stored one left unknown.
///
/// `known` keeps each actor's titles as the read below returns them (in the order of
/// the `actor_titles_distinct` index), so that the next merge of the same actor in the
/// transaction does not read them again.
fn insert_titles(
    conn: &Connection,
    id: i64,
    titles: &[Title],
    known: &mut FxHashMap<i64, Vec<(i64, Title)>>,
) -> Result<()> {
    if titles.is_empty() {
        return Ok(());
    }
    let mut stored = match known.remove(&id) {
        Some(stored) => stored,
        None => read_titles(conn, id)?,
    };
    // Whether `stored` still equals the rows once the titles are in.
    let mut exact = true;
    for title in titles {
        let key = entente_model::fold(&title.name);
        let same = stored.iter_mut().find(|(_, seen)| {
            entente_model::fold(&seen.name) == key
                && compatible(seen.country.as_deref(), title.country.as_deref())
                && compatible(seen.organisation.as_deref(), title.organisation.as_deref())
        });
        match same {
            Some((title_id, seen)) => {
                if (seen.country.is_none() && title.country.is_some())
                    || (seen.organisation.is_none() && title.organisation.is_some())
                {
                    seen.country = seen.country.take().or_else(|| title.country.clone());
                    seen.organisation = seen
                        .organisation
                        .take()
                        .or_else(|| title.organisation.clone());
                    let changed = conn
                        .prepare_cached(
                            "UPDATE OR IGNORE actor_titles SET country_code = ?2,
                                 organisation = ?3
                             WHERE id = ?1",
                        )
                        .context("prepare the actor title update")?
                        .execute(params![*title_id, seen.country, seen.organisation])
                        .context("complete an actor title")?;
                    // Ignored (it would equal another title): the row kept its values,
                    // while the rest of this call goes on with the completed one.
                    exact &= changed == 1;
                }
            }
            None => {
                let title_id = conn
                    .prepare_cached(
                        "INSERT INTO actor_titles
                             (actor_id, name, country_code, organisation)
                         VALUES (?1, ?2, ?3, ?4)",
                    )
                    .context("prepare the actor title insert")?
                    .insert(params![id, title.name, title.country, title.organisation])
                    .context("store an actor title")?;
                stored.push((title_id, title.clone()));
            }
        }
    }
    if exact {
        // As the next read would return them.
        stored.sort_by(|(_, a), (_, b)| index_order(a).cmp(&index_order(b)));
        known.insert(id, stored);
    }
    Ok(())
}

/// A title's place in the `actor_titles_distinct` index (unique: no two are equal).
fn index_order(title: &Title) -> (&str, &str, &str) {
    (
        &title.name,
        title.country.as_deref().unwrap_or(""),
        title.organisation.as_deref().unwrap_or(""),
    )
}

/// The titles of actor `id`, in the order of the `actor_titles_distinct` index.
fn read_titles(conn: &Connection, id: i64) -> Result<Vec<(i64, Title)>> {
    let mut statement = conn
        .prepare_cached(
            "SELECT id, name, country_code, organisation FROM actor_titles WHERE actor_id = ?1",
        )
        .context("prepare the actor title read")?;
    let rows = statement
        .query_map([id], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                Title {
                    name: row.get(1)?,
                    country: row.get(2)?,
                    organisation: row.get(3)?,
                },
            ))
        })
        .context("read actor titles")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("read an actor title")
}

/// Every actor with at least one mention, by id, with the counts kept beside it
/// (migration 0006; counting the mentions again here was an eighth of an export).
pub(crate) fn list(conn: &Connection) -> Result<Vec<ActorRecord>> {
    let countries = country::names(conn)?;
    let mut aliases = aliases(conn)?;
    let mut titles = titles(conn)?;
    let mut statement = conn
        .prepare_cached(
            "SELECT id, name, country_code, mentions, documents
             FROM actors WHERE mentions > 0 ORDER BY id",
        )
        .context("prepare the actor listing")?;
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
        .context("list actors")?;
    let mut records = Vec::new();
    for row in rows {
        let (id, name, country, mentions, documents) = row.context("read an actor")?;
        records.push(ActorRecord {
            actor: Actor {
                id: ActorId(id),
                name,
                aliases: aliases.remove(&id).unwrap_or_default(),
                country: country.map(|code| country::from_code(code, &countries)),
                titles: titles.remove(&id).unwrap_or_default(),
            },
            mentions: to_u64(mentions, "actor mentions")?,
            documents: to_u64(documents, "actor documents")?,
        });
    }
    Ok(records)
}

/// Every actor's canonical name, by id.
pub(crate) fn names(conn: &Connection) -> Result<HashMap<i64, String>> {
    let mut statement = conn
        .prepare_cached("SELECT id, name FROM actors")
        .context("prepare the actor names")?;
    let rows = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .context("list actor names")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("read actor names")
}

fn aliases(conn: &Connection) -> Result<HashMap<i64, Vec<String>>> {
    let mut statement = conn
        .prepare_cached("SELECT actor_id, alias FROM actor_aliases ORDER BY actor_id, alias")
        .context("prepare the actor aliases")?;
    let rows = statement
        .query_map([], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })
        .context("list actor aliases")?;
    let mut aliases: HashMap<i64, Vec<String>> = HashMap::new();
    for row in rows {
        let (id, alias) = row.context("read an actor alias")?;
        aliases.entry(id).or_default().push(alias);
    }
    Ok(aliases)
}

fn titles(conn: &Connection) -> Result<HashMap<i64, Vec<Title>>> {
    let mut statement = conn
        .prepare_cached(
            "SELECT actor_id, name, country_code, organisation FROM actor_titles
             ORDER BY actor_id, id",
        )
        .context("prepare the actor titles")?;
    let rows = statement
        .query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                Title {
                    name: row.get(1)?,
                    country: row.get(2)?,
                    organisation: row.get(3)?,
                },
            ))
        })
        .context("list actor titles")?;
    let mut titles: HashMap<i64, Vec<Title>> = HashMap::new();
    for row in rows {
        let (id, title) = row.context("read an actor title")?;
        titles.entry(id).or_default().push(title);
    }
    Ok(titles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surname_lookup_lists_the_family_name_first_states() {
        for code in crate::name::FAMILY_NAME_FIRST {
            let branch = format!("first_word = ?2 AND country_code = '{code}'");
            assert!(SURNAME_LOOKUP.contains(&branch), "{branch}");
        }
    }

    /// Every branch of the surname lookup is an index search, and reads no table row: a
    /// scan of the actors, or a search of all actors sharing a first word, grows with
    /// the database.
    #[test]
    fn surname_lookup_searches_an_index_in_every_branch() {
        let store = crate::Store::open_in_memory().unwrap();
        let mut statement = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {}", *SURNAME_LOOKUP))
            .unwrap();
        let plan: Vec<String> = statement
            .query_map(rusqlite::params!["li", "li", false], |row| row.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let searches: Vec<&String> = plan.iter().filter(|step| step.contains("actors")).collect();
        assert_eq!(
            searches.len(),
            2 + crate::name::FAMILY_NAME_FIRST.len(),
            "{plan:?}"
        );
        for step in searches {
            assert!(step.starts_with("SEARCH"), "{plan:?}");
            // Migration 0008: the rows come from the index alone.
            assert!(step.contains("COVERING INDEX"), "{plan:?}");
        }
        assert!(
            plan.iter()
                .any(|step| step.contains("(first_word=? AND country_code=?)")),
            "{plan:?}"
        );
        // Nor does it build a temporary table (an `IN` list would, at each execution).
        let mut program = store
            .conn
            .prepare(&format!("EXPLAIN {}", *SURNAME_LOOKUP))
            .unwrap();
        let opcodes: Vec<String> = program
            .query_map(rusqlite::params!["li", "li", false], |row| row.get(1))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            !opcodes.iter().any(|op| op == "OpenEphemeral"),
            "{opcodes:?}"
        );
    }
}
