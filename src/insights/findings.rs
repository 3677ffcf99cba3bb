//! The findings in words: every sentence is built from the numbers of an [`Analysis`],
//! and says so when the text behind it is thin. Renderers only format these blocks.

use super::changes::Change;
use super::conversation::{
    BID_WINDOW_SECS, CONFLICT_HEAVY_HITS, REPAIR_WINDOW_SECS, REPLY_WINDOW_SECS,
};
use super::{Analysis, AuthorRow, MIN_AUTHOR_WORDS, MIN_WORDS, lsm};
use crate::aggregate::Period;

/// Below this many words in all, every figure gets a warning.
const THIN_TOTAL_WORDS: u64 = 2_000;
/// A category with fewer hits than this in all gets a warning beside its changes and peaks.
const THIN_HITS: u64 = 20;
/// Fewer replies than this make a median a rough figure.
const THIN_REPLIES: u64 = 10;
/// Two rates within this factor of each other are "about equal".
const EQUAL_WITHIN: f64 = 1.15;
/// A change smaller than this share of the larger of rate and baseline is "steady".
const STEADY_WITHIN: f64 = 0.10;

pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A piece of a section.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    Text(String),
    List(Vec<String>),
    /// Quoted passages (`--evidence`): (where, text).
    Quotes(Vec<(String, String)>),
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Section {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// 12,345
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A rate per 1,000 words, one decimal (two below 1, so small rates do not read as 0).
pub fn rate(value: f64) -> String {
    if value > 0.0 && value < 1.0 {
        format!("{value:.2}")
    } else {
        format!("{value:.1}")
    }
}

/// A signed change: +2.1, −0.4 (a real minus sign).
fn signed(value: f64) -> String {
    let text = rate(value.abs());
    if value < 0.0 {
        format!("−{text}")
    } else {
        format!("+{text}")
    }
}

/// 45 s, 12 min, 1 h 20 min, 2 d 3 h.
pub fn duration(seconds: f64) -> String {
    let seconds = seconds.round() as u64;
    match seconds {
        0..60 => format!("{seconds} s"),
        60..3600 => format!("{} min", (seconds + 30) / 60),
        3600..86400 => {
            let minutes = (seconds + 30) / 60;
            match minutes % 60 {
                0 => format!("{} h", minutes / 60),
                rest => format!("{} h {rest} min", minutes / 60),
            }
        }
        _ => {
            let hours = (seconds + 1800) / 3600;
            format!("{} d {} h", hours / 24, hours % 24)
        }
    }
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "0%".to_owned()
    } else {
        format!("{:.0}%", part as f64 * 100.0 / whole as f64)
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", count(n))
    }
}

fn times(n: u64) -> String {
    match n {
        1 => "once".to_owned(),
        2 => "twice".to_owned(),
        n => format!("{} times", count(n)),
    }
}

pub fn period_plural(period: Period) -> &'static str {
    match period {
        Period::Day => "days",
        Period::Week => "weeks",
        Period::Month => "months",
        Period::Quarter => "quarters",
        Period::Year => "years",
    }
}

fn span_length(days: i64) -> String {
    match days {
        ..=1 => "1 day".to_owned(),
        2..=62 => format!("{days} days"),
        63..=730 => format!("about {:.0} months", days as f64 / 30.44),
        _ => format!("about {:.1} years", days as f64 / 365.25),
    }
}

/// Every section, in reading order.
pub fn findings(analysis: &Analysis) -> Vec<Section> {
    let mut sections = vec![overview(analysis)];
    if analysis.total.words == 0 {
        return sections;
    }
    sections.push(changes(analysis));
    sections.push(peaks(analysis));
    if analysis.chat {
        sections.push(people(analysis));
        if let Some(section) = rhythm(analysis) {
            sections.push(section);
        }
    } else {
        sections.push(journal(analysis));
    }
    sections
}

/// "Tagged as Spanish." or "Tagged as Spanish (80% of words) and English (20%)."
pub fn languages_line(analysis: &Analysis) -> Option<String> {
    let total: u64 = analysis.languages.iter().map(|(_, words)| words).sum();
    match analysis.languages.as_slice() {
        [] => None,
        [(name, _)] => Some(format!("Tagged as {name}, with its lexicons.")),
        many => {
            let parts: Vec<String> = many
                .iter()
                .map(|(name, words)| {
                    format!(
                        "{name} ({:.0}% of words)",
                        *words as f64 * 100.0 / total as f64
                    )
                })
                .collect();
            Some(format!(
                "Tagged as {}, each conversation with its language's lexicons.",
                parts.join(", ")
            ))
        }
    }
}

