//! Input: discover files, decode bytes to text, detect the export format, parse records.

pub mod archive;
pub mod common;
pub mod csv;
pub mod dayone;
pub mod decode;
pub mod detect;
pub mod discord;
pub mod discover;
pub mod imessage;
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

use jiff::tz::TimeZone;

use crate::record::Record;

/// Choices that change how particular formats are read: the columns of a CSV table
/// (`--time-col`, `--author-col`, `--text-col`, `--id-col`), jrnl's time format
/// (`--time-format`), and the zone of epoch times stored without one (`--tz`).
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    pub columns: csv::CsvColumns,
    /// jrnl's `timeformat` (strftime), for a journal not written with the default.
    pub time_format: Option<String>,
    /// The zone in which zone-less epoch times (Messenger, Telegram's `date_unixtime`) are
    /// shown; `None` is the machine's zone (`TZ`).
    pub tz: Option<TimeZone>,
}

impl ParseOptions {
    /// Checks the command line's raw choices: the zone must exist, and the time format must
    /// write a date that it reads back.
    pub fn new(
        columns: csv::CsvColumns,
        time_format: Option<&str>,
        tz: Option<&str>,
    ) -> Result<ParseOptions, String> {
        if let Some(format) = time_format {
            let sample = jiff::civil::date(2013, 6, 9).at(15, 39, 0, 0);
            let reads_back = jiff::fmt::strtime::format(format, sample)
                .ok()
                .and_then(|text| jiff::fmt::strtime::parse(format, &text).ok())
                .is_some_and(|parsed| parsed.to_date().is_ok());
            if !reads_back {
                return Err(format!(
                    "--time-format '{format}' does not write a whole date (e.g. '%Y-%m-%d %H:%M')"
                ));
            }
        }
        let tz = match tz {
            None => None,
            Some(name) if name.eq_ignore_ascii_case("utc") => Some(TimeZone::UTC),
            Some(name) => Some(TimeZone::get(name).map_err(|_| {
                format!("unknown time zone '{name}' (use a name such as Europe/Berlin, or UTC)")
            })?),
        };
        Ok(ParseOptions {
            columns,
            time_format: time_format.map(str::to_owned),
            tz,
        })
    }

    /// The zone for zone-less epoch times.
    pub fn zone(&self) -> TimeZone {
        self.tz.clone().unwrap_or_else(TimeZone::system)
    }
}

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
    /// People the export names without their writing here (Messenger `participants`,
    /// Telegram `members` and `actor`s), so `--anonymize` can hide them too.
    pub people: Vec<String>,
    /// Worth knowing, but nothing was lost (a day/month order the dates did not decide):
    /// shown as warnings, not counted as problems.
    pub warnings: Vec<Problem>,
    /// Passages split off records too large to hold whole (see [`source::MAX_RECORD`]).
    pub split: u64,
}

impl Parsed {
    pub fn warning(&mut self, line: u64, message: impl Into<String>) {
        self.warnings.push(Problem {
            line,
            message: message.into(),
        });
    }

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
    /// How a large file of this format may be cut: `Some` for formats whose records start
    /// at recognisable lines; `None` (the default) for formats read whole, such as CSV,
    /// whose quoted values may span lines.
    fn record_starts(&self) -> Option<&dyn RecordStarts> {
        None
    }

    /// For a JSON export, where its messages are: the file is then streamed (see
    /// [`json::stream`]) and `parse` gets chunks of messages rather than text.
    fn json_layout(&self) -> Option<&'static json::Layout> {
        None
    }

    /// Parses `text`, which starts at a record boundary; `first_line` is the 1-based line
    /// number of its first line in the decoded source.
    fn parse(&self, text: &str, first_line: u64, out: &mut Parsed);
}

