//! The team server's users: a name, a role, an Argon2id password hash, enabled or not. Here
//! (beside the roles) because a user is nothing but a right to perform operations: the store
//! keeps the row, this module keeps the rules — a valid name, a long enough password, and
//! always one enabled owner left, so nobody locks the association out of its own file.

use super::Role;
use crate::kernel::error::{Error, Result};
use crate::kernel::field::Field;
use crate::store::audit::Change;
use crate::store::db::Database;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

/// The shortest password accepted (a passphrase of a few words is longer).
pub const MIN_PASSWORD_CHARS: usize = 10;

/// A user as listed (never with the hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    pub created_at: String,
}

fn valid_name(name: &str) -> Result<String> {
    let name = name.trim();
    let fine = !name.is_empty()
        && name.chars().count() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'));
    if fine {
        Ok(name.to_string())
    } else {
        Err(Error::invalid(
            Field::Name,
            name,
            "un nom d'utilisateur : 1 à 64 lettres, chiffres, « . », « - », « _ » ou « @ »",
            "a user name: 1 to 64 letters, digits, “.”, “-”, “_” or “@”",
        ))
    }
}

/// The Argon2id hash (PHC string, salt included) of an acceptable password.
fn hash_password(password: &str) -> Result<String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Error::invalid(
            Field::Password,
            "",
            format!("le mot de passe doit compter au moins {MIN_PASSWORD_CHARS} caractères"),
            format!("the password must be at least {MIN_PASSWORD_CHARS} characters long"),
        ));
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            Error::refused(
                format!("hachage impossible : {e}"),
                format!("cannot hash: {e}"),
            )
        })
}

fn user_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<(User, String)> {
    let role: String = row.get(2)?;
    Ok((
        User {
            id: row.get(0)?,
            name: row.get(1)?,
            role: Role::parse(&role).unwrap_or(Role::Auditor),
            disabled: row.get(3)?,
            created_at: row.get(4)?,
        },
        row.get(5)?,
    ))
}

const SELECT: &str = "SELECT id, name, role, disabled, created_at, password_hash FROM users";

fn find(conn: &Connection, name: &str) -> Result<Option<(User, String)>> {
    Ok(conn
        .query_row(
            &format!("{SELECT} WHERE name = ?1"),
            [name.trim()],
            user_from_row,
        )
        .optional()?)
}

fn existing(conn: &Connection, name: &str) -> Result<User> {
    find(conn, name)?
        .map(|(u, _)| u)
        .ok_or_else(|| Error::not_found("utilisateur", "user", name.trim()))
}

/// The user `name` as the file has them now (the server reads this on every request, so a
/// role changed or a user disabled from the CLI takes effect at once).
pub fn current(conn: &Connection, name: &str) -> Result<Option<User>> {
    Ok(find(conn, name)?.map(|(u, _)| u))
}

/// Every user, by name.
pub fn list(conn: &Connection) -> Result<Vec<User>> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY name"))?;
    let rows = stmt.query_map([], user_from_row)?;
    Ok(rows
        .map(|r| r.map(|(u, _)| u))
        .collect::<rusqlite::Result<_>>()?)
}

/// Refuses a change that would leave no enabled owner.
fn keep_an_owner(tx: &Transaction<'_>, changed: &User) -> Result<()> {
    let others: i64 = tx.query_row(
        "SELECT count(*) FROM users WHERE role = 'owner' AND disabled = 0 AND id <> ?1",
        [changed.id],
        |r| r.get(0),
    )?;
    if changed.role == Role::Owner && !changed.disabled && others == 0 {
        return Err(Error::refused(
            format!(
                "« {} » est le dernier responsable actif : nommez-en un autre d'abord",
                changed.name
            ),
            format!(
                "“{}” is the last enabled owner: make someone else owner first",
                changed.name
            ),
        ));
    }
    Ok(())
}

/// Adds a user; names are unique whatever their case.
pub fn add(db: &mut Database, name: &str, role: Role, password: &str) -> Result<User> {
    let name = valid_name(name)?;
    let hash = hash_password(password)?;
    if find(db.conn(), &name)?.is_some() {
        return Err(Error::refused_about(
            Field::Name,
            format!("l'utilisateur « {name} » existe déjà"),
            format!("the user “{name}” already exists"),
        ));
    }
    db.write(|tx| {
        tx.execute(
            "INSERT INTO users (name, role, password_hash) VALUES (?1, ?2, ?3)",
            params![name, role.as_str(), hash],
        )?;
        let user = existing(tx, &name)?;
        let change = Change::new("user_add", "user", Some(user.id)).after(&user);
        Ok((user, change))
    })
}

/// Gives `name` another role (never taking the last enabled owner's).
pub fn set_role(db: &mut Database, name: &str, role: Role) -> Result<User> {
    db.write(|tx| {
        let before = existing(tx, name)?;
        if role != Role::Owner {
            keep_an_owner(tx, &before)?;
        }
        tx.execute(
            "UPDATE users SET role = ?1 WHERE id = ?2",
            params![role.as_str(), before.id],
        )?;
        let after = existing(tx, name)?;
        let change = Change::new("user_role", "user", Some(after.id))
            .before(&before)
            .after(&after);
        Ok((after, change))
    })
}

/// Disables `name`: they can no longer log in (never the last enabled owner).
pub fn disable(db: &mut Database, name: &str) -> Result<User> {
    db.write(|tx| {
        let before = existing(tx, name)?;
        keep_an_owner(tx, &before)?;
        tx.execute("UPDATE users SET disabled = 1 WHERE id = ?1", [before.id])?;
        let after = existing(tx, name)?;
        let change = Change::new("user_disable", "user", Some(after.id))
            .before(&before)
            .after(&after);
        Ok((after, change))
    })
}

/// Sets a new password for `name` (the audit row says so, never what it is).
pub fn set_password(db: &mut Database, name: &str, password: &str) -> Result<User> {
    let hash = hash_password(password)?;
    db.write(|tx| {
        let user = existing(tx, name)?;
        tx.execute(
            "UPDATE users SET password_hash = ?1 WHERE id = ?2",
            params![hash, user.id],
        )?;
        let change = Change::new("user_password", "user", Some(user.id)).after(&user);
        Ok((user, change))
    })
}

/// What a login is checked against: the user and their hash, read from the file. Apart from
/// the check itself so a server reads it under its lock and hashes outside it.
pub struct Credentials(Option<(User, String)>);

/// The credentials of `name` (none for an unknown name: the check then fails all the same).
pub fn credentials(conn: &Connection, name: &str) -> Result<Credentials> {
    Ok(Credentials(find(conn, name)?))
}

impl Credentials {
    /// The enabled user if `password` is theirs. An unknown name costs a hash all the same,
    /// so the answer's delay does not tell which names exist.
    pub fn check(&self, password: &str) -> Option<User> {
        let hash = match &self.0 {
            Some((_, hash)) => hash.as_str(),
            // a hash of nothing anyone can type: same work, never a match
            None => "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$WrOnGhAsHwRoNgHaShWrOnGhAsHwRoNgHaShWrOng",
        };
        let matches = PasswordHash::new(hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        match &self.0 {
            Some((user, _)) if matches && !user.disabled => Some(user.clone()),
            _ => None,
        }
    }
}

/// The enabled user `name` if `password` is theirs.
pub fn verify(conn: &Connection, name: &str, password: &str) -> Result<Option<User>> {
    Ok(credentials(conn, name)?.check(password))
}
