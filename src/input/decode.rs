//! Decoding: every input goes through one reader that sniffs the encoding and yields UTF-8
//! text in chunks that end at a line break.
//!
//! UTF-8 (with or without BOM), UTF-16 and UTF-32 with a BOM are decoded as such; UTF-16
//! without a BOM is recognised by the NUL bytes of its ASCII characters (every other byte);
//! a file whose first block is not valid UTF-8 is read as Windows-1252 (the usual culprit:
//! an old Windows export). Invalid UTF-8 later in a UTF-8 file becomes U+FFFD and is
//! counted, never dropped. Line breaks come out as `\n` or `\r\n`: a carriage return alone
//! (classic Mac OS, some old exporters) becomes `\n`, so its lines stay lines.

use std::io::{self, Read};

/// How much of the start of a file is examined to choose its encoding.
const SNIFF_LEN: usize = 64 * 1024;
/// A NUL byte this early means the file is binary (as ripgrep decides).
const BINARY_SNIFF_LEN: usize = 8 * 1024;

/// The encoding a file was read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// UTF-16 without a byte-order mark, told by where its NUL bytes are.
    Utf16LeUnmarked,
    Utf16BeUnmarked,
    Utf32Le,
    Utf32Be,
    Windows1252,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le | Encoding::Utf16LeUnmarked => "UTF-16LE",
            Encoding::Utf16Be | Encoding::Utf16BeUnmarked => "UTF-16BE",
            Encoding::Utf32Le => "UTF-32LE",
            Encoding::Utf32Be => "UTF-32BE",
            Encoding::Windows1252 => "Windows-1252",
        }
    }

    /// Whether the encoding was inferred from the bytes rather than marked or valid UTF-8:
    /// worth a warning, since a guess can be wrong.
    pub fn guessed(self) -> bool {
        matches!(
            self,
            Encoding::Windows1252 | Encoding::Utf16LeUnmarked | Encoding::Utf16BeUnmarked
        )
    }
}

/// Turns bytes into text; UTF-8 is checked in place, UTF-32 is not in `encoding_rs`.
enum Decoder {
    Utf8,
    Other(encoding_rs::Decoder),
    Utf32 { big_endian: bool },
}

/// Streams decoded text out of a byte reader.
pub struct TextReader<R> {
    inner: R,
    encoding: Encoding,
    decoder: Decoder,
    /// Raw bytes read but not yet decoded (an incomplete UTF-8 sequence at a block edge).
    raw: Vec<u8>,
    /// Decoded text after the last line break handed out.
    text: String,
    eof: bool,
    /// Lines handed out so far, to number lines in warnings.
    lines_out: u64,
    invalid: InvalidBytes,
}

/// Runs of bytes that were not valid UTF-8 and were replaced by U+FFFD.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InvalidBytes {
    pub runs: u64,
    /// 1-based line of the first such run.
    pub first_line: Option<u64>,
}

/// What sniffing the start of an input found.
pub enum Opened<R> {
    Text(TextReader<R>),
    /// A NUL byte in the first 8 KiB.
    Binary,
}

