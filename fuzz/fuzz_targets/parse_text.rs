//! Format detection and each text format's parser on any text: no panic, and every line
//! a record-start test is asked about gets an answer.
#![no_main]

use std::path::Path;

use closeread::input::{Format, ParseOptions, Parsed, detect};
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
    "_chat.txt",
    "notes.md",
    "table.csv",
    "2024-01-02.md",
    "x.tsv",
];
const FORMATS: &[Format] = &[
    Format::Whatsapp,
    Format::Signal,
    Format::Imessage,
    Format::Journal,
    Format::Jrnl,
    Format::Csv,
    Format::Lines,
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let path = Path::new(NAMES[usize::from(selector) % NAMES.len()]);
    let detected = detect::detect(path, &text);
    let choice = usize::from(selector) / NAMES.len() % (FORMATS.len() + 1);
    let format = match FORMATS.get(choice) {
        Some(format) => *format,
        None => match detected {
            Ok(format) => format,
            Err(_) => return,
        },
    };
    let parser = format.parser(path, &text, &ParseOptions::default());
    if let Some(starts) = parser.record_starts() {
        for line in text.lines() {
            starts.starts_record(line);
        }
    }
    let mut parsed = Parsed::default();
    parser.parse(&text, 1, &mut parsed);
});
