//! The summary as an A4 PDF, drawn with [`crate::kernel::pdf`]: the title, then the blocks
//! flowing over as many pages as needed, each page numbered.

use super::{Block, Summary, SUB_ITEM};
use crate::kernel::error::Result;
use crate::kernel::pdf::{self, Colour, Document, DocumentInfo, Font, Page, Paint, Style};

const LEFT: f32 = 20.0;
const WIDTH: f32 = 170.0;
const TOP: f32 = 22.0;
const BOTTOM: f32 = 278.0;
const GREEN: Colour = Colour::rgb(47, 93, 58);
const PALE: Colour = Colour::rgb(232, 239, 230);
const RULE: Colour = Colour::rgb(217, 228, 214);

/// Pages filled from top to bottom, a new one when the next piece does not fit.
struct Flow {
    pages: Vec<Page>,
    y: f32,
}

impl Flow {
    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a page")
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = TOP;
    }

    /// Makes room for `h` mm, on a new page if needed.
    fn room(&mut self, h: f32) {
        if self.y + h > BOTTOM {
            self.new_page();
        }
    }

    fn lines(&mut self, x: f32, width: f32, text: &str, style: &Style) {
        for line in pdf::wrap(text, style.font, style.size, width) {
            self.room(style.line_height());
            let y = self.y + ascent(style);
            self.page().text(x, y, &line, style);
            self.y += style.line_height();
        }
    }
}

/// From the top of a line to its baseline, in mm (`Flow::y` is always a top).
fn ascent(style: &Style) -> f32 {
    style.size * 0.78 * 25.4 / 72.0
}

/// Column widths: narrow columns get what they need, wide ones share the rest.
fn widths(header: &[String], rows: &[Vec<String>], size: f32) -> Vec<f32> {
    let n = header.len().max(1);
    let pad = 3.0;
    let natural: Vec<f32> = (0..n)
        .map(|i| {
            let head = pdf::text_width(&header[i], Font::Bold, size);
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| pdf::text_width(c, Font::Regular, size))
                .fold(head, f32::max)
                + pad
        })
        .collect();
    let total: f32 = natural.iter().sum();
    if total <= WIDTH {
        let extra = (WIDTH - total) / n as f32;
        return natural.iter().map(|w| w + extra).collect();
    }
    let mut fixed = vec![false; n];
    loop {
        let free: f32 = WIDTH
            - (0..n)
                .filter(|&i| fixed[i])
                .map(|i| natural[i])
                .sum::<f32>();
        let open: Vec<usize> = (0..n).filter(|&i| !fixed[i]).collect();
        let share = free / open.len().max(1) as f32;
        let newly: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&i| natural[i] <= share)
            .collect();
        if newly.is_empty() {
            let wide: f32 = open.iter().map(|&i| natural[i]).sum();
            return (0..n)
                .map(|i| {
                    if fixed[i] {
                        natural[i]
                    } else {
                        free * natural[i] / wide
                    }
                })
                .collect();
        }
        for i in newly {
            fixed[i] = true;
        }
    }
}

fn table(flow: &mut Flow, header: &[String], rows: &[Vec<String>]) {
    let size = 8.5;
    let body = Style::regular(size);
    let bold = Style::bold(size);
    let lh = body.line_height();
    let w = widths(header, rows, size);
    let draw_row = |flow: &mut Flow, cells: &[String], style: &Style, head: bool| {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| pdf::wrap(c, style.font, style.size, w[i] - 2.5))
            .collect();
        let lines = wrapped.iter().map(|l| l.len()).max().unwrap_or(1).max(1);
        let h = lines as f32 * lh + 2.0;
        flow.room(h);
        let top = flow.y;
        if head {
            flow.page().rect(LEFT, top, WIDTH, h, Paint::Fill(PALE));
        }
        let mut x = LEFT;
        for (i, cell) in wrapped.iter().enumerate() {
            for (k, line) in cell.iter().enumerate() {
                flow.page()
                    .text(x + 1.2, top + 1.0 + lh * (k as f32 + 0.78), line, style);
            }
            x += w[i];
        }
        flow.page().line(
            LEFT,
            top + h,
            LEFT + WIDTH,
            top + h,
            Colour::LIGHT_GREY,
            0.4,
        );
        flow.y = top + h;
    };
    // the header stays with the first row
    let first = rows
        .first()
        .map(|row| {
            row.iter()
                .enumerate()
                .map(|(i, c)| pdf::wrap(c, Font::Regular, size, w[i] - 2.5).len())
                .max()
                .unwrap_or(1)
        })
        .unwrap_or(0);
    flow.room((first + 2) as f32 * lh + 4.0);
    draw_row(flow, header, &bold, true);
    for row in rows {
        let before = flow.pages.len();
        let lines = row
            .iter()
            .enumerate()
            .map(|(i, c)| pdf::wrap(c, Font::Regular, size, w[i] - 2.5).len())
            .max()
            .unwrap_or(1);
        flow.room(lines as f32 * lh + 2.0);
        if flow.pages.len() != before {
            draw_row(flow, header, &bold, true);
        }
        draw_row(flow, row, &body, false);
    }
    flow.y += 3.0;
}

