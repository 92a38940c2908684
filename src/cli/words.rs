//! Words the CLI puts together itself: the gender of what a command creates, so its line agrees
//! (« Formule n° 1 créée », « Compte n° 2 créé »).

use panier::Lang;

/// The feminine nouns the commands name what they create with (the others are masculine).
const FEMININE: &[&str] = &[
    "Formule",
    "Dépense",
    "Dépense récurrente",
    "Demande",
    "Subvention",
];

/// The masculine ones, listed too so that a new noun is a choice, not an accident (the test
/// below fails on a noun in neither list).
/// The English of the French column headers the tables print (CSV keeps its headers: a file
/// format). Words the same in both languages (`id`, `email`, `quota`…) need no row.
const HEADERS_EN: &[(&str, &str)] = &[
    ("membre", "member"),
    ("identifiant", "login"),
    ("utilisé", "used"),
    ("actif", "enabled"),
    ("compte", "account"),
    ("libellé", "label"),
    ("montant", "amount"),
    ("reçue", "received"),
    ("autorité", "authority"),
    ("réponse", "answer"),
    ("répondue", "answered"),
    ("nom", "name"),
    ("libre", "free"),
    ("signé le", "signed on"),
    ("fin", "end"),
    ("catégorie", "category"),
    ("tous les (mois)", "every (months)"),
    ("début", "start"),
    ("générées", "generated"),
    ("état", "state"),
    ("dernière erreur", "last error"),
    ("dernier succès", "last success"),
    ("prix", "price"),
    ("période", "period"),
    ("membres", "members only"),
    ("taille", "size"),
    ("jusqu'au", "until"),
    ("raison", "reason"),
    ("par", "by"),
    ("le", "on"),
    ("en cours", "in force"),
    ("adhésion", "membership"),
    ("palier", "tier"),
    ("cible", "target"),
    ("à voir", "notes"),
    ("n°", "no."),
    ("émis le", "issued on"),
    ("écritures", "entries"),
    ("réimpressions", "reprints"),
    ("annulé le", "cancelled on"),
    ("courriel", "email"),
    ("formule", "plan"),
    ("dernier jour", "last day"),
    ("jours", "days"),
    ("relancé le", "reminded on"),
    ("réglage", "setting"),
    ("valeur", "value"),
    ("écriture", "entry"),
    ("tiers", "counterparty"),
    ("conservée jusqu'au", "kept until"),
    ("demande", "request"),
    ("échéance", "due"),
    ("ligne", "line"),
    ("résultat", "outcome"),
    ("colonne", "column"),
    ("référence", "reference"),
    ("détail", "detail"),
    ("ville", "city"),
    ("statut", "status"),
    ("payé jusqu'au", "paid until"),
    ("id", "id"),
    ("pour", "for"),
    ("à", "to"),
    ("objet", "subject"),
    ("quoi", "what"),
    ("n° Paheko", "Paheko id"),
];

/// A table's column header in `lang` (the tables name their columns in French).
pub fn header_in(header: &str, lang: Lang) -> &str {
    match lang {
        Lang::Fr => header,
        Lang::En => HEADERS_EN
            .iter()
            .find(|(fr, _)| *fr == header)
            .map_or(header, |(_, en)| en),
    }
}

#[cfg(test)]
const MASCULINE: &[&str] = &["Membre", "Compte", "Bonus", "Don", "Logiciel", "Engagement"];

/// The line printed after a creation: `Formule n° 1 créée.`, `Plan no. 1 created.`
pub fn created_line(what: &str, id: i64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{what} no. {id} created."),
        Lang::Fr if FEMININE.contains(&what) => format!("{what} n° {id} créée."),
        Lang::Fr => format!("{what} n° {id} créé."),
    }
}

/// A membership's state in words (the code stays in JSON and CSV files): `à jour`, `en délai
/// de grâce`, `expirée`, `jamais cotisé`.
pub fn status_words(status: panier::people::members::MembershipStatus, lang: Lang) -> &'static str {
    use panier::people::members::MembershipStatus as S;
    match status {
        S::Active => lang.pick("à jour", "up to date"),
        S::Grace => lang.pick("en délai de grâce", "in grace"),
        S::Expired => lang.pick("expirée", "expired"),
        S::None => lang.pick("jamais cotisé", "never paid"),
    }
}

/// A renewal's state in words: `à renouveler`, `en délai de grâce`, `expirée`.
pub fn renewal_words(
    state: panier::membership::renewals::RenewalState,
    lang: Lang,
) -> &'static str {
    use panier::membership::renewals::RenewalState as R;
    match state {
        R::Due => lang.pick("à renouveler", "due"),
        R::Grace => lang.pick("en délai de grâce", "in grace"),
        R::Expired => lang.pick("expirée", "expired"),
    }
}

/// What a plan is, in words: `cotisation` or `palier de stockage`.
pub fn plan_kind_words(kind: panier::membership::plans::PlanKind, lang: Lang) -> &'static str {
    use panier::membership::plans::PlanKind as K;
    match kind {
        K::Fee => lang.pick("cotisation", "membership fee"),
        K::Tier => lang.pick("palier de stockage", "storage tier"),
    }
}

