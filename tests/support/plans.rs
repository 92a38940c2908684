//! A yearly plan as the quota tests of the core and of the CLI add it.

use panier::membership::plans::{PlanInput, PlanKind, PlanPeriod};

/// A plan of `kind` at `cents` for twelve months, with `quota` bytes, no counterpart.
pub fn yearly_plan(
    name: &str,
    kind: PlanKind,
    cents: i64,
    quota: Option<i64>,
    members_only: bool,
) -> PlanInput {
    PlanInput {
        name: name.into(),
        kind,
        amount_cents: cents,
        min_cents: None,
        counterpart_cents: 0,
        quota_bytes: quota,
        period: PlanPeriod::Months(12),
        members_only,
        covers_gap: false,
        description: String::new(),
    }
}
