//! The commands: each takes validated arguments and runs the pipeline with its own sink.

use std::path::{Path, PathBuf};

use crate::aggregate::{Counts, RecordCounts};
use crate::cli::{
    EvalArgs, EvalFormat, InputArgs, LexiconArgs, MergeArgs, OutputArgs, TableArgs, TagArgs,
    TrendsArgs,
};
use crate::cli::{InsightsArgs, ReportArgs};
use crate::error::{Error, Result};
use crate::filter::Filter;
use crate::input::discover::{Source, discover};
use crate::input::{Format, ParseOptions};
use crate::insights::anonymize::Anonymizer;
use crate::insights::collect::{ChunkPartial, Collector, Detail, Wanted};
use crate::lexicon::Lexicon;
use crate::output::csv::{TagWriter, TrendsLayout, trends};
use crate::output::partial::Partial;
use crate::output::{self, Output};
use crate::record::Record;
use crate::run::{Notice, RunOptions, Sink, Summary, run};
use crate::tag::{Tagger, Tags, Turns};

/// Loads the lexicons the arguments name.
pub fn load_lexicon(args: &LexiconArgs) -> Result<Lexicon> {
    let only = (!args.only.is_empty()).then_some(args.only.as_slice());
    Lexicon::load(&args.paths, only)
}

/// Passes on what loading user dictionaries dropped or doubted.
fn lexicon_warnings(lexicon: &Lexicon, notify: &mut dyn FnMut(Notice)) {
    for warning in lexicon.warnings() {
        let source = match warning.line {
            0 => warning.path.clone(),
            line => format!("{}:{line}", warning.path),
        };
        notify(Notice::Warning {
            source,
            message: warning.message.clone(),
        });
    }
}

fn sources(args: &InputArgs, notify: &mut dyn FnMut(Notice)) -> Result<(Vec<Source>, u64)> {
    let mut inputs = args.inputs.clone();
    if let Some(list) = &args.files_from {
        inputs.extend(read_file_list(list)?);
    }
    let (sources, errors) = discover(&inputs);
    let failed = errors.len() as u64;
    for error in errors {
        notify(Notice::Failed(error));
    }
    Ok((sources, failed))
}

/// The paths listed in `list` (or on standard input for `-`), one per line.
fn read_file_list(list: &Path) -> Result<Vec<PathBuf>> {
    let io_error = |source| Error::Io {
        path: list.to_owned(),
        source,
    };
    let text = if list.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin()).map_err(io_error)?
    } else {
        std::fs::read_to_string(list).map_err(io_error)?
    };
    Ok(text
        .lines()
        .map(|line| line.trim_end_matches('\r'))
        .filter(|line| !line.is_empty())
        .map(PathBuf::from)
        .collect())
}

fn run_options(args: &InputArgs, evidence: bool) -> Result<RunOptions> {
    let parse = &args.parse;
    let columns = crate::input::csv::CsvColumns {
        time: parse.time_col.clone(),
        author: parse.author_col.clone(),
        text: parse.text_col.clone(),
        id: parse.id_col.clone(),
    };
    let parse = ParseOptions::new(columns, parse.time_format.as_deref(), parse.tz.as_deref())
        .map_err(Error::Usage)?;
    if let (Some(since), Some(until)) = (args.since, args.until)
        && since > until
    {
        return Err(Error::Usage(format!(
            "--since {since} is after --until {until}: no day is in between"
        )));
    }
    Ok(RunOptions {
        format: args.format,
        parse,
        threads: args.threads,
        evidence,
        filter: Filter {
            since: args.since,
            until: args.until,
            authors: args.authors.clone(),
        },
    })
}

fn write_error(output: &OutputArgs) -> impl Fn(std::io::Error) -> Error + '_ {
    |source| output::write_error(output.file.as_deref(), source)
}

