//! Every word the public pages print, one catalog per language. Templates take named holes
//! (`{n}`, `{amount}`…) filled by [`fill`].

use crate::books::ledger::ExpenseCategory;
use crate::public::report::{IncomeSource, Met};
use crate::Lang;

pub struct Catalog {
    pub html_lang: &'static str,
    pub em_title: &'static str,
    pub tr_title: &'static str,
    pub fiscal_year: &'static str,
    pub from_to: &'static str,
    pub generated: &'static str,
    pub threshold_note: &'static str,
    pub summary: &'static str,
    // economic-model page
    pub sec_funding: &'static str,
    pub funding_intro: &'static str,
    pub sec_plans: &'static str,
    pub plans_intro: &'static str,
    pub sec_real_cost: &'static str,
    pub real_cost_intro: &'static str,
    pub sec_servers: &'static str,
    pub sec_backups: &'static str,
    pub sec_free_software: &'static str,
    pub free_software_intro: &'static str,
    pub sec_no_ads: &'static str,
    pub no_ads_text: &'static str,
    pub sec_links: &'static str,
    // transparency report
    pub sec_income: &'static str,
    pub sec_expenses: &'static str,
    pub sec_result: &'static str,
    pub sec_expense_items: &'static str,
    pub expense_items_intro: &'static str,
    pub withheld_note: &'static str,
    pub sec_members: &'static str,
    pub sec_storage: &'static str,
    pub sec_requests: &'static str,
    pub sec_charter: &'static str,
    pub sec_software: &'static str,
    pub sec_years: &'static str,
    // columns
    pub col_source: &'static str,
    pub col_amount: &'static str,
    pub col_share: &'static str,
    pub col_year: &'static str,
    pub col_previous: &'static str,
    pub col_contributors: &'static str,
    pub col_category: &'static str,
    pub col_date: &'static str,
    pub col_supplier: &'static str,
    pub col_label: &'static str,
    pub col_plan: &'static str,
    pub col_price: &'static str,
    pub col_pays_for: &'static str,
    pub col_quota: &'static str,
    pub col_members: &'static str,
    pub plan_members: &'static str,
    pub col_service: &'static str,
    pub col_accounts: &'static str,
    pub col_granted: &'static str,
    pub col_used: &'static str,
    pub col_software: &'static str,
    pub col_version: &'static str,
    pub col_licence: &'static str,
    pub col_free: &'static str,
    pub col_item: &'static str,
    pub col_answer: &'static str,
    pub col_income: &'static str,
    pub col_expenses: &'static str,
    pub total: &'static str,
    pub total_shown: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub not_set: &'static str,
    pub none: &'static str,
    // plans
    pub free_of_charge: &'static str,
    pub pay_what_you_want: &'static str,
    pub average_paid: &'static str,
    pub per_year: &'static str,
    pub per_months: &'static str,
    pub members_only: &'static str,
    pub fee_counterpart: &'static str,
    pub fee_all_gift: &'static str,
    pub tier_real_cost: &'static str,
    pub fee_kind: &'static str,
    pub tier_kind: &'static str,
    // money and costs
    pub total_income: &'static str,
    pub total_expenses: &'static str,
    pub result: &'static str,
    pub reserves: &'static str,
    pub reserves_months: &'static str,
    pub volunteering_hours: &'static str,
    pub volunteering_valued: &'static str,
    pub fees_service_part: &'static str,
    pub cost_per_account: &'static str,
    pub cost_per_gb: &'static str,
    pub cost_per_gb_used: &'static str,
    pub cost_per_member: &'static str,
    pub unknown_cost: &'static str,
    pub funding_share: &'static str,
    pub storage_usage: &'static str,
    /// space used is only known as last read: said with the reading's day
    pub used_latest_reading: &'static str,
    /// a count of people below the threshold (see `Count::text`)
    pub fewer_than: &'static str,
    // servers
    pub provider: &'static str,
    pub provider_type: &'static str,
    pub server_type: &'static str,
    pub country: &'static str,
    // links
    pub link_terms: &'static str,
    pub link_privacy: &'static str,
    pub log_retention: &'static str,
    pub link_legal: &'static str,
    pub link_contact: &'static str,
    pub link_website: &'static str,
    pub link_funding: &'static str,
    // requests and charter
    pub authority_requests: &'static str,
    pub authority_answered: &'static str,
    pub authority_ever: &'static str,
    pub data_requests: &'static str,
    pub data_answered: &'static str,
    pub data_median: &'static str,
    pub data_not_kept: &'static str,
    pub signed_admins: &'static str,
    pub non_free_listed: &'static str,
    pub no_software: &'static str,
    pub this_report: &'static str,
    pub em_page: &'static str,
    pub pages_load_nothing: &'static str,
    pub data_export: &'static str,
    pub register_kept: &'static str,
    // chart legends
    pub legend_this_year: &'static str,
    pub legend_last_year: &'static str,
    pub legend_members: &'static str,
    pub legend_granted: &'static str,
    pub legend_used: &'static str,
    pub legend_income: &'static str,
    pub legend_expenses: &'static str,
    pub chart_income: &'static str,
    pub chart_expenses: &'static str,
    pub chart_members: &'static str,
    pub chart_storage: &'static str,
    pub chart_years: &'static str,
    pub page: &'static str,
    /// how many of the listed pieces of software are free (C8)
    pub software_free_of: &'static str,
    /// between a label and its value ("Hébergeur : …")
    pub colon: &'static str,
    /// between the parts of one answer
    pub semicolon: &'static str,
}

