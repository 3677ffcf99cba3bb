//! What closeread knows about a language besides its categories: the words that negate an
//! entry, the words that end a clause for negation, and the function-word classes behind
//! language style matching. Read from `_language.txt` beside the category files (format in
//! `lexicons/README.md`, "Languages").

use super::{KeyMap, LeadBytes};
use crate::error::{Error, Result};
use crate::insights::function_words::CLASSES;
use crate::text::{Tokens, normalize_key};

/// English's negators and function words; other languages' files sit beside their categories
/// in `lexicons/<code>/`.
pub(crate) const ENGLISH: &str = include_str!("../../lexicons/_language.txt");

/// English's rules, parsed once.
pub fn english() -> &'static Language {
    static ENGLISH_RULES: std::sync::LazyLock<Language> = std::sync::LazyLock::new(|| {
        Language::parse("en", "built-in", ENGLISH).expect("the built-in English rules parse")
    });
    &ENGLISH_RULES
}

/// The file name of a language's data; the leading `_` keeps it from being read as a category.
pub const LANGUAGE_FILE: &str = "_language.txt";

/// How far back a negator reaches: "a negator within three tokens before an entry".
const NEGATION_WINDOW: usize = 3;
/// How far forward an after-negator reaches ("ich liebe dich nicht", "je t'aime pas").
const NEGATION_WINDOW_AFTER: usize = 2;

/// One language's negation rules and function words.
#[derive(Debug, Clone, Default)]
pub struct Language {
    /// ISO 639-1 code, or several joined by `+` for a union of languages.
    pub code: String,
    /// The language's English name ("Spanish").
    pub name: String,
    /// Words that negate an entry they precede.
    negators: WordSet,
    /// Words that negate an entry they follow.
    negators_after: WordSet,
    /// Words that end a negator's reach, like punctuation does ("pero", "aber").
    clause_breaks: WordSet,
    /// Word → bit mask of its function-word classes (bit `i` is `CLASSES[i]`).
    classes: KeyMap<u16>,
    /// `j'*`: every word with this start is in these classes (French elisions).
    class_prefixes: Vec<(Box<str>, u16)>,
}

/// Words, `prefix*` and `*suffix` patterns, matched against normalised tokens.
#[derive(Debug, Clone, Default)]
struct WordSet {
    exact: KeyMap<()>,
    /// Most tokens start with a byte no exact word starts with.
    exact_leads: LeadBytes,
    prefixes: Vec<Box<str>>,
    suffixes: Vec<Box<str>>,
}

impl WordSet {
    /// Whether token `index` is in the set.
    #[inline(always)]
    fn holds(&self, tokens: &Tokens, index: usize) -> bool {
        let key = tokens.key(index);
        (self.exact_leads.may_start(key)
            && self.exact.get_hashed(key, tokens.hash(index)).is_some())
            || self.matches_affix(key)
    }

    fn contains(&self, key: &str) -> bool {
        (self.exact_leads.may_start(key) && self.exact.get(key).is_some())
            || self.matches_affix(key)
    }

    fn matches_affix(&self, key: &str) -> bool {
        self.prefixes.iter().any(|p| key.starts_with(&**p))
            || self.suffixes.iter().any(|s| key.ends_with(&**s))
    }

    fn insert_exact(&mut self, word: &str) {
        self.exact_leads.insert(word);
        self.exact.entry(word, || ());
    }

    fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.prefixes.is_empty() && self.suffixes.is_empty()
    }

    fn extend(&mut self, other: &WordSet) {
        for (word, ()) in other.exact.iter() {
            self.insert_exact(word);
        }
        for prefix in &other.prefixes {
            if !self.prefixes.contains(prefix) {
                self.prefixes.push(prefix.clone());
            }
        }
        for suffix in &other.suffixes {
            if !self.suffixes.contains(suffix) {
                self.suffixes.push(suffix.clone());
            }
        }
    }

    /// Adds `word` (`word`, `prefix*` or `*suffix`); fails when it is not one token.
    fn add(&mut self, word: &str) -> std::result::Result<(), String> {
        let not_a_word = || format!("'{word}' is not one word (write one word, word* or *ending)");
        if let Some(prefix) = word.strip_suffix('*') {
            let key = normalize_prefix(prefix).ok_or_else(not_a_word)?;
            self.prefixes.push(key.into());
        } else if let Some(suffix) = word.strip_prefix('*') {
            let key = normalize_prefix(suffix).ok_or_else(not_a_word)?;
            self.suffixes.push(key.into());
        } else {
            self.insert_exact(&normalize_key(word).ok_or_else(not_a_word)?);
        }
        Ok(())
    }

    /// Every word, prefix and suffix, sorted, for the content version.
    fn describe(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .exact
            .iter()
            .map(|(w, ())| w.to_string())
            .chain(self.prefixes.iter().map(|p| format!("{p}*")))
            .chain(self.suffixes.iter().map(|s| format!("*{s}")))
            .collect();
        all.sort();
        all
    }
}

/// A pattern's fixed part may end or start with an apostrophe (`n'*`, `*n't`), which the
/// tokenizer would drop from a lone word; it is normalised around a stand-in letter.
fn normalize_prefix(part: &str) -> Option<String> {
    if part.is_empty() || part.contains('*') {
        return None;
    }
    let apostrophes = ['\'', '\u{2019}'];
    if let Some(stem) = part.strip_suffix(apostrophes) {
        return normalize_key(&format!("{stem}'x"))
            .and_then(|k| k.strip_suffix('x').map(String::from));
    }
    if let Some(rest) = part.strip_prefix(apostrophes) {
        return normalize_key(&format!("x'{rest}"))
            .and_then(|k| k.strip_prefix('x').map(String::from));
    }
    normalize_key(part)
}

/// A section of a language file.
enum Section {
    Negators,
    NegatorsAfter,
    ClauseBreaks,
    /// Bit mask of the function-word classes its words belong to.
    Classes(u16),
}

impl Language {
    /// Parses a language file; `code` is the folder's name (`en` for the top level), which
    /// the `language` header must match. `origin` names the file in messages.
    pub fn parse(code: &str, origin: &str, content: &str) -> Result<Language> {
        let error = |line: usize, message: String| Error::Lexicon {
            path: origin.into(),
            line,
            message,
        };
        let mut language = Language {
            code: code.to_owned(),
            name: code.to_owned(),
            ..Language::default()
        };
        let mut section = None;
        for (index, raw) in content.lines().enumerate() {
            let line = index + 1;
            let text = raw.split_once('#').map_or(raw, |(before, _)| before).trim();
            if text.is_empty() {
                if section.is_none()
                    && let Some((key, value)) = raw.trim().trim_start_matches('#').split_once(':')
                {
                    let value = value.trim();
                    match key.trim() {
                        "language" if value != code => {
                            return Err(error(
                                line,
                                format!(
                                    "header names language '{value}' but the folder is '{code}'"
                                ),
                            ));
                        }
                        "name" => language.name = value.to_owned(),
                        _ => {}
                    }
                }
                continue;
            }
            if let Some(name) = text.strip_prefix('[') {
                let name = name
                    .strip_suffix(']')
                    .ok_or_else(|| error(line, format!("'{text}': a section needs a closing ]")))?;
                section = Some(section_named(name.trim()).map_err(|message| error(line, message))?);
                continue;
            }
            let Some(section) = &section else {
                return Err(error(
                    line,
                    format!("'{text}' is outside any section (start one with [negators])"),
                ));
            };
            for word in text.split_whitespace() {
                match section {
                    Section::Negators => language.negators.add(word),
                    Section::NegatorsAfter => language.negators_after.add(word),
                    Section::ClauseBreaks => language.clause_breaks.add(word),
                    Section::Classes(mask) => language.add_class_word(word, *mask),
                }
                .map_err(|message| error(line, message))?;
            }
        }
        Ok(language)
    }

    /// A language known only by its lexicons: no negators, no function words.
    pub fn without_rules(code: &str, name: &str) -> Language {
        Language {
            code: code.to_owned(),
            name: name.to_owned(),
            ..Language::default()
        }
    }

