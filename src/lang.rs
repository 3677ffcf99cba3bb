//! Which language each conversation is written in, so its passages are tagged with that
//! language's lexicons and negators.
//!
//! Detection uses whatlang (trigram profiles of 70 languages, pure Rust, no model files, about
//! a microsecond per hundred bytes) on a bounded sample of each conversation's messages: the
//! first [`SAMPLE_BYTES`] of message text, so a long chat costs no more than a short one.

use crate::lexicon::Lexicon;
use crate::record::Record;

/// Message text per conversation given to detection; a few hundred words tell a language
/// reliably, and the bound keeps detection's cost independent of the chat's length.
pub const SAMPLE_BYTES: usize = 4096;

/// Below this much text, detection guesses too often; such a conversation keeps English.
const MIN_SAMPLE_BYTES: usize = 40;

/// The language sets chosen for the conversations of one piece of a source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chosen {
    /// `(conversation, set index)`; a conversation not listed uses set 0.
    pub sets: Vec<(u32, usize)>,
    /// What to tell the user: detected languages that have no lexicons.
    pub notes: Vec<String>,
}

impl Chosen {
    /// The set for the records of `conversation`.
    pub fn set_of(&self, conversation: u32) -> usize {
        self.sets
            .iter()
            .find(|(c, _)| *c == conversation)
            .map_or(0, |&(_, set)| set)
    }
}

/// Chooses a language set per conversation of `records` by detection; with `--lang` (the
/// lexicon then has one set) there is nothing to choose.
pub fn choose(lexicon: &Lexicon, records: &[Record]) -> Chosen {
    let mut chosen = Chosen::default();
    if !lexicon.detects() {
        return chosen;
    }
    let mut samples: Vec<(u32, String)> = Vec::new();
    for record in records.iter().filter(|r| r.is_language()) {
        let sample = match samples.iter_mut().find(|(c, _)| *c == record.conversation) {
            Some((_, sample)) => sample,
            None => {
                samples.push((record.conversation, String::new()));
                &mut samples.last_mut().expect("pushed above").1
            }
        };
        if sample.len() < SAMPLE_BYTES {
            let room = SAMPLE_BYTES - sample.len();
            let text = &record.text[..floor_char_boundary(&record.text, room)];
            sample.push_str(text);
            sample.push('\n');
        }
    }
    for (conversation, sample) in samples {
        let Some(code) = detect(&sample) else {
            continue;
        };
        match lexicon.set_of(code) {
            Some(set) => chosen.sets.push((conversation, set)),
            None => {
                let note = format!(
                    "language {code} ({}) has no lexicons; tagging with English",
                    name_of(code).unwrap_or(code)
                );
                if !chosen.notes.contains(&note) {
                    chosen.notes.push(note);
                }
            }
        }
    }
    chosen
}

/// The ISO 639-1 code (639-3 where there is none) of the language `text` is written in, or
/// `None` when there is too little text to tell.
pub fn detect(text: &str) -> Option<&'static str> {
    if text.len() < MIN_SAMPLE_BYTES {
        return None;
    }
    let info = whatlang::detect(text)?;
    let code = info.lang().code();
    Some(
        CODES
            .iter()
            .find(|(three, _, _)| *three == code)
            .map_or(code, |&(_, two, _)| two),
    )
}

/// The English name of a language code closeread knows, ISO 639-1 or 639-3.
pub fn name_of(code: &str) -> Option<&'static str> {
    CODES
        .iter()
        .find(|(three, two, _)| *two == code || *three == code)
        .map(|&(_, _, name)| name)
}

