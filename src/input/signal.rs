//! `signal`: Signal chats as text or Markdown from signal-export and signalbackup-tools:
//! `[2024-03-01 17:30] Name: text` or `[2024-03-01, 17:30:05] Name: text`, with lines that
//! do not start that way continuing the message above.
//!
//! The time is the local time the exporter wrote. As in WhatsApp exports, a name is split
//! from the text at the first `": "`, so a name that itself holds `": "` keeps only its
//! first part (the rest starts the text).

use std::sync::LazyLock;

use jiff::civil::{Date, DateTime, Time};
use regex::Regex;

use super::common;
use super::{Parsed, Parser, RecordStarts};
use crate::record::{Moment, Record, RecordKind};

static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\[(\d{4})-(\d{2})-(\d{2}),? (\d{1,2}):(\d{2})(?::(\d{2}))?\] ?(.*)$").unwrap()
});
/// An attachment line in signal-export Markdown: `![name](media/…)` or `[name](media/…)`.
static ATTACHMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^!?\[[^\]]*\]\([^)]*\)$").unwrap());

pub struct Signal;

/// Whether `sample` is a Signal text export: it opens with a header carrying a name, and it
/// has none of the direction marks WhatsApp for iOS writes into the same bracketed shape.
pub fn looks_like(sample: &str) -> bool {
    if sample.contains('\u{200E}') {
        return false;
    }
    let mut lines = sample
        .lines()
        .filter(|line| !line.trim().is_empty())
        .take(50);
    let Some(first) = lines.next() else {
        return false;
    };
    let authored = |line: &str| {
        header(line).is_some_and(|(_, rest)| rest.split_once(": ").is_some() || rest.ends_with(':'))
    };
    authored(first) && {
        let (headers, total) = lines.fold((1, 1), |(h, t), line| {
            (h + usize::from(header(line).is_some()), t + 1)
        });
        headers * 3 >= total
    }
}

/// The time and the rest of a header line.
fn header(line: &str) -> Option<(Option<DateTime>, &str)> {
    let line = common::skip_invisible(line);
    let caps = HEADER.captures(line)?;
    let number = |at: usize| -> Option<i16> { caps.get(at)?.as_str().parse().ok() };
    let date = Date::new(number(1)?, number(2)? as i8, number(3)? as i8).ok();
    let time = Time::new(
        number(4)? as i8,
        number(5)? as i8,
        number(6).unwrap_or(0) as i8,
        0,
    )
    .ok();
    let when = date.zip(time).map(|(date, time)| date.to_datetime(time));
    Some((when, caps.get(7).map_or("", |m| m.as_str())))
}

impl RecordStarts for Signal {
    fn starts_record(&self, line: &str) -> bool {
        HEADER.is_match(common::skip_invisible(line))
    }
}

impl Parser for Signal {
    fn record_starts(&self) -> Option<&dyn RecordStarts> {
        Some(self)
    }

    fn parse(&self, text: &str, first_line: u64, out: &mut Parsed) {
        let mut pending: Option<Record> = None;
        for (offset, line) in text.lines().enumerate() {
            let number = first_line + offset as u64;
            match header(line) {
                Some((when, rest)) => {
                    if let Some(record) = pending.take() {
                        out.records.push(finish(record));
                    }
                    if when.is_none() {
                        out.problem(number, "impossible date or time in header");
                    }
                    pending = Some(start(when, rest, number));
                }
                None => match &mut pending {
                    Some(record) => {
                        record.text.push('\n');
                        record.text.push_str(line);
                    }
                    None if line.trim().is_empty() => {}
                    None => out.problem(number, "text before the first message header"),
                },
            }
        }
        if let Some(record) = pending {
            out.records.push(finish(record));
        }
    }
}

fn start(when: Option<DateTime>, rest: &str, line: u64) -> Record {
    let (author, body) = match rest.split_once(": ") {
        Some((author, body)) => (Some(author), body),
        None => match rest.strip_suffix(':') {
            Some(author) => (Some(author), ""),
            None => (None, rest),
        },
    };
    let author = author
        .map(|author| common::visible(author).trim().to_owned())
        .filter(|author| !author.is_empty());
    let kind = if author.is_some() {
        RecordKind::Message
    } else {
        RecordKind::System
    };
    Record::new(
        when.map(Moment::Time),
        author,
        common::visible(body),
        kind,
        line,
    )
}

