//! Mail that goes out, through the association's own SMTP server: renewal reminders and
//! receipts, each logged once the server accepted it.
//!
//! - `server`: the settings (`mail_server`; the password in the secret store, never the file);
//! - `message`: one message with proper headers (RFC 2047 names and subject, Message-ID,
//!   `Auto-Submitted`), a plain-text body and the PDF attached;
//! - `courier`: the SMTP exchange (lettre on rustls, certificates always verified), paced,
//!   each outcome sorted accepted / refused for good (5xx) / to retry (4xx, lost connection);
//! - `log`: `mail_log`, written before each exchange and settled after it;
//! - `reminders`, `receipts`: the runs.

pub mod courier;
pub mod log;
pub mod message;
pub mod receipts;
pub mod reminders;
pub mod server;

pub use courier::{Courier, Delivery, SmtpCourier};
pub use server::{configure, server, MailServer, MailServerInput, TlsMode};

use crate::kernel::error::Result;
use crate::store::db::Database;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The courier for the configured server (with its password from the secret store).
pub fn courier(db: &Database) -> Result<SmtpCourier> {
    let (settings, password) = server::for_sending(db)?;
    SmtpCourier::new(&settings, password.as_deref())
}

/// The answer to "send me a test".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TestMail {
    pub to: String,
    pub message_id: String,
    pub delivery: Delivery,
}

/// Sends a short message to `to` (the treasurer's own address), logged like the others.
pub fn send_test(db: &mut Database, courier: &mut dyn Courier, to: &str) -> Result<TestMail> {
    let (settings, _) = server::for_sending(db)?;
    let org = crate::store::settings::organisation(db)?;
    let address = server::parse_mailbox(crate::kernel::field::Field::Email, to)?;
    let draft = message::Draft {
        to_name: address.name.clone().unwrap_or_default(),
        to_address: address.email.to_string(),
        subject: format!("Panier : message d'essai / test message ({})", org.name),
        body: format!(
            "Ce message d'essai vient de Panier ({}) : l'envoi par {}:{} fonctionne.\n\nThis test message comes from Panier ({}): sending through {}:{} works.\n",
            org.name, settings.host, settings.port, org.name, settings.host, settings.port
        ),
        attachment_name: None,
        attachment: None,
    };
    let id = message::message_id(&server::parse_mailbox("from", &settings.from)?);
    let built = message::build(&settings, &draft, &id)?;
    courier.check()?;
    let delivery = log::send_logged(db, courier, log::Purpose::Test, None, &draft, (&id, &built))?;
    Ok(TestMail {
        to: draft.to_address,
        message_id: id,
        delivery,
    })
}
