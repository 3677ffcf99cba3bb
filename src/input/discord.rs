//! `discord`: DiscordChatExporter's JSON (`{guild, channel, messages}`) and CSV
//! (`AuthorID,Author,Date,Content,Attachments,Reactions`) exports of one channel.
//!
//! JSON timestamps carry the offset of the exporting machine (`2020-09-11T21:37:19+02:00`):
//! a record's time is the clock as written, the exporter's local time. CSV dates are written
//! in the exporter's locale (`6/14/2024 5:30 PM` for en-US, ISO with `--utc`); their day and
//! month order is inferred from the whole file. Non-default message types (joins, pins,
//! calls, renames) are system records in JSON; CSV does not mark them.

use super::common::DateOrder;
use super::json::{self, Field, Layout};
use super::{Parsed, Parser, stamp};
use crate::record::{Record, RecordKind};
use serde::Deserialize;
use serde::de::IgnoredAny;

/// The CSV header DiscordChatExporter writes (cells may be quoted).
const CSV_HEADER: [&str; 6] = [
    "AuthorID",
    "Author",
    "Date",
    "Content",
    "Attachments",
    "Reactions",
];

/// Reads one export, JSON or CSV as its start shows.
pub struct Discord {
    json: bool,
}

impl Discord {
    pub fn for_sample(sample: &str) -> Self {
        Discord {
            json: sample.trim_start().starts_with('{'),
        }
    }
}

/// Whether `sample` starts a DiscordChatExporter JSON or CSV export.
pub fn looks_like(sample: &str) -> bool {
    json::object_with_keys(sample, &["guild", "channel", "messages"]) || is_csv(sample)
}

fn is_csv(sample: &str) -> bool {
    let first = sample.lines().next().unwrap_or_default();
    let first = super::common::skip_invisible(first).trim_end();
    let cells: Vec<&str> = first
        .split(',')
        .map(|cell| cell.trim_matches('"'))
        .collect();
    cells.len() >= 4 && cells[..4] == CSV_HEADER[..4]
}

/// One channel's messages; an exporter that repeats a message is read once.
static LAYOUT: Layout = Layout {
    what: "Discord",
    lists: &[&["messages"]],
    unique_ids: true,
    oldest_first: false,
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
/// A message's fields, each read on its own (see [`Field`]).
struct Message {
    #[serde(rename = "type", default)]
    kind: Field<String>,
    #[serde(default)]
    timestamp: Field<String>,
    #[serde(default)]
    content: Field<String>,
    #[serde(default)]
    author: Field<Author>,
    #[serde(default)]
    attachments: Field<Vec<IgnoredAny>>,
    #[serde(default)]
    stickers: Field<Vec<IgnoredAny>>,
    #[serde(default)]
    embeds: Field<Vec<IgnoredAny>>,
}

#[derive(Deserialize)]
struct Author {
    name: Option<String>,
    nickname: Option<String>,
}

impl Parser for Discord {
    fn json_layout(&self) -> Option<&'static Layout> {
        self.json.then_some(&LAYOUT)
    }

    fn parse(&self, text: &str, first_line: u64, out: &mut Parsed) {
        if self.json {
            json::parse_chunk(text, LAYOUT.what, first_line, out, |raw, line, _, out| {
                match serde_json::from_str::<Message>(raw) {
                    Ok(message) => push_json(message, line, out),
                    Err(error) => out.problem(line, format!("unreadable Discord message: {error}")),
                }
            });
        } else {
            parse_csv(text, first_line, out);
        }
    }
}

