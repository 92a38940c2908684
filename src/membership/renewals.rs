//! Renewals and reminders: whose membership ends soon (due), has just ended (in grace) or
//! has expired; the reminder for each, from editable French and English templates (table
//! `reminder_templates`), as text to copy and as a `mailto:` link; and the log of reminders
//! sent (table `reminders_sent`), so that nobody gets the same reminder twice for the same
//! membership period.

use crate::kernel::dates::{last_day_before, now_text};
use crate::kernel::error::{Error, Result};
use crate::kernel::field::Field;
use crate::kernel::ids::{MemberId, PlanId};
use crate::kernel::money::{display, Cents};
use crate::store::audit::Change;
use crate::store::db::Database;
use crate::Lang;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// How many days before its end a membership is due for renewal.
pub const DUE_WITHIN_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum RenewalState {
    /// ends within the next `DUE_WITHIN_DAYS` days
    Due,
    /// ended less than the association's `grace_days` ago
    Grace,
    /// ended longer ago
    Expired,
}

impl RenewalState {
    pub fn as_str(self) -> &'static str {
        match self {
            RenewalState::Due => "due",
            RenewalState::Grace => "grace",
            RenewalState::Expired => "expired",
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        match text.trim().to_lowercase().as_str() {
            "due" | "échéance" | "echeance" => Ok(RenewalState::Due),
            "grace" | "grâce" => Ok(RenewalState::Grace),
            "expired" | "expiré" | "expire" => Ok(RenewalState::Expired),
            _ => Err(Error::invalid(
                "type de relance",
                text,
                format!("« {text} » : due, grace ou expired"),
                format!("“{text}”: due, grace or expired"),
            )),
        }
    }
}

/// One member to remind.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Renewal {
    pub member_id: MemberId,
    pub member_name: String,
    pub email: String,
    pub lang: Lang,
    pub plan_id: PlanId,
    pub plan_name: String,
    /// the plan's price (suggested price for pay-what-you-want)
    pub plan_amount_cents: Cents,
    /// the end (excluded) of the member's latest fee period
    pub ends_before: NaiveDate,
    /// the last day covered
    pub last_day: NaiveDate,
    pub state: RenewalState,
    /// days until the end (due) or since it (grace, expired)
    pub days: i64,
    /// the first day the member is expired
    pub grace_ends: NaiveDate,
    /// when the reminder for this state and period was sent, if it was
    pub reminded_on: Option<NaiveDate>,
    /// how it went out (mail, mailto, copy, other), if it did
    pub reminded_by: Option<Channel>,
}

/// Members due, in grace or expired on `today` (all three when `state` is `None`), by end
/// date. A member who has already renewed (a later period, even not started yet) is not due.
/// Members who never paid a fee are not listed.
pub fn list(
    conn: &Connection,
    today: NaiveDate,
    state: Option<RenewalState>,
) -> Result<Vec<Renewal>> {
    Ok(page(conn, today, state, 0, None)?.rows)
}

/// A page of the renewals list, with how many rows the whole list has.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RenewalsPage {
    /// rows in the whole list (of this state, or all three), not only this page
    pub total: i64,
    pub rows: Vec<Renewal>,
}

/// How many members each state holds today.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct StateCounts {
    pub due: i64,
    pub grace: i64,
    pub expired: i64,
}

/// The range of `members.fee_paid_until` (exclusive start, inclusive end, as text) that holds
/// the members of `state` today (of all three when `None`). `members.fee_paid_until` is the
/// end of the latest fee period, started or not (kept by triggers, migration 0009): each state
/// is exactly a range of its index, in end order, so counts, offsets and limits are all done
/// by SQLite on that range.
fn state_range(today: NaiveDate, grace_days: i64, state: Option<RenewalState>) -> (String, String) {
    let cutoff = today - chrono::Duration::days(grace_days);
    let due_until = today + chrono::Duration::days(DUE_WITHIN_DAYS);
    let (from, to) = match state {
        Some(RenewalState::Due) => (Some(today), due_until),
        Some(RenewalState::Grace) => (Some(cutoff), today),
        Some(RenewalState::Expired) => (None, cutoff),
        // ending later than the due window: not to renew yet
        None => (None, due_until),
    };
    (
        from.map(|d| d.to_string()).unwrap_or_default(),
        to.to_string(),
    )
}

