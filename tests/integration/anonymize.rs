//! `--anonymize`: no name of anyone in the export reaches any output, and ordinary words
//! that are also names stay.

use std::path::Path;

use crate::util::{closeread, run_ok};

/// Writes a small WhatsApp chat to `dir/name` and returns its path.
fn chat(dir: &Path, name: &str, lines: &[&str]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path.to_str().unwrap().to_owned()
}

/// Every output of `tag --evidence --text`-less runs, `trends --per-author` and insights.
fn outputs(input: &str) -> Vec<String> {
    vec![
        run_ok(&["tag", "--anonymize", "--evidence", input]),
        run_ok(&["trends", "--anonymize", "--per-author", input]),
        run_ok(&["insights", "--anonymize", "--evidence", input]),
    ]
}

fn assert_hidden(outputs: &[String], forms: &[&str]) {
    for output in outputs {
        let lower = output.to_lowercase();
        for form in forms {
            assert!(
                !lower.contains(&form.to_lowercase()),
                "{form} leaked:\n{output}"
            );
        }
    }
}

#[test]
fn turkish_capital_i_and_case_variants_are_hidden() {
    let dir = tempfile::tempdir().unwrap();
    let input = chat(
        dir.path(),
        "chat.txt",
        &[
            "[01/03/2024, 09:00:00] İlker: thank you so much, I appreciate it",
            "[01/03/2024, 09:05:00] Sam: ILKER you are amazing, thank you ilker",
            "[01/03/2024, 09:06:00] Sam: thanks İLKER and ılker, I'm grateful",
        ],
    );
    let outputs = outputs(&input);
    assert_hidden(&outputs, &["ilker", "İlker", "ılker", "İLKER"]);
    assert!(outputs[0].contains("Person A"), "{}", outputs[0]);
}

#[test]
fn run_together_underscore_and_accentless_forms_are_hidden() {
    let dir = tempfile::tempdir().unwrap();
    let input = chat(
        dir.path(),
        "chat.txt",
        &[
            "[01/03/2024, 09:00:00] Carol Jones: thank you, I'm so grateful",
            "[01/03/2024, 09:01:00] José García: thanks CarolJones and carol_jones, I appreciate you",
            "[01/03/2024, 09:02:00] Carol Jones: thank you Jose, and garcia too, I appreciate it",
        ],
    );
    assert_hidden(
        &outputs(&input),
        &["carol", "jones", "jose", "josé", "garcia", "garcía"],
    );
}

#[test]
fn the_file_name_is_hidden_before_its_person_writes() {
    let dir = tempfile::tempdir().unwrap();
    let input = chat(
        dir.path(),
        "WhatsApp Chat with Bertrand Okafor.txt",
        &[
            "[01/03/2024, 09:00:00] Marisol: thank you for yesterday",
            "[01/03/2024, 09:01:00] Marisol: I appreciate it",
            "[02/03/2024, 10:00:00] Bertrand Okafor: thanks, I'm grateful",
        ],
    );
    let tag = run_ok(&["tag", "--anonymize", &input]);
    assert_hidden(
        std::slice::from_ref(&tag),
        &["bertrand", "okafor", "marisol"],
    );
    // Every row's source column names the file, the first two before Person B writes.
    assert!(tag.matches("with Person B.txt").count() == 3, "{tag}");
}

#[test]
fn a_person_named_only_in_the_file_name_is_hidden() {
    let dir = tempfile::tempdir().unwrap();
    let input = chat(
        dir.path(),
        "WhatsApp Chat with Priya.txt",
        &["[01/03/2024, 09:00:00] Marisol: thank you Priya, I appreciate it"],
    );
    assert_hidden(&outputs(&input), &["priya", "marisol"]);
}

#[test]
fn a_messenger_folder_named_after_a_person_is_hidden() {
    let dir = tempfile::tempdir().unwrap();
    let thread = dir.path().join("inbox/ivanpetrov_1234567");
    std::fs::create_dir_all(&thread).unwrap();
    std::fs::write(
        thread.join("message_1.json"),
        r#"{"participants": [{"name": "Ivan Petrov"}, {"name": "Kit"}],
            "messages": [
              {"sender_name": "Ivan Petrov", "timestamp_ms": 1709371200000, "content": "thank you Kit"},
              {"sender_name": "Kit", "timestamp_ms": 1709371260000, "content": "thanks Ivan, I appreciate it"}
            ],
            "title": "Ivan Petrov", "thread_path": "inbox/ivanpetrov_1234567"}"#,
    )
    .unwrap();
    let input = dir.path().join("inbox");
    let input = input.to_str().unwrap();
    let tag = run_ok(&["tag", "--anonymize", "--evidence", "--tz", "UTC", input]);
    assert_hidden(std::slice::from_ref(&tag), &["ivan", "petrov", "kit"]);
}

