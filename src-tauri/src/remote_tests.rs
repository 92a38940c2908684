//! The shell joined to a real `panier-serve` on a free loopback port: login, an operation
//! forwarded and its answer, a wrong password, a role's refusal and a field's refusal mapped
//! to the shell's shapes, local-file commands refused, and leaving; then every command's way
//! (`form::perform`…) on members, settings and data requests, an edit conflict, a role's 403,
//! the server's live events relayed, and the session ended by the server (401).

use super::*;
use crate::database_choice::DatabaseChoice;
use crate::form;
use crate::last_server::LastServer;
use crate::session::DatabaseStatus;
use crate::session::StartupProblem;
use panier::kernel::field::Field;
use panier::ops::members::{self, page, MemberRef, MemberUpdate};
use panier::ops::money::{self as money_ops, OverviewQuery};
use panier::ops::rights::{self, NewRequestFields};
use panier::ops::settings::{self, SettingChange};
use panier::ops::{users, Role};
use std::sync::{Arc, Mutex};
use std::time::Instant;

// Free ports and panier-serve, shared with the server's and the end-to-end tests.
#[path = "../../tests/support/processes.rs"]
mod processes;

struct Server {
    _dir: tempfile::TempDir,
    url: String,
    _process: processes::Running,
}

fn password(user: &str) -> String {
    format!("{user}-phrase-de-passe")
}

/// Starts `panier-serve` on a new file holding an owner, a treasurer, a secretary and an
/// auditor.
fn start_server() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("panier.sqlite");
    let mut db = panier::Database::create(&path, "AMIPO").unwrap();
    for (name, role) in [
        ("olga", Role::Owner),
        ("tom", Role::Treasurer),
        ("sam", Role::Secretary),
        ("aude", Role::Auditor),
    ] {
        users::add(&mut db, name, role, &password(name)).unwrap();
    }
    drop(db);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let (process, url) = processes::start_panier_serve(&root, &path, Duration::from_secs(30));
    Server {
        _dir: dir,
        url,
        _process: process,
    }
}

fn window_session(dir: &tempfile::TempDir) -> Session {
    Session::start(
        DatabaseChoice::FirstRun {
            suggested_path: dir.path().join("new.sqlite"),
        },
        None,
        dir.path().join("new.sqlite"),
    )
}

fn donation(amount: &str) -> money_ops::DonationForm {
    serde_json::from_value(serde_json::json!({"member": null, "from": "Mairie",
        "subsidy": false, "amount": amount, "date": "", "method": "cheque", "label": "don"}))
    .unwrap()
}

#[test]
fn remote_the_shell_forwards_operations_and_maps_the_servers_refusals() {
    let server = start_server();
    let local = tempfile::tempdir().unwrap();
    let session = window_session(&local);

    // a wrong password: the server's 401, in the window's language
    let wrong = RemoteServer::connect(&server.url, "tom", "pas-le-bon", Lang::En).unwrap_err();
    assert_eq!(wrong.kind, "bad_login", "{wrong:?}");
    assert!(!wrong.message.is_empty());
    // the password does not travel in clear text to another machine
    let clear = RemoteServer::connect("http://example.org", "tom", "x", Lang::En).unwrap_err();
    assert_eq!(clear.field.as_deref(), Some("url"));
    assert!(clear.message.contains("https"), "{}", clear.message);

    // the treasurer records a donation through the forwarding path, then reads it back
    let tom = RemoteServer::connect(&server.url, "tom", &password("tom"), Lang::En).unwrap();
    assert_eq!((tom.user.as_str(), tom.role.as_str()), ("tom", "treasurer"));
    let status = session.join(tom);
    assert_eq!(
        status,
        DatabaseStatus::Open {
            path: server.url.clone().into()
        }
    );
    let id = forward::<money_ops::RecordDonation>(&session, &donation("25,50"))
        .expect("joined: forwarded")
        .unwrap();
    let overview = forward::<money_ops::Overview>(&session, &OverviewQuery { member: None })
        .unwrap()
        .unwrap();
    assert_eq!(overview.income_cents, 2550);
    assert!(overview.entries.iter().any(|e| e.id == id), "{id}");
    // a field's refusal keeps its field, as the local core's would
    let refused: FormError = forward::<money_ops::RecordDonation>(&session, &donation("abc"))
        .unwrap()
        .unwrap_err()
        .into();
    assert_eq!(refused.field.as_deref(), Some("amount"), "{refused:?}");
    // commands on the local file say they are not available here
    let local_only = session.with_database(|_| Ok(())).unwrap_err();
    assert_eq!(local_only, not_available(Lang::Fr));

    // the auditor reads, and the server refuses the write as the role's
    session.leave();
    let aude = RemoteServer::connect(&server.url, "aude", &password("aude"), Lang::En).unwrap();
    session.join(aude);
    let forbidden = forward::<money_ops::RecordDonation>(&session, &donation("10"))
        .unwrap()
        .unwrap_err();
    assert_eq!(forbidden.kind, "forbidden", "{forbidden:?}");
    let still = forward::<money_ops::Overview>(&session, &OverviewQuery { member: None })
        .unwrap()
        .unwrap();
    assert_eq!(
        still.income_cents, 2550,
        "the refused write changed nothing"
    );

    // leaving returns to the first-run screen and to the local core
    assert!(matches!(session.leave(), DatabaseStatus::FirstRun { .. }));
    assert!(forward::<money_ops::Overview>(&session, &OverviewQuery { member: None }).is_none());
}

