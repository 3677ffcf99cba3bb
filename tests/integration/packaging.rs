//! Installing like other command-line tools: version, manual page, shell completions, and a
//! README whose first command leaves the clone clean.

use std::path::Path;
use std::process::Command;

use crate::util::{closeread, run_ok};

#[test]
fn version_names_the_lexicon_version() {
    let version = run_ok(&["--version"]);
    let lexicons = run_ok(&["lexicons", "list"]);
    let lexicon_version = lexicons
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("lexicon version "))
        .expect("lexicons list starts with the version");
    assert_eq!(
        version.trim(),
        format!(
            "closeread {} (lexicons {lexicon_version})",
            env!("CARGO_PKG_VERSION")
        )
    );
}

#[test]
fn manual_pages_render_with_man() {
    let dir = tempfile::tempdir().unwrap();
    for command in [None, Some("trends")] {
        let mut args = vec!["man"];
        args.extend(command);
        let page = run_ok(&args);
        assert!(page.starts_with(".ie") || page.contains(".TH"), "{page}");
        assert!(page.contains("per\\-conversation") || command.is_none());
        let path = dir.path().join("closeread.1");
        std::fs::write(&path, &page).unwrap();
        if !Path::new("/usr/bin/man").exists() {
            eprintln!("note: man not installed; rendering not checked");
            continue;
        }
        let rendered = Command::new("man")
            .arg("-l")
            .arg(&path)
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .output()
            .unwrap();
        assert!(rendered.status.success(), "man -l failed");
        let text = String::from_utf8_lossy(&rendered.stdout);
        assert!(
            text.contains("NAME") && text.contains("closeread"),
            "{text}"
        );
    }
    closeread().args(["man", "nope"]).assert().code(2);
}

#[test]
fn bash_completions_load() {
    let script = run_ok(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("closeread.bash");
    std::fs::write(&path, script).unwrap();
    let loaded = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source {} && complete -p closeread",
            path.display()
        ))
        .output()
        .expect("bash runs");
    assert!(
        loaded.status.success(),
        "{}",
        String::from_utf8_lossy(&loaded.stderr)
    );
    assert!(String::from_utf8_lossy(&loaded.stdout).contains("closeread"));
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        assert!(!run_ok(&["completions", shell]).is_empty(), "{shell}");
    }
}

#[test]
fn the_readme_set_up_writes_inside_the_build_folder() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let block = &readme[readme.find("```sh\n").expect("a set-up block") + 6..];
    let first = block.lines().next().unwrap();
    assert!(
        first.contains(" -o target/"),
        "the first command must not leave a file git sees: {first}"
    );
    for file in ["LICENSE-MIT", "LICENSE-APACHE", "CHANGELOG.md"] {
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(file).is_file(),
            "{file}"
        );
    }
}
