//! Lexicons: the built-in categories, user overrides, and the compiled matcher.

pub mod check;
pub mod context;
pub mod import;
pub mod language;
pub mod matcher;
pub mod parse;

use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

pub use context::{Answered, Context};
pub use language::Language;
pub use matcher::{Match, Matcher, Scratch};
pub use parse::{Category, Entry, Pattern};

use crate::error::{Error, Result};
use crate::text::key_hash;

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

/// A language folder's code, `_language.txt` and `(category, file)` pairs.
type LanguageFiles = (
    &'static str,
    Option<&'static str>,
    &'static [(&'static str, &'static str)],
);

/// `(code, language file, [(category, file)])` of every folder under `lexicons/`, written by
/// `build.rs`.
const BUILT_IN_LANGUAGES: &[LanguageFiles] = include!(concat!(env!("OUT_DIR"), "/languages.rs"));

/// Categories that make up the positive side of the positive-to-conflict ratio.
pub const POSITIVE: &[&str] = &["appreciation", "empathy", "repair", "support"];
/// The category on the other side of the ratio.
pub const CONFLICT: &str = "conflict";

/// The categories of every language in use, ready to match, with their content version.
///
/// A category holds the entries of all languages one after another, so an entry index means
/// the same in every language set; each set compiles only its own languages' entries.
#[derive(Debug)]
pub struct Lexicon {
    categories: Vec<Category>,
    languages: Vec<LexiconLanguage>,
    /// What the tagger can choose from: one set per language when the language of each
    /// conversation is detected, the one set `--lang` names otherwise.
    sets: Vec<LanguageSet>,
    /// Whether sets are chosen per conversation by detection (no `--lang`).
    detect: bool,
    version: String,
    /// Some entry is `{restates}`: tagging needs the message each passage answers.
    needs_context: bool,
    /// What loading user files dropped or doubted; the caller shows these to the user.
    warnings: Vec<Warning>,
}

/// One language's rules and where its entries sit in each category.
#[derive(Debug)]
struct LexiconLanguage {
    rules: Language,
    /// Per category, the range of its entries that are this language's.
    entries: Vec<Range<usize>>,
    /// Per category, the examples this language's file names (`# examples:`).
    examples: Vec<Vec<String>>,
}

/// Languages whose lexicons are applied together to a passage.
#[derive(Debug)]
pub struct LanguageSet {
    /// Indices into `Lexicon::languages`.
    members: Vec<usize>,
    rules: Language,
    /// Compiled on first use: a run usually meets only one or two languages.
    compiled: OnceLock<std::result::Result<Compiled, String>>,
}

/// The matcher of one language set, and the category entry behind each of its entries.
#[derive(Debug)]
pub struct Compiled {
    pub matcher: Matcher,
    /// Per category, the index (in the category) of each entry the matcher knows.
    entries: Vec<Vec<u32>>,
}

impl Compiled {
    /// The category's entry index of the matcher's entry `entry` of `category`.
    pub fn entry(&self, category: usize, entry: usize) -> usize {
        self.entries[category][entry] as usize
    }
}

impl LanguageSet {
    /// `es`, or `es+en` for several.
    pub fn code(&self) -> &str {
        &self.rules.code
    }

    /// `Spanish`, or `Spanish and English`.
    pub fn name(&self) -> &str {
        &self.rules.name
    }

    /// Negators and function words of the set's languages.
    pub fn rules(&self) -> &Language {
        &self.rules
    }
}

/// Which languages' lexicons tag a passage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum LanguageChoice {
    /// Detected per conversation (the default).
    #[default]
    Detect,
    /// `--lang es` or `--lang es,en`: these, for every passage.
    Forced(Vec<String>),
}

/// One language's categories and rules as read, before they are put together.
#[derive(Debug)]
struct LanguageSource {
    code: String,
    rules: Option<Language>,
    categories: Vec<Category>,
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
    /// Every built-in language, compiled on demand.
    pub fn built_in() -> Result<Lexicon> {
        Lexicon::load(&[] as &[&Path], None, &LanguageChoice::Detect)
    }

