//! Aggregation: integer counts keyed by day and author, mergeable in any grouping.
//!
//! Counts hold only integers, so merging the results of threads, files or shards in any
//! order gives exactly the same totals; periods, rates and ratios are derived at output.

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

use crate::record::{Record, RecordKind};
use crate::tag::Tags;

/// Language figures summed over some passages.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Tally {
    pub passages: u64,
    pub words: u64,
    pub matched_words: u64,
    pub hits: Vec<u64>,
    pub negated: Vec<u64>,
    /// Passages with at least one hit, per category.
    pub passages_with_hit: Vec<u64>,
}

impl Tally {
    pub fn add(&mut self, tags: &Tags) {
        self.passages += 1;
        self.words += tags.words;
        self.matched_words += tags.matched_words;
        add_all(&mut self.hits, &tags.hits);
        add_all(&mut self.negated, &tags.negated);
        if self.passages_with_hit.len() < tags.hits.len() {
            self.passages_with_hit.resize(tags.hits.len(), 0);
        }
        for (passages, &hits) in self.passages_with_hit.iter_mut().zip(&tags.hits) {
            *passages += u64::from(hits > 0);
        }
    }

    pub fn merge(&mut self, other: &Tally) {
        self.passages += other.passages;
        self.words += other.words;
        self.matched_words += other.matched_words;
        add_all(&mut self.hits, &other.hits);
        add_all(&mut self.negated, &other.negated);
        add_all(&mut self.passages_with_hit, &other.passages_with_hit);
    }
}

fn add_all(into: &mut Vec<u64>, from: &[u64]) {
    if into.len() < from.len() {
        into.resize(from.len(), 0);
    }
    for (a, b) in into.iter_mut().zip(from) {
        *a += b;
    }
}

/// How many records of each kind were read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RecordCounts {
    pub records: u64,
    pub messages: u64,
    pub system: u64,
    pub media: u64,
    /// Messages without text (see [`RecordKind::Empty`]); absent from older partials.
    #[serde(default)]
    pub empty: u64,
    /// Messages with no date: tagged, but outside every period.
    pub undated: u64,
}

impl RecordCounts {
    pub fn add(&mut self, record: &Record) {
        self.records += 1;
        match record.kind {
            RecordKind::Message => {
                self.messages += 1;
                self.undated += u64::from(record.when.is_none());
            }
            RecordKind::System => self.system += 1,
            RecordKind::Media => self.media += 1,
            RecordKind::Empty => self.empty += 1,
        }
    }

    pub fn merge(&mut self, other: &RecordCounts) {
        self.records += other.records;
        self.messages += other.messages;
        self.system += other.system;
        self.media += other.media;
        self.empty += other.empty;
        self.undated += other.undated;
    }
}

/// Key of the finest aggregation cell: a local day and an optional author.
pub type DayKey = (Date, Option<String>);

/// Everything a run counted; the one type that tagging produces and aggregation merges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub by_day: BTreeMap<DayKey, Tally>,
    /// Language passages without a date.
    pub undated: Tally,
    pub records: RecordCounts,
}

impl Counts {
    pub fn new() -> Counts {
        Counts::default()
    }

    /// Counts one record and, for messages, its tags.
    pub fn add(&mut self, record: &Record, tags: &Tags) {
        self.records.add(record);
        if !record.is_language() {
            return;
        }
        let tally = match record.when {
            Some(when) => self
                .by_day
                .entry((when.date(), record.author.clone()))
                .or_default(),
            None => &mut self.undated,
        };
        tally.add(tags);
    }

    /// Adds `other` into `self`; associative and commutative.
    pub fn merge(&mut self, other: Counts) {
        for (key, tally) in other.by_day {
            match self.by_day.get_mut(&key) {
                Some(held) => held.merge(&tally),
                None => {
                    self.by_day.insert(key, tally);
                }
            }
        }
        self.undated.merge(&other.undated);
        self.records.merge(&other.records);
    }

