//! `journal`: plain-text and Markdown diaries whose entries start at date lines or headings.
//!
//! A date line holds a date and nothing else, optionally as a Markdown heading and with a
//! weekday: `2024-03-01`, `## 2024-03-01`, `Monday, March 1, 2024`, `1 March 2024`,
//! `March 1st, 2024`, `Montag, 1. März 2024`, or numeric (`03/01/2024`, `1.3.2024`) in the
//! order of day and month the file's dates show (with a warning when they cannot tell). A
//! date may also begin a line that goes on with the entry's text after a dash or colon
//! (`March 3, 2024 - Went for a walk.`). Every line up to the next date line is that day's
//! entry. Obsidian-style daily notes carry their date in the file name
//! (`2024-03-01.md`) or in YAML front matter (`date: 2024-03-01`) instead; a folder (or a
//! zip) of them is a journal of one record per note, and `--format obsidian` or
//! `--format markdown` name this same format. Front matter is never text.

use std::path::Path;

use jiff::civil::Date;

use super::common::{
    DateFields, DateOrder, OrderEvidence, day_number, is_invisible, is_space, is_weekday, iso_date,
    iso_fields, make_date, month_number, push_visible, skip_invisible,
};
use super::stamp::numeric_fields;
use super::{Parsed, Parser, RecordStarts};
use crate::record::{Moment, Record};

/// A journal parser for one file.
pub struct Journal {
    /// The date in the file's name, which text before any date line belongs to.
    file_date: Option<Date>,
    /// The order of numeric date lines that are not year first.
    order: DateOrder,
    /// The file's numeric dates did not decide `order`; the first chunk warns.
    guessed: bool,
}

impl Journal {
    /// A parser for one file; a file named like `2024-03-01.md` dates text before any date line.
    pub fn for_file(path: &Path) -> Self {
        Journal {
            file_date: file_name_date(path),
            order: DateOrder::DayMonthYear,
            guessed: false,
        }
    }

    /// [`Journal::for_file`], with the order of numeric dates inferred from `sample`.
    pub fn for_sample(path: &Path, sample: &str) -> Self {
        let mut evidence = OrderEvidence::default();
        let mut numeric = false;
        for line in sample.lines() {
            if let Some(fields) =
                dated_line(line, DateOrder::DayMonthYear).and_then(|_| numeric_date_of(line))
            {
                evidence.add(&fields);
                numeric = true;
            }
        }
        let (order, decided) = evidence.best();
        Journal {
            order,
            guessed: numeric && !decided,
            ..Journal::for_file(path)
        }
    }
}

/// The numeric date (`03/01/2024`) a date line begins with, if it is one.
fn numeric_date_of(line: &str) -> Option<DateFields> {
    let line = line.trim_matches(|c: char| c.is_whitespace() || is_invisible(c));
    let word = line
        .trim_start_matches('#')
        .trim_start()
        .split(is_space)
        .next()?;
    numeric_word(word)
}

/// A word that is a numeric date with a four-digit year, not written year first.
fn numeric_word(word: &str) -> Option<DateFields> {
    let word = word.trim_end_matches([',', ':']);
    if iso_fields(word).is_some() {
        return None;
    }
    numeric_fields(word).filter(|fields| fields.digits.contains(&4))
}

/// How many lines of the sample detection looks at.
const DETECT_LINES: usize = 5_000;

/// Whether `sample` (or the file name) looks like a dated journal: a Markdown or text file
/// named `YYYY-MM-DD`, text whose first line is a date line, or text with a few date lines.
pub fn looks_like(path: &Path, sample: &str) -> bool {
    let text_extension = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["md", "markdown", "txt"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    });
    if text_extension && file_name_date(path).is_some() {
        return true;
    }
    let (front, body) = split_front_matter(sample);
    // An Obsidian note named anything, dated in its front matter.
    if front.and_then(front_matter_date).is_some() {
        return true;
    }
    let mut lines = body
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(DETECT_LINES);
    let is_date = |line: &str| dated_line(line, DateOrder::DayMonthYear).is_some();
    let first_is_date = lines.next().is_some_and(is_date);
    let dates = lines.filter(|l| is_date(l)).count() + usize::from(first_is_date);
    dates >= 3 || first_is_date
}

