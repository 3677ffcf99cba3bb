//! Every input format end to end: detection and each export's edge cases, zip archives,
//! split Messenger threads, folders of daily notes, files no format claims, the options
//! that steer particular formats, and (with the corpus) the counts of real samples.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use closeread::input::discover::Source;
use closeread::input::{Format, read_all};
use closeread::record::{Record, RecordKind};
use proptest::test_runner::{Config, TestRunner};

use crate::util::{cell, closeread, corpus, exports, fixture, parse_csv, run_ok};

fn sample(name: &str) -> PathBuf {
    fixture(&format!("formats/{name}"))
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// Reads a file as detection decides, expecting no problems.
fn read(path: &Path) -> (Format, Vec<Record>) {
    let (format, parsed) = read_all(&Source::file(path.to_owned(), true), None)
        .expect("readable")
        .expect("text");
    assert!(
        parsed.problems.is_empty(),
        "{}: {:?}",
        path.display(),
        parsed.problems
    );
    (format, parsed.records)
}

/// What one fixture must give.
struct Expect {
    file: &'static str,
    format: Format,
    /// Messages, system records, media records (empty ones apart).
    kinds: (usize, usize, usize),
    /// Authors of messages.
    authors: &'static [&'static str],
    /// A message spans lines.
    multi_line: bool,
    /// A message has no text: an empty record, counted apart from messages.
    empty: bool,
}

const NGOZI: &str = "Ngozi 🌻";
const WHO: &str = "Dr. Who: The Sequel";

const EXPECTED: &[Expect] = &[
    Expect {
        file: "whatsapp-ios.txt",
        format: Format::Whatsapp,
        kinds: (4, 3, 1),
        // WhatsApp marks nothing between name and text: the first ": " splits them.
        authors: &["Dr. Who", NGOZI, "Sam"],
        multi_line: true,
        empty: true,
    },
    Expect {
        file: "telegram.json",
        format: Format::Telegram,
        kinds: (2, 1, 2),
        // Sam's only message is empty.
        authors: &[WHO, NGOZI],
        multi_line: true,
        empty: true,
    },
    Expect {
        file: "messenger/message_2.json",
        format: Format::Messenger,
        kinds: (1, 1, 0),
        // Kit's only message here is empty.
        authors: &["Zoë: Admin 😊"],
        multi_line: false,
        empty: true,
    },
    Expect {
        file: "messenger/message_1.json",
        format: Format::Messenger,
        kinds: (1, 1, 1),
        authors: &["Kit"],
        multi_line: true,
        empty: false,
    },
    Expect {
        file: "discord.json",
        format: Format::Discord,
        kinds: (2, 1, 1),
        // sam's only message is empty.
        authors: &[WHO, NGOZI],
        multi_line: true,
        empty: true,
    },
    Expect {
        file: "discord.csv",
        format: Format::Discord,
        kinds: (2, 0, 1),
        // sam's only message is empty.
        authors: &[WHO, NGOZI],
        multi_line: true,
        empty: true,
    },
    Expect {
        file: "signal.txt",
        format: Format::Signal,
        kinds: (3, 1, 1),
        authors: &["Dr. Who", NGOZI, "Sam"],
        multi_line: true,
        empty: true,
    },
    Expect {
        file: "imessage.txt",
        format: Format::Imessage,
        kinds: (3, 2, 1),
        authors: &[WHO, "Me", NGOZI],
        multi_line: true,
        empty: true,
    },
    Expect {
        file: "dayone.json",
        format: Format::Dayone,
        kinds: (1, 0, 1),
        authors: &[],
        multi_line: true,
        empty: true,
    },
    Expect {
        file: "jrnl.txt",
        format: Format::Jrnl,
        kinds: (2, 0, 0),
        authors: &[],
        multi_line: true,
        empty: true,
    },
    Expect {
        file: "obsidian/2024-03-01.md",
        format: Format::Journal,
        kinds: (1, 0, 0),
        authors: &[],
        multi_line: true,
        empty: false,
    },
    Expect {
        file: "table.csv",
        format: Format::Csv,
        kinds: (3, 0, 0),
        authors: &[WHO, NGOZI, "Sam"],
        multi_line: true,
        empty: true,
    },
];

