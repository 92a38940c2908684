//! Receipts by mail: the PDF of an attestation or a tax receipt sent to its member, logged in
//! `mail_log` (purpose `receipt`) once the server accepted it. The year's summaries: every
//! donor with an email gets theirs, the others are listed to print; a summary already mailed
//! is not sent (nor reprinted) again.

use super::courier::{Courier, Delivery};
use super::log::{self, Purpose};
use super::message::{self, Draft};
use super::server::{self, MailServer};
use crate::books::receipts::{self, PrintedReceipt, ReceiptKind};
use crate::kernel::error::{Error, Result};
use crate::kernel::ids::MemberId;
use crate::people::members::{self, Member};
use crate::store::db::Database;
use crate::store::output::Replace;
use crate::Lang;
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// One receipt's fate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptMail {
    #[ts(type = "number")]
    pub receipt_id: i64,
    pub reference: String,
    #[ts(type = "number")]
    pub member_id: MemberId,
    pub name: String,
    /// '' when the member has no email (to print)
    pub email: String,
    /// where the PDF is
    #[ts(type = "string")]
    pub file: PathBuf,
    pub message_id: String,
    /// None: not sent (no email, or already sent by an earlier run)
    pub delivery: Option<Delivery>,
    /// already_sent, no_email, or ''
    pub note: String,
}

/// The member a receipt is for, refused without an email (print it instead).
fn member_with_email(db: &Database, member: MemberId) -> Result<Member> {
    let m = members::get(db.conn(), member)?;
    if m.email.trim().is_empty() {
        return Err(Error::refused(
            format!(
                "{} n'a pas d'adresse de courriel : imprimez le reçu (sans --send)",
                m.display_name()
            ),
            format!(
                "{} has no email address: print the receipt (without --send)",
                m.display_name()
            ),
        ));
    }
    Ok(m)
}

fn draft(org_name: &str, m: &Member, printed: &PrintedReceipt) -> Draft {
    let r = &printed.receipt;
    let lang = m.lang;
    let what = match (r.kind, r.summary, lang) {
        (ReceiptKind::Attestation, _, Lang::Fr) => "votre attestation de cotisation",
        (ReceiptKind::Attestation, _, Lang::En) => "your membership fee certificate",
        (ReceiptKind::Tax, false, Lang::Fr) => "votre reçu fiscal",
        (ReceiptKind::Tax, false, Lang::En) => "your tax receipt",
        (ReceiptKind::Tax, true, Lang::Fr) => "votre reçu fiscal récapitulatif",
        (ReceiptKind::Tax, true, Lang::En) => "your yearly tax receipt",
    };
    let subject = match lang {
        Lang::Fr => format!("{org_name} : {what} n° {}", r.reference),
        Lang::En => format!("{org_name}: {what} no. {}", r.reference),
    };
    let body = match lang {
        Lang::Fr => format!(
            "Bonjour {},\n\nVous trouverez ci-joint {what} n° {} (PDF).\n\nMerci de votre soutien,\n{org_name}\n",
            m.display_name(),
            r.reference
        ),
        Lang::En => format!(
            "Hello {},\n\nPlease find attached {what} no. {} (PDF).\n\nThank you for your support,\n{org_name}\n",
            m.display_name(),
            r.reference
        ),
    };
    Draft {
        to_name: m.display_name(),
        to_address: m.email.trim().to_string(),
        subject,
        body,
        attachment_name: Some(printed.file_name.clone()),
        attachment: Some(printed.pdf.clone()),
    }
}

/// Sends one printed receipt to its member and logs the outcome.
fn send_printed(
    db: &mut Database,
    courier: &mut dyn Courier,
    settings: &MailServer,
    m: &Member,
    printed: &PrintedReceipt,
) -> Result<ReceiptMail> {
    let org = crate::store::settings::organisation(db)?;
    let draft = draft(&org.name, m, printed);
    let id = message::message_id(&server::parse_mailbox("from", &settings.from)?);
    let built = message::build(settings, &draft, &id)?;
    let delivery = log::send_logged(
        db,
        courier,
        Purpose::Receipt(printed.receipt.id),
        Some(m.id),
        &draft,
        (&id, &built),
    )?;
    Ok(ReceiptMail {
        receipt_id: printed.receipt.id,
        reference: printed.receipt.reference.clone(),
        member_id: m.id,
        name: m.display_name(),
        email: draft.to_address,
        file: printed.path.clone(),
        message_id: id,
        delivery: Some(delivery),
        note: String::new(),
    })
}

