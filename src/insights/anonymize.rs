//! `--anonymize`: every person an export names becomes `Person A`, `Person B`, …
//!
//! The names are gathered before the first row is written (authors in order of first
//! appearance, then people the export lists without their writing — Messenger
//! `participants`, Telegram `members` and `actor`s — and names in export file names such as
//! "WhatsApp Chat with …"), so no row, file name or quote can slip out before its person is
//! known. Matching is on folded words: full lowercase, Turkish dotted and dotless i alike,
//! accents stripped (`Jose` finds José), so every case and spelling variant of a name is one
//! key. A name is found as a whole, as each of its words alone (a first name), run together
//! (`CarolJones`, `caroljones`) and inside underscore or dot compounds (`carol_jones`, a
//! Messenger folder `carolj_12345`). Name words that are also ordinary words ("Will",
//! "Grace", "Hope") are replaced only where they are written as a name: capitalised, not at
//! the start of a sentence.
//!
//! Labels follow the order of first appearance, which the pipeline keeps for any thread
//! count. With a key (`--anonymize-key`) a label is instead derived from the name and the key,
//! so separate runs over shards of a corpus give a person the same label.

use std::borrow::Cow;
use std::collections::HashMap;

use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation;

use crate::aggregate::Counts;

/// `Person A` … `Person Z`, then `Person AA`, `Person AB`, … (spreadsheet columns).
pub fn label(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(b'A' + rest as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!(
        "Person {}",
        String::from_utf8(letters).expect("ASCII letters")
    )
}

/// `Person 3F9A2C1B`: the first four bytes of HMAC-SHA256(key, folded name).
fn keyed_label(key: &[u8], name: &str) -> String {
    let digest = hmac_sha256(key, fold(name.trim()).as_bytes());
    let hex: String = digest[..4].iter().map(|b| format!("{b:02X}")).collect();
    format!("Person {hex}")
}

/// RFC 2104 HMAC over SHA-256 (a few lines, so no extra crate).
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(move |b| b ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36).collect::<Vec<u8>>())
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c).collect::<Vec<u8>>())
        .chain_update(inner)
        .finalize()
        .into()
}

/// The key every spelling of a word shares: lowercase, accents and dots of i stripped.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase).nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'ı' => folded.push('i'),
            'ß' => folded.push_str("ss"),
            'ſ' => folded.push('s'),
            'ς' => folded.push('σ'),
            'ø' => folded.push('o'),
            'æ' => folded.push_str("ae"),
            'œ' => folded.push_str("oe"),
            'đ' | 'ð' => folded.push('d'),
            'ł' => folded.push('l'),
            'þ' => folded.push_str("th"),
            '’' | 'ʼ' => folded.push('\''),
            _ => folded.push(c),
        }
    }
    folded
}

/// Name words that are also ordinary words: replaced only where written as a name.
const ORDINARY: &str = include_str!("ordinary_names.txt");

/// Particles that belong to a full name but never identify anyone alone.
const PARTICLES: &[&str] = &[
    "al", "bin", "da", "das", "de", "dei", "del", "della", "den", "der", "des", "di", "do", "dos",
    "du", "el", "la", "le", "los", "mc", "st", "ten", "ter", "van", "von", "y", "zu",
];

fn is_ordinary(folded: &str) -> bool {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| {
        ORDINARY
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect()
    })
    .contains(folded)
}

/// How a folded word sequence may be matched.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Form {
    words: Vec<String>,
    label: usize,
    /// A single word that is also an ordinary word: only capitalised, mid-sentence.
    ordinary: bool,
}

/// Every person of a run and the forms their names take.
#[derive(Debug, Default)]
pub struct Anonymizer {
    labels: Vec<String>,
    /// Name as the export writes it → index into `labels`.
    by_name: HashMap<String, usize>,
    /// Folded name (see [`fold`]) → index into `labels`: one person however spelt.
    by_folded: HashMap<String, usize>,
    /// First folded word → forms starting with it, longest first.
    forms: HashMap<String, Vec<Form>>,
    key: Option<Vec<u8>>,
}

impl Anonymizer {
    pub fn new() -> Anonymizer {
        Anonymizer::default()
    }

