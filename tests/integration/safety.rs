//! Output safety: an output never replaces an input, and closeread's own outputs found
//! among the inputs are skipped, not read back.

use std::path::Path;

use crate::util::{closeread, fixture, parse_csv, run_ok};

const CHAT: &str =
    "01/02/2024, 10:00 - Ana: thank you so much\n01/02/2024, 10:01 - Kit: sorry, my fault\n";

/// Runs `closeread ARGS` expecting a refusal that leaves `input` as it was.
fn refused(args: &[&str], input: &Path) {
    let before = std::fs::read(input).unwrap();
    let output = closeread().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(stderr.contains("is also an input"), "{args:?}: {stderr}");
    assert_eq!(
        std::fs::read(input).unwrap(),
        before,
        "{args:?} changed the input"
    );
}

#[test]
fn an_output_that_is_an_input_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let chat = dir.path().join("chat.txt");
    std::fs::write(&chat, CHAT).unwrap();
    let chat_arg = chat.to_str().unwrap();
    for command in ["tag", "trends", "insights", "report"] {
        refused(&[command, chat_arg, "-o", chat_arg], &chat);
    }
    // Through a symbolic link, and as a file inside an input folder.
    #[cfg(unix)]
    {
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&chat, &link).unwrap();
        refused(&["tag", chat_arg, "-o", link.to_str().unwrap()], &chat);
        refused(&["tag", link.to_str().unwrap(), "-o", chat_arg], &chat);
    }
    refused(
        &["trends", dir.path().to_str().unwrap(), "-o", chat_arg],
        &chat,
    );
    // A lexicon is an input too.
    let lexicon = dir.path().join("kind.txt");
    std::fs::write(&lexicon, "thank you\n").unwrap();
    let other = fixture("example-chat.txt");
    refused(
        &[
            "tag",
            other.to_str().unwrap(),
            "--lexicons",
            lexicon.to_str().unwrap(),
            "-o",
            lexicon.to_str().unwrap(),
        ],
        &lexicon,
    );
}

#[test]
fn merge_refuses_to_write_over_a_partial() {
    let dir = tempfile::tempdir().unwrap();
    let partial = dir.path().join("a.json");
    let example = fixture("example-chat.txt");
    run_ok(&[
        "trends",
        example.to_str().unwrap(),
        "--emit-partials",
        "-o",
        partial.to_str().unwrap(),
    ]);
    let partial_arg = partial.to_str().unwrap();
    refused(&["merge", partial_arg, "-o", partial_arg], &partial);
}

#[test]
fn own_outputs_in_an_input_folder_are_skipped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("chat.txt"), CHAT).unwrap();
    let folder = dir.path().to_str().unwrap();
    let alone = run_ok(&["trends", folder]);
    let outputs = [
        ("tags.csv", vec!["tag", folder]),
        ("trends.csv", vec!["trends", folder]),
        ("partial.json", vec!["trends", folder, "--emit-partials"]),
        ("report.html", vec!["report", folder]),
        ("insights.md", vec!["insights", folder, "--markdown"]),
    ];
    for (name, args) in &outputs {
        let path = dir.path().join(name);
        let mut args = args.clone();
        args.extend(["-o", path.to_str().unwrap()]);
        run_ok(&args);
    }
    // Written again over themselves: each is found in the folder, skipped, and replaced.
    let trends_csv = dir.path().join("trends.csv");
    let again = closeread()
        .args(["trends", folder, "-o", trends_csv.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert_eq!(again.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("5 skipped"), "{stderr}");
    assert!(stderr.contains("closeread's own HTML report"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&trends_csv).unwrap(), alone);
    // Named on the command line (as a shell glob names them), they are skipped as well.
    let named = closeread()
        .args(["trends", dir.path().join("chat.txt").to_str().unwrap()])
        .arg(dir.path().join("report.html"))
        .arg(dir.path().join("partial.json"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&named.stderr);
    assert_eq!(named.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("2 skipped"), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&named.stdout), alone);
    let (_, rows) = parse_csv(&alone);
    assert!(!rows.is_empty());
}

/// The hidden temporary files of closeread outputs in `dir`.
fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.starts_with(".closeread-") && name.ends_with(".tmp"))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_signal_removes_the_temporary_output_and_keeps_the_old_one() {
    use std::io::Write;
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;

    for signal in ["INT", "TERM"] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.csv");
        std::fs::write(&out, "the old output\n").unwrap();
        // Standard input held open: the run is mid-way, its temporary file in place, until
        // the signal comes.
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("closeread"))
            .args(["tag", "-", "-o", out.to_str().unwrap()])
            .stdin(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(CHAT.repeat(1000).as_bytes()).unwrap();
        stdin.flush().unwrap();
        for _ in 0..3000 {
            if !temp_files(dir.path()).is_empty() {
                break;
            }
            assert!(child.try_wait().unwrap().is_none(), "closeread ended early");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(
            !temp_files(dir.path()).is_empty(),
            "no temporary output appeared"
        );
        let killed = std::process::Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        drop(stdin);
        assert!(status.signal().is_some() || !status.success(), "{status:?}");
        assert_eq!(temp_files(dir.path()), Vec::<String>::new(), "SIG{signal}");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "the old output\n");
    }
}

#[test]
fn temporary_files_of_a_dead_run_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let chat = dir.path().join("chat.txt");
    std::fs::write(&chat, CHAT).unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    // Left by a run that was killed: no process has this id.
    let stale = out_dir.path().join(".closeread-4294967-abc123.tmp");
    std::fs::write(&stale, "half a table").unwrap();
    let out = out_dir.path().join("out.csv");
    let output = closeread()
        .args([
            "trends",
            chat.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains(".closeread-4294967-abc123.tmp"), "{stderr}");
    assert!(stderr.contains("did not finish"), "{stderr}");
    assert!(out.exists());
}
