//! Input: discover files, decode bytes to text, detect the export format, parse records.

pub mod common;
pub mod csv;
pub mod dayone;
pub mod decode;
pub mod detect;
pub mod discord;
pub mod discover;
pub mod journal;
pub mod jrnl;
pub mod json;
pub mod lines;
pub mod messenger;
pub mod signal;
pub mod source;
pub mod stamp;
pub mod telegram;
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
    /// Telegram Desktop JSON export (one chat or the whole account).
    Telegram,
    /// Facebook Messenger or Instagram "Download your information" JSON.
    Messenger,
    /// DiscordChatExporter JSON or CSV export of a channel.
    Discord,
    /// Signal text or Markdown export (signal-export, signalbackup-tools).
    Signal,
    /// Plain-text or Markdown diary with date lines or date headings.
    Journal,
    /// jrnl's plain-text journal file.
    Jrnl,
    /// Day One JSON export.
    Dayone,
    /// Any CSV or TSV table with a header row.
    Csv,
    /// One undated record per non-empty line.
    Lines,
}

impl Format {
    pub const ALL: &[Format] = &[
        Format::Whatsapp,
        Format::Telegram,
        Format::Messenger,
        Format::Discord,
        Format::Signal,
        Format::Journal,
        Format::Jrnl,
        Format::Dayone,
        Format::Csv,
        Format::Lines,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Whatsapp => "whatsapp",
            Format::Telegram => "telegram",
            Format::Messenger => "messenger",
            Format::Discord => "discord",
            Format::Signal => "signal",
            Format::Journal => "journal",
            Format::Jrnl => "jrnl",
            Format::Dayone => "dayone",
            Format::Csv => "csv",
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
            Format::Telegram => {
                "Telegram Desktop JSON export (result.json): one chat or the whole account (chats.list); service messages are system records; time is the message's local 'date' (or date_unixtime in the machine's zone)"
            }
            Format::Messenger => {
                "Facebook Messenger / Instagram 'Download your information' JSON (message_N.json): sender_name, timestamp_ms, content; emitted oldest first with Meta's mojibake repaired; time is timestamp_ms in the machine's zone (TZ)"
            }
            Format::Discord => {
                "DiscordChatExporter JSON ({guild, channel, messages}) or CSV (AuthorID,Author,Date,Content,Attachments,Reactions); time is the exporter's local clock as written (JSON offsets are not applied); non-default JSON message types are system records"
            }
            Format::Signal => {
                "Signal chat as text or Markdown (signal-export, signalbackup-tools): '[2024-03-01 17:30] Name: text' or '[2024-03-01, 17:30:05] Name: text'; time is the local time written"
            }
            Format::Jrnl => {
                "jrnl journal file: '[2013-06-09 03:39:00 PM] Title. Body' starts each entry (default time format, or 24-hour); time is the local time written"
            }
            Format::Dayone => {
                "Day One JSON export: one record per entry, dated in the entry's own timeZone; media links and Markdown escapes removed"
            }
            Format::Csv => {
                "any CSV/TSV with a header row: one record per row; text, time and author columns found by name (text/message/content/body, date/timestamp/time, author/sender/from/name); ISO dates read as written, numeric dates in the order the column implies"
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
            Format::Telegram => {
                "a JSON object with Telegram's keys: messages with date_unixtime, or chats.list, or personal_information"
            }
            Format::Messenger => "a JSON object whose messages have sender_name and timestamp_ms",
            Format::Discord => {
                "a JSON object with guild, channel and messages, or a CSV whose header starts AuthorID,Author,Date,Content"
            }
            Format::Signal => {
                "the first line is a '[YYYY-MM-DD HH:MM] Name:' header and the text has no WhatsApp direction marks"
            }
            Format::Jrnl => {
                "the first line is a '[YYYY-MM-DD hh:mm:ss AM]' entry header (force 24-hour journals with --format jrnl)"
            }
            Format::Dayone => "a JSON object with entries that have creationDate",
            Format::Csv => {
                "the first line is a header naming a text column and a time or author column"
            }
            Format::Lines => "text with neither (and standard input when nothing else fits)",
        }
    }

    /// Builds the parser for one file, given the file's path and its first decoded text.
    pub fn parser(self, path: &Path, sample: &str) -> Box<dyn Parser> {
        match self {
            Format::Whatsapp => Box::new(whatsapp::WhatsApp::for_sample(sample)),
            Format::Journal => Box::new(journal::Journal::for_file(path)),
            Format::Telegram => Box::new(telegram::Telegram::new(jiff::tz::TimeZone::system())),
            Format::Messenger => Box::new(messenger::Messenger::new(jiff::tz::TimeZone::system())),
            Format::Discord => Box::new(discord::Discord),
            Format::Signal => Box::new(signal::Signal),
            Format::Jrnl => Box::new(jrnl::Jrnl),
            Format::Dayone => Box::new(dayone::DayOne),
            Format::Csv => Box::new(csv::Csv::new(csv::CsvColumns::default())),
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