/// Recognises the lines records start at, so a file can be cut into chunks before them.
pub trait RecordStarts: Send + Sync {
    /// Whether `line` (without its line break) begins a new record.
    fn starts_record(&self, line: &str) -> bool;
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
    /// imessage-exporter's text export of an iMessage conversation.
    Imessage,
    /// Plain-text or Markdown diary with date lines or date headings, and Obsidian or
    /// Markdown daily notes.
    #[value(alias = "obsidian", alias = "markdown")]
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
        Format::Imessage,
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
            Format::Imessage => "imessage",
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
                "WhatsApp chat export (_chat.txt, 'WhatsApp Chat with X.txt'): iOS '[date, time] Name: text' and Android 'date, time - Name: text', any locale, date order and 12/24-hour clock; attachment placeholders are media records, joins, calls and deletions system records"
            }
            Format::Telegram => {
                "Telegram Desktop JSON export (result.json): one chat or the whole account (chats.list); text as a string or formatted pieces; service messages are system records, photos, stickers and files media records"
            }
            Format::Messenger => {
                "Facebook Messenger / Instagram 'Download your information' JSON (message_N.json): sender_name, timestamp_ms, content, with Meta's mojibake repaired; each newest-first file comes out oldest first, and a thread split over message_1.json, message_2.json, ... in one folder or zip is read oldest file first, as one conversation; calls and unsent messages are system records, photos, videos and audio media records"
            }
            Format::Discord => {
                "DiscordChatExporter JSON ({guild, channel, messages}) or CSV (AuthorID,Author,Date,Content,Attachments,Reactions); non-default JSON message types (joins, pins, calls) are system records, attachments and stickers without text media records"
            }
            Format::Signal => {
                "Signal chat as text or Markdown (signal-export, signalbackup-tools): '[2024-03-01 17:30] Name: text' or '[2024-03-01, 17:30:05] Name: text'; lines without a header continue the message"
            }
            Format::Imessage => {
                "imessage-exporter .txt: a 'May 17, 2022  5:29:42 PM' line (maybe '(Read by ...)'), the sender ('Me' for you), the body; indented threaded replies are records of their own; reactions and effects are left out, an edited message keeps its last version, attachment paths are media records, renames and deletions system records"
            }
            Format::Journal => {
                "plain-text or Markdown diary, and Obsidian or Markdown daily notes (--format obsidian or markdown are the same): a date line or heading ('2024-03-01', '## 2024-03-01', 'Monday, March 1, 2024', '1 March 2024') starts each entry; a note named YYYY-MM-DD.md, or with 'date:' in its YAML front matter, is dated by it; front matter is not text"
            }
            Format::Jrnl => {
                "jrnl journal file: '[2013-06-09 03:39:00 PM] Title. Body' starts each entry (jrnl's default time format, 24-hour, or numeric dates in another order such as '[09.06.2013 15:39]', the order inferred from the file); a journal with any other timeformat is read with --format jrnl --time-format '%B %d, %Y %H:%M' (strftime)"
            }
            Format::Dayone => {
                "Day One JSON export: one record per entry; dayone-moment:// media links and Markdown escapes removed, an entry with only media is a media record"
            }
            Format::Csv => {
                "any CSV/TSV with a header row: one record per row; text, time and author columns found by name (text/message/content/body/entry, date/timestamp/time, author/sender/from/name) or named with --text-col, --time-col, --author-col; --id-col carries a row id into tag output"
            }
            Format::Lines => {
                "one undated passage per non-empty line (for piping and labelled data)"
            }
        }
    }

    /// How detection recognises the format.
    pub fn detection(self) -> &'static str {
        match self {
            Format::Whatsapp => {
                "three of the first 400 lines (or every line of a shorter chat) start with a WhatsApp date-time header naming an author"
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
            Format::Imessage => {
                "the first line is such a date line with nothing after the time but a read receipt, and the next line names the sender"
            }
            Format::Journal => {
                "date lines or headings start entries, or the file is named YYYY-MM-DD.md, or its front matter has a date"
            }
            Format::Jrnl => {
                "the first line is a '[YYYY-MM-DD hh:mm:ss AM]', '[YYYY-MM-DD HH:MM]' or '[DD.MM.YYYY HH:MM]' entry header and most headers carry a title, not an author (other custom formats with --format jrnl --time-format)"
            }
            Format::Dayone => "a JSON object with entries that have creationDate",
            Format::Csv => {
                "the first line is a header naming a text column and a time or author column (a text column is enough in a .csv or .tsv file)"
            }
            Format::Lines => {
                "plain text that no other format claims, and standard input with nothing else to go on; JSON and .csv/.tsv files that no format claims are not read as lines but reported ('cannot tell the format'), to be named with --format"
            }
        }
    }

    /// What a record's date and time mean, for `closeread formats`.
    pub fn dates(self) -> &'static str {
        match self {
            Format::Whatsapp | Format::Signal => "the local time written in the export",
            Format::Telegram => {
                "the message's 'date', the exporting computer's local time, as written; a UTC 'date' (ending in Z) or only 'date_unixtime' is shown in --tz (default: the machine's zone)"
            }
            Format::Messenger => {
                "timestamp_ms (a UTC instant) shown in --tz (default: the machine's zone)"
            }
            Format::Discord => {
                "the exporter's local clock as written: JSON offsets are not applied; CSV dates in the exporter's locale, day and month order inferred from the file"
            }
            Format::Imessage => "the local time of the exporting Mac, as written",
            Format::Journal => "the day written, without a time of day",
            Format::Jrnl => "the local time written (a day, if --time-format has no clock)",
            Format::Dayone => "creationDate (UTC) converted to the entry's own timeZone",
            Format::Csv => {
                "as written: ISO dates keep their clock (offsets are not applied), numeric dates are read in the order the whole column implies"
            }
            Format::Lines => "none: records are undated",
        }
    }

    /// Builds the parser for one file, given the file's path, its first decoded text and
    /// the user's parse options.
    pub fn parser(self, path: &Path, sample: &str, options: &ParseOptions) -> Box<dyn Parser> {
        match self {
            Format::Whatsapp => Box::new(whatsapp::WhatsApp::for_sample(sample)),
            Format::Journal => Box::new(journal::Journal::for_sample(path, sample)),
            Format::Telegram => Box::new(telegram::Telegram::new(options.zone())),
            Format::Messenger => Box::new(messenger::Messenger::new(options.zone())),
            Format::Discord => Box::new(discord::Discord::for_sample(sample)),
            Format::Signal => Box::new(signal::Signal),
            Format::Imessage => Box::new(imessage::IMessage),
            Format::Jrnl => Box::new(jrnl::Jrnl::for_sample(options.time_format.clone(), sample)),
            Format::Dayone => Box::new(dayone::DayOne),
            Format::Csv => Box::new(csv::Csv::new(options.columns.clone())),
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
    read_all_with(source, forced, &ParseOptions::default())
}

/// [`read_all`] with parse options; `None` for a source that is not text to read (binary,
/// media, or of a format detection cannot tell).
pub fn read_all_with(
    source: &discover::Source,
    forced: Option<Format>,
    options: &ParseOptions,
) -> crate::error::Result<Option<(Format, Parsed)>> {
    let mut reader = match source::SourceReader::open(source, forced, options)? {
        source::OpenedSource::Text(reader) => reader,
        _ => return Ok(None),
    };
    let mut parsed = Parsed::default();
    while let Some(chunk) = reader.next_chunk(source)? {
        chunk.parse(&mut parsed);
    }
    Ok(Some((reader.format(), parsed)))
}

/// Parses one chunk into `out`, then marks its blank messages [`RecordKind::Empty`]
/// (see [`Record::mark_empty`]): the one way every caller runs a parser.
///
/// [`RecordKind::Empty`]: crate::record::RecordKind::Empty
pub fn parse_chunk(parser: &dyn Parser, text: &str, first_line: u64, out: &mut Parsed) {
    let before = out.records.len();
    parser.parse(text, first_line, out);
    for record in out.records.iter_mut().skip(before) {
        record.mark_empty();
    }
}
