//! `csv`: any CSV or TSV table with a header row: one record per row, its text, time and
//! author taken from columns found by their names (or named with `--text-col`,
//! `--time-col`, `--author-col`); `--id-col` names a column carried into `tag` output.
//!
//! A quoted cell may hold line breaks, so a table cannot be cut at arbitrary lines: it is
//! read whole, like JSON. Dates are read by `stamp` (ISO as written; numeric dates in the
//! order the whole column implies). Of several date columns the one whose cells read as
//! whole dates wins (Daylio's `full_date` over its year-less `date`), and a date-only column
//! beside a `time` column are read together. A title column (`note_title`, `title`) is the
//! first line of the text, so a journal app's entry keeps its title and note and nothing else
//! (Daylio's mood and activities stay out).

use super::common::{self, DateOrder};
use super::{Parsed, Parser, stamp};
use crate::record::{Moment, Record};

/// Column names, lower case, in order of preference.
const TIME_NAMES: &[&str] = &[
    "timestamp",
    "datetime",
    "date_time",
    "date",
    "time",
    "created",
    "created_at",
    "sent",
    "sent_at",
];
const AUTHOR_NAMES: &[&str] = &[
    "author",
    "sender",
    "sender_name",
    "from",
    "name",
    "user",
    "username",
    "speaker",
];
const TEXT_NAMES: &[&str] = &[
    "text", "message", "content", "body", "entry", "msg", "note", "post",
];
const TITLE_NAMES: &[&str] = &["note_title", "title", "subject", "heading"];

/// How many rows choosing among date columns looks at.
const TIME_SAMPLE_ROWS: usize = 50;

/// Columns chosen by the user (header names, compared without case); unset ones are found
/// by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsvColumns {
    pub time: Option<String>,
    pub author: Option<String>,
    pub text: Option<String>,
    /// A column identifying each row, kept as the record's `id`; never guessed.
    pub id: Option<String>,
}

pub struct Csv {
    columns: CsvColumns,
}

impl Csv {
    pub fn new(columns: CsvColumns) -> Self {
        Csv { columns }
    }
}

/// Whether `sample` starts with a header row naming a text column and a time or author
/// column.
pub fn looks_like(sample: &str) -> bool {
    let first = sample.lines().next().unwrap_or_default();
    let names = header_names(first, delimiter(first));
    names.len() >= 2
        && find(&names, TEXT_NAMES).is_some()
        && (time_column(&names).is_some() || find(&names, AUTHOR_NAMES).is_some())
}

/// Whether the first line of `sample` names a text column, for a `.csv`/`.tsv` file that has
/// nothing else detection would recognise.
pub fn names_text_column(sample: &str) -> bool {
    let first = sample.lines().next().unwrap_or_default();
    find(&header_names(first, delimiter(first)), TEXT_NAMES).is_some()
}

/// Tab or semicolon when the header has more of them than commas.
fn delimiter(header: &str) -> u8 {
    let count = |c: char| header.matches(c).count();
    let commas = count(',');
    if count('\t') > commas {
        b'\t'
    } else if count(';') > commas {
        b';'
    } else {
        b','
    }
}

fn header_names(line: &str, delimiter: u8) -> Vec<String> {
    common::skip_invisible(line)
        .trim_end()
        .split(char::from(delimiter))
        .map(normalise)
        .collect()
}

fn normalise(name: &str) -> String {
    name.trim()
        .trim_matches('"')
        .trim()
        .to_lowercase()
        .replace([' ', '-'], "_")
}

fn find(names: &[String], wanted: &[&str]) -> Option<usize> {
    wanted
        .iter()
        .find_map(|want| names.iter().position(|name| name == want))
}

/// A time column by exact name, else the first whose name starts with `date` or `time`
/// (`date_julian`, `timestamp_utc`) or ends with `date` (`full_date`).
fn time_column(names: &[String]) -> Option<usize> {
    time_columns(names).first().copied()
}

/// Every column that may hold the time, in order of preference.
fn time_columns(names: &[String]) -> Vec<usize> {
    let mut columns: Vec<usize> = TIME_NAMES
        .iter()
        .filter_map(|want| names.iter().position(|name| name == want))
        .collect();
    for (at, name) in names.iter().enumerate() {
        let datelike =
            name.starts_with("date") || name.starts_with("time") || name.ends_with("date");
        if datelike && !columns.contains(&at) {
            columns.push(at);
        }
    }
    columns
}

/// Where each field of a record comes from.
struct Layout {
    time: Option<usize>,
    /// Other columns that may hold the time, when the user named none; the one whose cells
    /// read as dates is chosen from the rows.
    time_choices: Vec<usize>,
    /// A title joined before the text.
    title: Option<usize>,
    /// A separate clock column to join to a date-only `time` column.
    clock: Option<usize>,
    author: Option<usize>,
    text: usize,
    id: Option<usize>,
}

