//! Money: `Decimal` euros in the API, integer cents in SQLite, never a float.

use crate::kernel::error::{Error, Result};
use crate::kernel::field::FieldName;
use rust_decimal::Decimal;

/// Cents as stored in the database.
pub type Cents = i64;

/// Parses an amount as a treasurer types it: `20`, `20.00` or `20,00` (one or two decimals,
/// a dot or a comma). Nothing else: no sign, no thousands separator, no currency symbol.
pub fn parse_amount(field: impl Into<FieldName>, text: &str) -> Result<Decimal> {
    let field = &field.into();
    let s = text.trim();
    let refuse = |fr: &str, en: &str| {
        Err(Error::invalid(
            field,
            text,
            format!("montant « {text} » illisible : {fr}"),
            format!("unreadable amount “{text}”: {en}"),
        ))
    };
    if s.is_empty() {
        return refuse("il est vide", "it is empty");
    }
    if s.starts_with('-') {
        return refuse(
            "un montant ne peut pas être négatif",
            "an amount cannot be negative",
        );
    }
    let (whole, frac) = match s.find(['.', ',']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return refuse(
            "écrivez des chiffres, avec au plus une virgule (20, 20.00 ou 20,00)",
            "write digits with at most one decimal separator (20, 20.00 or 20,00)",
        );
    }
    if let Some(frac) = frac {
        if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return refuse(
                "écrivez des chiffres, avec au plus une virgule (20, 20.00 ou 20,00)",
                "write digits with at most one decimal separator (20, 20.00 or 20,00)",
            );
        }
        if frac.len() > 2 {
            return refuse(
                "au plus deux chiffres après la virgule",
                "at most two digits after the decimal separator",
            );
        }
    }
    if whole.len() > 12 {
        return refuse("montant trop grand", "amount too large");
    }
    let cents_text = match frac {
        Some(f) => format!("{whole}{f:0<2}"),
        None => format!("{whole}00"),
    };
    let cents: i64 = cents_text
        .parse()
        .map_err(|_| Error::invalid(field, text, "montant trop grand", "amount too large"))?;
    Ok(from_cents(cents))
}

/// Converts euros to cents; refuses fractions of a cent rather than rounding them away.
pub fn to_cents(field: impl Into<FieldName>, amount: Decimal) -> Result<Cents> {
    let field = &field.into();
    let scaled = amount * Decimal::from(100);
    if scaled.fract() != Decimal::ZERO {
        return Err(Error::invalid(
            field,
            amount.to_string(),
            format!("le montant {amount} a plus de deux décimales"),
            format!("the amount {amount} has more than two decimals"),
        ));
    }
    i64::try_from(scaled).map_err(|_| {
        Error::invalid(
            field,
            amount.to_string(),
            "montant trop grand",
            "amount too large",
        )
    })
}

pub fn from_cents(cents: Cents) -> Decimal {
    Decimal::new(cents, 2)
}

/// `1234.5` → `"1234.50"`: the plain form used in JSON and CSV.
pub fn plain(cents: Cents) -> String {
    from_cents(cents).to_string()
}

/// `123456` → `"1 234,56 €"` (French) or `"€1,234.56"` (English), with a narrow no-break
/// space as French thousands separator.
pub fn display(cents: Cents, lang: crate::Lang) -> String {
    let negative = cents < 0;
    let abs = cents.unsigned_abs();
    let euros = abs / 100;
    let rest = abs % 100;
    let digits = euros.to_string();
    let sep = match lang {
        crate::Lang::Fr => '\u{202f}',
        crate::Lang::En => ',',
    };
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(sep);
        }
        grouped.push(ch);
    }
    let sign = if negative { "-" } else { "" };
    match lang {
        crate::Lang::Fr => format!("{sign}{grouped},{rest:02}\u{a0}€"),
        crate::Lang::En => format!("{sign}€{grouped}.{rest:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> i64 {
        to_cents("m", parse_amount("montant", s).unwrap()).unwrap()
    }

    #[test]
    fn accepts_the_three_written_forms() {
        assert_eq!(ok("20"), 2000);
        assert_eq!(ok("20.00"), 2000);
        assert_eq!(ok("20,00"), 2000);
        assert_eq!(ok("12,5"), 1250);
        assert_eq!(ok(" 0,05 "), 5);
    }

    #[test]
    fn refuses_everything_else_with_the_value_in_the_message() {
        for bad in [
            "12,5O", "-5", "1.234,56", "20.001", "", "20 €", "1 000", ",5", "5,", "abc",
        ] {
            let err = parse_amount("montant", bad).unwrap_err();
            assert_eq!(err.kind(), "invalid", "{bad}");
            assert!(err.to_string().contains("montant"), "{err}");
        }
        let err = parse_amount("montant", "12,5O").unwrap_err();
        assert!(err.to_string().contains("« 12,5O »"), "{err}");
    }

    #[test]
    fn displays_in_both_languages() {
        assert_eq!(display(123456, crate::Lang::Fr), "1\u{202f}234,56\u{a0}€");
        assert_eq!(display(123456, crate::Lang::En), "€1,234.56");
        assert_eq!(display(-500, crate::Lang::Fr), "-5,00\u{a0}€");
        assert_eq!(plain(2000), "20.00");
    }
}
