//! The CHATONS charter's registers over HTTP, as `panier charter …` does them: the admin
//! answers an authority request, changes and removes software, ends a sign-off; the auditor
//! reads the registers in full; the treasurer has no part in them.

use crate::support::Server;
use serde_json::json;

#[test]
fn the_charter_registers_are_written_by_the_admin_and_read_by_the_auditor() {
    let server = Server::start();
    let (adam, aude, tom) = (
        server.login("adam"),
        server.login("aude"),
        server.login("tom"),
    );
    let post = |op: &str, login, body: serde_json::Value| {
        server.post(&format!("/api/ops/{op}"), Some(login), true, &body)
    };
    let asked = json!({"receivedOn": "2026-03-02", "authority": "Gendarmerie",
                       "kind": "identification", "answer": "", "answeredOn": ""});
    let added = post("add_authority_request", &adam, asked);
    assert_eq!(added.status, 200, "{:?}", added.body);
    let answer = json!({"id": added.body["id"], "answer": "Rien à transmettre",
                        "answered_on": "05/03/2026"});
    for (login, status) in [(&aude, 403), (&tom, 403)] {
        let refused = post("answer_authority_request", login, answer.clone());
        assert_eq!(refused.status, status, "{:?}", refused.body);
    }
    let answered = post("answer_authority_request", &adam, answer);
    assert_eq!(answered.status, 200, "{:?}", answered.body);
    assert_eq!(answered.body["answered_on"], "2026-03-05");
    let too_early = json!({"id": added.body["id"], "answer": "x", "answered_on": "2026-03-01"});
    let refused = post("answer_authority_request", &adam, too_early);
    assert_eq!(refused.status, 422, "{:?}", refused.body);

    let software = post(
        "save_software",
        &adam,
        json!({"name": "Nextcloud", "version": "30"}),
    );
    assert_eq!(software.status, 200, "{:?}", software.body);
    assert_eq!(software.body["free"], true, "free unless said otherwise");
    let changed = json!({"id": software.body["id"], "version": "31", "description": "Fichiers"});
    let changed = post("save_software", &adam, changed);
    assert_eq!(changed.status, 200, "{:?}", changed.body);
    assert_eq!(
        (&changed.body["name"], &changed.body["version"]),
        (&json!("Nextcloud"), &json!("31")),
        "a field left out keeps its value"
    );
    let signoff = json!({"adminName": "Camille", "signedOn": "2026-01-10", "document": ""});
    let signed = post("add_signoff", &adam, signoff);
    assert_eq!(signed.status, 200, "{:?}", signed.body);
    let end = json!({"id": signed.body["id"], "ended_on": "2026-06-30"});
    let ended = post("end_signoff", &adam, end);
    assert_eq!(ended.status, 200, "{:?}", ended.body);

    let records = post("charter_records", &aude, json!(null));
    assert_eq!(records.status, 200, "{:?}", records.body);
    assert_eq!(
        records.body["authority_requests"][0]["answer"],
        "Rien à transmettre"
    );
    assert_eq!(records.body["software"][0]["description"], "Fichiers");
    assert_eq!(records.body["signoffs"][0]["ended_on"], "2026-06-30");
    assert_eq!(post("charter_records", &tom, json!(null)).status, 403);

    let gone = json!({"id": software.body["id"]});
    assert_eq!(post("remove_software", &aude, gone.clone()).status, 403);
    let removed = post("remove_software", &adam, gone.clone());
    assert_eq!(removed.status, 200, "{:?}", removed.body);
    assert_eq!(removed.body["version"], "31", "the software as it was");
    assert_eq!(post("remove_software", &adam, gone).status, 404);
    let records = post("charter_records", &adam, json!(null));
    assert_eq!(records.body["software"], json!([]));
}
