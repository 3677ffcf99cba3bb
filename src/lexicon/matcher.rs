//! Compiled matching of every category's entries over a token stream.
//!
//! All entries of all categories share one token trie, so each text position is looked up
//! once. Most tokens miss at the root (one hash probe plus a short walk of the wildcard
//! prefix trie), which keeps matching close to tokenizing speed.

use super::KeyMap;
use super::context::Context;
use super::parse::{Category, Clause, Entry, Pattern, Side};
use crate::text::Tokens;

/// Alternatives multiply; an entry that expands beyond this is refused rather than compiled.
const MAX_EXPANSIONS: usize = 4096;

/// One entry path ending at a trie node.
#[derive(Debug, Clone, Copy)]
struct Terminal {
    category: u16,
    entry: u32,
    exclusion: bool,
    negatable: bool,
    /// Index into [`Matcher::conditions`] of the entry's clauses; 0 when it has none.
    condition: u32,
}

#[derive(Debug, Default)]
struct Node {
    exact: KeyMap<u32>,
    prefixes: PrefixTrie,
    any: Option<u32>,
    terminals: Vec<Terminal>,
}

/// A byte trie of wildcard prefixes, so a token's matching prefixes are found in one walk.
#[derive(Debug, Default)]
struct PrefixTrie {
    nodes: Vec<PrefixNode>,
    /// Child of the root per first byte (0: none), filled by `seal`.
    first_level: Option<Box<[u32]>>,
}

#[derive(Debug, Default)]
struct PrefixNode {
    children: Vec<(u8, u32)>,
    target: Option<u32>,
}

impl PrefixTrie {
    fn get_or_insert(&mut self, prefix: &str, new_target: impl FnOnce() -> u32) -> u32 {
        if self.nodes.is_empty() {
            self.nodes.push(PrefixNode::default());
        }
        let mut node = 0usize;
        for &byte in prefix.as_bytes() {
            node = match self.nodes[node].children.iter().find(|(b, _)| *b == byte) {
                Some(&(_, child)) => child as usize,
                None => {
                    let child = self.nodes.len();
                    self.nodes.push(PrefixNode::default());
                    self.nodes[node].children.push((byte, child as u32));
                    child
                }
            };
        }
        *self.nodes[node].target.get_or_insert_with(new_target)
    }

    /// Calls `found(prefix_len, target)` for every stored prefix of `key`.
    fn for_each_prefix(&self, key: &str, mut found: impl FnMut(usize, u32)) {
        let bytes = key.as_bytes();
        let (Some(first_byte), Some(first_level)) = (bytes.first(), self.first_level.as_deref())
        else {
            return;
        };
        // The first byte is looked up directly: it is the step every token takes.
        let mut node = match first_level[*first_byte as usize] {
            0 => return,
            child => &self.nodes[child as usize],
        };
        if let Some(target) = node.target {
            found(1, target);
        }
        for (depth, &byte) in bytes.iter().enumerate().skip(1) {
            match node.children.iter().find(|(b, _)| *b == byte) {
                Some(&(_, child)) => node = &self.nodes[child as usize],
                None => return,
            }
            if let Some(target) = node.target {
                found(depth + 1, target);
            }
        }
    }

    /// Builds the direct first-byte table once every prefix is in.
    fn seal(&mut self) {
        if let Some(root) = self.nodes.first() {
            let mut table = vec![0u32; 256];
            for &(byte, child) in &root.children {
                table[byte as usize] = child;
            }
            self.first_level = Some(table.into_boxed_slice());
        }
    }
}

/// One hit of an entry in a passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub category: usize,
    /// Token range `[start, end)`.
    pub start: usize,
    pub end: usize,
    /// Index of the entry in its category.
    pub entry: usize,
    /// The entry can be negated (it has no `!`); whether it is depends on the language's
    /// negators around it, which the tagger knows.
    pub negatable: bool,
}

/// The compiled form of a set of categories.
#[derive(Debug)]
pub struct Matcher {
    nodes: Vec<Node>,
    categories: usize,
    /// The clauses of conditional entries; index 0 stands for "no clause".
    conditions: Vec<Vec<Clause>>,
}

/// Per-thread working memory for [`Matcher::scan`].
#[derive(Debug, Default)]
pub struct Scratch {
    covered_until: Vec<usize>,
    /// Per category: the longest match found at the current position, as (end, specificity,
    /// terminal). Specificity ranks equal-length matches: exact words beat long prefixes beat
    /// short ones beat gaps; then an entry with clauses beats one without.
    best: Vec<Option<(usize, u32, Terminal)>>,
    /// Categories with an entry in `best`, so a position visits only those.
    touched: Vec<u16>,
}

