//! `jrnl`: the plain-text journal file of jrnl (jrnl.sh) with its default time format:
//! `[2013-06-09 03:39:00 PM] Title. Body` starts an entry; the lines after it, up to the
//! next such line, are its body. A record's time is the local time jrnl wrote.
//!
//! Without `--time-format` the default `%Y-%m-%d %I:%M:%S %p` and the 24-hour
//! `%Y-%m-%d %H:%M(:%S)` forms are read, and numeric dates in another order
//! (`[09.06.2013 15:39]`, `[6/9/2013 03:39 PM]`), whose day/month order is inferred from the
//! file as for WhatsApp. A journal written with any other `timeformat` setting is read with
//! that format given as `--time-format` (strftime, as jrnl's config has it), and then only
//! with it. A format without a clock dates entries by day.

use std::collections::HashMap;
use std::sync::LazyLock;

use jiff::civil::{Date, DateTime};
use regex::Regex;

use super::common::{self, DateFields, DateOrder, Meridiem, OrderEvidence};
use super::{Parsed, Parser, RecordStarts};
use crate::record::{Moment, Record};

/// `[date time] title`: three numbers of a date, a clock with optional seconds and AM/PM; jrnl
/// 1.x wrote the same without brackets (`2013-06-10 15:40 Title`).
static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\[)?(\d{1,4})([-./])(\d{1,2})[-./](\d{1,4}) (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AaPp][Mm]))?(\])?(?: (.*))?$",
    )
    .unwrap()
});

/// A jrnl parser: the default header forms, or one custom `timeformat`.
#[derive(Debug, Clone)]
pub struct Jrnl {
    time_format: Option<String>,
    /// The order of numeric dates that are not year first.
    order: DateOrder,
    /// The file's dates did not decide `order`; the first chunk warns.
    guessed: bool,
}

impl Default for Jrnl {
    fn default() -> Self {
        Jrnl::new(None)
    }
}

impl Jrnl {
    /// A parser for journals whose headers use `time_format` (strftime); `None` reads jrnl's
    /// default and 24-hour forms, and numeric dates in day-first order.
    pub fn new(time_format: Option<String>) -> Self {
        Jrnl {
            time_format,
            order: DateOrder::DayMonthYear,
            guessed: false,
        }
    }

    /// Like [`Jrnl::new`], with the order of numeric dates inferred from `sample`.
    pub fn for_sample(time_format: Option<String>, sample: &str) -> Self {
        let mut evidence = OrderEvidence::default();
        for h in sample
            .lines()
            .filter_map(|line| header(line, DateOrder::DayMonthYear))
        {
            evidence.add(&h.fields);
        }
        let (order, decided) = evidence.best();
        Jrnl {
            guessed: !decided && time_format.is_none(),
            time_format,
            order,
        }
    }

    fn header<'a>(&self, line: &'a str) -> Option<(Option<Moment>, &'a str)> {
        match &self.time_format {
            None => header(line, self.order).map(|h| (h.when.map(Moment::Time), h.title)),
            Some(format) => custom_header(format, line),
        }
    }
}

/// A header `[date] title` whose date is written in `format`; a line that does not parse
/// with it is no header.
fn custom_header<'a>(format: &str, line: &'a str) -> Option<(Option<Moment>, &'a str)> {
    let line = common::skip_invisible(line).strip_prefix('[')?;
    let end = line.find(']')?;
    let time = jiff::fmt::strtime::parse(format, &line[..end]).ok()?;
    // A format without a clock dates by day; jiff would make it midnight.
    let when = match time.hour() {
        Some(_) => Moment::Time(time.to_datetime().ok()?),
        None => Moment::Day(time.to_date().ok()?),
    };
    let title = &line[end + 1..];
    Some((Some(when), title.strip_prefix(' ').unwrap_or(title)))
}

/// Whether `sample` opens with a jrnl entry header and its entries have titles, not authors.
///
/// A 12-hour clock after an ISO date (`… 03:39:00 PM]`) is jrnl's own; a 24-hour header
/// (`[2013-06-09 15:39] Title.`) is also Signal's, and a numeric one WhatsApp's, whose headers
/// name authors (`[2013-06-09 15:39] Sam: hi`). A title may hold a colon, but a chat's names
/// repeat: the file is a chat when most of the first headers start with a name and some name
/// comes back (in a file of one or two headers, the first must have a title).
pub fn looks_like(sample: &str) -> bool {
    let order = DateOrder::DayMonthYear;
    let mut lines = sample.lines().filter(|line| !line.trim().is_empty());
    let Some(first) = lines.next().and_then(|line| header(line, order)) else {
        return false;
    };
    if first.twelve_hour {
        return true;
    }
    let first_titled = author_of(first.title).is_none();
    let mut headers = 0;
    let mut names: HashMap<&str, usize> = HashMap::new();
    for h in std::iter::once(first).chain(lines.take(200).filter_map(|line| header(line, order))) {
        headers += 1;
        if let Some(name) = author_of(h.title) {
            *names.entry(name).or_default() += 1;
        }
    }
    // A chat's few names come back line after line; a title's words before a colon do not.
    let authored: usize = names.values().sum();
    let repeated = names.values().any(|&count| count > 1);
    if headers < 3 {
        first_titled
    } else {
        !(repeated && authored * 2 > headers)
    }
}

