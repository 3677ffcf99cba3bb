//! The pipeline driver: sources are read and cut into chunks on one thread while a pool
//! of workers parses and tags batches of chunks; results are handed to a sink strictly in
//! source order, so the output never depends on thread timing.

use std::collections::BTreeSet;
use std::sync::{Arc, mpsc};

use rayon::prelude::*;

use crate::aggregate::RecordCounts;
use crate::error::{Error, Result};
use crate::filter::Filter;
use crate::input::decode::Encoding;
use crate::input::discover::Source;
use crate::input::source::{Chunk, OpenedSource, SourceReader};
use crate::input::{Format, ParseOptions, Parsed};
use crate::lang::Chosen;
use crate::lexicon::Lexicon;
use crate::record::Record;
use crate::tag::Tagger;

/// Text per batch and thread: enough work to keep every worker busy between hand-offs.
const BATCH_BYTES_PER_THREAD: usize = 4 << 20;
/// Small files are batched too, but not without bound.
const BATCH_UNITS: usize = 1024;

/// How a run reads its inputs.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Skip detection and read every source as this format.
    pub format: Option<Format>,
    /// Columns, time format and zone for the formats that need them.
    pub parse: ParseOptions,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Keep which entries matched, for `--evidence`.
    pub evidence: bool,
    /// Which passages count; the sinks apply it, the driver counts what it leaves out.
    pub filter: Filter,
}

/// Something the user should hear about; the run goes on.
#[derive(Debug)]
pub enum Notice {
    /// A source could not be read at all.
    Failed(Error),
    /// A source passed over on purpose (binary content in a folder).
    Skipped { source: String, reason: String },
    /// Worth knowing, but nothing was lost (a guessed encoding, replaced bytes).
    Warning { source: String, message: String },
    /// A problem inside a source that was otherwise read.
    Problem {
        source: String,
        line: u64,
        message: String,
    },
    /// Text handed to the workers so far, against the inputs' size on disk (an estimate:
    /// decoded and unzipped text can outgrow it). For a progress bar; never an error.
    Progress { done: u64, total: u64 },
}

/// What a run read, for the closing summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub sources: u64,
    pub failed: u64,
    pub skipped: u64,
    pub problems: u64,
    pub records: RecordCounts,
    /// Passages left out by `--since`, `--until` or `--author`.
    pub filtered: u64,
    /// Passages split off records larger than [`MAX_RECORD`](crate::input::source::MAX_RECORD).
    pub split: u64,
}

impl Summary {
    /// Whether anything went wrong that should make the exit code non-zero.
    pub fn had_errors(&self) -> bool {
        self.failed > 0 || self.problems > 0
    }
}

/// Consumes parsed records: `process` runs on worker threads, `accept` in source order.
pub trait Sink: Sync {
    type Partial: Send;

    /// Tags and counts `records` of `source`; records `filter` does not keep must not
    /// count (tag rows keep their positions, so they still arrive here).
    fn process(
        &self,
        tagger: &mut Tagger<'_>,
        source: &Source,
        records: Vec<Record>,
        filter: &Filter,
    ) -> Self::Partial;

    fn accept(&mut self, source: &Source, partial: Self::Partial) -> Result<()>;
}

/// Text from the start of a long source that its language is detected from: enough for
/// [`crate::lang::SAMPLE_BYTES`] of messages between timestamps and names.
const LANGUAGE_PREFIX: usize = 64 << 10;

enum Unit {
    Chunk {
        source: usize,
        chunk: Chunk,
        /// Languages decided from the source's start (formats read in chunks); `None`: the
        /// worker detects them from the chunk, which is then the whole source.
        languages: Option<Arc<Chosen>>,
    },
    Notice(Notice),
    Opened(usize),
}

enum Done<P> {
    Chunk {
        source: usize,
        partial: P,
        problems: Vec<crate::input::Problem>,
        warnings: Vec<crate::input::Problem>,
        records: RecordCounts,
        filtered: u64,
        /// Authors of the chunk's messages, when `--author` needs them to say who exists.
        authors: BTreeSet<String>,
        /// Detected languages without lexicons, to tell the user.
        notes: Vec<String>,
        split: u64,
    },
    Notice(Notice),
    Opened(usize),
}