#[test]
fn every_format_fixture_is_detected_with_its_edge_cases() {
    for expect in EXPECTED {
        let (format, records) = read(&sample(expect.file));
        let file = expect.file;
        assert_eq!(format, expect.format, "{file}");
        let count = |kind| records.iter().filter(|r| r.kind == kind).count();
        let kinds = (
            count(RecordKind::Message),
            count(RecordKind::System),
            count(RecordKind::Media),
        );
        assert_eq!(kinds, expect.kinds, "{file}: messages, system, media");
        let messages: Vec<&Record> = records.iter().filter(|r| r.is_language()).collect();
        let authors: BTreeSet<&str> = messages
            .iter()
            .filter_map(|r| r.author.as_deref())
            .collect();
        assert_eq!(authors, expect.authors.iter().copied().collect(), "{file}");
        let multi_line = messages.iter().any(|r| r.text.contains('\n'));
        assert_eq!(multi_line, expect.multi_line, "{file}: multi-line text");
        assert!(messages.iter().all(|r| !r.text.trim().is_empty()), "{file}");
        let empty = count(RecordKind::Empty) > 0;
        assert_eq!(empty, expect.empty, "{file}: empty body");
        assert!(records.iter().all(|r| r.when.is_some()), "{file}: undated");
        // The app's own words never reach the language counts as someone's message.
        assert!(
            messages
                .iter()
                .all(|r| !r.text.contains("end-to-end") && !r.text.contains("Loved by")),
            "{file}"
        );
    }
}

/// `tag` output without its source column, which names the container.
fn without_source(csv: &str) -> Vec<Vec<String>> {
    let (header, rows) = parse_csv(csv);
    assert_eq!(header[0], "source");
    rows.into_iter().map(|row| row[1..].to_vec()).collect()
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    bytes
}