/// The members of each state today: three index counts, so the Renewals screen's filters can
/// show them while it holds only one page (a few milliseconds on 50,000 members).
pub fn counts(conn: &Connection, today: NaiveDate) -> Result<StateCounts> {
    let grace_days = crate::store::settings::organisation_of(conn)?.grace_days;
    let mut stmt = conn.prepare_cached(
        "SELECT count(*) FROM members WHERE fee_paid_until > ?1 AND fee_paid_until <= ?2",
    )?;
    let mut count = |state| -> Result<i64> {
        let (from, to) = state_range(today, grace_days, Some(state));
        Ok(stmt.query_row(params![from, to], |r| r.get(0))?)
    };
    Ok(StateCounts {
        due: count(RenewalState::Due)?,
        grace: count(RenewalState::Grace)?,
        expired: count(RenewalState::Expired)?,
    })
}

/// The `limit` rows of `list` after the first `offset` (all of them when `limit` is `None`),
/// and the list's total. Both read only a range of the `members_fee_paid_until` index, so a
/// page costs the same on 50,000 members as on 300 (issue 22).
pub fn page(
    conn: &Connection,
    today: NaiveDate,
    state: Option<RenewalState>,
    offset: i64,
    limit: Option<i64>,
) -> Result<RenewalsPage> {
    page_for(conn, today, state, None, offset, limit)
}

/// `page`, only `member`'s row when a member is given (the list opened from a member's page:
/// that row, wherever it falls in the whole list).
pub fn page_for(
    conn: &Connection,
    today: NaiveDate,
    state: Option<RenewalState>,
    member: Option<MemberId>,
    offset: i64,
    limit: Option<i64>,
) -> Result<RenewalsPage> {
    let grace_days = crate::store::settings::organisation_of(conn)?.grace_days;
    let (from, to) = state_range(today, grace_days, state);
    let member = member.map(|m| m.0);
    let total: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM members WHERE fee_paid_until > ?1 AND fee_paid_until <= ?2
               AND (?3 IS NULL OR id = ?3)",
        )?
        .query_row(params![from, to, member], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.kind, m.first_name, m.last_name, m.org_name, m.email, m.lang,
                p.id, p.name, p.amount_cents, s.ends_before,
                (SELECT r.sent_on || ' ' || r.channel FROM reminders_sent r WHERE r.member_id = m.id
                   AND r.period_end = s.ends_before AND r.kind = ?1) AS due_sent,
                (SELECT r.sent_on || ' ' || r.channel FROM reminders_sent r WHERE r.member_id = m.id
                   AND r.period_end = s.ends_before AND r.kind = ?2) AS grace_sent,
                (SELECT r.sent_on || ' ' || r.channel FROM reminders_sent r WHERE r.member_id = m.id
                   AND r.period_end = s.ends_before AND r.kind = ?3) AS expired_sent
         -- the page is picked on the index alone: OFFSET then skips index entries, never
         -- rows whose subqueries were already run (a page at 40,000: ~120 ms → ~4 ms)
         FROM (SELECT id FROM members
               WHERE fee_paid_until > ?4 AND fee_paid_until <= ?5 AND (?8 IS NULL OR id = ?8)
               ORDER BY fee_paid_until, id LIMIT ?6 OFFSET ?7) AS picked
         JOIN members m ON m.id = picked.id
         JOIN subscriptions s
           ON s.id = (SELECT s2.id FROM subscriptions s2 JOIN plans p2 ON p2.id = s2.plan_id
                      -- `+`: by the member's periods, never by every period ending that day
                      WHERE s2.member_id = m.id AND p2.kind = 'fee'
                        AND +s2.ends_before = m.fee_paid_until
                      ORDER BY s2.id DESC LIMIT 1)
         JOIN plans p ON p.id = s.plan_id
         ORDER BY m.fee_paid_until, m.id",
    )?;
    // SQLite: a negative LIMIT means no limit
    let limit = limit.map(|l| l.max(0)).unwrap_or(-1);
    let rows = stmt.query_map(
        params![
            "due",
            "grace",
            "expired",
            from,
            to,
            limit,
            offset.max(0),
            member
        ],
        |r| {
            let kind: String = r.get(1)?;
            let first: String = r.get(2)?;
            let last: String = r.get(3)?;
            let org: String = r.get(4)?;
            let name = if kind == "organisation" {
                org
            } else {
                format!("{first} {last}").trim().to_string()
            };
            let lang: String = r.get(6)?;
            let end: String = r.get(10)?;
            let sent: [Option<String>; 3] = [r.get(11)?, r.get(12)?, r.get(13)?];
            Ok((
                r.get::<_, MemberId>(0)?,
                name,
                r.get::<_, String>(5)?,
                lang,
                r.get::<_, PlanId>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, Cents>(9)?,
                end,
                sent,
            ))
        },
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (member_id, member_name, email, lang, plan_id, plan_name, amount, end, sent) = row?;
        let ends_before: NaiveDate = end.parse().unwrap_or_default();
        let grace_ends = ends_before + chrono::Duration::days(grace_days);
        // the SQL range already holds only the rows of `state` (or of the three)
        let row_state = if today < ends_before {
            RenewalState::Due
        } else if today < grace_ends {
            RenewalState::Grace
        } else {
            RenewalState::Expired
        };
        let days = (ends_before - today).num_days().abs();
        let sent_on = match row_state {
            RenewalState::Due => &sent[0],
            RenewalState::Grace => &sent[1],
            RenewalState::Expired => &sent[2],
        };
        out.push(Renewal {
            member_id,
            member_name,
            email,
            lang: lang.parse().unwrap_or_default(),
            plan_id,
            plan_name,
            plan_amount_cents: amount,
            ends_before,
            last_day: last_day_before(ends_before),
            state: row_state,
            days,
            grace_ends,
            reminded_on: sent_on
                .as_deref()
                .and_then(|d| d.split(' ').next()?.parse().ok()),
            reminded_by: sent_on
                .as_deref()
                .and_then(|d| Channel::parse(d.split(' ').nth(1)?).ok()),
        });
    }
    Ok(RenewalsPage { total, rows: out })
}

