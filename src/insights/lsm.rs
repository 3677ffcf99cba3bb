//! Language style matching (Ireland & Pennebaker, 2010): how alike two people use
//! function words, from 0 (nothing alike) to 1 (identical).
//!
//! Per class, with p1 and p2 the class's share of each person's words,
//! LSM = 1 − |p1 − p2| / (p1 + p2 + 0.0001); the score is the mean over the nine classes.
//! The 0.0001 is the original's guard against dividing by zero when neither uses a class.

use super::function_words::ClassCounts;

/// Each author must have written this many words in a period for it to be scored.
pub const MIN_WORDS: u64 = 100;

/// LSM of two people from their class counts and word totals; `None` if either wrote nothing.
pub fn lsm(a: &ClassCounts, a_words: u64, b: &ClassCounts, b_words: u64) -> Option<f64> {
    if a_words == 0 || b_words == 0 {
        return None;
    }
    let total: f64 = a
        .iter()
        .zip(b)
        .map(|(&a, &b)| {
            // Percentages of words, as LIWC reports them.
            let p1 = a as f64 * 100.0 / a_words as f64;
            let p2 = b as f64 * 100.0 / b_words as f64;
            1.0 - (p1 - p2).abs() / (p1 + p2 + 0.0001)
        })
        .sum();
    Some(total / a.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::insights::function_words;
    use crate::text::Tokens;

    fn classes(text: &str) -> (ClassCounts, u64) {
        let mut tokens = Tokens::new();
        tokens.tokenize(text);
        let mut counts = ClassCounts::default();
        function_words::count(&tokens, crate::lexicon::language::english(), &mut counts);
        (counts, tokens.word_count() as u64)
    }

    fn score(a: &str, b: &str) -> f64 {
        let (a, a_words) = classes(a);
        let (b, b_words) = classes(b);
        lsm(&a, a_words, &b, b_words).unwrap()
    }

    #[test]
    fn identical_style_scores_one() {
        assert!(
            (score(
                "I think the dog is in the garden",
                "I know the cat is on the roof"
            ) - 1.0)
                .abs()
                < 1e-6
        );
    }

    #[test]
    fn one_class_apart_scores_eight_ninths() {
        // Only the first uses an article: p1 = 33.3%, p2 = 0, so that class scores
        // 1 − 33.3/33.3001 ≈ 0 and the other eight score 1.
        let value = score("the cat sleeps", "red cat sleeps");
        assert!((value - 8.0 / 9.0).abs() < 1e-5, "{value}");
    }

    #[test]
    fn half_the_rate_in_one_class() {
        // a: "I" in 1 of 2 words (50%), b: 1 of 4 words (25%): 1 − 25/75.0001 = 2/3.
        let value = score("I slept", "I slept very late");
        // "very" is an adverb used only by b: that class scores ≈ 0.
        let expected = (2.0 / 3.0 + 7.0 + 0.0) / 9.0;
        assert!((value - expected).abs() < 1e-5, "{value} vs {expected}");
    }

    #[test]
    fn nothing_written_has_no_score() {
        let (a, words) = classes("hello");
        assert_eq!(lsm(&a, words, &ClassCounts::default(), 0), None);
    }
}
