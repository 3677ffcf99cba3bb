//! `--anonymize`: authors become `Person A`, `Person B`, … in order of first appearance.
//!
//! Order of first appearance means source order, then record order inside a source, which
//! the pipeline hands to sinks regardless of thread count; so the same input always gets
//! the same labels. Names are also taken out of free text (quoted passages, file names)
//! wherever an author's full name or one of its words appears as a whole word.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

use crate::aggregate::Counts;

/// `Person A` … `Person Z`, then `Person AA`, `Person AB`, … (spreadsheet columns).
pub fn label(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(b'A' + rest as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!(
        "Person {}",
        String::from_utf8(letters).expect("ASCII letters")
    )
}

/// Names seen so far and their labels.
#[derive(Debug, Default)]
pub struct Anonymizer {
    labels: HashMap<String, String>,
    order: Vec<String>,
    /// Matcher over every known name and name part, rebuilt when a name is added.
    pattern: OnceLock<(Regex, HashMap<String, String>)>,
}

impl Anonymizer {
    pub fn new() -> Anonymizer {
        Anonymizer::default()
    }

    /// Labels for `authors`, in the order given.
    pub fn from_authors(authors: &[String]) -> Anonymizer {
        let mut names = Anonymizer::new();
        for author in authors {
            names.see(author);
        }
        names
    }

    /// Notes `author`, giving it the next label if it is new.
    pub fn see(&mut self, author: &str) {
        if !self.labels.contains_key(author) {
            let label = label(self.order.len());
            self.labels.insert(author.to_owned(), label);
            self.order.push(author.to_owned());
            self.pattern = OnceLock::new();
        }
    }

    /// The label of `author`; an author never seen gets one now.
    pub fn label_of(&mut self, author: &str) -> String {
        self.see(author);
        self.labels[author].clone()
    }

    /// The label of an author already seen (every author is, once a run is over).
    pub fn known(&self, author: &str) -> String {
        self.labels
            .get(author)
            .cloned()
            .unwrap_or_else(|| "Person ?".to_owned())
    }

    /// Authors in order of first appearance.
    pub fn authors(&self) -> &[String] {
        &self.order
    }

    /// Renames every author key of `counts`.
    pub fn counts(&self, counts: Counts) -> Counts {
        Counts {
            by_day: counts
                .by_day
                .into_iter()
                .map(|((date, author), tally)| ((date, author.map(|a| self.known(&a))), tally))
                .collect(),
            ..counts
        }
    }

    /// `text` with every known name, and every word of a name, replaced by its label.
    pub fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if self.order.is_empty() {
            return Cow::Borrowed(text);
        }
        let (regex, by_name) = self
            .pattern
            .get_or_init(|| build(&self.order, &self.labels));
        regex.replace_all(text, |captures: &regex::Captures<'_>| {
            by_name
                .get(&captures[0].to_lowercase())
                .cloned()
                .unwrap_or_else(|| "Person ?".to_owned())
        })
    }
}

/// One case-insensitive alternation of whole names and their words, longest first.
fn build(order: &[String], labels: &HashMap<String, String>) -> (Regex, HashMap<String, String>) {
    let mut by_name: HashMap<String, String> = HashMap::new();
    for author in order {
        let label = &labels[author];
        let whole = author.trim().to_lowercase();
        let parts = whole
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|part| part.chars().count() >= 2)
            .map(str::to_owned);
        for name in std::iter::once(whole.clone()).chain(parts) {
            if !name.is_empty() {
                by_name.entry(name).or_insert_with(|| label.clone());
            }
        }
    }
    let mut names: Vec<&String> = by_name.keys().collect();
    names.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    let alternatives: Vec<String> = names
        .iter()
        .map(|name| {
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            format!(
                "{}{}{}",
                if word(name.chars().next()) { r"\b" } else { "" },
                regex::escape(name),
                if word(name.chars().last()) { r"\b" } else { "" }
            )
        })
        .collect();
    let regex = Regex::new(&format!("(?i)(?:{})", alternatives.join("|")))
        .expect("escaped names form a valid pattern");
    (regex, by_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_run_like_spreadsheet_columns() {
        assert_eq!(label(0), "Person A");
        assert_eq!(label(25), "Person Z");
        assert_eq!(label(26), "Person AA");
        assert_eq!(label(27), "Person AB");
    }

    #[test]
    fn labels_follow_first_appearance() {
        let mut names = Anonymizer::new();
        names.see("Sam");
        names.see("Alex Smith");
        names.see("Sam");
        assert_eq!(names.label_of("Alex Smith"), "Person B");
        assert_eq!(names.known("Sam"), "Person A");
    }

    #[test]
    fn names_and_their_parts_are_redacted_as_whole_words() {
        let mut names = Anonymizer::new();
        names.see("Sam");
        names.see("Alex Smith");
        names.see("+44 7700 900123");
        assert_eq!(
            names.redact("sam, ask ALEX. Alex Smith's phone is +44 7700 900123; Samuel stays"),
            "Person A, ask Person B. Person B's phone is Person C; Samuel stays"
        );
    }
}
