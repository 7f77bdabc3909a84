//! The analyst's curation: merging two records the resolver kept apart
//! (`entente merge`), removing a retracted document (`entente remove document`) and
//! letting it in again (`entente restore document`).
//!
//! Both are remembered (migration 0005) by something that outlasts a re-extraction,
//! which rebuilds every derived record under new ids: a merge by the names and folded
//! keys of both sides (`curated_merges`, applied again in order after every
//! re-extraction), a removal by the sha256 of the text (`removed_documents`, dropped
//! again before every re-extraction and skipped by `ingest`). A merge also keeps the
//! merged record's name as an alias of the kept one, so later ingests join the kept
//! record.

use entente_model::fold;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::Store;
use crate::error::{Context, Error, Result};

/// The kinds of record `entente merge` joins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeKind {
    Actor,
    Organisation,
    Initiative,
}

impl MergeKind {
    /// As `curated_merges.kind` and messages spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            MergeKind::Actor => "actor",
            MergeKind::Organisation => "organisation",
            MergeKind::Initiative => "initiative",
        }
    }

    /// The table of the records.
    fn table(self) -> &'static str {
        match self {
            MergeKind::Actor => "actors",
            MergeKind::Organisation => "organisations",
            MergeKind::Initiative => "initiatives",
        }
    }

    fn from_sql(text: &str) -> Result<MergeKind> {
        match text {
            "actor" => Ok(MergeKind::Actor),
            "organisation" => Ok(MergeKind::Organisation),
            "initiative" => Ok(MergeKind::Initiative),
            other => Err(crate::sql::invalid("curated_merges", "kind", other)),
        }
    }
}

/// What [`Store::merge`] did: `merged` joined `kept` (database ids and names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub kind: MergeKind,
    pub kept: i64,
    pub kept_name: String,
    pub merged: i64,
    pub merged_name: String,
}

/// What [`Store::remove_document`] took out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Removed {
    pub sha256: String,
    pub title: Option<String>,
    pub mentions: usize,
    pub statements: usize,
    pub meetings: usize,
    pub actors: usize,
    pub organisations: usize,
    pub initiatives: usize,
}

/// A removed document, as remembered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemovedDocument {
    pub sha256: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    /// When, UTC.
    pub removed: String,
}

/// How the recorded merges fared when applied again after a re-extraction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergesApplied {
    /// Two records joined again.
    pub applied: usize,
    /// Both names already lead to one record (the resolver joined them this time).
    pub already_one: usize,
    /// A side's name leads to no record, or to several: `kind `kept` <- `merged`: why`.
    pub skipped: Vec<String>,
}

