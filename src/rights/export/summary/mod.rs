//! The readable part of a member's export: what we hold, why, on what legal basis, who sees
//! it, how long we keep it, where it came from, and the member's rights — in the member's
//! language. One document model ([`Summary`], built here with the words of `catalog.rs`),
//! rendered as HTML ([`html()`]) and as PDF ([`pdf()`]).

mod catalog;
mod html;
mod pdf;

pub use catalog::day;
pub use html::html;
pub use pdf::pdf;

use super::MemberData;
use crate::books::ledger;
use crate::hosting::accounts;
use crate::kernel::error::Result;
use crate::kernel::money;
use crate::membership::subscriptions;
use crate::people::members::MemberKind;
use crate::rights::requests;
use crate::store::settings::Organisation;
use crate::Lang;
use catalog::{catalog, fill, size};
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

/// A piece of the summary.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Block {
    Heading {
        text: String,
    },
    Paragraph {
        text: String,
    },
    /// label: value pairs
    Fields {
        pairs: Vec<(String, String)>,
    },
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    List {
        items: Vec<String>,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    pub lang: Lang,
    pub member_id: crate::kernel::ids::MemberId,
    /// the export's day
    pub date: NaiveDate,
    pub title: String,
    pub subtitle: String,
    pub blocks: Vec<Block>,
}

/// A list item printed indented, under the item before it (the archive's CSV files).
const SUB_ITEM: &str = "    ";