pub const FR: Catalog = Catalog {
    html_lang: "fr",
    em_title: "Notre modèle économique",
    tr_title: "Rapport de transparence",
    fiscal_year: "Exercice {year}",
    from_to: "du {start} au {end}",
    generated: "Chiffres tirés de nos comptes par Panier, le {date}.",
    threshold_note: "Pour qu'aucun chiffre ne désigne un membre, les effectifs inférieurs à {t} sont affichés « moins de {t} » et laissés hors des totaux.",
    summary: "En bref",
    sec_funding: "Comment nous sommes financés",
    funding_intro: "Sur l'exercice, nos ressources ({total}) viennent de :",
    sec_plans: "Ce que coûtent nos formules, et ce qu'elles paient",
    plans_intro: "Chaque personne adhère à l'association, puis choisit si elle veut plus d'espace de stockage.",
    sec_real_cost: "Ce que coûte vraiment un compte",
    real_cost_intro: "Nos dépenses de l'exercice ({total}) rapportées aux comptes et à l'espace que nous fournissons :",
    sec_servers: "Où sont nos serveurs, et qui les fournit",
    sec_backups: "Nos sauvegardes",
    sec_free_software: "Uniquement des logiciels libres",
    free_software_intro: "Les logiciels que nous faisons tourner pour vous :",
    sec_no_ads: "Ni publicité, ni pistage",
    no_ads_text: "Nous ne vendons rien de vos données et n'affichons aucune publicité. Nos statistiques sont seulement des totaux anonymes, comme ceux de cette page, qui ne charge elle-même rien d'extérieur : ni police, ni image, ni script.",
    sec_links: "Nos engagements écrits",
    sec_income: "Ressources par origine",
    sec_expenses: "Dépenses par catégorie",
    sec_result: "Résultat et réserves",
    sec_expense_items: "Nos dépenses, une à une",
    expense_items_intro: "Les dépenses d'une association ne sont pas des données personnelles : les voici toutes, avec leur date, leur fournisseur et leur montant.",
    withheld_note: "Dépenses nommant une personne (frais de bénévoles remboursés), comptées seulement dans le total de leur catégorie : {n}, soit {amount} en « {category} ».",
    sec_members: "Membres et paliers de stockage, année après année",
    sec_storage: "Espace de stockage accordé et utilisé",
    sec_requests: "Demandes reçues",
    sec_charter: "La charte CHATONS, point par point",
    sec_software: "Inventaire des logiciels",
    sec_years: "Ressources et dépenses, année après année",
    col_source: "Origine",
    col_amount: "Montant",
    col_share: "Part",
    col_year: "Exercice {year}",
    col_previous: "Exercice {year}",
    col_contributors: "Personnes ou organismes",
    col_category: "Catégorie",
    col_date: "Date",
    col_supplier: "Fournisseur",
    col_label: "Objet",
    col_plan: "Formule",
    col_price: "Prix",
    col_pays_for: "Ce qu'elle paie",
    col_quota: "Espace",
    col_members: "Membres",
    plan_members: "Membres sur l'exercice",
    col_service: "Service",
    col_accounts: "Comptes",
    col_granted: "Accordé",
    col_used: "Utilisé",
    col_software: "Logiciel",
    col_version: "Version",
    col_licence: "Licence",
    col_free: "Libre",
    col_item: "Engagement",
    col_answer: "Notre réponse",
    col_income: "Ressources",
    col_expenses: "Dépenses",
    total: "Total",
    total_shown: "Total (hors effectifs de moins de {t})",
    yes: "oui",
    no: "non",
    not_set: "pas encore renseigné",
    none: "aucune",
    free_of_charge: "gratuit",
    pay_what_you_want: "prix libre, à partir de {min} (prix conseillé {amount})",
    average_paid: "en moyenne {amount} versés",
    per_year: "par année civile",
    per_months: "pour {n} mois",
    members_only: "réservé aux membres",
    fee_counterpart: "dont {service} paient l'hébergement de votre compte ; le reste est un don à l'association",
    fee_all_gift: "un don à l'association, sans contrepartie",
    tier_real_cost: "coût réel de cet espace : {amount} par an",
    fee_kind: "Adhésion",
    tier_kind: "Stockage",
    total_income: "Total des ressources",
    total_expenses: "Total des dépenses",
    result: "Résultat (ressources − dépenses)",
    reserves: "Trésorerie à la fin de l'exercice",
    reserves_months: "soit {months} mois de dépenses",
    volunteering_hours: "Bénévolat : {hours} heures données par les bénévoles (contributions volontaires en nature, présentées à part du résultat)",
    volunteering_valued: "Bénévolat : {hours} heures données par les bénévoles, valorisées {value} à {rate} l'heure (contributions volontaires en nature, comptes 864 et 875, présentées à part du résultat)",
    fees_service_part: "dont part des adhésions payant un service : {amount}",
    cost_per_account: "par compte et par an",
    cost_per_gb: "par Go accordé et par an",
    cost_per_gb_used: "par Go réellement utilisé et par an",
    cost_per_member: "par membre et par an",
    unknown_cost: "—",
    funding_share: "{share} %",
    storage_usage: "{used} utilisés sur {granted} accordés ({pct} %)",
    used_latest_reading: "Espace utilisé : dernier relevé, du {date} (l'usage au jour le jour n'est pas conservé).",
    fewer_than: "moins de {t}",
    provider: "Hébergeur",
    provider_type: "Type d'hébergement",
    server_type: "Type de serveur",
    country: "Pays",
    link_terms: "Conditions générales d'utilisation",
    link_privacy: "Politique de confidentialité",
    log_retention: "Durée de conservation des journaux",
    link_legal: "Mentions légales",
    link_contact: "Nous écrire",
    link_website: "Notre site",
    link_funding: "Nous soutenir",
    authority_requests: "Demandes d'autorités administratives ou judiciaires reçues dans l'exercice : {n}",
    authority_answered: "dont {n} ayant reçu réponse",
    authority_ever: "{n} depuis l'ouverture du registre",
    data_requests: "Demandes de membres sur leurs données (accès, copie, effacement) : {n}",
    data_answered: "{n} traitées",
    data_median: "délai médian de réponse : {days} jours",
    data_not_kept: "Chaque membre peut demander une copie de ses données ; le registre de ces demandes n'est pas encore tenu dans Panier.",
    signed_admins: "Engagements de confidentialité signés par les admins : {n}.",
    non_free_listed: "Exceptions non libres : {list}.",
    no_software: "L'inventaire des logiciels n'est pas encore rempli.",
    this_report: "Ce rapport, publié chaque année.",
    em_page: "Notre page « modèle économique », tirée de nos comptes.",
    pages_load_nothing: "Aucune publicité ; nos pages publiques ne chargent rien d'extérieur ; nos rapports ne montrent que des totaux.",
    data_export: "Chaque membre peut récupérer ses données dans des formats ouverts (JSON, CSV).",
    register_kept: "Nous tenons un registre des demandes d'autorités.",
    legend_this_year: "Exercice {year}",
    legend_last_year: "Exercice {year}",
    legend_members: "Membres",
    legend_granted: "Accordé",
    legend_used: "Utilisé",
    legend_income: "Ressources",
    legend_expenses: "Dépenses",
    chart_income: "Ressources par origine",
    chart_expenses: "Dépenses par catégorie",
    chart_members: "Membres et paliers",
    chart_storage: "Stockage par service",
    chart_years: "Ressources et dépenses",
    page: "Page {n}",
    software_free_of: "Logiciels libres : {free} sur {all}.",
    colon: " : ",
    semicolon: " ; ",
};

