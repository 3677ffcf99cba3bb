//! `closeread tag`: one row per passage.

use crate::util::{cell, closeread, fixture, parse_csv, run_ok};

#[test]
fn example_chat_gives_one_row_per_message() {
    let example = fixture("example-chat.txt");
    let (header, rows) = parse_csv(&run_ok(&["tag", example.to_str().unwrap()]));
    assert_eq!(
        header[..6],
        ["source", "record", "timestamp", "date", "author", "words"]
    );
    assert!(header.contains(&"appreciation".to_owned()));
    assert!(header.contains(&"conflict_negated".to_owned()));
    // 50 records: 48 messages, one media placeholder and one system message, which are
    // counted but not tagged.
    assert_eq!(rows.len(), 48);
    let first = &rows[0];
    assert_eq!(cell(&header, first, "record"), "1");
    assert_eq!(cell(&header, first, "timestamp"), "2024-01-05T08:12:00");
    assert_eq!(cell(&header, first, "date"), "2024-01-05");
    assert_eq!(cell(&header, first, "author"), "Sam");
    let thanks = &rows[1];
    assert_eq!(cell(&header, thanks, "author"), "Alex");
    let appreciation: u64 = cell(&header, thanks, "appreciation").parse().unwrap();
    assert!(
        appreciation >= 2,
        "thanks for asking + thank you: {appreciation}"
    );
    assert_eq!(cell(&header, thanks, "conflict"), "0");
    let last = rows.last().unwrap();
    assert_eq!(cell(&header, last, "record"), "50");
    assert_eq!(cell(&header, last, "timestamp"), "2024-06-10T21:05:00");
}

#[test]
fn evidence_lists_matched_entries_and_negations() {
    let (header, rows) = parse_csv(&run_ok(&[
        "tag",
        "--format",
        "lines",
        "--evidence",
        "--only",
        "appreciation,conflict",
        &fixture("negation.txt").display().to_string(),
    ]));
    let matched: Vec<&str> = rows
        .iter()
        .map(|row| cell(&header, row, "matched"))
        .collect();
    assert_eq!(matched[0], "appreciation: (negated) appreciate");
    assert_eq!(cell(&header, &rows[0], "appreciation"), "0");
    assert_eq!(cell(&header, &rows[0], "appreciation_negated"), "1");
    assert_eq!(matched[1], "appreciation: appreciate");
    assert_eq!(cell(&header, &rows[1], "appreciation"), "1");
}

#[test]
fn formula_like_cells_are_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let chat = dir.path().join("chat.txt");
    std::fs::write(
        &chat,
        "01/02/2024, 10:00 - =HYPERLINK(\"x\"): thanks\n01/02/2024, 10:01 - +44 7700 900123: hi\n01/02/2024, 10:02 - @bob: ok\n",
    )
    .unwrap();
    let (header, rows) = parse_csv(&run_ok(&["tag", chat.to_str().unwrap()]));
    let authors: Vec<&str> = rows
        .iter()
        .map(|row| cell(&header, row, "author"))
        .collect();
    assert_eq!(authors, ["'=HYPERLINK(\"x\")", "'+44 7700 900123", "'@bob"]);
}

#[test]
fn standard_input_is_read() {
    let output = closeread()
        .args(["tag", "-", "--only", "appreciation"])
        .write_stdin("thank you\n\nso grateful\n")
        .output()
        .unwrap();
    assert!(output.status.success());
    let (header, rows) = parse_csv(&String::from_utf8(output.stdout).unwrap());
    assert_eq!(rows.len(), 2);
    assert_eq!(cell(&header, &rows[1], "source"), "<stdin>");
    assert_eq!(cell(&header, &rows[1], "record"), "2");
    assert_eq!(cell(&header, &rows[1], "appreciation"), "1");
}