/// The rows of one exported table as JSON objects.
fn records(data: &MemberData, table: &str) -> Vec<serde_json::Map<String, serde_json::Value>> {
    data.table(table)
        .map(|t| {
            t.objects()
                .into_iter()
                .filter_map(|v| match v {
                    serde_json::Value::Object(m) => Some(m),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A field as text ("" for null or missing).
fn field(row: &serde_json::Map<String, serde_json::Value>, key: &str) -> String {
    match row.get(key) {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// A day (or the day of an instant) as the member reads it.
fn date_field(row: &serde_json::Map<String, serde_json::Value>, key: &str, lang: Lang) -> String {
    let text = field(row, key);
    text.get(..10)
        .and_then(|d| d.parse::<NaiveDate>().ok())
        .map(|d| day(d, lang))
        .unwrap_or(text)
}

fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        "—".to_string()
    } else {
        s.to_string()
    }
}

/// Builds the summary of `data` in the member's language.
pub fn build(conn: &Connection, data: &MemberData, org: &Organisation) -> Result<Summary> {
    let m = &data.member;
    let lang = m.lang;
    let c = catalog(lang);
    let words = |list: &[&str]| list.iter().map(|w| w.to_string()).collect::<Vec<_>>();
    let on = data.exported_on;
    let mut b: Vec<Block> = Vec::new();
    let number = std::cell::Cell::new(0);
    let heading = |text: &str| {
        number.set(number.get() + 1);
        Block::Heading {
            text: format!("{}. {text}", number.get()),
        }
    };
    let para = |text: String| Block::Paragraph { text };
    let none = || para(c.none.to_string());
    // "écrivez à contact@… " or "écrivez au bureau…"
    let write_to = if org.contact_email.trim().is_empty() {
        c.write_to_board.to_string()
    } else {
        fill(c.write_to, &[("email", org.contact_email.trim())])
    };

    b.push(para(fill(c.intro, &[("org", &org.name)])));

    // --- the data
    b.push(heading(c.sec_profile));
    let mut pairs = vec![(c.member_number.to_string(), m.id.to_string())];
    match m.kind {
        MemberKind::Organisation => pairs.push((c.organisation.to_string(), m.org_name.clone())),
        MemberKind::Person => pairs.extend([
            (c.first_name.to_string(), or_dash(&m.first_name)),
            (c.last_name.to_string(), or_dash(&m.last_name)),
        ]),
    }
    let address = [
        m.street.clone(),
        format!("{} {}", m.postal_code, m.city).trim().to_string(),
        m.country.clone(),
    ]
    .into_iter()
    .filter(|s| !s.trim().is_empty())
    .collect::<Vec<_>>()
    .join(", ");
    pairs.extend([
        (c.email.to_string(), m.email.clone()),
        (c.postal_address.to_string(), or_dash(&address)),
        (c.phone.to_string(), or_dash(&m.phone)),
        (c.letters_lang.to_string(), c.letters_lang_value.to_string()),
        (c.member_since.to_string(), day(m.joined_on, lang)),
        (c.board_notes.to_string(), or_dash(&m.notes)),
    ]);
    b.push(Block::Fields { pairs });

    let subs = subscriptions::for_member(conn, m.id, on)?;
    b.push(heading(c.sec_subscriptions));
    if subs.is_empty() {
        b.push(none());
    } else {
        b.push(Block::Table {
            header: words(&[c.col_plan, c.col_from, c.col_to_included]),
            rows: subs
                .iter()
                .map(|s| {
                    vec![
                        s.plan_name.clone(),
                        day(s.starts_on, lang),
                        day(crate::kernel::dates::last_day_before(s.ends_before), lang),
                    ]
                })
                .collect(),
        });
    }

    let entries = ledger::for_member(conn, m.id)?;
    b.push(heading(c.sec_payments));
    if entries.is_empty() {
        b.push(none());
    } else {
        b.push(Block::Table {
            header: words(&[
                c.col_date,
                c.col_kind,
                c.col_label,
                c.col_method,
                c.col_amount,
            ]),
            rows: entries
                .iter()
                .map(|e| {
                    vec![
                        day(e.date, lang),
                        catalog::entry_kind(e.kind, lang).to_string(),
                        e.label.clone(),
                        catalog::method(e.method, lang).to_string(),
                        money::display(e.amount_cents, lang),
                    ]
                })
                .collect(),
        });
    }

    let receipts = records(data, "receipts");
    if !receipts.is_empty() {
        b.push(heading(c.sec_receipts));
        b.push(Block::Table {
            header: words(&[
                c.col_number,
                c.col_kind,
                c.col_issued_on,
                c.col_amount,
                c.col_status,
            ]),
            rows: receipts
                .iter()
                .map(|r| {
                    vec![
                        crate::books::receipts::reference(
                            crate::books::receipts::ReceiptKind::of_series(&field(r, "series")),
                            field(r, "issue_year").parse().unwrap_or_default(),
                            field(r, "number").parse().unwrap_or_default(),
                        ),
                        if field(r, "series") == "tax" {
                            c.tax_receipt.to_string()
                        } else {
                            c.fee_certificate.to_string()
                        },
                        date_field(r, "issued_on", lang),
                        r.get("amount_cents")
                            .and_then(|v| v.as_i64())
                            .map(|cents| money::display(cents, lang))
                            .unwrap_or_default(),
                        match field(r, "cancelled_on").as_str() {
                            "" => c.valid.to_string(),
                            _ => fill(
                                c.cancelled_on,
                                &[("date", &date_field(r, "cancelled_on", lang))],
                            ),
                        },
                    ]
                })
                .collect(),
        });
    }

    let accounts = accounts::for_member(conn, m.id)?;
    b.push(heading(c.sec_accounts));
    if accounts.is_empty() {
        b.push(none());
    } else {
        b.push(Block::Table {
            header: words(&[
                c.col_service,
                c.col_login,
                c.col_quota,
                c.col_used,
                c.col_enabled,
            ]),
            rows: accounts
                .iter()
                .map(|a| {
                    vec![
                        a.service.clone(),
                        a.login.clone(),
                        if a.quota_bytes > 0 {
                            size(a.quota_bytes, lang)
                        } else {
                            "—".into()
                        },
                        match (&a.used_bytes, &a.used_seen_at) {
                            (Some(u), Some(at)) => {
                                let seen = at
                                    .get(..10)
                                    .and_then(|d| d.parse::<NaiveDate>().ok())
                                    .map(|d| day(d, lang))
                                    .unwrap_or_else(|| at.clone());
                                format!("{} ({seen})", size(*u, lang))
                            }
                            (Some(u), None) => size(*u, lang),
                            _ => "—".into(),
                        },
                        if a.enabled { c.yes } else { c.no }.to_string(),
                    ]
                })
                .collect(),
        });
    }

    let grants = records(data, "quota_grants");
    if !grants.is_empty() {
        b.push(para(c.grants_intro.to_string()));
        b.push(Block::Table {
            header: words(&[
                c.col_account,
                c.col_extra,
                c.col_reason,
                c.col_until,
                c.col_granted_on,
            ]),
            rows: grants
                .iter()
                .map(|g| {
                    let login = accounts
                        .iter()
                        .find(|a| Some(a.id.0) == g.get("account_id").and_then(|v| v.as_i64()))
                        .map(|a| a.login.clone())
                        .unwrap_or_default();
                    vec![
                        login,
                        size(g.get("bytes").and_then(|v| v.as_i64()).unwrap_or(0), lang),
                        field(g, "reason"),
                        match field(g, "until").as_str() {
                            "" => c.no_end.to_string(),
                            _ => date_field(g, "until", lang),
                        },
                        date_field(g, "granted_at", lang),
                    ]
                })
                .collect(),
        });
    }

    b.push(heading(c.sec_consents));
    let mut stmt = conn.prepare(
        "SELECT purpose, given_on, withdrawn_on FROM consents WHERE member_id = ?1 ORDER BY purpose",
    )?;
    let consents: Vec<(String, String, Option<String>)> = stmt
        .query_map([m.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if consents.is_empty() {
        b.push(para(c.no_consent.to_string()));
    } else {
        let fmt = |s: &str| {
            s.parse::<NaiveDate>()
                .map(|d| day(d, lang))
                .unwrap_or_else(|_| s.to_string())
        };
        b.push(Block::Table {
            header: words(&[c.col_consent, c.col_given_on, c.col_withdrawn_on]),
            rows: consents
                .iter()
                .map(|(p, g, w)| {
                    vec![
                        p.clone(),
                        fmt(g),
                        w.as_deref().map(fmt).unwrap_or("—".into()),
                    ]
                })
                .collect(),
        });
    }

    let reqs = requests::for_member(conn, m.id)?;
    b.push(heading(c.sec_requests));
    if reqs.is_empty() {
        b.push(para(c.none_feminine.to_string()));
    } else {
        b.push(Block::Table {
            header: words(&[
                c.col_number,
                c.col_request,
                c.col_received,
                c.col_due,
                c.col_status,
            ]),
            rows: reqs
                .iter()
                .map(|r| {
                    let status = match r.answered_on {
                        Some(d) => format!("{} ({})", r.status.label(lang), day(d, lang)),
                        None => r.status.label(lang).to_string(),
                    };
                    vec![
                        r.id.to_string(),
                        r.kind.label(lang).to_string(),
                        day(r.received_on, lang),
                        day(r.deadline, lang),
                        status,
                    ]
                })
                .collect(),
        });
    }

    let reminders = records(data, "reminders_sent");
    if !reminders.is_empty() {
        b.push(heading(c.sec_reminders));
        b.push(Block::Table {
            header: words(&[c.col_sent_on, c.col_reminder, c.col_to]),
            rows: reminders
                .iter()
                .map(|r| {
                    vec![
                        date_field(r, "sent_on", lang),
                        match field(r, "kind").as_str() {
                            "due" => c.reminder_due,
                            "grace" => c.reminder_grace,
                            _ => c.reminder_expired,
                        }
                        .to_string(),
                        field(r, "member_email"),
                    ]
                })
                .collect(),
        });
    }

    let history = data.table("audit_log").map(|t| t.rows.len()).unwrap_or(0);
    b.push(heading(c.sec_history));
    b.push(para(fill(c.history_text, &[("n", &history.to_string())])));
    let changes = records(data, "audit_log");
    if !changes.is_empty() {
        b.push(Block::Table {
            header: words(&[c.col_date, c.col_change, c.col_by]),
            rows: changes
                .iter()
                .map(|row| {
                    vec![
                        date_field(row, "at", lang),
                        catalog::change(&field(row, "action"), &field(row, "entity"), lang),
                        field(row, "operator"),
                    ]
                })
                .collect(),
        });
    }

    // --- how the data is used
    b.push(heading(c.sec_why));
    b.push(Block::Table {
        header: words(&[c.col_data, c.col_purpose, c.col_basis, c.col_kept]),
        rows: c.basis_rows.iter().map(|row| words(row)).collect(),
    });

    b.push(para(c.automated.to_string()));

    b.push(heading(c.sec_who));
    // the hosting provider, named as the infrastructure settings name it, after the board
    let host = crate::store::settings::get(conn, "host_provider_name")?;
    let host_line = if host.trim().is_empty() {
        c.who_host_unnamed.to_string()
    } else {
        fill(c.who_host, &[("host", host.trim())])
    };
    let mut who = words(&c.who);
    who.insert(1, host_line);
    b.push(Block::List { items: who });
    b.push(para(fill(c.no_selling, &[("org", &org.name)])));

    b.push(heading(c.sec_from));
    b.push(para(c.from_text.to_string()));

    b.push(heading(c.sec_rights));
    b.push(Block::List {
        items: words(&c.rights),
    });
    b.push(para(fill(c.how_to_use, &[("write_to", &write_to)])));

    b.push(heading(c.sec_files));
    let mut items = words(&[c.files_json, c.files_csv]);
    for table in super::MEMBER_TABLES {
        let rows = data.table(table.table).map(|r| r.rows.len()).unwrap_or(0);
        let what = match lang {
            Lang::Fr => table.what.0,
            Lang::En => table.what.1,
        };
        let line = fill(
            c.files_table,
            &[
                ("table", table.table),
                ("what", what),
                ("rows", &rows.to_string()),
            ],
        );
        items.push(format!("{SUB_ITEM}{line}"));
    }
    items.push(format!("{SUB_ITEM}{}", c.files_plans));
    items.extend(words(&[c.files_format, c.files_summary]));
    b.push(Block::List { items });
    b.push(para(c.files_units.to_string()));

    let org_line = if org.address.trim().is_empty() {
        String::new()
    } else {
        format!(" — {}, {}", org.name, org.address.trim())
    };
    Ok(Summary {
        lang,
        member_id: m.id,
        date: on,
        title: fill(c.title, &[("org", &org.name)]),
        subtitle: fill(
            c.subtitle,
            &[
                ("name", &m.display_name()),
                ("id", &m.id.to_string()),
                ("date", &day(on, lang)),
                ("org_line", &org_line),
            ],
        ),
        blocks: b,
    })
}