#[test]
fn ordinary_words_that_are_names_stay() {
    let dir = tempfile::tempdir().unwrap();
    let input = chat(
        dir.path(),
        "chat.txt",
        &[
            "[01/03/2024, 09:00:00] Will Smith: I will always be grateful, by the grace of God",
            "[01/03/2024, 09:01:00] Grace: Will do. Hope you feel better, thank you Will",
        ],
    );
    let insights = run_ok(&["tag", "--anonymize", "--evidence", &input]);
    assert!(insights.contains("Person A"), "{insights}");
    let report = run_ok(&["insights", "--anonymize", "--evidence", &input]);
    assert!(!report.contains("Person A always"), "{report}");
    assert!(!report.contains("Person B of God"), "{report}");
    assert!(!report.contains("Smith"), "{report}");
}

#[test]
fn partials_need_a_key_and_keyed_shards_merge_like_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let one = chat(
        dir.path(),
        "one.txt",
        &[
            "[01/03/2024, 09:00:00] Sam: thank you Alex",
            "[01/03/2024, 09:01:00] Alex: I'm sorry Sam",
        ],
    );
    let two = chat(
        dir.path(),
        "two.txt",
        &[
            "[02/03/2024, 09:00:00] Alex: thanks Sam",
            "[02/03/2024, 09:01:00] Sam: I appreciate it Alex",
        ],
    );
    closeread()
        .args(["trends", "--anonymize", "--emit-partials", &one])
        .env_remove("CLOSEREAD_ANONYMIZE_KEY")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--anonymize-key"));

    let partial = |input: &str, name: &str| {
        let path = dir.path().join(name);
        closeread()
            .args([
                "trends",
                "--anonymize",
                "--anonymize-key",
                "s3cret",
                "--emit-partials",
            ])
            .args(["--per-author", input, "-o", path.to_str().unwrap()])
            .assert()
            .success();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("Sam") && !text.contains("Alex"), "{text}");
        path.to_str().unwrap().to_owned()
    };
    let (p1, p2) = (partial(&one, "1.json"), partial(&two, "2.json"));
    let merged = run_ok(&["merge", "--per-author", &p1, &p2]);
    let whole = run_ok(&[
        "trends",
        "--anonymize",
        "--anonymize-key",
        "s3cret",
        "--per-author",
        &one,
        &two,
    ]);
    assert_eq!(merged, whole);
    assert!(!whole.contains("Sam") && !whole.contains("Alex"), "{whole}");
}

#[test]
fn standard_input_is_anonymized_too() {
    let output = closeread()
        .args(["tag", "--anonymize", "--evidence", "-"])
        .write_stdin("[01/03/2024, 09:00:00] Priya Nair: thank you Priya\n")
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(!text.to_lowercase().contains("priya"), "{text}");
    assert!(text.contains("Person A"), "{text}");
}

#[test]
fn people_an_export_lists_without_their_writing_are_hidden() {
    let dir = tempfile::tempdir().unwrap();
    let thread = dir.path().join("inbox/thread_42");
    std::fs::create_dir_all(&thread).unwrap();
    std::fs::write(
        thread.join("message_1.json"),
        r#"{"participants": [{"name": "Kit"}, {"name": "Olga Brandt"}],
            "messages": [
              {"sender_name": "Kit", "timestamp_ms": 1709371200000, "content": "thank you, tell Olga I appreciate her"}
            ]}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("result.json"),
        r#"{"name": "Plans", "type": "private_group", "id": 7, "messages": [
            {"id": 1, "type": "service", "date": "2024-03-01T08:00:00", "actor": "Sam", "action": "create_group", "title": "Plans", "members": ["Noor Haddad", null], "text": ""},
            {"id": 2, "type": "message", "date": "2024-03-01T08:05:00", "from": "Sam", "text": "thanks Noor, I'm grateful"}
        ]}"#,
    )
    .unwrap();
    let input = dir.path().to_str().unwrap();
    let tag = run_ok(&[
        "tag",
        "--anonymize",
        "--evidence",
        "--text",
        "--tz",
        "UTC",
        input,
    ]);
    assert_hidden(
        std::slice::from_ref(&tag),
        &["olga", "brandt", "noor", "haddad", "kit", "sam"],
    );
    assert!(tag.contains("tell Person"), "{tag}");
}
