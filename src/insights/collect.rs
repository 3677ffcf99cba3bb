//! What `insights` and `report` count beyond `trends`, gathered only when asked for.
//!
//! `trends` and `tag` never build any of this, so their speed is untouched. [`Detail`] is
//! integer counts that merge in any grouping, like [`crate::aggregate::Counts`]; the one
//! ordered piece, a conversation's turn-taking, is glued in source order by [`Collector`]
//! and settled into counts when its source ends.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::conversation::{Conversation, Message, Timing};
use super::function_words::{self, ClassCounts};
use crate::aggregate::{DayKey, weekday_index};
use crate::input::discover::Source;
use crate::lexicon::{CONFLICT, Language, Lexicon};
use crate::record::{Moment, Record, RecordKind};
use crate::tag::Tags;
use crate::text::Tokens;

/// Characters of context kept on each side of a quoted match (keyword in context).
const CONTEXT_CHARS: usize = 70;

/// What a run should collect besides the plain counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Wanted {
    /// Function words, hours, entries and turn-taking (`insights`, `report`).
    pub detail: bool,
    /// The passage with most hits per day and category (`--evidence`).
    pub quotes: bool,
}

/// A passage kept as an example of a category on a day.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Quote {
    pub hits: u64,
    pub source: String,
    pub line: u64,
    pub author: Option<String>,
    pub text: String,
}

impl Quote {
    /// More hits win; on a tie the earlier passage (by source, then line) stays.
    fn beats(&self, other: &Quote) -> bool {
        self.hits > other.hits
            || (self.hits == other.hits && (&self.source, self.line) < (&other.source, other.line))
    }
}

/// Extra counts for insights; merging is associative and commutative.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detail {
    /// Function-word class counts per day and author, for language style matching.
    pub function_words: BTreeMap<DayKey, ClassCounts>,
    /// Timed messages by weekday (Monday = 0) and hour.
    pub hours: [[u64; 24]; 7],
    /// Non-negated hits per day, category and the words matched (lowercase, one line),
    /// for the words behind a peak: "frustrated", not the entry "frustrat*".
    pub entries: BTreeMap<(Date, u32, String), u64>,
    /// With `--evidence`: the passage with most hits per day and category.
    pub quotes: BTreeMap<(Date, u32), Quote>,
    /// Reply times, bids and repairs of finished conversations.
    pub timing: Timing,
    /// Words per language set of the lexicon (`Tags::language`) that tagged them.
    pub languages: BTreeMap<usize, u64>,
}

impl Detail {
    pub fn merge(&mut self, other: Detail) {
        for (key, counts) in other.function_words {
            let held = self.function_words.entry(key).or_default();
            for (a, b) in held.iter_mut().zip(counts) {
                *a += b;
            }
        }
        for (row, other_row) in self.hours.iter_mut().zip(other.hours) {
            for (a, b) in row.iter_mut().zip(other_row) {
                *a += b;
            }
        }
        for (key, count) in other.entries {
            *self.entries.entry(key).or_default() += count;
        }
        for (set, words) in other.languages {
            *self.languages.entry(set).or_default() += words;
        }
        for (key, quote) in other.quotes {
            match self.quotes.get_mut(&key) {
                Some(held) if !quote.beats(held) => {}
                Some(held) => *held = quote,
                None => {
                    self.quotes.insert(key, quote);
                }
            }
        }
        self.timing.merge(other.timing);
    }

    /// Applies `rename` (one-to-one) to every author, and `redact` to quoted text.
    pub fn rename(
        self,
        rename: &dyn Fn(&str) -> String,
        redact: &dyn Fn(&str) -> String,
    ) -> Detail {
        Detail {
            function_words: self
                .function_words
                .into_iter()
                .map(|((date, author), counts)| ((date, author.map(|a| rename(&a))), counts))
                .collect(),
            quotes: self
                .quotes
                .into_iter()
                .map(|(key, quote)| {
                    let quote = Quote {
                        author: quote.author.map(|a| rename(&a)),
                        text: redact(&quote.text),
                        source: redact(&quote.source),
                        ..quote
                    };
                    (key, quote)
                })
                .collect(),
            timing: self.timing.rename(rename),
            ..self
        }
    }
}

