//! Command-line definitions (clap derive). A flag's doc comment is its `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::aggregate::Period;
use crate::input::Format;

/// Shows, privately and on your own machine, how the language of appreciation, empathy and
/// conflict in your chats and journals changes over time.
#[derive(Debug, Parser)]
#[command(name = "closeread", version, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// One CSV row per passage: source, position, time, author, words and hits per category.
    Tag(TagArgs),
    /// One CSV row per period: counts, rates per 1,000 words, and the positive-to-conflict ratio.
    Trends(TrendsArgs),
    /// Add up partial results of shards (`trends --emit-partials`) into one trends table,
    /// the same bytes as one run over every shard's inputs.
    Merge(MergeArgs),
    /// Findings in plain words: rates, the ratio against 5:1, largest changes, peaks, and
    /// for chats who thanks, apologises and repairs first, reply times and style matching.
    Insights(InsightsArgs),
    /// One self-contained HTML page with charts, the insights and a table of periods.
    Report(ReportArgs),
    /// List the input formats closeread reads and how each is detected.
    Formats,
    /// Inspect the lexicons: categories, entry counts and version.
    #[command(subcommand)]
    Lexicons(LexiconsCommand),
    /// Score the lexicons against hand-labelled passages: precision, recall and F1 per category.
    Eval(EvalArgs),
}

#[derive(Debug, Subcommand)]
pub enum LexiconsCommand {
    /// List the categories with their entry counts, origin and the set's version.
    List(LexiconArgs),
    /// Print one category's header and entries.
    Show {
        /// Category name, e.g. appreciation.
        category: String,
        #[command(flatten)]
        lexicon: LexiconArgs,
    },
    /// Check a lexicon file or folder (closeread .txt, LIWC .dic/.dicx, Empath .tsv):
    /// malformed lines, duplicate entries, wildcards that also match another category's
    /// entry, empty categories. Exits with 1 when it finds a problem.
    Check {
        /// A lexicon file or a folder of them.
        path: PathBuf,
    },
}

/// Where the lexicons come from.
#[derive(Debug, Clone, Args)]
pub struct LexiconArgs {
    /// A lexicon file or a folder of them: adds categories, or replaces built-in ones of
    /// the same name. Reads closeread .txt, LIWC .dic and .dicx, and Empath-style .tsv
    /// (see lexicons/README.md). May be given more than once.
    #[arg(long = "lexicons", value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Only these categories (comma-separated), e.g. --only appreciation,conflict.
    #[arg(long, value_delimiter = ',', value_name = "CATS")]
    pub only: Vec<String>,
}

/// Options every analysing command shares.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Files, folders (read recursively), .zip exports (read in place) or - for standard
    /// input.
    #[arg(required_unless_present = "files_from", value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Also read the inputs listed in FILE, one path per line (- for standard input), as
    /// `xargs`, Hadoop Streaming or a Slurm job array hands a shard its files.
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,

    /// Read every input as this format instead of detecting it (`closeread formats` lists
    /// them).
    #[arg(long, value_enum, value_name = "NAME")]
    pub format: Option<Format>,

    #[command(flatten)]
    pub parse: ParseArgs,

    #[command(flatten)]
    pub lexicon: LexiconArgs,

    /// Worker threads (default: one per core). Output is identical for any value.
    #[arg(short = 'j', long, default_value_t = 0, value_name = "N")]
    pub threads: usize,

    /// Replace authors by `Person A`, `Person B`, … in order of first appearance, and their
    /// names inside quoted text and file names too.
    #[arg(long)]
    pub anonymize: bool,

    /// Only records from this day on (YYYY-MM-DD); undated records are left out.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<jiff::civil::Date>,

    /// Only records up to and including this day (YYYY-MM-DD); undated records are left out.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub until: Option<jiff::civil::Date>,

    /// Only records by this author, named as in the export. May be given more than once.
    #[arg(long = "author", value_name = "NAME")]
    pub authors: Vec<String>,
}

/// Where a command writes, and how much it says on standard error.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Write to FILE instead of standard output; the file appears only when complete.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// No summary line, progress bar or warnings on standard error (errors are still shown).
    #[arg(short, long)]
    pub quiet: bool,
}

/// Output options of the commands that write CSV.
#[derive(Debug, Clone, Args)]
pub struct CsvOutputArgs {
    #[command(flatten)]
    pub output: OutputArgs,

    /// Start the CSV with a UTF-8 byte-order mark, so older Excel reads accents and emoji.
    #[arg(long)]
    pub excel: bool,
}

fn parse_date(value: &str) -> Result<jiff::civil::Date, String> {
    value
        .parse()
        .map_err(|_| format!("'{value}' is not a date like 2024-03-01"))
}

/// The `--help` section of the options below.
const FORMAT_OPTIONS: &str = "Reading particular formats";

/// Choices for the formats that need them, as typed; `command` checks them.
#[derive(Debug, Clone, Default, Args)]
pub struct ParseArgs {
    /// CSV: the column with each row's date or date-time (default: found by name, such as
    /// date, timestamp or time).
    #[arg(long, help_heading = FORMAT_OPTIONS, value_name = "NAME")]
    pub time_col: Option<String>,

    /// CSV: the column with each row's author (default: found by name, such as author,
    /// sender, from or name).
    #[arg(long, help_heading = FORMAT_OPTIONS, value_name = "NAME")]
    pub author_col: Option<String>,

