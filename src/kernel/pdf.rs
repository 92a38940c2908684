//! A small drawing layer over printpdf 0.12 for Panier's documents (receipts, attestations,
//! the transparency report).
//!
//! - Pages are A4 portrait; every coordinate is in **millimetres from the top-left corner**
//!   of the page (`y` grows downwards, as on paper). Text is placed by its baseline.
//! - Fonts are the PDF built-ins Helvetica and Helvetica-Bold (nothing is embedded); text is
//!   written in WinAnsi, so French accents, « », ’, œ and € render. A character WinAnsi lacks
//!   becomes `?`, except the narrow and thin spaces, which become ordinary no-break spaces.
//! - [`text_width`] measures text with the fonts' own advance widths, for right-aligning
//!   ([`Page::text_right`]), centring and wrapping ([`wrap`]).
//! - Output is deterministic: the document id and dates come from the caller
//!   ([`DocumentInfo`]), so the same input gives byte-identical files.
//!
//! ```
//! use panier::kernel::pdf::{Colour, Document, DocumentInfo, Paint, Style};
//! let mut doc = Document::new(DocumentInfo::new("Reçu", "recu-2026-1", chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()));
//! let page = doc.page();
//! page.text(20.0, 30.0, "Reçu n° 2026-1 : 25,00 €", &Style::bold(14.0));
//! page.rect(20.0, 40.0, 50.0, 8.0, Paint::Fill(Colour::rgb(40, 120, 200)));
//! let bytes = doc.to_bytes();
//! assert!(bytes.starts_with(b"%PDF"));
//! ```

use chrono::NaiveDate;
use printpdf::{
    BuiltinFont, Color, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rgb, TextItem, WindingOrder,
};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// A4 width in mm.
pub const PAGE_WIDTH: f32 = 210.0;
/// A4 height in mm.
pub const PAGE_HEIGHT: f32 = 297.0;
const PT_PER_MM: f32 = 72.0 / 25.4;

/// The two faces Panier draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Font {
    Regular,
    Bold,
}

impl Font {
    fn builtin(self) -> BuiltinFont {
        match self {
            Font::Regular => BuiltinFont::Helvetica,
            Font::Bold => BuiltinFont::HelveticaBold,
        }
    }
}

/// An RGB colour, 0–255 per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Colour {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Colour {
    pub const BLACK: Colour = Colour::rgb(0, 0, 0);
    pub const WHITE: Colour = Colour::rgb(255, 255, 255);
    pub const GREY: Colour = Colour::rgb(110, 110, 110);
    pub const LIGHT_GREY: Colour = Colour::rgb(220, 220, 220);

    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Colour { r, g, b }
    }

    fn pdf(self) -> Color {
        Color::Rgb(Rgb {
            r: f32::from(self.r) / 255.0,
            g: f32::from(self.g) / 255.0,
            b: f32::from(self.b) / 255.0,
            icc_profile: None,
        })
    }
}

/// How text is drawn: face, size in points, colour.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Style {
    pub font: Font,
    /// in points
    pub size: f32,
    pub colour: Colour,
}

impl Style {
    pub fn regular(size: f32) -> Self {
        Style {
            font: Font::Regular,
            size,
            colour: Colour::BLACK,
        }
    }

    pub fn bold(size: f32) -> Self {
        Style {
            font: Font::Bold,
            size,
            colour: Colour::BLACK,
        }
    }

    pub fn colour(mut self, colour: Colour) -> Self {
        self.colour = colour;
        self
    }

    /// A comfortable distance between two baselines for this size, in mm.
    pub fn line_height(&self) -> f32 {
        self.size * 1.3 / PT_PER_MM
    }
}

/// How a shape is painted.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Paint {
    /// outline only, with a line width in points
    Stroke {
        colour: Colour,
        width: f32,
    },
    Fill(Colour),
    FillStroke {
        fill: Colour,
        stroke: Colour,
        width: f32,
    },
}

/// Metadata fixed by the caller so that output is reproducible.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentInfo {
    pub title: String,
    /// a stable identifier of what the document is (e.g. `receipt-2026-7`); the PDF's `/ID`
    /// is derived from it
    pub id: String,
    /// creation and modification date written in the file
    pub date: NaiveDate,
    pub author: String,
}

impl DocumentInfo {
    pub fn new(title: impl Into<String>, id: impl Into<String>, date: NaiveDate) -> Self {
        DocumentInfo {
            title: title.into(),
            id: id.into(),
            date,
            author: String::new(),
        }
    }
}

