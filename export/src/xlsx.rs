//! Writing the tables as one Excel workbook, `DIR/entente.xlsx`: a sheet per table.
//!
//! Each sheet has the columns of the table's CSV file (the same row structs of `row.rs`)
//! under a bold, frozen header row with an autofilter. Ids and counts are numbers,
//! dates are date cells shown `yyyy-mm-dd`, absent values empty cells. Excel's limits
//! are kept: a text over 32,767 characters (UTF-16 units) is cut and ends in
//! [`TRUNCATED`], and a table over 1,048,575 rows goes on in sheets `mentions_2`,
//! `mentions_3` ...

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use serde::Serialize;

use crate::Dataset;
use crate::cell::{Cell, cells};
use crate::error::{Error, Result};
use crate::row::{RowSink, with_rows};
use crate::table::select;

/// The workbook's file name in the export folder.
pub const XLSX_FILE: &str = "entente.xlsx";

/// The end of a text cut to Excel's limit.
pub const TRUNCATED: &str = "[truncated]";

/// The longest text of a cell, in UTF-16 code units (Excel's limit).
const MAX_CELL_UNITS: usize = 32_767;

/// Rows of data per sheet: Excel's 1,048,576 rows, less the header.
const MAX_SHEET_ROWS: usize = 1_048_575;

/// Rows sampled to size the columns.
const WIDTH_SAMPLE_ROWS: usize = 200;

/// What [`write_xlsx`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XlsxReport {
    /// The workbook.
    pub path: PathBuf,
    /// Each sheet, in order, with its number of data rows (the header aside).
    pub sheets: Vec<(String, usize)>,
    /// The cells whose text was cut to Excel's limit.
    pub truncated: Vec<TruncatedCell>,
}

/// A text too long for a cell, cut to fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TruncatedCell {
    pub sheet: String,
    /// The row as Excel numbers it (the header is row 1).
    pub row: usize,
    pub column: &'static str,
    /// The length of the whole text, in characters.
    pub chars: usize,
}

/// Creates `dir` when needed and writes `DIR/entente.xlsx` with a sheet for each of
/// `tables` (every table when empty), in [`crate::TABLES`] order. The workbook is
/// written beside its final name and renamed into place, so a failed export never leaves
/// a half-written `entente.xlsx`. Unknown names are refused before anything is written.
pub fn write_xlsx(dir: &Path, tables: &[&str], data: &Dataset) -> Result<XlsxReport> {
    write_workbook(dir, tables, data, MAX_SHEET_ROWS)
}

fn write_workbook(
    dir: &Path,
    tables: &[&str],
    data: &Dataset,
    max_sheet_rows: usize,
) -> Result<XlsxReport> {
    let selected = select(tables)?;
    fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_owned(),
        source,
    })?;
    let path = dir.join(XLSX_FILE);
    let partial = dir.join(format!(".{XLSX_FILE}.partial"));
    let xlsx_error = |source| Error::Xlsx {
        path: path.clone(),
        source,
    };
    let mut workbook = Workbook::new();
    // The sheets are spooled to temporary files beside the output, not held in memory.
    workbook.set_tempdir(dir).map_err(xlsx_error)?;
    let mut report = XlsxReport {
        path: path.clone(),
        sheets: Vec::new(),
        truncated: Vec::new(),
    };
    let styles = Styles {
        header: Format::new().set_bold(),
        date: Format::new().set_num_format("yyyy-mm-dd"),
    };
    for table in selected {
        let sink = SheetSink {
            workbook: &mut workbook,
            table,
            styles: &styles,
            max_sheet_rows: max_sheet_rows.max(1),
            report: &mut report,
        };
        with_rows(table, data, sink).unwrap_or_else(|| Err(crate::table::unknown_table(table)))?;
    }
    let saved = workbook
        .save(&partial)
        .map_err(|source| Error::Xlsx {
            path: partial.clone(),
            source,
        })
        .and_then(|()| {
            File::open(&partial)
                .and_then(|file| file.sync_all())
                .and_then(|()| fs::rename(&partial, &path))
                .map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })
        });
    if let Err(error) = saved {
        // Best effort: the error that matters is the one being returned.
        let _ = fs::remove_file(&partial);
        return Err(error);
    }
    Ok(report)
}

