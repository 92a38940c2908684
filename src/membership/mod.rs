//! What a member subscribes to: plans and tiers, the periods paid, renewals due.

pub mod plans;
pub mod renewals;
pub mod subscriptions;