    /// Labels derived from `key` and each name instead of the order of appearance.
    pub fn with_key(key: &[u8]) -> Anonymizer {
        Anonymizer {
            key: Some(key.to_vec()),
            ..Anonymizer::default()
        }
    }

    /// Notes the person `name`, giving them the next label if they are new. Spellings that
    /// fold to the same key (`İlker`, `ilker`, `ILKER`) are one person.
    pub fn see(&mut self, name: &str) {
        if self.by_name.contains_key(name) || name.trim().is_empty() {
            return;
        }
        let folded = fold(name.trim());
        let index = match self.by_folded.get(&folded) {
            Some(&index) => index,
            None => {
                let label = match &self.key {
                    Some(key) => keyed_label(key, name),
                    None => label(self.labels.len()),
                };
                self.labels.push(label);
                self.labels.len() - 1
            }
        };
        self.by_name.insert(name.to_owned(), index);
        self.by_folded.insert(folded, index);
        self.add_forms(name, index);
    }

    fn add_forms(&mut self, name: &str, label: usize) {
        let words: Vec<String> = name.unicode_words().map(fold).collect();
        let mut forms = Vec::new();
        if !words.is_empty() {
            forms.push(words.clone());
        }
        if words.len() > 1 {
            forms.push(vec![words.concat()]);
            forms.push(vec![words.join("_")]);
            forms.push(vec![words.join(".")]);
            for word in &words {
                if word.chars().count() >= 2
                    && !PARTICLES.contains(&word.as_str())
                    && word.chars().any(char::is_alphabetic)
                {
                    forms.push(vec![word.clone()]);
                }
            }
        }
        for words in forms {
            let ordinary = words.len() == 1 && is_ordinary(&words[0]);
            let entry = self.forms.entry(words[0].clone()).or_default();
            // A form already claimed by an earlier person keeps its first owner.
            if entry.iter().any(|form| form.words == words) {
                continue;
            }
            entry.push(Form {
                words,
                label,
                ordinary,
            });
            entry.sort_by_key(|form| std::cmp::Reverse(form.words.len()));
        }
    }

    /// The label of a person already seen (every author is, once the names are gathered).
    pub fn known(&self, author: &str) -> String {
        self.by_name
            .get(author)
            .or_else(|| self.by_folded.get(&fold(author.trim())))
            .map_or_else(
                || "Person ?".to_owned(),
                |&index| self.labels[index].clone(),
            )
    }

    /// Renames every author key of `counts`.
    pub fn counts(&self, counts: Counts) -> Counts {
        Counts {
            by_day: counts
                .by_day
                .into_iter()
                .map(|((date, author), tally)| ((date, author.map(|a| self.known(&a))), tally))
                .collect(),
            ..counts
        }
    }

    /// `text` with every name of a known person replaced by their label.
    pub fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if self.forms.is_empty() {
            return Cow::Borrowed(text);
        }
        let words = words(text);
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let mut i = 0;
        while i < words.len() {
            if let Some((label, taken)) = self.match_at(text, &words, i) {
                let (mut start, end) = (words[i].start, words[i + taken - 1].end);
                // A phone number's leading `+` belongs to the name.
                if words[i].folded.chars().all(|c| c.is_ascii_digit())
                    && text[copied..start].ends_with('+')
                {
                    start -= 1;
                }
                out.push_str(&text[copied..start]);
                out.push_str(&self.labels[label]);
                copied = end;
                i += taken;
                continue;
            }
            i += 1;
        }
        if copied == 0 {
            return Cow::Borrowed(text);
        }
        out.push_str(&text[copied..]);
        Cow::Owned(out)
    }

    /// The longest form starting at word `i`: its label and how many words it covers.
    fn match_at(&self, text: &str, words: &[Word], i: usize) -> Option<(usize, usize)> {
        let candidates = self.forms.get(&words[i].folded)?;
        'forms: for form in candidates {
            let n = form.words.len();
            if i + n > words.len() {
                continue;
            }
            for k in 1..n {
                let gap = &text[words[i + k - 1].end..words[i + k].start];
                if words[i + k].folded != form.words[k] || !is_name_gap(gap) {
                    continue 'forms;
                }
            }
            let written_as_name = words[i].capitalised && !words[i].sentence_start;
            if form.ordinary && !written_as_name {
                continue;
            }
            return Some((form.label, n));
        }
        None
    }
}

