//! Tables for spreadsheets and programs: per-passage tag rows and per-period trend tables,
//! as CSV or JSON Lines.
//!
//! Spreadsheet CSV passes every cell, headers included, through one [`SheetWriter`]:
//! [`safe_cell`] keeps an author, a matched entry or a category called `=HYPERLINK(…)` text
//! in Excel, LibreOffice and Google Sheets, and a cell holding a separator of any locale
//! (`;`, a tab, `|`) is quoted, so a spreadsheet that splits on `;` cannot turn `a;=1+1` into
//! a formula cell. `--raw` CSV and JSON Lines, read by programs, keep every cell as found.

use std::borrow::Cow;
use std::io::Write;

use crate::aggregate::{Counts, Period, Tally};
use crate::insights::anonymize::Anonymizer;
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

    /// Writes one row, each cell made safe as it goes (no copy of a cell that needs none).
    pub fn write_record<I, T>(&mut self, record: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        let mut cells = record.into_iter().peekable();
        let mut first = true;
        while let Some(cell) = cells.next() {
            let cell = sheet_cell(cell.as_ref());
            // A row of one empty cell would be an empty line, which readers skip.
            if first && cell.is_empty() && cells.peek().is_none() {
                self.inner.write_field("\"\"")?;
            } else {
                self.inner.write_field(cell.as_bytes())?;
            }
            first = false;
        }
        self.inner.write_record(None::<&[u8]>)
    }

    /// Flushes and returns the destination.
    pub fn into_inner(self) -> std::io::Result<W> {
        self.inner.into_inner().map_err(|error| error.into_error())
    }
}

/// Per 1,000 words, three decimals; empty for a period with no words, which has no rate
/// (a chart then shows a gap rather than a dive to zero).
fn per_1k(hits: u64, words: u64) -> Cell {
    if words == 0 {
        Cell::Empty
    } else {
        Cell::Figure(format!("{:.3}", hits as f64 * 1000.0 / words as f64))
    }
}

/// Share of words matched by any category, in percent (LIWC's `Dic`); empty without words.
fn dic(matched: u64, words: u64) -> Cell {
    if words == 0 {
        Cell::Empty
    } else {
        Cell::Figure(format!("{:.2}", matched as f64 * 100.0 / words as f64))
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

/// Whether the ratio means anything: conflict and at least one positive category loaded.
pub fn has_ratio<S: AsRef<str>>(names: &[S]) -> bool {
    let loaded = |name: &str| names.iter().any(|known| known.as_ref() == name);
    loaded(CONFLICT) && POSITIVE.iter().any(|name| loaded(name))
}

fn csv_error(error: csv::Error) -> std::io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// How rows are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowFormat {
    /// CSV for spreadsheets: text cells that look like formulas are neutralised.
    #[default]
    Csv,
    /// CSV for programs (`--raw`): every cell exactly as found.
    RawCsv,
    /// JSON Lines (`--json`): one object per row, numbers as numbers, `null` for empty.
    Json,
}

/// One cell of a row, typed so JSON Lines keeps numbers as numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Text from the input or the user (neutralised for spreadsheets).
    Text(String),
    /// Text closeread made itself: labels, dates, the lexicon version.
    Label(String),
    Count(u64),
    /// A figure already rounded for output; JSON carries the same digits as CSV.
    Figure(String),
    /// No value (a rate of a period without words).
    Empty,
}

/// Writes rows with one header as CSV or JSON Lines.
pub struct RowWriter<W: Write> {
    target: Target<W>,
    header: Vec<String>,
}

enum Target<W: Write> {
    Sheet(Box<SheetWriter<W>>),
    Csv(Box<csv::Writer<W>>),
    Json(W),
}

impl<W: Write> RowWriter<W> {
    /// Starts the output; CSV writes the header at once.
    pub fn new(out: W, header: Vec<String>, format: RowFormat) -> std::io::Result<Self> {
        let target = match format {
            RowFormat::Json => Target::Json(out),
            RowFormat::Csv => {
                let mut sheet = SheetWriter::new(out);
                sheet.write_record(&header).map_err(csv_error)?;
                Target::Sheet(Box::new(sheet))
            }
            RowFormat::RawCsv => {
                let mut csv = csv::Writer::from_writer(out);
                csv.write_record(&header).map_err(csv_error)?;
                Target::Csv(Box::new(csv))
            }
        };
        Ok(RowWriter { target, header })
    }

