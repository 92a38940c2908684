-- Storage quota bonuses, and the Nextcloud connector: its server, its secret, and what it
-- knows of each account on the server.

-- A bonus on top of an account's tiers. `until` is the last day it counts (included);
-- NULL: no end. Who gave it, when and why stay with it.
CREATE TABLE quota_grants (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES service_accounts (id) ON DELETE CASCADE,
    bytes      INTEGER NOT NULL CHECK (bytes > 0),
    reason     TEXT NOT NULL CHECK (reason <> ''),
    until      TEXT,
    granted_at TEXT NOT NULL,
    granted_by TEXT NOT NULL
) STRICT;

CREATE INDEX quota_grants_account ON quota_grants (account_id);

-- The one Nextcloud server Panier talks to (OCS Provisioning API).
CREATE TABLE nextcloud_server (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    url         TEXT NOT NULL,
    admin_user  TEXT NOT NULL,
    ocs_version INTEGER NOT NULL DEFAULT 1 CHECK (ocs_version IN (1, 2)),
    updated_at  TEXT NOT NULL
) STRICT;

-- The admin's app password, alone in its table: never printed, exported or written in the
-- audit log (which only says "password changed").
CREATE TABLE nextcloud_secret (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    app_password TEXT NOT NULL,
    changed_at   TEXT NOT NULL
) STRICT;

-- Per Nextcloud account: what the server last told us, and how the last push went.
CREATE TABLE nextcloud_sync (
    account_id      INTEGER PRIMARY KEY REFERENCES service_accounts (id) ON DELETE CASCADE,
    -- 1: the user exists on the server; 0: it does not (to create); NULL: not known (assumed)
    remote_exists   INTEGER CHECK (remote_exists IN (0, 1)),
    remote_enabled  INTEGER CHECK (remote_enabled IN (0, 1)),
    -- the quota as the server last reported it ('5 GB', 'none', a byte count)
    remote_quota    TEXT,
    in_sync         INTEGER NOT NULL DEFAULT 0 CHECK (in_sync IN (0, 1)),
    last_error      TEXT,
    last_attempt_at TEXT,
    last_ok_at      TEXT
) STRICT;
