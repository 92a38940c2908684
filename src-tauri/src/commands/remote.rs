//! Joining the association's server from the first-run screen, and leaving it.

use crate::form::FormError;
use crate::remote::RemoteServer;
use crate::session::{DatabaseStatus, Session};
use tauri::State;

/// Logs in to `url` as `user`; from then on the shell sends every operation there. The
/// password goes to the server once and is not kept; the cookie and token stay in the shell.
#[tauri::command]
pub async fn connect_server(
    session: State<'_, Session>,
    url: String,
    user: String,
    password: String,
) -> Result<DatabaseStatus, FormError> {
    let server = RemoteServer::connect(&url, &user, &password, session.language())?;
    Ok(session.join(server))
}

/// Leaves the server (logging out there): back to the first-run screen.
#[tauri::command]
pub async fn disconnect_server(session: State<'_, Session>) -> Result<DatabaseStatus, String> {
    Ok(session.leave())
}