/// Reads every source, feeds the sink, and reports notices as they happen.
pub fn run<S: Sink>(
    sources: &[Source],
    lexicon: &Lexicon,
    options: RunOptions,
    sink: &mut S,
    notify: &mut dyn FnMut(Notice),
) -> Result<Summary> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|error| Error::Usage(format!("cannot start worker threads: {error}")))?;
    let threads = pool.current_num_threads();
    let mut summary = Summary::default();
    // Per source: its record counts once opened, to name the inputs that yield nothing.
    let mut per_source: Vec<Option<RecordCounts>> = vec![None; sources.len()];
    let mut authors = BTreeSet::new();
    let options = &options;
    let total = input_size(sources);
    let mut read = 0u64;
    // (source, note) already said.
    let mut said = std::collections::HashSet::new();
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<Vec<Unit>>(1);
        scope.spawn(move || read_sources(sources, lexicon, options, threads, &sender));
        for batch in receiver {
            read += batch
                .iter()
                .map(|unit| match unit {
                    Unit::Chunk { chunk, .. } => chunk.text.len() as u64,
                    _ => 0,
                })
                .sum::<u64>();
            let done: Vec<Done<S::Partial>> = pool.install(|| {
                batch
                    .into_par_iter()
                    .map_init(
                        || Tagger::new(lexicon, options.evidence),
                        |tagger, unit| {
                            work(&*sink, sources, lexicon, &options.filter, tagger, unit)
                        },
                    )
                    .collect()
            });
            for item in done {
                match item {
                    Done::Chunk {
                        source,
                        partial,
                        problems,
                        warnings,
                        records,
                        filtered,
                        authors: chunk_authors,
                        notes,
                        split,
                    } => {
                        authors.extend(chunk_authors);
                        if let Some(counts) = &mut per_source[source] {
                            counts.merge(&records);
                        }
                        for message in notes {
                            // Once per source, though each chunk may find it again.
                            if said.insert((source, message.clone())) {
                                notify(Notice::Warning {
                                    source: sources[source].name.clone(),
                                    message,
                                });
                            }
                        }
                        for warning in warnings {
                            notify(Notice::Warning {
                                source: sources[source].name.clone(),
                                message: format!("line {}: {}", warning.line, warning.message),
                            });
                        }
                        summary.records.merge(&records);
                        summary.filtered += filtered;
                        summary.split += split;
                        for problem in problems {
                            summary.problems += 1;
                            notify(Notice::Problem {
                                source: sources[source].name.clone(),
                                line: problem.line,
                                message: problem.message,
                            });
                        }
                        sink.accept(&sources[source], partial)?;
                    }
                    Done::Notice(notice) => {
                        match notice {
                            Notice::Failed(_) => summary.failed += 1,
                            Notice::Skipped { .. } => summary.skipped += 1,
                            Notice::Problem { .. } => summary.problems += 1,
                            Notice::Warning { .. } | Notice::Progress { .. } => {}
                        }
                        notify(notice);
                    }
                    Done::Opened(source) => {
                        summary.sources += 1;
                        per_source[source] = Some(RecordCounts::default());
                    }
                }
            }
            notify(Notice::Progress { done: read, total });
        }
        report_empty(
            sources,
            &per_source,
            &authors,
            options,
            &mut summary,
            notify,
        );
        Ok(summary)
    })
}

/// No silent empty result: each input read without a message or entry, and a run that
/// keeps none, is a problem named on stderr (so the run exits 1) with the reason.
fn report_empty(
    sources: &[Source],
    per_source: &[Option<RecordCounts>],
    authors: &BTreeSet<String>,
    options: &RunOptions,
    summary: &mut Summary,
    notify: &mut dyn FnMut(Notice),
) {
    let mut problem = |source: String, message: String| {
        summary.problems += 1;
        notify(Notice::Problem {
            source,
            line: 0,
            message,
        });
    };
    for (source, counts) in sources.iter().zip(per_source) {
        let Some(counts) = counts else { continue };
        if counts.messages > 0 {
            continue;
        }
        let message = if counts.records == 0 {
            "nothing read: the file is empty or holds no records of its format".to_owned()
        } else {
            format!(
                "nothing read: no messages or entries, only {} system, {} media and {} empty record(s)",
                counts.system, counts.media, counts.empty
            )
        };
        problem(source.name.clone(), message);
    }
    let kept = summary.records.messages - summary.filtered.min(summary.records.messages);
    if kept > 0 {
        return;
    }
    let inputs = input_names(sources);
    let filter = &options.filter;
    if summary.records.messages > 0
        && !filter.authors.is_empty()
        && !authors.iter().any(|a| filter.names(a))
    {
        let seen: Vec<&str> = authors.iter().map(String::as_str).collect();
        problem(
            inputs,
            format!(
                "no messages by --author {}; the authors are: {}",
                filter.authors.join(", "),
                seen.join(", ")
            ),
        );
    } else if summary.records.messages > 0 {
        problem(
            inputs,
            "no messages left: --since, --until and --author left out every one".to_owned(),
        );
    } else if summary.sources == 0 {
        problem(
            inputs,
            format!(
                "no records: no input could be read ({} skipped, {} failed)",
                summary.skipped, summary.failed
            ),
        );
    }
}

