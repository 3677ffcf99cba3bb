//! `telegram`: Telegram Desktop's JSON export ("Export chat history" → JSON), one chat
//! (`{name, type, id, messages}`) or the whole account (`chats.list[]` and `left_chats.list[]`).
//!
//! A record's time is the message's `date`, the local time the export was made in, as
//! written. Exports without `date` (some third-party tools keep only `date_unixtime`) are
//! converted to the time zone given to the parser (the machine's, by default).

use super::json::{self, Field, Layout, Number};
use super::{Parsed, Parser};
use crate::record::{Moment, Record, RecordKind};
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use serde::Deserialize;
use serde::de::IgnoredAny;

/// Reads a Telegram export whole; epoch-only times are converted with `tz`.
pub struct Telegram {
    tz: TimeZone,
}

impl Telegram {
    pub fn new(tz: TimeZone) -> Self {
        Telegram { tz }
    }
}

/// Whether `sample` starts a Telegram Desktop JSON export.
pub fn looks_like(sample: &str) -> bool {
    let object = |keys: &[&str]| json::object_with_keys(sample, keys);
    // A whole-account export begins with profile sections; its chats may come much later.
    object(&["personal_information", "frequent_contacts"])
        || object(&["chats", "list", "messages"])
        || object(&["messages", "date_unixtime"])
        || object(&["messages", "type", "date", "from", "text"])
}

/// A single chat's `messages`, and each chat of a whole-account export.
static LAYOUT: Layout = Layout {
    what: "Telegram",
    lists: &[
        &["messages"],
        &["chats", "list", "*", "messages"],
        &["left_chats", "list", "*", "messages"],
    ],
    unique_ids: true,
    oldest_first: false,
};

/// A message's fields, each read on its own (see [`Field`]).
#[derive(Deserialize)]
struct Message {
    #[serde(rename = "type", default)]
    kind: Field<String>,
    #[serde(default)]
    date: Field<String>,
    #[serde(default)]
    date_unixtime: Field<Number>,
    #[serde(default)]
    from: Field<String>,
    #[serde(default)]
    actor: Field<String>,
    /// People a service message names (a group created with them, or invited).
    #[serde(default)]
    members: Field<Vec<Option<String>>>,
    #[serde(default)]
    action: Field<String>,
    #[serde(default)]
    text: Field<Text>,
    #[serde(default)]
    media_type: Field<String>,
    photo: Option<IgnoredAny>,
    file: Option<IgnoredAny>,
    sticker_emoji: Option<IgnoredAny>,
    poll: Option<IgnoredAny>,
    location_information: Option<IgnoredAny>,
    contact_information: Option<IgnoredAny>,
}

/// `text` is a plain string, or an array of strings and formatted pieces (`{type, text}`).
#[derive(Deserialize)]
#[serde(untagged)]
enum Text {
    Plain(String),
    Parts(Vec<Part>),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Part {
    Plain(String),
    Entity { text: String },
    Other(IgnoredAny),
}

impl Text {
    fn into_string(self) -> String {
        match self {
            Text::Plain(text) => text,
            Text::Parts(parts) => parts
                .into_iter()
                .filter_map(|part| match part {
                    Part::Plain(text) | Part::Entity { text } => Some(text),
                    Part::Other(_) => None,
                })
                .collect(),
        }
    }
}

impl Parser for Telegram {
    fn json_layout(&self) -> Option<&'static Layout> {
        Some(&LAYOUT)
    }

    /// Each message list is a conversation of its own (a whole-account export holds many).
    fn parse(&self, text: &str, first_line: u64, out: &mut Parsed) {
        json::parse_chunk(
            text,
            LAYOUT.what,
            first_line,
            out,
            |raw, line, list, out| match serde_json::from_str::<Message>(raw) {
                Ok(message) => self.push(message, line, list, out),
                Err(error) => out.problem(line, format!("unreadable Telegram message: {error}")),
            },
        );
    }
}

impl Telegram {
    fn push(&self, message: Message, line: u64, conversation: u32, out: &mut Parsed) {
        let attached = media_name(&message);
        let date = message.date.take("date", line, out);
        let unixtime = message.date_unixtime.take("date_unixtime", line, out);
        let when = self.when(date, unixtime, line, out).map(Moment::Time);
        let text = message.text.take("text", line, out);
        let text = text.map(Text::into_string).unwrap_or_default();
        let from = message.from.take("from", line, out);
        let service = message.kind.take("type", line, out).as_deref() == Some("service");
        let media_type = message.media_type.take("media_type", line, out);
        let members = message.members.take("members", line, out);
        out.people.extend(members.into_iter().flatten().flatten());
        let record = if service {
            let text = if text.trim().is_empty() {
                let action = message.action.take("action", line, out);
                action.unwrap_or_default().replace('_', " ")
            } else {
                text
            };
            let author = message.actor.take("actor", line, out).or(from);
            Record::new(when, author, text, RecordKind::System, line)
        } else if let Some(media) = text
            .trim()
            .is_empty()
            .then(|| media_type.or_else(|| attached.map(str::to_owned)))
            .flatten()
        {
            Record::new(when, from, media, RecordKind::Media, line)
        } else {
            Record::message(when, from, text, line)
        };
        out.records.push(Record {
            conversation,
            ..record
        });
    }

