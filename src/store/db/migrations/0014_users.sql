-- The team server's users: who may log in, with which role (the rights are in src/ops).
-- The password is kept only as an Argon2id hash (PHC string); a disabled user keeps their
-- row so the audit log's names stay meaningful.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'treasurer', 'secretary', 'admin', 'auditor')),
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