/// What one chunk contributes.
#[derive(Debug, Default)]
pub struct ChunkPartial {
    pub detail: Detail,
    /// The chunk's turn-taking, one stretch per conversation in source order (a source may
    /// hold many, as a Telegram account export does).
    pub conversations: Vec<(u32, Conversation)>,
}

/// Fills a [`ChunkPartial`] record by record on a worker thread.
pub struct ChunkCollector {
    wanted: Wanted,
    partial: ChunkPartial,
    connection: Option<usize>,
    conflict: Option<usize>,
    repair: Option<usize>,
    source: String,
}

impl ChunkCollector {
    /// Adds one record; `tags` and `tokens` are its tagging when it is a language record.
    pub fn add(&mut self, record: &Record, tags: &Tags, tokens: &Tokens, rules: &Language) {
        if !self.wanted.detail || matches!(record.kind, RecordKind::System | RecordKind::Empty) {
            return;
        }
        let language = record.is_language();
        if language {
            *self
                .partial
                .detail
                .languages
                .entry(tags.language)
                .or_default() += tags.words;
        }
        let hits = |index: Option<usize>| {
            index
                .filter(|_| language)
                .and_then(|index| tags.hits.get(index).copied())
                .unwrap_or(0)
        };
        let detail = &mut self.partial.detail;
        if let Some(Moment::Time(at)) = record.when {
            detail.hours[weekday_index(at.weekday())][at.hour() as usize] += 1;
            if let Some(author) = &record.author {
                let bid = language && (is_question(&record.text) || hits(self.connection) > 0);
                let conversations = &mut self.partial.conversations;
                if conversations.last().map(|(id, _)| *id) != Some(record.conversation) {
                    conversations.push((record.conversation, Conversation::new()));
                }
                let (_, conversation) = conversations.last_mut().expect("pushed above");
                conversation.push(Message {
                    author: author.clone(),
                    at,
                    bid,
                    conflict: hits(self.conflict),
                    repair: hits(self.repair),
                });
            }
        }
        let (true, Some(when)) = (language, record.when) else {
            return;
        };
        let date = when.date();
        let mut classes = ClassCounts::default();
        function_words::count(tokens, rules, &mut classes);
        let held = detail
            .function_words
            .entry((date, record.author.clone()))
            .or_default();
        for (a, b) in held.iter_mut().zip(classes) {
            *a += b;
        }
        for found in tags.matches(&record.text).filter(|found| !found.negated) {
            let words = found
                .text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            *detail
                .entries
                .entry((date, found.category as u32, words))
                .or_default() += 1;
        }
        if self.wanted.quotes {
            for (category, &count) in tags.hits.iter().enumerate() {
                if count == 0 {
                    continue;
                }
                let Some(found) = tags
                    .matches(&record.text)
                    .find(|found| found.category == category && !found.negated)
                else {
                    continue;
                };
                let quote = Quote {
                    hits: count,
                    source: self.source.clone(),
                    line: record.line,
                    author: record.author.clone(),
                    text: in_context(&record.text, found.range),
                };
                let key = (date, category as u32);
                match detail.quotes.get_mut(&key) {
                    Some(held) if !quote.beats(held) => {}
                    Some(held) => *held = quote,
                    None => {
                        detail.quotes.insert(key, quote);
                    }
                }
            }
        }
    }

    pub fn finish(self) -> ChunkPartial {
        self.partial
    }
}

/// A question mark anywhere (ASCII, full-width, Arabic, Greek question mark).
fn is_question(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '?' | '？' | '؟' | '\u{37E}'))
}

