//! The `closeread` binary: parses arguments, runs a command, maps the outcome to an exit
//! code (0 fine, 1 some inputs failed, 2 usage or fatal error).

use std::io::Write;
use std::process::ExitCode;

use clap::FromArgMatches;

use closeread::cli::{Cli, Command, LexiconsCommand};
use closeread::command;
use closeread::run::{Notice, Summary};

fn main() -> ExitCode {
    let args: Vec<_> = std::env::args_os().collect();
    let cli = Cli::from_arg_matches(&closeread::cli::command_for(&args).get_matches_from(args))
        .unwrap_or_else(|error| error.exit());
    match dispatch(&cli.command) {
        Ok(code) => code,
        Err(error)
            if matches!(
                error.downcast_ref::<closeread::Error>(),
                Some(closeread::Error::OutputClosed)
            ) =>
        {
            ExitCode::SUCCESS
        }
        Err(error) => {
            let message = error.to_string();
            if !message.is_empty() {
                eprintln!("closeread: error: {message}");
            }
            ExitCode::from(2)
        }
    }
}

fn dispatch(command: &Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Tag(args) => analyse(args.csv.output.quiet, |notify| command::tag(args, notify)),
        Command::Trends(args) => analyse(args.csv.output.quiet, |notify| {
            command::trends_command(args, notify)
        }),
        Command::Merge(args) => {
            let records = command::merge_command(args)?;
            if !args.csv.output.quiet {
                eprintln!(
                    "closeread: merged {} partial(s): {} records ({} messages, {} system, {} media, {} empty); {} undated",
                    args.partials.len(),
                    records.records,
                    records.messages,
                    records.system,
                    records.media,
                    records.empty,
                    records.undated
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Insights(args) => analyse(args.output.quiet, |notify| {
            command::insights_command(args, notify)
        }),
        Command::Report(args) => analyse(args.output.quiet, |notify| {
            command::report_command(args, notify)
        }),
        Command::Formats => print(&command::formats()),
        Command::Lexicons(LexiconsCommand::List(args)) => {
            print(&command::lexicons_list(args, &mut |notice| {
                print_notice(notice, false)
            })?)
        }
        Command::Lexicons(LexiconsCommand::Show { category, lexicon }) => {
            print(&command::lexicons_show(lexicon, category, &mut |notice| {
                print_notice(notice, false)
            })?)
        }
        Command::Lexicons(LexiconsCommand::Check { path }) => {
            let (report, clean) = command::lexicons_check(path)?;
            print(&report)?;
            Ok(if clean {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(
                *shell,
                &mut closeread::cli::command(),
                "closeread",
                &mut out,
            );
            print(&String::from_utf8_lossy(&out))
        }
        Command::Man { command } => {
            let page = closeread::cli::man_page(command.as_deref()).map_err(anyhow::Error::msg)?;
            print(&String::from_utf8_lossy(&page))
        }
        Command::Eval(args) => {
            let quiet = args.output.quiet;
            command::eval_command(args, &mut |notice| print_notice(notice, quiet))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Prints a notice on standard error; `quiet` keeps skips and warnings back, never errors.
fn print_notice(notice: Notice, quiet: bool) {
    match notice {
        Notice::Failed(error) => eprintln!("closeread: error: {error}"),
        Notice::Problem {
            source,
            line: 0,
            message,
        } => eprintln!("closeread: {source}: {message}"),
        Notice::Problem {
            source,
            line,
            message,
        } => eprintln!("closeread: {source}:{line}: {message}"),
        Notice::Skipped { source, reason } if !quiet => {
            eprintln!("closeread: skipped {source} ({reason})");
        }
        Notice::Warning { source, message } if !quiet => {
            eprintln!("closeread: warning: {source}: {message}");
        }
        Notice::Skipped { .. } | Notice::Warning { .. } | Notice::Progress { .. } => {}
    }
}

fn print(text: &str) -> anyhow::Result<ExitCode> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(error.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// Runs an analysing command, printing notices as they come and a summary at the end.
fn analyse(
    quiet: bool,
    run: impl FnOnce(&mut dyn FnMut(Notice)) -> closeread::Result<Summary>,
) -> anyhow::Result<ExitCode> {
    let mut progress = closeread::progress::Progress::to_stderr(quiet);
    let mut notify = |notice: Notice| {
        if let Notice::Progress { done, total } = notice {
            progress.update(done, total);
            return;
        }
        progress.suspend(|| print_notice(notice, quiet));
    };
    let summary = run(&mut notify)?;
    progress.finish();
    if !quiet {
        eprintln!("closeread: {}", describe(&summary));
    }
    Ok(if summary.had_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn describe(summary: &Summary) -> String {
    let records = &summary.records;
    let filtered = if summary.filtered > 0 {
        format!(
            "; {} passage(s) outside --since/--until/--author",
            summary.filtered
        )
    } else {
        String::new()
    };
    let split = if summary.split > 0 {
        format!(
            "; {} passage(s) split off records over {} MiB",
            summary.split,
            closeread::input::source::MAX_RECORD >> 20
        )
    } else {
        String::new()
    };
    format!(
        "{} source(s), {} records ({} messages, {} system, {} media, {} empty); {} undated; {} skipped; {} failed; {} problem(s){filtered}{split}",
        summary.sources,
        records.records,
        records.messages,
        records.system,
        records.media,
        records.empty,
        records.undated,
        summary.skipped,
        summary.failed,
        summary.problems
    )
}
