//! The transparency report as PDF (A4), drawn with [`crate::kernel::pdf`]: the same sections as the
//! HTML and the same charts, laid out by [`super::charts::layout`] and drawn as vector
//! shapes (bars are filled rectangles).

use super::catalog::{self, catalog, fill};
use super::charts::{self, BarChart, Shape};
use super::{Count, Report};
use crate::kernel::error::Result;
use crate::kernel::money::display as money;
use crate::kernel::pdf::{self, Colour, Document, DocumentInfo, Font, Paint, Style};
use crate::membership::plans::PlanKind;
use crate::Lang;

const LEFT: f32 = 20.0;
const RIGHT: f32 = 190.0;
const WIDTH: f32 = RIGHT - LEFT;
const TOP: f32 = 20.0;
const BOTTOM: f32 = 280.0;
/// how wide a chart is drawn, in mm
const CHART_MM: f32 = 112.0;
const ACCENT: Colour = Colour::rgb(0x2e, 0x7d, 0x5b);
const INK: Colour = Colour::rgb(0x22, 0x2b, 0x33);
const MUTED: Colour = Colour::rgb(0x5c, 0x66, 0x70);
const RULE: Colour = Colour::rgb(0xd8, 0xde, 0xe3);
const SOFT: Colour = Colour::rgb(0xf2, 0xf6, 0xf4);

/// WinAnsi has no minus sign (U+2212): a hyphen stands for it.
fn plain(text: &str) -> String {
    text.replace('\u{2212}', "-")
}

fn rgb((r, g, b): charts::Rgb) -> Colour {
    Colour::rgb(r, g, b)
}

/// A column of a table: header, width in mm, numbers right-aligned.
struct Col<'a> {
    header: &'a str,
    width: f32,
    right: bool,
}

fn col(header: &str, width: f32, right: bool) -> Col<'_> {
    Col {
        header,
        width,
        right,
    }
}

/// Text flowing down the pages, with a new page when the next block does not fit.
struct Flow {
    doc: Document,
    y: f32,
    pages: usize,
    footer: String,
    lang: Lang,
}

