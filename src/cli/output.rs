//! How the CLI prints data: an aligned table for people, CSV or JSON for programs.

use clap::ValueEnum;
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

/// Prints rows as an aligned table (header first).
pub fn table(header: &[&str], rows: &[Vec<String>]) {
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
}

/// Prints rows as `;`-separated UTF-8 CSV (what French spreadsheets open directly).
pub fn csv(header: &[&str], rows: &[Vec<String>]) {
    let line = |cells: Vec<&str>| {
        let out: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
        println!("{}", out.join(";"));
    };
    line(header.to_vec());
    for row in rows {
        line(row.iter().map(|s| s.as_str()).collect());
    }
}

pub fn csv_field(cell: &str) -> String {
    if cell.contains([';', '"', '\n', '\r', ',']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// Prints the id of something just created: bare, or `{"id": …}` in JSON.
pub fn created(format: Format, id: i64, what: &str) -> anyhow::Result<()> {
    match format {
        Format::Json => json(&serde_json::json!({ "id": id })),
        _ => {
            println!("{id}");
            eprintln!("{what} n° {id} créé·e.");
            Ok(())
        }
    }
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
