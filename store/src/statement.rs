//! Statements: per document, with their speaker, links and evidence, searchable by FTS5.

use std::collections::HashMap;
use std::sync::LazyLock;

use entente_model::{
    ActorId, Country, DocumentId, Evidence, InitiativeId, MeetingId, Mode, OrganisationId, Speaker,
    Statement, StatementId, StatementRecord,
};
use rusqlite::{Connection, OptionalExtension, ToSql, params};
use rustc_hash::FxHashMap;

use crate::country;
use crate::error::{Context, Error, Result, sqlite};
use crate::mention::{LocalIds, lookup};
use crate::sql::{
    DateColumns, EvidenceRow, EvidenceValues, PreparedRows, RowInsert, invalid, to_i64,
};

/// The highest statement id stored (0 for none): statements stored after it in the same
/// write transaction have greater ids, and [`index_since`] indexes them.
pub(crate) fn max_id(conn: &Connection) -> Result<i64> {
    conn.prepare_cached("SELECT coalesce(max(id), 0) FROM statements")
        .context("prepare the statement id read")?
        .query_row([], |row| row.get(0))
        .context("read the highest statement id")
}

/// Adds the statements with ids above `after` to the full-text index, in one statement
/// at the end of a batch: FTS5 flushes its pending terms at every statement savepoint,
/// so rows indexed one by one between other writes make many small segments to merge.
pub(crate) fn index_since(conn: &Connection, after: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO statements_fts (rowid, text) SELECT id, text FROM statements WHERE id > ?1",
    )
    .context("prepare the statement index insert")?
    .execute([after])
    .context("index the new statements")?;
    Ok(())
}

/// The lowest-id statement of speaker `?1` with text `?2` from another document than
/// `?3`, and its document, through the text-prefix index of migration 0007.
const SAME_QUOTE_LOOKUP: &str = "SELECT id, document_id FROM statements
     WHERE speaker_actor_id = ?1 AND substr(text, 1, 32) = substr(?2, 1, 32)
       AND text = ?2 AND document_id != ?3
     ORDER BY id LIMIT 1";

/// The lowest-id statement a write transaction knows of each speaker (an actor) and
/// text, with its document: found by [`SAME_QUOTE_LOOKUP`] or stored in the
/// transaction. The same quote from the same person recurs across a batch's articles
/// (wire copies, follow-ups), and each later one is answered here without a lookup.
///
/// A known statement is the lowest-id one of its speaker and text: one found by the
/// lookup is older than every statement of the document being stored, and one stored
/// is kept only when none was known. So when its document is not the one being stored
/// it is what the lookup would return; when it is, the lookup is asked.
#[derive(Debug, Default)]
pub(crate) struct Quotes {
    /// Speaker actor id -> text -> (statement id, document id).
    first: FxHashMap<i64, FxHashMap<String, (i64, i64)>>,
}

impl Quotes {
    fn get(&self, actor: i64, text: &str) -> Option<(i64, i64)> {
        self.first.get(&actor)?.get(text).copied()
    }

    fn note(&mut self, actor: i64, text: &str, statement: i64, document: i64) {
        let texts = self.first.entry(actor).or_default();
        if !texts.contains_key(text) {
            texts.insert(text.to_owned(), (statement, document));
        }
    }
}

