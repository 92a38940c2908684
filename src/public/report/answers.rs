//! What the association answers to each item of the CHATONS charter, from its figures and
//! settings: plain text, shown in the HTML report's and the PDF's charter tables.

use super::catalog::{self, catalog, fill};
use super::{DataRequestFigures, Report};
use crate::Lang;

/// What the association answers to each charter item, from its figures and settings.
pub fn charter_answer(report: &Report, code: &str, lang: Lang) -> String {
    let c = catalog(lang);
    let org = &report.identity;
    let ch = &report.charter;
    let n = |v: i64| v.to_string();
    let labelled = |label: &str, value: &str| format!("{label}{}{value}", c.colon);
    match code {
        "C1" => c.em_page.to_string(),
        "C2" => c.this_report.to_string(),
        "C3" => match &ch.data_requests {
            Some(d) => format!(
                "{} {}",
                c.data_export,
                fill(c.data_requests, &[("n", &d.received.text(lang))])
            ),
            None => c.data_export.to_string(),
        },
        "C4" => c.pages_load_nothing.to_string(),
        "C5" => {
            let mut parts = Vec::new();
            if !org.host_provider_name.is_empty() {
                parts.push(labelled(c.provider, &org.host_provider_name));
            }
            if !org.host_country_code.is_empty() {
                parts.push(labelled(
                    c.country,
                    &catalog::country(&org.host_country_code, lang),
                ));
            }
            if org.backups.trim().is_empty() {
                parts.push(labelled(c.sec_backups, c.not_set));
            }
            if parts.is_empty() {
                c.not_set.to_string()
            } else {
                parts.join(c.semicolon)
            }
        }
        "C6" => [
            (&org.terms_url, c.link_terms),
            (&org.privacy_url, c.link_privacy),
            (&org.log_retention, c.log_retention),
        ]
        .iter()
        .map(|(v, label)| labelled(label, if v.trim().is_empty() { c.not_set } else { v }))
        .collect::<Vec<_>>()
        .join(c.semicolon),
        "C7" => format!(
            "{} {}",
            c.register_kept,
            fill(
                c.authority_requests,
                &[("n", &n(ch.authority_requests.received))]
            )
        ),
        "C8" => {
            if ch.software.is_empty() {
                c.no_software.to_string()
            } else {
                let non_free: Vec<&str> = ch
                    .software
                    .iter()
                    .filter(|s| !s.free)
                    .map(|s| s.name.as_str())
                    .collect();
                let free = ch.software.len() - non_free.len();
                let mut text = fill(
                    c.software_free_of,
                    &[
                        ("free", &free.to_string()),
                        ("all", &ch.software.len().to_string()),
                    ],
                );
                if !non_free.is_empty() {
                    text.push(' ');
                    text.push_str(&fill(c.non_free_listed, &[("list", &non_free.join(", "))]));
                }
                text
            }
        }
        "C9" => fill(c.signed_admins, &[("n", &n(ch.signed_admins))]),
        _ => String::new(),
    }
}

/// Members' requests about their data: how many, how many answered, the median delay; the
/// HTML and the PDF print this one line (small counts as « moins de 3 »).
pub fn data_requests_text(d: &DataRequestFigures, lang: Lang) -> String {
    let c = catalog(lang);
    let mut text = fill(c.data_requests, &[("n", &d.received.text(lang))]);
    text.push_str(&format!(
        " ({}",
        fill(c.data_answered, &[("n", &d.answered.text(lang))])
    ));
    if let Some(m) = d.median_days {
        let tenths = (m * 10.0).round() as i64;
        text.push_str(c.semicolon);
        text.push_str(&fill(
            c.data_median,
            &[("days", &catalog::tenths(tenths, lang))],
        ));
    }
    text.push(')');
    text
}
