//! Tokenizer: splits a passage into normalised word and emoji tokens with clause numbers.
//!
//! The hot path of every run, so it borrows the text, writes lowercase keys into one reused
//! buffer and never allocates per token. ASCII takes a byte-level fast path; anything else
//! falls back to exact Unicode classification, so both paths give the same tokens. Scripts
//! written without spaces (Chinese, Japanese, Thai, Lao, Khmer, Myanmar) are cut at UAX #29
//! word boundaries, as `unicode-segmentation` finds them.

use unicode_segmentation::UnicodeSegmentation;

/// Whether a token is a word (counted in word totals) or an emoji.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Emoji,
}

#[derive(Debug, Clone, Copy)]
struct Span {
    /// [`key_hash`] of the key, computed once when the token is read, so the tables a token
    /// is looked up in do not hash it again.
    hash: u64,
    key_start: u32,
    key_end: u32,
    /// Byte range of the token in the passage, as written.
    text_start: u32,
    text_end: u32,
    kind: TokenKind,
    clause: u32,
}

/// The tokens of one passage; reuse one value across passages to avoid allocation.
#[derive(Debug, Default)]
pub struct Tokens {
    /// The keys of every token, one after another.
    keys: String,
    /// `keys` while tokenizing: written as bytes, eight at a time for short ASCII words, and
    /// checked to be UTF-8 once per passage rather than once per token.
    key_bytes: Vec<u8>,
    spans: Vec<Span>,
    words: usize,
}

impl Tokens {
    pub fn new() -> Self {
        Self::default()
    }

