//! The transparency report as PDF (A4), drawn with [`crate::kernel::pdf`]: the same sections as the
//! HTML and the same charts, laid out by [`super::charts::layout`] and drawn as vector
//! shapes (bars are filled rectangles).

use super::catalog::{self, catalog, fill, share};
use super::charts;
use super::{Count, Report};
use crate::kernel::error::Result;
use crate::kernel::money::display as money;
use crate::kernel::pdf::{Document, DocumentInfo, Style};
use crate::membership::plans::PlanKind;
use crate::Lang;
use layout::{col, Flow, ACCENT, INK, LEFT, MUTED, RIGHT, TOP, WIDTH};

mod layout;

fn count_text(c: Count, lang: Lang) -> String {
    c.text(lang)
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
                ("end", &catalog::day(report.period.last_day(), lang)),
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
        .map(|y| y.members.text(lang))
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
                count_text(l.contributors, lang),
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
    let rows: Vec<Vec<String>> = catalog::result_rows(c, f)
        .iter()
        .map(|(label, now, before)| {
            vec![label.to_string(), money(*now, lang), money(*before, lang)]
        })
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
    if let Some(text) = catalog::volunteering_text(&report.volunteering, lang) {
        flow.para(&format!("{text}."), Style::regular(8.5).colour(MUTED));
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
            let price = catalog::plan_price(p, lang);
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
                p.subscribers.text(lang),
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
            let mut row = vec![charts::year_label(y.year, report), y.members.text(lang)];
            row.extend(y.tiers.iter().map(|t| t.members.text(lang)));
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
                svc.accounts.text(lang),
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
    if let Some(read_on) = s.used_read_on {
        flow.para(
            &fill(
                c.used_latest_reading,
                &[("date", &catalog::day(read_on, lang))],
            ),
            Style::regular(8.5).colour(MUTED),
        );
    }

    // requests
    let ch = &report.charter;
    flow.heading(c.sec_requests);
    match &ch.data_requests {
        Some(d) => {
            let text = super::answers::data_requests_text(d, lang);
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
                super::answers::charter_answer(report, &i.code, lang),
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
