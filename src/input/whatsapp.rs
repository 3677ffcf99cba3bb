//! `whatsapp`: WhatsApp chat exports from iOS and Android in any locale.
//!
//! A message starts at a line with a date-time header; lines without one continue the message
//! above. The header comes in many local shapes, all read by one hand-written scanner:
//!
//! ```text
//! [20.06.19, 15:58:47] Loris: text            iOS
//! 20/06/2019, 15:58 - Loris: text              Android
//! 3/6/18, 1:55 p. m. - Loris: text             Android, Spanish 12-hour clock
//! 13.6.2018 klo 21.25.15 - Loris: text         Finnish
//! 13. 6. 2018. 21:25:15 Loris: text            Croatian (no separator before the name)
//! 13.06.18 21.25.15: Loris: text               older Android
//! ```
//!
//! The order of day, month and year is not in the file; it is inferred from the dates of the
//! file's first megabyte (see [`DateOrder::infer`]).

use jiff::civil::Date;

use super::common::{
    DateFields, DateOrder, Meridiem, OrderEvidence, clock, digit_value, is_group_event,
    is_location_share, is_poll, meridiem_prefix, placeholder_kind, push_visible, skip_invisible,
    space_len, strip_edited_mark, visible,
};
use super::{Parsed, Parser, RecordStarts};
use crate::record::{Moment, Record, RecordKind};

/// A WhatsApp parser configured for one file (its date order is inferred from the file).
pub struct WhatsApp {
    order: DateOrder,
    /// The file's dates did not decide the order (see [`OrderEvidence::best`]): the first
    /// chunk says so, and a date that only the other order reads says so where it stands.
    guessed: bool,
    /// The group's name, under which iOS writes the group's events (see [`chat_name`]).
    chat_name: Option<String>,
}

impl WhatsApp {
    /// Infers the file's date order from `text`, the whole file or its beginning.
    pub fn for_sample(text: &str) -> Self {
        let mut evidence = OrderEvidence::default();
        add_evidence(&mut evidence, text);
        WhatsApp::with_evidence(&evidence, text)
    }

    /// A parser for a file whose dates gave `evidence` (see [`add_evidence`]) and whose
    /// beginning is `sample`.
    pub fn with_evidence(evidence: &OrderEvidence, sample: &str) -> Self {
        let (order, decided) = evidence.best();
        WhatsApp {
            order,
            guessed: !decided,
            chat_name: chat_name(sample),
        }
    }

    /// A parser for files whose dates are in `order`.
    pub fn with_order(order: DateOrder) -> Self {
        WhatsApp {
            order,
            guessed: false,
            chat_name: None,
        }
    }
}

/// The name iOS writes a group's own lines under: the author of the encryption notice, when
/// every line under that name in `sample` starts with U+200E (a person's name, in a chat
/// of two, also writes text without it). Events under it are system lines in any language.
fn chat_name(sample: &str) -> Option<String> {
    let authored = || {
        sample
            .lines()
            .filter_map(header)
            .filter_map(|h| split_author(h.rest))
    };
    let (name, _) = authored().find(|(_, body)| {
        body.trim_start().starts_with('\u{200E}')
            && placeholder_kind(&visible(body)) == Some(RecordKind::System)
    })?;
    authored()
        .filter(|(author, _)| author == &name)
        .all(|(_, body)| body.trim_start().starts_with('\u{200E}'))
        .then(|| clean_author(name))
        .flatten()
}

/// Adds the dates of the message headers in `text` to `evidence`; a file read in pieces adds
/// each piece, so its order is decided from all of it.
pub fn add_evidence(evidence: &mut OrderEvidence, text: &str) {
    for h in text.lines().filter_map(header) {
        evidence.add(&h.fields);
    }
}

/// How many non-empty lines at the start of a file detection looks at.
const DETECT_LINES: usize = 400;

/// How many header lines with an author make a WhatsApp chat, however many lines of long
/// messages lie between them.
const DETECT_AUTHORED: usize = 3;

/// Whether the first lines of `sample` hold enough WhatsApp message headers.
///
/// Detection counts header-shaped lines rather than their share of all lines, since long
/// multi-line messages can outnumber headers by far. It needs [`DETECT_AUTHORED`] headers with
/// an author (or, in a shorter file, every header to have one and the first line to be a
/// header), which keeps a time-stamped log (`2024-03-01 10:00 - started`) out.
pub fn looks_like(sample: &str) -> bool {
    let mut headers = 0;
    let mut authored = 0;
    let mut first_is_header = None;
    for line in sample
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(DETECT_LINES)
    {
        let h = header(line);
        first_is_header.get_or_insert(h.is_some());
        if let Some(h) = h {
            headers += 1;
            authored += usize::from(split_author(h.rest).is_some());
        }
    }
    authored >= DETECT_AUTHORED
        || (authored > 0 && first_is_header == Some(true) && headers < DETECT_AUTHORED)
}

impl RecordStarts for WhatsApp {
    fn starts_record(&self, line: &str) -> bool {
        header(line).is_some()
    }
}

impl Parser for WhatsApp {
    fn record_starts(&self) -> Option<&dyn RecordStarts> {
        Some(self)
    }

