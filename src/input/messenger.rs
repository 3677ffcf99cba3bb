//! `messenger`: Facebook Messenger and Instagram "Download your information" JSON
//! (`message_1.json`: `{participants, messages: [{sender_name, timestamp_ms, content}]}`).
//!
//! Meta writes messages newest first; records come out oldest first. A long thread is split
//! over `message_1.json` (newest), `message_2.json`, … in one folder: each file is ordered
//! on its own, and discovery reads them by descending number (`discover::compare_names`),
//! so the thread comes out as one chronological conversation.
//! `timestamp_ms` carries no zone, so a record's time is the local time of the zone the
//! parser is given: the machine's (`TZ` decides), as the design says for zone-less epochs.
//!
//! Meta's exporter writes every string as UTF-8 bytes escaped one by one as `\u00XX` code
//! points, so "café" arrives as "cafÃ©" and emoji as four Latin-1 characters; `demojibake`
//! turns them back (it has been that way in Facebook and Instagram exports since 2018).

use super::json::{self, Field, Layout};
use super::{Parsed, Parser};
use crate::record::{Moment, Record, RecordKind};
use jiff::tz::TimeZone;
use serde::Deserialize;
use serde::de::IgnoredAny;

/// Reads a Messenger or Instagram thread file whole; times are converted with `tz`.
pub struct Messenger {
    tz: TimeZone,
}

impl Messenger {
    pub fn new(tz: TimeZone) -> Self {
        Messenger { tz }
    }
}

/// Whether `sample` starts a Messenger or Instagram message file.
pub fn looks_like(sample: &str) -> bool {
    json::object_with_keys(sample, &["messages", "sender_name", "timestamp_ms"])
}

/// One thread, newest message first.
static LAYOUT: Layout = Layout {
    what: "Messenger",
    // `participants` too: people of the thread who may never write, for `--anonymize`.
    lists: &[&["participants"], &["messages"]],
    unique_ids: false,
    oldest_first: true,
};

#[derive(Deserialize)]
/// A message's fields, each read on its own (see [`Field`]).
struct Message {
    #[serde(default)]
    sender_name: Field<String>,
    #[serde(default)]
    timestamp_ms: Field<i64>,
    #[serde(default)]
    content: Field<String>,
    #[serde(rename = "type", default)]
    kind: Field<String>,
    #[serde(default)]
    is_unsent: Field<bool>,
    call_duration: Option<IgnoredAny>,
    photos: Option<IgnoredAny>,
    videos: Option<IgnoredAny>,
    audio_files: Option<IgnoredAny>,
    gifs: Option<IgnoredAny>,
    files: Option<IgnoredAny>,
    sticker: Option<IgnoredAny>,
    share: Option<IgnoredAny>,
}

/// An element of `participants`: a name, and none of a message's fields.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Participant {
    name: String,
}

impl Parser for Messenger {
    fn json_layout(&self) -> Option<&'static Layout> {
        Some(&LAYOUT)
    }

    fn parse(&self, text: &str, first_line: u64, out: &mut Parsed) {
        json::parse_chunk(text, LAYOUT.what, first_line, out, |raw, line, _, out| {
            if let Ok(person) = serde_json::from_str::<Participant>(raw) {
                out.people.push(demojibake(person.name));
                return;
            }
            match serde_json::from_str::<Message>(raw) {
                Ok(message) => {
                    let record = self.record(message, line, out);
                    out.records.push(record);
                }
                Err(error) => out.problem(line, format!("unreadable Messenger message: {error}")),
            }
        });
    }
}

impl Messenger {
    fn record(&self, message: Message, line: u64, out: &mut Parsed) -> Record {
        let when = message
            .timestamp_ms
            .take("timestamp_ms", line, out)
            .and_then(|millis| json::from_epoch_millis(millis, &self.tz))
            .map(Moment::Time);
        let author = message.sender_name.take("sender_name", line, out);
        let author = author.map(demojibake);
        let content = message.content.take("content", line, out).map(demojibake);
        let unsent = message.is_unsent.take("is_unsent", line, out) == Some(true);
        let kind = message.kind.take("type", line, out);
        let media = [
            (message.photos.is_some(), "photo"),
            (message.videos.is_some(), "video"),
            (message.audio_files.is_some(), "audio"),
            (message.gifs.is_some(), "gif"),
            (message.sticker.is_some(), "sticker"),
            (message.files.is_some(), "file"),
            (message.share.is_some(), "share"),
        ]
        .into_iter()
        .find_map(|(present, name)| present.then_some(name));
        let system = unsent
            || message.call_duration.is_some()
            || matches!(kind.as_deref(), Some("Call" | "Subscribe" | "Unsubscribe"));
        let (kind, text) = match (content, media) {
            (Some(content), _) if system => (RecordKind::System, content),
            (None, _) if system => (RecordKind::System, String::new()),
            (Some(content), _) if !content.trim().is_empty() => (RecordKind::Message, content),
            (_, Some(media)) => (RecordKind::Media, media.to_owned()),
            (content, None) => (RecordKind::Message, content.unwrap_or_default()),
        };
        match kind {
            RecordKind::Message => Record::message(when, author, text, line),
            kind => Record::new(when, author, text, kind, line),
        }
    }
}

