//! Typed errors of the library; the binary turns them into messages and exit codes.

use std::path::PathBuf;

/// Something went wrong with one input or with the run as a whole.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Parse {
        path: PathBuf,
        line: u64,
        message: String,
    },
    #[error("{path}: {message}")]
    Input { path: PathBuf, message: String },
    #[error("{path}:{line}: {message}")]
    Lexicon {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{0}")]
    Usage(String),
    /// Standard output was closed by its reader (`closeread tag … | head`): stop quietly.
    #[error("output closed")]
    OutputClosed,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
