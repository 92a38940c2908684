-- Performance (issue 9), round 2: a large association's screens (50,000 members, 1,000,000
-- ledger lines over 10 years) each read a few hundred rows, whatever the file's size.

-- The ledger's totals per month, account and method: the day totals (migration 0007) summed
-- up once more, by triggers on them, so a year's statement reads 12 months instead of 365
-- days, and the balance's « everything before the year » 12 rows a year instead of 365. Both
-- tables change in the same transaction as the lines; `panier check` compares them.
CREATE TABLE ledger_month_totals (
    -- 'YYYY-MM'
    month        TEXT NOT NULL,
    account      TEXT NOT NULL,
    method       TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    lines        INTEGER NOT NULL CHECK (lines >= 0),
    PRIMARY KEY (month, account, method)
) STRICT, WITHOUT ROWID;

INSERT INTO ledger_month_totals (month, account, method, amount_cents, lines)
SELECT substr(day, 1, 7), account, method, sum(amount_cents), sum(lines)
FROM ledger_day_totals
WHERE true
GROUP BY substr(day, 1, 7), account, method;

CREATE TRIGGER ledger_day_totals_month_insert AFTER INSERT ON ledger_day_totals
BEGIN
    INSERT INTO ledger_month_totals (month, account, method, amount_cents, lines)
    VALUES (substr(NEW.day, 1, 7), NEW.account, NEW.method, NEW.amount_cents, NEW.lines)
    ON CONFLICT (month, account, method) DO UPDATE
    SET amount_cents = amount_cents + excluded.amount_cents, lines = lines + excluded.lines;
END;

CREATE TRIGGER ledger_day_totals_month_update AFTER UPDATE ON ledger_day_totals
BEGIN
    UPDATE ledger_month_totals
    SET amount_cents = amount_cents - OLD.amount_cents, lines = lines - OLD.lines
    WHERE month = substr(OLD.day, 1, 7) AND account = OLD.account AND method = OLD.method;
    INSERT INTO ledger_month_totals (month, account, method, amount_cents, lines)
    VALUES (substr(NEW.day, 1, 7), NEW.account, NEW.method, NEW.amount_cents, NEW.lines)
    ON CONFLICT (month, account, method) DO UPDATE
    SET amount_cents = amount_cents + excluded.amount_cents, lines = lines + excluded.lines;
    DELETE FROM ledger_month_totals
    WHERE month = substr(OLD.day, 1, 7) AND account = OLD.account AND method = OLD.method
      AND lines = 0;
END;

CREATE TRIGGER ledger_day_totals_month_delete AFTER DELETE ON ledger_day_totals
BEGIN
    UPDATE ledger_month_totals
    SET amount_cents = amount_cents - OLD.amount_cents, lines = lines - OLD.lines
    WHERE month = substr(OLD.day, 1, 7) AND account = OLD.account AND method = OLD.method;
    DELETE FROM ledger_month_totals
    WHERE month = substr(OLD.day, 1, 7) AND account = OLD.account AND method = OLD.method
      AND lines = 0;
END;

-- The end (excluded) of each member's latest fee period, started or not, kept by triggers on
-- subscriptions: the dashboard counts members by status, and the renewals list finds who is
-- due, in grace or expired, from an index range on it instead of every member's periods.
-- Only a member with a period not started yet needs their periods read (see dashboard.rs).
ALTER TABLE members ADD COLUMN fee_paid_until TEXT;

UPDATE members
SET fee_paid_until = (SELECT max(s.ends_before) FROM subscriptions s
                      JOIN plans p ON p.id = s.plan_id
                      WHERE s.member_id = members.id AND p.kind = 'fee')
WHERE true;

CREATE INDEX members_fee_paid_until ON members (fee_paid_until);

CREATE TRIGGER subscriptions_fee_insert AFTER INSERT ON subscriptions
WHEN (SELECT kind FROM plans WHERE id = NEW.plan_id) = 'fee'
BEGIN
    UPDATE members SET fee_paid_until = NEW.ends_before
    WHERE id = NEW.member_id
      AND (fee_paid_until IS NULL OR fee_paid_until < NEW.ends_before);
END;

CREATE TRIGGER subscriptions_fee_delete AFTER DELETE ON subscriptions
WHEN (SELECT kind FROM plans WHERE id = OLD.plan_id) = 'fee'
BEGIN
    UPDATE members
    SET fee_paid_until = (SELECT max(s.ends_before) FROM subscriptions s
                          JOIN plans p ON p.id = s.plan_id
                          WHERE s.member_id = OLD.member_id AND p.kind = 'fee')
    WHERE id = OLD.member_id;
END;

CREATE TRIGGER subscriptions_fee_update
AFTER UPDATE OF member_id, plan_id, ends_before ON subscriptions
BEGIN
    UPDATE members
    SET fee_paid_until = (SELECT max(s.ends_before) FROM subscriptions s
                          JOIN plans p ON p.id = s.plan_id
                          WHERE s.member_id = members.id AND p.kind = 'fee')
    WHERE id IN (OLD.member_id, NEW.member_id);
END;

-- Periods not started yet on a day (the dashboard's exceptions, above).
CREATE INDEX subscriptions_start ON subscriptions (starts_on);

-- The report counts each plan's members over a year: covering, so no period row is read.
CREATE INDEX subscriptions_plan ON subscriptions (plan_id, ends_before, starts_on, member_id);

-- The report's payments per plan over a year: covering.
CREATE INDEX ledger_entries_plan ON ledger_entries (plan_id, entry_date, kind, amount_cents)
WHERE plan_id IS NOT NULL;

-- An entry's lines with their account and amount in the index itself: the journal, the FEC
-- and the report read a year's lines entry by entry without a seek per line. It replaces the
-- index on entry_id alone, its prefix.
CREATE INDEX ledger_lines_entry_account ON ledger_lines (entry_id, account, amount_cents);
DROP INDEX ledger_lines_entry;
