//! What the association publishes: the transparency report, the economic-model page,
//! ChatonsInfos and the charter's registers.

pub mod charter;
pub mod report;