pub const EN: Catalog = Catalog {
    html_lang: "en",
    em_title: "Our economic model",
    tr_title: "Transparency report",
    fiscal_year: "Financial year {year}",
    from_to: "from {start} to {end}",
    generated: "Figures drawn from our books by Panier on {date}.",
    threshold_note: "So that no figure points at a member, counts below {t} are shown as “fewer than {t}” and left out of totals.",
    summary: "At a glance",
    sec_funding: "How we are funded",
    funding_intro: "Over the year, our income ({total}) came from:",
    sec_plans: "What our plans cost, and what they pay for",
    plans_intro: "Everyone joins the association, then chooses whether they want more storage.",
    sec_real_cost: "What an account really costs",
    real_cost_intro: "Our expenses for the year ({total}), divided over the accounts and space we provide:",
    sec_servers: "Where our servers are, and who provides them",
    sec_backups: "Our backups",
    sec_free_software: "Free software only",
    free_software_intro: "The software we run for you:",
    sec_no_ads: "No advertising, no tracking",
    no_ads_text: "We sell nothing of your data and show no advertising. Our statistics are only anonymous totals, like those on this page, which itself loads nothing from elsewhere: no font, no image, no script.",
    sec_links: "Our written commitments",
    sec_income: "Income by source",
    sec_expenses: "Expenses by category",
    sec_result: "Result and reserves",
    sec_expense_items: "Our expenses, one by one",
    expense_items_intro: "An association's expenses are not personal data: here they all are, with their date, supplier and amount.",
    withheld_note: "Expenses naming a person (volunteers' reimbursed costs), counted only in their category's total: {n}, that is {amount} in “{category}”.",
    sec_members: "Members and storage tiers, year by year",
    sec_storage: "Storage granted and used",
    sec_requests: "Requests received",
    sec_charter: "The CHATONS charter, item by item",
    sec_software: "Software inventory",
    sec_years: "Income and expenses, year by year",
    col_source: "Source",
    col_amount: "Amount",
    col_share: "Share",
    col_year: "Year {year}",
    col_previous: "Year {year}",
    col_contributors: "People or bodies",
    col_category: "Category",
    col_date: "Date",
    col_supplier: "Supplier",
    col_label: "What for",
    col_plan: "Plan",
    col_price: "Price",
    col_pays_for: "What it pays for",
    col_quota: "Space",
    col_members: "Members",
    plan_members: "Members during the year",
    col_service: "Service",
    col_accounts: "Accounts",
    col_granted: "Granted",
    col_used: "Used",
    col_software: "Software",
    col_version: "Version",
    col_licence: "Licence",
    col_free: "Free",
    col_item: "Commitment",
    col_answer: "Our answer",
    col_income: "Income",
    col_expenses: "Expenses",
    total: "Total",
    total_shown: "Total (counts of fewer than {t} left out)",
    yes: "yes",
    no: "no",
    not_set: "not filled in yet",
    none: "none",
    free_of_charge: "free",
    pay_what_you_want: "pay what you want, from {min} (suggested {amount})",
    average_paid: "{amount} paid on average",
    per_year: "per calendar year",
    per_months: "for {n} months",
    members_only: "members only",
    fee_counterpart: "of which {service} pays for hosting your account; the rest is a gift to the association",
    fee_all_gift: "a gift to the association, with nothing in return",
    tier_real_cost: "what this space really costs: {amount} a year",
    fee_kind: "Membership",
    tier_kind: "Storage",
    total_income: "Total income",
    total_expenses: "Total expenses",
    result: "Result (income − expenses)",
    reserves: "Cash at the end of the year",
    reserves_months: "that is {months} months of expenses",
    volunteering_hours: "Volunteering: {hours} hours given by volunteers (voluntary contributions in kind, shown apart from the result)",
    volunteering_valued: "Volunteering: {hours} hours given by volunteers, valued at {value} at {rate} an hour (voluntary contributions in kind, accounts 864 and 875, shown apart from the result)",
    fees_service_part: "of which the part of fees paying for a service: {amount}",
    cost_per_account: "per account per year",
    cost_per_gb: "per GB granted per year",
    cost_per_gb_used: "per GB actually used per year",
    cost_per_member: "per member per year",
    unknown_cost: "—",
    funding_share: "{share}%",
    storage_usage: "{used} used of {granted} granted ({pct}%)",
    used_latest_reading: "Space used: the latest reading, of {date} (day-to-day usage is not kept).",
    fewer_than: "fewer than {t}",
    provider: "Hosting provider",
    provider_type: "Hosting type",
    server_type: "Server type",
    country: "Country",
    link_terms: "Terms of use",
    link_privacy: "Privacy policy",
    log_retention: "How long logs are kept",
    link_legal: "Legal notice",
    link_contact: "Write to us",
    link_website: "Our website",
    link_funding: "Support us",
    authority_requests: "Requests from administrative or judicial authorities received in the year: {n}",
    authority_answered: "{n} of them answered",
    authority_ever: "{n} since the register began",
    data_requests: "Members' requests about their data (access, copy, erasure): {n}",
    data_answered: "{n} handled",
    data_median: "median time to answer: {days} days",
    data_not_kept: "Every member may ask for a copy of their data; the register of such requests is not yet kept in Panier.",
    signed_admins: "Confidentiality commitments signed by admins: {n}.",
    non_free_listed: "Non-free exceptions: {list}.",
    no_software: "The software inventory is not filled in yet.",
    this_report: "This report, published every year.",
    em_page: "Our “economic model” page, drawn from our books.",
    pages_load_nothing: "No advertising; our public pages load nothing from elsewhere; our reports show totals only.",
    data_export: "Every member can get their data back in open formats (JSON, CSV).",
    register_kept: "We keep a register of authorities' requests.",
    legend_this_year: "Year {year}",
    legend_last_year: "Year {year}",
    legend_members: "Members",
    legend_granted: "Granted",
    legend_used: "Used",
    legend_income: "Income",
    legend_expenses: "Expenses",
    chart_income: "Income by source",
    chart_expenses: "Expenses by category",
    chart_members: "Members and tiers",
    chart_storage: "Storage by service",
    chart_years: "Income and expenses",
    page: "Page {n}",
    software_free_of: "{free} free of {all} pieces of software.",
    colon: ": ",
    semicolon: "; ",
};