/// One A4 page being drawn.
#[derive(Debug, Clone, Default)]
pub struct Page {
    ops: Vec<Op>,
}

fn point(x_mm: f32, y_mm_from_top: f32) -> Point {
    Point::new(Mm(x_mm), Mm(PAGE_HEIGHT - y_mm_from_top))
}

impl Page {
    /// Draws `text` with its baseline starting at (`x`, `y`) mm from the top-left corner.
    pub fn text(&mut self, x: f32, y: f32, text: &str, style: &Style) {
        let text = to_win_ansi_text(text);
        if text.is_empty() {
            return;
        }
        self.ops.extend([
            Op::SaveGraphicsState,
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::Builtin(style.font.builtin()),
                size: Pt(style.size),
            },
            Op::SetFillColor {
                col: style.colour.pdf(),
            },
            Op::SetTextCursor { pos: point(x, y) },
            Op::ShowText {
                items: vec![TextItem::Text(text)],
            },
            Op::EndTextSection,
            Op::RestoreGraphicsState,
        ]);
    }

    /// Draws `text` so that it ends at `right` mm.
    pub fn text_right(&mut self, right: f32, y: f32, text: &str, style: &Style) {
        let w = text_width(text, style.font, style.size);
        self.text(right - w, y, text, style);
    }

    /// Draws `text` wrapped to `width` mm from (`x`, `y`); returns the `y` of the line after
    /// the last one drawn.
    pub fn paragraph(&mut self, x: f32, y: f32, width: f32, text: &str, style: &Style) -> f32 {
        let mut y = y;
        for line in wrap(text, style.font, style.size, width) {
            self.text(x, y, &line, style);
            y += style.line_height();
        }
        y
    }

    /// A straight line from (`x1`, `y1`) to (`x2`, `y2`), `width` in points.
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, colour: Colour, width: f32) {
        self.ops.extend([
            Op::SaveGraphicsState,
            Op::SetOutlineColor { col: colour.pdf() },
            Op::SetOutlineThickness { pt: Pt(width) },
            Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: point(x1, y1),
                            bezier: false,
                        },
                        LinePoint {
                            p: point(x2, y2),
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            },
            Op::RestoreGraphicsState,
        ]);
    }

    /// A rectangle whose top-left corner is (`x`, `y`), `w` wide and `h` high (mm).
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, paint: Paint) {
        self.polygon(&[(x, y), (x + w, y), (x + w, y + h), (x, y + h)], paint);
    }

    /// A closed shape through `points` (mm from the top-left): a pie slice approximated by
    /// many points, a triangle, an area under a curve.
    pub fn polygon(&mut self, corners: &[(f32, f32)], paint: Paint) {
        if corners.len() < 3 {
            return;
        }
        let points = corners
            .iter()
            .map(|&(px, py)| LinePoint {
                p: point(px, py),
                bezier: false,
            })
            .collect();
        self.ops.push(Op::SaveGraphicsState);
        let mode = match paint {
            Paint::Stroke { colour, width } => {
                self.ops.push(Op::SetOutlineColor { col: colour.pdf() });
                self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
                PaintMode::Stroke
            }
            Paint::Fill(colour) => {
                self.ops.push(Op::SetFillColor { col: colour.pdf() });
                PaintMode::Fill
            }
            Paint::FillStroke {
                fill,
                stroke,
                width,
            } => {
                self.ops.push(Op::SetFillColor { col: fill.pdf() });
                self.ops.push(Op::SetOutlineColor { col: stroke.pdf() });
                self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
                PaintMode::FillStroke
            }
        };
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing { points }],
                mode,
                winding_order: WindingOrder::NonZero,
            },
        });
        self.ops.push(Op::RestoreGraphicsState);
    }
}

/// A PDF being built: pages, then [`Document::to_bytes`].
#[derive(Debug, Clone)]
pub struct Document {
    info: DocumentInfo,
    pages: Vec<Page>,
}

impl Document {
    pub fn new(info: DocumentInfo) -> Self {
        Document {
            info,
            pages: Vec::new(),
        }
    }

    /// Adds a blank A4 page and returns it for drawing.
    pub fn page(&mut self) -> &mut Page {
        self.pages.push(Page::default());
        self.pages.last_mut().expect("just pushed")
    }

    /// The page being drawn (the last one added), to go on drawing on it.
    pub fn last_page(&mut self) -> Option<&mut Page> {
        self.pages.last_mut()
    }

