//! The writes the harness asks the CLI to make, each with a value no other trial uses.

use super::*;

pub(crate) const HELLOASSO_HEADER: &str = "\u{feff}Référence commande;Référence paiement;Montant total;Date du paiement;Statut du paiement;Nom payeur;Prénom payeur;Email payeur;Raison sociale;Campagne;Type;Tarif;Montant du tarif;Don supplémentaire;Moyen de paiement;Reçu fiscal;Numéro de reçu;Adresse payeur;Code Postal payeur;Ville payeur;Pays payeur\n";

/// One write the CLI is asked to make, with a value no other trial uses, so the harness can
/// tell afterwards whether it is in the file.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    AddMember {
        email: String,
    },
    EditCity {
        member: i64,
        city: String,
    },
    SetWebsite {
        url: String,
    },
    AddPlan {
        name: String,
    },
    /// Many rows in one transaction (members, subscriptions, ledger entries): the stand-in
    /// for an import.
    Seed {
        members: i64,
        seed: u64,
    },
    /// `panier import members FILE`: `rows` new members, all or nothing.
    ImportMembers {
        file: PathBuf,
        tag: u64,
        rows: i64,
    },
    /// `panier import helloasso FILE`: `rows` payments (new payers, ledger entries), all or
    /// nothing.
    ImportHelloasso {
        file: PathBuf,
        tag: u64,
        rows: i64,
    },
    /// `panier pay MEMBER --plan Adhésion`: a ledger entry, its lines and a subscription.
    Pay {
        member: i64,
        reference: String,
    },
    /// `panier quota grant LOGIN 1 GB --reason R`: a quota bonus.
    QuotaGrant {
        login: String,
        reason: String,
    },
    /// `panier backup`: changes nothing in the file; every backup with a final name is whole.
    Backup,
}

impl Op {
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Op::AddMember { .. } => "member add",
            Op::EditCity { .. } => "member edit",
            Op::SetWebsite { .. } => "settings set",
            Op::AddPlan { .. } => "plan add",
            Op::Seed { .. } => "seed",
            Op::Backup => "backup",
            Op::Pay { .. } => "pay",
            Op::QuotaGrant { .. } => "quota grant",
            Op::ImportMembers { .. } => "import members",
            Op::ImportHelloasso { .. } => "import helloasso",
        }
    }

    pub(crate) fn args(&self) -> Vec<String> {
        let v = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        match self {
            Op::AddMember { email } => {
                let mut a = v(&["member", "add", "--name", "Camille Crash", "--email"]);
                a.push(email.clone());
                a
            }
            Op::EditCity { member, city } => {
                let mut a = v(&["member", "edit", &member.to_string(), "--city"]);
                a.push(city.clone());
                a
            }
            Op::SetWebsite { url } => v(&["settings", "set", "website", url]),
            Op::AddPlan { name } => v(&[
                "plan", "add", "--name", name, "--kind", "fee", "--amount", "12,50",
            ]),
            Op::Seed { members, seed } => v(&[
                "seed",
                "--members",
                &members.to_string(),
                "--years",
                "1",
                "--seed",
                &seed.to_string(),
                "--until",
                "2026-11-22",
                "--format",
                "json",
            ]),
            Op::Backup => v(&["backup"]),
            Op::QuotaGrant { login, reason } => {
                v(&["quota", "grant", login, "1 GB", "--reason", reason])
            }
            Op::Pay { member, reference } => v(&[
                "pay",
                &member.to_string(),
                "--plan",
                "Adhésion",
                "--amount",
                "15",
                "--method",
                "cheque",
                "--reference",
                reference,
            ]),
            Op::ImportMembers { file, .. } => {
                let mut a = v(&["import", "members"]);
                a.push(file.display().to_string());
                a.extend(v(&["--format", "json"]));
                a
            }
            Op::ImportHelloasso { file, .. } => {
                let mut a = v(&["import", "helloasso"]);
                a.push(file.display().to_string());
                a.extend(v(&["--format", "json"]));
                a
            }
        }
    }

    /// Did the CLI report the change as committed? Only a complete report counts.
    pub(crate) fn reported(&self, stdout: &str) -> bool {
        if !stdout.ends_with('\n') {
            return false;
        }
        let text = stdout.trim();
        match self {
            Op::AddMember { .. }
            | Op::AddPlan { .. }
            | Op::EditCity { .. }
            | Op::Pay { .. }
            | Op::QuotaGrant { .. } => text.parse::<i64>().is_ok(),
            Op::SetWebsite { url } => text == format!("website = {url}"),
            Op::Backup => text.ends_with(".sqlite"),
            Op::ImportMembers { rows, .. } | Op::ImportHelloasso { rows, .. } => {
                serde_json::from_str::<serde_json::Value>(text)
                    .map(|v| v["written"] == true && v["created"] == *rows)
                    .unwrap_or(false)
            }
            Op::Seed { members, .. } => serde_json::from_str::<serde_json::Value>(text)
                .map(|v| v["members"] == *members)
                .unwrap_or(false),
        }
    }
}
