//! Parsing helpers shared by every format: invisible characters, dates, clocks, placeholders.
//!
//! Format files hold their own grammar (where a header starts, what ends it); the pieces that
//! several formats need — reading a numeric date in a file's own field order, month and
//! weekday names, AM/PM words, the marks apps sprinkle into exports, attachment placeholders —
//! live here, once.

use jiff::civil::{Date, Time};

use crate::record::RecordKind;

// ---------------------------------------------------------------------------------------------
// Invisible characters and spaces

/// Whether `c` is a direction mark or byte-order mark that carries no text.
///
/// WhatsApp for iOS puts U+200E before generated lines and attachment names, phone numbers
/// come wrapped in U+202A…U+202C, and a BOM can survive concatenated exports.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// Appends `text` to `out` without its invisible marks (see [`is_invisible`]).
///
/// All those marks encode as three bytes starting with 0xE2 or 0xEF, so text without either
/// byte (nearly all of it) is copied in one go.
pub fn push_visible(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    for at in memchr::memchr2_iter(0xE2, 0xEF, bytes) {
        if at < copied {
            continue;
        }
        let Some(c) = text.get(at..).and_then(|tail| tail.chars().next()) else {
            continue;
        };
        if is_invisible(c) {
            out.push_str(text.get(copied..at).unwrap_or_default());
            copied = at + c.len_utf8();
        }
    }
    out.push_str(text.get(copied..).unwrap_or_default());
}

/// `text` without its invisible marks.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_visible(&mut out, text);
    out
}

/// `text` without leading invisible marks.
pub fn skip_invisible(text: &str) -> &str {
    text.trim_start_matches(is_invisible)
}

/// Whether `c` separates words inside a date or clock: a space, a tab, or one of the
/// no-break spaces (U+00A0, U+202F narrow, U+2009 thin) that iOS and Android 14+ put before
/// "PM".
pub fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{A0}' | '\u{202F}' | '\u{2009}')
}

/// Byte length of the run of [`is_space`] characters at the start of `text`.
pub fn space_len(text: &str) -> usize {
    text.len() - text.trim_start_matches(is_space).len()
}

// ---------------------------------------------------------------------------------------------
// Clocks

/// Morning or afternoon on a 12-hour clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meridiem {
    Am,
    Pm,
}

impl Meridiem {
    /// The 24-hour hour for `hour` on a 12-hour clock; `12 AM` is 0 and `00:08 AM` stays 0.
    /// An hour already past 12 is taken as it stands.
    pub fn to_24h(self, hour: u8) -> u8 {
        match self {
            _ if hour > 12 => hour,
            Meridiem::Am => hour % 12,
            Meridiem::Pm => hour % 12 + 12,
        }
    }
}

/// AM/PM words, lower case, with their dots and inner spaces left out: `a. m.` and `p.m.`
/// (Spanish, Catalan, English Android), `vorm.`/`nachm.` (older German Android), `π.μ.`/`μ.μ.`
/// (Greek), and the words that Chinese, Japanese and Korean exports put before the time.
const MERIDIEM_WORDS: &[(&str, Meridiem)] = &[
    ("am", Meridiem::Am),
    ("pm", Meridiem::Pm),
    ("vorm", Meridiem::Am),
    ("nachm", Meridiem::Pm),
    ("πμ", Meridiem::Am),
    ("μμ", Meridiem::Pm),
    ("上午", Meridiem::Am),
    ("下午", Meridiem::Pm),
    ("午前", Meridiem::Am),
    ("午後", Meridiem::Pm),
    ("오전", Meridiem::Am),
    ("오후", Meridiem::Pm),
];

/// Reads an AM/PM word at the start of `text`, returning it and its byte length.
///
/// Dots and spaces (including no-break spaces) may sit between and after the letters, case is
/// ignored, and the word must not run on into more letters (`amber` is no `am`); a digit may follow,
/// as in `下午3:58`.
pub fn meridiem_prefix(text: &str) -> Option<(Meridiem, usize)> {
    let first = text.chars().next()?;
    if first.is_ascii_digit() || first.is_ascii_punctuation() || is_space(first) {
        return None;
    }
    MERIDIEM_WORDS.iter().find_map(|&(word, meridiem)| {
        let len = match_spaced_word(text, word)?;
        Some((meridiem, len))
    })
}

