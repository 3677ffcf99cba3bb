//! `closeread insights` and `report` on a two-person chat whose answers are known, and
//! `--anonymize` across every command.
//!
//! tests/fixtures/two-person-chat.txt is written to have exact answers: Bertrand always
//! replies after 5 minutes and Marisol after 20; every question is answered within the
//! hour except two of Bertrand's late-night ones; November has three conflict evenings,
//! after two of which Bertrand apologises first the next morning, and after one Marisol.

use std::path::Path;
use std::process::Command;

use crate::util::{closeread, fixture, run_ok};

const NAMES: [&str; 3] = ["marisol", "quintero", "bertrand"];

fn chat() -> String {
    fixture("two-person-chat.txt").to_str().unwrap().to_owned()
}

fn markdown() -> String {
    run_ok(&["insights", "--markdown", "-q", &chat()])
}

#[test]
fn headline_span_words_and_ratio() {
    let text = markdown();
    assert!(text.starts_with("# closeread insights\n"), "{text}");
    assert!(
        text.contains(
            "From 2023-09-01 to 2023-12-29 (about 4 months): 304 passages by 2 people with \
             4,134 words."
        ),
        "{text}"
    );
    assert!(
        text.contains("Periods are months (4, chosen from the span"),
        "{text}"
    );
    assert!(
        text.contains(
            "Positive-to-conflict ratio: 23.8 to 1 (357 hits of appreciation, empathy, repair \
             and support against 15 of conflict), at or above the 5:1 reference."
        ),
        "{text}"
    );
    assert!(text.contains("What the ratio means:"), "{text}");
}

#[test]
fn changes_state_their_guard_and_size() {
    let text = markdown();
    assert!(
        text.contains("Only periods with at least 500 words, and at least 500 words before them"),
        "{text}"
    );
    assert!(
        text.contains(
            "- appreciation fell most in 2023-12 (42.5 per 1,000 words against 68.9 before, \
             −26.5); no notable rise."
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "- conflict rose most in 2023-11 (15.4 per 1,000 words against 0.0 before, +15.4)"
        ),
        "{text}"
    );
    assert!(
        text.contains("No hits at all: empathy, listening, autonomy, reflection."),
        "{text}"
    );
}

#[test]
fn peaks_name_the_words_that_matched() {
    let text = markdown();
    assert!(
        text.contains(
            "- conflict: 2023-11 (15.4: “i'm done” 3, “frustrated” 2, “that's not fair” 2)."
        ),
        "{text}"
    );
    assert!(
        text.contains("- connection: 2023-09 (14.3: “how was your day” 15)"),
        "{text}"
    );
}

#[test]
fn dynamics_between_the_two() {
    let text = markdown();
    // Sentences say what was measured, not what anyone did, and carry no CLI talk.
    for claim in [
        "criticises",
        "apologises more",
        "thanks more",
        "--by",
        "placeholder",
    ] {
        assert!(!text.contains(claim), "{claim} in {text}");
    }
    for sentence in [
        "Marisol Quintero wrote 2,185 words in 181 messages; Bertrand wrote 1,949 words in 123 messages.",
        "| per 1,000 words | Marisol Quintero | Bertrand |",
        "| appreciation | 39.4 | 87.7 |",
        "- Bertrand's messages hold more appreciation language (appreciation per 1,000 words: Bertrand 87.7, Marisol Quintero 39.4).",
        "- Marisol Quintero's messages hold more conflict language (conflict per 1,000 words: Marisol Quintero 4.6, Bertrand 2.6).",
        "- After the 3 conflict-heavy days (2 or more conflict hits), the first to use repair \
         language (apologies, making up) was Bertrand twice and Marisol Quintero once.",
        "- Median reply time: Marisol Quintero 20 min (122 replies), Bertrand 5 min (122 \
         replies). A reply is a message right after someone else's, within 24 hours.",
        "minutes: Marisol Quintero's 58 of 58 (100%), Bertrand's 59 of 61 (97%).",
        "Language style matching between Marisol Quintero and Bertrand",
        "0.63 on average over the 4 months in which both wrote at least 100 words; highest \
         0.65 in 2023-11, lowest 0.60 in 2023-12.",
        "Most timed messages were sent on Fridays (17% of 304) and in the hour from 19:00 (97%).",
    ] {
        assert!(text.contains(sentence), "missing: {sentence}\n\n{text}");
    }
}

#[test]
fn terminal_text_is_wrapped_plain_text() {
    let text = run_ok(&["insights", "-q", &chat()]);
    assert!(
        text.starts_with("closeread insights\n==================\n"),
        "{text}"
    );
    assert!(
        text.contains("\nBetween people\n--------------\n"),
        "{text}"
    );
    assert!(
        text.lines()
            .all(|line| line.chars().count() <= 88 || !line.contains(' '))
    );
    assert!(!text.contains("## "), "no Markdown on the terminal");
}

