//! `closeread trends`: one row per period, zero-filled, identical across thread counts.

use crate::util::{cell, closeread, fixture, parse_csv, run_ok};

#[test]
fn monthly_rows_cover_every_month() {
    let example = fixture("example-chat.txt");
    let (header, rows) = parse_csv(&run_ok(&["trends", example.to_str().unwrap()]));
    assert_eq!(header[..5], ["period", "start", "end", "passages", "words"]);
    assert!(header.contains(&"appreciation_per_1k".to_owned()));
    assert!(header.contains(&"positive_conflict_ratio".to_owned()));
    let periods: Vec<&str> = rows
        .iter()
        .map(|row| cell(&header, row, "period"))
        .collect();
    assert_eq!(
        periods,
        [
            "2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"
        ]
    );
    assert_eq!(cell(&header, &rows[1], "start"), "2024-02-01");
    assert_eq!(cell(&header, &rows[1], "end"), "2024-02-29");
    let passages: u64 = rows
        .iter()
        .map(|row| cell(&header, row, "passages").parse::<u64>().unwrap())
        .sum();
    assert_eq!(passages, 48);
    // February holds the rough patch: it has conflict, so a ratio.
    assert_ne!(cell(&header, &rows[1], "conflict_hits"), "0");
    assert!(!cell(&header, &rows[1], "positive_conflict_ratio").is_empty());
}

#[test]
fn gaps_between_periods_are_zero_filled() {
    let dir = tempfile::tempdir().unwrap();
    let diary = dir.path().join("diary.txt");
    std::fs::write(
        &diary,
        "2024-01-30\nthank you\n\n2024-04-02\nI am grateful\n",
    )
    .unwrap();
    let (header, rows) = parse_csv(&run_ok(&[
        "trends",
        "--by",
        "month",
        diary.to_str().unwrap(),
    ]));
    let periods: Vec<&str> = rows
        .iter()
        .map(|row| cell(&header, row, "period"))
        .collect();
    assert_eq!(periods, ["2024-01", "2024-02", "2024-03", "2024-04"]);
    assert_eq!(cell(&header, &rows[1], "passages"), "0");
    assert_eq!(
        cell(&header, &rows[1], "appreciation_per_1k"),
        "",
        "a period without words has no rate"
    );
    assert_eq!(cell(&header, &rows[1], "dic"), "");
    assert_eq!(cell(&header, &rows[1], "positive_conflict_ratio"), "");
}

#[test]
fn period_labels_for_each_granularity() {
    let example = fixture("example-chat.txt");
    let path = example.to_str().unwrap();
    let first_label = |by: &str| {
        let (header, rows) = parse_csv(&run_ok(&["trends", "--by", by, path]));
        (cell(&header, &rows[0], "period").to_owned(), rows.len())
    };
    assert_eq!(first_label("day"), ("2024-01-05".into(), 158));
    assert_eq!(first_label("week"), ("2024-W01".into(), 24));
    assert_eq!(first_label("quarter"), ("2024-Q1".into(), 2));
    assert_eq!(first_label("year"), ("2024".into(), 1));
}

#[test]
fn per_author_and_long_forms() {
    let example = fixture("example-chat.txt");
    let path = example.to_str().unwrap();
    let (header, rows) = parse_csv(&run_ok(&["trends", "--per-author", path]));
    assert_eq!(header[3], "author");
    assert_eq!(rows.len(), 6 * 2, "every month for each of the two authors");
    let authors: Vec<&str> = rows[..2]
        .iter()
        .map(|row| cell(&header, row, "author"))
        .collect();
    assert_eq!(authors, ["Alex", "Sam"]);

    let (header, rows) = parse_csv(&run_ok(&[
        "trends",
        "--long",
        "--only",
        "appreciation,conflict",
        path,
    ]));
    assert_eq!(
        header,
        [
            "period",
            "start",
            "end",
            "category",
            "hits",
            "per_1k",
            "passages",
            "words",
            "lexicon_version"
        ]
    );
    assert_eq!(rows.len(), 6 * 2);
    assert_eq!(cell(&header, &rows[1], "category"), "conflict");
}

#[test]
fn undated_records_stay_out_of_trends_and_are_reported() {
    let output = closeread()
        .args(["trends", "--format", "lines", "-"])
        .write_stdin("thank you\nsorry\n")
        .output()
        .unwrap();
    assert!(output.status.success());
    let (_, rows) = parse_csv(&String::from_utf8(output.stdout).unwrap());
    assert!(rows.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("2 records"), "{stderr}");
    assert!(stderr.contains("2 undated"), "{stderr}");
}

