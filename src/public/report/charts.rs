//! The report's charts, built once from a [`Report`] and laid out as plain shapes (filled
//! rectangles and left-aligned text), so the HTML (inline SVG) and the PDF (vector shapes)
//! draw exactly the same thing.

use crate::kernel::money::display as money;
use crate::public::report::catalog::{self, catalog, fill};
use crate::public::report::Report;
use crate::Lang;
use maud::{html, Markup};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Money,
    Count,
    Bytes,
}

/// A colour as (r, g, b) bytes.
pub type Rgb = (u8, u8, u8);

pub const INK: Rgb = (0x22, 0x2b, 0x33);
pub const MUTED: Rgb = (0x5c, 0x66, 0x70);
pub const PALETTE: [Rgb; 6] = [
    (0x2e, 0x7d, 0x5b), // green
    (0x9f, 0xc8, 0xb5), // pale green
    (0xd9, 0x82, 0x2b), // orange
    (0x3b, 0x6e, 0xa8), // blue
    (0x8e, 0x5a, 0x9b), // purple
    (0xb5, 0x4a, 0x4a), // red
];

#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    pub title: String,
    pub unit: Unit,
    /// one label per series (e.g. this year, last year)
    pub series: Vec<String>,
    pub rows: Vec<BarRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BarRow {
    pub label: String,
    /// one value per series; None when hidden (a count under the threshold)
    pub values: Vec<Option<i64>>,
    /// the text shown for a hidden value (e.g. "moins de 3")
    pub hidden_text: String,
}

/// A laid-out shape, in units where y grows downwards from the chart's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    /// `y` is the text's baseline
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: Rgb,
        text: String,
    },
}

pub const WIDTH: f32 = 360.0;
const LABEL_SIZE: f32 = 13.0;
const VALUE_SIZE: f32 = 11.5;
const BAR_H: f32 = 13.0;
const BAR_GAP: f32 = 3.0;
const ROW_GAP: f32 = 12.0;
/// the longest bar leaves room for its value after it
const BAR_MAX: f32 = WIDTH * 0.66;

fn value_text(unit: Unit, v: i64, lang: Lang) -> String {
    match unit {
        Unit::Money => money(v, lang),
        Unit::Count => catalog::group(v, lang),
        Unit::Bytes => catalog::gigabytes(v, lang),
    }
}

/// Lays a chart out; returns its shapes and its height.
pub fn layout(chart: &BarChart, lang: Lang) -> (Vec<Shape>, f32) {
    let mut shapes = Vec::new();
    let mut y = 0.0;
    // legend: a square and a label per series, wrapping when needed
    let mut x = 0.0;
    y += 14.0;
    if chart.series.len() > 1 {
        for (i, label) in chart.series.iter().enumerate() {
            let w = 16.0 + label.chars().count() as f32 * 6.2 + 14.0;
            if x + w > WIDTH && x > 0.0 {
                x = 0.0;
                y += 18.0;
            }
            shapes.push(Shape::Rect {
                x,
                y: y - 10.0,
                w: 11.0,
                h: 11.0,
                color: PALETTE[i % PALETTE.len()],
            });
            shapes.push(Shape::Text {
                x: x + 16.0,
                y,
                size: VALUE_SIZE,
                bold: false,
                color: INK,
                text: label.clone(),
            });
            x += w;
        }
        y += 12.0;
    } else {
        y -= 8.0;
    }
    let max = chart
        .rows
        .iter()
        .flat_map(|r| r.values.iter().flatten())
        .map(|v| v.abs())
        .max()
        .unwrap_or(0)
        .max(1) as f32;
    for row in &chart.rows {
        y += LABEL_SIZE + 4.0;
        shapes.push(Shape::Text {
            x: 0.0,
            y,
            size: LABEL_SIZE,
            bold: true,
            color: INK,
            text: row.label.clone(),
        });
        y += 5.0;
        for (i, value) in row.values.iter().enumerate() {
            let color = PALETTE[i % PALETTE.len()];
            let (w, text) = match value {
                Some(v) => (
                    (v.abs() as f32 / max * BAR_MAX).max(if *v != 0 { 1.5 } else { 0.0 }),
                    value_text(chart.unit, *v, lang),
                ),
                None => (0.0, row.hidden_text.clone()),
            };
            if w > 0.0 {
                shapes.push(Shape::Rect {
                    x: 0.0,
                    y,
                    w,
                    h: BAR_H,
                    color,
                });
            }
            shapes.push(Shape::Text {
                x: w + 5.0,
                y: y + BAR_H - 2.5,
                size: VALUE_SIZE,
                bold: false,
                color: MUTED,
                text,
            });
            y += BAR_H + BAR_GAP;
        }
        y += ROW_GAP - BAR_GAP;
    }
    (shapes, y + 2.0)
}

