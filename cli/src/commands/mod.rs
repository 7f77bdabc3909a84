//! One module per subcommand.

pub mod export;
pub mod extract;
pub mod ingest;

/// How much to print on stderr.
#[derive(Debug, Clone, Copy, Default)]
pub struct Output {
    pub quiet: bool,
    pub verbose: bool,
}
