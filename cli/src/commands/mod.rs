//! One module per subcommand.

pub mod actors;
pub mod completions;
pub mod curation;
pub mod documents;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod initiatives;
pub mod meetings;
pub mod organisations;
pub mod query;
pub mod reextract;
pub mod serve;
pub mod show;
pub mod statements;
pub mod stats;

/// How much to print on stderr.
#[derive(Debug, Clone, Copy, Default)]
pub struct Output {
    pub quiet: bool,
    pub verbose: bool,
}