/// `closeread tag`: one row per passage, streamed in source order.
pub fn tag(args: &TagArgs, notify: &mut dyn FnMut(Notice)) -> Result<Summary> {
    let lexicon = load_lexicon(&args.input.lexicon)?;
    lexicon_warnings(&lexicon, notify);
    let options = run_options(&args.input, args.evidence)?;
    let (sources, failed) = sources(&args.input, notify)?;
    let output = output::open(args.csv.output.file.as_deref(), args.csv.excel)?;
    let id_column = args.input.parse.id_col.is_some();
    let writer = TagWriter::new(output, &lexicon, args.evidence, id_column)
        .map_err(write_error(&args.csv.output))?;
    let mut sink = TagSink {
        lexicon: &lexicon,
        writer,
        current: None,
        position: 0,
        output_name: args
            .csv
            .output
            .file
            .clone()
            .unwrap_or_else(|| "<stdout>".into()),
        names: args.input.anonymize.then(Anonymizer::new),
    };
    let mut summary = run(&sources, &lexicon, options, &mut sink, notify)?;
    summary.failed += failed;
    let output = sink
        .writer
        .into_inner()
        .map_err(write_error(&args.csv.output))?;
    output.commit()?;
    Ok(summary)
}

struct TagSink<'a> {
    lexicon: &'a Lexicon,
    writer: TagWriter<Output>,
    /// Name of the source whose records are being numbered.
    current: Option<String>,
    position: u64,
    /// Where rows go, for error messages.
    output_name: PathBuf,
    /// `--anonymize`: labels given out as authors first appear.
    names: Option<Anonymizer>,
}

impl Sink for TagSink<'_> {
    /// Tags of each record that gets a row; `None` for records that take a position but no
    /// row (system messages, media, records outside the filter).
    type Partial = Vec<(Record, Option<Tags>)>;

    fn process(
        &self,
        tagger: &mut Tagger<'_>,
        _source: &Source,
        records: Vec<Record>,
        filter: &Filter,
    ) -> Self::Partial {
        let answered = answered_messages(tagger, &records);
        let tags: Vec<Option<Tags>> = records
            .iter()
            .zip(answered)
            .map(|(record, answered)| {
                (record.is_language() && filter.keeps(record)).then(|| {
                    let mut tags = Tags::default();
                    tagger.tag_answering(&record.text, answered, &mut tags);
                    tags
                })
            })
            .collect();
        records.into_iter().zip(tags).collect()
    }

    fn accept(&mut self, source: &Source, partial: Self::Partial) -> Result<()> {
        if self.current.as_deref() != Some(source.name.as_str()) {
            self.current = Some(source.name.clone());
            self.position = 0;
        }
        if let Some(names) = &mut self.names {
            // Every author of the chunk gets a label first, so a name in the source's file
            // name ("WhatsApp Chat with …") is known before the first row is written.
            for (record, _) in &partial {
                if let Some(author) = &record.author {
                    names.see(author);
                }
            }
        }
        let source_name = match &mut self.names {
            Some(names) => names.redact(&source.name).into_owned(),
            None => source.name.clone(),
        };
        for (mut record, tags) in partial {
            self.position += 1;
            let Some(tags) = tags else { continue };
            if let Some(names) = &mut self.names {
                record.author = record.author.map(|author| names.label_of(&author));
            }
            if let Err(error) =
                self.writer
                    .write(self.lexicon, &source_name, self.position, &record, &tags)
            {
                // A closed pipe (`| head`) means the reader has what it wanted.
                if error.kind() == std::io::ErrorKind::BrokenPipe {
                    return Err(Error::OutputClosed);
                }
                return Err(Error::Io {
                    path: self.output_name.clone(),
                    source: error,
                });
            }
        }
        Ok(())
    }
}

/// `closeread trends`: counts merged over every source, written as one table.
pub fn trends_command(args: &TrendsArgs, notify: &mut dyn FnMut(Notice)) -> Result<Summary> {
    let lexicon = load_lexicon(&args.input.lexicon)?;
    lexicon_warnings(&lexicon, notify);
    let options = run_options(&args.input, false)?;
    let (sources, failed) = sources(&args.input, notify)?;
    let wanted = Wanted {
        authors: args.input.anonymize,
        ..Wanted::default()
    };
    let mut sink =
        CountSink::new((wanted != Wanted::default()).then(|| Collector::new(wanted, &lexicon)));
    let mut summary = run(&sources, &lexicon, options, &mut sink, notify)?;
    summary.failed += failed;
    let (counts, _) = sink.finish();
    let names: Vec<String> = lexicon.category_names().map(String::from).collect();
    let bytes = if args.emit_partials {
        Partial {
            lexicon_version: lexicon.version().to_owned(),
            categories: names,
            counts,
        }
        .to_json()
    } else {
        trends(&counts, &names, lexicon.version(), layout(&args.table))
            .map_err(write_error(&args.csv.output))?
    };
    output::write_whole(args.csv.output.file.as_deref(), args.csv.excel, &bytes)?;
    Ok(summary)
}

