//! The summary as one self-contained HTML page (no scripts, no outside resources), from a
//! compile-time template: every text is escaped by maud.

use super::{Block, Summary, SUB_ITEM};
use maud::{html as markup, PreEscaped, DOCTYPE};

/// The summary as one self-contained HTML page (no scripts, no outside resources).
pub fn html(s: &Summary) -> String {
    markup! {
        (DOCTYPE)
        html lang=(s.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (s.title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                main {
                    h1 { (s.title) }
                    p.sub { (s.subtitle) }
                    @for block in &s.blocks {
                        @match block {
                            Block::Heading { text } => h2 { (text) },
                            Block::Paragraph { text } => p { (text) },
                            Block::Fields { pairs } => dl {
                                @for (label, value) in pairs {
                                    dt { (label) } dd { (value) }
                                }
                            },
                            Block::Table { header, rows } => table {
                                thead { tr { @for h in header { th { (h) } } } }
                                tbody {
                                    @for row in rows {
                                        tr { @for cell in row { td { (cell) } } }
                                    }
                                }
                            },
                            Block::List { items } => ul {
                                @for item in items {
                                    @match item.strip_prefix(SUB_ITEM) {
                                        Some(sub) => li.sub { (sub) },
                                        None => li { (item) },
                                    }
                                }
                            },
                        }
                    }
                }
            }
        }
    }
    .into_string()
        + "\n"
}

const CSS: &str = "body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1d232a; background: #fff; margin: 0; line-height: 1.5; }
main { max-width: 50rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; color: #2f5d3a; }
p.sub { color: #55606b; margin-top: 0; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; padding-bottom: .2rem; border-bottom: 2px solid #d9e4d6; color: #2f5d3a; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1.25rem; }
dt { color: #55606b; }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #e3e7ea; vertical-align: top; }
th { background: #f3f6f2; }
li { margin: .25rem 0; }
li.sub { list-style: none; margin-left: 1rem; font-family: ui-monospace, monospace; font-size: .9rem; }
@media print { main { padding: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } }";
