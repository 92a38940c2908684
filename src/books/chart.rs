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

impl Account {
    // Class 1: own funds.
    pub const RESERVES_FOR_PROJECTS: Account = account(
        "1068",
        "Réserves pour projet de l'entité",
        "Reserves for the association's projects",
    );
    pub const CARRIED_CREDIT: Account = account(
        "110",
        "Report à nouveau (solde créditeur)",
        "Retained surplus",
    );
    pub const CARRIED_DEBIT: Account = account(
        "119",
        "Report à nouveau (solde débiteur)",
        "Retained deficit",
    );
    pub const RESULT_SURPLUS: Account = account(
        "120",
        "Résultat de l'exercice (excédent)",
        "Surplus of the year",
    );
    pub const RESULT_DEFICIT: Account = account(
        "129",
        "Résultat de l'exercice (déficit)",
        "Deficit of the year",
    );
    // Class 4: accruals.
    pub const DEFERRED_INCOME: Account =
        account("487", "Produits constatés d'avance", "Deferred income");
    // Class 5: treasury.
    pub const BANK: Account = account("512", "Banque", "Bank");
    pub const CASH: Account = account("530", "Caisse", "Cash");
    // Class 6: expenses.
    pub const PURCHASES: Account = account(
        "606",
        "Achats non stockés de matières et fournitures",
        "Non-stored purchases",
    );
    pub const EQUIPMENT_RENTAL: Account =
        account("6135", "Locations mobilières", "Equipment rental (servers)");
    pub const MAINTENANCE: Account = account("6156", "Maintenance", "Maintenance");
    pub const INSURANCE: Account = account("616", "Primes d'assurance", "Insurance");
    pub const PROFESSIONAL_FEES: Account = account("6226", "Honoraires", "Professional fees");
    pub const TRAVEL: Account = account("6251", "Voyages et déplacements", "Travel");
    pub const TELECOMS: Account = account(
        "626",
        "Frais postaux et de télécommunications",
        "Postage and telecoms",
    );
    pub const BANK_CHARGES: Account =
        account("627", "Services bancaires et assimilés", "Bank charges");
    pub const OTHER_EXPENSES: Account = account(
        "658",
        "Charges diverses de gestion courante",
        "Other operating expenses",
    );
    // Class 7: income.
    pub const SERVICES: Account = account("706", "Prestations de services", "Services");
    pub const SUBSIDIES: Account =
        account("740", "Subventions d'exploitation", "Operating subsidies");
    pub const DONATIONS: Account = account("7541", "Dons manuels", "Donations");
    pub const FEES_WITHOUT_COUNTERPART: Account = account(
        "7561",
        "Cotisations sans contrepartie",
        "Membership fees without counterpart",
    );
    pub const FEES_WITH_COUNTERPART: Account = account(
        "7562",
        "Cotisations avec contrepartie",
        "Membership fees with counterpart",
    );
    pub const OTHER_INCOME: Account = account(
        "758",
        "Produits divers de gestion courante",
        "Other operating income",
    );
    // Class 8: voluntary contributions in kind, shown apart from the result.
    pub const VOLUNTEER_STAFF: Account = account("864", "Personnel bénévole", "Volunteer staff");
    pub const VOLUNTEERING: Account = account("875", "Bénévolat", "Volunteering");

    /// The accounts a ledger entry's lines may use (income, expenses and treasury; own funds
    /// and accruals are written by the year close only).
    pub const LEDGER: [Account; 17] = [
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
    ];

    /// Every account of the chart Panier knows.
    pub const ALL: [Account; 25] = [
        Account::RESERVES_FOR_PROJECTS,
        Account::CARRIED_CREDIT,
        Account::CARRIED_DEBIT,
        Account::RESULT_SURPLUS,
        Account::RESULT_DEFICIT,
        Account::DEFERRED_INCOME,
        Account::BANK,
        Account::CASH,
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
        Account::VOLUNTEER_STAFF,
        Account::VOLUNTEERING,
    ];

    /// The account numbered `number`, if Panier's chart has it.
    pub fn find(number: &str) -> Option<Account> {
        Account::ALL.into_iter().find(|a| a.number == number)
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
