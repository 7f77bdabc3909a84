//! Small conversions between model values and SQL columns.

use chrono::NaiveDate;
use entente_model::{DatePrecision, EventDate, Evidence, Span};
use rusqlite::{Connection, PrepFlags, Statement, ToSql};

use crate::error::{Context, Error, Result};

/// A `usize` (offset, position) as an SQLite integer.
pub(crate) fn to_i64(value: usize, what: &'static str) -> Result<i64> {
    i64::try_from(value).map_err(|_| Error::OutOfRange {
        what,
        value: value.to_string(),
    })
}

/// An SQLite integer as a `usize` (offset, count).
pub(crate) fn to_usize(value: i64, what: &'static str) -> Result<usize> {
    usize::try_from(value).map_err(|_| Error::OutOfRange {
        what,
        value: value.to_string(),
    })
}

/// An SQLite count as a `u64`.
pub(crate) fn to_u64(value: i64, what: &'static str) -> Result<u64> {
    u64::try_from(value).map_err(|_| Error::OutOfRange {
        what,
        value: value.to_string(),
    })
}

/// The ISO 8601 spelling of a date, as stored.
pub(crate) fn date_to_sql(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

pub(crate) fn date_from_sql(
    text: &str,
    table: &'static str,
    column: &'static str,
) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| Error::InvalidValue {
        table,
        column,
        value: text.to_owned(),
    })
}

pub(crate) fn precision_from_sql(text: &str, table: &'static str) -> Result<DatePrecision> {
    Ok(match text {
        "day" => DatePrecision::Day,
        "week" => DatePrecision::Week,
        "month" => DatePrecision::Month,
        "year" => DatePrecision::Year,
        _ => return Err(invalid(table, "date_precision", text)),
    })
}

pub(crate) fn invalid(table: &'static str, column: &'static str, value: &str) -> Error {
    Error::InvalidValue {
        table,
        column,
        value: value.to_owned(),
    }
}

/// An [`EventDate`] as the three columns `date`, `date_precision`, `date_text`.
pub(crate) struct DateColumns {
    pub date: Option<String>,
    pub precision: Option<&'static str>,
    pub text: Option<String>,
}

impl DateColumns {
    pub fn new(date: Option<&EventDate>) -> DateColumns {
        match date {
            Some(date) => DateColumns {
                date: date.date.map(date_to_sql),
                precision: Some(date.precision.as_str()),
                text: Some(date.text.clone()),
            },
            None => DateColumns {
                date: None,
                precision: None,
                text: None,
            },
        }
    }

    /// Decodes the three columns; no precision means no date.
    pub fn decode(
        date: Option<String>,
        precision: Option<String>,
        text: Option<String>,
        table: &'static str,
    ) -> Result<Option<EventDate>> {
        let Some(precision) = precision else {
            return Ok(None);
        };
        Ok(Some(EventDate {
            date: date
                .map(|date| date_from_sql(&date, table, "date"))
                .transpose()?,
            precision: precision_from_sql(&precision, table)?,
            text: text.unwrap_or_default(),
        }))
    }
}

/// The raw columns of one evidence row, decoded into [`Evidence`] once read.
pub(crate) struct EvidenceRow {
    pub document: i64,
    pub span_start: i64,
    pub span_end: i64,
    pub sentence_start: i64,
    pub sentence_end: i64,
    pub text: String,
    pub rule: String,
}

impl EvidenceRow {
    /// The evidence columns of a listing's row: the owner's id (meeting or statement) in
    /// column 0, then document, span start and end, sentence start and end, text, rule.
    pub fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<EvidenceRow> {
        Ok(EvidenceRow {
            document: row.get(1)?,
            span_start: row.get(2)?,
            span_end: row.get(3)?,
            sentence_start: row.get(4)?,
            sentence_end: row.get(5)?,
            text: row.get(6)?,
            rule: row.get(7)?,
        })
    }

