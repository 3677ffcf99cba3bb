//! The message a passage answers, for `{restates}` entries: a reflection ("so you're saying
//! he left?") counts as listening only when it takes up the other person's own words.

use rustc_hash::FxHashSet;

use super::LeadBytes;
use crate::lexicon::language::english;
use crate::text::{TokenKind, Tokens};

/// Content words shorter than this are too often incidental ("ok", "go") to show restating.
const MIN_LETTERS: usize = 3;

/// Frequent words that function words do not cover but that restate nothing on their own.
fn is_vague(key: &str) -> bool {
    matches!(
        key,
        "yeah"
            | "yes"
            | "okay"
            | "lol"
            | "get"
            | "got"
            | "getting"
            | "make"
            | "made"
            | "thing"
            | "things"
            | "something"
            | "anything"
            | "everything"
            | "nothing"
            | "way"
            | "lot"
            | "lots"
            | "kind"
            | "sort"
            | "know"
            | "think"
            | "thought"
            | "feel"
            | "feeling"
            | "say"
            | "said"
            | "saying"
            | "sounds"
            | "mean"
            | "want"
            | "like"
            | "really"
            | "right"
            | "well"
            | "good"
            | "bad"
            | "time"
            | "now"
            | "still"
            | "even"
    )
}

/// The content words of the message read last, kept from passage to passage: a run of
/// messages from one person all answer the same message, which is then read once.
#[derive(Debug, Default)]
pub struct Answered {
    /// The message the words are of (compared by content: a message's address may be reused).
    text: String,
    tokens: Tokens,
    /// Stems of its content words.
    words: FxHashSet<String>,
    /// First bytes of those stems: a passage word starting with another byte restates none
    /// of them, and is not looked at further.
    leads: LeadBytes,
    /// The passage tagged before the current one, with its tokens: in a chat it is usually
    /// the message the current one answers, which is then not tokenized again.
    last_passage: String,
    last_tokens: Tokens,
}

impl Answered {
    /// Takes `tokens`, those of the passage tagged last (see [`Answered::passage_done`]),
    /// leaving the buffer they replace for the next passage.
    pub fn passage_starts(&mut self, tokens: &mut Tokens) {
        std::mem::swap(tokens, &mut self.last_tokens);
    }

    /// Keeps the text of the passage just tagged, whose tokens come with the next
    /// [`Answered::passage_starts`].
    pub fn passage_done(&mut self, text: &str) {
        self.last_passage.clear();
        self.last_passage.push_str(text);
    }

    fn words_of(&mut self, message: &str) -> &Self {
        if self.text != message {
            let tokens = if self.last_passage == message {
                &self.last_tokens
            } else {
                self.tokens.tokenize(message);
                &self.tokens
            };
            self.words.clear();
            self.words.extend(
                (0..tokens.len())
                    .filter_map(|i| content_stem(tokens, i))
                    .map(str::to_owned),
            );
            self.leads = LeadBytes::default();
            for word in &self.words {
                self.leads.insert(word);
            }
            self.text.clear();
            self.text.push_str(message);
        }
        self
    }
}

/// The message a passage answers (in a chat: the last message of another author); its
/// content words are read only when a `{restates}` entry first asks.
#[derive(Debug)]
pub struct Context<'a> {
    message: Option<&'a str>,
    answered: &'a mut Answered,
}

impl<'a> Context<'a> {
    /// `message` is `None` when the passage answers nothing: `{restates}` entries never
    /// count then.
    pub fn of(message: Option<&'a str>, answered: &'a mut Answered) -> Self {
        Context { message, answered }
    }

    /// Whether a content word of the passage outside `[start, end)` (the reflective frame
    /// itself) has the stem of a content word of the message.
    pub fn is_restated(&mut self, tokens: &Tokens, start: usize, end: usize) -> bool {
        let Some(message) = self.message else {
            return false;
        };
        let answered = self.answered.words_of(message);
        // The stem is looked up first: few passage words share one with the message, and only
        // those are then checked for being content words.
        !answered.words.is_empty()
            && (0..tokens.len()).any(|index| {
                let key = tokens.key(index);
                !(start..end).contains(&index)
                    && answered.leads.may_start(key)
                    && answered.words.contains(stem(key))
                    && is_content(tokens, index)
            })
    }
}

