//! Bad input and failures: clear messages, right exit codes, nothing half-written.

use crate::util::{closeread, fixture, parse_csv};

#[test]
fn missing_input_is_named_and_the_rest_still_runs() {
    let example = fixture("example-chat.txt");
    let output = closeread()
        .args(["trends", "no-such-export.txt"])
        .arg(&example)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no-such-export.txt: "), "{stderr}");
    let (_, rows) = parse_csv(&String::from_utf8(output.stdout).unwrap());
    assert_eq!(rows.len(), 6, "the readable input was still analysed");
}

#[test]
fn binary_files_fail_when_named_and_are_skipped_in_folders() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("photo.jpg");
    std::fs::write(&photo, b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00").unwrap();
    std::fs::write(dir.path().join("diary.txt"), "2024-01-01\nthanks\n").unwrap();

    let named = closeread().arg("tag").arg(&photo).output().unwrap();
    assert_eq!(named.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&named.stderr).contains("photo.jpg: binary file"));

    let folder = closeread().arg("tag").arg(dir.path()).output().unwrap();
    assert_eq!(folder.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&folder.stderr);
    assert!(
        stderr.contains("skipped") && stderr.contains("1 skipped"),
        "{stderr}"
    );
}

#[test]
fn failed_run_leaves_no_output_file_and_keeps_an_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("trends.csv");
    let bad_lexicon = dir.path().join("broken.txt");
    std::fs::write(&bad_lexicon, "# category: broken\n(unclosed|paren\n").unwrap();
    let example = fixture("example-chat.txt");

    let failed = closeread()
        .args(["trends", "--lexicons"])
        .arg(&bad_lexicon)
        .arg("-o")
        .arg(&out)
        .arg(&example)
        .output()
        .unwrap();
    assert_eq!(failed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&failed.stderr).contains("broken.txt:2"));
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temp file left"
    );

    std::fs::write(&out, "old,complete\n").unwrap();
    let failed_again = closeread()
        .args(["tag", "--lexicons"])
        .arg(&bad_lexicon)
        .arg("-o")
        .arg(&out)
        .arg(&example)
        .output()
        .unwrap();
    assert_eq!(failed_again.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old,complete\n");

    let ok = closeread()
        .args(["trends", "-o"])
        .arg(&out)
        .arg(&example)
        .output()
        .unwrap();
    assert!(ok.status.success());
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("period,")
    );
}

#[test]
fn bad_arguments_exit_with_two() {
    let output = closeread()
        .args(["trends", "--by", "fortnight", "x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = closeread()
        .args(["tag", "--only", "nonsense", "-"])
        .write_stdin("x")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("'nonsense'"));
}

#[test]
fn arbitrary_bytes_never_crash_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let alphabet: &[u8] = b"0123456789/.,:[] -APM\n\r\xC3\xA9\xE2\x80\xAF";
    let mut seed = 0x2545F491u32;
    for file in 0..20 {
        let bytes: Vec<u8> = (0..4000)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                // Mostly text-like bytes with header-like punctuation, some high bytes.
                alphabet[seed as usize % alphabet.len()]
            })
            .collect();
        std::fs::write(dir.path().join(format!("f{file}.txt")), bytes).unwrap();
    }
    for command in ["tag", "trends"] {
        let output = closeread().arg(command).arg(dir.path()).output().unwrap();
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{command}: {:?} {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn a_reader_closing_the_pipe_ends_the_run_quietly() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let lines = dir.path().join("many.txt");
    std::fs::write(&lines, "thank you so much\n".repeat(200_000)).unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("closeread"))
        .args(["tag", "--format", "lines"])
        .arg(&lines)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut header = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut header)
        .unwrap();
    assert!(header.starts_with("source,record,"));
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        !String::from_utf8_lossy(&output.stderr).contains("error"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_write_failure_names_the_output() {
    let example = fixture("example-chat.txt");
    for command in ["tag", "trends"] {
        let output = closeread()
            .args([command, "-o", "/dev/full"])
            .arg(&example)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{command}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("/dev/full: "), "{command}: {stderr}");
    }
}