    pub fn into_evidence(self) -> Result<Evidence> {
        Ok(Evidence {
            document: Some(entente_model::DocumentId(self.document)),
            span: Span::new(
                to_usize(self.span_start, "evidence start")?,
                to_usize(self.span_end, "evidence end")?,
            ),
            sentence: Span::new(
                to_usize(self.sentence_start, "evidence sentence start")?,
                to_usize(self.sentence_end, "evidence sentence end")?,
            ),
            text: self.text,
            rule: self.rule,
        })
    }
}

/// The bound values of one evidence row.
pub(crate) struct EvidenceValues {
    pub span_start: i64,
    pub span_end: i64,
    pub sentence_start: i64,
    pub sentence_end: i64,
}

impl EvidenceValues {
    pub fn new(evidence: &Evidence) -> Result<EvidenceValues> {
        Ok(EvidenceValues {
            span_start: to_i64(evidence.span.start, "evidence start")?,
            span_end: to_i64(evidence.span.end, "evidence end")?,
            sentence_start: to_i64(evidence.sentence.start, "evidence sentence start")?,
            sentence_end: to_i64(evidence.sentence.end, "evidence sentence end")?,
        })
    }
}

/// How many statement sizes a [`RowInsert`] has: 1, 2, 4 ... 32 rows.
const ROW_INSERT_SIZES: usize = 6;

/// A multi-row `INSERT ... VALUES (...), (...)`: the rows of a document go in a few
/// executions of statements prepared once per size (32, 16, ... 1 rows), not one per row
/// (binding, stepping and resetting a statement cost more than writing a row). The rows
/// are inserted in the order given, so they get the ids one insert per row would give.
/// It is the SQL; [`PreparedRows`] runs it.
///
/// Write the head as `INSERT OR FAIL` (or `OR IGNORE`): a statement that may abort half
/// way through its rows keeps a statement journal of every page it touches, which costs
/// more than the executions saved. A failing row still fails the statement, and with it
/// the caller's transaction.
#[derive(Debug)]
pub(crate) struct RowInsert {
    /// The statement for `2^i` rows at index `i`.
    sql: Vec<String>,
    /// Values per row.
    width: usize,
}

impl RowInsert {
    /// `head` is the statement up to `VALUES` (`INSERT INTO t (a, b)`), `width` the number
    /// of columns it names.
    pub fn new(head: &str, width: usize) -> RowInsert {
        let row = format!("({})", vec!["?"; width].join(", "));
        let sql = (0..ROW_INSERT_SIZES)
            .map(|size| format!("{head} VALUES {}", vec![row.as_str(); 1 << size].join(", ")))
            .collect();
        RowInsert { sql, width }
    }
}

/// A [`RowInsert`]'s statements prepared on one connection, each when first needed, and
/// kept by a writer for as long as it runs them (a write transaction).
///
/// Not taken from rusqlite's statement cache, which, at every use, hashes the SQL text
/// (up to 32 rows of placeholders) to look it up and to put it back: 1.5% of the writer
/// thread's instructions. As the cache does, each statement is prepared
/// `SQLITE_PREPARE_PERSISTENT` and its bindings are cleared after each execution: a
/// statement or a bound text kept otherwise holds the connection's lookaside memory, and
/// without it every later SQLite allocation went to malloc (11% more instructions).
#[derive(Debug)]
pub(crate) struct PreparedRows<'c> {
    conn: &'c Connection,
    insert: &'static RowInsert,
    /// The statement for `2^i` rows at index `i`, once prepared.
    statements: Vec<Option<Statement<'c>>>,
}

