//! Reading one source: open, decode, detect, and cut into chunks at record boundaries.

use std::fs::File;
use std::io::Read;
use std::sync::Arc;

use super::common::OrderEvidence;
use super::decode::{Encoding, InvalidBytes, Opened, TextReader};
use super::discover::Source;
use super::{Format, ParseOptions, Parser, RecordStarts, archive, detect, whatsapp};
use crate::error::{Error, Result};

/// Decoded text handed to the parser per chunk; big enough to amortise per-chunk work,
/// small enough that a batch of them per thread stays within the memory budget.
pub const CHUNK_LEN: usize = 1 << 20;
/// A chunk that finds no record start to cut at is cut at a line break past this size
/// anyway, so one enormous record cannot hold the whole file in memory.
const MAX_CARRY: usize = 64 << 20;

/// A piece of one source, starting at a record boundary.
pub struct Chunk {
    pub text: String,
    /// 1-based line of the chunk's first line in the decoded source.
    pub first_line: u64,
    pub parser: Arc<dyn Parser>,
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
    reader: TextReader<Box<dyn Read + Send>>,
    parser: Arc<dyn Parser>,
    format: Format,
    /// Text read but not yet handed out: it begins at a record start.
    carry: String,
    carry_first_line: u64,
    done: bool,
}

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
            .next_text(CHUNK_LEN)
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
        Ok(OpenedSource::Text(Box::new(SourceReader {
            reader,
            parser,
            format,
            carry: first,
            carry_first_line: 1,
            done: false,
        })))
    }

    pub fn format(&self) -> Format {
        self.format
    }

    pub fn encoding(&self) -> Encoding {
        self.reader.encoding()
    }

    pub fn invalid_bytes(&self) -> InvalidBytes {
        self.reader.invalid_bytes()
    }

    /// The next chunk, or `None` when the source is exhausted.
    pub fn next_chunk(&mut self, source: &Source) -> Result<Option<Chunk>> {
        if self.done {
            return Ok(None);
        }
        loop {
            let more = self
                .reader
                .next_text(CHUNK_LEN)
                .map_err(|error| io_error(source, error))?;
            let Some(more) = more else {
                self.done = true;
                if self.carry.is_empty() {
                    return Ok(None);
                }
                let text = std::mem::take(&mut self.carry);
                return Ok(Some(self.chunk(text)));
            };
            let Some(record_starts) = self.parser.record_starts() else {
                self.carry.push_str(&more);
                continue;
            };
            // Cut before the first record start in the new text, so the carried record is
            // complete; with no record start in it, the carried record is still growing.
            match first_record_start(record_starts, &more) {
                Some(cut) => {
                    let text = std::mem::take(&mut self.carry) + &more[..cut];
                    self.carry = more[cut..].to_owned();
                    let chunk = self.chunk(text);
                    return Ok(Some(chunk));
                }
                None if self.carry.len() + more.len() > MAX_CARRY => {
                    let text = std::mem::take(&mut self.carry) + &more;
                    return Ok(Some(self.chunk(text)));
                }
                None => self.carry.push_str(&more),
            }
        }
    }

    fn chunk(&mut self, text: String) -> Chunk {
        let first_line = self.carry_first_line;
        self.carry_first_line += memchr::memchr_iter(b'\n', text.as_bytes()).count() as u64;
        Chunk {
            text,
            first_line,
            parser: Arc::clone(&self.parser),
        }
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
            .next_text(CHUNK_LEN)
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

/// Byte offset of the first line in `text` that starts a record.
fn first_record_start(record_starts: &dyn RecordStarts, text: &str) -> Option<usize> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if record_starts.starts_record(line.trim_end_matches(['\n', '\r'])) {
            return Some(start);
        }
        start += line.len();
    }
    None
}

fn io_error(source: &Source, error: std::io::Error) -> Error {
    Error::Io {
        path: source.name.clone().into(),
        source: error,
    }
}
