//! Mail that goes out: the SMTP server's settings and test (Settings), the reminders' plan,
//! run and log (Renewals). The receipts' mail is in the CLI (`panier receipt … --send`)
//! since it writes the PDFs to files the association keeps.

use super::{Access, Area, Operation};
use crate::bridges::mail::log::{self, LogLine};
use crate::bridges::mail::reminders::{self, Batch, ReminderPlan, ReminderRun};
use crate::bridges::mail::{self, MailServer, MailServerInput, TestMail};
use crate::kernel::dates::{parse_date, today};
use crate::kernel::error::Result;
use crate::kernel::field::Field;
use crate::kernel::ids::MemberId;
use crate::membership::renewals::RenewalState;
use crate::store::db::Database;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The server's settings (never the password: whether one is kept).
pub struct MailShow;

impl Operation for MailShow {
    const NAME: &'static str = "mail_show";
    const ACCESS: Access = Access::Read(Area::Settings);
    type Request = ();
    type Response = Option<MailServer>;

    fn run(db: &mut Database, _: ()) -> Result<Option<MailServer>> {
        mail::server(db)
    }
}

#[derive(Debug, Clone, Deserialize, TS, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MailConfigureRequest {
    pub server: MailServerInput,
    /// None keeps the stored password; "" forgets it (a server without login)
    #[serde(default)]
    pub password: Option<String>,
}

/// Records the SMTP server (the password goes to the secret store, never the file).
pub struct MailConfigure;

impl Operation for MailConfigure {
    const NAME: &'static str = "mail_configure";
    const ACCESS: Access = Access::Write(Area::Settings);
    type Request = MailConfigureRequest;
    type Response = MailServer;

    fn run(db: &mut Database, request: MailConfigureRequest) -> Result<MailServer> {
        mail::configure(db, &request.server, request.password.as_deref())
    }
}

#[derive(Debug, Clone, Deserialize, TS, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MailTestRequest {
    pub to: String,
}

/// "Send me a test": one short message through the configured server.
pub struct MailTest;

impl Operation for MailTest {
    const NAME: &'static str = "mail_test";
    const ACCESS: Access = Access::Write(Area::Settings);
    type Request = MailTestRequest;
    type Response = TestMail;

    fn run(db: &mut Database, request: MailTestRequest) -> Result<TestMail> {
        let mut courier = mail::courier(db)?;
        mail::send_test(db, &mut courier, &request.to)
    }
}

/// Which reminders: a state (due, grace, expired; '' = all) as of a day ('' = today).
#[derive(Debug, Clone, Default, Deserialize, TS, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RemindersQuery {
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub date: String,
}

impl RemindersQuery {
    fn parse(&self) -> Result<(NaiveDate, Option<RenewalState>)> {
        let day = if self.date.trim().is_empty() {
            today()
        } else {
            parse_date(Field::Date, &self.date)?
        };
        let state = if self.state.trim().is_empty() {
            None
        } else {
            Some(RenewalState::parse(&self.state)?)
        };
        Ok((day, state))
    }
}

/// What "Send the reminders" would send: the count, the first message, those left aside.
pub struct RemindersPlan;

impl Operation for RemindersPlan {
    const NAME: &'static str = "reminders_plan";
    const ACCESS: Access = Access::Read(Area::Renewals);
    type Request = RemindersQuery;
    type Response = ReminderPlan;

    fn run(db: &mut Database, query: RemindersQuery) -> Result<ReminderPlan> {
        let (day, state) = query.parse()?;
        reminders::plan(db, day, state)
    }
}

#[derive(Debug, Clone, Default, Deserialize, TS, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SendRemindersRequest {
    #[serde(flatten)]
    pub query: RemindersQuery,
    #[serde(flatten)]
    pub batch: Batch,
}

/// Sends the pending reminders by mail (all, or `limit` of them, leaving `skipMembers`).
pub struct SendReminders;

impl Operation for SendReminders {
    const NAME: &'static str = "reminders_send";
    const ACCESS: Access = Access::Write(Area::Renewals);
    type Request = SendRemindersRequest;
    type Response = ReminderRun;

    fn run(db: &mut Database, request: SendRemindersRequest) -> Result<ReminderRun> {
        let (day, state) = request.query.parse()?;
        let mut courier = mail::courier(db)?;
        reminders::send(
            db,
            &mut courier,
            day,
            state,
            &request.batch,
            &mut |_, _, _| {},
        )
    }
}

#[derive(Debug, Clone, Default, Deserialize, TS, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MailLogQuery {
    #[serde(default)]
    #[ts(type = "number | null")]
    pub member: Option<MemberId>,
}

/// The latest messages sent (or tried), newest first.
pub struct MailLog;

impl Operation for MailLog {
    const NAME: &'static str = "mail_log";
    const ACCESS: Access = Access::Read(Area::Renewals);
    type Request = MailLogQuery;
    type Response = Vec<LogLine>;

    fn run(db: &mut Database, query: MailLogQuery) -> Result<Vec<LogLine>> {
        log::lines(db.conn(), query.member, 200)
    }
}
