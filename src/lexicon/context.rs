//! The message a passage answers, for `{restates}` entries: a reflection ("so you're saying
//! he left?") counts as listening only when it takes up the other person's own words.

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

/// The message a passage answers (in a chat: the last message of another author); its
/// content words are read only when a `{restates}` entry first asks.
#[derive(Debug, Default)]
pub struct Context<'a> {
    message: Option<&'a str>,
    /// Stems of the message's content words, once read.
    words: Option<Vec<String>>,
}

impl<'a> Context<'a> {
    /// No message: `{restates}` entries never count.
    pub fn none() -> Self {
        Context::default()
    }

    pub fn of(message: Option<&'a str>) -> Self {
        Context {
            message,
            words: None,
        }
    }

    /// Whether a content word of the passage outside `[start, end)` (the reflective frame
    /// itself) has the stem of a content word of the message.
    pub fn is_restated(&mut self, tokens: &Tokens, start: usize, end: usize) -> bool {
        let Some(message) = self.message else {
            return false;
        };
        let words = self.words.get_or_insert_with(|| {
            let mut message_tokens = Tokens::new();
            message_tokens.tokenize(message);
            let mut words: Vec<String> = (0..message_tokens.len())
                .filter_map(|i| content_stem(&message_tokens, i))
                .map(str::to_owned)
                .collect();
            words.sort_unstable();
            words.dedup();
            words
        });
        (0..tokens.len())
            .filter(|index| !(start..end).contains(index))
            .filter_map(|index| content_stem(tokens, index))
            .any(|stem| {
                words
                    .binary_search_by(|word| word.as_str().cmp(stem))
                    .is_ok()
            })
    }
}

/// The stem of token `index` when it is a content word: a word of at least three letters that
/// is neither a function word nor a vague one.
fn content_stem(tokens: &Tokens, index: usize) -> Option<&str> {
    let key = tokens.key(index);
    let content = key.len() >= MIN_LETTERS
        && tokens.kind(index) == TokenKind::Word
        && key.chars().count() >= MIN_LETTERS
        && !is_vague(key)
        && english().classes_of(key) == 0;
    content.then(|| stem(key))
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
        Context::of(Some(message)).is_restated(&tokens, frame.start, frame.end)
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
    fn no_message_restates_nothing() {
        let mut tokens = Tokens::new();
        tokens.tokenize("so you're saying he left?");
        assert!(!Context::none().is_restated(&tokens, 0, 3));
    }
}
