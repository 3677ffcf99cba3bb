//! `lines`: one undated record per non-empty line, for piping and labelled data.

use super::{Parsed, Parser, RecordStarts};
use crate::record::Record;

pub struct Lines;

impl RecordStarts for Lines {
    fn starts_record(&self, _line: &str) -> bool {
        true
    }
}

impl Parser for Lines {
    fn record_starts(&self) -> Option<&dyn RecordStarts> {
        Some(self)
    }

    fn parse(&self, text: &str, first_line: u64, out: &mut Parsed) {
        for (offset, line) in text.lines().enumerate() {
            let line = line.trim();
            if !line.is_empty() {
                out.records.push(Record::message(
                    None,
                    None,
                    line.to_owned(),
                    first_line + offset as u64,
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_record_per_non_empty_line_with_line_numbers() {
        let mut parsed = Parsed::default();
        Lines.parse("first\r\n\n  second  \nthird", 10, &mut parsed);
        let got: Vec<(&str, u64)> = parsed
            .records
            .iter()
            .map(|r| (r.text.as_str(), r.line))
            .collect();
        assert_eq!(got, [("first", 10), ("second", 12), ("third", 13)]);
    }
}
