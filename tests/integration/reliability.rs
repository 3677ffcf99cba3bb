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

#[cfg(unix)]
#[test]
fn links_and_special_files_in_folders_are_followed_or_counted() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("sub")).unwrap();
    std::fs::write(root.join("sub/chat.txt"), CHAT).unwrap();
    std::fs::write(outside.path().join("kept.txt"), CHAT).unwrap();
    // A link to a file outside (read), a link to a folder outside (walked), a link back
    // to the folder itself (a loop), a second way to a file already read, a broken link,
    // and a FIFO.
    symlink(outside.path().join("kept.txt"), root.join("linked.txt")).unwrap();
    symlink(outside.path(), root.join("linked-folder")).unwrap();
    symlink(root, root.join("sub/loop")).unwrap();
    symlink(root.join("sub/chat.txt"), root.join("again.txt")).unwrap();
    symlink(root.join("missing.txt"), root.join("broken.txt")).unwrap();
    let fifo = root.join("pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let output = closeread()
        .args(["tag", root.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let (header, rows) = parse_csv(&String::from_utf8(output.stdout).unwrap());
    let source = header.iter().position(|name| name == "source").unwrap();
    let mut read: Vec<&str> = rows
        .iter()
        .map(|row| row[source].rsplit('/').next().unwrap())
        .collect();
    read.dedup();
    // Sorted walk: again.txt (first way to sub/chat.txt), linked-folder/kept.txt, then
    // linked.txt is the same file as linked-folder/kept.txt and sub/chat.txt as again.txt.
    assert_eq!(read, ["again.txt", "kept.txt"], "{stderr}");
    for reason in [
        "symbolic link loop",
        "broken symbolic link",
        "FIFO",
        "the same file as",
    ] {
        assert!(stderr.contains(reason), "{reason}: {stderr}");
    }
    assert!(stderr.contains("5 skipped"), "{stderr}");
}

#[test]
fn zip_members_with_unsafe_names_are_counted_as_skipped() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    for name in ["_chat.txt", "../x.txt", "a/../../b.txt", "/abs.txt"] {
        zip.start_file(name, options).unwrap();
        zip.write_all(CHAT.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    let output = closeread()
        .args(["trends", path.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("3 skipped"), "{stderr}");
    assert!(stderr.contains("unsafe name"), "{stderr}");
    assert!(
        !dir.path().join("x.txt").exists() && !dir.path().parent().unwrap().join("x.txt").exists()
    );
}
