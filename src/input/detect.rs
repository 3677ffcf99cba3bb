//! Format detection from a file's name and first decoded text.

use std::path::Path;

use super::{Format, journal, whatsapp};

/// Picks the format of a file; text with no recognisable structure is read as `lines`.
pub fn detect(path: &Path, sample: &str) -> Format {
    if whatsapp::looks_like(sample) {
        Format::Whatsapp
    } else if journal::looks_like(path, sample) {
        Format::Journal
    } else {
        Format::Lines
    }
}
