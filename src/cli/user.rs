//! `panier user …`: the team server's users (the server itself is `panier serve`). Passwords
//! come on standard input only (`--password-stdin`), never as an argument a process list
//! would show.

use super::Context;
use clap::{Args, Subcommand};
use panier::ops::users;
use panier::ops::Role;
use std::io::Read;

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add a user who can log in to the team server
    Add(AddArgs),
    /// The users, their roles, and whether they are disabled
    List,
    /// Give a user another role
    Role { name: String, role: String },
    /// Stop a user from logging in (their name stays in the audit log)
    Disable { name: String },
    /// Set a user's password (read from standard input)
    Passwd(PasswdArgs),
}

#[derive(Args)]
pub struct AddArgs {
    name: String,
    /// owner, treasurer, secretary, admin or auditor
    #[arg(long)]
    role: String,
    /// Read the password from standard input (its first line)
    #[arg(long, required = true)]
    password_stdin: bool,
}

#[derive(Args)]
pub struct PasswdArgs {
    name: String,
    /// Read the password from standard input (its first line)
    #[arg(long, required = true)]
    password_stdin: bool,
}

/// The first line of standard input, without its line end.
fn password_from_stdin() -> anyhow::Result<String> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    Ok(text.lines().next().unwrap_or("").to_string())
}

pub fn run(ctx: &Context, cmd: UserCommand) -> anyhow::Result<()> {
    let mut db = ctx.open()?;
    let lang = ctx.lang;
    let user = match cmd {
        UserCommand::Add(args) => {
            let role = Role::parse(&args.role)?;
            users::add(&mut db, &args.name, role, &password_from_stdin()?)?
        }
        UserCommand::List => {
            for u in users::list(db.conn())? {
                let state = if u.disabled {
                    lang.pick("désactivé", "disabled")
                } else {
                    lang.pick("actif", "enabled")
                };
                println!("{}\t{}\t{}", u.name, u.role.as_str(), state);
            }
            return Ok(());
        }
        UserCommand::Role { name, role } => users::set_role(&mut db, &name, Role::parse(&role)?)?,
        UserCommand::Disable { name } => users::disable(&mut db, &name)?,
        UserCommand::Passwd(args) => {
            users::set_password(&mut db, &args.name, &password_from_stdin()?)?
        }
    };
    println!("{}\t{}", user.name, user.role.as_str());
    Ok(())
}

/// `panier serve …`: runs `panier-serve`, the binary beside this one, with every argument
/// after `serve` (as `git` and `cargo` run their external subcommands), so this binary stays
/// free of HTTP. Returns only when it could not be started.
pub fn serve(args: &[std::ffi::OsString], lang: panier::Lang) -> i32 {
    let name = format!("panier-serve{}", std::env::consts::EXE_SUFFIX);
    let server = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(&name)));
    let Some(server) = server.filter(|p| p.is_file()) else {
        eprintln!(
            "panier: {}",
            lang.pick(
                "le serveur d'équipe « panier-serve » est introuvable à côté de « panier » : construisez-le avec « cargo build -p panier-server » (ou installez le paquet qui le contient)",
                "the team server “panier-serve” was not found next to “panier”: build it with “cargo build -p panier-server” (or install the package that has it)",
            )
        );
        return 127;
    };
    let mut command = std::process::Command::new(&server);
    command.args(args);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // replaces this process: signals (SIGTERM from systemd) reach the server itself
        let error = command.exec();
        eprintln!("panier: {}: {error}", server.display());
        126
    }
    #[cfg(not(unix))]
    match command.status() {
        Ok(status) => status.code().unwrap_or(1),
        Err(error) => {
            eprintln!("panier: {}: {error}", server.display());
            126
        }
    }
}
