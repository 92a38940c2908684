//! The PDF's page layout: the A4 geometry and colours, and the flow that fills pages from top
//! to bottom (headings, paragraphs, bullets, figure boxes, tables, charts), a new page when the
//! next block does not fit.

use super::super::catalog::{catalog, fill};
use super::super::charts::{self, BarChart, Shape};
use crate::kernel::pdf::{self, Colour, Document, Font, Paint, Style};
use crate::Lang;

pub(super) const LEFT: f32 = 20.0;
pub(super) const RIGHT: f32 = 190.0;
pub(super) const WIDTH: f32 = RIGHT - LEFT;
pub(super) const TOP: f32 = 20.0;
pub(super) const BOTTOM: f32 = 280.0;
/// how wide a chart is drawn, in mm
pub(super) const CHART_MM: f32 = 112.0;
pub(super) const ACCENT: Colour = Colour::rgb(0x2e, 0x7d, 0x5b);
pub(super) const INK: Colour = Colour::rgb(0x22, 0x2b, 0x33);
pub(super) const MUTED: Colour = Colour::rgb(0x5c, 0x66, 0x70);
pub(super) const RULE: Colour = Colour::rgb(0xd8, 0xde, 0xe3);
pub(super) const SOFT: Colour = Colour::rgb(0xf2, 0xf6, 0xf4);

/// WinAnsi has no minus sign (U+2212): a hyphen stands for it.
pub(super) fn plain(text: &str) -> String {
    text.replace('\u{2212}', "-")
}

pub(super) fn rgb((r, g, b): charts::Rgb) -> Colour {
    Colour::rgb(r, g, b)
}

/// A column of a table: header, width in mm, numbers right-aligned.
pub(super) struct Col<'a> {
    pub(super) header: &'a str,
    pub(super) width: f32,
    pub(super) right: bool,
}

impl Col<'_> {
    /// One line of a cell of this column, which starts at `x`: set against the column's
    /// right edge for a number, else its left edge (1 mm in).
    fn text(&self, page: &mut pdf::Page, x: f32, y: f32, line: &str, style: &Style) {
        if self.right {
            page.text_right(x + self.width - 1.0, y, line, style);
        } else {
            page.text(x + 1.0, y, line, style);
        }
    }
}

pub(super) fn col(header: &str, width: f32, right: bool) -> Col<'_> {
    Col {
        header,
        width,
        right,
    }
}

/// Text flowing down the pages, with a new page when the next block does not fit.
pub(super) struct Flow {
    pub(super) doc: Document,
    pub(super) y: f32,
    pub(super) pages: usize,
    pub(super) footer: String,
    pub(super) lang: Lang,
}

impl Flow {
    pub(super) fn new_page(&mut self) {
        self.pages += 1;
        let n = self.pages;
        let footer = self.footer.clone();
        let page_label = fill(catalog(self.lang).page, &[("n", &n.to_string())]);
        let page = self.doc.page();
        let small = Style::regular(8.0).colour(MUTED);
        page.line(LEFT, 287.0, RIGHT, 287.0, RULE, 0.5);
        page.text(LEFT, 291.5, &footer, &small);
        page.text_right(RIGHT, 291.5, &page_label, &small);
        self.y = TOP;
    }

    /// The page being drawn.
    pub(super) fn page(&mut self) -> &mut pdf::Page {
        self.doc.last_page().expect("a page was started")
    }

    /// Makes room for `height` mm, starting a page if needed.
    pub(super) fn room(&mut self, height: f32) {
        if self.y + height > BOTTOM {
            self.new_page();
        }
    }

    pub(super) fn heading(&mut self, text: &str) {
        self.room(28.0);
        self.y += 6.0;
        let style = Style::bold(14.0).colour(INK);
        let y = self.y + 5.0;
        self.page().text(LEFT, y, &plain(text), &style);
        self.page().line(LEFT, y + 2.2, RIGHT, y + 2.2, RULE, 0.6);
        self.y = y + 7.0;
    }

    pub(super) fn subheading(&mut self, text: &str) {
        self.room(20.0);
        let style = Style::bold(11.0).colour(INK);
        self.y += 2.0;
        let y = self.y + 4.0;
        self.page().text(LEFT, y, text, &style);
        self.y = y + 3.0;
    }

    pub(super) fn para(&mut self, text: &str, style: Style) {
        for block in text.split("\n\n").map(str::trim).filter(|b| !b.is_empty()) {
            for line in pdf::wrap(&plain(block), style.font, style.size, WIDTH) {
                self.room(style.line_height());
                self.y += style.line_height();
                let y = self.y - 1.0;
                self.page().text(LEFT, y, &line, &style);
            }
            self.y += 1.5;
        }
    }

    pub(super) fn bullet(&mut self, text: &str) {
        let style = Style::regular(9.5).colour(INK);
        let lines = pdf::wrap(&plain(text), style.font, style.size, WIDTH - 5.0);
        for (i, line) in lines.iter().enumerate() {
            self.room(style.line_height());
            self.y += style.line_height();
            let y = self.y - 1.0;
            if i == 0 {
                self.page().text(LEFT + 1.0, y, "•", &style);
            }
            self.page().text(LEFT + 5.0, y, line, &style);
        }
        self.y += 0.8;
    }

