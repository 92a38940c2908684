//! `panier encrypt`, `panier decrypt`, `panier rekey`. Passphrases come from the environment
//! (`PANIER_PASSPHRASE`, `PANIER_NEW_PASSPHRASE`) or a prompt that does not echo; never from
//! an argument (it would show in the shell history and the process list).

use super::Context;
use panier::store::db::Passphrase;
use panier::Lang;
use std::io::IsTerminal;

/// Asks for a passphrase on the terminal, without echo; `None` when there is no terminal.
pub fn ask(lang: Lang, what: &str) -> Option<Passphrase> {
    ask_text(lang, what).map(Passphrase::new)
}

fn ask_text(_lang: Lang, what: &str) -> Option<String> {
    if !std::io::stdin().is_terminal() {
        return None;
    }
    rpassword::prompt_password(format!("{what} : "))
        .ok()
        .filter(|p| !p.is_empty())
}

fn no_terminal(ctx: &Context, var: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "{} {var}",
        ctx.lang.pick(
            "pas de terminal pour demander la phrase de passe : donnez-la dans la variable",
            "no terminal to ask for the passphrase: give it in the variable"
        )
    )
}

/// A new passphrase: from `var`, else asked twice.
fn new_passphrase(ctx: &Context, var: &str) -> anyhow::Result<Passphrase> {
    if let Some(p) = std::env::var(var).ok().filter(|p| !p.is_empty()) {
        return Ok(Passphrase::new_for_encryption(p)?);
    }
    let lang = ctx.lang;
    let first = ask_text(
        lang,
        lang.pick("Nouvelle phrase de passe", "New passphrase"),
    )
    .ok_or_else(|| no_terminal(ctx, var))?;
    let again = ask_text(lang, lang.pick("La même, encore", "The same again"))
        .ok_or_else(|| no_terminal(ctx, var))?;
    if first != again {
        anyhow::bail!(
            "{}",
            lang.pick(
                "les deux phrases de passe diffèrent : rien n'a été changé",
                "the two passphrases differ: nothing was changed"
            )
        );
    }
    Ok(Passphrase::new_for_encryption(first)?)
}

fn current_passphrase(ctx: &Context) -> anyhow::Result<Passphrase> {
    if let Some(p) = ctx.passphrase() {
        return Ok(p);
    }
    ask(
        ctx.lang,
        ctx.lang
            .pick("Phrase de passe actuelle", "Current passphrase"),
    )
    .ok_or_else(|| no_terminal(ctx, "PANIER_PASSPHRASE"))
}

fn report(ctx: &Context, done: &panier::store::crypt::Converted, fr: &str, en: &str) {
    println!("{} {}", ctx.lang.pick(fr, en), done.path.display());
    if !done.older_backups.is_empty() {
        eprintln!(
            "panier: {} {} {}",
            ctx.lang.count(
                done.older_backups.len() as i64,
                ("sauvegarde plus ancienne", "sauvegardes plus anciennes"),
                ("older backup", "older backups")
            ),
            ctx.lang.pick(
                "reste lisible comme avant (en clair ou avec l'ancienne phrase de passe) ; supprimez-la si cela compte, dans",
                "remains readable as before (in clear or with the old passphrase); delete it if that matters, in"
            ),
            done.older_backups[0]
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        );
    }
}

pub fn encrypt(ctx: &Context) -> anyhow::Result<()> {
    let new = new_passphrase(ctx, "PANIER_PASSPHRASE")?;
    let done = panier::store::crypt::encrypt(&ctx.db_path, &new)?;
    report(ctx, &done, "Fichier chiffré :", "File encrypted:");
    Ok(())
}

pub fn decrypt(ctx: &Context) -> anyhow::Result<()> {
    let current = current_passphrase(ctx)?;
    let done = panier::store::crypt::decrypt(&ctx.db_path, &current)?;
    report(ctx, &done, "Fichier déchiffré :", "File decrypted:");
    Ok(())
}

pub fn rekey(ctx: &Context) -> anyhow::Result<()> {
    let current = current_passphrase(ctx)?;
    let new = new_passphrase(ctx, "PANIER_NEW_PASSPHRASE")?;
    let done = panier::store::crypt::rekey(&ctx.db_path, &current, &new)?;
    report(
        ctx,
        &done,
        "Phrase de passe changée :",
        "Passphrase changed:",
    );
    Ok(())
}
