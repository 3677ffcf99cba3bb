//! `imessage`: the `.txt` files of imessage-exporter (`imessage-exporter -f txt`), one per
//! conversation:
//!
//! ```text
//! May 17, 2022  5:29:42 PM (Read by you after 1 hour, 49 seconds)
//! Sample Contact
//! Hello world
//!
//! May 17, 2022  5:31:02 PM
//! Me
//! Reply with
//! two lines
//!     May 17, 2022  6:00:10 PM
//!     Sample Contact
//!     a threaded reply, indented by four spaces
//!
//! May 17, 2022  6:02:00 PM Me renamed the conversation to Us
//! ```
//!
//! A date line starts a message, the next line is the sender (`Me` for the exporting
//! person), and the body runs to the next date line; the blank line after it is the
//! exporter's separator. The date is chrono's `%b %d, %Y %l:%M:%S %p`, the local time of the
//! machine that ran the export, taken as written. Threaded replies are indented and become
//! records of their own after the message they answer. What the exporter adds (reactions
//! under `Reactions:`, `Sent with …` effects, the note that a message answered an earlier
//! one) is left out of the text; an edited message keeps its last version; attachment
//! paths make a media record; renames and deletions are system records.

use std::sync::LazyLock;

use jiff::civil::DateTime;
use regex::Regex;

use super::common::{self, Meridiem};
use super::{Parsed, Parser, RecordStarts};
use crate::record::{Moment, Record, RecordKind};

static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^( *)(\p{L}{3,9}\.?) (\d{1,2}), (\d{4}) {1,2}(\d{1,2}):(\d{2}):(\d{2}) ([AaPp][Mm])(.*)$",
    )
    .unwrap()
});

/// How many spaces the exporter indents a threaded reply by.
const REPLY_INDENT: usize = 4;

/// Screen and bubble effects the exporter notes as `Sent with …`.
const EFFECTS: &[&str] = &[
    "Confetti",
    "Echo",
    "Fireworks",
    "Balloons",
    "Heart",
    "Lasers",
    "Shooting Star",
    "Shooting Start",
    "Sparkles",
    "Spotlight",
    "Slam",
    "Loud",
    "Gentle",
    "Invisible Ink",
];

/// Tapback names the exporter writes as `Loved by Name`.
const TAPBACKS: &[&str] = &[
    "Loved",
    "Liked",
    "Disliked",
    "Laughed",
    "Emphasized",
    "Questioned",
    "Emoji",
    "Sticker",
];

pub struct IMessage;

/// A date line: its indent, time, and what follows the time.
struct Header<'a> {
    indent: usize,
    when: Option<DateTime>,
    rest: &'a str,
}

impl Header<'_> {
    /// A message header has nothing after the time but an optional read receipt; anything
    /// else is an announcement (`… Me renamed the conversation to Us`) or, right after a
    /// sender line, the first version of an edited message.
    fn starts_message(&self) -> bool {
        let rest = self.rest.trim();
        rest.is_empty() || (rest.starts_with("(Read by ") && rest.ends_with(')'))
    }
}

fn header(line: &str) -> Option<Header<'_>> {
    let caps = HEADER.captures(line)?;
    let number = |at: usize| -> Option<u16> { caps.get(at)?.as_str().parse().ok() };
    let month = common::month_number(&caps[2])?;
    let date = common::make_date(i32::from(number(4)?), month, number(3)?);
    let meridiem = if caps[8].eq_ignore_ascii_case("am") {
        Meridiem::Am
    } else {
        Meridiem::Pm
    };
    let time = common::clock(
        u8::try_from(number(5)?).ok()?,
        u8::try_from(number(6)?).ok()?,
        u8::try_from(number(7)?).ok()?,
        Some(meridiem),
    );
    Some(Header {
        indent: caps[1].len(),
        when: date.zip(time).map(|(date, time)| date.to_datetime(time)),
        rest: caps.get(9).map_or("", |m| m.as_str()),
    })
}