/// A corpus big enough to be cut into many chunks and spread over many files.
fn write_large_corpus(dir: &std::path::Path) {
    let lines = [
        "Thank you so much, I really appreciate you ❤️",
        "You never listen. Whatever.",
        "I'm sorry, that was my fault",
        "How was your day? Thinking of you",
        "I don't appreciate that tone",
    ];
    let mut big = String::new();
    for i in 0..60_000u32 {
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        let author = if i % 3 == 0 { "Ana" } else { "Ben" };
        big.push_str(&format!(
            "{day:02}/{month:02}/2023, 10:{:02} - {author}: {}\n",
            i % 60,
            lines[(i % 5) as usize]
        ));
        if i % 7 == 0 {
            big.push_str("a continuation line\n");
        }
    }
    std::fs::write(dir.join("big.txt"), big).unwrap();
    for i in 0..40 {
        std::fs::write(
            dir.join(format!("note-{i:02}.txt")),
            format!("2023-0{}-1{}\nthank you, entry {i}\n", 1 + i % 9, i % 10),
        )
        .unwrap();
    }
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    write_large_corpus(dir.path());
    let path = dir.path().to_str().unwrap();
    for command in [
        vec!["trends", "--per-author", "--by", "week"],
        vec!["tag", "--evidence"],
    ] {
        let run = |threads: &str| {
            let mut args = command.clone();
            args.extend(["--threads", threads, path]);
            run_ok(&args)
        };
        let one = run("1");
        assert_eq!(one, run("0"), "{command:?}: 1 thread vs default");
        assert_eq!(one, run("3"), "{command:?}: 1 thread vs 3");
    }
}

#[test]
fn since_until_and_author_select_passages() {
    let example = fixture("example-chat.txt");
    let path = example.to_str().unwrap();
    let output = closeread()
        .args([
            "trends",
            "--since",
            "2024-02-01",
            "--until",
            "2024-03-31",
            "--author",
            "Sam",
            path,
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let (header, rows) = parse_csv(&String::from_utf8(output.stdout).unwrap());
    let periods: Vec<&str> = rows
        .iter()
        .map(|row| cell(&header, row, "period"))
        .collect();
    assert_eq!(periods, ["2024-02", "2024-03"]);
    let passages: u64 = rows
        .iter()
        .map(|row| cell(&header, row, "passages").parse::<u64>().unwrap())
        .sum();
    // Sam's messages in February (7) and March (4).
    assert_eq!(passages, 11);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("37 passage(s) outside --since/--until/--author"),
        "{stderr}"
    );

    let (header, rows) = parse_csv(&run_ok(&[
        "tag",
        "--author",
        "Alex",
        "--until",
        "2024-01-31",
        path,
    ]));
    let records: Vec<&str> = rows
        .iter()
        .map(|row| cell(&header, row, "record"))
        .collect();
    assert_eq!(
        records,
        ["2", "4", "6", "9", "11"],
        "rows keep their positions in the source"
    );

    let backwards = closeread()
        .args([
            "trends",
            "--since",
            "2024-03-01",
            "--until",
            "2024-02-01",
            path,
        ])
        .output()
        .unwrap();
    assert_eq!(backwards.status.code(), Some(2));
}

#[test]
fn merged_shard_partials_equal_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    write_large_corpus(&corpus);
    let mut files: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|entry| entry.unwrap().path().display().to_string())
        .collect();
    files.sort();
    let (first, second) = files.split_at(15);
    let list = dir.path().join("shard-1.txt");
    std::fs::write(&list, first.join("\n") + "\n").unwrap();
    let partial_1 = dir.path().join("1.json");
    let partial_2 = dir.path().join("2.json");
    run_ok(&[
        "trends",
        "--emit-partials",
        "-q",
        "--files-from",
        list.to_str().unwrap(),
        "-o",
        partial_1.to_str().unwrap(),
    ]);
    let from_stdin = closeread()
        .args(["trends", "--emit-partials", "-q", "--files-from", "-", "-o"])
        .arg(&partial_2)
        .write_stdin(second.join("\n"))
        .output()
        .unwrap();
    assert!(from_stdin.status.success());

    for table in [vec!["--per-author", "--by", "week"], vec!["--long"], vec![]] {
        let mut whole_args = vec!["trends", "-q"];
        whole_args.extend(&table);
        whole_args.push(corpus.to_str().unwrap());
        let whole = run_ok(&whole_args);
        let mut merge_args = vec![
            "merge",
            "-q",
            partial_2.to_str().unwrap(),
            partial_1.to_str().unwrap(),
        ];
        merge_args.extend(&table);
        assert_eq!(run_ok(&merge_args), whole, "{table:?}");
    }

    let other = dir.path().join("other.json");
    run_ok(&[
        "trends",
        "--emit-partials",
        "--only",
        "appreciation",
        "-q",
        "-o",
        other.to_str().unwrap(),
        first[0].as_str(),
    ]);
    let mixed = closeread()
        .args(["merge"])
        .arg(&partial_1)
        .arg(&other)
        .output()
        .unwrap();
    assert_eq!(mixed.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&mixed.stderr).contains("other.json: made with lexicon version")
    );
}
