//! Shared helpers: running the binary, reading its CSV, and finding the shared corpus and
//! labelled data.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The binary under test.
pub fn closeread() -> Command {
    Command::cargo_bin("closeread").expect("binary builds")
}

/// Path of a fixture under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs closeread with `args`, expecting success; returns standard output.
pub fn run_ok(args: &[&str]) -> String {
    let output = closeread().args(args).output().expect("runs");
    assert!(
        output.status.success(),
        "closeread {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// Parses CSV text into a header and rows.
pub fn parse_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = reader
        .records()
        .map(|row| row.expect("row").iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// The value of `column` in `row`.
pub fn cell<'a>(header: &[String], row: &'a [String], column: &str) -> &'a str {
    let index = header
        .iter()
        .position(|name| name == column)
        .unwrap_or_else(|| panic!("no column {column} in {header:?}"));
    &row[index]
}

/// The shared corpus folder named by `CLOSEREAD_CORPUS`, or `None` when the variable is
/// unset (a user's clone has no corpus). Set but missing is a failure, not a skip.
pub fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("CLOSEREAD_CORPUS")?);
    assert!(
        dir.is_dir(),
        "CLOSEREAD_CORPUS is set to {} but that folder does not exist",
        dir.display()
    );
    Some(dir)
}

/// The labelled dev file named by `CLOSEREAD_EVAL` (GoEmotions dev.tsv), like [`corpus`].
pub fn eval_gold() -> Option<PathBuf> {
    let file = PathBuf::from(std::env::var_os("CLOSEREAD_EVAL")?);
    assert!(
        file.is_file(),
        "CLOSEREAD_EVAL is set to {} but that file does not exist",
        file.display()
    );
    Some(file)
}

/// The folder of real exports with expected parses, `exports` beside the corpus; `None`
/// when `CLOSEREAD_CORPUS` is unset, a failure when it is set and the folder is missing.
pub fn exports() -> Option<PathBuf> {
    let corpus = corpus()?;
    let dir = corpus
        .parent()
        .expect("the corpus folder has a parent")
        .join("exports");
    assert!(
        dir.join("EXPECTED.tsv").is_file(),
        "CLOSEREAD_CORPUS is set but {} has no EXPECTED.tsv",
        dir.display()
    );
    Some(dir)
}