fn layout(table: &TableArgs) -> TrendsLayout {
    TrendsLayout {
        by: table.by,
        per_author: table.per_author,
        long: table.long,
    }
}

/// `closeread merge`: partials added up and written as one trends table.
pub fn merge_command(args: &MergeArgs) -> Result<RecordCounts> {
    let mut paths = args.partials.iter();
    let first = paths
        .next()
        .ok_or_else(|| Error::Usage("no partials to merge".into()))?;
    let mut merged = Partial::read(first)?;
    for path in paths {
        merged.merge(Partial::read(path)?, path)?;
    }
    let table = trends(
        &merged.counts,
        &merged.categories,
        &merged.lexicon_version,
        layout(&args.table),
    );
    let table = table.map_err(write_error(&args.csv.output))?;
    output::write_whole(args.csv.output.file.as_deref(), args.csv.excel, &table)?;
    Ok(merged.counts.records)
}

/// Per record of a chunk, the message it answers (the last message of another author in its
/// conversation, filtered out or not), when the lexicon has `{restates}` entries that need it.
/// A chunk's first messages answer nothing, as chunks are tagged apart.
fn answered_messages<'r>(tagger: &Tagger<'_>, records: &'r [Record]) -> Vec<Option<&'r str>> {
    if !tagger.lexicon().needs_context() {
        return vec![None; records.len()];
    }
    let mut turns = Turns::default();
    records
        .iter()
        .map(|record| {
            let answered = turns.answered(record);
            turns.push(record);
            answered
        })
        .collect()
}

/// Tags records and merges their counts.
pub struct CountSink {
    pub counts: Counts,
    /// What `insights`, `report` and `--anonymize` need beyond the counts; `None` (plain
    /// `trends`) costs nothing extra.
    pub collector: Option<Collector>,
}

impl CountSink {
    pub fn new(collector: Option<Collector>) -> CountSink {
        CountSink {
            counts: Counts::new(),
            collector,
        }
    }

    /// The counts and detail, with authors anonymized when that was asked for.
    pub fn finish(self) -> (Counts, Detail) {
        let Some(collector) = self.collector else {
            return (self.counts, Detail::default());
        };
        let anonymize = collector.wanted().authors;
        let (detail, authors) = collector.finish();
        if !anonymize {
            return (self.counts, detail);
        }
        let names = Anonymizer::from_authors(&authors);
        let detail = detail.rename(&|author| names.known(author), &|text| {
            names.redact(text).into_owned()
        });
        (names.counts(self.counts), detail)
    }
}

impl Sink for CountSink {
    type Partial = (Counts, Option<ChunkPartial>);

    fn process(
        &self,
        tagger: &mut Tagger<'_>,
        source: &Source,
        records: Vec<Record>,
        filter: &Filter,
    ) -> Self::Partial {
        let mut counts = Counts::new();
        let mut tags = Tags::default();
        let mut chunk = self.collector.as_ref().map(|c| c.chunk(source));
        let answered = answered_messages(tagger, &records);
        for (record, answered) in records.iter().zip(answered) {
            if !filter.keeps(record) {
                continue;
            }
            if record.is_language() {
                tagger.tag_answering(&record.text, answered, &mut tags);
            }
            counts.add(record, &tags);
            if let Some(chunk) = &mut chunk {
                chunk.add(record, &tags, tagger.tokens());
            }
        }
        (counts, chunk.map(|chunk| chunk.finish()))
    }

    fn accept(&mut self, source: &Source, (counts, chunk): Self::Partial) -> Result<()> {
        self.counts.merge(counts);
        if let (Some(collector), Some(chunk)) = (&mut self.collector, chunk) {
            collector.accept(source, chunk);
        }
        Ok(())
    }
}

