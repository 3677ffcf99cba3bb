//! Reads closeread's plain-text lexicon format (documented in `lexicons/README.md`).

use std::path::Path;

use crate::error::{Error, Result};
use crate::text::normalize_key;

/// One token of an entry's pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    /// A whole word or emoji.
    Exact(String),
    /// `appreciat*`: any word that starts with the prefix.
    Prefix(String),
    /// A lone `*`: exactly one word of any kind.
    Any,
    /// `(always|never)`: any one of these words or prefixes.
    Either(Vec<Pattern>),
}

/// Which side of a match a context clause looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// `{before: …}`: the tokens right after the match (the match comes before them).
    Before,
    /// `{after: …}`: the tokens right before the match.
    After,
}

/// A condition written in braces after an entry; the entry matches only where all hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// `{before: a|b c}` or `{not before: …}` (and the `after` forms): whether the neighbouring
    /// tokens, in the same clause, begin (end) with one of the alternatives.
    Near {
        side: Side,
        /// `not before`, `not after`: the entry does not count when a neighbour matches.
        negated: bool,
        alternatives: Vec<Vec<Pattern>>,
    },
    /// `{not name}`: not when the first matched word is capitalised mid-sentence ("Moby Dick").
    NotName,
    /// `{restates}`: only when the passage's other content words repeat one of the message
    /// it answers.
    Restates,
}

/// The default `# threshold:` of a category: one hit of weight 1 tags a passage.
pub const DEFAULT_THRESHOLD: f64 = 1.0;

/// One line of a lexicon.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The entry's words as written, without its flag, clauses or weight; shown as evidence.
    pub text: String,
    pub patterns: Vec<Pattern>,
    /// Context clauses (`{not before: deal}`), as parsed.
    pub clauses: Vec<Clause>,
    /// The clauses and weight as written after the words (`{not before: deal} @0.5`), or empty;
    /// part of the lexicon version.
    pub conditions: String,
    /// `-entry`: a match here counts for nothing in the category (e.g. "thanks for nothing").
    pub exclusion: bool,
    /// `!entry`: a negator before it does not negate it (the entry already holds one).
    pub negatable: bool,
    /// `@1.5`: what a hit adds to the category's passage score (1 unless written); imported
    /// weighted dictionaries set it too.
    pub weight: f64,
    pub line: usize,
}

/// A category read from a file: its header and its entries.
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    pub name: String,
    pub measures: String,
    pub source: String,
    /// Where it came from: `built-in` or the file path.
    pub origin: String,
    /// Line that defines the category in its file (an imported dictionary's header row), or 0
    /// when the whole file is the category.
    pub line: usize,
    /// `# threshold: 2`: the passage score at which a passage is tagged for the category.
    pub threshold: f64,
    /// `# examples: thank you, grateful`: the entries the report's glossary quotes, chosen
    /// by the lexicon's author; empty when the file names none.
    pub examples: Vec<String>,
    pub entries: Vec<Entry>,
}

impl Category {
    /// The category's name and header, without its entries (which cloning would copy) and
    /// examples: a lexicon's categories hold every language's entries, and each language
    /// keeps its own examples.
    pub fn without_entries(&self) -> Category {
        Category {
            name: self.name.clone(),
            measures: self.measures.clone(),
            source: self.source.clone(),
            origin: self.origin.clone(),
            line: self.line,
            threshold: self.threshold,
            examples: Vec::new(),
            entries: Vec::new(),
        }
    }
}

/// Parses one lexicon file; `name` is the file stem, which the `category` header must match.
/// Fails on the first malformed line.
pub fn parse_category(name: &str, origin: &str, content: &str) -> Result<Category> {
    let (category, problems) = parse_category_lenient(name, origin, content);
    match problems.into_iter().next() {
        Some((line, message)) => Err(Error::Lexicon {
            path: origin.into(),
            line,
            message,
        }),
        None => Ok(category),
    }
}

/// Parses one lexicon file, skipping malformed lines and returning them as (line, message),
/// so `lexicons check` can report every problem at once.
pub fn parse_category_lenient(
    name: &str,
    origin: &str,
    content: &str,
) -> (Category, Vec<(usize, String)>) {
    let mut category = Category {
        name: name.to_owned(),
        measures: String::new(),
        source: String::new(),
        origin: origin.to_owned(),
        line: 0,
        threshold: DEFAULT_THRESHOLD,
        examples: Vec::new(),
        entries: Vec::new(),
    };
    let mut problems = Vec::new();
    let mut in_header = true;
    for (index, raw) in content.lines().enumerate() {
        let line_number = index + 1;
        let line = raw.trim();
        if let Some(comment) = line.strip_prefix('#') {
            if in_header && let Err(message) = read_header_line(&mut category, comment) {
                problems.push((line_number, message));
            }
            continue;
        }
        if line.is_empty() {
            continue;
        }
        in_header = false;
        match parse_entry(line) {
            Ok(entry) => category.entries.push(Entry {
                line: line_number,
                ..entry
            }),
            Err(message) => problems.push((line_number, message)),
        }
    }
    (category, problems)
}

