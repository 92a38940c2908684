//! Renewal reminders by mail: one message per member, in their language, from the editable
//! templates. Exactly once: the reminder is logged sent (channel `mail`) in the transaction
//! that records the server's acceptance; refused for good (5xx) → reported and not tried
//! again for that address; 4xx or a lost connection → tried again on the next run. A message
//! whose fate is unknown (Panier stopped during the exchange) is reported, never re-sent.

use super::courier::{Courier, Delivery};
use super::log::{self, Purpose};
use super::message::{self, Draft};
use super::server::{self, MailServer};
use crate::kernel::error::Result;
use crate::kernel::ids::MemberId;
use crate::membership::renewals::{self, Channel, Reminder, RenewalState};
use crate::store::db::Database;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A member the run does not send to, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Skipped {
    #[ts(type = "number")]
    pub member_id: MemberId,
    pub name: String,
    pub email: String,
    /// no_email, refused_before (5xx on an earlier run, same address), uncertain (an earlier
    /// run stopped during the exchange: perhaps sent)
    pub why: String,
    pub detail: String,
}

/// What a run would send: the messages, and those left aside.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReminderPlan {
    #[serde(skip)]
    #[ts(skip)]
    pub to_send: Vec<(Reminder, String)>,
    #[ts(type = "number")]
    pub count: usize,
    /// the first message as its reader will see it (headers decoded, then the text)
    pub preview: Option<String>,
    pub skipped: Vec<Skipped>,
}

/// The outcome for one member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReminderOutcome {
    #[ts(type = "number")]
    pub member_id: MemberId,
    pub name: String,
    pub email: String,
    /// due, grace, expired
    pub kind: String,
    pub message_id: String,
    pub delivery: Delivery,
}

/// What a run did.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReminderRun {
    pub outcomes: Vec<ReminderOutcome>,
    pub skipped: Vec<Skipped>,
    #[ts(type = "number")]
    pub sent: usize,
    #[ts(type = "number")]
    pub refused: usize,
    #[ts(type = "number")]
    pub retry: usize,
}

/// A part of a run: the window sends a few at a time to show its progress, naming the
/// members it already tried (a 4xx stays pending: it must not come back in the same run).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Batch {
    #[serde(default)]
    #[ts(type = "number | null")]
    pub limit: Option<usize>,
    #[serde(default)]
    #[ts(type = "Array<number>")]
    pub skip_members: Vec<MemberId>,
}

/// The reminders a run on `today` would send (of one state, or all), and those it leaves.
pub fn plan(db: &Database, today: NaiveDate, state: Option<RenewalState>) -> Result<ReminderPlan> {
    let conn = db.conn();
    let mut to_send = Vec::new();
    let mut skipped = Vec::new();
    for r in renewals::list(conn, today, state)? {
        if r.reminded_on.is_some() {
            continue;
        }
        let skip = |why: &str, detail: String| Skipped {
            member_id: r.member_id,
            name: r.member_name.clone(),
            email: r.email.clone(),
            why: why.to_string(),
            detail,
        };
        if r.email.trim().is_empty() {
            skipped.push(skip("no_email", String::new()));
            continue;
        }
        match log::last_for_reminder(conn, r.member_id, r.state.as_str(), r.ends_before)? {
            Some((state, _, _)) if state == "sending" => {
                skipped.push(skip("uncertain", String::new()));
                continue;
            }
            Some((state, recipient, detail))
                if state == "refused" && recipient.eq_ignore_ascii_case(r.email.trim()) =>
            {
                skipped.push(skip("refused_before", detail));
                continue;
            }
            _ => {}
        }
        let reminder = renewals::reminder(conn, r.member_id, today)?;
        to_send.push((reminder, r.member_name));
    }
    let preview = match (to_send.first(), server::server(db)?) {
        (Some((reminder, name)), Some(settings)) => {
            let draft = draft_of(reminder, name);
            let id = message::message_id(&server::parse_mailbox("from", &settings.from)?);
            // built to be sure it can be, shown as a person reads it (not RFC 2047 encoded)
            message::build(&settings, &draft, &id)?;
            Some(message::readable(&settings, &draft))
        }
        (Some((reminder, _)), None) => Some(format!(
            "To: {}\nSubject: {}\n\n{}",
            reminder.to, reminder.subject, reminder.body
        )),
        _ => None,
    };
    Ok(ReminderPlan {
        count: to_send.len(),
        to_send,
        preview,
        skipped,
    })
}

