//! `closeread eval`: scores the lexicons against hand-labelled passages (precision, recall and
//! F1 of "the passage is tagged": its `tag` column is at least 1), and shows the passages they
//! got wrong so a lexicon author sees what to change.

use std::path::Path;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::lexicon::Lexicon;
use crate::output::csv::SheetWriter;
use crate::tag::{Tagger, Tags};

/// A labelled file: passages and, per scored column, whether each passage belongs to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Gold {
    /// The file as named in the output.
    pub name: String,
    /// The context column was asked for but the file has none.
    pub missing_context: bool,
    pub columns: Vec<GoldColumn>,
    pub rows: Vec<GoldRow>,
}

/// A 0/1 column of the gold file and the lexicon category it is scored against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldColumn {
    pub name: String,
    /// Index of the category in the lexicon.
    pub category: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldRow {
    /// Line of the row in the gold file.
    pub line: u64,
    pub text: String,
    /// The message the passage answers, from the context column.
    pub context: Option<String>,
    /// One label per [`GoldColumn`], in the same order.
    pub labels: Vec<bool>,
}

/// How a gold file's columns are chosen.
#[derive(Debug, Clone, Default)]
pub struct GoldOptions {
    /// Name of the text column.
    pub text_column: String,
    /// `(gold column, category)`: score that column as that category.
    pub map: Vec<(String, String)>,
    /// Name of the column holding the message each passage answers, if any.
    pub context_column: Option<String>,
}

/// Reads a gold file: tab-separated for `.tsv`/`.tab` (with quoting off, since labelled
/// corpora such as GoEmotions keep literal `"` in their text), comma-separated otherwise.
pub fn read_gold(path: &Path, lexicon: &Lexicon, options: &GoldOptions) -> Result<Gold> {
    let (content, _) = crate::lexicon::import::read_text(path)?;
    let tsv = path
        .extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| ext.eq_ignore_ascii_case("tsv") || ext.eq_ignore_ascii_case("tab"));
    parse_gold(&path.display().to_string(), &content, tsv, lexicon, options)
}

/// Parses gold rows from `content`; `name` is used in messages and output.
pub fn parse_gold(
    name: &str,
    content: &str,
    tsv: bool,
    lexicon: &Lexicon,
    options: &GoldOptions,
) -> Result<Gold> {
    let mut builder = csv::ReaderBuilder::new();
    if tsv {
        builder.delimiter(b'\t').quoting(false);
    }
    let mut reader = builder.from_reader(content.as_bytes());
    let error = |line: u64, message: String| Error::Parse {
        path: name.into(),
        line,
        message,
    };
    let header = reader
        .headers()
        .map_err(|e| error(1, format!("cannot read the header row: {e}")))?
        .clone();
    let position = |column: &str| header.iter().position(|h| h.trim() == column);
    let known = || header.iter().collect::<Vec<_>>().join(", ");
    let context_index = options.context_column.as_deref().and_then(position);
    let text_index = position(&options.text_column).ok_or_else(|| {
        Error::Usage(format!(
            "{name} has no text column '{}' (columns: {}); name it with --text-col",
            options.text_column,
            known()
        ))
    })?;

    // (column index in the file, gold column).
    let mut columns: Vec<(usize, GoldColumn)> = Vec::new();
    for (gold, category) in &options.map {
        let index = position(gold).ok_or_else(|| {
            Error::Usage(format!(
                "--map names column '{gold}', which {name} does not have (columns: {})",
                known()
            ))
        })?;
        let category_index = lexicon.index_of(category).ok_or_else(|| {
            Error::Usage(format!(
                "--map names category '{category}', which is not loaded (loaded: {})",
                lexicon.category_names().collect::<Vec<_>>().join(", ")
            ))
        })?;
        columns.push((
            index,
            GoldColumn {
                name: gold.clone(),
                category: category_index,
            },
        ));
    }
    for (index, column) in header.iter().enumerate() {
        let column = column.trim();
        let mapped = options.map.iter().any(|(gold, _)| gold == column);
        if index == text_index || Some(index) == context_index || mapped {
            continue;
        }
        if let Some(category) = lexicon.index_of(column) {
            columns.push((
                index,
                GoldColumn {
                    name: column.to_owned(),
                    category,
                },
            ));
        }
    }
    columns.sort_by_key(|(_, column)| column.category);
    if let Some(pair) = columns
        .windows(2)
        .find(|w| w[0].1.category == w[1].1.category)
    {
        return Err(Error::Usage(format!(
            "columns '{}' and '{}' are both scored as category '{}'; drop one or --map it elsewhere",
            pair[0].1.name,
            pair[1].1.name,
            lexicon.categories()[pair[0].1.category].name
        )));
    }
    if columns.is_empty() {
        return Err(Error::Usage(format!(
            "no column of {name} is named after a loaded category (columns: {}; categories: {}); use --map COLUMN=CATEGORY",
            known(),
            lexicon.category_names().collect::<Vec<_>>().join(", ")
        )));
    }

    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            error(
                e.position().map_or(0, csv::Position::line),
                format!("unreadable row: {e}"),
            )
        })?;
        let line = record.position().map_or(0, csv::Position::line);
        let mut labels = Vec::with_capacity(columns.len());
        for (index, column) in &columns {
            let label = match record.get(*index).map(str::trim) {
                Some("1") => true,
                Some("0") => false,
                other => {
                    return Err(error(
                        line,
                        format!(
                            "column '{}' holds '{}'; gold labels are 0 or 1",
                            column.name,
                            other.unwrap_or_default()
                        ),
                    ));
                }
            };
            labels.push(label);
        }
        rows.push(GoldRow {
            line,
            text: record.get(text_index).unwrap_or_default().to_owned(),
            context: context_index
                .and_then(|index| record.get(index))
                .filter(|context| !context.trim().is_empty())
                .map(str::to_owned),
            labels,
        });
    }
    Ok(Gold {
        name: name.to_owned(),
        missing_context: options.context_column.is_some() && context_index.is_none(),
        columns: columns.into_iter().map(|(_, column)| column).collect(),
        rows,
    })
}

