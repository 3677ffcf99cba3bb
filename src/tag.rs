//! Tagging: one passage in, per-category hit counts out.

use crate::lang::Chosen;
use crate::lexicon::{Language, Lexicon, Scratch};
use crate::record::Record;
use crate::text::{TokenKind, Tokens};

/// What tagging found in one passage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tags {
    pub words: u64,
    /// Words inside at least one (non-negated) hit of any category: LIWC's `Dic` numerator.
    pub matched_words: u64,
    /// Hits per category, in lexicon order.
    pub hits: Vec<u64>,
    /// Negated hits per category, counted apart from `hits`.
    pub negated: Vec<u64>,
    /// (category, entry, negated) of every match, in text order; filled only when asked for.
    pub evidence: Vec<(usize, usize, bool)>,
    /// The lexicon's language set that tagged the passage (`Lexicon::sets`).
    pub language: usize,
}

/// Tags passages with one lexicon, reusing its buffers between passages.
#[derive(Debug)]
pub struct Tagger<'a> {
    lexicon: &'a Lexicon,
    tokens: Tokens,
    scratch: Scratch,
    covered: Vec<bool>,
    keep_evidence: bool,
    /// The language set of each conversation of the records being tagged.
    chosen: Chosen,
}

impl<'a> Tagger<'a> {
    pub fn new(lexicon: &'a Lexicon, keep_evidence: bool) -> Self {
        Tagger {
            lexicon,
            tokens: Tokens::new(),
            scratch: Scratch::default(),
            covered: Vec::new(),
            keep_evidence,
            chosen: Chosen::default(),
        }
    }

    /// Tags the records that follow with the language sets `chosen` gives their conversations.
    pub fn set_languages(&mut self, chosen: Chosen) {
        self.chosen = chosen;
    }

    /// Tags `record`'s text with its conversation's language set.
    pub fn tag_record_into(&mut self, record: &Record, tags: &mut Tags) {
        let set = self.chosen.set_of(record.conversation);
        self.tag_with(set, &record.text, tags);
    }

    /// Tags `record` into a fresh value.
    pub fn tag_record(&mut self, record: &Record) -> Tags {
        let mut tags = Tags::default();
        self.tag_record_into(record, &mut tags);
        tags
    }

    /// Tags `text` into `tags` with the default language set, overwriting what it held.
    pub fn tag_into(&mut self, text: &str, tags: &mut Tags) {
        self.tag_with(0, text, tags);
    }

    /// Tags `text` with language set `set`.
    fn tag_with(&mut self, set: usize, text: &str, tags: &mut Tags) {
        let categories = self.lexicon.categories().len();
        tags.hits.clear();
        tags.hits.resize(categories, 0);
        tags.negated.clear();
        tags.negated.resize(categories, 0);
        tags.evidence.clear();
        tags.language = set;
        let rules = self.lexicon.sets()[set].rules();
        let compiled = self
            .lexicon
            .compiled(set)
            .expect("a set compiles: load compiles user files, tests the built-in ones");
        self.tokens.tokenize(text);
        tags.words = self.tokens.word_count() as u64;
        self.covered.clear();
        self.covered.resize(self.tokens.len(), false);
        let covered = &mut self.covered;
        let keep_evidence = self.keep_evidence;
        let tokens = &self.tokens;
        compiled.matcher.scan(tokens, &mut self.scratch, |found| {
            let negated = found.negatable && rules.negates(tokens, found.start, found.end);
            if negated {
                tags.negated[found.category] += 1;
            } else {
                tags.hits[found.category] += 1;
                covered[found.start..found.end].fill(true);
            }
            if keep_evidence {
                let entry = compiled.entry(found.category, found.entry);
                tags.evidence.push((found.category, entry, negated));
            }
        });
        tags.matched_words = covered
            .iter()
            .enumerate()
            .filter(|&(index, &hit)| hit && self.tokens.kind(index) == TokenKind::Word)
            .count() as u64;
    }

    /// The tokens of the passage tagged last (function words for style matching).
    pub fn tokens(&self) -> &Tokens {
        &self.tokens
    }

    /// The negators and function words of the language set that tagged `tags`.
    pub fn rules(&self, tags: &Tags) -> &Language {
        self.lexicon.sets()[tags.language].rules()
    }