/// Stores the statements of one document. A statement whose speaker was not stored (a
/// surname the store would not guess) is skipped, as are links to entities that were
/// not stored. Returns how many were stored.
pub(crate) fn store_all(
    evidence_insert: &mut PreparedRows<'_>,
    document: i64,
    statements: &[Statement],
    ids: &LocalIds<'_>,
    meetings: &[Option<i64>],
    countries: &[Country],
    quotes: &mut Quotes,
) -> Result<usize> {
    let conn = evidence_insert.conn();
    let mut stored = 0;
    let mut evidence_rows: EvidenceRows<'_> = Vec::new();
    for statement in statements {
        let (mut actor, mut organisation, mut country) = (None, None, None);
        match &statement.speaker {
            Speaker::Actor(id) => actor = lookup(ids.actors, id.0),
            Speaker::Organisation(id) => organisation = lookup(ids.organisations, id.0),
            Speaker::Country(code) if !code.is_empty() => {
                ensure_country(conn, code, countries)?;
                country = Some(code.as_str());
            }
            Speaker::Country(_) => {}
        }
        if actor.is_none() && organisation.is_none() && country.is_none() {
            continue;
        }
        // The same words from the same person, reported by another article: one
        // statement with one more source.
        if let Some(actor) = actor {
            let existing = match quotes.get(actor, &statement.text) {
                Some((id, stored_in)) if stored_in != document => Some(id),
                _ => {
                    let found: Option<(i64, i64)> = conn
                        .prepare_cached(SAME_QUOTE_LOOKUP)
                        .context("prepare the statement lookup")?
                        .query_row(params![actor, statement.text, document], |row| {
                            Ok((row.get(0)?, row.get(1)?))
                        })
                        .optional()
                        .context("look up a statement")?;
                    if let Some((id, stored_in)) = found {
                        quotes.note(actor, &statement.text, id, stored_in);
                    }
                    found.map(|(id, _)| id)
                }
            };
            if let Some(id) = existing {
                push_evidence(&mut evidence_rows, id, &statement.evidence)?;
                continue;
            }
        }
        let addressee = statement.addressee.and_then(|id| lookup(ids.actors, id.0));
        let meeting = statement.meeting.and_then(|id| lookup(meetings, id.0));
        let date = DateColumns::new(statement.date.as_ref());
        let id = conn
            .prepare_cached(
                "INSERT INTO statements (document_id, speaker_kind, speaker_actor_id,
                     speaker_organisation_id, speaker_country_code, addressee_id, mode, verb,
                     text, date, date_precision, date_text, meeting_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )
            .context("prepare the statement insert")?
            .insert(params![
                document,
                statement.speaker.kind(),
                actor,
                organisation,
                country,
                addressee,
                statement.mode.as_str(),
                statement.verb,
                statement.text,
                date.date,
                date.precision,
                date.text,
                meeting
            ])
            .context("store a statement")?;
        if let Some(actor) = actor {
            quotes.note(actor, &statement.text, id, document);
        }
        let initiatives = statement
            .initiatives
            .iter()
            .filter_map(|local| lookup(ids.initiatives, local.0));
        let mut insert = conn
            .prepare_cached(
                "INSERT INTO statement_initiatives (statement_id, position, initiative_id)
                 VALUES (?1, ?2, ?3)",
            )
            .context("prepare the statement initiative insert")?;
        for (position, initiative) in dedup(initiatives).into_iter().enumerate() {
            insert
                .execute(params![id, to_i64(position, "position")?, initiative])
                .context("link a statement to an initiative")?;
        }
        let organisations = statement
            .organisations
            .iter()
            .filter_map(|local| lookup(ids.organisations, local.0));
        let mut insert = conn
            .prepare_cached(
                "INSERT INTO statement_organisations (statement_id, position, organisation_id)
                 VALUES (?1, ?2, ?3)",
            )
            .context("prepare the statement organisation insert")?;
        for (position, organisation) in dedup(organisations).into_iter().enumerate() {
            insert
                .execute(params![id, to_i64(position, "position")?, organisation])
                .context("link a statement to an organisation")?;
        }
        let codes = statement
            .countries
            .iter()
            .filter(|code| !code.is_empty())
            .cloned();
        for (position, code) in dedup(codes).into_iter().enumerate() {
            ensure_country(conn, &code, countries)?;
            conn.prepare_cached(
                "INSERT INTO statement_countries (statement_id, position, country_code)
                 VALUES (?1, ?2, ?3)",
            )
            .context("prepare the statement country insert")?
            .execute(params![id, to_i64(position, "position")?, code])
            .context("link a statement to a country")?;
        }
        push_evidence(&mut evidence_rows, id, &statement.evidence)?;
        stored += 1;
    }
    // No lookup above reads evidence: the document's rows go in a few multi-row inserts,
    // in the order one insert per row would have stored them.
    let mut values: Vec<&dyn ToSql> = Vec::with_capacity(evidence_rows.len() * 8);
    for (id, row, evidence) in &evidence_rows {
        values.extend_from_slice(&[
            id as &dyn ToSql,
            &row.span_start,
            &row.span_end,
            &row.sentence_start,
            &row.sentence_end,
            &evidence.text,
            &evidence.rule,
            &document,
        ]);
    }
    evidence_insert.execute(&values, "store statement evidence")?;
    Ok(stored)
}

