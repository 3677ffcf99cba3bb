//! Format detection from a file's name and first decoded text.
//!
//! Detection either names a format or says it cannot tell; it never guesses `lines` for
//! something that looks structured. JSON that is none of the known exports, and a `.csv`
//! or `.tsv` table without a recognisable text column, are undecided: read as `lines`
//! they would be counted as prose, silently wrong. Plain text without any structure is
//! `lines`, which is what it is: one passage per line.

use std::fmt;
use std::path::Path;

use super::{
    Format, common, csv, dayone, discord, imessage, journal, jrnl, messenger, signal, telegram,
    whatsapp,
};

/// How the reason for not reading one of closeread's own outputs begins, so the run can
/// skip it even when it was named on the command line (a shell glob names everything).
pub const OWN_OUTPUT: &str = "closeread's own";

/// Why detection could not choose a format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undecided {
    /// JSON that none of the JSON exports' keys match.
    Json,
    /// A `.csv` or `.tsv` file whose header names no text column closeread knows.
    Table,
    /// One of closeread's own outputs (its CSV, a partial, a report): reading it back
    /// would count every passage again.
    OwnOutput(&'static str),
}

impl fmt::Display for Undecided {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Undecided::Json => {
                "cannot tell the format: JSON, but none of the exports closeread knows (telegram, messenger, discord, dayone); name one with --format"
            }
            Undecided::Table => {
                "cannot tell the format: a table without a text column closeread recognises; use --format csv --text-col NAME"
            }
            Undecided::OwnOutput(kind) => {
                return write!(
                    f,
                    "{OWN_OUTPUT} {kind}, not an export: not read, so nothing is counted twice"
                );
            }
        })
    }
}

/// Picks the format of a file from its name and first decoded text.
pub fn detect(path: &Path, sample: &str) -> Result<Format, Undecided> {
    if let Some(kind) = crate::output::own_output(sample) {
        return Err(Undecided::OwnOutput(kind));
    }
    // JSON exports first: each needs a leading `{` and its own keys, so none of them can
    // claim a text export, and their keys do not overlap.
    Ok(if messenger::looks_like(sample) {
        Format::Messenger
    } else if discord::looks_like(sample) {
        Format::Discord
    } else if dayone::looks_like(sample) {
        Format::Dayone
    } else if telegram::looks_like(sample) {
        Format::Telegram
    } else if looks_like_json(path, sample) {
        return Err(Undecided::Json);
    } else if csv::looks_like(sample) || (is_table(path) && csv::names_text_column(sample)) {
        Format::Csv
    } else if is_table(path) && !sample.trim().is_empty() {
        return Err(Undecided::Table);
    } else if jrnl::looks_like(sample) {
        Format::Jrnl
    } else if signal::looks_like(sample) {
        // Before WhatsApp: an ISO date in brackets without WhatsApp's U+200E marks.
        Format::Signal
    } else if whatsapp::looks_like(sample) {
        Format::Whatsapp
    } else if imessage::looks_like(sample) {
        Format::Imessage
    } else if journal::looks_like(path, sample) {
        Format::Journal
    } else {
        Format::Lines
    })
}

fn extension_is(path: &Path, wanted: &[&str]) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| wanted.iter().any(|w| ext.eq_ignore_ascii_case(w)))
}

fn is_table(path: &Path) -> bool {
    extension_is(path, &["csv", "tsv"])
}

/// Whether `sample` is a JSON document: an object, an array of values, or anything in a
/// `.json` file. Empty text is nothing to misread.
fn looks_like_json(path: &Path, sample: &str) -> bool {
    let text = common::skip_invisible(sample).trim_start();
    if text.is_empty() {
        return false;
    }
    let array = text
        .strip_prefix('[')
        .is_some_and(|rest| rest.trim_start().starts_with(['{', '[', '"', ']']));
    text.starts_with('{') || array || extension_is(path, &["json"])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(name: &str, sample: &str, expected: Result<Format, Undecided>) {
        assert_eq!(
            detect(Path::new(name), sample),
            expected,
            "{name}: {sample:?}"
        );
    }

    #[test]
    fn every_format_from_its_first_lines() {
        case(
            "result.json",
            r#"{"name": "A", "type": "personal_chat", "id": 1, "messages": [{"id": 1, "type": "message", "date": "2023-01-01T10:00:00", "date_unixtime": "1", "from": "A", "text": "hi"}]}"#,
            Ok(Format::Telegram),
        );
        case(
            "message_1.json",
            r#"{"participants": [], "messages": [{"sender_name": "A", "timestamp_ms": 1, "content": "x"}]}"#,
            Ok(Format::Messenger),
        );
        case(
            "c.json",
            r#"{"guild": {}, "channel": {}, "messages": []}"#,
            Ok(Format::Discord),
        );
        case(
            "Journal.json",
            r#"{"metadata": {}, "entries": [{"creationDate": "2020-01-01T00:00:00Z"}]}"#,
            Ok(Format::Dayone),
        );
        case(
            "t.csv",
            "AuthorID,Author,Date,Content,Attachments,Reactions\n",
            Ok(Format::Discord),
        );
        case("t.csv", "date,author,text\n", Ok(Format::Csv));
        case(
            "j.txt",
            "[2013-06-09 03:39:00 PM] Title\n",
            Ok(Format::Jrnl),
        );
        case("s.md", "[2023-04-01 09:15] Ana: hi\n", Ok(Format::Signal));
        case(
            "_chat.txt",
            "[01.02.23, 10:00:00] Ana: hi\n[01.02.23, 10:01:00] Kit: yo\n",
            Ok(Format::Whatsapp),
        );
        case(
            "Kit.txt",
            "May 17, 2022  5:29:42 PM\nKit\nhi\n\nMay 17, 2022  5:30:00 PM\nMe\nyo\n",
            Ok(Format::Imessage),
        );
        case("2024-03-01.md", "Thankful.\n", Ok(Format::Journal));
        case(
            "notes.txt",
            "just some words\nand more\n",
            Ok(Format::Lines),
        );
        case("", "", Ok(Format::Lines));
    }

    #[test]
    fn structure_that_no_format_claims_is_undecided() {
        case("x.json", r#"{"foo": [1, 2]}"#, Err(Undecided::Json));
        case("x.txt", "{\n  \"entries\": []\n}", Err(Undecided::Json));
        case(
            "target.json",
            "[\n {\"timestamp\": \"x\"}\n]",
            Err(Undecided::Json),
        );
        case("x.json", "not json at all", Err(Undecided::Json));
        case("empty.json", "  \n", Ok(Format::Lines));
        case("a.csv", "a,b,c\n1,2,3\n", Err(Undecided::Table));
        case("a.tsv", "text\nhello\n", Ok(Format::Csv));
        // A bracketed line is no JSON array.
        case("log.txt", "[12:00] started\n", Ok(Format::Lines));
        assert!(Undecided::Json.to_string().contains("--format"));
    }
}
