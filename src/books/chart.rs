//! The chart of accounts Panier writes to: the associations' plan comptable of ANC
//! regulation 2018-06 (numbers and labels checked against Paheko's copy of it,
//! `fr_pca_2018.csv`). Every account number Panier spells is one of these constants; SQL
//! keeps the number as text (`Account::number`).

use crate::Lang;

/// One account of the chart: its number and its French and English labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Account {
    pub number: &'static str,
    pub label_fr: &'static str,
    pub label_en: &'static str,
}

const fn account(number: &'static str, label_fr: &'static str, label_en: &'static str) -> Account {
    Account {
        number,
        label_fr,
        label_en,
    }
}

/// Declares the chart: one constant per account, and `Account::ALL` in the order written.
macro_rules! chart {
    ($($name:ident: $number:literal, $fr:literal, $en:literal;)*) => {
        impl Account {
            $(pub const $name: Account = account($number, $fr, $en);)*

            /// Every account of the chart Panier knows.
            pub const ALL: &'static [Account] = &[$(Account::$name),*];
        }
    };
}

chart! {
    // Class 1: own funds.
    RESERVES_FOR_PROJECTS: "1068", "Réserves pour projet de l'entité", "Reserves for the association's projects";
    CARRIED_CREDIT: "110", "Report à nouveau (solde créditeur)", "Retained surplus";
    CARRIED_DEBIT: "119", "Report à nouveau (solde débiteur)", "Retained deficit";
    RESULT_SURPLUS: "120", "Résultat de l'exercice (excédent)", "Surplus of the year";
    RESULT_DEFICIT: "129", "Résultat de l'exercice (déficit)", "Deficit of the year";
    // Class 4: accruals.
    DEFERRED_INCOME: "487", "Produits constatés d'avance", "Deferred income";
    // Class 5: treasury.
    BANK: "512", "Banque", "Bank";
    CASH: "530", "Caisse", "Cash";
    // money moved between the bank and the cash box: its two entries meet here the same day
    INTERNAL_TRANSFERS: "58", "Virements internes", "Internal transfers";
    // Class 6: expenses.
    PURCHASES: "606", "Achats non stockés de matières et fournitures", "Non-stored purchases";
    EQUIPMENT_RENTAL: "6135", "Locations mobilières", "Equipment rental (servers)";
    MAINTENANCE: "6156", "Maintenance", "Maintenance";
    INSURANCE: "616", "Primes d'assurance", "Insurance";
    PROFESSIONAL_FEES: "6226", "Honoraires", "Professional fees";
    TRAVEL: "6251", "Voyages et déplacements", "Travel";
    TELECOMS: "626", "Frais postaux et de télécommunications", "Postage and telecoms";
    BANK_CHARGES: "627", "Services bancaires et assimilés", "Bank charges";
    OTHER_EXPENSES: "658", "Charges diverses de gestion courante", "Other operating expenses";
    // Class 7: income.
    SERVICES: "706", "Prestations de services", "Services";
    SUBSIDIES: "740", "Subventions d'exploitation", "Operating subsidies";
    DONATIONS: "7541", "Dons manuels", "Donations";
    FEES_WITHOUT_COUNTERPART: "7561", "Cotisations sans contrepartie", "Membership fees without counterpart";
    FEES_WITH_COUNTERPART: "7562", "Cotisations avec contrepartie", "Membership fees with counterpart";
    OTHER_INCOME: "758", "Produits divers de gestion courante", "Other operating income";
    // Class 8: voluntary contributions in kind, shown apart from the result.
    VOLUNTEER_STAFF: "864", "Personnel bénévole", "Volunteer staff";
    VOLUNTEERING: "875", "Bénévolat", "Volunteering";
}

impl Account {
    /// The accounts a ledger entry's lines may use (income, expenses, treasury, and 58 for the
    /// two entries of a transfer between bank and cash; own funds and accruals are written by
    /// the year close only).
    pub const LEDGER: [Account; 18] = [
        Account::PURCHASES,
        Account::EQUIPMENT_RENTAL,
        Account::MAINTENANCE,
        Account::INSURANCE,
        Account::PROFESSIONAL_FEES,
        Account::TRAVEL,
        Account::TELECOMS,
        Account::BANK_CHARGES,
        Account::OTHER_EXPENSES,
        Account::SERVICES,
        Account::SUBSIDIES,
        Account::DONATIONS,
        Account::FEES_WITHOUT_COUNTERPART,
        Account::FEES_WITH_COUNTERPART,
        Account::OTHER_INCOME,
        Account::BANK,
        Account::CASH,
        Account::INTERNAL_TRANSFERS,
    ];

    /// The account numbered `number`, if Panier's chart has it.
    pub fn find(number: &str) -> Option<Account> {
        Account::ALL.iter().copied().find(|a| a.number == number)
    }

    /// Whether a ledger entry's line may be written on `number`.
    pub fn is_ledger_line(number: &str) -> bool {
        Account::LEDGER.iter().any(|a| a.number == number)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(self.label_fr, self.label_en)
    }

    /// Class 6: an expense.
    pub fn is_expense(self) -> bool {
        self.number.starts_with('6')
    }

    /// Class 7: income.
    pub fn is_income(self) -> bool {
        self.number.starts_with('7')
    }

    /// Whether the text `number` names this account.
    pub fn is(self, number: &str) -> bool {
        self.number == number
    }
}

impl From<Account> for String {
    fn from(a: Account) -> String {
        a.number.to_string()
    }
}

impl std::fmt::Display for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.number)
    }
}

/// The label of the account numbered `number` (empty when Panier's chart lacks it).
pub fn label_of(number: &str, lang: Lang) -> &'static str {
    Account::find(number).map(|a| a.label(lang)).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_number_is_once_in_the_chart_and_ledger_accounts_are_in_it() {
        let mut numbers: Vec<&str> = Account::ALL.iter().map(|a| a.number).collect();
        numbers.sort_unstable();
        numbers.dedup();
        assert_eq!(numbers.len(), Account::ALL.len());
        for a in Account::LEDGER {
            assert_eq!(Account::find(a.number), Some(a));
        }
        assert!(Account::is_ledger_line("7562"));
        assert!(!Account::is_ledger_line("120"));
        assert_eq!(label_of("487", Lang::Fr), "Produits constatés d'avance");
    }
}