impl Csv {
    fn layout(&self, names: &[String]) -> Result<Layout, String> {
        let named = |choice: &Option<String>, what: &str| -> Result<Option<usize>, String> {
            match choice {
                None => Ok(None),
                Some(wanted) => {
                    let wanted = normalise(wanted);
                    names
                        .iter()
                        .position(|name| *name == wanted)
                        .map(Some)
                        .ok_or_else(|| {
                            format!(
                                "no {what} column '{wanted}' (columns: {})",
                                names.join(", ")
                            )
                        })
                }
            }
        };
        let named_time = named(&self.columns.time, "time")?;
        let time_choices = match named_time {
            Some(_) => Vec::new(),
            None => time_columns(names),
        };
        let time = named_time.or_else(|| time_column(names));
        let author = named(&self.columns.author, "author")?.or_else(|| find(names, AUTHOR_NAMES));
        let text = named(&self.columns.text, "text")?
            .or_else(|| find(names, TEXT_NAMES))
            .ok_or_else(|| {
                format!(
                    "no text column (looked for {}; name one with --text-col)",
                    TEXT_NAMES.join(", ")
                )
            })?;
        let id = named(&self.columns.id, "id")?;
        let title = find(names, TITLE_NAMES).filter(|&at| at != text);
        Ok(Layout {
            time,
            time_choices,
            title,
            clock: None,
            author,
            text,
            id,
        })
    }
}

impl Parser for Csv {
    fn parse(&self, text: &str, first_line: u64, out: &mut Parsed) {
        let header = text.lines().next().unwrap_or_default();
        let delimiter = delimiter(header);
        let names = header_names(header, delimiter);
        let mut layout = match self.layout(&names) {
            Ok(layout) => layout,
            Err(message) => return out.problem(first_line, message),
        };
        let mut reader = ::csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut table = Vec::new();
        for result in reader.records() {
            match result {
                Ok(row) => table.push(row),
                Err(error) => {
                    let line = error
                        .position()
                        .map_or(first_line, |p| p.line() + first_line - 1);
                    out.problem(line, format!("unreadable CSV row: {error}"));
                }
            }
        }
        choose_time(&mut layout, &names, &table);
        let mut rows = Vec::new();
        let mut stamps = Vec::new();
        for row in table {
            let line = row.position().map_or(0, |p| p.line()) + first_line - 1;
            let cell = |at: Option<usize>| at.and_then(|at| row.get(at)).unwrap_or_default();
            let mut stamp = cell(layout.time).trim().to_owned();
            let clock = cell(layout.clock).trim();
            if !clock.is_empty() {
                stamp.push(' ');
                stamp.push_str(clock);
            }
            let author = cell(layout.author).trim();
            let author = (!author.is_empty()).then(|| common::visible(author));
            let id = layout.id.map(|at| cell(Some(at)).trim().to_owned());
            let mut text = cell(layout.title).trim().to_owned();
            let body = cell(Some(layout.text));
            if !text.is_empty() && !body.trim().is_empty() {
                text.push('\n');
            }
            text.push_str(if text.is_empty() { body } else { body.trim() });
            rows.push((line, author, text, id));
            stamps.push(stamp);
        }
        let order = stamp::infer_order(stamps.iter().map(String::as_str));
        for ((line, author, text, id), stamp) in rows.into_iter().zip(stamps) {
            let when = read_stamp(&stamp, order, layout.time.is_some(), line, out);
            let mut record = Record::message(when, author, text, line);
            record.id = id;
            out.records.push(record);
        }
    }
}

/// Picks, among the columns that may hold the time, the one whose first cells read as dates
/// most often (the first on a tie), and a `time` column to join to it when it holds only days.
fn choose_time(layout: &mut Layout, names: &[String], table: &[::csv::StringRecord]) {
    let sample = &table[..table.len().min(TIME_SAMPLE_ROWS)];
    let read = |at: usize| {
        sample
            .iter()
            .filter_map(|row| stamp::read(row.get(at)?, DateOrder::DayMonthYear))
            .collect::<Vec<_>>()
    };
    let mut best = None;
    for &at in &layout.time_choices {
        let count = read(at).len();
        if best.is_none_or(|(_, most)| count > most) {
            best = Some((at, count));
        }
    }
    if let Some((at, _)) = best {
        layout.time = Some(at);
    }
    let Some(time) = layout.time else { return };
    let days_only = {
        let moments = read(time);
        !moments.is_empty() && moments.iter().all(|m| matches!(m, Moment::Day(_)))
    };
    layout.clock = names
        .iter()
        .position(|name| name == "time")
        .filter(|&clock| days_only && clock != time);
}

