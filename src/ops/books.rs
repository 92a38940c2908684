//! The books of a financial year: the income statement and balance (`panier books`).

use super::{Access, Area, Operation};
use crate::books::statements::{self, Statement as BooksStatement};
use crate::kernel::error::Result;
use crate::kernel::lang::Lang;
use crate::store::db::Database;
use serde::Deserialize;

/// Which financial year, and the language of its headings.
#[derive(Debug, Clone, Deserialize)]
pub struct BooksQuery {
    /// the year in which the financial year starts
    pub year: i32,
    #[serde(default)]
    pub lang: Lang,
}

/// A financial year's income statement and balance, as `panier books --format json` prints.
pub struct Statement;

impl Operation for Statement {
    const NAME: &'static str = "books_statement";
    const ACCESS: Access = Access::Read(Area::Books);
    type Request = BooksQuery;
    type Response = BooksStatement;

    fn run(db: &mut Database, query: BooksQuery) -> Result<BooksStatement> {
        statements::statement(db.conn(), query.year, query.lang)
    }
}
