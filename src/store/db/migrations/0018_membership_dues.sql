-- What a member owes for a membership not paid yet (issue #20: Paheko's unpaid
-- subscriptions). A period in `subscriptions` is what was paid or given, and everything
-- (renewals, quota, reports) counts it as a membership; a due is not one. It stays
-- outstanding until a period of the same member and plan overlaps it (membership::dues):
-- derived, never a flag, like the status of every period.
CREATE TABLE membership_dues (
    id               INTEGER PRIMARY KEY,
    member_id        INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    plan_id          INTEGER NOT NULL REFERENCES plans (id),
    starts_on        TEXT NOT NULL,
    ends_before      TEXT NOT NULL,
    amount_due_cents INTEGER NOT NULL CHECK (amount_due_cents >= 0),
    -- where it comes from: "paheko" for an import
    source           TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    CHECK (starts_on < ends_before)
) STRICT;

CREATE INDEX membership_dues_member ON membership_dues (member_id, plan_id);

-- Paheko's unpaid subscriptions are remembered as dues ('due'), so that a second import
-- neither doubles them nor takes them for periods.
CREATE TABLE paheko_ids_new (
    kind      TEXT NOT NULL CHECK (kind IN ('user', 'fee', 'subscription', 'due', 'year', 'transaction')),
    paheko_id INTEGER NOT NULL,
    panier_id INTEGER NOT NULL,
    PRIMARY KEY (kind, paheko_id)
) STRICT;
INSERT INTO paheko_ids_new (kind, paheko_id, panier_id) SELECT kind, paheko_id, panier_id FROM paheko_ids;
DROP TABLE paheko_ids;
ALTER TABLE paheko_ids_new RENAME TO paheko_ids;
