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

/// One line of a lexicon.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The entry as written, without its leading flag; shown as evidence.
    pub text: String,
    pub patterns: Vec<Pattern>,
    /// `-entry`: a match here counts for nothing in the category (e.g. "thanks for nothing").
    pub exclusion: bool,
    /// `!entry`: a negator before it does not negate it (the entry already holds one).
    pub negatable: bool,
    /// Weight from an imported weighted dictionary; 1 for closeread's own entries.
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
    pub entries: Vec<Entry>,
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
        entries: Vec::new(),
    };
    let mut problems = Vec::new();
    let mut in_header = true;
    for (index, raw) in content.lines().enumerate() {
        let line_number = index + 1;
        let line = raw.trim();
        if let Some(comment) = line.strip_prefix('#') {
            if in_header {
                if let Err(message) = read_header_line(&mut category, comment) {
                    problems.push((line_number, message));
                }
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
        _ => Ok(()),
    }
}

/// Parses the text of one entry line, flags included.
pub fn parse_entry(line: &str) -> std::result::Result<Entry, String> {
    let (exclusion, negatable, body) = match line.as_bytes().first() {
        Some(b'-') => (true, true, &line[1..]),
        Some(b'!') => (false, false, &line[1..]),
        _ => (false, true, line),
    };
    let body = body.trim();
    if body.is_empty() {
        return Err("entry is empty after its flag".to_owned());
    }
    let patterns = body
        .split_whitespace()
        .map(parse_token)
        .collect::<std::result::Result<Vec<_>, _>>()?;
    if patterns.first() == Some(&Pattern::Any) {
        return Err(format!("'{body}': an entry cannot start with a lone *"));
    }
    Ok(Entry {
        text: body.split_whitespace().collect::<Vec<_>>().join(" "),
        patterns,
        exclusion,
        negatable,
        weight: 1.0,
        line: 0,
    })
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
}
