//! The commands: each takes validated arguments and runs the pipeline with its own sink.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::aggregate::{Counts, RecordCounts};
use crate::cli::{
    CsvOutputArgs, EvalArgs, EvalFormat, InputArgs, LexiconArgs, MergeArgs, OutputArgs, TableArgs,
    TagArgs, TrendsArgs,
};
use crate::cli::{InsightsArgs, ReportArgs};
use crate::error::{Error, Result};
use crate::filter::Filter;
use crate::input::discover::{Source, discover};
use crate::input::{Format, ParseOptions};
use crate::insights::anonymize::{Anonymizer, names_in_file_name};
use crate::insights::collect::{ChunkPartial, Collector, Detail, Wanted};
use crate::lexicon::{LanguageChoice, Lexicon};
use crate::output::csv::{Table, TagColumns, TagWriter, TrendsLayout, trends};
use crate::output::partial::Partial;
use crate::output::{self, Output};
use crate::record::Record;
use crate::run::{Notice, RunOptions, Sink, Summary, run};
use crate::tag::{Tagger, Tags, Turns};

/// Loads the lexicons the arguments name.
pub fn load_lexicon(args: &LexiconArgs) -> Result<Lexicon> {
    let only = (!args.only.is_empty()).then_some(args.only.as_slice());
    let choice = match args.lang.as_slice() {
        [] => LanguageChoice::Detect,
        codes => LanguageChoice::Forced(
            codes
                .iter()
                .map(|c| c.trim().to_ascii_lowercase())
                .collect(),
        ),
    };
    Lexicon::load(&args.paths, only, &choice)
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

/// The sources of a run; standard input is kept in a temporary file when it must be read
/// twice.
struct Sources {
    list: Vec<Source>,
    /// The copy of standard input, alive until the run is over.
    _spool: Option<tempfile::NamedTempFile>,
}

/// With `--anonymize`, reads every source once before the run to learn every name it holds,
/// so that no row, file name or quote is written before its person is known.
fn gather_names(
    args: &InputArgs,
    mut list: Vec<Source>,
    options: &RunOptions,
) -> Result<(Sources, Option<Anonymizer>)> {
    if !args.anonymize {
        return Ok((Sources { list, _spool: None }, None));
    }
    let spool = spool_stdin(&mut list)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|error| Error::Usage(format!("cannot start worker threads: {error}")))?;
    let found: Vec<Vec<String>> = pool.install(|| {
        use rayon::prelude::*;
        list.par_iter()
            .map(|source| names_in_source(source, options))
            .collect()
    });
    let mut names = match &args.anonymize_key {
        Some(key) => Anonymizer::with_key(key.as_bytes()),
        None => Anonymizer::new(),
    };
    for (source, people) in list.iter().zip(found) {
        for person in people
            .iter()
            .chain(&names_in_file_name(&source.name))
            .chain(&names_in_file_name(
                &source.content_path().to_string_lossy(),
            ))
        {
            names.see(person);
        }
    }
    Ok((
        Sources {
            list,
            _spool: spool,
        },
        Some(names),
    ))
}

/// Authors of `source` in order of first appearance, then the people its export lists
/// without their writing. A source that cannot be read yields none: the run reports it.
fn names_in_source(source: &Source, options: &RunOptions) -> Vec<String> {
    use crate::input::source::{OpenedSource, SourceReader};
    let Ok(OpenedSource::Text(mut reader)) =
        SourceReader::open(source, options.format, &options.parse)
    else {
        return Vec::new();
    };
    let mut seen = std::collections::HashSet::new();
    let mut names = Vec::new();
    let mut parsed = crate::input::Parsed::default();
    while let Ok(Some(chunk)) = reader.next_chunk(source) {
        chunk.parse(&mut parsed);
        let authors = parsed.records.drain(..).filter_map(|record| record.author);
        for name in authors.chain(parsed.people.drain(..)) {
            if seen.insert(name.clone()) {
                names.push(name);
            }
        }
        parsed.problems.clear();
    }
    names
}

