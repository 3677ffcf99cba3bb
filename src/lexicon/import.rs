//! Imports dictionaries in other tools' formats: LIWC `.dic` (2007 and 2015 layouts), LIWC-22
//! `.dicx` (plain and weighted) and Empath-style `.tsv`. None are shipped; users bring their own.
//!
//! Import is lenient: a row closeread cannot express is dropped with a [`Warning`] naming
//! file and line, because a licensed dictionary of thousands of rows should not be unusable
//! over one emoticon. Only a file without the structure of its format fails.

use std::path::Path;

use super::Warning;
use super::language;
use super::parse::{Category, Entry, Pattern};
use crate::error::{Error, Result};
use crate::text::Tokens;

/// Categories read from one dictionary file, and what was dropped on the way.
#[derive(Debug, Default)]
pub struct Imported {
    pub categories: Vec<Category>,
    pub warnings: Vec<Warning>,
}

impl Imported {
    /// The entry for `term` from line `line` of `origin`, or a warning that it was dropped.
    fn entry(&mut self, origin: &str, term: &str, line: usize) -> Option<Entry> {
        term_entry(term, line)
            .map_err(|message| {
                self.warnings
                    .push(warning(origin, line, format!("{message}; dropped")));
            })
            .ok()
    }
}

/// Reads a file as text: UTF-8 (a BOM is dropped), else Windows-1252, in which older LIWC
/// dictionaries were saved.
pub fn read_text(path: &Path) -> Result<(String, Option<Warning>)> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_owned(), None)),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            let warning = Warning {
                path: path.display().to_string(),
                line: 0,
                message: "not UTF-8; read as Windows-1252".to_owned(),
            };
            Ok((text.into_owned(), Some(warning)))
        }
    }
}

/// Builds an entry of weight 1 from a dictionary term: words separated by spaces, each may
/// end in `*`.
///
/// The term is split by closeread's own tokenizer, so `well-being` becomes `well being` and
/// matches the text exactly as a closeread entry would. An entry that starts with a negator
/// (`not`, `don't know`) carries its own negation and is not negated again.
fn term_entry(term: &str, line: usize) -> std::result::Result<Entry, String> {
    let text = term.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err("empty term".to_owned());
    }
    let mut tokens = Tokens::new();
    let mut patterns = Vec::new();
    for word in text.split(' ') {
        let (core, wildcard) = match word.strip_suffix('*') {
            Some(core) => (core, true),
            None => (word, false),
        };
        if core.contains('*') || (wildcard && core.is_empty()) {
            return Err(format!(
                "'{term}': closeread supports * only at the end of a word"
            ));
        }
        tokens.tokenize(core);
        if tokens.is_empty() {
            return Err(format!(
                "'{term}' has no letters, digits or emoji, and closeread matches only those"
            ));
        }
        let last = tokens.len() - 1;
        for index in 0..tokens.len() {
            let key = tokens.key(index).to_owned();
            if wildcard && index == last {
                patterns.push(Pattern::Prefix(wildcard_prefix(core, key)?));
            } else {
                patterns.push(Pattern::Exact(key));
            }
        }
    }
    let negatable = !matches!(patterns.first(), Some(Pattern::Exact(first)) if language::english().is_negator(first));
    Ok(Entry {
        text,
        patterns,
        clauses: Vec::new(),
        conditions: String::new(),
        exclusion: false,
        negatable,
        weight: 1.0,
        line,
    })
}

/// The prefix of `core*` as the matcher compares it with tokens: `couldn'*` keeps its
/// apostrophe (the tokenizer drops a trailing one), other trailing punctuation cannot be
/// expressed.
fn wildcard_prefix(core: &str, key: String) -> std::result::Result<String, String> {
    match core.chars().last() {
        Some('\'' | '\u{2019}') => Ok(key + "'"),
        // Letters, digits and emoji (whose key has dropped modifiers, as text keys do).
        Some(c) if c.is_alphanumeric() || !c.is_ascii() => Ok(key),
        _ => Err(format!(
            "'{core}*': a wildcard after punctuation cannot be expressed"
        )),
    }
}

