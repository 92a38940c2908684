//! Looking for a secret on disk: the core and CLI tests check that a password is in no
//! file but the secret store.

/// Every file under `dir` (not the secret store's `config` folder) that holds `needle`.
pub fn files_holding(dir: &std::path::Path, needle: &[u8]) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.is_dir() {
            if entry.file_name() != "config" {
                found.extend(files_holding(&path, needle));
            }
        } else if std::fs::read(&path)
            .unwrap()
            .windows(needle.len())
            .any(|w| w == needle)
        {
            found.push(path);
        }
    }
    found
}

/// The names of the tables of an SQLite file, for the checks that read every row.
pub fn table_names(conn: &rusqlite::Connection) -> Vec<String> {
    conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Every text value of every table, with its table's name, for leak checks.
pub fn all_texts(conn: &rusqlite::Connection) -> Vec<(String, String)> {
    let mut texts = Vec::new();
    for t in table_names(conn) {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                if let Ok(Some(s)) = row.get::<_, Option<String>>(i) {
                    texts.push((t.clone(), s));
                }
            }
        }
    }
    texts
}
