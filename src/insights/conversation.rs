//! Turn-taking in one conversation: reply times, bids answered, and who repairs first.
//!
//! These need messages in order, so a conversation is folded left to right. Chunks of one
//! source are summarised on worker threads and glued with [`Conversation::append`], which
//! is associative: cutting a conversation anywhere gives the same result as reading it
//! whole. Only the ends of a chunk (its first two turns and its last one, its unanswered
//! bids) and its sparse conflict and repair events are kept, never its messages. When the
//! conversation ends, [`Conversation::finish`] turns what is left into integer counts that
//! merge in any order ([`Timing`]). Reply pairs therefore need a whole conversation in one
//! shard.

use std::collections::BTreeMap;

use jiff::civil::DateTime;

/// A bid counts as answered when the other person writes within this many seconds.
pub const BID_WINDOW_SECS: i64 = 60 * 60;
/// A message after a longer silence starts a new exchange rather than replying.
pub const REPLY_WINDOW_SECS: i64 = 24 * 60 * 60;
/// A day with at least this many conflict hits in one conversation is conflict-heavy.
pub const CONFLICT_HEAVY_HITS: u64 = 2;
/// How long after a conflict-heavy day's last conflict message a repair still counts.
pub const REPAIR_WINDOW_SECS: i64 = 48 * 60 * 60;

/// One timed message as turn-taking sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub author: String,
    pub at: DateTime,
    /// A question or a check-in: a bid for the other's attention.
    pub bid: bool,
    pub conflict: u64,
    pub repair: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Turn {
    author: String,
    at: DateTime,
}

/// A message with conflict or repair language, kept for "who repairs first".
#[derive(Debug, Clone, PartialEq, Eq)]
struct Event {
    author: String,
    at: DateTime,
    conflict: u64,
    repair: u64,
}

/// Bids one author made, and how many of them the other side answered within the hour.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Bids {
    pub made: u64,
    pub answered: u64,
}

/// Finished turn-taking counts: integers keyed by author, merged in any order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timing {
    /// Exact reply-latency histogram per replying author: seconds → replies.
    pub replies: BTreeMap<String, BTreeMap<u32, u64>>,
    pub bids: BTreeMap<String, Bids>,
    /// After each conflict-heavy day, who used repair language first.
    pub repaired_first: BTreeMap<String, u64>,
    /// Conflict-heavy days (counted per conversation).
    pub conflict_days: u64,
    /// Conflict-heavy days after which nobody used repair language within the window.
    pub unrepaired: u64,
}

impl Timing {
    pub fn merge(&mut self, other: Timing) {
        for (author, histogram) in other.replies {
            let held = self.replies.entry(author).or_default();
            for (seconds, count) in histogram {
                *held.entry(seconds).or_default() += count;
            }
        }
        for (author, bids) in other.bids {
            let held = self.bids.entry(author).or_default();
            held.made += bids.made;
            held.answered += bids.answered;
        }
        for (author, count) in other.repaired_first {
            *self.repaired_first.entry(author).or_default() += count;
        }
        self.conflict_days += other.conflict_days;
        self.unrepaired += other.unrepaired;
    }

    /// Applies `rename` (one-to-one) to every author key, for `--anonymize`.
    pub fn rename(self, rename: &dyn Fn(&str) -> String) -> Timing {
        Timing {
            replies: self
                .replies
                .into_iter()
                .map(|(author, histogram)| (rename(&author), histogram))
                .collect(),
            bids: self
                .bids
                .into_iter()
                .map(|(author, bids)| (rename(&author), bids))
                .collect(),
            repaired_first: self
                .repaired_first
                .into_iter()
                .map(|(author, count)| (rename(&author), count))
                .collect(),
            ..self
        }
    }

    fn reply(&mut self, author: &str, seconds: i64) {
        if (0..=REPLY_WINDOW_SECS).contains(&seconds) {
            *self
                .replies
                .entry(author.to_owned())
                .or_default()
                .entry(seconds as u32)
                .or_default() += 1;
        }
    }

