//! Function-word classes for language style matching (after Ireland & Pennebaker, 2010).
//!
//! The lists are this project's own, written from ordinary English grammar (LIWC's are
//! proprietary). A word may belong to more than one class, as LIWC's do: `don't` is an
//! auxiliary verb and a negation, `I'm` a personal pronoun and an auxiliary verb. Early
//! modern forms (thee, thou, hath, doth) are included because diaries such as Pepys's use
//! them.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::text::{TokenKind, Tokens};

/// The nine classes, in the order their counts are kept.
pub const CLASSES: [&str; 9] = [
    "personal pronouns",
    "impersonal pronouns",
    "articles",
    "prepositions",
    "auxiliary verbs",
    "adverbs",
    "conjunctions",
    "negations",
    "quantifiers",
];

/// Counts per class.
pub type ClassCounts = [u64; CLASSES.len()];

const PERSONAL: &[&str] = &[
    "i",
    "me",
    "my",
    "mine",
    "myself",
    "we",
    "us",
    "our",
    "ours",
    "ourselves",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
    "i'm",
    "i've",
    "i'll",
    "i'd",
    "we're",
    "we've",
    "we'll",
    "we'd",
    "you're",
    "you've",
    "you'll",
    "you'd",
    "he's",
    "he'll",
    "he'd",
    "she's",
    "she'll",
    "she'd",
    "they're",
    "they've",
    "they'll",
    "they'd",
    "im",
    "ive",
    "youre",
    "u",
    "ur",
    "ya",
    "thee",
    "thou",
    "thy",
    "thine",
    "ye",
];

const IMPERSONAL: &[&str] = &[
    "it",
    "its",
    "itself",
    "it's",
    "it'll",
    "it'd",
    "this",
    "that",
    "these",
    "those",
    "that's",
    "something",
    "anything",
    "everything",
    "nothing",
    "someone",
    "anyone",
    "everyone",
    "somebody",
    "anybody",
    "everybody",
    "nobody",
    "what",
    "what's",
    "which",
    "who",
    "whom",
    "whose",
    "who's",
    "whatever",
    "whichever",
    "whoever",
    "stuff",
    "thing",
    "things",
];

const ARTICLES: &[&str] = &["a", "an", "the"];

const PREPOSITIONS: &[&str] = &[
    "about",
    "above",
    "across",
    "after",
    "against",
    "along",
    "amid",
    "among",
    "around",
    "at",
    "before",
    "behind",
    "below",
    "beneath",
    "beside",
    "besides",
    "between",
    "beyond",
    "by",
    "despite",
    "down",
    "during",
    "except",
    "for",
    "from",
    "in",
    "inside",
    "into",
    "near",
    "of",
    "off",
    "on",
    "onto",
    "out",
    "outside",
    "over",
    "past",
    "per",
    "since",
    "through",
    "throughout",
    "till",
    "to",
    "toward",
    "towards",
    "under",
    "underneath",
    "until",
    "unto",
    "up",
    "upon",
    "via",
    "with",
    "within",
    "without",
];

const AUXILIARY: &[&str] = &[
    "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "having", "do",
    "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must",
    "hath", "doth", "didst", "wilt", "shalt", "i'm", "i've", "i'll", "i'd", "we're", "we've",
    "we'll", "we'd", "you're", "you've", "you'll", "you'd", "he's", "she's", "it's", "that's",
    "they're", "they've", "they'll", "there's", "what's", "who's", "im", "ive", "youre", "gonna",
    "wanna", "gotta",
];

const ADVERBS: &[&str] = &[
    "very",
    "really",
    "so",
    "too",
    "just",
    "also",
    "only",
    "even",
    "still",
    "already",
    "almost",
    "always",
    "often",
    "sometimes",
    "usually",
    "rarely",
    "seldom",
    "quite",
    "rather",
    "here",
    "there",
    "now",
    "then",
    "again",
    "ever",
    "soon",
    "maybe",
    "perhaps",
    "probably",
    "actually",
    "especially",
    "simply",
    "well",
    "back",
    "away",
    "once",
    "how",
    "when",
    "where",
    "why",
    "exactly",
    "totally",
    "completely",
    "certainly",
    "definitely",
    "indeed",
    "nearly",
    "anyway",
    "instead",
    "later",
    "today",
    "tonight",
    "tomorrow",
    "yesterday",
    "pretty",
    "literally",
    "honestly",
    "seriously",
    "fairly",
    "somewhat",
    "hardly",
    "barely",
    "thus",
    "hence",
    "therefore",
];