/// The score of one category against one gold column.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub category: String,
    pub gold_column: String,
    /// Passages the gold file marks 1.
    pub positives: u64,
    pub true_positives: u64,
    pub false_positives: u64,
    pub false_negatives: u64,
    /// The first false positives and negatives in file order, up to the number asked for.
    pub false_positive_examples: Vec<Example>,
    pub false_negative_examples: Vec<Example>,
}

impl Score {
    /// TP ÷ (TP + FP); 0 when the category never fired.
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    /// TP ÷ gold positives; 0 when the gold file has none.
    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.positives)
    }

    /// Harmonic mean of precision and recall; 0 when both are 0.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// A passage the lexicon got wrong, with what fired in the category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    pub line: u64,
    pub text: String,
    /// Entries that matched (not negated), in text order.
    pub fired: Vec<String>,
    /// Entries that matched but were negated, so did not count.
    pub negated: Vec<String>,
    /// Entries that matched but did not count: below the threshold, or of weight ≤ 0.
    pub uncounted: Vec<String>,
}

/// The result of scoring a lexicon on a gold file.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub gold: String,
    pub passages: usize,
    pub version: String,
    pub scores: Vec<Score>,
}

impl Evaluation {
    /// Unweighted means of precision, recall and F1 over the scored categories.
    pub fn macro_average(&self) -> (f64, f64, f64) {
        let n = self.scores.len().max(1) as f64;
        let sum = |f: fn(&Score) -> f64| self.scores.iter().map(f).sum::<f64>() / n;
        (sum(Score::precision), sum(Score::recall), sum(Score::f1))
    }
}