    fn bid_outcome(&mut self, author: &str, answered: bool) {
        let bids = self.bids.entry(author.to_owned()).or_default();
        bids.made += 1;
        bids.answered += u64::from(answered);
    }
}

/// The summary of a stretch of one conversation, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conversation {
    /// The first turn, and the first turn by anyone else after it.
    first: Option<Turn>,
    second: Option<Turn>,
    last: Option<Turn>,
    /// Bids in the final run of `last.author`'s messages: nobody else has written since.
    open_bids: Vec<DateTime>,
    events: Vec<Event>,
    /// Replies and bids settled inside this stretch.
    timing: Timing,
}

impl Conversation {
    pub fn new() -> Conversation {
        Conversation::default()
    }

    /// Adds the next message.
    pub fn push(&mut self, message: Message) {
        let Message {
            author,
            at,
            bid,
            conflict,
            repair,
        } = message;
        if conflict > 0 || repair > 0 {
            self.events.push(Event {
                author: author.clone(),
                at,
                conflict,
                repair,
            });
        }
        let changed = self.last.as_ref().is_some_and(|last| last.author != author);
        if let Some(last) = &self.last
            && changed
        {
            self.timing.reply(&author, seconds_between(last.at, at));
            let bidder = last.author.clone();
            for bid_at in std::mem::take(&mut self.open_bids) {
                let answered = seconds_between(bid_at, at) <= BID_WINDOW_SECS;
                self.timing.bid_outcome(&bidder, answered);
            }
        }
        match &self.first {
            None => {
                self.first = Some(Turn {
                    author: author.clone(),
                    at,
                });
            }
            Some(first) if self.second.is_none() && first.author != author => {
                self.second = Some(Turn {
                    author: author.clone(),
                    at,
                });
            }
            Some(_) => {}
        }
        if bid {
            self.open_bids.push(at);
        }
        match &mut self.last {
            Some(last) if !changed => last.at = at,
            _ => self.last = Some(Turn { author, at }),
        }
    }

    /// Appends the stretch that follows this one; `a.append(b)` then `.append(c)` equals
    /// `a.append(b.append(c))`, and equals pushing every message into one value.
    pub fn append(&mut self, mut next: Conversation) {
        let Some(last) = self.last.take() else {
            // Nothing here yet: the next stretch is the whole story (plus settled counts).
            self.timing.merge(std::mem::take(&mut next.timing));
            let timing = std::mem::take(&mut self.timing);
            *self = next;
            self.timing = timing;
            return;
        };
        let Some(next_first) = next.first.take() else {
            self.last = Some(last);
            return;
        };
        // The first message in `next` by someone other than `last.author` settles the
        // open bids and, if it is `next`'s very first, is a reply to `last`.
        let replies = next_first.author != last.author;
        let answer = if replies {
            Some(&next_first)
        } else {
            next.second.as_ref()
        };
        match answer {
            Some(answer) => {
                if replies {
                    self.timing
                        .reply(&answer.author, seconds_between(last.at, answer.at));
                }
                for bid_at in std::mem::take(&mut self.open_bids) {
                    let answered = seconds_between(bid_at, answer.at) <= BID_WINDOW_SECS;
                    self.timing.bid_outcome(&last.author, answered);
                }
                self.open_bids = next.open_bids;
            }
            // `next` is all by `last.author`: their run goes on, and so do their bids.
            None => self.open_bids.extend(next.open_bids),
        }
        if self.second.is_none() {
            let first_author = &self.first.as_ref().expect("has a last, so a first").author;
            self.second = if &next_first.author != first_author {
                Some(next_first.clone())
            } else {
                next.second.clone()
            };
        }
        self.last = next.last.take();
        self.events.append(&mut next.events);
        self.timing.merge(next.timing);
    }

