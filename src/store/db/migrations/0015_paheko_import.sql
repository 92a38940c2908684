-- Moving in from Paheko (issue #20). Which Panier row each Paheko row became, so that a
-- second import of the same file adds nothing; the association the content came from, so
-- that a Panier file never mixes two; and the income and expense accounts of Paheko's chart
-- that Panier's lacks, kept under their own number and label.
CREATE TABLE paheko_source (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    -- the association's name and the first day of its first financial year
    identity    TEXT NOT NULL,
    org_name    TEXT NOT NULL,
    version     TEXT NOT NULL,
    imported_at TEXT NOT NULL
) STRICT;

CREATE TABLE paheko_ids (
    kind      TEXT NOT NULL CHECK (kind IN ('user', 'fee', 'subscription', 'year', 'transaction')),
    paheko_id INTEGER NOT NULL,
    panier_id INTEGER NOT NULL,
    PRIMARY KEY (kind, paheko_id)
) STRICT;

CREATE TABLE imported_accounts (
    number TEXT PRIMARY KEY CHECK (number GLOB '[67]*'),
    label  TEXT NOT NULL,
    source TEXT NOT NULL
) STRICT;