/// An editable reminder text.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Template {
    pub kind: RenewalState,
    pub lang: Lang,
    pub subject: String,
    /// placeholders: {name}, {association}, {plan}, {end}, {amount}, {days}, {grace_end}
    pub body: String,
}

pub const PLACEHOLDERS: &[&str] = &[
    "{name}",
    "{association}",
    "{plan}",
    "{end}",
    "{amount}",
    "{days}",
    "{grace_end}",
];

pub fn templates(conn: &Connection) -> Result<Vec<Template>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, lang, subject, body FROM reminder_templates
         ORDER BY CASE kind WHEN 'due' THEN 0 WHEN 'grace' THEN 1 ELSE 2 END, lang DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (kind, lang, subject, body) = row?;
        out.push(Template {
            kind: RenewalState::parse(&kind)?,
            lang: lang.parse().unwrap_or_default(),
            subject,
            body,
        });
    }
    Ok(out)
}

pub fn template(conn: &Connection, kind: RenewalState, lang: Lang) -> Result<Template> {
    let (subject, body): (String, String) = conn
        .query_row(
            "SELECT subject, body FROM reminder_templates WHERE kind = ?1 AND lang = ?2",
            params![kind.as_str(), lang.code()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| {
            Error::not_found(
                "modèle de relance",
                "reminder template",
                format!("{} {}", kind.as_str(), lang.code()),
            )
        })?;
    Ok(Template {
        kind,
        lang,
        subject,
        body,
    })
}

/// Changes a reminder text. Refuses an empty subject or body, and unknown `{placeholders}`.
pub fn set_template(db: &mut Database, t: &Template) -> Result<()> {
    for (field, text) in [(Field::Subject, &t.subject), (Field::Body, &t.body)] {
        if text.trim().is_empty() {
            return Err(Error::invalid(
                field,
                "",
                "le modèle ne peut pas être vide",
                "the template cannot be empty",
            ));
        }
        let mut rest = text.as_str();
        while let Some(i) = rest.find('{') {
            let after = &rest[i..];
            let end = after.find('}').map(|j| j + 1).unwrap_or(after.len());
            let word = &after[..end];
            if !PLACEHOLDERS.contains(&word) {
                return Err(Error::invalid(
                    field,
                    word,
                    format!(
                        "« {word} » n'est pas un champ connu ({})",
                        PLACEHOLDERS.join(", ")
                    ),
                    format!(
                        "“{word}” is not a known field ({})",
                        PLACEHOLDERS.join(", ")
                    ),
                ));
            }
            rest = &after[end..];
        }
    }
    db.write(|tx| {
        let before = template(tx, t.kind, t.lang).ok();
        tx.execute(
            "INSERT INTO reminder_templates (kind, lang, subject, body, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (kind, lang) DO UPDATE SET subject = excluded.subject,
                 body = excluded.body, updated_at = excluded.updated_at",
            params![
                t.kind.as_str(),
                t.lang.code(),
                t.subject,
                t.body,
                now_text()
            ],
        )?;
        let mut change = Change::new("set", "reminder_template", None).after(t);
        if let Some(b) = before {
            change = change.before(&b);
        }
        Ok(((), change))
    })
}

/// A reminder ready to send.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Reminder {
    pub member_id: MemberId,
    pub kind: RenewalState,
    /// the end (excluded) of the period it is about: with `kind`, what the log keys on
    pub period_end: NaiveDate,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// `mailto:` link opening the user's mail client with all of the above
    pub mailto: String,
    /// the whole text to copy into any mail program
    pub copy_text: String,
    /// set when this same reminder was already sent (do not send it again)
    pub already_sent_on: Option<NaiveDate>,
}