    fn add_class_word(&mut self, word: &str, mask: u16) -> std::result::Result<(), String> {
        let key = match word.strip_suffix('*') {
            Some(prefix) => {
                normalize_prefix(prefix).map(|p| self.class_prefixes.push((p.into(), mask)))
            }
            None => normalize_key(word).map(|key| *self.classes.entry(&key, || 0) |= mask),
        };
        key.ok_or_else(|| format!("'{word}' is not one word (write one word or word*)"))
    }

    /// The rules of several languages at once (`--lang es,en`): every negator, clause break
    /// and function word of each.
    pub fn union(languages: &[&Language]) -> Language {
        let mut union = Language {
            code: join(languages, |l| &l.code, "+"),
            name: join(languages, |l| &l.name, " and "),
            ..Language::default()
        };
        for language in languages {
            union.negators.extend(&language.negators);
            union.negators_after.extend(&language.negators_after);
            union.clause_breaks.extend(&language.clause_breaks);
            for (word, mask) in language.classes.iter() {
                *union.classes.entry(word, || 0) |= mask;
            }
            union
                .class_prefixes
                .extend(language.class_prefixes.iter().cloned());
        }
        union
    }

    /// Whether a negator governs the entry matched at tokens `[start, end)`: one within three
    /// tokens before it, or one of the after-negators within two tokens after it, in the
    /// same clause and with no clause-break word between.
    pub fn negates(&self, tokens: &Tokens, start: usize, end: usize) -> bool {
        let clause = tokens.clause(start);
        let before = (start.saturating_sub(NEGATION_WINDOW)..start).rev();
        if self.reaches(tokens, before, clause, &self.negators) {
            return true;
        }
        if self.negators_after.is_empty() {
            return false;
        }
        let after = end..(end + NEGATION_WINDOW_AFTER).min(tokens.len());
        self.reaches(tokens, after, tokens.clause(end - 1), &self.negators_after)
    }

    fn reaches(
        &self,
        tokens: &Tokens,
        indices: impl Iterator<Item = usize>,
        clause: u32,
        negators: &WordSet,
    ) -> bool {
        for index in indices {
            if tokens.clause(index) != clause || self.clause_breaks.holds(tokens, index) {
                return false;
            }
            if negators.holds(tokens, index) {
                return true;
            }
        }
        false
    }

    /// Whether `key` negates what follows it.
    pub fn is_negator(&self, key: &str) -> bool {
        self.negators.contains(key)
    }

    /// The function-word classes of token `index`, as a bit mask.
    pub fn classes_of(&self, tokens: &Tokens, index: usize) -> u16 {
        let key = tokens.key(index);
        let exact = self
            .classes
            .get_hashed(key, tokens.hash(index))
            .copied()
            .unwrap_or(0);
        self.class_prefixes
            .iter()
            .filter(|(prefix, _)| key.starts_with(&**prefix))
            .fold(exact, |mask, (_, classes)| mask | classes)
    }

    /// Lines that change whenever the rules change, for the lexicon version.
    pub fn describe(&self) -> String {
        let mut text = format!("language {}\n", self.code);
        for (name, set) in [
            ("negators", &self.negators),
            ("negators after", &self.negators_after),
            ("clause breaks", &self.clause_breaks),
        ] {
            text.push_str(&format!("{name}: {}\n", set.describe().join(" ")));
        }
        let mut classes: Vec<_> = self.classes.iter().collect();
        classes.sort();
        for (word, mask) in classes {
            text.push_str(&format!("{word} {mask}\n"));
        }
        for (prefix, mask) in &self.class_prefixes {
            text.push_str(&format!("{prefix}* {mask}\n"));
        }
        text
    }
}

fn join(languages: &[&Language], part: impl Fn(&Language) -> &String, separator: &str) -> String {
    languages
        .iter()
        .map(|l| part(l).as_str())
        .collect::<Vec<_>>()
        .join(separator)
}

