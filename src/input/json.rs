//! Helpers for the JSON export formats: sniffing keys for detection, streaming the
//! messages out of an export, epoch times.
//!
//! JSON exports are read as a stream, never whole: [`stream`] walks the file with
//! `serde_json`'s reader-based deserializer and a seeded visitor that descends only into
//! the keys where a [`Layout`] says messages are, skipping everything else without keeping
//! it, and captures each message as its own small `RawValue` with the line it starts on.
//! Messages are batched into chunks (a JSON array of `[line, list, message]`) that the
//! workers parse in parallel, each message into a small typed struct, so a Telegram account
//! export of several GB is read in memory bounded by the chunk size, and `serde_json` (not a
//! hand-written tokenizer) decides what is valid JSON.

use std::cell::Cell;
use std::fmt::{self, Write as _};
use std::io::Read;
use std::rc::Rc;

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use rustc_hash::FxHashSet;
use serde::Deserialize;
use serde::de::{
    DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_json::value::RawValue;

use super::{Parsed, Problem};

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

/// Where a JSON export keeps its messages, and how they come out of the stream.
#[derive(Debug)]
pub struct Layout {
    /// The export's name in problems ("not a readable Telegram export").
    pub what: &'static str,
    /// Key paths from the top-level object to arrays of messages; `*` stands for every
    /// element of an array (`["chats", "list", "*", "messages"]`). Each array found is a
    /// list of its own, numbered from 0 in file order: a conversation.
    pub lists: &'static [&'static [&'static str]],
    /// Messages carry an `id`; one whose id was already read in its list (an exporter that
    /// repeats a message) is read once, and counted.
    pub unique_ids: bool,
    /// Messages are written newest first (Meta's exports): each list is held, reversed and
    /// stably sorted by `timestamp_ms`, so it comes out oldest first. This is the one layout
    /// that holds a list: Meta splits a thread into files of at most 10,000 messages.
    pub oldest_first: bool,
}

/// What streaming an export found besides its messages.
#[derive(Debug, Default)]
pub struct Streamed {
    /// Messages left out because their id was already read in the same list.
    pub duplicates: u64,
    /// Where and why the text stops being readable JSON; the messages before were read.
    pub problem: Option<Problem>,
    /// The input could not be read.
    pub failure: Option<std::io::Error>,
}

/// Streams the JSON export in `input` (decoded text) and batches the messages of `layout`'s
/// lists into chunks of about `chunk_len` bytes for [`parse_chunk`]. `send` gets each chunk
/// and the line of its first message, and returns false to stop. A message longer than
/// `max_message` bytes ends the stream with a problem ([`MAX_MESSAGE`] in a run).
///
/// Nothing but the current chunk (and, for `oldest_first`, the current list) is held:
/// `serde_json` skips what is not on a path without keeping it.
pub fn stream(
    input: impl Read,
    layout: &Layout,
    chunk_len: usize,
    max_message: u64,
    send: &mut dyn FnMut(String, u64) -> bool,
) -> Streamed {
    let at = Rc::new(Position::default());
    let input = CountLines {
        inner: input,
        at: Rc::clone(&at),
        max_message,
    };
    let mut cx = Context {
        layout,
        at,
        message_line: 0,
        lists: 0,
        ids: Ids::default(),
        held: Vec::new(),
        chunk: String::new(),
        chunk_line: 0,
        chunk_len,
        send,
        stopped: false,
        streamed: Streamed::default(),
    };
    let mut deserializer = serde_json::Deserializer::from_reader(input);
    let walk = Walk {
        paths: layout.lists.to_vec(),
        cx: &mut cx,
    };
    let result = walk
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end());
    if let Err(error) = result {
        if cx.at.too_large.get() {
            cx.streamed.problem = Some(Problem {
                line: cx.message_line,
                message: format!(
                    "a message of more than {}; it and the rest of the file are not read",
                    match max_message % (1 << 20) {
                        0 => format!("{} MiB", max_message >> 20),
                        _ => format!("{max_message} bytes"),
                    }
                ),
            });
        } else if error.is_io() {
            cx.streamed.failure = Some(error.into());
        } else if !cx.stopped {
            cx.streamed.problem = Some(syntax_problem(&error, layout.what, 1));
        }
    }
    // A list cut short by an error still comes out, in order.
    let _ = !cx.stopped && cx.end_list() && cx.flush();
    cx.streamed
}

/// Reads a chunk made by [`stream`], handing `each` every message with its line and list.
pub fn parse_chunk(
    text: &str,
    what: &str,
    first_line: u64,
    out: &mut Parsed,
    mut each: impl FnMut(&str, u64, u32, &mut Parsed),
) {
    match serde_json::from_str::<Vec<(u64, u32, &RawValue)>>(text) {
        Ok(messages) => {
            for (line, list, raw) in messages {
                each(raw.get(), line, list, out);
            }
        }
        Err(error) => out.problems.push(syntax_problem(&error, what, first_line)),
    }
}

/// A message larger than this cannot be held to be parsed (`serde_json` captures a message
/// whole): the stream stops there with a problem rather than hold an unbounded value.
pub const MAX_MESSAGE: u64 = 64 << 20;

/// Where the JSON deserializer is: line breaks and bytes read, and where the message being
/// captured began.
#[derive(Default)]
struct Position {
    newlines: Cell<u64>,
    bytes: Cell<u64>,
    message_from: Cell<Option<u64>>,
    too_large: Cell<bool>,
}

/// Counts what is read through it into a [`Position`], and refuses to read a message past
/// `max_message` bytes.
struct CountLines<R> {
    inner: R,
    at: Rc<Position>,
    max_message: u64,
}

impl<R: Read> Read for CountLines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let at = &self.at;
        if at
            .message_from
            .get()
            .is_some_and(|from| at.bytes.get() - from > self.max_message)
        {
            at.too_large.set(true);
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "message too large",
            ));
        }
        let read = self.inner.read(buf)?;
        let newlines = memchr::memchr_iter(b'\n', &buf[..read]).count() as u64;
        at.newlines.set(at.newlines.get() + newlines);
        at.bytes.set(at.bytes.get() + read as u64);
        Ok(read)
    }
}