impl Store {
    /// Merges record `merged` into record `kept` (its mentions, meeting places,
    /// statements, aliases and titles go to `kept`, its name becomes an alias of
    /// `kept`) and remembers the merge for re-extractions. An unknown id is
    /// [`Error::NotFound`], the same id twice [`Error::SameRecord`].
    pub fn merge(&mut self, kind: MergeKind, kept: i64, merged: i64) -> Result<Merged> {
        if kept == merged {
            return Err(Error::SameRecord {
                kind: kind.as_str(),
                id: kept,
            });
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context("begin the merge")?;
        let kept_name = name_of(&tx, kind, kept)?.ok_or(Error::NotFound {
            kind: kind.as_str(),
            id: kept,
        })?;
        let merged_name = name_of(&tx, kind, merged)?.ok_or(Error::NotFound {
            kind: kind.as_str(),
            id: merged,
        })?;
        join(&tx, kind, kept, merged)?;
        crate::counts::recount(&tx, kind.table(), kept)?;
        tx.prepare_cached(
            "INSERT INTO curated_merges (kind, kept_name, kept_key, merged_name, merged_key, created)
             VALUES (?1, ?2, ?3, ?4, ?5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
        )
        .context("prepare the merge record")?
        .execute(params![
            kind.as_str(),
            kept_name,
            fold(&kept_name),
            merged_name,
            fold(&merged_name)
        ])
        .context("record the merge")?;
        tx.commit().context("commit the merge")?;
        Ok(Merged {
            kind,
            kept,
            kept_name,
            merged,
            merged_name,
        })
    }

    /// Removes document `id` with its mentions, statements (those other articles also
    /// report stay, with their other sources) and meetings (those no other article
    /// reports), and the actors, organisations and initiatives nothing refers to any
    /// more; remembers its sha256 so that `ingest` skips the text from now on. An
    /// unknown id is [`Error::NotFound`].
    ///
    /// Foreign keys are not checked during the removal, which deletes every row that
    /// refers to the document itself: checking them would read every mention, as no
    /// index leads with `mentions.document_id` (a document's mentions are an id range,
    /// migration 0010). The tests run `foreign_key_check` after removals.
    pub fn remove_document(&mut self, id: i64) -> Result<Removed> {
        // A no-op inside a transaction: set before it begins.
        self.conn
            .pragma_update(None, "foreign_keys", false)
            .context("turn off foreign key checks for the removal")?;
        let removed = remove_in_transaction(&mut self.conn, id);
        let checks_back = self
            .conn
            .pragma_update(None, "foreign_keys", true)
            .context("turn foreign key checks back on");
        let removed = removed?;
        checks_back?;
        Ok(removed)
    }

    /// Forgets the removal of the document whose sha256 is or starts with `sha256` (at
    /// least 8 hex digits), so a later ingest stores it again. None or several match:
    /// [`Error::NoRemovedDocument`].
    pub fn restore_document(&mut self, sha256: &str) -> Result<RemovedDocument> {
        let prefix = sha256.trim().to_ascii_lowercase();
        let not_found = |found: usize| Error::NoRemovedDocument {
            sha256: sha256.to_string(),
            found,
        };
        if prefix.len() < 8 || !prefix.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(not_found(0));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context("begin the restore")?;
        let matching: Vec<RemovedDocument> = removed_list(&tx)?
            .into_iter()
            .filter(|document| document.sha256.starts_with(&prefix))
            .collect();
        let [document] = matching.as_slice() else {
            return Err(not_found(matching.len()));
        };
        tx.prepare_cached("DELETE FROM removed_documents WHERE sha256 = ?1")
            .context("prepare the restore")?
            .execute([&document.sha256])
            .context("forget a removed document")?;
        tx.commit().context("commit the restore")?;
        Ok(document.clone())
    }

    /// Every removed document, by sha256.
    pub fn removed_documents(&self) -> Result<Vec<RemovedDocument>> {
        removed_list(&self.conn)
    }
}

fn removed_list(conn: &Connection) -> Result<Vec<RemovedDocument>> {
    let mut statement = conn
        .prepare_cached(
            "SELECT sha256, title, published, url, removed FROM removed_documents ORDER BY sha256",
        )
        .context("prepare the removed document listing")?;
    let rows = statement
        .query_map([], |row| {
            Ok(RemovedDocument {
                sha256: row.get(0)?,
                title: row.get(1)?,
                published: row.get(2)?,
                url: row.get(3)?,
                removed: row.get(4)?,
            })
        })
        .context("list removed documents")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("read a removed document")
}

fn name_of(conn: &Connection, kind: MergeKind, id: i64) -> Result<Option<String>> {
    let sql = match kind {
        MergeKind::Actor => "SELECT name FROM actors WHERE id = ?1",
        MergeKind::Organisation => "SELECT name FROM organisations WHERE id = ?1",
        MergeKind::Initiative => "SELECT name FROM initiatives WHERE id = ?1",
    };
    conn.prepare_cached(sql)
        .context("prepare the record lookup")?
        .query_row([id], |row| row.get(0))
        .optional()
        .context("look up a record by id")
}

/// Runs `sql` with the kept and merged ids as `?1` and `?2` (a step may use `?1` alone).
fn exec(conn: &Connection, sql: &str, kept: i64, merged: i64) -> Result<()> {
    let mut statement = conn.prepare_cached(sql).context("prepare a merge step")?;
    let executed = if statement.parameter_count() == 1 {
        statement.execute([kept])
    } else {
        statement.execute(params![kept, merged])
    };
    executed.context("merge two records")?;
    Ok(())
}

/// Moves everything of `merged` to `kept` and deletes `merged`.
fn join(conn: &Connection, kind: MergeKind, kept: i64, merged: i64) -> Result<()> {
    let steps: &[&str] = match kind {
        MergeKind::Actor => &[
            // The merged name and aliases, except the kept name itself.
            "INSERT OR IGNORE INTO actor_aliases (actor_id, alias, key)
             SELECT ?1, name, key FROM actors
             WHERE id = ?2 AND name != (SELECT name FROM actors WHERE id = ?1)",
            "INSERT OR IGNORE INTO actor_aliases (actor_id, alias, key)
             SELECT ?1, alias, key FROM actor_aliases
             WHERE actor_id = ?2 AND alias != (SELECT name FROM actors WHERE id = ?1)",
            "DELETE FROM actor_aliases WHERE actor_id = ?2",
            "INSERT OR IGNORE INTO actor_titles (actor_id, name, country_code, organisation)
             SELECT ?1, name, country_code, organisation FROM actor_titles
             WHERE actor_id = ?2 ORDER BY id",
            "DELETE FROM actor_titles WHERE actor_id = ?2",
            "UPDATE actors SET country_code = (SELECT country_code FROM actors WHERE id = ?2)
             WHERE id = ?1 AND country_code IS NULL",
            "UPDATE mentions SET actor_id = ?1 WHERE actor_id = ?2",
            "UPDATE statements SET speaker_actor_id = ?1 WHERE speaker_actor_id = ?2",
            "UPDATE statements SET addressee_id = ?1 WHERE addressee_id = ?2",
            // A meeting with both keeps one participant, a principal if either was.
            "UPDATE meeting_participants SET role = 'principal'
             WHERE actor_id = ?1 AND role != 'principal' AND meeting_id IN
                 (SELECT meeting_id FROM meeting_participants
                  WHERE actor_id = ?2 AND role = 'principal')",
            "DELETE FROM meeting_participants WHERE actor_id = ?2 AND meeting_id IN
                 (SELECT meeting_id FROM meeting_participants WHERE actor_id = ?1)",
            "UPDATE meeting_participants SET actor_id = ?1 WHERE actor_id = ?2",
            // The merge key of the meetings touched: sorted principal ids (meeting.rs).
            "UPDATE meetings SET principals = ifnull(
                 (SELECT group_concat(actor_id, ',' ORDER BY actor_id) FROM meeting_participants
                  WHERE meeting_id = meetings.id AND role = 'principal'), '')
             WHERE id IN (SELECT meeting_id FROM meeting_participants WHERE actor_id = ?1)",
            "DELETE FROM actors WHERE id = ?2",
        ],
        MergeKind::Organisation => &[
            "INSERT OR IGNORE INTO organisation_aliases (organisation_id, alias, key)
             SELECT ?1, name, key FROM organisations
             WHERE id = ?2 AND name != (SELECT name FROM organisations WHERE id = ?1)",
            "INSERT OR IGNORE INTO organisation_aliases (organisation_id, alias, key)
             SELECT ?1, alias, key FROM organisation_aliases
             WHERE organisation_id = ?2
               AND alias != (SELECT name FROM organisations WHERE id = ?1)",
            "DELETE FROM organisation_aliases WHERE organisation_id = ?2",
            // The merged acronym: the kept one's when it has none, else an alias.
            "INSERT OR IGNORE INTO organisation_aliases (organisation_id, alias, key)
             SELECT ?1, m.acronym, m.acronym_key FROM organisations AS m, organisations AS k
             WHERE m.id = ?2 AND k.id = ?1 AND m.acronym IS NOT NULL
               AND k.acronym IS NOT NULL AND k.acronym != m.acronym",
            "UPDATE organisations SET
                 acronym = (SELECT acronym FROM organisations WHERE id = ?2),
                 acronym_key = (SELECT acronym_key FROM organisations WHERE id = ?2)
             WHERE id = ?1 AND acronym IS NULL",
            "UPDATE organisations SET kind = (SELECT kind FROM organisations WHERE id = ?2)
             WHERE id = ?1 AND kind = 'other'",
            "UPDATE organisations SET
                 country_code = (SELECT country_code FROM organisations WHERE id = ?2)
             WHERE id = ?1 AND country_code IS NULL",
            "UPDATE mentions SET organisation_id = ?1 WHERE organisation_id = ?2",
            "UPDATE statements SET speaker_organisation_id = ?1 WHERE speaker_organisation_id = ?2",
            "UPDATE statement_organisations SET organisation_id = ?1 WHERE organisation_id = ?2",
            "DELETE FROM organisations WHERE id = ?2",
        ],
        MergeKind::Initiative => &[
            "INSERT OR IGNORE INTO initiative_aliases (initiative_id, alias, key)
             SELECT ?1, name, key FROM initiatives
             WHERE id = ?2 AND name != (SELECT name FROM initiatives WHERE id = ?1)",
            "INSERT OR IGNORE INTO initiative_aliases (initiative_id, alias, key)
             SELECT ?1, alias, key FROM initiative_aliases
             WHERE initiative_id = ?2 AND alias != (SELECT name FROM initiatives WHERE id = ?1)",
            "DELETE FROM initiative_aliases WHERE initiative_id = ?2",
            "UPDATE initiatives SET
                 sponsor_code = (SELECT sponsor_code FROM initiatives WHERE id = ?2)
             WHERE id = ?1 AND sponsor_code IS NULL",
            "UPDATE mentions SET initiative_id = ?1 WHERE initiative_id = ?2",
            "UPDATE statement_initiatives SET initiative_id = ?1 WHERE initiative_id = ?2",
            "DELETE FROM initiatives WHERE id = ?2",
        ],
    };
    for sql in steps {
        exec(conn, sql, kept, merged)?;
    }
    if kind == MergeKind::Actor {
        join_same_meetings(conn, kept)?;
    }
    Ok(())
}

/// After an actor merge, two meetings of `actor` may now have the same principals on
/// the same day, reported by different documents: the one meeting an ingest would have
/// stored (see `meeting.rs`). The later joins the earlier. Returns how many joined.
fn join_same_meetings(conn: &Connection, actor: i64) -> Result<usize> {
    let mut joined = 0;
    loop {
        let pair: Option<(i64, i64)> = conn
            .prepare_cached(
                "SELECT a.id, b.id FROM meetings AS a
                 JOIN meetings AS b
                   ON b.principals = a.principals AND b.date = a.date AND b.id > a.id
                 WHERE a.date_precision = 'day' AND b.date_precision = 'day'
                   AND instr(a.principals, ',') > 0
                   AND a.id IN (SELECT meeting_id FROM meeting_participants WHERE actor_id = ?1)
                   AND NOT EXISTS (
                       SELECT 1 FROM meeting_documents AS x
                       JOIN meeting_documents AS y ON y.document_id = x.document_id
                       WHERE x.meeting_id = a.id AND y.meeting_id = b.id)
                 ORDER BY a.id, b.id LIMIT 1",
            )
            .context("prepare the same meeting lookup")?
            .query_row([actor], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()
            .context("look up the same meeting")?;
        let Some((kept, merged)) = pair else {
            return Ok(joined);
        };
        for sql in [
            "UPDATE meetings SET
                 venue = coalesce(venue, (SELECT venue FROM meetings WHERE id = ?2)),
                 city = coalesce(city, (SELECT city FROM meetings WHERE id = ?2)),
                 country_code = coalesce(country_code,
                     (SELECT country_code FROM meetings WHERE id = ?2)),
                 occasion = coalesce(occasion, (SELECT occasion FROM meetings WHERE id = ?2)),
                 kind = CASE WHEN kind = 'other'
                     THEN (SELECT kind FROM meetings WHERE id = ?2) ELSE kind END,
                 status = CASE WHEN (SELECT status FROM meetings WHERE id = ?2) = 'held'
                     THEN 'held' ELSE status END
             WHERE id = ?1",
            "UPDATE meeting_participants SET role = 'principal'
             WHERE meeting_id = ?1 AND role != 'principal' AND actor_id IN
                 (SELECT actor_id FROM meeting_participants
                  WHERE meeting_id = ?2 AND role = 'principal')",
            "INSERT OR IGNORE INTO meeting_participants (meeting_id, actor_id, role)
             SELECT ?1, actor_id, role FROM meeting_participants WHERE meeting_id = ?2 ORDER BY id",
            "DELETE FROM meeting_participants WHERE meeting_id = ?2",
            "INSERT OR IGNORE INTO meeting_documents (meeting_id, document_id)
             SELECT ?1, document_id FROM meeting_documents WHERE meeting_id = ?2",
            "DELETE FROM meeting_documents WHERE meeting_id = ?2",
            "UPDATE meeting_evidence SET meeting_id = ?1 WHERE meeting_id = ?2",
            "UPDATE statements SET meeting_id = ?1 WHERE meeting_id = ?2",
            "DELETE FROM meetings WHERE id = ?2",
        ] {
            exec(conn, sql, kept, merged)?;
        }
        joined += 1;
    }
}

/// The one record a remembered name leads to now: the record whose folded name is
/// `key`, else the one with it as an alias (or, for organisations, acronym). `Err`
/// with how many fit when not exactly one.
fn find_by_key(conn: &Connection, kind: MergeKind, key: &str) -> Result<Result<i64, usize>> {
    let lookups: &[&str] = match kind {
        MergeKind::Actor => &[
            "SELECT id FROM actors WHERE key = ?1",
            "SELECT DISTINCT actor_id FROM actor_aliases WHERE key = ?1",
        ],
        MergeKind::Organisation => &[
            "SELECT id FROM organisations WHERE key = ?1",
            "SELECT DISTINCT organisation_id FROM organisation_aliases WHERE key = ?1
             UNION SELECT id FROM organisations WHERE acronym_key = ?1",
        ],
        MergeKind::Initiative => &[
            "SELECT id FROM initiatives WHERE key = ?1",
            "SELECT DISTINCT initiative_id FROM initiative_aliases WHERE key = ?1",
        ],
    };
    for sql in lookups {
        let mut statement = conn.prepare_cached(sql).context("prepare a name lookup")?;
        let ids: Vec<i64> = statement
            .query_map([key], |row| row.get(0))
            .context("look up a record by name")?
            .collect::<rusqlite::Result<_>>()
            .context("read a record id")?;
        match ids.as_slice() {
            [] => continue,
            [id] => return Ok(Ok(*id)),
            several => return Ok(Err(several.len())),
        }
    }
    Ok(Err(0))
}

/// Applies every remembered merge again, in the order made (after a re-extraction).
pub(crate) fn apply_merges(conn: &Connection) -> Result<MergesApplied> {
    let mut statement = conn
        .prepare_cached(
            "SELECT kind, kept_name, kept_key, merged_name, merged_key FROM curated_merges
             ORDER BY id",
        )
        .context("prepare the merge listing")?;
    let merges: Vec<(String, String, String, String, String)> = statement
        .query_map([], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
            ))
        })
        .context("list the merges")?
        .collect::<rusqlite::Result<_>>()
        .context("read a merge")?;
    let mut outcome = MergesApplied::default();
    for (kind, kept_name, kept_key, merged_name, merged_key) in merges {
        let kind = MergeKind::from_sql(&kind)?;
        let why = |side: &str, name: &str, found: usize| {
            let fits = if found == 0 {
                "no record".to_string()
            } else {
                format!("{found} records")
            };
            format!(
                "{} `{kept_name}` <- `{merged_name}`: the {side} name `{name}` fits {fits}",
                kind.as_str()
            )
        };
        let kept = match find_by_key(conn, kind, &kept_key)? {
            Ok(id) => id,
            Err(found) => {
                outcome.skipped.push(why("kept", &kept_name, found));
                continue;
            }
        };
        let merged = match find_by_key(conn, kind, &merged_key)? {
            Ok(id) => id,
            Err(found) => {
                outcome.skipped.push(why("merged", &merged_name, found));
                continue;
            }
        };
        if kept == merged {
            outcome.already_one += 1;
        } else {
            join(conn, kind, kept, merged)?;
            outcome.applied += 1;
        }
    }
    Ok(outcome)
}