/// Runs the pipeline for `insights` and `report` and analyses what it counted.
fn analysed(
    input: &InputArgs,
    by: Option<crate::aggregate::Period>,
    evidence: bool,
    notify: &mut dyn FnMut(Notice),
) -> Result<(crate::insights::Analysis, Summary)> {
    let lexicon = load_lexicon(&input.lexicon)?;
    lexicon_warnings(&lexicon, notify);
    // Entry-level evidence is needed for the entries behind each peak.
    let options = run_options(input, true)?;
    let (sources, failed) = sources(input, notify)?;
    let wanted = Wanted {
        detail: true,
        quotes: evidence,
        authors: input.anonymize,
    };
    let mut sink = CountSink::new(Some(Collector::new(wanted, &lexicon)));
    let mut summary = run(&sources, &lexicon, options, &mut sink, notify)?;
    summary.failed += failed;
    let (counts, detail) = sink.finish();
    Ok((
        crate::insights::analyse(&counts, &detail, &lexicon, by),
        summary,
    ))
}

fn footer(analysis: &crate::insights::Analysis) -> String {
    format!(
        "Made by closeread {} with lexicon version {}. Figures count lexicon entries per 1,000 \
         words; they are signs to reflect on, not judgements of anyone.",
        env!("CARGO_PKG_VERSION"),
        analysis.lexicon_version
    )
}

/// `closeread insights`: findings as terminal text or Markdown.
pub fn insights_command(args: &InsightsArgs, notify: &mut dyn FnMut(Notice)) -> Result<Summary> {
    let (analysis, summary) = analysed(&args.input, args.by, args.evidence, notify)?;
    let sections = crate::insights::findings::findings(&analysis);
    let text = crate::output::insights::render(
        "closeread insights",
        &sections,
        &footer(&analysis),
        args.markdown,
    );
    output::write_whole(args.output.file.as_deref(), false, text.as_bytes())?;
    Ok(summary)
}

/// `closeread report`: one self-contained HTML page.
pub fn report_command(args: &ReportArgs, notify: &mut dyn FnMut(Notice)) -> Result<Summary> {
    let (analysis, summary) = analysed(&args.input, args.by, args.evidence, notify)?;
    let sections = crate::insights::findings::findings(&analysis);
    let html = crate::output::report::render(&analysis, &sections, &footer(&analysis));
    output::write_whole(args.output.file.as_deref(), false, html.as_bytes())?;
    Ok(summary)
}

/// `closeread formats`: what each format reads, how it is detected, and what its dates mean.
pub fn formats() -> String {
    let mut text = String::new();
    let mut entry = |name: &str, reads: &str, detected: &str, dates: &str| {
        text.push_str(&format!(
            "{name}\n  reads:    {reads}\n  detected: {detected}\n  dates:    {dates}\n\n"
        ));
    };
    for format in Format::ALL {
        entry(
            format.name(),
            format.describe(),
            format.detection(),
            format.dates(),
        );
    }
    entry(
        "zip",
        "a .zip export (WhatsApp's iOS export, zipped Telegram or Meta exports), read in place without unpacking: every file inside is a source named archive.zip:path/in/zip, in name order; media (photos, voice notes, videos, documents), binary files and zips inside the zip are skipped and counted",
        "by the .zip extension, on the command line or in a folder; each file inside is then detected as above",
        "those of each file's own format",
    );
    text
}

/// `closeread lexicons list`.
pub fn lexicons_list(args: &LexiconArgs, notify: &mut dyn FnMut(Notice)) -> Result<String> {
    let lexicon = load_lexicon(args)?;
    lexicon_warnings(&lexicon, notify);
    let mut text = format!("lexicon version {}\n", lexicon.version());
    text.push_str(&format!(
        "{:<15} {:>7}  {:<10}  measures\n",
        "category", "entries", "origin"
    ));
    for category in lexicon.categories() {
        text.push_str(&format!(
            "{:<15} {:>7}  {:<10}  {}\n",
            category.name,
            category.entries.len(),
            category.origin,
            category.measures
        ));
    }
    Ok(text)
}

