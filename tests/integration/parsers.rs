//! Reading exports as people have them: empty messages, localized WhatsApp placeholders,
//! digit systems and calendars, jrnl and journal-app files, and runs that find nothing.

use std::collections::BTreeSet;
use std::path::Path;

use closeread::input::discover::Source;
use closeread::input::{Format, read_all};
use closeread::record::{Record, RecordKind};

use crate::util::{closeread, fixture, parse_csv};

/// Writes `text` to `name` in a fresh folder and runs `closeread tag` on it; returns the
/// rows of the CSV, stderr and the exit code.
fn tag_text(name: &str, text: &str, args: &[&str]) -> (Vec<Vec<String>>, String, i32) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    tag_path(&path, args)
}

fn tag_path(path: &Path, args: &[&str]) -> (Vec<Vec<String>>, String, i32) {
    let output = closeread()
        .arg("tag")
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let rows = if stdout.is_empty() {
        Vec::new()
    } else {
        parse_csv(&stdout).1
    };
    (rows, stderr, output.status.code().unwrap_or(-1))
}

#[test]
fn empty_messages_are_counted_apart_and_never_tagged() {
    let chat = "01/02/2024, 10:00 - Ana: thank you so much\n\
                01/02/2024, 10:01 - Ben:\n\
                01/02/2024, 10:02 - Ben: \n\
                01/02/2024, 10:03 - Ben: sorry\n";
    let (rows, stderr, code) = tag_text("chat.txt", chat, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        stderr.contains("4 records (2 messages, 0 system, 0 media, 2 empty)"),
        "{stderr}"
    );
}

/// A month-first chat whose first mebibyte holds only days 1 to 12 of January.
fn month_first_chat() -> String {
    let mut chat = String::new();
    let mut day = 1;
    while chat.len() < 1_300_000 {
        chat.push_str(&format!(
            "01/{day:02}/2024, 10:00 - Ana: thank you for the lovely evening, it meant a lot\n"
        ));
        day = day % 12 + 1;
    }
    chat.push_str("01/13/2024, 10:00 - Ben: see you soon\n");
    chat
}

#[test]
fn day_and_month_order_is_decided_by_the_whole_chat() {
    let (rows, stderr, code) = tag_text("chat.txt", &month_first_chat(), &["-q"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(rows.len() > 10_000);
    // Every message is in January 2024 (column 2 is the timestamp).
    assert!(
        rows.iter().all(|row| row[2].starts_with("2024-01-")),
        "{:?}",
        rows.iter().find(|row| !row[2].starts_with("2024-01-"))
    );
    assert!(!stderr.contains("guess"), "{stderr}");
}

#[test]
fn a_guessed_order_is_a_warning_and_a_contradiction_on_stdin_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let ambiguous = dir.path().join("chat.txt");
    std::fs::write(
        &ambiguous,
        "01/02/2024, 10:00 - Ana: hello\n01/03/2024, 10:00 - Ben: hi\n",
    )
    .unwrap();
    let (rows, stderr, code) = tag_path(&ambiguous, &[]);
    assert_eq!((rows.len(), code), (2, 0), "{stderr}");
    assert!(
        stderr.contains("order of day and month is a guess") && stderr.contains("day/month/year"),
        "{stderr}"
    );
    let output = closeread()
        .args(["tag", "--format", "whatsapp", "-"])
        .write_stdin(month_first_chat())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("does not fit the guessed day/month/year order"),
        "{stderr}"
    );
}

#[test]
fn no_silent_empty_result() {
    let dir = tempfile::tempdir().unwrap();
    // An empty file.
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let (rows, stderr, code) = tag_path(&empty, &[]);
    assert_eq!((rows.len(), code), (0, 1), "{stderr}");
    assert!(
        stderr.contains("empty.txt: nothing read: the file is empty"),
        "{stderr}"
    );
    // A folder of photos.
    let photos = dir.path().join("photos");
    std::fs::create_dir(&photos).unwrap();
    std::fs::write(photos.join("a.jpg"), b"\xFF\xD8\xFF\xE0").unwrap();
    let (_, stderr, code) = tag_path(&photos, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("a.jpg: no records: no input could be read (1 skipped"),
        "{stderr}"
    );
    // A chat with only media and deleted messages.
    let (_, stderr, code) = tag_text(
        "chat.txt",
        "13/02/2024, 10:00 - Sam: <Media omitted>\n13/02/2024, 10:01 - Sam: This message was deleted\n",
        &[],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("chat.txt: nothing read: no messages or entries, only 1 system, 1 media"),
        "{stderr}"
    );
}

#[test]
fn author_matches_without_case_and_names_the_authors_when_nobody_matches() {
    let chat = "13/02/2024, 10:00 - Sam: hello\n13/02/2024, 10:01 - Ngozi 🌻: hi\n";
    let (rows, stderr, code) = tag_text("chat.txt", chat, &["--author", "sam"]);
    assert_eq!((rows.len(), code), (1, 0), "{stderr}");
    let (rows, stderr, code) = tag_text("chat.txt", chat, &["--author", "bob"]);
    assert_eq!((rows.len(), code), (0, 1), "{stderr}");
    assert!(
        stderr.contains("no messages by --author bob; the authors are: Ngozi 🌻, Sam"),
        "{stderr}"
    );
}

/// What one of our fixtures must give.
struct Fixture {
    file: &'static str,
    format: Format,
    /// Messages, system, media and empty records.
    kinds: (usize, usize, usize, usize),
    authors: usize,
    /// First and last time of the messages, as written by `Moment`'s display.
    first: &'static str,
    last: &'static str,
}