fn fill(text: &str, r: &Renewal, association: &str, lang: Lang) -> String {
    let date = |d: NaiveDate| match lang {
        Lang::Fr => d.format("%d/%m/%Y").to_string(),
        Lang::En => d.format("%-d %B %Y").to_string(),
    };
    text.replace("{name}", &r.member_name)
        .replace("{association}", association)
        .replace("{plan}", &r.plan_name)
        .replace("{end}", &date(r.last_day))
        .replace("{amount}", &display(r.plan_amount_cents, lang))
        .replace("{days}", &r.days.to_string())
        .replace("{grace_end}", &date(last_day_before(r.grace_ends)))
}

/// RFC 6068: everything but unreserved characters percent-encoded, line breaks as CRLF.
fn mailto_encode(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\n', "\r\n");
    crate::kernel::text::percent_encode(&text)
}

/// The reminder a member should get on `today` (in their language), or an error if their
/// membership is neither due, in grace nor expired.
pub fn reminder(conn: &Connection, member: MemberId, today: NaiveDate) -> Result<Reminder> {
    let r = list(conn, today, None)?
        .into_iter()
        .find(|r| r.member_id == member)
        .ok_or_else(|| {
            Error::refused(
                format!("le membre {member} n'a pas d'adhésion à renouveler aujourd'hui"),
                format!("member {member} has no membership to renew today"),
            )
        })?;
    let org = crate::store::settings::organisation_of(conn)?;
    let t = template(conn, r.state, r.lang)?;
    let subject = fill(&t.subject, &r, &org.name, r.lang);
    let body = fill(&t.body, &r, &org.name, r.lang);
    let mailto = format!(
        "mailto:{}?subject={}&body={}",
        mailto_encode(&r.email).replace("%40", "@"),
        mailto_encode(&subject),
        mailto_encode(&body)
    );
    let copy_text = match r.lang {
        Lang::Fr => format!("À : {}\nObjet : {subject}\n\n{body}\n", r.email),
        Lang::En => format!("To: {}\nSubject: {subject}\n\n{body}\n", r.email),
    };
    Ok(Reminder {
        member_id: r.member_id,
        kind: r.state,
        period_end: r.ends_before,
        to: r.email.clone(),
        subject,
        body,
        mailto,
        copy_text,
        already_sent_on: r.reminded_on,
    })
}

/// The reminders not sent yet on `today` (of one state, or all), ready to send one by one.
pub fn pending(
    conn: &Connection,
    today: NaiveDate,
    state: Option<RenewalState>,
) -> Result<Vec<Reminder>> {
    list(conn, today, state)?
        .into_iter()
        .filter(|r| r.reminded_on.is_none() && !r.email.trim().is_empty())
        .map(|r| reminder(conn, r.member_id, today))
        .collect()
}