impl<'c> PreparedRows<'c> {
    pub fn new(conn: &'c Connection, insert: &'static RowInsert) -> PreparedRows<'c> {
        PreparedRows {
            conn,
            insert,
            statements: (0..ROW_INSERT_SIZES).map(|_| None).collect(),
        }
    }

    /// The connection the statements are prepared on.
    pub fn conn(&self) -> &'c Connection {
        self.conn
    }

    /// Inserts the rows whose values `values` holds, the [`RowInsert`]'s width per row,
    /// in order.
    pub fn execute(&mut self, values: &[&dyn ToSql], what: &'static str) -> Result<()> {
        let width = self.insert.width;
        debug_assert_eq!(values.len() % width, 0);
        let mut rest = values;
        while rest.len() >= width {
            let rows = rest.len() / width;
            let size = (rows.ilog2() as usize).min(ROW_INSERT_SIZES - 1);
            let (chunk, tail) = rest.split_at((1 << size) * width);
            let (Some(slot), Some(sql)) =
                (self.statements.get_mut(size), self.insert.sql.get(size))
            else {
                break;
            };
            let statement = match slot {
                Some(statement) => statement,
                None => slot.insert(
                    self.conn
                        .prepare_with_flags(sql, PrepFlags::SQLITE_PREPARE_PERSISTENT)
                        .context(what)?,
                ),
            };
            let executed = statement.execute(chunk);
            statement.clear_bindings();
            executed.context(what)?;
            rest = tail;
        }
        Ok(())
    }
}

/// The multi-row inserts one write transaction runs for every document (see
/// [`PreparedRows`]): its mentions, its meetings' participants and evidence, and its
/// statements' evidence.
#[derive(Debug)]
pub(crate) struct Inserts<'c> {
    pub mentions: PreparedRows<'c>,
    pub participants: PreparedRows<'c>,
    pub meeting_evidence: PreparedRows<'c>,
    pub statement_evidence: PreparedRows<'c>,
}

impl<'c> Inserts<'c> {
    pub fn new(conn: &'c Connection) -> Inserts<'c> {
        Inserts {
            mentions: PreparedRows::new(conn, &crate::mention::MENTION_INSERT),
            participants: PreparedRows::new(conn, &crate::meeting::PARTICIPANT_INSERT),
            meeting_evidence: PreparedRows::new(conn, &crate::meeting::EVIDENCE_INSERT),
            statement_evidence: PreparedRows::new(conn, &crate::statement::EVIDENCE_INSERT),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;

    #[test]
    fn dates_round_trip() {
        let date = EventDate {
            date: NaiveDate::from_ymd_opt(2025, 8, 31),
            precision: DatePrecision::Day,
            text: "Aug. 31".into(),
        };
        let columns = DateColumns::new(Some(&date));
        assert_eq!(columns.date.as_deref(), Some("2025-08-31"));
        let back = DateColumns::decode(
            columns.date,
            columns.precision.map(str::to_owned),
            columns.text,
            "meetings",
        )
        .unwrap();
        assert_eq!(back, Some(date));
        assert_eq!(
            DateColumns::decode(None, None, None, "meetings").unwrap(),
            None
        );
        assert!(date_from_sql("31/08/2025", "meetings", "date").is_err());
    }

    #[test]
    fn row_inserts_keep_the_order_of_rows() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b TEXT)")
            .unwrap();
        static INSERT: LazyLock<RowInsert> =
            LazyLock::new(|| RowInsert::new("INSERT INTO t (a, b)", 2));
        let mut insert = PreparedRows::new(&conn, &INSERT);
        for n in [0, 1, 2, 3, 31, 32, 33, 70] {
            conn.execute("DELETE FROM t", []).unwrap();
            let rows: Vec<(i64, String)> = (0..n).map(|i| (i, format!("row {i}"))).collect();
            let values: Vec<&dyn ToSql> = rows
                .iter()
                .flat_map(|(a, b)| [a as &dyn ToSql, b as &dyn ToSql])
                .collect();
            insert.execute(&values, "insert").unwrap();
            let stored: Vec<(i64, String)> = conn
                .prepare("SELECT a, b FROM t ORDER BY id")
                .unwrap()
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert_eq!(stored, rows, "{n} rows");
        }
    }
}
