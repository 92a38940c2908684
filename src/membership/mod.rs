//! What a member subscribes to: plans and tiers, the periods paid, renewals due, and the
//! memberships owed and not paid yet (dues).

pub mod dues;
pub mod plans;
pub mod renewals;
pub mod subscriptions;