    /// Tokenizes `text`, replacing what the buffer held.
    pub fn tokenize(&mut self, text: &str) {
        self.key_bytes = std::mem::take(&mut self.keys).into_bytes();
        self.key_bytes.clear();
        self.spans.clear();
        self.words = 0;
        let mut clause = 0u32;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match BYTE_CLASS[bytes[i] as usize] {
                ALNUM => i = self.word(text, i, clause),
                CLAUSE => {
                    clause += 1;
                    i += 1;
                }
                NON_ASCII => {
                    let c = text[i..]
                        .chars()
                        .next()
                        .expect("index is on a char boundary");
                    if is_word_char(c) {
                        i = self.word(text, i, clause);
                    } else if is_emoji_start(c) {
                        i = self.emoji(text, i, clause);
                    } else {
                        if is_unicode_clause_break(c) {
                            clause += 1;
                        }
                        i += c.len_utf8();
                    }
                }
                _ => i += 1,
            }
        }
        self.keys = String::from_utf8(std::mem::take(&mut self.key_bytes))
            .expect("keys are made of whole characters");
    }

    /// Number of tokens (words and emoji).
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Number of word tokens: the denominator of every rate.
    pub fn word_count(&self) -> usize {
        self.words
    }

    /// The normalised key of token `index` (lowercase, apostrophes straight, emoji without modifiers).
    pub fn key(&self, index: usize) -> &str {
        let span = self.spans[index];
        &self.keys[span.key_start as usize..span.key_end as usize]
    }

    /// [`key_hash`] of the key of token `index`.
    pub fn hash(&self, index: usize) -> u64 {
        self.spans[index].hash
    }

    pub fn kind(&self, index: usize) -> TokenKind {
        self.spans[index].kind
    }

    /// Byte range of token `index` in the passage as written (for quoting matched words).
    pub fn text_range(&self, index: usize) -> std::ops::Range<usize> {
        let span = self.spans[index];
        span.text_start as usize..span.text_end as usize
    }

    /// Clause number of token `index`; tokens in one clause share it.
    pub fn clause(&self, index: usize) -> u32 {
        self.spans[index].clause
    }

    /// Whether word `index` of `text` (the passage these tokens came from) is written
    /// capitalised (an upper-case letter, then a lower-case one: "Dick", "Mr", not "DICK" or
    /// "I") and is not the first word of the passage or of a sentence, as names and titles
    /// are: "reading Moby Dick". A sentence starts after `. ! ?`, `…` or a line break, with
    /// spaces, quotes and brackets between. Read from the text only when asked, so
    /// tokenizing pays nothing for it.
    pub fn is_name_like(&self, text: &str, index: usize) -> bool {
        let start = self.spans[index].text_start as usize;
        if !is_capitalised(&text[start..]) {
            return false;
        }
        for c in text[..start].chars().rev() {
            match c {
                '.' | '!' | '?' | '\n' | '…' | '。' | '！' | '？' | '\u{2028}' | '\u{2029}' => {
                    return false;
                }
                '"' | '\'' | '(' | '[' | '“' | '‘' | '«' | '¡' | '¿' => {}
                c if c.is_whitespace() => {}
                _ => return true,
            }
        }
        false
    }

    #[inline(always)]
    fn push(
        &mut self,
        key_start: usize,
        text: std::ops::Range<usize>,
        kind: TokenKind,
        clause: u32,
    ) {
        let hash = hash_bytes(&self.key_bytes[key_start..]);
        self.push_hashed(key_start, hash, text, kind, clause);
    }

    #[inline(always)]
    fn push_hashed(
        &mut self,
        key_start: usize,
        hash: u64,
        text: std::ops::Range<usize>,
        kind: TokenKind,
        clause: u32,
    ) {
        if kind == TokenKind::Word {
            self.words += 1;
        }
        self.spans.push(Span {
            hash,
            key_start: key_start as u32,
            key_end: self.key_bytes.len() as u32,
            text_start: text.start as u32,
            text_end: text.end as u32,
            kind,
            clause,
        });
    }

    fn push_char(&mut self, c: char) {
        self.key_bytes
            .extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
    }

    /// Reads one word starting at `start`; returns the index after it.
    #[inline(always)]
    fn word(&mut self, text: &str, start: usize, clause: u32) -> usize {
        let bytes = text.as_bytes();
        let key_start = self.key_bytes.len();
        // Most words are ASCII letters and digits, shorter than eight bytes: classified,
        // lowercased, copied and hashed eight bytes at a time, without a branch per byte
        // (words end at unpredictable lengths, and such branches mispredict once per word).
        if let Some(chunk) = bytes.get(start..start + 8) {
            let lanes = u64::from_le_bytes(chunk.try_into().expect("a slice of eight bytes"));
            let len = ((!ascii_alnum_lanes(lanes) & HIGH_BITS).trailing_zeros() / 8) as usize;
            if len < 8 && !matches!(bytes[start + len], b'\'' | 0x80..) {
                let key = ascii_lowercase_lanes(lanes) & ((1 << (8 * len)) - 1);
                self.key_bytes.extend_from_slice(&key.to_le_bytes());
                self.key_bytes.truncate(key_start + len);
                let hash = short_key_hash(key, len);
                self.push_hashed(key_start, hash, start..start + len, TokenKind::Word, clause);
                return start + len;
            }
        }
        let mut unspaced = false;
        let mut i = start;
        loop {
            while let Some(&b) = bytes.get(i) {
                if BYTE_CLASS[b as usize] != ALNUM {
                    break;
                }
                self.key_bytes.push(b.to_ascii_lowercase());
                i += 1;
            }
            let Some(&b) = bytes.get(i) else { break };
            if b == b'\'' {
                if i > start && starts_with_word_char(&text[i + 1..]) {
                    self.key_bytes.push(b'\'');
                    i += 1;
                    continue;
                }
                break;
            }
            if b < 0x80 {
                break;
            }
            let c = text[i..]
                .chars()
                .next()
                .expect("index is on a char boundary");
            if is_word_char(c) {
                unspaced |= is_unspaced_script(c);
                if c.is_uppercase() {
                    c.to_lowercase().for_each(|c| self.push_char(c));
                } else {
                    self.push_char(c);
                }
            } else if is_apostrophe(c)
                && i > start
                && starts_with_word_char(&text[i + c.len_utf8()..])
            {
                self.key_bytes.push(b'\'');
            } else {
                break;
            }
            i += c.len_utf8();
        }
        if unspaced {
            self.key_bytes.truncate(key_start);
            self.segments(text, start..i, clause);
        } else {
            self.push(key_start, start..i, TokenKind::Word, clause);
        }
        i
    }

    // Out of line: inlined into `word`, it slowed the hottest loop of every run.
    #[cold]
    #[inline(never)]
    /// Pushes the UAX #29 words of `run`, a run of word characters that holds a script
    /// written without spaces: each ideograph, kana or Thai letter (with its marks) is a word,
    /// a katakana run stays one.
    fn segments(&mut self, text: &str, run: std::ops::Range<usize>, clause: u32) {
        for (offset, segment) in text[run.clone()].split_word_bound_indices() {
            if !segment.chars().next().is_some_and(is_word_char) {
                continue;
            }
            let key_start = self.key_bytes.len();
            for c in segment.chars() {
                if is_apostrophe(c) {
                    self.key_bytes.push(b'\'');
                } else {
                    c.to_lowercase().for_each(|c| self.push_char(c));
                }
            }
            let start = run.start + offset;
            self.push(
                key_start,
                start..start + segment.len(),
                TokenKind::Word,
                clause,
            );
        }
    }

    /// Reads one emoji (with its modifiers, joiners and keycaps) starting at `start`.
    fn emoji(&mut self, text: &str, start: usize, clause: u32) -> usize {
        let key_start = self.key_bytes.len();
        let mut chars = text[start..].char_indices().peekable();
        let (_, first) = chars.next().expect("emoji start is a char");
        self.push_char(first);
        let mut end = start + first.len_utf8();
        let mut regional = is_regional_indicator(first);
        while let Some(&(offset, c)) = chars.peek() {
            if is_emoji_modifier(c) {
                // Variation selectors and skin tones do not change what an emoji means here.
            } else if c == '\u{20E3}' || is_emoji_tag(c) {
                self.push_char(c);
            } else if regional && is_regional_indicator(c) {
                self.push_char(c);
                regional = false;
            } else if c == '\u{200D}' {
                chars.next();
                match chars.peek() {
                    Some(&(next_offset, next)) if is_emoji_start(next) => {
                        self.push_char('\u{200D}');
                        self.push_char(next);
                        end = start + next_offset + next.len_utf8();
                        chars.next();
                        continue;
                    }
                    _ => {
                        end = start + offset + c.len_utf8();
                        break;
                    }
                }
            } else {
                break;
            }
            end = start + offset + c.len_utf8();
            chars.next();
        }
        self.push(key_start, start..end, TokenKind::Emoji, clause);
        end
    }
}

