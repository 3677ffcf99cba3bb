//! Lexicon files of every kind (closeread .txt, LIWC .dic and .dicx, Empath .tsv) on any
//! text: no panic; what parses compiles and tags text, itself included.
#![no_main]

use closeread::lexicon::{Lexicon, import, parse};
use closeread::tag::Tagger;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let categories = match selector % 4 {
        0 => parse::parse_category("fuzz", "fuzz.txt", &text).map(|category| vec![category]),
        1 => import::read_dic("fuzz.dic", &text).map(|imported| imported.categories),
        2 => import::read_dicx("fuzz.dicx", &text).map(|imported| imported.categories),
        _ => import::read_empath("fuzz.tsv", &text).map(|imported| imported.categories),
    };
    let Ok(categories) = categories else {
        return;
    };
    let Ok(lexicon) = Lexicon::compile(categories) else {
        return;
    };
    let mut tagger = Tagger::new(&lexicon, true);
    let tags = tagger.tag(&text);
    assert!(tags.matched_words <= tags.words);
    tagger.tag("thank you, I'm sorry; we can talk tomorrow");
});
