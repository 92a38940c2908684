-- What the public report needs to give a past year's figures, not today's: when each service
-- account opened and closed, and every quota it had since it opened.

-- The day the account opened (its creation, by default) and the day it was closed (disabled;
-- NULL while open). Disabled accounts of an older file take the day of their last `disable`
-- audit row, else their opening day: the closest this file knows.
ALTER TABLE service_accounts ADD COLUMN opened_on TEXT;
ALTER TABLE service_accounts ADD COLUMN closed_on TEXT;

UPDATE service_accounts SET opened_on = substr(created_at, 1, 10);
UPDATE service_accounts
SET closed_on = coalesce(
        (SELECT substr(max(a.at), 1, 10) FROM audit_log a
         WHERE a.entity = 'service_account' AND a.entity_id = service_accounts.id
           AND a.action = 'disable'),
        opened_on)
WHERE enabled = 0;

-- Each quota an account had, from the day it took effect (until the next row's day).
CREATE TABLE account_quota_changes (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES service_accounts (id) ON DELETE CASCADE,
    changed_on  TEXT NOT NULL,
    quota_bytes INTEGER NOT NULL CHECK (quota_bytes >= 0)
) STRICT;

CREATE INDEX account_quota_changes_account ON account_quota_changes (account_id, changed_on);

-- The history of an older file, from its audit log: the quota at opening (the `before` of
-- the first change, else today's), then each change the Nextcloud connector recorded.
INSERT INTO account_quota_changes (account_id, changed_on, quota_bytes)
SELECT s.id, s.opened_on,
       coalesce((SELECT json_extract(a.before, '$.quota_bytes') FROM audit_log a
                 WHERE a.entity = 'service_account' AND a.entity_id = s.id
                   AND json_valid(a.before) AND json_valid(a.after)
                   AND json_extract(a.before, '$.quota_bytes') IS NOT NULL
                   AND json_extract(a.after, '$.quota_bytes') IS NOT NULL
                   AND json_extract(a.before, '$.quota_bytes')
                       <> json_extract(a.after, '$.quota_bytes')
                 ORDER BY a.id LIMIT 1),
                s.quota_bytes)
FROM service_accounts s;

INSERT INTO account_quota_changes (account_id, changed_on, quota_bytes)
SELECT a.entity_id, substr(a.at, 1, 10), json_extract(a.after, '$.quota_bytes')
FROM audit_log a JOIN service_accounts s ON s.id = a.entity_id
WHERE a.entity = 'service_account' AND json_valid(a.before) AND json_valid(a.after)
  AND json_extract(a.before, '$.quota_bytes') IS NOT NULL
  AND json_extract(a.after, '$.quota_bytes') IS NOT NULL
  AND json_extract(a.before, '$.quota_bytes') <> json_extract(a.after, '$.quota_bytes')
ORDER BY a.id;

-- From now on the schema keeps the history itself, whichever code changes the quota (the
-- Nextcloud connector among others): a row when an account opens, a row when its quota moves.
CREATE TRIGGER service_accounts_quota_opened
AFTER INSERT ON service_accounts
BEGIN
    INSERT INTO account_quota_changes (account_id, changed_on, quota_bytes)
    VALUES (NEW.id, coalesce(NEW.opened_on, substr(NEW.created_at, 1, 10)), NEW.quota_bytes);
END;

CREATE TRIGGER service_accounts_quota_changed
AFTER UPDATE OF quota_bytes ON service_accounts
WHEN NEW.quota_bytes <> OLD.quota_bytes
BEGIN
    INSERT INTO account_quota_changes (account_id, changed_on, quota_bytes)
    VALUES (NEW.id, date('now'), NEW.quota_bytes);
END;