/// The state of one stream: the chunk being filled, ids seen, the list being held.
struct Context<'a> {
    layout: &'a Layout,
    at: Rc<Position>,
    /// Line of the message being captured.
    message_line: u64,
    lists: u32,
    ids: Ids,
    held: Vec<(Option<i64>, u64, Box<RawValue>)>,
    chunk: String,
    chunk_line: u64,
    chunk_len: usize,
    send: &'a mut dyn FnMut(String, u64) -> bool,
    stopped: bool,
    streamed: Streamed,
}

/// The fields of a message the stream itself needs; the workers read the rest.
#[derive(Default, Deserialize)]
struct Probe<'a> {
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
    #[serde(borrow, default)]
    timestamp_ms: Option<&'a RawValue>,
}

impl Context<'_> {
    /// Takes one message of the current list; false when the receiver is gone.
    fn message(&mut self, line: u64, raw: Box<RawValue>) -> bool {
        let layout = self.layout;
        let probe = if layout.unique_ids || layout.oldest_first {
            serde_json::from_str::<Probe>(raw.get()).unwrap_or_default()
        } else {
            Probe::default()
        };
        if layout.unique_ids
            && let Some(id) = probe.id
            && !self.ids.first_time(id)
        {
            self.streamed.duplicates += 1;
            return true;
        }
        if layout.oldest_first {
            let stamp = probe
                .timestamp_ms
                .and_then(|raw| serde_json::from_str::<i64>(raw.get()).ok());
            self.held.push((stamp, line, raw));
            return true;
        }
        self.add(line, &raw)
    }

    fn add(&mut self, line: u64, raw: &RawValue) -> bool {
        if self.chunk.is_empty() {
            self.chunk.push('[');
            self.chunk_line = line;
        } else {
            self.chunk.push(',');
        }
        let list = self.lists.saturating_sub(1);
        let _ = write!(self.chunk, "[{line},{list},{}]", raw.get());
        self.chunk.len() < self.chunk_len || self.flush()
    }

    /// Ends the current list: ids start afresh, a held list comes out oldest first.
    fn end_list(&mut self) -> bool {
        self.ids = Ids::default();
        let mut held = std::mem::take(&mut self.held);
        // Newest first in the file; a stable sort of the reversed list keeps messages of
        // the same millisecond in the order they were sent, and tolerates ascending files.
        held.reverse();
        held.sort_by_key(|(stamp, _, _)| *stamp);
        held.into_iter().all(|(_, line, raw)| self.add(line, &raw))
    }

    fn flush(&mut self) -> bool {
        if self.chunk.is_empty() {
            return true;
        }
        self.chunk.push(']');
        let chunk = std::mem::take(&mut self.chunk);
        self.stopped = !(self.send)(chunk, self.chunk_line);
        !self.stopped
    }
}