/// Tags every gold passage (in parallel, on the current rayon pool) and scores each column;
/// keeps up to `examples` false positives and negatives per category. The result does not
/// depend on the number of threads.
pub fn evaluate(lexicon: &Lexicon, gold: &Gold, examples: usize) -> Evaluation {
    let keep_evidence = examples > 0;
    let tags: Vec<Tags> = gold
        .rows
        .par_iter()
        .map_init(
            || Tagger::new(lexicon, keep_evidence),
            |tagger, row| {
                let mut tags = Tags::default();
                tagger.tag_answering(&row.text, row.context.as_deref(), &mut tags);
                tags
            },
        )
        .collect();
    let mut scores = Vec::with_capacity(gold.columns.len());
    for (column_index, column) in gold.columns.iter().enumerate() {
        let category = &lexicon.categories()[column.category];
        let mut score = Score {
            category: category.name.clone(),
            gold_column: column.name.clone(),
            positives: 0,
            true_positives: 0,
            false_positives: 0,
            false_negatives: 0,
            false_positive_examples: Vec::new(),
            false_negative_examples: Vec::new(),
        };
        for (row, tags) in gold.rows.iter().zip(&tags) {
            let truth = row.labels[column_index];
            let predicted = tags.hits[column.category] > 0;
            score.positives += u64::from(truth);
            let examples_list = match (truth, predicted) {
                (true, true) => {
                    score.true_positives += 1;
                    continue;
                }
                (false, false) => continue,
                (false, true) => {
                    score.false_positives += 1;
                    &mut score.false_positive_examples
                }
                (true, false) => {
                    score.false_negatives += 1;
                    &mut score.false_negative_examples
                }
            };
            if examples_list.len() < examples {
                examples_list.push(example(lexicon, column.category, row, tags));
            }
        }
        scores.push(score);
    }
    Evaluation {
        gold: gold.name.clone(),
        passages: gold.rows.len(),
        version: lexicon.version().to_owned(),
        scores,
    }
}

fn example(lexicon: &Lexicon, category: usize, row: &GoldRow, tags: &Tags) -> Example {
    let entries = &lexicon.categories()[category].entries;
    let mut example = Example {
        line: row.line,
        text: row.text.clone(),
        fired: Vec::new(),
        negated: Vec::new(),
        uncounted: Vec::new(),
    };
    for &(found, entry, negated) in &tags.evidence {
        if found != category {
            continue;
        }
        let text = entries[entry].text.clone();
        if negated {
            example.negated.push(text);
        } else {
            example.fired.push(text);
        }
    }
    example.uncounted = tags
        .uncounted
        .iter()
        .filter(|&&(found, _)| found == category)
        .map(|&(_, entry)| entries[entry].text.clone())
        .collect();
    example
}

const HEADER: [&str; 9] = [
    "category",
    "gold_column",
    "positives",
    "tp",
    "fp",
    "fn",
    "precision",
    "recall",
    "f1",
];

/// The table's rows as text cells: one per category, then the macro average.
fn rows(evaluation: &Evaluation) -> Vec<[String; 9]> {
    let mut rows: Vec<[String; 9]> = evaluation
        .scores
        .iter()
        .map(|s| {
            [
                s.category.clone(),
                s.gold_column.clone(),
                s.positives.to_string(),
                s.true_positives.to_string(),
                s.false_positives.to_string(),
                s.false_negatives.to_string(),
                format!("{:.3}", s.precision()),
                format!("{:.3}", s.recall()),
                format!("{:.3}", s.f1()),
            ]
        })
        .collect();
    let (p, r, f) = evaluation.macro_average();
    rows.push([
        "macro average".to_owned(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        format!("{p:.3}"),
        format!("{r:.3}"),
        format!("{f:.3}"),
    ]);
    rows
}

/// The scores as an aligned text table, headed by the gold file and lexicon version.
pub fn table(evaluation: &Evaluation) -> String {
    let rows = rows(evaluation);
    let mut widths = HEADER.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut text = format!(
        "{}: {} passages, lexicon version {}\n\n",
        evaluation.gold, evaluation.passages, evaluation.version
    );
    let header = HEADER.map(str::to_owned);
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (index, cell) in row.iter().enumerate() {
            let pad = widths[index] - cell.chars().count();
            if index < 2 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad + 2));
            } else {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
                line.push_str("  ");
            }
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

