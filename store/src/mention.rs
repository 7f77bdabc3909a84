//! Mentions: where each entity stands in a document, in bytes and in characters.

use entente_model::{
    ActorId, Country, DocumentId, EntityRef, InitiativeId, Mention, MentionRecord, OrganisationId,
    Span,
};
use std::sync::LazyLock;

use rusqlite::{Connection, ToSql};
use rustc_hash::FxHashSet;

use crate::country;
use crate::error::{Context, Result};
use crate::sql::{PreparedRows, RowInsert, invalid, to_i64, to_usize};

/// Database ids of one extraction's entities, by local id.
pub(crate) struct LocalIds<'a> {
    pub actors: &'a [Option<i64>],
    pub organisations: &'a [Option<i64>],
    pub initiatives: &'a [Option<i64>],
}

pub(crate) fn lookup(ids: &[Option<i64>], local: i64) -> Option<i64> {
    usize::try_from(local)
        .ok()
        .and_then(|index| ids.get(index).copied().flatten())
}

/// Character offsets of byte offsets, counted incrementally: offsets must be asked in
/// non-decreasing order of `start` for linear time.
struct CharCounter<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl CharCounter<'_> {
    /// Characters of `text` up to `start` and up to `end`, or `None` when either is not
    /// a character boundary inside the text (or `end < start`).
    fn span(&mut self, start: usize, end: usize) -> Option<(usize, usize)> {
        let char_start = if start >= self.byte {
            self.chars + self.text.get(self.byte..start)?.chars().count()
        } else {
            self.text.get(..start)?.chars().count()
        };
        let char_end = char_start + self.text.get(start..end)?.chars().count();
        self.byte = start;
        self.chars = char_start;
        Some((char_start, char_end))
    }
}

/// A document's mention ids are `document << ID_BITS` plus the mention's place in the
/// document by span (migration 0010): the table holds them together and in order.
const ID_BITS: u32 = 32;

/// The id of the mention at `ordinal` in `document`: none for a document id from 2^31
/// on or an ordinal from 2^32 on (more mentions than a document of 4 GB could hold).
fn id(document: i64, ordinal: usize) -> Option<i64> {
    let ordinal = i64::try_from(ordinal).ok().filter(|&o| o >> ID_BITS == 0)?;
    let base = document
        .checked_mul(1 << ID_BITS)
        .filter(|&base| base > 0)?;
    Some(base | ordinal)
}

/// The first and last mention id of `document` (an empty range for an id out of range),
/// for `id BETWEEN ? AND ?`.
pub(crate) fn id_range(document: i64) -> (i64, i64) {
    match id(document, 0) {
        Some(first) => (first, first | ((1 << ID_BITS) - 1)),
        None => (1, 0),
    }
}

/// SQL that holds when the mention id `$mention` is in the id range of document
/// `$document` ([`id_range`]), both SQL expressions: for a document that the query itself
/// finds. The factor is `1 << ID_BITS`.
macro_rules! in_document_range {
    ($mention:literal, $document:literal) => {
        concat!(
            $mention,
            " BETWEEN ",
            $document,
            " * 4294967296 AND ",
            $document,
            " * 4294967296 + 4294967295"
        )
    };
}
pub(crate) use in_document_range;

/// The columns of a stored mention but its id.
const MENTION_COLUMNS: usize = 12;

/// The mention columns but `id`, in the order the inserts bind them.
macro_rules! mention_columns {
    () => {
        "document_id, kind, actor_id, organisation_id, initiative_id, country_code, surface,
         span_start, span_end, char_start, char_end, first_in_document"
    };
}

/// The rows after a document's first, numbered on by SQLite.
pub(crate) static MENTION_INSERT: LazyLock<RowInsert> = LazyLock::new(|| {
    RowInsert::new(
        concat!("INSERT OR FAIL INTO mentions (", mention_columns!(), ")"),
        MENTION_COLUMNS,
    )
});