/// How a reminder went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// sent by Panier itself through the association's SMTP server (recorded only once the
    /// server accepted it: see `bridges::mail`)
    Mail,
    Mailto,
    Copy,
    Other,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Mail => "mail",
            Channel::Mailto => "mailto",
            Channel::Copy => "copy",
            Channel::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        match text.trim().to_lowercase().as_str() {
            "mail" | "smtp" => Ok(Channel::Mail),
            "mailto" => Ok(Channel::Mailto),
            "copy" | "copie" => Ok(Channel::Copy),
            "other" | "autre" => Ok(Channel::Other),
            _ => Err(Error::invalid(
                "canal",
                text,
                format!("« {text} » : mail, mailto, copy ou other"),
                format!("“{text}”: mail, mailto, copy or other"),
            )),
        }
    }
}

/// A line of the log.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SentReminder {
    pub id: i64,
    pub member_id: MemberId,
    pub kind: RenewalState,
    pub period_end: NaiveDate,
    pub member_email: String,
    pub channel: Channel,
    pub sent_on: NaiveDate,
}

/// Logs that the reminder `member` should get today was sent; refuses if that same reminder
/// (member, kind, period) is already in the log.
pub fn mark_sent(
    db: &mut Database,
    member: MemberId,
    channel: Channel,
    today: NaiveDate,
) -> Result<SentReminder> {
    let r = reminder(db.conn(), member, today)?;
    if let Some(on) = r.already_sent_on {
        let last = last_day_before(r.period_end);
        return Err(Error::refused(
            format!(
                "cette relance ({}) a déjà été envoyée le {} à {} pour l'adhésion finissant le {}",
                r.kind.as_str(),
                on.format("%d/%m/%Y"),
                r.to,
                last.format("%d/%m/%Y")
            ),
            format!(
                "this reminder ({}) was already sent on {on} to {} for the membership ending {last}",
                r.kind.as_str(),
                r.to,
            ),
        ));
    }
    db.write(|tx| {
        let sent = record_sent(tx, &r, channel, today)?;
        let change = Change::new("remind", "reminder", Some(sent.id))
            .member(member)
            .after(&sent);
        Ok((sent, change))
    })
}

/// Inserts the log line of `reminder` inside the caller's transaction (which writes the
/// audit row): `mark_sent`, and the mail run right after the server accepted the message.
pub fn record_sent(
    tx: &Connection,
    reminder: &Reminder,
    channel: Channel,
    today: NaiveDate,
) -> Result<SentReminder> {
    tx.execute(
        "INSERT INTO reminders_sent (member_id, kind, period_end, member_email, channel,
             sent_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            reminder.member_id,
            reminder.kind.as_str(),
            reminder.period_end.to_string(),
            reminder.to,
            channel.as_str(),
            today.to_string(),
            now_text()
        ],
    )?;
    Ok(SentReminder {
        id: tx.last_insert_rowid(),
        member_id: reminder.member_id,
        kind: reminder.kind,
        period_end: reminder.period_end,
        member_email: reminder.to.clone(),
        channel,
        sent_on: today,
    })
}

/// The reminders sent to a member, latest first.
pub fn sent_to(conn: &Connection, member: MemberId) -> Result<Vec<SentReminder>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, member_id, kind, period_end, member_email, channel, sent_on
         FROM reminders_sent WHERE member_id = ?1 ORDER BY sent_on DESC, id DESC",
    )?;
    let rows = stmt.query_map([member], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, MemberId>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, member_id, kind, end, email, channel, sent) = row?;
        out.push(SentReminder {
            id,
            member_id,
            kind: RenewalState::parse(&kind)?,
            period_end: end.parse().unwrap_or_default(),
            member_email: email,
            channel: Channel::parse(&channel)?,
            sent_on: sent.parse().unwrap_or_default(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailto_encoding_follows_rfc_6068() {
        assert_eq!(mailto_encode("a b\né&?"), "a%20b%0D%0A%C3%A9%26%3F");
    }
}
