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

/// Opens (creating or migrating) the database for writing. The store's own open error
/// already names the file; its other errors (a newer schema, a failed migration) get
/// the file named here.
pub fn open_store(
    db: &std::path::Path,
    busy_timeout: std::time::Duration,
) -> anyhow::Result<entente_store::Store> {
    match entente_store::Store::open_with_busy_timeout(db, busy_timeout) {
        Ok(store) => Ok(store),
        Err(error @ entente_store::Error::Open { .. }) => Err(error.into()),
        Err(error) => {
            Err(anyhow::Error::new(error)
                .context(format!("cannot open database `{}`", db.display())))
        }
    }
}