fn draft_of(reminder: &Reminder, name: &str) -> Draft {
    Draft {
        to_name: name.to_string(),
        to_address: reminder.to.clone(),
        subject: reminder.subject.clone(),
        body: reminder.body.clone(),
        attachment_name: None,
        attachment: None,
    }
}

/// Sends the planned reminders through `courier`, one transaction before and one after each
/// message; `progress(done, total, outcome)` after each. Stops before anything when the
/// server refuses the connection or login.
pub fn send(
    db: &mut Database,
    courier: &mut dyn Courier,
    today: NaiveDate,
    state: Option<RenewalState>,
    batch: &Batch,
    progress: &mut dyn FnMut(usize, usize, &ReminderOutcome),
) -> Result<ReminderRun> {
    let (settings, _) = server::for_sending(db)?;
    let mut plan = plan(db, today, state)?;
    plan.to_send
        .retain(|(r, _)| !batch.skip_members.contains(&r.member_id));
    if let Some(limit) = batch.limit {
        plan.to_send.truncate(limit);
    }
    if !plan.to_send.is_empty() {
        courier.check()?;
    }
    let total = plan.to_send.len();
    let mut run = ReminderRun {
        outcomes: Vec::new(),
        skipped: plan.skipped,
        sent: 0,
        refused: 0,
        retry: 0,
    };
    for (reminder, name) in plan.to_send {
        let outcome = send_one(db, courier, &settings, &reminder, &name, today)?;
        match outcome.delivery {
            Delivery::Accepted => run.sent += 1,
            Delivery::Refused(_) => run.refused += 1,
            Delivery::Retry(_) => run.retry += 1,
        }
        progress(run.outcomes.len() + 1, total, &outcome);
        run.outcomes.push(outcome);
    }
    Ok(run)
}

fn send_one(
    db: &mut Database,
    courier: &mut dyn Courier,
    settings: &MailServer,
    reminder: &Reminder,
    name: &str,
    today: NaiveDate,
) -> Result<ReminderOutcome> {
    let draft = draft_of(reminder, name);
    let id = message::message_id(&server::parse_mailbox("from", &settings.from)?);
    let built = message::build(settings, &draft, &id)?;
    let purpose = Purpose::Reminder {
        kind: reminder.kind.as_str(),
        period_end: reminder.period_end,
    };
    let log_id = db.write(|tx| {
        log::start(
            tx,
            purpose,
            Some(reminder.member_id),
            &reminder.to,
            &reminder.subject,
            &id,
        )
    })?;
    let delivery = courier.deliver(&built);
    db.write(|tx| {
        let settled = log::settle(tx, log_id, &delivery)?;
        if delivery != Delivery::Accepted {
            return Ok(((), settled));
        }
        // the acceptance and the reminders' log in one transaction: the audit row is the
        // reminder's, naming the message
        let sent = renewals::record_sent(tx, reminder, Channel::Mail, today)?;
        let change = crate::store::audit::Change::new("remind", "reminder", Some(sent.id))
            .member(reminder.member_id)
            .after(&serde_json::json!({
                "reminder": sent, "message_id": id, "mail_log": log_id,
            }));
        Ok(((), change))
    })?;
    Ok(ReminderOutcome {
        member_id: reminder.member_id,
        name: name.to_string(),
        email: reminder.to.clone(),
        kind: reminder.kind.as_str().to_string(),
        message_id: id,
        delivery,
    })
}
