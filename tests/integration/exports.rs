//! The real exports beside the corpus (`../exports`), each read exactly as its row of
//! `EXPECTED.tsv` says: text records, authors, first and last time. They run when
//! `CLOSEREAD_CORPUS` is set.

use std::collections::BTreeSet;

use crate::util::{closeread, exports, parse_csv};

/// One row of `EXPECTED.tsv`.
struct Expected {
    file: String,
    records: usize,
    /// `None` for formats without authors (`-`).
    authors: Option<usize>,
    first: String,
    last: String,
}

fn expected(text: &str) -> Vec<Expected> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    assert_eq!(
        header[..5],
        [
            "file",
            "records",
            "authors",
            "first_timestamp",
            "last_timestamp"
        ]
    );
    lines
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            Expected {
                file: cells[0].to_owned(),
                records: cells[1].parse().expect("records"),
                authors: cells[2].parse().ok(),
                first: cells[3].to_owned(),
                last: cells[4].to_owned(),
            }
        })
        .collect()
}

#[test]
fn every_export_is_read_as_expected() {
    let Some(dir) = exports() else { return };
    let rows = expected(&std::fs::read_to_string(dir.join("EXPECTED.tsv")).unwrap());
    assert!(rows.len() >= 13, "{} rows", rows.len());
    let mut wrong = Vec::new();
    for row in &rows {
        let output = closeread()
            .args(["tag", "-q"])
            .arg(dir.join(&row.file))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            wrong.push(format!("{}: exit {:?}: {stderr}", row.file, output.status));
            continue;
        }
        let (header, records) = parse_csv(&String::from_utf8(output.stdout).unwrap());
        let column = |name: &str| header.iter().position(|h| h == name).unwrap();
        let (time, author) = (column("timestamp"), column("author"));
        let authors: BTreeSet<&str> = records
            .iter()
            .map(|r| r[author].as_str())
            .filter(|a| !a.is_empty())
            .collect();
        let mut times: Vec<&str> = records.iter().map(|r| r[time].as_str()).collect();
        times.sort_unstable();
        // Expected times are to the minute (or the day): a prefix of ours.
        let first = times.first().copied().unwrap_or_default();
        let last = times.last().copied().unwrap_or_default();
        let got = (
            records.len(),
            authors.len(),
            first.starts_with(&row.first),
            last.starts_with(&row.last),
        );
        let want = (row.records, row.authors.unwrap_or(0), true, true);
        if got != want {
            wrong.push(format!(
                "{}: {} records, {} authors, {first}..{last}; expected {} records, {:?} authors, {}..{}",
                row.file, got.0, got.1, row.records, row.authors, row.first, row.last
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