struct Styles {
    header: Format,
    date: Format,
}

/// Writes the rows of one table into one sheet, or several when they are too many.
struct SheetSink<'a> {
    workbook: &'a mut Workbook,
    table: &'static str,
    styles: &'a Styles,
    max_sheet_rows: usize,
    report: &'a mut XlsxReport,
}

impl RowSink for SheetSink<'_> {
    type Output = Result<()>;

    fn rows<R: Serialize + Default>(self, rows: Vec<R>) -> Result<()> {
        let table = self.table;
        let row_error = |error: crate::cell::CellError| Error::Row {
            table: table.to_owned(),
            message: error.to_string(),
        };
        let columns: Vec<&'static str> = cells(&R::default())
            .map_err(row_error)?
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        let mut widths: Vec<usize> = columns.iter().map(|name| name.chars().count()).collect();
        for row in rows.iter().take(WIDTH_SAMPLE_ROWS) {
            for (width, (_, cell)) in widths.iter_mut().zip(cells(row).map_err(row_error)?) {
                *width = (*width).max(display_width(&cell));
            }
        }
        let xlsx_error = |source| Error::Xlsx {
            path: self.report.path.clone(),
            source,
        };
        let n_sheets = rows.len().div_ceil(self.max_sheet_rows).max(1);
        let mut rows = rows.iter();
        for part in 1..=n_sheets {
            let name = if part == 1 {
                table.to_owned()
            } else {
                format!("{table}_{part}")
            };
            let sheet = self
                .workbook
                .add_worksheet_with_constant_memory()
                .map_err(xlsx_error)?;
            sheet.set_name(&name).map_err(xlsx_error)?;
            start_sheet(sheet, &columns, &widths, self.styles).map_err(xlsx_error)?;
            let mut n_rows = 0;
            for row in rows.by_ref().take(self.max_sheet_rows) {
                n_rows += 1;
                let index = u32::try_from(n_rows).unwrap_or(u32::MAX);
                for (column, (column_name, cell)) in (0..).zip(cells(row).map_err(row_error)?) {
                    let cut =
                        write_cell(sheet, index, column, cell, self.styles).map_err(xlsx_error)?;
                    if let Some(chars) = cut {
                        self.report.truncated.push(TruncatedCell {
                            sheet: name.clone(),
                            row: n_rows + 1,
                            column: column_name,
                            chars,
                        });
                    }
                }
            }
            let last_row = u32::try_from(n_rows).unwrap_or(u32::MAX);
            let last_column = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
            sheet
                .autofilter(0, 0, last_row, last_column)
                .map_err(xlsx_error)?;
            self.report.sheets.push((name, n_rows));
        }
        Ok(())
    }
}

/// Column widths, the bold header row, frozen: all that must come before the data in a
/// constant-memory sheet.
fn start_sheet(
    sheet: &mut Worksheet,
    columns: &[&str],
    widths: &[usize],
    styles: &Styles,
) -> Result<(), XlsxError> {
    for (column, &width) in (0..).zip(widths) {
        // Room for the autofilter button; long texts are cut off at 60 characters.
        let width = u32::try_from((width + 3).clamp(8, 60)).unwrap_or(60);
        sheet.set_column_width(column, width)?;
    }
    for (column, name) in (0..).zip(columns) {
        sheet.write_string_with_format(0, column, *name, &styles.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Writes one cell; for a text cut to fit, its length in characters.
fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    cell: Cell,
    styles: &Styles,
) -> Result<Option<usize>, XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Number(number) => {
            sheet.write_number(row, column, number)?;
        }
        Cell::Date(date) => {
            sheet.write_date_with_format(row, column, date, &styles.date)?;
        }
        Cell::Text(text) => {
            return match fit(&text) {
                Some(cut) => {
                    sheet.write_string(row, column, cut)?;
                    Ok(Some(text.chars().count()))
                }
                None => {
                    sheet.write_string(row, column, text)?;
                    Ok(None)
                }
            };
        }
    }
    Ok(None)
}