fn read_header_line(category: &mut Category, comment: &str) -> std::result::Result<(), String> {
    let Some((key, value)) = comment.split_once(':') else {
        return Ok(());
    };
    let value = value.trim().to_owned();
    match key.trim() {
        "category" if value != category.name => Err(format!(
            "header names category '{value}' but the file is named '{}'",
            category.name
        )),
        "measures" => {
            category.measures = value;
            Ok(())
        }
        "source" => {
            category.source = value;
            Ok(())
        }
        "examples" => {
            category.examples = value
                .split(',')
                .map(str::trim)
                .filter(|example| !example.is_empty())
                .map(str::to_owned)
                .collect();
            Ok(())
        }
        "threshold" => match value.parse::<f64>() {
            Ok(threshold) if threshold.is_finite() && threshold > 0.0 => {
                category.threshold = threshold;
                Ok(())
            }
            _ => Err(format!(
                "threshold '{value}' is not a number above 0 (write e.g. '# threshold: 2')"
            )),
        },
        _ => Ok(()),
    }
}

/// Parses the text of one entry line: flag, words, then any `{clauses}` and an `@weight`.
pub fn parse_entry(line: &str) -> std::result::Result<Entry, String> {
    let (exclusion, negatable, body) = match line.as_bytes().first() {
        Some(b'-') => (true, true, &line[1..]),
        Some(b'!') => (false, false, &line[1..]),
        _ => (false, true, line),
    };
    let Parts {
        words,
        clauses,
        weight,
    } = split_conditions(body.trim())?;
    if words.is_empty() {
        return Err("entry has no words".to_owned());
    }
    if exclusion && (weight.is_some() || !clauses.is_empty()) {
        return Err(format!(
            "'{line}': an exclusion (-) takes no weight or clause; put the clause on the entry it limits"
        ));
    }
    let patterns = parse_words(words)?;
    if patterns.first() == Some(&Pattern::Any) {
        return Err(format!("'{words}': an entry cannot start with a lone *"));
    }
    let conditions = if clauses.is_empty() && weight.is_none() {
        String::new()
    } else {
        clauses
            .iter()
            .map(|(written, _)| format!("{{{written}}}"))
            .chain(weight.as_ref().map(|(written, _)| format!("@{written}")))
            .collect::<Vec<_>>()
            .join(" ")
    };
    // Most entries are written with single spaces already; they are copied as they are.
    let single_spaced =
        !words.contains("  ") && !words.contains(|c: char| c.is_whitespace() && c != ' ');
    Ok(Entry {
        text: if single_spaced {
            words.to_owned()
        } else {
            words.split_whitespace().collect::<Vec<_>>().join(" ")
        },
        patterns,
        clauses: clauses.into_iter().map(|(_, clause)| clause).collect(),
        conditions,
        exclusion,
        negatable,
        weight: weight.map_or(1.0, |(_, weight)| weight),
        line: 0,
    })
}

/// An entry line's parts; clauses and weight as written (spacing normalised) and parsed.
struct Parts<'a> {
    words: &'a str,
    clauses: Vec<(String, Clause)>,
    weight: Option<(String, f64)>,
}

/// Splits `words {clause} {clause} @weight` into its parts, parsing clauses and weight.
fn split_conditions(body: &str) -> std::result::Result<Parts<'_>, String> {
    let mut rest = body;
    let mut weight = None;
    if let Some(at) = rest.rfind('@') {
        let written = rest[at + 1..].trim();
        let value = written
            .parse::<f64>()
            .ok()
            .filter(|w| w.is_finite() && *w != 0.0)
            .ok_or_else(|| {
                format!("'@{written}': a weight is a number other than 0 at the end of the entry, e.g. @1.5 or @-0.8")
            })?;
        weight = Some((written.to_owned(), value));
        rest = rest[..at].trim_end();
    }
    let words_end = rest.find('{').unwrap_or(rest.len());
    let words = rest[..words_end].trim();
    if words.contains(['}', '@']) {
        return Err(format!("'{body}': stray }} or @"));
    }
    let mut clauses = Vec::new();
    let mut rest = &rest[words_end..];
    while !rest.is_empty() {
        let Some(inner) = rest.strip_prefix('{') else {
            return Err(format!(
                "'{rest}': only {{clauses}} and an @weight may follow the entry's words"
            ));
        };
        let close = inner
            .find('}')
            .ok_or_else(|| format!("'{rest}': a clause needs a closing }}"))?;
        let written = inner[..close]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let clause = parse_clause(&written)?;
        clauses.push((written, clause));
        rest = inner[close + 1..].trim_start();
    }
    Ok(Parts {
        words,
        clauses,
        weight,
    })
}