/// Byte length of `word` at the start of `text`, letters compared case-insensitively, with
/// dots and spaces allowed between the letters and one dot after them.
fn match_spaced_word(text: &str, word: &str) -> Option<usize> {
    let mut chars = text.char_indices().peekable();
    let mut expected = word.chars().peekable();
    let mut end = 0;
    while let Some(want) = expected.next() {
        let (at, got) = chars.next()?;
        if !got.to_lowercase().eq(std::iter::once(want)) {
            return None;
        }
        end = at + got.len_utf8();
        if expected.peek().is_some() {
            while let Some(&(_, c)) = chars.peek() {
                if c == '.' || is_space(c) {
                    chars.next();
                } else {
                    break;
                }
            }
        }
    }
    if let Some(&(at, '.')) = chars.peek() {
        end = at + 1;
        chars.next();
    }
    match chars.peek() {
        Some(&(_, c)) if c.is_alphabetic() => None,
        _ => Some(end),
    }
}

/// A civil time from clock fields, or `None` when a field is out of range.
pub fn clock(hour: u8, minute: u8, second: u8, meridiem: Option<Meridiem>) -> Option<Time> {
    let hour = meridiem.map_or(hour, |m| m.to_24h(hour));
    Time::new(
        i8::try_from(hour).ok()?,
        i8::try_from(minute).ok()?,
        i8::try_from(second).ok()?,
        0,
    )
    .ok()
}

// ---------------------------------------------------------------------------------------------
// Numeric dates and their field order

/// A date as written with three numbers (`13/06/18`, `2018-06-13`, `6.13.2018`), before its
/// field order is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateFields {
    pub values: [u16; 3],
    /// How many digits each field was written with; a field of three or more is the year.
    pub digits: [u8; 3],
}

/// A year written with one or two digits is in this century: chat exports began in 2009.
pub fn expand_year(value: u16, digits: u8) -> i32 {
    if digits <= 2 {
        2000 + i32::from(value)
    } else {
        i32::from(value)
    }
}

/// The order of day, month and year in a file's numeric dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    DayMonthYear,
    MonthDayYear,
    YearMonthDay,
}

impl DateOrder {
    /// Preference when the data cannot tell: day first, as most of the world writes it.
    const ALL: [DateOrder; 3] = [
        DateOrder::DayMonthYear,
        DateOrder::MonthDayYear,
        DateOrder::YearMonthDay,
    ];

    /// Infers a file's date order from its dates, in file order.
    ///
    /// The order under which fewest dates are impossible wins (a field over 12 cannot be a
    /// month); among those, the one under which dates go backwards least often; then day
    /// first, then month first.
    pub fn infer(dates: &[DateFields]) -> DateOrder {
        let mut best = DateOrder::DayMonthYear;
        let mut best_score = (usize::MAX, usize::MAX);
        for order in DateOrder::ALL {
            let mut invalid = 0;
            let mut backwards = 0;
            let mut previous = None;
            for fields in dates {
                match order.resolve_strict(fields) {
                    Some(date) => {
                        if previous.is_some_and(|p| p > date) {
                            backwards += 1;
                        }
                        previous = Some(date);
                    }
                    None => invalid += 1,
                }
            }
            if (invalid, backwards) < best_score {
                best = order;
                best_score = (invalid, backwards);
            }
        }
        best
    }

    /// Year, month and day under this order, before checking they make a date.
    ///
    /// A field of three or more digits is the year wherever it stands; when it stands first
    /// the month follows (nobody writes year-day-month), otherwise the other two keep this
    /// order's day/month order.
    fn fields(self, fields: &DateFields) -> (i32, u16, u16) {
        let [a, b, c] = fields.values;
        let year = |at: usize| expand_year(fields.values[at], fields.digits[at]);
        let (year, first, second) = match fields.digits.iter().position(|&d| d >= 3) {
            Some(0) => return (year(0), b, c),
            Some(1) => (year(1), a, c),
            Some(_) => (year(2), a, b),
            None if self == DateOrder::YearMonthDay => return (year(0), b, c),
            None => (year(2), a, b),
        };
        if self == DateOrder::DayMonthYear {
            (year, second, first)
        } else {
            (year, first, second)
        }
    }

    /// The date under this order exactly, or `None` if it is not a real date.
    pub fn resolve_strict(self, fields: &DateFields) -> Option<Date> {
        let (year, month, day) = self.fields(fields);
        make_date(year, month, day)
    }