fn finish(mut record: Record) -> Record {
    let kept = record.text.trim_end().len();
    record.text.truncate(kept);
    if record.kind == RecordKind::Message {
        let body = record.text.trim();
        let attachment = !body.is_empty()
            && body
                .lines()
                .all(|line| ATTACHMENT.is_match(line.trim()) || line.trim().is_empty());
        let placeholder = (!body.contains('\n'))
            .then(|| common::placeholder_kind(body))
            .flatten();
        if attachment {
            record.kind = RecordKind::Media;
        } else if let Some(kind) = placeholder {
            record.kind = kind;
        }
    }
    record
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, first_line: u64) -> Parsed {
        let mut out = Parsed::default();
        Signal.parse(text, first_line, &mut out);
        out
    }

    #[test]
    fn headers_bodies_and_continuations() {
        let text = "[2023-04-01 09:15] Ngozi 🌻: thank you\nfor everything\n\n\
[2023-04-01, 09:16:30] Sam: ![photo.jpg](media/photo.jpg)\n\
[2023-04-01 09:17] Dr. Who: The Sequel: so sorry\n\
[2023-04-01 09:18] Sam:\n\
[2023-04-01 09:19] Sam changed the group name\n\
[2023-04-01 25:61] Sam: bad clock\n";
        let parsed = parse(text, 10);
        type Row<'a> = (Option<String>, Option<&'a str>, &'a str, RecordKind, u64);
        let got: Vec<Row> = parsed
            .records
            .iter()
            .map(|r| {
                (
                    r.when.map(|w| w.datetime().unwrap().to_string()),
                    r.author.as_deref(),
                    r.text.as_str(),
                    r.kind,
                    r.line,
                )
            })
            .collect();
        let at = |time: &str| Some(format!("2023-04-01T{time}"));
        assert_eq!(
            got,
            [
                (
                    at("09:15:00"),
                    Some("Ngozi 🌻"),
                    "thank you\nfor everything",
                    RecordKind::Message,
                    10
                ),
                (
                    at("09:16:30"),
                    Some("Sam"),
                    "![photo.jpg](media/photo.jpg)",
                    RecordKind::Media,
                    13
                ),
                (
                    at("09:17:00"),
                    Some("Dr. Who"),
                    "The Sequel: so sorry",
                    RecordKind::Message,
                    14
                ),
                (at("09:18:00"), Some("Sam"), "", RecordKind::Message, 15),
                (
                    at("09:19:00"),
                    None,
                    "Sam changed the group name",
                    RecordKind::System,
                    16
                ),
                (None, Some("Sam"), "bad clock", RecordKind::Message, 17),
            ]
        );
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(parsed.problems[0].line, 17);
    }

    #[test]
    fn chunks_cut_at_headers_and_stray_text_is_a_problem() {
        assert!(Signal.starts_record("[2023-04-01 09:15] A: x"));
        assert!(!Signal.starts_record("continued [2023-04-01 09:15]"));
        let parsed = parse("stray\n[2023-04-01 09:15] A: x\n", 1);
        assert_eq!(parsed.records.len(), 1);
        assert_eq!(parsed.problems[0].line, 1);
    }

    #[test]
    fn detection() {
        assert!(looks_like(
            "[2019-12-24, 12:23] Jane Doe: Hi\n[2020-01-17, 21:49] John Doe: Hello\nJane!\n"
        ));
        assert!(looks_like("[2019-12-24 12:23:45] Jane Doe: Hi\n"));
        // WhatsApp for iOS marks its generated lines with U+200E.
        assert!(!looks_like(
            "[2019-12-24 12:23:45] Chat: \u{200E}Messages are end-to-end encrypted.\n"
        ));
        assert!(!looks_like("[12/24/19, 12:23:45] Jane: Hi\n"));
        assert!(!looks_like("[2019-12-24 12:23] started the build\n"));
    }
}
