//! Reading a date or date-time that fills one field: a CSV cell or a JSON string.
//!
//! ISO 8601 (`2024-03-01`, `2024-03-01 17:30`, `2024-03-01T17:30:00.123+02:00`) is read as
//! written: an offset does not move the clock, so the time is the local time the export
//! shows. Numeric dates (`6/14/2024 5:30 PM`, `14.06.24 17:30`) use a date order inferred
//! from the whole file with `common::DateOrder`, and named months (`14-Jun-24 05:30 PM`,
//! `June 14, 2024`) read in any order.

use jiff::civil::{Date, Time};
use jiff::fmt::temporal::Pieces;

use super::common::{self, DateFields, DateOrder};
use crate::record::Moment;

/// The numeric date at the start of `text`, for inferring a file's date order.
pub fn numeric_fields(text: &str) -> Option<DateFields> {
    let (date, _) = split_date(text.trim());
    let mut values = [0u16; 3];
    let mut digits = [0u8; 3];
    let mut parts = date.split(['/', '.', '-']);
    for at in 0..3 {
        let part = parts.next()?;
        if part.is_empty() || part.len() > 4 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        values[at] = part.parse().ok()?;
        digits[at] = part.len() as u8;
    }
    (parts.next().is_none() || date.ends_with('.')).then_some(DateFields { values, digits })
}

/// Infers the date order of a file's numeric dates (day first when nothing tells).
pub fn infer_order<'a>(cells: impl IntoIterator<Item = &'a str>) -> DateOrder {
    let fields: Vec<DateFields> = cells.into_iter().filter_map(numeric_fields).collect();
    DateOrder::infer(&fields)
}

/// Reads `text` as a day or a date-time; `None` when it is neither.
pub fn read(text: &str, order: DateOrder) -> Option<Moment> {
    let text = common::visible(text);
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(pieces) = Pieces::parse(text) {
        return Some(match pieces.time() {
            Some(time) => Moment::Time(pieces.date().to_datetime(time)),
            None => Moment::Day(pieces.date()),
        });
    }
    let (date_text, rest) = split_date(text);
    let date_text = date_text.strip_suffix(" at").unwrap_or(date_text);
    let date = numeric_date(date_text, order).or_else(|| named_date(date_text))?;
    let rest = rest.trim();
    if rest.is_empty() {
        return Some(Moment::Day(date));
    }
    read_clock(rest).map(|time| Moment::Time(date.to_datetime(time)))
}

/// Splits `text` before the clock: at the first `h:mm` group's word.
fn split_date(text: &str) -> (&str, &str) {
    let Some(colon) = text.find(':') else {
        return (text, "");
    };
    let start = text[..colon].rfind([' ', 'T', ',']).map_or(0, |at| at + 1);
    (
        text[..start].trim_end_matches([' ', 'T', ',']),
        &text[start..],
    )
}

fn numeric_date(text: &str, order: DateOrder) -> Option<Date> {
    order.resolve(&numeric_fields(text)?)
}

/// `14-Jun-24`, `14 June 2024`, `June 14, 2024`, `Mon, 14 Jun 2024`.
fn named_date(text: &str) -> Option<Date> {
    let words: Vec<&str> = text
        .split([' ', '-', ',', '/'])
        .filter(|word| !word.is_empty() && !common::is_weekday(word))
        .collect();
    let [a, b, c] = words.as_slice() else {
        return None;
    };
    let year = |word: &str| -> Option<i32> {
        (word.len() == 2 || word.len() == 4)
            .then(|| word.parse::<u16>().ok())
            .flatten()
            .map(|value| common::expand_year(value, word.len() as u8))
    };
    let (month, day, year) = match (common::month_number(a), common::month_number(b)) {
        (Some(month), _) => (month, common::day_number(b)?, year(c)?),
        (None, Some(month)) => (month, common::day_number(a)?, year(c)?),
        _ => return None,
    };
    common::make_date(year, month, day)
}

/// `17:30`, `5:30 PM`, `05:30:12 p.m.`
fn read_clock(text: &str) -> Option<Time> {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(text.len());
    let (digits, rest) = text.split_at(end);
    let mut numbers = digits.split(':');
    let hour: u8 = numbers.next()?.parse().ok()?;
    let minute: u8 = numbers.next()?.parse().ok()?;
    let second: u8 = match numbers.next() {
        Some(second) => second.split('.').next()?.parse().ok()?,
        None => 0,
    };
    let rest = rest.trim_start_matches(common::is_space);
    let meridiem = match rest {
        "" => None,
        _ => Some(common::meridiem_prefix(rest)?.0),
    };
    common::clock(hour, minute, second, meridiem)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(text: &str, order: DateOrder, expected: Option<&str>) {
        let got = read(text, order).map(|moment| moment.to_string());
        assert_eq!(got.as_deref(), expected, "{text:?}");
    }

    #[test]
    fn iso_dates_keep_the_clock_as_written() {
        let order = DateOrder::DayMonthYear;
        case("2024-03-01", order, Some("2024-03-01"));
        case("1660-01-01", order, Some("1660-01-01"));
        case("2024-03-01 17:30", order, Some("2024-03-01T17:30:00"));
        case(
            "2020-09-11T21:37:19.384+02:00",
            order,
            Some("2020-09-11T21:37:19.384"),
        );
        case("2020-09-11T21:37:19Z", order, Some("2020-09-11T21:37:19"));
        case("", order, None);
        case("soon", order, None);
    }

    #[test]
    fn numeric_and_named_dates() {
        case(
            "6/14/2024 5:30 PM",
            DateOrder::MonthDayYear,
            Some("2024-06-14T17:30:00"),
        );
        case(
            "14.06.24 17:30",
            DateOrder::DayMonthYear,
            Some("2024-06-14T17:30:00"),
        );
        case("14.06.2024", DateOrder::DayMonthYear, Some("2024-06-14"));
        case(
            "14-Jun-24 05:30 PM",
            DateOrder::MonthDayYear,
            Some("2024-06-14T17:30:00"),
        );
        case("June 14, 2024", DateOrder::DayMonthYear, Some("2024-06-14"));
        case(
            "Mon, 14 Jun 2024 12:00:05",
            DateOrder::DayMonthYear,
            Some("2024-06-14T12:00:05"),
        );
        case(
            "June 14, 2024 at 9:05 AM",
            DateOrder::DayMonthYear,
            Some("2024-06-14T09:05:00"),
        );
        case("6/14/2024 25:30", DateOrder::MonthDayYear, None);
    }

    #[test]
    fn order_is_inferred_from_the_cells() {
        assert_eq!(
            infer_order(["6/14/2024 5:30 PM", "6/15/2024 1:00 AM"]),
            DateOrder::MonthDayYear
        );
        assert_eq!(infer_order(["14/6/2024", "x"]), DateOrder::DayMonthYear);
    }
}
