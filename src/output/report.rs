//! `report`: one self-contained HTML page, a pure function of the analysis and findings.
//!
//! No scripts, fonts, images or styles are fetched: charts are inline SVG and the CSS is
//! in the page, so the file opens offline, prints, and can be mailed as it is. Layout
//! follows the width (media queries) so it reads on a phone and on paper.

use std::fmt::Write as _;

use crate::insights::changes::rate;
use crate::insights::findings::{self, Block, Section, WEEKDAYS};
use crate::insights::{Analysis, MIN_WORDS};

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
/// The core categories drawn together in the first chart.
const CORE: &[&str] = &["appreciation", "empathy", "conflict", "repair"];

fn colour(name: &str, index: usize) -> &'static str {
    CATEGORY_COLOURS
        .iter()
        .find(|(category, _)| *category == name)
        .map_or(
            FALLBACK_COLOURS[index % FALLBACK_COLOURS.len()],
            |(_, colour)| colour,
        )
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root{--ink:#1d2330;--muted:#5b6475;--line:#dfe3ea;--paper:#fff;--wash:#f3f4f7}
*{box-sizing:border-box}
body{margin:0;background:var(--wash);color:var(--ink);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:980px;margin:0 auto;padding:28px 24px 40px;background:var(--paper)}
h1{font-size:1.8rem;line-height:1.2;margin:0 0 .3rem}
h2{font-size:1.25rem;margin:2.2rem 0 .6rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
h3{font-size:1rem;margin:1.2rem 0 .4rem}
p{margin:.4rem 0 .8rem}
.meta,.note{color:var(--muted);font-size:.92rem}
figure{margin:.8rem 0 1.2rem}
figcaption{color:var(--muted);font-size:.85rem;margin-top:.2rem}
svg{display:block;width:100%;height:auto}
figure.main svg{max-width:680px}
svg text{font-family:inherit;fill:#4a5262}
.grid{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:14px}
.card{border:1px solid var(--line);border-radius:8px;padding:8px 10px 4px}
.card h3{margin:0 0 2px;font-size:.95rem}
.card h3 small{color:var(--muted);font-weight:normal}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1.1rem;font-size:.88rem;margin:.3rem 0}
.legend span{display:inline-flex;align-items:center;gap:.4rem}
.legend i{display:inline-block;width:16px;height:4px;border-radius:2px}
.legend i.dash{height:0;border-top:2px dashed #7a8394;border-radius:0}
.insights ul{padding-left:1.2rem}
.insights li{margin:.25rem 0}
blockquote{margin:.5rem 0 .9rem;padding:.4rem .9rem;border-left:3px solid var(--line);color:#333a48}
blockquote cite{display:block;color:var(--muted);font-size:.85rem;font-style:normal}
.table-wrap,.wide{overflow-x:auto;-webkit-overflow-scrolling:touch}
.wide svg{min-width:540px}
table{border-collapse:collapse;font-size:.84rem;font-variant-numeric:tabular-nums;width:100%}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
th{font-weight:600;background:var(--wash)}
th:first-child,td:first-child{text-align:left;position:sticky;left:0;background:var(--paper)}
th:first-child{background:var(--wash)}
tr.thin td{color:#8a93a3}
footer{margin-top:2.4rem;color:var(--muted);font-size:.82rem}
@media (max-width:720px){
 main{padding:18px 14px 30px}
 h1{font-size:1.45rem}
 .grid{grid-template-columns:repeat(2,minmax(0,1fr));gap:10px}
 table{font-size:.76rem}
}
@media (max-width:460px){
 .grid{grid-template-columns:1fr}
}
@media print{
 body{background:#fff;font-size:10.5pt}
 main{max-width:none;padding:0}
 h2{break-after:avoid}
 figure,.card,blockquote,tr{break-inside:avoid}
 .grid{grid-template-columns:repeat(3,minmax(0,1fr))}
 .table-wrap{overflow:visible}
 table{font-size:8pt}
 th:first-child,td:first-child{position:static}
 @page{margin:14mm}
}
"#;

/// The whole page.
pub fn render(analysis: &Analysis, sections: &[Section], footer: &str) -> String {
    let mut html = String::new();
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    html.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; img-src data:\">\n",
    );
    html.push_str("<title>closeread report</title>\n<style>");
    html.push_str(STYLE);
    html.push_str("</style>\n</head>\n<body>\n<main>\n<header>\n<h1>closeread report</h1>\n");
    let _ = writeln!(
        html,
        "<p class=\"meta\">{}</p>",
        escape(&meta_line(analysis))
    );
    html.push_str("</header>\n");

    if analysis.periods.is_empty() || analysis.total.words == 0 {
        html.push_str("<p>No dated text was found, so there is nothing to chart.</p>\n");
    } else {
        rates_section(&mut html, analysis);
        ratio_section(&mut html, analysis);
        if analysis.chat {
            authors_section(&mut html, analysis);
            heatmap_section(&mut html, analysis);
        }
    }
    html.push_str("<section class=\"insights\" id=\"insights\">\n<h2>Insights</h2>\n");
    for section in sections {
        insight_section(&mut html, section);
    }
    html.push_str("</section>\n");
    if !analysis.periods.is_empty() {
        periods_table(&mut html, analysis);
    }
    let _ = writeln!(
        html,
        "<footer><p>{}</p></footer>\n</main>\n</body>\n</html>",
        escape(footer)
    );
    html
}

fn meta_line(analysis: &Analysis) -> String {
    let mut parts = Vec::new();
    if let Some((first, last)) = analysis.span {
        parts.push(format!("{first} to {last}"));
    }
    parts.push(format!(
        "{} passages, {} words",
        findings::count(analysis.total.passages),
        findings::count(analysis.total.words)
    ));
    if analysis.chat {
        parts.push(format!("{} people", analysis.authors.len()));
    }
    parts.push(format!("by {}", period_word(analysis)));
    if !analysis.languages.is_empty() {
        let names: Vec<&str> = analysis
            .languages
            .iter()
            .map(|(name, _)| name.as_str())
            .collect();
        parts.push(format!("in {}", names.join(", ")));
    }
    parts.push(format!("lexicon {}", analysis.lexicon_version));
    parts.join(" · ")
}

fn period_word(analysis: &Analysis) -> &'static str {
    findings::period_plural(analysis.period)
}

/// A line chart as inline SVG. `series` values are `None` where there is nothing to draw.
struct LineChart<'a> {
    width: f64,
    height: f64,
    font: f64,
    labels: &'a [String],
    series: Vec<(String, &'a str, Vec<Option<f64>>)>,
    /// A dashed horizontal reference line and its label.
    reference: Option<(f64, &'a str)>,
    /// Values above this are drawn at it.
    cap: Option<f64>,
    title: String,
}

impl LineChart<'_> {
    fn svg(&self) -> String {
        let (w, h, font) = (self.width, self.height, self.font);
        let left = font * 2.6;
        let right = font * 0.8;
        let top = font * 0.9;
        let bottom = font * 1.9;
        let plot_w = w - left - right;
        let plot_h = h - top - bottom;
        let mut max = self
            .series
            .iter()
            .flat_map(|(_, _, values)| values.iter().flatten().copied())
            .fold(0.0f64, f64::max);
        if let Some((reference, _)) = self.reference {
            max = max.max(reference * 1.2);
        }
        if let Some(cap) = self.cap {
            max = max.min(cap);
        }
        let (step, top_value) = nice_axis(max);
        let n = self.labels.len();
        let x = |index: usize| {
            if n <= 1 {
                left + plot_w / 2.0
            } else {
                left + plot_w * index as f64 / (n - 1) as f64
            }
        };
        let y = |value: f64| top + plot_h * (1.0 - value.min(top_value) / top_value);
        let mut svg = format!(
            "<svg viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\" \
             xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title>",
            escape(&self.title),
            escape(&self.title)
        );
        // Grid lines and y labels.
        let mut tick = 0.0;
        while tick <= top_value + step / 2.0 {
            let _ = write!(
                svg,
                "<line x1=\"{left:.1}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#e3e6ec\" \
                 stroke-width=\"1\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{font}\" \
                 text-anchor=\"end\">{}</text>",
                left + plot_w,
                left - font * 0.35,
                y(tick) + font * 0.35,
                axis_number(tick),
                y = y(tick),
            );
            tick += step;
        }
        // X labels: at most about six, evenly spaced, always the first and the last.
        let every = n.div_ceil(6).max(1);
        let mut shown: Vec<usize> = (0..n).step_by(every).collect();
        if let Some(&last) = shown.last()
            && last != n - 1
        {
            if (n - 1 - last) * 2 >= every || shown.len() == 1 {
                shown.push(n - 1);
            } else {
                *shown.last_mut().expect("not empty") = n - 1;
            }
        }
        for index in shown {
            let anchor = if n == 1 {
                "middle"
            } else if index == 0 {
                "start"
            } else if index == n - 1 {
                "end"
            } else {
                "middle"
            };
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{font}\" text-anchor=\"{anchor}\">{}</text>",
                x(index),
                h - font * 0.5,
                escape(&self.labels[index])
            );
        }
        if let Some((reference, label)) = self.reference {
            let ry = y(reference);
            let _ = write!(
                svg,
                "<line x1=\"{left:.1}\" x2=\"{:.1}\" y1=\"{ry:.1}\" y2=\"{ry:.1}\" stroke=\"#7a8394\" \
                 stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/><text x=\"{:.1}\" y=\"{:.1}\" \
                 font-size=\"{font}\" text-anchor=\"end\">{}</text>",
                left + plot_w,
                left + plot_w - 2.0,
                ry - font * 0.35,
                escape(label)
            );
        }
        for (name, colour, values) in &self.series {
            let _ = write!(svg, "<g class=\"series\" data-name=\"{}\">", escape(name));
            let mut segment: Vec<String> = Vec::new();
            let flush = |segment: &mut Vec<String>, svg: &mut String| {
                if segment.len() >= 2 {
                    let _ = write!(
                        svg,
                        "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" \
                         stroke-linejoin=\"round\" stroke-linecap=\"round\" points=\"{}\"/>",
                        segment.join(" ")
                    );
                }
                segment.clear();
            };
            for (index, value) in values.iter().enumerate() {
                match value {
                    Some(value) => segment.push(format!("{:.1},{:.1}", x(index), y(*value))),
                    None => flush(&mut segment, &mut svg),
                }
            }
            flush(&mut segment, &mut svg);
            // Dots where a value stands alone, and everywhere when there are few periods.
            for (index, value) in values.iter().enumerate() {
                let Some(value) = value else { continue };
                let alone = (index == 0 || values[index - 1].is_none())
                    && values.get(index + 1).is_none_or(Option::is_none);
                if alone || n <= 24 {
                    let _ = write!(
                        svg,
                        "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{}\" fill=\"{colour}\"><title>{}: \
                         {}</title></circle>",
                        x(index),
                        y(*value),
                        if n <= 24 { 2.6 } else { 2.0 },
                        escape(&self.labels[index]),
                        findings::rate(*value)
                    );
                }
            }
            svg.push_str("</g>");
        }
        svg.push_str("</svg>");
        svg
    }
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

fn labels(analysis: &Analysis) -> Vec<String> {
    analysis
        .periods
        .iter()
        .map(|row| row.label.clone())
        .collect()
}

/// A category's rate per period; `None` for periods without words.
fn rates_of(analysis: &Analysis, index: usize) -> Vec<Option<f64>> {
    analysis
        .periods
        .iter()
        .map(|row| (row.tally.words > 0).then(|| rate(row.tally.hits[index], row.tally.words)))
        .collect()
}

fn legend(html: &mut String, items: &[(String, &str)], dashed: Option<&str>) {
    html.push_str("<div class=\"legend\">");
    for (name, colour) in items {
        let _ = write!(
            html,
            "<span><i style=\"background:{colour}\"></i>{}</span>",
            escape(name)
        );
    }
    if let Some(label) = dashed {
        let _ = write!(html, "<span><i class=\"dash\"></i>{}</span>", escape(label));
    }
    html.push_str("</div>\n");
}

fn rates_section(html: &mut String, analysis: &Analysis) {
    let labels = labels(analysis);
    let _ = write!(
        html,
        "<section id=\"rates\">\n<h2>Rates over time</h2>\n<p class=\"note\">Hits per 1,000 \
         words, by {}. Gaps are {} without text; {} with fewer than {} words swing by \
         chance.</p>\n",
        period_word(analysis),
        period_word(analysis),
        period_word(analysis),
        findings::count(MIN_WORDS)
    );
    let core: Vec<(String, &str, Vec<Option<f64>>)> = analysis
        .categories
        .iter()
        .enumerate()
        .filter(|(_, category)| CORE.contains(&category.name.as_str()))
        .map(|(index, category)| {
            (
                category.name.clone(),
                colour(&category.name, index),
                rates_of(analysis, index),
            )
        })
        .collect();
    if !core.is_empty() {
        let items: Vec<(String, &str)> = core.iter().map(|(n, c, _)| (n.clone(), *c)).collect();
        html.push_str("<figure class=\"main\">\n");
        legend(html, &items, None);
        let chart = LineChart {
            width: 460.0,
            height: 240.0,
            font: 12.0,
            labels: &labels,
            series: core,
            reference: None,
            cap: None,
            title: format!(
                "Core categories per 1,000 words by {}",
                period_word(analysis)
            ),
        };
        html.push_str(&chart.svg());
        html.push_str("\n</figure>\n");
    }
    html.push_str("<h3>Every category</h3>\n<div class=\"grid\">\n");
    for (index, category) in analysis.categories.iter().enumerate() {
        let colour = colour(&category.name, index);
        let _ = write!(
            html,
            "<div class=\"card\"><h3>{} <small>{} overall</small></h3>",
            escape(&category.name),
            findings::rate(category.rate)
        );
        let chart = LineChart {
            width: 320.0,
            height: 170.0,
            font: 12.0,
            labels: &labels,
            series: vec![(category.name.clone(), colour, rates_of(analysis, index))],
            reference: None,
            cap: None,
            title: format!("{} per 1,000 words", category.name),
        };
        html.push_str(&chart.svg());
        html.push_str("</div>\n");
    }
    html.push_str("</div>\n</section>\n");
}

fn ratio_section(html: &mut String, analysis: &Analysis) {
    if analysis.ratio_indexes().is_none() {
        return;
    }
    let labels = labels(analysis);
    let values: Vec<Option<f64>> = analysis
        .periods
        .iter()
        .map(|row| analysis.period_ratio(row))
        .collect();
    html.push_str("<section id=\"ratio\">\n<h2>Positive-to-conflict ratio</h2>\n");
    let overall = analysis
        .ratio()
        .map_or("no conflict hits overall".to_owned(), |ratio| {
            format!("{ratio:.1} to 1 overall")
        });
    let _ = writeln!(
        html,
        "<p class=\"note\">(appreciation + empathy + repair + support) ÷ conflict per {}; {}. \
         Periods without conflict have no ratio. Values above 20 are drawn at 20.</p>",
        match analysis.period {
            crate::aggregate::Period::Day => "day",
            crate::aggregate::Period::Week => "week",
            crate::aggregate::Period::Month => "month",
            crate::aggregate::Period::Quarter => "quarter",
            crate::aggregate::Period::Year => "year",
        },
        overall
    );
    html.push_str("<figure class=\"main\">\n");
    legend(
        html,
        &[("ratio".to_owned(), "#264653")],
        Some("5:1 reference"),
    );
    let chart = LineChart {
        width: 460.0,
        height: 200.0,
        font: 12.0,
        labels: &labels,
        series: vec![("ratio".to_owned(), "#264653", values)],
        reference: Some((5.0, "5:1")),
        cap: Some(20.0),
        title: "Positive-to-conflict ratio".to_owned(),
    };
    html.push_str(&chart.svg());
    html.push_str("\n</figure>\n</section>\n");
}

fn authors_section(html: &mut String, analysis: &Analysis) {
    let authors: Vec<_> = analysis.authors.iter().take(AUTHOR_COLOURS.len()).collect();
    html.push_str("<section id=\"people\">\n<h2>Per person</h2>\n");
    let _ = writeln!(
        html,
        "<p class=\"note\">Hits per 1,000 words of each person's own text{}.</p>",
        if analysis.authors.len() > authors.len() {
            format!("; the {} people who wrote most are shown", authors.len())
        } else {
            String::new()
        }
    );
    let items: Vec<(String, &str)> = authors
        .iter()
        .enumerate()
        .map(|(index, author)| (author.name.clone(), AUTHOR_COLOURS[index]))
        .collect();
    html.push_str("<figure class=\"main\">\n");
    legend(html, &items, None);
    let categories = &analysis.categories;
    let font = 14.0;
    let bar = 13.0;
    let gap = 12.0;
    let group = bar * authors.len() as f64 + gap;
    let width = 540.0;
    let left = 122.0;
    let right = 56.0;
    let height = group * categories.len() as f64 + 8.0;
    let values: Vec<Vec<f64>> = categories
        .iter()
        .enumerate()
        .map(|(index, _)| {
            authors
                .iter()
                .map(|a| rate(a.tally.hits[index], a.tally.words))
                .collect()
        })
        .collect();
    let max = values.iter().flatten().copied().fold(0.0f64, f64::max);
    let (_, top) = nice_axis(max);
    let _ = write!(
        html,
        "<svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Rates per person\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title>Rates per 1,000 words per person</title>"
    );
    for (row, category) in categories.iter().enumerate() {
        let y0 = 4.0 + group * row as f64;
        let _ = write!(
            html,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{font}\" text-anchor=\"end\">{}</text>",
            left - 8.0,
            y0 + (group - gap) / 2.0 + font * 0.35,
            escape(&category.name)
        );
        for (index, author) in authors.iter().enumerate() {
            let value = values[row][index];
            let length = (width - left - right) * value / top;
            let y = y0 + bar * index as f64;
            let _ = write!(
                html,
                "<rect class=\"bar\" x=\"{left}\" y=\"{y:.1}\" width=\"{length:.1}\" \
                 height=\"{:.1}\" fill=\"{}\"><title>{}: {}</title></rect><text x=\"{:.1}\" \
                 y=\"{:.1}\" font-size=\"{:.1}\">{}</text>",
                bar - 2.0,
                AUTHOR_COLOURS[index],
                escape(&author.name),
                findings::rate(value),
                left + length + 4.0,
                y + bar - 3.5,
                font * 0.8,
                findings::rate(value)
            );
        }
    }
    html.push_str("</svg>\n</figure>\n</section>\n");
}

fn heatmap_section(html: &mut String, analysis: &Analysis) {
    let hours = &analysis.hours;
    let max = hours.iter().flatten().copied().max().unwrap_or(0);
    if max == 0 {
        return;
    }
    html.push_str("<section id=\"heatmap\">\n<h2>When messages are sent</h2>\n");
    html.push_str(
        "<p class=\"note\">Messages by weekday and hour of the day (the time the export \
         shows); darker is more.</p>\n<figure class=\"wide\">\n",
    );
    let (left, top, cell, font) = (44.0, 6.0, 27.0, 13.0);
    let width = left + cell * 24.0 + 4.0;
    let height = top + cell * 7.0 + font * 2.0;
    let _ = write!(
        html,
        "<svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Messages by weekday and \
         hour\" xmlns=\"http://www.w3.org/2000/svg\"><title>Messages by weekday and hour</title>"
    );
    for (day, row) in hours.iter().enumerate() {
        let y = top + cell * day as f64;
        let _ = write!(
            html,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{font}\" text-anchor=\"end\">{}</text>",
            left - 6.0,
            y + cell / 2.0 + font * 0.35,
            &WEEKDAYS[day][..3]
        );
        for (hour, &count) in row.iter().enumerate() {
            let x = left + cell * hour as f64;
            let shade = if count == 0 {
                "#f1f3f6".to_owned()
            } else {
                // Square root so a few busy hours do not wash out the rest.
                let level = (count as f64 / max as f64).sqrt();
                format!("rgba(29,53,87,{:.2})", 0.12 + 0.88 * level)
            };
            let _ = write!(
                html,
                "<rect class=\"cell\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" \
                 rx=\"2\" fill=\"{shade}\"><title>{} {hour:02}:00 — {count}</title></rect>",
                cell - 2.0,
                cell - 2.0,
                WEEKDAYS[day]
            );
        }
    }
    for hour in (0..24).step_by(3) {
        let _ = write!(
            html,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{font}\">{hour:02}</text>",
            left + cell * hour as f64,
            top + cell * 7.0 + font * 1.3
        );
    }
    html.push_str("</svg>\n</figure>\n</section>\n");
}

fn insight_section(html: &mut String, section: &Section) {
    let _ = writeln!(html, "<h3>{}</h3>", escape(&section.title));
    for block in &section.blocks {
        match block {
            Block::Text(text) => {
                let _ = writeln!(html, "<p>{}</p>", escape(text));
            }
            Block::List(items) => {
                html.push_str("<ul>\n");
                for item in items {
                    let _ = writeln!(html, "<li>{}</li>", escape(item));
                }
                html.push_str("</ul>\n");
            }
            Block::Quotes(quotes) => {
                for (place, text) in quotes {
                    let _ = writeln!(
                        html,
                        "<blockquote>{}<cite>{}</cite></blockquote>",
                        escape(text),
                        escape(place)
                    );
                }
            }
            Block::Table { header, rows } => {
                html.push_str("<div class=\"table-wrap\"><table>\n<thead><tr>");
                for cell in header {
                    let _ = write!(html, "<th>{}</th>", escape(cell));
                }
                html.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    html.push_str("<tr>");
                    for cell in row {
                        let _ = write!(html, "<td>{}</td>", escape(cell));
                    }
                    html.push_str("</tr>\n");
                }
                html.push_str("</tbody></table></div>\n");
            }
        }
    }
}

fn periods_table(html: &mut String, analysis: &Analysis) {
    html.push_str("<section id=\"periods\">\n<h2>Periods</h2>\n");
    let _ = writeln!(
        html,
        "<p class=\"note\">Rates per 1,000 words. Grey rows have fewer than {} words.</p>",
        findings::count(MIN_WORDS)
    );
    html.push_str("<div class=\"table-wrap\"><table>\n<thead><tr><th>period</th><th>passages</th><th>words</th>");
    for category in &analysis.categories {
        let _ = write!(html, "<th>{}</th>", escape(&category.name));
    }
    let has_ratio = analysis.ratio_indexes().is_some();
    if has_ratio {
        html.push_str("<th>ratio</th>");
    }
    if analysis.pair.is_some() {
        html.push_str("<th>style match</th>");
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for row in &analysis.periods {
        let thin = row.tally.words < MIN_WORDS;
        let _ = write!(
            html,
            "<tr{}><td>{}</td><td>{}</td><td>{}</td>",
            if thin { " class=\"thin\"" } else { "" },
            escape(&row.label),
            findings::count(row.tally.passages),
            findings::count(row.tally.words)
        );
        for index in 0..analysis.categories.len() {
            let _ = write!(
                html,
                "<td>{}</td>",
                findings::rate(rate(row.tally.hits[index], row.tally.words))
            );
        }
        if has_ratio {
            let _ = write!(
                html,
                "<td>{}</td>",
                analysis
                    .period_ratio(row)
                    .map(|ratio| format!("{ratio:.1}"))
                    .unwrap_or_else(|| "–".to_owned())
            );
        }
        if analysis.pair.is_some() {
            let _ = write!(
                html,
                "<td>{}</td>",
                row.lsm
                    .map(|value| format!("{value:.2}"))
                    .unwrap_or_else(|| "–".to_owned())
            );
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody></table></div>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_use_round_steps() {
        assert_eq!(nice_axis(9.0), (5.0, 10.0));
        assert_eq!(nice_axis(3.2), (1.0, 4.0));
        assert_eq!(nice_axis(0.0), (1.0, 1.0));
        assert_eq!(nice_axis(47.0), (20.0, 60.0));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<b>\"Tom & Jerry's\"</b>"),
            "&lt;b&gt;&quot;Tom &amp; Jerry&#39;s&quot;&lt;/b&gt;"
        );
    }

    #[test]
    fn a_chart_draws_one_line_per_run_of_values() {
        let labels: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        let chart = LineChart {
            width: 300.0,
            height: 150.0,
            font: 12.0,
            labels: &labels,
            series: vec![(
                "x".into(),
                "#000",
                vec![Some(1.0), Some(2.0), None, Some(3.0)],
            )],
            reference: Some((5.0, "5:1")),
            cap: None,
            title: "t".into(),
        };
        let svg = chart.svg();
        assert_eq!(
            svg.matches("<polyline").count(),
            1,
            "the lone last value is a dot"
        );
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(svg.contains("stroke-dasharray"));
    }
}
