//! The tables for spreadsheets and programs: empty rates, the ratio column, `--raw`, JSON
//! Lines, `tag --text` and the words of `--evidence`, and per-conversation tables.

use std::path::Path;

use crate::util::{cell, fixture, parse_csv, run_ok};

fn example() -> String {
    fixture("example-chat.txt").display().to_string()
}

#[test]
fn evidence_shows_the_words_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let diary = dir.path().join("notes.txt");
    std::fs::write(
        &diary,
        "Thank you SO much for dinner, it was really appreciated\n",
    )
    .unwrap();
    let (header, rows) = parse_csv(&run_ok(&[
        "tag",
        "--format",
        "lines",
        "--evidence",
        "--only",
        "appreciation",
        diary.to_str().unwrap(),
    ]));
    let matched = cell(&header, &rows[0], "matched");
    assert!(matched.starts_with("appreciation: Thank you"), "{matched}");
    assert!(matched.contains("appreciated"), "{matched}");
    assert!(!matched.contains('*'), "no patterns: {matched}");
}

#[test]
fn text_column_is_opt_in() {
    let path = fixture("negation.txt").display().to_string();
    let (header, _) = parse_csv(&run_ok(&["tag", "--format", "lines", &path]));
    assert!(!header.contains(&"text".to_owned()));
    let (header, rows) = parse_csv(&run_ok(&["tag", "--format", "lines", "--text", &path]));
    assert_eq!(header.last().unwrap(), "text");
    assert_eq!(cell(&header, &rows[1], "text"), "I appreciate that, really");
}

#[test]
fn no_ratio_column_without_its_categories() {
    let (header, rows) = parse_csv(&run_ok(&["trends", "--only", "conflict", &example()]));
    assert!(
        !header.iter().any(|name| name.contains("ratio")),
        "{header:?}"
    );
    assert_eq!(cell(&header, &rows[1], "conflict_hits"), "6");
    let (header, _) = parse_csv(&run_ok(&[
        "trends",
        "--only",
        "conflict,repair",
        &example(),
    ]));
    assert!(header.contains(&"positive_conflict_ratio".to_owned()));
}

#[test]
fn raw_keeps_cells_as_found_and_writes_no_bom() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("chat.csv");
    std::fs::write(
        &table,
        "date,author,text\n2024-01-01,+44 7700 900123,thank you\n",
    )
    .unwrap();
    let path = table.to_str().unwrap();
    let guarded = run_ok(&["tag", path]);
    assert!(guarded.contains(",'+44 7700 900123,"), "{guarded}");
    let raw = run_ok(&["tag", "--raw", path]);
    assert!(!raw.starts_with('\u{feff}'));
    assert!(raw.contains(",+44 7700 900123,"), "{raw}");
    let (header, rows) = parse_csv(&run_ok(&["trends", "--raw", "--per-author", path]));
    assert_eq!(cell(&header, &rows[0], "author"), "+44 7700 900123");
    crate::util::closeread()
        .args(["tag", "--raw", "--excel", path])
        .assert()
        .failure();
}

/// JSON Lines rows, each an object.
fn json_lines(text: &str) -> Vec<serde_json::Map<String, serde_json::Value>> {
    text.lines()
        .map(
            |line| match serde_json::from_str(line).expect("one JSON value per line") {
                serde_json::Value::Object(object) => object,
                other => panic!("not an object: {other}"),
            },
        )
        .collect()
}

/// Every JSON row has the CSV's columns in order, with the same numbers and text.
fn assert_same_table(csv: &str, json: &str) {
    let (header, rows) = parse_csv(csv);
    let objects = json_lines(json);
    assert_eq!(objects.len(), rows.len());
    assert!(!rows.is_empty());
    for (row, object) in rows.iter().zip(&objects) {
        let keys: Vec<&String> = object.keys().collect();
        let mut sorted_header: Vec<&String> = header.iter().collect();
        sorted_header.sort();
        assert_eq!(keys, sorted_header, "same columns");
        for (name, text) in header.iter().zip(row) {
            match &object[name] {
                serde_json::Value::Null => assert_eq!(text, "", "{name}"),
                serde_json::Value::Number(number) => assert_eq!(
                    number.as_f64().unwrap(),
                    text.parse::<f64>().unwrap(),
                    "{name}: {number} against {text}"
                ),
                serde_json::Value::String(value) => assert_eq!(value, text, "{name}"),
                other => panic!("{name}: unexpected {other}"),
            }
        }
    }
}

#[test]
fn json_lines_carry_the_numbers_of_the_csv() {
    let dir = tempfile::tempdir().unwrap();
    let diary = dir.path().join("diary.txt");
    std::fs::write(
        &diary,
        "2024-01-30\nthank you, I am sorry\n\n2024-04-02\nI am grateful\n",
    )
    .unwrap();
    for args in [
        vec!["trends", "-q", &*example()],
        vec!["trends", "-q", "--per-author", "--by", "week", &*example()],
        vec!["trends", "-q", "--long", diary.to_str().unwrap()],
        vec!["trends", "-q", diary.to_str().unwrap()],
        vec!["tag", "-q", "--evidence", &*example()],
    ] {
        let csv = run_ok(&args);
        let mut json_args = args.clone();
        json_args.push("--json");
        let json = run_ok(&json_args);
        assert_same_table(&csv, &json);
    }
    let json = json_lines(&run_ok(&[
        "trends",
        "-q",
        "--json",
        diary.to_str().unwrap(),
    ]));
    assert_eq!(json[1]["period"], "2024-02");
    assert!(
        json[1]["appreciation_per_1k"].is_null(),
        "no words, no rate"
    );
    assert_eq!(json[1]["words"], 0);
}