/// The documents remembered as removed that are stored (again): an older binary, or a
/// database copied in, may have let them in. Their ids.
pub(crate) fn stored_removed(conn: &Connection) -> Result<Vec<i64>> {
    let mut statement = conn
        .prepare_cached(
            "SELECT d.id FROM removed_documents AS r JOIN documents AS d ON d.sha256 = r.sha256
             ORDER BY d.id",
        )
        .context("prepare the removed document lookup")?;
    statement
        .query_map([], |row| row.get(0))
        .context("look up removed documents")?
        .collect::<rusqlite::Result<_>>()
        .context("read a document id")
}

fn ids(conn: &Connection, sql: &str, id: i64) -> Result<Vec<i64>> {
    ids_of(conn, sql, [id])
}

/// [`ids`] of a statement that also reads document `id`'s mentions: `?1` is the
/// document, `?2` and `?3` the first and last id of its mentions
/// ([`crate::mention::id_range`]).
fn ids_with_mentions(conn: &Connection, sql: &str, id: i64) -> Result<Vec<i64>> {
    let (first, last) = crate::mention::id_range(id);
    ids_of(conn, sql, [id, first, last])
}

fn ids_of(conn: &Connection, sql: &str, values: impl rusqlite::Params) -> Result<Vec<i64>> {
    let mut statement = conn.prepare_cached(sql).context("prepare a lookup")?;
    statement
        .query_map(values, |row| row.get(0))
        .context("look up records")?
        .collect::<rusqlite::Result<_>>()
        .context("read an id")
}

