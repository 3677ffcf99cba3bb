//! CSV for spreadsheets: per-passage tag rows and per-period trend tables.
//!
//! Every cell, headers included, goes through one [`SheetWriter`]: [`safe_cell`] keeps an
//! author, a matched entry or a category called `=HYPERLINK(…)` text in Excel, LibreOffice
//! and Google Sheets, and a cell holding a separator of any locale (`;`, a tab, `|`) is
//! quoted, so a spreadsheet that splits on `;` cannot turn `a;=1+1` into a formula cell.

use std::borrow::Cow;
use std::io::Write;

use crate::aggregate::{Counts, Period, Tally};
use crate::lexicon::{CONFLICT, Lexicon, POSITIVE};
use crate::record::Record;
use crate::tag::Tags;

/// Neutralises a cell a spreadsheet would run as a formula by prefixing `'`.
///
/// Risky: a first character `=`, `+`, `-`, `@` (or their full-width forms, which some
/// spreadsheets accept) after any leading white space, or a control character first. A
/// cell that already begins with `'` is prefixed too, so escaping stays one-to-one:
/// `'=1+1` and `=1+1` become `''=1+1` and `'=1+1`, never the same text. Plain numbers
/// (`-2`, `0.125`) are data, not formulas, and stay numbers.
pub fn safe_cell(cell: &str) -> Cow<'_, str> {
    let risky = match cell.chars().next() {
        None => false,
        Some(first) if first.is_control() || first == '\'' => true,
        Some(_) => cell.trim_start().starts_with([
            '=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
        ]),
    };
    if risky && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// `-?[0-9]+(.[0-9]+)?`: the only cells closeread writes as numbers.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    [whole, fraction]
        .iter()
        .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether a spreadsheet could split `cell` or misread its edges unless it is quoted: a
/// comma, a quote, a separator some locale or import dialog uses (`;`, tab, `|`, the Arabic
/// and full-width commas and semicolons), a line break or other control character, white
/// space other than a plain space, or spaces at either end (which imports trim).
fn needs_quotes(cell: &str) -> bool {
    cell.starts_with(' ')
        || cell.ends_with(' ')
        || cell.chars().any(|c| {
            matches!(
                c,
                ',' | ';'
                    | '"'
                    | '|'
                    | '\u{060C}'
                    | '\u{061B}'
                    | '\u{3001}'
                    | '\u{FF0C}'
                    | '\u{FF1B}'
            ) || c.is_control()
                || (c.is_whitespace() && c != ' ')
        })
}

/// A cell as written: neutralised, then quoted when [`needs_quotes`].
pub fn sheet_cell(cell: &str) -> Cow<'_, str> {
    let cell = safe_cell(cell);
    if needs_quotes(&cell) {
        Cow::Owned(format!("\"{}\"", cell.replace('"', "\"\"")))
    } else {
        cell
    }
}

/// A CSV writer whose every cell, header or data, passes through [`sheet_cell`]: the one
/// place where closeread's CSV is made safe for spreadsheets.
pub struct SheetWriter<W: Write> {
    /// Writes the cells as given: [`sheet_cell`] has already quoted what needs it.
    inner: csv::Writer<W>,
}

impl<W: Write> SheetWriter<W> {
    pub fn new(out: W) -> SheetWriter<W> {
        SheetWriter {
            inner: csv::WriterBuilder::new()
                .quote_style(csv::QuoteStyle::Never)
                .from_writer(out),
        }
    }

    pub fn write_record<I, T>(&mut self, record: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        let mut cells: Vec<String> = record
            .into_iter()
            .map(|cell| sheet_cell(cell.as_ref()).into_owned())
            .collect();
        // A row of one empty cell would be an empty line, which readers skip.
        if let [cell] = cells.as_mut_slice()
            && cell.is_empty()
        {
            cell.push_str("\"\"");
        }
        self.inner.write_record(&cells)
    }

    /// Flushes and returns the destination.
    pub fn into_inner(self) -> std::io::Result<W> {
        self.inner.into_inner().map_err(|error| error.into_error())
    }
}