/// A folder with a chat, a journal and a Telegram account export of two chats.
fn exports(dir: &Path) {
    std::fs::copy(fixture("example-chat.txt"), dir.join("chat.txt")).unwrap();
    std::fs::write(
        dir.join("diary.txt"),
        "2024-01-30\nthank you\n\n2024-04-02\nI am grateful\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("result.json"),
        r#"{"about": "x", "personal_information": {"first_name": "A"},
 "chats": {"about": "y", "list": [
   {"name": "One", "messages": [{"type": "message", "date": "2020-01-01T10:00:00", "from": "A", "text": "thanks so much"}]},
   {"name": "Two", "messages": [{"type": "message", "date": "2020-01-02T10:00:00", "from": "B", "text": "sorry, my fault"}]}
 ]}}"#,
    )
    .unwrap();
}

#[test]
fn one_row_per_conversation_with_totals() {
    let dir = tempfile::tempdir().unwrap();
    exports(dir.path());
    let folder = dir.path().to_str().unwrap();
    let (header, rows) = parse_csv(&run_ok(&[
        "trends",
        "-q",
        "--by",
        "total",
        "--per-conversation",
        folder,
    ]));
    assert_eq!(header[..4], ["conversation", "period", "start", "end"]);
    let names: Vec<String> = rows
        .iter()
        .map(|row| {
            Path::new(cell(&header, row, "conversation"))
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        names,
        ["chat.txt", "diary.txt", "result.json#1", "result.json#2"]
    );
    assert_eq!(cell(&header, &rows[0], "words"), "462");
    assert_eq!(cell(&header, &rows[0], "start"), "2024-01-05");
    assert_eq!(cell(&header, &rows[1], "appreciation_hits"), "2");
    assert_eq!(cell(&header, &rows[2], "appreciation_hits"), "1");
    assert_eq!(cell(&header, &rows[3], "repair_hits"), "2");
    assert!(
        rows.iter()
            .all(|row| cell(&header, row, "period") == "total")
    );

    // Without --per-conversation, one row of totals for everything.
    let (header, rows) = parse_csv(&run_ok(&["trends", "-q", "--by", "total", folder]));
    assert_eq!(rows.len(), 1);
    assert_eq!(cell(&header, &rows[0], "start"), "2020-01-01");
    assert_eq!(cell(&header, &rows[0], "appreciation_hits"), "30");

    // By month, each conversation has its own span of periods.
    let (header, rows) = parse_csv(&run_ok(&["trends", "-q", "--per-conversation", folder]));
    let diary_periods: Vec<&str> = rows
        .iter()
        .filter(|row| cell(&header, row, "conversation").ends_with("diary.txt"))
        .map(|row| cell(&header, row, "period"))
        .collect();
    assert_eq!(diary_periods, ["2024-01", "2024-02", "2024-03", "2024-04"]);
}

#[test]
fn insights_and_report_quote_the_words_around_each_match() {
    let dir = tempfile::tempdir().unwrap();
    let diary = dir.path().join("diary.txt");
    let filler = "the morning started slowly with coffee and rain on the window. ".repeat(60);
    std::fs::write(
        &diary,
        format!(
            "2024-01-10\n{filler}Later I told her thank you so much for the soup. {filler}\n\n\
             2024-02-10\n{filler}\n"
        ),
    )
    .unwrap();
    let path = diary.to_str().unwrap();
    let insights = run_ok(&[
        "insights",
        "-q",
        "--markdown",
        "--evidence",
        "--only",
        "appreciation",
        path,
    ]);
    let quote = insights
        .lines()
        .find(|line| line.starts_with("> "))
        .unwrap_or_else(|| panic!("a quote: {insights}"));
    assert!(quote.contains("thank you so much"), "{quote}");
    assert!(
        quote.starts_with("> … "),
        "cut before the match, not at the passage's start: {quote}"
    );
    let report = run_ok(&["report", "-q", "--evidence", "--only", "appreciation", path]);
    assert!(report.contains("told her thank you so much for the soup"));
    assert!(!report.contains("the morning started slowly with coffee and rain on the window. the morning started slowly with coffee and rain"));
}

#[test]
fn insights_json_holds_the_sentences_and_their_numbers() {
    let text = run_ok(&["insights", "-q", "--json", &example()]);
    let document: serde_json::Value = serde_json::from_str(&text).expect("one JSON document");
    let sentences = document["findings"].to_string();
    assert!(sentences.contains("5.4 to 1"), "{sentences}");
    let ratio = document["ratio"].as_f64().unwrap();
    assert_eq!(format!("{ratio:.1}"), "5.4");
    let numbers = &document["numbers"];
    assert_eq!(numbers["total"]["words"], 462);
    assert_eq!(numbers["ratio_parts"], serde_json::json!([49, 9]));
    let conflict = numbers["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|category| category["name"] == "conflict")
        .unwrap();
    assert_eq!(format!("{:.1}", conflict["rate"].as_f64().unwrap()), "19.5");
    let alex = &numbers["authors"][0];
    assert_eq!(alex["name"], "Alex");
    assert_eq!(alex["tally"]["words"], 233);
}
