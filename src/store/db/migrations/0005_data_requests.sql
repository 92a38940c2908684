-- Members' data rights (GDPR art. 12-20): the register of their requests, and the day a
-- member was erased (their profile pseudonymised; their books kept until purged).

CREATE TABLE data_requests (
    id               INTEGER PRIMARY KEY,
    -- set to NULL when the member's last records are purged: the register keeps the request
    member_id        INTEGER REFERENCES members (id) ON DELETE SET NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('access', 'portability', 'rectification', 'erasure', 'other')),
    received_on      TEXT NOT NULL,
    -- how the requester's identity was checked ("reply from the member's address", ...)
    identity_check   TEXT NOT NULL,
    -- the answer is due one month after receipt, plus the extension if any (1 or 2 months)
    extension_months INTEGER NOT NULL DEFAULT 0 CHECK (extension_months BETWEEN 0 AND 2),
    extension_reason TEXT NOT NULL DEFAULT '',
    -- the day the member was told of the extension (within the first month)
    member_told_on   TEXT,
    status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'refused')),
    answered_on      TEXT,
    notes            TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    CHECK ((status = 'open') = (answered_on IS NULL)),
    CHECK ((extension_months = 0) = (member_told_on IS NULL))
) STRICT;

CREATE INDEX data_requests_member ON data_requests (member_id);
CREATE INDEX data_requests_open ON data_requests (status, received_on);

ALTER TABLE members ADD COLUMN erased_on TEXT;