/// Undoes Meta's double encoding: a string made only of code points up to U+00FF whose
/// values form valid UTF-8 is that UTF-8. Anything else (real Latin-1 text such as a lone
/// "é", which is not valid UTF-8 as a byte) is left as it is.
pub fn demojibake(text: String) -> String {
    if text.is_ascii() || text.chars().any(|c| c > '\u{FF}') {
        return text;
    }
    let bytes: Vec<u8> = text.chars().map(|c| c as u8).collect();
    String::from_utf8(bytes).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Parsed {
        json::read_str(&Messenger::new(TimeZone::UTC), text)
    }

    #[test]
    fn mojibake_is_repaired_and_real_latin1_kept() {
        assert_eq!(demojibake("caf\u{c3}\u{a9}".into()), "café");
        assert_eq!(demojibake("\u{f0}\u{9f}\u{98}\u{8d}".into()), "😍");
        assert_eq!(demojibake("café".into()), "café");
        assert_eq!(demojibake("plain".into()), "plain");
        assert_eq!(demojibake("naïve 😍".into()), "naïve 😍");
    }

    const THREAD: &str = r#"{
  "participants": [{"name": "Zo\u00c3\u00ab: Admin \u00f0\u009f\u0098\u008a"}, {"name": "Kit"}],
  "messages": [
    {"sender_name": "Kit", "timestamp_ms": 1700000300000, "content": "Sorry,\nmy fault \u00e2\u009d\u00a4\u00ef\u00b8\u008f", "is_geoblocked_for_viewer": false},
    {"sender_name": "Kit", "timestamp_ms": 1700000200000, "photos": [{"uri": "photos/1.jpg"}]},
    {"sender_name": "Zo\u00c3\u00ab: Admin \u00f0\u009f\u0098\u008a", "timestamp_ms": 1700000100000, "content": "Kit started a call.", "call_duration": 0, "type": "Call"},
    {"sender_name": "Kit", "timestamp_ms": 1700000100000, "content": "", "is_unsent": true},
    {"sender_name": "Zo\u00c3\u00ab: Admin \u00f0\u009f\u0098\u008a", "timestamp_ms": 1700000000000, "content": "I really appreciate you"},
    {"sender_name": "Kit", "timestamp_ms": 1700000000000, "content": ""}
  ],
  "title": "Kit",
  "is_still_participant": true
}"#;

    #[test]
    fn thread_comes_out_oldest_first_with_kinds_and_repaired_names() {
        let parsed = parse(THREAD);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let got: Vec<(String, &str, &str, RecordKind, u64)> = parsed
            .records
            .iter()
            .map(|r| {
                (
                    r.when.unwrap().datetime().unwrap().to_string(),
                    r.author.as_deref().unwrap(),
                    r.text.as_str(),
                    r.kind,
                    r.line,
                )
            })
            .collect();
        let zoe = "Zoë: Admin 😊";
        assert_eq!(
            got,
            [
                (
                    "2023-11-14T22:13:20".into(),
                    "Kit",
                    "",
                    RecordKind::Message,
                    9
                ),
                (
                    "2023-11-14T22:13:20".into(),
                    zoe,
                    "I really appreciate you",
                    RecordKind::Message,
                    8
                ),
                (
                    "2023-11-14T22:15:00".into(),
                    "Kit",
                    "",
                    RecordKind::System,
                    7
                ),
                (
                    "2023-11-14T22:15:00".into(),
                    zoe,
                    "Kit started a call.",
                    RecordKind::System,
                    6
                ),
                (
                    "2023-11-14T22:16:40".into(),
                    "Kit",
                    "photo",
                    RecordKind::Media,
                    5
                ),
                (
                    "2023-11-14T22:18:20".into(),
                    "Kit",
                    "Sorry,\nmy fault ❤️",
                    RecordKind::Message,
                    4
                ),
            ]
        );
    }

    #[test]
    fn times_are_local_to_the_given_zone() {
        let text = r#"{"messages": [{"sender_name": "A", "timestamp_ms": 1579294140000, "content": "x"}]}"#;
        let out = json::read_str(
            &Messenger::new(TimeZone::get("America/New_York").unwrap()),
            text,
        );
        assert_eq!(
            out.records[0].when,
            Some(Moment::Time("2020-01-17T15:49:00".parse().unwrap()))
        );
    }

    #[test]
    fn unreadable_messages_and_truncated_files_are_problems() {
        let parsed = parse(
            "{\"messages\": [\n{\"sender_name\": 7, \"timestamp_ms\": 1.7e12, \"content\": \"kept\"},\n{\"sender_name\": \"A\", \"content\": \"undated\"}, 5]}",
        );
        let texts: Vec<(&str, Option<&str>)> = parsed
            .records
            .iter()
            .map(|r| (r.text.as_str(), r.author.as_deref()))
            .collect();
        assert_eq!(texts, [("undated", Some("A")), ("kept", None)]);
        assert!(parsed.records.iter().all(|r| r.when.is_none()));
        let mut problems: Vec<(u64, &str)> = parsed
            .problems
            .iter()
            .map(|p| (p.line, p.message.split(':').next().unwrap()))
            .collect();
        problems.sort();
        assert_eq!(
            problems,
            [
                (2, "sender_name left out"),
                (2, "timestamp_ms left out"),
                (3, "unreadable Messenger message")
            ]
        );
        // The messages before the cut still come out oldest first.
        let parsed = parse(&THREAD[..THREAD.len() / 2]);
        let texts: Vec<&str> = parsed.records.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["photo", "Sorry,\nmy fault ❤️"]);
        assert_eq!(parsed.problems.len(), 1);
    }

    #[test]
    fn detection() {
        assert!(looks_like(THREAD));
        assert!(!looks_like(
            r#"{"messages": [{"from": "A", "date_unixtime": "1"}]}"#
        ));
    }
}