fn file_name_date(path: &Path) -> Option<Date> {
    let stem = path.file_stem()?.to_str()?;
    date_line(stem, DateOrder::YearMonthDay)?.ok()
}

impl RecordStarts for Journal {
    fn starts_record(&self, line: &str) -> bool {
        dated_line(line, self.order).is_some()
    }
}

impl Parser for Journal {
    fn record_starts(&self) -> Option<&dyn RecordStarts> {
        Some(self)
    }

    fn parse(&self, text: &str, first_line: u64, out: &mut Parsed) {
        if self.guessed && first_line == 1 {
            out.warning(
                1,
                format!(
                    "the order of day and month in the date lines is a guess (no day over 12): read as {}",
                    self.order.describe()
                ),
            );
        }
        let mut line_no = first_line;
        let mut body = text;
        let mut preamble_date = None;
        if first_line == 1 {
            let (front, rest) = split_front_matter(text);
            if let Some(front) = front {
                line_no += count_lines(front);
                preamble_date = front_matter_date(front);
                body = rest;
            }
            preamble_date = preamble_date.or(self.file_date);
        }
        let mut entry = Entry {
            when: preamble_date.map(Moment::Day),
            text: String::new(),
            line: line_no,
            preamble: true,
        };
        for line in body.split('\n') {
            let line = line.strip_suffix('\r').unwrap_or(line);
            match dated_line(line, self.order) {
                Some((date, rest)) => {
                    entry.finish(true, out);
                    if date.is_err() {
                        out.problem(line_no, format!("cannot read date '{}'", line.trim()));
                    }
                    let mut text = String::new();
                    if !rest.trim().is_empty() {
                        push_visible(&mut text, rest.trim());
                        text.push('\n');
                    }
                    entry = Entry {
                        when: date.ok().map(Moment::Day),
                        text,
                        line: line_no,
                        preamble: false,
                    };
                }
                None => {
                    if entry.preamble && entry.text.is_empty() && !line.trim().is_empty() {
                        // Text before the first date line starts where its first words are.
                        entry.line = line_no;
                    }
                    if !(entry.text.is_empty() && line.trim().is_empty()) {
                        push_visible(&mut entry.text, line);
                        entry.text.push('\n');
                    }
                }
            }
            line_no += 1;
        }
        entry.finish(false, out);
    }
}

/// One entry being read.
struct Entry {
    when: Option<Moment>,
    text: String,
    line: u64,
    /// Text before the first date line of a chunk.
    preamble: bool,
}

impl Entry {
    /// Adds the entry to `out`; `before_date_line` says a date line follows it.
    fn finish(self, before_date_line: bool, out: &mut Parsed) {
        let Entry {
            when,
            mut text,
            line,
            preamble,
        } = self;
        let end = text.trim_end().len();
        text.truncate(end);
        if preamble {
            // Text before a date line: a record if it has words, or if it is the whole of a
            // dated note (a `2024-03-01.md` with no date line inside).
            if text.is_empty() && (when.is_none() || before_date_line) {
                return;
            }
            if when.is_none() {
                out.problem(
                    line,
                    "text before the first date line, kept as an undated record",
                );
            }
        }
        out.records.push(Record::message(when, None, text, line));
    }
}

/// Number of line breaks in `text`.
fn count_lines(text: &str) -> u64 {
    memchr::memchr_iter(b'\n', text.as_bytes()).count() as u64
}