/// Per 1,000 words, three decimals; 0 for a period with no words so charts have no gaps.
fn per_1k(hits: u64, words: u64) -> String {
    if words == 0 {
        "0".to_owned()
    } else {
        format!("{:.3}", hits as f64 * 1000.0 / words as f64)
    }
}

/// Share of words matched by any category, in percent (LIWC's `Dic`).
fn dic(matched: u64, words: u64) -> String {
    if words == 0 {
        "0".to_owned()
    } else {
        format!("{:.2}", matched as f64 * 100.0 / words as f64)
    }
}

/// (appreciation + empathy + repair + support) ÷ conflict; `None` without conflict.
/// `names` are the categories in the order of `tally.hits`.
pub fn positive_conflict_ratio<S: AsRef<str>>(names: &[S], tally: &Tally) -> Option<f64> {
    let hits = |name: &str| {
        names
            .iter()
            .position(|known| known.as_ref() == name)
            .and_then(|index| tally.hits.get(index).copied())
            .unwrap_or(0)
    };
    let conflict = hits(CONFLICT);
    (conflict > 0)
        .then(|| POSITIVE.iter().map(|name| hits(name)).sum::<u64>() as f64 / conflict as f64)
}

fn csv_error(error: csv::Error) -> std::io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// Writes `tag` rows: one per passage.
pub struct TagWriter<W: Write> {
    csv: SheetWriter<W>,
    evidence: bool,
    /// An `id` column after `record`, from the records' own ids (`--id-col`).
    id: bool,
    /// The lexicon has weighted entries (LIWC-22 weighted `.dicx`): add `{category}_weighted`.
    weighted: bool,
    version: String,
    row: Vec<String>,
}

impl<W: Write> TagWriter<W> {
    pub fn new(out: W, lexicon: &Lexicon, evidence: bool, id: bool) -> std::io::Result<Self> {
        let mut csv = SheetWriter::new(out);
        let mut header: Vec<String> = vec!["source".into(), "record".into()];
        if id {
            header.push("id".into());
        }
        header.extend(["timestamp", "date", "author", "words"].map(String::from));
        header.extend(lexicon.category_names().map(String::from));
        header.extend(
            lexicon
                .category_names()
                .map(|name| format!("{name}_negated")),
        );
        let weighted = lexicon.is_weighted();
        if weighted {
            header.extend(
                lexicon
                    .category_names()
                    .map(|name| format!("{name}_weighted")),
            );
        }
        header.push("dic".into());
        header.push("lexicon_version".into());
        if evidence {
            header.push("matched".into());
        }
        csv.write_record(&header).map_err(csv_error)?;
        Ok(TagWriter {
            csv,
            evidence,
            id,
            weighted,
            version: lexicon.version().to_owned(),
            row: Vec::new(),
        })
    }

    /// Writes the row of `record`, the `position`-th record of `source`.
    pub fn write(
        &mut self,
        lexicon: &Lexicon,
        source: &str,
        position: u64,
        record: &Record,
        tags: &Tags,
    ) -> std::io::Result<()> {
        let row = &mut self.row;
        row.clear();
        row.push(source.to_owned());
        row.push(position.to_string());
        if self.id {
            row.push(record.id.clone().unwrap_or_default());
        }
        let when = record.when;
        row.push(
            when.and_then(|w| w.datetime())
                .map(|t| t.strftime("%Y-%m-%dT%H:%M:%S").to_string())
                .unwrap_or_default(),
        );
        row.push(when.map(|w| w.date().to_string()).unwrap_or_default());
        row.push(record.author.clone().unwrap_or_default());
        row.push(tags.words.to_string());
        row.extend(tags.hits.iter().map(u64::to_string));
        row.extend(tags.negated.iter().map(u64::to_string));
        if self.weighted {
            row.extend(
                weighted_sums(lexicon, tags)
                    .iter()
                    .map(|sum| format!("{sum:.3}")),
            );
        }
        row.push(dic(tags.matched_words, tags.words));
        row.push(self.version.clone());
        if self.evidence {
            row.push(evidence(lexicon, tags));
        }
        self.csv.write_record(&*row).map_err(csv_error)
    }