/// The ids read in one list. Telegram's and Discord's ids rise through a chat, so those
/// that rise are kept in a sorted vector at 8 bytes each, and only the others in sets.
#[derive(Default)]
struct Ids {
    rising: Vec<i64>,
    others: FxHashSet<i64>,
    texts: FxHashSet<String>,
}

impl Ids {
    fn first_time(&mut self, id: &RawValue) -> bool {
        let number = serde_json::from_str::<Number>(id.get())
            .ok()
            .and_then(|number| number.as_i64());
        match number {
            Some(id) if self.rising.last().is_none_or(|&last| id > last) => {
                self.rising.push(id);
                true
            }
            Some(id) => self.rising.binary_search(&id).is_err() && self.others.insert(id),
            None => self.texts.insert(id.get().to_owned()),
        }
    }
}

/// A seeded visitor that descends along the layout's paths and skips everything else.
struct Walk<'c, 'a> {
    paths: Vec<&'static [&'static str]>,
    cx: &'c mut Context<'a>,
}

impl<'de> DeserializeSeed<'de> for Walk<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_, '_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            let paths = self.paths_under(key.as_str());
            if paths.is_empty() {
                map.next_value::<IgnoredAny>()?;
            } else {
                map.next_value_seed(Walk {
                    paths,
                    cx: &mut *self.cx,
                })?;
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if !self.paths.iter().any(|path| path.is_empty()) {
            let paths = self.paths_under("*");
            if paths.is_empty() {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
            }
            while seq
                .next_element_seed(Walk {
                    paths: paths.clone(),
                    cx: &mut *self.cx,
                })?
                .is_some()
            {}
            return Ok(());
        }
        self.cx.lists += 1;
        while seq
            .next_element_seed(Message { cx: &mut *self.cx })?
            .is_some()
        {}
        if !self.cx.end_list() {
            return Err(A::Error::custom(STOPPED));
        }
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

impl Walk<'_, '_> {
    /// The rest of the paths that go through `step`.
    fn paths_under(&self, step: &str) -> Vec<&'static [&'static str]> {
        self.paths
            .iter()
            .filter_map(|path| path.split_first())
            .filter(|(first, _)| **first == step)
            .map(|(_, rest)| rest)
            .collect()
    }
}

const STOPPED: &str = "stopped: nobody reads the messages any more";

/// One element of a message list: captured whole, with the line it starts on.
struct Message<'c, 'a> {
    cx: &'c mut Context<'a>,
}

impl<'de> DeserializeSeed<'de> for Message<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        // The deserializer has read the element's first byte: the line counted so far is its.
        let at = Rc::clone(&self.cx.at);
        let line = at.newlines.get() + 1;
        self.cx.message_line = line;
        at.message_from.set(Some(at.bytes.get()));
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        at.message_from.set(None);
        if self.cx.message(line, raw) {
            Ok(())
        } else {
            Err(D::Error::custom(STOPPED))
        }
    }
}

/// Streams `text` as `parser`'s JSON export and parses its chunks, as a run does.
#[cfg(test)]
pub fn read_str(parser: &dyn super::Parser, text: &str) -> Parsed {
    let layout = parser.json_layout().expect("a JSON export");
    let mut chunks = Vec::new();
    let streamed = stream(
        text.as_bytes(),
        layout,
        64,
        MAX_MESSAGE,
        &mut |chunk, line| {
            chunks.push((chunk, line));
            true
        },
    );
    let mut out = Parsed::default();
    for (chunk, line) in chunks {
        parser.parse(&chunk, line, &mut out);
    }
    out.problems.extend(streamed.problem);
    out
}

fn syntax_problem(error: &serde_json::Error, what: &str, first_line: u64) -> Problem {
    let message = error.to_string();
    // serde's message ends with its own position; the problem already carries the line.
    let message = match message.rfind(" at line ") {
        Some(cut) => format!("{}, column {}", &message[..cut], error.column()),
        None => message,
    };
    let line = first_line + (error.line() as u64).saturating_sub(1);
    Problem {
        line,
        message: format!("not a readable {what} export: {message}"),
    }
}

/// A field of a message, read on its own: a value that cannot be read (a float where an
/// integer belongs, a string with a lone surrogate) costs only this field, never the
/// message. `null` is missing.
#[derive(Debug, Default)]
pub enum Field<T> {
    #[default]
    Missing,
    Value(T),
    /// Read after lone UTF-16 surrogates in it were replaced with U+FFFD.
    Repaired(T),
    /// Why the value could not be read.
    Unreadable(String),
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <&RawValue>::deserialize(deserializer)?;
        let raw = raw.get();
        if raw == "null" {
            return Ok(Field::Missing);
        }
        Ok(match serde_json::from_str(raw) {
            Ok(value) => Field::Value(value),
            Err(error) => {
                match without_lone_surrogates(raw).map(|fixed| serde_json::from_str(&fixed)) {
                    Some(Ok(value)) => Field::Repaired(value),
                    _ => Field::Unreadable(error.to_string()),
                }
            }
        })
    }
}

