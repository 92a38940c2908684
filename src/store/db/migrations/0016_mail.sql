-- Mail that goes out (src/bridges/mail): the SMTP server's settings (its password is in the
-- secret store, never here), every message Panier hands to it, and reminders sent by mail.

CREATE TABLE mail_server (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    host        TEXT NOT NULL,
    port        INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    user        TEXT NOT NULL,
    -- the From mailbox as typed: `AMIPO <tresorerie@amipo.fr>`
    from_mailbox TEXT NOT NULL,
    reply_to    TEXT NOT NULL DEFAULT '',
    -- 'starttls' (port 587), 'tls' (implicit TLS, port 465), 'none' (loopback only)
    tls         TEXT NOT NULL CHECK (tls IN ('starttls', 'tls', 'none')),
    -- a PEM file of extra certificate authorities to trust (a self-signed server), or ''
    ca_file     TEXT NOT NULL DEFAULT '',
    -- at most this many messages a minute (the server's limits)
    per_minute  INTEGER NOT NULL DEFAULT 30 CHECK (per_minute BETWEEN 1 AND 6000),
    password_changed_at TEXT,
    updated_at  TEXT NOT NULL
) STRICT;

-- One row per message handed to the server. `sending` is written before the SMTP exchange
-- and becomes `sent` (accepted), `refused` (5xx: for good) or `retry` (4xx, connection lost)
-- after it; a `sending` row left by a crash means "perhaps sent": never sent again blindly.
CREATE TABLE mail_log (
    id          INTEGER PRIMARY KEY,
    -- 'reminder', 'receipt' or 'test'
    purpose     TEXT NOT NULL CHECK (purpose IN ('reminder', 'receipt', 'test')),
    member_id   INTEGER REFERENCES members (id) ON DELETE CASCADE,
    -- a reminder: its kind and the end of the period it is about
    reminder_kind TEXT CHECK (reminder_kind IN ('due', 'grace', 'expired')),
    period_end  TEXT,
    -- a receipt: its id (the receipt stays when a member is erased: the log goes)
    receipt_id  INTEGER REFERENCES receipts (id),
    recipient   TEXT NOT NULL,
    subject     TEXT NOT NULL,
    message_id  TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'refused', 'retry')),
    -- the server's answer for refused and retry: `550 5.1.1 no such user`
    detail      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE INDEX mail_log_member ON mail_log (member_id, purpose);
CREATE INDEX mail_log_receipt ON mail_log (receipt_id);

-- 'mail' joins the channels a reminder went out by: the table is rebuilt with the new CHECK
-- (SQLite cannot change one in place); nothing refers to its rows.
CREATE TABLE reminders_sent_new (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('due', 'grace', 'expired')),
    -- the end (excluded) of the membership period the reminder is about
    period_end   TEXT NOT NULL,
    member_email TEXT NOT NULL,
    -- 'mail' (sent by Panier through the SMTP server), 'mailto' (opened in the mail client),
    -- 'copy' (text copied), 'other'
    channel      TEXT NOT NULL CHECK (channel IN ('mail', 'mailto', 'copy', 'other')),
    sent_on      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (member_id, kind, period_end)
) STRICT;

INSERT INTO reminders_sent_new
SELECT id, member_id, kind, period_end, member_email, channel, sent_on, created_at
FROM reminders_sent;

DROP TABLE reminders_sent;

ALTER TABLE reminders_sent_new RENAME TO reminders_sent;
