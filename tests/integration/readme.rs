//! The README's worked example is real output: these tests rerun it, so the README cannot
//! drift from what closeread prints.

use std::path::Path;

use crate::util::closeread;

/// The `console` blocks of the README: the command after `$ ` and the lines it shows.
fn console_blocks() -> Vec<(String, Vec<String>)> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let mut blocks = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        if line != "```console" {
            continue;
        }
        let command = lines.next().expect("a command line").to_owned();
        let shown = lines
            .by_ref()
            .take_while(|line| *line != "```")
            .map(String::from)
            .collect();
        blocks.push((command, shown));
    }
    blocks
}

/// Runs a README command line (`$ closeread …`) from the repository root.
fn run(command: &str) -> Vec<String> {
    let args: Vec<&str> = command
        .strip_prefix("$ closeread ")
        .expect("a closeread command")
        .split_whitespace()
        .collect();
    let output = closeread()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(&args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{command}");
    let mut lines: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    lines.extend(
        String::from_utf8(output.stderr)
            .unwrap()
            .lines()
            .map(String::from),
    );
    lines
}

#[test]
fn every_readme_example_shows_real_output() {
    let blocks = console_blocks();
    assert!(blocks.len() >= 3, "the README has its worked examples");
    for (command, shown) in blocks {
        let actual = run(&command);
        if shown.iter().any(|line| line == "…") {
            // An excerpt: every line shown must be printed, in order.
            let mut rest = actual.iter();
            for line in shown.iter().filter(|line| *line != "…") {
                assert!(
                    rest.any(|printed| printed == line),
                    "{command}: the README shows a line closeread does not print in that order:\n{line}"
                );
            }
        } else {
            assert_eq!(actual, shown, "{command}: README output is out of date");
        }
    }
}
