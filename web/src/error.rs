//! Why the explorer cannot start.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database file does not exist (the explorer never creates one).
    #[error("database `{path}` does not exist; ingest articles first (`entente ingest`)", path = .path.display())]
    MissingDatabase { path: PathBuf },
    /// The database cannot be opened read-only or has another schema version.
    #[error("cannot serve database `{path}`", path = .path.display())]
    Store {
        path: PathBuf,
        #[source]
        source: entente_store::Error,
    },
    /// The address is taken or not ours to listen on.
    #[error("cannot listen on `{addr}`{hint}")]
    Bind {
        addr: SocketAddr,
        hint: &'static str,
        #[source]
        source: std::io::Error,
    },
}

/// Results of the explorer.
pub type Result<T, E = Error> = std::result::Result<T, E>;
