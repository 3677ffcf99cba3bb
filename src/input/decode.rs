//! Decoding: every input goes through one reader that sniffs the encoding and yields UTF-8
//! text in chunks that end at a line break.
//!
//! UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded as such; a file whose first
//! block is not valid UTF-8 is read as Windows-1252 (the usual culprit: an old Windows
//! export). Invalid UTF-8 later in a UTF-8 file becomes U+FFFD and is counted, never dropped.

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
    Windows1252,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

/// Streams decoded text out of a byte reader.
pub struct TextReader<R> {
    inner: R,
    encoding: Encoding,
    decoder: Option<encoding_rs::Decoder>,
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
        let (encoding, bom_len) = match head.as_slice() {
            [0xEF, 0xBB, 0xBF, ..] => (Encoding::Utf8, 3),
            [0xFF, 0xFE, ..] => (Encoding::Utf16Le, 2),
            [0xFE, 0xFF, ..] => (Encoding::Utf16Be, 2),
            _ if memchr::memchr(0, &head[..head.len().min(BINARY_SNIFF_LEN)]).is_some() => {
                return Ok(Opened::Binary);
            }
            _ if is_utf8_prefix(&head) => (Encoding::Utf8, 0),
            _ => (Encoding::Windows1252, 0),
        };
        let decoder = match encoding {
            Encoding::Utf8 => None,
            Encoding::Utf16Le => Some(encoding_rs::UTF_16LE.new_decoder_without_bom_handling()),
            Encoding::Utf16Be => Some(encoding_rs::UTF_16BE.new_decoder_without_bom_handling()),
            Encoding::Windows1252 => {
                Some(encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling())
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
        match self.decoder.as_mut() {
            Some(decoder) => {
                let needed = decoder
                    .max_utf8_buffer_length(self.raw.len())
                    .unwrap_or(self.raw.len() * 3 + 16);
                self.text.reserve(needed);
                let (_, read, _) = decoder.decode_to_string(&self.raw, &mut self.text, last);
                self.raw.drain(..read);
            }
            None => self.decode_utf8(last),
        }
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
