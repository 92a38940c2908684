//! Paheko 1.2's member form: its field configuration is not a table but an INI text in
//! `config` (key `champs_membres`, written by Paheko's `Utils::write_ini_string`: one
//! `[name]` section per field, `key = "text"`, `key = true`, `options[] = "…"`), the name
//! field is named by `config.champ_identite`, and the joining day is a column of `membres`
//! (`date_inscription`) rather than a field. Read here into the same `UserField`s as 1.3's
//! `config_users_fields`, so that `people` maps both alike.

use super::source::{UserField, FIELD_NAMES, FIELD_NUMBER, FIELD_PASSWORD};

/// One `key = value` of the INI text, unquoted (`\"` inside quotes is a quote).
fn value_of(raw: &str) -> String {
    let raw = raw.trim();
    match raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(inner) => inner.replace("\\\"", "\""),
        None => raw.to_string(),
    }
}

/// The fields of `ini`, in its order; `identity` is the name field (`champ_identite`),
/// `columns` those of `membres` (a field without a column is not stored).
pub fn fields(ini: &str, identity: &str, columns: &[String]) -> Vec<UserField> {
    let mut out: Vec<UserField> = Vec::new();
    for line in ini.lines().map(str::trim) {
        if line.is_empty() || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            out.push(UserField {
                name: name.to_string(),
                kind: "text".into(),
                label: name.to_string(),
                system: 0,
                options: Vec::new(),
                stored: columns.iter().any(|c| c == name),
            });
            continue;
        }
        let (Some(field), Some((key, value))) = (out.last_mut(), line.split_once('=')) else {
            continue;
        };
        match key.trim() {
            "type" => field.kind = value_of(value),
            "title" => field.label = value_of(value),
            "options[]" => field.options.push(value_of(value)),
            _ => {}
        }
    }
    for f in &mut out {
        if f.name == identity {
            f.system |= FIELD_NAMES;
        }
        if f.kind == "password" {
            f.system |= FIELD_PASSWORD;
        }
        if f.name == "numero" {
            f.system |= FIELD_NUMBER;
        }
    }
    // the joining day: a column of every 1.2 member, not a configured field
    if columns.iter().any(|c| c == "date_inscription") {
        out.push(UserField {
            name: "date_inscription".into(),
            kind: "date".into(),
            label: "Date d'inscription".into(),
            system: 0,
            options: Vec::new(),
            stored: true,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paheko_12_field_configuration_reads_as_13_fields() {
        let ini = "[numero]\ntype = \"number\"\ntitle = \"Numéro de membre\"\n\n[nom]\ntype = \"text\"\ntitle = \"Nom & prénom\"\nmandatory = true\n\n[passe]\ntype = \"password\"\n\n[type_membre]\ntype = \"select\"\ntitle = \"Type \\\"de\\\" membre\"\noptions[] = \"Personne physique\"\noptions[] = \"Personne morale\"\n\n[calcule]\ntype = \"text\"\n";
        let columns: Vec<String> = [
            "id",
            "numero",
            "nom",
            "passe",
            "type_membre",
            "date_inscription",
        ]
        .map(String::from)
        .to_vec();
        let f = fields(ini, "nom", &columns);
        let names: Vec<&str> = f.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "numero",
                "nom",
                "passe",
                "type_membre",
                "calcule",
                "date_inscription"
            ]
        );
        assert_eq!(f[1].system & FIELD_NAMES, FIELD_NAMES);
        assert_eq!(f[1].label, "Nom & prénom");
        assert_eq!(f[2].system & FIELD_PASSWORD, FIELD_PASSWORD);
        assert_eq!(f[3].kind, "select");
        assert_eq!(f[3].label, "Type \"de\" membre");
        assert_eq!(f[3].options, ["Personne physique", "Personne morale"]);
        assert!(!f[4].stored, "no column, not stored");
    }
}
