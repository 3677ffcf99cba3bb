//! Insights: the numbers behind `closeread insights` and `report`, derived at the end of a
//! run from integer counts ([`crate::aggregate::Counts`] and [`collect::Detail`]).
//!
//! Collection ([`collect`], [`conversation`]) only counts; [`analyse`] turns the counts into
//! rates, changes, peaks, medians and style matching; [`findings`] words them. Renderers in
//! [`crate::output`] format the result.

pub mod anonymize;
pub mod changes;
pub mod collect;
pub mod conversation;
pub mod findings;
pub mod function_words;
pub mod lsm;

use jiff::civil::Date;

use crate::aggregate::{Counts, Period, RecordCounts, Tally, weekday_index};
use crate::lexicon::{CONFLICT, Lexicon, POSITIVE};
use changes::{Change, largest_changes, peaks, rate};
use collect::{Detail, Quote};
use conversation::{Bids, median};
use function_words::ClassCounts;

/// A period, weekday or month is compared or ranked only with at least this many words.
pub const MIN_WORDS: u64 = 500;
/// Authors are compared only when each wrote at least this many words.
pub const MIN_AUTHOR_WORDS: u64 = 200;
/// Peaks reported per category.
const TOP_PEAKS: usize = 3;
/// Entries named per peak.
const TOP_ENTRIES: usize = 3;
/// The default period is the finest one with at most this many periods in the span.
const MAX_PERIODS: usize = 120;

/// One period of the chosen length.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PeriodRow {
    pub start: Date,
    pub label: String,
    pub tally: Tally,
    /// Style matching of the two main authors, when both wrote enough.
    pub lsm: Option<f64>,
}

/// One author's figures (chats).
#[derive(Debug, Clone, serde::Serialize)]
pub struct AuthorRow {
    pub name: String,
    pub tally: Tally,
    pub replies: u64,
    /// Median reply time in seconds.
    pub median_reply: Option<f64>,
    pub bids: Bids,
    pub repaired_first: u64,
}

/// A peak period of one category.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Peak {
    pub period: usize,
    pub rate: f64,
    /// The words that matched most there (as written, lowercased), with their hits.
    pub entries: Vec<(String, u64)>,
    /// With `--evidence`: the passage there with the most hits.
    pub quote: Option<Quote>,
}

/// Everything said about one category.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CategoryView {
    pub name: String,
    pub hits: u64,
    pub rate: f64,
    pub rise: Option<Change>,
    pub fall: Option<Change>,
    pub peaks: Vec<Peak>,
    /// (weekday index, rate) and (month index, rate) where the rate is highest.
    pub weekday: Option<(usize, f64)>,
    pub month: Option<(usize, f64)>,
}

/// The numbers behind the findings and the report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Analysis {
    pub lexicon_version: String,
    /// The languages whose lexicons tagged the text, by name, with their words, most first.
    pub languages: Vec<(String, u64)>,
    pub period: Period,
    /// The period was chosen from the data rather than given with `--by`.
    pub period_chosen: bool,
    pub span: Option<(Date, Date)>,
    pub records: RecordCounts,
    pub total: Tally,
    pub periods: Vec<PeriodRow>,
    pub categories: Vec<CategoryView>,
    /// Positive and conflict hits, when the lexicon has a conflict category.
    pub ratio_parts: Option<(u64, u64)>,
    /// Authors by words written, most first (two or more make a chat).
    pub authors: Vec<AuthorRow>,
    pub chat: bool,
    /// The two main authors, whose style matching is scored.
    pub pair: Option<(String, String)>,
    pub conflict_days: u64,
    pub unrepaired: u64,
    pub hours: [[u64; 24]; 7],
    pub weekdays: Vec<Tally>,
    pub months: Vec<Tally>,
}

impl Analysis {
    /// (appreciation + empathy + repair + support) ÷ conflict, when there is conflict.
    pub fn ratio(&self) -> Option<f64> {
        self.ratio_parts
            .filter(|&(_, conflict)| conflict > 0)
            .map(|(positive, conflict)| positive as f64 / conflict as f64)
    }

