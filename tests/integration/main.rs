//! Integration tests: run the `closeread` binary on real files and check what it writes.
//!
//! All test modules link into this one binary (as ripgrep does), so the binary is built once.

mod anonymize;
mod bounds;
mod corpus;
mod errors;
mod eval;
mod exports;
mod formats;
mod insights;
mod lang;
mod lexicons_intl;
mod packaging;
mod parsers;
mod properties;
mod readme;
mod reliability;
mod safety;
mod tables;
mod tag;
mod trends;
mod util;
