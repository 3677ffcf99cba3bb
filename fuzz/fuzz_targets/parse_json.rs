//! The JSON exports' parsers (Telegram, Messenger, Discord, Day One) on any text, through
//! the library's public parse entry point: no panic.
#![no_main]

use std::path::Path;

use closeread::input::{Format, ParseOptions, Parsed, detect};
use libfuzzer_sys::fuzz_target;

const FORMATS: &[Format] = &[
    Format::Telegram,
    Format::Messenger,
    Format::Discord,
    Format::Dayone,
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let path = Path::new("export.json");
    let _ = detect::detect(path, &text);
    let format = FORMATS[usize::from(selector) % FORMATS.len()];
    let parser = format.parser(path, &text, &ParseOptions::default());
    let mut parsed = Parsed::default();
    parser.parse(&text, 1, &mut parsed);
});