    /// The finished PDF. The same document always gives the same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut doc = PdfDocument::new(&self.info.title);
        let timestamp = self
            .info
            .date
            .and_hms_opt(12, 0, 0)
            .map(|dt| dt.and_utc().timestamp())
            .unwrap_or(0);
        let date = printpdf::OffsetDateTime::from_unix_timestamp(timestamp)
            .or_else(|_| printpdf::OffsetDateTime::from_unix_timestamp(0))
            .expect("the epoch is a valid date");
        doc.metadata.info.creation_date = date;
        doc.metadata.info.modification_date = date;
        doc.metadata.info.metadata_date = date;
        doc.metadata.info.author = self.info.author.clone();
        doc.metadata.info.creator = "Panier".into();
        doc.metadata.info.producer = "Panier".into();
        doc.metadata.info.identifier = self.info.id.clone();
        let pages: Vec<PdfPage> = if self.pages.is_empty() {
            vec![PdfPage::new(Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT), Vec::new())]
        } else {
            self.pages
                .iter()
                .map(|p| PdfPage::new(Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT), p.ops.clone()))
                .collect()
        };
        let opts = PdfSaveOptions {
            subset_fonts: false,
            ..PdfSaveOptions::default()
        };
        let mut bytes = doc.with_pages(pages).save(&opts, &mut Vec::new());
        fix_trailer_id(&mut bytes, &self.info.id);
        bytes
    }
}

/// printpdf writes a random `/ID [(32 chars) (32 chars)]` in the trailer; replace both
/// strings, in place and with the same length, by a digest of the caller's id.
fn fix_trailer_id(bytes: &mut [u8], id: &str) {
    let digest = stable_hex32(id);
    let needle = b"/ID";
    let Some(start) = bytes
        .windows(needle.len())
        .rposition(|w| w == needle)
        .map(|i| i + needle.len())
    else {
        return;
    };
    let mut i = start;
    let mut replaced = 0;
    while i < bytes.len() && replaced < 2 {
        if bytes[i] == b'(' && i + 33 < bytes.len() && bytes[i + 33] == b')' {
            bytes[i + 1..i + 33].copy_from_slice(digest.as_bytes());
            replaced += 1;
            i += 34;
        } else if bytes[i] == b']' {
            break;
        } else {
            i += 1;
        }
    }
}

/// 32 hex digits from two FNV-1a 64-bit hashes (not cryptographic: a stable file id).
fn stable_hex32(s: &str) -> String {
    let fnv = |seed: u64| {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
        for b in s.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h
    };
    format!("{:016x}{:016x}", fnv(0), fnv(0x9e37_79b9_7f4a_7c15))
}

/// The text as it will be written: characters WinAnsi lacks are replaced.
fn to_win_ansi_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{202f}' | '\u{2009}' | '\u{2007}' => '\u{a0}',
            '\u{2011}' => '-',
            '\t' | '\n' | '\r' => ' ',
            c if is_win_ansi(c) => c,
            _ => '?',
        })
        .collect()
}

fn is_win_ansi(c: char) -> bool {
    matches!(c as u32, 0x20..=0x7e | 0xa0..=0xff) || "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".contains(c)
}

struct Metrics {
    font: printpdf::ParsedFont,
    units_per_em: f32,
    space: f32,
}

fn metrics(font: Font) -> &'static Metrics {
    static REGULAR: OnceLock<Metrics> = OnceLock::new();
    static BOLD: OnceLock<Metrics> = OnceLock::new();
    let cell = match font {
        Font::Regular => &REGULAR,
        Font::Bold => &BOLD,
    };
    cell.get_or_init(|| {
        let parsed = font
            .builtin()
            .get_parsed_font()
            .expect("printpdf ships its built-in font metrics");
        let units_per_em = f32::from(parsed.units_per_em.max(1));
        let space = parsed
            .lookup_glyph_index(' ' as u32)
            .and_then(|g| parsed.get_glyph_width(g))
            .map(f32::from)
            .unwrap_or(units_per_em * 0.278);
        Metrics {
            font: parsed,
            units_per_em,
            space,
        }
    })
}

/// Advance width of one character in thousandths of an em.
fn char_width(m: &Metrics, c: char) -> f32 {
    let c = if c == '\u{a0}' { ' ' } else { c };
    let units = m
        .font
        .lookup_glyph_index(c as u32)
        .and_then(|g| m.font.get_glyph_width(g))
        .map(f32::from)
        .unwrap_or(if c == ' ' {
            m.space
        } else {
            m.units_per_em * 0.556
        });
    units * 1000.0 / m.units_per_em
}

