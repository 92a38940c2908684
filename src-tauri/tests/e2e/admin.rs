//! End-to-end: Plans and tiers, accounts and quota, the Nextcloud connector, settings.
