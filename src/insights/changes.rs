//! Largest changes against a running baseline, and peak periods, from per-period counts.
//!
//! A rate on a few hundred words swings by chance, so both refuse periods below a minimum
//! word count, and the findings say so.

/// Hits per 1,000 words; 0 without words.
pub fn rate(hits: u64, words: u64) -> f64 {
    if words == 0 {
        0.0
    } else {
        hits as f64 * 1000.0 / words as f64
    }
}

/// A period's rate set against the pooled rate of every period before it.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Change {
    /// Index of the period.
    pub period: usize,
    pub rate: f64,
    pub baseline: f64,
    /// How many earlier periods (with any words) the baseline pools.
    pub baseline_periods: usize,
}

impl Change {
    pub fn delta(&self) -> f64 {
        self.rate - self.baseline
    }
}

/// The largest rise and the largest fall of one category's rate against the running
/// baseline (all earlier periods pooled: their hits over their words). A period counts only
/// with at least `min_words` words, and against at least `min_words` words before it.
/// Ties go to the earlier period.
pub fn largest_changes(
    hits: &[u64],
    words: &[u64],
    min_words: u64,
) -> (Option<Change>, Option<Change>) {
    let mut rise: Option<Change> = None;
    let mut fall: Option<Change> = None;
    let (mut before_hits, mut before_words, mut before_periods) = (0u64, 0u64, 0usize);
    for (period, (&hits, &words)) in hits.iter().zip(words).enumerate() {
        if words >= min_words && before_words >= min_words.max(1) {
            let change = Change {
                period,
                rate: rate(hits, words),
                baseline: rate(before_hits, before_words),
                baseline_periods: before_periods,
            };
            if change.delta() > 0.0 && rise.is_none_or(|best| change.delta() > best.delta()) {
                rise = Some(change);
            }
            if change.delta() < 0.0 && fall.is_none_or(|best| change.delta() < best.delta()) {
                fall = Some(change);
            }
        }
        before_hits += hits;
        before_words += words;
        before_periods += usize::from(words > 0);
    }
    (rise, fall)
}

/// Up to `top` periods with the highest rate, among those with hits and at least
/// `min_words` words; highest first, ties to the earlier period.
pub fn peaks(hits: &[u64], words: &[u64], min_words: u64, top: usize) -> Vec<usize> {
    let mut candidates: Vec<usize> = (0..hits.len())
        .filter(|&period| hits[period] > 0 && words[period] >= min_words)
        .collect();
    candidates.sort_by(|&a, &b| {
        rate(hits[b], words[b])
            .total_cmp(&rate(hits[a], words[a]))
            .then(a.cmp(&b))
    });
    candidates.truncate(top);
    candidates
}

/// The bucket (weekday, month, …) with the highest rate among those with at least
/// `min_words` words and any hits; ties to the first.
pub fn highest(hits: &[u64], words: &[u64], min_words: u64) -> Option<usize> {
    peaks(hits, words, min_words, 1).first().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_against_all_earlier_periods_pooled() {
        // Rates: 10, 10, 30, 5 per 1,000 words on 1,000 words each.
        let hits = [10, 10, 30, 5];
        let words = [1000, 1000, 1000, 1000];
        let (rise, fall) = largest_changes(&hits, &words, 500);
        let rise = rise.unwrap();
        assert_eq!((rise.period, rise.rate, rise.baseline), (2, 30.0, 10.0));
        assert_eq!(rise.baseline_periods, 2);
        let fall = fall.unwrap();
        // Baseline before period 3: 50 hits over 3,000 words.
        assert_eq!(fall.period, 3);
        assert!((fall.baseline - 50.0 / 3.0).abs() < 1e-9);
        assert!((fall.delta() - (5.0 - 50.0 / 3.0)).abs() < 1e-9);
    }

    #[test]
    fn the_word_guard_excludes_thin_periods_and_thin_baselines() {
        // Period 1 would be a huge rise but has only 100 words; period 2's baseline has
        // 300 + 100 words, below the guard of 500, so nothing is reported at all.
        let (rise, fall) = largest_changes(&[1, 20, 9], &[300, 100, 600], 500);
        assert_eq!((rise, fall), (None, None));
        // With a lower guard the thin period counts.
        let (rise, _) = largest_changes(&[1, 20, 9], &[300, 100, 600], 100);
        assert_eq!(rise.unwrap().period, 1);
    }

    #[test]
    fn no_change_is_neither_rise_nor_fall() {
        assert_eq!(
            largest_changes(&[5, 5, 5], &[1000, 1000, 1000], 500),
            (None, None)
        );
    }

    #[test]
    fn peaks_are_highest_rates_with_enough_words() {
        let hits = [5, 9, 1, 9, 40];
        let words = [1000, 1000, 1000, 1000, 200];
        assert_eq!(
            peaks(&hits, &words, 500, 2),
            [1, 3],
            "tie goes to the earlier"
        );
        assert_eq!(peaks(&hits, &words, 100, 1), [4]);
        assert_eq!(peaks(&[0, 0], &[1000, 1000], 500, 3), Vec::<usize>::new());
        assert_eq!(highest(&hits, &words, 500), Some(1));
    }
}