/// Prints the receipt of one entry into `out` (as `panier receipt` does) and mails it to its
/// member. Refused before printing when the member has no email.
pub fn send_for_entry(
    db: &mut Database,
    courier: &mut dyn Courier,
    entry: crate::kernel::ids::EntryId,
    kind: ReceiptKind,
    today: NaiveDate,
    out: &Path,
    replace: Replace,
) -> Result<ReceiptMail> {
    let (settings, _) = server::for_sending(db)?;
    let member = crate::books::ledger::get(db.conn(), entry)?
        .member_id
        .ok_or_else(|| {
            Error::refused(
                format!("l'écriture {entry} n'a pas de membre : personne à qui l'envoyer"),
                format!("entry {entry} has no member: nobody to send it to"),
            )
        })?;
    let m = member_with_email(db, member)?;
    courier.check()?;
    let printed = receipts::print_for_entry(db, entry, kind, today, out, replace)?;
    send_printed(db, courier, &settings, &m, &printed)
}

/// The year's summary tax receipts, printed into `folder` and mailed to every donor with an
/// email; donors without one are listed (their PDF is in the folder, to print). A summary
/// mailed by an earlier run is left alone; one printed but not mailed is sent from its file.
pub fn send_yearly(
    db: &mut Database,
    courier: &mut dyn Courier,
    year: i32,
    today: NaiveDate,
    folder: &Path,
    replace: Replace,
    progress: &mut dyn FnMut(usize, usize, &ReceiptMail),
) -> Result<Vec<ReceiptMail>> {
    let (settings, _) = server::for_sending(db)?;
    let donors = receipts::donors_of_year(db.conn(), year)?;
    let mut checked = false;
    let mut out = Vec::new();
    let total = donors.len();
    for (index, member_id) in donors.into_iter().enumerate() {
        let gifts = receipts::gifts_of_year(db.conn(), member_id, year)?;
        let latest: Option<i64> = db
            .conn()
            .query_row(
                "SELECT id FROM receipts WHERE member_id = ?1 AND summary = 1 AND gifts_year = ?2
                   AND cancelled_on IS NULL ORDER BY number DESC LIMIT 1",
                params![member_id, year],
                |r| r.get(0),
            )
            .optional()?;
        if gifts.is_empty() && latest.is_none() {
            continue;
        }
        let m = members::get(db.conn(), member_id)?;
        let mailed = match latest {
            Some(id) if gifts.is_empty() => log::receipt_mailed(db.conn(), id)?,
            _ => false,
        };
        let outcome = if mailed {
            let r = receipts::get(db.conn(), latest.expect("mailed implies one"))?;
            ReceiptMail {
                receipt_id: r.id,
                reference: r.reference.clone(),
                member_id,
                name: m.display_name(),
                email: m.email.clone(),
                file: folder.join(receipts::file_name(&r)),
                message_id: String::new(),
                delivery: None,
                note: "already_sent".into(),
            }
        } else {
            // printed but never mailed: its file, as first written (no DUPLICATA)
            let kept = match latest {
                Some(id) if gifts.is_empty() => {
                    let r = receipts::get(db.conn(), id)?;
                    let path = folder.join(receipts::file_name(&r));
                    std::fs::read(&path).ok().map(|pdf| PrintedReceipt {
                        file_name: receipts::file_name(&r),
                        receipt: r,
                        duplicata: false,
                        path,
                        pdf,
                    })
                }
                _ => None,
            };
            let printed = match kept {
                Some(p) => p,
                None => receipts::print_yearly(db, member_id, year, today, folder, replace)?,
            };
            if m.email.trim().is_empty() {
                ReceiptMail {
                    receipt_id: printed.receipt.id,
                    reference: printed.receipt.reference.clone(),
                    member_id,
                    name: m.display_name(),
                    email: String::new(),
                    file: printed.path.clone(),
                    message_id: String::new(),
                    delivery: None,
                    note: "no_email".into(),
                }
            } else {
                if !checked {
                    courier.check()?;
                    checked = true;
                }
                send_printed(db, courier, &settings, &m, &printed)?
            }
        };
        progress(index + 1, total, &outcome);
        out.push(outcome);
    }
    Ok(out)
}