#[test]
fn excel_is_refused_where_no_csv_is_written() {
    for command in ["insights", "report"] {
        let output = closeread()
            .args([command, "--excel", &chat()])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{command}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("--excel"),
            "{command}: the error names the flag"
        );
    }
}

/// Cy writes a minute after Bo, but in another chat of the same account export: that is
/// not a reply.
#[test]
fn reply_times_never_cross_the_chats_of_an_account_export() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("result.json");
    std::fs::write(
        &export,
        r#"{"about": "x", "personal_information": {"first_name": "Ana"},
 "chats": {"about": "y", "list": [
  {"name": "Bo", "type": "personal_chat", "id": 1, "messages": [
   {"id": 1, "type": "message", "date": "2024-05-01T10:00:00", "from": "Ana", "text": "how was the trip?"},
   {"id": 2, "type": "message", "date": "2024-05-01T10:05:00", "from": "Bo", "text": "long but lovely"}]},
  {"name": "Cy", "type": "personal_chat", "id": 2, "messages": [
   {"id": 3, "type": "message", "date": "2024-05-01T10:06:00", "from": "Cy", "text": "still on for friday?"},
   {"id": 4, "type": "message", "date": "2024-05-01T10:30:00", "from": "Ana", "text": "yes, see you then"}]}
 ]}}"#,
    )
    .unwrap();
    let text = run_ok(&["insights", "-q", export.to_str().unwrap()]);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Median reply time: Ana 24 min (1 reply), Bo 5 min (1 reply)."),
        "{text}"
    );
}

#[test]
fn a_two_message_chat_reads_in_the_singular() {
    let output = closeread()
        .args(["insights", "-q", "-"])
        .write_stdin("1/2/24, 10:00 - Ana: thank you\n1/2/24, 10:05 - Bo: ok\n")
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for sentence in [
        "Ana wrote 2 words in 1 message; Bo wrote 1 word in 1 message.",
        "no conflict hits at all, so there is no ratio (1 positive hit).",
        "Too little text to measure changes: no day has 500 words or more.",
    ] {
        assert!(flat.contains(sentence), "{sentence}\n{text}");
    }
}

#[test]
fn a_journal_gets_weekdays_and_months_instead_of_people() {
    let dir = tempfile::tempdir().unwrap();
    let diary = dir.path().join("diary.txt");
    let mut text = String::new();
    for day in 1..=28 {
        let line = if day % 7 == 0 {
            "Grateful for a quiet day, thank you to everyone who called. "
        } else {
            "Worked late and walked home through the rain, then read for an hour. "
        };
        text.push_str(&format!("2024-02-{day:02}\n{}\n\n", line.repeat(12)));
    }
    std::fs::write(&diary, text).unwrap();
    let out = run_ok(&["insights", "--markdown", "-q", diary.to_str().unwrap()]);
    assert!(out.contains("## Weekdays and months"), "{out}");
    assert!(!out.contains("## Between people"), "{out}");
    // 2024-02-07, 14, 21, 28 are Wednesdays.
    assert!(
        out.contains("- appreciation is highest on Wednesdays ("),
        "{out}"
    );
}

fn report(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    let mut all = vec!["report", "-q", "-o", path.to_str().unwrap()];
    all.extend(args);
    run_ok(&all);
    std::fs::read_to_string(path).unwrap()
}

/// The glossary section of a report.
fn glossary_of(html: &str) -> String {
    let glossary = &html[html.find("id=\"glossary\"").expect("a glossary")..];
    glossary[..glossary.find("</section>").unwrap()].to_owned()
}

#[test]
fn the_glossary_quotes_the_language_the_chat_is_written_in() {
    let english = glossary_of(&report(&[&chat()]));
    assert!(english.contains("<q>thank you</q>"), "{english}");
    let spanish = glossary_of(&report(&[fixture("lang/es.txt").to_str().unwrap()]));
    assert!(spanish.contains("<q>gracias</q>"), "{spanish}");
    assert!(!spanish.contains("<q>thank you</q>"), "{spanish}");
    assert_eq!(spanish.matches("<q>").count(), 2 * 11, "two examples each");
    // Conflict lists hold insults; the file names the examples a counsellor can show.
    assert!(
        spanish.contains("<q>enojo</q>, <q>te odio</q>"),
        "the examples conflict.txt names: {spanish}"
    );
}

