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

    /// A user dictionary (TOML) of persons, organisations and initiatives, read by
    /// `ingest`, `extract` and `reextract` (and compared by `stats`); without it, `entente.dict.toml` beside the database is
    /// read when present. See README, "User dictionary".
    #[arg(long, global = true, value_name = "FILE")]
    pub dict: Option<PathBuf>,

    /// Print only errors: no progress bar, no summary, no warnings.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Print more about what is done (each document stored or rejected).
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// How long a write waits for another process writing the same database, in seconds.
    #[arg(
        long,
        global = true,
        value_name = "SECONDS",
        default_value = "30",
        value_parser = parse_seconds
    )]
    pub busy_timeout: std::time::Duration,

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
    /// (same text) is counted as already known. On a terminal a progress bar shows the
    /// bytes read (hidden with --quiet, when stderr is no terminal, or with TERM=dumb);
    /// a one-line summary follows.
    #[command(after_help = "Examples:\n  entente ingest examples/ --export out/\n  \
        zcat dump.jsonl.gz | entente ingest -")]
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
        /// How many articles to extract at once (threads); the default is the number of
        /// cores. The database is the same whatever the number.
        #[arg(short, long, value_name = "N")]
        jobs: Option<std::num::NonZeroUsize>,
        /// Commit every N stored articles (also every 32 MiB of text, after a second
        /// without a new article, and at the end): readers see them from each commit,
        /// and a killed ingest loses at most the articles since the last one.
        #[arg(long, value_name = "N", default_value_t = std::num::NonZeroUsize::new(entente_store::BATCH_DOCUMENTS).unwrap_or(std::num::NonZeroUsize::MIN))]
        batch: std::num::NonZeroUsize,
        /// The largest article: a larger file or `text` is rejected without being read
        /// whole. Bytes, or with a unit: 16M, 512k, 1G (powers of 1024).
        #[arg(long, value_name = "BYTES", default_value = "16M", value_parser = parse_size)]
        max_article_bytes: u64,
    },
    /// Write the database as CSV files or one Excel workbook, or the meeting network as
    /// a graph file, into a folder.
    ///
    /// csv writes one file per table (documents.csv, actors.csv ...); xlsx writes
    /// DIR/entente.xlsx with one sheet per table in the same columns, dates as dates;
    /// graphml and gexf write DIR/meetings.graphml or DIR/meetings.gexf.
    #[command(
        after_help = "Examples:\n  entente export --out out/ --table meetings --table statements\n  \
        entente export --out out/ --format xlsx\n  \
        entente export --out out/ --format gexf --country TUR --from 2025"
    )]
    Export {
        /// The folder to write into (created if needed).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// What to write.
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
        /// Only this table (file stem such as `actors`); repeat for several. CSV and xlsx.
        #[arg(long = "table", value_name = "NAME")]
        tables: Vec<String>,
        #[command(flatten)]
        network: crate::commands::export::NetworkArgs,
    },
    /// Extract one article without a database and print what was found.
    #[command(after_help = "Example:\n  entente extract examples/01_state_visit.txt --format text")]
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
    /// List actors (persons), most mentioned first, with titles, aliases and counts.
    #[command(after_help = "Example:\n  entente actors --country TUR")]
    Actors(crate::commands::actors::ActorsArgs),
    /// List meetings reported as held, newest first, each with the sentence behind it.
    ///
    /// Names are matched as people type them: "erdogan" finds Recep Tayyip Erdoğan, "xi"
    /// finds Xi Jinping. A name that fits several actors lists them with their ids (exit 1).
    #[command(after_help = "Example:\n  entente meetings --actor erdogan --actor xi --limit 1")]
    Meetings(crate::commands::meetings::MeetingsArgs),
    /// List statements (quotes and reported speech), newest first, with full-text search.
    #[command(
        after_help = "Example:\n  entente statements --speaker xi --search '\"belt and road\"'"
    )]
    Statements(crate::commands::statements::StatementsArgs),
    /// List initiatives (Belt and Road Initiative, Middle Corridor ...), most mentioned first.
    #[command(after_help = "Example:\n  entente initiatives --sponsor CHN")]
    Initiatives(crate::commands::initiatives::InitiativesArgs),
    /// List organisations, most mentioned first.
    #[command(after_help = "Example:\n  entente organisations --name ministry")]
    Organisations(crate::commands::organisations::OrganisationsArgs),
    /// List the stored articles, newest first; with an entity, those that mention it.
    #[command(after_help = "Example:\n  entente documents --initiative \"middle corridor\"")]
    Documents(crate::commands::documents::DocumentsArgs),
    /// Show everything known about one record, with every evidence sentence and its article.
    #[command(after_help = "Examples:\n  entente show actor erdogan\n  entente show meeting 14")]
    Show(crate::commands::show::ShowArgs),
    /// An overview: counts per kind, the dates covered, the top actors, the pairs who
    /// met most often, the most quoted speakers, and whether a re-extraction is due.
    #[command(after_help = "Example:\n  entente stats --top 5")]
    Stats(crate::commands::stats::StatsArgs),
    /// Extract every stored document again with this binary's rules and the current
    /// user dictionary, replacing every derived record in one transaction.
    ///
    /// Document ids, texts and metadata stay; merges and removals are applied again.
    /// An interrupted run leaves the old records.
    #[command(
        after_help = "Examples:\n  entente reextract --jobs 2\n  entente --dict entente.dict.toml reextract"
    )]
    Reextract {
        /// How many documents to extract at once (threads); the default is the number of
        /// cores. The records are the same whatever the number.
        #[arg(short, long, value_name = "N")]
        jobs: Option<std::num::NonZeroUsize>,
    },
    /// Merge two actors, organisations or initiatives the resolver kept apart.
    ///
    /// The second record joins the first: mentions, meetings, statements, titles and
    /// aliases move, its name becomes an alias. Remembered: re-extractions merge again.
    #[command(after_help = "Example:\n  entente merge actor 12 30")]
    Merge(crate::commands::curation::MergeArgs),
    /// Remove a document (a retracted article) with its mentions, meetings and
    /// statements, and the entities no other document refers to.
    ///
    /// Remembered by the text's sha256: later ingests and re-extractions skip it.
    #[command(after_help = "Example:\n  entente remove document 7")]
    Remove(crate::commands::curation::RemoveArgs),
    /// Forget a removal, so that the next ingest of the article stores it again; without
    /// a sha256, list the removed documents (sha256, published, removed at, title).
    #[command(after_help = "Example:\n  entente restore document 74b4f323c5de")]
    Restore(crate::commands::curation::RestoreArgs),
    /// Print a shell completion script on stdout.
    ///
    /// Load it in the running shell, or install it where the shell looks for completions.
    #[command(after_help = "Examples:\n  source <(entente completions bash)\n  \
        entente completions zsh > ~/.zfunc/_entente\n  \
        entente completions fish > ~/.config/fish/completions/entente.fish")]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Explore the database in a browser: a local, read-only web server.
    ///
    /// Pages for actors (timelines), meetings, statements, organisations, initiatives,
    /// documents (the article with every extracted span), search and the meeting
    /// network. Answers until Ctrl-C.
    #[command(
        after_help = "Examples:\n  entente serve\n  entente --db news.db serve --bind 127.0.0.1:9000"
    )]
    Serve(crate::commands::serve::ServeArgs),
}