/// A document's first row, with its id. One row with an id to check keeps SQLite from
/// keeping a statement journal, which a statement of several such rows needs (it could
/// fail half-way on a bad id) and which copies every page it changes.
const FIRST_MENTION_INSERT: &str = concat!(
    "INSERT OR FAIL INTO mentions (id, ",
    mention_columns!(),
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
);

/// The values of one mention row but its document.
struct Row<'a> {
    kind: &'static str,
    actor: Option<i64>,
    organisation: Option<i64>,
    initiative: Option<i64>,
    country_code: Option<&'a str>,
    surface: &'a str,
    offsets: [i64; 4],
    /// Whether this is the first stored mention of its entity in the document.
    first: bool,
}

/// The entity a row refers to, to tell its first mention in a document.
#[derive(PartialEq, Eq, Hash)]
enum Key<'a> {
    Actor(i64),
    Organisation(i64),
    Initiative(i64),
    Country(&'a str),
}

impl<'a> Row<'a> {
    fn key(&self) -> Option<Key<'a>> {
        match (
            self.actor,
            self.organisation,
            self.initiative,
            self.country_code,
        ) {
            (Some(id), ..) => Some(Key::Actor(id)),
            (_, Some(id), ..) => Some(Key::Organisation(id)),
            (_, _, Some(id), _) => Some(Key::Initiative(id)),
            (.., Some(code)) => Some(Key::Country(code)),
            _ => None,
        }
    }
}

/// Stores the mentions of one document (`countries` are the extraction's, already
/// stored); a mention of an entity that was not stored, or
/// whose span is not on character boundaries of `text`, is skipped. Returns how many
/// were stored; they are added to `counts`.
pub(crate) fn store_all(
    inserts: &mut PreparedRows<'_>,
    document: i64,
    text: &str,
    mentions: &[Mention],
    ids: &LocalIds<'_>,
    countries: &[Country],
    counts: &mut crate::counts::New,
) -> Result<usize> {
    let conn = inserts.conn();
    let mut order: Vec<&Mention> = mentions.iter().collect();
    order.sort_by_key(|mention| (mention.span.start, mention.span.end));
    let mut counter = CharCounter {
        text,
        byte: 0,
        chars: 0,
    };
    let mut rows: Vec<Row<'_>> = Vec::with_capacity(order.len());
    let mut seen: FxHashSet<Key<'_>> = FxHashSet::default();
    for mention in order {
        let (mut actor, mut organisation, mut initiative, mut country_code) =
            (None, None, None, None);
        let resolved = match &mention.entity {
            EntityRef::Actor(id) => {
                actor = lookup(ids.actors, id.0);
                actor.is_some()
            }
            EntityRef::Organisation(id) => {
                organisation = lookup(ids.organisations, id.0);
                organisation.is_some()
            }
            EntityRef::Initiative(id) => {
                initiative = lookup(ids.initiatives, id.0);
                initiative.is_some()
            }
            EntityRef::Country(code) if !code.is_empty() => {
                // The extraction's countries are stored already; others get a row here.
                if !countries.iter().any(|country| country.code == *code) {
                    country::ensure(conn, code, None)?;
                }
                country_code = Some(code.as_str());
                true
            }
            EntityRef::Country(_) => false,
        };
        if !resolved {
            continue;
        }
        let Some((char_start, char_end)) = counter.span(mention.span.start, mention.span.end)
        else {
            continue;
        };
        let mut row = Row {
            kind: mention.entity.kind(),
            actor,
            organisation,
            initiative,
            country_code,
            surface: &mention.surface,
            offsets: [
                to_i64(mention.span.start, "mention start")?,
                to_i64(mention.span.end, "mention end")?,
                to_i64(char_start, "mention start")?,
                to_i64(char_end, "mention end")?,
            ],
            first: false,
        };
        row.first = row.key().is_some_and(|key| seen.insert(key));
        rows.push(row);
    }
    // The first row gets the document's first mention id; the others are left to SQLite,
    // which numbers a row without id one past the table's last, saving a uniqueness
    // search (and a statement journal) per row. No later document has mentions yet
    // (documents are stored, and re-extracted, in id order), so they follow on; the
    // last id is checked.
    let out_of_range = |value: String| crate::Error::OutOfRange {
        what: "mention id",
        value,
    };
    let first = id(document, 0).ok_or_else(|| out_of_range(format!("document {document}")))?;
    let last = id(document, rows.len().saturating_sub(1))
        .ok_or_else(|| out_of_range(format!("document {document}, {} mentions", rows.len())))?;
    let mut values: Vec<&dyn ToSql> = Vec::with_capacity(1 + rows.len() * MENTION_COLUMNS);
    values.push(&first);
    for row in &rows {
        let [start, end, char_start, char_end] = &row.offsets;
        values.extend_from_slice(&[
            &document as &dyn ToSql,
            &row.kind,
            &row.actor,
            &row.organisation,
            &row.initiative,
            &row.country_code,
            &row.surface,
            start,
            end,
            char_start,
            char_end,
            &row.first,
        ]);
    }
    if let Some((head, rest)) = values.split_at_checked(1 + MENTION_COLUMNS) {
        conn.prepare_cached(FIRST_MENTION_INSERT)
            .context("prepare the mention insert")?
            .execute(head)
            .context("store mentions")?;
        inserts.execute(rest, "store mentions")?;
    }
    if !rows.is_empty() && conn.last_insert_rowid() != last {
        return Err(out_of_range(format!(
            "document {document}: its mentions end at id {}, not {last}",
            conn.last_insert_rowid()
        )));
    }
    let (mut actors, mut organisations, mut initiatives) = (Vec::new(), Vec::new(), Vec::new());
    for row in &rows {
        actors.extend(row.actor);
        organisations.extend(row.organisation);
        initiatives.extend(row.initiative);
    }
    counts.add_document([&mut actors, &mut organisations, &mut initiatives]);
    let stored = rows.len();
    Ok(stored)
}