/// The inputs' names for a run-wide notice: the first few sources.
fn input_names(sources: &[Source]) -> String {
    const SHOWN: usize = 3;
    let mut names: Vec<&str> = sources
        .iter()
        .take(SHOWN)
        .map(|s| s.name.as_str())
        .collect();
    if sources.len() > SHOWN {
        names.push("…");
    }
    if names.is_empty() {
        "closeread".to_owned()
    } else {
        names.join(", ")
    }
}

/// Bytes on disk of the inputs; an archive counts once however many members it has.
fn input_size(sources: &[Source]) -> u64 {
    let mut paths: Vec<&std::path::Path> =
        sources.iter().filter_map(|s| s.path.as_deref()).collect();
    paths.dedup();
    paths
        .iter()
        .filter_map(|path| std::fs::metadata(path).ok())
        .map(|meta| meta.len())
        .sum()
}

fn work<S: Sink>(
    sink: &S,
    sources: &[Source],
    lexicon: &Lexicon,
    filter: &Filter,
    tagger: &mut Tagger<'_>,
    unit: Unit,
) -> Done<S::Partial> {
    match unit {
        Unit::Chunk {
            source,
            chunk,
            languages,
        } => {
            let mut parsed = Parsed::default();
            chunk.parse(&mut parsed);
            drop(chunk);
            // Conversations the source's start did not show (the later chats of a streamed
            // multi-chat export) are detected from this chunk.
            let mut chosen =
                languages.map_or_else(Chosen::default, |chosen| Chosen::clone(&chosen));
            crate::lang::choose(lexicon, &parsed.records, &mut chosen);
            let notes = std::mem::take(&mut chosen.notes);
            tagger.set_languages(chosen);
            let mut records = RecordCounts::default();
            let mut filtered = 0;
            let mut authors = BTreeSet::new();
            for record in &parsed.records {
                records.add(record);
                filtered += u64::from(record.is_language() && !filter.keeps(record));
                if !filter.authors.is_empty()
                    && record.is_language()
                    && let Some(author) = &record.author
                    && !authors.contains(author)
                {
                    authors.insert(author.clone());
                }
            }
            let partial = sink.process(tagger, &sources[source], parsed.records, filter);
            Done::Chunk {
                source,
                partial,
                problems: parsed.problems,
                warnings: parsed.warnings,
                records,
                filtered,
                authors,
                notes,
                split: parsed.split,
            }
        }
        Unit::Notice(notice) => Done::Notice(notice),
        Unit::Opened(source) => Done::Opened(source),
    }
}

/// The reader thread: opens sources in order and sends batches of chunks.
fn read_sources(
    sources: &[Source],
    lexicon: &Lexicon,
    options: &RunOptions,
    threads: usize,
    sender: &mpsc::SyncSender<Vec<Unit>>,
) {
    let batch_bytes = BATCH_BYTES_PER_THREAD * threads.max(1);
    let mut batch = Vec::new();
    let mut bytes = 0usize;
    let mut push = |unit: Unit, batch: &mut Vec<Unit>| -> bool {
        if let Unit::Chunk { chunk, .. } = &unit {
            bytes += chunk.text.len();
        }
        batch.push(unit);
        if bytes >= batch_bytes || batch.len() >= BATCH_UNITS {
            bytes = 0;
            return sender.send(std::mem::take(batch)).is_ok();
        }
        true
    };
    for (index, source) in sources.iter().enumerate() {
        for unit in read_source(index, source, lexicon, options) {
            if !push(unit, &mut batch) {
                return;
            }
        }
    }
    if !batch.is_empty() {
        let _ = sender.send(batch);
    }
}

