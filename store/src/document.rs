//! Documents: the articles themselves, identified by the sha256 of their text.

use entente_model::{Document, DocumentId, DocumentRecord};
use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{Context, Result};
use crate::sql::{date_from_sql, date_to_sql};

/// The id of the document with this sha256, if stored.
pub(crate) fn find(conn: &Connection, sha256: &str) -> Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM documents WHERE sha256 = ?1")
        .context("prepare the document lookup")?
        .query_row([sha256], |row| row.get(0))
        .optional()
        .context("look up a document by sha256")
}

/// Whether a document with this external id and another sha256 is stored.
pub(crate) fn external_id_taken(
    conn: &Connection,
    external_id: &str,
    sha256: &str,
) -> Result<bool> {
    conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM documents WHERE external_id = ?1 AND sha256 != ?2)",
    )
    .context("prepare the external id lookup")?
    .query_row([external_id, sha256], |row| row.get(0))
    .context("look up a document by external id")
}

/// The sha256 of every stored document, sorted. Read from the index alone: a scan of
/// the table would read every text's first page too.
pub(crate) fn hashes(conn: &Connection) -> Result<Vec<String>> {
    let mut statement = conn
        .prepare_cached("SELECT sha256 FROM documents INDEXED BY documents_sha256 ORDER BY sha256")
        .context("prepare the document hash listing")?;
    let rows = statement
        .query_map([], |row| row.get(0))
        .context("list document hashes")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("read a document hash")
}

pub(crate) fn insert(conn: &Connection, document: &Document) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO documents (sha256, external_id, title, published, source, url, path, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .context("prepare the document insert")?
    .insert(params![
        document.sha256,
        document.external_id,
        document.title,
        document.published.map(date_to_sql),
        document.source,
        document.url,
        document.path,
        document.text
    ])
    .context("store a document")
}

/// The columns [`read`] selects, in its order.
const COLUMNS: &str = "id, external_id, title, published, source, url, path, sha256, text";

/// The same columns with an empty text in its place.
const COLUMNS_WITHOUT_TEXT: &str =
    "id, external_id, title, published, source, url, path, sha256, ''";

/// Every document with its text, by id.
pub(crate) fn list(conn: &Connection) -> Result<Vec<DocumentRecord>> {
    records(read(conn, COLUMNS, "ORDER BY id", [])?)
}

/// Every document by id, its text left empty: what a listing of the metadata needs,
/// without reading every article into memory.
pub(crate) fn list_without_text(conn: &Connection) -> Result<Vec<DocumentRecord>> {
    records(read(conn, COLUMNS_WITHOUT_TEXT, "ORDER BY id", [])?)
}

fn records(documents: Vec<(i64, Document)>) -> Result<Vec<DocumentRecord>> {
    Ok(documents
        .into_iter()
        .map(|(id, document)| DocumentRecord {
            id: DocumentId(id),
            document,
        })
        .collect())
}

/// At most `limit` documents with ids above `after`, text included, by id.
pub(crate) fn chunk(conn: &Connection, after: i64, limit: i64) -> Result<Vec<(i64, Document)>> {
    read(
        conn,
        COLUMNS,
        "WHERE id > ?1 ORDER BY id LIMIT ?2",
        rusqlite::params![after, limit],
    )
}

/// The documents `rest` (a WHERE/ORDER BY tail) selects, with their ids; `columns` is
/// [`COLUMNS`] or [`COLUMNS_WITHOUT_TEXT`].
fn read(
    conn: &Connection,
    columns: &str,
    rest: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<(i64, Document)>> {
    let mut statement = conn
        .prepare_cached(&format!("SELECT {columns} FROM documents {rest}"))
        .context("prepare the document read")?;
    let mut rows = statement.query(params).context("read documents")?;
    let mut documents = Vec::new();
    while let Some(row) = rows.next().context("read a document")? {
        let published: Option<String> = row.get(3).context("read a document")?;
        let published = published
            .map(|date| date_from_sql(&date, "documents", "published"))
            .transpose()?;
        let document = (|| -> rusqlite::Result<Document> {
            Ok(Document {
                external_id: row.get(1)?,
                title: row.get(2)?,
                published,
                source: row.get(4)?,
                url: row.get(5)?,
                path: row.get(6)?,
                sha256: row.get(7)?,
                text: row.get(8)?,
            })
        })()
        .context("read a document")?;
        documents.push((row.get(0).context("read a document")?, document));
    }
    Ok(documents)
}