    /// The message's `date` as written (a clock with an offset keeps the clock), or else its
    /// `date_unixtime` in the parser's zone. A UTC date (`Z`, written by other tools) is an
    /// instant without a local clock, shown in the zone too.
    fn when(
        &self,
        date: Option<String>,
        unixtime: Option<Number>,
        line: u64,
        out: &mut Parsed,
    ) -> Option<DateTime> {
        if let Some(date) = date {
            if let Ok(time) = date.parse::<DateTime>() {
                return Some(time);
            }
            match date.parse::<jiff::Timestamp>() {
                Ok(at) => return Some(self.tz.to_datetime(at)),
                Err(error) => out.problem(line, format!("unreadable date {date:?}: {error}")),
            }
        }
        let seconds = unixtime?;
        let time = seconds
            .as_i64()
            .and_then(|seconds| json::from_epoch_seconds(seconds, &self.tz));
        if time.is_none() {
            out.problem(line, format!("unreadable date_unixtime {seconds:?}"));
        }
        time
    }
}

/// What a message without text carries, if anything but a `media_type`.
fn media_name(message: &Message) -> Option<&'static str> {
    [
        (message.photo.is_some(), "photo"),
        (message.sticker_emoji.is_some(), "sticker"),
        (message.file.is_some(), "file"),
        (message.poll.is_some(), "poll"),
        (message.location_information.is_some(), "location"),
        (message.contact_information.is_some(), "contact"),
    ]
    .into_iter()
    .find_map(|(present, name)| present.then_some(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Parsed {
        json::read_str(&Telegram::new(TimeZone::UTC), text)
    }

    fn rows(parsed: &Parsed) -> Vec<(String, Option<&str>, &str, RecordKind, u64)> {
        parsed
            .records
            .iter()
            .map(|r| {
                (
                    r.when
                        .map(|w| w.datetime().unwrap().to_string())
                        .unwrap_or_default(),
                    r.author.as_deref(),
                    r.text.as_str(),
                    r.kind,
                    r.line,
                )
            })
            .collect()
    }

    const CHAT: &str = r#"{
 "name": "Sam & Ngozi 🌻",
 "type": "personal_chat",
 "id": 42,
 "messages": [
  {"id": 1, "type": "service", "date": "2023-02-01T08:00:00", "actor": "Sam", "action": "phone_call", "text": ""},
  {"id": 2, "type": "message", "date": "2023-02-01T08:05:10", "from": "Ngozi 🌻", "text": "Thank you for\nlast night"},
  {"id": 3, "type": "message", "date": "2023-02-01T08:06:00", "from": "Dr. Who: The Sequel", "text": ["I ", {"type": "bold", "text": "really"}, " appreciate ", {"type": "custom_emoji", "text": "🙏", "document_id": "x"}]},
  {"id": 4, "type": "message", "date": "2023-02-01T08:07:00", "from": "Sam", "photo": "photos/p.jpg", "text": ""},
  {"id": 5, "type": "message", "date": "2023-02-01T08:08:00", "from": "Sam", "media_type": "voice_message", "file": "v.ogg", "text": ""},
  {"id": 6, "type": "message", "date": "2023-02-01T08:09:00", "from": "Sam", "photo": "p2.jpg", "text": "a caption"},
  {"id": 7, "type": "message", "date": "2023-02-01T08:10:00", "from": null, "text": ""}
 ]
}"#;

    #[test]
    fn single_chat_with_service_media_entities_and_empty_bodies() {
        let parsed = parse(CHAT);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(
            rows(&parsed),
            [
                (
                    "2023-02-01T08:00:00".into(),
                    Some("Sam"),
                    "phone call",
                    RecordKind::System,
                    6
                ),
                (
                    "2023-02-01T08:05:10".into(),
                    Some("Ngozi 🌻"),
                    "Thank you for\nlast night",
                    RecordKind::Message,
                    7
                ),
                (
                    "2023-02-01T08:06:00".into(),
                    Some("Dr. Who: The Sequel"),
                    "I really appreciate 🙏",
                    RecordKind::Message,
                    8
                ),
                (
                    "2023-02-01T08:07:00".into(),
                    Some("Sam"),
                    "photo",
                    RecordKind::Media,
                    9
                ),
                (
                    "2023-02-01T08:08:00".into(),
                    Some("Sam"),
                    "voice_message",
                    RecordKind::Media,
                    10
                ),
                (
                    "2023-02-01T08:09:00".into(),
                    Some("Sam"),
                    "a caption",
                    RecordKind::Message,
                    11
                ),
                (
                    "2023-02-01T08:10:00".into(),
                    None,
                    "",
                    RecordKind::Message,
                    12
                ),
            ]
        );
    }

    #[test]
    fn whole_account_export_reads_every_chat_and_left_chats() {
        let text = r#"{"about": "x", "personal_information": {"first_name": "A"},
 "chats": {"about": "y", "list": [
   {"name": "One", "messages": [{"type": "message", "date": "2020-01-01T10:00:00", "from": "A", "text": "hi"}]},
   {"name": "Two", "messages": [{"type": "message", "date": "2020-01-02T10:00:00", "from": "B", "text": "yo"}]}
 ]},
 "left_chats": {"list": [{"messages": [{"type": "message", "date": "2019-05-05T05:05:05", "from": "C", "text": "bye"}]}]}}"#;
        let parsed = parse(text);
        let texts: Vec<&str> = parsed.records.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["hi", "yo", "bye"]);
        assert_eq!(parsed.records[2].line, 6);
        let conversations: Vec<u32> = parsed.records.iter().map(|r| r.conversation).collect();
        assert_eq!(
            conversations,
            [0, 1, 2],
            "each chat is its own conversation"
        );
    }

    #[test]
    fn date_is_local_time_as_written_and_unixtime_uses_the_zone() {
        let text = r#"{"messages": [
 {"type": "message", "date": "2024-03-31T01:30:00", "date_unixtime": "1711848600", "from": "A", "text": "x"},
 {"type": "message", "date_unixtime": "1544006350", "from": "A", "text": "y"},
 {"type": "message", "date_unixtime": 1544006350, "from": "A", "text": "z"},
 {"type": "message", "from": "A", "text": "undated"}
]}"#;
        let out = json::read_str(&Telegram::new(TimeZone::get("Asia/Tokyo").unwrap()), text);
        let times: Vec<Option<String>> = out
            .records
            .iter()
            .map(|r| r.when.map(|w| w.datetime().unwrap().to_string()))
            .collect();
        assert_eq!(
            times,
            [
                Some("2024-03-31T01:30:00".into()),
                Some("2018-12-05T19:39:10".into()),
                Some("2018-12-05T19:39:10".into()),
                None
            ]
        );
        assert!(out.problems.is_empty());
    }

    #[test]
    fn broken_json_and_odd_messages_are_problems_with_lines() {
        let parsed = parse("{\"messages\": [\n{\"type\": \"message\", \"text\": 5},\n");
        assert_eq!(
            parsed.records.len(),
            1,
            "a field that cannot be read costs only itself"
        );
        let lines: Vec<u64> = parsed.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 3], "the odd field, then the end of the file");

        let parsed = parse(
            "{\"messages\": [\n{\"type\": \"message\", \"text\": 5},\n{\"text\": \"ok\", \"date\": \"soon\"}]}",
        );
        assert_eq!(parsed.records.len(), 2);
        assert_eq!(parsed.problems.len(), 2);
        assert_eq!(parsed.problems[0].line, 2);
        assert_eq!(parsed.problems[1].line, 3);
    }

    #[test]
    fn unreadable_values_cost_their_field_and_iso_instants_are_read() {
        let text = r#"{"messages": [
 {"id": 1, "type": "message", "date": "2023-05-01T12:01:00.250Z", "from": "A", "text": "thanks \ud800 a lot"},
 {"id": 2, "type": "message", "date_unixtime": 1682942460.5, "from": "B", "text": ["ok ", {"type": "bold", "text": "\udc00"}]},
 {"id": 1, "type": "message", "date": "2023-05-01T12:01:00.250Z", "from": "A", "text": "thanks \ud800 a lot"},
 {"id": 3, "type": "message", "date": "2023-05-01T14:00:00+02:00", "from": 7, "text": "hi"}
]}"#;
        let parsed = parse(text);
        assert_eq!(
            rows(&parsed),
            [
                (
                    "2023-05-01T12:01:00.25".into(),
                    Some("A"),
                    "thanks \u{FFFD} a lot",
                    RecordKind::Message,
                    2
                ),
                (
                    String::new(),
                    Some("B"),
                    "ok \u{FFFD}",
                    RecordKind::Message,
                    3
                ),
                (
                    "2023-05-01T14:00:00".into(),
                    None,
                    "hi",
                    RecordKind::Message,
                    5
                ),
            ]
        );
        let problems: Vec<(u64, &str)> = parsed
            .problems
            .iter()
            .map(|p| (p.line, p.message.split(':').next().unwrap()))
            .collect();
        assert_eq!(
            problems,
            [
                (2, "text"),
                (3, "date_unixtime left out"),
                (3, "text"),
                (5, "from left out")
            ]
        );
    }

    #[test]
    fn detection() {
        assert!(looks_like(CHAT));
        assert!(looks_like(
            r#"{"about": "", "personal_information": {}, "frequent_contacts": {}}"#
        ));
        assert!(looks_like(r#"{"chats": {"list": [{"messages": []}]}}"#));
        assert!(!looks_like(
            r#"{"messages": [{"sender_name": "x", "timestamp_ms": 1}]}"#
        ));
        assert!(!looks_like("[01.02.23, 10:00:00] A: {\"messages\": 1}"));
    }
}
