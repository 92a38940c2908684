-- The CHATONS charter's registers (SPEC §1): what the association keeps so its public report
-- can answer items C7, C8 and C9.

-- C7: administrative or judicial requests received (police, courts, authorities).
CREATE TABLE authority_requests (
    id          INTEGER PRIMARY KEY,
    received_on TEXT NOT NULL,
    -- who asked (a court, a police service, an administration)
    authority   TEXT NOT NULL CHECK (authority <> ''),
    -- what was asked: 'identification', 'data', 'removal', 'other'
    kind        TEXT NOT NULL CHECK (kind IN ('identification', 'data', 'removal', 'other')),
    -- what the association answered (free text), empty while unanswered
    answer      TEXT NOT NULL DEFAULT '',
    answered_on TEXT,
    created_at  TEXT NOT NULL,
    CHECK (answered_on IS NULL OR answered_on >= received_on)
) STRICT;

CREATE INDEX authority_requests_received ON authority_requests (received_on);

-- C8: the software the association runs for its users, free or not.
CREATE TABLE software (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL CHECK (name <> ''),
    version    TEXT NOT NULL DEFAULT '',
    licence    TEXT NOT NULL DEFAULT '',
    free       INTEGER NOT NULL DEFAULT 1 CHECK (free IN (0, 1)),
    source_url TEXT NOT NULL DEFAULT '',
    -- the service it provides, as named in service_accounts.service (e.g. 'nextcloud')
    service    TEXT,
    -- the public address of that service
    service_url TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (name COLLATE NOCASE)
) STRICT;

-- C9: each admin's confidentiality commitment.
CREATE TABLE confidentiality_signoffs (
    id         INTEGER PRIMARY KEY,
    admin_name TEXT NOT NULL CHECK (admin_name <> ''),
    signed_on  TEXT NOT NULL,
    -- which text was signed (e.g. 'charte 2023'), free text
    document   TEXT NOT NULL DEFAULT '',
    -- the day the admin stopped being one; a withdrawn admin is no longer counted
    ended_on   TEXT,
    created_at TEXT NOT NULL
) STRICT;