/// The name in a header's rest that reads `Name: text` (a chat line) rather than an entry's
/// title.
fn author_of(rest: &str) -> Option<&str> {
    let (name, text) = rest.split_once(':')?;
    let plausible = (text.is_empty() || text.starts_with(' '))
        && !name.trim().is_empty()
        && name.chars().count() <= 40
        && !name.contains(['.', '!', '?']);
    plausible.then_some(name.trim())
}

/// A default-form entry header.
struct Header<'a> {
    fields: DateFields,
    when: Option<DateTime>,
    twelve_hour: bool,
    title: &'a str,
}

fn header(line: &str, order: DateOrder) -> Option<Header<'_>> {
    let caps = HEADER.captures(common::skip_invisible(line))?;
    let field = |at: usize| -> Option<(u16, u8)> {
        let text = caps.get(at)?.as_str();
        Some((text.parse().ok()?, u8::try_from(text.len()).ok()?))
    };
    let (a, a_digits) = field(2)?;
    let (b, b_digits) = field(4)?;
    let (c, c_digits) = field(5)?;
    let iso = caps.get(3).is_some_and(|sep| sep.as_str() == "-");
    // An ISO date keeps its dashes; other separators are for the other orders.
    if iso && a_digits != 4 {
        return None;
    }
    // Brackets come in pairs; without them only an ISO date followed by a title is a header.
    let title = caps.get(11).map_or("", |m| m.as_str());
    match (caps.get(1).is_some(), caps.get(10).is_some()) {
        (true, true) => {}
        (false, false) if iso && !title.trim().is_empty() => {}
        _ => return None,
    }
    let fields = DateFields {
        values: [a, b, c],
        digits: [a_digits, b_digits, c_digits],
    };
    let date = order.resolve_strict(&fields);
    let number = |at: usize| -> Option<u16> { caps.get(at)?.as_str().parse().ok() };
    let meridiem = caps.get(9).map(|m| {
        if m.as_str().eq_ignore_ascii_case("am") {
            Meridiem::Am
        } else {
            Meridiem::Pm
        }
    });
    let hour = u8::try_from(number(6)?).ok()?;
    let minute = u8::try_from(number(7)?).ok()?;
    let second = u8::try_from(number(8).unwrap_or(0)).ok()?;
    let time = common::clock(hour, minute, second, meridiem);
    let when = date
        .zip(time)
        .map(|(date, time): (Date, _)| date.to_datetime(time));
    Some(Header {
        fields,
        when,
        twelve_hour: meridiem.is_some(),
        title,
    })
}

impl RecordStarts for Jrnl {
    fn starts_record(&self, line: &str) -> bool {
        match &self.time_format {
            None => header(line, self.order).is_some(),
            Some(format) => custom_header(format, line).is_some(),
        }
    }
}

impl Parser for Jrnl {
    fn record_starts(&self) -> Option<&dyn RecordStarts> {
        Some(self)
    }

