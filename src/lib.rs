//! closeread: tags the language of close relationships in exported chats and journals, and
//! reports how it changes over time.
//!
//! The modules follow the data flow: [`input`] (discover, decode, detect, parse) →
//! [`text`] (tokenize) → [`lexicon`] (load, match) → [`tag`] → [`aggregate`] →
//! [`output`]; [`run`] drives the pipeline in parallel and [`command`] ties it to the CLI.

pub mod aggregate;
pub mod cli;
pub mod command;
pub mod error;
pub mod eval;
pub mod filter;
pub mod input;
pub mod insights;
pub mod lang;
pub mod lexicon;
pub mod output;
pub mod progress;
pub mod record;
pub mod run;
pub mod tag;
pub mod text;

pub use error::{Error, Result};