pub(crate) static EVIDENCE_INSERT: LazyLock<RowInsert> = LazyLock::new(|| {
    RowInsert::new(
        "INSERT OR FAIL INTO statement_evidence (statement_id, span_start, span_end,
             sentence_start, sentence_end, text, rule, document_id)",
        8,
    )
});

/// Where statement `id` was read, to be stored.
type EvidenceRows<'a> = Vec<(i64, EvidenceValues, &'a Evidence)>;

fn push_evidence<'a>(rows: &mut EvidenceRows<'a>, id: i64, evidence: &'a [Evidence]) -> Result<()> {
    for evidence in evidence {
        rows.push((id, EvidenceValues::new(evidence)?, evidence));
    }
    Ok(())
}

/// Makes sure `code` has a row; the extraction's `countries` are stored already.
fn ensure_country(conn: &Connection, code: &str, countries: &[Country]) -> Result<()> {
    if countries.iter().any(|country| country.code == code) {
        return Ok(());
    }
    country::ensure(conn, code, None)
}

/// The items in first-seen order, each once.
fn dedup<T: PartialEq>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut kept = Vec::new();
    for item in items {
        if !kept.contains(&item) {
            kept.push(item);
        }
    }
    kept
}

/// The columns [`read_row`] reads, as a literal for `concat!`.
macro_rules! columns {
    () => {
        "statements.id, statements.document_id, statements.speaker_kind,
         statements.speaker_actor_id, statements.speaker_organisation_id,
         statements.speaker_country_code, statements.addressee_id, statements.mode,
         statements.verb, statements.text, statements.date, statements.date_precision,
         statements.date_text, statements.meeting_id"
    };
}

/// Every statement, by id.
pub(crate) fn list(conn: &Connection) -> Result<Vec<StatementRecord>> {
    let links = Links::all(conn)?;
    let mut statement = conn
        .prepare_cached(concat!(
            "SELECT ",
            columns!(),
            " FROM statements ORDER BY statements.id"
        ))
        .context("prepare the statement listing")?;
    let rows = statement
        .query_map([], read_row)
        .context("list statements")?;
    let rows: Vec<StatementRow> = rows
        .collect::<rusqlite::Result<_>>()
        .context("read a statement")?;
    assemble(conn, rows, links)
}

/// How many statements [`each`] reads at a time.
const EACH_CHUNK: i64 = 4096;

/// Every statement by id, as [`list`] reads them, handed to `f` one at a time: they are
/// read [`EACH_CHUNK`] at a time with their links, so the memory does not grow with the
/// statements. An error of `f` stops the reading and is returned.
pub(crate) fn each<E: From<Error>>(
    conn: &Connection,
    f: impl FnMut(StatementRecord) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    each_chunked(conn, EACH_CHUNK, f)
}

fn each_chunked<E: From<Error>>(
    conn: &Connection,
    chunk: i64,
    mut f: impl FnMut(StatementRecord) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let names = Names::load(conn)?;
    let mut after = i64::MIN;
    loop {
        let rows: Vec<StatementRow> = conn
            .prepare_cached(concat!(
                "SELECT ",
                columns!(),
                " FROM statements WHERE statements.id > ?1 ORDER BY statements.id LIMIT ?2"
            ))
            .context("prepare the statement listing")?
            .query_map(params![after, chunk], read_row)
            .context("list statements")?
            .collect::<rusqlite::Result<_>>()
            .context("read a statement")?;
        let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
            return Ok(());
        };
        let mut links = Links::default();
        links.load(conn, &RANGE_LINKS, &[&first.id, &last.id])?;
        after = last.id;
        for record in assemble_with(&names, rows, links)? {
            f(record)?;
        }
    }
}

/// The statements whose words match the FTS5 `query` (e.g. `corridor`, `"middle
/// corridor"`, `secur*`), best match first.
pub(crate) fn search(conn: &Connection, query: &str) -> Result<Vec<StatementRecord>> {
    let mut statement = conn
        .prepare_cached(concat!(
            "SELECT ",
            columns!(),
            " FROM statements_fts
             JOIN statements ON statements.id = statements_fts.rowid
             WHERE statements_fts MATCH ?1 ORDER BY statements_fts.rank, statements.id"
        ))
        .context("prepare the statement search")?;
    let search_error = |source: rusqlite::Error| match source {
        rusqlite::Error::SqliteFailure(_, _) => Error::Search {
            query: query.to_owned(),
            source,
        },
        source => sqlite("search statements", source),
    };
    let rows: Vec<StatementRow> = statement
        .query_map([query], read_row)
        .map_err(search_error)?
        .collect::<rusqlite::Result<_>>()
        .map_err(search_error)?;
    let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
    let links = Links::of(conn, &ids)?;
    assemble(conn, rows, links)
}

