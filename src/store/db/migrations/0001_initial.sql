-- Panier schema, version 1. Money in integer cents, days as 'YYYY-MM-DD', instants as UTC
-- ISO-8601 text. Periods are [starts_on, ends_before): the end day is excluded.

-- The association's identity and preferences, one row per key (see settings.rs).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE members (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('person', 'organisation')),
    first_name  TEXT NOT NULL DEFAULT '',
    last_name   TEXT NOT NULL DEFAULT '',
    org_name    TEXT NOT NULL DEFAULT '',
    -- stored trimmed and lower-cased, so UNIQUE is case-insensitive
    email       TEXT NOT NULL UNIQUE,
    street      TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    city        TEXT NOT NULL DEFAULT '',
    country     TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    lang        TEXT NOT NULL DEFAULT 'fr' CHECK (lang IN ('fr', 'en')),
    joined_on   TEXT NOT NULL,
    notes       TEXT NOT NULL DEFAULT '',
    -- names and email folded (lower case, no accents) for search; kept by members.rs
    search_text TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK (kind = 'organisation' OR last_name <> '' OR first_name <> ''),
    CHECK (kind = 'person' OR org_name <> '')
) STRICT;

CREATE INDEX members_last_name ON members (last_name COLLATE NOCASE, first_name COLLATE NOCASE);

CREATE TABLE consents (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    purpose      TEXT NOT NULL,
    given_on     TEXT NOT NULL,
    withdrawn_on TEXT,
    UNIQUE (member_id, purpose)
) STRICT;

-- Membership fees (kind 'fee') and storage tiers (kind 'tier').
CREATE TABLE plans (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind              TEXT NOT NULL CHECK (kind IN ('fee', 'tier')),
    -- the price per period; with pay_what_you_want, the suggested price
    amount_cents      INTEGER NOT NULL CHECK (amount_cents >= 0),
    pay_what_you_want INTEGER NOT NULL DEFAULT 0 CHECK (pay_what_you_want IN (0, 1)),
    min_cents         INTEGER CHECK (min_cents >= 0),
    -- the part of a fee that pays for a service (account 7562); the rest is a gift (7561)
    counterpart_cents INTEGER NOT NULL DEFAULT 0 CHECK (counterpart_cents >= 0),
    quota_bytes       INTEGER CHECK (quota_bytes >= 0),
    -- 'civil' (1 January to 1 January) or 'months:N' (rolling)
    period            TEXT NOT NULL CHECK (period = 'civil' OR period GLOB 'months:[1-9]*'),
    members_only      INTEGER NOT NULL DEFAULT 0 CHECK (members_only IN (0, 1)),
    -- whether a late renewal starts where the last period ended (covering the gap)
    covers_gap        INTEGER NOT NULL DEFAULT 0 CHECK (covers_gap IN (0, 1)),
    description       TEXT NOT NULL DEFAULT '',
    archived          INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at        TEXT NOT NULL,
    CHECK (kind = 'tier' OR quota_bytes IS NULL),
    CHECK (kind = 'fee' OR quota_bytes IS NOT NULL)
) STRICT;

CREATE TABLE subscriptions (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    plan_id     INTEGER NOT NULL REFERENCES plans (id),
    starts_on   TEXT NOT NULL,
    ends_before TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    CHECK (starts_on < ends_before)
) STRICT;

CREATE INDEX subscriptions_member ON subscriptions (member_id, plan_id, ends_before);
CREATE INDEX subscriptions_end ON subscriptions (ends_before);

CREATE TABLE service_accounts (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    service      TEXT NOT NULL,
    login        TEXT NOT NULL,
    quota_bytes  INTEGER NOT NULL DEFAULT 0 CHECK (quota_bytes >= 0),
    used_bytes   INTEGER CHECK (used_bytes >= 0),
    used_seen_at TEXT,
    enabled      INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_at   TEXT NOT NULL,
    UNIQUE (service, login)
) STRICT;

CREATE INDEX service_accounts_member ON service_accounts (member_id);

-- One money movement. amount_cents is what it does to the treasury: income positive,
-- expense negative. Its lines split it over income or expense accounts and sum to it.
CREATE TABLE ledger_entries (
    id              INTEGER PRIMARY KEY,
    entry_date      TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('fee', 'tier', 'donation', 'subsidy', 'income', 'expense', 'reversal')),
    member_id       INTEGER REFERENCES members (id),
    -- who paid (income) or who was paid (expense: the supplier)
    counterparty    TEXT NOT NULL DEFAULT '',
    method          TEXT NOT NULL CHECK (method IN ('cash', 'cheque', 'transfer', 'card', 'helloasso', 'direct_debit', 'other')),
    label           TEXT NOT NULL DEFAULT '',
    amount_cents    INTEGER NOT NULL,
    plan_id         INTEGER REFERENCES plans (id),
    subscription_id INTEGER REFERENCES subscriptions (id),
    -- a reversal names the entry it cancels; an entry is reversed at most once
    reverses_id     INTEGER UNIQUE REFERENCES ledger_entries (id),
    reason          TEXT NOT NULL DEFAULT '',
    -- e.g. a HelloAsso payment reference, so an import never adds the same payment twice
    external_ref    TEXT UNIQUE,
    -- an expense that names a person (a volunteer's reimbursed costs): published only
    -- inside its category's total
    names_person    INTEGER NOT NULL DEFAULT 0 CHECK (names_person IN (0, 1)),
    created_at      TEXT NOT NULL,
    CHECK ((kind = 'reversal') = (reverses_id IS NOT NULL))
) STRICT;

CREATE INDEX ledger_entries_date ON ledger_entries (entry_date);
CREATE INDEX ledger_entries_member ON ledger_entries (member_id, entry_date);

CREATE TABLE ledger_lines (
    id           INTEGER PRIMARY KEY,
    entry_id     INTEGER NOT NULL REFERENCES ledger_entries (id),
    -- an account of the ANC 2018-06 chart, e.g. '7562'
    account      TEXT NOT NULL,
    amount_cents INTEGER NOT NULL
) STRICT;

CREATE INDEX ledger_lines_entry ON ledger_lines (entry_id);
CREATE INDEX ledger_lines_account ON ledger_lines (account);

-- One row per mutation, written in the mutation's own transaction.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    operator  TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    -- the member the change concerns, if any (for their data export and history)
    member_id INTEGER,
    before    TEXT,
    after     TEXT
) STRICT;

CREATE INDEX audit_log_member ON audit_log (member_id);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
