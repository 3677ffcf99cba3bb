//! Inputs that used to take memory without bound: dates millennia apart, huge JSON
//! exports, enormous lines. Each run must end with a bounded answer or a clear message.

use crate::util::closeread;

#[test]
fn dates_millennia_apart_are_refused_with_the_outlying_dates_named() {
    let dir = tempfile::tempdir().unwrap();
    let chat = dir.path().join("chat.csv");
    std::fs::write(
        &chat,
        "date,author,text\n0001-01-01,a,thank you\n2023-05-01,b,sorry\n9999-12-31,b,yo\n",
    )
    .unwrap();
    let output = closeread()
        .args(["trends", "--by", "day", "--per-author", "--long"])
        .arg(&chat)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(output.stdout.is_empty());
    for said in ["0001-01-01", "9999-12-31", "--since", "--until"] {
        assert!(stderr.contains(said), "{said} missing from: {stderr}");
    }
    // By year the same span is small enough to fill.
    let output = closeread()
        .args(["trends", "--by", "year", "-q"])
        .arg(&chat)
        .output()
        .unwrap();
    assert!(output.status.success());
}

#[test]
fn evidence_of_a_huge_passage_names_each_entry_once_with_its_count() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("long.txt");
    let passage = "thank you so much, I really appreciate it. ".repeat(50_000);
    std::fs::write(&text, format!("{passage}\n")).unwrap();
    let (header, rows) = crate::util::parse_csv(&crate::util::run_ok(&[
        "tag",
        "--format",
        "lines",
        "--evidence",
        "--only",
        "appreciation",
        text.to_str().unwrap(),
    ]));
    let matched = crate::util::cell(&header, &rows[0], "matched");
    assert!(matched.starts_with("appreciation: "), "{matched}");
    assert!(matched.contains(" ×50000"), "{matched}");
    assert!(matched.len() < 200, "one mention per entry: {matched}");
}

#[test]
fn odd_json_values_cost_their_field_and_repeated_ids_are_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("result.json");
    std::fs::write(
        &export,
        r#"{"name": "Kit", "type": "personal_chat", "id": 1, "messages": [
 {"id": 10, "type": "message", "date": "2024-01-02T10:00:00.500Z", "date_unixtime": "1704189600", "from": "Kit", "text": "thank you \ud800 so much"},
 {"id": 11, "type": "message", "date_unixtime": 1704189660.25, "from": "Sam", "text": "sorry"},
 {"id": 10, "type": "message", "date": "2024-01-02T10:00:00.500Z", "date_unixtime": "1704189600", "from": "Kit", "text": "thank you \ud800 so much"}
]}"#,
    )
    .unwrap();
    let output = closeread()
        .args(["tag", "--tz", "UTC"])
        .arg(&export)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "problems are reported: {stderr}"
    );
    let (header, rows) = crate::util::parse_csv(&String::from_utf8(output.stdout).unwrap());
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|row| {
            let cell = |name| crate::util::cell(&header, row, name);
            (cell("timestamp"), cell("author"))
        })
        .collect();
    assert_eq!(got, [("2024-01-02T10:00:00", "Kit"), ("", "Sam")]);
    assert!(
        stderr.contains("result.json:2: text: lone UTF-16 surrogate"),
        "{stderr}"
    );
    assert!(
        stderr.contains("result.json:3: date_unixtime left out"),
        "{stderr}"
    );
    assert!(stderr.contains("1 message(s) repeating an id"), "{stderr}");
    assert!(stderr.contains("2 problem(s)"), "{stderr}");
}

/// One line of `len` bytes of words, ending in a line break.
fn long_line(len: usize) -> String {
    let words = "thank you so much I really appreciate it sorry my fault ";
    let mut line = words.repeat(len / words.len());
    line.push('\n');
    line
}

#[test]
fn a_record_over_4_mib_is_split_into_counted_passages_in_files_and_zips() {
    use std::io::Write;

    let dir = tempfile::tempdir().unwrap();
    let line = long_line(9 << 20);
    let text = dir.path().join("long.txt");
    std::fs::write(&text, format!("before\n{line}after\n")).unwrap();
    let zip = dir.path().join("long.zip");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&zip).unwrap());
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    writer.start_file("long.txt", deflated).unwrap();
    writer
        .write_all(format!("before\n{line}after\n").as_bytes())
        .unwrap();
    writer.finish().unwrap();
    for input in [&text, &zip] {
        let output = closeread()
            .args(["tag", "--format", "lines"])
            .arg(input)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{stderr}");
        assert!(
            stderr.contains("5 records")
                && stderr.contains("; 2 passage(s) split off records over 4 MiB"),
            "{stderr}"
        );
        let (header, rows) = crate::util::parse_csv(&String::from_utf8(output.stdout).unwrap());
        let words: Vec<u64> = rows
            .iter()
            .map(|row| crate::util::cell(&header, row, "words").parse().unwrap())
            .collect();
        let whole = line.split_whitespace().count() as u64;
        // The 9 MiB line: its first 4 MiB as read, then two passages split off it.
        assert_eq!(words.len(), 5, "{words:?}");
        assert_eq!((words[0], words[4]), (1, 1));
        let parts = words[1] + words[2] + words[3];
        assert_eq!(parts, whole, "no word lost or cut in two: {words:?}");
    }
}

#[test]
fn passages_split_off_a_message_keep_its_author_and_time() {
    let dir = tempfile::tempdir().unwrap();
    let chat = dir.path().join("chat.txt");
    let body = long_line(5 << 20);
    std::fs::write(
        &chat,
        format!("[01.02.24, 10:00:00] Kit: {body}[01.02.24, 10:05:00] Sam: ok\n"),
    )
    .unwrap();
    let output = closeread().arg("tag").arg(&chat).output().unwrap();
    assert!(output.status.success());
    let (header, rows) = crate::util::parse_csv(&String::from_utf8(output.stdout).unwrap());
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|row| {
            let cell = |name| crate::util::cell(&header, row, name);
            (cell("timestamp"), cell("author"))
        })
        .collect();
    let kit = ("2024-02-01T10:00:00", "Kit");
    assert_eq!(got, [kit, kit, ("2024-02-01T10:05:00", "Sam")]);
}
