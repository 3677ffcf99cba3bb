//! `closeread eval`, dictionary import (`--lexicons` with .dic/.dicx/.tsv) and
//! `closeread lexicons check`.

use std::path::Path;

use crate::util::{cell, closeread, eval_gold, parse_csv, run_ok};

/// Writes `files` into a fresh temporary folder.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

/// The version `lexicons list` reports for these arguments.
fn version(args: &[&str]) -> String {
    let mut list = vec!["lexicons", "list"];
    list.extend(args);
    let text = run_ok(&list);
    text.lines()
        .next()
        .and_then(|line| line.strip_prefix("lexicon version "))
        .expect("first line names the version")
        .to_owned()
}

/// Two categories (in folder order: sorry, thanks) and a gold file whose counts are known: thanks TP 2, FP 1, FN 1;
/// sorry (as `remorse`) TP 1, FP 0, FN 1.
fn gold() -> tempfile::TempDir {
    folder(&[
        (
            "thanks.txt",
            "# category: thanks\nthank*\n-thanks for nothing\n",
        ),
        ("sorry.txt", "# category: sorry\nsorry\nmy bad\n"),
        (
            "gold.tsv",
            "id\ttext\tthanks\tremorse\n\
             1\tthank you!\t1\t0\n\
             2\t\"thanks\", she said\t1\t0\n\
             3\tthanks for nothing\t0\t0\n\
             4\tI thank nobody\t0\t0\n\
             5\tmuch appreciated\t1\t0\n\
             6\tmy bad, sorry\t0\t1\n\
             7\toops\t0\t1\n",
        ),
    ])
}

#[test]
fn eval_prints_the_table_with_the_lexicon_version() {
    let dir = gold();
    let lexicons = dir.path().display().to_string();
    let args = ["--lexicons", &lexicons, "--only", "thanks,sorry"];
    let version = version(&args);
    let gold = path(dir.path(), "gold.tsv");
    let mut command = vec!["eval", &gold, "--map", "remorse=sorry"];
    command.extend(args);
    assert_eq!(
        run_ok(&command),
        format!(
            "{gold}: 7 passages, lexicon version {version}\n\n\
             category       gold_column  positives  tp  fp  fn  precision  recall     f1\n\
             sorry          remorse              2   1   0   1      1.000   0.500  0.667\n\
             thanks         thanks               3   2   1   1      0.667   0.667  0.667\n\
             macro average                                          0.833   0.583  0.667\n"
        )
    );
}

#[test]
fn eval_scores_several_gold_files_then_their_macro_f1() {
    let dir = gold();
    std::fs::write(
        dir.path().join("more.csv"),
        "text,thanks\nthanks a lot,1\nno idea,1\n",
    )
    .unwrap();
    let lexicons = dir.path().display().to_string();
    let (first, second) = (path(dir.path(), "gold.tsv"), path(dir.path(), "more.csv"));
    let args = ["--lexicons", &lexicons, "--only", "thanks,sorry"];
    let mut command = vec!["eval", &first, &second];
    command.extend(args);
    let both = run_ok(&command);
    let version = version(&args);
    assert_eq!(
        both,
        format!(
            "{first}: 7 passages, lexicon version {version}\n\n\
             category       gold_column  positives  tp  fp  fn  precision  recall     f1\n\
             thanks         thanks               3   2   1   1      0.667   0.667  0.667\n\
             macro average                                          0.667   0.667  0.667\n\
             \n\
             {second}: 2 passages, lexicon version {version}\n\n\
             category       gold_column  positives  tp  fp  fn  precision  recall     f1\n\
             thanks         thanks               2   1   0   1      1.000   0.500  0.667\n\
             macro average                                          1.000   0.500  0.667\n\
             \n\
             macro F1 per gold file:\n  0.667  {first}\n  0.667  {second}\n"
        )
    );
}