type MentionRow = (
    i64,
    String,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    String,
    [i64; 4],
);

/// Every mention, by document and start.
pub(crate) fn list(conn: &Connection) -> Result<Vec<MentionRecord>> {
    read(
        conn,
        "SELECT document_id, kind, actor_id, organisation_id, initiative_id, country_code,
                surface, span_start, span_end, char_start, char_end
         FROM mentions ORDER BY document_id, span_start, span_end, id",
        [],
    )
}

/// The mentions of one document, by start.
pub(crate) fn in_document(conn: &Connection, document: DocumentId) -> Result<Vec<MentionRecord>> {
    read(
        conn,
        "SELECT document_id, kind, actor_id, organisation_id, initiative_id, country_code,
                surface, span_start, span_end, char_start, char_end
         FROM mentions WHERE id BETWEEN ?1 AND ?2 ORDER BY span_start, span_end, id",
        id_range(document.0),
    )
}

/// [`each`]'s listing: document by document, each one's mentions by their id range
/// (migration 0010), so SQLite sorts one document's mentions at a time, not all of them.
const EACH_MENTION: &str = concat!(
    "SELECT m.document_id, m.kind, m.actor_id, m.organisation_id, m.initiative_id,
            m.country_code, m.surface, m.span_start, m.span_end, m.char_start, m.char_end
     FROM documents d
     CROSS JOIN mentions m ON ",
    in_document_range!("m.id", "d.id"),
    " ORDER BY d.id, m.span_start, m.span_end,
             CASE m.kind WHEN 'actor' THEN 0 WHEN 'organisation' THEN 1
                         WHEN 'initiative' THEN 2 ELSE 3 END,
             m.actor_id, m.organisation_id, m.initiative_id, m.country_code, m.surface"
);

