-- The books as an accountant expects them (ANC 2018-06).

-- What the general assembly decided to do with a closed year's result: carry it over
-- (« report à nouveau », 110/119) or put it in reserves (1068). Until then the result stays
-- in 120/129. Each allocation is an OD entry of the journal, dated the day it was decided.
CREATE TABLE result_allocations (
    id           INTEGER PRIMARY KEY,
    year         INTEGER NOT NULL REFERENCES closed_years (year),
    destination  TEXT NOT NULL CHECK (destination IN ('report', 'reserves')),
    -- signed like the result: a deficit's allocation is negative
    amount_cents INTEGER NOT NULL CHECK (amount_cents <> 0),
    allocated_on TEXT NOT NULL,
    created_at   TEXT NOT NULL
) STRICT;

CREATE INDEX result_allocations_year ON result_allocations (year);

-- Volunteer time (contributions volontaires en nature, 864/875): shown apart from the result.
CREATE TABLE volunteering (
    id         INTEGER PRIMARY KEY,
    day        TEXT NOT NULL,
    -- hundredths of an hour, so 1.25 h is 125
    hundredths INTEGER NOT NULL CHECK (hundredths > 0),
    member_id  INTEGER REFERENCES members (id) ON DELETE SET NULL,
    label      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;

CREATE INDEX volunteering_day ON volunteering (day);