/// Splits YAML front matter (`---` … `---` or `...` at the very top) from the text after it;
/// the front matter part includes both fence lines and their line breaks.
fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let is_fence = |line: &str, closing: bool| {
        let line = skip_invisible(line).trim_end();
        line == "---" || (closing && line == "...")
    };
    let mut lines = text.split_inclusive('\n');
    if !lines.next().is_some_and(|first| is_fence(first, false)) {
        return (None, text);
    }
    let mut end = text.find('\n').map_or(text.len(), |at| at + 1);
    for line in lines {
        end += line.len();
        if is_fence(line, true) {
            return match (text.get(..end), text.get(end..)) {
                (Some(front), Some(rest)) => (Some(front), rest),
                _ => (None, text),
            };
        }
    }
    (None, text)
}

/// The `date:` of front matter, as `2024-03-01`, `"2024-03-01"`, `2024-03-01T09:30:00` or
/// any form a date line may take.
fn front_matter_date(front: &str) -> Option<Date> {
    front.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        if !key.trim().eq_ignore_ascii_case("date") {
            return None;
        }
        let value = value.trim().trim_matches(['"', '\'']);
        let day = value.split(['T', ' ']).next().unwrap_or(value);
        iso_date(day).or_else(|| date_line(value, DateOrder::DayMonthYear)?.ok())
    })
}

/// Longest line that is read as a possible date line ("Wednesday, the 22nd of September, 2024"
/// is 40 bytes); longer lines are entry text without a look.
const MAX_DATE_LINE: usize = 64;

/// Words that may sit between the parts of a written date: "the 1st of March", "1 de marzo de
/// 2024".
const FILLER_WORDS: &[&str] = &["the", "of", "de", "del"];

/// What separates a date from the entry's text on one line: `March 3, 2024 - text`.
const DATE_TEXT_SEPARATORS: &[&str] = &[" - ", " – ", " — ", ": "];

/// Reads a line that starts an entry: a date line (see [`date_line`]) with no text, or a date
/// followed by a separator and the entry's first text.
fn dated_line(line: &str, order: DateOrder) -> Option<(Result<Date, ()>, &str)> {
    if let Some(date) = date_line(line, order) {
        return Some((date, ""));
    }
    // A date and its separator with the text still to come (`March 5, 2024 -`).
    if let Some(date) = line
        .trim_end()
        .strip_suffix(['-', '–', '—', ':'])
        .and_then(|head| date_line(head, order))
    {
        return Some((date, ""));
    }
    let head = line
        .get(..line.len().min(MAX_DATE_LINE + 3))
        .unwrap_or(line);
    DATE_TEXT_SEPARATORS.iter().find_map(|separator| {
        let at = head.find(separator)?;
        let date = date_line(&line[..at], order)?;
        Some((date, &line[at + separator.len()..]))
    })
}

/// Reads a line that is only a date: `Some(Ok(date))`, `Some(Err(()))` for a date line naming
/// a day that does not exist (`February 30, 2024`), `None` for any other line. Numeric dates
/// not written year first are read in `order`.
fn date_line(line: &str, order: DateOrder) -> Option<Result<Date, ()>> {
    if line.len() > MAX_DATE_LINE {
        return None;
    }
    let line = line.trim_matches(|c: char| c.is_whitespace() || is_invisible(c));
    // Markdown heading marks, opening and (optionally) closing.
    let line = line.trim_start_matches('#').trim_end_matches('#').trim();
    let first = line.chars().next()?;
    if !first.is_alphanumeric() {
        return None;
    }

    let mut weekday = false;
    let mut iso = None;
    let mut numeric = None;
    let mut month = None;
    let mut day = None;
    let mut year = None;
    for word in line
        .split(|c: char| is_space(c) || c == ',')
        .filter(|w| !w.is_empty())
    {
        // Each part may appear once; a second one means the line is not just a date.
        let once = if let Some(fields) = iso_fields(word) {
            set_once(&mut iso, fields)
        } else if let Some(fields) = numeric_word(word) {
            set_once(&mut numeric, fields)
        } else if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
            set_once(&mut year, word.parse::<i32>().ok()?)
        } else if let Some(number) = day_number(word) {
            set_once(&mut day, number)
        } else if let Some(number) = month_number(word) {
            set_once(&mut month, number)
        } else if is_weekday(word) {
            !std::mem::replace(&mut weekday, true)
        } else {
            FILLER_WORDS.iter().any(|f| word.eq_ignore_ascii_case(f))
        };
        if !once {
            return None;
        }
    }
    let (year, month, day) = match (iso, numeric, year, month, day) {
        (Some(fields), None, None, None, None) => fields,
        (None, Some(fields), None, None, None) => {
            return Some(order.resolve_strict(&fields).ok_or(()));
        }
        (None, None, Some(year), Some(month), Some(day)) => (year, month, day),
        _ => return None,
    };
    Some(make_date(year, month, day).ok_or(()))
}

