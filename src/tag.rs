//! Tagging: one passage in, per-category hit counts out.
//!
//! A category's passage score is the sum of the weights of its non-negated hits; the passage
//! is tagged for the category when the score reaches the category's threshold. `Tags::hits`
//! holds the category's hits only then (0 otherwise), so "hits > 0" is the one reading of
//! "tagged" that every output uses.

use crate::lang::Chosen;
use crate::lexicon::{Answered, Context, Language, Lexicon, Scratch};
use crate::record::Record;
use crate::text::{TokenKind, Tokens};

/// Scores within this of the threshold reach it, so sums such as 0.1 + 0.2 are not lost to
/// rounding.
const SCORE_TOLERANCE: f64 = 1e-9;

/// What tagging found in one passage.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tags {
    pub words: u64,
    /// Words inside at least one counted hit of any category: LIWC's `Dic` numerator.
    pub matched_words: u64,
    /// Per category, in lexicon order: its non-negated hits of positive weight when the
    /// passage is tagged for it, else 0.
    pub hits: Vec<u64>,
    /// Negated hits per category, counted apart from `hits`.
    pub negated: Vec<u64>,
    /// Per category, the sum of the weights of its non-negated hits, tagged or not.
    pub score: Vec<f64>,
    /// (category, entry, negated) of every counted or negated match, in text order; filled
    /// only when asked for.
    pub evidence: Vec<(usize, usize, bool)>,
    /// Byte range in the passage of each match in `evidence`, at the same index.
    pub spans: Vec<(u32, u32)>,
    /// (category, entry) of non-negated matches of positive weight that did not count because
    /// their category stayed below its threshold. Filled only when asked for.
    pub uncounted: Vec<(usize, usize)>,
    /// The lexicon's language set that tagged the passage (`Lexicon::sets`).
    pub language: usize,
}

/// One match with the words it covers, as the passage has them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<'t> {
    pub category: usize,
    pub entry: usize,
    pub negated: bool,
    /// Byte range in the passage.
    pub range: std::ops::Range<usize>,
    /// The matched words as written ("Thank you SO much"), not the entry's pattern.
    pub text: &'t str,
}

impl Tags {
    /// The evidence with the words it covers in `text`, the passage these tags are of.
    pub fn matches<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Found<'t>> + 't {
        self.evidence.iter().zip(&self.spans).map(
            move |(&(category, entry, negated), &(start, end))| {
                let range = start as usize..end as usize;
                Found {
                    category,
                    entry,
                    negated,
                    text: text.get(range.clone()).unwrap_or_default(),
                    range,
                }
            },
        )
    }
}

/// A non-negated hit, held until its category's score is known.
#[derive(Debug, Clone, Copy)]
struct Pending {
    category: usize,
    /// Index of the entry in its category.
    entry: usize,
    start: usize,
    end: usize,
    /// Its weight is positive: it counts once the category is tagged.
    counts: bool,
    /// Kept only for the evidence.
    negated: bool,
}

/// Tags passages with one lexicon, reusing its buffers between passages.
#[derive(Debug)]
pub struct Tagger<'a> {
    lexicon: &'a Lexicon,
    tokens: Tokens,
    scratch: Scratch,
    covered: Vec<bool>,
    pending: Vec<Pending>,
    thresholds: Vec<f64>,
    keep_evidence: bool,
    /// The language set of each conversation of the records being tagged.
    chosen: Chosen,
    /// The words of the message answered last, for `{restates}` entries.
    answered: Answered,
}

impl<'a> Tagger<'a> {
    pub fn new(lexicon: &'a Lexicon, keep_evidence: bool) -> Self {
        Tagger {
            lexicon,
            tokens: Tokens::new(),
            scratch: Scratch::default(),
            covered: Vec::new(),
            pending: Vec::new(),
            thresholds: lexicon.categories().iter().map(|c| c.threshold).collect(),
            keep_evidence,
            chosen: Chosen::default(),
            answered: Answered::default(),
        }
    }

    /// Tags the records that follow with the language sets `chosen` gives their conversations.
    pub fn set_languages(&mut self, chosen: Chosen) {
        self.chosen = chosen;
    }