/// The largest index ≤ `index` that is a char boundary of `text`.
fn floor_char_boundary(text: &str, index: usize) -> usize {
    if index >= text.len() {
        return text.len();
    }
    (0..=index)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// ISO 639-3 (as whatlang names them), ISO 639-1 and English name of the languages whatlang
/// detects; those without a 639-1 code keep their 639-3 one.
const CODES: &[(&str, &str, &str)] = &[
    ("afr", "af", "Afrikaans"),
    ("aka", "ak", "Akan"),
    ("amh", "am", "Amharic"),
    ("ara", "ar", "Arabic"),
    ("aze", "az", "Azerbaijani"),
    ("bel", "be", "Belarusian"),
    ("ben", "bn", "Bengali"),
    ("bul", "bg", "Bulgarian"),
    ("cat", "ca", "Catalan"),
    ("ces", "cs", "Czech"),
    ("cmn", "zh", "Chinese"),
    ("cym", "cy", "Welsh"),
    ("dan", "da", "Danish"),
    ("deu", "de", "German"),
    ("ell", "el", "Greek"),
    ("eng", "en", "English"),
    ("epo", "eo", "Esperanto"),
    ("est", "et", "Estonian"),
    ("fin", "fi", "Finnish"),
    ("fra", "fr", "French"),
    ("guj", "gu", "Gujarati"),
    ("heb", "he", "Hebrew"),
    ("hin", "hi", "Hindi"),
    ("hrv", "hr", "Croatian"),
    ("hun", "hu", "Hungarian"),
    ("hye", "hy", "Armenian"),
    ("ind", "id", "Indonesian"),
    ("ita", "it", "Italian"),
    ("jav", "jv", "Javanese"),
    ("jpn", "ja", "Japanese"),
    ("kan", "kn", "Kannada"),
    ("kat", "ka", "Georgian"),
    ("khm", "km", "Khmer"),
    ("kor", "ko", "Korean"),
    ("lat", "la", "Latin"),
    ("lav", "lv", "Latvian"),
    ("lit", "lt", "Lithuanian"),
    ("mal", "ml", "Malayalam"),
    ("mar", "mr", "Marathi"),
    ("mkd", "mk", "Macedonian"),
    ("mya", "my", "Burmese"),
    ("nep", "ne", "Nepali"),
    ("nld", "nl", "Dutch"),
    ("nob", "nb", "Norwegian Bokmål"),
    ("ori", "or", "Odia"),
    ("pan", "pa", "Punjabi"),
    ("pes", "fa", "Persian"),
    ("pol", "pl", "Polish"),
    ("por", "pt", "Portuguese"),
    ("ron", "ro", "Romanian"),
    ("rus", "ru", "Russian"),
    ("sin", "si", "Sinhala"),
    ("slk", "sk", "Slovak"),
    ("slv", "sl", "Slovenian"),
    ("sna", "sn", "Shona"),
    ("spa", "es", "Spanish"),
    ("srp", "sr", "Serbian"),
    ("swe", "sv", "Swedish"),
    ("tam", "ta", "Tamil"),
    ("tel", "te", "Telugu"),
    ("tgl", "tl", "Tagalog"),
    ("tha", "th", "Thai"),
    ("tuk", "tk", "Turkmen"),
    ("tur", "tr", "Turkish"),
    ("ukr", "uk", "Ukrainian"),
    ("urd", "ur", "Urdu"),
    ("uzb", "uz", "Uzbek"),
    ("vie", "vi", "Vietnamese"),
    ("yid", "yi", "Yiddish"),
    ("zul", "zu", "Zulu"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_whatlang_language_has_a_two_letter_code_here() {
        for lang in whatlang::Lang::all() {
            assert!(
                CODES.iter().any(|(three, _, _)| *three == lang.code()),
                "{} is missing",
                lang.code()
            );
        }
    }

    #[test]
    fn detects_the_languages_with_lexicons() {
        for (text, code) in [
            (
                "I miss you so much, thank you for being there for me when I needed it",
                "en",
            ),
            (
                "Te extraño mucho, gracias por estar siempre conmigo cuando más lo necesito",
                "es",
            ),
            (
                "Estou com muita saudade de você, obrigada por estar sempre comigo",
                "pt",
            ),
            (
                "Ich vermisse dich so sehr, danke dass du immer für mich da bist",
                "de",
            ),
            (
                "Tu me manques tellement, merci d'être toujours là pour moi quand j'en ai besoin",
                "fr",
            ),
        ] {
            assert_eq!(detect(text), Some(code), "{text}");
        }
    }

    #[test]
    fn too_little_text_is_not_guessed() {
        assert_eq!(detect("ok 👍"), None);
    }

    #[test]
    fn names_by_either_code() {
        assert_eq!(name_of("cs"), Some("Czech"));
        assert_eq!(name_of("ces"), Some("Czech"));
        assert_eq!(name_of("xx"), None);
    }
}
