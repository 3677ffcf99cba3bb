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
    /// `(conversation, set index)` of every conversation decided; one not listed uses set 0.
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

/// Chooses a language set for each conversation of `records` that `chosen` has not decided
/// yet, by detection; with `--lang` (the lexicon then has one set) there is nothing to choose.
/// A conversation whose language cannot be told, or has no lexicons, gets set 0 (English).
pub fn choose(lexicon: &Lexicon, records: &[Record], chosen: &mut Chosen) {
    if !lexicon.detects() {
        return;
    }
    let mut samples: Vec<(u32, String)> = Vec::new();
    // System notices and media placeholders count too: the app writes them in the phone's
    // language, which tells a chat of a few words apart (WhatsApp's Czech "<Média vynechány>").
    for record in records {
        let conversation = record.conversation;
        let sample = match samples.iter_mut().rfind(|(c, _)| *c == conversation) {
            Some((_, sample)) => sample,
            None if chosen.sets.iter().any(|&(c, _)| c == conversation) => continue,
            None => {
                samples.push((conversation, String::new()));
                &mut samples.last_mut().expect("pushed above").1
            }
        };
        add_to_sample(sample, &record.text);
    }
    for (conversation, sample) in samples {
        let set = match detect(&sample) {
            None => 0,
            Some(code) => lexicon.set_of(code).unwrap_or_else(|| {
                let note = format!(
                    "language {code} ({}) has no lexicons; tagging with English",
                    name_of(code).unwrap_or(code)
                );
                if !chosen.notes.contains(&note) {
                    chosen.notes.push(note);
                }
                0
            }),
        };
        chosen.sets.push((conversation, set));
    }
}

/// Appends the words of `text` to `sample` up to [`SAMPLE_BYTES`], leaving out links, whose
/// letters are no language.
fn add_to_sample(sample: &mut String, text: &str) {
    for word in text.split_whitespace() {
        if sample.len() + word.len() >= SAMPLE_BYTES {
            return;
        }
        if !word.contains("://") && !word.starts_with("www.") {
            sample.push_str(word);
            sample.push(' ');
        }
    }
    sample.push('\n');
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
    fn only_undecided_conversations_are_detected() {
        let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/lang/lexicons");
        let lexicon =
            Lexicon::load(&[fixtures], None, &crate::lexicon::LanguageChoice::Detect).unwrap();
        let spanish = lexicon.set_of("es").unwrap();
        let german = lexicon.set_of("de").unwrap();
        let record = |conversation: u32, text: &str| Record {
            conversation,
            ..Record::message(None, None, text.to_owned(), 1)
        };
        let records = [
            record(
                1,
                "Ich vermisse dich so sehr, danke dass du immer für mich da bist",
            ),
            record(
                2,
                "Ich vermisse dich so sehr, danke dass du immer für mich da bist",
            ),
            record(3, "Děkuju za včerejší večeři, byla výborná, jsem ráda"),
            record(4, "ok"),
        ];
        // Conversation 1 was decided from the source's start: it keeps Spanish.
        let mut chosen = Chosen {
            sets: vec![(1, spanish)],
            notes: Vec::new(),
        };
        choose(&lexicon, &records, &mut chosen);
        assert_eq!(chosen.sets, [(1, spanish), (2, german), (3, 0), (4, 0)]);
        assert_eq!(
            chosen.notes,
            ["language cs (Czech) has no lexicons; tagging with English"]
        );
        assert_eq!(chosen.set_of(2), german);
        assert_eq!(chosen.set_of(9), 0);
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