/// Parses the inside of `{…}`.
fn parse_clause(written: &str) -> std::result::Result<Clause, String> {
    if written.contains('{') {
        return Err(format!("'{{{written}}}': a clause needs a closing }}"));
    }
    match written {
        "not name" => return Ok(Clause::NotName),
        "restates" => return Ok(Clause::Restates),
        _ => {}
    }
    let unknown = || {
        format!(
            "'{{{written}}}' is not a clause (known: {{before: …}}, {{not before: …}}, {{after: …}}, {{not after: …}}, {{not name}}, {{restates}})"
        )
    };
    let (key, value) = written.split_once(':').ok_or_else(unknown)?;
    let (side, negated) = match key.trim() {
        "before" => (Side::Before, false),
        "not before" => (Side::Before, true),
        "after" => (Side::After, false),
        "not after" => (Side::After, true),
        _ => return Err(unknown()),
    };
    let alternatives = value
        .split('|')
        .map(|alternative| {
            let alternative = alternative.trim();
            if alternative.is_empty() {
                return Err(format!(
                    "'{{{written}}}': an empty alternative (two | in a row, or | at an end)"
                ));
            }
            parse_words(alternative)
        })
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(Clause::Near {
        side,
        negated,
        alternatives,
    })
}

fn parse_words(words: &str) -> std::result::Result<Vec<Pattern>, String> {
    words.split_whitespace().map(parse_token).collect()
}

fn parse_token(token: &str) -> std::result::Result<Pattern, String> {
    if token == "*" {
        return Ok(Pattern::Any);
    }
    if let Some(inner) = token.strip_prefix('(') {
        let inner = inner
            .strip_suffix(')')
            .ok_or_else(|| format!("'{token}': alternatives need a closing parenthesis"))?;
        let options = inner
            .split('|')
            .map(|option| match parse_token(option)? {
                Pattern::Any | Pattern::Either(_) => Err(format!(
                    "'{token}': an alternative must be a word or a prefix*"
                )),
                pattern => Ok(pattern),
            })
            .collect::<std::result::Result<Vec<_>, _>>()?;
        return Ok(Pattern::Either(options));
    }
    if token.contains(['(', ')', '|']) {
        return Err(format!("'{token}': stray parenthesis or |"));
    }
    if let Some(prefix) = token.strip_suffix('*') {
        if prefix.is_empty() || prefix.contains('*') {
            return Err(format!("'{token}': a wildcard needs a prefix before the *"));
        }
        return Ok(Pattern::Prefix(normalized(prefix, token)?));
    }
    if token.contains('*') {
        return Err(format!("'{token}': * may only end a word"));
    }
    Ok(Pattern::Exact(normalized(token, token)?))
}

/// Entries are matched against tokenizer keys, so they must be single tokens after normalising.
fn normalized(word: &str, token: &str) -> std::result::Result<String, String> {
    normalize_key(word).ok_or_else(|| {
        format!("'{token}' is not one word or emoji (hyphens and punctuation split words; write them as separate words)")
    })
}

