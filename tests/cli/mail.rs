//! Mail that goes out (issue 19), against a real SMTP server on loopback: aiosmtpd
//! (`smtp_server.py`) with STARTTLS under a certificate made here by openssl, AUTH, one
//! recipient refused for good (550), one refused for now the first time (451), and the
//! connection cut once mid-run. What the server received is read back from its folder and
//! parsed by Python's own `email` package.

use super::smtp::{certificates, sha256, SmtpServer};
use super::support::{fee_plan, json, member_in_lyon, Cli, SecretRun, PAY_THE_FEE};
use serde_json::Value;
use std::path::Path;
use std::process::Output;

/// `panier` with the secrets in the test's folder, and `stdin` as its standard input.
fn panier(cli: &Cli, args: &[&str], stdin: &str) -> Output {
    let secrets = cli.path("secrets");
    let run = SecretRun {
        db: &cli.db(),
        secrets: &secrets,
        operator: "test",
        env: &[],
    };
    run.run(args, Some(stdin))
}

fn ok(cli: &Cli, args: &[&str]) -> String {
    let out = panier(cli, args, "");
    assert!(
        out.status.success(),
        "panier {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `args`, which must fail: (stdout, stderr).
fn fails(cli: &Cli, args: &[&str]) -> (String, String) {
    let out = panier(cli, args, "");
    assert!(!out.status.success(), "panier {args:?} should fail");
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// `panier remind` by mail of every reminder due on 10 December 2026 not sent yet.
const REMIND_DUE: [&str; 6] = [
    "remind",
    "--pending",
    "--due",
    "--date",
    "2026-12-10",
    "--send",
];

const MEMBERS: &[(&str, &str, &str)] = &[
    ("Élodie Müller", "elodie@exemple.fr", "fr"),
    ("John Smith", "john@example.org", "en"),
    ("Rémi Refus", "refuse@exemple.fr", "fr"),
    ("Laure Tard", "later@exemple.fr", "fr"),
    ("Denis Coupé", "drop@exemple.fr", "fr"),
    ("Sans Courriel", "", "fr"),
];

/// The association and its six members, each with a fee paid; `counterpart`: the fee's
/// service part (the rest is a gift a tax receipt covers).
fn association(counterpart: &str) -> Cli {
    let cli = Cli::with_association();
    cli.allow_tax_receipts();
    ok(&cli, &fee_plan("20", &["--counterpart", counterpart]));
    for (name, email, lang) in MEMBERS {
        // a member's email is required today: the one without stands for an older record
        let email_or_older = if email.is_empty() {
            "sans@exemple.fr"
        } else {
            email
        };
        let mut add = member_in_lyon(name, email_or_older);
        add.extend(["--member-lang", lang]);
        let id = ok(&cli, &add);
        if email.is_empty() {
            rusqlite::Connection::open(cli.db())
                .unwrap()
                .execute("UPDATE members SET email = '' WHERE id = ?1", [id.trim()])
                .unwrap();
        }
        // the fee of PAY_THE_FEE, paid by this member
        let mut pay: [&str; 8] = PAY_THE_FEE;
        pay[1] = id.trim();
        ok(&cli, &pay);
    }
    cli
}

/// `panier mail configure` to the test server on `port` as `tresorier` (STARTTLS), the
/// password on standard input and `more` flags after the common ones.
fn configure_as(cli: &Cli, port: u16, from: &str, more: &[&str], password: &str) -> Output {
    let port = port.to_string();
    let mut args = vec![
        "mail",
        "configure",
        "--host",
        "127.0.0.1",
        "--port",
        &port,
        "--user",
        "tresorier",
        "--password-stdin",
        "--from",
        from,
        "--tls",
        "starttls",
    ];
    args.extend(more);
    panier(cli, &args, password)
}

/// `panier mail configure` to `host` on port 25 as `user` (without the password: these are
/// refused before any connection) from `from` with `tls`.
fn configure_port_25<'a>(
    host: &'a str,
    user: Option<&'a str>,
    from: &'a str,
    tls: &'a str,
) -> Vec<&'a str> {
    let mut args = vec!["mail", "configure", "--host", host, "--port", "25"];
    if let Some(user) = user {
        args.extend(["--user", user]);
    }
    args.extend(["--from", from, "--tls", tls]);
    args
}

/// The test server, trusted through its authority, with the right password.
fn configure(cli: &Cli, port: u16, ca: &Path) -> Output {
    let ca = ca.to_str().unwrap();
    configure_as(
        cli,
        port,
        "AMIPO Trésorerie <tresorerie@amipo.fr>",
        &[
            "--reply-to",
            "bureau@amipo.fr",
            "--ca-file",
            ca,
            "--per-minute",
            "6000",
        ],
        "mot-de-passe-smtp\n",
    )
}

fn recipients(messages: &[Value]) -> Vec<String> {
    messages
        .iter()
        .map(|m| m["headers"]["To"].as_str().unwrap().to_string())
        .collect()
}

/// Asserts that a run's report `out` has each of `lines` (one member's outcome each).
fn says_each(out: &str, lines: &[&str]) {
    for line in lines {
        assert!(out.contains(line), "{line:?} missing from: {out}");
    }
}

fn john_of(messages: &[Value]) -> &Value {
    messages
        .iter()
        .find(|m| m["headers"]["To"].as_str().unwrap().contains("john@"))
        .unwrap()
}

/// The addresses whose reminder is logged sent (by mail: the only way these tests send).
fn reminded(cli: &Cli) -> Vec<String> {
    let list = json(&ok(
        cli,
        &[
            "renewals",
            "--due",
            "--date",
            "2026-12-10",
            "--format",
            "json",
        ],
    ));
    list.as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["reminded_on"].is_null())
        .inspect(|r| assert_eq!(r["reminded_by"], "mail", "{r}"))
        .map(|r| r["email"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn mail_configuration_refusals_keep_the_password_out_and_verify_the_certificate() {
    let cli = association("5");
    let (ca, cert, key) = certificates(cli.dir.path());
    let server = SmtpServer::start(cli.dir.path(), &cert, &key);
    // clear text only to this machine
    let (_, err) = fails(
        &cli,
        &configure_port_25("smtp.amipo.fr", None, "tresorerie@amipo.fr", "none"),
    );
    assert!(err.contains("en clair"), "{err}");
    let (_, err) = fails(
        &cli,
        &configure_port_25("127.0.0.1", None, "pas une adresse", "starttls"),
    );
    assert!(
        err.contains("--from") && err.contains("pas une adresse"),
        "{err}"
    );
    let (_, err) = fails(
        &cli,
        &configure_port_25(
            "127.0.0.1",
            Some("tresorier"),
            "tresorerie@amipo.fr",
            "starttls",
        ),
    );
    assert!(err.contains("--password-stdin"), "{err}");
    assert!(
        json(&ok(&cli, &["mail", "show", "--format", "json"])).is_null(),
        "a refusal records nothing"
    );

    // without --ca-file the self-signed server is not trusted: nothing goes
    let out = configure_as(
        &cli,
        server.port,
        "tresorerie@amipo.fr",
        &[],
        "mot-de-passe-smtp\n",
    );
    assert!(out.status.success());
    let (_, err) = fails(&cli, &["mail", "test", "--to", "tresorerie@amipo.fr"]);
    assert!(err.contains("rien n'a été envoyé"), "{err}");
    assert!(server.received().is_empty());

    assert!(configure(&cli, server.port, &ca).status.success());
    let shown = json(&ok(&cli, &["mail", "show", "--format", "json"]));
    assert_eq!(shown["hasPassword"], true);
    assert_eq!(shown["tls"], "starttls");
    let file = std::fs::read(cli.db()).unwrap();
    assert!(
        !file.windows(17).any(|w| w == b"mot-de-passe-smtp"),
        "the password is not in the Panier file"
    );
    // a wrong password: the server refuses the login, the run stops before anything
    let wrong = configure_as(
        &cli,
        server.port,
        "tresorerie@amipo.fr",
        &["--ca-file", ca.to_str().unwrap()],
        "pas-le-bon\n",
    );
    assert!(wrong.status.success());
    let (_, err) = fails(&cli, &REMIND_DUE);
    assert!(err.contains("rien n'a été envoyé"), "{err}");
    assert!(reminded(&cli).is_empty());
    assert!(server.received().is_empty());
    assert!(
        server.events().contains("AUTH PLAIN refused")
            || server.events().contains("AUTH LOGIN refused")
    );

    assert!(configure(&cli, server.port, &ca).status.success());
    let out = ok(
        &cli,
        &["mail", "test", "--to", "Hélène <tresorerie@amipo.fr>"],
    );
    assert!(out.contains("accepté"), "{out}");
    let got = server.received();
    assert_eq!(got.len(), 1);
    assert!(got[0]["headers"]["Subject"]
        .as_str()
        .unwrap()
        .contains("essai"));
    assert!(
        server.events().contains("tls=True auth=True"),
        "{}",
        server.events()
    );
}

#[test]
fn mail_reminders_go_once_each_through_refusals_and_a_lost_connection() {
    let cli = association("5");
    let (ca, cert, key) = certificates(cli.dir.path());
    let server = SmtpServer::start(cli.dir.path(), &cert, &key);
    assert!(configure(&cli, server.port, &ca).status.success());
    let remind = REMIND_DUE;

    // the dry run: five to send (the sixth has no email), the first message shown, nothing sent
    let plan = json(&ok(
        &cli,
        &[&remind[..], &["--dry-run", "--format", "json"]].concat(),
    ));
    assert_eq!(plan["count"], 5);
    assert_eq!(plan["skipped"][0]["name"], "Sans Courriel");
    assert_eq!(plan["skipped"][0]["why"], "no_email");
    let preview = plan["preview"].as_str().unwrap();
    assert!(
        preview.contains("Auto-Submitted: auto-generated"),
        "{preview}"
    );
    assert!(preview.contains("elodie@exemple.fr"), "{preview}");
    assert!(server.received().is_empty() && reminded(&cli).is_empty());

    // first run: two accepted, one refused for good, one refused for now, one connection cut
    let (out, err) = fails(&cli, &remind);
    assert!(err.contains("ne sont pas parties"), "{err}");
    for line in [
        "Élodie Müller <elodie@exemple.fr> : envoyé",
        "John Smith <john@example.org> : envoyé",
        "Rémi Refus <refuse@exemple.fr> : REFUSÉ (définitif)",
        "550",
        "Laure Tard <later@exemple.fr> : non parti",
        "Denis Coupé <drop@exemple.fr> : non parti",
        "Sans Courriel <> : pas d'adresse",
    ] {
        assert!(out.contains(line), "{line}: {out}");
    }
    let mut sent = reminded(&cli);
    sent.sort();
    assert_eq!(
        sent,
        ["elodie@exemple.fr", "john@example.org"],
        "only what the server accepted is marked"
    );
    assert_eq!(server.received().len(), 2);

    // second run: the 451 and the cut one go now; the 550 is not tried again
    let out = ok(&cli, &remind);
    says_each(
        &out,
        &[
            "Laure Tard <later@exemple.fr> : envoyé",
            "Denis Coupé <drop@exemple.fr> : envoyé",
            "Rémi Refus <refuse@exemple.fr> : adresse refusée",
        ],
    );
    assert!(!out.contains("Élodie"), "{out}");
    // third run: nothing left
    let out = ok(&cli, &remind);
    assert!(out.contains("0 envoyée, 0 refusée"), "{out}");

    let got = server.received();
    let mut to = recipients(&got);
    to.sort();
    assert_eq!(to.len(), 4, "{to:?}");
    let mut unique = to.clone();
    unique.dedup();
    assert_eq!(to, unique, "nothing received twice");
    assert!(!to.iter().any(|t| t.contains("refuse@")));
    let mut marked = reminded(&cli);
    marked.sort();
    assert_eq!(
        marked,
        [
            "drop@exemple.fr",
            "elodie@exemple.fr",
            "john@example.org",
            "later@exemple.fr"
        ]
    );
    let log = json(&ok(&cli, &["mail", "log", "--format", "json"]));
    let states: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["state"].as_str().unwrap())
        .collect();
    assert_eq!(states.iter().filter(|s| **s == "sent").count(), 4);
    assert_eq!(states.iter().filter(|s| **s == "refused").count(), 1);
    assert_eq!(states.iter().filter(|s| **s == "retry").count(), 2);
    assert!(!states.contains(&"sending"));

    // the headers as received, checked by Python's parser
    let elodie = got
        .iter()
        .find(|m| m["headers"]["To"].as_str().unwrap().contains("elodie@"))
        .unwrap();
    let h = &elodie["headers"];
    assert_eq!(h["From"], "AMIPO Trésorerie <tresorerie@amipo.fr>");
    assert_eq!(h["Reply-To"], "bureau@amipo.fr");
    assert_eq!(h["To"], "Élodie Müller <elodie@exemple.fr>");
    assert_eq!(h["Auto-Submitted"], "auto-generated");
    assert!(h["Message-ID"].as_str().unwrap().ends_with("@amipo.fr>"));
    assert!(
        h["Date"].as_str().unwrap().ends_with("+0000"),
        "{}",
        h["Date"]
    );
    let raw = elodie["raw_headers"].as_str().unwrap();
    assert!(raw.is_ascii());
    assert!(
        raw.contains("=?utf-8?"),
        "names and subject encoded (RFC 2047): {raw}"
    );
    // subject and body are the member's reminder, from the templates, in their language
    for (id, message) in [("1", elodie), ("2", john_of(&got))] {
        let reminder = json(&ok(
            &cli,
            &["remind", id, "--date", "2026-12-10", "--format", "json"],
        ));
        assert_eq!(message["headers"]["Subject"], reminder["subject"]);
        assert_eq!(
            message["text"]
                .as_str()
                .unwrap()
                .replace("\r\n", "\n")
                .trim_end(),
            reminder["body"].as_str().unwrap().trim_end()
        );
    }
    assert!(john_of(&got)["headers"]["Subject"]
        .as_str()
        .unwrap()
        .starts_with("Your AMIPO membership"));
    println!("one received message's headers:\n{raw}");
}

#[test]
fn mail_receipts_go_with_their_pdf_and_once_a_year() {
    let cli = association("20");
    let (ca, cert, key) = certificates(cli.dir.path());
    let server = SmtpServer::start(cli.dir.path(), &cert, &key);
    assert!(configure(&cli, server.port, &ca).status.success());

    // one attestation, written and sent
    let att = cli.path("attestation.pdf");
    let out = ok(
        &cli,
        &[
            "receipt",
            "1",
            "-o",
            att.to_str().unwrap(),
            "--date",
            "2026-03-13",
            "--send",
            "--format",
            "json",
        ],
    );
    let sent = json(&out);
    assert_eq!(sent[0]["delivery"]["outcome"], "accepted");
    let got = server.received();
    assert_eq!(got.len(), 1);
    let attachment = &got[0]["attachments"][0];
    assert_eq!(attachment["type"], "application/pdf");
    assert_eq!(
        attachment["filename"],
        "attestation-A2026-0001-elodie-muller.pdf"
    );
    assert_eq!(attachment["sha256"].as_str().unwrap(), sha256(&att));
    assert!(got[0]["headers"]["Subject"]
        .as_str()
        .unwrap()
        .contains("A2026-0001"));

    // no email: refused before anything is numbered
    let none = cli.path("none.pdf");
    let (_, err) = fails(
        &cli,
        &[
            "receipt",
            "6",
            "-o",
            none.to_str().unwrap(),
            "--date",
            "2026-03-13",
            "--send",
        ],
    );
    assert!(err.contains("pas d'adresse de courriel"), "{err}");
    assert!(!none.exists());

    // the year's tax receipts: Élodie (email) and Sans Courriel (none) gave
    ok(
        &cli,
        &["donate", "1", "--amount", "71", "--date", "2026-05-02"],
    );
    ok(
        &cli,
        &["donate", "6", "--amount", "30", "--date", "2026-06-02"],
    );
    let folder = cli.path("recus");
    let yearly = [
        "receipts",
        "--year",
        "2026",
        "-o",
        folder.to_str().unwrap(),
        "--date",
        "2027-01-10",
        "--send",
    ];
    let out = ok(&cli, &yearly);
    says_each(
        &out,
        &[
            "Élodie Müller <elodie@exemple.fr> : envoyé",
            "Sans Courriel <> : pas de courriel, à imprimer",
        ],
    );
    let got = server.received();
    assert_eq!(got.len(), 2);
    let pdf = folder.join(got[1]["attachments"][0]["filename"].as_str().unwrap());
    assert!(
        pdf.exists(),
        "the attachment is named like the file: {}",
        pdf.display()
    );
    assert_eq!(
        got[1]["attachments"][0]["sha256"].as_str().unwrap(),
        sha256(&pdf)
    );
    // again: nothing sent twice, nothing reprinted
    let out = ok(&cli, &yearly);
    assert!(out.contains("déjà envoyé"), "{out}");
    assert_eq!(server.received().len(), 2);
    let register = json(&ok(
        &cli,
        &["receipts", "--year", "2027", "--list", "--format", "json"],
    ));
    assert!(
        register
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["reprints"] == 0),
        "{register}"
    );
}