/// Copies standard input, when it is among the sources, to a temporary file read in its
/// place.
fn spool_stdin(list: &mut [Source]) -> Result<Option<tempfile::NamedTempFile>> {
    let Some(source) = list.iter_mut().find(|source| source.path.is_none()) else {
        return Ok(None);
    };
    let io_error = |source| Error::Io {
        path: PathBuf::from("<stdin>"),
        source,
    };
    let mut file = tempfile::NamedTempFile::new().map_err(io_error)?;
    std::io::copy(&mut std::io::stdin().lock(), &mut file).map_err(io_error)?;
    source.path = Some(file.path().to_owned());
    Ok(Some(file))
}

/// Refuses an output that is one of the inputs, and names temporary files that runs which
/// died left beside it.
fn check_output(
    output: Option<&Path>,
    sources: &[Source],
    others: &[PathBuf],
    notify: &mut dyn FnMut(Notice),
) -> Result<()> {
    output::refuse_overwriting_inputs(output, sources, others)?;
    for (path, note) in output::stale_temp_files(output) {
        notify(Notice::Warning {
            source: path.display().to_string(),
            message: format!(
                "temporary file of an earlier closeread run that did not finish ({note}); nothing uses it, delete it"
            ),
        });
    }
    Ok(())
}

/// What a run reads besides its sources: lexicons and the file list.
fn other_inputs(args: &InputArgs) -> Vec<PathBuf> {
    let mut paths = args.lexicon.paths.clone();
    paths.extend(
        args.files_from
            .clone()
            .filter(|list| list.as_os_str() != "-"),
    );
    paths
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
    check_output(
        args.csv.output.file.as_deref(),
        &sources,
        &other_inputs(&args.input),
        notify,
    )?;
    let (sources, names) = gather_names(&args.input, sources, &options)?;
    let output = output::open(args.csv.output.file.as_deref(), args.csv.excel)?;
    let columns = TagColumns {
        evidence: args.evidence,
        id: args.input.parse.id_col.is_some(),
        text: args.text,
        format: args.csv.format(),
    };
    let writer =
        TagWriter::new(output, &lexicon, columns).map_err(write_error(&args.csv.output))?;
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
        names,
    };
    let mut summary = run(&sources.list, &lexicon, options, &mut sink, notify)?;
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
    /// `--anonymize`: every name of the run, gathered before the first row.
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
                    tagger.tag_record_answering(record, answered, &mut tags);
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
        let source_name = match &self.names {
            Some(names) => names.redact(&source.name).into_owned(),
            None => source.name.clone(),
        };
        for (mut record, tags) in partial {
            self.position += 1;
            let Some(tags) = tags else { continue };
            if let Some(names) = &self.names {
                record.author = record.author.map(|author| names.known(&author));
            }
            let names = self.names.as_ref();
            if let Err(error) = self.writer.write(
                self.lexicon,
                &source_name,
                self.position,
                &record,
                &tags,
                names,
            ) {
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
    check_output(
        args.csv.output.file.as_deref(),
        &sources,
        &other_inputs(&args.input),
        notify,
    )?;
    if args.emit_partials && args.input.anonymize && args.input.anonymize_key.is_none() {
        return Err(Error::Usage(
            "--emit-partials with --anonymize needs --anonymize-key SECRET (or \
             CLOSEREAD_ANONYMIZE_KEY), so that every shard gives a person the same label"
                .into(),
        ));
    }
    let (sources, names) = gather_names(&args.input, sources, &options)?;
    let mut sink = CountSink::new(None, names);
    if args.per_conversation {
        sink.conversations = Some(BTreeMap::new());
    }
    let mut summary = run(&sources.list, &lexicon, options, &mut sink, notify)?;
    summary.failed += failed;
    let (counts, _, conversations) = sink.finish_with_conversations();
    let names: Vec<String> = lexicon.category_names().map(String::from).collect();
    let tables: Vec<Table<'_>> = if args.per_conversation {
        conversations
            .iter()
            .map(|(name, counts)| Table {
                conversation: Some(name),
                counts,
            })
            .collect()
    } else {
        vec![Table {
            conversation: None,
            counts: &counts,
        }]
    };
    let bytes = if args.emit_partials {
        Partial {
            lexicon_version: lexicon.version().to_owned(),
            categories: names,
            counts,
        }
        .to_json()
    } else {
        if let Some(by) = args.table.by.period() {
            counts.check_span(by).map_err(Error::Usage)?;
        }
        let layout = TrendsLayout {
            per_conversation: args.per_conversation,
            ..layout(&args.table, &args.csv)
        };
        trends(&tables, &names, lexicon.version(), layout).map_err(write_error(&args.csv.output))?
    };
    output::write_whole(args.csv.output.file.as_deref(), args.csv.excel, &bytes)?;
    Ok(summary)
}