fn warning(origin: &str, line: usize, message: impl Into<String>) -> Warning {
    Warning {
        path: origin.to_owned(),
        line,
        message: message.into(),
    }
}

fn new_category(name: &str, origin: &str, source: &str, line: usize) -> Category {
    Category {
        name: name.to_owned(),
        measures: String::new(),
        source: source.to_owned(),
        origin: origin.to_owned(),
        line,
        threshold: super::parse::DEFAULT_THRESHOLD,
        examples: Vec::new(),
        entries: Vec::new(),
    }
}

/// LIWC `.dic`: a header between `%` lines mapping ids to names, then `term<TAB>id id …`.
///
/// LIWC2007 conditional rows (`like<TAB>02 134/125`, `kind<TAB>(43 125)131/125`) pick a category by
/// the neighbouring word; closeread has no such rule, so the row is dropped with a warning
/// rather than counted in every category it names.
pub fn read_dic(origin: &str, content: &str) -> Result<Imported> {
    let mut imported = Imported::default();
    let mut lines = content.lines().enumerate().map(|(i, l)| (i + 1, l));
    let opening = lines.by_ref().find(|(_, line)| !line.trim().is_empty());
    if !matches!(opening, Some((_, line)) if line.trim() == "%") {
        return Err(Error::Lexicon {
            path: origin.into(),
            line: opening.map_or(1, |(number, _)| number),
            message: "a LIWC .dic starts with a line holding only %".to_owned(),
        });
    }
    // Category ids, in header order, to the index of their category.
    let mut ids: Vec<(String, usize)> = Vec::new();
    let mut header_closed = false;
    for (number, raw) in lines.by_ref() {
        let line = raw.trim();
        if line == "%" {
            header_closed = true;
            break;
        }
        if line.is_empty() {
            continue;
        }
        let mut fields = line.split(['\t', ' ']).filter(|field| !field.is_empty());
        let (Some(id), Some(name)) = (fields.next(), fields.next()) else {
            imported.warnings.push(warning(
                origin,
                number,
                format!("header line '{line}' is not 'id<TAB>name'; skipped"),
            ));
            continue;
        };
        let id = dic_id(id);
        if ids.iter().any(|(known, _)| *known == id) {
            imported.warnings.push(warning(
                origin,
                number,
                format!("category id {id} is defined twice; the first definition is kept"),
            ));
            continue;
        }
        let source = format!("LIWC dictionary category {id}");
        ids.push((id, imported.categories.len()));
        imported
            .categories
            .push(new_category(name, origin, &source, number));
    }
    if !header_closed {
        return Err(Error::Lexicon {
            path: origin.into(),
            line: content.lines().count(),
            message: "the % header is never closed by a second % line".to_owned(),
        });
    }
    for (number, raw) in lines {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let (term, id_fields) = split_dic_row(line);
        if term.is_empty() {
            imported
                .warnings
                .push(warning(origin, number, "row has no term; skipped"));
            continue;
        }
        if id_fields.iter().any(|id| id.contains(['/', '(', ')'])) {
            imported.warnings.push(warning(
                origin,
                number,
                format!(
                    "'{term}' is a LIWC2007 conditional row (category depends on the neighbouring word), which closeread cannot express; dropped"
                ),
            ));
            continue;
        }
        if id_fields.is_empty() {
            imported.warnings.push(warning(
                origin,
                number,
                format!("'{term}' names no category; skipped"),
            ));
            continue;
        }
        let Some(entry) = imported.entry(origin, term, number) else {
            continue;
        };
        for id in id_fields {
            let id = dic_id(id);
            match ids.iter().find(|(known, _)| *known == id) {
                Some(&(_, index)) => imported.categories[index].entries.push(entry.clone()),
                None => imported.warnings.push(warning(
                    origin,
                    number,
                    format!(
                        "'{term}' names category id {id}, which the header does not define; ignored"
                    ),
                )),
            }
        }
    }
    Ok(imported)
}