fn write_zip(path: &Path, members: &[(&str, &[u8])]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in members {
        zip.start_file(*name, deflated).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn a_whatsapp_chat_as_txt_utf16_and_zip_tags_identically() {
    let chat = std::fs::read_to_string(sample("whatsapp-ios.txt")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let utf16 = dir.path().join("utf16.txt");
    std::fs::write(&utf16, utf16le_with_bom(&chat)).unwrap();
    let zipped = dir.path().join("WhatsApp Chat - Ngozi.zip");
    write_zip(
        &zipped,
        &[
            ("_chat.txt", chat.as_bytes()),
            (
                "00000012-PHOTO-2024-03-02-09-17-40.jpg",
                b"\xFF\xD8\xFF\xE0\x00\x10JFIF",
            ),
        ],
    );

    let tag = |path: &Path| run_ok(&["tag", "--evidence", arg(path)]);
    let txt = tag(&sample("whatsapp-ios.txt"));
    assert_eq!(without_source(&txt).len(), 4);
    assert_eq!(without_source(&tag(&utf16)), without_source(&txt));
    let from_zip = tag(&zipped);
    assert_eq!(without_source(&from_zip), without_source(&txt));
    let (header, rows) = parse_csv(&from_zip);
    assert_eq!(
        cell(&header, &rows[0], "source"),
        format!("{}:_chat.txt", zipped.display())
    );
}

#[test]
fn zip_members_are_read_in_place_and_media_is_skipped_and_counted() {
    let chat = std::fs::read(sample("whatsapp-ios.txt")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export");
    std::fs::create_dir(&export).unwrap();
    let zipped = export.join("chat.zip");
    write_zip(
        &zipped,
        &[
            ("_chat.txt", &chat),
            ("00000012-PHOTO-2024-03-02-09-17-40.jpg", b"\xFF\xD8\xFF"),
            ("00000013-AUDIO-2024-03-02-09-18-00.opus", b"OggS\x00"),
            (
                "00000014-VIDEO-2024-03-02-09-19-00.mp4",
                b"\x00\x00\x00\x18ftyp",
            ),
            ("inner.zip", b"PK\x03\x04"),
            ("data.bin", b"\x01\x00\x02"),
            ("__MACOSX/._chat.txt", b"\x00\x05\x16\x07"),
        ],
    );
    std::fs::write(export.join("notes.txt"), "2024-03-04\nThank you, truly.\n").unwrap();

    let output = closeread().arg("tag").arg(&export).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("2 source(s)") && stderr.contains("5 skipped; 0 failed"),
        "{stderr}"
    );
    assert!(
        stderr.contains("chat.zip:inner.zip (zip inside a zip"),
        "{stderr}"
    );
    let (header, rows) = parse_csv(&String::from_utf8(output.stdout).unwrap());
    let sources: BTreeSet<&str> = rows
        .iter()
        .map(|row| cell(&header, row, "source"))
        .collect();
    let in_zip = format!("{}:_chat.txt", zipped.display());
    let beside = export.join("notes.txt").display().to_string();
    assert_eq!(sources, [in_zip.as_str(), beside.as_str()].into());

    // A zip that is not one fails, naming it.
    let broken = dir.path().join("broken.zip");
    std::fs::write(&broken, b"not a zip").unwrap();
    let output = closeread().arg("tag").arg(&broken).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("broken.zip: not a readable zip archive"),
        "{stderr}"
    );
}

#[test]
fn a_split_messenger_thread_reads_as_one_chronological_conversation() {
    let folder = sample("messenger");
    let tag = |tz: &str| {
        let (header, rows) = parse_csv(&run_ok(&["tag", "--tz", tz, arg(&folder)]));
        rows.iter()
            .map(|row| {
                (
                    cell(&header, row, "timestamp").to_owned(),
                    cell(&header, row, "author").to_owned(),
                )
            })
            .collect::<Vec<_>>()
    };
    let utc = tag("UTC");
    let times: Vec<&str> = utc.iter().map(|(time, _)| time.as_str()).collect();
    assert_eq!(
        times,
        ["2024-03-02T09:15:00", "2024-03-02T09:20:00"],
        "Kit's empty message at 09:14 is no record"
    );
    assert_eq!(utc[0].1, "Zoë: Admin 😊");
    // The same instants on a New York calendar.
    let new_york = tag("America/New_York");
    assert_eq!(new_york[0].0, "2024-03-02T04:15:00");
    // TZ decides when --tz is not given.
    let output = closeread()
        .env("TZ", "Asia/Tokyo")
        .args(["tag", arg(&folder)])
        .output()
        .unwrap();
    let (header, rows) = parse_csv(&String::from_utf8(output.stdout).unwrap());
    assert_eq!(cell(&header, &rows[0], "timestamp"), "2024-03-02T18:15:00");
    // Turn-taking runs on across the files: Kit's first message in message_1.json answers
    // Zoë's last one in message_2.json, four minutes earlier; Kit's empty message before
    // Zoë's first is no turn, so Zoë answers nobody.
    let insights = run_ok(&["insights", "-q", "--tz", "UTC", arg(&folder)]);
    let flat = insights.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Median reply time: Kit 4 min (1 reply)."),
        "{insights}"
    );
}

#[test]
fn a_folder_of_daily_notes_is_a_journal_by_any_name() {
    let vault = sample("obsidian");
    let detected = run_ok(&["tag", arg(&vault)]);
    let (header, rows) = parse_csv(&detected);
    let dates: Vec<&str> = rows.iter().map(|row| cell(&header, row, "date")).collect();
    assert_eq!(dates, ["2024-03-01", "2024-03-02", "2024-03-03"]);
    assert!(
        rows.iter()
            .all(|row| cell(&header, row, "timestamp").is_empty())
    );
    // Front matter is no text: only "# Friday" and the sentence count.
    assert_eq!(cell(&header, &rows[0], "words"), "6");
    for name in ["obsidian", "markdown", "journal"] {
        assert_eq!(run_ok(&["tag", "--format", name, arg(&vault)]), detected);
    }
}

#[test]
fn files_no_format_claims_are_named_not_read_as_lines() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("settings.json");
    std::fs::write(&json, "{\"theme\": \"dark\", \"messages\": 3}\n").unwrap();
    let table = dir.path().join("scores.csv");
    std::fs::write(&table, "a,b\n1,2\n").unwrap();

    for (path, hint) in [(&json, "JSON"), (&table, "--text-col")] {
        let output = closeread().arg("tag").arg(path).output().unwrap();
        assert_eq!(output.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&output.stderr);
        let expected = format!("{}: cannot tell the format", path.display());
        assert!(
            stderr.contains(&expected) && stderr.contains(hint),
            "{stderr}"
        );
    }
    // Found in a folder, they are skipped and counted; with nothing else there, the run
    // says it read nothing and fails.
    let output = closeread().arg("tag").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("2 skipped") && stderr.contains("no records: no input could be read"),
        "{stderr}"
    );
    // --format settles it.
    let (_, rows) = parse_csv(&run_ok(&["tag", "--format", "lines", arg(&json)]));
    assert_eq!(rows.len(), 1);
}