    /// Key figures in soft boxes, up to four a row.
    pub(super) fn figures(&mut self, items: &[(String, &str)]) {
        let per_row = 4.min(items.len().max(1));
        let gap = 3.0;
        let w = (WIDTH - gap * (per_row as f32 - 1.0)) / per_row as f32;
        for row in items.chunks(per_row) {
            self.room(20.0);
            let top = self.y + 1.0;
            for (i, (value, what)) in row.iter().enumerate() {
                let x = LEFT + i as f32 * (w + gap);
                let page = self.page();
                page.rect(x, top, w, 17.0, Paint::Fill(SOFT));
                page.text(x + 3.0, top + 7.0, value, &Style::bold(13.0).colour(INK));
                for (j, line) in pdf::wrap(&plain(what), Font::Regular, 8.0, w - 6.0)
                    .iter()
                    .take(2)
                    .enumerate()
                {
                    page.text(
                        x + 3.0,
                        top + 11.5 + j as f32 * 3.4,
                        line,
                        &Style::regular(8.0).colour(MUTED),
                    );
                }
            }
            self.y = top + 17.0 + gap;
        }
    }

    /// A table; cells are wrapped to their column; a total row (last) can be bold.
    pub(super) fn table(&mut self, cols: &[Col], rows: &[Vec<String>], bold_last: bool) {
        let head = Style::bold(8.5).colour(MUTED);
        let headers: Vec<Vec<String>> = cols
            .iter()
            .map(|c| pdf::wrap(c.header, head.font, head.size, c.width - 2.0))
            .collect();
        let header_lines = headers.iter().map(|h| h.len()).max().unwrap_or(1).max(1);
        let header_height = 2.2 + header_lines as f32 * head.line_height();
        let draw_header = |flow: &mut Flow| {
            let mut x = LEFT;
            for (c, lines) in cols.iter().zip(&headers) {
                // headers sit on the bottom line, like the numbers under them
                let skip = header_lines - lines.len();
                for (i, line) in lines.iter().enumerate() {
                    let y = flow.y + (skip + i + 1) as f32 * head.line_height() - 0.4;
                    c.text(flow.page(), x, y, line, &head);
                }
                x += c.width;
            }
            let y = flow.y + header_height - 0.6;
            flow.page().line(LEFT, y, RIGHT, y, RULE, 0.6);
            flow.y += header_height;
        };
        self.room(header_height + 8.0);
        draw_header(self);
        for (r, row) in rows.iter().enumerate() {
            let last = bold_last && r + 1 == rows.len();
            let style = if last {
                Style::bold(9.0).colour(INK)
            } else {
                Style::regular(9.0).colour(INK)
            };
            let cells: Vec<Vec<String>> = row
                .iter()
                .zip(cols)
                .map(|(text, c)| pdf::wrap(&plain(text), style.font, style.size, c.width - 2.0))
                .collect();
            let lines = cells.iter().map(|c| c.len()).max().unwrap_or(1).max(1);
            let height = lines as f32 * style.line_height() + 1.8;
            if self.y + height > BOTTOM {
                self.new_page();
                draw_header(self);
            }
            let top = self.y;
            let mut x = LEFT;
            for (cell, c) in cells.iter().zip(cols) {
                for (i, line) in cell.iter().enumerate() {
                    let y = top + (i as f32 + 1.0) * style.line_height() - 0.6;
                    c.text(self.page(), x, y, line, &style);
                }
                x += c.width;
            }
            self.y = top + height;
            let rule = if last { INK } else { RULE };
            let y = self.y - 0.6;
            self.page().line(LEFT, y, RIGHT, y, rule, 0.4);
        }
        self.y += 3.0;
    }

    /// A heading kept on the same page as the chart that follows it.
    pub(super) fn heading_with_chart(&mut self, text: &str, chart: &BarChart) {
        let (_, height) = charts::layout(chart, self.lang);
        self.room(height * CHART_MM / charts::WIDTH + 22.0);
        self.heading(text);
        self.chart(chart);
    }

    /// The same chart as the HTML's, as rectangles and text.
    pub(super) fn chart(&mut self, chart: &BarChart) {
        let (shapes, height) = charts::layout(chart, self.lang);
        let scale = CHART_MM / charts::WIDTH;
        // a tall chart may start a page, never be cut
        self.room(height * scale + 4.0);
        let top = self.y + 2.0;
        let pt_per_unit = scale * 72.0 / 25.4;
        for shape in shapes {
            let page = self.page();
            match shape {
                Shape::Rect { x, y, w, h, color } => page.rect(
                    LEFT + x * scale,
                    top + y * scale,
                    w * scale,
                    h * scale,
                    Paint::Fill(rgb(color)),
                ),
                Shape::Text {
                    x,
                    y,
                    size,
                    bold,
                    color,
                    text,
                } => {
                    let style = if bold {
                        Style::bold(size * pt_per_unit)
                    } else {
                        Style::regular(size * pt_per_unit)
                    }
                    .colour(rgb(color));
                    page.text(LEFT + x * scale, top + y * scale, &plain(&text), &style);
                }
            }
        }
        self.y = top + height * scale + 3.0;
    }
}
