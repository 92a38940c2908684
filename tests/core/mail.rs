//! Issue 19: the reminders' mail run with a scripted courier — what the log and the
//! reminders' log hold after each answer, a run stopped mid-exchange, an address changed
//! after a refusal, batches. (The real SMTP exchange: tests/cli/mail.rs.)

use crate::common::{audit_rows, day, fresh, Fixture};
use crate::money_flow::{member, pay};
use crate::plans::fee;
use panier::bridges::mail::reminders::{self, Batch};
use panier::bridges::mail::{self, Courier, Delivery, MailServerInput, TlsMode};
use panier::kernel::ids::MemberId;
use panier::membership::plans::{self, PlanPeriod};
use panier::membership::renewals::{self, Channel};
use panier::people::members::{self, MemberInput};
use std::collections::HashMap;

/// Answers by recipient address, in turn; records what it was handed.
#[derive(Default)]
struct Scripted {
    answers: HashMap<String, Vec<Delivery>>,
    delivered: Vec<String>,
}

impl Courier for Scripted {
    fn check(&mut self) -> panier::Result<()> {
        Ok(())
    }

    fn deliver(&mut self, message: &lettre::Message) -> Delivery {
        let to = message.envelope().to()[0].to_string();
        self.delivered.push(to.clone());
        match self.answers.get_mut(&to) {
            Some(list) if !list.is_empty() => list.remove(0),
            _ => Delivery::Accepted,
        }
    }
}

fn setup() -> (Fixture, Vec<MemberId>) {
    let mut f = fresh();
    let plan = plans::add(&mut f.db, &fee("Adhésion", 2000, PlanPeriod::Months(12))).unwrap();
    let ids: Vec<MemberId> = ["ana", "ben", "cleo"]
        .iter()
        .map(|n| member(&mut f, &format!("{n} Membre"), &format!("{n}@exemple.fr")))
        .collect();
    for id in &ids {
        pay(&mut f, *id, plan, 2000, "2025-06-20");
    }
    mail::configure(
        &mut f.db,
        &MailServerInput {
            host: "127.0.0.1".into(),
            port: 2525,
            user: String::new(),
            from: "AMIPO <tresorerie@amipo.fr>".into(),
            reply_to: String::new(),
            tls: TlsMode::None,
            ca_file: String::new(),
            per_minute: 6000,
        },
        None,
    )
    .unwrap();
    (f, ids)
}

fn reminded(f: &Fixture, m: MemberId) -> Vec<Channel> {
    renewals::sent_to(f.db.conn(), m)
        .unwrap()
        .iter()
        .map(|s| s.channel)
        .collect()
}

