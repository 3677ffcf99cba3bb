//! Parsing helpers shared by every format: invisible characters, dates, clocks, placeholders.
//!
//! Format files hold their own grammar (where a header starts, what ends it); the pieces that
//! several formats need — reading a numeric date in a file's own field order, month and
//! weekday names, AM/PM words, the marks apps sprinkle into exports, attachment placeholders —
//! live here, once.

use rustc_hash::FxHashSet;
use std::sync::LazyLock;

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
// Digits of any script

/// The zero of each run of ten decimal digits that phones write dates in: ASCII, Arabic-Indic,
/// Persian (Extended Arabic-Indic), Devanagari, Bengali, Gurmukhi, Gujarati, Tamil, Telugu,
/// Kannada, Malayalam, Thai, Lao, Myanmar, Khmer and full-width digits.
const DIGIT_ZEROS: &[char] = &[
    '0', '\u{0660}', '\u{06F0}', '\u{0966}', '\u{09E6}', '\u{0A66}', '\u{0AE6}', '\u{0BE6}',
    '\u{0C66}', '\u{0CE6}', '\u{0D66}', '\u{0E50}', '\u{0ED0}', '\u{1040}', '\u{17E0}', '\u{FF10}',
];

/// The value of a decimal digit in any of the scripts of [`DIGIT_ZEROS`], found by its
/// Unicode range (`char::to_digit` knows only ASCII).
pub fn digit_value(c: char) -> Option<u8> {
    if c.is_ascii() {
        return c.is_ascii_digit().then(|| c as u8 - b'0');
    }
    DIGIT_ZEROS.iter().find_map(|&zero| {
        let offset = u32::from(c).checked_sub(u32::from(zero))?;
        (offset < 10).then_some(offset as u8)
    })
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
/// (Greek), `ص`/`م` (Arabic), `ق.ظ.`/`ب.ظ.` (Persian), `SA`/`CH` (Vietnamese), and the words
/// that Chinese, Japanese and Korean exports put before the time.
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
    ("ص", Meridiem::Am),
    ("م", Meridiem::Pm),
    ("قظ", Meridiem::Am),
    ("بظ", Meridiem::Pm),
    ("sa", Meridiem::Am),
    ("ch", Meridiem::Pm),
];