fn layout(table: &TableArgs, csv: &CsvOutputArgs) -> TrendsLayout {
    TrendsLayout {
        by: table.by.period(),
        per_author: table.per_author,
        per_conversation: false,
        long: table.long,
        format: csv.format(),
    }
}

/// `closeread merge`: partials added up and written as one trends table.
pub fn merge_command(args: &MergeArgs) -> Result<RecordCounts> {
    output::refuse_overwriting_inputs(args.csv.output.file.as_deref(), &[], &args.partials)?;
    let merged = Partial::merge_files(&args.partials)?;
    if let Some(by) = args.table.by.period() {
        merged.counts.check_span(by).map_err(Error::Usage)?;
    }
    let table = trends(
        &[Table {
            conversation: None,
            counts: &merged.counts,
        }],
        &merged.categories,
        &merged.lexicon_version,
        layout(&args.table, &args.csv),
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
    /// What `insights` and `report` need beyond the counts; `None` (plain `trends`) costs
    /// nothing extra.
    pub collector: Option<Collector>,
    /// `--anonymize`: every name of the run, gathered before it.
    pub names: Option<Anonymizer>,
    /// With `--per-conversation`: counts per conversation, keyed by
    /// [`Source::conversation`] and the chat's number within the source.
    pub conversations: Option<BTreeMap<(String, u32), Counts>>,
}

impl CountSink {
    pub fn new(collector: Option<Collector>, names: Option<Anonymizer>) -> CountSink {
        CountSink {
            counts: Counts::new(),
            collector,
            names,
            conversations: None,
        }
    }

    /// The counts and detail, with authors anonymized when that was asked for.
    pub fn finish(self) -> (Counts, Detail) {
        let (counts, detail, _) = self.finish_with_conversations();
        (counts, detail)
    }

    /// [`CountSink::finish`], plus the counts per conversation by name (`FILE`, or
    /// `FILE#N` for the N-th chat of a source that holds several), in source order.
    pub fn finish_with_conversations(self) -> (Counts, Detail, Vec<(String, Counts)>) {
        let conversations = self.conversations.unwrap_or_default();
        let mut chats_per_source: HashMap<&str, usize> = HashMap::new();
        for (source, _) in conversations.keys() {
            *chats_per_source.entry(source).or_default() += 1;
        }
        let several: HashSet<String> = chats_per_source
            .into_iter()
            .filter(|&(_, chats)| chats > 1)
            .map(|(source, _)| source.to_owned())
            .collect();
        let conversations = conversations
            .into_iter()
            .map(
                move |((source, id), counts)| match several.contains(&source) {
                    true => (format!("{source}#{}", id + 1), counts),
                    false => (source, counts),
                },
            );
        let detail = self.collector.map(Collector::finish).unwrap_or_default();
        let Some(names) = self.names else {
            return (self.counts, detail, conversations.collect());
        };
        let detail = detail.rename(&|author| names.known(author), &|text| {
            names.redact(text).into_owned()
        });
        let conversations = conversations
            .map(|(name, counts)| (names.redact(&name).into_owned(), names.counts(counts)))
            .collect();
        (names.counts(self.counts), detail, conversations)
    }
}

impl Sink for CountSink {
    /// The chunk's counts, its detail, and with `--per-conversation` its counts per chat.
    type Partial = (Counts, Option<ChunkPartial>, Vec<(u32, Counts)>);

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
        let mut conversations: Vec<(u32, Counts)> = Vec::new();
        let answered = answered_messages(tagger, &records);
        for (record, answered) in records.iter().zip(answered) {
            if !filter.keeps(record) {
                continue;
            }
            if record.is_language() {
                tagger.tag_record_answering(record, answered, &mut tags);
            }
            counts.add(record, &tags);
            if let Some(chunk) = &mut chunk {
                chunk.add(record, &tags, tagger.tokens(), tagger.rules(&tags));
            }
            if self.conversations.is_some() {
                if conversations.last().map(|(id, _)| *id) != Some(record.conversation) {
                    conversations.push((record.conversation, Counts::new()));
                }
                let (_, held) = conversations.last_mut().expect("pushed above");
                held.add(record, &tags);
            }
        }
        (counts, chunk.map(|chunk| chunk.finish()), conversations)
    }

    fn accept(
        &mut self,
        source: &Source,
        (counts, chunk, conversations): Self::Partial,
    ) -> Result<()> {
        self.counts.merge(counts);
        if let Some(held) = &mut self.conversations {
            for (id, counts) in conversations {
                held.entry((source.conversation().to_owned(), id))
                    .or_default()
                    .merge(counts);
            }
        }
        if let (Some(collector), Some(chunk)) = (&mut self.collector, chunk) {
            collector.accept(source, chunk);
        }
        Ok(())
    }
}