fn member(first_name: &str, last_name: &str) -> members::MemberFields {
    serde_json::from_value(
        serde_json::json!({"kind": "person", "firstName": first_name,
        "lastName": last_name, "email": format!("{}@exemple.org", first_name.to_lowercase()),
        "lang": "fr"}),
    )
    .unwrap()
}

const MEMBER_FORM: &[Field] = &[Field::LastName, Field::Email, Field::JoinedOn];

/// Waits (up to 10 s) for an event `wanted` accepts among those the window was sent.
fn wait_for(events: &Mutex<Vec<ShellEvent>>, wanted: impl Fn(&ShellEvent) -> bool) -> bool {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        if events.lock().unwrap().iter().any(&wanted) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

#[test]
fn remote_every_command_goes_to_the_server_and_the_window_follows_it() {
    let server = start_server();
    let local = tempfile::tempdir().unwrap();
    let config = local.path().join("config");
    let session =
        window_session(&local).remembering_servers(Some(LastServer::in_config_dir(&config)));
    let sent: Arc<Mutex<Vec<ShellEvent>>> = Arc::default();
    let window = sent.clone();
    session.set_notifier(Arc::new(move |event| window.lock().unwrap().push(event)));

    // the owner logs in: the window learns who, where and what the role may do
    let olga = RemoteServer::connect(&server.url, "olga", &password("olga"), Lang::En).unwrap();
    session.join(olga);
    let connection = session.server_connection();
    let connected = connection.connected.expect("joined");
    assert_eq!(
        (connected.user.as_str(), connected.role.as_str()),
        ("olga", "owner")
    );
    assert_eq!(connected.url, server.url);
    assert!(connected.operations.iter().any(|o| o == "settings_list"));
    assert!(connected.operations.iter().any(|o| o == "update_member"));
    // remembered for the next start, without the password
    let last = connection.last.expect("the server joined is remembered");
    assert_eq!(
        (last.url.as_str(), last.user.as_str()),
        (server.url.as_str(), "olga")
    );

    // a members operation through the commands' one way, then the list read back
    let added = form::perform_form::<members::AddFromForm>(
        &session,
        MEMBER_FORM,
        member("Jeanne", "Durand"),
    )
    .unwrap();
    let listed = form::perform::<members::List>(&session, Default::default()).unwrap();
    assert!(listed
        .rows
        .iter()
        .any(|r| r.id == added.id && r.name == added.name));
    // a field's refusal keeps the member form's field
    let no_name = form::perform_form::<members::AddFromForm>(&session, MEMBER_FORM, member("", ""))
        .unwrap_err();
    assert_eq!(no_name.field.as_deref(), Some("lastName"), "{no_name:?}");

    // a settings read: the association's name as the server's file has it
    let settings_read = form::perform::<settings::List>(&session, ()).unwrap();
    let name = settings_read.iter().find(|s| s.key == "name").unwrap();
    assert_eq!(name.value, "AMIPO");

    // a data request recorded and listed
    let request: NewRequestFields = serde_json::from_value(serde_json::json!({
        "member": added.id.to_string(), "kind": "access", "receivedOn": "2026-11-02",
        "identityCheck": "écrit depuis l'adresse du membre"}))
    .unwrap();
    let recorded =
        form::perform_form::<rights::AddRequest>(&session, &[Field::Date], request).unwrap();
    let requests = form::perform::<rights::ListRequests>(
        &session,
        serde_json::from_value(serde_json::json!({"openOnly": true})).unwrap(),
    )
    .unwrap();
    assert!(requests
        .iter()
        .any(|r| r.id == recorded.id && r.member_id == Some(added.id)));

    // two volunteers edit the same member: the second is told, and nothing is overwritten
    let page = form::perform::<page::Page>(&session, MemberRef { id: added.id }).unwrap();
    let opened_at = page.fields.clone();
    let mut first = opened_at.clone();
    first.city = "Lyon".into();
    form::perform_form::<members::Update>(
        &session,
        MEMBER_FORM,
        MemberUpdate {
            id: added.id,
            fields: first,
        },
    )
    .unwrap();
    let mut second = opened_at;
    second.city = "Brest".into();
    let stale = MemberUpdate {
        id: added.id,
        fields: second,
    };
    let conflict = forward::<members::Update>(&session, &stale)
        .unwrap()
        .unwrap_err();
    assert_eq!(
        (conflict.status, conflict.kind.as_str()),
        (409, "conflict"),
        "{conflict:?}"
    );
    let told = form::perform_form::<members::Update>(&session, MEMBER_FORM, stale).unwrap_err();
    assert_eq!(told.message, conflict.message);
    let kept = form::perform::<page::Page>(&session, MemberRef { id: added.id }).unwrap();
    assert_eq!(kept.fields.city, "Lyon");

    // another volunteer's change reaches this window as a live event (not marked as its own)
    let tom = RemoteServer::connect(&server.url, "tom", &password("tom"), Lang::En).unwrap();
    tom.perform::<members::AddFromForm>(&member("Paul", "Martin"), Lang::En)
        .unwrap();
    assert!(
        wait_for(&sent, |e| matches!(e, ShellEvent::Change(c)
            if c["op"] == "add_member" && c["mine"] == false)),
        "{:?}",
        sent.lock().unwrap()
    );

    // the secretary: what the role may not do is refused by the server (403), beside the field
    session.leave();
    let sam = RemoteServer::connect(&server.url, "sam", &password("sam"), Lang::En).unwrap();
    session.join(sam);
    let operations = session.server_connection().connected.unwrap().operations;
    assert!(operations.iter().any(|o| o == "add_request"));
    assert!(
        !operations.iter().any(|o| o == "setting_set"),
        "{operations:?}"
    );
    let change = SettingChange {
        key: "name".into(),
        value: "Autre".into(),
    };
    let forbidden = forward::<settings::Set>(&session, &change)
        .unwrap()
        .unwrap_err();
    assert_eq!(
        (forbidden.status, forbidden.kind.as_str()),
        (403, "forbidden")
    );
    let beside =
        form::perform_one_value_form::<settings::Set>(&session, "name", change).unwrap_err();
    assert_eq!(beside.field.as_deref(), Some("name"));
    assert_eq!(beside.message, forbidden.message);

    // the server ends the session (logged out elsewhere): the next command says so, the
    // shell leaves the server and the window is sent back to log in again
    session.with_remote(|sam| sam.logout()).unwrap();
    let ended = form::perform::<members::List>(&session, Default::default()).unwrap_err();
    assert!(ended.contains("reconnectez-vous"), "{ended}");
    assert!(session.server_connection().connected.is_none());
    assert!(matches!(
        session.status(),
        DatabaseStatus::FirstRun { problem: Some(StartupProblem::SessionEnded { ref url }), .. }
            if *url == server.url
    ));
    assert!(wait_for(&sent, |e| *e == ShellEvent::SessionEnded));
    // and the next start suggests the last server and user
    let last = session.server_connection().last.unwrap();
    assert_eq!(last.user, "sam");
}