/// The scores as CSV bytes, one row per category plus `macro average`, with the lexicon
/// version in every row as the other commands' CSV has it. Several evaluations share one
/// table with a leading `gold` column naming the file of each row.
pub fn csv(evaluations: &[Evaluation]) -> std::io::Result<Vec<u8>> {
    let mut writer = SheetWriter::new(Vec::new());
    let to_io = |error: csv::Error| std::io::Error::other(error.to_string());
    let several = evaluations.len() > 1;
    let mut header = Vec::new();
    if several {
        header.push("gold");
    }
    header.extend(HEADER);
    header.push("lexicon_version");
    writer.write_record(&header).map_err(to_io)?;
    for evaluation in evaluations {
        for row in rows(evaluation) {
            let gold = several.then(|| evaluation.gold.clone());
            let cells = gold
                .into_iter()
                .chain(row.iter().cloned())
                .chain(std::iter::once(evaluation.version.clone()));
            writer.write_record(cells).map_err(to_io)?;
        }
    }
    writer
        .into_inner()
        .map_err(|error| std::io::Error::other(error.to_string()))
}

/// After the tables of several gold files: the macro F1 of each, one line per file.
pub fn macro_f1_lines(evaluations: &[Evaluation]) -> String {
    let mut text = String::from("macro F1 per gold file:\n");
    for evaluation in evaluations {
        let (_, _, f1) = evaluation.macro_average();
        text.push_str(&format!("  {f1:.3}  {}\n", evaluation.gold));
    }
    text
}

