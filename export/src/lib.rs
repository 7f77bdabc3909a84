//! Writers that turn stored entente records into files for people and other tools.
//!
//! The caller (the CLI) loads a [`Dataset`] or a meeting [`entente_model::Network`]
//! from the store; this crate never opens SQLite. [`write_table`] writes one of the
//! [`TABLES`] as CSV to any `io::Write`, [`write_csv_dir`] writes `DIR/<table>.csv`
//! files, and [`write_xlsx`] one workbook, `DIR/entente.xlsx`, with a sheet per table in
//! the same columns (`xlsx.rs`; the typed cells come from the same row structs through a
//! small serializer, `cell.rs`); [`write_graph`] and [`write_graph_file`] write the
//! network as GraphML or GEXF (`graph.rs`).
//!
//! The CSV contract (DESIGN.md, "Contracts users rely on"): UTF-8 without BOM, a header
//! line always, RFC 4180 quoting, LF line ends, lists joined with `"; "`, dates
//! `YYYY-MM-DD`, countries as ISO alpha-3 codes, rows in id order, byte-identical output
//! for the same data. Control characters other than `\n` and `\t` are dropped from cells;
//! line breaks inside a cell are kept and quoted. Column names live only in the row
//! structs of `row.rs`.

mod cell;
mod dataset;
mod error;
mod graph;
mod row;
mod table;
mod xlsx;

pub use dataset::Dataset;
pub use error::{Error, Result};
pub use graph::{GraphFormat, write_graph, write_graph_file};
pub use table::{
    MentionsCsv, RecordsCsv, StatementsCsv, StreamedRecord, TABLES, write_csv_dir, write_table,
};
pub use xlsx::{TRUNCATED, TruncatedCell, XLSX_FILE, XlsxReport, write_xlsx};