/// Whether `sample` opens with a message header followed by a sender line.
pub fn looks_like(sample: &str) -> bool {
    let mut lines = sample.lines().skip_while(|line| line.trim().is_empty());
    let first = lines.next().and_then(header);
    let second = lines.next();
    first.is_some_and(|h| h.indent == 0 && h.starts_message())
        && second.is_some_and(|line| !line.trim().is_empty() && header(line).is_none())
}

/// A message being read.
struct Open {
    record: Record,
    indent: usize,
    /// The previous line was the date line: this one is the sender.
    wants_sender: bool,
    /// The previous line was the sender: a dated line now is an edited message's first text.
    after_sender: bool,
    in_reactions: bool,
    /// Threaded replies to this message, emitted after it.
    replies: Vec<Record>,
}

impl Open {
    fn start(h: &Header<'_>, line: u64, out: &mut Parsed) -> Open {
        if h.when.is_none() {
            out.problem(line, "impossible date or time in message header");
        }
        Open {
            record: Record::message(h.when.map(Moment::Time), None, String::new(), line),
            indent: h.indent,
            wants_sender: true,
            after_sender: false,
            in_reactions: false,
            replies: Vec::new(),
        }
    }

    /// Adds one body line, already without the reply indent.
    fn push(&mut self, line: &str) {
        self.after_sender = false;
        let trimmed = line.trim();
        if trimmed == "Reactions:" {
            self.in_reactions = true;
            return;
        }
        if self.in_reactions {
            if is_reaction(trimmed) {
                return;
            }
            self.in_reactions = false;
        }
        let note = trimmed == "This message responded to an earlier message."
            || trimmed
                .strip_prefix("Sent with ")
                .is_some_and(|effect| EFFECTS.contains(&effect));
        if note {
            return;
        }
        if let Some(latest) = edited_text(trimmed) {
            self.record.text.clear();
            self.record.text.push_str(latest);
            return;
        }
        if !self.record.text.is_empty() {
            self.record.text.push('\n');
        }
        common::push_visible(&mut self.record.text, line);
    }

    fn finish(mut self, out: &mut Parsed) {
        let record = &mut self.record;
        let end = record.text.trim_end().len();
        record.text.truncate(end);
        let body = record.text.trim();
        if matches!(body, "You deleted a message." | "They deleted a message.") {
            record.kind = RecordKind::System;
        } else if !body.is_empty() && body.lines().all(|line| is_attachment(line.trim())) {
            record.kind = RecordKind::Media;
        }
        out.records.push(self.record);
        out.records.append(&mut self.replies);
    }
}

/// `Loved by Kit`, `Sticker from Kit: path`.
fn is_reaction(line: &str) -> bool {
    line.split_once(' ').is_some_and(|(word, rest)| {
        TAPBACKS.contains(&word) && (rest.starts_with("by ") || rest.starts_with("from "))
    })
}

/// The new text of an edit line, `Edited 5 seconds later: new text`.
fn edited_text(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("Edited ")?;
    let at = rest.find(" later: ")?;
    (at < 60).then(|| &rest[at + " later: ".len()..])
}

