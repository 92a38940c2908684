//! The books of a financial year: the income statement and balance (`panier books`).

use super::{Access, Area, Operation};
use crate::books::statements::{self, Statement as BooksStatement};
use crate::kernel::error::{Error, Result};
use crate::kernel::lang::Lang;
use crate::store::db::Database;
use serde::{Deserialize, Serialize};

/// Which financial year, and the language of its headings.
#[derive(Debug, Clone, Deserialize, Serialize)]
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
        // a year a person could mean (and whose dates the calendar holds)
        if !(1000..=9999).contains(&query.year) {
            return Err(Error::invalid(
                "année",
                query.year.to_string(),
                "une année de 1000 à 9999",
                "a year from 1000 to 9999",
            ));
        }
        statements::statement(db.conn(), query.year, query.lang)
    }
}
