//! Command-line definitions (clap derive). A flag's doc comment is its `--help` text.

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand};

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
    /// One row per passage (CSV, or JSON Lines with --json): source, position, time,
    /// author, words and hits per category.
    Tag(TagArgs),
    /// One row per period (CSV, or JSON Lines with --json): counts, rates per 1,000 words,
    /// and the positive-to-conflict ratio.
    Trends(TrendsArgs),
    /// Add up partial results of shards (`trends --emit-partials`) into one trends table,
    /// the same bytes as one run over every shard's inputs.
    Merge(MergeArgs),
    /// Findings in plain words: rates, the ratio against 5:1, largest changes, peaks, and
    /// for chats whose messages hold more of which language, who repairs first, reply
    /// times and style matching.
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
    /// Print a shell completion script, e.g. `closeread completions bash >
    /// ~/.local/share/bash-completion/completions/closeread`.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `closeread man | man -l -`; with a command's
    /// name, that command's page (closeread-trends(1)).
    Man {
        /// A command, e.g. trends.
        command: Option<String>,
    },
}

/// The manual page of closeread, or of one of its commands, as roff.
pub fn man_page(command: Option<&str>) -> Result<Vec<u8>, String> {
    let root = self::command();
    let page = match command {
        None => root,
        Some(name) => {
            let version = root.get_version().unwrap_or_default().to_owned();
            root.find_subcommand(name)
                .ok_or_else(|| format!("no command '{name}'"))?
                .clone()
                .name(format!("closeread-{name}"))
                .version(version)
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut out)
        .map_err(|error| error.to_string())?;
    Ok(out)
}

/// The command line, with a version that names the built-in lexicons' version too, since
/// results depend on both.
pub fn command() -> clap::Command {
    let lexicons = crate::lexicon::built_in_version().unwrap_or_else(|_| "unreadable".into());
    Cli::command().version(format!(
        "{} (lexicons {lexicons})",
        env!("CARGO_PKG_VERSION")
    ))
}

/// The command line for parsing `args` (the program's name first). The lexicons' version
/// takes loading every built-in lexicon, so it is worked out only when `args` ask for it.
pub fn command_for(args: &[std::ffi::OsString]) -> clap::Command {
    if args
        .iter()
        .skip(1)
        .any(|arg| arg == "--version" || arg == "-V")
    {
        command()
    } else {
        Cli::command()
    }
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

    /// Tag every passage with this language's lexicons and negators (ISO 639-1 code, e.g.
    /// es) instead of detecting each conversation's language; several (--lang es,en) apply
    /// together, for chats that mix them.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub lang: Vec<String>,
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

    /// Replace every person the export names by `Person A`, `Person B`, … in order of first
    /// appearance: authors, and their names inside quoted text, file and folder names.
    #[arg(long)]
    pub anonymize: bool,

    /// With --anonymize: derive each person's label from their name and this secret
    /// (`Person 3F9A2C1B`) instead of the order of appearance, so that separate runs, such
    /// as shards for `closeread merge`, label a person alike. Keep it secret: with the key,
    /// a guessed name can be checked against a label.
    #[arg(
        long,
        env = "CLOSEREAD_ANONYMIZE_KEY",
        hide_env_values = true,
        value_name = "SECRET"
    )]
    pub anonymize_key: Option<String>,

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
    #[arg(long, conflicts_with_all = ["raw", "json"])]
    pub excel: bool,

    /// CSV for programs (pandas, R, csvkit): no byte-order mark, and cells that start with
    /// = + - @ are written as found instead of being kept from running as formulas.
    #[arg(long, conflicts_with = "json")]
    pub raw: bool,

    /// JSON Lines instead of CSV: one object per row, numbers as numbers, null where a CSV
    /// cell is empty.
    #[arg(long)]
    pub json: bool,
}

impl CsvOutputArgs {
    /// How rows are written.
    pub fn format(&self) -> crate::output::csv::RowFormat {
        use crate::output::csv::RowFormat;
        match (self.json, self.raw) {
            (true, _) => RowFormat::Json,
            (false, true) => RowFormat::RawCsv,
            (false, false) => RowFormat::Csv,
        }
    }
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

    /// Add a `matched` column listing, per category, the words that matched as the text
    /// has them. This puts words from the text into the output.
    #[arg(long)]
    pub evidence: bool,

    /// Add a `text` column with each passage's whole text, for coding passages by hand.
    /// This puts the text into the output.
    #[arg(long)]
    pub text: bool,
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
    /// the table: run it on each shard of a large corpus, then merge the partials. With
    /// --anonymize it needs --anonymize-key, so that every shard labels a person alike.
    #[arg(long, conflicts_with = "per_conversation")]
    pub emit_partials: bool,

    /// Rows per conversation, with a `conversation` column first: the source file, or
    /// `FILE#N` for the N-th chat of an export that holds several. With `--by total`, one
    /// row per conversation: the per-document table for R or SPSS.
    #[arg(long)]
    pub per_conversation: bool,
}

/// Row length of a trends table: a period, or the whole span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableBy {
    Day,
    Week,
    Month,
    Quarter,
    Year,
    /// One row of totals (per author or conversation when asked), undated text included.
    Total,
}

impl TableBy {
    /// The period, or `None` for totals.
    pub fn period(self) -> Option<Period> {
        match self {
            TableBy::Day => Some(Period::Day),
            TableBy::Week => Some(Period::Week),
            TableBy::Month => Some(Period::Month),
            TableBy::Quarter => Some(Period::Quarter),
            TableBy::Year => Some(Period::Year),
            TableBy::Total => None,
        }
    }
}

/// The shape of a trends table.
#[derive(Debug, Clone, Args)]
pub struct TableArgs {
    /// Period length of each row, or `total` for one row of totals.
    #[arg(long, value_enum, default_value_t = TableBy::Month)]
    pub by: TableBy,

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

    /// Write JSON: the findings' sentences and every number behind them (rates, changes,
    /// peaks, per-person figures, periods).
    #[arg(long, conflicts_with = "markdown")]
    pub json: bool,

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

    /// Draw rolling means over N periods, with each period's own value faint behind
    /// (default: none up to 24 periods, then 3, 5 or 9 as the span grows; 1 turns it off).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=99))]
    pub smooth: Option<u16>,
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
    /// entries. Default: a column named `previous`, when the file has one. A gold file
    /// without the column named here is scored without context, with a warning.
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