/// A plan's period in words: `année civile`, `12 mois`.
pub fn period_words(period: panier::membership::plans::PlanPeriod, lang: Lang) -> String {
    use panier::membership::plans::PlanPeriod as P;
    match period {
        P::Civil => lang.pick("année civile", "civil year").to_string(),
        P::Months(n) => lang.count(i64::from(n), ("mois", "mois"), ("month", "months")),
    }
}

/// What to do next when the thing a command names does not exist (`what_fr`: the word of
/// `Error::NotFound`): the command that lists them, and the one that makes one.
pub fn hint_for_missing(what_fr: &str, lang: Lang) -> Option<&'static str> {
    Some(match what_fr {
        "formule" => lang.pick(
            "les formules : panier plan list ; créez une formule : panier plan add --name \"Adhésion\" --kind fee --amount 20",
            "the plans: panier plan list; create a plan: panier plan add --name \"Membership\" --kind fee --amount 20",
        ),
        "membre" => lang.pick(
            "cherchez le membre : panier member list --search NOM ; ajoutez-le : panier member add --name \"Prénom Nom\" --email ADRESSE",
            "find the member: panier member list --search NAME; add them: panier member add --name \"First Last\" --email ADDRESS",
        ),
        "compte" => lang.pick(
            "les comptes : panier account list ; ouvrez-en un : panier account add MEMBRE --login IDENTIFIANT",
            "the accounts: panier account list; open one: panier account add MEMBER --login LOGIN",
        ),
        "écriture" => lang.pick(
            "les écritures d'un exercice : panier export ledger --year ANNÉE -o -",
            "a year's entries: panier export ledger --year YEAR -o -",
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creations_agree_with_their_noun() {
        assert_eq!(created_line("Formule", 1, Lang::Fr), "Formule n° 1 créée.");
        assert_eq!(created_line("Dépense", 5, Lang::Fr), "Dépense n° 5 créée.");
        assert_eq!(created_line("Membre", 3, Lang::Fr), "Membre n° 3 créé.");
        assert_eq!(created_line("Plan", 1, Lang::En), "Plan no. 1 created.");
    }

    #[test]
    fn codes_are_shown_as_words() {
        use panier::membership::plans::{PlanKind, PlanPeriod};
        use panier::people::members::MembershipStatus;
        assert_eq!(period_words(PlanPeriod::Months(12), Lang::Fr), "12 mois");
        assert_eq!(period_words(PlanPeriod::Months(1), Lang::En), "1 month");
        assert_eq!(period_words(PlanPeriod::Civil, Lang::Fr), "année civile");
        assert_eq!(
            plan_kind_words(PlanKind::Tier, Lang::Fr),
            "palier de stockage"
        );
        assert_eq!(
            status_words(MembershipStatus::Grace, Lang::Fr),
            "en délai de grâce"
        );
    }

    /// Every French noun a command passes to `output::created` has its gender listed.
    #[test]
    fn every_created_noun_has_a_gender() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/cli");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for call in text.split("output::created(").skip(1) {
                let end = [call.find(")?"), call.find(")\n")]
                    .into_iter()
                    .flatten()
                    .min();
                let call = &call[..end.unwrap_or(call.len())];
                // `lang.pick(fr, en)`, its two sides alike: the first half of the literals is
                // French (`pick(if s { "Subvention" } else { "Don" }, if s { … } else { … })`)
                let literals: Vec<&str> = call.split('"').skip(1).step_by(2).collect();
                for literal in &literals[..literals.len() / 2] {
                    assert!(
                        FEMININE.contains(literal) || MASCULINE.contains(literal),
                        "{}: « {literal} » has no gender: add it to FEMININE or MASCULINE in src/cli/words.rs",
                        path.display()
                    );
                    seen += 1;
                }
            }
        }
        assert!(seen >= 10, "only {seen} nouns found");
    }

    /// Every column header a table is given in French has its English (or is the same word).
    #[test]
    fn every_french_header_has_its_english() {
        let same_in_both = [
            "id",
            "email",
            "service",
            "quota",
            "type",
            "minimum",
            "version",
            "licence",
            "admin",
            "document",
            "bonus",
            "%",
            "",
            "description",
            "date",
            "section",
        ];
        let english: Vec<&str> = HEADERS_EN.iter().map(|(_, en)| *en).collect();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/cli");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.ends_with("words.rs") {
                continue; // this test's own text
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for block in text.split("let header = [").skip(1) {
                let block = &block[..block.find("];").unwrap_or(block.len())];
                for header in block.split('"').skip(1).step_by(2) {
                    seen += 1;
                    assert!(
                        header_in(header, Lang::En) != header
                            || same_in_both.contains(&header)
                            || english.contains(&header),
                        "{}: the header « {header} » has no English: add it to HEADERS_EN in src/cli/words.rs",
                        path.display()
                    );
                }
            }
        }
        assert!(seen > 60, "only {seen} headers read");
        assert_eq!(header_in("formule", Lang::En), "plan");
        assert_eq!(header_in("formule", Lang::Fr), "formule");
    }
}
