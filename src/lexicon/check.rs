//! `lexicons check`: finds what is wrong or risky in a lexicon file or folder, every problem at
//! once and each with file and line, so an author can fix them all in one pass.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

use super::matcher::Matcher;
use super::parse::{Category, Entry, Pattern};
use super::read_path_with;
use crate::error::Result;

/// What kind of problem a line has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A line that cannot be read, or a dictionary row that was dropped.
    Malformed,
    /// The same entry twice in one category.
    Duplicate,
    /// A wildcard of one category that also matches an exact entry of another.
    Swallows,
    /// A category without a single counting entry.
    Empty,
    /// An `# examples:` name that is no counting entry of the category.
    Example,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Malformed => "malformed",
            Kind::Duplicate => "duplicate",
            Kind::Swallows => "wildcard overlap",
            Kind::Empty => "empty category",
            Kind::Example => "unknown example",
        }
    }
}

/// One problem, at a file and line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub path: String,
    /// 0 when the problem is about a whole file.
    pub line: usize,
    pub kind: Kind,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            0 => write!(f, "{}: {}: {}", self.path, self.kind.name(), self.message),
            line => write!(
                f,
                "{}:{line}: {}: {}",
                self.path,
                self.kind.name(),
                self.message
            ),
        }
    }
}

/// Checks the lexicon file or folder at `path`; fails only when it cannot be read at all.
pub fn check_path(path: &Path) -> Result<Vec<Problem>> {
    let loaded = read_path_with(path, true)?;
    let mut problems: Vec<Problem> = loaded
        .warnings
        .into_iter()
        .map(|warning| Problem {
            path: warning.path,
            line: warning.line,
            kind: Kind::Malformed,
            message: warning.message,
        })
        .collect();
    problems.extend(check_categories(&loaded.categories));
    problems.extend(check_language_file(path));
    problems.sort();
    Ok(problems)
}

/// The folder's `_language.txt`, if it has one, read as the language the folder is named
/// after (`en` for any other folder name).
fn check_language_file(folder: &Path) -> Option<Problem> {
    let file = folder.join(super::language::LANGUAGE_FILE);
    if !file.is_file() {
        return None;
    }
    let code = folder
        .file_name()
        .and_then(|name| name.to_str())
        .filter(|name| super::is_language_code(name))
        .unwrap_or("en");
    let origin = file.display().to_string();
    let error = match std::fs::read_to_string(&file) {
        Ok(content) => super::Language::parse(code, &origin, &content).err()?,
        Err(error) => {
            return Some(Problem {
                path: origin,
                line: 0,
                kind: Kind::Malformed,
                message: error.to_string(),
            });
        }
    };
    let (line, message) = match error {
        crate::Error::Lexicon { line, message, .. } => (line, message),
        other => (0, other.to_string()),
    };
    Some(Problem {
        path: origin,
        line,
        kind: Kind::Malformed,
        message,
    })
}

/// The checks that need only parsed categories: duplicates, wildcard overlaps, empty
/// categories, and entries the matcher refuses.
pub fn check_categories(categories: &[Category]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for category in categories {
        duplicates(category, &mut problems);
        if category.entries.iter().all(|entry| entry.exclusion) {
            problems.push(Problem {
                path: category.origin.clone(),
                line: category.line,
                kind: Kind::Empty,
                message: format!("category '{}' has no entries", category.name),
            });
        }
        for example in &category.examples {
            if !category
                .entries
                .iter()
                .any(|entry| !entry.exclusion && entry.text == *example)
            {
                problems.push(Problem {
                    path: category.origin.clone(),
                    line: 0,
                    kind: Kind::Example,
                    message: format!(
                        "'{example}' is named as an example but is no entry of '{}'",
                        category.name
                    ),
                });
            }
        }
        if let Err(message) = Matcher::compile(&[(category, category.entries.iter().collect())]) {
            problems.push(Problem {
                path: category.origin.clone(),
                line: 0,
                kind: Kind::Malformed,
                message,
            });
        }
    }
    swallows(categories, &mut problems);
    problems
}

