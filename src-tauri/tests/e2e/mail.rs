//! End-to-end: reminders sent by mail from the Renewals screen ("Send the reminders": the
//! count, the first message, the progress and each member's outcome), and the mail server in
//! Settings with "send me a test", against a real SMTP server on loopback (aiosmtpd, the
//! script of the CLI's mail tests, in its plain mode: the TLS cases are tested there).

use crate::harness::App;
use crate::processes::{free_port, python_with_aiosmtpd, spawn_until_ready, Running};
use chrono::Months;
use panier::books::ledger::Method;
use panier::books::payments::{self, PlanPayment};
use panier::bridges::mail::{self, MailServerInput, TlsMode};
use panier::membership::plans::PlanPeriod;
use panier::people::members::MemberInput;
use panier::store::db::Database;
use std::path::{Path, PathBuf};
use std::process::Command;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

struct SmtpServer {
    _process: Running,
    port: u16,
    folder: PathBuf,
}

impl SmtpServer {
    fn plain(folder: PathBuf) -> SmtpServer {
        let port = free_port();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let script = root.join("tests/cli/smtp_server.py");
        let process = spawn_until_ready(
            Command::new(python_with_aiosmtpd(&root))
                .arg(script)
                .arg(port.to_string())
                .args(["-", "-"])
                .arg(&folder),
        );
        SmtpServer {
            _process: process,
            port,
            folder,
        }
    }

    fn received_to(&self) -> Vec<String> {
        let mut to = Vec::new();
        for entry in std::fs::read_dir(&self.folder).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "eml") {
                let text = std::fs::read_to_string(&path).unwrap();
                let line = text.lines().find(|l| l.starts_with("To: ")).unwrap();
                to.push(line.to_string());
            }
        }
        to.sort();
        to
    }
}

/// Four members due within the month (one whose address the server refuses), and the mail
/// server on loopback without login.
fn association(path: &Path, port: u16) {
    let mut db = Database::create(path, "AMIPO — Orléans").unwrap();
    let plan = panier::membership::plans::add(
        &mut db,
        &crate::plans::fee_with_counterpart("Adhésion", 2000, 2000, PlanPeriod::Months(12)),
    )
    .unwrap();
    let paid_on = today().checked_sub_months(Months::new(12)).unwrap() + chrono::Duration::days(12);
    for (name, email) in [
        ("Élodie Müller", "elodie@exemple.fr"),
        ("John Smith", "john@example.org"),
        ("Rémi Refus", "refuse@exemple.fr"),
        ("Hélène Lefèvre", "helene@exemple.fr"),
    ] {
        let member =
            panier::people::members::add(&mut db, &MemberInput::from_name(name, email, false))
                .unwrap();
        payments::pay_plan(
            &mut db,
            &PlanPayment {
                member,
                plan,
                amount_cents: 2000,
                gift_cents: None,
                date: paid_on,
                method: Method::Transfer,
                external_ref: None,
            },
        )
        .unwrap();
    }
    mail::configure(
        &mut db,
        &MailServerInput {
            host: "127.0.0.1".into(),
            port,
            user: String::new(),
            from: "AMIPO Trésorerie <tresorerie@amipo.fr>".into(),
            reply_to: String::new(),
            tls: TlsMode::None,
            ca_file: String::new(),
            per_minute: 600,
        },
        None,
    )
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn renewals_send_the_reminders_by_mail_with_progress_and_outcomes() {
    let sandbox = tempfile::tempdir().unwrap();
    let server = SmtpServer::plain(sandbox.path().join("received"));
    let path = sandbox.path().join("amipo.sqlite");
    association(&path, server.port);

    let app = App::launch(&path, sandbox.path()).await;
    app.click("[data-testid=nav-renewals]").await;
    app.element("[data-testid=renewal-row]").await;
    app.click("[data-testid=renewals-send-open]").await;
    app.wait_for_text(
        "[data-testid=send-count]",
        "4 relances à envoyer, une par membre, dans sa langue.",
    )
    .await;
    let preview = app.element("[data-testid=send-preview]").await;
    let preview = preview.text().await.unwrap();
    assert!(
        preview.contains("Auto-Submitted: auto-generated"),
        "{preview}"
    );
    assert!(server.received_to().is_empty(), "the preview sends nothing");
    app.screenshot("screen-renewals-send-preview").await;

    app.click("[data-testid=send-go]").await;
    app.wait_for_text(
        "[data-testid=send-done]",
        "Envoyées : 3 · refusées : 1 · à réessayer : 0.",
    )
    .await;
    let outcomes = app.texts("[data-testid=send-outcome]").await;
    assert_eq!(outcomes.len(), 4, "{outcomes:?}");
    assert!(
        outcomes.iter().any(|o| o.contains("Rémi Refus")
            && o.contains("refusé (définitif)")
            && o.contains("550")),
        "{outcomes:?}"
    );
    app.screenshot("screen-renewals-send-done").await;
    assert_eq!(server.received_to().len(), 3);

    // closed: the list shows them reminded; a second run has nothing to send
    app.click("[data-testid=send-close]").await;
    app.click("[data-testid=renewals-send-open]").await;
    app.wait_for_text("[data-testid=send-count]", "Aucune relance à envoyer.")
        .await;
    app.click("[data-testid=send-close]").await;
    // the log column says how each went out
    let reminded = app.texts("[data-testid=renewal-reminded]").await;
    assert_eq!(
        reminded
            .iter()
            .filter(|c| c.contains("courriel envoyé"))
            .count(),
        3,
        "{reminded:?}"
    );

    // Settings: the server as configured, and "send me a test"
    app.click("[data-testid=nav-settings]").await;
    app.element("[data-testid=mail-settings]").await;
    app.wait_for_value("[data-testid=mail-host]", "127.0.0.1")
        .await;
    app.type_into("[data-testid=mail-test-to]", "tresorerie@amipo.fr")
        .await;
    app.click("[data-testid=mail-test]").await;
    app.wait_for_text(
        "[data-testid=mail-notice]",
        "Message d'essai accepté par le serveur pour tresorerie@amipo.fr.",
    )
    .await;
    assert_eq!(server.received_to().len(), 4);
    app.quit().await;

    let db = Database::open(&path).unwrap();
    let reminded = panier::membership::renewals::list(db.conn(), today(), None)
        .unwrap()
        .iter()
        .filter(|r| r.reminded_on.is_some())
        .count();
    assert_eq!(reminded, 3, "only the accepted ones are marked");
}
