//! Writing CSV for spreadsheets, with the `csv` crate, and the guard against CSV formula
//! injection (OWASP): a text cell that a spreadsheet would run as a formula gets a leading `'`.
//!
//! Each export says, column by column, which cells are text (names, labels, notes — anything a
//! person typed or another tool sent) and which are values Panier formats itself (amounts,
//! dates, ids, codes). Only text is guarded: `-12.50` in an amount column stays a number.

use crate::kernel::error::{Error, Result};
use std::borrow::Cow;

/// One cell of a row, and whether a person could have typed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell<'a> {
    /// free text: guarded when it starts like a formula
    Text(&'a str),
    /// an amount, a date, an id or a code written by Panier: never guarded
    Value(&'a str),
}

/// How rows end: CRLF (RFC 4180, what spreadsheets write) or a bare LF (for `lines()` readers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnd {
    Crlf,
    Lf,
}

/// The characters a spreadsheet reads as the start of a formula (OWASP's list).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `text` needs the guard: it starts like a formula, or it already starts with the
/// guard followed by something that needs it (so that `'=x` typed by a person comes back as
/// `'=x`, not `=x`, after an export and an import).
fn needs_guard(text: &str) -> bool {
    match text.chars().next() {
        Some(c) if FORMULA_STARTS.contains(&c) => true,
        Some('\'') => needs_guard(&text[1..]),
        _ => false,
    }
}

/// `=HYPERLINK(…)` → `'=HYPERLINK(…)`; `Dupont` unchanged.
pub fn guard_formula(text: &str) -> Cow<'_, str> {
    if needs_guard(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The inverse of [`guard_formula`], for a cell read back from a file: `'+33 6…` → `+33 6…`.
pub fn unguard_formula(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => text,
    }
}

/// A CSV text being written, row by row (quoted only where needed: separator, quote, line
/// break).
pub struct CsvSheet {
    writer: csv::Writer<Vec<u8>>,
}

impl CsvSheet {
    /// `separator` is `b';'` for French spreadsheets, `b','` for RFC 4180; `bom` starts the
    /// text with a UTF-8 byte-order mark (Excel needs it to read UTF-8).
    pub fn new(separator: u8, line_end: LineEnd, bom: bool) -> Self {
        let start = if bom {
            "\u{feff}".as_bytes().to_vec()
        } else {
            Vec::new()
        };
        let writer = csv::WriterBuilder::new()
            .delimiter(separator)
            .terminator(match line_end {
                LineEnd::Crlf => csv::Terminator::CRLF,
                LineEnd::Lf => csv::Terminator::Any(b'\n'),
            })
            .quote_style(csv::QuoteStyle::Necessary)
            .flexible(true)
            .from_writer(start);
        CsvSheet { writer }
    }

    /// A header line: names Panier chose, written as they are.
    pub fn header(&mut self, names: &[&str]) -> Result<()> {
        self.writer.write_record(names).map_err(write_error)
    }

    /// One row; text cells are guarded against formulas.
    pub fn row(&mut self, cells: &[Cell<'_>]) -> Result<()> {
        for cell in cells {
            let text = match cell {
                Cell::Text(text) => guard_formula(text),
                Cell::Value(text) => Cow::Borrowed(*text),
            };
            self.writer
                .write_field(text.as_bytes())
                .map_err(write_error)?;
        }
        self.writer.write_record(None::<&[u8]>).map_err(write_error)
    }

    /// The whole text.
    pub fn finish(self) -> Result<String> {
        let bytes = self
            .writer
            .into_inner()
            .map_err(|e| write_error(e.into_error().into()))?;
        // Only `&str` cells went in, so the bytes are UTF-8.
        String::from_utf8(bytes).map_err(|e| {
            Error::invalid(
                "csv",
                "",
                format!("CSV mal formé : {e}"),
                format!("malformed CSV: {e}"),
            )
        })
    }
}

fn write_error(e: csv::Error) -> Error {
    Error::invalid(
        "csv",
        "",
        format!("écriture du CSV impossible : {e}"),
        format!("cannot write the CSV: {e}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_starts_like_a_formula_is_guarded_and_comes_back() {
        for (typed, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
            ("-x", "'-x"),
            ("@home", "'@home"),
            ("\tcmd", "'\tcmd"),
            ("\rcmd", "'\rcmd"),
            ("'=already", "''=already"),
            ("Dupont", "Dupont"),
            ("'quoted", "'quoted"),
            ("", ""),
        ] {
            assert_eq!(guard_formula(typed), written, "{typed:?}");
            assert_eq!(unguard_formula(written), typed, "{written:?}");
        }
    }

    #[test]
    fn values_are_never_guarded_and_fields_are_quoted_where_needed() {
        let mut sheet = CsvSheet::new(b';', LineEnd::Lf, false);
        sheet.header(&["montant", "nom"]).unwrap();
        sheet
            .row(&[Cell::Value("-12.50"), Cell::Text("-12.50")])
            .unwrap();
        sheet
            .row(&[Cell::Value("1"), Cell::Text("a;\"b\"\nc")])
            .unwrap();
        assert_eq!(
            sheet.finish().unwrap(),
            "montant;nom\n-12.50;'-12.50\n1;\"a;\"\"b\"\"\nc\"\n"
        );
        let mut sheet = CsvSheet::new(b',', LineEnd::Crlf, true);
        sheet.row(&[Cell::Text("x,y")]).unwrap();
        assert_eq!(sheet.finish().unwrap(), "\u{feff}\"x,y\"\r\n");
    }
}
