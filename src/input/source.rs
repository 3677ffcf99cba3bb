//! Reading one source: open, decode, detect, and cut into chunks at record boundaries.

use std::fs::File;
use std::io::{self, Read};
use std::sync::{Arc, mpsc};

use super::common::OrderEvidence;
use super::decode::{Encoding, InvalidBytes, Opened, TextReader};
use super::discover::Source;
use super::json::{self, Layout};
use super::{
    Format, ParseOptions, Parsed, Parser, Problem, RecordStarts, archive, detect, parse_chunk,
    whatsapp,
};
use crate::error::{Error, Result};
use crate::record::Record;

/// Decoded text handed to the parser per chunk; big enough to amortise per-chunk work,
/// small enough that a batch of them per thread stays within the memory budget.
pub const CHUNK_LEN: usize = 1 << 20;
/// A record of a text format larger than this (about 700,000 words) is split into
/// passages of at most this size, cut at white space, each a record of the same time and
/// author; they are counted in the run's summary. One enormous record (a 1 GB line) is so
/// read in a bounded window instead of whole.
pub const MAX_RECORD: usize = 4 << 20;

/// A piece of one source, starting at a record boundary.
pub struct Chunk {
    pub text: String,
    /// 1-based line of the chunk's first line in the decoded source.
    pub first_line: u64,
    pub parser: Arc<dyn Parser>,
    /// Problems found while cutting the source (a JSON export that stops being JSON).
    pub problems: Vec<Problem>,
    /// When `text` is a passage split off a record too large to hold whole: that record,
    /// without its text. The passage is not parsed; it is a record like it.
    pub continues: Option<Arc<Record>>,
}

impl Chunk {
    /// Parses the chunk into `out`.
    pub fn parse(&self, out: &mut Parsed) {
        out.problems.extend(self.problems.iter().cloned());
        if let Some(record) = &self.continues {
            let text = self.text.trim();
            if !text.is_empty() {
                out.split += 1;
                out.records.push(Record {
                    text: text.to_owned(),
                    ..Record::clone(record)
                });
            }
        } else if !self.text.is_empty() {
            parse_chunk(self.parser.as_ref(), &self.text, self.first_line, out);
        }
    }
}

impl Chunk {
    /// The chunk's first `max` bytes or so, ending at a line break (the whole chunk when
    /// shorter): a sample of whole records, bar perhaps the last.
    pub fn prefix(&self, max: usize) -> &str {
        if self.text.len() <= max {
            return &self.text;
        }
        let end = memchr::memchr(b'\n', &self.text.as_bytes()[max..])
            .map_or(self.text.len(), |at| max + at + 1);
        &self.text[..end]
    }
}