fn duplicates(category: &Category, problems: &mut Vec<Problem>) {
    // Patterns hold no hash; their debug form is a faithful key.
    let mut seen: HashMap<String, &Entry> = HashMap::new();
    for entry in &category.entries {
        // The same words with other clauses are another entry ("sorry" and "sorry {not
        // before: to hear}"); another weight alone is not.
        let key = format!("{:?} {:?}", entry.patterns, entry.clauses);
        match seen.get(&key) {
            Some(first) => problems.push(Problem {
                path: category.origin.clone(),
                line: entry.line,
                kind: Kind::Duplicate,
                message: format!(
                    "'{}' repeats '{}' (line {}) in category '{}'",
                    entry.text, first.text, first.line, category.name
                ),
            }),
            None => {
                seen.insert(key, entry);
            }
        }
    }
}

/// A wildcard entry that matches every word of another category's exact entry counts that
/// entry's text in both categories: `care*` in one category makes "career" count there too.
fn swallows(categories: &[Category], problems: &mut Vec<Problem>) {
    // Exact entries by their words, with their category.
    // A duplicate is reported once, as a duplicate, not again here.
    let mut exact: HashMap<usize, Vec<(&Category, &Entry)>> = HashMap::new();
    let mut seen = HashSet::new();
    for category in categories {
        for entry in counting(category) {
            if entry
                .patterns
                .iter()
                .all(|p| matches!(p, Pattern::Exact(_)))
                && seen.insert((&category.name, format!("{:?}", entry.patterns)))
            {
                exact
                    .entry(entry.patterns.len())
                    .or_default()
                    .push((category, entry));
            }
        }
    }
    for category in categories {
        for wildcard in counting(category) {
            if wildcard
                .patterns
                .iter()
                .all(|p| matches!(p, Pattern::Exact(_)))
            {
                continue;
            }
            let Some(candidates) = exact.get(&wildcard.patterns.len()) else {
                continue;
            };
            for (other, entry) in candidates {
                if other.name == category.name {
                    continue;
                }
                // Alternatives that spell out the other entry are a deliberate shared
                // phrase; only a wildcard doing the matching is reported.
                let covered: Option<Vec<bool>> = wildcard
                    .patterns
                    .iter()
                    .zip(&entry.patterns)
                    .map(|(pattern, word)| match word {
                        Pattern::Exact(word) => cover(pattern, word),
                        _ => None,
                    })
                    .collect();
                if covered.is_some_and(|through| through.contains(&true)) {
                    problems.push(Problem {
                        path: category.origin.clone(),
                        line: wildcard.line,
                        kind: Kind::Swallows,
                        message: format!(
                            "'{}' in '{}' also matches '{}', an entry of '{}' ({}:{})",
                            wildcard.text,
                            category.name,
                            entry.text,
                            other.name,
                            other.origin,
                            entry.line
                        ),
                    });
                }
            }
        }
    }
}

/// How `pattern` matches `word`: `None` not at all, `Some(true)` through a wildcard (a prefix
/// or a gap), `Some(false)` as the same word.
fn cover(pattern: &Pattern, word: &str) -> Option<bool> {
    match pattern {
        Pattern::Exact(exact) => (exact == word).then_some(false),
        Pattern::Prefix(prefix) => word.starts_with(prefix.as_str()).then_some(true),
        Pattern::Any => Some(true),
        Pattern::Either(options) => options
            .iter()
            .filter_map(|option| cover(option, word))
            .min(),
    }
}

