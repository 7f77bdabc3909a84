//! Documents by the entities they mention and their publication date, and the text
//! around an entity's first mention in each.

use std::collections::HashMap;

use entente_model::{Document, DocumentId, DocumentRecord, EntityRef, Span};
use rusqlite::{Connection, OptionalExtension};

use super::{DocumentFilter, MentionContext, Select, day, id_list, in_order};
use crate::error::{Context, Result};
use crate::mention::in_document_range;
use crate::sql::{date_from_sql, to_u64, to_usize};

/// Documents by [`DocumentFilter`], newest first, without their text.
pub(crate) fn documents(conn: &Connection, filter: &DocumentFilter) -> Result<Vec<DocumentRecord>> {
    let mut select = Select::new("SELECT d.id FROM documents d WHERE 1 = 1");
    match &filter.mentions {
        Some(EntityRef::Actor(id)) => select.bind(
            "AND d.id IN (SELECT document_id FROM mentions WHERE actor_id = ?)",
            id.0,
        ),
        Some(EntityRef::Organisation(id)) => select.bind(
            "AND d.id IN (SELECT document_id FROM mentions WHERE organisation_id = ?)",
            id.0,
        ),
        Some(EntityRef::Initiative(id)) => select.bind(
            "AND d.id IN (SELECT document_id FROM mentions WHERE initiative_id = ?)",
            id.0,
        ),
        Some(EntityRef::Country(code)) => select.bind(
            // The country index holds each document's first mention (migration 0009).
            "AND d.id IN (SELECT document_id FROM mentions
                          WHERE country_code = ? AND first_in_document = 1)",
            code.clone(),
        ),
        None => {}
    }
    if let Some(from) = filter.from {
        select.bind("AND d.published >= ?", day(from));
    }
    if let Some(to) = filter.to {
        select.bind("AND d.published <= ?", day(to));
    }
    select.push("ORDER BY d.published DESC NULLS LAST, d.id DESC");
    select.limit(filter.limit)?;
    let ids: Vec<i64> = select.rows(conn, "select documents", |row| row.get(0))?;
    heads(conn, &ids)
}

/// The documents `ids`, in that order, without their text.
pub(crate) fn documents_by_id(
    conn: &Connection,
    ids: &[DocumentId],
) -> Result<Vec<DocumentRecord>> {
    let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
    heads(conn, &ids)
}

type DocumentRow = (i64, [Option<String>; 6], String);

fn heads(conn: &Connection, ids: &[i64]) -> Result<Vec<DocumentRecord>> {
    let mut select = Select::new(
        "SELECT id, external_id, title, published, source, url, path, sha256 FROM documents",
    );
    select.bind(
        "WHERE id IN (SELECT value FROM json_each(?))",
        id_list(ids.iter().copied()),
    );
    let rows: Vec<DocumentRow> = select.rows(conn, "read documents", |row| {
        Ok((
            row.get(0)?,
            [
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
                row.get(6)?,
            ],
            row.get(7)?,
        ))
    })?;
    let mut records = HashMap::with_capacity(rows.len());
    for (id, fields, sha256) in rows {
        records.insert(id, record(id, fields, sha256, String::new())?);
    }
    Ok(in_order(ids, records))
}

/// One document with its text.
pub(crate) fn document(conn: &Connection, id: DocumentId) -> Result<Option<DocumentRecord>> {
    let row = conn
        .prepare_cached(
            "SELECT external_id, title, published, source, url, path, sha256, text
             FROM documents WHERE id = ?1",
        )
        .context("prepare the document read")?
        .query_row([id.0], |row| {
            Ok((
                [
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                ],
                row.get(6)?,
                row.get(7)?,
            ))
        })
        .optional()
        .context("read a document")?;
    row.map(|(fields, sha256, text)| record(id.0, fields, sha256, text))
        .transpose()
}

fn record(
    id: i64,
    [external_id, title, published, source, url, path]: [Option<String>; 6],
    sha256: String,
    text: String,
) -> Result<DocumentRecord> {
    let published = published
        .map(|date| date_from_sql(&date, "documents", "published"))
        .transpose()?;
    Ok(DocumentRecord {
        id: DocumentId(id),
        document: Document {
            external_id,
            title,
            published,
            source,
            url,
            path,
            sha256,
            text,
        },
    })
}

/// Characters of context kept on each side of a mention.
const CONTEXT_CHARS: i64 = 300;

/// The first mention of `entity` in each of `documents` that mentions it, with the text
/// around it, in the order of `documents`.
pub(crate) fn first_mentions(
    conn: &Connection,
    entity: &EntityRef,
    documents: &[DocumentId],
) -> Result<Vec<MentionContext>> {
    // `min()` makes the other columns those of the first mention (SQLite's bare columns).
    // Each listed document's mentions are read by their id range (migration 0010); the
    // CROSS JOIN keeps the list outermost and the unary `+` keeps the entity's index out,
    // so an entity with thousands of mentions is not walked whole.
    let mut select = Select::new(concat!(
        "SELECT m.document_id, min(m.span_start), m.span_end, m.char_start, count(*),
                max(m.char_start - ?1, 0),
                substr(d.text, max(m.char_start - ?1, 0) + 1,
                       m.char_end - max(m.char_start - ?1, 0) + ?1)
         FROM json_each(?2) AS listed
         CROSS JOIN mentions m ON ",
        in_document_range!("m.id", "listed.value"),
        " JOIN documents d ON d.id = m.document_id",
    ));
    select.value(CONTEXT_CHARS);
    let ids: Vec<i64> = documents.iter().map(|id| id.0).collect();
    select.value(id_list(ids.iter().copied()));
    match entity {
        EntityRef::Actor(id) => select.bind("WHERE +m.actor_id = ?", id.0),
        EntityRef::Organisation(id) => select.bind("WHERE +m.organisation_id = ?", id.0),
        EntityRef::Initiative(id) => select.bind("WHERE +m.initiative_id = ?", id.0),
        EntityRef::Country(code) => select.bind("WHERE +m.country_code = ?", code.clone()),
    }
    select.push("GROUP BY m.document_id");
    type Row = (i64, i64, i64, i64, i64, i64, String);
    let rows: Vec<Row> = select.rows(conn, "read mentions in context", |row| {
        Ok((
            row.get(0)?,
            row.get(1)?,
            row.get(2)?,
            row.get(3)?,
            row.get(4)?,
            row.get(5)?,
            row.get(6)?,
        ))
    })?;
    let mut contexts = HashMap::with_capacity(rows.len());
    for (document, start, end, char_start, count, window_chars, window) in rows {
        let start = to_usize(start, "mention start")?;
        let end = to_usize(end, "mention end")?;
        let before = to_usize(char_start - window_chars, "mention context")?;
        let before_bytes = window
            .char_indices()
            .nth(before)
            .map_or(window.len(), |(index, _)| index);
        // A window that does not line up with the byte offsets (a hand-edited database)
        // is left empty rather than misplaced.
        let (window, window_start) = match start.checked_sub(before_bytes) {
            Some(window_start) => (window, window_start),
            None => (String::new(), start),
        };
        contexts.insert(
            document,
            MentionContext {
                document: DocumentId(document),
                span: Span::new(start, end),
                count: to_u64(count, "mention count")?,
                window,
                window_start,
            },
        );
    }
    Ok(in_order(&ids, contexts))
}