/// What opening a source found.
pub enum OpenedSource {
    Text(Box<SourceReader>),
    /// Binary content (a NUL byte in the first 8 KiB).
    Binary,
    /// Passed over by its name, unopened: media or a nested archive found in a folder or an
    /// archive (see [`archive::skip_reason`]).
    Skipped(&'static str),
    /// Text whose format detection cannot tell; says what it looked like.
    Undetected(String),
}

/// Yields the chunks of one text source in order.
pub struct SourceReader {
    parser: Arc<dyn Parser>,
    format: Format,
    encoding: Encoding,
    body: Body,
}

enum Body {
    Text(TextBody),
    Json(JsonBody),
}

/// A text format, cut before lines where records start.
struct TextBody {
    reader: TextReader<Box<dyn Read + Send>>,
    /// Text read but not yet handed out: it begins at a record start, or (while `continues`
    /// is set) inside the record being split.
    carry: String,
    carry_first_line: u64,
    /// Whether the text read so far ends at a line break (a piece of a long line does not).
    at_line_start: bool,
    /// The record being split into passages, once it outgrew [`MAX_RECORD`].
    continues: Option<Arc<Record>>,
    /// Whether `carry` begins at a line break (a passage may end inside a line).
    carry_starts_line: bool,
    /// Text read after a record start, held back while the record before it is split.
    ahead: Option<String>,
    done: bool,
}

/// A JSON export, streamed on a thread of its own (`serde_json`'s deserializer runs to the
/// end of the file in one call) that sends chunks of messages as it finds them.
struct JsonBody {
    pieces: mpsc::Receiver<Piece>,
    invalid: InvalidBytes,
    duplicates: u64,
    done: bool,
}

enum Piece {
    Chunk(String, u64),
    End {
        streamed: json::Streamed,
        invalid: InvalidBytes,
    },
}

/// Chunks sent ahead of the reader: enough to keep the stream busy, few enough to bound memory.
const JSON_PIECES_AHEAD: usize = 2;

impl SourceReader {
    /// Opens `source`, detecting its format unless `forced`.
    pub fn open(
        source: &Source,
        forced: Option<Format>,
        options: &ParseOptions,
    ) -> Result<OpenedSource> {
        let path = source.content_path();
        if !source.explicit
            && let Some(reason) = archive::skip_reason(&path)
        {
            return Ok(OpenedSource::Skipped(reason));
        }
        let input = open_input(source)?;
        let mut reader = match TextReader::open(input).map_err(|error| io_error(source, error))? {
            Opened::Text(reader) => reader,
            Opened::Binary => return Ok(OpenedSource::Binary),
        };
        let first = reader
            .next_text_within(CHUNK_LEN, CHUNK_LEN)
            .map_err(|error| io_error(source, error))?
            .unwrap_or_default();
        let format = match forced.map_or_else(|| detect::detect(&path, &first), Ok) {
            Ok(format) => format,
            Err(undecided) => return Ok(OpenedSource::Undetected(undecided.to_string())),
        };
        // A WhatsApp chat longer than its first chunk whose first dates leave the day/month
        // order open is read twice: once for its dates, once to parse. Standard input cannot
        // be read again; its parser reports dates that contradict the order its beginning gave.
        let whole_chat = format == Format::Whatsapp && first.len() >= CHUNK_LEN;
        let parser: Arc<dyn Parser> = if whole_chat && source.path.is_some() {
            Arc::new(whatsapp_for_whole_chat(source, &first)?)
        } else {
            Arc::from(format.parser(&path, &first, options))
        };
        let encoding = reader.encoding();
        let body = match parser.json_layout() {
            Some(layout) => Body::Json(JsonBody::start(reader, first, layout)),
            None => Body::Text(TextBody {
                reader,
                at_line_start: first.ends_with('\n'),
                carry: first,
                carry_first_line: 1,
                continues: None,
                carry_starts_line: true,
                ahead: None,
                done: false,
            }),
        };
        Ok(OpenedSource::Text(Box::new(SourceReader {
            parser,
            format,
            encoding,
            body,
        })))
    }