/// The hash of a token key that every table of keys is looked up with; the tokenizer
/// computes it once per token.
pub fn key_hash(key: &str) -> u64 {
    hash_bytes(key.as_bytes())
}

/// Hashes eight bytes at a time, the last eight padded with zeros, so the tokenizer can hash
/// a short word straight from the eight bytes it lowercased ([`short_key_hash`]).
#[inline(always)]
fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hash = HASH_SEED ^ bytes.len() as u64;
    for chunk in bytes.chunks(8) {
        let mut lanes = [0; 8];
        lanes[..chunk.len()].copy_from_slice(chunk);
        hash = folded_multiply(hash ^ u64::from_le_bytes(lanes), HASH_MULTIPLIER);
    }
    hash
}

/// [`hash_bytes`] of the `len` (at most eight) bytes of `key`, little-endian, the rest zero.
#[inline(always)]
fn short_key_hash(key: u64, len: usize) -> u64 {
    folded_multiply(HASH_SEED ^ len as u64 ^ key, HASH_MULTIPLIER)
}

const HASH_SEED: u64 = 0x243f_6a88_85a3_08d3;
const HASH_MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

/// The high and low halves of the full product, folded: every bit of the result depends on
/// every bit of `value`, so hash tables may take their index and tag bits from anywhere.
#[inline(always)]
fn folded_multiply(value: u64, multiplier: u64) -> u64 {
    let product = u128::from(value) * u128::from(multiplier);
    (product as u64) ^ ((product >> 64) as u64)
}

/// Normalises one lexicon token the way the tokenizer normalises text, so entries and text
/// agree; `None` when the token is not exactly one word or emoji.
pub fn normalize_key(token: &str) -> Option<String> {
    // Most entries are plain ASCII words, which the tokenizer only lowercases.
    if !token.is_empty() && token.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Some(token.to_ascii_lowercase());
    }
    let mut tokens = Tokens::new();
    tokens.tokenize(token);
    (tokens.len() == 1).then(|| tokens.key(0).to_owned())
}