    fn parse(&self, text: &str, first_line: u64, out: &mut Parsed) {
        if self.guessed && first_line == 1 {
            out.warning(
                1,
                format!(
                    "the order of day and month is a guess (no date in the chat has a day over 12): read as {}",
                    self.order.describe()
                ),
            );
        }
        let mut current: Option<Pending> = None;
        let mut last_date: Option<(DateFields, Option<Date>)> = None;
        for (line_no, line) in (first_line..).zip(text.split('\n')) {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if let Some(h) = header(line) {
                if let Some(done) = current.take() {
                    out.records.push(done.finish());
                }
                let when = self.moment(&h, line_no, &mut last_date, out);
                current = Some(Pending::start(
                    when,
                    h.rest,
                    line_no,
                    self.chat_name.as_deref(),
                ));
            } else if let Some(pending) = current.as_mut() {
                pending.text.push('\n');
                push_visible(&mut pending.text, line);
            } else if !line.trim().is_empty() {
                out.problem(
                    line_no,
                    "text before the first message header, kept as an undated record",
                );
                current = Some(Pending {
                    when: None,
                    author: None,
                    text: visible(line),
                    kind: RecordKind::Message,
                    caption_from: None,
                    line: line_no,
                });
            }
        }
        if let Some(done) = current {
            out.records.push(done.finish());
        }
    }
}

impl WhatsApp {
    /// The header's date and time; a date that cannot be read leaves the record undated, a
    /// time that cannot be read leaves it dated by day, each with a problem noted.
    fn moment(
        &self,
        h: &Header<'_>,
        line: u64,
        last_date: &mut Option<(DateFields, Option<Date>)>,
        out: &mut Parsed,
    ) -> Option<Moment> {
        // Consecutive messages mostly share a date; skip re-validating it.
        let date = match *last_date {
            Some((fields, date)) if fields == h.fields => date,
            _ => {
                if self.guessed && self.order.resolve_strict(&h.fields).is_none() {
                    out.problem(
                        line,
                        format!(
                            "date '{}' does not fit the guessed {} order: the chat's dates before it may have day and month swapped",
                            h.date_text,
                            self.order.describe()
                        ),
                    );
                }
                let date = self.order.resolve(&h.fields);
                *last_date = Some((h.fields, date));
                date
            }
        };
        let Some(date) = date else {
            out.problem(line, format!("cannot read date '{}'", h.date_text));
            return None;
        };
        match clock(h.hour, h.minute, h.second, h.meridiem) {
            Some(time) => Some(Moment::Time(date.to_datetime(time))),
            None => {
                out.problem(line, format!("cannot read time '{}'", h.time_text));
                Some(Moment::Day(date))
            }
        }
    }
}

/// A message being read: its header line seen, continuation lines still to come.
struct Pending {
    when: Option<Moment>,
    author: Option<String>,
    text: String,
    kind: RecordKind,
    /// For an attachment placeholder, where a caption (continuation lines) would begin.
    caption_from: Option<usize>,
    line: u64,
}

impl Pending {
    /// A message from its header's rest; `chat_name` is the group's name (see [`chat_name`]).
    fn start(when: Option<Moment>, rest: &str, line: u64, chat_name: Option<&str>) -> Pending {
        let (author, body) = match split_author(rest) {
            Some((author, body)) => (clean_author(author), body),
            None => (None, rest),
        };
        let mut text = String::with_capacity(body.len());
        push_visible(&mut text, body);
        let kind = match placeholder_kind(&text) {
            Some(kind) => kind,
            // "Loris added John", "Messages to this group are now secured…".
            None if author.is_none() => RecordKind::System,
            // iOS marks the group events it writes under the group's name with a leading
            // U+200E; so do some phones for people's own text, which stays a message.
            None if body.trim_start().starts_with('\u{200E}')
                && (is_group_event(&text)
                    || author.is_some() && author.as_deref() == chat_name) =>
            {
                RecordKind::System
            }
            None => RecordKind::Message,
        };
        let caption_from = (kind == RecordKind::Media && !is_poll(&text)).then_some(text.len());
        Pending {
            when,
            author,
            text,
            kind,
            caption_from,
            line,
        }
    }

    fn finish(self) -> Record {
        let Pending {
            when,
            author,
            mut text,
            mut kind,
            caption_from,
            line,
        } = self;
        // A venue shared on Android spans lines: name, address, link.
        if kind == RecordKind::Message && is_location_share(text.trim()) {
            kind = RecordKind::Media;
        }
        // Android puts a caption on the lines after `IMG-….jpg (file attached)`: that caption
        // is the person's words, so the record becomes a message holding just the caption. A
        // document's name under `<Media omitted>` is no caption.
        if let Some(caption) = caption_from.and_then(|from| text.get(from..)) {
            let caption = caption.trim();
            if !caption.is_empty() && !is_file_name(caption) {
                text = caption.to_owned();
                kind = RecordKind::Message;
            }
        }
        let end = text.trim_end().len();
        text.truncate(end);
        strip_edited_mark(&mut text);
        let start = text.len() - text.trim_start().len();
        if start > 0 {
            text.drain(..start);
        }
        Record::new(when, author, text, kind, line)
    }
}

/// Whether `text` is one line ending in a file extension (`Some file.txt`, `Resume.pdf`).
fn is_file_name(text: &str) -> bool {
    if text.contains('\n') {
        return false;
    }
    text.rsplit_once('.').is_some_and(|(name, extension)| {
        !name.trim().is_empty()
            && (2..=5).contains(&extension.len())
            && extension.starts_with(|c: char| c.is_ascii_alphabetic())
            && extension.chars().all(|c| c.is_ascii_alphanumeric())
    })
}