impl<R: Read> TextReader<R> {
    /// Reads the start of `inner` and chooses the encoding.
    pub fn open(mut inner: R) -> io::Result<Opened<R>> {
        let mut head = Vec::with_capacity(SNIFF_LEN);
        (&mut inner).take(SNIFF_LEN as u64).read_to_end(&mut head)?;
        let sniff = &head[..head.len().min(BINARY_SNIFF_LEN)];
        let (encoding, bom_len) = match head.as_slice() {
            [0xEF, 0xBB, 0xBF, ..] => (Encoding::Utf8, 3),
            [0xFF, 0xFE, 0x00, 0x00, ..] => (Encoding::Utf32Le, 4),
            [0x00, 0x00, 0xFE, 0xFF, ..] => (Encoding::Utf32Be, 4),
            [0xFF, 0xFE, ..] => (Encoding::Utf16Le, 2),
            [0xFE, 0xFF, ..] => (Encoding::Utf16Be, 2),
            _ if memchr::memchr(0, sniff).is_some() => match unmarked_utf16(sniff) {
                Some(encoding) => (encoding, 0),
                None => return Ok(Opened::Binary),
            },
            _ if is_utf8_prefix(&head) => (Encoding::Utf8, 0),
            _ => (Encoding::Windows1252, 0),
        };
        let decoder = match encoding {
            Encoding::Utf8 => Decoder::Utf8,
            Encoding::Utf16Le | Encoding::Utf16LeUnmarked => {
                Decoder::Other(encoding_rs::UTF_16LE.new_decoder_without_bom_handling())
            }
            Encoding::Utf16Be | Encoding::Utf16BeUnmarked => {
                Decoder::Other(encoding_rs::UTF_16BE.new_decoder_without_bom_handling())
            }
            Encoding::Utf32Le => Decoder::Utf32 { big_endian: false },
            Encoding::Utf32Be => Decoder::Utf32 { big_endian: true },
            Encoding::Windows1252 => {
                Decoder::Other(encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling())
            }
        };
        head.drain(..bom_len);
        Ok(Opened::Text(TextReader {
            inner,
            encoding,
            decoder,
            raw: head,
            text: String::new(),
            eof: false,
            lines_out: 0,
            invalid: InvalidBytes::default(),
        }))
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    pub fn invalid_bytes(&self) -> InvalidBytes {
        self.invalid
    }

    /// Lines handed out so far.
    pub fn lines_read(&self) -> u64 {
        self.lines_out
    }

    /// Returns the next piece of text of at least `min_len` bytes (unless the input ends
    /// first), ending just after a line break or at the end of input; `None` at the end.
    pub fn next_text(&mut self, min_len: usize) -> io::Result<Option<String>> {
        self.next_text_within(min_len, usize::MAX)
    }

    /// [`next_text`](Self::next_text), but a piece without a line break is cut anyway
    /// (between characters) once it reaches `max_len`, so one enormous line is never held
    /// whole.
    pub fn next_text_within(
        &mut self,
        min_len: usize,
        max_len: usize,
    ) -> io::Result<Option<String>> {
        loop {
            if self.text.len() >= min_len
                && let Some(cut) = memchr::memrchr(b'\n', self.text.as_bytes())
            {
                let rest = self.text.split_off(cut + 1);
                let piece = std::mem::replace(&mut self.text, rest);
                self.lines_out += count_lines(&piece);
                return Ok(Some(piece));
            }
            if self.text.len() >= max_len {
                let mut cut = max_len;
                while !self.text.is_char_boundary(cut) {
                    cut -= 1;
                }
                let rest = self.text.split_off(cut);
                let piece = std::mem::replace(&mut self.text, rest);
                self.lines_out += count_lines(&piece);
                return Ok(Some(piece));
            }
            if self.eof {
                if self.text.is_empty() {
                    return Ok(None);
                }
                let piece = std::mem::take(&mut self.text);
                self.lines_out += count_lines(&piece);
                return Ok(Some(piece));
            }
            self.fill(min_len.max(64 * 1024))?;
        }
    }

    /// Reads about `want` more bytes and decodes them into `self.text`.
    fn fill(&mut self, want: usize) -> io::Result<()> {
        // `read_to_end` grows the buffer as data arrives: a small file never pays for
        // zeroing a megabyte it does not fill.
        let read = (&mut self.inner)
            .take(want as u64)
            .read_to_end(&mut self.raw)?;
        self.eof = read < want;
        let last = self.eof;
        let start = self.text.len();
        match &mut self.decoder {
            Decoder::Other(decoder) => {
                let needed = decoder
                    .max_utf8_buffer_length(self.raw.len())
                    .unwrap_or(self.raw.len() * 3 + 16);
                self.text.reserve(needed);
                let (_, read, _) = decoder.decode_to_string(&self.raw, &mut self.text, last);
                self.raw.drain(..read);
            }
            Decoder::Utf32 { big_endian } => {
                decode_utf32(&mut self.raw, *big_endian, last, &mut self.text);
            }
            Decoder::Utf8 => self.decode_utf8(last),
        }
        break_lone_crs(&mut self.text, start, last);
        Ok(())
    }

    fn decode_utf8(&mut self, last: bool) {
        let keep = if last { 0 } else { incomplete_tail(&self.raw) };
        let complete = self.raw.len() - keep;
        match std::str::from_utf8(&self.raw[..complete]) {
            Ok(valid) => self.text.push_str(valid),
            Err(_) => {
                let line_base = self.lines_out + count_lines(&self.text) + 1;
                let mut lines_seen = 0;
                for chunk in self.raw[..complete].utf8_chunks() {
                    self.text.push_str(chunk.valid());
                    lines_seen += count_lines(chunk.valid());
                    if !chunk.invalid().is_empty() {
                        self.text.push(char::REPLACEMENT_CHARACTER);
                        self.invalid.runs += 1;
                        self.invalid
                            .first_line
                            .get_or_insert(line_base + lines_seen);
                    }
                }
            }
        }
        self.raw.drain(..complete);
    }
}

/// Decodes the whole UTF-32 units of `raw` into `text`, keeping a partial unit for the next
/// block (or replacing it at the end); a value that is no character becomes U+FFFD.
fn decode_utf32(raw: &mut Vec<u8>, big_endian: bool, last: bool, text: &mut String) {
    let whole = raw.len() / 4 * 4;
    for unit in raw[..whole].chunks_exact(4) {
        let unit = [unit[0], unit[1], unit[2], unit[3]];
        let value = if big_endian {
            u32::from_be_bytes(unit)
        } else {
            u32::from_le_bytes(unit)
        };
        text.push(char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER));
    }
    raw.drain(..whole);
    if last && !raw.is_empty() {
        raw.clear();
        text.push(char::REPLACEMENT_CHARACTER);
    }
}

