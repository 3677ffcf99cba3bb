//! Record selection by date and author (`--since`, `--until`, `--author`).

use jiff::civil::Date;

use crate::record::Record;

/// Which records a run looks at; the default keeps every record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// First day kept (inclusive).
    pub since: Option<Date>,
    /// Last day kept (inclusive).
    pub until: Option<Date>,
    /// Authors kept (names as in the export, case ignored); empty keeps everyone.
    pub authors: Vec<String>,
}

impl Filter {
    pub fn is_everything(&self) -> bool {
        *self == Filter::default()
    }

    /// Whether `record` is selected. With a date bound, an undated record cannot be placed
    /// inside it and is left out.
    pub fn keeps(&self, record: &Record) -> bool {
        if self.is_everything() {
            return true;
        }
        if self.since.is_some() || self.until.is_some() {
            let Some(date) = record.when.map(|when| when.date()) else {
                return false;
            };
            if self.since.is_some_and(|since| date < since)
                || self.until.is_some_and(|until| date > until)
            {
                return false;
            }
        }
        self.authors.is_empty()
            || record
                .author
                .as_ref()
                .is_some_and(|author| self.names(author))
    }

    /// Whether `author` is one of the `--author` names, ignoring case and surrounding
    /// spaces (`--author sam` finds "Sam", `--author ngozi` finds "NGOZI").
    pub fn names(&self, author: &str) -> bool {
        let folded = |name: &str| {
            name.trim()
                .chars()
                .flat_map(char::to_lowercase)
                .collect::<String>()
        };
        let author = folded(author);
        self.authors.iter().any(|wanted| folded(wanted) == author)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Moment;
    use jiff::civil::date;

    fn record(day: Option<Date>, author: Option<&str>) -> Record {
        Record::message(
            day.map(Moment::Day),
            author.map(String::from),
            "x".into(),
            1,
        )
    }

    #[test]
    fn date_bounds_are_inclusive_and_leave_out_undated_records() {
        let filter = Filter {
            since: Some(date(2024, 1, 1)),
            until: Some(date(2024, 1, 31)),
            ..Filter::default()
        };
        assert!(filter.keeps(&record(Some(date(2024, 1, 1)), None)));
        assert!(filter.keeps(&record(Some(date(2024, 1, 31)), None)));
        assert!(!filter.keeps(&record(Some(date(2023, 12, 31)), None)));
        assert!(!filter.keeps(&record(Some(date(2024, 2, 1)), None)));
        assert!(!filter.keeps(&record(None, None)));
    }

    #[test]
    fn authors_are_matched_whole_ignoring_case() {
        let filter = Filter {
            authors: vec!["sam".into(), "İLKER".into()],
            ..Filter::default()
        };
        assert!(filter.keeps(&record(None, Some("Sam"))));
        assert!(filter.keeps(&record(None, Some("SAM "))));
        assert!(filter.keeps(&record(None, Some("i̇lker"))));
        assert!(!filter.keeps(&record(None, Some("Samuel"))));
        assert!(!filter.keeps(&record(None, None)));
        assert!(Filter::default().keeps(&record(None, None)));
    }
}
