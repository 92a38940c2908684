//! Money and the books: the ledger, payments, receipts, recurring expenses, financial years,
//! statements and the FEC.

pub mod accrual;
pub mod allocation;
pub mod chart;
pub mod closing;
pub mod fec;
pub mod ledger;
pub mod ledger_export;
pub mod payments;
pub mod receipts;
pub mod recurring;
pub mod reversal;
pub mod statements;
pub mod volunteering;
pub mod years;