/// Whether `word` starts with an upper-case letter followed by a lower-case one.
fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_some_and(char::is_lowercase)
}

fn starts_with_word_char(rest: &str) -> bool {
    rest.chars().next().is_some_and(is_word_char)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Marks that belong inside words but are not `Alphabetic` (Indic viramas, Latin combining accents).
fn is_combining_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A | 0x064B..=0x065F
        | 0x0900..=0x0963 | 0x0981..=0x09E3 | 0x0A01..=0x0A63 | 0x0A81..=0x0AE3 | 0x0B01..=0x0B63
        | 0x0B82..=0x0BD7 | 0x0C00..=0x0C63 | 0x0C81..=0x0CE3 | 0x0D00..=0x0D63 | 0x0E31..=0x0E3A
        | 0x0E47..=0x0E4E | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x200C | 0xFE20..=0xFE2F)
}

/// Scripts written without spaces between words, where UAX #29 cuts a run of letters:
/// Thai, Lao, Myanmar, Khmer, Tai Tham, CJK ideographs, kana and their marks.
fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF | 0x19E0..=0x19FF | 0x1A20..=0x1AAF
        | 0x2E80..=0x2FDF | 0x3005..=0x3007 | 0x3021..=0x3029 | 0x3031..=0x3035
        | 0x3040..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xFF66..=0xFF9F | 0x20000..=0x3FFFF)
}

/// The high bit of each of the eight bytes.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// `byte` in each of the eight lanes of a word.
const fn splat(byte: u8) -> u64 {
    u64::from_ne_bytes([byte; 8])
}

/// The high bit of each byte of `lanes` set where the byte is at least `low` and at most
/// `high` (both ASCII); bytes from 0x80 are never in range.
///
/// Each test adds a constant to the low seven bits, so no lane carries into the next: the sum
/// reaches the high bit exactly when the byte is past the bound.
#[inline(always)]
fn lanes_in_range(lanes: u64, low: u8, high: u8) -> u64 {
    let seven_bits = lanes & !HIGH_BITS;
    (seven_bits + splat(0x80 - low)) & !(seven_bits + splat(0x7f - high)) & !lanes & HIGH_BITS
}

/// The high bit of each byte of `lanes` set where the byte is an ASCII letter or digit.
#[inline(always)]
fn ascii_alnum_lanes(lanes: u64) -> u64 {
    // Setting 0x20 folds upper case onto lower case and maps no other byte into a-z.
    lanes_in_range(lanes | splat(0x20), b'a', b'z') | lanes_in_range(lanes, b'0', b'9')
}

/// `lanes` with its ASCII capitals made lower case.
#[inline(always)]
fn ascii_lowercase_lanes(lanes: u64) -> u64 {
    lanes | (lanes_in_range(lanes, b'A', b'Z') >> 2)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

const OTHER: u8 = 0;
const ALNUM: u8 = 1;
const CLAUSE: u8 = 2;
const NON_ASCII: u8 = 3;

/// What each byte is to the tokenizer; one table load per byte on the hot path.
const BYTE_CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = if b >= 0x80 {
            NON_ASCII
        } else if b.is_ascii_alphanumeric() {
            ALNUM
        } else if matches!(
            b,
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b'(' | b')' | b'[' | b']' | b'"' | b'\n'
        ) {
            CLAUSE
        } else {
            OTHER
        };
        byte += 1;
    }
    table
};

