//! The Renewals screen: who is due, in grace or expired, the reminder each should get (from
//! the editable templates), its log, and opening a `mailto:` link in the mail app. Recording
//! the renewal itself goes through `money_preview_payment` then `money_record_payment`.

use super::money::with_form;
use crate::form::FormError;
use crate::session::Session;
use panier::kernel::dates::today;
use panier::kernel::ids::MemberId;
use panier::membership::renewals::{self, Channel, RenewalState, Template};
use panier::Lang;
use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RenewalRow {
    #[ts(type = "number")]
    pub member_id: i64,
    pub member_name: String,
    pub email: String,
    #[ts(type = "number")]
    pub plan_id: i64,
    pub plan_name: String,
    #[ts(type = "number")]
    pub plan_amount_cents: i64,
    /// the last day covered, YYYY-MM-DD
    pub last_day: String,
    /// "due", "grace" or "expired"
    pub state: String,
    /// days until the end (due) or since it (grace, expired)
    #[ts(type = "number")]
    pub days: i64,
    pub reminded_on: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RenewalsView {
    pub today: String,
    pub rows: Vec<RenewalRow>,
    /// rows in the whole list (more than `rows` when a page was asked for)
    #[ts(type = "number")]
    pub total: i64,
}

/// Everyone due, in grace or expired today (or only `state`: "due", "grace" or "expired"), by
/// end date; with `limit`, only that many rows after the first `offset` (a page on a large
/// association), the total counted either way.
#[tauri::command]
pub async fn renewals_list(
    session: State<'_, Session>,
    state: Option<String>,
    offset: Option<i64>,
    limit: Option<i64>,
) -> Result<RenewalsView, String> {
    session.with_database(|db| {
        let today = today();
        let state = state.as_deref().map(RenewalState::parse).transpose()?;
        let page = renewals::page(db.conn(), today, state, offset.unwrap_or(0), limit)?;
        let rows = page
            .rows
            .into_iter()
            .map(|r| RenewalRow {
                member_id: r.member_id.0,
                member_name: r.member_name,
                email: r.email,
                plan_id: r.plan_id.0,
                plan_name: r.plan_name,
                plan_amount_cents: r.plan_amount_cents,
                last_day: r.last_day.to_string(),
                state: r.state.as_str().into(),
                days: r.days,
                reminded_on: r.reminded_on.map(|d| d.to_string()),
            })
            .collect();
        Ok(RenewalsView {
            today: today.to_string(),
            rows,
            total: page.total,
        })
    })
}

/// A reminder ready to send.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReminderView {
    #[ts(type = "number")]
    pub member_id: i64,
    pub kind: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub mailto: String,
    pub copy_text: String,
    pub already_sent_on: Option<String>,
}

#[tauri::command]
pub async fn renewal_reminder(
    session: State<'_, Session>,
    member: i64,
) -> Result<ReminderView, String> {
    session.with_database(|db| {
        let r = renewals::reminder(db.conn(), MemberId(member), today())?;
        Ok(ReminderView {
            member_id: r.member_id.0,
            kind: r.kind.as_str().into(),
            to: r.to,
            subject: r.subject,
            body: r.body,
            mailto: r.mailto,
            copy_text: r.copy_text,
            already_sent_on: r.already_sent_on.map(|d| d.to_string()),
        })
    })
}

/// Logs that the member's reminder went out (`channel`: mailto, copy, other); the core
/// refuses the same reminder twice. Returns the day logged.
#[tauri::command]
pub async fn renewal_mark_sent(
    session: State<'_, Session>,
    member: i64,
    channel: String,
) -> Result<String, String> {
    session.with_database(|db| {
        let channel = Channel::parse(&channel)?;
        let sent = renewals::mark_sent(db, MemberId(member), channel, today())?;
        Ok(sent.sent_on.to_string())
    })
}

/// A reminder text as the editor shows it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateText {
    /// "due", "grace" or "expired"
    pub kind: String,
    /// "fr" or "en"
    pub lang: String,
    pub subject: String,
    pub body: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplatesView {
    pub templates: Vec<TemplateText>,
    /// the `{fields}` a template may use
    pub placeholders: Vec<String>,
}

#[tauri::command]
pub async fn renewal_templates(session: State<'_, Session>) -> Result<TemplatesView, String> {
    session.with_database(|db| {
        Ok(TemplatesView {
            templates: renewals::templates(db.conn())?
                .into_iter()
                .map(|t| TemplateText {
                    kind: t.kind.as_str().into(),
                    lang: t.lang.code().into(),
                    subject: t.subject,
                    body: t.body,
                })
                .collect(),
            placeholders: renewals::PLACEHOLDERS
                .iter()
                .map(|p| p.to_string())
                .collect(),
        })
    })
}

#[tauri::command]
pub async fn renewal_set_template(
    session: State<'_, Session>,
    template: TemplateText,
) -> Result<(), FormError> {
    with_form(&session, |db| {
        let lang: Lang = template
            .lang
            .parse()
            .map_err(|_| panier::Error::invalid("lang", &template.lang, "fr ou en", "fr or en"))?;
        renewals::set_template(
            db,
            &Template {
                kind: RenewalState::parse(&template.kind)?,
                lang,
                subject: template.subject.clone(),
                body: template.body.clone(),
            },
        )
    })
}

/// Whether `url` is a `mailto:` link and nothing else could ride along (no control
/// characters, no other scheme): the only kind of URL the window may hand to the desktop.
pub fn is_plain_mailto(url: &str) -> bool {
    url.starts_with("mailto:") && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// Opens a reminder's `mailto:` link in the person's mail app (`xdg-open`); refuses any
/// other URL, so the window cannot make the shell open a web page or a file.
#[tauri::command]
pub async fn open_mailto(session: State<'_, Session>, url: String) -> Result<(), String> {
    if !is_plain_mailto(&url) {
        return Err(session.message(&panier::Error::refused(
            "seuls les liens mailto: peuvent être ouverts",
            "only mailto: links can be opened",
        )));
    }
    std::process::Command::new("xdg-open")
        .arg(&url)
        .spawn()
        .map(drop)
        .map_err(|e| {
            session.message(&panier::Error::refused(
                format!("impossible d'ouvrir la messagerie (xdg-open) : {e}"),
                format!("cannot open the mail app (xdg-open): {e}"),
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::is_plain_mailto;

    #[test]
    fn only_mailto_links_may_be_opened() {
        assert!(is_plain_mailto(
            "mailto:a@b.fr?subject=Hello%20you&body=x%0D%0Ay"
        ));
        assert!(!is_plain_mailto("https://example.org"));
        assert!(!is_plain_mailto("file:///etc/passwd"));
        assert!(!is_plain_mailto("MAILTO:a@b.fr"));
        assert!(!is_plain_mailto("mailto:a@b.fr\n--help"));
        assert!(!is_plain_mailto("mailto:a@b.fr other"));
        assert!(!is_plain_mailto(" mailto:a@b.fr"));
    }
}
