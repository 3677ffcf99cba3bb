//! CSV for spreadsheets: per-passage tag rows and per-period trend tables.
//!
//! Every text cell goes through [`safe_cell`], so an author called `=HYPERLINK(…)` stays
//! text in Excel, LibreOffice and Google Sheets.

use std::borrow::Cow;
use std::io::Write;

use crate::aggregate::{Counts, Period, Tally};
use crate::lexicon::{CONFLICT, Lexicon, POSITIVE};
use crate::record::Record;
use crate::tag::Tags;

/// Neutralises a cell a spreadsheet would run as a formula by prefixing `'`.
pub fn safe_cell(cell: &str) -> Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
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
    csv: csv::Writer<W>,
    evidence: bool,
    /// An `id` column after `record`, from the records' own ids (`--id-col`).
    id: bool,
    /// The lexicon has weights or thresholds: add `{category}_weighted`, the passage score.
    weighted: bool,
    version: String,
    row: Vec<String>,
}

impl<W: Write> TagWriter<W> {
    pub fn new(out: W, lexicon: &Lexicon, evidence: bool, id: bool) -> std::io::Result<Self> {
        let mut csv = csv::Writer::from_writer(out);
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
        row.push(safe_cell(source).into_owned());
        row.push(position.to_string());
        if self.id {
            row.push(safe_cell(record.id.as_deref().unwrap_or("")).into_owned());
        }
        let when = record.when;
        row.push(
            when.and_then(|w| w.datetime())
                .map(|t| t.strftime("%Y-%m-%dT%H:%M:%S").to_string())
                .unwrap_or_default(),
        );
        row.push(when.map(|w| w.date().to_string()).unwrap_or_default());
        row.push(safe_cell(record.author.as_deref().unwrap_or("")).into_owned());
        row.push(tags.words.to_string());
        row.extend(tags.hits.iter().map(u64::to_string));
        row.extend(tags.negated.iter().map(u64::to_string));
        if self.weighted {
            row.extend(tags.score.iter().map(|score| format!("{score:.3}")));
        }
        row.push(dic(tags.matched_words, tags.words));
        row.push(self.version.clone());
        if self.evidence {
            row.push(safe_cell(&evidence(lexicon, tags)).into_owned());
        }
        self.csv.write_record(&*row).map_err(csv_error)
    }

    pub fn into_inner(self) -> std::io::Result<W> {
        self.csv
            .into_inner()
            .map_err(|error| std::io::Error::other(error.to_string()))
    }
}

/// `appreciation: thank you, 🙏; repair: (negated) my fault` — matched entries per category;
/// `(not counted) great` marks a hit below its category's threshold or of weight ≤ 0.
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
            .chain(
                tags.uncounted
                    .iter()
                    .filter(|(found, _)| *found == index)
                    .map(|&(_, entry)| format!("(not counted) {}", category.entries[entry].text)),
            )
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
    let mut csv = csv::Writer::from_writer(Vec::new());
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
                prefix.push(safe_cell(author.as_deref().unwrap_or("")).into_owned());
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
        for risky in ["=SUM(A1)", "+1", "-2", "@cmd", "\tx", "\rx"] {
            assert_eq!(safe_cell(risky), format!("'{risky}"));
        }
        assert_eq!(safe_cell("Anna"), "Anna");
        assert_eq!(safe_cell(""), "");
    }
}