fn is_unicode_clause_break(c: char) -> bool {
    matches!(
        c,
        '…' | '—'
            | '–'
            | '“'
            | '”'
            | '«'
            | '»'
            | '¡'
            | '¿'
            | '。'
            | '！'
            | '？'
            | '，'
            | '；'
            | '：'
            | '\u{2028}'
            | '\u{2029}'
    )
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

fn is_emoji_modifier(c: char) -> bool {
    matches!(c, '\u{FE0E}' | '\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}')
}

fn is_emoji_tag(c: char) -> bool {
    ('\u{E0020}'..='\u{E007F}').contains(&c)
}

/// Pictographic characters that stand as tokens of their own (Unicode Extended_Pictographic blocks).
fn is_emoji_start(c: char) -> bool {
    matches!(c as u32,
        0x00A9 | 0x00AE | 0x203C | 0x2049 | 0x2122 | 0x2139 | 0x2194..=0x21AA | 0x231A..=0x23FF
        | 0x24C2 | 0x25AA..=0x25FE | 0x2600..=0x27BF | 0x2934 | 0x2935 | 0x2B05..=0x2B55
        | 0x3030 | 0x303D | 0x3297 | 0x3299 | 0x1F000..=0x1FAFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_byte_classification_agrees_with_the_byte_table_in_every_lane() {
        // Every byte value in every lane, beside neighbours at both ends of the ranges, so a
        // carry between lanes would show.
        for neighbour in [0x00, 0x2f, 0x40, 0x5a, 0x7f, 0x80, 0xff] {
            for lane in 0..8 {
                for byte in 0..=255u8 {
                    let mut bytes = [neighbour; 8];
                    bytes[lane] = byte;
                    let lanes = u64::from_le_bytes(bytes);
                    let alnum = ascii_alnum_lanes(lanes);
                    let lowered = ascii_lowercase_lanes(lanes).to_le_bytes();
                    for (index, &b) in bytes.iter().enumerate() {
                        let set = alnum >> (index * 8 + 7) & 1 == 1;
                        assert_eq!(set, BYTE_CLASS[b as usize] == ALNUM, "{bytes:02x?}");
                        assert_eq!(lowered[index], b.to_ascii_lowercase(), "{bytes:02x?}");
                    }
                }
            }
        }
    }

    #[test]
    fn short_keys_hash_alike_from_their_lanes_and_their_bytes() {
        for key in ["a", "i", "no", "love", "thanks", "abcdefg", "sorry"] {
            let mut lanes = [0; 8];
            lanes[..key.len()].copy_from_slice(key.as_bytes());
            assert_eq!(
                short_key_hash(u64::from_le_bytes(lanes), key.len()),
                key_hash(key),
                "{key}"
            );
        }
        assert_ne!(key_hash("abcdefgh"), key_hash("abcdefgi"));
    }

    #[test]
    fn words_read_eight_bytes_at_a_time_match_the_byte_by_byte_reading() {
        // Words ending at every offset of the eight bytes, and words the fast path hands on:
        // longer ones, apostrophes, accents, and words at the end of the passage.
        assert_eq!(
            keys("A Bc DEF ghiJ 12345 Sixsix SevenSe EightEig NineNineN don't café x"),
            [
                "a",
                "bc",
                "def",
                "ghij",
                "12345",
                "sixsix",
                "sevense",
                "eighteig",
                "nineninen",
                "don't",
                "café",
                "x"
            ]
        );
    }

    fn keys(text: &str) -> Vec<String> {
        let mut tokens = Tokens::new();
        tokens.tokenize(text);
        (0..tokens.len())
            .map(|i| tokens.key(i).to_owned())
            .collect()
    }

    #[test]
    fn lowercases_and_keeps_inner_apostrophes() {
        assert_eq!(keys("I DON'T know, y'all"), ["i", "don't", "know", "y'all"]);
    }

    #[test]
    fn french_elisions_stay_one_token() {
        // Lexicons spell the elided forms out ("je t'aime", "n'*" as a negator).
        assert_eq!(
            keys("Je t'aime, j’adore. L'amour n'est pas"),
            ["je", "t'aime", "j'adore", "l'amour", "n'est", "pas"]
        );
    }

    #[test]
    fn curly_apostrophes_become_straight() {
        assert_eq!(
            keys("I’m sorry you‘re sad"),
            ["i'm", "sorry", "you're", "sad"]
        );
    }

    #[test]
    fn quotes_around_words_are_not_part_of_them() {
        assert_eq!(keys("'thanks' he said'"), ["thanks", "he", "said"]);
    }

    #[test]
    fn hyphens_split_words() {
        assert_eq!(keys("well-being"), ["well", "being"]);
    }

    #[test]
    fn emoji_are_tokens_without_modifiers() {
        assert_eq!(keys("thanks🙏🏽!❤️ ok"), ["thanks", "🙏", "❤", "ok"]);
        assert_eq!(keys("👨‍👩‍👧 hi"), ["👨\u{200D}👩\u{200D}👧", "hi"]);
        assert_eq!(keys("🇫🇷🇩🇪"), ["🇫🇷", "🇩🇪"]);
    }

    #[test]
    fn unicode_words_lowercase() {
        assert_eq!(keys("Schön ÜBER straße"), ["schön", "über", "straße"]);
        assert_eq!(keys("Спасибо, друг"), ["спасибо", "друг"]);
    }

    #[test]
    fn clauses_break_at_punctuation_and_newlines() {
        let mut tokens = Tokens::new();
        tokens.tokenize("not bad, thanks\nok");
        let clauses: Vec<u32> = (0..tokens.len()).map(|i| tokens.clause(i)).collect();
        assert_eq!(clauses[0], clauses[1]);
        assert_ne!(clauses[1], clauses[2]);
        assert_ne!(clauses[2], clauses[3]);
    }

    #[test]
    fn word_count_excludes_emoji() {
        let mut tokens = Tokens::new();
        tokens.tokenize("love you ❤️❤️");
        assert_eq!(tokens.len(), 4);
        assert_eq!(tokens.word_count(), 2);
    }

    #[test]
    fn japanese_is_cut_at_uax29_word_boundaries() {
        // UAX #29 without a dictionary: every kanji and hiragana is a word, a katakana run
        // (コーヒー) stays one. Checked by hand against unicode-segmentation's unicode_words.
        assert_eq!(
            keys("私は日本語を勉強しています。コーヒーが好き"),
            [
                "私",
                "は",
                "日",
                "本",
                "語",
                "を",
                "勉",
                "強",
                "し",
                "て",
                "い",
                "ま",
                "す",
                "コーヒー",
                "が",
                "好",
                "き"
            ]
        );
    }

    #[test]
    fn thai_is_cut_at_uax29_word_boundaries() {
        // "I love you very much": UAX #29 has no Thai dictionary, so each consonant with its
        // vowel marks is a word: ผ ม รั ก คุ ณ ม า ก.
        let mut tokens = Tokens::new();
        tokens.tokenize("ผมรักคุณมาก");
        assert_eq!(tokens.word_count(), 9);
        assert_eq!(tokens.key(2), "ร\u{e31}");
    }

    #[test]
    fn emoji_stay_tokens_beside_unspaced_scripts() {
        let mut tokens = Tokens::new();
        tokens.tokenize("愛してる❤️谢谢你🙏");
        assert_eq!(
            (0..tokens.len()).map(|i| tokens.key(i)).collect::<Vec<_>>(),
            ["愛", "し", "て", "る", "❤", "谢", "谢", "你", "🙏"]
        );
        assert_eq!(tokens.word_count(), 7);
    }

    #[test]
    fn mixed_runs_split_only_the_unspaced_part() {
        assert_eq!(keys("東京Tower 한국어"), ["東", "京", "tower", "한국어"]);
    }

    #[test]
    fn ascii_and_unicode_paths_agree() {
        assert_eq!(keys("café's latte"), ["café's", "latte"]);
        assert_eq!(keys("naïve don’t"), ["naïve", "don't"]);
    }

    #[test]
    fn capitalised_words_mid_sentence_look_like_names() {
        let text =
            "Dick said I was reading Moby Dick. Great! DICK\nMr Bitchley, Émile \"Bo\" (Al) lol Ed";
        let mut tokens = Tokens::new();
        tokens.tokenize(text);
        let names: Vec<&str> = (0..tokens.len())
            .filter(|&i| tokens.is_name_like(text, i))
            .map(|i| tokens.key(i))
            .collect();
        assert_eq!(
            names,
            ["moby", "dick", "bitchley", "émile", "bo", "al", "ed"]
        );
    }

    #[test]
    fn normalize_key_matches_tokenizer() {
        assert_eq!(normalize_key("Don’t").as_deref(), Some("don't"));
        assert_eq!(normalize_key("❤️").as_deref(), Some("❤"));
        assert_eq!(normalize_key("well-being"), None);
    }
}
