//! `report`: one self-contained HTML page, a pure function of the analysis, the findings
//! and the glossary.
//!
//! The page is built with maud, whose templates are checked at compile time and escape
//! every value, so no name or quote from an export can turn into markup. No scripts,
//! fonts, images or styles are fetched: charts are inline SVG and the CSS is in the page,
//! so the file opens offline, prints, and can be mailed as it is. Every chart is drawn
//! twice, for a wide column and for a phone, each with tick labels laid out for its own
//! width ([`x_ticks`]); CSS shows the one that fits.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::aggregate::Period;
use crate::insights::changes::rate;
use crate::insights::findings::{self, Block, Section, WEEKDAYS};
use crate::insights::{Analysis, MIN_WORDS};
use crate::lexicon::Lexicon;

/// Line colours of the built-in categories; other categories take the fallbacks in turn.
const CATEGORY_COLOURS: &[(&str, &str)] = &[
    ("appreciation", "#2a9d8f"),
    ("empathy", "#457b9d"),
    ("conflict", "#d62839"),
    ("repair", "#e07a1f"),
    ("support", "#6a994e"),
    ("vulnerability", "#8e5ad1"),
    ("listening", "#1b7f9e"),
    ("connection", "#d1477a"),
    ("togetherness", "#b08900"),
    ("autonomy", "#6c757d"),
    ("reflection", "#3d405b"),
];
const FALLBACK_COLOURS: &[&str] = &["#264653", "#a05195", "#ff7c43", "#2f4b7c", "#7a5195"];
const AUTHOR_COLOURS: &[&str] = &["#1d3557", "#e76f51", "#2a9d8f", "#8e5ad1"];
const RATIO_COLOUR: &str = "#264653";
/// The core categories drawn together in the first chart.
const CORE: &[&str] = &["appreciation", "empathy", "conflict", "repair"];

/// Width of one character of a tick label, in ems, as the layout assumes: digits, hyphens
/// and capitals of a system sans-serif are 0.5–0.6 em, so this errs wide.
const CHAR_EM: f64 = 0.62;
/// Free space between two tick labels, in ems.
const GAP_EM: f64 = 0.8;

/// The drawing width of a chart and its font size, in CSS pixels.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub width: f64,
    pub font: f64,
}

/// The main column on a wide screen (the page is 1,000 px wide at most).
const WIDE: Frame = Frame {
    width: 940.0,
    font: 13.0,
};
/// A phone 390 px wide, less the page's margins.
const NARROW: Frame = Frame {
    width: 360.0,
    font: 12.0,
};
/// One of three small charts side by side in the wide column.
const CARD: Frame = Frame {
    width: 290.0,
    font: 11.0,
};

fn colour(name: &str, index: usize) -> &'static str {
    CATEGORY_COLOURS
        .iter()
        .find(|(category, _)| *category == name)
        .map_or(
            FALLBACK_COLOURS[index % FALLBACK_COLOURS.len()],
            |(_, colour)| colour,
        )
}

/// What a category counts, with examples from the lexicon that was loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryEntry {
    pub name: String,
    pub measures: String,
    pub examples: Vec<String>,
}

/// Per category, its description and two entries a reader recognises as words, from the
/// lexicons of language set `set` (the one that tagged most of the text: an English chat
/// gets English examples).
pub fn glossary(lexicon: &Lexicon, set: usize) -> Vec<GlossaryEntry> {
    lexicon
        .categories()
        .iter()
        .enumerate()
        .map(|(index, category)| GlossaryEntry {
            name: category.name.clone(),
            measures: category.measures.clone(),
            examples: examples(lexicon, set, index),
        })
        .collect()
}

/// Those the file's `# examples:` header names, or else plain entries (no wildcards or
/// alternatives) with no word alike and no abbreviation, so the two show the range of the
/// list ("thank you", "grateful") rather than two spellings of one phrase.
fn examples(lexicon: &Lexicon, set: usize, category: usize) -> Vec<String> {
    let chosen: Vec<String> = lexicon
        .examples_in(set, category)
        .take(2)
        .map(str::to_owned)
        .collect();
    if !chosen.is_empty() {
        return chosen;
    }
    let special = |text: &str| text.contains(['*', '(', '|', '[', '?', '\\']);
    let plain: Vec<&str> = lexicon
        .entries_in(set, category)
        .filter(|entry| !entry.exclusion && !special(&entry.text))
        .map(|entry| entry.text.as_str())
        .collect();
    let mut examples: Vec<String> = plain
        .first()
        .map(|text| text.to_string())
        .into_iter()
        .collect();
    // Words alike in their first three letters are one word spelt two ways.
    let prefix = |word: &str| word.chars().take(3).collect::<String>();
    let alike = |a: &str, b: &str| {
        a.split_whitespace()
            .any(|x| b.split_whitespace().any(|y| prefix(x) == prefix(y)))
    };
    if let Some(first) = examples.first().cloned() {
        let shortest = first.chars().count().min(4);
        // Lists group spellings together, so the second comes from the middle on.
        let middle = plain.len() / 2;
        let candidates = || plain[middle..].iter().chain(&plain[..middle]);
        let fits = |text: &&&str| !alike(text, &first) && text.chars().count() >= shortest;
        // Short phrases first: they read as examples, not as sentences.
        let short = candidates().find(|text| fits(text) && text.split_whitespace().count() <= 2);
        if let Some(second) = short.or_else(|| candidates().find(fits)) {
            examples.push(second.to_string());
        }
    }
    if examples.len() < 2 {
        examples.extend(
            lexicon
                .entries_in(set, category)
                .filter(|entry| {
                    !entry.exclusion
                        && special(&entry.text)
                        && !entry.text.contains(['(', '|', '['])
                })
                .map(|entry| entry.text.replace('*', "…"))
                .take(2 - examples.len()),
        );
    }
    examples
}