    /// Tags `record`'s text with its conversation's language set.
    pub fn tag_record_into(&mut self, record: &Record, tags: &mut Tags) {
        self.tag_record_answering(record, None, tags);
    }

    /// Tags `record`, a reply to `message` (for `{restates}` entries), with its
    /// conversation's language set.
    pub fn tag_record_answering(
        &mut self,
        record: &Record,
        message: Option<&str>,
        tags: &mut Tags,
    ) {
        let set = self.chosen.set_of(record.conversation);
        self.tag_with(set, &record.text, message, tags);
    }

    /// Tags `record` into a fresh value.
    pub fn tag_record(&mut self, record: &Record) -> Tags {
        let mut tags = Tags::default();
        self.tag_record_into(record, &mut tags);
        tags
    }

    /// Tags `text` into `tags` with the default language set, overwriting what it held.
    pub fn tag_into(&mut self, text: &str, tags: &mut Tags) {
        self.tag_answering(text, None, tags);
    }

    /// Tags `text`, a reply to `message` (for `{restates}` entries), with the language set
    /// of conversation 0.
    pub fn tag_answering(&mut self, text: &str, message: Option<&str>, tags: &mut Tags) {
        let set = self.chosen.set_of(0);
        self.tag_with(set, text, message, tags);
    }

    /// Tags `text` with language set `set`.
    fn tag_with(&mut self, set: usize, text: &str, message: Option<&str>, tags: &mut Tags) {
        let categories = self.lexicon.categories();
        tags.hits.clear();
        tags.hits.resize(categories.len(), 0);
        tags.negated.clear();
        tags.negated.resize(categories.len(), 0);
        tags.score.clear();
        tags.score.resize(categories.len(), 0.0);
        tags.evidence.clear();
        tags.spans.clear();
        tags.uncounted.clear();
        tags.language = set;
        let rules = self.lexicon.sets()[set].rules();
        let compiled = self
            .lexicon
            .compiled(set)
            .expect("a set compiles: load compiles user files, tests the built-in ones");
        let keep_passage = self.lexicon.needs_context();
        if keep_passage {
            self.answered.passage_starts(&mut self.tokens);
        }
        self.tokens.tokenize(text);
        tags.words = self.tokens.word_count() as u64;
        let pending = &mut self.pending;
        pending.clear();
        let keep_evidence = self.keep_evidence;
        let tokens = &self.tokens;
        let mut context = Context::of(message, &mut self.answered);
        let mut last_negation = None;
        compiled
            .matcher
            .scan(text, tokens, &mut context, &mut self.scratch, |found| {
                // Categories often match the same words: their negation is looked up once.
                let negated = found.negatable
                    && match last_negation {
                        Some((start, end, negated)) if (start, end) == (found.start, found.end) => {
                            negated
                        }
                        _ => {
                            let negated = rules.negates(tokens, found.start, found.end);
                            last_negation = Some((found.start, found.end, negated));
                            negated
                        }
                    };
                let entry = compiled.entry(found.category, found.entry);
                let mut counts = false;
                if negated {
                    tags.negated[found.category] += 1;
                    if !keep_evidence {
                        return;
                    }
                } else {
                    let weight = categories[found.category].entries[entry].weight;
                    tags.score[found.category] += weight;
                    counts = weight > 0.0;
                    tags.hits[found.category] += u64::from(counts);
                }
                pending.push(Pending {
                    category: found.category,
                    entry,
                    start: found.start,
                    end: found.end,
                    counts,
                    negated,
                });
            });
        for (category, hits) in tags.hits.iter_mut().enumerate() {
            if tags.score[category] < self.thresholds[category] - SCORE_TOLERANCE {
                *hits = 0;
            }
        }
        self.covered.clear();
        // Only the tokens between the first and the last counted hit can be covered.
        let (mut first, mut last) = (usize::MAX, 0);
        for hit in &self.pending {
            let counted = hit.counts && tags.hits[hit.category] > 0;
            if counted {
                if self.covered.is_empty() {
                    self.covered.resize(self.tokens.len(), false);
                }
                self.covered[hit.start..hit.end].fill(true);
                first = first.min(hit.start);
                last = last.max(hit.end);
            }
            if !keep_evidence {
                continue;
            }
            if hit.negated || counted {
                tags.evidence.push((hit.category, hit.entry, hit.negated));
                let start = self.tokens.text_range(hit.start).start;
                let end = self.tokens.text_range(hit.end - 1).end;
                tags.spans.push((start as u32, end as u32));
            } else if hit.counts {
                // Counter-evidence (a weight ≤ 0) is scoring, not a sign of the category.
                tags.uncounted.push((hit.category, hit.entry));
            }
        }
        tags.matched_words = if first < last {
            (first..last)
                .filter(|&index| self.covered[index] && self.tokens.kind(index) == TokenKind::Word)
                .count() as u64
        } else {
            0
        };
        if keep_passage {
            self.answered.passage_done(text);
        }
    }

