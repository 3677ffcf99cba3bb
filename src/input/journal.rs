//! `journal`: plain-text and Markdown diaries whose entries start at date lines or headings.

use std::path::Path;

use super::{Parsed, Parser};

pub struct Journal {}

impl Journal {
    /// A parser for one file; a file named like `2024-03-01.md` dates text before any date line.
    pub fn for_file(_path: &Path) -> Self {
        Journal {}
    }
}

/// Whether `sample` (or the file name) looks like a dated journal.
pub fn looks_like(_path: &Path, _sample: &str) -> bool {
    false
}

impl Parser for Journal {
    fn starts_record(&self, _line: &str) -> bool {
        true
    }

    fn parse(&self, _text: &str, _first_line: u64, _out: &mut Parsed) {}
}