/// Splits a `.dic` body row into its term and category-id fields. The term ends at the first
/// tab; without a tab (some hand-made dictionaries), the trailing run of id-like fields are
/// the ids and everything before them is the term.
fn split_dic_row(line: &str) -> (&str, Vec<&str>) {
    if let Some((term, ids)) = line.split_once('\t') {
        return (term.trim(), ids.split_whitespace().collect());
    }
    let fields: Vec<&str> = line.split_whitespace().collect();
    let id_like = |field: &&&str| {
        field
            .chars()
            .all(|c| c.is_ascii_digit() || "()/".contains(c))
    };
    let ids_start = fields.len() - fields.iter().rev().take_while(id_like).count();
    let term_end = fields[..ids_start].last().map_or(0, |last| {
        last.as_ptr() as usize + last.len() - line.as_ptr() as usize
    });
    (&line[..term_end], fields[ids_start..].to_vec())
}

/// `02` and `2` name the same category.
fn dic_id(id: &str) -> String {
    id.parse::<u64>()
        .map_or_else(|_| id.to_owned(), |number| number.to_string())
}

/// LIWC-22 `.dicx`: CSV with a `DicTerm,cat1,cat2,…` header and one row per term, marked `X`
/// in each of its categories, or holding a number in the weighted variant (0 or blank: not in
/// the category).
pub fn read_dicx(origin: &str, content: &str) -> Result<Imported> {
    let mut imported = Imported::default();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(content.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(error)) => return Err(csv_lexicon_error(origin, &error)),
        None => {
            return Err(Error::Lexicon {
                path: origin.into(),
                line: 1,
                message: "empty .dicx: it needs a DicTerm,category,… header row".to_owned(),
            });
        }
    };
    if header.len() < 2 {
        return Err(Error::Lexicon {
            path: origin.into(),
            line: 1,
            message: "a .dicx header row is DicTerm followed by category names".to_owned(),
        });
    }
    for name in header.iter().skip(1) {
        imported.categories.push(new_category(
            name.trim(),
            origin,
            "LIWC-22 dictionary column",
            1,
        ));
    }
    for record in records {
        let record = record.map_err(|error| csv_lexicon_error(origin, &error))?;
        let number = record.position().map_or(0, |p| p.line() as usize);
        let Some(term) = record.get(0).map(str::trim).filter(|t| !t.is_empty()) else {
            continue;
        };
        let mut memberships = Vec::new();
        for (column, cell) in record.iter().enumerate().skip(1) {
            let weight = match cell.trim() {
                "" => continue,
                "X" | "x" => 1.0,
                number_text => {
                    match number_text.parse::<f64>() {
                        Ok(weight) if weight.is_finite() => weight,
                        _ => {
                            imported.warnings.push(warning(
                            origin,
                            number,
                            format!("'{term}': cell '{number_text}' is neither X nor a number; ignored"),
                        ));
                            continue;
                        }
                    }
                }
            };
            if column > imported.categories.len() {
                imported.warnings.push(warning(
                    origin,
                    number,
                    format!("'{term}' has more cells than the header has categories; the rest are ignored"),
                ));
                break;
            }
            if weight != 0.0 {
                memberships.push((column - 1, weight));
            }
        }
        if memberships.is_empty() {
            continue;
        }
        let Some(entry) = imported.entry(origin, term, number) else {
            continue;
        };
        for (index, weight) in memberships {
            imported.categories[index].entries.push(Entry {
                weight,
                ..entry.clone()
            });
        }
    }
    Ok(imported)
}

