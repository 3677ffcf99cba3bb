//! `dayone`: Day One's JSON export (`{metadata, entries: [{creationDate, timeZone, text}]}`).
//!
//! `creationDate` is UTC; an entry's time is its local time in the entry's own `timeZone`
//! (an IANA name such as `Europe/Dublin`), so a journal kept while travelling dates each
//! entry as the writer's calendar showed it. The Markdown `text` loses what is not prose:
//! `dayone-moment://` photo and media links, links to other entries (their label is kept),
//! and the backslash escapes Day One puts before punctuation (`word\.` → `word.`).

use std::sync::LazyLock;

use super::json::{self, Field, Layout};
use super::{Parsed, Parser};
use crate::record::{Moment, Record, RecordKind};
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use regex::Regex;
use serde::Deserialize;
use serde::de::IgnoredAny;

pub struct DayOne;

/// Whether `sample` starts a Day One JSON export.
pub fn looks_like(sample: &str) -> bool {
    json::object_with_keys(sample, &["entries", "creationDate"])
}

/// The journal's entries.
static LAYOUT: Layout = Layout {
    what: "Day One",
    lists: &[&["entries"]],
    unique_ids: false,
    oldest_first: false,
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
/// An entry's fields, each read on its own (see [`Field`]).
struct Entry {
    #[serde(default)]
    text: Field<String>,
    #[serde(default)]
    creation_date: Field<String>,
    #[serde(default)]
    time_zone: Field<String>,
    photos: Option<IgnoredAny>,
    videos: Option<IgnoredAny>,
    audios: Option<IgnoredAny>,
    pdf_attachments: Option<IgnoredAny>,
}

impl Parser for DayOne {
    fn json_layout(&self) -> Option<&'static Layout> {
        Some(&LAYOUT)
    }

    fn parse(&self, text: &str, first_line: u64, out: &mut Parsed) {
        json::parse_chunk(text, LAYOUT.what, first_line, out, |raw, line, _, out| {
            match serde_json::from_str::<Entry>(raw) {
                Ok(entry) => push(entry, line, out),
                Err(error) => out.problem(line, format!("unreadable Day One entry: {error}")),
            }
        });
    }
}

fn push(entry: Entry, line: u64, out: &mut Parsed) {
    let created = entry.creation_date.take("creationDate", line, out);
    let zone = entry.time_zone.take("timeZone", line, out);
    let when = local_time(created, zone, line, out).map(Moment::Time);
    let text = entry.text.take("text", line, out);
    let text = clean(text.as_deref().unwrap_or_default());
    let media = [
        (entry.photos.is_some(), "photo"),
        (entry.videos.is_some(), "video"),
        (entry.audios.is_some(), "audio"),
        (entry.pdf_attachments.is_some(), "pdf"),
    ]
    .into_iter()
    .find_map(|(present, name)| present.then_some(name));
    let record = match media {
        Some(media) if text.is_empty() => {
            Record::new(when, None, media.to_owned(), RecordKind::Media, line)
        }
        _ => Record::message(when, None, text, line),
    };
    out.records.push(record);
}

/// The entry's creation time in its own zone; UTC, with a problem, when the zone is unknown.
fn local_time(
    created: Option<String>,
    zone: Option<String>,
    line: u64,
    out: &mut Parsed,
) -> Option<DateTime> {
    let Some(created) = created else {
        out.problem(line, "entry without creationDate");
        return None;
    };
    let at = match created.parse::<jiff::Timestamp>() {
        Ok(at) => at,
        Err(error) => {
            out.problem(
                line,
                format!("unreadable creationDate {created:?}: {error}"),
            );
            return None;
        }
    };
    let zone = match zone.as_deref().map(TimeZone::get) {
        Some(Ok(zone)) => zone,
        Some(Err(error)) => {
            out.problem(line, format!("{error}; date taken as UTC"));
            TimeZone::UTC
        }
        None => {
            out.problem(line, "entry without timeZone; date taken as UTC");
            TimeZone::UTC
        }
    };
    Some(zone.to_datetime(at))
}

