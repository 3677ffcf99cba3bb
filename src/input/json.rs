//! Helpers for the JSON export formats: sniffing keys for detection, the line a message
//! starts on, epoch times, and reporting a file that is not valid JSON.
//!
//! JSON exports are read whole (they are not cut into chunks), so each parser gets the one
//! decoded `String` of the file. Parsers deserialize the list of messages as borrowed
//! `RawValue`s (slices of that string) and then each message into a small typed struct:
//! nothing copies the whole file, and each record knows its line.

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::Parsed;

/// Whether `sample` starts a JSON object in which every one of `keys` appears as a key.
///
/// This is a textual sniff of the first decoded block, good enough to tell exports apart
/// by their distinctive keys without parsing a possibly truncated sample.
pub fn object_with_keys(sample: &str, keys: &[&str]) -> bool {
    sample.trim_start().starts_with('{') && keys.iter().all(|key| has_key(sample, key))
}

/// Whether `"key"` followed by a colon occurs in `sample`.
pub fn has_key(sample: &str, key: &str) -> bool {
    let needle = format!("\"{key}\"");
    sample
        .match_indices(&needle)
        .any(|(at, _)| sample[at + needle.len()..].trim_start().starts_with(':'))
}

/// Turns positions in the decoded text into 1-based line numbers, counting forward from
/// the last position asked for (messages are visited in file order).
pub struct LineFinder<'a> {
    text: &'a str,
    first_line: u64,
    offset: usize,
    line: u64,
}

impl<'a> LineFinder<'a> {
    pub fn new(text: &'a str, first_line: u64) -> Self {
        LineFinder {
            text,
            first_line,
            offset: 0,
            line: first_line,
        }
    }

    /// Line where `raw`, a value borrowed from the text, starts.
    pub fn line_of(&mut self, raw: &RawValue) -> u64 {
        let start = self.text.as_ptr() as usize;
        let at = (raw.get().as_ptr() as usize).wrapping_sub(start);
        self.line_at(at)
    }

    /// Line of byte offset `at` (clamped to the text).
    pub fn line_at(&mut self, at: usize) -> u64 {
        let at = at.min(self.text.len());
        if at < self.offset {
            self.offset = 0;
            self.line = self.first_line;
        }
        let newlines = memchr::memchr_iter(b'\n', &self.text.as_bytes()[self.offset..at]).count();
        self.line += newlines as u64;
        self.offset = at;
        self.line
    }
}

/// Reads the whole export `text` as `T`, or reports why it is not a readable `what`
/// export at the line serde found.
pub fn parse_export<'a, T: Deserialize<'a>>(
    text: &'a str,
    what: &str,
    first_line: u64,
    out: &mut Parsed,
) -> Option<T> {
    serde_json::from_str(text)
        .map_err(|error| syntax_problem(&error, what, first_line, out))
        .ok()
}

fn syntax_problem(error: &serde_json::Error, what: &str, first_line: u64, out: &mut Parsed) {
    let message = error.to_string();
    // serde's message ends with its own position; the problem already carries the line.
    let message = match message.rfind(" at line ") {
        Some(cut) => format!("{}, column {}", &message[..cut], error.column()),
        None => message,
    };
    let line = first_line + (error.line() as u64).saturating_sub(1);
    out.problem(line, format!("not a readable {what} export: {message}"));
}

/// The local date and time in `tz` of a Unix time in seconds.
pub fn from_epoch_seconds(seconds: i64, tz: &TimeZone) -> Option<DateTime> {
    jiff::Timestamp::from_second(seconds)
        .ok()
        .map(|at| tz.to_datetime(at))
}

/// The local date and time in `tz` of a Unix time in milliseconds.
pub fn from_epoch_millis(millis: i64, tz: &TimeZone) -> Option<DateTime> {
    jiff::Timestamp::from_millisecond(millis)
        .ok()
        .map(|at| tz.to_datetime(at))
}

/// A number that some exporters write as a JSON string (`"1544006350"`) and others not.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Number {
    Int(i64),
    Text(String),
}

impl Number {
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Number::Int(value) => Some(*value),
            Number::Text(text) => text.trim().parse().ok(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_only_as_keys() {
        let sample = r#"{ "messages" : [ {"text": "sender_name"} ] }"#;
        assert!(object_with_keys(sample, &["messages", "text"]));
        assert!(!object_with_keys(sample, &["sender_name"]));
        assert!(!object_with_keys("[1, 2]", &[]));
    }

    #[test]
    fn lines_count_forward_and_restart_when_asked_backwards() {
        let text = "a\nb\nc\nd";
        let mut lines = LineFinder::new(text, 10);
        assert_eq!(lines.line_at(0), 10);
        assert_eq!(lines.line_at(4), 12);
        assert_eq!(lines.line_at(6), 13);
        assert_eq!(lines.line_at(2), 11);
        assert_eq!(lines.line_at(100), 13);
    }

    #[test]
    fn raw_values_know_their_line() {
        #[derive(Deserialize)]
        struct List<'a> {
            #[serde(borrow)]
            items: Vec<&'a RawValue>,
        }
        let text = "{\"items\": [\n1,\n\n{\"a\": 2}\n]}";
        let list: List = serde_json::from_str(text).unwrap();
        let mut lines = LineFinder::new(text, 1);
        let got: Vec<u64> = list.items.iter().map(|raw| lines.line_of(raw)).collect();
        assert_eq!(got, [2, 4]);
    }

    #[test]
    fn syntax_problems_carry_the_line() {
        let mut out = Parsed::default();
        let parsed = parse_export::<serde_json::Value>("{\n\"a\": [1,\n", "Telegram", 1, &mut out);
        assert!(parsed.is_none());
        assert_eq!(out.problems[0].line, 3);
        assert!(
            out.problems[0]
                .message
                .starts_with("not a readable Telegram export: EOF")
        );
    }

    #[test]
    fn epoch_times_become_local_times_in_the_zone() {
        let tz = TimeZone::get("Europe/Berlin").unwrap();
        assert_eq!(
            from_epoch_seconds(1_544_006_350, &tz).unwrap().to_string(),
            "2018-12-05T11:39:10"
        );
        assert_eq!(
            from_epoch_millis(1_579_294_140_000, &TimeZone::UTC)
                .unwrap()
                .to_string(),
            "2020-01-17T20:49:00"
        );
    }
}
