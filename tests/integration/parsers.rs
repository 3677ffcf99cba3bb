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