static MEDIA_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"!?\[[^\]\n]*\]\(dayone-moment:[^)\s]*\)").unwrap());
static ENTRY_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\]\n]*)\]\(dayone2?://[^)\s]*\)").unwrap());
static ESCAPE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\\([!-/:-@\[-`{-~])").unwrap());
static BLANK_LINES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\n[ \t]*\n\s*\n").unwrap());

/// The prose of an entry's Markdown: no media links, no entry links, no escapes, no
/// zero-width characters, at most one blank line in a row.
fn clean(markdown: &str) -> String {
    let text = MEDIA_LINK.replace_all(markdown, "");
    let text = ENTRY_LINK.replace_all(&text, "$1");
    let text = ESCAPE.replace_all(&text, "$1");
    // Day One puts U+200B around styled runs; they would split words.
    let text: String = text
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
            )
        })
        .collect();
    BLANK_LINES.replace_all(text.trim(), "\n\n").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Parsed {
        json::read_str(&DayOne, text)
    }

    #[test]
    fn markdown_loses_media_links_escapes_and_zero_width_spaces() {
        let cases = [
            ("It went well\\. Really\\!", "It went well. Really!"),
            ("\\(aside\\) well\\-being", "(aside) well-being"),
            ("a\n\n![](dayone-moment://ABC123)\n\nb", "a\n\nb"),
            ("![](dayone-moment:/video/F00)", ""),
            (
                "see [Oct 12, 2016](dayone2://view?entryId=E1) too",
                "see Oct 12, 2016 too",
            ),
            ("**bold** \u{200B}***x***\u{200B}", "**bold** ***x***"),
            ("C:\\\\path", "C:\\path"),
        ];
        for (markdown, prose) in cases {
            assert_eq!(clean(markdown), prose, "{markdown:?}");
        }
    }

    #[test]
    fn entries_are_dated_in_their_own_zone() {
        let text = r#"{"metadata": {"version": "1.0"}, "entries": [
  {"uuid": "A", "creationDate": "2024-04-16T23:30:00Z", "timeZone": "Europe/Dublin", "text": "Late\nthought\\."},
  {"uuid": "B", "creationDate": "2004-10-13T00:38:16Z", "timeZone": "America/Boise", "text": "![](dayone-moment://X)", "photos": [{"identifier": "X"}]},
  {"uuid": "C", "creationDate": "2020-01-01T00:00:00Z", "timeZone": "Mars/Olympus", "text": "odd zone"},
  {"uuid": "D", "creationDate": "2020-01-01T00:00:00Z", "text": ""}
]}"#;
        let parsed = parse(text);
        let got: Vec<(String, &str, RecordKind, u64)> = parsed
            .records
            .iter()
            .map(|r| {
                (
                    r.when.unwrap().datetime().unwrap().to_string(),
                    r.text.as_str(),
                    r.kind,
                    r.line,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "2024-04-17T00:30:00".into(),
                    "Late\nthought.",
                    RecordKind::Message,
                    2
                ),
                ("2004-10-12T18:38:16".into(), "photo", RecordKind::Media, 3),
                (
                    "2020-01-01T00:00:00".into(),
                    "odd zone",
                    RecordKind::Message,
                    4
                ),
                ("2020-01-01T00:00:00".into(), "", RecordKind::Message, 5),
            ]
        );
        let lines: Vec<u64> = parsed.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [4, 5]);
    }

    #[test]
    fn truncated_export_is_a_problem() {
        let parsed = parse("{\"entries\": [{\"creationDate\": \"2020-01-01T00:00:00Z\"");
        assert!(parsed.records.is_empty());
        assert_eq!(parsed.problems.len(), 1);
    }

    #[test]
    fn detection() {
        assert!(looks_like(
            r#"{"metadata": {}, "entries": [{"creationDate": "x"}]}"#
        ));
        assert!(!looks_like(r#"{"entries": []}"#));
    }
}