/// Between the words of one name: spaces, or a hyphen or dot ("Mary-Jane", "J. Smith").
fn is_name_gap(gap: &str) -> bool {
    !gap.is_empty()
        && gap
            .chars()
            .all(|c| matches!(c, ' ' | '-' | '.' | '_' | '\u{a0}'))
        && gap.chars().filter(|&c| c != ' ').count() <= 1
}

/// A word of a text, as UAX #29 finds it.
struct Word {
    start: usize,
    end: usize,
    folded: String,
    /// Begins with an upper-case letter.
    capitalised: bool,
    /// First word of the text or after `.`, `!`, `?`, `:` or a line break.
    sentence_start: bool,
}

fn words(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut sentence_start = true;
    for (start, segment) in text.split_word_bound_indices() {
        if segment.chars().any(char::is_alphanumeric) {
            for (offset, part) in parts(segment) {
                words.push(Word {
                    start: start + offset,
                    end: start + offset + part.len(),
                    folded: fold(part),
                    capitalised: part.chars().next().is_some_and(char::is_uppercase),
                    sentence_start,
                });
                sentence_start = false;
            }
        } else if segment
            .chars()
            .any(|c| matches!(c, '.' | '!' | '?' | ':' | '\n' | '\r' | '¿' | '¡' | '…'))
        {
            sentence_start = true;
        }
    }
    words
}

/// A UAX #29 word cut where names hide inside compounds: at `.` and `_` (`carol.jones`,
/// `Jones.txt`, `ivanpetrov_1234567`), between letters and digits, and before a possessive
/// `'s`.
fn parts(word: &str) -> Vec<(usize, &str)> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut previous: Option<char> = None;
    for (at, c) in word.char_indices() {
        let cut = match previous {
            Some(p) => {
                (p.is_numeric() != c.is_numeric() && p.is_alphanumeric() && c.is_alphanumeric())
                    || ((c == '\'' || c == '’') && {
                        let rest = &word[at + c.len_utf8()..];
                        rest.eq_ignore_ascii_case("s")
                    })
            }
            None => false,
        };
        if c == '.' || c == '_' {
            if at > start {
                parts.push((start, &word[start..at]));
            }
            start = at + 1;
        } else if cut && at > start {
            parts.push((start, &word[start..at]));
            start = at;
        }
        previous = Some(c);
    }
    if start < word.len() {
        parts.push((start, &word[start..]));
    }
    parts
}