/// Fills `slot` if it is empty; false if it was already filled.
fn set_once<T>(slot: &mut Option<T>, value: T) -> bool {
    let empty = slot.is_none();
    if empty {
        *slot = Some(value);
    }
    empty
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn day(y: i16, m: i8, d: i8) -> Option<Moment> {
        Some(Moment::Day(date(y, m, d)))
    }

    fn parse_file(name: &str, text: &str) -> Parsed {
        let mut parsed = Parsed::default();
        Journal::for_file(Path::new(name)).parse(text, 1, &mut parsed);
        parsed
    }

    fn entries(parsed: &Parsed) -> Vec<(Option<Moment>, &str, u64)> {
        parsed
            .records
            .iter()
            .map(|r| (r.when, r.text.as_str(), r.line))
            .collect()
    }

    #[test]
    fn date_line_forms() {
        let case = |line: &str, expected: Option<Result<Date, ()>>| {
            assert_eq!(
                date_line(line, DateOrder::DayMonthYear),
                expected,
                "{line:?}"
            );
        };
        let march1 = Some(Ok(date(2024, 3, 1)));
        case("2024-03-01", march1);
        case("2024/3/1", march1);
        case("## 2024-03-01", march1);
        case("# 2024-03-01 #", march1);
        case("  2024-03-01\u{200E} ", march1);
        case("Friday, March 1, 2024", march1);
        case("Friday 2024-03-01", march1);
        case("1 March 2024", march1);
        case("1st March 2024", march1);
        case("March 1, 2024", march1);
        case("March 1st, 2024", march1);
        case("Mar 1 2024", march1);
        case("### Fri, 1 Mar 2024", march1);
        case("the 1st of March, 2024", march1);
        case("Freitag, 1. März 2024", march1);
        case("vendredi 1er mars 2024", march1);
        case("viernes, 1 de marzo de 2024", march1);
        case("1660-01-01", Some(Ok(date(1660, 1, 1))));
        case("February 30, 2024", Some(Err(())));
        case("2024-02-30", Some(Err(())));
        for not_a_date in [
            "",
            "#",
            "## Monday",
            "March 2024",
            "March 1",
            "1 March",
            "2024",
            "Victory Over the Dutch, June 3rd, 1665.",
            "2024-03-01 10:00",
            "2024-03-01: a good day",
            "Jan. 1st (Lord's day).",
            "March 1, 2024, 2025",
            "Monday Tuesday, March 1, 2024",
            "- 2024-03-01",
            "1.2.3",
            "1/3/24",
        ] {
            assert_eq!(
                date_line(not_a_date, DateOrder::DayMonthYear),
                None,
                "{not_a_date:?}"
            );
        }
        case("1/3/2024", march1);
        case("01.03.2024", march1);
        assert_eq!(date_line("03/01/2024", DateOrder::MonthDayYear), march1);
    }

    #[test]
    fn each_date_line_starts_an_entry_until_the_next() {
        let text = "1660-01-01\r\n\
                    Jan. 1st. This morning I rose.\r\n\
                    \r\n\
                    Went to church.\r\n\
                    \r\n\
                    1660-01-02\r\n\
                    \r\n\
                    1660-01-02\n\
                    2nd. Again.\n";
        let parsed = parse_file("pepys.txt", text);
        assert_eq!(
            entries(&parsed),
            [
                (
                    day(1660, 1, 1),
                    "Jan. 1st. This morning I rose.\n\nWent to church.",
                    1
                ),
                (day(1660, 1, 2), "", 6),
                (day(1660, 1, 2), "2nd. Again.", 8),
            ]
        );
        assert!(parsed.problems.is_empty());
    }

    #[test]
    fn numeric_date_lines_in_the_file_s_order_and_dates_before_text() {
        let text = "03/01/2024\nA walk.\n03/02/2024\nRain.\n03/15/2024\nSun.\n";
        let mut parsed = Parsed::default();
        Journal::for_sample(Path::new("d.txt"), text).parse(text, 1, &mut parsed);
        assert_eq!(
            entries(&parsed),
            [
                (day(2024, 3, 1), "A walk.", 1),
                (day(2024, 3, 2), "Rain.", 3),
                (day(2024, 3, 15), "Sun.", 5),
            ]
        );
        assert!(parsed.warnings.is_empty());
        let text = "March 3, 2024 - Went for a walk.\nIt rained.\n2024-03-04: Quiet day.\nMarch 5, 2024 -\n";
        let parsed = parse_file("d.txt", text);
        assert_eq!(
            entries(&parsed),
            [
                (day(2024, 3, 3), "Went for a walk.\nIt rained.", 1),
                (day(2024, 3, 4), "Quiet day.", 3),
                (day(2024, 3, 5), "", 4),
            ]
        );
        assert!(looks_like(Path::new("d.txt"), text));
        // Undecided numeric dates warn.
        let text = "03/01/2024\nA walk.\n";
        let mut parsed = Parsed::default();
        Journal::for_sample(Path::new("d.txt"), text).parse(text, 1, &mut parsed);
        assert_eq!(parsed.warnings.len(), 1);
    }

    #[test]
    fn markdown_headings_and_written_dates() {
        let text = "## Monday, March 4, 2024\nFelt grateful.\n\n## 5 March 2024\nA quiet day.\n";
        let parsed = parse_file("notes.md", text);
        assert_eq!(
            entries(&parsed),
            [
                (day(2024, 3, 4), "Felt grateful.", 1),
                (day(2024, 3, 5), "A quiet day.", 4),
            ]
        );
    }

    #[test]
    fn text_before_the_first_date_line() {
        // Undated, with a problem, when the file name gives no date.
        let parsed = parse_file("diary.txt", "\nMy diary\n\n2024-03-01\nHello\n");
        assert_eq!(
            entries(&parsed),
            [(None, "My diary", 2), (day(2024, 3, 1), "Hello", 4)]
        );
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(parsed.problems[0].line, 2);
        // Dated by the file name otherwise.
        let parsed = parse_file("2024-02-29.md", "Late night.\n2024-03-01\nHello\n");
        assert_eq!(
            entries(&parsed),
            [
                (day(2024, 2, 29), "Late night.", 1),
                (day(2024, 3, 1), "Hello", 2)
            ]
        );
        assert!(parsed.problems.is_empty());
        // Nothing at all before the first date line: no record, no problem.
        let parsed = parse_file("2024-02-29.md", "\n2024-03-01\nHello\n");
        assert_eq!(entries(&parsed), [(day(2024, 3, 1), "Hello", 2)]);
        assert!(parsed.problems.is_empty());
    }

    #[test]
    fn a_dated_note_without_date_lines_is_one_record() {
        let parsed = parse_file("notes/2024-03-01.md", "# Today\n\nThankful for coffee.\n");
        assert_eq!(
            entries(&parsed),
            [(day(2024, 3, 1), "# Today\n\nThankful for coffee.", 1)]
        );
        let parsed = parse_file("2024-03-01.md", "");
        assert_eq!(entries(&parsed), [(day(2024, 3, 1), "", 1)]);
    }

    #[test]
    fn front_matter_is_stripped_and_its_date_used() {
        let text = "---\r\ntitle: Day\r\ndate: \"2024-03-02T08:00:00\"\r\n---\r\nWoke early.\r\n";
        let parsed = parse_file("2024-03-01.md", text);
        assert_eq!(entries(&parsed), [(day(2024, 3, 2), "Woke early.", 5)]);
        let parsed = parse_file("2024-03-01.md", "---\ntags: [a]\n---\nWoke early.\n");
        assert_eq!(entries(&parsed), [(day(2024, 3, 1), "Woke early.", 4)]);
        // An unclosed fence is no front matter.
        let parsed = parse_file("2024-03-01.md", "---\nWoke early.\n");
        assert_eq!(entries(&parsed), [(day(2024, 3, 1), "---\nWoke early.", 1)]);
        // Front matter only counts at the top of the file, not of a later chunk.
        let mut parsed = Parsed::default();
        Journal::for_file(Path::new("j.md")).parse("2024-03-01\n---\na\n---\n", 7, &mut parsed);
        assert_eq!(entries(&parsed), [(day(2024, 3, 1), "---\na\n---", 7)]);
    }

    #[test]
    fn impossible_dates_keep_their_entry_undated() {
        let parsed = parse_file("j.txt", "2024-02-30\nOdd.\n2024-03-01\nFine.\n");
        assert_eq!(
            entries(&parsed),
            [(None, "Odd.", 1), (day(2024, 3, 1), "Fine.", 3)]
        );
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(parsed.problems[0].message, "cannot read date '2024-02-30'");
    }

    #[test]
    fn a_chunk_not_starting_at_a_date_line() {
        let mut parsed = Parsed::default();
        Journal::for_file(Path::new("2024-01-01.md")).parse(
            "tail\n2024-03-01\nx\n",
            50,
            &mut parsed,
        );
        assert_eq!(
            entries(&parsed),
            [(None, "tail", 50), (day(2024, 3, 1), "x", 51)]
        );
        assert_eq!(parsed.problems.len(), 1);
    }

    #[test]
    fn detection() {
        assert!(looks_like(Path::new("vault/2024-03-01.md"), "just text"));
        assert!(looks_like(Path::new("a.txt"), "2024-03-01\nHello\n"));
        assert!(looks_like(
            Path::new("a.txt"),
            "---\ntitle: x\n---\n\n## March 1, 2024\nHello\n"
        ));
        assert!(looks_like(
            Path::new("a.txt"),
            "My diary\n1 March 2024\na\n2 March 2024\nb\n3 March 2024\nc\n"
        ));
        assert!(!looks_like(
            Path::new("a.txt"),
            "My diary\n1 March 2024\nHello\n"
        ));
        assert!(!looks_like(Path::new("2024-03-01.json"), "{}"));
        assert!(looks_like(
            Path::new("vault/Morning pages.md"),
            "---\ndate: 2024-03-01\ntags: [gratitude]\n---\nSlept well.\n"
        ));
        assert!(!looks_like(
            Path::new("vault/Ideas.md"),
            "---\ntags: [ideas]\n---\nSlept well.\n"
        ));
        assert!(!looks_like(Path::new("a.txt"), ""));
    }

    #[test]
    fn starts_record_only_at_date_lines() {
        let journal = Journal::for_file(Path::new("j.md"));
        assert!(journal.starts_record("## 2024-03-01"));
        assert!(!journal.starts_record("Today I said thank you."));
    }

    #[test]
    fn no_panic_on_odd_text() {
        let journal = Journal::for_file(Path::new("2024-03-01.md"));
        for text in [
            "",
            "\n",
            "---",
            "---\n",
            "---\n---",
            "#\u{200E}",
            "é\r",
            "\u{FEFF}---\ndate:\n---",
        ] {
            let mut parsed = Parsed::default();
            journal.parse(text, 1, &mut parsed);
            looks_like(Path::new(""), text);
        }
    }
}
