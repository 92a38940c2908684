-- Closed financial years. Once a year is closed, nothing dated on or before its last day may
-- be written, changed or removed in the ledger: the triggers below refuse it at the lowest
-- level, whoever writes (ledger.rs refuses first, with a message a treasurer can read).
CREATE TABLE closed_years (
    -- the year in which the financial year starts
    year         INTEGER PRIMARY KEY,
    starts_on    TEXT NOT NULL,
    ends_before  TEXT NOT NULL,
    -- income minus expenses of the year, carried over (110 report à nouveau créditeur, 119
    -- débiteur) into the next year's balance
    result_cents INTEGER NOT NULL,
    closed_at    TEXT NOT NULL,
    closed_by    TEXT NOT NULL,
    CHECK (starts_on < ends_before)
) STRICT;

CREATE TRIGGER ledger_entries_closed_insert BEFORE INSERT ON ledger_entries
WHEN NEW.entry_date < (SELECT max(ends_before) FROM closed_years)
BEGIN
    SELECT RAISE(ABORT, 'exercice clos : écriture refusée');
END;

CREATE TRIGGER ledger_entries_closed_update BEFORE UPDATE OF entry_date, kind, method,
    amount_cents, reverses_id ON ledger_entries
WHEN (OLD.entry_date < (SELECT max(ends_before) FROM closed_years)
      OR NEW.entry_date < (SELECT max(ends_before) FROM closed_years))
     AND (OLD.entry_date IS NOT NEW.entry_date OR OLD.kind IS NOT NEW.kind
          OR OLD.method IS NOT NEW.method OR OLD.amount_cents IS NOT NEW.amount_cents
          OR OLD.reverses_id IS NOT NEW.reverses_id)
BEGIN
    SELECT RAISE(ABORT, 'exercice clos : modification refusée');
END;

CREATE TRIGGER ledger_entries_closed_delete BEFORE DELETE ON ledger_entries
WHEN OLD.entry_date < (SELECT max(ends_before) FROM closed_years)
BEGIN
    SELECT RAISE(ABORT, 'exercice clos : suppression refusée');
END;

CREATE TRIGGER ledger_lines_closed_insert BEFORE INSERT ON ledger_lines
WHEN (SELECT entry_date FROM ledger_entries WHERE id = NEW.entry_id)
     < (SELECT max(ends_before) FROM closed_years)
BEGIN
    SELECT RAISE(ABORT, 'exercice clos : ligne refusée');
END;

CREATE TRIGGER ledger_lines_closed_update BEFORE UPDATE ON ledger_lines
WHEN (SELECT entry_date FROM ledger_entries WHERE id = OLD.entry_id)
     < (SELECT max(ends_before) FROM closed_years)
  OR (SELECT entry_date FROM ledger_entries WHERE id = NEW.entry_id)
     < (SELECT max(ends_before) FROM closed_years)
BEGIN
    SELECT RAISE(ABORT, 'exercice clos : modification refusée');
END;

CREATE TRIGGER ledger_lines_closed_delete BEFORE DELETE ON ledger_lines
WHEN (SELECT entry_date FROM ledger_entries WHERE id = OLD.entry_id)
     < (SELECT max(ends_before) FROM closed_years)
BEGIN
    SELECT RAISE(ABORT, 'exercice clos : suppression refusée');
END;

-- A closed year is never reopened nor edited.
CREATE TRIGGER closed_years_no_update BEFORE UPDATE ON closed_years
BEGIN
    SELECT RAISE(ABORT, 'un exercice clos ne se modifie pas');
END;

CREATE TRIGGER closed_years_no_delete BEFORE DELETE ON closed_years
BEGIN
    SELECT RAISE(ABORT, 'un exercice clos ne se rouvre pas');
END;