/// Splits `Name: text` at the first `": "`, or `Name:` at a final colon (an empty message).
/// `John Doe:.` has neither and is no message.
fn split_author(rest: &str) -> Option<(&str, &str)> {
    let bytes = rest.as_bytes();
    memchr::memchr_iter(b':', bytes).find_map(|at| match bytes.get(at + 1) {
        Some(b' ') => Some((rest.get(..at)?, rest.get(at + 2..)?)),
        None => Some((rest.get(..at)?, "")),
        Some(_) => None,
    })
}

/// The author's name without direction marks (phone numbers come wrapped in them) and
/// surrounding spaces; an empty name is no author.
fn clean_author(raw: &str) -> Option<String> {
    let mut name = visible(raw.trim());
    let trimmed = name.trim();
    if trimmed.len() != name.len() {
        name = trimmed.to_owned();
    }
    (!name.is_empty()).then_some(name)
}

/// The parts of a message header line.
#[derive(Debug)]
struct Header<'a> {
    fields: DateFields,
    date_text: &'a str,
    time_text: &'a str,
    hour: u8,
    minute: u8,
    second: u8,
    meridiem: Option<Meridiem>,
    /// The line after the header: `Name: text`, or a system message.
    rest: &'a str,
}

/// Reads the header at the start of `line`, or `None` if the line does not start with one.
///
/// Grammar (spaces include U+00A0 and U+202F; direction marks may stand anywhere; digits may
/// be of any script, see [`digit_value`]):
/// `['['] date [','|'،'] spaces ['klo'] time` or, time first (Vietnamese iOS),
/// `['['] time [','|'،'] spaces date`, then `']'`, `' - '`, `': '` or, with spaces before,
/// nothing. A date is `N sep N sep N ['.']` with `sep` one of `/ . -` (optionally followed by
/// spaces); a year may carry a Japanese era letter (`R4`, `H30`, `S63`) or be a Buddhist-era
/// year (`2565`, maybe followed by `BE`). A time is `[ampm] H sep MM [sep SS] [ampm]` with
/// `sep` one of `: .`.
fn header(line: &str) -> Option<Header<'_>> {
    // Continuation lines are most lines that fail; almost all fail on this first byte.
    let first = *line.as_bytes().first()?;
    let era = JAPANESE_ERAS.iter().any(|&(letter, _)| letter == first);
    if !(first == b'[' || first.is_ascii_digit() || first >= 0x80 || era) {
        return None;
    }
    let mut c = Cursor { text: line, at: 0 };
    let bracket = c.eat(b'[');
    let start = c.at;
    let (date, time) = match date_then_time(&mut c) {
        Some(found) => found,
        None => {
            c.at = start;
            time_then_date(&mut c)?
        }
    };

    if bracket {
        if !c.eat(b']') {
            return None;
        }
        c.spaces();
    } else if c.eat(b'-') {
        c.spaces();
    } else if c.eat(b':') {
        if c.spaces() == 0 && !c.rest().is_empty() {
            return None;
        }
    } else if !time.spaced || c.rest().is_empty() {
        return None;
    }

    Some(Header {
        fields: date.fields,
        date_text: date.text,
        time_text: time.text,
        hour: u8::try_from(time.hour).ok()?,
        minute: u8::try_from(time.minute).ok()?,
        second: u8::try_from(time.second).ok()?,
        meridiem: time.meridiem,
        rest: c.rest(),
    })
}

/// `date[,] time`, the usual layout.
fn date_then_time<'a>(c: &mut Cursor<'a>) -> Option<(DateRead<'a>, TimeRead<'a>)> {
    let date = c.date()?;
    let comma = c.comma();
    if c.spaces() == 0 && !comma {
        return None;
    }
    if c.rest().starts_with("klo ") {
        c.at += 3;
        c.spaces();
    }
    let time = c.time()?;
    Some((date, time))
}

/// `time[,] date`, as Vietnamese iOS writes it.
fn time_then_date<'a>(c: &mut Cursor<'a>) -> Option<(DateRead<'a>, TimeRead<'a>)> {
    let mut time = c.time()?;
    let comma = c.comma();
    if !time.spaced && !comma {
        return None;
    }
    c.spaces();
    let date = c.date()?;
    time.spaced = c.spaces() > 0;
    Some((date, time))
}

/// A date as read from a header.
struct DateRead<'a> {
    fields: DateFields,
    text: &'a str,
}

/// A time as read from a header.
struct TimeRead<'a> {
    hour: u16,
    minute: u16,
    second: u16,
    meridiem: Option<Meridiem>,
    text: &'a str,
    /// Spaces followed the time.
    spaced: bool,
}

/// The first year of each Japanese era a phone may write (`R4` is 2022), less one.
const JAPANESE_ERAS: &[(u8, u16)] = &[(b'R', 2018), (b'H', 1988), (b'S', 1925)];

/// Years in this range are Buddhist-era years (Thai phones' default): the Gregorian year is
/// 543 less. Later years are kept as written, so a stray `9999` stays an outlier that trends
/// names rather than a plausible-looking date.
const BUDDHIST_ERA: std::ops::RangeInclusive<u16> = 2400..=2800;
const BUDDHIST_ERA_OFFSET: u16 = 543;