/// The names an export's file or folder name gives: "WhatsApp Chat with Carol Jones.txt"
/// names Carol Jones, as do WhatsApp's translations of that file name.
pub fn names_in_file_name(path: &str) -> Vec<String> {
    const PREFIXES: &[&str] = &[
        "whatsapp chat with ",
        "whatsapp chat - ",
        "chat de whatsapp con ",
        "conversa do whatsapp com ",
        "whatsapp-chat mit ",
        "discussion whatsapp avec ",
        "chat whatsapp con ",
        "whatsapp-chat met ",
        "czat whatsapp z ",
        "whatsapp sohbeti: ",
        "чат whatsapp с ",
    ];
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = file
        .strip_suffix(".txt")
        .or_else(|| file.strip_suffix(".zip"))
        .unwrap_or(file);
    let lower = stem.to_lowercase();
    PREFIXES
        .iter()
        .find_map(|prefix| {
            lower.starts_with(prefix).then(|| {
                // Byte offsets of a lowercased prefix can differ; count characters instead.
                let skip = prefix.chars().count();
                stem.chars().skip(skip).collect::<String>()
            })
        })
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Anonymizer {
        let mut names = Anonymizer::new();
        for name in list {
            names.see(name);
        }
        names
    }

    fn case(list: &[&str], text: &str, expected: &str) {
        assert_eq!(names(list).redact(text), expected, "{text}");
    }

    #[test]
    fn labels_run_like_spreadsheet_columns() {
        assert_eq!(label(0), "Person A");
        assert_eq!(label(25), "Person Z");
        assert_eq!(label(26), "Person AA");
        assert_eq!(label(27), "Person AB");
    }

    #[test]
    fn labels_follow_first_appearance() {
        let names = names(&["Sam", "Alex Smith", "Sam"]);
        assert_eq!(names.known("Alex Smith"), "Person B");
        assert_eq!(names.known("Sam"), "Person A");
    }

    #[test]
    fn names_and_their_parts_are_redacted_as_whole_words() {
        case(
            &["Sam", "Alex Smith", "+44 7700 900123"],
            "sam, ask ALEX. Alex Smith's phone is +44 7700 900123; Samuel stays",
            "Person A, ask Person B. Person B's phone is Person C; Samuel stays",
        );
    }

    #[test]
    fn digits_of_a_phone_number_alone_stay() {
        case(
            &["+44 7700 900123"],
            "I walked 7700 steps",
            "I walked 7700 steps",
        );
    }

    #[test]
    fn turkish_dotted_capital_i_and_its_case_variants() {
        let list = &["İlker"];
        case(list, "İlker geldi", "Person A geldi");
        case(list, "ilker geldi", "Person A geldi");
        case(list, "ILKER geldi", "Person A geldi");
        case(list, "ılker geldi", "Person A geldi");
        case(list, "İLKER geldi", "Person A geldi");
    }

    #[test]
    fn spellings_that_fold_alike_are_one_person() {
        let names = names(&["İlker", "ilker", "Zoë"]);
        assert_eq!(names.known("ilker"), "Person A");
        assert_eq!(names.known("ILKER"), "Person A");
        assert_eq!(names.known("Zoë"), "Person B");
    }

    #[test]
    fn accents_stripped_and_added() {
        case(
            &["José García"],
            "Jose said hi to garcia",
            "Person A said hi to Person A",
        );
        case(&["Jose"], "José is here", "Person A is here");
    }

    #[test]
    fn run_together_and_underscore_forms() {
        let list = &["Carol Jones"];
        case(list, "CarolJones replied", "Person A replied");
        case(list, "mail carol_jones now", "mail Person A now");
        case(list, "carol.jones@example", "Person A@example");
    }

    #[test]
    fn folder_names_with_ids() {
        case(
            &["Ivan Petrov"],
            "inbox/ivanpetrov_1234567/message_1.json",
            "inbox/Person A_1234567/message_1.json",
        );
        case(
            &["Carol Jones"],
            "WhatsApp Chat with Carol Jones.txt",
            "WhatsApp Chat with Person A.txt",
        );
    }

    #[test]
    fn ordinary_words_stay_unless_written_as_a_name() {
        let list = &["Will Smith", "Grace"];
        case(
            list,
            "I will always be grateful, by the grace of God",
            "I will always be grateful, by the grace of God",
        );
        case(list, "Will do. Hope so", "Will do. Hope so");
        case(list, "ask Will about it", "ask Person A about it");
        case(list, "Will Smith called", "Person A called");
        case(list, "I met Grace today", "I met Person B today");
        case(list, "Grace. Grace is here", "Grace. Grace is here");
    }

    #[test]
    fn hope_as_a_name() {
        case(&["Hope"], "Hope you feel better", "Hope you feel better");
        case(&["Hope"], "tell Hope I said hi", "tell Person A I said hi");
    }

    #[test]
    fn particles_are_not_names_alone() {
        case(
            &["Maria de la Cruz"],
            "la casa de Maria, Maria de la Cruz",
            "la casa de Person A, Person A",
        );
    }

    #[test]
    fn keyed_labels_do_not_depend_on_order() {
        let mut one = Anonymizer::with_key(b"secret");
        one.see("Sam");
        one.see("Alex");
        let mut two = Anonymizer::with_key(b"secret");
        two.see("Alex");
        two.see("Sam");
        assert_eq!(one.known("Sam"), two.known("Sam"));
        assert_ne!(one.known("Sam"), one.known("Alex"));
        assert!(one.known("Sam").starts_with("Person "));
        let other = {
            let mut names = Anonymizer::with_key(b"other");
            names.see("Sam");
            names
        };
        assert_ne!(one.known("Sam"), other.known("Sam"));
    }

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn file_names_name_the_other_person() {
        assert_eq!(
            names_in_file_name("exports/WhatsApp Chat with Carol Jones.txt"),
            ["Carol Jones"]
        );
        assert_eq!(
            names_in_file_name("Conversa do WhatsApp com Zé.txt"),
            ["Zé"]
        );
        assert!(names_in_file_name("chat.txt").is_empty());
    }
}