    /// Checks that a table by `by` fills at most [`MAX_PERIODS`] periods from the first
    /// dated day to the last. Past that, the widest range of days that fits is found and
    /// the days outside it are named, with the `--since`/`--until` that leaves them out:
    /// one stray date (year 1, year 9999) must not fill millions of empty rows.
    pub fn check_span(&self, by: Period) -> Result<(), String> {
        let mut days: Vec<Date> = self.by_day.keys().map(|(date, _)| *date).collect();
        days.dedup();
        let (Some(&first), Some(&last)) = (days.first(), days.last()) else {
            return Ok(());
        };
        let periods = by.count(first, last);
        if periods <= MAX_PERIODS as i64 {
            return Ok(());
        }
        // The window of days with the most days in it whose periods fit.
        let (mut best, mut start) = ((0, 0), 0);
        for end in 0..days.len() {
            while by.count(days[start], days[end]) > MAX_PERIODS as i64 {
                start += 1;
            }
            if end - start > best.1 - best.0 {
                best = (start, end);
            }
        }
        let (from, to) = best;
        let name = |outside: &[Date]| {
            let shown: Vec<String> = outside.iter().take(5).map(Date::to_string).collect();
            let more = outside.len().saturating_sub(5);
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            format!("{}{more}", shown.join(", "))
        };
        let mut outlying = Vec::new();
        if from > 0 {
            outlying.push(format!("before {}: {}", days[from], name(&days[..from])));
        }
        if to + 1 < days.len() {
            let after = &days[to + 1..];
            outlying.push(format!("after {}: {}", days[to], name(after)));
        }
        Err(format!(
            "the dates run from {first} to {last}, {periods} periods by {}, more than the {MAX_PERIODS} a table fills; outlying dates {}. Leave them out with --since {} --until {} (or choose a longer --by)",
            by.name(),
            outlying.join("; "),
            days[from],
            days[to],
        ))
    }

    /// The first and last dated day.
    pub fn span(&self) -> Option<(Date, Date)> {
        let first = self.by_day.keys().next()?.0;
        let last = self.by_day.keys().map(|(date, _)| *date).max()?;
        Some((first, last))
    }
}

/// Most periods a trends table fills between its first and last date: a century of days.
pub const MAX_PERIODS: usize = 40_000;

/// The period length of a trends table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl Period {
    /// The first day of the period that holds `date`.
    pub fn start_of(self, date: Date) -> Date {
        match self {
            Period::Day => date,
            Period::Week => {
                let back = date.weekday().to_monday_zero_offset();
                date.checked_sub(i64::from(back).days()).unwrap_or(date)
            }
            Period::Month => date.first_of_month(),
            Period::Quarter => {
                let month = (date.month() - 1) / 3 * 3 + 1;
                Date::new(date.year(), month, 1).unwrap_or(date)
            }
            Period::Year => date.first_of_year(),
        }
    }

    /// The first day of the period after the one starting at `start`.
    pub fn next_start(self, start: Date) -> Option<Date> {
        let step = match self {
            Period::Day => 1.day(),
            Period::Week => 1.week(),
            Period::Month => 1.month(),
            Period::Quarter => 3.months(),
            Period::Year => 1.year(),
        };
        start.checked_add(step).ok()
    }

    /// The name `--by` takes.
    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }

    /// How many periods run from the one holding `first` to the one holding `last`.
    pub fn count(self, first: Date, last: Date) -> i64 {
        let (first, last) = (self.start_of(first), self.start_of(last));
        let months = |date: Date| i64::from(date.year()) * 12 + i64::from(date.month());
        let between = match self {
            Period::Day | Period::Week => {
                let days = first
                    .until(last)
                    .map_or(0, |span| i64::from(span.get_days()));
                if self == Period::Day { days } else { days / 7 }
            }
            Period::Month => months(last) - months(first),
            Period::Quarter => (months(last) - months(first)) / 3,
            Period::Year => i64::from(last.year()) - i64::from(first.year()),
        };
        between + 1
    }

    /// The period's label: `2024-03-01`, `2024-W09`, `2024-03`, `2024-Q1`, `2024`.
    pub fn label(self, start: Date) -> String {
        match self {
            Period::Day => start.to_string(),
            Period::Week => {
                let week = start.iso_week_date();
                format!("{:04}-W{:02}", week.year(), week.week())
            }
            Period::Month => format!("{:04}-{:02}", start.year(), start.month()),
            Period::Quarter => format!("{:04}-Q{}", start.year(), (start.month() - 1) / 3 + 1),
            Period::Year => format!("{:04}", start.year()),
        }
    }

    /// Every period start from the one holding `first` to the one holding `last`.
    pub fn starts(self, first: Date, last: Date) -> Vec<Date> {
        let mut starts = Vec::new();
        let mut start = self.start_of(first);
        let end = self.start_of(last);
        while start <= end {
            starts.push(start);
            match self.next_start(start) {
                Some(next) => start = next,
                None => break,
            }
        }
        starts
    }
}