#[test]
fn csv_columns_can_be_named_and_an_id_carried_into_tag_output() {
    let table = sample("table.csv");
    let (header, rows) = parse_csv(&run_ok(&["tag", "--id-col", "message_id", arg(&table)]));
    assert_eq!(header[..4], ["source", "record", "id", "timestamp"]);
    let ids: Vec<&str> = rows.iter().map(|row| cell(&header, row, "id")).collect();
    // m3 has no text: an empty message, no row.
    assert_eq!(ids, ["m1", "m2", "m4"]);
    let (header, _) = parse_csv(&run_ok(&["tag", arg(&table)]));
    assert!(!header.contains(&"id".to_owned()));

    let odd = sample("odd-columns.tsv");
    let (header, rows) = parse_csv(&run_ok(&[
        "tag",
        "--time-col",
        "when",
        "--author-col",
        "who",
        "--text-col",
        "note",
        arg(&odd),
    ]));
    let got: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|row| {
            (
                cell(&header, row, "timestamp"),
                cell(&header, row, "author"),
                cell(&header, row, "words"),
            )
        })
        .collect();
    // 14/03/2024 makes the whole column day first.
    assert_eq!(
        got,
        [
            ("2024-03-02T09:16:00", NGOZI, "4"),
            ("2024-03-14T21:00:00", "Sam", "3")
        ]
    );
    let output = closeread()
        .args(["tag", "--text-col", "nope", arg(&odd)])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no text column 'nope'"));
}

#[test]
fn jrnl_reads_a_custom_time_format() {
    let journal = sample("jrnl-custom.txt");
    let (header, rows) = parse_csv(&run_ok(&[
        "tag",
        "--format",
        "jrnl",
        "--time-format",
        "%d.%m.%Y %H:%M",
        arg(&journal),
    ]));
    let times: Vec<&str> = rows
        .iter()
        .map(|row| cell(&header, row, "timestamp"))
        .collect();
    assert_eq!(times, ["2024-03-01T21:15:00", "2024-03-02T00:05:00"]);
    assert!(
        rows.iter()
            .all(|row| cell(&header, row, "author").is_empty())
    );
}

#[test]
fn bad_zone_or_time_format_is_a_usage_error() {
    let journal = sample("jrnl.txt");
    for args in [["--tz", "Nowhere/Atlantis"], ["--time-format", "%H:%M"]] {
        let output = closeread()
            .arg("tag")
            .args(args)
            .arg(&journal)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(args[1]), "{stderr}");
    }
}

#[test]
fn formats_lists_every_format_its_detection_and_dates() {
    let text = run_ok(&["formats"]);
    for format in Format::ALL {
        assert!(
            text.contains(&format!("{}\n  reads:", format.name())),
            "{text}"
        );
    }
    assert!(text.contains("zip\n  reads:"));
    assert_eq!(text.matches("  dates:").count(), Format::ALL.len() + 1);
    assert!(text.contains("--tz"));
}

// ---------------------------------------------------------------------------------------------
// The shared corpus (when CLOSEREAD_CORPUS names it)

#[test]
fn corpus_samples_give_their_known_counts() {
    let Some(corpus) = corpus() else { return };
    // file, format, records, messages
    let cases = [
        (
            "telegram/chat-miner_test_single_export.json",
            Format::Telegram,
            2,
            2,
        ),
        (
            "telegram/chat-miner_test_batch_export.json",
            Format::Telegram,
            2,
            2,
        ),
        (
            "telegram/tg-parser_personal_chat.json",
            Format::Telegram,
            5,
            4,
        ),
        (
            "telegram/tg-parser_supergroup_with_topics.json",
            Format::Telegram,
            7,
            4,
        ),
        (
            "instagram/chat-miner_test_export.json",
            Format::Messenger,
            2,
            2,
        ),
        (
            "signal/chat-miner_signal-backup-tools_test_export.txt",
            Format::Signal,
            2,
            2,
        ),
        (
            "dayone/day-one-to-obsidian-converter_Example.json",
            Format::Dayone,
            54,
            53,
        ),
        (
            "dayone/obsidian-day-one-importer_Dev-Journal.json",
            Format::Dayone,
            5,
            4,
        ),
        ("diaries/pepys-diary.dated.csv", Format::Csv, 3413, 3413),
    ];
    for (file, format, records, messages) in cases {
        let (got_format, got) = read(&corpus.join(file));
        assert_eq!(got_format, format, "{file}");
        assert_eq!(got.len(), records, "{file}");
        assert_eq!(
            got.iter().filter(|r| r.is_language()).count(),
            messages,
            "{file}"
        );
        assert!(
            got.iter().all(|r| r.when.is_some()),
            "{file}: undated record"
        );
    }
    let pepys = read(&corpus.join("diaries/pepys-diary.dated.csv")).1;
    assert_eq!(pepys[0].when.unwrap().date().to_string(), "1660-01-01");
}

