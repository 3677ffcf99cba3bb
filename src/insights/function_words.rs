//! Function-word classes for language style matching (after Ireland & Pennebaker, 2010).
//!
//! The words of each class are language data, in each language's `_language.txt` beside its
//! lexicons (English: `lexicons/_language.txt`); this project wrote them (LIWC's are
//! proprietary). A word may belong to more than one class, as LIWC's do: `don't` is an
//! auxiliary verb and a negation, `I'm` a personal pronoun and an auxiliary verb.

use crate::lexicon::Language;
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

/// Adds the function words of a tokenized passage, in `language`, to `counts`.
pub fn count(tokens: &Tokens, language: &Language, counts: &mut ClassCounts) {
    for index in 0..tokens.len() {
        if tokens.kind(index) != TokenKind::Word {
            continue;
        }
        let mask = language.classes_of(tokens, index);
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
        count(&tokens, crate::lexicon::language::english(), &mut counts);
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
    fn every_built_in_language_fills_every_class() {
        let lexicon = crate::lexicon::Lexicon::built_in().unwrap();
        for set in lexicon.sets() {
            // `describe` ends each function word's line with its class mask.
            let all = set
                .rules()
                .describe()
                .lines()
                .filter_map(|line| line.rsplit_once(' ')?.1.parse::<u16>().ok())
                .fold(0, |all, mask| all | mask);
            assert_eq!(all, (1 << CLASSES.len()) - 1, "{}", set.code());
        }
    }

    #[test]
    fn content_words_and_emoji_count_nowhere() {
        assert_eq!(counts("coffee garden 🙏"), ClassCounts::default());
    }
}