fn csv_lexicon_error(origin: &str, error: &csv::Error) -> Error {
    Error::Lexicon {
        path: origin.into(),
        line: error
            .position()
            .map_or(0, |position| position.line() as usize),
        message: format!("not readable as CSV: {error}"),
    }
}

/// Empath-style TSV: `category<TAB>term<TAB>term…`, one category per line (a category named on
/// several lines collects all their terms). Lines starting with `#` are comments.
pub fn read_empath(origin: &str, content: &str) -> Result<Imported> {
    let mut imported = Imported::default();
    for (index, raw) in content.lines().enumerate() {
        let number = index + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split('\t');
        let name = fields.next().unwrap_or_default().trim();
        if name.is_empty() {
            imported.warnings.push(warning(
                origin,
                number,
                "line has no category name before its first tab; skipped",
            ));
            continue;
        }
        let position = match imported.categories.iter().position(|c| c.name == name) {
            Some(position) => position,
            None => {
                imported.categories.push(new_category(
                    name,
                    origin,
                    "Empath-style category",
                    number,
                ));
                imported.categories.len() - 1
            }
        };
        for term in fields.map(str::trim).filter(|term| !term.is_empty()) {
            if let Some(entry) = imported.entry(origin, term, number) {
                imported.categories[position].entries.push(entry);
            }
        }
    }
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;
    use crate::tag::Tagger;

    fn names(imported: &Imported) -> Vec<&str> {
        imported
            .categories
            .iter()
            .map(|c| c.name.as_str())
            .collect()
    }

    fn entries(category: &Category) -> Vec<&str> {
        category.entries.iter().map(|e| e.text.as_str()).collect()
    }

    /// Hits per category of `text` under the imported categories.
    fn hits(imported: Imported, text: &str) -> Vec<u64> {
        let lexicon = Lexicon::compile(imported.categories).unwrap();
        Tagger::new(&lexicon, false).tag(text).hits
    }

    const DIC_2015: &str = "%\n1\tposemo\n2\tnegemo\n3\tsocial\n%\nappreciat*\t1\nthank you\t1\t3\nhate\t2\nwell-being\t1\n";

    #[test]
    fn liwc_2015_dic_reads_header_wildcards_and_phrases() {
        let imported = read_dic("t.dic", DIC_2015).unwrap();
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
        assert_eq!(names(&imported), ["posemo", "negemo", "social"]);
        let posemo = &imported.categories[0];
        assert_eq!(entries(posemo), ["appreciat*", "thank you", "well-being"]);
        assert_eq!(
            posemo.entries[0].patterns,
            [Pattern::Prefix("appreciat".into())]
        );
        assert_eq!(posemo.entries[1].line, 7);
        assert_eq!(posemo.line, 2);
        assert_eq!(entries(&imported.categories[2]), ["thank you"]);
        assert_eq!(
            hits(
                imported,
                "Thank you, I appreciated the well-being tips. I hate mondays"
            ),
            [3, 1, 1]
        );
    }

    #[test]
    fn liwc_2007_conditional_rows_are_dropped_with_a_warning() {
        let dic = "%\n02\tpronoun\n125\taffect\n134\tfiller\n%\nlike\t02 134/125\nkind\t(02 134)125/464\nhappy\t125\n";
        let imported = read_dic("old.dic", dic).unwrap();
        assert_eq!(imported.warnings.len(), 2, "{:?}", imported.warnings);
        assert!(
            imported.warnings[0]
                .to_string()
                .starts_with("old.dic:6: 'like'")
        );
        assert!(
            imported.warnings[1]
                .to_string()
                .starts_with("old.dic:7: 'kind'")
        );
        assert_eq!(entries(&imported.categories[1]), ["happy"]);
        assert!(imported.categories[0].entries.is_empty());
    }

    #[test]
    fn undefined_category_id_warns_and_keeps_the_others() {
        let dic = "%\n1\tposemo\n%\nglad\t1 99\n";
        let imported = read_dic("t.dic", dic).unwrap();
        assert_eq!(entries(&imported.categories[0]), ["glad"]);
        assert_eq!(imported.warnings.len(), 1);
        assert!(
            imported.warnings[0].to_string().contains("t.dic:4:")
                && imported.warnings[0].message.contains("id 99"),
            "{}",
            imported.warnings[0]
        );
    }

    #[test]
    fn inexpressible_terms_warn_with_file_and_line() {
        let dic = "%\n1\tposemo\n%\n:)\t1\nsmil*\t1\na*b\t1\n";
        let imported = read_dic("t.dic", dic).unwrap();
        assert_eq!(entries(&imported.categories[0]), ["smil*"]);
        let lines: Vec<usize> = imported.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [4, 6]);
    }

    #[test]
    fn dic_without_header_fails() {
        assert!(read_dic("t.dic", "happy\t1\n").is_err());
        assert!(read_dic("t.dic", "%\n1\tposemo\nhappy\t1\n").is_err());
    }

    #[test]
    fn space_separated_dic_rows_split_ids_from_the_term() {
        let imported = read_dic("t.dic", "%\n1 posemo\n%\nthank you 1\n").unwrap();
        assert_eq!(entries(&imported.categories[0]), ["thank you"]);
    }

    #[test]
    fn negator_led_terms_carry_their_own_negation() {
        assert!(!term_entry("don't know", 1).unwrap().negatable);
        assert!(term_entry("know", 1).unwrap().negatable);
        assert_eq!(
            term_entry("couldn'*", 1).unwrap().patterns,
            [Pattern::Prefix("couldn'".into())]
        );
    }

    #[test]
    fn dicx_with_x_marks() {
        let dicx = "DicTerm,Affect,Social\nthank*,X,X\nfriend,,X\n\"hi, there\",X,\n";
        let imported = read_dicx("t.dicx", dicx).unwrap();
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
        assert_eq!(names(&imported), ["Affect", "Social"]);
        assert_eq!(entries(&imported.categories[0]), ["thank*", "hi, there"]);
        assert_eq!(entries(&imported.categories[1]), ["thank*", "friend"]);
        assert_eq!(imported.categories[1].entries[1].line, 3);
        assert!(
            imported.categories[0]
                .entries
                .iter()
                .all(|e| e.weight == 1.0)
        );
    }

    #[test]
    fn weighted_dicx_keeps_weights() {
        let dicx = "DicTerm,valence,arousal\ngood,1.5,0\nawful,-2,0.25\nmeh,maybe,\n";
        let imported = read_dicx("w.dicx", dicx).unwrap();
        let weights = |index: usize| -> Vec<(String, f64)> {
            imported.categories[index]
                .entries
                .iter()
                .map(|e| (e.text.clone(), e.weight))
                .collect()
        };
        assert_eq!(weights(0), [("good".into(), 1.5), ("awful".into(), -2.0)]);
        assert_eq!(weights(1), [("awful".into(), 0.25)]);
        assert_eq!(imported.warnings.len(), 1);
        assert_eq!(imported.warnings[0].line, 4);
    }

    #[test]
    fn empath_tsv() {
        let tsv =
            "# my categories\nfriends\tpal\tbuddy\tbest_friend\ngreed\tmoney*\t:)\nfriends\tmate\n";
        let imported = read_empath("e.tsv", tsv).unwrap();
        assert_eq!(names(&imported), ["friends", "greed"]);
        assert_eq!(
            entries(&imported.categories[0]),
            ["pal", "buddy", "best_friend", "mate"]
        );
        assert_eq!(
            imported.categories[0].entries[2].patterns,
            [
                Pattern::Exact("best".into()),
                Pattern::Exact("friend".into())
            ]
        );
        assert_eq!(imported.warnings.len(), 1);
        assert_eq!(imported.warnings[0].line, 3);
        assert_eq!(hits(imported, "my best friend and my money"), [1, 1]);
    }
}
