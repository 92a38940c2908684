//! Sending by mail from the command line: `remind --pending --send [--dry-run]`, and the
//! receipts' `--send`. Each message's outcome is printed as it comes (a run of 150 at 30 a
//! minute takes five minutes); the exit code is 1 when any was refused or left to retry.

use super::output::{self, Format};
use super::Context;
use chrono::NaiveDate;
use panier::bridges::mail::receipts::ReceiptMail;
use panier::bridges::mail::reminders::{self, Batch, Skipped};
use panier::bridges::mail::{self, Delivery};
use panier::membership::renewals::RenewalState;
use panier::{Database, Lang};

fn skipped_line(lang: Lang, s: &Skipped) -> String {
    let why = match (s.why.as_str(), lang) {
        ("no_email", Lang::Fr) => "pas d'adresse de courriel : à envoyer autrement".to_string(),
        ("no_email", Lang::En) => "no email address: send it another way".to_string(),
        ("refused_before", Lang::Fr) => format!("adresse refusée par le serveur lors d'un envoi précédent ({})", s.detail),
        ("refused_before", Lang::En) => format!("address refused by the server on an earlier run ({})", s.detail),
        ("uncertain", Lang::Fr) => "un envoi précédent s'est interrompu pendant l'échange : peut-être parti, vérifiez (panier mail log)".to_string(),
        ("uncertain", Lang::En) => "an earlier run stopped during the exchange: perhaps sent, check (panier mail log)".to_string(),
        _ => s.why.clone(),
    };
    format!("{} <{}> : {why}", s.name, s.email)
}

fn delivery_text(lang: Lang, d: &Delivery) -> String {
    match (d, lang) {
        (Delivery::Accepted, Lang::Fr) => "envoyé".into(),
        (Delivery::Accepted, Lang::En) => "sent".into(),
        (Delivery::Refused(why), Lang::Fr) => format!("REFUSÉ (définitif) : {why}"),
        (Delivery::Refused(why), Lang::En) => format!("REFUSED (for good): {why}"),
        (Delivery::Retry(why), Lang::Fr) => {
            format!("non parti, réessayé au prochain envoi : {why}")
        }
        (Delivery::Retry(why), Lang::En) => {
            format!("not taken, tried again on the next run: {why}")
        }
    }
}

/// `remind --pending --send [--dry-run]`.
pub fn reminders(
    ctx: &Context,
    db: &mut Database,
    today: NaiveDate,
    state: Option<RenewalState>,
    dry_run: bool,
    format: Format,
) -> anyhow::Result<()> {
    let lang = ctx.lang;
    if dry_run {
        let plan = reminders::plan(db, today, state)?;
        if format == Format::Json {
            return output::json(&plan);
        }
        println!(
            "{} {}",
            lang.count(
                plan.count as i64,
                ("relance", "relances"),
                ("reminder", "reminders")
            ),
            lang.pick("à envoyer.", "to send.")
        );
        for s in &plan.skipped {
            println!("- {}", skipped_line(lang, s));
        }
        if let Some(preview) = &plan.preview {
            println!(
                "\n{}\n{preview}",
                lang.pick("Premier message :", "First message:")
            );
        }
        return Ok(());
    }
    let mut courier = mail::courier(db)?;
    let run = reminders::send(
        db,
        &mut courier,
        today,
        state,
        &Batch::default(),
        &mut |done, total, o| {
            if format != Format::Json {
                println!(
                    "[{done}/{total}] {} <{}> : {}",
                    o.name,
                    o.email,
                    delivery_text(lang, &o.delivery)
                );
            }
        },
    )?;
    if format == Format::Json {
        output::json(&run)?;
    } else {
        for s in &run.skipped {
            println!("- {}", skipped_line(lang, s));
        }
        println!(
            "{} {}, {} {}, {} {}.",
            run.sent,
            lang.pick(
                Lang::Fr.agree(run.sent as i64, "envoyée", "envoyées"),
                "sent"
            ),
            run.refused,
            lang.pick(
                Lang::Fr.agree(run.refused as i64, "refusée", "refusées"),
                "refused"
            ),
            run.retry,
            lang.pick("à réessayer", "to retry")
        );
    }
    if run.refused + run.retry > 0 {
        anyhow::bail!(lang.pick(
            "certaines relances ne sont pas parties (voir ci-dessus)",
            "some reminders did not go (see above)"
        ));
    }
    Ok(())
}

/// The outcome of receipts sent by mail: one line each; exit 1 if any did not go.
pub fn report_receipts(ctx: &Context, done: &[ReceiptMail], format: Format) -> anyhow::Result<()> {
    let lang = ctx.lang;
    if format == Format::Json {
        output::json(&done)?;
    } else {
        for r in done {
            let what = match (&r.delivery, r.note.as_str()) {
                (Some(d), _) => delivery_text(lang, d),
                (None, "already_sent") => lang.pick("déjà envoyé", "already sent").into(),
                (None, _) => format!(
                    "{} {}",
                    lang.pick("pas de courriel, à imprimer :", "no email, to print:"),
                    r.file.display()
                ),
            };
            println!("{}\t{} <{}> : {what}", r.reference, r.name, r.email);
        }
    }
    if done.iter().any(|r| {
        matches!(
            r.delivery,
            Some(Delivery::Refused(_)) | Some(Delivery::Retry(_))
        )
    }) {
        anyhow::bail!(lang.pick(
            "certains reçus ne sont pas partis (voir ci-dessus)",
            "some receipts did not go (see above)"
        ));
    }
    Ok(())
}