#[test]
fn mail_run_marks_only_accepted_mail_and_never_resends_a_message_perhaps_sent() {
    let (mut f, ids) = setup();
    let today = day("2026-06-01");
    let mut courier = Scripted::default();
    courier.answers.insert(
        "ben@exemple.fr".into(),
        vec![Delivery::Refused("550 no such user".into())],
    );
    courier.answers.insert(
        "cleo@exemple.fr".into(),
        vec![Delivery::Retry("451 later".into())],
    );
    let before = audit_rows(&f.db);
    let run = reminders::send(
        &mut f.db,
        &mut courier,
        today,
        None,
        &Batch::default(),
        &mut |_, _, _| {},
    )
    .unwrap();
    assert_eq!((run.sent, run.refused, run.retry), (1, 1, 1));
    assert_eq!(reminded(&f, ids[0]), [Channel::Mail]);
    assert!(reminded(&f, ids[1]).is_empty() && reminded(&f, ids[2]).is_empty());
    // one audit row before each exchange, one after
    assert_eq!(audit_rows(&f.db) - before, 6);

    // the refused address is left alone; a new address for that member is tried
    let plan = reminders::plan(&f.db, today, None).unwrap();
    assert_eq!(plan.count, 1, "only the 451 is pending");
    assert_eq!(plan.skipped[0].why, "refused_before");
    let m = members::get(f.db.conn(), ids[1]).unwrap();
    let changed = MemberInput {
        kind: m.kind,
        first_name: m.first_name,
        last_name: m.last_name,
        org_name: m.org_name,
        email: "ben.nouveau@exemple.fr".into(),
        street: m.street,
        postal_code: m.postal_code,
        city: m.city,
        country: m.country,
        phone: m.phone,
        lang: m.lang,
        joined_on: Some(m.joined_on),
        notes: m.notes,
    };
    members::update(&mut f.db, ids[1], &changed).unwrap();
    assert_eq!(reminders::plan(&f.db, today, None).unwrap().count, 2);

    // a run stopped during the exchange leaves its row `sending`: perhaps sent, never resent
    f.db.conn()
        .execute(
            "INSERT INTO mail_log (purpose, member_id, reminder_kind, period_end, recipient,
                 subject, message_id, state, created_at, updated_at)
             VALUES ('reminder', ?1, 'due', '2026-06-20', 'cleo@exemple.fr', 's', '<x@amipo.fr>',
                 'sending', '2026-06-01T10:00:00Z', '2026-06-01T10:00:00Z')",
            [ids[2]],
        )
        .unwrap();
    let mut second = Scripted::default();
    let run = reminders::send(
        &mut f.db,
        &mut second,
        today,
        None,
        &Batch {
            limit: Some(5),
            skip_members: vec![],
        },
        &mut |_, _, _| {},
    )
    .unwrap();
    assert_eq!(second.delivered, ["ben.nouveau@exemple.fr"]);
    assert_eq!(run.sent, 1);
    assert!(run
        .skipped
        .iter()
        .any(|s| s.member_id == ids[2] && s.why == "uncertain"));
    assert!(reminded(&f, ids[2]).is_empty());
    // a third run: nothing
    let mut third = Scripted::default();
    reminders::send(
        &mut f.db,
        &mut third,
        today,
        None,
        &Batch::default(),
        &mut |_, _, _| {},
    )
    .unwrap();
    assert!(third.delivered.is_empty());
}

#[test]
fn mail_batches_skip_the_members_already_tried() {
    let (mut f, ids) = setup();
    let today = day("2026-06-01");
    let mut courier = Scripted::default();
    courier.answers.insert(
        "ana@exemple.fr".into(),
        vec![Delivery::Retry("451 later".into())],
    );
    let first = reminders::send(
        &mut f.db,
        &mut courier,
        today,
        None,
        &Batch {
            limit: Some(1),
            skip_members: vec![],
        },
        &mut |_, _, _| {},
    )
    .unwrap();
    assert_eq!(first.outcomes.len(), 1);
    assert_eq!(first.outcomes[0].member_id, ids[0]);
    let rest = reminders::send(
        &mut f.db,
        &mut courier,
        today,
        None,
        &Batch {
            limit: Some(10),
            skip_members: vec![ids[0]],
        },
        &mut |_, _, _| {},
    )
    .unwrap();
    assert_eq!(rest.sent, 2);
    assert_eq!(
        courier.delivered,
        ["ana@exemple.fr", "ben@exemple.fr", "cleo@exemple.fr"]
    );
}

#[test]
fn mail_settings_refuse_clear_text_beyond_loopback_and_keep_no_password_in_the_file() {
    let (mut f, _) = setup();
    let mut input = MailServerInput {
        host: "smtp.amipo.fr".into(),
        port: 587,
        user: "tresorier".into(),
        from: "AMIPO <tresorerie@amipo.fr>".into(),
        reply_to: String::new(),
        tls: TlsMode::None,
        ca_file: String::new(),
        per_minute: 30,
    };
    let before = audit_rows(&f.db);
    assert!(mail::configure(&mut f.db, &input, Some("secret-smtp")).is_err());
    input.tls = TlsMode::Starttls;
    input.ca_file = f.dir.path().join("missing.pem").display().to_string();
    assert!(mail::configure(&mut f.db, &input, Some("secret-smtp")).is_err());
    assert_eq!(audit_rows(&f.db), before, "refusals write nothing");
    input.ca_file = String::new();
    let saved = mail::configure(&mut f.db, &input, Some("secret-smtp")).unwrap();
    assert!(saved.has_password);
    let path = f.path();
    drop(f.db);
    let bytes = std::fs::read(path).unwrap();
    assert!(!bytes.windows(11).any(|w| w == b"secret-smtp"));
}
