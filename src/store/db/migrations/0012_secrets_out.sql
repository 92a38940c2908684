-- Secrets out of the file: the Nextcloud app password moves to the secret store (the system
-- keyring, else a sealed file in the user's config folder; see src/store/secrets.rs), found
-- there by this file's random identity. Before this SQL runs, migrations.rs has made the
-- `file_id` setting and copied the password out; here its row is deleted (secure_delete is on:
-- its bytes are overwritten) and its table dropped. Only when it was changed stays here.

INSERT OR IGNORE INTO settings (key, value) VALUES ('file_id', lower(hex(randomblob(16))));

ALTER TABLE nextcloud_server ADD COLUMN password_changed_at TEXT;

UPDATE nextcloud_server
SET password_changed_at = (SELECT changed_at FROM nextcloud_secret WHERE id = 1);

DELETE FROM nextcloud_secret;

DROP TABLE nextcloud_secret;