    pub fn format(&self) -> Format {
        self.format
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// Bytes that were not valid UTF-8; complete once the source is exhausted.
    pub fn invalid_bytes(&self) -> InvalidBytes {
        match &self.body {
            Body::Text(text) => text.reader.invalid_bytes(),
            Body::Json(json) => json.invalid,
        }
    }

    /// Messages of a JSON export left out because their id was already read; complete
    /// once the source is exhausted.
    pub fn duplicates(&self) -> u64 {
        match &self.body {
            Body::Text(_) => 0,
            Body::Json(json) => json.duplicates,
        }
    }

    /// Whether every chunk has been handed out.
    pub fn is_finished(&self) -> bool {
        match &self.body {
            Body::Text(text) => text.done,
            Body::Json(json) => json.done,
        }
    }

    /// The next chunk, or `None` when the source is exhausted.
    pub fn next_chunk(&mut self, source: &Source) -> Result<Option<Chunk>> {
        let parser = &self.parser;
        let chunk = |text: String, first_line: u64, problems: Vec<Problem>| Chunk {
            text,
            first_line,
            parser: Arc::clone(parser),
            problems,
            continues: None,
        };
        match &mut self.body {
            Body::Text(body) => body.next_chunk(parser, source),
            Body::Json(body) => Ok(body
                .next_piece()
                .map_err(|error| io_error(source, error))?
                .map(|(text, first_line, problems)| chunk(text, first_line, problems))),
        }
    }
}

impl TextBody {
    /// The next chunk: text cut before a record start, or a passage of a record too large
    /// to hold whole.
    fn next_chunk(&mut self, parser: &Arc<dyn Parser>, source: &Source) -> Result<Option<Chunk>> {
        let chunk = |body: &mut TextBody, text: String, continues: Option<Arc<Record>>| {
            let first_line = body.carry_first_line;
            body.carry_first_line += memchr::memchr_iter(b'\n', text.as_bytes()).count() as u64;
            Chunk {
                text,
                first_line,
                parser: Arc::clone(parser),
                problems: Vec::new(),
                continues,
            }
        };
        loop {
            // The text read before a record was found too large may hold the next records.
            if let (Some(record_starts), Some(_)) = (parser.record_starts(), &self.continues)
                && let Some(cut) =
                    first_record_start(record_starts, &self.carry, self.carry_starts_line)
            {
                let rest = self.carry.split_off(cut);
                let text = std::mem::replace(&mut self.carry, rest);
                let continues = self.continues.take();
                self.carry_starts_line = true;
                if !text.is_empty() {
                    return Ok(Some(chunk(self, text, continues)));
                }
            }
            if parser.record_starts().is_some() && self.carry.len() > MAX_RECORD {
                // Only one record is this large: the carried text ends inside it. Before the
                // first split the text is parsed as it is, its last record cut short; what
                // follows are passages of that record.
                let cut = passage_end(&self.carry);
                let rest = self.carry.split_off(cut);
                let text = std::mem::replace(&mut self.carry, rest);
                self.carry_starts_line = text.ends_with('\n');
                let continues = self.continues.clone();
                if continues.is_none() {
                    let line = self.carry_first_line;
                    self.continues = Some(last_record(parser.as_ref(), &text, line));
                }
                return Ok(Some(chunk(self, text, continues)));
            }
            if self.done {
                if self.carry.is_empty() {
                    return Ok(None);
                }
                let text = std::mem::take(&mut self.carry);
                let continues = self.continues.take();
                return Ok(Some(chunk(self, text, continues)));
            }
            let (more, starts_line) = match self.ahead.take() {
                Some(ahead) => (Some(ahead), true),
                None => {
                    let more = self.reader.next_text_within(CHUNK_LEN, CHUNK_LEN);
                    let more = more.map_err(|error| io_error(source, error))?;
                    let starts_line = self.at_line_start;
                    if let Some(more) = &more {
                        self.at_line_start = more.ends_with('\n');
                    }
                    (more, starts_line)
                }
            };
            let Some(more) = more else {
                self.done = true;
                continue;
            };
            let Some(record_starts) = parser.record_starts() else {
                self.carry.push_str(&more);
                continue;
            };
            // Cut before the first record start in the new text, so the carried record is
            // complete; with no record start in it, the carried record is still growing.
            match first_record_start(record_starts, &more, starts_line) {
                // The carried record ends here but is too large: split it first.
                Some(cut) if self.carry.len() + cut > MAX_RECORD => {
                    self.carry.push_str(&more[..cut]);
                    self.ahead = Some(more[cut..].to_owned());
                }
                Some(cut) => {
                    let text = std::mem::take(&mut self.carry) + &more[..cut];
                    self.carry = more[cut..].to_owned();
                    let continues = self.continues.take();
                    if text.is_empty() {
                        continue;
                    }
                    return Ok(Some(chunk(self, text, continues)));
                }
                None => self.carry.push_str(&more),
            }
        }
    }
}

/// Where to end a passage of `text`, a record too large to hold whole: at the last white
/// space of its last tenth, so words stay whole, or else at a character boundary.
fn passage_end(text: &str) -> usize {
    let mut end = MAX_RECORD.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let from = end - end / 10;
    text[..end]
        .rfind(char::is_whitespace)
        .filter(|&space| space > from)
        .map_or(end, |space| space + 1)
}

/// The last record `text` parses into, without its text: what the passages split off it
/// are records of (an undated message when `text` gives none).
fn last_record(parser: &dyn Parser, text: &str, first_line: u64) -> Arc<Record> {
    let mut parsed = Parsed::default();
    parser.parse(text, first_line, &mut parsed);
    let record = parsed
        .records
        .pop()
        .unwrap_or_else(|| Record::message(None, None, String::new(), first_line));
    Arc::new(Record {
        text: String::new(),
        ..record
    })
}

impl JsonBody {
    /// Starts streaming the export whose decoded text begins with `first` and goes on in
    /// `reader`.
    fn start(
        reader: TextReader<Box<dyn Read + Send>>,
        first: String,
        layout: &'static Layout,
    ) -> JsonBody {
        let (sender, pieces) = mpsc::sync_channel(JSON_PIECES_AHEAD);
        std::thread::spawn(move || {
            let mut input = Decoded {
                reader,
                piece: first,
                at: 0,
            };
            let limit = json::MAX_MESSAGE;
            let streamed = json::stream(&mut input, layout, CHUNK_LEN, limit, &mut |text, line| {
                sender.send(Piece::Chunk(text, line)).is_ok()
            });
            let invalid = input.reader.invalid_bytes();
            let _ = sender.send(Piece::End { streamed, invalid });
        });
        JsonBody {
            pieces,
            invalid: InvalidBytes::default(),
            duplicates: 0,
            done: false,
        }
    }

