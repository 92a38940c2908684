//! Storage sizes, with Nextcloud's convention: 1 KB = 1024 B, 1 GB = 1 GiB = 1024³ B.

use crate::kernel::error::{Error, Result};
use crate::kernel::field::FieldName;
use crate::kernel::lang::Lang;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// The largest size or quota Panier takes: 1 PiB (1024⁵ bytes). Nothing a small hoster
/// grants comes near; anything above is a typo, and keeps sums of quotas far from `i64`'s
/// limit.
pub const MAX_BYTES: i64 = 1 << 50;

/// Refuses a byte count below zero or above [`MAX_BYTES`], naming the field.
pub fn check_size(field: impl Into<FieldName>, bytes: i64) -> Result<i64> {
    let field: FieldName = field.into();
    if (0..=MAX_BYTES).contains(&bytes) {
        return Ok(bytes);
    }
    Err(too_big(field, &bytes.to_string()))
}

fn too_big(field: impl Into<FieldName>, text: &str) -> Error {
    let field: FieldName = field.into();
    Error::invalid(
        field,
        text,
        format!("taille « {text} » hors limites : de 0 à 1 PiB (1024 TB)"),
        format!("size “{text}” out of bounds: from 0 to 1 PiB (1024 TB)"),
    )
}

/// `a + b` for sizes, refused (never wrapped) past [`MAX_BYTES`]: a total of quotas.
pub fn add_sizes(field: impl Into<FieldName>, a: i64, b: i64) -> Result<i64> {
    let field: FieldName = field.into();
    a.checked_add(b)
        .filter(|sum| (0..=MAX_BYTES).contains(sum))
        .ok_or_else(|| too_big(field, &format!("{a} + {b}")))
}

const UNITS: [(&str, u32); 5] = [("B", 0), ("KB", 1), ("MB", 2), ("GB", 3), ("TB", 4)];

/// Parses `5 GB`, `500MB`, `1.5 GiB`, `1,5 Go` or a plain byte count.
pub fn parse_size(field: impl Into<FieldName>, text: &str) -> Result<i64> {
    let field = &field.into();
    let s = text.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(s.len());
    let (number, unit) = (s[..split].trim(), s[split..].trim());
    let refuse = || {
        Error::invalid(
            field,
            text,
            format!("taille « {text} » illisible : écrivez par exemple 5 GB, 500MB, 1.5 GiB ou un nombre d'octets"),
            format!("unreadable size “{text}”: write e.g. 5 GB, 500MB, 1.5 GiB or a byte count"),
        )
    };
    let value: Decimal = number.replace(',', ".").parse().map_err(|_| refuse())?;
    let power = match unit.to_ascii_lowercase().as_str() {
        "" | "b" | "o" | "bytes" | "octets" => 0,
        "k" | "kb" | "kib" | "ko" => 1,
        "m" | "mb" | "mib" | "mo" => 2,
        "g" | "gb" | "gib" | "go" => 3,
        "t" | "tb" | "tib" | "to" => 4,
        _ => return Err(refuse()),
    };
    // checked: "73800000000000000000 GB" overflows a Decimal (found by tests/bad_input.rs)
    let bytes = value
        .checked_mul(Decimal::from(1024_i64.pow(power)))
        .ok_or_else(refuse)?;
    if bytes.fract() != Decimal::ZERO && power == 0 {
        return Err(refuse());
    }
    let bytes = bytes.floor().to_i64().ok_or_else(|| too_big(field, text))?;
    check_size(field, bytes).map_err(|_| too_big(field, text))
}

/// Shows a size the way Nextcloud does: the largest unit that keeps the number ≥ 1, one
/// decimal at most (`5 GB`, `1.5 GB`, `300 MB`).
pub fn display_size(bytes: i64) -> String {
    if bytes < 0 {
        return "∞".to_string();
    }
    let mut value = bytes as f64; // display only: never stored or summed
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{} {}", rounded as i64, UNITS[unit].0)
    } else {
        format!("{rounded:.1} {}", UNITS[unit].0)
    }
}