fn overview(analysis: &Analysis) -> Section {
    let mut blocks = Vec::new();
    let total = &analysis.total;
    let records = &analysis.records;
    let Some((first, last)) = analysis.span else {
        blocks.push(Block::Text(format!(
            "No dated passages were found ({} read, {} undated), so there is nothing to show \
             over time.",
            plural(records.records, "record", "records"),
            count(records.undated)
        )));
        return Section {
            title: "Overview".into(),
            blocks,
        };
    };
    let days = first
        .until(last)
        .map_or(0, |span| i64::from(span.get_days()))
        + 1;
    let who = if analysis.chat {
        format!(
            " by {}",
            plural(analysis.authors.len() as u64, "person", "people")
        )
    } else {
        String::new()
    };
    blocks.push(Block::Text(format!(
        "From {first} to {last} ({}): {}{who} with {}.",
        span_length(days),
        plural(total.passages, "passage", "passages"),
        plural(total.words, "word", "words"),
    )));
    if let Some(line) = languages_line(analysis) {
        blocks.push(Block::Text(line));
    }
    let mut read = format!(
        "Read {}",
        plural(records.records, "message or entry", "messages and entries")
    );
    let mut parts = Vec::new();
    if records.system > 0 {
        parts.push(plural(
            records.system,
            "notice from the app (such as “… joined”)",
            "notices from the app (such as “… joined”)",
        ));
    }
    if records.media > 0 {
        parts.push(plural(
            records.media,
            "attachment (a photo, voice note or file)",
            "attachments (photos, voice notes or files)",
        ));
    }
    if records.undated > 0 {
        parts.push(format!(
            "{} undated passages, which are outside every period",
            count(records.undated)
        ));
    }
    if !parts.is_empty() {
        let listed = match parts.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => String::new(),
        };
        read.push_str(&format!(", among them {listed}"));
    }
    read.push_str(&format!(
        ". Periods are {} ({}{}).",
        period_plural(analysis.period),
        count(analysis.periods.len() as u64),
        if analysis.period_chosen {
            ", chosen from the span and amount of text"
        } else {
            ""
        }
    ));
    blocks.push(Block::Text(read));
    if total.words < THIN_TOTAL_WORDS {
        blocks.push(Block::Text(format!(
            "This is little text ({}): treat every figure below as a rough sign, not a \
             finding.",
            plural(total.words, "word", "words")
        )));
    }
    let rates: Vec<String> = analysis
        .categories
        .iter()
        .map(|category| format!("{} {}", category.name, rate(category.rate)))
        .collect();
    blocks.push(Block::Text(format!(
        "Rates per 1,000 words: {}. {} of words matched some category.",
        rates.join(", "),
        percent_1(total.matched_words, total.words)
    )));
    if let Some((positive, conflict)) = analysis.ratio_parts {
        blocks.push(Block::Text(ratio_sentence(analysis, positive, conflict)));
        blocks.push(Block::Text(
            "What the ratio means: in observational studies of couples (Gottman), stable \
             relationships showed about five positive interactions for every negative one \
             while discussing a conflict. Here it counts lexicon words in text, not observed \
             behaviour, and word lists miss sarcasm, context and what is left unsaid, so read \
             it as a rough sign, not a verdict."
                .into(),
        ));
    }
    Section {
        title: "Overview".into(),
        blocks,
    }
}

