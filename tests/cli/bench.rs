//! `panier bench`: its JSON has every name, each with numbers, and it leaves nothing behind.
//! Never a timing assertion: how fast is the bench's business, not a test's.

use std::process::Command;

/// The bench's own list: each must be in the JSON, with numbers.
use panier::demo::bench::NAMES;

#[test]
fn bench_small_prints_every_name_with_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_panier"))
        .args([
            "bench",
            "--profile",
            "small",
            "--runs",
            "1",
            "--format",
            "json",
        ])
        .env_remove("PANIER_DB")
        .env("TMPDIR", tmp.path())
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "panier bench failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(json["profile"], "small");
    assert_eq!(json["members"].as_i64(), Some(300));
    assert!(json["ledger_lines"].as_i64().unwrap() > 300);
    assert!(json["db_bytes"].as_u64().unwrap() > 0);
    let results = json["results"].as_array().expect("results");
    let names: Vec<&str> = results
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, NAMES);
    for r in results {
        for key in ["median_ms", "p95_ms"] {
            let ms = r[key].as_f64();
            assert!(
                ms.is_some_and(|ms| ms.is_finite() && ms >= 0.0),
                "{}: {key} = {}",
                r["name"],
                r[key]
            );
        }
    }
    // the temporary association is gone
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn bench_refuses_an_unknown_profile() {
    let out = Command::new(env!("CARGO_BIN_EXE_panier"))
        .args(["bench", "--profile", "huge", "--runs", "1"])
        .env_remove("PANIER_DB")
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("huge"));
}