/// UTF-16 without a byte-order mark, from the NUL bytes in `sniff`: ASCII characters put
/// one in every other byte (the odd bytes for little-endian), and text has few NUL
/// characters; anything else with NUL bytes is binary.
fn unmarked_utf16(sniff: &[u8]) -> Option<Encoding> {
    let pairs = sniff.len() / 2;
    if pairs < 2 {
        return None;
    }
    let nuls = |offset: usize| {
        sniff[..pairs * 2]
            .iter()
            .skip(offset)
            .step_by(2)
            .filter(|&&byte| byte == 0)
            .count()
    };
    let (even, odd) = (nuls(0), nuls(1));
    let many = |count: usize| count * 4 >= pairs;
    let few = |count: usize| count * 20 <= pairs;
    if many(odd) && few(even) {
        Some(Encoding::Utf16LeUnmarked)
    } else if many(even) && few(odd) {
        Some(Encoding::Utf16BeUnmarked)
    } else {
        None
    }
}

/// Turns each run of carriage returns that no line feed follows into as many line feeds,
/// in `text` from byte `from` on. A run at the very end waits for the next block (it may
/// be the `\r` of a `\r\n` cut in two) unless this is the `last` one; runs before a line
/// feed (`\r\n`, and `\r\r\n` from exporters that convert twice) are left to the parsers.
fn break_lone_crs(text: &mut String, from: usize, last: bool) {
    let bytes = text.as_bytes();
    let mut from = from.min(bytes.len());
    while from > 0 && bytes[from - 1] == b'\r' {
        from -= 1;
    }
    let mut lone = Vec::new();
    let mut at = from;
    while let Some(found) = memchr::memchr(b'\r', &bytes[at..]) {
        let start = at + found;
        let end = start + bytes[start..].iter().take_while(|&&b| b == b'\r').count();
        match bytes.get(end) {
            Some(b'\n') => {}
            None if !last => break,
            _ => lone.extend(start..end),
        }
        at = end;
    }
    if lone.is_empty() {
        return;
    }
    let mut bytes = std::mem::take(text).into_bytes();
    for index in lone {
        bytes[index] = b'\n';
    }
    *text = String::from_utf8(bytes).expect("replacing ASCII with ASCII keeps UTF-8 valid");
}

fn count_lines(text: &str) -> u64 {
    memchr::memchr_iter(b'\n', text.as_bytes()).count() as u64
}

/// Whether `bytes` is valid UTF-8 except perhaps for a sequence cut off at the end.
fn is_utf8_prefix(bytes: &[u8]) -> bool {
    std::str::from_utf8(&bytes[..bytes.len() - incomplete_tail(bytes)]).is_ok()
}

