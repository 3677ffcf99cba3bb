//! The commands: each takes validated arguments and runs the pipeline with its own sink.

use std::io::Write;

use crate::aggregate::Counts;
use crate::cli::{EvalArgs, EvalFormat, InputArgs, LexiconArgs, TagArgs, TrendsArgs};
use crate::error::{Error, Result};
use crate::input::Format;
use crate::input::discover::{Source, discover};
use crate::lexicon::Lexicon;
use crate::output::Output;
use crate::output::csv::{TagWriter, TrendsLayout, trends};
use crate::record::Record;
use crate::run::{Notice, RunOptions, Sink, Summary, run};
use crate::tag::{Tagger, Tags};

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

fn sources(args: &InputArgs, notify: &mut dyn FnMut(Notice)) -> (Vec<Source>, u64) {
    let (sources, errors) = discover(&args.inputs);
    let failed = errors.len() as u64;
    for error in errors {
        notify(Notice::Failed(error));
    }
    (sources, failed)
}

fn run_options(args: &InputArgs, evidence: bool) -> RunOptions {
    RunOptions {
        format: args.format,
        threads: args.threads,
        evidence,
    }
}

fn open_output(args: &InputArgs) -> Result<Output> {
    let mut output = Output::create(args.output.as_deref())?;
    if args.excel {
        output
            .write_all("\u{FEFF}".as_bytes())
            .map_err(write_error(args))?;
    }
    Ok(output)
}

fn write_error(args: &InputArgs) -> impl Fn(std::io::Error) -> Error + '_ {
    |source| Error::Io {
        path: args.output.clone().unwrap_or_else(|| "<stdout>".into()),
        source,
    }
}

/// `closeread tag`: one row per passage, streamed in source order.
pub fn tag(args: &TagArgs, notify: &mut dyn FnMut(Notice)) -> Result<Summary> {
    let lexicon = load_lexicon(&args.input.lexicon)?;
    lexicon_warnings(&lexicon, notify);
    let (sources, failed) = sources(&args.input, notify);
    let output = open_output(&args.input)?;
    let writer =
        TagWriter::new(output, &lexicon, args.evidence).map_err(write_error(&args.input))?;
    let mut sink = TagSink {
        lexicon: &lexicon,
        writer,
        current: None,
        position: 0,
        failed: None,
    };
    let mut summary = run(
        &sources,
        &lexicon,
        // A weighted lexicon's `_weighted` columns are summed from the evidence.
        run_options(&args.input, args.evidence || lexicon.is_weighted()),
        &mut sink,
        notify,
    )?;
    summary.failed += failed;
    if let Some(error) = sink.failed {
        return Err(write_error(&args.input)(error));
    }
    let output = sink.writer.into_inner().map_err(write_error(&args.input))?;
    output.commit()?;
    Ok(summary)
}

struct TagSink<'a> {
    lexicon: &'a Lexicon,
    writer: TagWriter<Output>,
    /// Name of the source whose records are being numbered.
    current: Option<String>,
    position: u64,
    failed: Option<std::io::Error>,
}

impl Sink for TagSink<'_> {
    type Partial = Vec<(Record, Tags)>;

    fn process(
        &self,
        tagger: &mut Tagger<'_>,
        _source: &Source,
        records: Vec<Record>,
    ) -> Self::Partial {
        records
            .into_iter()
            .map(|record| {
                let tags = if record.is_language() {
                    tagger.tag(&record.text)
                } else {
                    Tags::default()
                };
                (record, tags)
            })
            .collect()
    }

    fn accept(&mut self, source: &Source, partial: Self::Partial) -> Result<()> {
        if self.current.as_deref() != Some(source.name.as_str()) {
            self.current = Some(source.name.clone());
            self.position = 0;
        }
        for (record, tags) in partial {
            self.position += 1;
            if !record.is_language() {
                continue;
            }
            if let Err(error) =
                self.writer
                    .write(self.lexicon, &source.name, self.position, &record, &tags)
            {
                // A closed pipe (`| head`) is not worth a run's worth of errors.
                if error.kind() == std::io::ErrorKind::BrokenPipe {
                    return Err(Error::Usage(String::new()));
                }
                self.failed = Some(error);
                return Err(Error::Usage("cannot write output".into()));
            }
        }
        Ok(())
    }
}

/// `closeread trends`: counts merged over every source, written as one table.
pub fn trends_command(args: &TrendsArgs, notify: &mut dyn FnMut(Notice)) -> Result<Summary> {
    let lexicon = load_lexicon(&args.input.lexicon)?;
    lexicon_warnings(&lexicon, notify);
    let (sources, failed) = sources(&args.input, notify);
    let mut sink = CountSink {
        counts: Counts::new(),
    };
    let mut summary = run(
        &sources,
        &lexicon,
        run_options(&args.input, false),
        &mut sink,
        notify,
    )?;
    summary.failed += failed;
    let layout = TrendsLayout {
        by: args.by,
        per_author: args.per_author,
        long: args.long,
    };
    let table = trends(&sink.counts, &lexicon, layout).map_err(write_error(&args.input))?;
    let mut output = open_output(&args.input)?;
    output.write_all(&table).map_err(write_error(&args.input))?;
    output.commit()?;
    Ok(summary)
}

/// Tags records and merges their counts.
pub struct CountSink {
    pub counts: Counts,
}

impl Sink for CountSink {
    type Partial = Counts;

    fn process(&self, tagger: &mut Tagger<'_>, _source: &Source, records: Vec<Record>) -> Counts {
        let mut counts = Counts::new();
        let mut tags = Tags::default();
        for record in &records {
            if record.is_language() {
                tagger.tag_into(&record.text, &mut tags);
            }
            counts.add(record, &tags);
        }
        counts
    }

    fn accept(&mut self, _source: &Source, partial: Counts) -> Result<()> {
        self.counts.merge(partial);
        Ok(())
    }
}

/// `closeread formats`: what each format reads and how it is detected.
pub fn formats() -> String {
    let mut text = String::new();
    for format in Format::ALL {
        text.push_str(&format!(
            "{:<10} {}\n{:<10} detected when {}\n",
            format.name(),
            format.describe(),
            "",
            format.detection()
        ));
    }
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
    for entry in &category.entries {
        let flag = if entry.exclusion {
            "-"
        } else if !entry.negatable {
            "!"
        } else {
            ""
        };
        text.push_str(&format!("{flag}{}\n", entry.text));
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
    };
    let gold = crate::eval::read_gold(&args.gold, &lexicon, &options)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads)
        .build()
        .map_err(|error| Error::Usage(format!("cannot start worker threads: {error}")))?;
    let evaluation = pool.install(|| crate::eval::evaluate(&lexicon, &gold, args.errors));
    let output_error = |source| Error::Io {
        path: args.output.clone().unwrap_or_else(|| "<stdout>".into()),
        source,
    };
    let bytes = match args.format {
        EvalFormat::Table => {
            let mut text = crate::eval::table(&evaluation);
            if args.errors > 0 {
                text.push_str(&crate::eval::errors(&evaluation));
            }
            text.into_bytes()
        }
        EvalFormat::Csv => crate::eval::csv(&evaluation).map_err(output_error)?,
    };
    let mut output = Output::create(args.output.as_deref())?;
    output.write_all(&bytes).map_err(output_error)?;
    output.commit()
}