/// Every mention in the order an export writes them: by document, start, end, then
/// the entity as [`EntityRef`] orders (actors, organisations, initiatives, countries;
/// each by id or code) and the surface. Each is handed to `f` as it is read, so a
/// database of millions of mentions is never held in memory; an error of `f` stops
/// the reading and is returned.
pub(crate) fn each<E: From<crate::Error>>(
    conn: &Connection,
    mut f: impl FnMut(MentionRecord) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let mut statement = conn
        .prepare_cached(EACH_MENTION)
        .context("prepare the mention listing")?;
    let mut rows = statement.query([]).context("list mentions")?;
    while let Some(row) = rows.next().context("read a mention")? {
        f(record(columns(row).context("read a mention")?)?)?;
    }
    Ok(())
}

fn read(
    conn: &Connection,
    sql: &'static str,
    values: impl rusqlite::Params,
) -> Result<Vec<MentionRecord>> {
    let mut statement = conn
        .prepare_cached(sql)
        .context("prepare the mention listing")?;
    let rows = statement
        .query_map(values, columns)
        .context("list mentions")?;
    let mut records = Vec::new();
    for row in rows {
        records.push(record(row.context("read a mention")?)?);
    }
    Ok(records)
}

/// The columns of one mention row, as the listings select them.
fn columns(row: &rusqlite::Row<'_>) -> rusqlite::Result<MentionRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
        [row.get(7)?, row.get(8)?, row.get(9)?, row.get(10)?],
    ))
}

fn record(row: MentionRow) -> Result<MentionRecord> {
    let (document, kind, actor, organisation, initiative, country, surface, offsets) = row;
    let entity = match (kind.as_str(), actor, organisation, initiative, country) {
        ("actor", Some(id), _, _, _) => EntityRef::Actor(ActorId(id)),
        ("organisation", _, Some(id), _, _) => EntityRef::Organisation(OrganisationId(id)),
        ("initiative", _, _, Some(id), _) => EntityRef::Initiative(InitiativeId(id)),
        ("country", _, _, _, Some(code)) => EntityRef::Country(code),
        _ => return Err(invalid("mentions", "kind", &kind)),
    };
    let [start, end, char_start, char_end] = offsets;
    Ok(MentionRecord {
        document: DocumentId(document),
        entity,
        surface,
        span: Span::new(
            to_usize(start, "mention start")?,
            to_usize(end, "mention end")?,
        ),
        char_start: to_usize(char_start, "mention start")?,
        char_end: to_usize(char_end, "mention end")?,
    })
}

#[cfg(test)]
mod tests {
    use entente_model::{Document, Extraction};

    use super::*;