    /// Writes one row; `cells` follow the header.
    pub fn write(&mut self, cells: &[Cell]) -> std::io::Result<()> {
        debug_assert_eq!(cells.len(), self.header.len());
        match &mut self.target {
            Target::Sheet(sheet) => sheet
                .write_record(cells.iter().map(csv_text))
                .map_err(csv_error),
            Target::Csv(csv) => {
                for cell in cells {
                    csv.write_field(csv_text(cell).as_bytes())
                        .map_err(csv_error)?;
                }
                csv.write_record(None::<&[u8]>).map_err(csv_error)
            }
            Target::Json(out) => {
                let mut line = String::from("{");
                for (index, (name, cell)) in self.header.iter().zip(cells).enumerate() {
                    if index > 0 {
                        line.push(',');
                    }
                    line.push_str(&json_string(name));
                    line.push(':');
                    match cell {
                        Cell::Text(text) | Cell::Label(text) => line.push_str(&json_string(text)),
                        Cell::Count(count) => line.push_str(&count.to_string()),
                        Cell::Figure(figure) => line.push_str(&json_number(figure)),
                        Cell::Empty => line.push_str("null"),
                    }
                }
                line.push_str("}\n");
                out.write_all(line.as_bytes())
            }
        }
    }

    pub fn into_inner(self) -> std::io::Result<W> {
        match self.target {
            Target::Sheet(sheet) => sheet.into_inner(),
            Target::Csv(csv) => csv
                .into_inner()
                .map_err(|error| std::io::Error::other(error.to_string())),
            Target::Json(out) => Ok(out),
        }
    }
}

/// A row's cells as CSV text; [`SheetWriter`] makes them safe where that is wanted.
fn csv_text(cell: &Cell) -> Cow<'_, str> {
    match cell {
        Cell::Text(text) | Cell::Label(text) | Cell::Figure(text) => Cow::Borrowed(text),
        Cell::Count(count) => Cow::Owned(count.to_string()),
        Cell::Empty => Cow::Borrowed(""),
    }
}

fn json_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// A rounded figure as a JSON number with the same value as its CSV digits.
fn json_number(figure: &str) -> String {
    figure
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or_else(|| "null".to_owned(), |number| number.to_string())
}

/// Which optional columns `tag` writes.
#[derive(Debug, Clone, Copy, Default)]
pub struct TagColumns {
    /// `matched`: the words that matched, per category (`--evidence`).
    pub evidence: bool,
    /// `id` after `record`, from the records' own ids (`--id-col`).
    pub id: bool,
    /// `text`: the passage itself (`--text`).
    pub text: bool,
    pub format: RowFormat,
}

/// Writes `tag` rows: one per passage.
pub struct TagWriter<W: Write> {
    rows: RowWriter<W>,
    columns: TagColumns,
    /// The lexicon has weighted entries (LIWC-22 weighted `.dicx`): add `{category}_weighted`.
    weighted: bool,
    version: String,
    row: Vec<Cell>,
}

