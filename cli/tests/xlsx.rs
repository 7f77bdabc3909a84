//! End-to-end tests of `entente export --format xlsx`: the workbook read back with
//! calamine, and compared with the CSV export of the same database.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, DataType, Reader, Xlsx, open_workbook};

const TABLES: [&str; 8] = [
    "documents",
    "actors",
    "organisations",
    "initiatives",
    "meetings",
    "meeting_participants",
    "statements",
    "mentions",
];

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entente"))
        .env_remove("ENTENTE_DB")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

/// A database of the bundled examples, in `dir`.
fn examples_db(dir: &Path) -> PathBuf {
    let db = dir.join("t.db");
    let out = run(&["ingest", "-q", "--db", path(&db), path(&examples())]);
    assert!(out.status.success(), "{}", stderr(&out));
    db
}

fn workbook(path: &Path) -> Xlsx<BufReader<File>> {
    open_workbook(path).expect("the workbook opens")
}

/// The header and the rows of a CSV file.
fn csv_table(path: &Path) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut reader = csv::Reader::from_path(path).expect("csv opens");
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader.records().map(Result::unwrap).collect();
    (header, rows)
}

/// The XML of a sheet, straight from the zip container.
fn sheet_xml(workbook: &Path, index: usize) -> String {
    let mut zip = zip::ZipArchive::new(File::open(workbook).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name(&format!("xl/worksheets/sheet{index}.xml"))
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[test]
fn the_workbook_has_a_sheet_per_table_in_the_csv_columns() {
    let dir = tempfile::tempdir().unwrap();
    let db = examples_db(dir.path());
    let csv_dir = dir.path().join("csv");
    let xlsx_dir = dir.path().join("xlsx");
    let csv = run(&["export", "--db", path(&db), "--out", path(&csv_dir)]);
    assert!(csv.status.success(), "{}", stderr(&csv));
    let xlsx = run(&[
        "export",
        "--db",
        path(&db),
        "--out",
        path(&xlsx_dir),
        "--format",
        "xlsx",
    ]);
    assert!(xlsx.status.success(), "{}", stderr(&xlsx));
    assert!(xlsx.stdout.is_empty());
    let file = xlsx_dir.join("entente.xlsx");
    assert!(
        stderr(&xlsx).contains(&format!("wrote {} (8 sheets)", file.display())),
        "{}",
        stderr(&xlsx)
    );
    let entries: Vec<_> = std::fs::read_dir(&xlsx_dir).unwrap().collect();
    assert_eq!(
        entries.len(),
        1,
        "only the workbook: no CSV, no partial file"
    );

    let mut book = workbook(&file);
    assert_eq!(book.sheet_names(), TABLES);
    for table in TABLES {
        let (header, rows) = csv_table(&csv_dir.join(format!("{table}.csv")));
        let range = book.worksheet_range(table).unwrap();
        let mut sheet_rows = range.rows();
        let first: Vec<String> = sheet_rows
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(first, header, "sheet `{table}`");
        assert_eq!(sheet_rows.len(), rows.len(), "rows of sheet `{table}`");
        assert!(
            !rows.is_empty() || table == "meeting_participants",
            "{table} has rows"
        );
        // Cell by cell, the sheet says what the CSV file says.
        for (row, record) in range.rows().skip(1).zip(&rows) {
            for ((cell, field), column) in row.iter().zip(record).zip(&header) {
                let shown = match cell {
                    Data::Float(number) if number.fract() == 0.0 => format!("{number}"),
                    Data::DateTime(_) => cell.as_date().unwrap().to_string(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                };
                assert_eq!(shown, field, "sheet `{table}` column `{column}`");
            }
        }
    }

    // Ids are numbers; a date is a date; text stays text.
    let meetings = book.worksheet_range("meetings").unwrap();
    let dated = meetings
        .rows()
        .skip(1)
        .find(|row| !row[1].is_empty())
        .expect("a dated meeting");
    assert!(matches!(dated[0], Data::Float(_)), "{:?}", dated[0]);
    assert!(dated[1].is_datetime(), "{:?}", dated[1]);
    assert!(matches!(dated[6], Data::String(_)), "kind {:?}", dated[6]);
    let documents = book.worksheet_range("documents").unwrap();
    assert!(documents.rows().skip(1).all(|row| row[3].is_datetime()));

    // The header row is frozen and filters, on every sheet.
    for index in 1..=TABLES.len() {
        let xml = sheet_xml(&file, index);
        assert!(
            xml.contains(r#"ySplit="1""#) && xml.contains(r#"state="frozen""#),
            "sheet {index}"
        );
        assert!(xml.contains("<autoFilter ref=\"A1:"), "sheet {index}");
    }
}

#[test]
fn tables_select_sheets_and_quiet_prints_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = examples_db(dir.path());
    let out_dir = dir.path().join("out");
    let out = run(&[
        "export",
        "--db",
        path(&db),
        "--out",
        path(&out_dir),
        "--format",
        "xlsx",
        "--table",
        "statements",
        "--table",
        "actors",
        "-q",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    assert_eq!(
        workbook(&out_dir.join("entente.xlsx")).sheet_names(),
        ["actors", "statements"]
    );
}

#[test]
fn bad_format_table_or_database_fail_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let db = examples_db(dir.path());
    let out_dir = dir.path().join("out");
    let bad_format = run(&[
        "export",
        "--db",
        path(&db),
        "--out",
        path(&out_dir),
        "--format",
        "ods",
    ]);
    assert_eq!(bad_format.status.code(), Some(2));
    assert!(
        stderr(&bad_format).contains("ods"),
        "{}",
        stderr(&bad_format)
    );

    let args = [
        "export",
        "--db",
        path(&db),
        "--out",
        path(&out_dir),
        "--format",
        "xlsx",
    ];
    let bad_table = run(&[&args[..], &["--table", "people"]].concat());
    assert_eq!(bad_table.status.code(), Some(2));
    assert!(
        stderr(&bad_table).contains("unknown table `people`"),
        "{}",
        stderr(&bad_table)
    );
    assert!(!out_dir.join("entente.xlsx").exists());

    let missing = dir.path().join("missing.db");
    let no_db = run(&[
        "export",
        "--db",
        path(&missing),
        "--out",
        path(&out_dir),
        "--format",
        "xlsx",
    ]);
    assert_eq!(no_db.status.code(), Some(2));
    assert!(stderr(&no_db).contains("missing.db"), "{}", stderr(&no_db));
}

#[test]
fn a_text_too_long_for_a_cell_is_cut_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    // A quote of about 40,000 characters: over Excel's cell limit.
    let quote = "We will build the corridor together, step by step. ".repeat(800);
    let article = dir.path().join("long.txt");
    std::fs::write(
        &article,
        format!(
            "---\ntitle: Long quote\npublished: 2025-09-01\n---\n\
             ANKARA - Turkish Foreign Minister Hakan Fidan spoke on Monday.\n\n\
             \u{201c}{},\u{201d} Fidan said.\n",
            quote.trim_end().trim_end_matches('.')
        ),
    )
    .unwrap();
    let ingest = run(&["ingest", "-q", "--db", path(&db), path(&article)]);
    assert!(ingest.status.success(), "{}", stderr(&ingest));
    let out_dir = dir.path().join("out");
    let out = run(&[
        "export",
        "--db",
        path(&db),
        "--out",
        path(&out_dir),
        "--format",
        "xlsx",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("warning:") && err.contains("sheet `statements` row 2 column `text`"),
        "{err}"
    );

    let mut book = workbook(&out_dir.join("entente.xlsx"));
    let statements = book.worksheet_range("statements").unwrap();
    let Data::String(text) = &statements.rows().nth(1).unwrap()[9] else {
        panic!("a text cell");
    };
    assert!(
        text.ends_with("[truncated]"),
        "{}",
        &text[text.len() - 40..]
    );
    assert!(text.chars().count() <= 32_767);
    assert!(text.starts_with("We will build the corridor together"));
}
