//! Typed ids, so a member id is never passed where a plan id is expected.

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                i64::column_result(value).map($name)
            }
        }
    )*};
}

id_type!(
    /// A row of `members`.
    MemberId,
    /// A row of `plans` (a membership fee or a storage tier).
    PlanId,
    /// A row of `subscriptions`.
    SubscriptionId,
    /// A row of `service_accounts`.
    AccountId,
    /// A row of `ledger_entries`.
    EntryId,
    /// A row of `audit_log`.
    AuditId,
    /// A row of `quota_grants`.
    GrantId,
    /// A row of `data_requests` (a member's request about their data).
    RequestId,
    /// A row of `authority_requests` (charter C7).
    AuthorityRequestId,
    /// A row of `software` (charter C8).
    SoftwareId,
    /// A row of `confidentiality_signoffs` (charter C9).
    SignoffId,
);
