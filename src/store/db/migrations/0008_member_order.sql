-- Performance (issue 9), round 2: the members list and the members CSV read in order from an
-- index. sort_key is the name as the list sorts it — surname (or the organisation's name),
-- first name, then email — folded like search_text (lower case, no accents), so « Élise »
-- sorts with « Elise ». members.rs and erasure.rs keep it. Walking (sort_key, search_text) in
-- order, a search checks its words in the index alone and stops at the page's last row
-- instead of sorting every match.
ALTER TABLE members ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';

UPDATE members SET sort_key = panier_sort_key(kind, first_name, last_name, org_name, email)
WHERE true;

CREATE INDEX members_sort ON members (sort_key, search_text);

-- sorted by sort_key now; nothing else ordered or searched by this one
DROP INDEX members_last_name;