    pub fn into_inner(self) -> std::io::Result<W> {
        self.csv
            .into_inner()
            .map_err(|error| std::io::Error::other(error.to_string()))
    }
}

/// Per category, the sum of the weights of its non-negated hits, in text order (needs the
/// evidence, which [`TagWriter`]'s caller keeps for a weighted lexicon).
pub fn weighted_sums(lexicon: &Lexicon, tags: &Tags) -> Vec<f64> {
    let mut sums = vec![0.0; lexicon.categories().len()];
    for &(category, entry, negated) in &tags.evidence {
        if !negated {
            sums[category] += lexicon.categories()[category].entries[entry].weight;
        }
    }
    sums
}

/// `appreciation: thank you, 🙏; repair: (negated) my fault` — matched entries per category.
pub fn evidence(lexicon: &Lexicon, tags: &Tags) -> String {
    let mut parts = Vec::new();
    for (index, category) in lexicon.categories().iter().enumerate() {
        let terms: Vec<String> = tags
            .evidence
            .iter()
            .filter(|(found, _, _)| *found == index)
            .map(|&(_, entry, negated)| {
                let text = &category.entries[entry].text;
                if negated {
                    format!("(negated) {text}")
                } else {
                    text.clone()
                }
            })
            .collect();
        if !terms.is_empty() {
            parts.push(format!("{}: {}", category.name, terms.join(", ")));
        }
    }
    parts.join("; ")
}

/// Options of the trends table.
#[derive(Debug, Clone, Copy)]
pub struct TrendsLayout {
    pub by: Period,
    pub per_author: bool,
    pub long: bool,
}

