-- The transparency report counts, for each income source, the distinct people who
-- contributed over a financial year (a member once, a named payer once, each anonymous gift
-- once; cancelled payments and their reversals not at all). Counted from the ledger, that is a
-- pass over every income line of the year, each joined to its entry and probed for a
-- reversal, then a distinct count (0.45 s of CPU on the large profile). Kept here instead, on
-- every write to the ledger, whoever writes (issue 22).
--
-- `income_payer_days` holds one row per income source, day and payer with at least one
-- counted income line. A period's count is then a distinct count over the period's rows of
-- one index range per source (about 40 ms for a year of the large profile), whatever the
-- period's bounds: a financial year starts on any day, and a closed year keeps its own. Days
-- are integers (20250131) and payers a member's id, a named payer's lowered name or an
-- anonymous entry's id negated, so that the table, a row per income entry, stays small. (A
-- row per payer's first day in a period would make the count an index count, but keeping
-- each row's previous day costs three times as much on every write: an import of 10,000
-- payments paid 0.27 s for it.)

-- Which accounts make which income source: `name` is the report's key (`IncomeSource::key`,
-- whose accounts a test checks against these), `source` the code the kept rows hold.
CREATE TABLE income_source_accounts (
    account TEXT PRIMARY KEY,
    source  INTEGER NOT NULL,
    name    TEXT NOT NULL
) WITHOUT ROWID, STRICT;
INSERT INTO income_source_accounts (account, source, name) VALUES
    ('7561', 1, 'fees'), ('7562', 1, 'fees'), ('706', 2, 'storage'), ('7541', 3, 'donations'),
    ('740', 4, 'subsidies'), ('758', 5, 'other');

-- Every income line with its source, payer and day, and whether it counts (not a reversal,
-- not reversed): the one definition the kept rows and a fresh recount share.
CREATE VIEW income_lines AS
SELECT l.id AS line_id, l.entry_id,
       (SELECT s.source FROM income_source_accounts s WHERE s.account = l.account) AS source,
       CASE WHEN e.member_id IS NOT NULL THEN e.member_id
            WHEN e.counterparty <> '' THEN lower(e.counterparty)
            ELSE -e.id END AS who,
       CAST(replace(e.entry_date, '-', '') AS INTEGER) AS day_number,
       e.kind <> 'reversal'
           AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_id = e.id) AS counted
FROM ledger_lines l JOIN ledger_entries e ON e.id = l.entry_id
WHERE l.account IN (SELECT account FROM income_source_accounts);

CREATE TABLE income_payer_days (
    source     INTEGER NOT NULL,
    -- the day as an integer: 20250131
    day_number INTEGER NOT NULL,
    who        ANY NOT NULL,
    -- the counted income lines of this source, day and payer (a row left with none is
    -- deleted in the same statement)
    lines      INTEGER NOT NULL,
    PRIMARY KEY (source, day_number, who)
) WITHOUT ROWID, STRICT;

INSERT INTO income_payer_days (source, day_number, who, lines)
SELECT source, day_number, who, count(*) FROM income_lines WHERE counted GROUP BY source, day_number, who;

-- Every write to the ledger moves the kept rows: what counted before it is taken out (BEFORE,
-- while the ledger is as it was), what counts after it is put in (AFTER). A new line, the one
-- frequent write, is put in straight; for the others a trigger names the line or the entries
-- to take out (-1) or put in (+1) in `income_payer_moves`, whose own triggers move them and
-- leave it empty.
CREATE TABLE income_payer_moves (
    line_id  INTEGER,
    entry_id INTEGER,
    sign     INTEGER NOT NULL CHECK (sign IN (-1, 1))
);
CREATE TRIGGER income_payer_moves_out AFTER INSERT ON income_payer_moves WHEN NEW.sign = -1
BEGIN
    UPDATE income_payer_days
    SET lines = lines - (SELECT count(*) FROM income_lines c
                         WHERE (c.line_id = NEW.line_id OR c.entry_id = NEW.entry_id)
                           AND c.counted AND c.source = income_payer_days.source
                           AND c.day_number = income_payer_days.day_number
                           AND c.who = income_payer_days.who)
    WHERE (source, day_number, who) IN (SELECT source, day_number, who FROM income_lines
                                        WHERE (line_id = NEW.line_id OR entry_id = NEW.entry_id) AND counted);
    DELETE FROM income_payer_days
    WHERE lines <= 0 AND (source, day_number, who) IN (SELECT source, day_number, who
                                                       FROM income_lines WHERE (line_id = NEW.line_id OR entry_id = NEW.entry_id) AND counted);
    DELETE FROM income_payer_moves;
