//! `insights` as terminal text, Markdown or JSON: a pure function of the findings.

use crate::insights::Analysis;
use crate::insights::findings::{Block, Section};

/// Wraps terminal text at this width.
const WIDTH: usize = 88;

/// The findings as plain text for a terminal (`markdown` false) or as Markdown.
pub fn render(title: &str, sections: &[Section], footer: &str, markdown: bool) -> String {
    let mut out = String::new();
    if markdown {
        out.push_str(&format!("# {title}\n\n"));
    } else {
        out.push_str(&format!(
            "{title}\n{}\n\n",
            "=".repeat(title.chars().count())
        ));
    }
    for section in sections {
        if markdown {
            out.push_str(&format!("## {}\n\n", section.title));
        } else {
            out.push_str(&format!(
                "{}\n{}\n",
                section.title,
                "-".repeat(section.title.chars().count())
            ));
        }
        for block in &section.blocks {
            match block {
                Block::Text(text) => {
                    if markdown {
                        out.push_str(&escape_md(text));
                        out.push('\n');
                    } else {
                        out.push_str(&wrap(text, "", ""));
                    }
                }
                Block::List(items) => {
                    for item in items {
                        if markdown {
                            out.push_str(&format!("- {}\n", escape_md(item)));
                        } else {
                            out.push_str(&wrap(item, "  - ", "    "));
                        }
                    }
                }
                Block::Quotes(quotes) => {
                    for (place, text) in quotes {
                        if markdown {
                            out.push_str(&format!(
                                "> {} — *{}*\n>\n",
                                escape_md(text),
                                escape_md(place)
                            ));
                        } else {
                            out.push_str(&wrap(&format!("“{text}” — {place}"), "    ", "    "));
                        }
                    }
                }
                Block::Table { header, rows } => {
                    out.push_str(&if markdown {
                        markdown_table(header, rows)
                    } else {
                        text_table(header, rows)
                    });
                }
            }
            out.push('\n');
        }
    }
    if markdown {
        out.push_str(&format!("---\n\n{}\n", escape_md(footer)));
    } else {
        out.push_str(&wrap(footer, "", ""));
    }
    out
}

/// The findings and the numbers behind them as one JSON document, for programs: `findings`
/// holds the sections as worded, `numbers` the analysis they were worded from.
pub fn json(sections: &[Section], analysis: &Analysis) -> String {
    #[derive(serde::Serialize)]
    struct Document<'a> {
        generator: String,
        findings: &'a [Section],
        /// Positive ÷ conflict hits overall, when there is conflict.
        ratio: Option<f64>,
        numbers: &'a Analysis,
    }
    let document = Document {
        generator: format!("closeread {}", env!("CARGO_PKG_VERSION")),
        ratio: analysis.ratio(),
        findings: sections,
        numbers: analysis,
    };
    let mut text = serde_json::to_string_pretty(&document).expect("plain data serializes");
    text.push('\n');
    text
}

/// Backslash-escapes what Markdown would read as markup in running text.
fn escape_md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Greedy word wrap with a first-line and a continuation indent.
fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_owned();
    let mut empty = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = rest.to_owned();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

fn text_table(header: &[String], rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..header.len())
        .map(|column| {
            std::iter::once(header)
                .chain(rows.iter().map(Vec::as_slice))
                .map(|row| row.get(column).map_or(0, |cell| cell.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |row: &[String]| {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(column, cell)| {
                let pad = widths[column].saturating_sub(cell.chars().count());
                if column == 0 {
                    format!("{cell}{}", " ".repeat(pad))
                } else {
                    format!("{}{cell}", " ".repeat(pad))
                }
            })
            .collect();
        format!("  {}\n", cells.join("  ").trim_end())
    };
    let mut out = line(header);
    for row in rows {
        out.push_str(&line(row));
    }
    out
}

fn markdown_table(header: &[String], rows: &[Vec<String>]) -> String {
    let line = |row: &[String]| {
        let cells: Vec<String> = row.iter().map(|cell| escape_md(cell)).collect();
        format!("| {} |\n", cells.join(" | "))
    };
    let mut out = line(header);
    let rule: Vec<&str> = (0..header.len())
        .map(|column| if column == 0 { "---" } else { "---:" })
        .collect();
    out.push_str(&format!("| {} |\n", rule.join(" | ")));
    for row in rows {
        out.push_str(&line(row));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Section> {
        vec![Section {
            title: "People".into(),
            blocks: vec![
                Block::Text("Sam writes more appreciation language.".into()),
                Block::List(vec!["one".into(), "two".into()]),
                Block::Table {
                    header: vec!["rate".into(), "Sam".into()],
                    rows: vec![vec!["conflict".into(), "1.5".into()]],
                },
            ],
        }]
    }

    #[test]
    fn terminal_text() {
        assert_eq!(
            render("T", &sample(), "v1", false),
            "T\n=\n\nPeople\n------\nSam writes more appreciation language.\n\n  - one\n  - two\n\n  rate      Sam\n  conflict  1.5\n\nv1\n"
        );
    }

    #[test]
    fn markdown() {
        assert_eq!(
            render("T", &sample(), "v_1", true),
            "# T\n\n## People\n\nSam writes more appreciation language.\n\n- one\n- two\n\n| rate | Sam |\n| --- | ---: |\n| conflict | 1.5 |\n\n---\n\nv\\_1\n"
        );
    }

    #[test]
    fn long_lines_wrap() {
        let text = "word ".repeat(40);
        let wrapped = wrap(&text, "  - ", "    ");
        assert!(wrapped.lines().all(|line| line.chars().count() <= WIDTH));
        assert!(wrapped.lines().nth(1).unwrap().starts_with("    word"));
    }
}