/// The text cut to Excel's limit and marked, or `None` when it fits.
fn fit(text: &str) -> Option<String> {
    // Cheap test first: a text of fewer bytes than the limit has fewer UTF-16 units.
    if text.len() <= MAX_CELL_UNITS || text.encode_utf16().count() <= MAX_CELL_UNITS {
        return None;
    }
    let room = MAX_CELL_UNITS - TRUNCATED.len() - 1;
    let mut units = 0;
    let mut cut = String::with_capacity(MAX_CELL_UNITS + 8);
    for c in text.chars() {
        units += c.len_utf16();
        if units > room {
            break;
        }
        cut.push(c);
    }
    cut.push(' ');
    cut.push_str(TRUNCATED);
    Some(cut)
}

/// How wide a cell shows, in characters.
fn display_width(cell: &Cell) -> usize {
    match cell {
        Cell::Empty => 0,
        Cell::Number(number) => number.to_string().len(),
        Cell::Date(_) => 10,
        Cell::Text(text) => text
            .lines()
            .map(|line| line.chars().count())
            .max()
            .unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
    use chrono::NaiveDate;
    use entente_model::{
        Document, DocumentId, DocumentRecord, EntityRef, MentionRecord, Span, Statement,
        StatementId, StatementRecord,
    };

    use super::*;
    use crate::TABLES;

    fn document(id: i64, published: Option<NaiveDate>) -> DocumentRecord {
        DocumentRecord {
            id: DocumentId(id),
            document: Document {
                external_id: Some(format!("art-{id}")),
                title: Some("Talks in Ankara".into()),
                published,
                source: None,
                url: None,
                path: Some(format!("in.jsonl:{id}")),
                sha256: format!("{id:064x}"),
                text: "Fidan met Wang.".into(),
            },
        }
    }

    fn mention(document: i64, start: usize) -> MentionRecord {
        MentionRecord {
            document: DocumentId(document),
            entity: EntityRef::Country("TUR".into()),
            surface: "Ankara".into(),
            span: Span::new(start, start + 6),
            char_start: start,
            char_end: start + 6,
        }
    }

    fn statement(text: String) -> StatementRecord {
        StatementRecord {
            statement: Statement {
                id: StatementId(1),
                speaker: entente_model::Speaker::Country("TUR".into()),
                addressee: None,
                mode: entente_model::Mode::Direct,
                verb: Some("said".into()),
                text,
                date: None,
                meeting: None,
                initiatives: vec![],
                organisations: vec![],
                countries: vec![],
                evidence: vec![],
            },
            speaker_name: "Türkiye".into(),
            addressee_name: None,
            initiative_names: vec![],
            document_ids: vec![DocumentId(1)],
        }
    }

    fn read(path: &Path) -> Xlsx<std::io::BufReader<File>> {
        open_workbook(path).unwrap()
    }

    #[test]
    fn every_table_is_a_sheet_with_the_csv_header() {
        let dir = tempfile::tempdir().unwrap();
        let day = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap();
        let data = Dataset {
            documents: vec![document(2, None), document(1, Some(day))],
            ..Dataset::default()
        };
        let report = write_xlsx(dir.path(), &[], &data).unwrap();
        assert_eq!(report.path, dir.path().join(XLSX_FILE));
        let names: Vec<&str> = report
            .sheets
            .iter()
            .map(|(name, _)| name.as_str())
            .collect();
        assert_eq!(names, TABLES);
        assert_eq!(report.sheets[0].1, 2);

        let mut workbook = read(&report.path);
        assert_eq!(workbook.sheet_names(), TABLES);
        for table in TABLES {
            let mut csv = Vec::new();
            crate::write_table(table, &data, &mut csv).unwrap();
            let csv = String::from_utf8(csv).unwrap();
            let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
            let range = workbook.worksheet_range(table).unwrap();
            let first: Vec<String> = range
                .rows()
                .next()
                .unwrap()
                .iter()
                .map(Data::to_string)
                .collect();
            assert_eq!(first, header, "sheet `{table}`");
            assert_eq!(range.height(), csv.lines().count(), "sheet `{table}`");
        }
        let documents = workbook.worksheet_range("documents").unwrap();
        let row = |index: usize| documents.rows().nth(index).unwrap().to_vec();
        // Rows in id order, ids as numbers, the date as a date, an absent date empty.
        assert_eq!(row(1)[0], Data::Float(1.0));
        assert!(row(1)[3].is_datetime(), "{:?}", row(1)[3]);
        assert_eq!(row(1)[3].as_date(), Some(day));
        assert_eq!(row(2)[0], Data::Float(2.0));
        assert_eq!(row(2)[3], Data::Empty);
        assert_eq!(row(2)[1], Data::String("art-2".into()));
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no partial or temporary file left"
        );
    }

    #[test]
    fn a_subset_of_tables_and_unknown_names() {
        let dir = tempfile::tempdir().unwrap();
        let report = write_xlsx(
            dir.path(),
            &["mentions", "actors", "mentions"],
            &Dataset::default(),
        )
        .unwrap();
        assert_eq!(
            report.sheets,
            [("actors".to_owned(), 0), ("mentions".to_owned(), 0)]
        );
        assert_eq!(read(&report.path).sheet_names(), ["actors", "mentions"]);

        let out = dir.path().join("other");
        let error = write_xlsx(&out, &["people"], &Dataset::default()).unwrap_err();
        assert!(matches!(error, Error::UnknownTable { .. }));
        assert!(!out.exists(), "nothing is written when a name is unknown");
    }

    #[test]
    fn a_long_table_goes_on_in_further_sheets() {
        let dir = tempfile::tempdir().unwrap();
        let data = Dataset {
            mentions: (0..7).map(|i| mention(1, i * 10)).collect(),
            ..Dataset::default()
        };
        let report = write_workbook(dir.path(), &["mentions"], &data, 3).unwrap();
        assert_eq!(
            report.sheets,
            [
                ("mentions".to_owned(), 3),
                ("mentions_2".to_owned(), 3),
                ("mentions_3".to_owned(), 1)
            ]
        );
        let mut workbook = read(&report.path);
        let third = workbook.worksheet_range("mentions_3").unwrap();
        assert_eq!(third.height(), 2, "a header on every sheet");
        assert_eq!(
            third.rows().next().unwrap()[0],
            Data::String("document_id".into())
        );
        assert_eq!(third.rows().nth(1).unwrap()[4], Data::Float(60.0));
    }

    #[test]
    fn a_text_over_the_cell_limit_is_cut_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        // Two UTF-16 units per character: over the limit in units, not in characters.
        let long: String = "😀".repeat(20_000);
        let data = Dataset {
            statements: vec![statement(long)],
            ..Dataset::default()
        };
        let report = write_xlsx(dir.path(), &["statements"], &data).unwrap();
        assert_eq!(
            report.truncated,
            [TruncatedCell {
                sheet: "statements".into(),
                row: 2,
                column: "text",
                chars: 20_000
            }]
        );
        let mut workbook = read(&report.path);
        let range = workbook.worksheet_range("statements").unwrap();
        let Data::String(text) = &range.rows().nth(1).unwrap()[9] else {
            panic!("text cell");
        };
        assert!(text.ends_with(" [truncated]"));
        assert!(text.encode_utf16().count() <= MAX_CELL_UNITS);
        assert!(text.starts_with("😀😀"));
    }

    #[track_caller]
    fn check_fit(text: &str, expected_units: Option<usize>) {
        let cut = fit(text);
        assert_eq!(
            cut.as_ref().map(|cut| cut.encode_utf16().count()),
            expected_units
        );
    }

    #[test]
    fn texts_fit_by_utf16_units() {
        check_fit("short", None);
        check_fit(&"a".repeat(MAX_CELL_UNITS), None);
        check_fit(&"a".repeat(MAX_CELL_UNITS + 1), Some(MAX_CELL_UNITS));
        check_fit(&"é".repeat(MAX_CELL_UNITS), None);
        // An odd room: the last pair of units does not fit and is left out whole.
        check_fit(&"😀".repeat(MAX_CELL_UNITS), Some(MAX_CELL_UNITS - 1));
    }
}
