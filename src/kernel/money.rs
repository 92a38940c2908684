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

const UNITS: [&str; 17] = [
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze",
    "douze", "treize", "quatorze", "quinze", "seize",
];

/// 0–99 in French words; `last` is false when a noun-less multiplier follows (« mille »),
/// which drops the plural of « quatre-vingts ».
fn words_below_100(n: u64, last: bool) -> String {
    let n = n as usize;
    match n {
        0..=16 => UNITS[n].to_string(),
        17..=19 => format!("dix-{}", UNITS[n - 10]),
        20..=69 => {
            let tens = [
                "",
                "",
                "vingt",
                "trente",
                "quarante",
                "cinquante",
                "soixante",
            ][n / 10];
            match n % 10 {
                0 => tens.to_string(),
                1 => format!("{tens} et un"),
                u => format!("{tens}-{}", UNITS[u]),
            }
        }
        71 => "soixante et onze".to_string(),
        70..=79 => format!("soixante-{}", words_below_100((n - 60) as u64, last)),
        80 if last => "quatre-vingts".to_string(),
        80 => "quatre-vingt".to_string(),
        _ => format!("quatre-vingt-{}", words_below_100((n - 80) as u64, last)),
    }
}

/// 0–999 in French words (« deux cents » but « deux cent mille », « deux cent un »).
fn words_below_1000(n: u64, last: bool) -> String {
    let (hundreds, rest) = (n / 100, n % 100);
    if hundreds == 0 {
        return words_below_100(rest, last);
    }
    let head = if hundreds == 1 {
        "cent".to_string()
    } else {
        format!("{} cent", UNITS[hundreds as usize])
    };
    if rest == 0 {
        if hundreds > 1 && last {
            format!("{head}s")
        } else {
            head
        }
    } else {
        format!("{head} {}", words_below_100(rest, last))
    }
}

/// A whole number in French words (traditional spelling): 71 « soixante et onze »,
/// 80 « quatre-vingts », 1 000 « mille », 2 000 000 « deux millions ».
pub fn number_in_french_words(n: u64) -> String {
    if n == 0 {
        return "zéro".into();
    }
    let mut parts = Vec::new();
    let billions = n / 1_000_000_000;
    let millions = (n / 1_000_000) % 1000;
    let thousands = (n / 1000) % 1000;
    let rest = n % 1000;
    if billions > 0 {
        let w = number_in_french_words(billions);
        parts.push(format!(
            "{w} milliard{}",
            if billions > 1 { "s" } else { "" }
        ));
    }
    if millions > 0 {
        let w = words_below_1000(millions, true);
        parts.push(format!(
            "{w} million{}",
            if millions > 1 { "s" } else { "" }
        ));
    }
    if thousands > 0 {
        parts.push(if thousands == 1 {
            "mille".to_string()
        } else {
            format!("{} mille", words_below_1000(thousands, false))
        });
    }
    if rest > 0 {
        parts.push(words_below_1000(rest, true));
    }
    parts.join(" ")
}

/// An amount in French words, as a tax receipt writes it: 1 234,56 € → « mille deux cent
/// trente-quatre euros et cinquante-six centimes »; 0,01 € → « un centime »; 1 000 000 € →
/// « un million d'euros ».
pub fn in_french_words(cents: Cents) -> String {
    let negative = cents < 0;
    let abs = cents.unsigned_abs();
    let (euros, rest) = (abs / 100, abs % 100);
    let mut text = String::new();
    if euros > 0 || rest == 0 {
        let w = number_in_french_words(euros);
        let unit = if euros > 1 { "euros" } else { "euro" };
        if euros >= 1_000_000 && euros % 1_000_000 == 0 {
            text = format!("{w} d'euros");
        } else {
            text = format!("{w} {unit}");
        }
    }
    if rest > 0 {
        let w = number_in_french_words(rest);
        let unit = if rest > 1 { "centimes" } else { "centime" };
        if text.is_empty() {
            text = format!("{w} {unit}");
        } else {
            text = format!("{text} et {w} {unit}");
        }
    }
    if negative {
        format!("moins {text}")
    } else {
        text
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

    #[test]
    fn amounts_in_french_words() {
        let w = |c: i64| in_french_words(c);
        assert_eq!(w(1), "un centime");
        assert_eq!(w(0), "zéro euro");
        assert_eq!(w(100), "un euro");
        assert_eq!(w(101), "un euro et un centime");
        assert_eq!(w(8000), "quatre-vingts euros");
        assert_eq!(w(7100), "soixante et onze euros");
        assert_eq!(w(9100), "quatre-vingt-onze euros");
        assert_eq!(w(8100), "quatre-vingt-un euros");
        assert_eq!(w(7700), "soixante-dix-sept euros");
        assert_eq!(w(2100), "vingt et un euros");
        assert_eq!(w(1700), "dix-sept euros");
        assert_eq!(w(20000), "deux cents euros");
        assert_eq!(w(20100), "deux cent un euros");
        assert_eq!(w(10000), "cent euros");
        assert_eq!(w(100_000), "mille euros");
        assert_eq!(w(200_000), "deux mille euros");
        assert_eq!(
            w(123_456),
            "mille deux cent trente-quatre euros et cinquante-six centimes"
        );
        assert_eq!(w(8_000_000), "quatre-vingt mille euros");
        assert_eq!(w(20_000_000), "deux cent mille euros");
        assert_eq!(w(2_100_000), "vingt et un mille euros");
        assert_eq!(w(100_000_000), "un million d'euros");
        assert_eq!(w(8_000_000_000), "quatre-vingts millions d'euros");
        assert_eq!(w(200_008_000), "deux millions quatre-vingts euros");
        assert_eq!(w(3550), "trente-cinq euros et cinquante centimes");
    }
}