/// The units of one source, produced lazily so a large file is never held whole.
fn read_source<'a>(
    index: usize,
    source: &'a Source,
    lexicon: &'a Lexicon,
    options: &RunOptions,
) -> Box<dyn Iterator<Item = Unit> + 'a> {
    if let Some(reason) = &source.skipped {
        return Box::new(std::iter::once(Unit::Notice(Notice::Skipped {
            source: source.name.clone(),
            reason: reason.clone(),
        })));
    }
    let mut reader = match SourceReader::open(source, options.format, &options.parse) {
        Ok(OpenedSource::Text(reader)) => reader,
        Ok(unread) => return Box::new(std::iter::once(Unit::Notice(not_read(source, unread)))),
        Err(error) => return Box::new(std::iter::once(Unit::Notice(Notice::Failed(error)))),
    };
    let opened =
        std::iter::once(Unit::Opened(index)).chain(reader.encoding().guessed().then(|| {
            let message = match reader.encoding() {
                Encoding::Windows1252 => "not valid UTF-8; read as Windows-1252".to_owned(),
                other => format!(
                    "no byte-order mark; read as {} from where its NUL bytes are",
                    other.name()
                ),
            };
            Unit::Notice(Notice::Warning {
                source: source.name.clone(),
                message,
            })
        }));
    let mut finished = false;
    let mut closing: Vec<Unit> = Vec::new();
    // A source read in several chunks gets its language from its start, before any chunk
    // goes out, so every chunk of one chat is tagged alike.
    let mut languages: Option<Arc<Chosen>> = None;
    let mut notes = Vec::new();
    let chunks = std::iter::from_fn(move || {
        if let Some(message) = notes.pop() {
            return Some(Unit::Notice(Notice::Warning {
                source: source.name.clone(),
                message,
            }));
        }
        if finished {
            return closing.pop();
        }
        match reader.next_chunk(source) {
            Ok(Some(chunk)) => {
                // A source of one chunk is left to the worker, which parses it anyway.
                if languages.is_none() && lexicon.detects() && !reader.is_finished() {
                    // Line formats can be cut at a line; others are parsed whole.
                    let sample = match chunk.parser.record_starts() {
                        Some(_) => chunk.prefix(LANGUAGE_PREFIX),
                        None => &chunk.text,
                    };
                    let mut parsed = Parsed::default();
                    chunk.parser.parse(sample, chunk.first_line, &mut parsed);
                    let mut chosen = Chosen::default();
                    crate::lang::choose(lexicon, &parsed.records, &mut chosen);
                    notes = std::mem::take(&mut chosen.notes);
                    languages = Some(Arc::new(chosen));
                }
                Some(Unit::Chunk {
                    source: index,
                    chunk,
                    languages: languages.clone(),
                })
            }
            Ok(None) => {
                finished = true;
                let warning = |message: String| {
                    Unit::Notice(Notice::Warning {
                        source: source.name.clone(),
                        message,
                    })
                };
                let duplicates = reader.duplicates();
                if duplicates > 0 {
                    closing.push(warning(format!(
                        "{duplicates} message(s) repeating an id already read were read once"
                    )));
                }
                let invalid = reader.invalid_bytes();
                if let Some(line) = invalid.first_line {
                    closing.push(warning(format!(
                        "{} run(s) of invalid UTF-8 replaced with U+FFFD, the first on line {line}",
                        invalid.runs
                    )));
                }
                closing.pop()
            }
            Err(error) => {
                finished = true;
                Some(Unit::Notice(Notice::Failed(error)))
            }
        }
    });
    Box::new(opened.chain(chunks))
}

/// What to say about a source that opened as something other than text to read: a failure
/// for a file named on the command line, a skip for one found in a folder or an archive
/// and for closeread's own outputs wherever they are.
fn not_read(source: &Source, opened: OpenedSource) -> Notice {
    let own_output = matches!(&opened,
        OpenedSource::Undetected(reason) if reason.starts_with(crate::input::detect::OWN_OUTPUT));
    let (reason, message) = match opened {
        OpenedSource::Binary => (
            "binary".to_owned(),
            "binary file (NUL byte in the first 8 KiB); not a text export".to_owned(),
        ),
        OpenedSource::Skipped(reason) => (reason.to_owned(), reason.to_owned()),
        OpenedSource::Undetected(reason) => (reason.clone(), reason),
        OpenedSource::Text(_) => unreachable!("text sources are read"),
    };
    if source.explicit && !own_output {
        Notice::Failed(Error::Input {
            path: source.name.clone().into(),
            message,
        })
    } else {
        Notice::Skipped {
            source: source.name.clone(),
            reason,
        }
    }
}