const CONJUNCTIONS: &[&str] = &[
    "and",
    "but",
    "or",
    "nor",
    "because",
    "cause",
    "cos",
    "although",
    "though",
    "while",
    "whilst",
    "whereas",
    "if",
    "unless",
    "whether",
    "as",
    "than",
    "either",
    "plus",
    "however",
    "otherwise",
    "meanwhile",
    "yet",
    "&",
];

/// Negated auxiliaries, with or without the apostrophe, count as both auxiliary verbs and
/// negations, as in LIWC.
const NEGATED_AUXILIARIES: &[&str] = &[
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "haven't",
    "hasn't",
    "hadn't",
    "don't",
    "doesn't",
    "didn't",
    "won't",
    "wouldn't",
    "shan't",
    "shouldn't",
    "can't",
    "couldn't",
    "mightn't",
    "mustn't",
    "dont",
    "didnt",
    "doesnt",
    "cant",
    "wont",
    "isnt",
];

const NEGATIONS: &[&str] = &[
    "no", "not", "never", "none", "nobody", "nothing", "nowhere", "neither", "nor", "cannot",
    "nope", "nah", "ain't",
];

const QUANTIFIERS: &[&str] = &[
    "all", "any", "some", "many", "much", "more", "most", "less", "least", "few", "fewer",
    "several", "each", "every", "both", "enough", "lot", "lots", "half", "whole", "plenty",
    "little", "bit", "couple", "various", "numerous", "loads", "tons", "twice", "entire",
    "another", "other", "others",
];

/// Word → bit mask of its classes.
static CLASS_OF: LazyLock<HashMap<&'static str, u16>> = LazyLock::new(|| {
    let lists: [&[&[&str]]; CLASSES.len()] = [
        &[PERSONAL],
        &[IMPERSONAL],
        &[ARTICLES],
        &[PREPOSITIONS],
        &[AUXILIARY, NEGATED_AUXILIARIES],
        &[ADVERBS],
        &[CONJUNCTIONS],
        &[NEGATIONS, NEGATED_AUXILIARIES],
        &[QUANTIFIERS],
    ];
    let mut map = HashMap::new();
    for (class, parts) in lists.iter().enumerate() {
        for word in parts.iter().copied().flatten() {
            *map.entry(*word).or_insert(0u16) |= 1 << class;
        }
    }
    map
});

/// The classes `key` (a normalised token) belongs to, as a bit mask.
pub fn classes_of(key: &str) -> u16 {
    CLASS_OF.get(key).copied().unwrap_or(0)
}

/// Adds the function words of a tokenized passage to `counts`.
pub fn count(tokens: &Tokens, counts: &mut ClassCounts) {
    for index in 0..tokens.len() {
        if tokens.kind(index) != TokenKind::Word {
            continue;
        }
        let mask = classes_of(tokens.key(index));
        if mask == 0 {
            continue;
        }
        for (class, count) in counts.iter_mut().enumerate() {
            *count += u64::from(mask >> class & 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(text: &str) -> ClassCounts {
        let mut tokens = Tokens::new();
        tokens.tokenize(text);
        let mut counts = ClassCounts::default();
        count(&tokens, &mut counts);
        counts
    }

    #[test]
    fn each_class_has_its_words() {
        //                       pp ip ar pr av ad cj ng qt
        assert_eq!(counts("I saw the cat"), [1, 0, 1, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            counts("It is not in a box, and all of it"),
            [0, 2, 1, 2, 1, 0, 1, 1, 1]
        );
        assert_eq!(counts("really very"), [0, 0, 0, 0, 0, 2, 0, 0, 0]);
    }

    #[test]
    fn contractions_count_in_every_class_they_belong_to() {
        // don't: auxiliary + negation; I’m (curly apostrophe): personal + auxiliary.
        assert_eq!(counts("don't"), [0, 0, 0, 0, 1, 0, 0, 1, 0]);
        assert_eq!(counts("I’m"), [1, 0, 0, 0, 1, 0, 0, 0, 0]);
    }

    #[test]
    fn content_words_and_emoji_count_nowhere() {
        assert_eq!(counts("coffee garden 🙏"), ClassCounts::default());
    }
}