/// Reads a lexicon file from disk, naming it by its stem.
pub fn read_category_file(path: &Path) -> Result<Category> {
    let content = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let name = path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .ok_or_else(|| Error::Input {
            path: path.to_owned(),
            message: "a lexicon file needs a UTF-8 name".to_owned(),
        })?;
    parse_category(name, &path.display().to_string(), &content)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_names_the_glossary_examples() {
        let category = parse_category(
            "thanks",
            "thanks.txt",
            "# category: thanks\n# examples: thank you , grateful,\nthank you\ngrateful\n",
        )
        .unwrap();
        assert_eq!(category.examples, ["thank you", "grateful"]);
        assert_eq!(category.entries.len(), 2);
    }

    #[test]
    fn reads_header_and_entries() {
        let text = "# category: thanks\n# measures: gratitude\n# source: test\n# note\nthank you\nappreciat*\n\n🙏\n";
        let category = parse_category("thanks", "test", text).unwrap();
        assert_eq!(category.measures, "gratitude");
        assert_eq!(category.entries.len(), 3);
        assert_eq!(
            category.entries[1].patterns,
            [Pattern::Prefix("appreciat".into())]
        );
        assert_eq!(category.entries[2].line, 8);
    }

    #[test]
    fn header_must_match_file_name() {
        let error = parse_category("a", "a.txt", "# category: b\nx\n").unwrap_err();
        assert!(error.to_string().contains("a.txt:1"), "{error}");
    }

    #[test]
    fn flags_gaps_and_alternatives() {
        let entry = parse_entry("-you (always|never*) * me").unwrap();
        assert!(entry.exclusion);
        assert_eq!(
            entry.patterns,
            [
                Pattern::Exact("you".into()),
                Pattern::Either(vec![
                    Pattern::Exact("always".into()),
                    Pattern::Prefix("never".into())
                ]),
                Pattern::Any,
                Pattern::Exact("me".into()),
            ]
        );
        assert!(!parse_entry("!no worries").unwrap().negatable);
    }

    #[test]
    fn curly_apostrophes_and_case_are_normalised() {
        let entry = parse_entry("Don’t Worry").unwrap();
        assert_eq!(
            entry.patterns,
            [
                Pattern::Exact("don't".into()),
                Pattern::Exact("worry".into())
            ]
        );
    }

    #[test]
    fn malformed_entries_are_rejected_with_a_reason() {
        for bad in ["* you", "(a|b", "a*b", "-", "(a|*)", "...", "well-being"] {
            assert!(parse_entry(bad).is_err(), "{bad} should fail");
        }
    }

    #[test]
    fn clauses_and_weight_follow_the_words() {
        let entry =
            parse_entry("sorry {not before: to hear|for your loss}  {not name} @-0.8").unwrap();
        assert_eq!(entry.text, "sorry");
        assert_eq!(entry.weight, -0.8);
        assert_eq!(
            entry.conditions,
            "{not before: to hear|for your loss} {not name} @-0.8"
        );
        assert_eq!(
            entry.clauses,
            [
                Clause::Near {
                    side: Side::Before,
                    negated: true,
                    alternatives: vec![
                        vec![Pattern::Exact("to".into()), Pattern::Exact("hear".into())],
                        vec![
                            Pattern::Exact("for".into()),
                            Pattern::Exact("your".into()),
                            Pattern::Exact("loss".into())
                        ],
                    ],
                },
                Clause::NotName,
            ]
        );
        let entry = parse_entry("!you mean {restates} {after: so|*ing}").unwrap_err();
        assert!(entry.contains("'*ing'"), "{entry}");
        let entry = parse_entry("you mean {restates} {after: so|feel*}").unwrap();
        assert_eq!(entry.clauses[0], Clause::Restates);
        assert_eq!(parse_entry("thanks @1.5").unwrap().weight, 1.5);
        assert_eq!(parse_entry("thanks").unwrap().conditions, "");
    }

    #[test]
    fn malformed_clauses_and_weights_are_rejected_with_a_reason() {
        for (bad, reason) in [
            ("great {not before: deal", "closing }"),
            ("great {near: deal}", "is not a clause"),
            ("great {before: deal||many}", "empty alternative"),
            ("great {before: }", "empty alternative"),
            ("great @", "weight"),
            ("great @x", "weight"),
            ("great @0", "weight"),
            ("great @1 {not name}", "weight"),
            ("great {not name} again", "only {clauses}"),
            ("great } deal", "stray"),
            ("-great {not name}", "exclusion"),
            ("{not name}", "no words"),
        ] {
            let message = parse_entry(bad).unwrap_err();
            assert!(message.contains(reason), "{bad}: {message}");
        }
    }

    #[test]
    fn threshold_header() {
        let category =
            parse_category("a", "a.txt", "# category: a\n# threshold: 2.5\nx\n").unwrap();
        assert_eq!(category.threshold, 2.5);
        assert_eq!(
            parse_category("a", "a.txt", "x\n").unwrap().threshold,
            DEFAULT_THRESHOLD
        );
        for bad in ["0", "-1", "two"] {
            let error =
                parse_category("a", "a.txt", &format!("# threshold: {bad}\nx\n")).unwrap_err();
            assert!(
                error.to_string().starts_with("a.txt:1: threshold"),
                "{error}"
            );
        }
    }
}
