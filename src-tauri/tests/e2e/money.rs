//! End-to-end: Money (payments, donations, expenses, receipts) and renewals.
