-- Erasure: the service accounts left to delete on the servers are kept with the erasure
-- request (a JSON list of {service, login}) until an admin records they are deleted, so the
-- list can be shown again after the erasure.
ALTER TABLE data_requests ADD COLUMN accounts_to_delete TEXT NOT NULL DEFAULT '[]';