pub fn catalog(lang: Lang) -> &'static Catalog {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

/// Fills `{name}` holes in a template.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// A part of a total, as a percentage with one decimal ("" when the total is nothing).
pub fn share(part: i64, total: i64, lang: Lang) -> String {
    if total <= 0 {
        return String::new();
    }
    let tenths = (part as i128 * 1000 + total as i128 / 2) / total as i128;
    fill(
        catalog(lang).funding_share,
        &[("share", &self::tenths(tenths as i64, lang))],
    )
}

/// The rows of the result table, as the HTML page and the PDF show them: a label, this
/// year's figure and last year's.
pub fn result_rows<'a>(
    c: &'a Catalog,
    f: &super::Finances,
) -> [(
    &'a str,
    crate::kernel::money::Cents,
    crate::kernel::money::Cents,
); 4] {
    [
        (
            c.total_income,
            f.total_income_cents,
            f.previous_total_income_cents,
        ),
        (
            c.total_expenses,
            f.total_expenses_cents,
            f.previous_total_expenses_cents,
        ),
        (c.result, f.result_cents, f.previous_result_cents),
        (c.reserves, f.reserves_cents, f.previous_reserves_cents),
    ]
}

/// A plan's price as the public pages say it: "free", "pay what you want from…", or the
/// amount (without its period).
pub fn plan_price(p: &super::PlanFigures, lang: Lang) -> String {
    let c = catalog(lang);
    let money = |cents| crate::kernel::money::display(cents, lang);
    if p.pay_what_you_want {
        fill(
            c.pay_what_you_want,
            &[
                ("min", &money(p.min_cents.unwrap_or(0))),
                ("amount", &money(p.amount_cents)),
            ],
        )
    } else if p.amount_cents == 0 {
        c.free_of_charge.to_string()
    } else {
        money(p.amount_cents)
    }
}