#[test]
fn utf16_and_windows_1252_read_like_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        "01/02/2024, 10:00 - Zoë: merci, thank you ❤️\r\n01/02/2024, 10:01 - José: I’m sorry\r\n";
    let utf8 = dir.path().join("utf8.txt");
    std::fs::write(&utf8, text).unwrap();
    let utf16 = dir.path().join("utf16.txt");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&utf16, bytes).unwrap();
    let strip_source = |csv: String| -> Vec<String> {
        csv.lines()
            .map(|line| {
                line.split_once(',')
                    .map_or(line, |(_, rest)| rest)
                    .to_owned()
            })
            .collect()
    };
    let a = strip_source(run_ok(&["tag", utf8.to_str().unwrap()]));
    let b = strip_source(run_ok(&["tag", utf16.to_str().unwrap()]));
    assert_eq!(a, b);
    assert!(a[1].contains("Zoë"));

    let latin = dir.path().join("latin.txt");
    std::fs::write(&latin, b"caf\xe9 merci \x93thanks\x94\n").unwrap();
    let output = closeread()
        .args(["tag", "--format", "lines", "--only", "appreciation"])
        .arg(&latin)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("read as Windows-1252"), "{stderr}");
    let (header, rows) = parse_csv(&String::from_utf8(output.stdout).unwrap());
    assert_eq!(cell(&header, &rows[0], "appreciation"), "1");
}

#[test]
fn excel_flag_adds_a_byte_order_mark() {
    let output = closeread()
        .args(["tag", "-", "--excel"])
        .write_stdin("hello\n")
        .output()
        .unwrap();
    assert!(output.stdout.starts_with("\u{FEFF}source,".as_bytes()));
}

#[test]
fn custom_lexicons_add_and_replace_categories() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pets.txt"),
        "# category: pets\n# measures: talk about pets\n# source: test\ncat\ndog*\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("appreciation.txt"),
        "# category: appreciation\n# measures: only one word\n# source: test\ncheers\n",
    )
    .unwrap();
    let output = closeread()
        .args(["tag", "-", "--lexicons"])
        .arg(dir.path())
        .write_stdin("cheers for walking the dogs, thank you\n")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (header, rows) = parse_csv(&String::from_utf8(output.stdout).unwrap());
    assert_eq!(header.last().unwrap(), "lexicon_version");
    assert_eq!(cell(&header, &rows[0], "pets"), "1");
    assert_eq!(
        cell(&header, &rows[0], "appreciation"),
        "1",
        "the replacement knows 'cheers' but not 'thank you'"
    );
    let default_version = parse_csv(&run_ok(&[
        "tag",
        &fixture("negation.txt").display().to_string(),
    ]))
    .1[0]
        .last()
        .unwrap()
        .clone();
    assert_ne!(cell(&header, &rows[0], "lexicon_version"), default_version);
}

#[test]
fn a_chat_reply_restates_the_last_message_of_the_other_author() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("reflect.txt"),
        "# category: reflect\nso you're saying {restates}\n",
    )
    .unwrap();
    let chat = dir.path().join("chat.txt");
    std::fs::write(
        &chat,
        "01/09/2023, 19:00 - Ana: he left me yesterday\n\
         01/09/2023, 19:01 - Bo: oh no\n\
         01/09/2023, 19:02 - Bo: so you're saying he left?\n\
         01/09/2023, 19:03 - Ana: my boss shouts at me\n\
         01/09/2023, 19:04 - Bo: so you're saying he left?\n\
         01/09/2023, 19:05 - Bo: so you're saying your boss shouts?\n",
    )
    .unwrap();
    let lexicon = dir.path().join("reflect.txt").display().to_string();
    let (header, rows) = parse_csv(&run_ok(&[
        "tag",
        "--only",
        "reflect",
        "--lexicons",
        &lexicon,
        &chat.display().to_string(),
    ]));
    let reflect: Vec<&str> = rows
        .iter()
        .map(|row| cell(&header, row, "reflect"))
        .collect();
    assert_eq!(reflect, ["0", "0", "1", "0", "0", "1"]);
}