const fn chat(
    file: &'static str,
    kinds: (usize, usize, usize, usize),
    first: &'static str,
    last: &'static str,
) -> Fixture {
    Fixture {
        file,
        format: Format::Whatsapp,
        kinds,
        authors: 2,
        first,
        last,
    }
}

const EVENING: &str = "2024-03-14T21:05:00";
const MORNING: &str = "2024-03-15T08:00:00";

/// One WhatsApp chat per language group of the placeholder table (Latin, Cyrillic, Arabic
/// script, Indic, Southeast Asian, CJK, Swahili), each in a script, calendar or layout of its
/// own, and the journal classes.
const FIXTURES: &[Fixture] = &[
    // Spanish Android: 12-hour "p. m.", notice, deleted, location, missed call, attachment.
    chat(
        "whatsapp/es-android.txt",
        (2, 3, 3, 0),
        "2024-03-14T21:06:00",
        MORNING,
    ),
    // German iOS: notice under the group's name and an event under it, contact card,
    // document after a file name, and real text after U+200E.
    chat(
        "whatsapp/de-ios.txt",
        (2, 3, 3, 0),
        "2024-03-14T21:06:10",
        "2024-03-14T21:09:00",
    ),
    chat("whatsapp/ru-android.txt", (2, 2, 3, 0), EVENING, MORNING),
    // Arabic-Indic digits, RLM marks inside the date, Arabic comma, م/ص.
    chat(
        "whatsapp/ar-ios.txt",
        (2, 2, 2, 0),
        "2024-03-14T21:06:00",
        MORNING,
    ),
    chat("whatsapp/fa-android.txt", (2, 1, 1, 0), EVENING, MORNING),
    chat("whatsapp/hi-android.txt", (2, 2, 1, 0), EVENING, MORNING),
    chat("whatsapp/bn-android.txt", (2, 1, 1, 0), EVENING, MORNING),
    // Thai digits and a Buddhist-era year (2567).
    chat("whatsapp/th-ios.txt", (2, 1, 1, 0), EVENING, MORNING),
    // Time before date.
    chat("whatsapp/vi-ios.txt", (2, 2, 1, 0), EVENING, MORNING),
    // A '.' clock.
    chat("whatsapp/id-android.txt", (2, 1, 2, 0), EVENING, MORNING),
    // Reiwa era (R6) and 午後.
    chat("whatsapp/ja-ios.txt", (2, 1, 1, 0), EVENING, MORNING),
    chat("whatsapp/zh-android.txt", (2, 2, 1, 0), EVENING, MORNING),
    chat("whatsapp/ko-ios.txt", (2, 1, 1, 0), EVENING, MORNING),
    chat("whatsapp/sw-android.txt", (2, 2, 1, 0), EVENING, MORNING),
    // Three headers among 360 lines of letters.
    chat(
        "whatsapp/long-messages.txt",
        (4, 0, 0, 0),
        EVENING,
        "2024-03-14T21:08:00",
    ),
    Fixture {
        file: "journals/numeric-dates.txt",
        format: Format::Journal,
        kinds: (3, 0, 0, 0),
        authors: 0,
        first: "2024-03-01",
        last: "2024-03-15",
    },
    Fixture {
        file: "journals/date-then-text.txt",
        format: Format::Journal,
        kinds: (2, 0, 0, 1),
        authors: 0,
        first: "2024-03-03",
        last: "2024-03-04",
    },
    Fixture {
        file: "journals/mood-app.csv",
        format: Format::Csv,
        kinds: (2, 0, 0, 1),
        authors: 0,
        first: "2024-03-04T08:00:00",
        last: "2024-03-05T21:15:00",
    },
    Fixture {
        file: "journals/jrnl-24h.journal",
        format: Format::Jrnl,
        kinds: (3, 0, 0, 0),
        authors: 0,
        first: "2024-03-03T21:15:00",
        last: "2024-03-05T18:00:00",
    },
    Fixture {
        file: "journals/jrnl-day-first.journal",
        format: Format::Jrnl,
        kinds: (2, 0, 0, 0),
        authors: 0,
        first: "2024-03-03T21:15:00",
        last: "2024-03-14T07:40:00",
    },
];

#[test]
fn every_class_fixture_gives_its_counts() {
    for expect in FIXTURES {
        let path = fixture(expect.file);
        let (format, parsed) = read_all(&Source::file(path.clone(), true), None)
            .unwrap()
            .expect("text");
        let file = expect.file;
        assert_eq!(format, expect.format, "{file}");
        assert!(parsed.problems.is_empty(), "{file}: {:?}", parsed.problems);
        let count = |kind| parsed.records.iter().filter(|r| r.kind == kind).count();
        let kinds = (
            count(RecordKind::Message),
            count(RecordKind::System),
            count(RecordKind::Media),
            count(RecordKind::Empty),
        );
        assert_eq!(
            kinds, expect.kinds,
            "{file}: messages, system, media, empty"
        );
        let messages: Vec<&Record> = parsed.records.iter().filter(|r| r.is_language()).collect();
        let authors: BTreeSet<&str> = messages
            .iter()
            .filter_map(|r| r.author.as_deref())
            .collect();
        assert_eq!(authors.len(), expect.authors, "{file}: {authors:?}");
        let mut times: Vec<String> = messages
            .iter()
            .map(|r| r.when.expect("dated").to_string())
            .collect();
        times.sort();
        assert_eq!(
            (times[0].as_str(), times[times.len() - 1].as_str()),
            (expect.first, expect.last),
            "{file}"
        );
        // The app's words never reach the language counts.
        for text in ["omitido", "удалено", "حذف", "GIF", "maps.google", "vynech"] {
            assert!(
                messages.iter().all(|r| !r.text.contains(text)),
                "{file}: {text}"
            );
        }
    }
}