    /// The ratio of one period, when it has conflict.
    pub fn period_ratio(&self, row: &PeriodRow) -> Option<f64> {
        let (positive, conflict) = self.ratio_indexes()?;
        let conflict = row.tally.hits[conflict];
        (conflict > 0).then(|| {
            positive
                .iter()
                .map(|&index| row.tally.hits[index])
                .sum::<u64>() as f64
                / conflict as f64
        })
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.categories
            .iter()
            .position(|category| category.name == name)
    }

    /// Indexes of the positive categories present, and of conflict.
    pub fn ratio_indexes(&self) -> Option<(Vec<usize>, usize)> {
        let conflict = self.index_of(CONFLICT)?;
        let positive = POSITIVE
            .iter()
            .filter_map(|name| self.index_of(name))
            .collect();
        Some((positive, conflict))
    }
}

/// The finest period with at most [`MAX_PERIODS`] periods in the span whose typical
/// (median) non-empty period holds at least [`MIN_WORDS`] words; failing that, the finest
/// that splits the span into at most 12 periods.
pub fn default_period(counts: &Counts) -> Period {
    let Some((first, last)) = counts.span() else {
        return Period::Month;
    };
    let all = [
        Period::Day,
        Period::Week,
        Period::Month,
        Period::Quarter,
        Period::Year,
    ];
    for period in all {
        let starts = period.starts(first, last);
        if starts.len() > MAX_PERIODS {
            continue;
        }
        let mut words: Vec<u64> = period_tallies(counts, &starts)
            .iter()
            .map(|tally| tally.words)
            .filter(|&words| words > 0)
            .collect();
        words.sort_unstable();
        if words
            .get(words.len() / 2)
            .is_some_and(|&median| median >= MIN_WORDS)
        {
            return period;
        }
    }
    all.into_iter()
        .find(|period| period.starts(first, last).len() <= 12)
        .unwrap_or(Period::Year)
}

/// Index of the period (among `starts`) that holds `date`.
fn period_index(starts: &[Date], date: Date) -> usize {
    starts
        .partition_point(|start| *start <= date)
        .saturating_sub(1)
}

fn period_tallies(counts: &Counts, starts: &[Date]) -> Vec<Tally> {
    let mut tallies = vec![Tally::default(); starts.len()];
    for ((date, _), tally) in &counts.by_day {
        tallies[period_index(starts, *date)].merge(tally);
    }
    tallies
}