pub fn income_source(source: IncomeSource, lang: Lang) -> &'static str {
    match source {
        IncomeSource::Fees => lang.pick("Adhésions", "Membership fees"),
        IncomeSource::Storage => lang.pick("Paliers de stockage payants", "Paid storage tiers"),
        IncomeSource::Donations => lang.pick("Dons", "Donations"),
        IncomeSource::Subsidies => lang.pick("Subventions", "Subsidies"),
        IncomeSource::Other => lang.pick("Autres ressources", "Other income"),
    }
}

pub fn expense_category(category: ExpenseCategory, lang: Lang) -> &'static str {
    match category {
        ExpenseCategory::ServerRent => lang.pick("Location des serveurs", "Server rental"),
        ExpenseCategory::Maintenance => lang.pick("Maintenance", "Maintenance"),
        ExpenseCategory::Telecom => {
            lang.pick("Noms de domaine et télécoms", "Domains and telecoms")
        }
        ExpenseCategory::BankFees => lang.pick("Frais bancaires", "Bank charges"),
        ExpenseCategory::Purchases => {
            lang.pick("Matériel et fournitures", "Equipment and supplies")
        }
        ExpenseCategory::Insurance => lang.pick("Assurance", "Insurance"),
        ExpenseCategory::ProfessionalFees => lang.pick("Honoraires", "Professional fees"),
        ExpenseCategory::Travel => lang.pick("Déplacements", "Travel"),
        ExpenseCategory::Other => lang.pick("Autres dépenses", "Other expenses"),
    }
}

