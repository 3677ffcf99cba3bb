//! Reading exports as people have them: empty messages, localized WhatsApp placeholders,
//! digit systems and calendars, jrnl and journal-app files, and runs that find nothing.

use std::path::Path;

use crate::util::{closeread, parse_csv};

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