fn push_json(message: Message, line: u64, out: &mut Parsed) {
    let timestamp = message.timestamp.take("timestamp", line, out);
    let when = timestamp.and_then(|timestamp| {
        let when = stamp::read(&timestamp, DateOrder::YearMonthDay);
        if when.is_none() {
            out.problem(line, format!("unreadable timestamp {timestamp:?}"));
        }
        when
    });
    let author = message
        .author
        .take("author", line, out)
        .and_then(|author| author.nickname.filter(|n| !n.is_empty()).or(author.name));
    let kind = message.kind.take("type", line, out);
    let system = !matches!(kind.as_deref(), None | Some("Default" | "Reply"));
    let content = message
        .content
        .take("content", line, out)
        .unwrap_or_default();
    let mut has = |list: Field<Vec<IgnoredAny>>, name: &str| {
        list.take(name, line, out)
            .is_some_and(|list| !list.is_empty())
    };
    let media = if has(message.attachments, "attachments") {
        Some("attachment")
    } else if has(message.stickers, "stickers") {
        Some("sticker")
    } else if has(message.embeds, "embeds") {
        Some("embed")
    } else {
        None
    };
    let record = match media {
        _ if system => Record::new(when, author, content, RecordKind::System, line),
        Some(media) if content.trim().is_empty() => {
            Record::new(when, author, media.to_owned(), RecordKind::Media, line)
        }
        _ => Record::message(when, author, content, line),
    };
    out.records.push(record);
}

struct Row {
    line: u64,
    author: String,
    date: String,
    content: String,
    attachments: String,
}