/// What the report shows beyond the analysis.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// Periods in each rolling mean (`--smooth`); `None` chooses by the number of periods.
    pub smooth: Option<usize>,
    pub glossary: Vec<GlossaryEntry>,
}

/// The rolling window used for `periods` periods when none was asked for: none for two
/// years of months or less, wider as the line gets longer and noisier.
pub fn default_window(periods: usize) -> usize {
    match periods {
        0..=24 => 1,
        25..=60 => 3,
        61..=150 => 5,
        _ => 9,
    }
}

/// Pooled rolling values, centred: for each period, `top` ÷ `bottom` summed over the
/// `window` periods around it (the earlier side takes the extra one of an even window),
/// `None` where the bottom sums to zero. Pooling keeps a thin period from counting as
/// much as a full one.
pub fn rolling(top: &[u64], bottom: &[u64], window: usize, scale: f64) -> Vec<Option<f64>> {
    let n = top.len();
    let window = window.max(1);
    (0..n)
        .map(|index| {
            let from = index.saturating_sub(window / 2);
            let to = (index + (window - 1) / 2 + 1).min(n);
            let below: u64 = bottom[from..to].iter().sum();
            let above: u64 = top[from..to].iter().sum();
            (below > 0).then(|| above as f64 * scale / below as f64)
        })
        .collect()
}

/// One tick label of a time axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// Period index it marks.
    pub index: usize,
    /// Centre of the label (which may sit off its period's point to stay in the frame).
    pub x: f64,
    pub text: String,
}

/// Width of a tick label as the layout assumes it.
pub fn label_width(text: &str, font: f64) -> f64 {
    text.chars().count() as f64 * CHAR_EM * font
}

/// The x of period `index` of `n` on a plot from `left` to `left + plot`.
fn period_x(index: usize, n: usize, left: f64, plot: f64) -> f64 {
    if n <= 1 {
        left + plot / 2.0
    } else {
        left + plot * index as f64 / (n - 1) as f64
    }
}

/// Tick labels for a time axis of `labels` (one per period) that never collide: every
/// k-th period for the smallest k among 1, 2, 3, 4, 6, 12, 24, … whose labels, at the
/// widths [`label_width`] assumes, leave a gap between them. Months are marked at
/// quarter or year starts, and by the year alone once ticks are a year or more apart.
pub fn x_ticks(labels: &[String], period: Period, left: f64, plot: f64, frame: Frame) -> Vec<Tick> {
    let n = labels.len();
    let gap = GAP_EM * frame.font;
    let mut steps = vec![1, 2, 3, 4, 6, 12];
    while *steps.last().expect("not empty") < n {
        let last = *steps.last().expect("not empty");
        steps.push(last * 2);
    }
    for step in steps {
        let ticks = ticks_every(labels, period, step, left, plot, frame);
        let fits = ticks.windows(2).all(|pair| {
            let right = pair[0].x + label_width(&pair[0].text, frame.font) / 2.0;
            let left = pair[1].x - label_width(&pair[1].text, frame.font) / 2.0;
            right + gap <= left
        });
        if fits && !ticks.is_empty() {
            return ticks;
        }
    }
    ticks_every(labels, period, n.max(1), left, plot, frame)
}

fn ticks_every(
    labels: &[String],
    period: Period,
    step: usize,
    left: f64,
    plot: f64,
    frame: Frame,
) -> Vec<Tick> {
    let n = labels.len();
    // Calendar-aligned first tick: January (or a quarter's first month) for months, Q1
    // for quarters, when the step is a whole number of those.
    let aligned = |index: &usize| {
        let label = &labels[*index];
        match period {
            Period::Month if 12 % step == 0 || step.is_multiple_of(12) => label
                .get(5..7)
                .and_then(|month| month.parse::<usize>().ok())
                .is_some_and(|month| (month - 1) % step.min(12) == 0),
            Period::Quarter if step.is_multiple_of(4) => label.ends_with("Q1"),
            _ => true,
        }
    };
    let first = (0..n.min(step.max(12))).find(aligned).unwrap_or(0);
    let yearly = matches!(period, Period::Month if step >= 12)
        || matches!(period, Period::Quarter if step >= 4);
    (first..n)
        .step_by(step.max(1))
        .map(|index| {
            let label = &labels[index];
            let text = if yearly {
                label.get(..4).unwrap_or(label).to_owned()
            } else {
                label.clone()
            };
            let half = label_width(&text, frame.font) / 2.0;
            let x = period_x(index, n, left, plot)
                .max(half)
                .min(frame.width - half);
            Tick { index, x, text }
        })
        .collect()
}

/// A tick step of 1, 2 or 5 × 10ⁿ giving about four intervals, and the axis top.
fn nice_axis(max: f64) -> (f64, f64) {
    if max <= 0.0 || !max.is_finite() {
        return (1.0, 1.0);
    }
    let rough = max / 4.0;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|step| *step >= rough)
        .unwrap_or(10.0 * magnitude);
    (step, (max / step).ceil() * step)
}

