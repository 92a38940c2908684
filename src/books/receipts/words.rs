//! The amount in French words, as a tax receipt writes it (« somme en toutes lettres »).
//! The numbers are spelled by the `french-numbers` crate (traditional spelling, from before
//! the 1990 reform, as receipts are usually printed); only the currency's grammar is ours:
//! « euro » or « euros », « d'euros » after « million(s) » and « milliard(s) », « et » before
//! the centimes. The table below pins the rules a treasurer checks, so a change of spelling
//! in that crate fails here rather than on a signed receipt.

use crate::kernel::money::Cents;
use french_numbers::{french_number_options, PRE_REFORM_MASCULINE};

/// 1 234,56 € → « mille deux cent trente-quatre euros et cinquante-six centimes »;
/// 0,01 € → « un centime »; 1 000 000 € → « un million d'euros ».
pub fn amount_in_words(cents: Cents) -> String {
    let all = cents.unsigned_abs();
    let (euros, centimes) = (all / 100, all % 100);
    let spell = |n: u64| french_number_options(&n, &PRE_REFORM_MASCULINE);
    let euro_words = {
        let words = spell(euros);
        let unit = if euros == 1 {
            " euro"
        } else if ["million", "millions", "milliard", "milliards"]
            .iter()
            .any(|big| words.ends_with(big))
        {
            " d'euros"
        } else {
            " euros"
        };
        words + unit
    };
    let centime_words = match centimes {
        1 => "un centime".to_string(),
        n => format!("{} centimes", spell(n)),
    };
    let words = match (euros, centimes) {
        (0, 0) => "zéro euro".to_string(),
        (0, _) => centime_words,
        (_, 0) => euro_words,
        _ => format!("{euro_words} et {centime_words}"),
    };
    if cents < 0 {
        format!("moins {words}")
    } else {
        words
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
    fn billions_take_d_euros_and_the_largest_amount_is_spelled() {
        assert_eq!(w(200_000_000_000), "deux milliards d'euros");
        let largest = w(i64::MAX);
        assert!(!largest.chars().any(|c| c.is_ascii_digit()), "{largest}");
        assert!(largest.ends_with("euros et sept centimes"), "{largest}");
        assert!(w(i64::MIN + 1).starts_with("moins "));
    }
}
