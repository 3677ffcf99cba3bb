//! Shard partials from any bytes: reading never panics, and what reads merges with itself
//! (checked, never wrapping) and writes a trends table in every layout.
#![no_main]

use std::path::Path;

use closeread::aggregate::Period;
use closeread::output::csv::{TrendsLayout, trends};
use closeread::output::partial::Partial;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.json");
    let Ok(partial) = Partial::from_json(data, path) else {
        return;
    };
    let mut merged = partial.clone();
    let _ = merged.merge(partial.clone(), path);
    // Keep the table small: a partial spanning centuries is a zero-fill question, not a
    // reading one.
    let Some((first, last)) = merged.counts.span() else {
        return;
    };
    if last.since(first).map_or(true, |span| span.get_days() > 400) {
        return;
    }
    for (by, per_author, long) in [(Period::Day, true, true), (Period::Month, false, false)] {
        let layout = TrendsLayout {
            by,
            per_author,
            long,
        };
        trends(
            &merged.counts,
            &merged.categories,
            &merged.lexicon_version,
            layout,
        )
        .expect("writing to memory cannot fail");
    }
});
