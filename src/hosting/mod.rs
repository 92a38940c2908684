//! What the association hosts for its members: service accounts, quota, Nextcloud.

pub mod accounts;
pub mod nextcloud;
pub mod quota;
