//! Errors of the export crate.

use std::io;
use std::path::PathBuf;

use crate::TABLES;

/// What can go wrong while writing an export.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Serialising or writing the rows of a table failed.
    #[error("cannot write table `{table}`")]
    Csv {
        table: String,
        #[source]
        source: csv::Error,
    },
    /// Creating the output folder or one of its files failed.
    #[error("cannot write `{}`", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// Writing a graph file (GraphML, GEXF) to its stream failed.
    #[error("cannot write the {format} graph")]
    Graph {
        format: &'static str,
        #[source]
        source: io::Error,
    },
    /// A table name that is not one of [`TABLES`].
    #[error("unknown table `{name}` (expected one of: {})", TABLES.join(", "))]
    UnknownTable { name: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