/// An attachment the exporter wrote as its file path, or noted as missing.
fn is_attachment(line: &str) -> bool {
    let path_like =
        line.starts_with('/') || line.starts_with("~/") || line.starts_with("attachments/");
    let has_extension = line.rsplit_once('.').is_some_and(|(_, ext)| {
        (2..=5).contains(&ext.len()) && ext.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    line == "Attachment missing!" || (path_like && has_extension)
}

impl RecordStarts for IMessage {
    fn starts_record(&self, line: &str) -> bool {
        header(line).is_some_and(|h| h.indent == 0 && h.starts_message())
    }
}

impl Parser for IMessage {
    fn record_starts(&self) -> Option<&dyn RecordStarts> {
        Some(self)
    }

    fn parse(&self, text: &str, first_line: u64, out: &mut Parsed) {
        let mut top: Option<Open> = None;
        let mut reply: Option<Open> = None;
        for (line_no, line) in (first_line..).zip(text.split('\n')) {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let open = match reply.as_mut() {
                Some(open) => Some(open),
                None => top.as_mut(),
            };
            if let Some(open) = open
                && open.wants_sender
            {
                let sender = common::visible(line.trim());
                open.record.author = (!sender.is_empty()).then_some(sender);
                open.wants_sender = false;
                open.after_sender = true;
                continue;
            }
            if let Some(h) = header(line) {
                let edit = match reply.as_ref().or(top.as_ref()) {
                    Some(open) => open.after_sender && h.indent == open.indent,
                    None => false,
                };
                if edit
                    && !h.starts_message()
                    && let Some(open) = reply.as_mut().or(top.as_mut())
                {
                    // The first version of an edited message: `<time> <text>`.
                    open.push(h.rest.trim_start());
                    continue;
                }
                if let Some(done) = reply.take() {
                    let parent = top.as_mut().map(|open| &mut open.replies);
                    finish_reply(done, parent, out);
                }
                if h.indent >= REPLY_INDENT
                    && let Some(parent) = top.as_mut()
                {
                    let open = Open::start(&h, line_no, out);
                    if h.starts_message() {
                        reply = Some(open);
                    } else {
                        parent.replies.push(announcement(open, h.rest));
                    }
                    continue;
                }
                if let Some(done) = top.take() {
                    done.finish(out);
                }
                let open = Open::start(&h, line_no, out);
                if h.starts_message() {
                    top = Some(open);
                } else {
                    out.records.push(announcement(open, h.rest));
                }
                continue;
            }
            let indent = line.len() - line.trim_start_matches(' ').len();
            if let Some(open) = reply.as_mut() {
                if indent >= open.indent || line.trim().is_empty() {
                    let cut = open.indent.min(indent);
                    open.push(&line[cut..]);
                    continue;
                }
                let done = reply.take().expect("reply is open");
                finish_reply(done, top.as_mut().map(|open| &mut open.replies), out);
            }
            match top.as_mut() {
                Some(open) => open.push(line),
                None if line.trim().is_empty() => {}
                None => out.problem(line_no, "text before the first message header"),
            }
        }
        if let Some(done) = reply {
            finish_reply(done, top.as_mut().map(|open| &mut open.replies), out);
        }
        if let Some(done) = top {
            done.finish(out);
        }
    }
}

/// Ends a threaded reply: it joins its parent's replies (or `out` without a parent).
fn finish_reply(reply: Open, parent: Option<&mut Vec<Record>>, out: &mut Parsed) {
    let mut done = Parsed::default();
    reply.finish(&mut done);
    out.problems.append(&mut done.problems);
    match parent {
        Some(parent) => parent.append(&mut done.records),
        None => out.records.append(&mut done.records),
    }
}

/// A one-line announcement: a system record of the text after the time.
fn announcement(open: Open, rest: &str) -> Record {
    let mut record = open.record;
    record.text = common::visible(rest.trim());
    record.kind = RecordKind::System;
    record
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Parsed {
        let mut out = Parsed::default();
        IMessage.parse(text, 1, &mut out);
        out
    }

    type Row<'a> = (String, Option<&'a str>, &'a str, RecordKind, u64);

    fn rows(parsed: &Parsed) -> Vec<Row<'_>> {
        parsed
            .records
            .iter()
            .map(|r| {
                (
                    r.when
                        .and_then(|w| w.datetime())
                        .map(|t| t.to_string())
                        .unwrap_or_default(),
                    r.author.as_deref(),
                    r.text.as_str(),
                    r.kind,
                    r.line,
                )
            })
            .collect()
    }

    const CHAT: &str = "May 17, 2022  5:29:42 PM (Read by you after 1 hour, 49 seconds)
Ngozi 🌻
Thank you for
last night

May 17, 2022  5:31:02 PM
Me
I'm sorry: my fault

Reactions:
Loved by Ngozi 🌻
Sent with Confetti
    May 17, 2022  6:00:10 PM
    Dr. Who: The Sequel
    a threaded reply
    on two lines

May 17, 2022  6:01:00 PM
Me
/Users/me/Library/Messages/Attachments/ab/IMG_0001.HEIC

May 17, 2022  6:02:00 PM Me renamed the conversation to Us 💛

May 17, 2022 12:05:00 AM
Dr. Who: The Sequel


May 17, 2022 12:06:00 PM
Me
May 17, 2022 12:06:00 PM first try
Edited 5 seconds later: second try
This message responded to an earlier message.

May 18, 2022  9:00:00 AM
Ngozi 🌻
You deleted a message.
";

    #[test]
    fn messages_replies_media_announcements_and_edits() {
        let parsed = parse(CHAT);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let ngozi = Some("Ngozi 🌻");
        let who = Some("Dr. Who: The Sequel");
        assert_eq!(
            rows(&parsed),
            [
                (
                    "2022-05-17T17:29:42".into(),
                    ngozi,
                    "Thank you for\nlast night",
                    RecordKind::Message,
                    1
                ),
                (
                    "2022-05-17T17:31:02".into(),
                    Some("Me"),
                    "I'm sorry: my fault",
                    RecordKind::Message,
                    6
                ),
                (
                    "2022-05-17T18:00:10".into(),
                    who,
                    "a threaded reply\non two lines",
                    RecordKind::Message,
                    13
                ),
                (
                    "2022-05-17T18:01:00".into(),
                    Some("Me"),
                    "/Users/me/Library/Messages/Attachments/ab/IMG_0001.HEIC",
                    RecordKind::Media,
                    18
                ),
                (
                    "2022-05-17T18:02:00".into(),
                    None,
                    "Me renamed the conversation to Us 💛",
                    RecordKind::System,
                    22
                ),
                (
                    "2022-05-17T00:05:00".into(),
                    who,
                    "",
                    RecordKind::Message,
                    24
                ),
                (
                    "2022-05-17T12:06:00".into(),
                    Some("Me"),
                    "second try",
                    RecordKind::Message,
                    28
                ),
                (
                    "2022-05-18T09:00:00".into(),
                    ngozi,
                    "You deleted a message.",
                    RecordKind::System,
                    34
                ),
            ]
        );
    }

    #[test]
    fn chunks_are_cut_only_before_top_level_messages() {
        assert!(IMessage.starts_record("May 17, 2022  5:29:42 PM"));
        assert!(IMessage.starts_record("Dec 1, 2022 11:29:42 AM (Read by them after 1 minute)"));
        assert!(!IMessage.starts_record("    May 17, 2022  5:29:42 PM"));
        assert!(!IMessage.starts_record("May 17, 2022 12:06:00 PM first try"));
        assert!(!IMessage.starts_record("May 17, 2022"));
        // A chunk that starts at a message parses as the whole file would.
        let cut = CHAT.find("May 17, 2022  6:01:00 PM").unwrap();
        let whole = parse(CHAT);
        let mut parts = Parsed::default();
        IMessage.parse(&CHAT[..cut], 1, &mut parts);
        let offset = CHAT[..cut].matches('\n').count() as u64;
        IMessage.parse(&CHAT[cut..], 1 + offset, &mut parts);
        assert_eq!(parts.records, whole.records);
    }

    #[test]
    fn impossible_dates_and_stray_text_are_problems() {
        let parsed = parse("stray\nFeb 30, 2022  5:29:42 PM\nKit\nhi\n");
        assert_eq!(parsed.records.len(), 1);
        assert_eq!(parsed.records[0].when, None);
        let lines: Vec<u64> = parsed.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [1, 2]);
    }

    #[test]
    fn detection() {
        assert!(looks_like(CHAT));
        assert!(looks_like("\nJan 2, 2023  9:00:00 AM\n+15555550123\nhey\n"));
        assert!(!looks_like(
            "May 17, 2022  5:29:42 PM Me renamed the conversation\n"
        ));
        assert!(!looks_like("May 17, 2022\nDear diary\n"));
        assert!(!looks_like("[2022-05-17 17:29] Kit: hi\n"));
    }
}