/// Reads an AM/PM word at the start of `text`, returning it and its byte length.
///
/// Dots and spaces (including no-break spaces) may sit between and after the letters, case is
/// ignored, and the word must not run on into more letters (`amber` is no `am`); a digit may follow,
/// as in `下午3:58`.
pub fn meridiem_prefix(text: &str) -> Option<(Meridiem, usize)> {
    // Most text a header asks about starts with a digit or punctuation: no need to decode it.
    let byte = *text.as_bytes().first()?;
    if byte.is_ascii_digit() || byte.is_ascii_punctuation() || byte == b' ' || byte == b'\t' {
        return None;
    }
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

    /// Infers a file's date order from its dates, in file order (see [`OrderEvidence`]).
    pub fn infer(dates: &[DateFields]) -> DateOrder {
        let mut evidence = OrderEvidence::default();
        for fields in dates {
            evidence.add(fields);
        }
        evidence.best().0
    }

    /// How the order is named in a warning.
    pub fn describe(self) -> &'static str {
        match self {
            DateOrder::DayMonthYear => "day/month/year",
            DateOrder::MonthDayYear => "month/day/year",
            DateOrder::YearMonthDay => "year/month/day",
        }
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

/// What a file's dates say about their order, gathered one date at a time in file order, so a
/// whole file can be weighed in constant memory.
///
/// The order under which fewest dates are impossible wins (a field over 12 cannot be a
/// month); among those, the one under which dates go backwards least often; then day first,
/// then month first.
#[derive(Debug, Clone, Default)]
pub struct OrderEvidence {
    /// Per order of [`DateOrder::ALL`]: impossible dates, steps backwards, the last date.
    scores: [(usize, usize, Option<Date>); 3],
    /// Dates that day-first and month-first both read, as different days.
    ambiguous: usize,
    /// Dates seen, and those written with a four-digit year first, which no order changes.
    dates: usize,
    year_first: usize,
}

impl OrderEvidence {
    pub fn add(&mut self, fields: &DateFields) {
        let day_first = DateOrder::DayMonthYear.resolve_strict(fields);
        let month_first = DateOrder::MonthDayYear.resolve_strict(fields);
        if day_first.is_some() && month_first.is_some() && day_first != month_first {
            self.ambiguous += 1;
        }
        self.dates += 1;
        self.year_first += usize::from(fields.digits[0] >= 3);
        for (order, (invalid, backwards, previous)) in DateOrder::ALL.iter().zip(&mut self.scores) {
            match order.resolve_strict(fields) {
                Some(date) => {
                    if previous.is_some_and(|p| p > date) {
                        *backwards += 1;
                    }
                    *previous = Some(date);
                }
                None => *invalid += 1,
            }
        }
    }

    /// The best order, and whether the dates decided it: `false` when some dates read as
    /// different days under day-first and month-first and none is impossible under only one
    /// of them, so that the choice rests on the order of dates or on the default.
    pub fn best(&self) -> (DateOrder, bool) {
        let mut best = 0;
        for at in 1..self.scores.len() {
            let (invalid, backwards, _) = self.scores[at];
            if (invalid, backwards) < (self.scores[best].0, self.scores[best].1) {
                best = at;
            }
        }
        let [day_first, month_first, _] = &self.scores;
        let decided = day_first.0 != month_first.0 || self.ambiguous == 0;
        (DateOrder::ALL[best], decided)
    }

    /// Whether more dates cannot change the order: one order already has fewer impossible
    /// dates, or every date is written year first. (A chat whose dates so far are all the
    /// same under either order is decided, but not settled.)
    pub fn settled(&self) -> bool {
        let [day_first, month_first, _] = &self.scores;
        day_first.0 != month_first.0 || (self.dates > 0 && self.year_first == self.dates)
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

/// WhatsApp's words for what it writes in place of a person's text, per language and
/// platform; the file's header says how each kind of row is compared.
const PLACEHOLDER_TABLE: &str = include_str!("whatsapp/placeholders.tsv");

/// [`PLACEHOLDER_TABLE`] sorted by how its strings are compared, each string folded (see
/// [`fold`]).
#[derive(Default)]
struct Placeholders {
    /// The whole text is one of these: attachments left out, live locations.
    media: FxHashSet<String>,
    /// The text ends with one of these, after a file name.
    document: Vec<String>,
    /// iOS `<label: file>`.
    attached: Vec<String>,
    /// Android `file (label)`, kept with its parentheses.
    file_attached: Vec<String>,
    /// The whole text is one of these, case kept.
    view_once: Vec<String>,
    /// The text begins with one of these, case kept (polls).
    poll: Vec<String>,
    /// The whole text is one of these: deleted messages.
    deleted: FxHashSet<String>,
    /// The text is one of these, or begins with it and a comma or full stop: calls.
    calls: Vec<String>,
    /// The text begins with one of these: notices.
    notices: Vec<String>,
    /// The text contains one of these: notices that begin with a name.
    notices_within: Vec<memchr::memmem::Finder<'static>>,
    /// The lead byte of the first non-ASCII character of each `notices_within` string: text
    /// with none of these bytes holds none of them, and is not searched.
    within_leads: Vec<u8>,
    /// iOS group events after a U+200E mark: the text contains one of these.
    events: Vec<String>,
    /// Marks appended to edited messages, as written.
    edited: Vec<String>,
    /// The last byte of each mark.
    edited_ends: Vec<u8>,
    /// Whether some `notices_within` string is all ASCII; when none is, ASCII text skips them.
    ascii_within: bool,
    /// Every string compared with a text's start (whole-text strings, calls, notices), and
    /// the document strings read from their end: text that starts with none of the first and
    /// ends with none of the second is no placeholder, and is not folded at all.
    starts: CharTrie,
    ends: CharTrie,
}

/// Strings as character paths, so the strings a text starts with are found in one walk that
/// usually stops after a character or two.
#[derive(Default)]
struct CharTrie {
    /// Node 0 is the root.
    nodes: Vec<CharNode>,
}

#[derive(Default)]
struct CharNode {
    /// Sorted by character.
    children: Vec<(char, u32)>,
    /// A string ends here.
    end: bool,
}

impl CharTrie {
    fn insert(&mut self, chars: impl Iterator<Item = char>) {
        if self.nodes.is_empty() {
            self.nodes.push(CharNode::default());
        }
        let mut node = 0;
        for c in chars {
            let children = &self.nodes[node].children;
            node = match children.binary_search_by_key(&c, |&(key, _)| key) {
                Ok(at) => children[at].1 as usize,
                Err(at) => {
                    let child = self.nodes.len();
                    self.nodes[node].children.insert(at, (c, child as u32));
                    self.nodes.push(CharNode::default());
                    child
                }
            };
        }
        self.nodes[node].end = true;
    }

    /// Whether `chars` begin with one of the strings.
    fn has_prefix_of(&self, chars: impl Iterator<Item = char>) -> bool {
        let Some(mut node) = self.nodes.first() else {
            return false;
        };
        for c in chars {
            if node.end {
                return true;
            }
            match node.children.binary_search_by_key(&c, |&(key, _)| key) {
                Ok(at) => node = &self.nodes[node.children[at].1 as usize],
                Err(_) => return false,
            }
        }
        node.end
    }
}

/// The characters of `text` from its start as the table compares them: [`fold_marks`]
/// after any opening angle brackets, spaces and marks.
fn first_chars(text: &str) -> impl Iterator<Item = char> {
    folded_chars(
        text.trim_start_matches(|c: char| c == '<' || is_space(c) || is_invisible(c))
            .chars(),
    )
}

/// The characters of `text` from its end, last first, as the table compares them: without
/// final full stops, closing angle brackets, spaces and marks.
fn last_chars(text: &str) -> impl Iterator<Item = char> {
    folded_chars(
        text.trim_end_matches(|c: char| {
            matches!(c, '.' | '。' | '।' | '>') || is_space(c) || is_invisible(c)
        })
        .chars()
        .rev(),
    )
}

/// The folding of [`fold_marks`] as a stream, so it runs in either direction: without
/// direction marks and zero-width non-joiners, lower case, runs of spaces as one space.
fn folded_chars(chars: impl Iterator<Item = char>) -> impl Iterator<Item = char> {
    let mut after_space = false;
    chars
        .filter(|&c| !is_invisible(c) && c != '\u{200C}')
        .filter_map(move |c| {
            let space = is_space(c);
            let skip = space && after_space;
            after_space = space;
            (!skip).then_some(if space { ' ' } else { c })
        })
        .flat_map(char::to_lowercase)
}

static PLACEHOLDERS: LazyLock<Placeholders> = LazyLock::new(|| {
    let mut table = Placeholders::default();
    for row in PLACEHOLDER_TABLE.lines() {
        if row.starts_with('#') || row.starts_with("lang\t") {
            continue;
        }
        let mut columns = row.split('\t');
        let (Some(what), Some(text)) = (columns.nth(2), columns.next()) else {
            continue;
        };
        if text.is_empty() {
            continue;
        }
        let folded = fold(text);
        match what {
            "media" => {
                table.media.insert(folded);
            }
            "document" => table.document.push(folded),
            "attached" => table.attached.push(folded),
            "file-attached" => table.file_attached.push(format!("({folded})")),
            "view-once" => table.view_once.push(text.to_owned()),
            "poll" => table.poll.push(text.to_owned()),
            "deleted" => {
                table.deleted.insert(folded);
            }
            "call" => table.calls.push(folded),
            "notice" => table.notices.push(folded),
            "notice-within" => table
                .notices_within
                .push(memchr::memmem::Finder::new(folded.as_bytes()).into_owned()),
            "event" => table.events.push(folded),
            "edited" => table.edited.push(text.to_owned()),
            _ => {}
        }
    }
    // Rows repeat a string for every platform and language that writes it; each is compared
    // once, in the table's order.
    for strings in [
        &mut table.document,
        &mut table.attached,
        &mut table.file_attached,
        &mut table.view_once,
        &mut table.poll,
        &mut table.calls,
        &mut table.notices,
        &mut table.events,
        &mut table.edited,
    ] {
        let mut seen = FxHashSet::default();
        strings.retain(|string| seen.insert(string.clone()));
    }
    let starts = (table.media.iter().chain(&table.deleted))
        .chain(&table.calls)
        .chain(&table.notices);
    for text in starts {
        table.starts.insert(first_chars(text));
    }
    for text in &table.document {
        table.ends.insert(last_chars(text));
    }
    table.edited_ends = table
        .edited
        .iter()
        .filter_map(|mark| mark.as_bytes().last().copied())
        .collect();
    table.edited_ends.sort_unstable();
    table.edited_ends.dedup();
    table.ascii_within = table
        .notices_within
        .iter()
        .any(|finder| finder.needle().is_ascii());
    table.within_leads = table
        .notices_within
        .iter()
        .filter_map(|finder| finder.needle().iter().copied().find(|b| !b.is_ascii()))
        .collect();
    table.within_leads.sort_unstable();
    table.within_leads.dedup();
    table
});

/// `text` compared as the table compares: [`fold_marks`], then without angle brackets around
/// the whole and without a final full stop.
fn fold(text: &str) -> String {
    let mut folded = fold_marks(text);
    let trimmed = folded.trim();
    let trimmed = match trimmed.strip_prefix('<').zip(trimmed.strip_suffix('>')) {
        Some(_) => trimmed[1..trimmed.len() - 1].trim(),
        None => trimmed,
    };
    let kept = trimmed.trim_end_matches(['.', '。', '।']).trim_end();
    let start = kept.as_ptr() as usize - folded.as_ptr() as usize;
    let end = start + kept.len();
    folded.truncate(end);
    folded.drain(..start);
    folded
}

/// `text` in lower case, without direction marks and zero-width non-joiners, inner runs of
/// spaces as one space.
fn fold_marks(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    if text.is_ascii() {
        // Most text: no marks, one byte per character.
        for byte in text.bytes() {
            if byte == b' ' || byte == b'\t' {
                if !folded.ends_with(' ') {
                    folded.push(' ');
                }
            } else {
                folded.push(char::from(byte.to_ascii_lowercase()));
            }
        }
        return folded;
    }
    folded.extend(folded_chars(text.chars()));
    folded
}

/// Text longer than this (bytes) is no whole-text placeholder: only its beginning is compared
/// with notices and calls, and its end with the document placeholders.
const MAX_PLACEHOLDER: usize = 320;

/// How much of a long text's end is compared with the document placeholders.
const DOCUMENT_TAIL: usize = 160;

/// The longest start of `text` of at most `len` bytes that ends on a character boundary.
fn head(text: &str, len: usize) -> &str {
    let mut end = len.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The shortest end of `text` of at least `len` bytes (or all of it) that starts on a
/// character boundary.
fn tail(text: &str, len: usize) -> &str {
    let mut start = text.len().saturating_sub(len);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    &text[start..]
}

/// Whether `text` starts with `prefix`, comparing the first byte before the rest.
fn begins(text: &str, prefix: &str) -> bool {
    text.as_bytes().first() == prefix.as_bytes().first() && text.starts_with(prefix)
}

/// What kind of record a message's text is when the app wrote it rather than a person:
/// `Media` for attachment placeholders, location shares, contact cards, polls and view-once
/// media, `System` for deleted messages, calls and notices, `None` for ordinary text.
/// `text` is the message's text, invisible marks already removed.
pub fn placeholder_kind(text: &str) -> Option<RecordKind> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let table = &*PLACEHOLDERS;
    // "Missed voice call, Tap to call back" but not "Video call tonight?".
    let call = |folded: &str, c: &String| {
        begins(folded, c)
            && folded[c.len()..]
                .chars()
                .next()
                .is_none_or(|next| [',', '.', '،', '，'].contains(&next))
    };
    let starts_like = table.starts.has_prefix_of(first_chars(text));
    let ends_like = table.ends.has_prefix_of(last_chars(text));
    if text.len() > MAX_PLACEHOLDER {
        if ends_like {
            let end = fold(tail(text, DOCUMENT_TAIL));
            if table.document.iter().any(|d| end.ends_with(d.as_str())) {
                return Some(RecordKind::Media);
            }
        }
        if !starts_like {
            return None;
        }
        let start = fold(head(text, MAX_PLACEHOLDER));
        let system = table.notices.iter().any(|n| begins(&start, n))
            || table.calls.iter().any(|c| call(&start, c));
        return system.then_some(RecordKind::System);
    }
    if table.view_once.iter().any(|v| v == text)
        || is_location_share(text)
        || table.poll.iter().any(|p| text.starts_with(p.as_str()))
    {
        return Some(RecordKind::Media);
    }
    // Notices that begin with a name, in scripts without case: searched as written.
    if (table.ascii_within
        || (!text.is_ascii() && contains_any(text.as_bytes(), &table.within_leads)))
        && table
            .notices_within
            .iter()
            .any(|n| n.find(text.as_bytes()).is_some())
    {
        return Some(RecordKind::System);
    }
    // Attachments end in '>' or ')'.
    if !(starts_like || ends_like || text.ends_with(['>', ')'])) {
        return None;
    }
    let folded = fold(text);
    let first_line = folded.lines().next().unwrap_or_default();
    let attached_ios = text.ends_with('>') && {
        let marked = fold_marks(text);
        marked.rfind('<').is_some_and(|at| {
            let label = marked[at + 1..].trim_start();
            table.attached.iter().any(|a| {
                label
                    .strip_prefix(a.as_str())
                    .is_some_and(|rest| rest.starts_with(':') || rest == ">")
            })
        })
    };
    let is_media = table.media.contains(&folded)
        || attached_ios
        || (first_line.ends_with(')')
            && table
                .file_attached
                .iter()
                .any(|a| first_line.ends_with(a.as_str())))
        || table.document.iter().any(|d| folded.ends_with(d.as_str()));
    if is_media {
        return Some(RecordKind::Media);
    }
    let system = table.deleted.contains(&folded)
        || table.calls.iter().any(|c| call(&folded, c))
        || table.notices.iter().any(|n| begins(&folded, n));
    system.then_some(RecordKind::System)
}

/// Whether `haystack` holds any of `needles`, three at a time with SIMD.
fn contains_any(haystack: &[u8], needles: &[u8]) -> bool {
    needles.chunks(3).any(|chunk| match *chunk {
        [a, b, c] => memchr::memchr3(a, b, c, haystack).is_some(),
        [a, b] => memchr::memchr2(a, b, haystack).is_some(),
        [a] => memchr::memchr(a, haystack).is_some(),
        _ => false,
    })
}

/// Whether `text`, written after a U+200E mark, is a group event iOS wrote under the
/// group's name ("‎Ana added Ben"); real text after the mark is not.
pub fn is_group_event(text: &str) -> bool {
    let folded = fold(text);
    PLACEHOLDERS
        .events
        .iter()
        .any(|event| folded.contains(event.as_str()))
}

/// Whether `text` is a poll (`POLL:` with its question and options on the lines after), whose
/// lines are no caption.
pub fn is_poll(text: &str) -> bool {
    PLACEHOLDERS
        .poll
        .iter()
        .any(|p| text.starts_with(p.as_str()))
}

/// `text` without the mark the app appends to an edited message.
pub fn strip_edited_mark(text: &mut String) {
    let table = &*PLACEHOLDERS;
    // Text ending in no mark's last byte carries no mark, and most text is such.
    let Some(&last) = text.as_bytes().last() else {
        return;
    };
    if !table.edited_ends.contains(&last) {
        return;
    }
    for mark in &table.edited {
        if let Some(without) = text.strip_suffix(mark.as_str()) {
            let end = without.trim_end().len();
            text.truncate(end);
            return;
        }
    }
}

/// Links that only a shared location ends with.
const LOCATION_LINKS: &[&str] = &[
    "https://maps.google.com/?q=",
    "https://www.google.com/maps/search/?api=1&query=",
    "https://foursquare.com/v/",
];

/// Whether `text` is a shared location in any language: a short label and a colon before a
/// map link (`location: https://maps.google.com/?q=…`), or a venue's name and address lines
/// ending in its Foursquare link.
pub fn is_location_share(text: &str) -> bool {
    let (before, link) = text.rsplit_once(char::is_whitespace).unwrap_or(("", text));
    let Some(kind) = LOCATION_LINKS.iter().position(|l| link.starts_with(l)) else {
        return false;
    };
    let before = before.trim();
    if LOCATION_LINKS[kind].contains("foursquare") {
        return !before.contains("://");
    }
    before.is_empty()
        || (before.ends_with(':')
            && !before.contains('\n')
            && before.split_whitespace().count() <= 3)
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
    fn digits_of_every_script() {
        for (c, value) in [
            ('7', 7),
            ('٧', 7),
            ('۷', 7),
            ('७', 7),
            ('৭', 7),
            ('๗', 7),
            ('７', 7),
        ] {
            assert_eq!(digit_value(c), Some(value), "{c}");
        }
        assert_eq!(digit_value('a'), None);
        assert_eq!(digit_value('/'), None);
    }

    #[test]
    fn order_evidence_says_when_it_guessed() {
        let mut evidence = OrderEvidence::default();
        evidence.add(&fields([1, 2, 19], [2, 2, 2]));
        assert_eq!(evidence.best(), (DateOrder::DayMonthYear, false));
        evidence.add(&fields([2, 13, 19], [2, 2, 2]));
        assert_eq!(evidence.best(), (DateOrder::MonthDayYear, true));
        let mut iso = OrderEvidence::default();
        iso.add(&fields([2019, 1, 2], [4, 2, 2]));
        assert!(iso.best().1 && iso.settled());
        let mut same = OrderEvidence::default();
        same.add(&fields([5, 5, 19], [2, 2, 2]));
        assert!(same.best().1 && !same.settled());
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
        // Other languages, from the table.
        case("<Média vynechány>", media);
        case("<Без медиафайлов>", media);
        case("<मीडिया के बिना>", media);
        case("لم يتم إدراج الصورة", media);
        case("Template.docx لم يتم إدراج المستند", media);
        case("image absente", media);
        case("画像は含まれていません", media);
        case("TR.vcf (soubor byl přiložen)", media);
        case("<pièce jointe: 0001-PHOTO.jpg>", media);
        case("poloha: https://maps.google.com/?q=51.5,-0.12", media);
        case("Tato zpráva byla odstraněna.", system);
        case("Tuto zprávu jste odstranil/a.", system);
        case("Ujumbe huu ulifutwa", system);
        case("이 메시지는 삭제되었습니다", system);
        case("Zmeškaný hovor", system);
        case("Cevapsız sesli arama", system);
        case(
            "Los mensajes y las llamadas están cifrados de extremo a extremo.",
            system,
        );
        case("null", media);
        case("Null", None);
        case(
            "my location: https://maps.google.com/?q=1,2 see you there",
            None,
        );
        case("", None);
    }
}