struct StatementRow {
    id: i64,
    document: i64,
    speaker_kind: String,
    speaker_actor: Option<i64>,
    speaker_organisation: Option<i64>,
    speaker_country: Option<String>,
    addressee: Option<i64>,
    mode: String,
    verb: Option<String>,
    text: String,
    date: [Option<String>; 3],
    meeting: Option<i64>,
}

fn read_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<StatementRow> {
    Ok(StatementRow {
        id: row.get(0)?,
        document: row.get(1)?,
        speaker_kind: row.get(2)?,
        speaker_actor: row.get(3)?,
        speaker_organisation: row.get(4)?,
        speaker_country: row.get(5)?,
        addressee: row.get(6)?,
        mode: row.get(7)?,
        verb: row.get(8)?,
        text: row.get(9)?,
        date: [row.get(10)?, row.get(11)?, row.get(12)?],
        meeting: row.get(13)?,
    })
}

/// What hangs off statements, by statement id.
#[derive(Default)]
struct Links {
    initiatives: HashMap<i64, Vec<InitiativeId>>,
    organisations: HashMap<i64, Vec<OrganisationId>>,
    countries: HashMap<i64, Vec<String>>,
    evidence: HashMap<i64, Vec<EvidenceRow>>,
}

/// The link queries, over every statement or over one (`?1`).
struct LinkQueries {
    initiatives: &'static str,
    organisations: &'static str,
    countries: &'static str,
    evidence: &'static str,
}

const ALL_LINKS: LinkQueries = LinkQueries {
    initiatives: "SELECT statement_id, initiative_id FROM statement_initiatives
        ORDER BY statement_id, position",
    organisations: "SELECT statement_id, organisation_id FROM statement_organisations
        ORDER BY statement_id, position",
    countries: "SELECT statement_id, country_code FROM statement_countries
        ORDER BY statement_id, position",
    evidence: "SELECT statement_evidence.statement_id,
        COALESCE(statement_evidence.document_id, statements.document_id),
        span_start, span_end, sentence_start, sentence_end, statement_evidence.text, rule
        FROM statement_evidence JOIN statements ON statements.id = statement_evidence.statement_id
        ORDER BY statement_evidence.statement_id, statement_evidence.id",
};

const RANGE_LINKS: LinkQueries = LinkQueries {
    initiatives: "SELECT statement_id, initiative_id FROM statement_initiatives
        WHERE statement_id BETWEEN ?1 AND ?2 ORDER BY statement_id, position",
    organisations: "SELECT statement_id, organisation_id FROM statement_organisations
        WHERE statement_id BETWEEN ?1 AND ?2 ORDER BY statement_id, position",
    countries: "SELECT statement_id, country_code FROM statement_countries
        WHERE statement_id BETWEEN ?1 AND ?2 ORDER BY statement_id, position",
    evidence: "SELECT statement_evidence.statement_id,
        COALESCE(statement_evidence.document_id, statements.document_id),
        span_start, span_end, sentence_start, sentence_end, statement_evidence.text, rule
        FROM statement_evidence JOIN statements ON statements.id = statement_evidence.statement_id
        WHERE statement_evidence.statement_id BETWEEN ?1 AND ?2
        ORDER BY statement_evidence.statement_id, statement_evidence.id",
};

const ONE_STATEMENT_LINKS: LinkQueries = LinkQueries {
    initiatives: "SELECT statement_id, initiative_id FROM statement_initiatives
        WHERE statement_id = ?1 ORDER BY position",
    organisations: "SELECT statement_id, organisation_id FROM statement_organisations
        WHERE statement_id = ?1 ORDER BY position",
    countries: "SELECT statement_id, country_code FROM statement_countries
        WHERE statement_id = ?1 ORDER BY position",
    evidence: "SELECT statement_evidence.statement_id,
        COALESCE(statement_evidence.document_id, statements.document_id),
        span_start, span_end, sentence_start, sentence_end, statement_evidence.text, rule
        FROM statement_evidence JOIN statements ON statements.id = statement_evidence.statement_id
        WHERE statement_evidence.statement_id = ?1 ORDER BY statement_evidence.id",
};