    /// Ends the conversation: open bids go unanswered, conflict-heavy days are settled.
    pub fn finish(mut self) -> Timing {
        if let Some(last) = &self.last {
            for _ in 0..self.open_bids.len() {
                self.timing.bid_outcome(&last.author, false);
            }
        }
        repairs(&self.events, &mut self.timing);
        self.timing
    }
}

fn seconds_between(from: DateTime, to: DateTime) -> i64 {
    from.duration_until(to).as_secs()
}

/// For each conflict-heavy day, credits whoever first used repair language after that
/// day's last conflict message, within [`REPAIR_WINDOW_SECS`].
fn repairs(events: &[Event], timing: &mut Timing) {
    let mut index = 0;
    while index < events.len() {
        let day = events[index].at.date();
        let mut conflict = 0;
        let mut last_conflict = None;
        let mut end = index;
        while end < events.len() && events[end].at.date() == day {
            if events[end].conflict > 0 {
                conflict += events[end].conflict;
                last_conflict = Some(end);
            }
            end += 1;
        }
        if conflict >= CONFLICT_HEAVY_HITS
            && let Some(last) = last_conflict
        {
            timing.conflict_days += 1;
            let after = events[last].at;
            let repairer = events[last + 1..]
                .iter()
                .take_while(|event| seconds_between(after, event.at) <= REPAIR_WINDOW_SECS)
                .find(|event| event.repair > 0 && event.at > after);
            match repairer {
                Some(event) => {
                    *timing
                        .repaired_first
                        .entry(event.author.clone())
                        .or_default() += 1;
                }
                None => timing.unrepaired += 1,
            }
        }
        index = end;
    }
}