/// Whether token `index` is a content word: a word of at least three letters that is neither
/// a function word nor a vague one.
fn is_content(tokens: &Tokens, index: usize) -> bool {
    let key = tokens.key(index);
    key.len() >= MIN_LETTERS
        && tokens.kind(index) == TokenKind::Word
        && key.chars().count() >= MIN_LETTERS
        && !is_vague(key)
        && english().classes_of(tokens, index) == 0
}

/// The stem of token `index` when it is a content word.
fn content_stem(tokens: &Tokens, index: usize) -> Option<&str> {
    is_content(tokens, index).then(|| stem(tokens.key(index)))
}

/// Drops one common ending so that "leaving" meets "leave", "worried" "worry" and "jobs" "job";
/// a crude stemmer is enough to see that a reply takes up the other's word.
fn stem(word: &str) -> &str {
    for suffix in ["ied", "ies", "ing", "ed", "es", "s", "e", "y"] {
        if let Some(rest) = word.strip_suffix(suffix)
            && rest.chars().count() >= MIN_LETTERS
        {
            return rest;
        }
    }
    word
}

#[cfg(test)]
mod tests {
    use super::*;

    fn restated(passage: &str, frame: std::ops::Range<usize>, message: &str) -> bool {
        let mut tokens = Tokens::new();
        tokens.tokenize(passage);
        Context::of(Some(message), &mut Answered::default()).is_restated(
            &tokens,
            frame.start,
            frame.end,
        )
    }

    #[test]
    fn a_shared_content_word_outside_the_frame_restates() {
        assert!(restated(
            "so you're saying he left?",
            0..3,
            "he left me yesterday"
        ));
        assert!(!restated(
            "so you're saying he left?",
            0..3,
            "I got a new job today"
        ));
    }

    #[test]
    fn function_words_and_the_frame_itself_do_not_count() {
        assert!(
            !restated("so you're saying he is", 0..3, "saying he is my friend"),
            "'saying' is the frame, 'he' and 'is' are function words"
        );
        assert!(!restated("you mean it?", 0..2, "I mean it"));
    }

    #[test]
    fn endings_are_ignored() {
        assert!(restated("you mean you are worried?", 0..2, "I worry a lot"));
        assert!(restated(
            "so you're leaving?",
            0..2,
            "I think I will leave him"
        ));
    }

    #[test]
    fn the_words_kept_are_those_of_the_message_asked_about() {
        let mut answered = Answered::default();
        let mut tokens = Tokens::new();
        tokens.tokenize("so you're saying he left?");
        assert!(Context::of(Some("he left me"), &mut answered).is_restated(&tokens, 0, 3));
        assert!(!Context::of(Some("a new job"), &mut answered).is_restated(&tokens, 0, 3));
        assert!(Context::of(Some("he left me"), &mut answered).is_restated(&tokens, 0, 3));
    }

    #[test]
    fn the_passage_before_stands_for_the_message_only_when_it_is_that_message() {
        let mut answered = Answered::default();
        let mut tokens = Tokens::new();
        tokens.tokenize("he left me yesterday");
        answered.passage_done("he left me yesterday");
        answered.passage_starts(&mut tokens);
        tokens.tokenize("so you're saying he left?");
        assert!(
            Context::of(Some("he left me yesterday"), &mut answered).is_restated(&tokens, 0, 3)
        );
        assert!(
            !Context::of(Some("I got a new job today"), &mut answered).is_restated(&tokens, 0, 3)
        );
    }

    #[test]
    fn no_message_restates_nothing() {
        let mut tokens = Tokens::new();
        tokens.tokenize("so you're saying he left?");
        assert!(!Context::of(None, &mut Answered::default()).is_restated(&tokens, 0, 3));
    }
}