pub fn met(met: Met, lang: Lang) -> &'static str {
    match met {
        Met::Yes => lang.pick("tenu", "met"),
        Met::Partly => lang.pick("en partie", "partly"),
        Met::No => lang.pick("pas encore", "not yet"),
    }
}

/// The charter's items (SPEC §1), as a reader would name them.
pub fn charter_item(code: &str, lang: Lang) -> &'static str {
    match code {
        "C1" => lang.pick(
            "Le modèle économique est publié et compréhensible",
            "The economic model is published and understandable",
        ),
        "C2" => lang.pick(
            "Les comptes et le rapport d'activité sont publics",
            "The accounts and activity report are public",
        ),
        "C3" => lang.pick(
            "Tout le monde peut récupérer ses données dans des formats ouverts",
            "Everyone can get their data back in open formats",
        ),
        "C4" => lang.pick(
            "Ni publicité ni pistage ; statistiques anonymes et agrégées",
            "No advertising, no tracking; anonymous, aggregated statistics",
        ),
        "C5" => lang.pick(
            "Où sont les données et les sauvegardes, chez quel hébergeur",
            "Where data and backups are, and with which provider",
        ),
        "C6" => lang.pick(
            "Conditions d'utilisation, confidentialité et conservation des journaux accessibles",
            "Terms of use, privacy and log retention within reach",
        ),
        "C7" => lang.pick(
            "Registre des demandes administratives ou judiciaires",
            "Register of administrative or judicial requests",
        ),
        "C8" => lang.pick(
            "Logiciels libres uniquement (exceptions publiées)",
            "Free software only (exceptions published)",
        ),
        "C9" => lang.pick(
            "Les admins s'engagent à la confidentialité",
            "Admins commit to confidentiality",
        ),
        _ => "",
    }
}

