//! Languages: detection per conversation, `--lang`, languages without lexicons, and the
//! language in `lexicons list`, `eval` and insights. The chats under `tests/fixtures/lang/`
//! and the tiny lexicons beside them were written for these tests.

use std::path::PathBuf;

use crate::util::{cell, closeread, corpus, fixture, parse_csv, run_ok};

fn chat(code: &str) -> String {
    fixture(&format!("lang/{code}.txt")).display().to_string()
}

fn lexicons() -> String {
    fixture("lang/lexicons").display().to_string()
}

/// `tag` rows of `args` as (lang, matched) pairs.
fn tagged(args: &[&str]) -> Vec<(String, String)> {
    let mut all = vec!["tag", "--evidence", "--only", "appreciation,repair"];
    all.extend(args);
    let (header, rows) = parse_csv(&run_ok(&all));
    rows.iter()
        .map(|row| {
            (
                cell(&header, row, "lang").to_owned(),
                cell(&header, row, "matched").to_owned(),
            )
        })
        .collect()
}

#[test]
fn each_fixture_chat_is_tagged_in_its_language() {
    let lexicons = lexicons();
    for (code, thanks, apology, negated) in [
        ("en", "thank you", "sorry", "appreciate"),
        ("es", "gracias por", "perdón", "te agradezco"),
        ("pt", "obrigado", "desculpa", "agradeço"),
        ("de", "danke", "entschuldigung", "ich danke dir"),
        ("fr", "merci", "pardon", "te remercie"),
    ] {
        // The built-in lexicons stay loaded beside the fixture's; only its categories count.
        let only = ["--only", "appreciation,repair"];
        let rows = tagged(&[&chat(code), "--lexicons", &lexicons, only[0], only[1]]);
        assert_eq!(rows.len(), 9, "{code}");
        assert!(
            rows.iter().all(|(lang, _)| lang == code),
            "{code}: {rows:?}"
        );
        // `matched` quotes the words as written; compare them in lower case.
        let matched: Vec<String> = rows.iter().map(|(_, m)| m.to_lowercase()).collect();
        assert!(
            matched
                .iter()
                .any(|m| m.contains(&format!("appreciation: {thanks}"))),
            "{code}: {matched:?}"
        );
        assert!(
            matched
                .iter()
                .any(|m| m.contains(&format!("repair: {apology}"))),
            "{code}: {matched:?}"
        );
        // Message 8 thanks no one, in each language's own way of negating.
        assert_eq!(
            matched[7],
            format!("appreciation: (negated) {negated}"),
            "{code}"
        );
    }
}

#[test]
fn lang_forces_one_language_or_two_together() {
    let lexicons = lexicons();
    let english = chat("en");
    let forced = tagged(&[&english, "--lexicons", &lexicons, "--lang", "es"]);
    assert!(
        forced
            .iter()
            .all(|(lang, matched)| lang == "es" && matched.is_empty()),
        "{forced:?}"
    );

    let spanish = chat("es");
    let both = tagged(&[&spanish, "--lexicons", &lexicons, "--lang", "es,en"]);
    assert!(both.iter().all(|(lang, _)| lang == "es+en"), "{both:?}");
    // "Gracias" is Spanish; the 😊 of message 5 is in neither: both sets apply at once.
    assert!(both[1].1.contains("gracias por"), "{both:?}");
}

#[test]
fn a_language_without_lexicons_is_named_once_and_tagged_as_english() {
    let output = closeread()
        .args(["tag", &chat("cs"), "--only", "appreciation"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr
            .matches("language cs (Czech) has no lexicons; tagging with English")
            .count(),
        1,
        "{stderr}"
    );
    let (header, rows) = parse_csv(&String::from_utf8(output.stdout).unwrap());
    assert_eq!(rows.len(), 7);
    assert!(rows.iter().all(|row| cell(&header, row, "lang") == "en"));
}

#[test]
fn unknown_lang_is_a_usage_error() {
    let output = closeread()
        .args(["tag", &chat("en"), "--lang", "cs"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("--lang cs: no lexicons for Czech"),
        "{stderr}"
    );
}

#[test]
fn lexicons_list_shows_languages_and_lang_changes_the_version() {
    let lexicons = lexicons();
    let all = run_ok(&["lexicons", "list", "--lexicons", &lexicons]);
    assert!(
        all.contains("languages (detected per conversation"),
        "{all}"
    );
    let row = all
        .lines()
        .find(|line| line.starts_with("repair ") && line.split_whitespace().count() == 6)
        .expect("a repair row per language");
    // en de es fr pt: the fixture has 2 German, 3 Spanish, 3 French and 2 Portuguese.
    assert_eq!(
        row.split_whitespace().skip(2).collect::<Vec<_>>(),
        ["2", "3", "3", "2"]
    );
    assert!(all.contains("es: Spanish"));
    let version = |text: &str| text.lines().next().unwrap().to_owned();
    let spanish = run_ok(&["lexicons", "list", "--lexicons", &lexicons, "--lang", "es"]);
    assert_ne!(version(&all), version(&spanish));
    assert!(spanish.contains("chosen with --lang"));
}

#[test]
fn eval_detects_the_gold_language_or_takes_lang() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.tsv");
    std::fs::write(
        &gold,
        "text\tappreciation\n\
         muchas gracias por todo lo que haces por mí\t1\n\
         no te agradezco nada de lo que has hecho\t0\n\
         mañana vamos a la playa con los niños\t0\n",
    )
    .unwrap();
    let gold = gold.display().to_string();
    let lexicons = lexicons();
    let args = ["eval", &gold, "--lexicons", &lexicons, "--format", "csv"];
    let output = closeread().args(args).output().unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("passages detected as Spanish"), "{stderr}");
    let (header, rows) = parse_csv(&String::from_utf8(output.stdout).unwrap());
    assert_eq!(cell(&header, &rows[0], "f1"), "1.000");

    let mut english = args.to_vec();
    english.extend(["--lang", "en"]);
    let (header, rows) = parse_csv(&run_ok(&english));
    assert_eq!(cell(&header, &rows[0], "tp"), "0");
}

