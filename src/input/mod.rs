//! Input: discover files, decode bytes to text, detect the export format, parse records.

pub mod common;
pub mod decode;
pub mod detect;
pub mod discover;
pub mod journal;
pub mod lines;
pub mod source;
pub mod whatsapp;

use std::path::Path;

use crate::record::Record;

/// A non-fatal problem found while parsing, tied to a line of the decoded source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: u64,
    pub message: String,
}

/// What parsing one chunk of text produced.
#[derive(Debug, Default)]
pub struct Parsed {
    pub records: Vec<Record>,
    pub problems: Vec<Problem>,
}

impl Parsed {
    pub fn problem(&mut self, line: u64, message: impl Into<String>) {
        self.problems.push(Problem {
            line,
            message: message.into(),
        });
    }
}

/// A parser for one file of one export format.
///
/// Text formats are parsed in chunks cut just before a line where a record starts, so a
/// large export streams in bounded memory and its chunks parse in parallel.
pub trait Parser: Send + Sync {
    /// Whether the file may be cut into chunks before record-starting lines; formats such as
    /// JSON that must be read whole return false.
    fn streams(&self) -> bool {
        true
    }

    /// Whether `line` begins a new record.
    fn starts_record(&self, line: &str) -> bool;

    /// Parses `text`, which starts at a record boundary; `first_line` is the 1-based line
    /// number of its first line in the decoded source.
    fn parse(&self, text: &str, first_line: u64, out: &mut Parsed);
}

/// The export formats closeread reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Format {
    /// WhatsApp chat export (iOS and Android, any locale).
    Whatsapp,
    /// Plain-text or Markdown diary with date lines or date headings.
    Journal,
    /// One undated record per non-empty line.
    Lines,
}

impl Format {
    pub const ALL: &[Format] = &[Format::Whatsapp, Format::Journal, Format::Lines];

    pub fn name(self) -> &'static str {
        match self {
            Format::Whatsapp => "whatsapp",
            Format::Journal => "journal",
            Format::Lines => "lines",
        }
    }

    /// What the format reads, for `closeread formats`.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Whatsapp => {
                "WhatsApp chat export (.txt, iOS '[date, time] Name: text' and Android 'date, time - Name: text'; any date order, 12/24-hour clocks)"
            }
            Format::Journal => {
                "plain-text or Markdown diary: a date line or heading ('2024-03-01', '## 2024-03-01', 'Monday, March 1, 2024', '1 March 2024') starts each entry; a file named YYYY-MM-DD.md with no date inside is one entry"
            }
            Format::Lines => {
                "one undated passage per non-empty line (for piping and labelled data)"
            }
        }
    }

    /// How detection recognises the format.
    pub fn detection(self) -> &'static str {
        match self {
            Format::Whatsapp => "most of the first lines start with a WhatsApp date-time header",
            Format::Journal => {
                "date lines or headings start entries, or the file is named YYYY-MM-DD.md"
            }
            Format::Lines => "text with neither (and standard input when nothing else fits)",
        }
    }

    /// Builds the parser for one file, given the file's path and its first decoded text.
    pub fn parser(self, path: &Path, sample: &str) -> Box<dyn Parser> {
        match self {
            Format::Whatsapp => Box::new(whatsapp::WhatsApp::for_sample(sample)),
            Format::Journal => Box::new(journal::Journal::for_file(path)),
            Format::Lines => Box::new(lines::Lines),
        }
    }
}

/// Reads a whole source sequentially into records; for tools and tests that want records
/// rather than a pipeline run.
pub fn read_all(
    source: &discover::Source,
    forced: Option<Format>,
) -> crate::error::Result<Option<(Format, Parsed)>> {
    let mut reader = match source::SourceReader::open(source, forced)? {
        source::OpenedSource::Text(reader) => reader,
        source::OpenedSource::Binary => return Ok(None),
    };
    let mut parsed = Parsed::default();
    while let Some(chunk) = reader.next_chunk(source)? {
        chunk
            .parser
            .parse(&chunk.text, chunk.first_line, &mut parsed);
    }
    Ok(Some((reader.format(), parsed)))
}
