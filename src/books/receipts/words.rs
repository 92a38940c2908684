//! The amount in French words, as a tax receipt writes it (« somme en toutes lettres »).
//! The spelling comes from the `french-amount-words` crate (traditional spelling, euros and
//! centimes from integer cents, no float); the table below pins the rules a treasurer checks,
//! so a change of spelling in that crate fails here rather than on a signed receipt.

use crate::kernel::money::{display, Cents};
use crate::Lang;

/// 1 234,56 € → « mille deux cent trente-quatre euros et cinquante-six centimes »;
/// 0,01 € → « un centime »; 1 000 000 € → « un million d'euros ». Beyond what the crate
/// spells (a thousand billion euros), the figures are written instead.
pub fn amount_in_words(cents: Cents) -> String {
    match french_amount_words::euro_amount_to_words(cents.unsigned_abs()) {
        Ok(words) if cents < 0 => format!("moins {words}"),
        Ok(words) => words,
        Err(_) => display(cents, Lang::Fr),
    }
}

#[cfg(test)]
mod tests {
    use super::amount_in_words as w;

    #[test]
    fn amounts_in_french_words() {
        assert_eq!(w(1), "un centime");
        assert_eq!(w(0), "zéro euro");
        assert_eq!(w(100), "un euro");
        assert_eq!(w(101), "un euro et un centime");
        assert_eq!(w(8000), "quatre-vingts euros");
        assert_eq!(w(8080), "quatre-vingts euros et quatre-vingts centimes");
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
        assert_eq!(w(-500), "moins cinq euros");
    }

    #[test]
    fn beyond_the_words_the_figures() {
        assert_eq!(
            w(i64::MAX).chars().filter(|c| c.is_ascii_digit()).count(),
            19
        );
    }
}