#[test]
fn corpus_signal_sample_matches_its_expected_parse() {
    let Some(corpus) = corpus() else { return };
    #[derive(serde::Deserialize)]
    struct Expected {
        timestamp: String,
        author: String,
        message: String,
    }
    let dir = corpus.join("signal");
    let target = std::fs::read_to_string(dir.join("chat-miner_target.json")).unwrap();
    let mut expected: Vec<(String, String, String)> =
        serde_json::from_str::<Vec<Expected>>(&target)
            .unwrap()
            .into_iter()
            .map(|e| (e.timestamp, e.author, e.message))
            .collect();
    expected.sort();
    let (_, records) = read(&dir.join("chat-miner_signal-backup-tools_test_export.txt"));
    let mut got: Vec<(String, String, String)> = records
        .iter()
        .map(|r| {
            (
                r.when.unwrap().datetime().unwrap().to_string(),
                r.author.clone().unwrap(),
                r.text.split_whitespace().collect::<Vec<_>>().join(" "),
            )
        })
        .collect();
    got.sort();
    assert_eq!(got, expected);
}

#[test]
fn corpus_epoch_times_follow_the_zone_given() {
    let Some(corpus) = corpus() else { return };
    let stamps = |file: &str| {
        let path = corpus.join(file);
        let (header, rows) = parse_csv(&run_ok(&["tag", "--tz", "UTC", arg(&path)]));
        rows.iter()
            .map(|row| {
                format!(
                    "{} {}",
                    cell(&header, row, "timestamp"),
                    cell(&header, row, "author")
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        stamps("telegram/chat-miner_test_single_export.json"),
        [
            "2018-12-05T10:39:10 Author 1",
            "2018-12-05T10:49:24 Author 2"
        ]
    );
    assert_eq!(
        stamps("instagram/chat-miner_test_export.json"),
        [
            "2019-12-24T11:23:00 Jane Doe",
            "2020-01-17T20:49:00 John Doe"
        ]
    );
    // The same with TZ=UTC instead of --tz.
    let path = corpus.join("instagram/chat-miner_test_export.json");
    let output = closeread()
        .env("TZ", "UTC")
        .args(["tag", arg(&path)])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("2019-12-24T11:23:00"));
}

#[test]
fn the_whole_corpus_is_read_without_failures_or_problems() {
    let Some(corpus) = corpus() else { return };
    let exports = exports().expect("beside the corpus");
    let output = closeread()
        .arg("tag")
        .arg(&corpus)
        .arg(&exports)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("0 failed; 0 problem(s)"), "{stderr}");
}

/// Every file of the corpus, in a stable order.
fn corpus_samples(corpus: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(corpus)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| entry.into_path())
        .collect();
    files.sort();
    files
}

#[test]
fn truncated_corpus_samples_give_errors_or_records_never_a_panic() {
    let Some(corpus) = corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    for path in corpus_samples(&corpus) {
        let bytes = std::fs::read(&path).unwrap();
        // The copy keeps the file name, which detection reads too.
        let copy = dir.path().join(path.file_name().unwrap());
        let cases = if bytes.len() < 1 << 20 { 48 } else { 6 };
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        });
        let result = runner.run(&(0..=bytes.len()), |cut| {
            std::fs::write(&copy, &bytes[..cut]).unwrap();
            // An error or records: both are fine; a panic fails the case.
            let _ = read_all(&Source::file(copy.clone(), true), None);
            Ok(())
        });
        if let Err(error) = result {
            panic!("{}: {error}", path.display());
        }
    }
}