/// The trends table as CSV bytes: a pure function of the counts, the category names (in
/// the order of the counts) and the lexicon version.
pub fn trends(
    counts: &Counts,
    names: &[String],
    version: &str,
    layout: TrendsLayout,
) -> std::io::Result<Vec<u8>> {
    let mut csv = SheetWriter::new(Vec::new());
    let mut header: Vec<String> = vec!["period".into(), "start".into(), "end".into()];
    if layout.per_author {
        header.push("author".into());
    }
    if layout.long {
        header.extend(["category", "hits", "per_1k", "passages", "words"].map(String::from));
    } else {
        header.extend(["passages", "words"].map(String::from));
        for name in names {
            header.push(format!("{name}_hits"));
            header.push(format!("{name}_per_1k"));
            header.push(format!("{name}_passages"));
        }
        header.push("positive_conflict_ratio".into());
        header.push("dic".into());
    }
    header.push("lexicon_version".into());
    csv.write_record(&header).map_err(csv_error)?;

    let authors: Vec<Option<String>> = if layout.per_author {
        let mut authors: Vec<Option<String>> = counts
            .by_day
            .keys()
            .map(|(_, author)| author.clone())
            .collect();
        authors.sort();
        authors.dedup();
        authors
    } else {
        vec![None]
    };
    let Some((first, last)) = counts.span() else {
        return csv
            .into_inner()
            .map_err(|error| std::io::Error::other(error.to_string()));
    };
    for start in layout.by.starts(first, last) {
        let next = layout.by.next_start(start);
        let end = next
            .and_then(|next| next.yesterday().ok())
            .unwrap_or(jiff::civil::Date::MAX);
        for author in &authors {
            let mut tally = Tally::default();
            for ((date, day_author), day) in counts.by_day.range((start, None)..) {
                if next.is_some_and(|next| *date >= next) {
                    break;
                }
                if !layout.per_author || day_author == author {
                    tally.merge(day);
                }
            }
            tally.hits.resize(names.len(), 0);
            tally.passages_with_hit.resize(names.len(), 0);
            let mut prefix = vec![layout.by.label(start), start.to_string(), end.to_string()];
            if layout.per_author {
                prefix.push(author.clone().unwrap_or_default());
            }
            if layout.long {
                for (index, name) in names.iter().enumerate() {
                    let mut row = prefix.clone();
                    row.push(name.clone());
                    row.push(tally.hits[index].to_string());
                    row.push(per_1k(tally.hits[index], tally.words));
                    row.push(tally.passages_with_hit[index].to_string());
                    row.push(tally.words.to_string());
                    row.push(version.to_owned());
                    csv.write_record(&row).map_err(csv_error)?;
                }
            } else {
                let mut row = prefix;
                row.push(tally.passages.to_string());
                row.push(tally.words.to_string());
                for index in 0..names.len() {
                    row.push(tally.hits[index].to_string());
                    row.push(per_1k(tally.hits[index], tally.words));
                    row.push(tally.passages_with_hit[index].to_string());
                }
                row.push(
                    positive_conflict_ratio(names, &tally)
                        .map(|ratio| format!("{ratio:.3}"))
                        .unwrap_or_default(),
                );
                row.push(dic(tally.matched_words, tally.words));
                row.push(version.to_owned());
                csv.write_record(&row).map_err(csv_error)?;
            }
        }
    }
    csv.into_inner()
        .map_err(|error| std::io::Error::other(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_are_neutralised() {
        for risky in [
            "=SUM(A1)",
            "+1",
            "-2+3",
            "@cmd",
            "\tx",
            "\rx",
            "\n=1",
            " =1",
            "\u{3000}=1",
            "＝1+1",
        ] {
            assert_eq!(safe_cell(risky), format!("'{risky}"));
        }
        for plain in ["Anna", "", "-2", "0.125", "12", "a=b"] {
            assert_eq!(safe_cell(plain), plain);
        }
    }

    #[test]
    fn escaping_keeps_distinct_cells_distinct() {
        let cells = ["=1+1", "'=1+1", "''=1+1", "'", "''", "x", "'x"];
        let escaped: std::collections::BTreeSet<String> = cells
            .iter()
            .map(|cell| safe_cell(cell).into_owned())
            .collect();
        assert_eq!(escaped.len(), cells.len(), "{escaped:?}");
        assert_eq!(safe_cell("'=1+1"), "''=1+1");
    }

    #[test]
    fn cells_a_locale_could_split_are_quoted() {
        assert_eq!(sheet_cell("a;=1+1;"), "\"a;=1+1;\"");
        assert_eq!(sheet_cell("a\tb"), "\"a\tb\"");
        assert_eq!(sheet_cell("a|b"), "\"a|b\"");
        assert_eq!(sheet_cell("say \"hi\", ok"), "\"say \"\"hi\"\", ok\"");
        assert_eq!(sheet_cell("=a;b"), "\"'=a;b\"");
        assert_eq!(sheet_cell(" padded"), "\" padded\"");
        assert_eq!(sheet_cell("plain text"), "plain text");
        assert_eq!(sheet_cell("2024-01-03T10:00:00"), "2024-01-03T10:00:00");
    }

    #[test]
    fn category_names_are_neutralised_in_headers_and_long_rows() {
        let names = vec!["=HYPERLINK(\"http://x\")".to_owned(), "a;=1+1".to_owned()];
        let mut counts = Counts::new();
        let record = crate::record::Record::message(
            Some(crate::record::Moment::Day(jiff::civil::date(2024, 1, 3))),
            Some("=cmd".to_owned()),
            "x".into(),
            1,
        );
        let tags = Tags {
            words: 4,
            matched_words: 1,
            hits: vec![1, 0],
            negated: vec![0, 0],
            evidence: Vec::new(),
        };
        counts.add(&record, &tags);
        for long in [false, true] {
            let layout = TrendsLayout {
                by: Period::Day,
                per_author: true,
                long,
            };
            let bytes = trends(&counts, &names, "v1", layout).unwrap();
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(bytes.as_slice());
            for row in reader.records() {
                for cell in row.unwrap().iter() {
                    assert!(
                        !cell.starts_with(['=', '+', '@']),
                        "live formula {cell:?} (long: {long})"
                    );
                }
            }
            let text = String::from_utf8(bytes).unwrap();
            assert!(text.contains("\"'=HYPERLINK(\"\"http://x\"\")"), "{text}");
            assert!(text.contains("\"a;=1+1"), "{text}");
        }
    }
}