impl<W: Write> TagWriter<W> {
    pub fn new(out: W, lexicon: &Lexicon, columns: TagColumns) -> std::io::Result<Self> {
        let mut header: Vec<String> = vec!["source".into(), "record".into()];
        if columns.id {
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
        header.push("lang".into());
        header.push("lexicon_version".into());
        if columns.evidence {
            header.push("matched".into());
        }
        if columns.text {
            header.push("text".into());
        }
        Ok(TagWriter {
            rows: RowWriter::new(out, header, columns.format)?,
            columns,
            weighted,
            version: lexicon.version().to_owned(),
            row: Vec::new(),
        })
    }

    /// Writes the row of `record`, the `position`-th record of `source`; with `names`
    /// (`--anonymize`) the quoted words and the passage lose every name.
    pub fn write(
        &mut self,
        lexicon: &Lexicon,
        source: &str,
        position: u64,
        record: &Record,
        tags: &Tags,
        names: Option<&Anonymizer>,
    ) -> std::io::Result<()> {
        let redact = |text: String| match names {
            Some(names) => names.redact(&text).into_owned(),
            None => text,
        };
        let row = &mut self.row;
        row.clear();
        row.push(Cell::Text(source.to_owned()));
        row.push(Cell::Count(position));
        if self.columns.id {
            row.push(Cell::Text(record.id.clone().unwrap_or_default()));
        }
        let when = record.when;
        row.push(Cell::Label(
            when.and_then(|w| w.datetime())
                .map(|t| t.strftime("%Y-%m-%dT%H:%M:%S").to_string())
                .unwrap_or_default(),
        ));
        row.push(Cell::Label(
            when.map(|w| w.date().to_string()).unwrap_or_default(),
        ));
        row.push(Cell::Text(record.author.clone().unwrap_or_default()));
        row.push(Cell::Count(tags.words));
        row.extend(tags.hits.iter().copied().map(Cell::Count));
        row.extend(tags.negated.iter().copied().map(Cell::Count));
        if self.weighted {
            row.extend(
                tags.score
                    .iter()
                    .map(|score| Cell::Figure(format!("{score:.3}"))),
            );
        }
        row.push(dic(tags.matched_words, tags.words));
        row.push(Cell::Label(lexicon.sets()[tags.language].code().to_owned()));
        row.push(Cell::Label(self.version.clone()));
        if self.columns.evidence {
            row.push(Cell::Text(redact(evidence(lexicon, tags, &record.text))));
        }
        if self.columns.text {
            row.push(Cell::Text(redact(record.text.clone())));
        }
        self.rows.write(row)
    }

    pub fn into_inner(self) -> std::io::Result<W> {
        self.rows.into_inner()
    }
}

/// `appreciation: Thank you so much ×2, 🙏; repair: (negated) my fault` — per category, the
/// words that matched as `text` has them (not the entries' patterns), each distinct wording
/// once with how often it matched; `(not counted) great` marks an entry that matched while its
/// category stayed below its threshold. Linear in the matches, and as long as the distinct
/// wordings however long the passage.
pub fn evidence(lexicon: &Lexicon, tags: &Tags, text: &str) -> String {
    /// Per category: (wording as first written, negated, times), in order of first match.
    type Seen = Vec<(String, bool, u64)>;
    let mut seen: Vec<Seen> = vec![Vec::new(); lexicon.categories().len()];
    let mut index: rustc_hash::FxHashMap<(usize, bool, String), usize> = Default::default();
    for found in tags.matches(text) {
        let words = found.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let key = (found.category, found.negated, words.to_lowercase());
        let list = &mut seen[found.category];
        match index.get(&key) {
            Some(&at) => list[at].2 += 1,
            None => {
                index.insert(key, list.len());
                list.push((words, found.negated, 1));
            }
        }
    }
    let mut parts = Vec::new();
    for (number, (category, list)) in lexicon.categories().iter().zip(seen).enumerate() {
        let terms: Vec<String> = list
            .into_iter()
            .map(|(words, negated, times)| {
                let negated = if negated { "(negated) " } else { "" };
                match times {
                    1 => format!("{negated}{words}"),
                    _ => format!("{negated}{words} ×{times}"),
                }
            })
            .chain(
                tags.uncounted
                    .iter()
                    .filter(|(found, _)| *found == number)
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
    /// Period length of each row; `None` for one row of totals (`--by total`).
    pub by: Option<Period>,
    pub per_author: bool,
    /// A `conversation` column first (`--per-conversation`).
    pub per_conversation: bool,
    pub long: bool,
    pub format: RowFormat,
}

/// One table's worth of counts: all of them, or one conversation's.
pub struct Table<'a> {
    pub conversation: Option<&'a str>,
    pub counts: &'a Counts,
}

/// The trends table as bytes: a pure function of the counts, the category names (in the
/// order of the counts) and the lexicon version. Each of `tables` gives its rows in turn.
pub fn trends(
    tables: &[Table<'_>],
    names: &[String],
    version: &str,
    layout: TrendsLayout,
) -> std::io::Result<Vec<u8>> {
    let ratio = has_ratio(names);
    let mut header: Vec<String> = Vec::new();
    if layout.per_conversation {
        header.push("conversation".into());
    }
    header.extend(["period", "start", "end"].map(String::from));
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
        if ratio {
            header.push("positive_conflict_ratio".into());
        }
        header.push("dic".into());
    }
    header.push("lexicon_version".into());
    let mut out = RowWriter::new(Vec::new(), header, layout.format)?;
    for table in tables {
        for (prefix, mut tally) in table_rows(table, layout) {
            tally.hits.resize(names.len(), 0);
            tally.passages_with_hit.resize(names.len(), 0);
            if layout.long {
                for (index, name) in names.iter().enumerate() {
                    let mut row = prefix.clone();
                    row.push(Cell::Label(name.clone()));
                    row.push(Cell::Count(tally.hits[index]));
                    row.push(per_1k(tally.hits[index], tally.words));
                    row.push(Cell::Count(tally.passages_with_hit[index]));
                    row.push(Cell::Count(tally.words));
                    row.push(Cell::Label(version.to_owned()));
                    out.write(&row)?;
                }
            } else {
                let mut row = prefix;
                row.push(Cell::Count(tally.passages));
                row.push(Cell::Count(tally.words));
                for index in 0..names.len() {
                    row.push(Cell::Count(tally.hits[index]));
                    row.push(per_1k(tally.hits[index], tally.words));
                    row.push(Cell::Count(tally.passages_with_hit[index]));
                }
                if ratio {
                    row.push(
                        positive_conflict_ratio(names, &tally)
                            .map_or(Cell::Empty, |ratio| Cell::Figure(format!("{ratio:.3}"))),
                    );
                }
                row.push(dic(tally.matched_words, tally.words));
                row.push(Cell::Label(version.to_owned()));
                out.write(&row)?;
            }
        }
    }
    out.into_inner()
}

/// The rows of one table: the leading cells (conversation, period, start, end, author)
/// and the tally they sum.
fn table_rows(table: &Table<'_>, layout: TrendsLayout) -> Vec<(Vec<Cell>, Tally)> {
    let counts = table.counts;
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
    let span = counts.span();
    let prefix = |label: String, start: String, end: String, author: &Option<String>| {
        let mut cells = Vec::new();
        if layout.per_conversation {
            cells.push(Cell::Text(
                table.conversation.unwrap_or_default().to_owned(),
            ));
        }
        cells.extend([Cell::Label(label), Cell::Label(start), Cell::Label(end)]);
        if layout.per_author {
            cells.push(Cell::Text(author.clone().unwrap_or_default()));
        }
        cells
    };
    let mut rows = Vec::new();
    let Some(by) = layout.by else {
        // One row of totals per author (dated passages), or in all (undated ones too).
        let (start, end) = span.map_or((String::new(), String::new()), |(first, last)| {
            (first.to_string(), last.to_string())
        });
        for author in &authors {
            let mut tally = Tally::default();
            for ((_, day_author), day) in &counts.by_day {
                if !layout.per_author || day_author == author {
                    tally.merge(day);
                }
            }
            if !layout.per_author {
                tally.merge(&counts.undated);
            }
            rows.push((
                prefix("total".into(), start.clone(), end.clone(), author),
                tally,
            ));
        }
        return rows;
    };
    let Some((first, last)) = span else {
        return rows;
    };
    for start in by.starts(first, last) {
        let next = by.next_start(start);
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
            rows.push((
                prefix(by.label(start), start.to_string(), end.to_string(), author),
                tally,
            ));
        }
    }
    rows
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
            ..Tags::default()
        };
        counts.add(&record, &tags);
        for long in [false, true] {
            let layout = TrendsLayout {
                by: Some(Period::Day),
                per_author: true,
                per_conversation: false,
                long,
                format: RowFormat::Csv,
            };
            let table = Table {
                conversation: None,
                counts: &counts,
            };
            let bytes = trends(&[table], &names, "v1", layout).unwrap();
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