fn section_named(name: &str) -> std::result::Result<Section, String> {
    match name {
        "negators" => return Ok(Section::Negators),
        "negators after" => return Ok(Section::NegatorsAfter),
        "clause breaks" => return Ok(Section::ClauseBreaks),
        _ => {}
    }
    let mut mask = 0u16;
    for class in name.split(',').map(str::trim) {
        let index = CLASSES.iter().position(|c| *c == class).ok_or_else(|| {
            format!(
                "unknown section '{class}' (known: negators, negators after, clause breaks, {})",
                CLASSES.join(", ")
            )
        })?;
        mask |= 1 << index;
    }
    Ok(Section::Classes(mask))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# language: xx\n# name: Test\n#\n[negators]\nnot no*\n*n't # any word ending in n't\n[negators after]\nnicht\n[clause breaks]\nbut\n[articles]\nthe a\n[auxiliary verbs, negations]\ndon't\n";

    fn tokens(text: &str) -> Tokens {
        let mut tokens = Tokens::new();
        tokens.tokenize(text);
        tokens
    }

    /// Whether the entry at token `at` (one token long) is negated.
    fn negated(language: &Language, text: &str, at: usize) -> bool {
        language.negates(&tokens(text), at, at + 1)
    }

    /// The classes of `word` read as a passage's only token.
    fn classes(language: &Language, word: &str) -> u16 {
        let mut tokens = Tokens::new();
        tokens.tokenize(word);
        language.classes_of(&tokens, 0)
    }

    #[test]
    fn reads_sections_words_and_patterns() {
        let language = Language::parse("xx", "test", SAMPLE).unwrap();
        assert_eq!(language.name, "Test");
        assert!(language.is_negator("not"));
        assert!(language.is_negator("nobody"));
        assert!(language.is_negator("can't"));
        assert!(!language.is_negator("know"));
        assert_eq!(classes(&language, "the"), 1 << 2);
        assert_eq!(classes(&language, "don't"), 1 << 4 | 1 << 7);
    }

    #[test]
    fn negators_before_and_after_within_their_windows() {
        let language = Language::parse("xx", "test", SAMPLE).unwrap();
        assert!(negated(&language, "i do not really like it", 4));
        assert!(!negated(&language, "not that i really like it", 4));
        assert!(negated(&language, "ich liebe dich nicht", 1));
        assert!(!negated(&language, "ich liebe dich sehr nicht", 1));
        assert!(
            !negated(&language, "not, like it", 1),
            "a comma ends the clause"
        );
        assert!(
            !negated(&language, "not sure but thanks", 3),
            "'but' ends the reach"
        );
    }

    #[test]
    fn elided_negator_prefix_keeps_its_apostrophe() {
        let language = Language::parse("fr", "test", "[negators]\nn'*\n").unwrap();
        assert!(language.is_negator("n'aime"));
        assert!(!language.is_negator("nous"));
        let language = Language::parse("fr", "test", "[personal pronouns]\nje j'*\n").unwrap();
        assert_eq!(classes(&language, "j'adore"), 1);
        assert_eq!(classes(&language, "jadore"), 0);
    }

    /// The shipped rules of `code`.
    fn built_in(code: &str) -> Language {
        let content = match code {
            "es" => include_str!("../../lexicons/es/_language.txt"),
            "pt" => include_str!("../../lexicons/pt/_language.txt"),
            "de" => include_str!("../../lexicons/de/_language.txt"),
            "fr" => include_str!("../../lexicons/fr/_language.txt"),
            _ => ENGLISH,
        };
        Language::parse(code, "built-in", content).unwrap()
    }

    /// Whether the entry `entry` (its tokens, in text) is negated in `text`.
    fn negates(code: &str, text: &str, entry: &str) -> bool {
        let tokens = tokens(text);
        let words = tokens.len();
        let keys: Vec<&str> = (0..words).map(|i| tokens.key(i)).collect();
        let entry: Vec<String> = entry
            .split(' ')
            .map(|w| normalize_key(w).unwrap())
            .collect();
        let start = (0..words)
            .find(|&i| keys[i..].starts_with(&entry.iter().map(String::as_str).collect::<Vec<_>>()))
            .unwrap_or_else(|| panic!("'{text}' has no {entry:?}"));
        built_in(code).negates(&tokens, start, start + entry.len())
    }

    #[test]
    fn spanish_negates_before_the_verb() {
        assert!(negates("es", "no te quiero", "quiero"));
        assert!(negates("es", "nunca me escuchas", "escuchas"));
        assert!(negates("es", "jamas te lo agradeci", "agradeci"));
        assert!(!negates("es", "te quiero mucho", "quiero"));
        assert!(!negates("es", "no sé, te quiero", "quiero"));
        assert!(
            !negates("es", "no sé pero te quiero", "quiero"),
            "pero ends the reach"
        );
    }

    #[test]
    fn portuguese_negates_before_and_after() {
        assert!(negates("pt", "não gosto disso", "gosto"));
        assert!(negates("pt", "eu nao te amo", "te amo"));
        assert!(negates("pt", "n gosto de vc", "gosto"));
        assert!(
            negates("pt", "gosto não", "gosto"),
            "Brazilian post-verbal não"
        );
        assert!(!negates("pt", "gosto muito de você", "gosto"));
        assert!(
            !negates("pt", "não sei mas te amo", "te amo"),
            "mas ends the reach"
        );
    }

    #[test]
    fn german_nicht_negates_the_verb_before_it() {
        assert!(negates("de", "ich liebe dich nicht", "liebe dich"));
        assert!(negates("de", "ich vermisse dich nie", "vermisse dich"));
        assert!(negates("de", "ich bin dir nicht dankbar", "dankbar"));
        assert!(negates(
            "de",
            "das ist keine Entschuldigung",
            "entschuldigung"
        ));
        assert!(!negates("de", "ich liebe dich, nicht wahr?", "liebe dich"));
        assert!(!negates("de", "ich liebe dich sehr", "liebe dich"));
        assert!(
            !negates("de", "danke dir aber nicht dafür", "danke dir"),
            "aber ends it"
        );
    }

    #[test]
    fn french_ne_pas_and_elided_ne() {
        assert!(negates("fr", "je ne t'aime pas", "t'aime"));
        assert!(
            negates("fr", "je t'aime pas", "t'aime"),
            "chats drop the ne"
        );
        assert!(
            negates("fr", "elle n'a dit merci", "merci"),
            "n' elided from ne"
        );
        assert!(negates("fr", "je ne te remercie jamais", "remercie"));
        assert!(!negates("fr", "je t'aime, pas toi ?", "t'aime"));
        assert!(
            !negates("fr", "merci mais pas pour ça", "merci"),
            "mais ends the reach"
        );
        assert!(!negates("fr", "je t'aime tellement", "t'aime"));
    }

    #[test]
    fn english_negation_is_unchanged() {
        assert!(negates("en", "I don't appreciate that", "appreciate"));
        assert!(negates(
            "en",
            "I do not really truly appreciate it",
            "appreciate"
        ));
        assert!(!negates(
            "en",
            "never have I ever said thank you",
            "thank you"
        ));
        assert!(
            !negates("en", "I appreciate it, not", "appreciate"),
            "English has no after-negators"
        );
    }

    #[test]
    fn union_has_both_languages_rules() {
        let a = Language::parse("xx", "a", "[negators]\nno\n[articles]\nthe\n").unwrap();
        let b = Language::parse("yy", "b", "[negators]\nnein\n[articles]\ndie\n").unwrap();
        let both = Language::union(&[&a, &b]);
        assert_eq!(both.code, "xx+yy");
        assert!(both.is_negator("no") && both.is_negator("nein"));
        assert_eq!(classes(&both, "die"), 1 << 2);
    }

    #[test]
    fn malformed_files_name_the_line() {
        for (bad, line) in [
            ("[negators]\nwell-being\n", 2),
            ("no\n", 1),
            ("[nouns]\n", 1),
            ("[negators\n", 1),
            ("# language: de\n", 1),
        ] {
            let error = Language::parse("xx", "x.txt", bad).unwrap_err().to_string();
            assert!(
                error.starts_with(&format!("x.txt:{line}:")),
                "{bad:?}: {error}"
            );
        }
    }
}