/// `closeread lexicons show CATEGORY`.
pub fn lexicons_show(
    args: &LexiconArgs,
    name: &str,
    notify: &mut dyn FnMut(Notice),
) -> Result<String> {
    let lexicon = load_lexicon(args)?;
    lexicon_warnings(&lexicon, notify);
    let index = lexicon.index_of(name).ok_or_else(|| {
        Error::Usage(format!(
            "no category '{name}' (known: {})",
            lexicon.category_names().collect::<Vec<_>>().join(", ")
        ))
    })?;
    let category = &lexicon.categories()[index];
    let mut text = format!(
        "# category: {}\n# measures: {}\n# source: {}\n# origin: {}\n# entries: {}\n",
        category.name,
        category.measures,
        category.source,
        category.origin,
        category.entries.len()
    );
    if category.threshold != crate::lexicon::parse::DEFAULT_THRESHOLD {
        text.push_str(&format!("# threshold: {}\n", category.threshold));
    }
    for entry in &category.entries {
        let flag = if entry.exclusion {
            "-"
        } else if !entry.negatable {
            "!"
        } else {
            ""
        };
        // Clauses and weight as written; an imported dictionary's weight as closeread writes it.
        let conditions = match (entry.conditions.as_str(), entry.weight) {
            ("", 1.0) => String::new(),
            ("", weight) => format!(" @{weight}"),
            (written, _) => format!(" {written}"),
        };
        text.push_str(&format!("{flag}{}{conditions}\n", entry.text));
    }
    Ok(text)
}

/// `closeread lexicons check PATH`: one line per problem; the flag is true when none.
pub fn lexicons_check(path: &std::path::Path) -> Result<(String, bool)> {
    let problems = crate::lexicon::check::check_path(path)?;
    let mut text: String = problems
        .iter()
        .map(|problem| format!("{problem}\n"))
        .collect();
    match problems.len() {
        0 => text.push_str(&format!("{}: no problems found\n", path.display())),
        count => text.push_str(&format!("{count} problem(s) in {}\n", path.display())),
    }
    Ok((text, problems.is_empty()))
}

/// `closeread eval GOLD`: scores the lexicons on a labelled file and writes the table.
pub fn eval_command(args: &EvalArgs, notify: &mut dyn FnMut(Notice)) -> Result<()> {
    if args.errors > 0 && args.format == EvalFormat::Csv {
        return Err(Error::Usage(
            "--errors prints text; use it without --format csv".to_owned(),
        ));
    }
    let lexicon = load_lexicon(&args.lexicon)?;
    lexicon_warnings(&lexicon, notify);
    let options = crate::eval::GoldOptions {
        text_column: args.text_col.clone(),
        map: args.map.clone(),
        context_column: args.context_col.clone(),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads)
        .build()
        .map_err(|error| Error::Usage(format!("cannot start worker threads: {error}")))?;
    let mut evaluations = Vec::with_capacity(args.gold.len());
    for path in &args.gold {
        let gold = crate::eval::read_gold(path, &lexicon, &options)?;
        if gold.missing_context {
            notify(Notice::Warning {
                source: gold.name.clone(),
                message: format!(
                    "no column '{}'; its passages are tagged without the message they answer",
                    args.context_col.as_deref().unwrap_or_default()
                ),
            });
        }
        evaluations.push(pool.install(|| crate::eval::evaluate(&lexicon, &gold, args.errors)));
    }
    let output_error = write_error(&args.output);
    let bytes = match args.format {
        EvalFormat::Table => {
            let mut text = String::new();
            for (index, evaluation) in evaluations.iter().enumerate() {
                if index > 0 {
                    text.push('\n');
                }
                text.push_str(&crate::eval::table(evaluation));
                if args.errors > 0 {
                    text.push_str(&crate::eval::errors(evaluation));
                }
            }
            if evaluations.len() > 1 {
                text.push('\n');
                text.push_str(&crate::eval::macro_f1_lines(&evaluations));
            }
            text.into_bytes()
        }
        EvalFormat::Csv => crate::eval::csv(&evaluations).map_err(output_error)?,
    };
    output::write_whole(args.output.file.as_deref(), false, &bytes)
}