    pub fn lexicon(&self) -> &'a Lexicon {
        self.lexicon
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

/// Follows who wrote what in each conversation of a run of records, so a message can be
/// tagged against the one it answers: the last message of another author before it.
#[derive(Debug, Default)]
pub struct Turns<'r> {
    /// Per conversation: (conversation, author of its last message, that message, the last
    /// message of anyone else before it).
    conversations: Vec<(u32, &'r str, &'r str, Option<&'r str>)>,
}

impl<'r> Turns<'r> {
    /// The message `record` answers, if its conversation has one by another author so far.
    pub fn answered(&self, record: &Record) -> Option<&'r str> {
        let author = record.author.as_deref()?;
        let &(_, last_author, last, other) = self
            .conversations
            .iter()
            .find(|(conversation, ..)| *conversation == record.conversation)?;
        if last_author == author {
            other
        } else {
            Some(last)
        }
    }

    /// Takes `record` as the latest message of its conversation (records without an author
    /// or without language are passed over).
    pub fn push(&mut self, record: &'r Record) {
        let Some(author) = record.author.as_deref() else {
            return;
        };
        if !record.is_language() {
            return;
        }
        let text = record.text.as_str();
        match self
            .conversations
            .iter_mut()
            .find(|(conversation, ..)| *conversation == record.conversation)
        {
            Some(turn) => {
                if turn.1 != author {
                    turn.3 = Some(turn.2);
                    turn.1 = author;
                }
                turn.2 = text;
            }
            None => self
                .conversations
                .push((record.conversation, author, text, None)),
        }
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
    fn matches_quote_the_words_as_written() {
        let lex = lexicon(&[("appreciation", "appreciat*\nthank you so much\n🙏\n")]);
        let text = "Thank you  SO much 🙏🏽, I don't appreciate delays but appreciated it";
        let tags = Tagger::new(&lex, true).tag(text);
        let found: Vec<(&str, bool)> = tags
            .matches(text)
            .map(|found| (found.text, found.negated))
            .collect();
        assert_eq!(
            found,
            [
                ("Thank you  SO much", false),
                ("🙏🏽", false),
                ("appreciate", true),
                ("appreciated", false)
            ]
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

    #[test]
    fn great_in_the_sense_of_large_is_not_appreciation() {
        let lex = lexicon(&[(
            "appreciation",
            "great {not before: deal|many|fire|britain}\n",
        )]);
        for text in [
            "a great deal of money",
            "a great many of them came",
            "the Great Fire of London",
            "Great Britain",
        ] {
            assert!(matches(&lex, text).is_empty(), "{text}");
        }
        assert_eq!(
            matches(&lex, "you did a great job"),
            [hit("appreciation", "great")]
        );
        assert_eq!(
            matches(&lex, "that was great. Many thanks"),
            [hit("appreciation", "great")],
            "the next sentence is not what follows 'great'"
        );
    }

    #[test]
    fn a_dog_is_not_an_insult() {
        let lex = lexicon(&[(
            "conflict",
            "bitch {not before: had|has|puppies|pups} {not after: little|our|my|the}\n",
        )]);
        assert!(matches(&lex, "our little bitch had puppies").is_empty());
        assert!(matches(&lex, "the bitch is in whelp").is_empty());
        assert_eq!(
            matches(&lex, "don't be such a bitch"),
            [hit("conflict", "bitch")]
        );
    }

    #[test]
    fn names_written_capitalised_mid_sentence_do_not_count() {
        let lex = lexicon(&[("conflict", "dick {not name}\nbitch* {not name}\n")]);
        assert!(matches(&lex, "I was reading Moby Dick").is_empty());
        assert!(matches(&lex, "we saw Mr Bitchley today").is_empty());
        assert_eq!(
            matches(&lex, "he is such a dick"),
            [hit("conflict", "dick")]
        );
        assert_eq!(
            matches(&lex, "ok. Dick move, man"),
            [hit("conflict", "dick")],
            "a capital that starts a sentence is no sign of a name"
        );
    }

    #[test]
    fn sorry_to_hear_is_empathy_and_sorry_alone_repair() {
        let lex = lexicon(&[
            ("repair", "sorry {not before: to hear|for your loss}\n"),
            ("empathy", "sorry {before: to hear|for your loss}\n"),
        ]);
        assert_eq!(matches(&lex, "sorry I'm late"), [hit("repair", "sorry")]);
        assert_eq!(
            matches(&lex, "so sorry to hear that"),
            [hit("empathy", "sorry")]
        );
        assert_eq!(
            matches(&lex, "I'm sorry for your loss"),
            [hit("empathy", "sorry")]
        );
        assert_eq!(
            matches(&lex, "sorry for your lost keys"),
            [hit("repair", "sorry")]
        );
    }

    #[test]
    fn clause_alternatives_take_wildcards_and_prefixes() {
        let lex = lexicon(&[(
            "support",
            "here {before: for * always|to help*} {after: i'm}\n",
        )]);
        assert_eq!(
            matches(&lex, "I'm here for you always"),
            [hit("support", "here")]
        );
        assert_eq!(
            matches(&lex, "i'm here to helping"),
            [hit("support", "here")]
        );
        assert!(matches(&lex, "I'm here for you").is_empty());
        assert!(matches(&lex, "you're here to help").is_empty());
    }

    #[test]
    fn a_failed_clause_leaves_room_for_a_shorter_entry() {
        let lex = lexicon(&[("repair", "sorry\nsorry about {not before: that}\n")]);
        assert_eq!(matches(&lex, "sorry about that"), [hit("repair", "sorry")]);
        assert_eq!(
            matches(&lex, "sorry about yesterday"),
            [hit("repair", "sorry about")]
        );
    }

    #[test]
    fn weights_sum_to_a_score_that_must_reach_the_threshold() {
        let lex = lexicon(&[(
            "support",
            "# category: support\n# threshold: 2\nproud of you @2\nyou can @0.5\ntry @-1\n",
        )]);
        let mut tagger = Tagger::new(&lex, true);
        let tags = tagger.tag("you can do it");
        assert_eq!((tags.hits[0], tags.score[0]), (0, 0.5), "0.5 < 2");
        assert_eq!(tags.matched_words, 0, "an untagged hit covers no words");
        assert!(tags.evidence.is_empty());
        assert_eq!(tags.uncounted, [(0, 1)]);
        let tags = tagger.tag("proud of you, you can do it");
        assert_eq!((tags.hits[0], tags.score[0]), (2, 2.5));
        assert_eq!(tags.matched_words, 5);
        let tags = tagger.tag("proud of you, but try harder");
        assert_eq!(
            (tags.hits[0], tags.score[0]),
            (0, 1.0),
            "a negative weight pulls the score down"
        );
        let tags = tagger.tag("proud of you, you can, you can, try");
        assert_eq!(
            (tags.hits[0], tags.score[0]),
            (3, 2.0),
            "hits count only entries of positive weight"
        );
    }

    #[test]
    fn without_weights_one_hit_tags_as_before() {
        let lex = lexicon(&[("appreciation", "thanks\n")]);
        let mut tagger = Tagger::new(&lex, false);
        let tags = tagger.tag("thanks, thanks");
        assert_eq!((tags.hits[0], tags.score[0]), (2, 2.0));
    }

    #[test]
    fn a_restatement_counts_only_against_the_message_it_answers() {
        let lex = lexicon(&[("listening", "so you're saying {restates}\n")]);
        let mut tagger = Tagger::new(&lex, false);
        let mut tags = Tags::default();
        let reply = "so you're saying he left?";
        tagger.tag_answering(reply, Some("he left me yesterday"), &mut tags);
        assert_eq!(tags.hits, [1]);
        tagger.tag_answering(reply, Some("my boss is mean to me"), &mut tags);
        assert_eq!(tags.hits, [0]);
        tagger.tag_answering(reply, None, &mut tags);
        assert_eq!(tags.hits, [0]);
    }

    #[test]
    fn shipped_lexicons_count_restatements_only_in_reply_to_their_message() {
        let lex = Lexicon::built_in().unwrap();
        let mut tagger = Tagger::new(&lex, false);
        let mut tags = Tags::default();
        let mut count = |category: &str, text: &str, message: Option<&str>| {
            tagger.tag_answering(text, message, &mut tags);
            tags.hits[lex.index_of(category).unwrap()]
        };
        let reflection = "so your sister moved away?";
        assert_eq!(
            count(
                "listening",
                reflection,
                Some("my sister moved to another city")
            ),
            1
        );
        assert_eq!(
            count("listening", reflection, Some("I had a long day at work")),
            0
        );
        assert_eq!(count("listening", reflection, None), 0);
        let feeling = "those night shifts are exhausting";
        assert_eq!(
            count("empathy", feeling, Some("I work night shifts all week")),
            1
        );
        assert_eq!(count("empathy", feeling, Some("my sister moved away")), 0);
    }

    #[test]
    fn turns_give_the_last_message_of_another_author() {
        let message = |author: &str, text: &str, conversation: u32| Record {
            conversation,
            ..Record::message(None, Some(author.to_owned()), text.to_owned(), 1)
        };
        let records = [
            message("ana", "he left me yesterday", 0),
            message("bo", "oh no", 0),
            message("bo", "so you're saying he left?", 0),
            message("cy", "other chat", 1),
            message("ana", "yes", 0),
        ];
        let mut turns = Turns::default();
        let answered: Vec<Option<&str>> = records
            .iter()
            .map(|record| {
                let answered = turns.answered(record);
                turns.push(record);
                answered
            })
            .collect();
        assert_eq!(
            answered,
            [
                None,
                Some("he left me yesterday"),
                Some("he left me yesterday"),
                None,
                Some("so you're saying he left?"),
            ]
        );
    }

    #[test]
    fn shipped_lexicons_tell_word_senses_apart() {
        let lex = Lexicon::built_in().unwrap();
        let mut tagger = Tagger::new(&lex, false);
        let mut count =
            |category: &str, text: &str| tagger.tag(text).hits[lex.index_of(category).unwrap()];
        for text in [
            "a great deal of money",
            "a great many people came",
            "the Great Fire of London",
            "and so home, to my great content",
            "it gave us great pleasure and no great trouble",
        ] {
            assert_eq!(count("appreciation", text), 0, "{text}");
        }
        assert_eq!(count("appreciation", "that was great"), 1);
        for text in [
            "our little bitch had puppies",
            "I was reading Moby Dick",
            "we met Mr Bitchley",
        ] {
            assert_eq!(count("conflict", text), 0, "{text}");
        }
        assert_eq!(count("conflict", "he is such a dick"), 1);
        assert_eq!(count("repair", "sorry I'm late"), 1);
        for text in [
            "sorry to hear that",
            "I'm sorry to hear about your dad",
            "really sorry to hear it",
        ] {
            assert_eq!(count("repair", text), 0, "{text}");
            assert_eq!(count("empathy", text), 1, "{text}");
        }
        assert_eq!(count("repair", "I'm sorry I was late"), 1);
        // Help offered is care; a suggestion that "could help you" is not.
        assert_eq!(count("empathy", "let me help you"), 1);
        assert_eq!(count("empathy", "that could help you sleep"), 0);
        // A check-in greeting needs a second cue; asking about something the other faces counts.
        assert_eq!(count("empathy", "how are you feeling today"), 0);
        assert_eq!(count("empathy", "how are you feeling about the move"), 1);
        // A question or a suggestion beside one plain cue is another move.
        assert_eq!(count("empathy", "I can understand that"), 1);
        assert_eq!(
            count(
                "empathy",
                "I can understand that. Maybe you could call her?"
            ),
            0
        );
        // Bad news opened with "sorry" is no apology.
        assert_eq!(
            count("repair", "I'm sorry to inform you the shop is closed"),
            0
        );
        assert_eq!(
            count("repair", "sorry to inform everyone it's cancelled"),
            0
        );
        // Sympathy with the other's troubles and a threat are no apology.
        assert_eq!(count("repair", "I'm so sorry you're going through this"), 0);
        assert_eq!(count("repair", "you'll regret this, trust me"), 0);
        assert_eq!(count("repair", "I regret it every day"), 1);
        // "oh no" is dismay, pain that goes away is no dismissal, a taste described is no quarrel.
        for text in [
            "oh no, I'm late for the bus",
            "the rash should go away soon",
            "some people who don't like spiders",
            "that sandwich was solid as fuck",
        ] {
            assert_eq!(count("conflict", text), 0, "{text}");
        }
        assert_eq!(count("conflict", "no, it's not your turn"), 1);
        assert_eq!(count("conflict", "just go away"), 1);
        assert_eq!(count("conflict", "I can't stand up straight"), 0);
        assert_eq!(count("conflict", "I can't stand him"), 1);
        assert_eq!(count("conflict", "the argument of the book"), 0);
        assert_eq!(count("conflict", "we had an argument last night"), 1);
        assert_eq!(count("conflict", "the shops were shut up all day"), 0);
        assert_eq!(count("conflict", "oh shut up, will you"), 1);
        assert_eq!(count("conflict", "I don't like your tone"), 1);
        assert_eq!(count("appreciation", "great news about the flat"), 0);
        for text in [
            "you're pretty sure of yourself",
            "it looks pretty bad",
            "it was the smart thing to do",
            "do something nice for yourself",
        ] {
            assert_eq!(count("appreciation", text), 0, "{text}");
        }
        assert_eq!(count("appreciation", "you're pretty"), 1);
        assert_eq!(count("appreciation", "she is so smart"), 1);
        assert_eq!(count("appreciation", "great news, you did a great job"), 1);
    }

    #[test]
    fn shipped_lexicons_tell_praise_curses_and_concessions_apart() {
        let lex = Lexicon::built_in().unwrap();
        let mut tagger = Tagger::new(&lex, false);
        let mut count =
            |category: &str, text: &str| tagger.tag(text).hits[lex.index_of(category).unwrap()];
        for text in [
            "that pie was damn good",
            "hell yeah, see you there",
            "what a bloody brilliant plan",
            "we had an awful lot of rain",
            "mad respect for my sister",
        ] {
            assert_eq!(count("conflict", text), 0, "{text}");
        }
        assert_eq!(count("conflict", "damn, the bus left without me"), 1);
        assert_eq!(count("conflict", "the bloody printer jammed"), 1);
        // One sign of amusement outweighs a plain conflict word, not a strong one.
        assert_eq!(count("conflict", "lol the plot was so dumb"), 0);
        assert_eq!(count("conflict", "I hate this weather, lol"), 1);
        assert_eq!(count("appreciation", "my first impression of the flat"), 0);
        assert_eq!(count("appreciation", "you're looking great today"), 1);
        for text in [
            "we had a nice walk",
            "it would be nice if it stopped raining",
            "the perfect spot for a tent",
            "all the best for the move",
        ] {
            assert_eq!(count("appreciation", text), 0, "{text}");
        }
        assert_eq!(count("appreciation", "your cake was perfect"), 1);
        assert_eq!(
            count("repair", "I thought it shut at six, but I was wrong"),
            0
        );
        assert_eq!(count("repair", "I was wrong to shout at you"), 1);
        assert_eq!(count("repair", "he wrote like a tobacco apologist"), 0);
        assert_eq!(count("repair", "the guilt kept me awake"), 1);
    }
}
