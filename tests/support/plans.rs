//! Plans as the tests add them: a yearly plan (the quota tests of the core and of the CLI), and
//! the plans the HelloAsso fixtures pay for.

#![allow(dead_code)]

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

/// A membership fee of `cents` over `period`, of which `counterpart_cents` pays a service (the
/// rest is a gift), open to anyone.
pub fn fee_with_counterpart(
    name: &str,
    cents: i64,
    counterpart_cents: i64,
    period: PlanPeriod,
) -> PlanInput {
    PlanInput {
        counterpart_cents,
        period,
        ..yearly_plan(name, PlanKind::Fee, cents, None, false)
    }
}

/// The plans the HelloAsso fixtures (tests/data/helloasso, the fake API's payments) pay for:
/// two fees and a 20 GB storage tier, by the civil year.
pub fn helloasso_plans() -> Vec<PlanInput> {
    [
        ("Adhésion individuelle", PlanKind::Fee, 15),
        ("Adhésion structure", PlanKind::Fee, 50),
        ("Stockage 20 Go", PlanKind::Tier, 24),
    ]
    .into_iter()
    .map(|(name, kind, euros)| PlanInput {
        name: name.into(),
        kind,
        amount_cents: euros * 100,
        min_cents: None,
        counterpart_cents: 0,
        quota_bytes: (kind == PlanKind::Tier).then_some(20 * 1024 * 1024 * 1024),
        period: PlanPeriod::Civil,
        members_only: false,
        covers_gap: false,
        description: String::new(),
    })
    .collect()
}