fn read_stamp(
    stamp: &str,
    order: DateOrder,
    expected: bool,
    line: u64,
    out: &mut Parsed,
) -> Option<crate::record::Moment> {
    if !expected {
        return None;
    }
    let when = stamp::read(stamp, order);
    if when.is_none() && !stamp.is_empty() {
        out.problem(line, format!("unreadable date {stamp:?}"));
    }
    when
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_with(columns: CsvColumns, text: &str) -> Parsed {
        let mut out = Parsed::default();
        Csv::new(columns).parse(text, 1, &mut out);
        out
    }

    fn rows(parsed: &Parsed) -> Vec<(String, Option<&str>, &str, u64)> {
        parsed
            .records
            .iter()
            .map(|r| {
                let when = r.when.map(|when| when.to_string()).unwrap_or_default();
                (when, r.author.as_deref(), r.text.as_str(), r.line)
            })
            .collect()
    }

    #[test]
    fn columns_found_by_name_with_quoted_newlines() {
        let text = "id,Date,Sender,Message\n\
1,1665-09-03,Pepys,\"Up, and put on my coloured silk suit,\nvery fine\"\n\
2,1665-09-04 21:00,\"Ngozi 🌻\",\n\
3,,\"Dr. Who: The Sequel\",undated row\n\
4,someday,Sam,bad date\n";
        let parsed = parse_with(CsvColumns::default(), text);
        assert_eq!(
            rows(&parsed),
            [
                (
                    "1665-09-03".into(),
                    Some("Pepys"),
                    "Up, and put on my coloured silk suit,\nvery fine",
                    2
                ),
                ("1665-09-04T21:00:00".into(), Some("Ngozi 🌻"), "", 4),
                (String::new(), Some("Dr. Who: The Sequel"), "undated row", 5),
                (String::new(), Some("Sam"), "bad date", 6),
            ]
        );
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(parsed.problems[0].line, 6);
    }

    #[test]
    fn tsv_with_date_and_time_columns_and_prefix_names() {
        let text =
            "date\ttime\tname\ttext\n14/06/2024\t17:30\tAna\thi\n13/06/2024\t09:00\tKit\tyo\n";
        let parsed = parse_with(CsvColumns::default(), text);
        assert_eq!(
            rows(&parsed),
            [
                ("2024-06-14T17:30:00".into(), Some("Ana"), "hi", 2),
                ("2024-06-13T09:00:00".into(), Some("Kit"), "yo", 3),
            ]
        );
        let parsed = parse_with(
            CsvColumns::default(),
            "date_julian,date_gregorian,day_label,text\n1660-01-01,1660-01-11,Jan. 1st,x\n",
        );
        assert_eq!(rows(&parsed), [("1660-01-01".into(), None, "x", 2)]);
    }

    #[test]
    fn columns_named_by_the_user() {
        let text = "when;who;what;note\n2024-01-02;A;ignored;said this\n";
        let columns = CsvColumns {
            time: Some("When".into()),
            author: Some("who".into()),
            text: Some("note".into()),
            id: Some("what".into()),
        };
        let parsed = parse_with(columns, text);
        assert_eq!(
            rows(&parsed),
            [("2024-01-02".into(), Some("A"), "said this", 2)]
        );
        assert_eq!(parsed.records[0].id.as_deref(), Some("ignored"));
        let columns = CsvColumns {
            text: Some("nope".into()),
            ..CsvColumns::default()
        };
        let parsed = parse_with(columns, text);
        assert!(parsed.records.is_empty());
        assert_eq!(
            parsed.problems[0].message,
            "no text column 'nope' (columns: when, who, what, note)"
        );
    }

    #[test]
    fn a_journal_app_table_with_a_full_date_a_partial_one_and_a_title() {
        let text = "full_date,date,weekday,time,mood,activities,note_title,note\n\
2024-03-02,March 2,Saturday,9:05 PM,good,friends | walk,\"A walk\",\"We talked for hours.\"\n\
2024-03-01,March 1,Friday,8:00 AM,meh,work,,\"Tired.\"\n\
2024-02-29,February 29,Thursday,7:00 AM,rad,,,\n";
        let parsed = parse_with(CsvColumns::default(), text);
        assert_eq!(
            rows(&parsed),
            [
                (
                    "2024-03-02T21:05:00".into(),
                    None,
                    "A walk\nWe talked for hours.",
                    2
                ),
                ("2024-03-01T08:00:00".into(), None, "Tired.", 3),
                ("2024-02-29T07:00:00".into(), None, "", 4),
            ]
        );
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    }

    #[test]
    fn detection() {
        assert!(looks_like("date,author,text\n"));
        assert!(looks_like("\u{FEFF}\"Timestamp\"\t\"Message\"\n"));
        assert!(!looks_like("a,b,c\n"));
        assert!(!looks_like("text\n"));
        assert!(!looks_like("Dear diary, date night was nice, text me\n"));
    }
}
