//! `jrnl`: the plain-text journal file of jrnl (jrnl.sh) with its default time format:
//! `[2013-06-09 03:39:00 PM] Title. Body` starts an entry; the lines after it, up to the
//! next such line, are its body. A record's time is the local time jrnl wrote.
//!
//! Only the default `%Y-%m-%d %I:%M:%S %p` and 24-hour `%Y-%m-%d %H:%M(:%S)` forms are read;
//! a journal with another `timeformat` needs `--time-format` (not wired yet).

use std::sync::LazyLock;

use jiff::civil::{Date, DateTime};
use regex::Regex;

use super::common::{self, Meridiem};
use super::{Parsed, Parser};
use crate::record::{Moment, Record};

static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\[(\d{4})-(\d{2})-(\d{2}) (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AaPp][Mm]))?\] ?(.*)$",
    )
    .unwrap()
});

pub struct Jrnl;

/// Whether `sample` opens with a jrnl entry header on a 12-hour clock (`… 03:39:00 PM]`),
/// which neither Signal nor WhatsApp writes after an ISO date.
pub fn looks_like(sample: &str) -> bool {
    let first = sample.lines().find(|line| !line.trim().is_empty());
    first
        .and_then(|line| HEADER.captures(common::skip_invisible(line)))
        .is_some_and(|caps| caps.get(7).is_some())
}

fn header(line: &str) -> Option<(Option<DateTime>, &str)> {
    let caps = HEADER.captures(common::skip_invisible(line))?;
    let number = |at: usize| -> Option<u16> { caps.get(at)?.as_str().parse().ok() };
    let date = common::make_date(i32::from(number(1)?), number(2)?, number(3)?);
    let meridiem = caps.get(7).map(|m| {
        if m.as_str().eq_ignore_ascii_case("am") {
            Meridiem::Am
        } else {
            Meridiem::Pm
        }
    });
    let hour = u8::try_from(number(4)?).ok()?;
    let minute = u8::try_from(number(5)?).ok()?;
    let second = u8::try_from(number(6).unwrap_or(0)).ok()?;
    let time = common::clock(hour, minute, second, meridiem);
    let when = date
        .zip(time)
        .map(|(date, time): (Date, _)| date.to_datetime(time));
    Some((when, caps.get(8).map_or("", |m| m.as_str())))
}

impl Parser for Jrnl {
    fn starts_record(&self, line: &str) -> bool {
        HEADER.is_match(common::skip_invisible(line))
    }

    fn parse(&self, text: &str, first_line: u64, out: &mut Parsed) {
        let mut pending: Option<Record> = None;
        let finish = |mut record: Record, out: &mut Parsed| {
            let kept = record.text.trim_end().len();
            record.text.truncate(kept);
            out.records.push(record);
        };
        for (offset, line) in text.lines().enumerate() {
            let number = first_line + offset as u64;
            match header(line) {
                Some((when, title)) => {
                    if let Some(record) = pending.take() {
                        finish(record, out);
                    }
                    if when.is_none() {
                        out.problem(number, "impossible date or time in entry header");
                    }
                    let text = common::visible(title);
                    pending = Some(Record::message(when.map(Moment::Time), None, text, number));
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
        Jrnl.parse(text, 1, &mut out);
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
    fn detection_needs_the_twelve_hour_header() {
        assert!(looks_like("\n[2013-06-09 03:39:00 PM] Title\n"));
        assert!(!looks_like("[2013-06-09 15:39] Sam: hi\n"));
        assert!(!looks_like("2013-06-09 Title\n"));
        assert!(Jrnl.starts_record("[2013-06-09 15:39] x"));
    }
}