/// Length of an incomplete UTF-8 sequence at the end of `bytes` (0 to 3).
fn incomplete_tail(bytes: &[u8]) -> usize {
    for back in 1..=bytes.len().min(3) {
        let byte = bytes[bytes.len() - back];
        if byte & 0xC0 == 0x80 {
            continue;
        }
        let needed = match byte {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => return 0,
        };
        return if needed > back { back } else { 0 };
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8], min_len: usize) -> (String, Encoding, InvalidBytes) {
        let Opened::Text(mut reader) = TextReader::open(bytes).unwrap() else {
            panic!("not text");
        };
        let mut all = String::new();
        while let Some(piece) = reader.next_text(min_len).unwrap() {
            assert!(piece.ends_with('\n') || !all.contains('\u{0}'));
            all.push_str(&piece);
        }
        (all, reader.encoding(), reader.invalid_bytes())
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let (text, encoding, _) = decode_all(b"\xEF\xBB\xBFhi\n", 1);
        assert_eq!((text.as_str(), encoding), ("hi\n", Encoding::Utf8));
    }

    #[test]
    fn lone_carriage_returns_are_line_breaks() {
        for min_len in [1, 4, 1 << 20] {
            let (text, _, _) = decode_all(b"a\rb\r\rc\r\nd\r\r\ne\r", min_len);
            assert_eq!(text, "a\nb\n\nc\r\nd\r\r\ne\n", "min_len {min_len}");
        }
        // A CR-only file longer than a block: every line survives, including those whose
        // CR ends one block and whose LF (if any) would begin the next.
        let old_mac = "line of an old Mac export\r".repeat(10_000);
        let (text, _, _) = decode_all(old_mac.as_bytes(), 1000);
        assert_eq!(text, old_mac.replace('\r', "\n"));
        let windows = "line of a Windows export\r\n".repeat(10_000);
        assert_eq!(decode_all(windows.as_bytes(), 1000).0, windows);
    }

    #[test]
    fn utf32_with_a_byte_order_mark() {
        let text = "héllo ❤ 😀\nx";
        let mut le = vec![0xFF, 0xFE, 0, 0];
        let mut be = vec![0, 0, 0xFE, 0xFF];
        for c in text.chars() {
            le.extend((c as u32).to_le_bytes());
            be.extend((c as u32).to_be_bytes());
        }
        assert_eq!(
            decode_all(&le, 1),
            (text.into(), Encoding::Utf32Le, InvalidBytes::default())
        );
        assert_eq!(decode_all(&be, 1).0, text);
        assert_eq!(decode_all(&be, 1).1, Encoding::Utf32Be);
        // A cut-off last unit is replaced, not dropped silently or misread.
        le.pop();
        assert!(decode_all(&le, 1).0.ends_with('\u{FFFD}'));
    }

    #[test]
    fn utf16_without_a_byte_order_mark_is_told_by_its_nul_bytes() {
        let text = "[01.02.23, 10:00:00] Ana: hi ❤\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode_all(&le, 1).0, text);
        assert_eq!(decode_all(&le, 1).1, Encoding::Utf16LeUnmarked);
        assert_eq!(decode_all(&be, 1).0, text);
        assert!(decode_all(&be, 1).1.guessed());
        // NUL bytes everywhere is still binary.
        assert!(matches!(
            TextReader::open(&b"\x00\x00\x01\x00\x00\x07\x00\x00"[..]).unwrap(),
            Opened::Binary
        ));
    }

    #[test]
    fn utf16_both_endians() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in "héllo ❤\nx".encode_utf16() {
            le.extend(unit.to_le_bytes());
            be.extend(unit.to_be_bytes());
        }
        assert_eq!(decode_all(&le, 1).0, "héllo ❤\nx");
        assert_eq!(decode_all(&be, 1).1, Encoding::Utf16Be);
    }

    #[test]
    fn invalid_utf8_at_start_means_windows_1252() {
        let (text, encoding, _) = decode_all(b"caf\xE9 \x93ok\x94\n", 1);
        assert_eq!(text, "café “ok”\n");
        assert_eq!(encoding, Encoding::Windows1252);
    }

    #[test]
    fn nul_byte_means_binary() {
        assert!(matches!(
            TextReader::open(&b"PK\x03\x04\x00\x00"[..]).unwrap(),
            Opened::Binary
        ));
    }

    #[test]
    fn later_invalid_bytes_are_replaced_and_counted_with_their_line() {
        let mut bytes = "ok ✓\n".repeat(20_000).into_bytes();
        bytes.extend(b"bad \xFF byte\n");
        let (text, encoding, invalid) = decode_all(&bytes, 1000);
        assert_eq!(encoding, Encoding::Utf8);
        assert!(text.ends_with("bad \u{FFFD} byte\n"));
        assert_eq!(
            invalid,
            InvalidBytes {
                runs: 1,
                first_line: Some(20_001)
            }
        );
    }

    #[test]
    fn pieces_end_at_line_breaks_and_multibyte_chars_survive_block_edges() {
        let text = "ä€😀 line\n".repeat(50_000);
        let Opened::Text(mut reader) = TextReader::open(text.as_bytes()).unwrap() else {
            panic!("not text");
        };
        let mut all = String::new();
        while let Some(piece) = reader.next_text(100_000).unwrap() {
            assert!(piece.ends_with('\n'));
            all.push_str(&piece);
        }
        assert_eq!(all, text);
        assert_eq!(reader.lines_read(), 50_000);
    }
}