/// The match at `range` of `text` with about [`CONTEXT_CHARS`] characters on each side, cut
/// at whole words and marked `…` where cut, on one line: the words that counted, in their
/// sentence, rather than whatever a passage happens to begin with.
fn in_context(text: &str, range: std::ops::Range<usize>) -> String {
    let before = &text[..range.start];
    let after = &text[range.end..];
    let mut start = before
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(index, _)| index);
    if start > 0 {
        // Start at the next word, so no word is cut in half.
        start = before[start..]
            .find(char::is_whitespace)
            .map_or(range.start, |space| start + space);
    }
    let mut end = after
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(text.len(), |(index, _)| range.end + index);
    if end < text.len() {
        end = text[..end]
            .rfind(char::is_whitespace)
            .filter(|&space| space >= range.end)
            .unwrap_or(range.end);
    }
    let flat = |part: &str| part.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut quote = flat(&text[start..end]);
    if start > 0 {
        quote.insert_str(0, "… ");
    }
    if end < text.len() {
        quote.push_str(" …");
    }
    quote
}

/// Gathers chunk partials in source order on the sink's thread.
#[derive(Debug, Default)]
pub struct Collector {
    wanted: Wanted,
    connection: Option<usize>,
    conflict: Option<usize>,
    repair: Option<usize>,
    pub detail: Detail,
    /// The conversation being read: [`Source::conversation`] and the number within the
    /// source, and its turn-taking so far.
    current: Option<((String, u32), Conversation)>,
}

impl Collector {
    pub fn new(wanted: Wanted, lexicon: &Lexicon) -> Collector {
        Collector {
            wanted,
            connection: lexicon.index_of("connection"),
            conflict: lexicon.index_of(CONFLICT),
            repair: lexicon.index_of("repair"),
            ..Collector::default()
        }
    }

    /// A collector for one chunk of `source`.
    pub fn chunk(&self, source: &Source) -> ChunkCollector {
        ChunkCollector {
            wanted: self.wanted,
            partial: ChunkPartial::default(),
            connection: self.connection,
            conflict: self.conflict,
            repair: self.repair,
            source: source.name.clone(),
        }
    }

    /// Takes the next chunk's partial; chunks arrive in source order.
    pub fn accept(&mut self, source: &Source, partial: ChunkPartial) {
        self.detail.merge(partial.detail);
        if !self.wanted.detail {
            return;
        }
        for (id, stretch) in partial.conversations {
            match &mut self.current {
                Some(((name, current), conversation))
                    if name == source.conversation() && *current == id =>
                {
                    conversation.append(stretch);
                }
                _ => {
                    self.end_conversation();
                    self.current = Some(((source.conversation().to_owned(), id), stretch));
                }
            }
        }
    }

    fn end_conversation(&mut self) {
        if let Some((_, conversation)) = self.current.take() {
            self.detail.timing.merge(conversation.finish());
        }
    }

    /// The merged detail.
    pub fn finish(mut self) -> Detail {
        self.end_conversation();
        self.detail
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_in_several_scripts() {
        assert!(is_question("are you ok?"));
        assert!(is_question("大丈夫？"));
        assert!(!is_question("I'm fine; thanks."));
    }

    #[test]
    fn quotes_are_a_window_around_the_match() {
        assert_eq!(in_context("a\n  thank you\tc", 5..14), "a thank you c");
        let filler = "blah ".repeat(40);
        let text = format!("{filler}and then I said thank you so much to her {filler}");
        let at = text.find("thank you so much").unwrap();
        let quote = in_context(&text, at..at + "thank you so much".len());
        assert!(quote.starts_with("… blah"), "{quote}");
        assert!(quote.ends_with("blah …"), "{quote}");
        assert!(quote.contains("I said thank you so much to her"), "{quote}");
        assert!(quote.chars().count() <= 2 * CONTEXT_CHARS + 30, "{quote}");
        assert!(
            quote.split(' ').all(|word| [
                "…", "blah", "and", "then", "I", "said", "thank", "you", "so", "much", "to", "her"
            ]
            .contains(&word)),
            "whole words only: {quote}"
        );
    }
}
