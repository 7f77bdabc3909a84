//! The errors of this crate. Extraction itself never fails (what it cannot read is
//! left out); reading a user dictionary can.

/// What went wrong, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A user dictionary that cannot be read: its file, the 1-based line of the
    /// offending entry or value, and why.
    #[error("{file}:{line}: {message}")]
    Dictionary {
        file: String,
        line: usize,
        message: String,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