/// The median of an exact histogram (mean of the two middle values for an even count).
pub fn median(histogram: &BTreeMap<u32, u64>) -> Option<f64> {
    let total: u64 = histogram.values().sum();
    if total == 0 {
        return None;
    }
    // 1-based ranks of the two middle values (the same one for an odd total).
    let low_rank = total.div_ceil(2);
    let high_rank = total / 2 + 1;
    let mut seen = 0;
    let mut low = None;
    for (&value, &count) in histogram {
        seen += count;
        if low.is_none() && seen >= low_rank {
            low = Some(value);
        }
        if seen >= high_rank {
            let low = low.expect("low rank is reached first");
            return Some((f64::from(low) + f64::from(value)) / 2.0);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// A message on 2024-03-`day` at `hour`:`minute`.
    fn msg(author: &str, day: i8, hour: i8, minute: i8) -> Message {
        Message {
            author: author.to_owned(),
            at: date(2024, 3, day).at(hour, minute, 0, 0),
            bid: false,
            conflict: 0,
            repair: 0,
        }
    }

    fn bid(message: Message) -> Message {
        Message {
            bid: true,
            ..message
        }
    }

    fn with(message: Message, conflict: u64, repair: u64) -> Message {
        Message {
            conflict,
            repair,
            ..message
        }
    }

    fn whole(messages: &[Message]) -> Timing {
        let mut conversation = Conversation::new();
        for message in messages {
            conversation.push(message.clone());
        }
        conversation.finish()
    }

    fn minutes(timing: &Timing, author: &str) -> Vec<u32> {
        timing.replies[author]
            .iter()
            .flat_map(|(&seconds, &count)| std::iter::repeat_n(seconds / 60, count as usize))
            .collect()
    }

    fn sample() -> Vec<Message> {
        vec![
            bid(msg("Ana", 1, 9, 0)),   // question
            msg("Ana", 1, 9, 1),        // same author: no reply
            msg("Ben", 1, 9, 11),       // Ben replies after 10 min; answers the bid
            bid(msg("Ben", 1, 9, 12)),  // Ben asks
            msg("Ana", 1, 11, 12),      // Ana replies after 2 h: bid not answered in time
            bid(msg("Ana", 1, 11, 13)), // Ana asks
            msg("Ben", 1, 11, 43),      // 30 min: answered
            with(msg("Ana", 2, 20, 0), 1, 0),
            with(msg("Ben", 2, 20, 5), 1, 0), // conflict-heavy day: 2 hits
            with(msg("Ben", 3, 8, 0), 0, 1),  // Ben repairs first, next morning
            with(msg("Ana", 3, 8, 3), 0, 1),
            bid(msg("Ana", 9, 8, 0)), // six days later: not a reply; bid never answered
        ]
    }

    #[test]
    fn replies_are_timed_per_replier_within_a_day() {
        let timing = whole(&sample());
        assert_eq!(
            minutes(&timing, "Ben"),
            [5, 10, 30],
            "20:05 is 5 min after 20:00"
        );
        // Ana: 2 h after Ben, 3 min after Ben's repair. Her 2 March message comes 32 h
        // after Ben's last one (past the 24 h window), and her 9 March one follows her own.
        assert_eq!(minutes(&timing, "Ana"), [3, 120]);
        assert_eq!(median(&timing.replies["Ben"]), Some(600.0));
        assert_eq!(median(&timing.replies["Ana"]), Some((180.0 + 7200.0) / 2.0));
    }

    #[test]
    fn bids_answered_within_the_hour() {
        let timing = whole(&sample());
        assert_eq!(
            timing.bids["Ana"],
            Bids {
                made: 3,
                answered: 2
            }
        );
        assert_eq!(
            timing.bids["Ben"],
            Bids {
                made: 1,
                answered: 0
            }
        );
    }

    #[test]
    fn first_repair_after_a_conflict_heavy_day() {
        let timing = whole(&sample());
        assert_eq!(timing.conflict_days, 1);
        assert_eq!(timing.repaired_first["Ben"], 1);
        assert!(!timing.repaired_first.contains_key("Ana"));
        assert_eq!(timing.unrepaired, 0);

        // One conflict hit is not a heavy day; a heavy day with no repair is unrepaired.
        let timing = whole(&[
            with(msg("Ana", 1, 9, 0), 1, 0),
            with(msg("Ana", 4, 9, 0), 3, 0),
            with(msg("Ben", 7, 9, 0), 0, 1),
        ]);
        assert_eq!(timing.conflict_days, 1);
        assert_eq!(
            timing.unrepaired, 1,
            "three days later is past the 48 h window"
        );
    }

    #[test]
    fn any_cut_gives_the_same_counts_as_one_pass() {
        let messages = sample();
        let expected = whole(&messages);
        for cut in 0..=messages.len() {
            for cut2 in cut..=messages.len() {
                let part = |range: &[Message]| {
                    let mut conversation = Conversation::new();
                    for message in range {
                        conversation.push(message.clone());
                    }
                    conversation
                };
                let (a, b, c) = (
                    part(&messages[..cut]),
                    part(&messages[cut..cut2]),
                    part(&messages[cut2..]),
                );
                let mut left = a.clone();
                left.append(b.clone());
                left.append(c.clone());
                assert_eq!(left.finish(), expected, "(a+b)+c at {cut},{cut2}");
                let mut right = b;
                right.append(c);
                let mut left = a;
                left.append(right);
                assert_eq!(left.finish(), expected, "a+(b+c) at {cut},{cut2}");
            }
        }
    }

    #[test]
    fn median_of_histograms() {
        let histogram = |pairs: &[(u32, u64)]| pairs.iter().copied().collect();
        assert_eq!(median(&histogram(&[])), None);
        assert_eq!(median(&histogram(&[(60, 1)])), Some(60.0));
        assert_eq!(median(&histogram(&[(60, 1), (120, 1)])), Some(90.0));
        assert_eq!(median(&histogram(&[(60, 2), (600, 1)])), Some(60.0));
        assert_eq!(median(&histogram(&[(10, 1), (20, 1), (30, 2)])), Some(25.0));
    }
}