    /// The next chunk of messages with its first line, and the problems found with it.
    fn next_piece(&mut self) -> io::Result<Option<(String, u64, Vec<Problem>)>> {
        if self.done {
            return Ok(None);
        }
        match self.pieces.recv() {
            Ok(Piece::Chunk(text, line)) => Ok(Some((text, line, Vec::new()))),
            Ok(Piece::End { streamed, invalid }) => {
                self.done = true;
                self.invalid = invalid;
                self.duplicates = streamed.duplicates;
                if let Some(failure) = streamed.failure {
                    return Err(failure);
                }
                Ok(streamed
                    .problem
                    .map(|problem| (String::new(), problem.line, vec![problem])))
            }
            Err(mpsc::RecvError) => {
                self.done = true;
                Err(io::Error::other("the JSON reader stopped unexpectedly"))
            }
        }
    }
}

/// The decoded text of a source as bytes, for `serde_json`'s reader: the sample read for
/// detection, then the rest, piece by piece (cut anywhere, so a minified export on one
/// line streams too).
struct Decoded {
    reader: TextReader<Box<dyn Read + Send>>,
    piece: String,
    at: usize,
}

impl Read for Decoded {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.piece.len() {
            match self.reader.next_text_within(CHUNK_LEN, CHUNK_LEN)? {
                Some(piece) => {
                    self.piece = piece;
                    self.at = 0;
                }
                None => return Ok(0),
            }
        }
        let len = buf.len().min(self.piece.len() - self.at);
        buf[..len].copy_from_slice(&self.piece.as_bytes()[self.at..self.at + len]);
        self.at += len;
        Ok(len)
    }
}

/// The raw bytes of `source`, opened afresh.
fn open_input(source: &Source) -> Result<Box<dyn Read + Send>> {
    Ok(match (&source.path, &source.member) {
        (Some(archive), Some(member)) => {
            archive::open_member(archive, member).map_err(|error| io_error(source, error))?
        }
        (Some(path), None) => Box::new(File::open(path).map_err(|error| io_error(source, error))?),
        (None, _) => Box::new(std::io::stdin()),
    })
}

/// A WhatsApp parser whose day/month order is decided by the chat's dates: those of `first`,
/// its first chunk, when they settle it; else all of them, read in one more pass that keeps
/// only counts and stops once they settle it (see [`OrderEvidence::settled`]).
fn whatsapp_for_whole_chat(source: &Source, first: &str) -> Result<whatsapp::WhatsApp> {
    let mut evidence = OrderEvidence::default();
    whatsapp::add_evidence(&mut evidence, first);
    if evidence.settled() {
        return Ok(whatsapp::WhatsApp::with_evidence(&evidence, first));
    }
    let mut evidence = OrderEvidence::default();
    if let Opened::Text(mut reader) =
        TextReader::open(open_input(source)?).map_err(|error| io_error(source, error))?
    {
        while let Some(text) = reader
            .next_text_within(CHUNK_LEN, CHUNK_LEN)
            .map_err(|error| io_error(source, error))?
        {
            whatsapp::add_evidence(&mut evidence, &text);
            if evidence.settled() {
                break;
            }
        }
    }
    Ok(whatsapp::WhatsApp::with_evidence(&evidence, first))
}

/// Byte offset of the first line in `text` that starts a record; the first line is not
/// one when `text` begins inside a line (`starts_line` false).
fn first_record_start(
    record_starts: &dyn RecordStarts,
    text: &str,
    starts_line: bool,
) -> Option<usize> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if (starts_line || start > 0)
            && record_starts.starts_record(line.trim_end_matches(['\n', '\r']))
        {
            return Some(start);
        }
        start += line.len();
    }
    None
}

fn io_error(source: &Source, error: io::Error) -> Error {
    Error::Io {
        path: source.name.clone().into(),
        source: error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::lines::Lines;

    #[test]
    fn passages_end_after_white_space_near_the_limit_or_between_characters() {
        let words = "word ".repeat(MAX_RECORD / 4);
        let end = passage_end(&words);
        assert!(end <= MAX_RECORD && end > MAX_RECORD - 8, "{end}");
        assert!(words[..end].ends_with(' '));
        let solid = "é".repeat(MAX_RECORD);
        let end = passage_end(&solid);
        assert_eq!(end, MAX_RECORD);
        assert_eq!(passage_end("short text"), 10);
    }

    #[test]
    fn text_that_begins_inside_a_line_starts_no_record_there() {
        assert_eq!(first_record_start(&Lines, "tail\nnext\n", false), Some(5));
        assert_eq!(first_record_start(&Lines, "tail\nnext\n", true), Some(0));
        assert_eq!(first_record_start(&Lines, "only a tail", false), None);
    }
}
