//! The spreadsheet-safe CSV writer on any cells: a CSV reader gets back exactly the
//! neutralised cells, no cell can start a formula, and escaping never merges two cells.
#![no_main]

use closeread::output::csv::{SheetWriter, safe_cell};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let cells: Vec<&str> = text.split('\u{1}').collect();
    let mut writer = SheetWriter::new(Vec::new());
    writer
        .write_record(&cells)
        .expect("writing to memory cannot fail");
    let bytes = writer.into_inner().expect("writing to memory cannot fail");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice());
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("valid CSV")).collect();
    assert_eq!(records.len(), 1, "one row: {bytes:?}");
    let read: Vec<&str> = records[0].iter().collect();
    let expected: Vec<String> = cells
        .iter()
        .map(|cell| safe_cell(cell).into_owned())
        .collect();
    assert_eq!(read, expected);
    for cell in &read {
        let risky = cell.trim_start().starts_with(['=', '+', '@'])
            || cell.starts_with(|c: char| c.is_control());
        assert!(!risky, "live formula {cell:?}");
    }
    // One-to-one: the first two cells differ after escaping exactly when they did before.
    if let [a, b, ..] = cells[..] {
        assert_eq!(a == b, safe_cell(a) == safe_cell(b));
    }
});