/// Width of `text` in mm when drawn in `font` at `size` points.
pub fn text_width(text: &str, font: Font, size: f32) -> f32 {
    let m = metrics(font);
    let em_thousandths: f32 = to_win_ansi_text(text)
        .chars()
        .map(|c| char_width(m, c))
        .sum();
    em_thousandths / 1000.0 * size / PT_PER_MM
}

/// Splits `text` into lines no wider than `max_width` mm (a word longer than the line is cut).
/// Explicit newlines start new lines.
pub fn wrap(text: &str, font: Font, size: f32, max_width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut current = String::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if current.is_empty() {
                word.to_string()
            } else {
                format!("{current} {word}")
            };
            if text_width(&candidate, font, size) <= max_width {
                current = candidate;
                continue;
            }
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            // the word alone: cut it if it does not fit
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if text_width(&piece, font, size) > max_width && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            current = piece;
        }
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helvetica_widths_match_the_standard_metrics() {
        // Adobe's Helvetica AFM: a = 556, i = 222, W = 944, space = 278 (per 1000 em)
        let w = |s: &str| text_width(s, Font::Regular, 1000.0 * PT_PER_MM) / 1000.0 * 1000.0;
        assert!((w("a") - 556.0).abs() < 2.0, "a = {}", w("a"));
        assert!((w("i") - 222.0).abs() < 2.0, "i = {}", w("i"));
        assert!((w("W") - 944.0).abs() < 2.0, "W = {}", w("W"));
        assert!((w(" ") - 278.0).abs() < 2.0, "space = {}", w(" "));
        assert!((w("é") - 556.0).abs() < 2.0, "é = {}", w("é"));
        assert!(w("€") > 400.0, "€ = {}", w("€"));
        assert!(
            text_width("Bold", Font::Bold, 10.0) > text_width("Bold", Font::Regular, 10.0),
            "bold is wider"
        );
    }

    #[test]
    fn wrap_keeps_lines_within_the_width() {
        let text = "Le bénéficiaire certifie sur l'honneur que les dons et versements qu'il \
                    reçoit ouvrent droit à la réduction d'impôt prévue à l'article 200 du CGI";
        let lines = wrap(text, Font::Regular, 10.0, 80.0);
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(text_width(l, Font::Regular, 10.0) <= 80.0, "{l}");
        }
        assert_eq!(lines.join(" "), text);
        assert_eq!(wrap("a\nb", Font::Regular, 10.0, 80.0), vec!["a", "b"]);
    }

    #[test]
    fn unknown_characters_become_question_marks_and_narrow_spaces_no_break_spaces() {
        assert_eq!(to_win_ansi_text("1\u{202f}234 €"), "1\u{a0}234 €");
        assert_eq!(to_win_ansi_text("→ «œ»"), "? «œ»");
    }

    #[test]
    fn shapes_add_drawing_operations() {
        let mut page = Page::default();
        page.polygon(&[(0.0, 0.0), (1.0, 1.0)], Paint::Fill(Colour::BLACK));
        assert!(page.ops.is_empty(), "too few points draw nothing");
        page.line(0.0, 0.0, 10.0, 5.0, Colour::BLACK, 1.0);
        page.polygon(
            &[(0.0, 0.0), (10.0, 5.0), (20.0, 0.0)],
            Paint::Fill(Colour::BLACK),
        );
        let drawn = page
            .ops
            .iter()
            .filter(|op| matches!(op, Op::DrawLine { .. } | Op::DrawPolygon { .. }))
            .count();
        assert_eq!(drawn, 2);
    }

    #[test]
    fn the_same_document_gives_the_same_bytes_and_ids_differ() {
        let make = |id: &str| {
            let mut doc = Document::new(DocumentInfo::new(
                "Essai",
                id,
                NaiveDate::from_ymd_opt(2026, 2, 28).unwrap(),
            ));
            let p = doc.page();
            p.text(20.0, 20.0, "Été 2026 : 12,50 €", &Style::regular(12.0));
            p.rect(20.0, 30.0, 40.0, 10.0, Paint::Fill(Colour::rgb(10, 20, 30)));
            p.line(20.0, 50.0, 100.0, 50.0, Colour::BLACK, 0.5);
            doc.to_bytes()
        };
        let a = make("doc-1");
        assert_eq!(a, make("doc-1"));
        assert_ne!(a, make("doc-2"));
        assert!(a.starts_with(b"%PDF"));
    }
}