/// Turns a run's counts into the figures insights and the report show.
pub fn analyse(
    counts: &Counts,
    detail: &Detail,
    lexicon: &Lexicon,
    by: Option<Period>,
) -> Analysis {
    let period = by.unwrap_or_else(|| default_period(counts));
    let names: Vec<String> = lexicon.category_names().map(str::to_owned).collect();
    let span = counts.span();
    let starts = span.map_or_else(Vec::new, |(first, last)| period.starts(first, last));
    let mut tallies = period_tallies(counts, &starts);
    let mut total = Tally::default();
    let mut weekdays = vec![Tally::default(); 7];
    let mut months = vec![Tally::default(); 12];
    let mut by_author: std::collections::BTreeMap<&str, Tally> = Default::default();
    for ((date, author), tally) in &counts.by_day {
        total.merge(tally);
        weekdays[weekday_index(date.weekday())].merge(tally);
        months[date.month() as usize - 1].merge(tally);
        if let Some(author) = author {
            by_author.entry(author).or_default().merge(tally);
        }
    }
    for tally in tallies
        .iter_mut()
        .chain([&mut total])
        .chain(&mut weekdays)
        .chain(&mut months)
    {
        tally.hits.resize(names.len(), 0);
        tally.negated.resize(names.len(), 0);
        tally.passages_with_hit.resize(names.len(), 0);
    }

    let timing = &detail.timing;
    let mut authors: Vec<AuthorRow> = by_author
        .into_iter()
        .filter(|(_, tally)| tally.words > 0)
        .map(|(name, mut tally)| {
            tally.hits.resize(names.len(), 0);
            let histogram = timing.replies.get(name);
            AuthorRow {
                name: name.to_owned(),
                tally,
                replies: histogram.map_or(0, |h| h.values().sum()),
                median_reply: histogram.and_then(median),
                bids: timing.bids.get(name).copied().unwrap_or_default(),
                repaired_first: timing.repaired_first.get(name).copied().unwrap_or(0),
            }
        })
        .collect();
    authors.sort_by(|a, b| b.tally.words.cmp(&a.tally.words).then(a.name.cmp(&b.name)));
    let chat = authors.len() >= 2;
    let pair = chat.then(|| (authors[0].name.clone(), authors[1].name.clone()));

    let mut periods: Vec<PeriodRow> = starts
        .iter()
        .zip(tallies)
        .map(|(&start, tally)| PeriodRow {
            start,
            label: period.label(start),
            tally,
            lsm: None,
        })
        .collect();
    if let Some((a, b)) = &pair {
        period_lsm(counts, detail, &starts, a, b, &mut periods);
    }

    let words: Vec<u64> = periods.iter().map(|row| row.tally.words).collect();
    let weekday_words: Vec<u64> = weekdays.iter().map(|t| t.words).collect();
    let month_words: Vec<u64> = months.iter().map(|t| t.words).collect();
    let categories = names
        .iter()
        .enumerate()
        .map(|(index, name)| {
            let hits: Vec<u64> = periods.iter().map(|row| row.tally.hits[index]).collect();
            let (rise, fall) = largest_changes(&hits, &words, MIN_WORDS);
            let peaks = peaks(&hits, &words, MIN_WORDS, TOP_PEAKS)
                .into_iter()
                .map(|at| peak(detail, &periods, period, index, at))
                .collect();
            let best = |tallies: &[Tally], words: &[u64]| {
                let hits: Vec<u64> = tallies.iter().map(|t| t.hits[index]).collect();
                changes::highest(&hits, words, MIN_WORDS).map(|at| (at, rate(hits[at], words[at])))
            };
            CategoryView {
                name: name.clone(),
                hits: total.hits[index],
                rate: rate(total.hits[index], total.words),
                rise,
                fall,
                peaks,
                weekday: best(&weekdays, &weekday_words),
                month: best(&months, &month_words),
            }
        })
        .collect();

    let ratio_parts = lexicon.index_of(CONFLICT).map(|conflict| {
        let positive = POSITIVE
            .iter()
            .filter_map(|name| lexicon.index_of(name))
            .map(|index| total.hits[index])
            .sum();
        (positive, total.hits[conflict])
    });

    let mut languages: Vec<(String, u64)> = detail
        .languages
        .iter()
        .filter(|&(_, &words)| words > 0)
        .map(|(&set, &words)| (lexicon.sets()[set].name().to_owned(), words))
        .collect();
    languages.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));

    Analysis {
        lexicon_version: lexicon.version().to_owned(),
        languages,
        period,
        period_chosen: by.is_none(),
        span,
        records: counts.records,
        total,
        periods,
        categories,
        ratio_parts,
        authors,
        chat,
        pair,
        conflict_days: timing.conflict_days,
        unrepaired: timing.unrepaired,
        hours: detail.hours,
        weekdays,
        months,
    }
}

/// Fills each period's style matching of authors `a` and `b`.
fn period_lsm(
    counts: &Counts,
    detail: &Detail,
    starts: &[Date],
    a: &str,
    b: &str,
    periods: &mut [PeriodRow],
) {
    let mut classes = vec![[ClassCounts::default(); 2]; starts.len()];
    let mut words = vec![[0u64; 2]; starts.len()];
    let side = |author: &Option<String>| match author.as_deref() {
        Some(name) if name == a => Some(0),
        Some(name) if name == b => Some(1),
        _ => None,
    };
    for ((date, author), tally) in &counts.by_day {
        if let Some(side) = side(author) {
            words[period_index(starts, *date)][side] += tally.words;
        }
    }
    for ((date, author), counts) in &detail.function_words {
        if let Some(side) = side(author) {
            let held = &mut classes[period_index(starts, *date)][side];
            for (x, y) in held.iter_mut().zip(counts) {
                *x += y;
            }
        }
    }
    for (index, row) in periods.iter_mut().enumerate() {
        let [wa, wb] = words[index];
        if wa >= lsm::MIN_WORDS && wb >= lsm::MIN_WORDS {
            row.lsm = lsm::lsm(&classes[index][0], wa, &classes[index][1], wb);
        }
    }
}

