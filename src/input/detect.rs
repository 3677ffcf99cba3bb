//! Format detection from a file's name and first decoded text.

use std::path::Path;

use super::{Format, csv, dayone, discord, journal, jrnl, messenger, signal, telegram, whatsapp};

/// Picks the format of a file; text with no recognisable structure is read as `lines`.
pub fn detect(path: &Path, sample: &str) -> Format {
    // JSON exports first: each needs a leading `{` and its own keys, so none of them can
    // claim a text export, and their keys do not overlap.
    if messenger::looks_like(sample) {
        Format::Messenger
    } else if discord::looks_like(sample) {
        Format::Discord
    } else if dayone::looks_like(sample) {
        Format::Dayone
    } else if telegram::looks_like(sample) {
        Format::Telegram
    } else if csv::looks_like(sample) {
        Format::Csv
    } else if jrnl::looks_like(sample) {
        Format::Jrnl
    } else if signal::looks_like(sample) {
        // Before WhatsApp: an ISO date in brackets without WhatsApp's U+200E marks.
        Format::Signal
    } else if whatsapp::looks_like(sample) {
        Format::Whatsapp
    } else if journal::looks_like(path, sample) {
        Format::Journal
    } else {
        Format::Lines
    }
}