    /// The date under this order; when the month comes out over 12 and the day would do as a
    /// month, the two swap, so one odd line in a file does not lose its date.
    pub fn resolve(self, fields: &DateFields) -> Option<Date> {
        let (year, month, day) = self.fields(fields);
        make_date(year, month, day).or_else(|| {
            if month > 12 && day <= 12 {
                make_date(year, day, month)
            } else {
                None
            }
        })
    }
}

/// A date from unchecked numbers, or `None` when they do not make one.
pub fn make_date(year: i32, month: u16, day: u16) -> Option<Date> {
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

/// The numbers of a date written year first (`2024-03-01`, `2024/3/1`, `2024.03.01`) filling
/// the whole of `text`, whether or not they make a real date.
pub fn iso_fields(text: &str) -> Option<(i32, u16, u16)> {
    let mut parts = text.splitn(3, ['-', '/', '.']);
    let year = parts.next()?;
    let month = parts.next()?;
    let day = parts.next()?;
    if year.len() != 4 || !(1..=2).contains(&month.len()) || !(1..=2).contains(&day.len()) {
        return None;
    }
    let number = |s: &str| -> Option<u16> {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    Some((i32::from(number(year)?), number(month)?, number(day)?))
}

/// A date written year first (see [`iso_fields`]), if it is a real date.
pub fn iso_date(text: &str) -> Option<Date> {
    let (year, month, day) = iso_fields(text)?;
    make_date(year, month, day)
}

// ---------------------------------------------------------------------------------------------
// Month and weekday names

/// Month names and abbreviations in English, German, French and Spanish, lower case.
const MONTHS: [&[&str]; 12] = [
    &[
        "january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene",
    ],
    &[
        "february", "feb", "februar", "février", "févr", "fevrier", "febrero",
    ],
    &["march", "mar", "märz", "mär", "mars", "marzo"],
    &["april", "apr", "avril", "avr", "abril", "abr"],
    &["may", "mai", "mayo"],
    &["june", "jun", "juni", "juin", "junio"],
    &["july", "jul", "juli", "juillet", "juil", "julio"],
    &["august", "aug", "août", "aout", "agosto", "ago"],
    &[
        "september",
        "sep",
        "sept",
        "septembre",
        "septiembre",
        "setiembre",
    ],
    &["october", "oct", "oktober", "okt", "octobre", "octubre"],
    &["november", "nov", "novembre", "noviembre"],
    &[
        "december",
        "dec",
        "dezember",
        "dez",
        "décembre",
        "decembre",
        "diciembre",
        "dic",
    ],
];

/// Weekday names and abbreviations in English, German, French and Spanish, lower case.
const WEEKDAYS: &[&str] = &[
    "monday",
    "mon",
    "tuesday",
    "tue",
    "tues",
    "wednesday",
    "wed",
    "thursday",
    "thu",
    "thur",
    "thurs",
    "friday",
    "fri",
    "saturday",
    "sat",
    "sunday",
    "sun",
    "montag",
    "mo",
    "dienstag",
    "di",
    "mittwoch",
    "mi",
    "donnerstag",
    "do",
    "freitag",
    "fr",
    "samstag",
    "sonnabend",
    "sa",
    "sonntag",
    "so",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "lunes",
    "martes",
    "miércoles",
    "miercoles",
    "jueves",
    "viernes",
    "sábado",
    "sabado",
    "domingo",
];

/// Whether `word` equals `lower` ignoring case; `lower` is already lower case.
fn eq_lower(word: &str, lower: &str) -> bool {
    if word.is_ascii() {
        word.eq_ignore_ascii_case(lower)
    } else {
        word.chars().flat_map(char::to_lowercase).eq(lower.chars())
    }
}

/// The month (1–12) a name or abbreviation stands for; a trailing dot is allowed (`Sept.`).
pub fn month_number(word: &str) -> Option<u16> {
    let word = word.strip_suffix('.').unwrap_or(word);
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .zip(1..)
        .find_map(|(names, number)| names.iter().any(|n| eq_lower(word, n)).then_some(number))
}

/// Whether `word` is a weekday name or abbreviation; a trailing dot is allowed (`Mon.`).
pub fn is_weekday(word: &str) -> bool {
    let word = word.strip_suffix('.').unwrap_or(word);
    WEEKDAYS.iter().any(|w| eq_lower(word, w))
}

/// A day of the month written as a number, maybe with an ordinal ending: `1`, `1st`, `2nd`,
/// `3rd`, `4th`, `1.` (German), `1er` (French), `1º` (Spanish).
pub fn day_number(word: &str) -> Option<u16> {
    let digits = word.len() - word.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let (number, suffix) = word.split_at(digits);
    let ordinal = ["", ".", "st", "nd", "rd", "th", "er", "º", "°"]
        .iter()
        .any(|s| eq_lower(suffix, s));
    let day: u16 = number.parse().ok()?;
    (ordinal && (1..=31).contains(&day)).then_some(day)
}

// ---------------------------------------------------------------------------------------------
// Placeholders chat apps write instead of content

/// Whole-line placeholders for attachments left out of an export.
const MEDIA_LINES: &[&str] = &[
    "<Media omitted>",
    "<Medien ausgeschlossen>",
    "<Medien weggelassen>",
    "<Multimedia omitido>",
    "<Multimedia omitidos>",
    "<Médias omis>",
    "<Media weggelaten>",
    "<Mídia oculta>",
    "<Media omessi>",
    "image omitted",
    "video omitted",
    "audio omitted",
    "sticker omitted",
    "GIF omitted",
    "Contact card omitted",
    "contact card omitted",
    "Bild weggelassen",
    "Video weggelassen",
    "Audio weggelassen",
    "Sticker weggelassen",
    "GIF weggelassen",
    "imagen omitida",
    "video omitido",
    "audio omitido",
    "sticker omitido",
    "GIF omitido",
];

/// Endings of a line that names an attached file: `IMG-1.jpg (file attached)`,
/// `photo.jpg <attached>`, `report.pdf • 3 pages document omitted`.
const MEDIA_ENDINGS: &[&str] = &[
    "<attached>",
    "(file attached)",
    "(Datei angehängt)",
    "(fichier joint)",
    "(archivo adjunto)",
    "(arquivo anexado)",
    "(file allegato)",
    "(bestand bijgevoegd)",
    "document omitted",
    "Dokument weggelassen",
    "documento omitido",
];

/// Lines the app writes for a message that is gone, compared without a final full stop.
const SYSTEM_LINES: &[&str] = &[
    "This message was deleted",
    "You deleted this message",
    "This message was deleted by admin",
    "Waiting for this message. This may take a while",
    "Diese Nachricht wurde gelöscht",
    "Du hast diese Nachricht gelöscht",
    "Se eliminó este mensaje",
    "Eliminaste este mensaje",
    "Ce message a été supprimé",
    "Vous avez supprimé ce message",
    "null",
];

/// Beginnings of lines the app writes for calls.
const SYSTEM_BEGINNINGS: &[&str] = &[
    "Missed voice call",
    "Missed video call",
    "Missed group voice call",
    "Missed group video call",
    "Verpasster Sprachanruf",
    "Verpasster Videoanruf",
    "Llamada perdida",
    "Videollamada perdida",
    "Appel vocal manqué",
    "Appel vidéo manqué",
];

/// What kind of record a line of message text is when the app wrote it rather than a person:
/// `Media` for attachment placeholders, `System` for deleted messages and calls, `None` for
/// ordinary text. `line` is one line, invisible marks already removed.
pub fn placeholder_kind(line: &str) -> Option<RecordKind> {
    let line = line.trim();
    if line.is_empty() || line.len() > 512 {
        return None;
    }
    let is_media = MEDIA_LINES.contains(&line)
        || ((line.starts_with("<attached:") || line.starts_with("< attached:"))
            && line.ends_with('>'))
        || MEDIA_ENDINGS.iter().any(|e| line.ends_with(e));
    if is_media {
        return Some(RecordKind::Media);
    }
    let sentence = line.strip_suffix('.').unwrap_or(line);
    if SYSTEM_LINES.contains(&sentence) || SYSTEM_BEGINNINGS.iter().any(|b| line.starts_with(b)) {
        return Some(RecordKind::System);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(values: [u16; 3], digits: [u8; 3]) -> DateFields {
        DateFields { values, digits }
    }

    fn date(y: i16, m: i8, d: i8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    #[test]
    fn invisible_marks_are_removed_and_other_text_kept() {
        let case = |input: &str, expected: &str| assert_eq!(visible(input), expected, "{input:?}");
        case("plain text", "plain text");
        case("\u{200E}image omitted", "image omitted");
        case("a\u{200F}b\u{FEFF}c", "abc");
        case("\u{202A}+1 234 567\u{202C}", "+1 234 567");
        case("“curly” – quotes\u{202F}PM", "“curly” – quotes\u{202F}PM");
        case("😀\u{200E}", "😀");
        case("", "");
        assert_eq!(skip_invisible("\u{200E}\u{200F}[1/2/19"), "[1/2/19");
    }

    #[test]
    fn spaces_include_no_break_spaces() {
        assert_eq!(space_len(" \u{A0}\u{202F}x"), 1 + 2 + 3);
        assert_eq!(space_len("x "), 0);
    }

    #[test]
    fn meridiem_words_in_their_spellings() {
        let case = |input: &str, expected: Option<(Meridiem, usize)>| {
            assert_eq!(meridiem_prefix(input), expected, "{input:?}");
        };
        case("PM - a", Some((Meridiem::Pm, 2)));
        case("am]", Some((Meridiem::Am, 2)));
        case("a.m. - x", Some((Meridiem::Am, 4)));
        case("a. m. - x", Some((Meridiem::Am, 5)));
        case("p.\u{A0}m.]", Some((Meridiem::Pm, 6)));
        case("P.M.", Some((Meridiem::Pm, 4)));
        case("nachm. - x", Some((Meridiem::Pm, 6)));
        case("下午3:58", Some((Meridiem::Pm, 6)));
        case("a: m", None);
        case("amber", None);
        case("- a: m", None);
        case("", None);
    }

    #[test]
    fn twelve_hour_clock() {
        let case = |hour, meridiem, expected| {
            assert_eq!(
                Meridiem::to_24h(meridiem, hour),
                expected,
                "{hour} {meridiem:?}"
            );
        };
        case(12, Meridiem::Am, 0);
        case(0, Meridiem::Am, 0);
        case(11, Meridiem::Am, 11);
        case(12, Meridiem::Pm, 12);
        case(1, Meridiem::Pm, 13);
        case(11, Meridiem::Pm, 23);
        case(15, Meridiem::Pm, 15);
        assert_eq!(
            clock(8, 49, 0, Some(Meridiem::Pm)),
            Time::new(20, 49, 0, 0).ok()
        );
        assert_eq!(clock(24, 0, 0, None), None);
        assert_eq!(clock(10, 60, 0, None), None);
    }

    #[test]
    fn two_digit_years_are_this_century() {
        assert_eq!(expand_year(19, 2), 2019);
        assert_eq!(expand_year(9, 1), 2009);
        assert_eq!(expand_year(1999, 4), 1999);
    }

    #[test]
    fn a_field_over_12_decides_the_order() {
        let day_first = [
            fields([1, 1, 19], [2, 2, 2]),
            fields([20, 1, 19], [2, 2, 2]),
        ];
        assert_eq!(DateOrder::infer(&day_first), DateOrder::DayMonthYear);
        let month_first = [
            fields([1, 1, 19], [2, 2, 2]),
            fields([1, 20, 19], [2, 2, 2]),
        ];
        assert_eq!(DateOrder::infer(&month_first), DateOrder::MonthDayYear);
    }

    #[test]
    fn increasing_dates_decide_when_no_field_is_over_12() {
        // 05/01, 06/01, 01/02: day first runs Jan 5, Jan 6, Feb 1; month first goes back.
        let day_first = [
            fields([5, 1, 20], [2, 2, 2]),
            fields([6, 1, 20], [2, 2, 2]),
            fields([1, 2, 20], [2, 2, 2]),
        ];
        assert_eq!(DateOrder::infer(&day_first), DateOrder::DayMonthYear);
        let month_first = [
            fields([1, 5, 20], [2, 2, 2]),
            fields([1, 6, 20], [2, 2, 2]),
            fields([2, 1, 20], [2, 2, 2]),
        ];
        assert_eq!(DateOrder::infer(&month_first), DateOrder::MonthDayYear);
    }

    #[test]
    fn day_first_when_nothing_decides() {
        let undecided = [fields([1, 2, 20], [2, 2, 2]), fields([1, 3, 20], [2, 2, 2])];
        assert_eq!(DateOrder::infer(&undecided), DateOrder::DayMonthYear);
        assert_eq!(DateOrder::infer(&[]), DateOrder::DayMonthYear);
    }

    #[test]
    fn a_four_digit_field_is_the_year_wherever_it_stands() {
        let dmy = DateOrder::DayMonthYear;
        let mdy = DateOrder::MonthDayYear;
        assert_eq!(
            dmy.resolve(&fields([2018, 6, 13], [4, 2, 2])),
            Some(date(2018, 6, 13))
        );
        assert_eq!(
            mdy.resolve(&fields([2018, 6, 3], [4, 2, 1])),
            Some(date(2018, 6, 3))
        );
        assert_eq!(
            dmy.resolve(&fields([3, 6, 2018], [1, 1, 4])),
            Some(date(2018, 6, 3))
        );
        assert_eq!(
            mdy.resolve(&fields([3, 6, 2018], [1, 1, 4])),
            Some(date(2018, 3, 6))
        );
        assert_eq!(
            dmy.resolve(&fields([6, 2018, 13], [2, 4, 2])),
            Some(date(2018, 6, 13))
        );
        let ymd = DateOrder::YearMonthDay;
        assert_eq!(
            ymd.resolve(&fields([19, 6, 20], [2, 2, 2])),
            Some(date(2019, 6, 20))
        );
        // Year first with four digits reads year-month-day whatever the file's order.
        let ambiguous = [
            fields([2019, 1, 2], [4, 2, 2]),
            fields([2019, 1, 5], [4, 2, 2]),
        ];
        let order = DateOrder::infer(&ambiguous);
        assert_eq!(order.resolve(&ambiguous[1]), Some(date(2019, 1, 5)));
    }

    #[test]
    fn resolve_swaps_an_impossible_month_but_strict_does_not() {
        let dmy = DateOrder::DayMonthYear;
        let odd = fields([6, 13, 18], [2, 2, 2]);
        assert_eq!(dmy.resolve(&odd), Some(date(2018, 6, 13)));
        assert_eq!(dmy.resolve_strict(&odd), None);
        assert_eq!(dmy.resolve(&fields([31, 2, 23], [2, 2, 2])), None);
        assert_eq!(dmy.resolve(&fields([0, 0, 0], [1, 1, 1])), None);
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso_date("2024-03-01"), Some(date(2024, 3, 1)));
        assert_eq!(iso_date("1660/1/1"), Some(date(1660, 1, 1)));
        assert_eq!(iso_date("2024.03.01"), Some(date(2024, 3, 1)));
        assert_eq!(iso_date("2024-02-30"), None);
        assert_eq!(iso_date("24-03-01"), None);
        assert_eq!(iso_date("2024-03-01x"), None);
        assert_eq!(iso_date("2024-+3-01"), None);
        assert_eq!(iso_fields("2024-02-30"), Some((2024, 2, 30)));
    }

    #[test]
    fn month_weekday_and_day_words() {
        assert_eq!(month_number("March"), Some(3));
        assert_eq!(month_number("sept."), Some(9));
        assert_eq!(month_number("MÄRZ"), Some(3));
        assert_eq!(month_number("août"), Some(8));
        assert_eq!(month_number("diciembre"), Some(12));
        assert_eq!(month_number("Marchx"), None);
        assert_eq!(month_number("ma"), None);
        assert!(is_weekday("Monday"));
        assert!(is_weekday("Thu."));
        assert!(is_weekday("miércoles"));
        assert!(!is_weekday("Moonday"));
        assert_eq!(day_number("1st"), Some(1));
        assert_eq!(day_number("22nd"), Some(22));
        assert_eq!(day_number("3RD"), Some(3));
        assert_eq!(day_number("1."), Some(1));
        assert_eq!(day_number("31"), Some(31));
        assert_eq!(day_number("32"), None);
        assert_eq!(day_number("1x"), None);
        assert_eq!(day_number("2024"), None);
        assert_eq!(day_number("th"), None);
    }

    #[test]
    fn placeholders() {
        let case = |line: &str, expected: Option<RecordKind>| {
            assert_eq!(placeholder_kind(line), expected, "{line:?}");
        };
        let media = Some(RecordKind::Media);
        let system = Some(RecordKind::System);
        case("<Media omitted>", media);
        case("<attached: 00000001-PHOTO-2019-06-20-16-00-15.jpg>", media);
        case(
            "< attached: 00000042-PHOTO-2020-06-07-15-13-20.jpg >",
            media,
        );
        case("2015-08-04-PHOTO-00004762.jpg <attached>", media);
        case("IMG-20210428-WA0001.jpg (file attached)", media);
        case("4f2680f1.jpg (Datei angehängt)", media);
        case("image omitted", media);
        case("GIF omitted", media);
        case("report.pdf • 3 pages document omitted", media);
        case("This message was deleted", system);
        case("You deleted this message.", system);
        case("Missed voice call", system);
        case("Missed video call, tap to call back", system);
        case("I omitted the image", None);
        case("Hello there", None);
        case("", None);
    }
}