/// A position in a header line; it only ever moves over whole characters.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        self.text.get(self.at..).unwrap_or_default()
    }

    /// Steps over direction marks, which RTL locales scatter through headers.
    fn skip_marks(&mut self) {
        // Every mark is three bytes starting with 0xE2 or 0xEF (see `push_visible`): any
        // other byte, as in nearly every header, has none to skip.
        if matches!(self.text.as_bytes().get(self.at), Some(0xE2 | 0xEF)) {
            let rest = self.rest();
            self.at += rest.len() - skip_invisible(rest).len();
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_marks();
        self.text.as_bytes().get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    /// A comma, Latin or Arabic (`،`).
    fn comma(&mut self) -> bool {
        if self.eat(b',') {
            return true;
        }
        let found = self.rest().starts_with('،');
        if found {
            self.at += '،'.len_utf8();
        }
        found
    }

    /// Skips spaces (and marks among them), returning how many bytes of spaces were skipped.
    fn spaces(&mut self) -> usize {
        let mut skipped = 0;
        loop {
            self.skip_marks();
            let len = match self.text.as_bytes().get(self.at) {
                Some(b' ' | b'\t') | Some(0x80..) => space_len(self.rest()),
                _ => 0,
            };
            if len == 0 {
                return skipped;
            }
            self.at += len;
            skipped += len;
        }
    }

    /// Reads 1 to `max` decimal digits of one script; more digits than `max` is no number.
    fn number(&mut self, max: usize) -> Option<(u16, u8)> {
        self.skip_marks();
        let mut value = 0u16;
        let mut digits = 0;
        // ASCII digits, as in most headers, without decoding characters.
        while let Some(&byte) = self.text.as_bytes().get(self.at) {
            if !byte.is_ascii_digit() {
                break;
            }
            digits += 1;
            if digits > max {
                return None;
            }
            value = value * 10 + u16::from(byte - b'0');
            self.at += 1;
        }
        if self.text.as_bytes().get(self.at).is_none_or(u8::is_ascii) {
            return (digits > 0).then(|| (value, u8::try_from(digits).unwrap_or(u8::MAX)));
        }
        for c in self.rest().chars() {
            let Some(digit) = digit_value(c) else { break };
            digits += 1;
            if digits > max {
                return None;
            }
            value = value * 10 + u16::from(digit);
            self.at += c.len_utf8();
        }
        (digits > 0).then(|| (value, u8::try_from(digits).unwrap_or(u8::MAX)))
    }

    /// A number that may be a year in a Japanese era (`R4`), returned as a four-digit year.
    fn year_or_number(&mut self) -> Option<(u16, u8)> {
        self.skip_marks();
        let first = self.text.as_bytes().get(self.at).copied();
        if let Some(&(_, base)) = JAPANESE_ERAS
            .iter()
            .find(|(letter, _)| first == Some(*letter))
        {
            self.at += 1;
            let (year, _) = self.number(2)?;
            return Some((base + year, 4));
        }
        let (value, digits) = self.number(4)?;
        if digits == 4 && BUDDHIST_ERA.contains(&value) {
            return Some((value - BUDDHIST_ERA_OFFSET, 4));
        }
        Some((value, digits))
    }

    /// A date separator, `/`, `.` or `-`, with the spaces that may follow it (`13. 6. 2018.`).
    fn date_separator(&mut self) -> Option<()> {
        if self.eat(b'/') || self.eat(b'.') || self.eat(b'-') {
            self.spaces();
            Some(())
        } else {
            None
        }
    }

    /// Three numbers with date separators, an optional final dot and an optional `BE`.
    fn date(&mut self) -> Option<DateRead<'a>> {
        self.skip_marks();
        let start = self.at;
        let (a, a_digits) = self.year_or_number()?;
        self.date_separator()?;
        let (b, b_digits) = self.year_or_number()?;
        self.date_separator()?;
        let (y, y_digits) = self.year_or_number()?;
        let text = self.text.get(start..self.at)?;
        self.eat(b'.');
        let before_era = self.at;
        if self.spaces() > 0 && self.rest().starts_with("BE") {
            self.at += 2;
        } else {
            self.at = before_era;
        }
        Some(DateRead {
            fields: DateFields {
                values: [a, b, y],
                digits: [a_digits, b_digits, y_digits],
            },
            text,
        })
    }

    /// `[ampm] H:MM[:SS] [ampm]`, with `.` allowed for `:`.
    fn time(&mut self) -> Option<TimeRead<'a>> {
        self.skip_marks();
        let mut meridiem = None;
        if let Some((m, len)) = meridiem_prefix(self.rest()) {
            meridiem = Some(m);
            self.at += len;
            self.spaces();
        }
        self.skip_marks();
        let start = self.at;
        let (hour, _) = self.number(2)?;
        if !(self.eat(b':') || self.eat(b'.')) {
            return None;
        }
        let (minute, minute_digits) = self.number(2)?;
        if minute_digits != 2 {
            return None;
        }
        let mut second = 0;
        let before_seconds = self.at;
        if self.eat(b':') || self.eat(b'.') {
            match self.number(2) {
                Some((value, 2)) => second = value,
                _ => self.at = before_seconds,
            }
        }
        let text = self.text.get(start..self.at)?;
        let mut spaced = self.spaces() > 0;
        // `23:59 PM` happens (WhatsR's samples); the hour stands as written.
        if meridiem.is_none() {
            self.skip_marks();
            if let Some((m, len)) = meridiem_prefix(self.rest()) {
                meridiem = Some(m);
                self.at += len;
                spaced = self.spaces() > 0;
            }
        }
        Some(TimeRead {
            hour,
            minute,
            second,
            meridiem,
            text,
            spaced,
        })
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::{date, datetime};

    use super::*;

    fn parse_with(parser: &WhatsApp, text: &str) -> Parsed {
        let mut parsed = Parsed::default();
        parser.parse(text, 1, &mut parsed);
        parsed
    }

    fn parse(text: &str) -> Parsed {
        parse_with(&WhatsApp::for_sample(text), text)
    }

    /// (timestamp, author, text, kind) of the only record `line` gives.
    fn one(line: &str) -> (Option<Moment>, Option<String>, String, RecordKind) {
        let parsed = parse(line);
        assert_eq!(parsed.records.len(), 1, "{line:?}: {:?}", parsed.records);
        assert!(
            parsed.problems.is_empty(),
            "{line:?}: {:?}",
            parsed.problems
        );
        let r = parsed.records.into_iter().next().unwrap();
        (r.when, r.author, r.text, r.kind)
    }

    fn at(y: i16, mo: i8, d: i8, h: i8, mi: i8, s: i8) -> Option<Moment> {
        Some(Moment::Time(datetime(y, mo, d, h, mi, s, 0)))
    }

    fn message(
        when: Option<Moment>,
        author: &str,
        text: &str,
    ) -> (Option<Moment>, Option<String>, String, RecordKind) {
        (
            when,
            Some(author.to_owned()),
            text.to_owned(),
            RecordKind::Message,
        )
    }

    #[test]
    fn header_variants() {
        let june13 = |h, m, s| at(2018, 6, 13, h, m, s);
        let case = |line: &str, expected: Option<Moment>| {
            assert_eq!(one(line), message(expected, "a", "m"), "{line:?}");
        };
        case("[20.06.19, 15:58:47] a: m", at(2019, 6, 20, 15, 58, 47));
        case("20/06/2019, 15:58 - a: m", at(2019, 6, 20, 15, 58, 0));
        case("13.06.18 21.25.15: a: m", june13(21, 25, 15));
        case("[06.13.18 21:25:15] a: m", june13(21, 25, 15));
        case("13.6.2018 klo 21.25.15 - a: m", june13(21, 25, 15));
        case("13. 6. 2018. 21:25:15 a: m", june13(21, 25, 15));
        case("[2018/06/13, 21:25:15] a: m", june13(21, 25, 15));
        case("[06/2018/13, 21:25:15] a: m", june13(21, 25, 15));
        case("\u{200E}[13/6/18 1:55:00 p. m.] a: m", june13(13, 55, 0));
        case("13/6/2018 1:55 p.\u{A0}m. - a: m", june13(13, 55, 0));
        case("13/6/18, 1:55\u{202F}PM - a: m", june13(13, 55, 0));
        case("13-06-2018, 01.55 PM - a: m", june13(13, 55, 0));
        case("13/06/2018, 01:55 a.m. - a: m", june13(1, 55, 0));
        case("2018/6/13 下午1:55 - a: m", june13(13, 55, 0));
    }

    #[test]
    fn scripts_marks_calendars_and_time_first() {
        let case = |line: &str, expected: Option<Moment>| {
            assert_eq!(one(line), message(expected, "a", "m"), "{line:?}");
        };
        // Arabic-Indic digits, RLM marks inside the date, Arabic comma, `م` for PM.
        case(
            "\u{200F}[١٣\u{200F}/٣\u{200F}/٢٠٢٢، ٩:٠٥:٠٧\u{A0}م] a: m",
            at(2022, 3, 13, 21, 5, 7),
        );
        // Persian, Devanagari, Bengali and Thai digits.
        case("۲۰۲۳/۰۱/۱۵, ۱۰:۲۰ - a: m", at(2023, 1, 15, 10, 20, 0));
        case("१३/०६/२०१८, २१:२५ - a: m", at(2018, 6, 13, 21, 25, 0));
        case("১৩/০৬/২০১৮, ২১:২৫ - a: m", at(2018, 6, 13, 21, 25, 0));
        // Thai digits in a Buddhist-era year, and a `BE` suffix.
        case("๑๓/๖/๒๕๖๑ ๒๑:๒๕ - a: m", at(2018, 6, 13, 21, 25, 0));
        case("[6/13/2561 BE, 21:25:15] a: m", at(2018, 6, 13, 21, 25, 15));
        // A year past any Buddhist-era date is kept as written.
        case("[31/12/9999, 10:00:00] a: m", at(9999, 12, 31, 10, 0, 0));
        // Japanese eras: Reiwa 4 is 2022, Heisei 30 is 2018.
        case("R4/03/27 21:41 - a: m", at(2022, 3, 27, 21, 41, 0));
        case("[H30/06/13 21:25:15] a: m", at(2018, 6, 13, 21, 25, 15));
        // Time first, as Vietnamese iOS writes it.
        case("[21:25:15, 13/6/2018] a: m", at(2018, 6, 13, 21, 25, 15));
        case("21:25, 13/6/2018 - a: m", at(2018, 6, 13, 21, 25, 0));
        // Marks between every part of an LTR header.
        case(
            "\u{200E}[\u{200E}13/06/2018,\u{200E} 21:25\u{202C}] a: m",
            at(2018, 6, 13, 21, 25, 0),
        );
        // An hour past 12 with a needless PM stands as written.
        case("1/29/18, 23:59 PM - a: m", at(2018, 1, 29, 23, 59, 0));
        case("[2018/06/13 21:25:15] a: m", at(2018, 6, 13, 21, 25, 15));
    }

    #[test]
    fn not_headers() {
        for line in [
            "",
            "Hello",
            "12:30 we meet",
            "2018-06-13",
            "13/06/2018",
            "13/06/2018, 21 - a: m",
            "13/06/2018,21:25a: m",
            "[13/06/2018, 21:25 a: m",
            "13/06/2018 21:25",
            "13/06/2018 21:5 - a: m",
            "123456/06/2018, 21:25 - a: m",
            "1\u{FEFF}",
            "\u{200E}",
        ] {
            assert!(header(line).is_none(), "{line:?}");
        }
    }

    #[test]
    fn twelve_hour_clock_midnight_and_noon() {
        let text = "01/20/2019, 00:08 a. m. - A: x\n\
                    01/20/2019, 12:10 p. m. - A: y\n\
                    01/20/2019, 12:10 a. m. - A: z\n\
                    01/30/2019, 08:49 p. m. - A: w\n";
        let when: Vec<_> = parse(text).records.iter().map(|r| r.when).collect();
        assert_eq!(
            when,
            [
                at(2019, 1, 20, 0, 8, 0),
                at(2019, 1, 20, 12, 10, 0),
                at(2019, 1, 20, 0, 10, 0),
                at(2019, 1, 30, 20, 49, 0),
            ]
        );
    }

    #[test]
    fn continuation_lines_join_the_message_above() {
        let text = "[01/01/19 11:25] John Doe: Lorem ipsum,\r\n\
                    consectetur adipiscing.\r\n\
                    \r\n\
                    Duis libero.\r\n\
                    [01/30/19 20:49] Jane: next\r\n";
        let parsed = parse(text);
        let got: Vec<_> = parsed
            .records
            .iter()
            .map(|r| (r.text.as_str(), r.line))
            .collect();
        assert_eq!(
            got,
            [
                ("Lorem ipsum,\nconsectetur adipiscing.\n\nDuis libero.", 1),
                ("next", 5)
            ]
        );
    }

    #[test]
    fn authors_and_system_lines() {
        let text = "01/01/19, 11:25 - John Doe: one\n\
                    20/01/19, 11:23 - John Doe:.\n\
                    10/06/20, 15:55 - John-John Doe: Lorem ipsum : dolor.\n\
                    20/06/20, 00:08 - +12 345 578 created group \"Groupname\"\n\
                    30/06/20, 09:10 - You were added\n\
                    10/12/21, 10:10 - John Doe 🤓: Lorem 🤓\n\
                    20/12/21, 12:10 - 🤓: Lorem\n\
                    21/12/21, 12:10 - \u{202A}+1 234 567\u{202C}: hi\n\
                    22/12/21, 12:10 - Luke: \n\
                    23/12/21, 12:10 - Luke:\n";
        let got: Vec<_> = parse(text)
            .records
            .into_iter()
            .map(|r| (r.author, r.text, r.kind))
            .collect();
        let msg = |a: &str, t: &str| (Some(a.to_owned()), t.to_owned(), RecordKind::Message);
        let sys = |t: &str| (None, t.to_owned(), RecordKind::System);
        assert_eq!(
            got,
            [
                msg("John Doe", "one"),
                sys("John Doe:."),
                msg("John-John Doe", "Lorem ipsum : dolor."),
                sys("+12 345 578 created group \"Groupname\""),
                sys("You were added"),
                msg("John Doe 🤓", "Lorem 🤓"),
                msg("🤓", "Lorem"),
                msg("+1 234 567", "hi"),
                msg("Luke", ""),
                msg("Luke", ""),
            ]
        );
    }

    #[test]
    fn ios_generated_lines_are_system() {
        let (_, author, text, kind) =
            one("[20.06.19, 15:58:47] \u{200E}Messages to this group are now secured.");
        assert_eq!(
            (author, text.as_str(), kind),
            (
                None,
                "Messages to this group are now secured.",
                RecordKind::System
            )
        );
        let (_, author, text, kind) =
            one("[20.06.19, 15:58:47] Family: \u{200E}Voice call, \u{200E}12 min");
        assert_eq!(
            (author.as_deref(), text.as_str(), kind),
            (Some("Family"), "Voice call, 12 min", RecordKind::System)
        );
        let (_, _, text, kind) = one("[20.06.19, 15:58:47] You created group \u{201C}Test\u{201D}");
        assert_eq!(
            (text.as_str(), kind),
            ("You created group “Test”", RecordKind::System)
        );
    }

    #[test]
    fn group_events_under_the_group_s_name_in_any_language() {
        let text = "[14.03.24, 21:05:00] Familie: \u{200E}Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt.\n\
                    [14.03.24, 21:06:00] Jonas: \u{200E}Danke\n\
                    [14.03.24, 21:07:00] Familie: \u{200E}Jonas hat Mia hinzugefügt\n";
        let kinds: Vec<RecordKind> = parse(text).records.iter().map(|r| r.kind).collect();
        assert_eq!(
            kinds,
            [RecordKind::System, RecordKind::Message, RecordKind::System]
        );
        // In a chat of two the notice's author is a person who also writes plain text.
        let text = "[14.03.24, 21:05:00] Jonas: \u{200E}Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt.\n\
                    [14.03.24, 21:06:00] Jonas: Danke\n\
                    [14.03.24, 21:07:00] Jonas: \u{200E}Bis bald\n";
        let kinds: Vec<RecordKind> = parse(text).records.iter().map(|r| r.kind).collect();
        assert_eq!(
            kinds,
            [RecordKind::System, RecordKind::Message, RecordKind::Message]
        );
    }

    #[test]
    fn media_and_deleted_placeholders() {
        let kind = |body: &str| one(&format!("20/06/19, 16:00 - Loris: {body}")).3;
        for body in [
            "<Media omitted>",
            "<attached: 00000001-PHOTO-2019-06-20-16-00-15.jpg>",
            "< attached: 00000042-PHOTO-2020-06-07-15-13-20.jpg >",
            "2015-08-04-PHOTO-00004762.jpg <\u{200E}attached>",
            "IMG-20210428-WA0001.jpg (file attached)",
            "\u{200E}4f2680f1db95.jpg (Datei angehängt)",
            "\u{200E}image omitted",
            "\u{200E}sticker omitted",
            "\u{200E}GIF omitted",
            "video omitted",
            "audio omitted",
            "document omitted",
        ] {
            assert_eq!(kind(body), RecordKind::Media, "{body:?}");
        }
        for body in [
            "This message was deleted",
            "You deleted this message",
            "Missed voice call",
            "\u{200E}Missed video call",
        ] {
            assert_eq!(kind(body), RecordKind::System, "{body:?}");
        }
        assert_eq!(kind("I omitted the image"), RecordKind::Message);
    }

    #[test]
    fn text_after_a_mark_stays_a_message_unless_it_is_a_known_event() {
        let kind = |body: &str| one(&format!("[20.06.19, 15:58:47] Loris: {body}")).3;
        assert_eq!(kind("\u{200E}No idea, let's try"), RecordKind::Message);
        assert_eq!(kind("\u{200E}\u{200E}Alright"), RecordKind::Message);
        assert_eq!(kind("\u{200E}Ana added Ben"), RecordKind::System);
        // The encryption notice written under the chat's name is no message.
        assert_eq!(
            kind(
                "\u{200E}Messages and calls are end-to-end encrypted. No one outside of this chat can read them."
            ),
            RecordKind::System
        );
        // Shares: locations, live locations, venues, contact cards, view-once.
        for body in [
            "Location: https://maps.google.com/?q=50.94,6.95",
            "live location shared",
            "Pimlico (London): https://foursquare.com/v/4e89",
            "\u{200E}Contact card omitted",
            "null",
            "<media omitted>",
        ] {
            assert_eq!(kind(body), RecordKind::Media, "{body:?}");
        }
        let poll = "13/2/19, 10:00 - a: POLL:\nWhere shall we eat?\nOPTION: Pizza (2 votes)\n";
        assert_eq!(parse(poll).records[0].kind, RecordKind::Media);
        let venue = "1/2/19, 10:00 - a: Cafe\nMain Street 1\nhttps://foursquare.com/v/4e89\n";
        assert_eq!(parse(venue).records[0].kind, RecordKind::Media);
    }

    #[test]
    fn a_caption_under_an_attachment_is_a_message() {
        let text = "3/6/18, 1:55 p.m. - a: IMG-20210428-WA0001.jpg (file attached)\n\
                    Dir auch frohe Ostern.\n\
                    3/6/18, 1:56 p.m. - a: <Media omitted>\n";
        let got: Vec<_> = parse(text)
            .records
            .into_iter()
            .map(|r| (r.text, r.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("Dir auch frohe Ostern.".to_owned(), RecordKind::Message),
                ("<Media omitted>".to_owned(), RecordKind::Media)
            ]
        );
    }

    #[test]
    fn a_document_name_under_media_omitted_is_no_caption() {
        let text = "13/3/22, 21:50 - a: <Media omitted>\nSome file.txt\n\
                    13/3/22, 21:51 - a: <Media omitted>\nImage with caption\n";
        let kinds: Vec<RecordKind> = parse(text).records.iter().map(|r| r.kind).collect();
        assert_eq!(kinds, [RecordKind::Media, RecordKind::Message]);
    }

    #[test]
    fn edited_mark_is_dropped() {
        let (_, _, text, _) =
            one("[20.06.19, 15:58:47] A: see you soon \u{200E}<This message was edited>");
        assert_eq!(text, "see you soon");
    }

    #[test]
    fn date_order_inferred_per_file() {
        let order = |sample: &str| WhatsApp::for_sample(sample).order;
        // A day over 12 decides.
        assert_eq!(
            order("01/02/19, 10:00 - A: x\n20/02/19, 10:00 - A: y\n"),
            DateOrder::DayMonthYear
        );
        assert_eq!(
            order("01/02/19, 10:00 - A: x\n02/20/19, 10:00 - A: y\n"),
            DateOrder::MonthDayYear
        );
        // No field over 12: the order that keeps dates increasing.
        assert_eq!(
            order("05/01/19, 10:00 - A: x\n06/01/19, 10:00 - A: y\n01/02/19, 10:00 - A: z\n"),
            DateOrder::DayMonthYear
        );
        assert_eq!(
            order("01/05/19, 10:00 - A: x\n01/06/19, 10:00 - A: y\n02/01/19, 10:00 - A: z\n"),
            DateOrder::MonthDayYear
        );
        // Nothing decides: day first.
        assert_eq!(
            order("01/02/19, 10:00 - A: x\n01/03/19, 10:00 - A: y\n"),
            DateOrder::DayMonthYear
        );
        // The chosen order is what parse uses.
        let text = "01/02/19, 10:00 - A: x\n02/20/19, 10:00 - A: y\n";
        assert_eq!(parse(text).records[0].when, at(2019, 1, 2, 10, 0, 0));
        let text = "01/02/19, 10:00 - A: x\n20/02/19, 10:00 - A: y\n";
        assert_eq!(parse(text).records[0].when, at(2019, 2, 1, 10, 0, 0));
    }

    #[test]
    fn unreadable_dates_keep_the_record_undated_with_a_problem() {
        let parser = WhatsApp::with_order(DateOrder::DayMonthYear);
        let parsed = parse_with(
            &parser,
            "31/02/2023, 10:00 - A: x\n01/03/2023, 25:00 - A: y\n",
        );
        let got: Vec<_> = parsed
            .records
            .iter()
            .map(|r| (r.when, r.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [(None, "x"), (Some(Moment::Day(date(2023, 3, 1))), "y")]
        );
        let problems: Vec<_> = parsed
            .problems
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        assert_eq!(
            problems,
            [
                (1, "cannot read date '31/02/2023'"),
                (2, "cannot read time '25:00'")
            ]
        );
    }

    #[test]
    fn a_chunk_starting_mid_message_keeps_its_lines() {
        let parser = WhatsApp::with_order(DateOrder::DayMonthYear);
        let mut parsed = Parsed::default();
        parser.parse(
            "tail of a message\nmore\n01/03/2023, 10:00 - A: x\n",
            41,
            &mut parsed,
        );
        let got: Vec<_> = parsed
            .records
            .iter()
            .map(|r| (r.when.is_some(), r.text.as_str(), r.line))
            .collect();
        assert_eq!(
            got,
            [(false, "tail of a message\nmore", 41), (true, "x", 43)]
        );
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(parsed.problems[0].line, 41);
    }

    #[test]
    fn starts_record_matches_headers_only() {
        let parser = WhatsApp::with_order(DateOrder::DayMonthYear);
        assert!(parser.starts_record("[20.06.19, 15:58:47] Loris: hi"));
        assert!(parser.starts_record("20/06/2019, 15:58 - Loris added John"));
        assert!(!parser.starts_record("If you want we can change place"));
        assert!(!parser.starts_record("- https://github.com/"));
    }

    #[test]
    fn detection() {
        assert!(looks_like(
            "[20.06.19, 15:58:47] Loris created group\n[20.06.19, 15:58:57] Loris: Welcome\n"
        ));
        assert!(looks_like(
            "20/06/2019, 15:58 - Loris: one\nline\nline\n20/06/2019, 15:59 - John: two\n"
        ));
        assert!(!looks_like("Dear diary,\ntoday was fine.\n"));
        assert!(!looks_like(
            "2024-03-01 10:00 - started\n2024-03-01 11:00 - stopped\n"
        ));
        assert!(!looks_like(""));
        // Long messages far outnumber the headers: the count of headers decides.
        let long = "x\n".repeat(300);
        let chat = format!(
            "1/2/19, 10:00 - A: a\n{long}1/2/19, 10:01 - B: b\n{long}1/2/19, 10:02 - A: c\n"
        );
        assert!(looks_like(&chat));
    }

    #[test]
    fn an_undecided_order_is_reported_and_a_contradiction_where_it_stands() {
        let parsed = parse("01/02/19, 10:00 - A: x\n01/03/19, 10:00 - A: y\n");
        assert_eq!(parsed.warnings.len(), 1);
        assert!(parsed.warnings[0].message.contains("is a guess"));
        assert!(parsed.problems.is_empty());
        let parser = WhatsApp::for_sample("01/02/19, 10:00 - A: x\n");
        let parsed = parse_with(&parser, "01/02/19, 10:00 - A: x\n01/13/19, 10:00 - A: y\n");
        assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
        assert_eq!(parsed.problems[0].line, 2);
        // Decided orders say nothing.
        let decided = parse("13/02/19, 10:00 - A: x\n");
        assert!(decided.problems.is_empty() && decided.warnings.is_empty());
    }

    #[test]
    fn no_panic_on_odd_text() {
        let parser = WhatsApp::with_order(DateOrder::MonthDayYear);
        for text in [
            "\u{200E}",
            "[",
            "1",
            "1/",
            "1/2/3",
            "1/2/3,",
            "1/2/3, 4:",
            "1/2/3, 4:56",
            "1/2/3, 4:56 p",
            "1/2/3, 4:56 p.",
            "1/2/3, 4:56 -",
            "[1/2/3, 4:56]",
            "1/2/3, 4:56:",
            "9999/99/99, 99:99:99 - a: b",
            "0/0/0, 0:00 - a:",
            "1/2/3 ü:56 - a: é",
            "1/2/3, 4:56 \u{202F}",
            "\r\n\r\n",
        ] {
            parse_with(&parser, text);
            looks_like(text);
            WhatsApp::for_sample(text);
        }
    }
}