fn axis_number(value: f64) -> String {
    if value == value.round() {
        format!("{value:.0}")
    } else if (value * 10.0) == (value * 10.0).round() {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

/// One line of a chart.
struct Series {
    name: String,
    colour: &'static str,
    /// What is drawn strongly: the rolling mean when smoothing, the raw values otherwise.
    values: Vec<Option<f64>>,
    /// With smoothing, the raw values, drawn faint behind.
    raw: Option<Vec<Option<f64>>>,
}

/// A line chart as inline SVG.
struct LineChart<'a> {
    frame: Frame,
    height: f64,
    labels: &'a [String],
    period: Period,
    series: Vec<Series>,
    /// Dashed horizontal reference lines and their labels.
    references: Vec<(f64, String)>,
    /// Values above this are drawn at it.
    cap: Option<f64>,
    /// Periods marked along the top with a hollow circle (ratio: no conflict), and what a
    /// mark means (its tooltip; the legend says it too).
    marks: Option<(Vec<usize>, &'a str)>,
    title: String,
}

/// `x,y x,y …` of each run of values; a gap (`None`) ends a run.
fn runs(points: &[Option<(f64, f64)>]) -> Vec<Vec<(f64, f64)>> {
    let mut runs = vec![Vec::new()];
    for point in points {
        match point {
            Some(point) => runs.last_mut().expect("not empty").push(*point),
            None if runs.last().is_some_and(|run| !run.is_empty()) => runs.push(Vec::new()),
            None => {}
        }
    }
    runs.retain(|run| !run.is_empty());
    runs
}

fn polyline_points(run: &[(f64, f64)]) -> String {
    run.iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ")
}

impl LineChart<'_> {
    fn svg(&self) -> Markup {
        let Frame { width: w, font } = self.frame;
        let h = self.height;
        let left = font * 2.8;
        let right = font * 0.6;
        let top = if self.marks.is_some() {
            font * 2.0
        } else {
            font * 0.9
        };
        let bottom = font * 2.0;
        let plot_w = w - left - right;
        let plot_h = h - top - bottom;
        let mut max = self
            .series
            .iter()
            .flat_map(|series| series.values.iter().chain(series.raw.iter().flatten()))
            .flatten()
            .copied()
            .fold(0.0f64, f64::max);
        for (reference, _) in &self.references {
            max = max.max(reference * 1.2);
        }
        if let Some(cap) = self.cap {
            max = max.min(cap);
        }
        let (step, top_value) = nice_axis(max);
        let n = self.labels.len();
        let x = |index: usize| period_x(index, n, left, plot_w);
        let y = |value: f64| top + plot_h * (1.0 - value.min(top_value) / top_value);
        let grid: Vec<f64> = (0..)
            .map(|k| k as f64 * step)
            .take_while(|tick| *tick <= top_value + step / 2.0)
            .collect();
        let ticks = x_ticks(self.labels, self.period, left, plot_w, self.frame);
        let dots = n <= 24;
        html! {
            svg viewBox={ "0 0 " (w) " " (h) } role="img" aria-label=(self.title)
                xmlns="http://www.w3.org/2000/svg" {
                title { (self.title) }
                @for tick in &grid {
                    line x1=(fmt1(left)) x2=(fmt1(left + plot_w)) y1=(fmt1(y(*tick))) y2=(fmt1(y(*tick)))
                        stroke="#e3e6ec" stroke-width="1" {}
                    text x=(fmt1(left - font * 0.35)) y=(fmt1(y(*tick) + font * 0.35))
                        font-size=(font) text-anchor="end" { (axis_number(*tick)) }
                }
                g class="x-axis" {
                    @for tick in &ticks {
                        line x1=(fmt1(x(tick.index))) x2=(fmt1(x(tick.index)))
                            y1=(fmt1(top + plot_h)) y2=(fmt1(top + plot_h + font * 0.3))
                            stroke="#9aa2b1" {}
                        text class="tick" x=(fmt1(tick.x)) y=(fmt1(h - font * 0.5))
                            font-size=(font) text-anchor="middle" { (tick.text) }
                    }
                }
                // The first reference is labelled at the left, a second at the right, so
                // two close lines keep apart labels.
                @for (n, (reference, label)) in self.references.iter().enumerate() {
                    line x1=(fmt1(left)) x2=(fmt1(left + plot_w)) y1=(fmt1(y(*reference)))
                        y2=(fmt1(y(*reference))) stroke="#7a8394" stroke-width="1.5"
                        stroke-dasharray=(if n == 0 { "6 4" } else { "2 3" }) {}
                    text x=(fmt1(if n == 0 { left + 4.0 } else { left + plot_w - 4.0 }))
                        y=(fmt1(y(*reference) - font * 0.35)) font-size=(font)
                        text-anchor=(if n == 0 { "start" } else { "end" }) { (label) }
                }
                @if let Some((marked, label)) = &self.marks {
                    @if !marked.is_empty() {
                        g class="marks" {
                            @for index in marked {
                                circle cx=(fmt1(x(*index))) cy=(fmt1(font * 1.1)) r="3"
                                    fill="none" stroke=(RATIO_COLOUR) stroke-width="1.2" {
                                    title { (self.labels[*index]) ": " (label) }
                                }
                            }
                        }
                    }
                }
                @for series in &self.series {
                    @if let Some(raw) = &series.raw {
                        g class="raw" data-name=(series.name) {
                            @for run in runs(&points(raw, &x, &y)) {
                                polyline fill="none" stroke=(series.colour) stroke-width="1"
                                    stroke-opacity="0.3" points=(polyline_points(&run)) {}
                            }
                        }
                    }
                    g class=(if series.raw.is_some() { "series smoothed" } else { "series" })
                        data-name=(series.name) {
                        @for run in runs(&points(&series.values, &x, &y)) {
                            @if run.len() >= 2 {
                                polyline fill="none" stroke=(series.colour) stroke-width="2.2"
                                    stroke-linejoin="round" stroke-linecap="round"
                                    points=(polyline_points(&run)) {}
                            }
                        }
                        @for (index, value) in series.values.iter().enumerate() {
                            @if let Some(value) = value {
                                @if dots || alone(&series.values, index) {
                                    circle cx=(fmt1(x(index))) cy=(fmt1(y(*value)))
                                        r=(if dots { "2.8" } else { "2.2" }) fill=(series.colour) {
                                        title { (self.labels[index]) ": " (findings::rate(*value)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn points(
    values: &[Option<f64>],
    x: &dyn Fn(usize) -> f64,
    y: &dyn Fn(f64) -> f64,
) -> Vec<Option<(f64, f64)>> {
    values
        .iter()
        .enumerate()
        .map(|(index, value)| value.map(|value| (x(index), y(value))))
        .collect()
}

/// A value with no neighbour: drawn as a dot, since it makes no line.
fn alone(values: &[Option<f64>], index: usize) -> bool {
    (index == 0 || values[index - 1].is_none()) && values.get(index + 1).is_none_or(Option::is_none)
}

fn fmt1(value: f64) -> String {
    format!("{value:.1}")
}

const STYLE: &str = r#"
:root{--ink:#1d2330;--muted:#5b6475;--line:#dfe3ea;--paper:#fff;--wash:#f3f4f7}
*{box-sizing:border-box}
body{margin:0;background:var(--wash);color:var(--ink);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1000px;margin:0 auto;padding:28px 30px 40px;background:var(--paper)}
h1{font-size:1.8rem;line-height:1.2;margin:0 0 .3rem}
h2{font-size:1.25rem;margin:2.2rem 0 .6rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
h3{font-size:1rem;margin:1.2rem 0 .4rem}
p{margin:.4rem 0 .8rem}
.meta,.note{color:var(--muted);font-size:.92rem}
figure{margin:.8rem 0 1.2rem}
svg{display:block;width:100%;height:auto}
svg text{font-family:inherit;fill:#4a5262}
.n{display:none}
.grid{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:14px}
.card{border:1px solid var(--line);border-radius:8px;padding:8px 10px 4px}
.card h3{margin:0 0 2px;font-size:.95rem}
.card h3 small{color:var(--muted);font-weight:normal}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1.1rem;font-size:.88rem;margin:.3rem 0}
.legend span{display:inline-flex;align-items:center;gap:.4rem}
.legend i{display:inline-block;width:16px;height:4px;border-radius:2px}
.legend i.faint{opacity:.35;height:2px}
.legend i.dash{height:0;border-top:2px dashed #7a8394;border-radius:0}
dl.glossary{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:.2rem 1.6rem;margin:.4rem 0}
dl.glossary div{padding:.35rem 0;border-bottom:1px solid var(--line)}
dl.glossary dt{font-weight:600}
dl.glossary dt i{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:.45rem}
dl.glossary dd{margin:0;color:#333a48;font-size:.92rem}
dl.glossary dd q{color:var(--muted)}
.insights ul{padding-left:1.2rem}
.insights li{margin:.25rem 0}
blockquote{margin:.5rem 0 .9rem;padding:.4rem .9rem;border-left:3px solid var(--line);color:#333a48}
blockquote cite{display:block;color:var(--muted);font-size:.85rem;font-style:normal}
.scroll{overflow:auto;-webkit-overflow-scrolling:touch;border:1px solid var(--line);border-radius:6px;background:linear-gradient(to right,var(--paper) 30%,rgba(255,255,255,0)) left/40px 100% no-repeat local,linear-gradient(to left,var(--paper) 30%,rgba(255,255,255,0)) right/40px 100% no-repeat local,linear-gradient(to right,rgba(0,0,0,.12),rgba(0,0,0,0)) left/12px 100% no-repeat scroll,linear-gradient(to left,rgba(0,0,0,.12),rgba(0,0,0,0)) right/12px 100% no-repeat scroll}
.periods .scroll{max-height:32rem}
table{border-collapse:separate;border-spacing:0;font-size:.84rem;font-variant-numeric:tabular-nums;width:100%}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
th{font-weight:600;background:var(--wash);position:sticky;top:0;z-index:1}
th:first-child,td:first-child{text-align:left;position:sticky;left:0;background:var(--paper)}
th:first-child{background:var(--wash);z-index:2}
tr.thin td{color:#8a93a3}
footer{margin-top:2.4rem;color:var(--muted);font-size:.82rem}
@media (max-width:600px){
 main{padding:16px 14px 30px}
 h1{font-size:1.45rem}
 .w{display:none}
 .n{display:block}
 .grid{grid-template-columns:1fr;gap:10px}
 dl.glossary{grid-template-columns:1fr}
 table{font-size:.76rem}
}
@media print{
 body{background:#fff;font-size:10.5pt}
 main{max-width:none;padding:0}
 h2{break-after:avoid}
 figure,.card,blockquote,tr{break-inside:avoid}
 .scroll,.periods .scroll{overflow:visible;max-height:none;border:0}
 table{font-size:8pt}
 th,th:first-child,td:first-child{position:static}
 @page{margin:14mm}
}
"#;

/// The whole page.
pub fn render(
    analysis: &Analysis,
    sections: &[Section],
    footer: &str,
    options: &ReportOptions,
) -> String {
    let charted = !analysis.periods.is_empty() && analysis.total.words > 0;
    let window = options
        .smooth
        .unwrap_or_else(|| default_window(analysis.periods.len()))
        .max(1);
    // The doctype on a line of its own: that first line is how closeread knows its own
    // report when one lies in an input folder.
    let page = html! {
        (DOCTYPE) "\n"
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                meta http-equiv="Content-Security-Policy"
                    content="default-src 'none'; style-src 'unsafe-inline'; img-src data:";
                title { "closeread report" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                main {
                    header {
                        h1 {
                            @if analysis.chat { "The language of your conversations" }
                            @else { "The language of your writing" }
                        }
                        p class="meta" { (meta_line(analysis)) }
                    }
                    @if charted {
                        (rates_section(analysis, window))
                    } @else {
                        p { "No dated text was found, so there is nothing to chart." }
                    }
                    (glossary_section(&options.glossary, analysis))
                    @if charted {
                        (ratio_section(analysis, window))
                        @if analysis.chat {
                            (authors_section(analysis))
                            (heatmap_section(analysis))
                        }
                    }
                    section class="insights" id="insights" {
                        h2 { "What stands out" }
                        @for section in sections {
                            (insight_section(section))
                        }
                    }
                    @if !analysis.periods.is_empty() {
                        (periods_table(analysis))
                    }
                    footer { p { (footer) } }
                }
            }
        }
    };
    let mut text = page.into_string();
    text.push('\n');
    text
}

fn meta_line(analysis: &Analysis) -> String {
    let mut parts = Vec::new();
    if let Some((first, last)) = analysis.span {
        parts.push(format!(
            "{} to {}",
            first.strftime("%-d %B %Y"),
            last.strftime("%-d %B %Y")
        ));
    }
    parts.push(format!(
        "{} messages and entries with {} words",
        findings::count(analysis.total.passages),
        findings::count(analysis.total.words)
    ));
    if analysis.chat {
        parts.push(format!("{} people", analysis.authors.len()));
    }
    parts.push(format!("charted by {}", period_singular(analysis.period)));
    if !analysis.languages.is_empty() {
        let names: Vec<&str> = analysis
            .languages
            .iter()
            .map(|(name, _)| name.as_str())
            .collect();
        parts.push(format!("written in {}", names.join(", ")));
    }
    parts.join(" · ")
}

fn period_singular(period: Period) -> &'static str {
    match period {
        Period::Day => "day",
        Period::Week => "week",
        Period::Month => "month",
        Period::Quarter => "quarter",
        Period::Year => "year",
    }
}

fn labels(analysis: &Analysis) -> Vec<String> {
    analysis
        .periods
        .iter()
        .map(|row| row.label.clone())
        .collect()
}

/// A category's series: its raw rate per period, and with a window above 1 the pooled
/// rolling rate drawn over it.
fn rate_series(analysis: &Analysis, index: usize, window: usize) -> Series {
    let name = &analysis.categories[index].name;
    let hits: Vec<u64> = analysis
        .periods
        .iter()
        .map(|row| row.tally.hits[index])
        .collect();
    let words: Vec<u64> = analysis.periods.iter().map(|row| row.tally.words).collect();
    let raw: Vec<Option<f64>> = analysis
        .periods
        .iter()
        .map(|row| (row.tally.words > 0).then(|| rate(row.tally.hits[index], row.tally.words)))
        .collect();
    let (values, raw) = if window > 1 {
        (rolling(&hits, &words, window, 1000.0), Some(raw))
    } else {
        (raw, None)
    };
    Series {
        name: name.clone(),
        colour: colour(name, index),
        values,
        raw,
    }
}

fn legend(items: &[(&str, &str)], faint: bool, dashed: Option<&str>) -> Markup {
    legend_with(items, faint, dashed, None)
}

/// [`legend`], with a hollow-circle item for marked periods.
fn legend_with(
    items: &[(&str, &str)],
    faint: bool,
    dashed: Option<&str>,
    marks: Option<&str>,
) -> Markup {
    html! {
        div class="legend" {
            @for (name, colour) in items {
                span { i style={ "background:" (colour) } {} (name) }
            }
            @if faint {
                span { i class="faint" style="background:#1d2330" {} "each " "single period" }
            }
            @if let Some(label) = dashed {
                span { i class="dash" {} (label) }
            }
            @if let Some(label) = marks {
                span { "○ " (label) }
            }
        }
    }
}

/// Wide and phone versions of one chart; CSS shows the one that fits.
fn both(chart: impl Fn(Frame) -> Markup, wide: Frame) -> Markup {
    html! {
        div class="w" { (chart(wide)) }
        div class="n" { (chart(NARROW)) }
    }
}

fn smoothing_note(analysis: &Analysis, window: usize) -> String {
    if window > 1 {
        format!(
            "Strong lines are rolling means over {window} {} (each point pools the words \
             of the {window} around it); faint lines behind them show each {} alone.",
            findings::period_plural(analysis.period),
            period_singular(analysis.period)
        )
    } else {
        String::new()
    }
}

fn rates_section(analysis: &Analysis, window: usize) -> Markup {
    let labels = labels(analysis);
    let core: Vec<usize> = analysis
        .categories
        .iter()
        .enumerate()
        .filter(|(_, category)| CORE.contains(&category.name.as_str()))
        .map(|(index, _)| index)
        .collect();
    let plural = findings::period_plural(analysis.period);
    let chart = |indexes: &[usize], frame: Frame, height: f64, title: String| {
        LineChart {
            frame,
            height,
            labels: &labels,
            period: analysis.period,
            series: indexes
                .iter()
                .map(|&index| rate_series(analysis, index, window))
                .collect(),
            references: Vec::new(),
            cap: None,
            marks: None,
            title,
        }
        .svg()
    };
    html! {
        section id="rates" {
            h2 { "How often each kind of language appears" }
            p class="note" {
                "Matches per 1,000 words, by " (period_singular(analysis.period)) ". "
                "Gaps are " (plural) " with no text; " (plural) " with fewer than "
                (findings::count(MIN_WORDS)) " words can swing by chance. "
                (smoothing_note(analysis, window))
            }
            @if !core.is_empty() {
                figure class="main" {
                    (legend(&core.iter().map(|&index| {
                        let name = analysis.categories[index].name.as_str();
                        (name, colour(name, index))
                    }).collect::<Vec<_>>(), window > 1, None))
                    (both(|frame| chart(&core, frame, if frame.width > 500.0 { 300.0 } else { 230.0 },
                        format!("Core categories per 1,000 words by {}", period_singular(analysis.period))), WIDE))
                }
            }
            h3 { "Every category" }
            div class="grid" {
                @for (index, category) in analysis.categories.iter().enumerate() {
                    div class="card" {
                        h3 { (category.name) " " small { (findings::rate(category.rate)) " overall" } }
                        (both(|frame| chart(&[index], frame, 170.0,
                            format!("{} per 1,000 words", category.name)), CARD))
                    }
                }
            }
        }
    }
}

fn glossary_section(glossary: &[GlossaryEntry], analysis: &Analysis) -> Markup {
    html! {
        section id="glossary" {
            h2 { "What each category counts" }
            p class="note" {
                "Each category is a list of words and phrases; a match is one of them in the text. "
                "Two examples of each:"
            }
            dl class="glossary" {
                @for (index, entry) in glossary.iter().enumerate() {
                    div {
                        dt {
                            i style={ "background:" (colour(&entry.name, index)) } {}
                            (entry.name)
                            @if let Some(view) = analysis.categories.iter().find(|c| c.name == entry.name) {
                                " " small class="note" { (findings::rate(view.rate)) " per 1,000 words" }
                            }
                        }
                        dd {
                            (entry.measures)
                            @if !entry.examples.is_empty() {
                                ", e.g. "
                                @for (n, example) in entry.examples.iter().enumerate() {
                                    @if n > 0 { ", " }
                                    q { (example) }
                                }
                            }
                            "."
                        }
                    }
                }
            }
        }
    }
}

fn ratio_section(analysis: &Analysis, window: usize) -> Markup {
    let Some((positive, conflict)) = analysis.ratio_indexes() else {
        return html! {};
    };
    let labels = labels(analysis);
    let tops: Vec<u64> = analysis
        .periods
        .iter()
        .map(|row| positive.iter().map(|&index| row.tally.hits[index]).sum())
        .collect();
    let bottoms: Vec<u64> = analysis
        .periods
        .iter()
        .map(|row| row.tally.hits[conflict])
        .collect();
    let raw = rolling(&tops, &bottoms, 1, 1.0);
    let values = if window > 1 {
        rolling(&tops, &bottoms, window, 1.0)
    } else {
        raw.clone()
    };
    // Periods with words but no conflict have no ratio; they are marked, not dropped.
    let without: Vec<usize> = analysis
        .periods
        .iter()
        .enumerate()
        .filter(|(index, row)| row.tally.words > 0 && bottoms[*index] == 0)
        .map(|(index, _)| index)
        .collect();
    let overall = analysis.ratio();
    let mut references = vec![(5.0, "5 : 1".to_owned())];
    if let Some(ratio) = overall.filter(|ratio| (ratio - 5.0).abs() > 0.6) {
        references.push((ratio.min(20.0), format!("overall {ratio:.1} : 1")));
    }
    let plural = findings::period_plural(analysis.period);
    let chart = |frame: Frame| {
        LineChart {
            frame,
            height: if frame.width > 500.0 { 260.0 } else { 220.0 },
            labels: &labels,
            period: analysis.period,
            series: vec![Series {
                name: "ratio".into(),
                colour: RATIO_COLOUR,
                values: values.clone(),
                raw: (window > 1).then(|| raw.clone()),
            }],
            references: references.clone(),
            cap: Some(20.0),
            marks: Some((without.clone(), "no conflict language")),
            title: "Positive-to-conflict ratio".to_owned(),
        }
        .svg()
    };
    html! {
        section id="ratio" {
            h2 { "Positive words for every conflict word" }
            p class="note" {
                "Matches of appreciation, empathy, repair and support for each match of conflict, per "
                (period_singular(analysis.period)) ": "
                @match overall {
                    Some(ratio) => { (format!("{ratio:.1} to 1")) " over the whole time, " }
                    None => { "no conflict language over the whole time, " }
                }
                "against the 5 to 1 that research on couples reports for stable relationships. "
                @if !without.is_empty() {
                    (without.len()) " of the " (plural) " have no conflict language and so no ratio; "
                    "they are marked ○ along the top. "
                }
                "Values above 20 are drawn at 20. " (smoothing_note(analysis, window))
            }
            figure class="main" {
                (legend_with(
                    &[("ratio", RATIO_COLOUR)],
                    window > 1,
                    Some("5 : 1 for reference"),
                    (!without.is_empty()).then_some("no conflict language"),
                ))
                (both(chart, WIDE))
            }
        }
    }
}

fn authors_section(analysis: &Analysis) -> Markup {
    let authors: Vec<_> = analysis.authors.iter().take(AUTHOR_COLOURS.len()).collect();
    let items: Vec<(&str, &str)> = authors
        .iter()
        .enumerate()
        .map(|(index, author)| (author.name.as_str(), AUTHOR_COLOURS[index]))
        .collect();
    let values: Vec<Vec<f64>> = (0..analysis.categories.len())
        .map(|index| {
            authors
                .iter()
                .map(|a| rate(a.tally.hits[index], a.tally.words))
                .collect()
        })
        .collect();
    let max = values.iter().flatten().copied().fold(0.0f64, f64::max);
    let (_, top) = nice_axis(max);
    let chart = |frame: Frame| {
        let font = frame.font + 1.0;
        let bar = font + 1.0;
        let gap = font;
        let group = bar * authors.len() as f64 + gap;
        let left = font * 0.62 * 13.0 + 10.0;
        let right = font * 3.0;
        let width = frame.width;
        let height = group * analysis.categories.len() as f64 + 8.0;
        html! {
            svg viewBox={ "0 0 " (width) " " (height) } role="img" aria-label="Rates per person"
                xmlns="http://www.w3.org/2000/svg" {
                title { "Matches per 1,000 words per person" }
                @for (row, category) in analysis.categories.iter().enumerate() {
                    @let y0 = 4.0 + group * row as f64;
                    text x=(fmt1(left - 8.0)) y=(fmt1(y0 + (group - gap) / 2.0 + font * 0.35))
                        font-size=(font) text-anchor="end" { (category.name) }
                    @for (index, author) in authors.iter().enumerate() {
                        @let value = values[row][index];
                        @let length = (width - left - right) * value / top;
                        @let y = y0 + bar * index as f64;
                        rect class="bar" x=(fmt1(left)) y=(fmt1(y)) width=(fmt1(length))
                            height=(fmt1(bar - 2.0)) fill=(AUTHOR_COLOURS[index]) {
                            title { (author.name) ": " (findings::rate(value)) }
                        }
                        text x=(fmt1(left + length + 4.0)) y=(fmt1(y + bar - 4.0))
                            font-size=(fmt1(font * 0.85)) { (findings::rate(value)) }
                    }
                }
            }
        }
    };
    html! {
        section id="people" {
            h2 { "Each person's language" }
            p class="note" {
                "Matches per 1,000 words of each person's own messages"
                @if analysis.authors.len() > authors.len() {
                    "; the " (authors.len()) " people who wrote most are shown"
                }
                "."
            }
            figure class="main" {
                (legend(&items, false, None))
                (both(chart, WIDE))
            }
        }
    }
}

fn heatmap_section(analysis: &Analysis) -> Markup {
    let hours = &analysis.hours;
    let max = hours.iter().flatten().copied().max().unwrap_or(0);
    if max == 0 {
        return html! {};
    }
    let chart = |frame: Frame| {
        let font = frame.font;
        let left = font * 2.8;
        let top = 4.0;
        let cell = ((frame.width - left - 4.0) / 24.0).min(36.0);
        let width = left + cell * 24.0 + 4.0;
        let height = top + cell * 7.0 + font * 1.8;
        let every = if cell < 20.0 { 6 } else { 3 };
        html! {
            svg viewBox={ "0 0 " (fmt1(width)) " " (fmt1(height)) } role="img"
                aria-label="Messages by weekday and hour" xmlns="http://www.w3.org/2000/svg"
                style={ "max-width:" (fmt1(width)) "px" } {
                title { "Messages by weekday and hour" }
                @for (day, row) in hours.iter().enumerate() {
                    @let y = top + cell * day as f64;
                    text x=(fmt1(left - 5.0)) y=(fmt1(y + cell / 2.0 + font * 0.35))
                        font-size=(font) text-anchor="end" { (&WEEKDAYS[day][..3]) }
                    @for (hour, &count) in row.iter().enumerate() {
                        rect class="cell" x=(fmt1(left + cell * hour as f64)) y=(fmt1(y))
                            width=(fmt1(cell - 2.0)) height=(fmt1(cell - 2.0)) rx="2"
                            fill=(shade(count, max)) {
                            title { (WEEKDAYS[day]) " " (format!("{hour:02}:00")) ": " (count) " messages" }
                        }
                    }
                }
                @for hour in (0..24).step_by(every) {
                    text x=(fmt1(left + cell * hour as f64)) y=(fmt1(top + cell * 7.0 + font * 1.2))
                        font-size=(font) { (format!("{hour:02}:00")) }
                }
            }
        }
    };
    html! {
        section id="heatmap" {
            h2 { "When messages are sent" }
            p class="note" {
                "Messages by weekday and hour of the day, in the time the export shows; darker is more."
            }
            figure { (both(chart, WIDE)) }
        }
    }
}

/// Square root shading, so a few busy hours do not wash out the rest.
fn shade(count: u64, max: u64) -> String {
    if count == 0 {
        "#f1f3f6".to_owned()
    } else {
        let level = (count as f64 / max as f64).sqrt();
        format!("rgba(29,53,87,{:.2})", 0.12 + 0.88 * level)
    }
}

fn insight_section(section: &Section) -> Markup {
    html! {
        h3 { (section.title) }
        @for block in &section.blocks {
            @match block {
                Block::Text(text) => { p { (text) } }
                Block::List(items) => { ul { @for item in items { li { (item) } } } }
                Block::Quotes(quotes) => {
                    @for (place, text) in quotes {
                        blockquote { (text) cite { (place) } }
                    }
                }
                Block::Table { header, rows } => {
                    div class="scroll" {
                        table {
                            thead { tr { @for cell in header { th { (cell) } } } }
                            tbody { @for row in rows { tr { @for cell in row { td { (cell) } } } } }
                        }
                    }
                }
            }
        }
    }
}

fn periods_table(analysis: &Analysis) -> Markup {
    let has_ratio = analysis.ratio_indexes().is_some();
    html! {
        section id="periods" class="periods" {
            h2 { "Every " (period_singular(analysis.period)) }
            p class="note" {
                "Matches per 1,000 words. Grey rows have fewer than " (findings::count(MIN_WORDS))
                " words. The table scrolls sideways and down."
            }
            div class="scroll" {
                table {
                    thead {
                        tr {
                            th { (period_singular(analysis.period)) }
                            th { "messages" }
                            th { "words" }
                            @for category in &analysis.categories { th { (category.name) } }
                            @if has_ratio { th { "ratio" } }
                            @if analysis.pair.is_some() { th { "style match" } }
                        }
                    }
                    tbody {
                        @for row in &analysis.periods {
                            tr class=[(row.tally.words < MIN_WORDS).then_some("thin")] {
                                td { (row.label) }
                                td { (findings::count(row.tally.passages)) }
                                td { (findings::count(row.tally.words)) }
                                @for index in 0..analysis.categories.len() {
                                    td {
                                        @if row.tally.words > 0 {
                                            (findings::rate(rate(row.tally.hits[index], row.tally.words)))
                                        } @else { "–" }
                                    }
                                }
                                @if has_ratio {
                                    td { (analysis.period_ratio(row).map_or_else(|| "–".to_owned(), |ratio| format!("{ratio:.1}"))) }
                                }
                                @if analysis.pair.is_some() {
                                    td { (row.lsm.map_or_else(|| "–".to_owned(), |value| format!("{value:.2}"))) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn axes_use_round_steps() {
        assert_eq!(nice_axis(9.0), (5.0, 10.0));
        assert_eq!(nice_axis(3.2), (1.0, 4.0));
        assert_eq!(nice_axis(0.0), (1.0, 1.0));
        assert_eq!(nice_axis(47.0), (20.0, 60.0));
    }

    fn labels_of(period: Period, n: usize) -> Vec<String> {
        let mut start = period.start_of(date(2015, 11, 9));
        let mut labels = Vec::new();
        for _ in 0..n {
            labels.push(period.label(start));
            start = period.next_start(start).unwrap();
        }
        labels
    }

    /// No two tick labels overlap, and each lies inside the chart, at the widths the
    /// layout assumes, for every span from 3 to 500 periods on a phone and a wide screen.
    #[test]
    fn tick_labels_never_collide() {
        for frame in [NARROW, WIDE, CARD] {
            let left = frame.font * 2.8;
            let plot = frame.width - left - frame.font * 0.6;
            for period in [
                Period::Day,
                Period::Week,
                Period::Month,
                Period::Quarter,
                Period::Year,
            ] {
                for n in 3..=500 {
                    let labels = labels_of(period, n);
                    let ticks = x_ticks(&labels, period, left, plot, frame);
                    assert!(
                        ticks.len() >= 2,
                        "{period:?} {n} at {}: {ticks:?}",
                        frame.width
                    );
                    for tick in &ticks {
                        let half = label_width(&tick.text, frame.font) / 2.0;
                        assert!(tick.x - half >= 0.0 && tick.x + half <= frame.width);
                    }
                    for pair in ticks.windows(2) {
                        let right = pair[0].x + label_width(&pair[0].text, frame.font) / 2.0;
                        let left = pair[1].x - label_width(&pair[1].text, frame.font) / 2.0;
                        assert!(
                            right + frame.font * 0.5 <= left,
                            "{period:?}, {n} periods, {} px: {pair:?}",
                            frame.width
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn long_monthly_spans_are_marked_by_year() {
        let labels = labels_of(Period::Month, 113);
        let ticks = x_ticks(&labels, Period::Month, 34.0, 320.0, NARROW);
        assert!(ticks.iter().all(|tick| tick.text.len() == 4), "{ticks:?}");
        assert!(ticks.iter().all(|tick| labels[tick.index].ends_with("-01")));
        let short = x_ticks(
            &labels_of(Period::Month, 6),
            Period::Month,
            36.0,
            900.0,
            WIDE,
        );
        assert_eq!(short.len(), 6, "every month when there is room");
    }

    #[test]
    fn rolling_means_pool_the_window() {
        // Hits 1, 0, 3 in 10, 0, 10 words: the middle period has no words of its own.
        let pooled = rolling(&[1, 0, 3], &[10, 0, 10], 3, 1.0);
        assert_eq!(pooled, [Some(0.1), Some(0.2), Some(0.3)]);
        assert_eq!(rolling(&[1, 0], &[10, 0], 1, 1.0), [Some(0.1), None]);
        assert_eq!(default_window(12), 1);
        assert_eq!(default_window(113), 5);
    }

    #[test]
    fn a_chart_draws_one_line_per_run_of_values() {
        let labels: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        let chart = LineChart {
            frame: CARD,
            height: 150.0,
            labels: &labels,
            period: Period::Day,
            series: vec![Series {
                name: "x".into(),
                colour: "#000",
                values: vec![Some(1.0), Some(2.0), None, Some(3.0)],
                raw: None,
            }],
            references: vec![(5.0, "5:1".into())],
            cap: None,
            marks: Some((vec![2], "none")),
            title: "<t>".into(),
        };
        let svg = chart.svg().into_string();
        assert_eq!(
            svg.matches("<polyline").count(),
            1,
            "the lone last value is a dot"
        );
        assert_eq!(
            svg.matches("<circle").count(),
            3 + 1,
            "three dots and one mark"
        );
        assert!(svg.contains("stroke-dasharray"));
        assert!(svg.contains("&lt;t&gt;"), "titles are escaped");
    }
}