impl Links {
    /// The links of every statement.
    fn all(conn: &Connection) -> Result<Links> {
        let mut links = Links::default();
        links.load(conn, &ALL_LINKS, &[])?;
        Ok(links)
    }

    /// The links of the statements `ids`.
    fn of(conn: &Connection, ids: &[i64]) -> Result<Links> {
        let mut links = Links::default();
        for id in ids {
            links.load(conn, &ONE_STATEMENT_LINKS, &[id])?;
        }
        Ok(links)
    }

    fn load(
        &mut self,
        conn: &Connection,
        queries: &LinkQueries,
        params: &[&dyn rusqlite::ToSql],
    ) -> Result<()> {
        let mut statement = conn
            .prepare_cached(queries.initiatives)
            .context("prepare the statement initiatives")?;
        let rows = statement
            .query_map(params, |row| Ok((row.get::<_, i64>(0)?, row.get(1)?)))
            .context("list statement initiatives")?;
        for row in rows {
            let (statement, initiative) = row.context("read a statement initiative")?;
            self.initiatives
                .entry(statement)
                .or_default()
                .push(InitiativeId(initiative));
        }
        let mut statement = conn
            .prepare_cached(queries.organisations)
            .context("prepare the statement organisations")?;
        let rows = statement
            .query_map(params, |row| Ok((row.get::<_, i64>(0)?, row.get(1)?)))
            .context("list statement organisations")?;
        for row in rows {
            let (statement, organisation) = row.context("read a statement organisation")?;
            self.organisations
                .entry(statement)
                .or_default()
                .push(OrganisationId(organisation));
        }
        let mut statement = conn
            .prepare_cached(queries.countries)
            .context("prepare the statement countries")?;
        let rows = statement
            .query_map(params, |row| Ok((row.get::<_, i64>(0)?, row.get(1)?)))
            .context("list statement countries")?;
        for row in rows {
            let (statement, code) = row.context("read a statement country")?;
            self.countries.entry(statement).or_default().push(code);
        }
        let mut statement = conn
            .prepare_cached(queries.evidence)
            .context("prepare the statement evidence")?;
        let rows = statement
            .query_map(params, |row| {
                Ok((row.get::<_, i64>(0)?, EvidenceRow::read(row)?))
            })
            .context("list statement evidence")?;
        for row in rows {
            let (statement, evidence) = row.context("read statement evidence")?;
            self.evidence.entry(statement).or_default().push(evidence);
        }
        Ok(())
    }
}

/// The names statements are written with, by id (countries by code).
struct Names {
    actors: HashMap<i64, String>,
    organisations: HashMap<i64, String>,
    initiatives: HashMap<i64, String>,
    countries: HashMap<String, String>,
}

impl Names {
    fn load(conn: &Connection) -> Result<Names> {
        Ok(Names {
            actors: crate::actor::names(conn)?,
            organisations: crate::organisation::names(conn)?,
            initiatives: crate::initiative::names(conn)?,
            countries: country::names(conn)?,
        })
    }
}

fn assemble(
    conn: &Connection,
    rows: Vec<StatementRow>,
    links: Links,
) -> Result<Vec<StatementRecord>> {
    assemble_with(&Names::load(conn)?, rows, links)
}