    /// Tags `text` into a fresh value.
    pub fn tag(&mut self, text: &str) -> Tags {
        let mut tags = Tags::default();
        self.tag_into(text, &mut tags);
        tags
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::parse::parse_category;

    fn lexicon(files: &[(&str, &str)]) -> Lexicon {
        let categories = files
            .iter()
            .map(|(name, body)| parse_category(name, "test", body).unwrap())
            .collect();
        Lexicon::compile(categories).unwrap()
    }

    /// Matched entries as (category, entry text, negated).
    fn matches(lexicon: &Lexicon, text: &str) -> Vec<(String, String, bool)> {
        let mut tagger = Tagger::new(lexicon, true);
        let tags = tagger.tag(text);
        tags.evidence
            .iter()
            .map(|&(category, entry, negated)| {
                let category = &lexicon.categories()[category];
                (
                    category.name.clone(),
                    category.entries[entry].text.clone(),
                    negated,
                )
            })
            .collect()
    }

    fn hit(category: &str, entry: &str) -> (String, String, bool) {
        (category.to_owned(), entry.to_owned(), false)
    }

    fn negated(category: &str, entry: &str) -> (String, String, bool) {
        (category.to_owned(), entry.to_owned(), true)
    }

    #[test]
    fn negator_within_three_tokens_negates() {
        let lex = lexicon(&[("appreciation", "appreciate\nthank you\n")]);
        assert_eq!(
            matches(&lex, "I don't appreciate that"),
            [negated("appreciation", "appreciate")]
        );
        assert_eq!(
            matches(&lex, "I do not really truly appreciate it"),
            [negated("appreciation", "appreciate")]
        );
        assert_eq!(
            matches(&lex, "Not that it matters much, I appreciate it"),
            [hit("appreciation", "appreciate")],
            "a comma ends the negator's clause"
        );
        assert_eq!(
            matches(&lex, "never have I ever said thank you"),
            [hit("appreciation", "thank you")],
            "four tokens back is out of reach"
        );
    }

    #[test]
    fn negated_hits_are_counted_apart() {
        let lex = lexicon(&[("appreciation", "appreciate\n")]);
        let mut tagger = Tagger::new(&lex, false);
        let tags = tagger.tag("I don't appreciate that. I appreciate you.");
        assert_eq!(tags.hits, [1]);
        assert_eq!(tags.negated, [1]);
        assert_eq!(tags.words, 7);
        assert_eq!(tags.matched_words, 1);
    }

    #[test]
    fn entries_can_opt_out_of_negation() {
        let lex = lexicon(&[("support", "!no worries\n!don't worry\n")]);
        assert_eq!(
            matches(&lex, "no no, don't worry"),
            [hit("support", "don't worry")]
        );
    }

    #[test]
    fn longest_phrase_wins_and_counts_once() {
        let lex = lexicon(&[("appreciation", "thank you\nthank you so much\nthank\n")]);
        assert_eq!(
            matches(&lex, "Thank you so much!"),
            [hit("appreciation", "thank you so much")]
        );
        let mut tagger = Tagger::new(&lex, false);
        assert_eq!(tagger.tag("thank you so much").hits, [1]);
    }

    #[test]
    fn categories_match_the_same_span_independently() {
        let lex = lexicon(&[("repair", "i'm sorry\n"), ("empathy", "i'm sorry you\n")]);
        assert_eq!(
            matches(&lex, "I'm sorry you feel that way"),
            [hit("repair", "i'm sorry"), hit("empathy", "i'm sorry you")]
        );
    }

    #[test]
    fn exact_beats_longest_wildcard_beats_shorter() {
        let lex = lexicon(&[("appreciation", "apprec*\nappreciat*\nappreciated\n")]);
        assert_eq!(
            matches(&lex, "appreciated"),
            [hit("appreciation", "appreciated")]
        );
        assert_eq!(
            matches(&lex, "appreciation"),
            [hit("appreciation", "appreciat*")]
        );
        assert_eq!(
            matches(&lex, "apprecable"),
            [hit("appreciation", "apprec*")]
        );
        assert!(matches(&lex, "appre").is_empty());
    }

    #[test]
    fn curly_and_straight_apostrophes_match_alike() {
        let lex = lexicon(&[("empathy", "that's hard\ni’m here\n")]);
        assert_eq!(
            matches(&lex, "oh that’s hard. I'm here"),
            [hit("empathy", "that's hard"), hit("empathy", "i’m here")]
        );
    }

    #[test]
    fn emoji_are_entries_and_ignore_skin_tone_and_variation() {
        let lex = lexicon(&[("appreciation", "🙏\n❤️\n")]);
        assert_eq!(
            matches(&lex, "thanks🙏🏾 ❤"),
            [hit("appreciation", "🙏"), hit("appreciation", "❤️")]
        );
    }

    #[test]
    fn gaps_alternatives_and_exclusions() {
        let lex = lexicon(&[
            ("conflict", "you (always|never) *\n"),
            ("appreciation", "thanks\n-thanks for nothing\n"),
        ]);
        assert_eq!(
            matches(&lex, "you always forget"),
            [hit("conflict", "you (always|never) *")]
        );
        assert!(
            matches(&lex, "you never").is_empty(),
            "the gap needs a word"
        );
        assert!(matches(&lex, "well thanks for nothing").is_empty());
        assert_eq!(
            matches(&lex, "thanks for this"),
            [hit("appreciation", "thanks")]
        );
    }

    #[test]
    fn a_gap_does_not_beat_an_exact_word_of_equal_length() {
        let lex = lexicon(&[("c", "you * me\nyou hurt me\n")]);
        assert_eq!(matches(&lex, "you hurt me"), [hit("c", "you hurt me")]);
    }
}