#[test]
fn eval_context_col_gives_restates_entries_the_message_answered() {
    let dir = folder(&[
        (
            "listening.txt",
            "# category: listening\nso you're saying {restates}\nyou mean {restates}\n",
        ),
        (
            "gold.tsv",
            "id\ttext\tprevious\tlistening\n\
             1\tso you're saying he left?\the left me yesterday\t1\n\
             2\tso you're saying he left?\tmy boss shouts at me\t0\n\
             3\tyou mean your boss?\tmy boss shouts at me\t1\n\
             4\tyou mean it?\t\t0\n",
        ),
    ]);
    let lexicon = path(dir.path(), "listening.txt");
    let gold = path(dir.path(), "gold.tsv");
    let args = |context: bool| {
        let mut args = vec![
            "eval",
            "--format",
            "csv",
            "--only",
            "listening",
            "--lexicons",
        ];
        args.extend([lexicon.as_str(), gold.as_str()]);
        if context {
            args.extend(["--context-col", "previous"]);
        }
        args
    };
    let (header, rows) = parse_csv(&run_ok(&args(true)));
    assert_eq!(
        ["tp", "fp", "fn"].map(|name| cell(&header, &rows[0], name)),
        ["2", "0", "0"]
    );
    let (header, rows) = parse_csv(&run_ok(&args(false)));
    assert_eq!(
        ["tp", "fp", "fn"].map(|name| cell(&header, &rows[0], name)),
        ["2", "0", "0"],
        "a column named previous is the context unless another is named"
    );
    let mut missing = args(false);
    missing.extend(["--context-col", "earlier"]);
    let output = closeread().args(&missing).output().unwrap();
    assert!(output.status.success());
    let (header, rows) = parse_csv(&String::from_utf8_lossy(&output.stdout));
    assert_eq!(
        ["tp", "fp", "fn"].map(|name| cell(&header, &rows[0], name)),
        ["0", "0", "2"],
        "without the message answered nothing is restated"
    );
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("no column 'earlier'"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn eval_writes_csv_and_lists_errors() {
    let dir = gold();
    let lexicons = dir.path().display().to_string();
    let gold = path(dir.path(), "gold.tsv");
    let common = [
        "eval",
        gold.as_str(),
        "--map",
        "remorse=sorry",
        "--lexicons",
        &lexicons,
        "--only",
        "thanks,sorry",
    ];
    let mut csv_args = common.to_vec();
    csv_args.extend(["--format", "csv", "-j", "3"]);
    let (header, rows) = parse_csv(&run_ok(&csv_args));
    assert_eq!(
        header,
        [
            "category",
            "gold_column",
            "positives",
            "tp",
            "fp",
            "fn",
            "precision",
            "recall",
            "f1",
            "lexicon_version"
        ]
    );
    assert_eq!(rows.len(), 3);
    assert_eq!(cell(&header, &rows[1], "category"), "thanks");
    assert_eq!(cell(&header, &rows[1], "fp"), "1");
    assert_eq!(cell(&header, &rows[2], "category"), "macro average");

    let mut error_args = common.to_vec();
    error_args.extend(["--errors", "5"]);
    let text = run_ok(&error_args);
    assert!(
        text.contains(
            "thanks (thanks): false positives, 1 of 1\n  line 5: fired: thank*\n    I thank nobody\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("thanks (thanks): false negatives, 1 of 1\n  line 6: nothing fired\n    much appreciated\n"),
        "{text}"
    );
}

#[test]
fn eval_explains_a_gold_file_it_cannot_score() {
    let dir = gold();
    let gold = path(dir.path(), "gold.tsv");
    let output = closeread()
        .args(["eval", &gold, "--only", "appreciation"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--map COLUMN=CATEGORY"), "{stderr}");
}

#[test]
fn lexicons_accepts_a_folder_of_mixed_dictionaries_and_warns() {
    let dir = folder(&[
        (
            "liwc.dic",
            "%\n1\tposemo\n2\tfiller\n%\nhapp*\t1\nlike\t02 134/125\nglad\t1 7\n",
        ),
        ("liwc22.dicx", "DicTerm,Social\nfriend*,X\nbest mate,X\n"),
        ("empath.tsv", "pets\tdog\tcat*\n"),
        ("mine.txt", "# category: mine\nmy own\n"),
    ]);
    let text = dir.path().join("text.txt");
    std::fs::write(&text, "happy with my best mate and my own dog, my friend\n").unwrap();
    let lexicons = dir.path().display().to_string();
    let output = closeread()
        .args([
            "tag",
            "--format",
            "lines",
            "--only",
            "posemo,filler,Social,pets,mine",
            "--lexicons",
            &lexicons,
            text.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let dic = path(dir.path(), "liwc.dic");
    assert!(
        stderr.contains(&format!(
            "warning: {dic}:6: 'like' is a LIWC2007 conditional row"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("warning: {dic}:7: 'glad' names category id 7")),
        "{stderr}"
    );
    let (header, rows) = parse_csv(&String::from_utf8(output.stdout).unwrap());
    let row = &rows[0];
    for (category, hits) in [
        ("posemo", "1"),
        ("filler", "0"),
        ("Social", "2"),
        ("pets", "1"),
        ("mine", "1"),
    ] {
        assert_eq!(cell(&header, row, category), hits, "{category}");
    }
    assert!(!header.iter().any(|name| name.ends_with("_weighted")));
}

#[test]
fn weighted_dictionary_adds_weighted_columns() {
    let dir = folder(&[("w.dicx", "DicTerm,valence\ngood,1.5\nawful,-2\n")]);
    let text = dir.path().join("text.txt");
    std::fs::write(&text, "good good, not good, awful\n").unwrap();
    let (header, rows) = parse_csv(&run_ok(&[
        "tag",
        "--format",
        "lines",
        "--only",
        "valence",
        "--lexicons",
        &path(dir.path(), "w.dicx"),
        text.to_str().unwrap(),
    ]));
    // Score 1.5 + 1.5 - 2 = 1 reaches the default threshold of 1; hits count the two
    // positive-weight entries.
    assert_eq!(cell(&header, &rows[0], "valence"), "2");
    assert_eq!(cell(&header, &rows[0], "valence_negated"), "1");
    assert_eq!(cell(&header, &rows[0], "valence_weighted"), "1.000");
}

#[test]
fn weights_and_threshold_decide_the_category_column() {
    let dir = folder(&[(
        "praise.txt",
        "# category: praise\n# threshold: 2\nwell done @2\ngreat {not before: deal|many} @0.5\n",
    )]);
    let text = dir.path().join("text.txt");
    std::fs::write(
        &text,
        "great work\nwell done, great\na great deal of work, well done\n",
    )
    .unwrap();
    let (header, rows) = parse_csv(&run_ok(&[
        "tag",
        "--format",
        "lines",
        "--only",
        "praise",
        "--evidence",
        "--lexicons",
        &path(dir.path(), "praise.txt"),
        text.to_str().unwrap(),
    ]));
    let column =
        |name: &str| -> Vec<&str> { rows.iter().map(|row| cell(&header, row, name)).collect() };
    assert_eq!(column("praise"), ["0", "2", "1"]);
    assert_eq!(column("praise_weighted"), ["0.500", "2.500", "2.000"]);
    assert_eq!(
        column("matched"),
        [
            "praise: (not counted) great",
            "praise: well done, great",
            "praise: well done"
        ]
    );
}

#[test]
fn lexicons_check_names_the_line_of_a_malformed_clause_weight_or_threshold() {
    let dir = folder(&[(
        "praise.txt",
        "# category: praise\n# threshold: none\nwell done @2\ngreat {not before: deal\nnice @x\nkind {nearby: words}\n",
    )]);
    let output = closeread()
        .args(["lexicons", "check", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let file = path(dir.path(), "praise.txt");
    for (line, reason) in [
        (2, "threshold 'none'"),
        (4, "a clause needs a closing }"),
        (5, "'@x': a weight"),
        (6, "'{nearby: words}' is not a clause"),
    ] {
        assert!(
            stdout.contains(&format!("{file}:{line}: malformed: ")) && stdout.contains(reason),
            "line {line}: {stdout}"
        );
    }
}

#[test]
fn lexicons_check_reports_planted_problems_and_exits_1() {
    let dir = folder(&[
        (
            "support.txt",
            "# category: support\ncare*\nhere for you\nhere for you\n",
        ),
        ("work.txt", "# category: work\ncareer\n"),
        ("empty.txt", "# category: empty\n"),
        ("broken.txt", "# category: broken\nfine\n(a|b\n"),
    ]);
    let output = closeread()
        .args(["lexicons", "check", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    let at = |name: &str, rest: &str| format!("{}{rest}", path(dir.path(), name));
    assert!(
        lines[0].starts_with(&at("broken.txt", ":3: malformed: '(a|b'")),
        "{stdout}"
    );
    assert_eq!(
        lines[1],
        at(
            "empty.txt",
            ": empty category: category 'empty' has no entries"
        )
    );
    assert!(
        lines[2].starts_with(&at(
            "support.txt",
            ":2: wildcard overlap: 'care*' in 'support' also matches 'career'"
        )),
        "{stdout}"
    );
    assert!(
        lines[3].starts_with(&at("support.txt", ":4: duplicate: 'here for you'")),
        "{stdout}"
    );
    assert_eq!(
        lines[4],
        format!("4 problem(s) in {}", dir.path().display())
    );

    let clean = folder(&[("thanks.txt", "# category: thanks\nthank*\n")]);
    let output = closeread()
        .args(["lexicons", "check", clean.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn eval_warns_about_a_dictionary_unless_quiet() {
    let dir = folder(&[
        ("liwc.dic", "%\n1\tthanks\n%\nthank*\t1\nlike\t02 134/1\n"),
        ("gold.csv", "text,thanks\nthank you,1\nno idea,0\n"),
    ]);
    let lexicons = path(dir.path(), "liwc.dic");
    let gold = path(dir.path(), "gold.csv");
    let run = |extra: &[&str]| {
        let output = closeread()
            .args(["eval", "--only", "thanks", "--lexicons", &lexicons, &gold])
            .args(extra)
            .output()
            .unwrap();
        assert!(output.status.success());
        assert!(
            String::from_utf8_lossy(&output.stdout).contains("thanks         thanks"),
            "the table is printed either way"
        );
        String::from_utf8(output.stderr).unwrap()
    };
    assert!(
        run(&[]).contains("'like' is a LIWC2007 conditional row"),
        "warned without --quiet"
    );
    assert_eq!(run(&["--quiet"]), "");
}

/// The README's "How well it tags" table is what `eval` prints for the shipped lexicons on
/// the GoEmotions dev split, so the figures cannot go stale when a lexicon changes.
#[test]
fn readme_scores_are_what_eval_prints() {
    let Some(gold) = eval_gold() else {
        return;
    };
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme
        .split("## How well it tags")
        .nth(1)
        .expect("the README has the section");
    let csv = run_ok(&[
        "eval",
        gold.to_str().unwrap(),
        "--map",
        "remorse=repair",
        "--format",
        "csv",
    ]);
    let (header, rows) = parse_csv(&csv);
    let version = cell(&header, &rows[0], "lexicon_version");
    assert!(
        section.contains(&format!("lexicon\nversion {version}:")),
        "the README names lexicon version {version}"
    );
    for (category, label) in [
        ("appreciation", "appreciation"),
        ("empathy", "empathy"),
        ("conflict", "conflict"),
        ("repair", "repair (vs remorse)"),
    ] {
        let row = rows
            .iter()
            .find(|row| cell(&header, row, "category") == category)
            .expect("a row per category");
        let line = format!(
            "| {label} | {} | {} | {} | **{}** |",
            cell(&header, row, "positives"),
            cell(&header, row, "precision"),
            cell(&header, row, "recall"),
            cell(&header, row, "f1"),
        );
        assert!(section.contains(&line), "README row out of date: {line}");
    }
}