fn parse_csv(text: &str, first_line: u64, out: &mut Parsed) {
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for result in reader.records() {
        match result {
            Ok(record) => {
                let line = record.position().map_or(0, |p| p.line()) + first_line - 1;
                let cell = |at: usize| record.get(at).unwrap_or_default().to_owned();
                rows.push(Row {
                    line,
                    author: cell(1),
                    date: cell(2),
                    content: cell(3),
                    attachments: cell(4),
                });
            }
            Err(error) => {
                let line = error
                    .position()
                    .map_or(first_line, |p| p.line() + first_line - 1);
                out.problem(line, format!("unreadable CSV row: {error}"));
            }
        }
    }
    let order = stamp::infer_order(rows.iter().map(|row| row.date.as_str()));
    for row in rows {
        let when = stamp::read(&row.date, order);
        if when.is_none() {
            out.problem(row.line, format!("unreadable date {:?}", row.date));
        }
        let (kind, text) = if row.content.trim().is_empty() && !row.attachments.is_empty() {
            (RecordKind::Media, "attachment".to_owned())
        } else {
            (RecordKind::Message, row.content)
        };
        out.records.push(Record::new(
            when,
            (!row.author.is_empty()).then_some(row.author),
            text,
            kind,
            row.line,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Parsed {
        let discord = Discord::for_sample(text);
        if discord.json {
            return json::read_str(&discord, text);
        }
        let mut out = Parsed::default();
        discord.parse(text, 1, &mut out);
        out
    }

    fn rows(parsed: &Parsed) -> Vec<(String, Option<&str>, &str, RecordKind, u64)> {
        parsed
            .records
            .iter()
            .map(|r| {
                let when = r.when.map(|when| when.to_string()).unwrap_or_default();
                (when, r.author.as_deref(), r.text.as_str(), r.kind, r.line)
            })
            .collect()
    }

    const JSON: &str = r#"{
  "guild": {"id": "1", "name": "Direct Messages"},
  "channel": {"id": "2", "type": "DirectTextChat", "name": "kit"},
  "dateRange": {"after": null, "before": null},
  "messages": [
    {"id": "10", "type": "RecipientAdd", "timestamp": "2021-05-01T09:00:00+02:00", "content": "Added Kit to the group.", "author": {"name": "ana", "nickname": "Ana 🌙"}, "attachments": []},
    {"id": "11", "type": "Default", "timestamp": "2021-05-01T09:01:30.5+02:00", "content": "thank you so much\nfor yesterday", "author": {"name": "kit", "nickname": "Kit: the Great"}, "attachments": []},
    {"id": "12", "type": "Reply", "timestamp": "2021-05-01T23:59:00-07:00", "content": "", "author": {"name": "ana", "nickname": ""}, "attachments": [{"url": "a.png"}]},
    {"id": "13", "type": "Default", "timestamp": "2021-05-02T00:00:00+00:00", "content": "", "author": {"name": "kit"}, "stickers": [{"name": "wave"}]},
    {"id": "14", "type": "Default", "timestamp": "2021-05-02T00:01:00+00:00", "content": "", "author": {"name": "kit"}}
  ],
  "messageCount": 5
}"#;

    #[test]
    fn json_times_are_the_clock_as_written() {
        let parsed = parse(JSON);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(
            rows(&parsed),
            [
                (
                    "2021-05-01T09:00:00".into(),
                    Some("Ana 🌙"),
                    "Added Kit to the group.",
                    RecordKind::System,
                    6
                ),
                (
                    "2021-05-01T09:01:30.5".into(),
                    Some("Kit: the Great"),
                    "thank you so much\nfor yesterday",
                    RecordKind::Message,
                    7
                ),
                (
                    "2021-05-01T23:59:00".into(),
                    Some("ana"),
                    "attachment",
                    RecordKind::Media,
                    8
                ),
                (
                    "2021-05-02T00:00:00".into(),
                    Some("kit"),
                    "sticker",
                    RecordKind::Media,
                    9
                ),
                (
                    "2021-05-02T00:01:00".into(),
                    Some("kit"),
                    "",
                    RecordKind::Message,
                    10
                ),
            ]
        );
    }

    #[test]
    fn csv_rows_with_quoted_newlines_and_locale_dates() {
        let text = "AuthorID,Author,Date,Content,Attachments,Reactions\n\
\"1\",\"ana#0001\",\"6/14/2024 5:30 PM\",\"I'm sorry,\nmy fault\",\"\",\"❤️ (2)\"\n\
\"2\",\"Kit: 🌻\",\"6/15/2024 9:05 AM\",\"\",\"https://cdn/a.png\",\"\"\n\
\"2\",\"Kit: 🌻\",\"6/15/2024 9:06 AM\",\"\",\"\",\"\"\n\
\"2\",\"Kit: 🌻\",\"not a date\",\"hm\",\"\",\"\"\n";
        let parsed = parse(text);
        assert_eq!(
            rows(&parsed),
            [
                (
                    "2024-06-14T17:30:00".into(),
                    Some("ana#0001"),
                    "I'm sorry,\nmy fault",
                    RecordKind::Message,
                    2
                ),
                (
                    "2024-06-15T09:05:00".into(),
                    Some("Kit: 🌻"),
                    "attachment",
                    RecordKind::Media,
                    4
                ),
                (
                    "2024-06-15T09:06:00".into(),
                    Some("Kit: 🌻"),
                    "",
                    RecordKind::Message,
                    5
                ),
                (String::new(), Some("Kit: 🌻"), "hm", RecordKind::Message, 6),
            ]
        );
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(parsed.problems[0].line, 6);
    }

    #[test]
    fn truncated_json_keeps_the_messages_before_the_cut_and_is_a_problem() {
        let whole = parse(JSON);
        let parsed = parse(&JSON[..JSON.len() / 2]);
        assert!(!parsed.records.is_empty());
        assert_eq!(parsed.records[..], whole.records[..parsed.records.len()]);
        assert_eq!(parsed.problems.len(), 1);
        assert!(parsed.problems[0].message.contains("EOF"));
    }

    #[test]
    fn a_repeated_message_id_is_read_once() {
        let text = r#"{"guild": {}, "channel": {}, "messages": [
  {"id": "900000000000000002", "timestamp": "2021-05-01T09:00:00+00:00", "content": "one", "author": {"name": "a"}},
  {"id": "900000000000000001", "timestamp": "2021-05-01T08:00:00+00:00", "content": "late", "author": {"name": "a"}},
  {"id": "900000000000000002", "timestamp": "2021-05-01T09:00:00+00:00", "content": "one", "author": {"name": "a"}},
  {"id": "900000000000000001", "timestamp": "2021-05-01T08:00:00+00:00", "content": "late", "author": {"name": "a"}},
  {"id": "x", "content": "odd id"}, {"id": "x", "content": "odd id"}, {"content": "no id"}, {"content": "no id"}
]}"#;
        let texts: Vec<String> = parse(text).records.into_iter().map(|r| r.text).collect();
        assert_eq!(texts, ["one", "late", "odd id", "no id", "no id"]);
    }

    #[test]
    fn detection() {
        assert!(looks_like(JSON));
        assert!(looks_like(
            "\"AuthorID\",\"Author\",\"Date\",\"Content\",\"Attachments\",\"Reactions\"\n"
        ));
        assert!(looks_like(
            "AuthorID,Author,Date,Content,Attachments,Reactions\r\n"
        ));
        assert!(!looks_like("date,author,text\n"));
        assert!(!looks_like(r#"{"messages": [], "guild": 1}"#));
    }
}