END;
CREATE TRIGGER income_payer_moves_in AFTER INSERT ON income_payer_moves WHEN NEW.sign = 1
BEGIN
    INSERT INTO income_payer_days (source, day_number, who, lines)
    SELECT source, day_number, who, count(*) FROM income_lines WHERE (line_id = NEW.line_id OR entry_id = NEW.entry_id) AND counted
    GROUP BY source, day_number, who
    ON CONFLICT (source, day_number, who) DO UPDATE SET lines = lines + excluded.lines;
    DELETE FROM income_payer_moves;
END;

-- an income line written (straight from the line and its entry: an import writes thousands),
-- or removed
CREATE TRIGGER income_payers_line_insert AFTER INSERT ON ledger_lines
WHEN NEW.account IN (SELECT account FROM income_source_accounts)
BEGIN
    INSERT INTO income_payer_days (source, day_number, who, lines)
    SELECT s.source, CAST(replace(e.entry_date, '-', '') AS INTEGER),
           CASE WHEN e.member_id IS NOT NULL THEN e.member_id
                WHEN e.counterparty <> '' THEN lower(e.counterparty)
                ELSE -e.id END, 1
    FROM ledger_entries e, income_source_accounts s
    WHERE e.id = NEW.entry_id AND s.account = NEW.account AND e.kind <> 'reversal'
      AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_id = e.id)
    ON CONFLICT (source, day_number, who) DO UPDATE SET lines = lines + 1;
END;
CREATE TRIGGER income_payers_line_delete BEFORE DELETE ON ledger_lines
WHEN OLD.account IN (SELECT account FROM income_source_accounts)
BEGIN
    INSERT INTO income_payer_moves (line_id, sign) VALUES (OLD.id, -1);
END;

-- a line moved to another account or entry (by hand: the app never does it)
CREATE TRIGGER income_payers_line_before_update BEFORE UPDATE OF entry_id, account ON ledger_lines
WHEN OLD.account IN (SELECT account FROM income_source_accounts)
BEGIN
    INSERT INTO income_payer_moves (line_id, sign) VALUES (OLD.id, -1);
END;
CREATE TRIGGER income_payers_line_after_update AFTER UPDATE OF entry_id, account ON ledger_lines
WHEN NEW.account IN (SELECT account FROM income_source_accounts)
BEGIN
    INSERT INTO income_payer_moves (line_id, sign) VALUES (NEW.id, 1);
END;

-- a reversal written: the entry it cancels stops counting
CREATE TRIGGER income_payers_reversal_insert BEFORE INSERT ON ledger_entries
WHEN NEW.reverses_id IS NOT NULL
BEGIN
    INSERT INTO income_payer_moves (entry_id, sign) VALUES (NEW.reverses_id, -1);
END;

-- an entry removed (its lines went first); a reversal removed: the entry it cancelled counts
-- again (the purge removes both, the reversal first)
CREATE TRIGGER income_payers_entry_before_delete BEFORE DELETE ON ledger_entries
BEGIN
    INSERT INTO income_payer_moves (entry_id, sign) VALUES (OLD.id, -1);
END;
CREATE TRIGGER income_payers_entry_after_delete AFTER DELETE ON ledger_entries
WHEN OLD.reverses_id IS NOT NULL
BEGIN
    INSERT INTO income_payer_moves (entry_id, sign) VALUES (OLD.reverses_id, 1);
END;

-- an entry's payer, day, kind or reversal changed (an erasure scrubs the payer, the purge
-- anonymises an old entry: each anonymous entry then counts once); a reversal moved to
-- another entry changes whether both count
CREATE TRIGGER income_payers_entry_before_update
BEFORE UPDATE OF id, member_id, counterparty, entry_date, kind, reverses_id ON ledger_entries
BEGIN
    INSERT INTO income_payer_moves SELECT NULL, id, -1 FROM ledger_entries WHERE id IN (OLD.id, NEW.id, OLD.reverses_id, NEW.reverses_id);
END;
CREATE TRIGGER income_payers_entry_after_update
AFTER UPDATE OF id, member_id, counterparty, entry_date, kind, reverses_id ON ledger_entries
BEGIN
    INSERT INTO income_payer_moves SELECT NULL, id, 1 FROM ledger_entries WHERE id IN (OLD.id, NEW.id, OLD.reverses_id, NEW.reverses_id);
END;