    /// Built-in categories plus (or replaced by) those in `paths`, limited to `only` when
    /// given, for the languages `choice` allows.
    pub fn load(
        paths: &[impl AsRef<Path>],
        only: Option<&[String]>,
        choice: &LanguageChoice,
    ) -> Result<Lexicon> {
        let mut sources = built_in_languages()?;
        let mut warnings = Vec::new();
        for path in paths {
            for (code, loaded, rules) in read_languages(path.as_ref())? {
                warnings.extend(loaded.warnings);
                let source = match sources.iter_mut().find(|s| s.code == code) {
                    Some(source) => source,
                    None => {
                        sources.push(LanguageSource {
                            code: code.clone(),
                            rules: None,
                            categories: Vec::new(),
                        });
                        sources.last_mut().expect("pushed above")
                    }
                };
                if rules.is_some() {
                    source.rules = rules;
                }
                replace_categories(&mut source.categories, loaded.categories, &mut warnings);
            }
        }
        // Categories keep their names and order whatever the language, so tables made with
        // different --lang line up; a language without a category has no entries in it.
        let mut skeleton = skeleton_of(&sources);
        warnings.extend(unused_thresholds(&skeleton, &sources));
        if let Some(only) = only {
            if let Some(name) = only
                .iter()
                .find(|name| !skeleton.iter().any(|c| &c.name == *name))
            {
                return Err(Error::Usage(format!(
                    "--only names '{name}', which is not a category (known: {})",
                    skeleton
                        .iter()
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            skeleton.retain(|c| only.contains(&c.name));
            for source in &mut sources {
                source.categories.retain(|c| only.contains(&c.name));
            }
        }
        if let LanguageChoice::Forced(codes) = choice {
            if let Some(code) = codes
                .iter()
                .find(|code| !sources.iter().any(|s| &s.code == *code))
            {
                return Err(Error::Usage(format!(
                    "--lang {code}: no lexicons for {} (have: {})",
                    language_name(code),
                    sources
                        .iter()
                        .map(|s| s.code.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            sources.retain(|s| codes.contains(&s.code));
            sources.sort_by_key(|s| codes.iter().position(|c| *c == s.code));
        }
        let detect = matches!(choice, LanguageChoice::Detect);
        let mut lexicon = Lexicon::assemble(skeleton, sources, detect)?;
        lexicon.warnings = warnings;
        // The default set is compiled now, and every set when user files are in it, so an
        // entry that cannot compile fails here; the built-in languages are tested to compile.
        let sets = if paths.is_empty() {
            1
        } else {
            lexicon.sets.len()
        };
        for set in 0..sets {
            lexicon
                .compiled(set)
                .map_err(|message| Error::Usage(message.to_owned()))?;
        }
        Ok(lexicon)
    }

    /// Compiles categories as given, as English.
    pub fn compile(categories: Vec<Category>) -> Result<Lexicon> {
        let source = LanguageSource {
            code: "en".to_owned(),
            rules: None,
            categories,
        };
        let lexicon = Lexicon::assemble(Vec::new(), vec![source], false)?;
        lexicon
            .compiled(0)
            .map_err(|message| Error::Usage(message.to_owned()))?;
        Ok(lexicon)
    }

    /// Puts languages' categories side by side: one category per name, those of `skeleton`
    /// first, then in the order names first appear, holding every language's entries.
    fn assemble(
        skeleton: Vec<Category>,
        sources: Vec<LanguageSource>,
        detect: bool,
    ) -> Result<Lexicon> {
        let mut categories = skeleton;
        let mut languages = Vec::new();
        for source in sources {
            let rules = match source.rules {
                Some(rules) => rules,
                None if source.code == "en" => language::english().clone(),
                None => Language::without_rules(&source.code, language_name(&source.code)),
            };
            let mut ranges = vec![0..0; categories.len()];
            let mut examples = vec![Vec::new(); categories.len()];
            for mut category in source.categories {
                let index = match categories.iter().position(|c| c.name == category.name) {
                    Some(index) => index,
                    None => {
                        categories.push(category.without_entries());
                        ranges.push(0..0);
                        examples.push(Vec::new());
                        categories.len() - 1
                    }
                };
                examples[index] = std::mem::take(&mut category.examples);
                let held = &mut categories[index].entries;
                ranges[index] = held.len()..held.len() + category.entries.len();
                held.extend(category.entries);
            }
            languages.push(LexiconLanguage {
                rules,
                entries: ranges,
                examples,
            });
        }
        for language in &mut languages {
            language.entries.resize(categories.len(), 0..0);
            language.examples.resize(categories.len(), Vec::new());
        }
        let version = content_version(&categories, &languages);
        // A language folder with rules but no entries yet is no choice for detection.
        let sets = if detect {
            (0..languages.len())
                .filter(|&index| {
                    index == 0 || languages[index].entries.iter().any(|r| !r.is_empty())
                })
                .map(|index| vec![index])
                .collect()
        } else {
            vec![(0..languages.len()).collect()]
        };
        let sets = sets
            .into_iter()
            .map(|members: Vec<usize>| {
                let rules: Vec<&Language> = members.iter().map(|&i| &languages[i].rules).collect();
                LanguageSet {
                    rules: match rules.as_slice() {
                        [one] => (*one).clone(),
                        many => Language::union(many),
                    },
                    members,
                    compiled: OnceLock::new(),
                }
            })
            .collect();
        let needs_context = categories
            .iter()
            .flat_map(|c| &c.entries)
            .any(|e| e.clauses.contains(&parse::Clause::Restates));
        Ok(Lexicon {
            categories,
            languages,
            sets,
            detect,
            version,
            needs_context,
            warnings: Vec::new(),
        })
    }

    /// The language sets to choose from; set 0 is the default (English when detecting).
    pub fn sets(&self) -> &[LanguageSet] {
        &self.sets
    }

    /// The entries of category `category` in language set `set`, in lexicon order.
    pub fn entries_in(&self, set: usize, category: usize) -> impl Iterator<Item = &Entry> {
        self.entry_ranges(&self.sets[set].members, category)
            .flat_map(move |range| &self.categories[category].entries[range])
    }

    /// The examples the files of language set `set` name for category `category`.
    pub fn examples_in(&self, set: usize, category: usize) -> impl Iterator<Item = &str> {
        self.sets[set]
            .members
            .iter()
            .flat_map(move |&member| &self.languages[member].examples[category])
            .map(String::as_str)
    }

    /// Where the entries of category `category` of each language in `members` lie among the
    /// category's entries.
    fn entry_ranges<'s>(
        &'s self,
        members: &'s [usize],
        category: usize,
    ) -> impl Iterator<Item = Range<usize>> + 's {
        members
            .iter()
            .map(move |&member| self.languages[member].entries[category].clone())
    }

    /// Whether the language of each conversation is detected (no `--lang`).
    pub fn detects(&self) -> bool {
        self.detect
    }

    /// The set of the one language `code`, when detecting and it has lexicons.
    pub fn set_of(&self, code: &str) -> Option<usize> {
        self.sets.iter().position(|set| set.code() == code)
    }

    /// The matcher of set `index`, compiled on first use.
    pub fn compiled(&self, index: usize) -> std::result::Result<&Compiled, &str> {
        let set = &self.sets[index];
        set.compiled
            .get_or_init(|| self.compile_set(&set.members))
            .as_ref()
            .map_err(String::as_str)
    }

    fn compile_set(&self, members: &[usize]) -> std::result::Result<Compiled, String> {
        let mut entries = Vec::with_capacity(self.categories.len());
        let selected: Vec<(&Category, Vec<&Entry>)> = self
            .categories
            .iter()
            .enumerate()
            .map(|(index, category)| {
                let mut kept = Vec::new();
                let mut indices = Vec::new();
                for range in self.entry_ranges(members, index) {
                    indices.extend(range.clone().map(|i| i as u32));
                    kept.extend(&category.entries[range]);
                }
                entries.push(indices);
                (category, kept)
            })
            .collect();
        Ok(Compiled {
            matcher: Matcher::compile(&selected)?,
            entries,
        })
    }

    /// Per language (code and name), its number of entries in each category.
    pub fn language_entries(&self) -> Vec<(&str, &str, Vec<usize>)> {
        self.languages
            .iter()
            .map(|language| {
                (
                    language.rules.code.as_str(),
                    language.rules.name.as_str(),
                    language.entries.iter().map(|range| range.len()).collect(),
                )
            })
            .collect()
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
        self.needs_context
    }
}

/// English at the top level, then every language folder, each with its categories in
/// English's order (names English lacks after them, by name).
fn built_in_languages() -> Result<Vec<LanguageSource>> {
    let mut sources = vec![LanguageSource {
        code: "en".to_owned(),
        rules: Some(language::english().clone()),
        categories: BUILT_IN
            .iter()
            .map(|(name, content)| parse::parse_category(name, "built-in", content))
            .collect::<Result<_>>()?,
    }];
    for (code, rules, files) in BUILT_IN_LANGUAGES {
        let origin = format!("built-in {code}");
        let mut categories = files
            .iter()
            .map(|(name, content)| parse::parse_category(name, &origin, content))
            .collect::<Result<Vec<_>>>()?;
        categories.sort_by_key(|c| {
            BUILT_IN
                .iter()
                .position(|(name, _)| *name == c.name)
                .unwrap_or(usize::MAX)
        });
        sources.push(LanguageSource {
            code: (*code).to_owned(),
            rules: rules
                .map(|content| Language::parse(code, &origin, content))
                .transpose()?,
            categories,
        });
    }
    Ok(sources)
}

/// Every category name of `sources` in the order it first appears, without entries.
fn skeleton_of(sources: &[LanguageSource]) -> Vec<Category> {
    let mut skeleton: Vec<Category> = Vec::new();
    for category in sources.iter().flat_map(|s| &s.categories) {
        if !skeleton.iter().any(|c| c.name == category.name) {
            skeleton.push(category.without_entries());
        }
    }
    skeleton
}

/// Token keys mapped to values, found by the [`key_hash`] the tokenizer stored with each
/// token, so a token is hashed once however many tables look it up.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyMap<V>(hashbrown::HashTable<(StoredKey, V)>);

impl<V> KeyMap<V> {
    /// The value of `key`, whose [`key_hash`] is `hash`.
    #[inline(always)]
    pub(crate) fn get_hashed(&self, key: &str, hash: u64) -> Option<&V> {
        self.0
            .find(hash, |(held, _)| held.as_bytes() == key.as_bytes())
            .map(|(_, value)| value)
    }

    pub(crate) fn get(&self, key: &str) -> Option<&V> {
        self.get_hashed(key, key_hash(key))
    }

    /// The value of `key`, made with `new` when it has none.
    pub(crate) fn entry(&mut self, key: &str, new: impl FnOnce() -> V) -> &mut V {
        let entry = self.0.entry(
            key_hash(key),
            |(held, _)| held.as_bytes() == key.as_bytes(),
            |(held, _)| key_hash(held.as_str()),
        );
        &mut entry
            .or_insert_with(|| (StoredKey::new(key), new()))
            .into_mut()
            .1
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.0.iter().map(|(key, value)| (key.as_str(), value))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A [`KeyMap`] key, kept inside the table when short (nearly every word), so comparing it
/// with a token reads no memory elsewhere.
#[derive(Debug, Clone)]
enum StoredKey {
    Short { len: u8, bytes: [u8; SHORT_KEY] },
    Long(Box<str>),
}

const SHORT_KEY: usize = 22;

impl StoredKey {
    fn new(key: &str) -> StoredKey {
        if key.len() <= SHORT_KEY {
            let mut bytes = [0; SHORT_KEY];
            bytes[..key.len()].copy_from_slice(key.as_bytes());
            StoredKey::Short {
                len: key.len() as u8,
                bytes,
            }
        } else {
            StoredKey::Long(key.into())
        }
    }

    #[inline(always)]
    fn as_bytes(&self) -> &[u8] {
        match self {
            StoredKey::Short { len, bytes } => &bytes[..usize::from(*len)],
            StoredKey::Long(key) => key.as_bytes(),
        }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).expect("a key is stored whole, from a str")
    }
}

/// The first bytes of a set of keys, one bit each: a key whose first byte is not among them
/// is none of the set's words (nor starts with one), and is turned away without hashing.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LeadBytes([u64; 4]);

impl LeadBytes {
    pub(crate) fn insert(&mut self, key: &str) {
        if let Some(&lead) = key.as_bytes().first() {
            self.0[usize::from(lead / 64)] |= 1 << (lead % 64);
        }
    }

    pub(crate) fn may_start(&self, key: &str) -> bool {
        key.as_bytes()
            .first()
            .is_some_and(|&lead| self.0[usize::from(lead / 64)] >> (lead % 64) & 1 == 1)
    }
}

/// A category's threshold is the one of its first definition (English, or the first
/// language that has it): a language file that sets another one is told so, not ignored
/// in silence.
fn unused_thresholds(skeleton: &[Category], sources: &[LanguageSource]) -> Vec<Warning> {
    sources
        .iter()
        .flat_map(|source| &source.categories)
        .filter_map(|category| {
            let used = skeleton.iter().find(|c| c.name == category.name)?;
            (category.threshold != used.threshold).then(|| Warning {
                path: category.origin.clone(),
                line: category.line,
                message: format!(
                    "threshold {} is not used: category '{}' takes the threshold of {} ({}) in every language",
                    category.threshold, category.name, used.origin, used.threshold
                ),
            })
        })
        .collect()
}

/// Replaces categories of the same name, or adds them; a user category defined twice is
/// worth a warning.
fn replace_categories(held: &mut Vec<Category>, new: Vec<Category>, warnings: &mut Vec<Warning>) {
    for category in new {
        match held.iter_mut().find(|c| c.name == category.name) {
            Some(existing) => {
                if !existing.origin.starts_with("built-in") {
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
            None => held.push(category),
        }
    }
}

/// What a `--lexicons` path holds, per language: a file, or a folder's files, are English;
/// a folder's sub-folders named like `es` or `de` are those languages, and so is a folder so
/// named that holds a `_language.txt` (each language's rules).
fn read_languages(path: &Path) -> Result<Vec<(String, Loaded, Option<Language>)>> {
    if !path.is_dir() {
        return Ok(vec![("en".to_owned(), read_path(path)?, None)]);
    }
    let io_error = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(path).map_err(io_error)? {
        let folder = entry.map_err(io_error)?.path();
        if let Some(code) = folder
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| is_language_code(n))
            && folder.is_dir()
        {
            folders.push((code.to_owned(), folder.clone()));
        }
    }
    folders.sort();
    let mut languages = Vec::new();
    let mut read = |code: &str, folder: &Path, required: bool| -> Result<()> {
        let rules_path = folder.join(language::LANGUAGE_FILE);
        let rules = if rules_path.is_file() {
            let content = std::fs::read_to_string(&rules_path).map_err(|source| Error::Io {
                path: rules_path.clone(),
                source,
            })?;
            Some(Language::parse(
                code,
                &rules_path.display().to_string(),
                &content,
            )?)
        } else {
            None
        };
        let loaded = match read_path(folder) {
            Ok(loaded) => loaded,
            Err(Error::Input { .. }) if !required || rules.is_some() => Loaded::default(),
            Err(error) => return Err(error),
        };
        languages.push((code.to_owned(), loaded, rules));
        Ok(())
    };
    // A language folder given itself (`--lexicons lexicons/es`) is that language.
    let own_code = path
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| is_language_code(n) && path.join(language::LANGUAGE_FILE).is_file());
    if let Some(code) = own_code {
        read(code, path, true)?;
        return Ok(languages);
    }
    read("en", path, folders.is_empty())?;
    for (code, folder) in &folders {
        read(code, folder, true)?;
    }
    Ok(languages)
}

/// A folder name that is an ISO 639 code: two or three lowercase letters.
pub(crate) fn is_language_code(name: &str) -> bool {
    (2..=3).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_lowercase())
}

/// The English name of a language code, or the code itself when closeread does not know it.
pub fn language_name(code: &str) -> &str {
    crate::lang::name_of(code).unwrap_or(code)
}

/// The version of the built-in lexicons, every language included (`--version`).
pub fn built_in_version() -> Result<String> {
    Ok(
        Lexicon::load(&[] as &[&Path], None, &LanguageChoice::Detect)?
            .version()
            .to_owned(),
    )
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
        let rules = file
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name.starts_with('_'));
        if !rules
            && file
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

/// Hash of every category and of the rules of every language in use.
fn content_version(categories: &[Category], languages: &[LexiconLanguage]) -> String {
    let mut hasher = Sha256::new();
    for language in languages {
        hasher.update(language.rules.describe().as_bytes());
    }
    for category in categories {
        hasher.update(category.name.as_bytes());
        hasher.update(b"\n");
        if category.threshold != parse::DEFAULT_THRESHOLD {
            hasher.update(format!("threshold {}\n", category.threshold).as_bytes());
        }
        // One buffer per category, hashed at once: hashing and formatting piece by piece
        // cost more than a run's reading of its input's first megabyte.
        let mut text = String::new();
        for entry in &category.entries {
            text.push_str(match (entry.exclusion, entry.negatable) {
                (true, _) => "-",
                (false, false) => "!",
                (false, true) => "",
            });
            text.push_str(&entry.text);
            if !entry.conditions.is_empty() {
                text.push(' ');
                text.push_str(&entry.conditions);
            }
            text.push('\t');
            if entry.weight == 1.0 {
                text.push('1');
            } else {
                write!(text, "{}", entry.weight).expect("writing to a string cannot fail");
            }
            text.push('\n');
        }
        hasher.update(text.as_bytes());
        hasher.update(b"\n");
    }
    let digest = hasher.finalize();
    digest[..6]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_language_compiles_alone() {
        for (code, _, _) in BUILT_IN_LANGUAGES.iter().chain([&("en", None, &[][..])]) {
            let choice = LanguageChoice::Forced(vec![(*code).to_owned()]);
            let lexicon = Lexicon::load(&[] as &[&Path], None, &choice).unwrap();
            assert_eq!(lexicon.sets()[0].code(), *code);
            assert_eq!(lexicon.category_names().count(), BUILT_IN.len(), "{code}");
        }
    }

    #[test]
    fn languages_share_categories_and_entry_indices_stay_global() {
        let es = LanguageSource {
            code: "es".to_owned(),
            rules: None,
            categories: vec![parse::parse_category("thanks", "es", "gracias\n").unwrap()],
        };
        let en = LanguageSource {
            code: "en".to_owned(),
            rules: None,
            categories: vec![parse::parse_category("thanks", "en", "thanks\nthank you\n").unwrap()],
        };
        let lexicon = Lexicon::assemble(Vec::new(), vec![en, es], true).unwrap();
        assert_eq!(lexicon.categories().len(), 1);
        assert_eq!(lexicon.categories()[0].entries.len(), 3);
        let spanish = lexicon.set_of("es").unwrap();
        let compiled = lexicon.compiled(spanish).unwrap();
        // The Spanish matcher's only entry is the category's third.
        assert_eq!(compiled.entry(0, 0), 2);
    }
}
