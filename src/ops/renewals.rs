//! The Renewals screen's operations: who is due, in grace or expired, the reminder each
//! should get (from the editable templates) and its log. Recording the renewal itself is
//! `money_preview_payment` then `money_record_payment`; opening the mail app stays with the
//! desktop.

use super::{Access, Area, Operation};
use crate::kernel::dates::today;
use crate::kernel::error::{Error, Result};
use crate::kernel::ids::MemberId;
use crate::kernel::lang::Lang;
use crate::membership::renewals::{self, Channel, RenewalState, Template};
use crate::store::db::Database;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
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
    /// how: mail, mailto, copy, other
    pub reminded_by: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RenewalsView {
    pub today: String,
    pub rows: Vec<RenewalRow>,
    /// rows in the whole list (more than `rows` when a page was asked for)
    #[ts(type = "number")]
    pub total: i64,
    /// members in each state today, whatever the page and filters (the filters' figures)
    pub counts: RenewalCounts,
}

/// How many members are due, in grace and expired today.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RenewalCounts {
    #[ts(type = "number")]
    pub due: i64,
    #[ts(type = "number")]
    pub grace: i64,
    #[ts(type = "number")]
    pub expired: i64,
}

/// Which part of the list: every state or one ("due", "grace", "expired"), only one member's
/// row when `member` is given; with `limit`, only that many rows after the first `offset` (a
/// page on a large association).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct RenewalsPage {
    #[ts(type = "\"due\" | \"grace\" | \"expired\" | null")]
    pub state: Option<String>,
    #[ts(type = "number | null")]
    pub offset: Option<i64>,
    #[ts(type = "number | null")]
    pub limit: Option<i64>,
    #[ts(type = "number | null")]
    pub member: Option<i64>,
}

/// Who is due, in grace or expired today, by end date, a page of it with the list's total.
pub struct List;

impl Operation for List {
    const NAME: &'static str = "renewals_list";
    const ACCESS: Access = Access::Read(Area::Renewals);
    type Request = RenewalsPage;
    type Response = RenewalsView;

    fn run(db: &mut Database, asked: RenewalsPage) -> Result<RenewalsView> {
        let today = today();
        let state = asked
            .state
            .as_deref()
            .map(RenewalState::parse)
            .transpose()?;
        let page = renewals::page_for(
            db.conn(),
            today,
            state,
            asked.member.map(MemberId),
            asked.offset.unwrap_or(0),
            asked.limit,
        )?;
        let counts = renewals::counts(db.conn(), today)?;
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
                reminded_by: r.reminded_by.map(|c| c.as_str().to_string()),
            })
            .collect();
        Ok(RenewalsView {
            today: today.to_string(),
            rows,
            total: page.total,
            counts: RenewalCounts {
                due: counts.due,
                grace: counts.grace,
                expired: counts.expired,
            },
        })
    }
}

/// Whose reminder.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
pub struct ReminderFor {
    pub member: i64,
}

/// A reminder ready to send.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
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

/// The reminder a member should get today, from the templates (nothing is sent).
pub struct Reminder;

impl Operation for Reminder {
    const NAME: &'static str = "renewal_reminder";
    const ACCESS: Access = Access::Read(Area::Renewals);
    type Request = ReminderFor;
    type Response = ReminderView;

    fn run(db: &mut Database, asked: ReminderFor) -> Result<ReminderView> {
        let r = renewals::reminder(db.conn(), MemberId(asked.member), today())?;
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
    }
}

/// A reminder sent by hand, and how.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ReminderSent {
    pub member: i64,
    /// as `Channel::parse` reads it (email, post…)
    pub channel: String,
}

/// Records that a member's reminder was sent today; answers the day.
pub struct MarkSent;

impl Operation for MarkSent {
    const NAME: &'static str = "renewal_mark_sent";
    const ACCESS: Access = Access::Write(Area::Renewals);
    type Request = ReminderSent;
    type Response = String;

    fn run(db: &mut Database, sent: ReminderSent) -> Result<String> {
        let channel = Channel::parse(&sent.channel)?;
        let sent = renewals::mark_sent(db, MemberId(sent.member), channel, today())?;
        Ok(sent.sent_on.to_string())
    }
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

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplatesView {
    pub templates: Vec<TemplateText>,
    /// the `{fields}` a template may use
    pub placeholders: Vec<String>,
}

/// The reminder templates, with the placeholders they may hold.
pub struct Templates;

impl Operation for Templates {
    const NAME: &'static str = "renewal_templates";
    const ACCESS: Access = Access::Read(Area::Renewals);
    type Request = ();
    type Response = TemplatesView;

    fn run(db: &mut Database, _: ()) -> Result<TemplatesView> {
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
    }
}

/// Which template, in which language, with its new text.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct TemplateChange {
    pub template: TemplateText,
}

/// Saves a reminder template.
pub struct SetTemplate;

impl Operation for SetTemplate {
    const NAME: &'static str = "renewal_set_template";
    const ACCESS: Access = Access::Write(Area::Renewals);
    type Request = TemplateChange;
    type Response = ();

    fn run(db: &mut Database, change: TemplateChange) -> Result<()> {
        let template = change.template;
        let lang: Lang = template
            .lang
            .parse()
            .map_err(|_| Error::invalid("lang", &template.lang, "fr ou en", "fr or en"))?;
        renewals::set_template(
            db,
            &Template {
                kind: RenewalState::parse(&template.kind)?,
                lang,
                subject: template.subject,
                body: template.body,
            },
        )
    }
}