/// A size as a person reads it in `lang`: `15,5 Go`, `409,6 Mo` (a decimal comma and a
/// no-break space before the unit) or `15.5 GB`, `409.6 MB`; one decimal at most.
pub fn size_in(bytes: i64, lang: Lang) -> String {
    let english = display_size(bytes);
    match lang {
        Lang::En => english,
        Lang::Fr => {
            let Some((number, unit)) = english.split_once(' ') else {
                return english;
            };
            let unit = match unit {
                "B" => "o",
                "KB" => "Ko",
                "MB" => "Mo",
                "GB" => "Go",
                "TB" => "To",
                other => other,
            };
            format!("{}\u{a0}{unit}", number.replace('.', ","))
        }
    }
}

/// A share in percent, rounded to a whole number: `3 %` (French, a no-break space) or `3%`.
pub fn percent_in(part: i64, whole: i64, lang: Lang) -> String {
    let value = if whole <= 0 {
        0
    } else {
        // in integers: (part × 100 + whole / 2) / whole, rounded half up
        (i128::from(part) * 100 + i128::from(whole) / 2) / i128::from(whole)
    };
    match lang {
        Lang::Fr => format!("{value}\u{a0}%"),
        Lang::En => format!("{value}%"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_usual_spellings() {
        let gib = 1024_i64.pow(3);
        assert_eq!(parse_size("q", "5 GB").unwrap(), 5 * gib);
        assert_eq!(parse_size("q", "500MB").unwrap(), 500 * 1024 * 1024);
        assert_eq!(parse_size("q", "1.5 GiB").unwrap(), 3 * gib / 2);
        assert_eq!(parse_size("q", "1,5 Go").unwrap(), 3 * gib / 2);
        assert_eq!(parse_size("q", "1048576").unwrap(), 1048576);
        assert!(parse_size("q", "5 GX").is_err());
        assert!(parse_size("q", "-5 GB").is_err());
        assert!(parse_size("q", "").is_err());
    }

    #[test]
    fn sizes_are_bounded_and_sums_checked() {
        assert_eq!(parse_size("q", "1024 TB").unwrap(), MAX_BYTES);
        let err = parse_size("q", "1025 TB").unwrap_err();
        assert!(err.to_string().contains("hors limites"), "{err}");
        let err = parse_size("q", "99999999999999 TB").unwrap_err();
        assert!(err.to_string().contains("hors limites"), "{err}");
        assert!(check_size("q", -1).is_err());
        assert_eq!(add_sizes("q", MAX_BYTES - 1, 1).unwrap(), MAX_BYTES);
        assert!(add_sizes("q", MAX_BYTES, 1).is_err());
        assert!(add_sizes("q", i64::MAX, i64::MAX).is_err());
    }

    #[test]
    fn shows_sizes_like_nextcloud() {
        assert_eq!(display_size(5 * 1024_i64.pow(3)), "5 GB");
        assert_eq!(display_size(3 * 1024_i64.pow(3) / 2), "1.5 GB");
        assert_eq!(display_size(300 * 1024 * 1024), "300 MB");
        assert_eq!(display_size(12), "12 B");
    }

    #[test]
    fn shows_sizes_in_each_language() {
        let mib = 1024_i64 * 1024;
        assert_eq!(size_in(31 * 1024 * mib / 2, Lang::Fr), "15,5\u{a0}Go");
        assert_eq!(size_in(31 * 1024 * mib / 2, Lang::En), "15.5 GB");
        assert_eq!(size_in(4096 * mib / 10, Lang::Fr), "409,6\u{a0}Mo");
        assert_eq!(size_in(5 * 1024 * mib, Lang::Fr), "5\u{a0}Go");
        assert_eq!(size_in(12, Lang::Fr), "12\u{a0}o");
        assert_eq!(
            percent_in(4096 * mib / 10, 15 * 1024 * mib, Lang::Fr),
            "3\u{a0}%"
        );
        assert_eq!(percent_in(1, 3, Lang::En), "33%");
        assert_eq!(percent_in(2, 3, Lang::En), "67%");
        assert_eq!(percent_in(5, 0, Lang::Fr), "0\u{a0}%");
    }
}
