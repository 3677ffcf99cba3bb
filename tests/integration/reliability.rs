//! Inputs read as they are and nothing dropped uncounted: old line breaks and encodings,
//! links and special files in folders, unsafe zip members, and merging partials.

use crate::util::{closeread, parse_csv, run_ok};

const CHAT: &str =
    "01/02/2024, 10:00 - Ana: thank you so much\n01/02/2024, 10:01 - Kit: sorry, my fault\n";

#[test]
fn carriage_return_line_breaks_keep_messages_apart() {
    let dir = tempfile::tempdir().unwrap();
    let chat = dir.path().join("chat.txt");
    std::fs::write(&chat, CHAT.replace('\n', "\r")).unwrap();
    let (header, rows) = parse_csv(&run_ok(&["tag", chat.to_str().unwrap()]));
    let author = header.iter().position(|name| name == "author").unwrap();
    let authors: Vec<&str> = rows.iter().map(|row| row[author].as_str()).collect();
    assert_eq!(authors, ["Ana", "Kit"]);
}

#[test]
fn utf32_and_unmarked_utf16_read_like_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.txt");
    std::fs::write(&plain, CHAT).unwrap();
    let expected = run_ok(&["trends", plain.to_str().unwrap()]);
    let mut utf32 = vec![0xFF, 0xFE, 0, 0];
    utf32.extend(CHAT.chars().flat_map(|c| (c as u32).to_le_bytes()));
    let utf16: Vec<u8> = CHAT.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for (name, bytes) in [("utf32.txt", utf32), ("utf16.txt", utf16)] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let output = closeread()
            .args(["trends", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&output.stdout), expected, "{name}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            name != "utf16.txt" || stderr.contains("no byte-order mark; read as UTF-16BE"),
            "{stderr}"
        );
    }
}
