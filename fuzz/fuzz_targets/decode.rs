//! Any bytes decode without panicking; pieces end at line breaks (but the last), and no
//! carriage return is left standing alone as a line break.
#![no_main]

use closeread::input::decode::{Opened, TextReader};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&size, bytes)) = data.split_first() else {
        return;
    };
    let min_len = usize::from(size) * 64 + 1;
    let Ok(Opened::Text(mut reader)) = TextReader::open(bytes) else {
        return;
    };
    let mut text = String::new();
    let mut ended_early = false;
    while let Some(piece) = reader
        .next_text(min_len)
        .expect("reading a slice cannot fail")
    {
        assert!(
            !ended_early,
            "a piece without a line break was not the last"
        );
        ended_early = !piece.ends_with('\n');
        text.push_str(&piece);
    }
    let bytes = text.as_bytes();
    for (at, _) in bytes.iter().enumerate().filter(|(_, b)| **b == b'\r') {
        assert!(
            matches!(bytes.get(at + 1), Some(b'\r' | b'\n')),
            "lone CR at {at}"
        );
    }
    assert_eq!(
        reader.lines_read(),
        bytes.iter().filter(|b| **b == b'\n').count() as u64
    );
});
