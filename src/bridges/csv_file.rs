//! Reading a CSV file as spreadsheets and HelloAsso write it: the bytes decoded (UTF-8 with or
//! without BOM, else Windows-1252), the separator detected (`;`, `,` or tab), the records read
//! by the `csv` crate with the line each starts on; and the cells exports hold (dates, amounts).

use crate::kernel::dates::parse_date;
use crate::kernel::error::{Error, Result};
use crate::kernel::money::{parse_amount, to_cents, Cents};
use crate::kernel::search::fold;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;

/// A file's text and how it was written.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Decoded {
    pub text: String,
    /// `UTF-8` or `windows-1252`
    pub encoding: String,
    pub bom: bool,
}

/// Decodes UTF-8 (with or without BOM) or, when the bytes are not UTF-8, Windows-1252 (the
/// superset of Latin-1 that French spreadsheets write). Bytes that are neither are refused
/// with the line and column of the first bad byte: a control byte (NUL…) or a byte
/// Windows-1252 leaves undefined, or a file mixing UTF-8 and other bytes (a UTF-8 file
/// damaged, or two files pasted together), which no single reading would show right.
pub fn decode(bytes: &[u8]) -> Result<Decoded> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(Decoded {
            text: text.into_owned(),
            encoding: encoding.name().to_string(),
            bom: true,
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: text.to_string(),
            encoding: "UTF-8".into(),
            bom: false,
        }),
        Err(e) => {
            let first_bad = e.valid_up_to();
            if let Some(at) = bytes.iter().position(|b| not_windows_1252_text(*b)) {
                return Err(bad_byte(bytes, at, "windows-1252"));
            }
            let utf8_elsewhere = bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii());
            if utf8_elsewhere {
                return Err(bad_byte(bytes, first_bad, "UTF-8"));
            }
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok(Decoded {
                text: text.into_owned(),
                encoding: "windows-1252".into(),
                bom: false,
            })
        }
    }
}

/// A byte no text written in Windows-1252 holds: a control byte other than tab and line
/// breaks, or one of the five codes the encoding leaves undefined.
fn not_windows_1252_text(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
        || b == 0x7f
        || matches!(b, 0x81 | 0x8d | 0x8f | 0x90 | 0x9d)
}

/// The error for the byte at `at`: its line (from 1) and column (characters, from 1).
fn bad_byte(bytes: &[u8], at: usize, read_as: &str) -> Error {
    let line = 1 + bytes[..at].iter().filter(|b| **b == b'\n').count();
    let line_start = bytes[..at]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let column = 1 + String::from_utf8_lossy(&bytes[line_start..at])
        .chars()
        .count();
    let byte = bytes[at];
    Error::invalid(
        format!("ligne {line}"),
        format!("0x{byte:02X}"),
        format!("ligne {line}, colonne {column} : octet 0x{byte:02X} illisible ({read_as}) : le fichier n'est ni en UTF-8 ni en Windows-1252 ; enregistrez-le de nouveau en « CSV UTF-8 » depuis le tableur"),
        format!("line {line}, column {column}: unreadable byte 0x{byte:02X} ({read_as}): the file is neither UTF-8 nor Windows-1252; save it again as “CSV UTF-8” from the spreadsheet"),
    )
}

/// One record of a CSV file, with the line it starts on (the header is line 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub line: usize,
    pub cells: Vec<String>,
}

/// A CSV file: its separator, header and records.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub separator: char,
    pub header: Vec<String>,
    pub records: Vec<Record>,
    /// the header folded once (`column` is called for every cell read)
    folded: Vec<String>,
    /// each name `column` was asked, with its answer: an import asks the same few names for
    /// every row, and folding a name costs more than finding it here
    found: RefCell<HashMap<String, Option<usize>>>,
}

impl Table {
    /// The index of a column, found by its name ignoring case, accents and spaces around.
    pub fn column(&self, name: &str) -> Option<usize> {
        if let Some(found) = self.found.borrow().get(name) {
            return *found;
        }
        let wanted = fold(name.trim());
        let found = self.folded.iter().position(|h| *h == wanted);
        self.found.borrow_mut().insert(name.to_string(), found);
        found
    }

    /// The cell of `record` under the column `name` (trimmed), when both exist.
    pub fn cell<'a>(&self, record: &'a Record, name: &str) -> Option<&'a str> {
        self.column(name)
            .and_then(|i| record.cells.get(i))
            .map(|s| s.trim())
    }

    /// The header's name for a column (as the file writes it), for messages.
    pub fn header_name(&self, name: &str) -> String {
        self.column(name)
            .map(|i| self.header[i].clone())
            .unwrap_or_else(|| name.to_string())
    }
}