#[test]
fn insights_name_the_language() {
    let text = run_ok(&["insights", &chat("de"), "--lexicons", &lexicons()]);
    assert!(
        text.contains("Tagged as German, with its lexicons."),
        "{text}"
    );
}

/// The shared WhatsApp exports in Czech, Arabic and French (the `exports` folder beside the
/// corpus): each is named, or said to have no lexicons.
#[test]
fn corpus_exports_in_other_languages_are_named() {
    let Some(corpus) = corpus() else { return };
    let exports: PathBuf = corpus.join("../exports/whatsapp");
    assert!(exports.is_dir(), "{} is missing", exports.display());
    for (file, code, name) in [
        ("whats_json_czech_android.txt", "cs", "Czech"),
        ("whats_json_arabic_ios.txt", "ar", "Arabic"),
        ("whats_json_french_ios.txt", "fr", "French"),
    ] {
        let output = closeread()
            .arg("tag")
            .arg(exports.join(file))
            .output()
            .unwrap();
        assert!(output.status.success(), "{file}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        let (header, rows) = parse_csv(&String::from_utf8(output.stdout).unwrap());
        let named = rows.iter().all(|row| cell(&header, row, "lang") == code);
        let no_lexicons = stderr.contains(&format!(
            "language {code} ({name}) has no lexicons; tagging with English"
        ));
        assert!(named || no_lexicons, "{file}: {stderr}");
    }
}

/// A chat long enough to be read in several chunks is detected once, from its start, and
/// every chunk is tagged alike whatever the number of threads.
#[test]
fn a_long_chat_is_detected_once_for_all_its_chunks() {
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("long.txt");
    let spanish = std::fs::read_to_string(fixture("lang/es.txt")).unwrap();
    std::fs::write(&long, spanish.repeat(4000)).unwrap();
    assert!(std::fs::metadata(&long).unwrap().len() > 2 << 20);
    let long = long.display().to_string();
    let lexicons = lexicons();
    let one = run_ok(&["tag", &long, "--lexicons", &lexicons, "-j", "1"]);
    let three = run_ok(&["tag", &long, "--lexicons", &lexicons, "-j", "3"]);
    assert_eq!(one, three);
    let (header, rows) = parse_csv(&one);
    assert_eq!(rows.len(), 36000);
    assert!(rows.iter().all(|row| cell(&header, row, "lang") == "es"));

    let czech = dir.path().join("czech.txt");
    let text = std::fs::read_to_string(fixture("lang/cs.txt")).unwrap();
    std::fs::write(&czech, text.repeat(4000)).unwrap();
    let output = closeread().arg("tag").arg(&czech).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr
            .matches("language cs (Czech) has no lexicons")
            .count(),
        1,
        "{stderr}"
    );
}

/// Each chat of a whole-account Telegram export is detected on its own.
#[test]
fn each_chat_of_a_multi_chat_export_gets_its_language() {
    let chat_of = |code: &str| {
        let text = std::fs::read_to_string(fixture(&format!("lang/{code}.txt"))).unwrap();
        let messages: Vec<serde_json::Value> = text
            .lines()
            .map(|line| {
                let (_, message) = line.split_once(" - ").unwrap();
                let (from, text) = message.split_once(": ").unwrap();
                serde_json::json!({"type": "message", "date": "2024-02-03T09:00:00", "from": from, "text": text})
            })
            .collect();
        serde_json::json!({"name": code, "type": "personal_chat", "messages": messages})
    };
    let export = serde_json::json!({
        "personal_information": {"first_name": "A"},
        "chats": {"list": [chat_of("es"), chat_of("de"), chat_of("cs")]}
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("result.json");
    std::fs::write(&path, export.to_string()).unwrap();
    let output = closeread()
        .args([
            "tag",
            &path.display().to_string(),
            "--lexicons",
            &lexicons(),
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let (header, rows) = parse_csv(&String::from_utf8(output.stdout).unwrap());
    let langs: Vec<&str> = rows.iter().map(|row| cell(&header, row, "lang")).collect();
    let expected: Vec<&str> = [["es"; 9].as_slice(), &["de"; 9], &["en"; 7]].concat();
    assert_eq!(langs, expected);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("language cs (Czech) has no lexicons"),
        "{stderr}"
    );
}

/// A language file's own threshold is not applied (a category has one threshold in every
/// language), and the user is told so rather than left to find out from the numbers.
#[test]
fn a_threshold_set_in_a_language_file_is_reported_as_unused() {
    let dir = tempfile::tempdir().unwrap();
    let spanish = dir.path().join("es");
    std::fs::create_dir(&spanish).unwrap();
    std::fs::write(
        spanish.join("support.txt"),
        "# category: support\n# measures: test\n# source: test\n# threshold: 2\nánimo\n",
    )
    .unwrap();
    let output = closeread()
        .args(["lexicons", "list", "--lexicons"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("threshold 2 is not used") && stderr.contains("support.txt"),
        "{stderr}"
    );
}