pub fn host_provider_type(value: &str, lang: Lang) -> &'static str {
    match value {
        "HOME" => lang.pick(
            "chez un membre (auto-hébergement)",
            "at a member's home (self-hosting)",
        ),
        "HOSTEDBAY" => lang.pick(
            "baie louée dans un centre de données",
            "rented bay in a data centre",
        ),
        "HOSTEDSERVER" => lang.pick(
            "serveur loué chez un hébergeur",
            "server rented from a hosting provider",
        ),
        "OUTSOURCED" => lang.pick("entièrement confié à un prestataire", "entirely outsourced"),
        _ => "",
    }
}

pub fn host_server_type(value: &str, lang: Lang) -> &'static str {
    match value {
        "NANO" => lang.pick("nano-ordinateur", "nano computer"),
        "PHYSICAL" => lang.pick("machine physique", "physical machine"),
        "VIRTUAL" => lang.pick("machine virtuelle", "virtual machine"),
        "SHARED" => lang.pick("hébergement mutualisé", "shared hosting"),
        "CLOUD" => lang.pick("nuage", "cloud"),
        _ => "",
    }
}

pub fn country(code: &str, lang: Lang) -> String {
    let name = match code {
        "FR" => lang.pick("France", "France"),
        "DE" => lang.pick("Allemagne", "Germany"),
        "BE" => lang.pick("Belgique", "Belgium"),
        "CH" => lang.pick("Suisse", "Switzerland"),
        "NL" => lang.pick("Pays-Bas", "Netherlands"),
        "FI" => lang.pick("Finlande", "Finland"),
        "LU" => lang.pick("Luxembourg", "Luxembourg"),
        "CA" => lang.pick("Canada", "Canada"),
        "ES" => lang.pick("Espagne", "Spain"),
        "IT" => lang.pick("Italie", "Italy"),
        _ => "",
    };
    if name.is_empty() {
        code.to_string()
    } else {
        name.to_string()
    }
}

/// A day as the language writes it: 05/03/2026 or 2026-03-05.
pub fn day(date: chrono::NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Fr => date.format("%d/%m/%Y").to_string(),
        Lang::En => date.format("%Y-%m-%d").to_string(),
    }
}

/// A size in GB with one decimal, as people read storage.
pub fn gigabytes(bytes: i64, lang: Lang) -> String {
    let tenths = (bytes as i128 * 10 + (1i128 << 29)) / (1i128 << 30);
    let (whole, tenth) = (tenths / 10, tenths % 10);
    let grouped = group(whole as i64, lang);
    match (lang, tenth) {
        (_, 0) => format!("{grouped}\u{a0}{}", lang.pick("Go", "GB")),
        (Lang::Fr, t) => format!("{grouped},{t}\u{a0}Go"),
        (Lang::En, t) => format!("{grouped}.{t}\u{a0}GB"),
    }
}

/// 12345 → "12 345" (French, narrow no-break space) or "12,345".
pub fn group(n: i64, lang: Lang) -> String {
    let digits = n.unsigned_abs().to_string();
    let sep = lang.pick("\u{202f}", ",");
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(ch);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// The year's volunteer time as one sentence, `None` when no hour was recorded.
pub fn volunteering_text(v: &super::Volunteering, lang: Lang) -> Option<String> {
    if v.hours.is_zero() {
        return None;
    }
    let c = catalog(lang);
    let hours = v.hours.normalize().to_string();
    let hours = if lang == Lang::Fr {
        hours.replace('.', ",")
    } else {
        hours
    };
    Some(if v.hour_value.is_zero() {
        fill(c.volunteering_hours, &[("hours", &hours)])
    } else {
        let rate = crate::kernel::money::to_cents("valeur", v.hour_value).unwrap_or(0);
        fill(
            c.volunteering_valued,
            &[
                ("hours", &hours),
                ("value", &crate::kernel::money::display(v.value_cents, lang)),
                ("rate", &crate::kernel::money::display(rate, lang)),
            ],
        )
    })
}

/// A tenth-precision number: 4.2 → "4,2" or "4.2".
pub fn tenths(value: i64, lang: Lang) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let v = value.abs();
    format!("{sign}{}{}{}", v / 10, lang.pick(",", "."), v % 10)
}