impl Matcher {
    /// Compiles the given entries of each category (borrowed: a language set compiles some
    /// of each category's entries); fails on an entry whose alternatives expand too far.
    pub fn compile(categories: &[(&Category, Vec<&Entry>)]) -> Result<Matcher, String> {
        let mut matcher = Matcher {
            nodes: vec![Node::default()],
            categories: categories.len(),
            conditions: vec![Vec::new()],
        };
        for (category_index, (category, entries)) in categories.iter().enumerate() {
            for (entry_index, entry) in entries.iter().enumerate() {
                let condition = if entry.clauses.is_empty() {
                    0
                } else {
                    matcher.conditions.push(entry.clauses.clone());
                    (matcher.conditions.len() - 1) as u32
                };
                let paths = expand(&entry.patterns);
                if paths.len() > MAX_EXPANSIONS {
                    return Err(format!(
                        "{}:{}: '{}' expands to {} alternatives (at most {MAX_EXPANSIONS})",
                        category.origin,
                        entry.line,
                        entry.text,
                        paths.len()
                    ));
                }
                for path in paths {
                    let node = matcher.insert(&path);
                    matcher.nodes[node].terminals.push(Terminal {
                        category: category_index as u16,
                        entry: entry_index as u32,
                        exclusion: entry.exclusion,
                        negatable: entry.negatable,
                        condition,
                    });
                }
            }
        }
        for node in &mut matcher.nodes {
            node.prefixes.seal();
        }
        Ok(matcher)
    }