impl<T> Field<T> {
    /// The value, if it could be read; a problem on `line` naming the field when it could
    /// not, or only with lone surrogates replaced.
    pub fn take(self, name: &str, line: u64, out: &mut Parsed) -> Option<T> {
        match self {
            Field::Missing => None,
            Field::Value(value) => Some(value),
            Field::Repaired(value) => {
                out.problem(
                    line,
                    format!("{name}: lone UTF-16 surrogate replaced with U+FFFD"),
                );
                Some(value)
            }
            Field::Unreadable(error) => {
                out.problem(line, format!("{name} left out: {error}"));
                None
            }
        }
    }
}

/// `raw` JSON with every `\u` escape of a lone UTF-16 surrogate (half of a pair, which JSON
/// allows but no string holds) replaced by `\ufffd`; `None` when there is none.
fn without_lone_surrogates(raw: &str) -> Option<String> {
    let hex = |at: usize| {
        raw.get(at..at + 6)
            .filter(|escape| escape.starts_with("\\u"))
            .and_then(|escape| u16::from_str_radix(&escape[2..], 16).ok())
    };
    let mut fixed = String::with_capacity(raw.len());
    let (mut copied, mut at, mut replaced) = (0, 0, false);
    while let Some(found) = raw[at..].find('\\') {
        let start = at + found;
        let Some(unit) = hex(start) else {
            at = start + 2;
            continue;
        };
        let paired = (0xD800..0xDC00).contains(&unit)
            && hex(start + 6).is_some_and(|low| (0xDC00..0xE000).contains(&low));
        if paired {
            at = start + 12;
        } else if (0xD800..0xE000).contains(&unit) {
            fixed.push_str(&raw[copied..start]);
            fixed.push_str("\\ufffd");
            (copied, at, replaced) = (start + 6, start + 6, true);
        } else {
            at = start + 6;
        }
    }
    replaced.then(|| fixed + &raw[copied..])
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

    static LISTS: Layout = Layout {
        what: "test",
        lists: &[&["messages"], &["chats", "list", "*", "messages"]],
        unique_ids: false,
        oldest_first: false,
    };

    /// A message as a chunk holds it: line, list, text.
    type Held = (u64, u32, String);

    /// The chunks of messages streamed out of `input`.
    fn chunks(input: impl Read, chunk_len: usize) -> (Vec<Vec<Held>>, Streamed) {
        let mut chunks = Vec::new();
        let streamed = stream(input, &LISTS, chunk_len, 1000, &mut |chunk, _| {
            let messages: Vec<(u64, u32, Box<RawValue>)> = serde_json::from_str(&chunk).unwrap();
            let messages = messages.into_iter();
            chunks.push(
                messages
                    .map(|(l, c, m)| (l, c, m.get().to_owned()))
                    .collect(),
            );
            true
        });
        (chunks, streamed)
    }

    #[test]
    fn messages_are_found_on_their_paths_only_with_their_lines() {
        let text = "{\"other\": {\"messages\": [1]}, \"messages\": [\n{\"a\": 1},\n  \"two\"\n],\n\"chats\": {\"list\": [{\"messages\": [null]}, {\"x\": [], \"messages\": [\n[3]]}]}}";
        let (chunks, streamed) = chunks(text.as_bytes(), 1);
        let messages: Vec<Held> = chunks.concat();
        assert_eq!(
            messages,
            [
                (2, 0, "{\"a\": 1}".into()),
                (3, 0, "\"two\"".into()),
                (5, 1, "null".into()),
                (6, 2, "[3]".into())
            ]
        );
        assert!(streamed.problem.is_none() && streamed.failure.is_none());
    }

    /// Generates a long export on the fly and fails if it is read past `limit` before
    /// the first chunk was sent: the stream must not wait for the end of the file.
    struct Endless {
        at: u64,
        messages: u64,
        sent: Rc<Cell<bool>>,
        buffer: Vec<u8>,
    }

    impl Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.buffer.is_empty() {
                assert!(
                    self.sent.get() || self.at < 10_000,
                    "read ahead of the chunks"
                );
                self.buffer = match self.at {
                    0 => b"{\"messages\": [".to_vec(),
                    at if at > self.messages => Vec::new(),
                    at if at == self.messages => b"{}]}".to_vec(),
                    _ => b"{\"text\": \"hello\"},\n".to_vec(),
                };
                self.at += 1;
            }
            let len = buf.len().min(self.buffer.len());
            buf[..len].copy_from_slice(&self.buffer[..len]);
            self.buffer.drain(..len);
            Ok(len)
        }
    }

    #[test]
    fn chunks_are_sent_as_the_file_is_read_not_at_its_end() {
        let sent = Rc::new(Cell::new(false));
        let input = Endless {
            at: 0,
            messages: 100_000,
            sent: Rc::clone(&sent),
            buffer: Vec::new(),
        };
        let mut count = 0;
        let mut largest = 0;
        let streamed = stream(input, &LISTS, 4096, MAX_MESSAGE, &mut |chunk, _| {
            sent.set(true);
            largest = largest.max(chunk.len());
            count += chunk.matches("hello").count();
            true
        });
        assert!(streamed.problem.is_none());
        assert_eq!(count, 99_999);
        assert!(
            largest < 4096 + 64,
            "chunks stay near their size: {largest}"
        );
    }

    #[test]
    fn a_file_that_stops_being_json_keeps_what_came_before() {
        let text = "{\"messages\": [{\"a\": 1},\n{\"b\": 2},\n{\"c\": ]}";
        let (chunks, streamed) = chunks(text.as_bytes(), 1);
        assert_eq!(chunks.concat().len(), 2);
        let problem = streamed.problem.unwrap();
        assert_eq!(problem.line, 3);
        assert!(
            problem
                .message
                .starts_with("not a readable test export: expected value"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn a_message_too_large_to_hold_ends_the_stream_with_a_problem() {
        let huge = "x".repeat(1000);
        let text = format!("{{\"messages\": [{{\"a\": 1}},\n{{\"text\": \"{huge}\"}}, {{}}]}}");
        let (chunks, streamed) = chunks(text.as_bytes(), 1);
        assert_eq!(chunks.concat().len(), 1);
        let problem = streamed.problem.unwrap();
        assert_eq!(problem.line, 2);
        assert!(
            problem
                .message
                .starts_with("a message of more than 1000 bytes")
        );
        assert!(streamed.failure.is_none());
    }

    #[test]
    fn a_stopped_reader_ends_the_stream_quietly() {
        let text = "{\"messages\": [1, 2, 3, 4]}";
        let mut calls = 0;
        let streamed = stream(text.as_bytes(), &LISTS, 1, MAX_MESSAGE, &mut |_, _| {
            calls += 1;
            false
        });
        assert_eq!(calls, 1);
        assert!(streamed.problem.is_none() && streamed.failure.is_none());
    }

    #[test]
    fn lone_surrogates_are_replaced_and_pairs_kept() {
        let cases = [
            (r#""a\ud800b""#, Some(r#""a\ufffdb""#)),
            (
                r#""\udc00\ud83d\ude00\ud800""#,
                Some(r#""\ufffd\ud83d\ude00\ufffd""#),
            ),
            (r#""\\ud800 is text""#, None),
            (r#""\ud83d\ude00 fine""#, None),
            (r#""plain""#, None),
        ];
        for (raw, fixed) in cases {
            assert_eq!(without_lone_surrogates(raw).as_deref(), fixed, "{raw}");
        }
    }

    #[test]
    fn a_field_that_cannot_be_read_costs_only_itself() {
        #[derive(Deserialize)]
        struct Message {
            #[serde(default)]
            stamp: Field<i64>,
            #[serde(default)]
            text: Field<String>,
            #[serde(default)]
            from: Field<String>,
        }
        let raw = r#"{"stamp": 1.5e12, "text": "I\ud800 see", "from": null}"#;
        let message: Message = serde_json::from_str(raw).unwrap();
        let mut out = Parsed::default();
        assert_eq!(message.stamp.take("stamp", 7, &mut out), None);
        assert_eq!(
            message.text.take("text", 7, &mut out).unwrap(),
            "I\u{FFFD} see"
        );
        assert_eq!(message.from.take("from", 7, &mut out), None);
        let said: Vec<(u64, &str)> = out
            .problems
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        assert_eq!(said.len(), 2, "{said:?}");
        assert!(
            said[0]
                .1
                .starts_with("stamp left out: invalid type: floating point"),
            "{said:?}"
        );
        assert_eq!(
            said[1],
            (7, "text: lone UTF-16 surrogate replaced with U+FFFD")
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