/// Entries that count (exclusions only block).
fn counting(category: &Category) -> impl Iterator<Item = &Entry> {
    category.entries.iter().filter(|entry| !entry.exclusion)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(problems: &[Problem]) -> Vec<(Kind, usize)> {
        problems.iter().map(|p| (p.kind, p.line)).collect()
    }

    #[test]
    fn finds_each_planted_problem_in_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write(
            "support.txt",
            "# category: support\n# measures: test\ncare*\nhere for you\nHere  for you\nwell-being\n",
        );
        write("autonomy.txt", "# category: autonomy\ncareer\nme time\n");
        write("hollow.txt", "# category: hollow\n# nothing yet\n");
        write("wrong.txt", "# category: right\nfine\n(a|b\n");
        let problems = check_path(dir.path()).unwrap();
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        let support = dir.path().join("support.txt").display().to_string();
        let hollow = dir.path().join("hollow.txt").display().to_string();
        let wrong = dir.path().join("wrong.txt").display().to_string();
        assert!(
            shown.contains(&format!(
                "{support}:3: wildcard overlap: 'care*' in 'support' also matches 'career', an entry of 'autonomy' ({}:2)",
                dir.path().join("autonomy.txt").display()
            )),
            "{shown:#?}"
        );
        assert!(
            shown.contains(&format!(
                "{support}:5: duplicate: 'Here for you' repeats 'here for you' (line 4) in category 'support'"
            )),
            "{shown:#?}"
        );
        assert!(
            shown
                .iter()
                .any(|s| s.starts_with(&format!("{support}:6: malformed: 'well-being'")))
        );
        assert!(shown.contains(&format!(
            "{hollow}: empty category: category 'hollow' has no entries"
        )));
        assert!(
            shown
                .iter()
                .any(|s| s.starts_with(&format!("{wrong}:1: malformed: header names")))
        );
        assert!(
            shown
                .iter()
                .any(|s| s.starts_with(&format!("{wrong}:3: malformed: '(a|b'")))
        );
        assert_eq!(problems.len(), 6, "{shown:#?}");
    }

    #[test]
    fn shared_phrases_spelled_out_are_not_wildcard_overlaps() {
        let categories = [
            ("empathy", "it'll be (okay|fine)\nyou * me\n"),
            ("support", "it'll be okay\nyou hurt me\n"),
        ]
        .map(|(name, body)| crate::lexicon::parse::parse_category(name, name, body).unwrap());
        let problems = check_categories(&categories);
        assert_eq!(kinds(&problems), [(Kind::Swallows, 2)], "{problems:#?}");
        assert!(problems[0].message.contains("'you hurt me'"));
    }

    #[test]
    fn a_broken_language_file_is_a_problem_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("es");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("thanks.txt"), "# category: thanks\ngracias\n").unwrap();
        std::fs::write(
            folder.join("_language.txt"),
            "[negators]\nno\n[nouns]\ncasa\n",
        )
        .unwrap();
        let problems = check_path(&folder).unwrap();
        assert_eq!(kinds(&problems), [(Kind::Malformed, 3)], "{problems:?}");
        std::fs::write(folder.join("_language.txt"), "[negators]\nno nunca\n").unwrap();
        assert!(check_path(&folder).unwrap().is_empty());
    }

    #[test]
    fn examples_must_be_entries_of_their_category() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("thanks.txt");
        std::fs::write(
            &file,
            "# category: thanks\n# examples: thank you, cheers\nthank you\n-cheers\n",
        )
        .unwrap();
        let problems = check_path(&file).unwrap();
        assert_eq!(kinds(&problems), [(Kind::Example, 0)], "{problems:?}");
        assert!(problems[0].message.contains("'cheers'"), "{problems:?}");
    }

    #[test]
    fn a_clean_lexicon_has_no_problems() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("thanks.txt");
        std::fs::write(&file, "# category: thanks\nthank*\n-thanks for nothing\n").unwrap();
        assert_eq!(check_path(&file).unwrap(), []);
    }

    #[test]
    fn imported_dictionaries_are_checked_too() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("mine.dic");
        std::fs::write(
            &file,
            "%\n1\tposemo\n2\twork\n3\tunused\n%\ncare*\t1\ncareer\t2\ncareer\t2\nlike\t02 134/125\n",
        )
        .unwrap();
        let problems = check_path(&file).unwrap();
        assert_eq!(
            kinds(&problems),
            [
                (Kind::Empty, 4),
                (Kind::Swallows, 6),
                (Kind::Duplicate, 8),
                (Kind::Malformed, 9),
            ],
            "{problems:#?}"
        );
    }
}
