//! Partial results of a shard (`trends --emit-partials`), which `closeread merge` adds up.
//!
//! A partial holds only the integer counts of `Counts` with the lexicon's categories and
//! version, as JSON: merging partials and writing the table gives the same bytes as one run
//! over every shard's inputs, because counts add up exactly and the table is derived after.

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::aggregate::{Counts, RecordCounts, Tally};
use crate::error::{Error, Result};
use crate::input::discover::FileId;

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
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        Partial::from_json(&bytes, path)
    }

    /// Reads the bytes of a partial; `path` names it in errors. Counts whose sum over all
    /// days does not fit in 64 bits are refused: a table sums days into periods.
    pub fn from_json(bytes: &[u8], path: &Path) -> Result<Partial> {
        let invalid = |message: String| Error::Input {
            path: path.to_owned(),
            message,
        };
        let file: File = serde_json::from_slice(bytes)
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
        let partial = Partial {
            lexicon_version: file.lexicon_version,
            categories: file.categories,
            counts,
        };
        if total(&partial.counts).is_none() {
            return Err(too_large(path));
        }
        Ok(partial)
    }

    /// Reads and adds up the partials at `paths`, refusing one given twice (the same file,
    /// or the same counts under another name), whose counts would be added twice.
    pub fn merge_files(paths: &[PathBuf]) -> Result<Partial> {
        let mut merged: Option<Partial> = None;
        let mut seen: Vec<(&Path, Option<FileId>, [u8; 32])> = Vec::new();
        for path in paths {
            let bytes = std::fs::read(path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            let partial = Partial::from_json(&bytes, path)?;
            let id = FileId::of(path);
            let hash: [u8; 32] = Sha256::digest(&bytes).into();
            // Shards that counted nothing are alike without being the same shard.
            let counted = partial.counts.records.records > 0;
            if let Some((first, ..)) = seen.iter().find(|(_, seen_id, seen_hash)| {
                (id.is_some() && *seen_id == id) || (counted && *seen_hash == hash)
            }) {
                return Err(Error::Input {
                    path: path.clone(),
                    message: format!(
                        "the same partial as {}: its counts would be added twice",
                        first.display()
                    ),
                });
            }
            seen.push((path, id, hash));
            match &mut merged {
                Some(merged) => merged.merge(partial, path)?,
                None => merged = Some(partial),
            }
        }
        merged.ok_or_else(|| Error::Usage("no partials to merge".into()))
    }

    /// Adds `other` in; partials made with different lexicons cannot be added up, nor
    /// counts whose sum would pass 2^64 (an error naming `other_path`, never a wrap).
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
        // Every cell of the merged table is a sum of some days of both; when the sums over
        // all days fit, every smaller sum does too.
        let fits = total(&self.counts)
            .zip(total(&other.counts))
            .and_then(|(mut sum, other)| add_counts(&mut sum, &other));
        if fits.is_none() {
            return Err(too_large(other_path));
        }
        self.counts.merge(other.counts);
        Ok(())
    }
}

fn too_large(path: &Path) -> Error {
    Error::Input {
        path: path.to_owned(),
        message: format!(
            "counts too large to add up (a sum passes {}): not a partial closeread wrote for real inputs",
            u64::MAX
        ),
    }
}

/// Every count of `counts` summed over all days and undated passages, or `None` when a
/// sum does not fit in 64 bits.
fn total(counts: &Counts) -> Option<(Tally, RecordCounts)> {
    let mut sum = (Tally::default(), RecordCounts::default());
    add_tally(&mut sum.0, &counts.undated)?;
    for tally in counts.by_day.values() {
        add_tally(&mut sum.0, tally)?;
    }
    add_records(&mut sum.1, &counts.records)?;
    Some(sum)
}

fn add_counts(into: &mut (Tally, RecordCounts), other: &(Tally, RecordCounts)) -> Option<()> {
    add_tally(&mut into.0, &other.0)?;
    add_records(&mut into.1, &other.1)
}

/// [`Tally::merge`] with checked additions.
fn add_tally(into: &mut Tally, other: &Tally) -> Option<()> {
    into.passages = into.passages.checked_add(other.passages)?;
    into.words = into.words.checked_add(other.words)?;
    into.matched_words = into.matched_words.checked_add(other.matched_words)?;
    for (into, other) in [
        (&mut into.hits, &other.hits),
        (&mut into.negated, &other.negated),
        (&mut into.passages_with_hit, &other.passages_with_hit),
    ] {
        if into.len() < other.len() {
            into.resize(other.len(), 0);
        }
        for (a, b) in into.iter_mut().zip(other) {
            *a = a.checked_add(*b)?;
        }
    }
    Some(())
}

/// [`RecordCounts::merge`] with checked additions.
fn add_records(into: &mut RecordCounts, other: &RecordCounts) -> Option<()> {
    into.records = into.records.checked_add(other.records)?;
    into.messages = into.messages.checked_add(other.messages)?;
    into.system = into.system.checked_add(other.system)?;
    into.media = into.media.checked_add(other.media)?;
    into.undated = into.undated.checked_add(other.undated)?;
    Some(())
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
    fn overflowing_counts_are_an_error_naming_the_partial_not_a_wrap() {
        let mut big = partial(3, "Sam", 2);
        let key = (date(2024, 1, 3), Some("Sam".to_owned()));
        big.counts.by_day.get_mut(&key).unwrap().words = u64::MAX - 5;
        let mut merged = big.clone();
        let error = merged
            .merge(partial(3, "Sam", 1), Path::new("shard-9.json"))
            .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("shard-9.json: counts too large")
        );
        assert_eq!(merged, big, "nothing was added");
        // Days that fit alone but not summed into one period are refused on reading.
        let mut days = partial(3, "Sam", 2);
        let tally = days.counts.by_day[&key].clone();
        let mut huge = tally.clone();
        huge.hits[0] = u64::MAX;
        days.counts.by_day.insert((date(2024, 1, 4), None), huge);
        let error = Partial::from_json(&days.to_json(), Path::new("p.json")).unwrap_err();
        assert!(error.to_string().contains("counts too large"), "{error}");
    }

    #[test]
    fn the_same_partial_twice_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.json");
        let copy = dir.path().join("copy.json");
        let b = dir.path().join("b.json");
        std::fs::write(&a, partial(3, "Sam", 2).to_json()).unwrap();
        std::fs::write(&copy, partial(3, "Sam", 2).to_json()).unwrap();
        std::fs::write(&b, partial(4, "Alex", 1).to_json()).unwrap();
        let merged = Partial::merge_files(&[a.clone(), b.clone()]).unwrap();
        assert_eq!(merged.counts.records.records, 4);
        for twice in [[a.clone(), b.clone(), a.clone()], [a.clone(), b, copy]] {
            let error = Partial::merge_files(&twice).unwrap_err().to_string();
            assert!(error.contains("the same partial as"), "{error}");
            assert!(error.contains("a.json"), "{error}");
        }
        // Empty shards are alike without being the same shard.
        let empty = Partial {
            lexicon_version: "abc".into(),
            categories: vec!["appreciation".into(), "conflict".into()],
            counts: Counts::new(),
        };
        let (e1, e2) = (dir.path().join("e1.json"), dir.path().join("e2.json"));
        std::fs::write(&e1, empty.to_json()).unwrap();
        std::fs::write(&e2, empty.to_json()).unwrap();
        Partial::merge_files(&[e1, e2, a]).unwrap();
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
