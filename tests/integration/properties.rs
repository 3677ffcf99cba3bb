//! Property tests of invariants: parsers never panic, and counts merge in any grouping.

use closeread::aggregate::Counts;
use closeread::input::{Format, Parsed};
use closeread::lexicon::Lexicon;
use closeread::tag::Tagger;
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
}