    fn insert(&mut self, path: &[Step<'_>]) -> usize {
        let mut node = 0usize;
        for step in path {
            node = match *step {
                Step::Exact(word) => {
                    let fresh = self.nodes.len() as u32;
                    let child = *self.nodes[node].exact.entry(word, || fresh);
                    if child == fresh {
                        self.nodes.push(Node::default());
                    }
                    child as usize
                }
                Step::Prefix(prefix) => {
                    let fresh = self.nodes.len() as u32;
                    let child = self.nodes[node].prefixes.get_or_insert(prefix, || fresh);
                    if child == fresh {
                        self.nodes.push(Node::default());
                    }
                    child as usize
                }
                Step::Any => match self.nodes[node].any {
                    Some(child) => child as usize,
                    None => {
                        let child = self.new_node();
                        self.nodes[node].any = Some(child);
                        child as usize
                    }
                },
            };
        }
        node
    }

    fn new_node(&mut self) -> u32 {
        self.nodes.push(Node::default());
        (self.nodes.len() - 1) as u32
    }

    /// Finds every match in `tokens`: per category, leftmost-longest and non-overlapping;
    /// exclusion entries swallow their span without reporting it. An entry whose clauses do
    /// not hold at a position does not match there; `context` is the message the passage
    /// answers, for `{restates}`; `text` is the passage `tokens` came from, for `{not name}`.
    pub fn scan(
        &self,
        text: &str,
        tokens: &Tokens,
        context: &mut Context<'_>,
        scratch: &mut Scratch,
        mut on_match: impl FnMut(Match),
    ) {
        scratch.covered_until.clear();
        scratch.covered_until.resize(self.categories, 0);
        scratch.best.clear();
        scratch.best.resize(self.categories, None);
        scratch.touched.clear();
        let root = &self.nodes[0];
        let mut walk = Walk {
            text,
            tokens,
            start: 0,
            context,
            scratch,
        };
        for start in 0..tokens.len() {
            let key = tokens.key(start);
            let mut any_edge = false;
            walk.start = start;
            if let Some(&child) = root.exact.get_hashed(key, tokens.hash(start)) {
                self.collect(&mut walk, child, start + 1, EXACT_SPECIFICITY);
                any_edge = true;
            }
            root.prefixes.for_each_prefix(key, |len, child| {
                self.collect(&mut walk, child, start + 1, len as u32);
                any_edge = true;
            });
            if !any_edge {
                continue;
            }
            let scratch = &mut *walk.scratch;
            scratch.touched.sort_unstable();
            for touched in 0..scratch.touched.len() {
                let category = scratch.touched[touched] as usize;
                let Some((end, _, terminal)) = scratch.best[category].take() else {
                    continue;
                };
                if scratch.covered_until[category] > start {
                    continue;
                }
                scratch.covered_until[category] = end;
                if terminal.exclusion {
                    continue;
                }
                on_match(Match {
                    category,
                    start,
                    end,
                    entry: terminal.entry as usize,
                    negatable: terminal.negatable,
                });
            }
            scratch.touched.clear();
        }
    }

    /// Walks the trie from `node`, whose path has consumed tokens up to `next`, recording the
    /// best terminal per category.
    fn collect(&self, walk: &mut Walk<'_, '_>, node_index: u32, next: usize, specificity: u32) {
        let node = &self.nodes[node_index as usize];
        for terminal in &node.terminals {
            if terminal.condition != 0 && !self.holds(terminal.condition, walk, next) {
                continue;
            }
            let best = &mut walk.scratch.best[terminal.category as usize];
            if best.is_none() {
                walk.scratch.touched.push(terminal.category);
            }
            // Longest first; at equal length an exclusion wins (it exists to veto that span),
            // then the more specific path, then the entry with clauses.
            let rank = (
                next,
                terminal.exclusion,
                specificity,
                terminal.condition != 0,
            );
            if best.is_none_or(|(end, held, kept)| {
                rank > (end, kept.exclusion, held, kept.condition != 0)
            }) {
                *best = Some((next, specificity, *terminal));
            }
        }
        let tokens = walk.tokens;
        if next >= tokens.len() {
            return;
        }
        let key = tokens.key(next);
        if let Some(&child) = node.exact.get_hashed(key, tokens.hash(next)) {
            self.collect(walk, child, next + 1, specificity + EXACT_SPECIFICITY);
        }
        node.prefixes.for_each_prefix(key, |len, child| {
            self.collect(walk, child, next + 1, specificity + len as u32);
        });
        if let Some(child) = node.any {
            self.collect(walk, child, next + 1, specificity);
        }
    }

    /// Whether every clause of a conditional entry holds for the match `[walk.start, end)`.
    fn holds(&self, condition: u32, walk: &mut Walk<'_, '_>, end: usize) -> bool {
        let (tokens, start) = (walk.tokens, walk.start);
        self.conditions[condition as usize]
            .iter()
            .all(|clause| match clause {
                Clause::Near {
                    side,
                    negated,
                    alternatives,
                } => {
                    let found = alternatives.iter().any(|alternative| match side {
                        Side::Before => follows(tokens, end, alternative),
                        Side::After => precedes(tokens, start, alternative),
                    });
                    found != *negated
                }
                Clause::NotName => !tokens.is_name_like(walk.text, start),
                Clause::Restates => walk.context.is_restated(tokens, start, end),
            })
    }
}

/// What a walk down the trie from one start position needs besides the trie.
struct Walk<'t, 'c> {
    text: &'t str,
    tokens: &'t Tokens,
    start: usize,
    context: &'t mut Context<'c>,
    scratch: &'t mut Scratch,
}

/// Whether the tokens from `end` on, in the clause of the token before `end`, begin with
/// `words`.
fn follows(tokens: &Tokens, end: usize, words: &[Pattern]) -> bool {
    let clause = tokens.clause(end - 1);
    end + words.len() <= tokens.len()
        && words.iter().enumerate().all(|(offset, pattern)| {
            let index = end + offset;
            tokens.clause(index) == clause && pattern_matches(pattern, tokens.key(index))
        })
}

/// Whether the tokens before `start`, in the clause of the token at `start`, end with `words`.
fn precedes(tokens: &Tokens, start: usize, words: &[Pattern]) -> bool {
    let clause = tokens.clause(start);
    start >= words.len()
        && words.iter().enumerate().all(|(offset, pattern)| {
            let index = start - words.len() + offset;
            tokens.clause(index) == clause && pattern_matches(pattern, tokens.key(index))
        })
}

fn pattern_matches(pattern: &Pattern, key: &str) -> bool {
    match pattern {
        Pattern::Exact(word) => key == word,
        Pattern::Prefix(prefix) => key.starts_with(prefix.as_str()),
        Pattern::Any => true,
        Pattern::Either(options) => options.iter().any(|option| pattern_matches(option, key)),
    }
}

/// Exact words outrank any prefix, however long.
const EXACT_SPECIFICITY: u32 = 1 << 16;

/// One step of an expanded entry path.
#[derive(Debug, Clone, Copy)]
enum Step<'a> {
    Exact(&'a str),
    Prefix(&'a str),
    Any,
}

/// Expands alternatives into plain paths (cartesian product), stopping once past the limit.
fn expand(patterns: &[Pattern]) -> Vec<Vec<Step<'_>>> {
    let mut paths: Vec<Vec<Step<'_>>> = vec![Vec::new()];
    for pattern in patterns {
        let options: Vec<Step<'_>> = match pattern {
            Pattern::Exact(word) => vec![Step::Exact(word)],
            Pattern::Prefix(prefix) => vec![Step::Prefix(prefix)],
            Pattern::Any => vec![Step::Any],
            Pattern::Either(alternatives) => alternatives
                .iter()
                .map(|alternative| match alternative {
                    Pattern::Prefix(prefix) => Step::Prefix(prefix),
                    Pattern::Exact(word) => Step::Exact(word),
                    Pattern::Any | Pattern::Either(_) => {
                        unreachable!("the parser allows only words and prefixes in alternatives")
                    }
                })
                .collect(),
        };
        paths = paths
            .iter()
            .flat_map(|path| {
                options.iter().map(move |option| {
                    let mut longer = path.clone();
                    longer.push(*option);
                    longer
                })
            })
            .collect();
        if paths.len() > MAX_EXPANSIONS {
            break;
        }
    }
    paths
}