fn run(conn: &Connection, sql: &str, id: i64) -> Result<usize> {
    conn.prepare_cached(sql)
        .context("prepare a removal step")?
        .execute([id])
        .context("remove a document's records")
}

/// sha256, title, published, url.
type DocumentRow = (String, Option<String>, Option<String>, Option<String>);

/// Removes document `id` and what only it supports; remembers its sha256.
fn remove_in_transaction(conn: &mut Connection, id: i64) -> Result<Removed> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .context("begin the removal")?;
    let removed = remove(&tx, id)?;
    tx.commit().context("commit the removal")?;
    Ok(removed)
}

pub(crate) fn remove(conn: &Connection, id: i64) -> Result<Removed> {
    let document: Option<DocumentRow> = conn
        .prepare_cached("SELECT sha256, title, published, url FROM documents WHERE id = ?1")
        .context("prepare the document lookup")?
        .query_row([id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })
        .optional()
        .context("look up a document")?;
    let Some((sha256, title, published, url)) = document else {
        return Err(Error::NotFound {
            kind: "document",
            id,
        });
    };
    conn.prepare_cached(
        "INSERT OR REPLACE INTO removed_documents (sha256, title, published, url, removed)
         VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
    )
    .context("prepare the removal record")?
    .execute(params![sha256, title, published, url])
    .context("record the removal")?;

    // The entities the document refers to: those left without any reference go too.
    let actors = ids_with_mentions(
        conn,
        "SELECT actor_id FROM mentions WHERE id BETWEEN ?2 AND ?3 AND actor_id IS NOT NULL
         UNION SELECT speaker_actor_id FROM statements
               WHERE document_id = ?1 AND speaker_actor_id IS NOT NULL
         UNION SELECT addressee_id FROM statements
               WHERE document_id = ?1 AND addressee_id IS NOT NULL
         UNION SELECT p.actor_id FROM meeting_documents AS d
               JOIN meeting_participants AS p ON p.meeting_id = d.meeting_id
               WHERE d.document_id = ?1",
        id,
    )?;
    let organisations = ids_with_mentions(
        conn,
        "SELECT organisation_id FROM mentions
         WHERE id BETWEEN ?2 AND ?3 AND organisation_id IS NOT NULL
         UNION SELECT speaker_organisation_id FROM statements
               WHERE document_id = ?1 AND speaker_organisation_id IS NOT NULL
         UNION SELECT o.organisation_id FROM statements AS s
               JOIN statement_organisations AS o ON o.statement_id = s.id
               WHERE s.document_id = ?1",
        id,
    )?;
    let initiatives = ids_with_mentions(
        conn,
        "SELECT initiative_id FROM mentions WHERE id BETWEEN ?2 AND ?3
               AND initiative_id IS NOT NULL
         UNION SELECT i.initiative_id FROM statements AS s
               JOIN statement_initiatives AS i ON i.statement_id = s.id
               WHERE s.document_id = ?1",
        id,
    )?;

    let mut removed = Removed {
        sha256,
        title,
        ..Removed::default()
    };
    let (first, last) = crate::mention::id_range(id);
    removed.mentions = conn
        .prepare_cached("DELETE FROM mentions WHERE id BETWEEN ?1 AND ?2")
        .context("prepare a removal step")?
        .execute([first, last])
        .context("remove a document's records")?;

    // Statements: this document's sources go; a statement other articles also report
    // moves to the earliest of them, the others go with their links.
    run(
        conn,
        "DELETE FROM statement_evidence WHERE document_id = ?1",
        id,
    )?;
    run(
        conn,
        "UPDATE statements SET document_id =
             (SELECT min(document_id) FROM statement_evidence WHERE statement_id = statements.id)
         WHERE document_id = ?1
           AND EXISTS (SELECT 1 FROM statement_evidence WHERE statement_id = statements.id)",
        id,
    )?;
    for sql in [
        "DELETE FROM statement_initiatives
         WHERE statement_id IN (SELECT id FROM statements WHERE document_id = ?1)",
        "DELETE FROM statement_organisations
         WHERE statement_id IN (SELECT id FROM statements WHERE document_id = ?1)",
        "DELETE FROM statement_countries
         WHERE statement_id IN (SELECT id FROM statements WHERE document_id = ?1)",
        "DELETE FROM statement_evidence
         WHERE statement_id IN (SELECT id FROM statements WHERE document_id = ?1)",
    ] {
        run(conn, sql, id)?;
    }
    removed.statements = run(conn, "DELETE FROM statements WHERE document_id = ?1", id)?;

    // Meetings: this document's reports go; a meeting no other article reports goes.
    // Through the document's meetings: `meeting_evidence` has no index by document.
    run(
        conn,
        "DELETE FROM meeting_evidence WHERE document_id = ?1 AND meeting_id IN
             (SELECT meeting_id FROM meeting_documents WHERE document_id = ?1)",
        id,
    )?;
    let meetings = ids(
        conn,
        "SELECT meeting_id FROM meeting_documents AS d WHERE document_id = ?1
           AND NOT EXISTS (SELECT 1 FROM meeting_documents
                           WHERE meeting_id = d.meeting_id AND document_id != ?1)",
        id,
    )?;
    run(
        conn,
        "DELETE FROM meeting_documents WHERE document_id = ?1",
        id,
    )?;
    for meeting in &meetings {
        for sql in [
            "UPDATE statements SET meeting_id = NULL WHERE meeting_id = ?1",
            "DELETE FROM meeting_evidence WHERE meeting_id = ?1",
            "DELETE FROM meeting_participants WHERE meeting_id = ?1",
        ] {
            run(conn, sql, *meeting)?;
        }
        removed.meetings += run(conn, "DELETE FROM meetings WHERE id = ?1", *meeting)?;
    }
    run(conn, "DELETE FROM documents WHERE id = ?1", id)?;

    for actor in actors {
        // Its mentions in this document are gone: count again what stays.
        crate::counts::recount(conn, "actors", actor)?;
        let unused: bool = conn
            .prepare_cached(
                "SELECT NOT EXISTS (SELECT 1 FROM mentions WHERE actor_id = ?1)
                    AND NOT EXISTS (SELECT 1 FROM meeting_participants WHERE actor_id = ?1)
                    AND NOT EXISTS (SELECT 1 FROM statements WHERE speaker_actor_id = ?1)
                    AND NOT EXISTS (SELECT 1 FROM statements WHERE addressee_id = ?1)",
            )
            .context("prepare the actor use check")?
            .query_row([actor], |row| row.get(0))
            .context("check whether an actor is used")?;
        if unused {
            for sql in [
                "DELETE FROM actor_aliases WHERE actor_id = ?1",
                "DELETE FROM actor_titles WHERE actor_id = ?1",
            ] {
                run(conn, sql, actor)?;
            }
            removed.actors += run(conn, "DELETE FROM actors WHERE id = ?1", actor)?;
        }
    }
    for organisation in organisations {
        // Its mentions in this document are gone: count again what stays.
        crate::counts::recount(conn, "organisations", organisation)?;
        let unused: bool = conn
            .prepare_cached(
                "SELECT NOT EXISTS (SELECT 1 FROM mentions WHERE organisation_id = ?1)
                    AND NOT EXISTS (SELECT 1 FROM statements WHERE speaker_organisation_id = ?1)
                    AND NOT EXISTS (SELECT 1 FROM statement_organisations
                                    WHERE organisation_id = ?1)",
            )
            .context("prepare the organisation use check")?
            .query_row([organisation], |row| row.get(0))
            .context("check whether an organisation is used")?;
        if unused {
            run(
                conn,
                "DELETE FROM organisation_aliases WHERE organisation_id = ?1",
                organisation,
            )?;
            removed.organisations += run(
                conn,
                "DELETE FROM organisations WHERE id = ?1",
                organisation,
            )?;
        }
    }
    for initiative in initiatives {
        // Its mentions in this document are gone: count again what stays.
        crate::counts::recount(conn, "initiatives", initiative)?;
        let unused: bool = conn
            .prepare_cached(
                "SELECT NOT EXISTS (SELECT 1 FROM mentions WHERE initiative_id = ?1)
                    AND NOT EXISTS (SELECT 1 FROM statement_initiatives WHERE initiative_id = ?1)",
            )
            .context("prepare the initiative use check")?
            .query_row([initiative], |row| row.get(0))
            .context("check whether an initiative is used")?;
        if unused {
            run(
                conn,
                "DELETE FROM initiative_aliases WHERE initiative_id = ?1",
                initiative,
            )?;
            removed.initiatives += run(conn, "DELETE FROM initiatives WHERE id = ?1", initiative)?;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use entente_model::{
        Actor, ActorId, Document, EntityRef, Evidence, Extraction, Mention, Mode, Span, Speaker,
        Statement, StatementId,
    };

    use super::*;

    /// A document where `speaker` (at the start) says `words`.
    fn quote(speaker: &str, words: &str) -> (Document, Extraction) {
        let text = format!("{speaker} said {words}");
        let span = Span {
            start: 0,
            end: text.len(),
        };
        let document = Document {
            external_id: None,
            title: None,
            published: None,
            source: None,
            url: None,
            path: None,
            sha256: format!("sha of {text} {}", words.len()),
            text: text.clone(),
        };
        let extraction = Extraction {
            actors: vec![Actor {
                id: ActorId(0),
                name: speaker.into(),
                aliases: vec![],
                country: None,
                titles: vec![],
            }],
            mentions: vec![Mention {
                entity: EntityRef::Actor(ActorId(0)),
                surface: speaker.into(),
                span: Span {
                    start: 0,
                    end: speaker.len(),
                },
            }],
            statements: vec![Statement {
                id: StatementId(0),
                speaker: Speaker::Actor(ActorId(0)),
                addressee: None,
                mode: Mode::Indirect,
                verb: Some("said".into()),
                text: words.into(),
                date: None,
                meeting: None,
                initiatives: vec![],
                organisations: vec![],
                countries: vec![],
                evidence: vec![Evidence {
                    document: None,
                    span,
                    sentence: span,
                    text,
                    rule: "test".into(),
                }],
            }],
            ..Extraction::default()
        };
        (document, extraction)
    }

    #[test]
    fn a_statement_other_articles_report_outlives_a_removed_source() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .ingest(&[
                quote("Hakan Fidan", "ties were strong"),
                {
                    // The same words in another article.
                    let (mut document, extraction) = quote("Hakan Fidan", "ties were strong");
                    document.sha256 = "another article".into();
                    (document, extraction)
                },
                quote("Wang Yi", "talks were frank"),
            ])
            .unwrap();
        assert_eq!(
            store.statements().unwrap().len(),
            2,
            "one statement, two sources"
        );

        let removed = store.remove_document(1).unwrap();
        assert_eq!(
            (removed.statements, removed.actors, removed.mentions),
            (0, 0, 1)
        );
        let statements = store.statements().unwrap();
        let fidan = &statements[0];
        assert_eq!(fidan.statement.text, "ties were strong");
        let sources: Vec<_> = fidan
            .statement
            .evidence
            .iter()
            .map(|e| e.document)
            .collect();
        assert_eq!(sources, [Some(entente_model::DocumentId(2))]);

        // Wang Yi's only article: the statement, the mention and the actor go.
        let removed = store.remove_document(3).unwrap();
        assert_eq!(
            (removed.statements, removed.actors, removed.mentions),
            (1, 1, 1)
        );
        // Removals run without foreign key checks: nothing is left pointing at what
        // went, and the checks are on again, after a failed removal too.
        assert!(store.remove_document(99).is_err());
        let dangling: i64 = store
            .conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| {
                row.get(0)
            })
            .unwrap();
        assert_eq!(dangling, 0);
        let enforced: bool = store
            .conn
            .pragma_query_value(None, "foreign_keys", |row| row.get(0))
            .unwrap();
        assert!(enforced);
        let names: Vec<String> = store
            .actors()
            .unwrap()
            .into_iter()
            .map(|a| a.actor.name)
            .collect();
        assert_eq!(names, ["Hakan Fidan"]);
        assert_eq!(store.removed_documents().unwrap().len(), 2);
        assert!(matches!(
            store.remove_document(3),
            Err(Error::NotFound {
                kind: "document",
                id: 3
            })
        ));
    }

    #[test]
    fn removed_documents_are_restored_by_a_unique_sha256_prefix() {
        let mut store = Store::open_in_memory().unwrap();
        let (mut one, extraction) = quote("Hakan Fidan", "ties were strong");
        one.sha256 = "aaaa1111".repeat(8);
        let (mut two, other) = quote("Wang Yi", "talks were frank");
        two.sha256 = "aaaa2222".repeat(8);
        store.ingest(&[(one, extraction), (two, other)]).unwrap();
        store.remove_document(1).unwrap();
        store.remove_document(2).unwrap();
        let fits = |store: &mut Store, prefix: &str| match store.restore_document(prefix) {
            Ok(document) => Ok(document.sha256),
            Err(Error::NoRemovedDocument { found, .. }) => Err(found),
            Err(other) => panic!("{other}"),
        };
        assert_eq!(fits(&mut store, "aaaa"), Err(0), "too short");
        assert_eq!(fits(&mut store, "aaaa1111aaaa2222"), Err(0));
        assert_eq!(fits(&mut store, "aaaaxxxx"), Err(0), "not hex");
        assert_eq!(fits(&mut store, "aaaa1111"), Ok("aaaa1111".repeat(8)));
        assert_eq!(fits(&mut store, "aaaa1111"), Err(0), "restored already");
        assert_eq!(store.removed_documents().unwrap().len(), 1);
        assert_eq!(fits(&mut store, " AAAA2222 "), Ok("aaaa2222".repeat(8)));
        assert!(store.removed_documents().unwrap().is_empty());
    }
}
