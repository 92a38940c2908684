-- The dashboard counts the service accounts over and near their quota at every refresh: a
-- scan of the whole table (60,000 accounts on the large profile). This index holds only the
-- two columns it reads, so the count walks it instead of every account's row (issue 22).
CREATE INDEX service_accounts_quota ON service_accounts (quota_bytes, used_bytes);
