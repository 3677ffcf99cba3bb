//! Partial results of a shard (`trends --emit-partials`), which `closeread merge` adds up.
//!
//! A partial holds only the integer counts of `Counts` with the lexicon's categories and
//! version, as JSON: merging partials and writing the table gives the same bytes as one run
//! over every shard's inputs, because counts add up exactly and the table is derived after.

use std::path::Path;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::aggregate::{Counts, RecordCounts, Tally};
use crate::error::{Error, Result};

/// Marks the file as a closeread partial of this layout.
const KIND: &str = "closeread trends partial";
const LAYOUT: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct File {
    kind: String,
    layout: u32,
    lexicon_version: String,
    categories: Vec<String>,
    records: RecordCounts,
    undated: Tally,
    days: Vec<Day>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Day {
    date: String,
    author: Option<String>,
    #[serde(flatten)]
    tally: Tally,
}

/// Counts with the lexicon they were made with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partial {
    pub lexicon_version: String,
    pub categories: Vec<String>,
    pub counts: Counts,
}

impl Partial {
    /// The partial as JSON bytes.
    pub fn to_json(&self) -> Vec<u8> {
        let file = File {
            kind: KIND.to_owned(),
            layout: LAYOUT,
            lexicon_version: self.lexicon_version.clone(),
            categories: self.categories.clone(),
            records: self.counts.records,
            undated: self.counts.undated.clone(),
            days: self
                .counts
                .by_day
                .iter()
                .map(|((date, author), tally)| Day {
                    date: date.to_string(),
                    author: author.clone(),
                    tally: tally.clone(),
                })
                .collect(),
        };
        let mut json = serde_json::to_vec(&file).expect("counts serialise to JSON");
        json.push(b'\n');
        json
    }

    /// Reads a partial written by [`Partial::to_json`].
    pub fn read(path: &Path) -> Result<Partial> {
        let invalid = |message: String| Error::Input {
            path: path.to_owned(),
            message,
        };
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        let file: File = serde_json::from_slice(&bytes)
            .map_err(|error| invalid(format!("not a closeread partial ({error})")))?;
        if file.kind != KIND || file.layout != LAYOUT {
            return Err(invalid(format!(
                "not a partial this closeread reads ({} layout {})",
                file.kind, file.layout
            )));
        }
        let mut counts = Counts::new();
        counts.records = file.records;
        counts.undated = file.undated;
        for day in file.days {
            let date: Date = day
                .date
                .parse()
                .map_err(|_| invalid(format!("'{}' is not a date", day.date)))?;
            counts.by_day.insert((date, day.author), day.tally);
        }
        Ok(Partial {
            lexicon_version: file.lexicon_version,
            categories: file.categories,
            counts,
        })
    }

    /// Adds `other` in; partials made with different lexicons cannot be added up.
    pub fn merge(&mut self, other: Partial, other_path: &Path) -> Result<()> {
        if other.lexicon_version != self.lexicon_version || other.categories != self.categories {
            return Err(Error::Input {
                path: other_path.to_owned(),
                message: format!(
                    "made with lexicon version {}, the partials before it with {}: merge only partials of one lexicon set",
                    other.lexicon_version, self.lexicon_version
                ),
            });
        }
        self.counts.merge(other.counts);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Moment, Record};
    use crate::tag::Tags;
    use jiff::civil::date;

    fn partial(day: u8, author: &str, hits: u64) -> Partial {
        let mut counts = Counts::new();
        let record = Record::message(
            Some(Moment::Day(date(2024, 1, day as i8))),
            Some(author.to_owned()),
            "x".into(),
            1,
        );
        let tags = Tags {
            words: 10,
            matched_words: hits,
            hits: vec![hits, 0],
            negated: vec![0, 1],
            ..Tags::default()
        };
        counts.add(&record, &tags);
        counts.add(&Record::message(None, None, "y".into(), 2), &tags);
        Partial {
            lexicon_version: "abc".into(),
            categories: vec!["appreciation".into(), "conflict".into()],
            counts,
        }
    }

    #[test]
    fn json_round_trip_keeps_every_count() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.json");
        let original = partial(3, "Sam", 2);
        std::fs::write(&path, original.to_json()).unwrap();
        assert_eq!(Partial::read(&path).unwrap(), original);
    }

    #[test]
    fn merging_partials_adds_counts_and_refuses_other_lexicons() {
        let mut merged = partial(3, "Sam", 2);
        merged.merge(partial(3, "Sam", 1), Path::new("b")).unwrap();
        merged.merge(partial(4, "Alex", 1), Path::new("c")).unwrap();
        let key = (date(2024, 1, 3), Some("Sam".to_owned()));
        assert_eq!(merged.counts.by_day[&key].hits, [3, 0]);
        assert_eq!(merged.counts.by_day.len(), 2);
        assert_eq!(merged.counts.undated.passages, 3);

        let mut other = partial(5, "Sam", 1);
        other.lexicon_version = "def".into();
        let error = merged.merge(other, Path::new("shard-2.json")).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("shard-2.json: made with lexicon version def")
        );
    }

    #[test]
    fn other_json_is_not_a_partial() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        std::fs::write(&path, r#"{"kind": "something else"}"#).unwrap();
        assert!(
            Partial::read(&path)
                .unwrap_err()
                .to_string()
                .contains("not a closeread partial")
        );
    }
}