fn peak(
    detail: &Detail,
    periods: &[PeriodRow],
    period: Period,
    category: usize,
    at: usize,
) -> Peak {
    let start = periods[at].start;
    let next = period.next_start(start).unwrap_or(Date::MAX);
    let mut entries: std::collections::BTreeMap<&str, u64> = Default::default();
    let range = (start, 0, String::new())..(next, 0, String::new());
    for ((_, found, words), &count) in detail.entries.range(range) {
        if *found as usize == category {
            *entries.entry(words.as_str()).or_default() += count;
        }
    }
    let mut entries: Vec<(&str, u64)> = entries.into_iter().collect();
    entries.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let entries = entries
        .into_iter()
        .take(TOP_ENTRIES)
        .map(|(words, count)| (words.to_owned(), count))
        .collect();
    let mut quote: Option<&Quote> = None;
    for ((_, found), candidate) in detail.quotes.range((start, 0)..(next, 0)) {
        if *found as usize == category && quote.is_none_or(|held| candidate.hits > held.hits) {
            quote = Some(candidate);
        }
    }
    Peak {
        period: at,
        rate: rate(periods[at].tally.hits[category], periods[at].tally.words),
        entries,
        quote: quote.cloned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::parse::parse_category;
    use jiff::civil::date;

    fn lexicon() -> Lexicon {
        let categories = [
            ("appreciation", "thanks\ngrateful\n"),
            ("conflict", "whatever\n"),
        ]
        .iter()
        .map(|(name, body)| parse_category(name, "test", body).unwrap())
        .collect();
        Lexicon::compile(categories).unwrap()
    }

    fn tally(words: u64, hits: &[u64]) -> Tally {
        Tally {
            passages: 1,
            words,
            hits: hits.to_vec(),
            negated: vec![0; hits.len()],
            passages_with_hit: hits.iter().map(|&h| u64::from(h > 0)).collect(),
            ..Tally::default()
        }
    }

    /// Three months of one diarist: 600, 600 and 100 words.
    fn diary() -> (Counts, Detail) {
        let mut counts = Counts::new();
        let days = [
            (date(2024, 1, 10), 600, [3, 0]),
            (date(2024, 2, 10), 600, [9, 1]),
            (date(2024, 3, 10), 100, [5, 0]),
        ];
        let mut detail = Detail::default();
        for (day, words, hits) in days {
            counts.by_day.insert((day, None), tally(words, &hits));
            // "thanks" and "grateful" share the appreciation hits 2:1.
            detail
                .entries
                .insert((day, 0, "thanks".into()), hits[0] - hits[0] / 3);
            detail
                .entries
                .insert((day, 0, "grateful".into()), hits[0] / 3);
        }
        (counts, detail)
    }

    #[test]
    fn peaks_carry_their_entries_and_respect_the_guard() {
        let (counts, detail) = diary();
        let analysis = analyse(&counts, &detail, &lexicon(), Some(Period::Month));
        let appreciation = &analysis.categories[0];
        // March has the highest rate (50 per 1,000) but only 100 words.
        let peaks: Vec<&str> = appreciation
            .peaks
            .iter()
            .map(|peak| analysis.periods[peak.period].label.as_str())
            .collect();
        assert_eq!(peaks, ["2024-02", "2024-01"]);
        assert_eq!(
            appreciation.peaks[0].entries,
            [("thanks".to_owned(), 6), ("grateful".to_owned(), 3)]
        );
        assert_eq!(appreciation.peaks[0].rate, 15.0);
        let rise = appreciation.rise.unwrap();
        assert_eq!((rise.period, rise.rate, rise.baseline), (1, 15.0, 5.0));
        assert!(!analysis.chat);
        assert_eq!(analysis.ratio(), Some(17.0));
    }

    #[test]
    fn the_default_period_has_enough_words_per_period() {
        let (counts, _) = diary();
        // 61 days is few enough periods, and the median day with text has 600 words.
        assert_eq!(default_period(&counts), Period::Day);
        let mut thin = Counts::new();
        for day in 1..=28 {
            thin.by_day
                .insert((date(2024, 2, day), None), tally(40, &[1, 0]));
        }
        // 40 words a day, 280 a week, 1,120 in the month.
        assert_eq!(default_period(&thin), Period::Month);
    }
}