fn assemble_with(
    names: &Names,
    rows: Vec<StatementRow>,
    mut links: Links,
) -> Result<Vec<StatementRecord>> {
    let Names {
        actors: actor_names,
        organisations: organisation_names,
        initiatives: initiative_names,
        countries: country_names,
    } = names;
    let mut records = Vec::with_capacity(rows.len());
    for row in rows {
        let (speaker, speaker_name) = match (
            row.speaker_kind.as_str(),
            row.speaker_actor,
            row.speaker_organisation,
            row.speaker_country,
        ) {
            ("actor", Some(id), _, _) => (
                Speaker::Actor(ActorId(id)),
                actor_names.get(&id).cloned().unwrap_or_default(),
            ),
            ("organisation", _, Some(id), _) => (
                Speaker::Organisation(OrganisationId(id)),
                organisation_names.get(&id).cloned().unwrap_or_default(),
            ),
            ("country", _, _, Some(code)) => {
                let name = country_names
                    .get(&code)
                    .cloned()
                    .unwrap_or_else(|| code.clone());
                (Speaker::Country(code), name)
            }
            _ => return Err(invalid("statements", "speaker_kind", &row.speaker_kind)),
        };
        let mode = match row.mode.as_str() {
            "direct" => Mode::Direct,
            "indirect" => Mode::Indirect,
            _ => return Err(invalid("statements", "mode", &row.mode)),
        };
        let initiatives = links.initiatives.remove(&row.id).unwrap_or_default();
        let names = initiatives
            .iter()
            .map(|id| initiative_names.get(&id.0).cloned().unwrap_or_default())
            .collect();
        let evidence = links
            .evidence
            .remove(&row.id)
            .unwrap_or_default()
            .into_iter()
            .map(EvidenceRow::into_evidence)
            .collect::<Result<Vec<Evidence>>>()?;
        let [date, precision, date_text] = row.date;
        // Its sources: the document it was first read in, then every other one.
        let mut document_ids = vec![DocumentId(row.document)];
        for e in &evidence {
            if let Some(d) = e.document.filter(|d| !document_ids.contains(d)) {
                document_ids.push(d);
            }
        }
        records.push(StatementRecord {
            statement: Statement {
                id: StatementId(row.id),
                speaker,
                addressee: row.addressee.map(ActorId),
                mode,
                verb: row.verb,
                text: row.text,
                date: DateColumns::decode(date, precision, date_text, "statements")?,
                meeting: row.meeting.map(MeetingId),
                initiatives,
                organisations: links.organisations.remove(&row.id).unwrap_or_default(),
                countries: links.countries.remove(&row.id).unwrap_or_default(),
                evidence,
            },
            speaker_name,
            addressee_name: row.addressee.and_then(|id| actor_names.get(&id).cloned()),
            initiative_names: names,
            document_ids,
        });
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Read a few at a time, the statements and their links are those of the listing.
    #[test]
    fn statements_read_in_chunks_equal_the_listing() {
        use entente_model::{Document, Extraction, Mode, Speaker, StatementId};
        let mut store = crate::Store::open_in_memory().unwrap();
        let batch: Vec<(Document, Extraction)> = (0..7)
            .map(|n| {
                let text = format!("Ankara said talks number {n} went well, citing the BRI.");
                let mut extraction = Extraction::default();
                extraction.countries.push(entente_model::Country {
                    code: "TUR".into(),
                    name: "Türkiye".into(),
                });
                extraction.statements.push(entente_model::Statement {
                    id: StatementId(0),
                    speaker: Speaker::Country("TUR".into()),
                    addressee: None,
                    mode: Mode::Indirect,
                    verb: Some("said".into()),
                    text: format!("talks number {n} went well"),
                    date: None,
                    meeting: None,
                    initiatives: Vec::new(),
                    organisations: Vec::new(),
                    countries: vec!["TUR".into()],
                    evidence: vec![Evidence {
                        document: None,
                        span: entente_model::Span::new(0, 10),
                        sentence: entente_model::Span::new(0, text.len()),
                        text: text.clone(),
                        rule: "test".into(),
                    }],
                });
                let document = Document {
                    external_id: None,
                    title: None,
                    published: None,
                    source: None,
                    url: None,
                    path: None,
                    sha256: format!("sha {n}"),
                    text,
                };
                (document, extraction)
            })
            .collect();
        store.ingest(&batch).unwrap();
        let listed = list(&store.conn).unwrap();
        assert_eq!(listed.len(), 7);
        for chunk in [1, 2, 3, 7, 100] {
            let mut read = Vec::new();
            each_chunked(&store.conn, chunk, |record| -> Result<()> {
                read.push(record);
                Ok(())
            })
            .unwrap();
            assert_eq!(read, listed, "chunks of {chunk}");
        }
    }

    /// The lookup searches the prefix index, not every statement of the speaker.
    #[test]
    fn the_same_quote_lookup_searches_the_prefix_index() {
        let store = crate::Store::open_in_memory().unwrap();
        let mut statement = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {SAME_QUOTE_LOOKUP}"))
            .unwrap();
        let plan: Vec<String> = statement
            .query_map(rusqlite::params![1, "We will talk.", 2], |row| row.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            plan.iter().any(|step| step.contains(
                "USING INDEX statements_speaker_text_prefix (speaker_actor_id=? AND <expr>=?)"
            )),
            "{plan:?}"
        );
    }
}
