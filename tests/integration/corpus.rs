//! Tests over the shared corpus of real exports; they run when `CLOSEREAD_CORPUS` names it.

use closeread::input::discover::Source;
use closeread::input::{Format, read_all};
use closeread::record::RecordKind;

use crate::util::{cell, corpus, parse_csv, run_ok};

#[test]
fn every_whatsapp_sample_parses_without_problems() {
    let Some(corpus) = corpus() else { return };
    let dir = corpus.join("whatsapp");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|ext| ext != "txt") {
            continue;
        }
        seen += 1;
        let source = Source::file(path.clone(), true);
        let (format, parsed) = read_all(&source, None).unwrap().expect("text");
        assert_eq!(format, Format::Whatsapp, "{}", path.display());
        assert!(
            parsed.problems.is_empty(),
            "{}: {:?}",
            path.display(),
            parsed.problems
        );
        assert!(
            parsed.records.iter().all(|r| r.when.is_some()),
            "{}: undated record",
            path.display()
        );
        let output = crate::util::closeread()
            .arg("tag")
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert_eq!(seen, 8);
}

#[derive(serde::Deserialize)]
struct Expected {
    timestamp: String,
    author: String,
    message: String,
}

#[test]
fn whatsapp_parse_matches_chat_miner_target() {
    let Some(corpus) = corpus() else { return };
    let dir = corpus.join("whatsapp");
    let target: Vec<Expected> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("chat-miner_target.json")).unwrap())
            .unwrap();
    let mut expected: Vec<(String, String, String)> = target
        .into_iter()
        .map(|e| (e.timestamp, e.author, e.message))
        .collect();
    expected.sort();
    for name in [
        "chat-miner_test_bracketed_mmddyy_24hrs.txt",
        "chat-miner_test_ddmmyy_24hrs.txt",
        "chat-miner_test_mmddyy_24hrs.txt",
        "chat-miner_test_mmddyyyy_12hrs.txt",
        "chat-miner_test_yyyymmdd_24hrs.txt",
    ] {
        let source = Source::file(dir.join(name), true);
        let (_, parsed) = read_all(&source, None).unwrap().unwrap();
        let mut got: Vec<(String, String, String)> = parsed
            .records
            .iter()
            .filter(|r| r.kind == RecordKind::Message)
            .map(|r| {
                (
                    r.when.unwrap().datetime().unwrap().to_string(),
                    r.author.clone().unwrap_or_default(),
                    r.text.split_whitespace().collect::<Vec<_>>().join(" "),
                )
            })
            .collect();
        got.sort();
        assert_eq!(got, expected, "{name}");
    }
}

#[test]
fn pepys_diary_has_3413_entries_over_113_months() {
    let Some(corpus) = corpus() else { return };
    let diary = corpus.join("diaries/pepys-diary.dated.txt");
    let source = Source::file(diary.clone(), true);
    let (format, parsed) = read_all(&source, None).unwrap().unwrap();
    assert_eq!(format, Format::Journal);
    assert_eq!(parsed.records.len(), 3413);
    let dates: Vec<_> = parsed
        .records
        .iter()
        .map(|r| r.when.unwrap().date())
        .collect();
    assert_eq!(dates.first().unwrap().to_string(), "1660-01-01");
    assert_eq!(dates.last().unwrap().to_string(), "1669-05-31");

    let (header, rows) = parse_csv(&run_ok(&[
        "trends",
        "--by",
        "month",
        diary.to_str().unwrap(),
    ]));
    assert_eq!(rows.len(), 113);
    assert_eq!(cell(&header, &rows[0], "period"), "1660-01");
    assert_eq!(cell(&header, &rows[112], "period"), "1669-05");
    let passages: u64 = rows
        .iter()
        .map(|row| cell(&header, row, "passages").parse::<u64>().unwrap())
        .sum();
    assert_eq!(passages, 3413);
}

#[test]
fn corpus_trends_are_identical_across_thread_counts() {
    let Some(corpus) = corpus() else { return };
    let exports = crate::util::exports().expect("beside the corpus");
    let path = corpus.to_str().unwrap();
    let exports = exports.to_str().unwrap();
    let one = run_ok(&[
        "trends",
        "--by",
        "week",
        "--per-author",
        "--threads",
        "1",
        "-q",
        path,
        exports,
    ]);
    let many = run_ok(&[
        "trends",
        "--by",
        "week",
        "--per-author",
        "-q",
        path,
        exports,
    ]);
    assert_eq!(one, many);
    assert!(!parse_csv(&one).1.is_empty());
}