#[test]
fn report_is_one_self_contained_page() {
    let chat = chat();
    let html = report(&[&chat]);
    assert!(
        html.starts_with("<!DOCTYPE html>\n"),
        "the doctype on its own line"
    );
    for absent in ["<script", "src=", "href=", "@import", "url("] {
        assert!(!html.contains(absent), "report holds {absent}");
    }
    assert!(
        html.matches("<svg").count() >= 2 * 14,
        "charts per category, ratio, people, heat map, wide and narrow"
    );
    for present in [
        "id=\"rates\"",
        "id=\"ratio\"",
        "id=\"people\"",
        "id=\"heatmap\"",
        "id=\"insights\"",
        "id=\"periods\"",
        "@media (max-width:600px)",
        "@media print",
        "<td>2023-11</td>",
        "Bertrand twice and Marisol Quintero once",
    ] {
        assert!(html.contains(present), "missing {present}");
    }
    // Message text appears only with --evidence.
    assert!(!html.contains("soup"), "no message text without --evidence");
    let with_evidence = report(&["--evidence", &chat]);
    assert!(with_evidence.contains("<blockquote>That is great, I am proud of you."));
}

#[test]
fn output_does_not_depend_on_threads() {
    let chat = chat();
    let one = run_ok(&["insights", "-q", "-j", "1", &chat]);
    assert_eq!(one, run_ok(&["insights", "-q", "-j", "3", &chat]));
}

/// Every output of every analysing command, with --evidence where it exists.
#[test]
fn anonymize_leaves_no_author_name_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    // Exports are named after the other person; the file name must not leak it either.
    let named = dir.path().join("WhatsApp Chat with Bertrand.txt");
    std::fs::copy(fixture("two-person-chat.txt"), &named).unwrap();
    let input = named.to_str().unwrap();
    let html = dir.path().join("report.html");
    let outputs = [
        run_ok(&["tag", "--anonymize", "--evidence", input]),
        run_ok(&["trends", "--anonymize", "--per-author", input]),
        run_ok(&["insights", "--anonymize", "--evidence", input]),
        run_ok(&["insights", "--anonymize", "--evidence", "--markdown", input]),
        {
            run_ok(&[
                "report",
                "--anonymize",
                "--evidence",
                "-o",
                html.to_str().unwrap(),
                input,
            ]);
            std::fs::read_to_string(&html).unwrap()
        },
    ];
    for output in &outputs {
        let lower = output.to_lowercase();
        for name in NAMES {
            assert!(!lower.contains(name), "{name} leaked:\n{output}");
        }
        assert!(output.contains("Person A"), "{output}");
    }
    // Marisol writes first, so she is Person A; Bertrand's name inside her message too.
    assert!(
        outputs[3].contains("Person A wrote 2,185 words"),
        "{}",
        outputs[3]
    );
    assert!(outputs[4].contains("Hi Person B, how was your day?"));
    assert!(outputs[0].contains("WhatsApp Chat with Person B.txt"));
}

/// Chromium, when installed (CI installs it), renders the report and finds the charts.
#[test]
fn report_renders_in_a_headless_browser() {
    let chromium = Path::new("/usr/bin/chromium");
    if !chromium.exists() {
        assert!(
            std::env::var_os("CLOSEREAD_CORPUS").is_none(),
            "CI (CLOSEREAD_CORPUS set) must run the browser test: install chromium"
        );
        eprintln!("note: /usr/bin/chromium not found; browser test skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let output = closeread()
        .args([
            "report",
            "-q",
            "--smooth",
            "3",
            "-o",
            html.to_str().unwrap(),
            &chat(),
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let profile = dir.path().join("profile");
    let rendered = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            &format!("--user-data-dir={}", profile.display()),
            "--dump-dom",
            &format!("file://{}", html.display()),
        ])
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&rendered.stdout);
    assert!(
        rendered.status.success() && dom.contains("<html"),
        "chromium failed: {}",
        String::from_utf8_lossy(&rendered.stderr)
    );
    // Each chart is drawn for a wide screen and for a phone.
    assert!(dom.matches("<svg").count() >= 2 * 14, "{dom}");
    assert!(dom.matches("<polyline").count() >= 16);
    assert_eq!(
        dom.matches("class=\"cell\"").count(),
        2 * 7 * 24,
        "heat map cells"
    );
    assert_eq!(
        dom.matches("class=\"bar\"").count(),
        2 * 2 * 11,
        "one bar per person and category"
    );
    // The smoothed series over the faint raw one, and the glossary with examples.
    assert!(dom.contains("class=\"series smoothed\" data-name=\"appreciation\""));
    assert!(dom.contains("class=\"raw\" data-name=\"appreciation\""));
    assert!(dom.contains("rolling means over 3 months"));
    let glossary = &dom[dom.find("id=\"glossary\"").expect("a glossary")..];
    let glossary = &glossary[..glossary.find("</section>").unwrap()];
    for category in ["appreciation", "togetherness", "autonomy"] {
        assert!(glossary.contains(category), "{category} in {glossary}");
    }
    assert!(glossary.contains("<q>thank you</q>"), "{glossary}");
    assert_eq!(glossary.matches("<dt>").count(), 11);
    assert_eq!(glossary.matches("<q>").count(), 2 * 11, "two examples each");
}
