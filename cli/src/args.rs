//! Command-line arguments (clap derive); help text comes from the doc comments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// entente: turn English news about diplomacy into a database of who met whom, when
/// and where, who said what, and which organisations and initiatives were involved.
#[derive(Debug, Parser)]
#[command(name = "entente", version, propagate_version = true)]
pub struct Cli {
    /// The database file.
    #[arg(long, global = true, env = "ENTENTE_DB", default_value = "entente.db")]
    pub db: PathBuf,

    /// Print only errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Print more about what is done (each document stored or rejected).
    #[arg(short, long, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read articles into the database.
    ///
    /// PATH is a file (.txt/.md plain text, optionally with a front-matter block;
    /// .jsonl/.ndjson/.jsonl.gz one article per line; .json an object or an array), a
    /// folder (read recursively) or `-` for standard input. An article already stored
    /// (same text) is counted as already known.
    ///
    /// Example: entente ingest examples/ --export out/
    Ingest {
        /// Files, folders or `-`.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Publication date (YYYY-MM-DD) for plain-text articles that do not give one.
        #[arg(long, value_parser = parse_date)]
        published: Option<chrono::NaiveDate>,
        /// Title for plain-text articles that do not give one.
        #[arg(long)]
        title: Option<String>,
        /// Source (outlet) for plain-text articles that do not give one.
        #[arg(long)]
        source: Option<String>,
        /// URL for plain-text articles that do not give one.
        #[arg(long)]
        url: Option<String>,
        /// After ingesting, write the CSV files into this folder (as `export --out`).
        #[arg(long, value_name = "DIR")]
        export: Option<PathBuf>,
    },
    /// Write the database as CSV files into a folder.
    ///
    /// Example: entente export --out out/ --table meetings --table statements
    Export {
        /// The folder to write into (created if needed).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Only this table (file stem such as `actors`); repeat for several.
        #[arg(long = "table", value_name = "NAME")]
        tables: Vec<String>,
    },
    /// Extract one article without a database and print what was found.
    ///
    /// Example: entente extract examples/01_state_visit.txt --format text
    Extract {
        /// A .txt/.md/.json/.jsonl file (the first article of it), or `-`.
        path: PathBuf,
        /// Publication date (YYYY-MM-DD) when the file does not give one.
        #[arg(long, value_parser = parse_date)]
        published: Option<chrono::NaiveDate>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExtractFormat::Json)]
        format: ExtractFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// The model's `Extraction` as JSON (byte offsets).
    Json,
    /// One line per record, with its evidence, for people.
    Text,
}

fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    crate::input::parse_date(text).ok_or_else(|| format!("`{text}` is not a date (YYYY-MM-DD)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_options_go_before_or_after_the_subcommand() {
        let before =
            Cli::try_parse_from(["entente", "--db", "a.db", "export", "--out", "x"]).unwrap();
        let after =
            Cli::try_parse_from(["entente", "export", "--out", "x", "--db", "a.db"]).unwrap();
        assert_eq!(before.db, PathBuf::from("a.db"));
        assert_eq!(after.db, PathBuf::from("a.db"));
    }
}