/// Runs the pipeline for `insights` and `report` with `lexicon` and analyses what it counted.
fn analysed(
    input: &InputArgs,
    lexicon: &Lexicon,
    by: Option<crate::aggregate::Period>,
    evidence: bool,
    output: Option<&Path>,
    notify: &mut dyn FnMut(Notice),
) -> Result<(crate::insights::Analysis, Summary)> {
    lexicon_warnings(lexicon, notify);
    // Entry-level evidence is needed for the entries behind each peak.
    let options = run_options(input, true)?;
    let (sources, failed) = sources(input, notify)?;
    check_output(output, &sources, &other_inputs(input), notify)?;
    let (sources, names) = gather_names(input, sources, &options)?;
    let wanted = Wanted {
        detail: true,
        quotes: evidence,
    };
    let mut sink = CountSink::new(Some(Collector::new(wanted, lexicon)), names);
    let mut summary = run(&sources.list, lexicon, options, &mut sink, notify)?;
    summary.failed += failed;
    let (counts, detail) = sink.finish();
    Ok((
        crate::insights::analyse(&counts, &detail, lexicon, by),
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
    let lexicon = load_lexicon(&args.input.lexicon)?;
    let (analysis, summary) = analysed(
        &args.input,
        &lexicon,
        args.by,
        args.evidence,
        args.output.file.as_deref(),
        notify,
    )?;
    let sections = crate::insights::findings::findings(&analysis);
    let text = if args.json {
        crate::output::insights::json(&sections, &analysis)
    } else {
        crate::output::insights::render(
            "closeread insights",
            &sections,
            &footer(&analysis),
            args.markdown,
        )
    };
    output::write_whole(args.output.file.as_deref(), false, text.as_bytes())?;
    Ok(summary)
}

/// `closeread report`: one self-contained HTML page.
pub fn report_command(args: &ReportArgs, notify: &mut dyn FnMut(Notice)) -> Result<Summary> {
    let lexicon = load_lexicon(&args.input.lexicon)?;
    let (analysis, summary) = analysed(
        &args.input,
        &lexicon,
        args.by,
        args.evidence,
        args.output.file.as_deref(),
        notify,
    )?;
    let sections = crate::insights::findings::findings(&analysis);
    // The examples come from the language that tagged most of the text.
    let set = analysis
        .languages
        .first()
        .and_then(|(name, _)| lexicon.sets().iter().position(|set| set.name() == name))
        .unwrap_or(0);
    let options = crate::output::report::ReportOptions {
        smooth: args.smooth.map(usize::from),
        glossary: crate::output::report::glossary(&lexicon, set),
    };
    let html = crate::output::report::render(&analysis, &sections, &footer(&analysis), &options);
    output::write_whole(args.output.file.as_deref(), false, html.as_bytes())?;
    Ok(summary)
}

/// A labelled file is one language: detected from its first passages, like a chat. When
/// that language is not the lexicon's first set, its lexicons are loaded alone (the tagger
/// uses the first set), with a note saying so.
fn gold_language(
    gold: &crate::eval::Gold,
    lexicon: &Lexicon,
    args: &LexiconArgs,
) -> Result<(Option<Lexicon>, Option<String>)> {
    if !lexicon.detects() {
        return Ok((None, None));
    }
    let mut sample = String::new();
    for row in &gold.rows {
        if sample.len() >= crate::lang::SAMPLE_BYTES {
            break;
        }
        sample.push_str(&row.text);
        sample.push('\n');
    }
    let code = crate::lang::detect(&sample).unwrap_or("en");
    Ok(match lexicon.set_of(code) {
        Some(0) => (None, None),
        Some(_) => {
            let mut forced = args.clone();
            forced.lang = vec![code.to_owned()];
            let own = load_lexicon(&forced)?;
            let message = format!(
                "passages detected as {}; tagged with its lexicons (--lang to choose)",
                own.sets()[0].name()
            );
            (Some(own), Some(message))
        }
        None => (
            None,
            Some(format!(
                "language {code} ({}) has no lexicons; tagging with English",
                crate::lexicon::language_name(code)
            )),
        ),
    })
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
    text.push_str(&format!(
        "\nlanguages ({}): entries per category\n{:<15}",
        if lexicon.detects() {
            "detected per conversation; --lang to choose"
        } else {
            "chosen with --lang"
        },
        "category"
    ));
    let languages = lexicon.language_entries();
    for (code, _, _) in &languages {
        text.push_str(&format!(" {code:>7}"));
    }
    text.push('\n');
    for (index, category) in lexicon.categories().iter().enumerate() {
        text.push_str(&format!("{:<15}", category.name));
        for (_, _, counts) in &languages {
            text.push_str(&format!(" {:>7}", counts[index]));
        }
        text.push('\n');
    }
    for (code, name, _) in &languages {
        text.push_str(&format!("{code}: {name}\n"));
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
    let mut reads = args.lexicon.paths.clone();
    reads.extend(args.gold.iter().cloned());
    check_output(args.output.file.as_deref(), &[], &reads, notify)?;
    let lexicon = load_lexicon(&args.lexicon)?;
    lexicon_warnings(&lexicon, notify);
    let options = crate::eval::GoldOptions {
        text_column: args.text_col.clone(),
        map: args.map.clone(),
        // A conversation set's `previous` column is its context unless another is named.
        context_column: Some(
            args.context_col
                .clone()
                .unwrap_or_else(|| "previous".into()),
        ),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads)
        .build()
        .map_err(|error| Error::Usage(format!("cannot start worker threads: {error}")))?;
    let mut evaluations = Vec::with_capacity(args.gold.len());
    for path in &args.gold {
        let gold = crate::eval::read_gold(path, &lexicon, &options)?;
        if gold.missing_context && args.context_col.is_some() {
            notify(Notice::Warning {
                source: gold.name.clone(),
                message: format!(
                    "no column '{}'; its passages are tagged without the message they answer",
                    args.context_col.as_deref().unwrap_or_default()
                ),
            });
        }
        let (own, message) = gold_language(&gold, &lexicon, &args.lexicon)?;
        if let Some(message) = message {
            notify(Notice::Warning {
                source: gold.name.clone(),
                message,
            });
        }
        let lexicon = own.as_ref().unwrap_or(&lexicon);
        evaluations.push(pool.install(|| crate::eval::evaluate(lexicon, &gold, args.errors)));
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