    #[track_caller]
    fn check(text: &str, spans: &[(usize, usize)], expected: &[Option<(usize, usize)>]) {
        let mut counter = CharCounter {
            text,
            byte: 0,
            chars: 0,
        };
        let found: Vec<_> = spans
            .iter()
            .map(|&(start, end)| counter.span(start, end))
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn char_offsets_count_scalar_values() {
        let text = "Türkiye’s Erdoğan met Xi.";
        let erdogan = text.find("Erdoğan").unwrap();
        let xi = text.find("Xi").unwrap();
        check(
            text,
            &[(0, 8), (erdogan, erdogan + "Erdoğan".len()), (xi, xi + 2)],
            &[Some((0, 7)), Some((10, 17)), Some((22, 24))],
        );
        // Off a boundary (inside "ü"), past the end, reversed: skipped, never a panic.
        check(text, &[(2, 4)], &[None]);
        check(text, &[(0, 999)], &[None]);
        check(text, &[(5, 3)], &[None]);
        // Out of order still counts right, just slower.
        check(
            text,
            &[(xi, xi + 2), (0, 8)],
            &[Some((22, 24)), Some((0, 7))],
        );
    }

    #[test]
    fn mention_ids_count_up_from_the_document_id_times_2_to_the_32() {
        assert_eq!(id(1, 0), Some(1 << 32));
        assert_eq!(id(3, 7), Some((3 << 32) + 7));
        assert_eq!(id_range(3), (3 << 32, (4 << 32) - 1));
        // Out of range: no id, and an empty range (never another document's mentions).
        assert_eq!(id(1 << 31, 0), None);
        assert_eq!(id((1 << 31) - 1, 0), Some(i64::MAX - u32::MAX as i64));
        assert_eq!(id(1, 1 << 32), None);
        assert_eq!(id(0, 0), None);
        assert_eq!(id(-1, 0), None);
        let (first, last) = id_range(-5);
        assert!(first > last);
    }

    #[test]
    fn a_documents_mentions_are_read_by_id_range() {
        let mut store = crate::Store::open_in_memory().unwrap();
        store
            .ingest(&[
                naming(
                    "China, Türkiye.",
                    "2025-03-04",
                    &[("China", "CHN"), ("Türkiye", "TUR")],
                ),
                naming(
                    "Türkiye, China.",
                    "2025-03-05",
                    &[("China", "CHN"), ("Türkiye", "TUR")],
                ),
            ])
            .unwrap();
        let second: Vec<(String, usize)> = in_document(&store.conn, DocumentId(2))
            .unwrap()
            .into_iter()
            .map(|mention| (mention.surface, mention.span.start))
            .collect();
        assert_eq!(
            second,
            [("Türkiye".to_string(), 0), ("China".to_string(), 10)]
        );
        let plan = query_plan(
            &store.conn,
            "SELECT * FROM mentions WHERE id BETWEEN 1 AND 2",
        );
        assert!(
            plan.iter().any(|step| step.contains("INTEGER PRIMARY KEY")),
            "{plan:?}"
        );
        // The export's listing sorts one document's mentions at a time.
        let mut listed = Vec::new();
        each(&store.conn, |mention| {
            listed.push((mention.document.0, mention.surface));
            Ok::<(), crate::Error>(())
        })
        .unwrap();
        assert_eq!(
            listed,
            [
                (1, "China".to_string()),
                (1, "Türkiye".to_string()),
                (2, "Türkiye".to_string()),
                (2, "China".to_string())
            ]
        );
        let plan = query_plan(&store.conn, EACH_MENTION);
        // ("USE TEMP B-TREE FOR LAST 8 TERMS OF ORDER BY": the documents come in order.)
        assert!(
            plan.first().is_some_and(|step| step == "SCAN d"),
            "{plan:?}"
        );
        assert!(
            !plan
                .iter()
                .any(|step| step == "USE TEMP B-TREE FOR ORDER BY"),
            "{plan:?}"
        );
        let contexts = store
            .first_mentions(
                &EntityRef::Country("CHN".into()),
                &[DocumentId(2), DocumentId(1)],
            )
            .unwrap();
        let found: Vec<(i64, usize)> = contexts
            .iter()
            .map(|context| (context.document.0, context.span.start))
            .collect();
        assert_eq!(found, [(2, 10), (1, 0)]);
    }

    #[test]
    fn mentions_stored_out_of_document_order_are_refused() {
        let mut store = crate::Store::open_in_memory().unwrap();
        let first = naming(
            "China, Türkiye.",
            "2025-03-04",
            &[("China", "CHN"), ("Türkiye", "TUR")],
        );
        let second = naming(
            "Türkiye, China.",
            "2025-03-05",
            &[("China", "CHN"), ("Türkiye", "TUR")],
        );
        store.ingest(&[first.clone(), second]).unwrap();
        // Document 1's mentions again while document 2's stand: the ids SQLite would
        // give them run past document 1's range, and the store says so.
        store
            .conn
            .execute("DELETE FROM mentions WHERE document_id = 1", [])
            .unwrap();
        let ids = LocalIds {
            actors: &[],
            organisations: &[],
            initiatives: &[],
        };
        let (document, extraction) = first;
        let error = store_all(
            &mut PreparedRows::new(&store.conn, &MENTION_INSERT),
            1,
            &document.text,
            &extraction.mentions,
            &ids,
            &[],
            &mut crate::counts::New::default(),
        )
        .unwrap_err();
        assert!(error.to_string().contains("mention id"), "{error}");
    }

    /// The steps of SQLite's plan for `sql`.
    fn query_plan(conn: &Connection, sql: &str) -> Vec<String> {
        conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map([], |row| row.get(3))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn the_sql_id_range_is_the_rust_one() {
        let conn = Connection::open_in_memory().unwrap();
        let inside = |mention: i64, document: i64| -> bool {
            conn.query_row(
                concat!("SELECT ", in_document_range!("?1", "?2")),
                [mention, document],
                |row| row.get(0),
            )
            .unwrap()
        };
        for document in [1, 7, (1 << 31) - 1] {
            let (first, last) = id_range(document);
            assert!(inside(first, document) && inside(last, document));
            assert!(!inside(first - 1, document));
            // The last document's range ends at i64::MAX: nothing comes after it.
            assert!(
                last.checked_add(1)
                    .is_none_or(|after| !inside(after, document))
            );
        }
    }

    /// A document naming each of `countries` at the byte offsets its text gives.
    fn naming(text: &str, published: &str, countries: &[(&str, &str)]) -> (Document, Extraction) {
        let (mut document, mut extraction) = crate::tests::stored_document(None, text);
        document.published = chrono::NaiveDate::parse_from_str(published, "%Y-%m-%d").ok();
        for &(surface, code) in countries {
            for (start, _) in text.match_indices(surface) {
                extraction.mentions.push(Mention {
                    entity: EntityRef::Country(code.into()),
                    surface: surface.into(),
                    span: Span::new(start, start + surface.len()),
                });
            }
        }
        (document, extraction)
    }

    #[test]
    fn country_queries_read_one_index_entry_per_document() {
        let mut store = crate::Store::open_in_memory().unwrap();
        store
            .ingest(&[
                naming(
                    "Beijing hosted Ankara. Beijing said China and Türkiye agree.",
                    "2025-03-04",
                    &[("Beijing", "CHN"), ("China", "CHN"), ("Ankara", "TUR")],
                ),
                naming("China again.", "2025-03-20", &[("China", "CHN")]),
                naming("Türkiye alone.", "2025-05-01", &[("Türkiye", "TUR")]),
            ])
            .unwrap();
        // One first mention per country and document, and it is the earliest.
        let firsts: Vec<(i64, String, i64)> = store
            .conn
            .prepare(
                "SELECT document_id, country_code, span_start FROM mentions
                 WHERE first_in_document = 1 ORDER BY document_id, span_start",
            )
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            firsts,
            [
                (1, "CHN".to_string(), 0),
                (1, "TUR".to_string(), 15),
                (2, "CHN".to_string(), 0),
                (3, "TUR".to_string(), 0)
            ]
        );
        let china = EntityRef::Country("CHN".into());
        let months: Vec<(String, u64)> = store
            .mentions_per_month(&china)
            .unwrap()
            .into_iter()
            .map(|month| (month.month, month.count))
            .collect();
        // Three mentions in the first document, one in the second.
        assert_eq!(months, [("2025-03".to_string(), 4)]);
        let filter = crate::DocumentFilter {
            mentions: Some(china),
            ..Default::default()
        };
        let documents: Vec<i64> = store
            .query_documents(&filter)
            .unwrap()
            .into_iter()
            .map(|document| document.id.0)
            .collect();
        assert_eq!(documents, [2, 1]);
        // Both read the country index, which holds the first mentions only.
        for sql in [
            "SELECT document_id FROM mentions WHERE country_code = 'CHN' AND first_in_document = 1",
            "SELECT document_id FROM mentions f WHERE f.country_code = 'CHN'
               AND f.first_in_document = 1",
        ] {
            let plan = query_plan(&store.conn, sql);
            assert!(
                plan.iter().any(|step| step.contains("mentions_country")),
                "{plan:?}"
            );
        }
        let entries: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM mentions INDEXED BY mentions_country
                 WHERE country_code IS NOT NULL AND first_in_document = 1",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(entries, 4);
    }
}