/// The separator of a header line: the most frequent of `;`, `,` and tab outside quotes.
/// (Hand-written on purpose: the `csv` crate reads with a separator it is given, it does not
/// guess one.)
pub fn detect_separator(header_line: &str) -> char {
    let mut counts = [(';', 0usize), (',', 0), ('\t', 0)];
    let mut quoted = false;
    for c in header_line.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted {
            for (sep, n) in counts.iter_mut() {
                if c == *sep {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(sep, n)| (*n, *sep == ';'))
        .map(|(sep, _)| *sep)
        .unwrap_or(';')
}

/// A last line added after the text: if a quote is left open, the `csv` crate (which reads an
/// open quote to the end of the input without complaint) swallows it into the open field, so
/// not finding it as the last record means a quote was never closed.
const END_MARK: &str = "\u{1}panier:end\u{1}";

/// Parses CSV text with the `csv` crate: quotes doubled inside quoted fields, line breaks
/// allowed in them, rows of any length; blank lines are ignored. The separator is the one
/// [`detect_separator`] finds on the first line (the crate does not guess it).
pub fn parse_csv(text: &str) -> Result<Table> {
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let separator = detect_separator(first_line);
    let marked = format!("{text}\n{END_MARK}\n");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator as u8)
        .has_headers(false)
        .flexible(true)
        .from_reader(marked.as_bytes());
    let mut rows: Vec<csv::StringRecord> = Vec::new();
    for row in reader.records() {
        rows.push(row.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            Error::invalid(
                format!("ligne {line}"),
                "",
                format!("ligne {line} : CSV illisible ({e})"),
                format!("line {line}: unreadable CSV ({e})"),
            )
        })?);
    }
    // The line a record starts on, counted here: the crate's own position is where it began
    // reading (before the blank lines it skips, and before the `\n` of a CRLF it has not yet
    // consumed). Records come in order, so the count goes on from the last one.
    let bytes = marked.as_bytes();
    let (mut counted_to, mut line) = (0usize, 1usize);
    let mut line_of = |row: &csv::StringRecord| -> usize {
        let mut start = row
            .position()
            .map_or(0, |p| p.byte() as usize)
            .max(counted_to);
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        line += bytes[counted_to..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        counted_to = start;
        line
    };
    let starts: Vec<usize> = rows.iter().map(&mut line_of).collect();
    match rows.pop() {
        Some(last) if last.len() == 1 && &last[0] == END_MARK => {}
        last => {
            let line = if last.is_some() {
                starts[rows.len()]
            } else {
                1
            };
            return Err(Error::invalid(
                format!("ligne {line}"),
                "\"",
                format!("ligne {line} : guillemet ouvert jamais refermé"),
                format!("line {line}: a quote is never closed"),
            ));
        }
    }
    let mut records: Vec<Record> = rows
        .iter()
        .zip(starts)
        .filter(|(row, _)| !(row.len() == 1 && row[0].trim().is_empty()))
        .map(|(row, line)| Record {
            line,
            cells: row.iter().map(str::to_string).collect(),
        })
        .collect();
    if records.is_empty() {
        return Err(Error::invalid(
            "fichier",
            "",
            "le fichier est vide",
            "the file is empty",
        ));
    }
    let header_record = records.remove(0);
    let header: Vec<String> = header_record
        .cells
        .into_iter()
        .map(|h| h.trim().to_string())
        .collect();
    Ok(Table {
        separator,
        folded: header.iter().map(|h| fold(h.trim())).collect(),
        found: RefCell::default(),
        header,
        records,
    })
}

/// A date as exports write it: `dd/mm/yyyy`, optionally followed by ` HH:MM` or ` HH:MM:SS`
/// (ISO `yyyy-mm-dd[THH:MM:SS]` is accepted too). A day that does not exist is refused.
pub fn parse_datetime(field: &str, text: &str) -> Result<NaiveDate> {
    let t = text.trim();
    let (day, time) = match t.split_once([' ', 'T']) {
        Some((d, rest)) => (d, Some(rest.trim())),
        None => (t, None),
    };
    if let Some(time) = time {
        let parts: Vec<&str> = time.split(':').collect();
        let limits = [24u32, 60, 60];
        let ok = (2..=3).contains(&parts.len())
            && parts.iter().zip(limits).all(|(p, max)| {
                p.len() == 2
                    && p.bytes().all(|b| b.is_ascii_digit())
                    && p.parse::<u32>().unwrap_or(99) < max
            });
        if !ok {
            return Err(Error::invalid(
                field,
                text,
                format!("date « {text} » illisible : écrivez JJ/MM/AAAA ou JJ/MM/AAAA HH:MM[:SS]"),
                format!("unreadable date “{text}”: write DD/MM/YYYY or DD/MM/YYYY HH:MM[:SS]"),
            ));
        }
    }
    parse_date(field, day).map_err(|e| match e {
        Error::Invalid { fr, en, .. } => Error::Invalid {
            field: field.into(),
            value: text.to_string(),
            fr,
            en,
        },
        other => other,
    })
}

/// An amount as exports write it: `45,00`, `45.00`, `45`, possibly followed by `€`; never
/// negative. Returns cents.
pub fn parse_export_amount(field: &str, text: &str) -> Result<Cents> {
    let cleaned: String = text
        .trim()
        .trim_end_matches('€')
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let amount = parse_amount(field, &cleaned).map_err(|e| match e {
        Error::Invalid { fr, en, .. } => Error::Invalid {
            field: field.into(),
            value: text.to_string(),
            fr: fr.replace(&format!("« {cleaned} »"), &format!("« {} »", text.trim())),
            en: en.replace(&format!("“{cleaned}”"), &format!("“{}”", text.trim())),
        },
        other => other,
    })?;
    to_cents(field, amount)
}