/// The summary as an A4 PDF: title, then the blocks flowing over as many pages as needed,
/// each page numbered.
pub fn pdf(s: &Summary) -> Result<Vec<u8>> {
    let mut flow = Flow {
        pages: Vec::new(),
        y: TOP,
    };
    flow.new_page();
    let title = Style::bold(18.0).colour(GREEN);
    flow.lines(LEFT, WIDTH, &s.title, &title);
    flow.y += 1.0;
    flow.lines(
        LEFT,
        WIDTH,
        &s.subtitle,
        &Style::regular(9.5).colour(Colour::GREY),
    );
    flow.y += 3.0;
    let text = Style::regular(10.0);
    for (index, block) in s.blocks.iter().enumerate() {
        let before_table = matches!(s.blocks.get(index + 1), Some(Block::Table { .. }));
        match block {
            Block::Heading { text: h } => {
                let style = Style::bold(12.5).colour(GREEN);
                // a heading stays with what follows
                flow.room(style.line_height() + 18.0);
                flow.y += 4.0;
                flow.lines(LEFT, WIDTH, h, &style);
                let y = flow.y;
                flow.page().line(LEFT, y, LEFT + WIDTH, y, RULE, 1.2);
                flow.y += 3.0;
            }
            Block::Paragraph { text: p } => {
                if before_table {
                    // a lead-in stays with its table
                    flow.room(text.line_height() + 16.0);
                }
                flow.lines(LEFT, WIDTH, p, &text);
                flow.y += 2.0;
            }
            Block::Fields { pairs } => {
                let label = Style::regular(9.5).colour(Colour::GREY);
                let value = Style::regular(10.0);
                for (k, v) in pairs {
                    let lines = pdf::wrap(v, Font::Regular, 10.0, WIDTH - 55.0);
                    flow.room(value.line_height() * lines.len() as f32);
                    let top = flow.y;
                    let y = top + ascent(&value);
                    flow.page().text(LEFT, y, k, &label);
                    for (i, line) in lines.iter().enumerate() {
                        flow.page().text(
                            LEFT + 55.0,
                            y + i as f32 * value.line_height(),
                            line,
                            &value,
                        );
                    }
                    flow.y = top + value.line_height() * lines.len().max(1) as f32 + 0.6;
                }
                flow.y += 2.0;
            }
            Block::Table { header, rows } => table(&mut flow, header, rows),
            Block::List { items } => {
                for item in items {
                    let (indent, item) = match item.strip_prefix(SUB_ITEM) {
                        Some(sub) => (10.0, sub),
                        None => (0.0, item.as_str()),
                    };
                    let lines = pdf::wrap(item, Font::Regular, 10.0, WIDTH - 6.0 - indent);
                    flow.room(text.line_height());
                    let y = flow.y + ascent(&text);
                    flow.page().text(
                        LEFT + 1.0 + indent,
                        y,
                        if indent > 0.0 { "–" } else { "•" },
                        &text,
                    );
                    for line in lines {
                        flow.room(text.line_height());
                        let y = flow.y + ascent(&text);
                        flow.page().text(LEFT + 6.0 + indent, y, &line, &text);
                        flow.y += text.line_height();
                    }
                    flow.y += 0.8;
                }
                flow.y += 2.0;
            }
        }
    }
    let count = flow.pages.len();
    let foot = Style::regular(8.0).colour(Colour::GREY);
    let mut doc = Document::new(DocumentInfo::new(
        s.title.clone(),
        format!("member-export-{}-{}", s.member_id, s.date),
        s.date,
    ));
    for (i, mut page) in flow.pages.into_iter().enumerate() {
        page.text(LEFT, 290.0, &s.title, &foot);
        page.text_right(LEFT + WIDTH, 290.0, &format!("{} / {count}", i + 1), &foot);
        *doc.page() = page;
    }
    Ok(doc.to_bytes())
}