impl Flow {
    fn new_page(&mut self) {
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
    fn page(&mut self) -> &mut pdf::Page {
        self.doc.last_page().expect("a page was started")
    }

    /// Makes room for `height` mm, starting a page if needed.
    fn room(&mut self, height: f32) {
        if self.y + height > BOTTOM {
            self.new_page();
        }
    }

    fn heading(&mut self, text: &str) {
        self.room(28.0);
        self.y += 6.0;
        let style = Style::bold(14.0).colour(INK);
        let y = self.y + 5.0;
        self.page().text(LEFT, y, &plain(text), &style);
        self.page().line(LEFT, y + 2.2, RIGHT, y + 2.2, RULE, 0.6);
        self.y = y + 7.0;
    }

    fn subheading(&mut self, text: &str) {
        self.room(20.0);
        let style = Style::bold(11.0).colour(INK);
        self.y += 2.0;
        let y = self.y + 4.0;
        self.page().text(LEFT, y, text, &style);
        self.y = y + 3.0;
    }

    fn para(&mut self, text: &str, style: Style) {
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

    fn bullet(&mut self, text: &str) {
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
    fn figures(&mut self, items: &[(String, &str)]) {
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
    fn table(&mut self, cols: &[Col], rows: &[Vec<String>], bold_last: bool) {
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
                    let page = flow.page();
                    if c.right {
                        page.text_right(x + c.width - 1.0, y, line, &head);
                    } else {
                        page.text(x + 1.0, y, line, &head);
                    }
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
                    let page = self.page();
                    if c.right {
                        page.text_right(x + c.width - 1.0, y, line, &style);
                    } else {
                        page.text(x + 1.0, y, line, &style);
                    }
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
    fn heading_with_chart(&mut self, text: &str, chart: &BarChart) {
        let (_, height) = charts::layout(chart, self.lang);
        self.room(height * CHART_MM / charts::WIDTH + 22.0);
        self.heading(text);
        self.chart(chart);
    }

    /// The same chart as the HTML's, as rectangles and text.
    fn chart(&mut self, chart: &BarChart) {
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

fn share(part: i64, total: i64, lang: Lang) -> String {
    if total <= 0 {
        return String::new();
    }
    let tenths = (part as i128 * 1000 + total as i128 / 2) / total as i128;
    fill(
        catalog(lang).funding_share,
        &[("share", &catalog::tenths(tenths as i64, lang))],
    )
}

fn count_text(c: Count) -> String {
    c.text()
}

/// The transparency report as PDF bytes.
pub fn transparency(report: &Report, lang: Lang) -> Result<Vec<u8>> {
    let c = catalog(lang);
    let org = &report.identity;
    let f = &report.finances;
    let year = charts::year_label(report.year, report);
    let prev = charts::year_label(report.year - 1, report);
    let date = report
        .generated_at
        .get(..10)
        .and_then(|d| d.parse().ok())
        .unwrap_or(report.period.end_exclusive);
    let mut info = DocumentInfo::new(
        format!("{} — {} — {year}", c.tr_title, org.name),
        format!("transparency-{}-{}", report.year, lang.code()),
        date,
    );
    info.author = org.name.clone();
    let mut flow = Flow {
        doc: Document::new(info),
        y: TOP,
        pages: 0,
        footer: format!("{} — {} — {}", org.name, c.tr_title, year),
        lang,
    };
    flow.new_page();

    // title
    {
        let page = flow.page();
        page.text(
            LEFT,
            26.0,
            &org.name.to_uppercase(),
            &Style::bold(10.0).colour(ACCENT),
        );
        page.text(LEFT, 37.0, c.tr_title, &Style::bold(22.0).colour(INK));
        let span = fill(
            c.from_to,
            &[
                ("start", &catalog::day(report.period.start, lang)),
                (
                    "end",
                    &catalog::day(
                        report
                            .period
                            .end_exclusive
                            .pred_opt()
                            .unwrap_or(report.period.start),
                        lang,
                    ),
                ),
            ],
        );
        page.text(
            LEFT,
            44.0,
            &format!("{} ({span})", fill(c.fiscal_year, &[("year", &year)])),
            &Style::regular(10.0).colour(MUTED),
        );
        page.line(LEFT, 48.0, RIGHT, 48.0, ACCENT, 2.0);
    }
    flow.y = 52.0;

    // at a glance
    flow.heading(c.summary);
    if !org.purpose.trim().is_empty() {
        flow.para(&org.purpose, Style::regular(10.0).colour(INK));
    }
    let members = report
        .history
        .last()
        .map(|y| y.members.text())
        .unwrap_or_default();
    flow.figures(&[
        (money(f.total_income_cents, lang), c.total_income),
        (money(f.total_expenses_cents, lang), c.total_expenses),
        (money(f.result_cents, lang), c.result),
        (money(f.reserves_cents, lang), c.reserves),
    ]);
    flow.figures(&[
        (members, c.col_members),
        (
            report
                .unit_costs
                .per_account_cents
                .map(|v| money(v, lang))
                .unwrap_or_else(|| c.unknown_cost.into()),
            c.cost_per_account,
        ),
        (
            report
                .unit_costs
                .per_gb_granted_cents
                .map(|v| money(v, lang))
                .unwrap_or_else(|| c.unknown_cost.into()),
            c.cost_per_gb,
        ),
        (
            report
                .unit_costs
                .per_member_cents
                .map(|v| money(v, lang))
                .unwrap_or_else(|| c.unknown_cost.into()),
            c.cost_per_member,
        ),
    ]);
    if !org.economic_model.trim().is_empty() {
        flow.subheading(c.sec_funding);
        flow.para(&org.economic_model, Style::regular(10.0).colour(INK));
    }

    // income
    flow.heading_with_chart(c.sec_income, &charts::income(report, lang));
    let mut rows: Vec<Vec<String>> = f
        .income
        .iter()
        .map(|l| {
            vec![
                catalog::income_source(l.source, lang).to_string(),
                money(l.cents, lang),
                share(l.cents, f.total_income_cents, lang),
                money(l.previous_cents, lang),
                count_text(l.contributors),
            ]
        })
        .collect();
    rows.push(vec![
        c.total_income.into(),
        money(f.total_income_cents, lang),
        String::new(),
        money(f.previous_total_income_cents, lang),
        String::new(),
    ]);
    let y_col = fill(c.col_year, &[("year", &year)]);
    let p_col = fill(c.col_previous, &[("year", &prev)]);
    flow.table(
        &[
            col(c.col_source, 48.0, false),
            col(&y_col, 28.0, true),
            col(c.col_share, 18.0, true),
            col(&p_col, 28.0, true),
            col(c.col_contributors, 48.0, true),
        ],
        &rows,
        true,
    );
    if f.fees_service_part_cents > 0 {
        flow.para(
            &fill(
                c.fees_service_part,
                &[("amount", &money(f.fees_service_part_cents, lang))],
            ),
            Style::regular(8.5).colour(MUTED),
        );
    }

    // expenses
    flow.heading_with_chart(c.sec_expenses, &charts::expenses(report, lang));
    let mut rows: Vec<Vec<String>> = f
        .expenses
        .iter()
        .map(|l| {
            vec![
                catalog::expense_category(l.category, lang).to_string(),
                money(l.cents, lang),
                share(l.cents, f.total_expenses_cents, lang),
                money(l.previous_cents, lang),
            ]
        })
        .collect();
    rows.push(vec![
        c.total_expenses.into(),
        money(f.total_expenses_cents, lang),
        String::new(),
        money(f.previous_total_expenses_cents, lang),
    ]);
    flow.table(
        &[
            col(c.col_category, 70.0, false),
            col(&y_col, 34.0, true),
            col(c.col_share, 26.0, true),
            col(&p_col, 40.0, true),
        ],
        &rows,
        true,
    );

    // result and reserves
    flow.heading(c.sec_result);
    let rows: Vec<Vec<String>> = [
        (
            c.total_income,
            f.total_income_cents,
            f.previous_total_income_cents,
        ),
        (
            c.total_expenses,
            f.total_expenses_cents,
            f.previous_total_expenses_cents,
        ),
        (c.result, f.result_cents, f.previous_result_cents),
        (c.reserves, f.reserves_cents, f.previous_reserves_cents),
    ]
    .iter()
    .map(|(label, now, before)| vec![label.to_string(), money(*now, lang), money(*before, lang)])
    .collect();
    flow.table(
        &[
            col("", 90.0, false),
            col(&y_col, 40.0, true),
            col(&p_col, 40.0, true),
        ],
        &rows,
        false,
    );
    if let Some(months) = f.reserves_months_tenths {
        flow.para(
            &format!(
                "{}{}{}",
                c.reserves,
                lang.pick(" : ", ": "),
                fill(
                    c.reserves_months,
                    &[("months", &catalog::tenths(months, lang))]
                )
            ),
            Style::regular(8.5).colour(MUTED),
        );
    }
    flow.subheading(c.sec_years);
    flow.chart(&charts::years_chart(report, lang));

    // expenses one by one
    flow.heading(c.sec_expense_items);
    flow.para(c.expense_items_intro, Style::regular(9.5).colour(INK));
    let rows: Vec<Vec<String>> = f
        .expense_items
        .iter()
        .map(|i| {
            vec![
                catalog::day(i.date, lang),
                if i.label.is_empty() {
                    i.supplier.clone()
                } else {
                    format!("{} — {}", i.supplier, i.label)
                },
                catalog::expense_category(i.category, lang).to_string(),
                money(i.cents, lang),
            ]
        })
        .collect();
    flow.table(
        &[
            col(c.col_date, 22.0, false),
            col(c.col_supplier, 82.0, false),
            col(c.col_category, 40.0, false),
            col(c.col_amount, 26.0, true),
        ],
        &rows,
        false,
    );
    for w in &f.withheld {
        flow.para(
            &fill(
                c.withheld_note,
                &[
                    ("n", &w.lines.to_string()),
                    ("amount", &money(w.cents, lang)),
                    ("category", catalog::expense_category(w.category, lang)),
                ],
            ),
            Style::regular(8.5).colour(MUTED),
        );
    }

    // plans
    flow.heading(c.sec_plans);
    flow.para(c.plans_intro, Style::regular(9.5).colour(INK));
    let mut rows = Vec::new();
    for kind in [PlanKind::Fee, PlanKind::Tier] {
        for p in report.plans.iter().filter(|p| p.kind == kind) {
            let price = if p.pay_what_you_want {
                fill(
                    c.pay_what_you_want,
                    &[
                        ("min", &money(p.min_cents.unwrap_or(0), lang)),
                        ("amount", &money(p.amount_cents, lang)),
                    ],
                )
            } else if p.amount_cents == 0 {
                c.free_of_charge.to_string()
            } else {
                money(p.amount_cents, lang)
            };
            let mut what = Vec::new();
            if let Some(q) = p.quota_bytes {
                what.push(catalog::gigabytes(q, lang));
            }
            if kind == PlanKind::Fee {
                what.push(if p.counterpart_cents > 0 {
                    fill(
                        c.fee_counterpart,
                        &[("service", &money(p.counterpart_cents, lang))],
                    )
                } else {
                    c.fee_all_gift.to_string()
                });
            }
            if let Some(avg) = p.average_paid_cents {
                what.push(fill(c.average_paid, &[("amount", &money(avg, lang))]));
            }
            if let Some(cost) = p.real_cost_cents {
                what.push(fill(c.tier_real_cost, &[("amount", &money(cost, lang))]));
            }
            rows.push(vec![
                p.name.clone(),
                price,
                what.join(lang.pick(" ; ", "; ")),
                p.subscribers.text(),
            ]);
        }
    }
    flow.table(
        &[
            col(c.col_plan, 36.0, false),
            col(c.col_price, 40.0, false),
            col(c.col_pays_for, 74.0, false),
            col(c.col_members, 20.0, true),
        ],
        &rows,
        false,
    );

    // members over the years
    flow.heading_with_chart(c.sec_members, &charts::members(report, lang));
    let tier_names: Vec<String> = report
        .history
        .first()
        .map(|y| y.tiers.iter().map(|t| t.plan.clone()).collect())
        .unwrap_or_default();
    let each = if tier_names.is_empty() {
        0.0
    } else {
        (WIDTH - 50.0) / tier_names.len() as f32
    };
    let mut cols = vec![col("", 25.0, false), col(c.col_members, 25.0, true)];
    for name in &tier_names {
        cols.push(col(name, each, true));
    }
    let rows: Vec<Vec<String>> = report
        .history
        .iter()
        .map(|y| {
            let mut row = vec![charts::year_label(y.year, report), y.members.text()];
            row.extend(y.tiers.iter().map(|t| t.members.text()));
            row
        })
        .collect();
    flow.table(&cols, &rows, false);

    // storage
    flow.heading_with_chart(c.sec_storage, &charts::storage(report, lang));
    let size = |b: Option<i64>| {
        b.map(|b| catalog::gigabytes(b, lang))
            .unwrap_or_else(|| "—".into())
    };
    let s = &report.storage;
    let mut rows: Vec<Vec<String>> = s
        .services
        .iter()
        .map(|svc| {
            vec![
                svc.service.clone(),
                svc.accounts.text(),
                size(svc.quota_bytes),
                size(svc.used_bytes),
            ]
        })
        .collect();
    let hidden_any = s.services.iter().any(|x| x.accounts.shown().is_none());
    rows.push(vec![
        if hidden_any {
            fill(c.total_shown, &[("t", &report.threshold.to_string())])
        } else {
            c.total.to_string()
        },
        catalog::group(s.accounts, lang),
        catalog::gigabytes(s.quota_bytes, lang),
        catalog::gigabytes(s.used_bytes, lang),
    ]);
    flow.table(
        &[
            col(c.col_service, 70.0, false),
            col(c.col_accounts, 30.0, true),
            col(c.col_granted, 35.0, true),
            col(c.col_used, 35.0, true),
        ],
        &rows,
        true,
    );

    // requests
    let ch = &report.charter;
    flow.heading(c.sec_requests);
    match &ch.data_requests {
        Some(d) => {
            let mut text = fill(c.data_requests, &[("n", &d.received.to_string())]);
            text.push_str(&format!(
                " ({}",
                fill(c.data_answered, &[("n", &d.answered.to_string())])
            ));
            if let Some(m) = d.median_days {
                text.push_str(lang.pick(" ; ", "; "));
                text.push_str(&fill(
                    c.data_median,
                    &[("days", &catalog::tenths((m * 10.0).round() as i64, lang))],
                ));
            }
            text.push(')');
            flow.bullet(&text);
        }
        None => flow.bullet(c.data_not_kept),
    }
    flow.bullet(&format!(
        "{} ({}{}{})",
        fill(
            c.authority_requests,
            &[("n", &ch.authority_requests.received.to_string())]
        ),
        fill(
            c.authority_answered,
            &[("n", &ch.authority_requests.answered.to_string())]
        ),
        lang.pick(" ; ", "; "),
        fill(
            c.authority_ever,
            &[("n", &ch.authority_requests.received_ever.to_string())]
        )
    ));

    // charter
    flow.heading(c.sec_charter);
    let rows: Vec<Vec<String>> = ch
        .items
        .iter()
        .map(|i| {
            vec![
                format!("{} {}", i.code, catalog::charter_item(&i.code, lang)),
                catalog::met(i.met, lang).to_string(),
                super::html::charter_answer(report, &i.code, lang),
            ]
        })
        .collect();
    flow.table(
        &[
            col(c.col_item, 62.0, false),
            col("", 22.0, false),
            col(c.col_answer, 86.0, false),
        ],
        &rows,
        false,
    );

    // servers, backups, commitments, software
    flow.heading(c.sec_servers);
    let body = Style::regular(9.5).colour(INK);
    if org.infrastructure.trim().is_empty() {
        flow.para(c.not_set, body.colour(MUTED));
    } else {
        flow.para(&org.infrastructure, body);
    }
    let sep = lang.pick(" : ", ": ");
    if !org.host_provider_name.is_empty() {
        flow.bullet(&format!("{}{sep}{}", c.provider, org.host_provider_name));
    }
    let kind = catalog::host_provider_type(&org.host_provider_type, lang);
    if !kind.is_empty() {
        flow.bullet(&format!("{}{sep}{kind}", c.provider_type));
    }
    let server = catalog::host_server_type(&org.host_server_type, lang);
    if !server.is_empty() {
        flow.bullet(&format!("{}{sep}{server}", c.server_type));
    }
    if !org.host_country_code.is_empty() {
        flow.bullet(&format!(
            "{}{sep}{}",
            c.country,
            catalog::country(&org.host_country_code, lang)
        ));
    }
    flow.subheading(c.sec_backups);
    if org.backups.trim().is_empty() {
        flow.para(c.not_set, body.colour(MUTED));
    } else {
        flow.para(&org.backups, body);
    }
    flow.subheading(c.sec_links);
    for (value, label) in [
        (&org.terms_url, c.link_terms),
        (&org.privacy_url, c.link_privacy),
        (&org.legal_url, c.link_legal),
        (&org.log_retention, c.log_retention),
    ] {
        let v = if value.trim().is_empty() {
            c.not_set
        } else {
            value.as_str()
        };
        flow.bullet(&format!("{label}{sep}{v}"));
    }
    flow.heading(c.sec_software);
    if ch.software.is_empty() {
        flow.para(c.no_software, body.colour(MUTED));
    } else {
        let rows: Vec<Vec<String>> = ch
            .software
            .iter()
            .map(|s| {
                vec![
                    s.name.clone(),
                    s.version.clone(),
                    s.licence.clone(),
                    if s.free { c.yes } else { c.no }.to_string(),
                ]
            })
            .collect();
        flow.table(
            &[
                col(c.col_software, 70.0, false),
                col(c.col_version, 30.0, false),
                col(c.col_licence, 50.0, false),
                col(c.col_free, 20.0, false),
            ],
            &rows,
            false,
        );
    }
    flow.y += 4.0;
    flow.para(
        &fill(c.generated, &[("date", &catalog::day(date, lang))]),
        Style::regular(8.5).colour(MUTED),
    );
    flow.para(
        &fill(c.threshold_note, &[("t", &report.threshold.to_string())]),
        Style::regular(8.5).colour(MUTED),
    );
    Ok(flow.doc.to_bytes())
}