    fn parse(&self, text: &str, first_line: u64, out: &mut Parsed) {
        if self.guessed && first_line == 1 {
            out.warning(
                1,
                format!(
                    "the order of day and month is a guess (no date has a day over 12): read as {}; name it with --time-format",
                    self.order.describe()
                ),
            );
        }
        let mut pending: Option<Record> = None;
        let finish = |mut record: Record, out: &mut Parsed| {
            let kept = record.text.trim_end().len();
            record.text.truncate(kept);
            out.records.push(record);
        };
        for (offset, line) in text.lines().enumerate() {
            let number = first_line + offset as u64;
            match self.header(line) {
                Some((when, title)) => {
                    if let Some(record) = pending.take() {
                        finish(record, out);
                    }
                    if when.is_none() {
                        out.problem(number, "impossible date or time in entry header");
                    }
                    let text = common::visible(title);
                    pending = Some(Record::message(when, None, text, number));
                }
                None => match &mut pending {
                    Some(record) => {
                        record.text.push('\n');
                        common::push_visible(&mut record.text, line);
                    }
                    None if line.trim().is_empty() => {}
                    None => out.problem(number, "text before the first entry header"),
                },
            }
        }
        if let Some(record) = pending {
            finish(record, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_with_titles_bodies_and_twelve_hour_clocks() {
        let text = "[2013-06-09 03:39:00 PM] Grateful. She listened\nall evening.\n\n\
[2013-06-10 12:05:00 AM] Midnight: a note with a colon\n\
[2013-06-10 09:00] 24-hour entry\n\
[2013-13-10 09:00:00 AM] bad date\n";
        let mut out = Parsed::default();
        Jrnl::default().parse(text, 1, &mut out);
        let got: Vec<(Option<String>, &str, u64)> = out
            .records
            .iter()
            .map(|r| {
                (
                    r.when.map(|w| w.datetime().unwrap().to_string()),
                    r.text.as_str(),
                    r.line,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some("2013-06-09T15:39:00".into()),
                    "Grateful. She listened\nall evening.",
                    1
                ),
                (
                    Some("2013-06-10T00:05:00".into()),
                    "Midnight: a note with a colon",
                    4
                ),
                (Some("2013-06-10T09:00:00".into()), "24-hour entry", 5),
                (None, "bad date", 6),
            ]
        );
        assert!(out.records.iter().all(|r| r.author.is_none()));
        assert_eq!(out.problems.len(), 1);
        assert_eq!(out.problems[0].line, 6);
    }

    #[test]
    fn detection_of_twelve_and_twenty_four_hour_headers_without_authors() {
        assert!(looks_like("\n[2013-06-09 03:39:00 PM] Title\n"));
        assert!(looks_like("[2013-06-09 15:39] My first entry.\nbody\n"));
        assert!(looks_like(
            "[09.06.2013 15:39] My first entry.\n[10.07.2013 15:40] A: second\n[11.07.2013 15:40] Third.\n"
        ));
        assert!(!looks_like("[2013-06-09 15:39] Sam: hi\n"));
        // A chat that opens with an unauthored line is still a chat.
        assert!(!looks_like(
            "[06.13.18 21:25:15] Loris created group\n[06.13.18 21:25:16] Loris: hi\n\
             [06.13.18 21:25:17] Ana: hey\n[06.13.18 21:25:18] Loris: ok\n"
        ));
        assert!(looks_like(
            "[2024-03-03 21:15] Grateful.\n[2024-03-04 07:40] Morning: a note.\n\
             [2024-03-05 07:40] Evening: another.\n"
        ));
        assert!(!looks_like("[06.13.18 21:25:15] Loris: hi\n"));
        assert!(!looks_like("2013-06-09 Title\n"));
        // jrnl 1.x wrote headers without brackets.
        assert!(looks_like(
            "2010-06-10 15:00 A life without chocolate.\n\n[2019-08-03 12:55] Some log\n"
        ));
        assert!(!looks_like("2010-06-10 15:00\n"));
        assert!(!looks_like("[2019-07-08 05:42\n"));
        assert!(Jrnl::default().starts_record("[2013-06-09 15:39] x"));
    }

    #[test]
    fn numeric_dates_in_the_order_the_file_shows() {
        let text = "[09.06.2013 15:39] First.\n[10.07.2013 15:40] Second.\n";
        let jrnl = Jrnl::for_sample(None, text);
        let mut out = Parsed::default();
        jrnl.parse(text, 1, &mut out);
        let when: Vec<String> = out
            .records
            .iter()
            .map(|r| r.when.unwrap().to_string())
            .collect();
        assert_eq!(when, ["2013-06-09T15:39:00", "2013-07-10T15:40:00"]);
        assert_eq!(out.warnings.len(), 1, "no day over 12: a guess");
        let text = "[6/13/2013 03:39 PM] First.\n";
        let mut out = Parsed::default();
        Jrnl::for_sample(None, text).parse(text, 1, &mut out);
        assert_eq!(
            out.records[0].when.unwrap().to_string(),
            "2013-06-13T15:39:00"
        );
    }

    #[test]
    fn a_custom_time_format_reads_only_its_own_headers() {
        let jrnl = Jrnl::new(Some("%d.%m.%Y %H:%M".into()));
        assert!(jrnl.starts_record("[09.06.2013 15:39] Title"));
        assert!(!jrnl.starts_record("[2013-06-09 03:39:00 PM] Title"));
        let mut out = Parsed::default();
        jrnl.parse(
            "[09.06.2013 15:39] Thankful: for you.\n[2013-06-09 03:39:00 PM] not a header\n\n\
[10.06.2013 07:00]\n",
            1,
            &mut out,
        );
        let got: Vec<(Option<Moment>, &str)> = out
            .records
            .iter()
            .map(|r| (r.when, r.text.as_str()))
            .collect();
        let at = |text: &str| Some(Moment::Time(text.parse().unwrap()));
        assert_eq!(
            got,
            [
                (
                    at("2013-06-09T15:39"),
                    "Thankful: for you.\n[2013-06-09 03:39:00 PM] not a header"
                ),
                (at("2013-06-10T07:00"), ""),
            ]
        );
        let by_day = Jrnl::new(Some("%B %d, %Y".into()));
        let mut out = Parsed::default();
        by_day.parse("[June 09, 2013] A day.\n", 1, &mut out);
        assert_eq!(
            out.records[0].when,
            Some(Moment::Day(Date::new(2013, 6, 9).unwrap()))
        );
    }
}
