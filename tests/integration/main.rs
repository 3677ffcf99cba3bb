//! Integration tests: run the `closeread` binary on real files and check what it writes.
//!
//! All test modules link into this one binary (as ripgrep does), so the binary is built once.

mod corpus;
mod errors;
mod eval;
mod formats;
mod insights;
mod packaging;
mod properties;
mod readme;
mod tables;
mod tag;
mod trends;
mod util;