    /// CSV: the column with each row's text (default: found by name, such as text, message,
    /// content or body).
    #[arg(long, help_heading = FORMAT_OPTIONS, value_name = "NAME")]
    pub text_col: Option<String>,

    /// CSV: a column that identifies each row; `tag` output then carries it as `id`.
    #[arg(long, help_heading = FORMAT_OPTIONS, value_name = "NAME")]
    pub id_col: Option<String>,

    /// jrnl: the journal's `timeformat` in strftime form, e.g. '%d.%m.%Y %H:%M', for a
    /// journal not written with jrnl's default; use with --format jrnl.
    #[arg(long, help_heading = FORMAT_OPTIONS, value_name = "STRFTIME")]
    pub time_format: Option<String>,

    /// Time zone for times an export stores as instants without a zone (Messenger and
    /// Instagram's timestamp_ms, Telegram's date_unixtime), e.g. Europe/Berlin or UTC.
    /// Default: the machine's zone (TZ).
    #[arg(long, help_heading = FORMAT_OPTIONS, value_name = "ZONE")]
    pub tz: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct TagArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub csv: CsvOutputArgs,

    /// Add a `matched` column listing the entries that matched, per category. This puts
    /// words from the text into the output.
    #[arg(long)]
    pub evidence: bool,
}

#[derive(Debug, Clone, Args)]
pub struct TrendsArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub table: TableArgs,

    #[command(flatten)]
    pub csv: CsvOutputArgs,

    /// Write this run's counts as a partial result (JSON) for `closeread merge`, instead of
    /// the table: run it on each shard of a large corpus, then merge the partials.
    #[arg(long, conflicts_with = "anonymize")]
    pub emit_partials: bool,
}

/// The shape of a trends table.
#[derive(Debug, Clone, Args)]
pub struct TableArgs {
    /// Period length of each row.
    #[arg(long, value_enum, default_value_t = Period::Month)]
    pub by: Period,

    /// One row per period and author (chats).
    #[arg(long)]
    pub per_author: bool,

    /// Tidy form: one row per period and category.
    #[arg(long)]
    pub long: bool,
}

#[derive(Debug, Clone, Args)]
pub struct MergeArgs {
    /// Partial results written by `trends --emit-partials`, all made with one lexicon set.
    #[arg(required = true, value_name = "PARTIAL")]
    pub partials: Vec<PathBuf>,

    #[command(flatten)]
    pub table: TableArgs,

    #[command(flatten)]
    pub csv: CsvOutputArgs,
}

#[derive(Debug, Clone, Args)]
pub struct InsightsArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub output: OutputArgs,

    /// Period length for changes, peaks and style matching (default: chosen from the span
    /// and amount of text).
    #[arg(long, value_enum)]
    pub by: Option<Period>,

    /// Write Markdown instead of terminal text.
    #[arg(long)]
    pub markdown: bool,

    /// Quote, for each category's top period, the passage with most hits. This puts text
    /// from the input into the output.
    #[arg(long)]
    pub evidence: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub output: OutputArgs,

    /// Period length of the charts and the table (default: chosen from the span and amount
    /// of text).
    #[arg(long, value_enum)]
    pub by: Option<Period>,

    /// Quote, for each category's top period, the passage with most hits. Without it the
    /// report holds no message text.
    #[arg(long)]
    pub evidence: bool,
}

/// How `eval` prints its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EvalFormat {
    /// An aligned table for the terminal.
    Table,
    /// CSV, one row per category plus the macro average.
    Csv,
}

#[derive(Debug, Clone, Args)]
pub struct EvalArgs {
    /// Labelled passages: CSV, or TSV (.tsv, read without quoting) with a text column and
    /// one 0/1 column per category. Columns named after a loaded category are scored.
    /// Several files give one table each, then the macro F1 of each.
    #[arg(value_name = "GOLD", required = true)]
    pub gold: Vec<PathBuf>,

    /// Name of the column that holds the passage text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_col: String,

    /// Name of the column that holds the message each passage answers, for {restates}
    /// entries (e.g. --context-col previous). A gold file without it is scored without
    /// context, with a warning.
    #[arg(long, value_name = "NAME")]
    pub context_col: Option<String>,

    /// Score gold column COLUMN as category CATEGORY, e.g. --map remorse=repair. May be
    /// given more than once.
    #[arg(long = "map", value_name = "COLUMN=CATEGORY", value_parser = parse_map)]
    pub map: Vec<(String, String)>,

    /// Also print, per category, the first N false positives and N false negatives with the
    /// entries that fired. This puts text from the gold file on the terminal.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub errors: usize,

    /// Output as an aligned table or as CSV.
    #[arg(long, value_enum, default_value_t = EvalFormat::Table, value_name = "FORMAT")]
    pub format: EvalFormat,

    #[command(flatten)]
    pub lexicon: LexiconArgs,

    /// Worker threads (default: one per core). Output is identical for any value.
    #[arg(short = 'j', long, default_value_t = 0, value_name = "N")]
    pub threads: usize,

    #[command(flatten)]
    pub output: OutputArgs,
}

fn parse_map(value: &str) -> Result<(String, String), String> {
    match value.split_once('=') {
        Some((column, category)) if !column.trim().is_empty() && !category.trim().is_empty() => {
            Ok((column.trim().to_owned(), category.trim().to_owned()))
        }
        _ => Err(format!("'{value}' is not COLUMN=CATEGORY")),
    }
}