fn percent_1(part: u64, whole: u64) -> String {
    if whole == 0 {
        "0%".to_owned()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

fn ratio_sentence(analysis: &Analysis, positive: u64, conflict: u64) -> String {
    let Some(ratio) = analysis.ratio() else {
        return format!(
            "Positive-to-conflict ratio: no conflict hits at all, so there is no ratio ({}).",
            plural(positive, "positive hit", "positive hits")
        );
    };
    let side = if ratio >= 5.0 { "at or above" } else { "below" };
    let mut text = format!(
        "Positive-to-conflict ratio: {ratio:.1} to 1 ({} hits of appreciation, empathy, repair \
         and support against {} of conflict), {side} the 5:1 reference.",
        count(positive),
        count(conflict)
    );
    if conflict < 10 {
        text.push_str(&format!(
            " With only {} conflict hits, this ratio can move a lot with a single message.",
            count(conflict)
        ));
    }
    text
}

/// Adds a warning to a sentence about a category with few hits in all.
fn with_thin_note(sentence: String, hits: u64) -> String {
    if hits < THIN_HITS {
        format!(
            "{sentence} Only {} in all: a hint, not a pattern.",
            plural(hits, "hit", "hits")
        )
    } else {
        sentence
    }
}

fn label(analysis: &Analysis, period: usize) -> &str {
    &analysis.periods[period].label
}

fn change_words(analysis: &Analysis, change: &Change) -> String {
    format!(
        "{} ({} per 1,000 words against {} before, {})",
        label(analysis, change.period),
        rate(change.rate),
        rate(change.baseline),
        signed(change.delta())
    )
}

fn changes(analysis: &Analysis) -> Section {
    let mut blocks = vec![Block::Text(format!(
        "Each period's rate is set against all earlier periods pooled. Only periods with at \
         least {} words, and at least {} words before them, are compared; smaller ones swing \
         by chance.",
        count(MIN_WORDS),
        count(MIN_WORDS)
    ))];
    let eligible = analysis
        .periods
        .iter()
        .filter(|row| row.tally.words >= MIN_WORDS)
        .count();
    if eligible < 2 {
        let periods = period_plural(analysis.period);
        let one = periods.strip_suffix('s').unwrap_or(periods);
        let words = count(MIN_WORDS);
        let which = match analysis.periods.len() {
            _ if eligible == 0 => format!("no {one} has {words} words or more"),
            1 => format!("the one {one} has {words} words or more, and a change needs two"),
            all => format!("only 1 of the {all} {periods} has {words} words or more"),
        };
        blocks.push(Block::Text(format!(
            "Too little text to measure changes: {which}."
        )));
        return Section {
            title: "Largest changes".into(),
            blocks,
        };
    }
    let mut items = Vec::new();
    let mut silent = Vec::new();
    let mut steady = Vec::new();
    let notable = |change: &Option<Change>| {
        change.filter(|c| c.delta().abs() >= STEADY_WITHIN * c.rate.max(c.baseline))
    };
    for category in &analysis.categories {
        let (rise, fall) = (notable(&category.rise), notable(&category.fall));
        if category.hits > 0 && rise.is_none() && fall.is_none() {
            steady.push(category.name.clone());
            continue;
        }
        let text = match (&rise, &fall) {
            (None, None) if category.hits == 0 => {
                silent.push(category.name.clone());
                continue;
            }
            (None, None) => format!("{}: no change to report.", category.name),
            (Some(rise), None) => format!(
                "{} rose most in {}; no notable fall.",
                category.name,
                change_words(analysis, rise)
            ),
            (None, Some(fall)) => format!(
                "{} fell most in {}; no notable rise.",
                category.name,
                change_words(analysis, fall)
            ),
            (Some(rise), Some(fall)) => format!(
                "{} rose most in {} and fell most in {}.",
                category.name,
                change_words(analysis, rise),
                change_words(analysis, fall)
            ),
        };
        items.push(with_thin_note(text, category.hits));
    }
    blocks.push(Block::List(items));
    if !steady.is_empty() {
        blocks.push(Block::Text(format!(
            "Steady (every change within {:.0}% of the rate): {}.",
            STEADY_WITHIN * 100.0,
            steady.join(", ")
        )));
    }
    if !silent.is_empty() {
        blocks.push(Block::Text(format!(
            "No hits at all: {}.",
            silent.join(", ")
        )));
    }
    Section {
        title: "Largest changes".into(),
        blocks,
    }
}

fn peaks(analysis: &Analysis) -> Section {
    let mut blocks = vec![Block::Text(format!(
        "The {} with the highest rate per category (among those with at least {} words), with \
         the words that matched most there.",
        period_plural(analysis.period),
        count(MIN_WORDS)
    ))];
    let mut items = Vec::new();
    let mut quotes = Vec::new();
    for category in &analysis.categories {
        if category.peaks.is_empty() {
            continue;
        }
        let peaks: Vec<String> = category
            .peaks
            .iter()
            .map(|peak| {
                let entries: Vec<String> = peak
                    .entries
                    .iter()
                    .map(|(entry, hits)| format!("“{}” {}", short_entry(entry), count(*hits)))
                    .collect();
                format!(
                    "{} ({}: {})",
                    label(analysis, peak.period),
                    rate(peak.rate),
                    entries.join(", ")
                )
            })
            .collect();
        items.push(with_thin_note(
            format!("{}: {}.", category.name, peaks.join("; ")),
            category.hits,
        ));
        if let Some(peak) = category.peaks.first()
            && let Some(quote) = &peak.quote
        {
            let by = quote
                .author
                .as_deref()
                .map(|author| format!(", {author}"))
                .unwrap_or_default();
            quotes.push((
                format!("{}, {}{by}", category.name, label(analysis, peak.period)),
                quote.text.clone(),
            ));
        }
    }
    if items.is_empty() {
        blocks.push(Block::Text(format!(
            "No {} has both hits and {} words, so there are no peaks to show.",
            match analysis.period {
                Period::Day => "day",
                Period::Week => "week",
                Period::Month => "month",
                Period::Quarter => "quarter",
                Period::Year => "year",
            },
            count(MIN_WORDS)
        )));
    } else {
        blocks.push(Block::List(items));
    }
    if !quotes.is_empty() {
        blocks.push(Block::Text(
            "From the top period of each category, the passage with the most hits:".into(),
        ));
        blocks.push(Block::Quotes(quotes));
    }
    Section {
        title: "Peaks".into(),
        blocks,
    }
}

/// An entry as a reader wants it: long alternations such as `(do|say|make|…)` become `(…)`.
fn short_entry(entry: &str) -> String {
    let mut out = String::new();
    let mut rest = entry;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')') else {
            break;
        };
        let group = &rest[open + 1..open + close];
        out.push_str(&rest[..open]);
        if group.matches('|').count() >= 3 {
            out.push_str("(…)");
        } else {
            out.push_str(&rest[open..=open + close]);
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// The categories compared between people. The sentences name the language measured
/// ("more conflict language"), never a behaviour ("criticises more"): a word list cannot
/// tell complaints about work from criticism of the other.
const COMPARED: [&str; 3] = ["appreciation", "repair", "conflict"];

fn names(authors: &[&AuthorRow]) -> String {
    let names: Vec<&str> = authors.iter().map(|a| a.name.as_str()).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn people(analysis: &Analysis) -> Section {
    let mut blocks = Vec::new();
    let authors = &analysis.authors;
    let shown: Vec<&AuthorRow> = authors.iter().take(6).collect();
    let mut who: Vec<String> = shown
        .iter()
        .map(|a| {
            format!(
                "{} wrote {} in {}",
                a.name,
                plural(a.tally.words, "word", "words"),
                plural(a.tally.passages, "message", "messages")
            )
        })
        .collect();
    if authors.len() > shown.len() {
        let others = (authors.len() - shown.len()) as u64;
        who.push(format!(
            "{} wrote less",
            plural(others, "other person", "others")
        ));
    }
    blocks.push(Block::Text(format!("{}.", who.join("; "))));

    let mut header = vec!["per 1,000 words".to_owned()];
    header.extend(shown.iter().map(|a| a.name.clone()));
    let rows = analysis
        .categories
        .iter()
        .enumerate()
        .map(|(index, category)| {
            let mut row = vec![category.name.clone()];
            row.extend(
                shown
                    .iter()
                    .map(|a| rate(super::rate(a.tally.hits[index], a.tally.words))),
            );
            row
        })
        .collect();
    blocks.push(Block::Table { header, rows });

    let mut items = Vec::new();
    let enough: Vec<&AuthorRow> = shown
        .iter()
        .copied()
        .filter(|a| a.tally.words >= MIN_AUTHOR_WORDS)
        .collect();
    let thin: Vec<&AuthorRow> = shown
        .iter()
        .copied()
        .filter(|a| a.tally.words < MIN_AUTHOR_WORDS)
        .collect();
    if !thin.is_empty() {
        items.push(format!(
            "Too little text from {} (under {} words each) to compare.",
            names(&thin),
            count(MIN_AUTHOR_WORDS)
        ));
    }
    if enough.len() >= 2 {
        for category in COMPARED {
            let Some(index) = analysis.index_of(category) else {
                continue;
            };
            let mut ranked: Vec<(&AuthorRow, f64)> = enough
                .iter()
                .map(|a| (*a, super::rate(a.tally.hits[index], a.tally.words)))
                .collect();
            ranked.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.name.cmp(&y.0.name)));
            let figures: Vec<String> = ranked
                .iter()
                .map(|(a, r)| format!("{} {}", a.name, rate(*r)))
                .collect();
            let (top, top_rate) = ranked[0];
            let (second, second_rate) = ranked[1];
            let hits: u64 = ranked.iter().map(|(a, _)| a.tally.hits[index]).sum();
            let sentence = if top_rate == 0.0 {
                format!("Nobody's messages hold {category} language: no hits.")
            } else if second_rate > 0.0 && top_rate / second_rate <= EQUAL_WITHIN {
                format!(
                    "{} and {} use {category} language about equally ({category} per 1,000 \
                     words: {}).",
                    top.name,
                    second.name,
                    figures.join(", ")
                )
            } else {
                format!(
                    "{}'s messages hold more {category} language ({category} per 1,000 words: \
                     {}).",
                    top.name,
                    figures.join(", ")
                )
            };
            items.push(if top_rate == 0.0 {
                sentence
            } else {
                with_thin_note(sentence, hits)
            });
        }
    }
    items.push(repair_sentence(analysis, authors));
    if let Some(sentence) = reply_sentence(authors) {
        items.push(sentence);
    }
    if let Some(sentence) = bids_sentence(authors) {
        items.push(sentence);
    }
    blocks.push(Block::List(items));
    if let Some(text) = lsm_sentence(analysis) {
        blocks.push(Block::Text(text));
    }
    Section {
        title: "Between people".into(),
        blocks,
    }
}

fn repair_sentence(analysis: &Analysis, authors: &[AuthorRow]) -> String {
    let days = analysis.conflict_days;
    if days == 0 {
        return format!(
            "No day had {CONFLICT_HEAVY_HITS} or more conflict hits, so there is no “who repairs \
             first” to tell."
        );
    }
    let mut credited: Vec<&AuthorRow> = authors.iter().filter(|a| a.repaired_first > 0).collect();
    credited.sort_by(|a, b| {
        b.repaired_first
            .cmp(&a.repaired_first)
            .then(a.name.cmp(&b.name))
    });
    let firsts: Vec<String> = credited
        .iter()
        .map(|a| format!("{} {}", a.name, times(a.repaired_first)))
        .collect();
    let mut text = format!(
        "After the {} conflict-heavy day{} ({CONFLICT_HEAVY_HITS} or more conflict hits), ",
        count(days),
        if days == 1 { "" } else { "s" }
    );
    if firsts.is_empty() {
        text.push_str("nobody used repair language first");
    } else {
        text.push_str(&format!(
            "the first to use repair language (apologies, making up) was {}",
            firsts.join(" and ")
        ));
    }
    if analysis.unrepaired > 0 {
        text.push_str(&format!(
            "; after {}, nobody did within {} hours",
            count(analysis.unrepaired),
            REPAIR_WINDOW_SECS / 3600
        ));
    }
    text.push('.');
    if days < 3 {
        text.push_str(" So few days make this a hint, not a pattern.");
    }
    text
}

fn reply_sentence(authors: &[AuthorRow]) -> Option<String> {
    let timed: Vec<String> = authors
        .iter()
        .filter_map(|a| {
            a.median_reply.map(|median| {
                format!(
                    "{} {} ({} repl{})",
                    a.name,
                    duration(median),
                    count(a.replies),
                    if a.replies == 1 { "y" } else { "ies" }
                )
            })
        })
        .take(6)
        .collect();
    if timed.is_empty() {
        return None;
    }
    let fewest = authors
        .iter()
        .filter(|a| a.median_reply.is_some())
        .map(|a| a.replies)
        .min()
        .unwrap_or(0);
    let mut text = format!(
        "Median reply time: {}. A reply is a message right after someone else's, within {} \
         hours.",
        timed.join(", "),
        REPLY_WINDOW_SECS / 3600
    );
    if fewest < THIN_REPLIES {
        text.push_str(" Few replies make these medians rough.");
    }
    Some(text)
}

fn bids_sentence(authors: &[AuthorRow]) -> Option<String> {
    let answered: Vec<String> = authors
        .iter()
        .filter(|a| a.bids.made > 0)
        .take(6)
        .map(|a| {
            format!(
                "{}'s {} of {} ({})",
                a.name,
                count(a.bids.answered),
                count(a.bids.made),
                percent(a.bids.answered, a.bids.made)
            )
        })
        .collect();
    (!answered.is_empty()).then(|| {
        format!(
            "Bids for attention (questions and check-ins) answered by someone else within {} \
             minutes: {}.",
            BID_WINDOW_SECS / 60,
            answered.join(", ")
        )
    })
}

fn lsm_sentence(analysis: &Analysis) -> Option<String> {
    let (a, b) = analysis.pair.as_ref()?;
    let scored: Vec<(usize, f64)> = analysis
        .periods
        .iter()
        .enumerate()
        .filter_map(|(index, row)| row.lsm.map(|value| (index, value)))
        .collect();
    let unit = period_plural(analysis.period);
    if scored.is_empty() {
        return Some(format!(
            "Language style matching between {a} and {b} needs at least {} words from each in \
             a period; none of the {unit} has that.",
            lsm::MIN_WORDS
        ));
    }
    let mean = scored.iter().map(|(_, v)| v).sum::<f64>() / scored.len() as f64;
    let mut text = format!(
        "Language style matching between {a} and {b} (how alike they use function words such \
         as pronouns, articles and negations; 1 is identical): {mean:.2} on average over the \
         {} {unit} in which both wrote at least {} words",
        scored.len(),
        lsm::MIN_WORDS
    );
    if scored.len() >= 2 {
        let high = scored
            .iter()
            .copied()
            .reduce(|x, y| if y.1 > x.1 { y } else { x })
            .expect("not empty");
        let low = scored
            .iter()
            .copied()
            .reduce(|x, y| if y.1 < x.1 { y } else { x })
            .expect("not empty");
        text.push_str(&format!(
            "; highest {:.2} in {}, lowest {:.2} in {}",
            high.1,
            label(analysis, high.0),
            low.1,
            label(analysis, low.0)
        ));
    }
    text.push_str(". It measures how alike two people write, not how kind they are.");
    Some(text)
}

fn rhythm(analysis: &Analysis) -> Option<Section> {
    let total: u64 = analysis.hours.iter().flatten().sum();
    if total == 0 {
        return None;
    }
    let by_day: Vec<u64> = analysis.hours.iter().map(|row| row.iter().sum()).collect();
    let by_hour: Vec<u64> = (0..24)
        .map(|hour| analysis.hours.iter().map(|row| row[hour]).sum())
        .collect();
    let day = argmax(&by_day);
    let hour = argmax(&by_hour);
    Some(Section {
        title: "When you write".into(),
        blocks: vec![Block::Text(format!(
            "Most timed messages were sent on {}s ({} of {}) and in the hour from {hour:02}:00 \
             ({}).",
            WEEKDAYS[day],
            percent(by_day[day], total),
            count(total),
            percent(by_hour[hour], total)
        ))],
    })
}

/// Index of the largest value; ties to the first.
fn argmax(values: &[u64]) -> usize {
    let mut best = 0;
    for (index, &value) in values.iter().enumerate() {
        if value > values[best] {
            best = index;
        }
    }
    best
}

fn journal(analysis: &Analysis) -> Section {
    let mut blocks = vec![Block::Text(format!(
        "Where each category is highest, among weekdays and calendar months with at least {} \
         words.",
        count(MIN_WORDS)
    ))];
    let mut items = Vec::new();
    for category in &analysis.categories {
        let mut parts = Vec::new();
        if let Some((day, value)) = category.weekday {
            parts.push(format!("on {}s ({})", WEEKDAYS[day], rate(value)));
        }
        if let Some((month, value)) = category.month {
            parts.push(format!("in {} ({})", MONTHS[month], rate(value)));
        }
        if !parts.is_empty() {
            items.push(format!(
                "{} is highest {}, against {} overall.",
                category.name,
                parts.join(" and "),
                rate(category.rate)
            ));
        }
    }
    if items.is_empty() {
        blocks.push(Block::Text(
            "No weekday or month has enough words and hits to rank.".into(),
        ));
    } else {
        blocks.push(Block::List(items));
    }
    Section {
        title: "Weekdays and months".into(),
        blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(count(0), "0");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(rate(12.345), "12.3");
        assert_eq!(rate(0.456), "0.46");
        assert_eq!(signed(-2.04), "−2.0");
        assert_eq!(duration(45.0), "45 s");
        assert_eq!(duration(300.0), "5 min");
        assert_eq!(duration(4800.0), "1 h 20 min");
        assert_eq!(duration(3600.0), "1 h");
        assert_eq!(duration(90000.0), "1 d 1 h");
        assert_eq!(names(&[]), "");
        assert_eq!(
            short_entry("you (always|never) (do|say|make|forget)"),
            "you (always|never) (…)"
        );
    }
}
