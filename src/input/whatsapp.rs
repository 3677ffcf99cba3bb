//! `whatsapp`: WhatsApp chat exports from iOS and Android in any locale.

use super::{Parsed, Parser};

/// A WhatsApp parser configured for one file (its date order is inferred from the file).
pub struct WhatsApp {}

impl WhatsApp {
    /// Infers the file's date order from its first decoded text.
    pub fn for_sample(_sample: &str) -> Self {
        WhatsApp {}
    }
}

/// Whether most of the first lines of `sample` carry WhatsApp message headers.
pub fn looks_like(_sample: &str) -> bool {
    false
}

impl Parser for WhatsApp {
    fn starts_record(&self, _line: &str) -> bool {
        true
    }

    fn parse(&self, _text: &str, _first_line: u64, _out: &mut Parsed) {}
}
