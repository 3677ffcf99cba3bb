//! Property tests of invariants: parsers never panic, and counts merge in any grouping.

use closeread::aggregate::Counts;
use closeread::input::{Format, Parsed};
use closeread::lexicon::Lexicon;
use closeread::tag::Tagger;
use closeread::text::{TokenKind, Tokens, key_hash};
use proptest::prelude::*;

/// Text made of the pieces real exports are made of, so headers are often almost valid.
fn export_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("[20.06.19, 15:58:47] ".to_owned()),
        Just("3/6/18, 1:55\u{202F}p.\u{A0}m. - ".to_owned()),
        Just("2024-03-01\n".to_owned()),
        Just("## Monday, March 1, 2024\n".to_owned()),
        Just("Loris: ".to_owned()),
        Just("\u{200E}".to_owned()),
        Just("\r\n".to_owned()),
        Just("\n".to_owned()),
        Just("<Media omitted>".to_owned()),
        Just("thank you so much ❤️ ".to_owned()),
        Just("I don't appreciate that. ".to_owned()),
        "[0-9/.,: \\-\\[\\]]{0,12}",
        "\\PC{0,8}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn parsers_never_panic(text in export_like()) {
        for &format in Format::ALL {
            let parser = format.parser(std::path::Path::new("x.txt"), &text, &Default::default());
            let mut parsed = Parsed::default();
            parser.parse(&text, 1, &mut parsed);
            for record in &parsed.records {
                prop_assert!(record.line >= 1);
            }
        }
    }

    #[test]
    fn counts_merged_in_any_split_equal_one_pass(text in export_like(), split in 0usize..40) {
        let lexicon = Lexicon::built_in().unwrap();
        let parser =
            Format::Whatsapp.parser(std::path::Path::new("x.txt"), &text, &Default::default());
        let mut parsed = Parsed::default();
        parser.parse(&text, 1, &mut parsed);
        let mut tagger = Tagger::new(&lexicon, false);
        let tagged: Vec<_> = parsed
            .records
            .iter()
            .map(|record| (record, tagger.tag(&record.text)))
            .collect();
        let mut whole = Counts::new();
        for (record, tags) in &tagged {
            whole.add(record, tags);
        }
        let split = split.min(tagged.len());
        let (mut left, mut right) = (Counts::new(), Counts::new());
        for (record, tags) in &tagged[..split] {
            left.add(record, tags);
        }
        for (record, tags) in &tagged[split..] {
            right.add(record, tags);
        }
        right.merge(left);
        prop_assert_eq!(right, whole);
    }

    /// Short ASCII words are read eight bytes at a time, except within the last eight bytes
    /// of a passage; a word read alone is read byte by byte, so both readings must agree.
    #[test]
    fn a_word_reads_the_same_in_a_passage_and_alone(text in word_like()) {
        let mut tokens = Tokens::new();
        tokens.tokenize(&text);
        let mut alone = Tokens::new();
        for index in 0..tokens.len() {
            prop_assert_eq!(tokens.hash(index), key_hash(tokens.key(index)));
            if tokens.kind(index) != TokenKind::Word {
                continue;
            }
            alone.tokenize(&text[tokens.text_range(index)]);
            prop_assert_eq!(alone.len(), 1, "{:?}", &text[tokens.text_range(index)]);
            prop_assert_eq!(alone.key(0), tokens.key(index));
            prop_assert_eq!(alone.hash(0), tokens.hash(index));
        }
    }
}

/// Words of every length around eight bytes, in both cases, with apostrophes, accents,
/// digits, punctuation and emoji between them.
fn word_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z0-9]{1,12}",
        Just(" ".to_owned()),
        Just(", ".to_owned()),
        Just("'".to_owned()),
        Just("don't ".to_owned()),
        Just("Café ".to_owned()),
        Just("ÉTÉ".to_owned()),
        Just("👍🏽".to_owned()),
        Just("\n".to_owned()),
        "[ -~]{1,3}",
    ];
    prop::collection::vec(piece, 0..30).prop_map(|pieces| pieces.concat())
}
