//! Lexicons: the built-in categories, user overrides, and the compiled matcher.

pub mod matcher;
pub mod parse;

use std::path::Path;

use sha2::{Digest, Sha256};

pub use matcher::{Match, Matcher, Scratch};
pub use parse::{Category, Entry, Pattern};

use crate::error::{Error, Result};

/// The built-in categories in report order: the three core ones first.
const BUILT_IN: &[(&str, &str)] = &[
    (
        "appreciation",
        include_str!("../../lexicons/appreciation.txt"),
    ),
    ("empathy", include_str!("../../lexicons/empathy.txt")),
    ("conflict", include_str!("../../lexicons/conflict.txt")),
    ("repair", include_str!("../../lexicons/repair.txt")),
    ("support", include_str!("../../lexicons/support.txt")),
    (
        "vulnerability",
        include_str!("../../lexicons/vulnerability.txt"),
    ),
    ("listening", include_str!("../../lexicons/listening.txt")),
    ("connection", include_str!("../../lexicons/connection.txt")),
    (
        "togetherness",
        include_str!("../../lexicons/togetherness.txt"),
    ),
    ("autonomy", include_str!("../../lexicons/autonomy.txt")),
    ("reflection", include_str!("../../lexicons/reflection.txt")),
];

/// Categories that make up the positive side of the positive-to-conflict ratio.
pub const POSITIVE: &[&str] = &["appreciation", "empathy", "repair", "support"];
/// The category on the other side of the ratio.
pub const CONFLICT: &str = "conflict";

/// A compiled set of categories, ready to match, with its content version.
#[derive(Debug)]
pub struct Lexicon {
    categories: Vec<Category>,
    matcher: Matcher,
    version: String,
}

impl Lexicon {
    /// The built-in categories, compiled.
    pub fn built_in() -> Result<Lexicon> {
        Lexicon::compile(built_in_categories()?)
    }

    /// Built-in categories plus (or replaced by) those in `paths`, limited to `only` when given.
    pub fn load(paths: &[impl AsRef<Path>], only: Option<&[String]>) -> Result<Lexicon> {
        let mut categories = built_in_categories()?;
        for path in paths {
            for category in read_path(path.as_ref())? {
                match categories.iter_mut().find(|c| c.name == category.name) {
                    Some(existing) => *existing = category,
                    None => categories.push(category),
                }
            }
        }
        if let Some(only) = only {
            for name in only {
                if !categories.iter().any(|c| &c.name == name) {
                    return Err(Error::Usage(format!(
                        "--only names '{name}', which is not a category (known: {})",
                        categories
                            .iter()
                            .map(|c| c.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                }
            }
            categories.retain(|c| only.contains(&c.name));
        }
        Lexicon::compile(categories)
    }

    /// Compiles categories as given.
    pub fn compile(categories: Vec<Category>) -> Result<Lexicon> {
        let matcher = Matcher::compile(&categories).map_err(Error::Usage)?;
        let version = content_version(&categories);
        Ok(Lexicon {
            categories,
            matcher,
            version,
        })
    }

    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    pub fn category_names(&self) -> impl Iterator<Item = &str> {
        self.categories.iter().map(|c| c.name.as_str())
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.categories.iter().position(|c| c.name == name)
    }

    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Short content hash of every category's name and entries; printed in every output
    /// so a result can be tied to the exact lexicon that produced it.
    pub fn version(&self) -> &str {
        &self.version
    }
}

fn built_in_categories() -> Result<Vec<Category>> {
    BUILT_IN
        .iter()
        .map(|(name, content)| parse::parse_category(name, "built-in", content))
        .collect()
}

/// Reads a lexicon file, or every lexicon file in a folder (sorted by name).
fn read_path(path: &Path) -> Result<Vec<Category>> {
    let io_error = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    if !path.is_dir() {
        return Ok(vec![parse::read_category_file(path)?]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(io_error)? {
        let file = entry.map_err(io_error)?.path();
        if file.extension().is_some_and(|ext| ext == "txt") {
            files.push(file);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(Error::Input {
            path: path.to_owned(),
            message: "no lexicon files (*.txt) in this folder".to_owned(),
        });
    }
    files
        .iter()
        .map(|file| parse::read_category_file(file))
        .collect()
}

fn content_version(categories: &[Category]) -> String {
    let mut hasher = Sha256::new();
    for category in categories {
        hasher.update(category.name.as_bytes());
        hasher.update(b"\n");
        for entry in &category.entries {
            let flag = match (entry.exclusion, entry.negatable) {
                (true, _) => "-",
                (false, false) => "!",
                (false, true) => "",
            };
            hasher.update(format!("{flag}{}\t{}\n", entry.text, entry.weight).as_bytes());
        }
        hasher.update(b"\n");
    }
    let digest = hasher.finalize();
    digest[..6]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
