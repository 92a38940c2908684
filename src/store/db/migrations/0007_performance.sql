-- Performance (issue 9): the ledger's totals per day, account and payment method, so a
-- year's income statement, the balance and the dashboard read a few thousand rows instead of
-- every ledger line (a year of a large association is 100,000 lines). The triggers below keep
-- them equal to the lines in the same transaction as every line written, changed or deleted,
-- whoever writes (ledger.rs, imports, reversals, purge); `panier check` verifies it.
CREATE TABLE ledger_day_totals (
    day          TEXT NOT NULL,
    account      TEXT NOT NULL,
    -- the entry's method: it chooses the treasury account (530 cash, else 512)
    method       TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    -- how many lines the row sums up; a row at 0 is deleted
    lines        INTEGER NOT NULL CHECK (lines >= 0),
    PRIMARY KEY (day, account, method)
) STRICT, WITHOUT ROWID;

INSERT INTO ledger_day_totals (day, account, method, amount_cents, lines)
SELECT e.entry_date, l.account, e.method, sum(l.amount_cents), count(*)
FROM ledger_lines l JOIN ledger_entries e ON e.id = l.entry_id
WHERE true
GROUP BY e.entry_date, l.account, e.method;

CREATE TRIGGER ledger_lines_totals_insert AFTER INSERT ON ledger_lines
BEGIN
    INSERT INTO ledger_day_totals (day, account, method, amount_cents, lines)
    SELECT e.entry_date, NEW.account, e.method, NEW.amount_cents, 1
    FROM ledger_entries e WHERE e.id = NEW.entry_id
    ON CONFLICT (day, account, method) DO UPDATE
    SET amount_cents = amount_cents + excluded.amount_cents, lines = lines + 1;
END;

CREATE TRIGGER ledger_lines_totals_delete AFTER DELETE ON ledger_lines
BEGIN
    -- the last line of its row deletes the row; otherwise (never both) it is subtracted
    DELETE FROM ledger_day_totals
    WHERE day = (SELECT entry_date FROM ledger_entries WHERE id = OLD.entry_id)
      AND account = OLD.account
      AND method = (SELECT method FROM ledger_entries WHERE id = OLD.entry_id)
      AND lines = 1;
    UPDATE ledger_day_totals
    SET amount_cents = amount_cents - OLD.amount_cents, lines = lines - 1
    WHERE day = (SELECT entry_date FROM ledger_entries WHERE id = OLD.entry_id)
      AND account = OLD.account
      AND method = (SELECT method FROM ledger_entries WHERE id = OLD.entry_id)
      AND lines > 1;
END;

CREATE TRIGGER ledger_lines_totals_update AFTER UPDATE OF entry_id, account, amount_cents
ON ledger_lines
BEGIN
    -- the last line of its row deletes the row; otherwise (never both) it is subtracted
    DELETE FROM ledger_day_totals
    WHERE day = (SELECT entry_date FROM ledger_entries WHERE id = OLD.entry_id)
      AND account = OLD.account
      AND method = (SELECT method FROM ledger_entries WHERE id = OLD.entry_id)
      AND lines = 1;
    UPDATE ledger_day_totals
    SET amount_cents = amount_cents - OLD.amount_cents, lines = lines - 1
    WHERE day = (SELECT entry_date FROM ledger_entries WHERE id = OLD.entry_id)
      AND account = OLD.account
      AND method = (SELECT method FROM ledger_entries WHERE id = OLD.entry_id)
      AND lines > 1;
    INSERT INTO ledger_day_totals (day, account, method, amount_cents, lines)
    SELECT e.entry_date, NEW.account, e.method, NEW.amount_cents, 1
    FROM ledger_entries e WHERE e.id = NEW.entry_id
    ON CONFLICT (day, account, method) DO UPDATE
    SET amount_cents = amount_cents + excluded.amount_cents, lines = lines + 1;
END;

-- An entry moved to another day or method carries its lines' totals along.
CREATE TRIGGER ledger_entries_totals_move AFTER UPDATE OF entry_date, method ON ledger_entries
WHEN OLD.entry_date IS NOT NEW.entry_date OR OLD.method IS NOT NEW.method
BEGIN
    UPDATE ledger_day_totals
    SET amount_cents = amount_cents - (SELECT sum(l.amount_cents) FROM ledger_lines l
                                       WHERE l.entry_id = NEW.id
                                         AND l.account = ledger_day_totals.account),
        lines = lines - (SELECT count(*) FROM ledger_lines l
                         WHERE l.entry_id = NEW.id AND l.account = ledger_day_totals.account)
    WHERE day = OLD.entry_date AND method = OLD.method
      AND account IN (SELECT account FROM ledger_lines WHERE entry_id = NEW.id);
    DELETE FROM ledger_day_totals
    WHERE day = OLD.entry_date AND method = OLD.method AND lines = 0;
    INSERT INTO ledger_day_totals (day, account, method, amount_cents, lines)
    SELECT NEW.entry_date, account, NEW.method, sum(amount_cents), count(*)
    FROM ledger_lines WHERE entry_id = NEW.id
    GROUP BY account
    ON CONFLICT (day, account, method) DO UPDATE
    SET amount_cents = amount_cents + excluded.amount_cents, lines = lines + excluded.lines;
END;

-- A HelloAsso payment already imported under another order (`helloasso:<order>:<payment>`):
-- the import looks it up by its payment reference, once per row; without this index each row
-- read every entry (10,000 rows on 600,000 entries: minutes).
CREATE INDEX ledger_entries_helloasso_payment
ON ledger_entries (substr(external_ref, instr(substr(external_ref, 11), ':') + 11))
WHERE substr(external_ref, 1, 10) = 'helloasso:';