/// A bar's label for a count below the threshold: the words every public output uses.
fn hidden(report: &Report, lang: Lang) -> String {
    super::Count::FewerThan(report.threshold).text(lang)
}

pub fn income(report: &Report, lang: Lang) -> BarChart {
    let c = catalog(lang);
    BarChart {
        title: c.chart_income.into(),
        unit: Unit::Money,
        series: years(report, lang),
        rows: report
            .finances
            .income
            .iter()
            .map(|l| BarRow {
                label: catalog::income_source(l.source, lang).into(),
                values: vec![Some(l.cents), Some(l.previous_cents)],
                hidden_text: hidden(report, lang),
            })
            .collect(),
    }
}

pub fn expenses(report: &Report, lang: Lang) -> BarChart {
    let c = catalog(lang);
    BarChart {
        title: c.chart_expenses.into(),
        unit: Unit::Money,
        series: years(report, lang),
        rows: report
            .finances
            .expenses
            .iter()
            .map(|l| BarRow {
                label: catalog::expense_category(l.category, lang).into(),
                values: vec![Some(l.cents), Some(l.previous_cents)],
                hidden_text: hidden(report, lang),
            })
            .collect(),
    }
}

/// This year and last year, as series labels.
fn years(report: &Report, lang: Lang) -> Vec<String> {
    let c = catalog(lang);
    vec![
        fill(
            c.legend_this_year,
            &[("year", &year_label(report.year, report))],
        ),
        fill(
            c.legend_last_year,
            &[("year", &year_label(report.year - 1, report))],
        ),
    ]
}

/// "2026", or "2026-2027" for a financial year that does not start on 1 January.
pub fn year_label(year: i32, report: &Report) -> String {
    use chrono::Datelike;
    if report.period.start.month() == 1 && report.period.start.day() == 1 {
        year.to_string()
    } else {
        format!("{year}-{}", year + 1)
    }
}

pub fn members(report: &Report, lang: Lang) -> BarChart {
    let c = catalog(lang);
    let mut series = vec![c.legend_members.to_string()];
    if let Some(first) = report.history.first() {
        series.extend(first.tiers.iter().map(|t| t.plan.clone()));
    }
    BarChart {
        title: c.chart_members.into(),
        unit: Unit::Count,
        series,
        rows: report
            .history
            .iter()
            .map(|y| BarRow {
                label: year_label(y.year, report),
                values: std::iter::once(y.members.shown())
                    .chain(y.tiers.iter().map(|t| t.members.shown()))
                    .collect(),
                hidden_text: hidden(report, lang),
            })
            .collect(),
    }
}

pub fn storage(report: &Report, lang: Lang) -> BarChart {
    let c = catalog(lang);
    BarChart {
        title: c.chart_storage.into(),
        unit: Unit::Bytes,
        series: vec![c.legend_granted.into(), c.legend_used.into()],
        rows: report
            .storage
            .services
            .iter()
            .map(|s| BarRow {
                label: s.service.clone(),
                values: vec![s.quota_bytes, s.used_bytes],
                hidden_text: hidden(report, lang),
            })
            .collect(),
    }
}

pub fn years_chart(report: &Report, lang: Lang) -> BarChart {
    let c = catalog(lang);
    BarChart {
        title: c.chart_years.into(),
        unit: Unit::Money,
        series: vec![c.legend_income.into(), c.legend_expenses.into()],
        rows: report
            .history
            .iter()
            .map(|y| BarRow {
                label: year_label(y.year, report),
                values: vec![Some(y.income_cents), Some(y.expenses_cents)],
                hidden_text: hidden(report, lang),
            })
            .collect(),
    }
}

/// The chart as inline SVG: no external resource, text in the page's own font. Every shape is
/// closed explicitly (`<rect …></rect>`): inside HTML, an SVG element is not void.
pub fn svg(chart: &BarChart, lang: Lang) -> Markup {
    let (shapes, height) = layout(chart, lang);
    let hex = |(r, g, b): Rgb| format!("#{r:02x}{g:02x}{b:02x}");
    html! {
        svg class="chart" role="img" viewBox=(format!("0 0 {WIDTH} {height:.0}")) {
            title { (chart.title) }
            @for shape in shapes {
                @match shape {
                    Shape::Rect { x, y, w, h, color } => rect
                        x=(format!("{x:.1}")) y=(format!("{y:.1}"))
                        width=(format!("{w:.1}")) height=(format!("{h:.1}"))
                        rx="2" fill=(hex(color)) {},
                    Shape::Text { x, y, size, bold, color, text } => text
                        x=(format!("{x:.1}")) y=(format!("{y:.1}")) font-size=(size)
                        font-weight=[bold.then_some("600")] fill=(hex(color)) { (text) },
                }
            }
        }
    }
}
