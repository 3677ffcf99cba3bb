//! Criterion benchmarks of the hot path (tokenize + match) and of the whole `trends` path.
//!
//! The text is synthetic chat made from phrases written for this benchmark, so it runs on
//! a fresh clone; ../shared/bench/README.md describes the larger yardstick runs.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use closeread::command::CountSink;
use closeread::input::discover::Source;
use closeread::lexicon::Lexicon;
use closeread::run::{RunOptions, run};
use closeread::tag::{Tagger, Tags};

const PHRASES: &[&str] = &[
    "Thank you so much for picking me up today, I really appreciate it ❤️",
    "Did you remember to call your mother about Sunday lunch?",
    "You never listen to me when I talk about work. Whatever.",
    "I'm sorry, that was my fault. Can we start over?",
    "The train was late again so I walked the last bit in the rain",
    "That sounds really hard, I'm here for you if you want to talk",
    "We should plan a trip together this summer, remember the lake?",
    "Honestly I feel a bit overwhelmed and I need some time alone tonight",
    "Good morning! How did you sleep?",
    "I don’t appreciate being spoken to like that",
    "Ok 👍",
    "I realised I have been distracted lately; I want to do better",
];

/// Deterministic chat text of about `bytes` bytes in WhatsApp Android layout.
fn chat(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 200);
    let mut i = 0usize;
    while text.len() < bytes {
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        let year = 2016 + (i / 336) % 6;
        let author = if i.is_multiple_of(3) { "Robin" } else { "Kai" };
        text.push_str(&format!(
            "{day:02}/{month:02}/{year}, {:02}:{:02} - {author}: {}\n",
            i % 24,
            i % 60,
            PHRASES[(i * 7) % PHRASES.len()]
        ));
        i += 1;
    }
    text
}

fn tokenize_and_match(c: &mut Criterion) {
    let lexicon = Lexicon::built_in().expect("built-in lexicons compile");
    let text = chat(2 << 20);
    let messages: Vec<&str> = text
        .lines()
        .filter_map(|line| line.split_once(": ").map(|(_, body)| body))
        .collect();
    let bytes: usize = messages.iter().map(|m| m.len()).sum();
    let mut group = c.benchmark_group("tag");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("tokenize+match", |b| {
        let mut tagger = Tagger::new(&lexicon, false);
        let mut tags = Tags::default();
        b.iter(|| {
            let mut hits = 0;
            for message in &messages {
                tagger.tag_into(message, &mut tags);
                hits += tags.hits.iter().sum::<u64>();
            }
            black_box(hits)
        });
    });
    group.finish();
}

fn trends_path(c: &mut Criterion) {
    let lexicon = Lexicon::built_in().expect("built-in lexicons compile");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("chat.txt");
    let text = chat(16 << 20);
    std::fs::write(&path, &text).expect("write bench chat");
    let sources = [Source::file(path, true)];
    let mut group = c.benchmark_group("trends");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    for threads in [1, 2] {
        group.bench_function(format!("whatsapp 16 MiB, {threads} thread(s)"), |b| {
            b.iter(|| {
                let mut sink = CountSink::new(None, None);
                let options = RunOptions {
                    threads,
                    ..RunOptions::default()
                };
                let summary =
                    run(&sources, &lexicon, options, &mut sink, &mut |_| {}).expect("bench run");
                black_box((summary, sink.counts.by_day.len()))
            });
        });
    }
    group.finish();
}

criterion_group!(benches, tokenize_and_match, trends_path);
criterion_main!(benches);
