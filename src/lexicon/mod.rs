//! Lexicons: the built-in categories, user overrides, and the compiled matcher.

pub mod check;
pub mod context;
pub mod import;
pub mod matcher;
pub mod parse;

use std::path::Path;

use sha2::{Digest, Sha256};

pub use context::Context;
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
    /// What loading user files dropped or doubted; the caller shows these to the user.
    warnings: Vec<Warning>,
}

/// Something a lexicon file holds that was skipped or is doubtful; loading went on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub path: String,
    /// 1-based; 0 when the warning is about the whole file.
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            0 => write!(f, "{}: {}", self.path, self.message),
            line => write!(f, "{}:{line}: {}", self.path, self.message),
        }
    }
}

/// Categories read from a file or folder, with the warnings reading them produced.
#[derive(Debug, Default)]
pub struct Loaded {
    pub categories: Vec<Category>,
    pub warnings: Vec<Warning>,
}

impl Lexicon {
    /// The built-in categories, compiled.
    pub fn built_in() -> Result<Lexicon> {
        Lexicon::compile(built_in_categories()?)
    }

    /// Built-in categories plus (or replaced by) those in `paths`, limited to `only` when given.
    pub fn load(paths: &[impl AsRef<Path>], only: Option<&[String]>) -> Result<Lexicon> {
        let mut categories = built_in_categories()?;
        let mut warnings = Vec::new();
        for path in paths {
            let loaded = read_path(path.as_ref())?;
            warnings.extend(loaded.warnings);
            for category in loaded.categories {
                match categories.iter_mut().find(|c| c.name == category.name) {
                    Some(existing) => {
                        if existing.origin != "built-in" {
                            warnings.push(Warning {
                                path: category.origin.clone(),
                                line: category.line,
                                message: format!(
                                    "category '{}' is also defined in {}; this one replaces it",
                                    category.name, existing.origin
                                ),
                            });
                        }
                        *existing = category;
                    }
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
        let mut lexicon = Lexicon::compile(categories)?;
        lexicon.warnings = warnings;
        Ok(lexicon)
    }

    /// Compiles categories as given.
    pub fn compile(categories: Vec<Category>) -> Result<Lexicon> {
        let matcher = Matcher::compile(&categories).map_err(Error::Usage)?;
        let version = content_version(&categories);
        Ok(Lexicon {
            categories,
            matcher,
            version,
            warnings: Vec::new(),
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

    /// Rows of user dictionaries that loading dropped or doubted, with file and line.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Whether any entry has a weight other than 1 or any category another threshold than 1,
    /// so that a passage's score can differ from its hit count.
    pub fn is_weighted(&self) -> bool {
        self.categories.iter().any(|c| {
            c.threshold != parse::DEFAULT_THRESHOLD || c.entries.iter().any(|e| e.weight != 1.0)
        })
    }

    /// Whether an entry has `{restates}`, so tagging needs the message a passage answers.
    pub fn needs_context(&self) -> bool {
        self.categories
            .iter()
            .flat_map(|c| &c.entries)
            .any(|e| e.clauses.contains(&parse::Clause::Restates))
    }
}

fn built_in_categories() -> Result<Vec<Category>> {
    BUILT_IN
        .iter()
        .map(|(name, content)| parse::parse_category(name, "built-in", content))
        .collect()
}

/// File extensions closeread reads as lexicons, and what each holds.
pub const EXTENSIONS: &[&str] = &["txt", "dic", "dicx", "tsv"];

/// Reads a lexicon file, or every lexicon file in a folder (sorted by name): closeread's own
/// `.txt` (one category, malformed lines fail), or an imported LIWC `.dic`, LIWC-22 `.dicx`
/// or Empath-style `.tsv` (many categories; inexpressible rows become warnings).
pub fn read_path(path: &Path) -> Result<Loaded> {
    read_path_with(path, false)
}

/// As [`read_path`], but `lenient` turns malformed lines of `.txt` files into warnings too.
pub(crate) fn read_path_with(path: &Path, lenient: bool) -> Result<Loaded> {
    let io_error = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    if !path.is_dir() {
        return read_file(path, lenient);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(io_error)? {
        let file = entry.map_err(io_error)?.path();
        if file
            .extension()
            .and_then(|ext| ext.to_str())
            .is_some_and(|ext| EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
        {
            files.push(file);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(Error::Input {
            path: path.to_owned(),
            message: "no lexicon files (*.txt, *.dic, *.dicx, *.tsv) in this folder".to_owned(),
        });
    }
    let mut loaded = Loaded::default();
    for file in &files {
        let one = read_file(file, lenient)?;
        loaded.categories.extend(one.categories);
        loaded.warnings.extend(one.warnings);
    }
    Ok(loaded)
}

fn read_file(path: &Path, lenient: bool) -> Result<Loaded> {
    let extension = path
        .extension()
        .and_then(|ext| ext.to_str())
        .map(str::to_ascii_lowercase);
    let origin = path.display().to_string();
    let read: fn(&str, &str) -> Result<import::Imported> = match extension.as_deref() {
        Some("dic") => import::read_dic,
        Some("dicx") => import::read_dicx,
        Some("tsv") => import::read_empath,
        _ if !lenient => {
            return Ok(Loaded {
                categories: vec![parse::read_category_file(path)?],
                warnings: Vec::new(),
            });
        }
        _ => {
            let (content, decoded) = import::read_text(path)?;
            let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            let (category, problems) = parse::parse_category_lenient(name, &origin, &content);
            let warnings = decoded
                .into_iter()
                .chain(problems.into_iter().map(|(line, message)| Warning {
                    path: origin.clone(),
                    line,
                    message,
                }))
                .collect();
            return Ok(Loaded {
                categories: vec![category],
                warnings,
            });
        }
    };
    let (content, decoded) = import::read_text(path)?;
    let imported = read(&origin, &content)?;
    Ok(Loaded {
        categories: imported.categories,
        warnings: decoded.into_iter().chain(imported.warnings).collect(),
    })
}

fn content_version(categories: &[Category]) -> String {
    let mut hasher = Sha256::new();
    for category in categories {
        hasher.update(category.name.as_bytes());
        hasher.update(b"\n");
        if category.threshold != parse::DEFAULT_THRESHOLD {
            hasher.update(format!("threshold {}\n", category.threshold).as_bytes());
        }
        for entry in &category.entries {
            let flag = match (entry.exclusion, entry.negatable) {
                (true, _) => "-",
                (false, false) => "!",
                (false, true) => "",
            };
            let conditions = match entry.conditions.as_str() {
                "" => String::new(),
                written => format!(" {written}"),
            };
            hasher
                .update(format!("{flag}{}{conditions}\t{}\n", entry.text, entry.weight).as_bytes());
        }
        hasher.update(b"\n");
    }
    let digest = hasher.finalize();
    digest[..6]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
