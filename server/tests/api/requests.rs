//! The register of data requests over HTTP: one request shown with the accounts its erasure
//! left to delete, and recording those accounts deleted, per role.

use crate::support::Server;
use serde_json::json;

#[test]
fn a_request_is_shown_to_its_readers_and_its_accounts_recorded_deleted_by_its_writers() {
    let server = Server::start();
    let (sara, adam, aude) = (
        server.login("sara"),
        server.login("adam"),
        server.login("aude"),
    );
    let member = json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org"});
    let added = server.post("/api/members", Some(&sara), true, &member);
    assert_eq!(added.status, 200, "{:?}", added.body);
    let today = panier::kernel::dates::today().to_string();
    let fields = json!({"member": "ada@example.org", "kind": "erasure", "receivedOn": today,
                        "identityCheck": "courriel", "notes": ""});
    let request = server.post("/api/ops/add_request", Some(&sara), true, &fields);
    assert_eq!(request.status, 200, "{:?}", request.body);
    let id = json!({"id": request.body["id"]});

    let shown = server.post("/api/ops/request_show", Some(&aude), true, &id);
    assert_eq!(shown.status, 200, "{:?}", shown.body);
    assert_eq!(
        shown.body["request"], request.body,
        "the register's own view"
    );
    assert_eq!(shown.body["accountsToDelete"], json!([]));
    let refused = server.post("/api/ops/request_show", Some(&adam), true, &id);
    assert_eq!(refused.status, 403, "{:?}", refused.body);

    // the role's refusal for those who may not; for the secretary, the rule's: no erasure
    // left accounts with this request
    for (login, status) in [(&aude, 403), (&adam, 403), (&sara, 409)] {
        let done = server.post("/api/ops/request_accounts_deleted", Some(login), true, &id);
        assert_eq!(done.status, status, "{:?}", done.body);
    }
    let rule = server.post("/api/ops/request_accounts_deleted", Some(&sara), true, &id);
    assert!(
        rule.body["message"]
            .as_str()
            .unwrap()
            .contains("aucun compte"),
        "{:?}",
        rule.body
    );
    let missing = json!({"id": request.body["id"].as_i64().unwrap() + 1});
    let unknown = server.post("/api/ops/request_show", Some(&sara), true, &missing);
    assert_eq!(unknown.status, 404, "{:?}", unknown.body);
}