/// What `entente export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One CSV file per table (`DIR/<table>.csv`).
    Csv,
    /// One workbook, `DIR/entente.xlsx`, with a sheet per table.
    Xlsx,
    /// The meeting network as GraphML (`DIR/meetings.graphml`: networkx, Cytoscape).
    Graphml,
    /// The meeting network as GEXF 1.3 (`DIR/meetings.gexf`: Gephi).
    Gexf,
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

fn parse_size(text: &str) -> Result<u64, String> {
    crate::input::parse_size(text)
        .filter(|&bytes| bytes > 0)
        .ok_or_else(|| format!("`{text}` is not a size in bytes (such as 16M, 512k, 1000000)"))
}

fn parse_seconds(text: &str) -> Result<std::time::Duration, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .and_then(|seconds| std::time::Duration::try_from_secs_f64(seconds).ok())
        .ok_or_else(|| format!("`{text}` is not a number of seconds"))
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

    #[test]
    fn export_writes_csv_unless_told_xlsx() {
        let format = |args: &[&str]| match Cli::try_parse_from(args.iter().copied()) {
            Ok(Cli {
                command: Command::Export { format, .. },
                ..
            }) => Some(format),
            _ => None,
        };
        assert_eq!(
            format(&["entente", "export", "--out", "x"]),
            Some(ExportFormat::Csv)
        );
        assert_eq!(
            format(&["entente", "export", "--out", "x", "--format", "xlsx"]),
            Some(ExportFormat::Xlsx)
        );
        assert_eq!(
            format(&["entente", "export", "--out", "x", "--format", "ods"]),
            None
        );
    }

    #[test]
    fn busy_timeout_and_article_limit_take_units() {
        let parse = |args: &[&str]| Cli::try_parse_from(args.iter().copied());
        let cli = parse(&["entente", "ingest", "x"]).unwrap();
        assert_eq!(cli.busy_timeout, std::time::Duration::from_secs(30));
        let Command::Ingest {
            max_article_bytes, ..
        } = cli.command
        else {
            panic!("not ingest");
        };
        assert_eq!(max_article_bytes, 16 * 1024 * 1024);
        let cli = parse(&["entente", "ingest", "x", "--busy-timeout", "0.25"]).unwrap();
        assert_eq!(cli.busy_timeout, std::time::Duration::from_millis(250));
        for bad in [
            &["entente", "--busy-timeout", "-1", "ingest", "x"][..],
            &["entente", "--busy-timeout", "soon", "ingest", "x"],
            &["entente", "ingest", "x", "--max-article-bytes", "0"],
            &["entente", "ingest", "x", "--max-article-bytes", "16Q"],
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