/// Weekday helper for reports: Monday = 0.
pub fn weekday_index(weekday: Weekday) -> usize {
    weekday.to_monday_zero_offset() as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Moment;
    use jiff::civil::date;

    fn tags(hits: &[u64], words: u64) -> Tags {
        Tags {
            words,
            matched_words: hits.iter().sum(),
            hits: hits.to_vec(),
            negated: vec![0; hits.len()],
            ..Tags::default()
        }
    }

    fn record(day: Option<Date>, author: &str) -> Record {
        Record::message(day.map(Moment::Day), Some(author.to_owned()), "x".into(), 1)
    }

    #[test]
    fn period_labels_and_bounds() {
        let day = date(2024, 3, 1);
        assert_eq!(Period::Week.label(Period::Week.start_of(day)), "2024-W09");
        assert_eq!(Period::Week.start_of(day), date(2024, 2, 26));
        assert_eq!(
            Period::Quarter.label(Period::Quarter.start_of(day)),
            "2024-Q1"
        );
        assert_eq!(Period::Month.label(day), "2024-03");
        assert_eq!(Period::Year.label(day), "2024");
        assert_eq!(Period::Day.label(day), "2024-03-01");
        assert_eq!(
            Period::Week.label(Period::Week.start_of(date(2021, 1, 2))),
            "2020-W53",
            "ISO weeks belong to the year of their Thursday"
        );
    }

    #[test]
    fn every_period_between_first_and_last_is_listed() {
        let starts = Period::Month.starts(date(1660, 1, 1), date(1669, 5, 31));
        assert_eq!(starts.len(), 113);
        assert_eq!(
            Period::Quarter.starts(date(2023, 11, 5), date(2024, 2, 1)),
            [date(2023, 10, 1), date(2024, 1, 1)]
        );
    }

    #[test]
    fn periods_are_counted_without_listing_them() {
        for by in [
            Period::Day,
            Period::Week,
            Period::Month,
            Period::Quarter,
            Period::Year,
        ] {
            let (first, last) = (date(2019, 12, 30), date(2024, 3, 1));
            assert_eq!(
                by.count(first, last),
                by.starts(first, last).len() as i64,
                "{by:?}"
            );
        }
        assert_eq!(
            Period::Day.count(date(1, 1, 1), date(9999, 12, 31)),
            3_652_059
        );
    }

    #[test]
    fn a_span_too_long_to_fill_names_its_outlying_dates() {
        let mut counts = Counts::new();
        let days = [
            date(1, 1, 1),
            date(2023, 5, 1),
            date(2023, 5, 9),
            date(9999, 1, 1),
        ];
        for day in days {
            counts.add(&record(Some(day), "a"), &tags(&[1], 1));
        }
        assert_eq!(counts.check_span(Period::Year), Ok(()));
        let message = counts.check_span(Period::Day).unwrap_err();
        assert!(
            message.contains("from 0001-01-01 to 9999-01-01"),
            "{message}"
        );
        assert!(
            message.contains("before 2023-05-01: 0001-01-01"),
            "{message}"
        );
        assert!(
            message.contains("after 2023-05-09: 9999-01-01"),
            "{message}"
        );
        assert!(
            message.contains("--since 2023-05-01 --until 2023-05-09"),
            "{message}"
        );
    }

    #[test]
    fn merge_in_any_grouping_equals_one_pass() {
        let inputs = [
            (record(Some(date(2024, 1, 1)), "a"), tags(&[1, 0], 5)),
            (record(Some(date(2024, 1, 1)), "b"), tags(&[0, 2], 7)),
            (record(Some(date(2024, 2, 3)), "a"), tags(&[3, 1], 9)),
            (record(None, "a"), tags(&[1, 1], 4)),
        ];
        let mut whole = Counts::new();
        for (record, tags) in &inputs {
            whole.add(record, tags);
        }
        let mut left = Counts::new();
        let mut right = Counts::new();
        for (index, (record, tags)) in inputs.iter().enumerate() {
            if index % 2 == 0 {
                &mut left
            } else {
                &mut right
            }
            .add(record, tags);
        }
        right.merge(left);
        assert_eq!(right, whole);
        assert_eq!(whole.records.undated, 1);
        assert_eq!(whole.by_day.len(), 3);
    }
}
