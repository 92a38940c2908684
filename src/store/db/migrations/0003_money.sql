-- The treasurer's money (issue 4): receipts, renewal reminders, recurring expenses.

-- Receipts issued: attestations de cotisation (series 'attestation') and tax receipts
-- (series 'tax': reçus fiscaux, one per gift or one yearly summary per donor). Numbers run
-- 1, 2, 3… per series and year of issue, without gap: a receipt is never deleted; a receipt
-- whose entry is reversed is kept and marked cancelled.
CREATE TABLE receipts (
    id             INTEGER PRIMARY KEY,
    series         TEXT NOT NULL CHECK (series IN ('attestation', 'tax')),
    -- 1 for a yearly summary receipt (several gifts of one donor)
    summary        INTEGER NOT NULL DEFAULT 0 CHECK (summary IN (0, 1)),
    issue_year     INTEGER NOT NULL,
    number         INTEGER NOT NULL CHECK (number > 0),
    -- the entry it is for; NULL for a yearly summary (see receipt_entries)
    entry_id       INTEGER REFERENCES ledger_entries (id),
    member_id      INTEGER REFERENCES members (id),
    -- the member's (donor's) name and postal address as printed on the first issue, so that
    -- a duplicata says the same
    member_name    TEXT NOT NULL,
    member_address TEXT NOT NULL DEFAULT '',
    -- the amount the receipt is for (the gift part only for a tax receipt)
    amount_cents   INTEGER NOT NULL CHECK (amount_cents > 0),
    -- for a yearly summary: the civil year of the gifts
    gifts_year     INTEGER,
    issued_on      TEXT NOT NULL,
    -- how many times it was printed again (each reprint says DUPLICATA)
    reprints       INTEGER NOT NULL DEFAULT 0,
    cancelled_on   TEXT,
    cancel_reason  TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    UNIQUE (series, issue_year, number)
) STRICT;

CREATE INDEX receipts_entry ON receipts (entry_id);
CREATE INDEX receipts_member ON receipts (member_id);

-- Which entries (and how much of each) a receipt covers.
CREATE TABLE receipt_entries (
    receipt_id   INTEGER NOT NULL REFERENCES receipts (id),
    entry_id     INTEGER NOT NULL REFERENCES ledger_entries (id),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    PRIMARY KEY (receipt_id, entry_id)
) STRICT;

CREATE INDEX receipt_entries_entry ON receipt_entries (entry_id);

-- Editable texts of the renewal reminders. Placeholders: {name}, {association}, {plan},
-- {end}, {amount}, {days}, {grace_end}.
CREATE TABLE reminder_templates (
    kind       TEXT NOT NULL CHECK (kind IN ('due', 'grace', 'expired')),
    lang       TEXT NOT NULL CHECK (lang IN ('fr', 'en')),
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kind, lang)
) STRICT;

INSERT INTO reminder_templates (kind, lang, subject, body) VALUES
('due', 'fr', 'Votre adhésion à {association} arrive à échéance le {end}',
'Bonjour {name},

Votre adhésion « {plan} » à {association} se termine le {end}. Pour continuer à profiter de nos services, vous pouvez la renouveler dès maintenant ({amount}).

Merci de votre soutien !

{association}'),
('due', 'en', 'Your {association} membership ends on {end}',
'Hello {name},

Your “{plan}” membership of {association} ends on {end}. To keep using our services, you can renew it now ({amount}).

Thank you for your support!

{association}'),
('grace', 'fr', 'Votre adhésion à {association} est arrivée à échéance',
'Bonjour {name},

Votre adhésion « {plan} » à {association} s''est terminée le {end}. Vos services restent ouverts jusqu''au {grace_end} : pensez à la renouveler ({amount}).

Merci de votre soutien !

{association}'),
('grace', 'en', 'Your {association} membership has ended',
'Hello {name},

Your “{plan}” membership of {association} ended on {end}. Your services stay open until {grace_end}: please renew it ({amount}).

Thank you for your support!

{association}'),
('expired', 'fr', 'Votre adhésion à {association} a expiré',
'Bonjour {name},

Votre adhésion « {plan} » à {association} a expiré le {end}. Si vous souhaitez nous rejoindre à nouveau, il suffit de la renouveler ({amount}).

À bientôt,

{association}'),
('expired', 'en', 'Your {association} membership has expired',
'Hello {name},

Your “{plan}” membership of {association} expired on {end}. If you would like to join us again, just renew it ({amount}).

See you soon,

{association}');

-- Reminders sent: one per member, kind and membership period (its end), never twice.
CREATE TABLE reminders_sent (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('due', 'grace', 'expired')),
    -- the end (excluded) of the membership period the reminder is about
    period_end   TEXT NOT NULL,
    member_email TEXT NOT NULL,
    -- 'mailto' (opened in the mail client), 'copy' (text copied), 'other'
    channel      TEXT NOT NULL CHECK (channel IN ('mailto', 'copy', 'other')),
    sent_on      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (member_id, kind, period_end)
) STRICT;

-- Expenses that come back (the monthly server rent): an occurrence every `every_months`
-- months from `starts_on` (same day of month, or the month's last day), up to `ends_on`.
CREATE TABLE recurring_expenses (
    id           INTEGER PRIMARY KEY,
    label        TEXT NOT NULL CHECK (label <> ''),
    category     TEXT NOT NULL,
    supplier     TEXT NOT NULL DEFAULT '',
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    method       TEXT NOT NULL,
    every_months INTEGER NOT NULL DEFAULT 1 CHECK (every_months >= 1),
    starts_on    TEXT NOT NULL,
    ends_on      TEXT,
    created_at   TEXT NOT NULL
) STRICT;

-- The expenses generated from a recurring one: at most one per occurrence date, so running
-- the generation twice never doubles an expense.
CREATE TABLE recurring_expense_entries (
    recurring_id INTEGER NOT NULL REFERENCES recurring_expenses (id),
    due_on       TEXT NOT NULL,
    entry_id     INTEGER NOT NULL UNIQUE REFERENCES ledger_entries (id),
    PRIMARY KEY (recurring_id, due_on)
) STRICT;
