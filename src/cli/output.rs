//! How the CLI prints data: an aligned table for people, CSV or JSON for programs.

use clap::ValueEnum;
use panier::kernel::csv_sheet::{Cell, CsvSheet, LineEnd};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Table,
    Csv,
    Json,
}

/// Prints `value` as pretty JSON on stdout.
pub fn json(value: &impl Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// A server's settings shown: as JSON when asked (`null` when none), "no server configured"
/// when none; else the settings, for the caller to print as lines.
pub fn server_settings<T: Serialize>(
    lang: panier::Lang,
    format: Format,
    settings: Option<T>,
) -> anyhow::Result<Option<T>> {
    if format == Format::Json {
        json(&settings)?;
        return Ok(None);
    }
    if settings.is_none() {
        println!(
            "{}",
            lang.pick("Aucun serveur configuré.", "No server configured.")
        );
    }
    Ok(settings)
}

/// A listing: CSV as asked, else the table and, on standard error, how many rows it has
/// (`what`: the counted noun, French then English, singular then plural).
pub fn listing(
    lang: panier::Lang,
    format: Format,
    header: &[&str],
    rows: &[Vec<String>],
    what: ((&str, &str), (&str, &str)),
) {
    if format == Format::Csv {
        return csv(header, rows);
    }
    table(header, rows);
    eprintln!("{}", lang.count(rows.len() as i64, what.0, what.1));
}

/// Prints rows as an aligned table (header first), for people: a day is written the way the
/// language writes it (`05/12/2026`, `5 Dec 2026`), where CSV and JSON keep `2026-12-05`.
pub fn table(header: &[&str], rows: &[Vec<String>]) {
    let lang = language();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|cell| day_for_people(cell, lang)).collect())
        .collect();
    let rows = rows.as_slice();
    let header: Vec<&str> = header
        .iter()
        .map(|h| super::words::header_in(h, lang))
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                out.push_str(cell);
            } else {
                out.push_str(cell);
                out.push_str(&" ".repeat(widths[i] - cell.chars().count() + 2));
            }
        }
        println!("{}", out.trim_end());
    };
    line(header.to_vec());
    for row in rows {
        line(row.iter().map(|s| s.as_str()).collect());
    }
    if rows.is_empty() {
        eprintln!(
            "{}",
            language().pick("(liste vide : aucune ligne)", "(empty list: no rows)")
        );
    }
}

/// A cell that is an ISO day, written for people; any other cell as it is.
fn day_for_people(cell: &str, lang: panier::Lang) -> String {
    match chrono::NaiveDate::parse_from_str(cell, "%Y-%m-%d") {
        Ok(day) if cell.len() == 10 => panier::kernel::dates::day_short(day, lang),
        _ => cell.to_string(),
    }
}

/// Prints rows as `;`-separated UTF-8 CSV (what French spreadsheets open directly), written by
/// the `csv` crate. A cell that reads as a number (`-12.50`, `42`) is printed as it is; any
/// other cell starting like a spreadsheet formula (`=`, `+`, `-`, `@`) gets a leading `'`.
pub fn csv(header: &[&str], rows: &[Vec<String>]) {
    let mut sheet = CsvSheet::new(b';', LineEnd::Lf, false);
    let written = sheet.header(header).and_then(|()| {
        for row in rows {
            let cells: Vec<Cell<'_>> = row
                .iter()
                .map(|c| {
                    if is_number(c) {
                        Cell::Value(c)
                    } else {
                        Cell::Text(c)
                    }
                })
                .collect();
            sheet.row(&cells)?;
        }
        sheet.finish()
    });
    match written {
        Ok(text) => print!("{text}"),
        Err(e) => eprintln!("{e}"),
    }
}

/// `42`, `-12.50`, `-12,50`, `1 234,50`: digits with a sign, a decimal mark, spaces.
fn is_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    digits.starts_with(|c: char| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '\u{a0}'))
}

/// Prints the id of something just created: bare, or `{"id": …}` in JSON; and, for the person
/// reading, what was created, agreed in gender (« Formule n° 1 créée », « Compte n° 2 créé »).
pub fn created(format: Format, id: i64, what: &str) -> anyhow::Result<()> {
    match format {
        Format::Json => json(&serde_json::json!({ "id": id })),
        _ => {
            println!("{id}");
            eprintln!("{}", super::words::created_line(what, id, language()));
            Ok(())
        }
    }
}

/// Tells where a file was written and how big it is, on standard error (standard output keeps
/// the bare path for scripts): `Écrit : /chemin/rapport.pdf (12,3 Ko)`.
pub fn wrote(path: &std::path::Path) {
    let lang = language();
    let size = std::fs::metadata(path)
        .map(|m| panier::kernel::size::size_in(m.len() as i64, lang))
        .unwrap_or_else(|_| "?".into());
    eprintln!(
        "{} {} ({size})",
        lang.pick("Écrit :", "Written:"),
        path.display()
    );
}

static LANGUAGE: std::sync::OnceLock<panier::Lang> = std::sync::OnceLock::new();

/// The language of this run's messages, set once when the command line is read.
pub fn set_language(lang: panier::Lang) {
    let _ = LANGUAGE.set(lang);
}

fn language() -> panier::Lang {
    LANGUAGE.get().copied().unwrap_or_default()
}

/// Rows as CSV when asked, else as an aligned table.
pub fn rows(format: Format, header: &[&str], rows: &[Vec<String>]) {
    match format {
        Format::Csv => csv(header, rows),
        _ => table(header, rows),
    }
}

/// A listing command's only flag: `--format`.
#[derive(clap::Args)]
pub struct FormatArgs {
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}