/// The kept false positives and negatives of every category, as text.
pub fn errors(evaluation: &Evaluation) -> String {
    let mut text = String::new();
    for score in &evaluation.scores {
        for (kind, total, examples) in [
            (
                "false positives",
                score.false_positives,
                &score.false_positive_examples,
            ),
            (
                "false negatives",
                score.false_negatives,
                &score.false_negative_examples,
            ),
        ] {
            text.push_str(&format!(
                "\n{} ({}): {kind}, {} of {total}\n",
                score.category,
                score.gold_column,
                examples.len()
            ));
            for example in examples {
                let mut fired = if example.fired.is_empty() {
                    "nothing fired".to_owned()
                } else {
                    format!("fired: {}", example.fired.join(", "))
                };
                if !example.negated.is_empty() {
                    fired.push_str(&format!("; negated: {}", example.negated.join(", ")));
                }
                if !example.uncounted.is_empty() {
                    fired.push_str(&format!("; not counted: {}", example.uncounted.join(", ")));
                }
                let passage = example
                    .text
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                text.push_str(&format!(
                    "  line {}: {fired}\n    {passage}\n",
                    example.line
                ));
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::parse::parse_category;

    fn lexicon() -> Lexicon {
        let categories = [
            ("appreciation", "thank*\ngrateful\n"),
            ("repair", "sorry\n-sorry to hear\n"),
            ("support", "here for you\n"),
        ]
        .iter()
        .map(|(name, body)| parse_category(name, "test", body).unwrap())
        .collect();
        Lexicon::compile(categories).unwrap()
    }

    /// Five passages whose outcome per category is known by hand:
    /// appreciation — TP line 2; FP line 3 ("thanks for nothing" fires: no exclusion here);
    ///   TP line 4 ("grateful" is negated, but "thanks" after the comma is not); TN lines 5, 6.
    /// repair (as `remorse`) — TP line 5; FN line 6 ("sorry to hear" is excluded); TN 2–4.
    const GOLD: &str = "id\ttext\tappreciation\tremorse\tnotes\n\
        a\tThank you so much!\t1\t0\tx\n\
        b\t\"thanks\" for nothing\t0\t0\tx\n\
        c\tI'm not grateful, but thanks a lot\t1\t0\tx\n\
        d\tsorry, my bad\t0\t1\tx\n\
        e\tI was wrong. So sorry to hear it\t0\t1\tx\n";

    fn options() -> GoldOptions {
        GoldOptions {
            text_column: "text".to_owned(),
            map: vec![("remorse".to_owned(), "repair".to_owned())],
            context_column: None,
        }
    }

    #[test]
    fn scores_a_hand_made_gold_file() {
        let lexicon = lexicon();
        let gold = parse_gold("gold.tsv", GOLD, true, &lexicon, &options()).unwrap();
        assert_eq!(
            gold.rows[1].text, "\"thanks\" for nothing",
            "quotes stay text"
        );
        let evaluation = evaluate(&lexicon, &gold, 5);
        let counts: Vec<_> = evaluation
            .scores
            .iter()
            .map(|s| {
                (
                    s.category.as_str(),
                    s.gold_column.as_str(),
                    s.positives,
                    s.true_positives,
                    s.false_positives,
                    s.false_negatives,
                )
            })
            .collect();
        assert_eq!(
            counts,
            [
                ("appreciation", "appreciation", 2, 2, 1, 0),
                ("repair", "remorse", 2, 1, 0, 1),
            ]
        );
        let appreciation = &evaluation.scores[0];
        assert!((appreciation.precision() - 2.0 / 3.0).abs() < 1e-9);
        assert!((appreciation.f1() - 0.8).abs() < 1e-9);
        let repair = &evaluation.scores[1];
        assert!((repair.f1() - 2.0 / 3.0).abs() < 1e-9);
        let (p, r, f) = evaluation.macro_average();
        assert!((p - (2.0 / 3.0 + 1.0) / 2.0).abs() < 1e-9);
        assert!((r - 0.75).abs() < 1e-9);
        assert!((f - (0.8 + 2.0 / 3.0) / 2.0).abs() < 1e-9);
        assert_eq!(
            appreciation.false_positive_examples,
            [Example {
                line: 3,
                text: "\"thanks\" for nothing".into(),
                fired: vec!["thank*".into()],
                negated: vec![],
                uncounted: vec![],
            }]
        );
        assert_eq!(
            repair.false_negative_examples,
            [Example {
                line: 6,
                text: "I was wrong. So sorry to hear it".into(),
                fired: vec![],
                negated: vec![],
                uncounted: vec![],
            }]
        );
    }

    #[test]
    fn negated_hits_do_not_predict() {
        let lexicon = lexicon();
        let gold = "text,appreciation\nnot grateful,1\n";
        let gold = parse_gold(
            "g.csv",
            gold,
            false,
            &lexicon,
            &GoldOptions {
                text_column: "text".into(),
                map: vec![],
                context_column: None,
            },
        )
        .unwrap();
        let score = &evaluate(&lexicon, &gold, 1).scores[0];
        assert_eq!((score.true_positives, score.false_negatives), (0, 1));
        assert_eq!(score.false_negative_examples[0].negated, ["grateful"]);
    }

    #[test]
    fn table_and_csv_carry_every_figure_and_the_version() {
        let lexicon = lexicon();
        let gold = parse_gold("gold.tsv", GOLD, true, &lexicon, &options()).unwrap();
        let evaluation = evaluate(&lexicon, &gold, 0);
        let table = table(&evaluation);
        let version = lexicon.version();
        assert_eq!(
            table,
            format!(
                "gold.tsv: 5 passages, lexicon version {version}\n\n\
                 category       gold_column   positives  tp  fp  fn  precision  recall     f1\n\
                 appreciation   appreciation          2   2   1   0      0.667   1.000  0.800\n\
                 repair         remorse               2   1   0   1      1.000   0.500  0.667\n\
                 macro average                                           0.833   0.750  0.733\n"
            )
        );
        let csv = String::from_utf8(csv(std::slice::from_ref(&evaluation)).unwrap()).unwrap();
        assert_eq!(
            csv,
            format!(
                "category,gold_column,positives,tp,fp,fn,precision,recall,f1,lexicon_version\n\
                 appreciation,appreciation,2,2,1,0,0.667,1.000,0.800,{version}\n\
                 repair,remorse,2,1,0,1,1.000,0.500,0.667,{version}\n\
                 macro average,,,,,,0.833,0.750,0.733,{version}\n"
            )
        );
    }

    #[test]
    fn bad_columns_and_labels_are_explained() {
        let lexicon = lexicon();
        let plain = GoldOptions {
            text_column: "text".into(),
            map: vec![],
            context_column: None,
        };
        let message = |gold: &str, options: &GoldOptions| {
            parse_gold("g.csv", gold, false, &lexicon, options)
                .unwrap_err()
                .to_string()
        };
        assert!(message("body,repair\nx,1\n", &plain).contains("no text column 'text'"));
        assert!(message("text,other\nx,1\n", &plain).contains("no column of g.csv"));
        assert!(message("text,repair\nx,yes\n", &plain).starts_with("g.csv:2:"));
        let both = GoldOptions {
            text_column: "text".into(),
            map: vec![("remorse".into(), "repair".into())],
            context_column: None,
        };
        assert!(message("text,repair,remorse\nx,1,1\n", &both).contains("both scored"));
    }
}
