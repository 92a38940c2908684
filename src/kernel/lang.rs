//! The two languages Panier speaks: French first, English second.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// Picks the French or the English text.
    pub fn pick<'a>(self, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    /// A count with the language's thousands separator: `12 345` (a narrow no-break space, as
    /// in amounts) or `12,345`.
    pub fn number(self, n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let separator = match self {
            Lang::Fr => '\u{202f}',
            Lang::En => ',',
        };
        let mut grouped = String::with_capacity(digits.len() + 4);
        if n < 0 {
            grouped.push('-');
        }
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(separator);
            }
            grouped.push(digit);
        }
        grouped
    }

    /// The word agreed with `n`: French takes the singular below 2 (`0 membre`, `1 membre`,
    /// `2 membres`), English only for 1 (`0 members`, `1 member`).
    pub fn agree<'a>(self, n: i64, one: &'a str, many: &'a str) -> &'a str {
        let singular = match self {
            Lang::Fr => n.abs() < 2,
            Lang::En => n.abs() == 1,
        };
        if singular {
            one
        } else {
            many
        }
    }

    /// `n` and its noun, agreed: `1 membre`, `2 345 membres`, `1 member`, `2,345 members`.
    /// `fr` and `en`: (singular, plural).
    pub fn count(self, n: i64, fr: (&str, &str), en: (&str, &str)) -> String {
        let (one, many) = match self {
            Lang::Fr => fr,
            Lang::En => en,
        };
        format!("{} {}", self.number(n), self.agree(n, one, many))
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "fr" | "français" | "francais" | "french" => Ok(Lang::Fr),
            "en" | "english" | "anglais" => Ok(Lang::En),
            other => Err(format!("langue inconnue « {other} » (fr ou en)")),
        }
    }
}

/// A sentence in both languages, for an answer the reader's window words in its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct LocalisedText {
    pub fr: String,
    pub en: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_the_language_s_thousands_separator() {
        assert_eq!(Lang::Fr.number(1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(Lang::En.number(1_234_567), "1,234,567");
        assert_eq!(Lang::Fr.number(999), "999");
        assert_eq!(Lang::En.number(-12_000), "-12,000");
        assert_eq!(Lang::Fr.number(0), "0");
    }

    #[test]
    fn nouns_agree_with_their_count() {
        let member = (("membre", "membres"), ("member", "members"));
        let said = |lang: Lang, n| lang.count(n, member.0, member.1);
        assert_eq!(said(Lang::Fr, 0), "0 membre");
        assert_eq!(said(Lang::Fr, 1), "1 membre");
        assert_eq!(said(Lang::Fr, 2), "2 membres");
        assert_eq!(said(Lang::Fr, 2000), "2\u{202f}000 membres");
        assert_eq!(said(Lang::En, 0), "0 members");
        assert_eq!(said(Lang::En, 1), "1 member");
        assert_eq!(said(Lang::En, 1500), "1,500 members");
        assert_eq!(Lang::Fr.agree(1, "créée", "créées"), "créée");
    }
}
