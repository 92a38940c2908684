//! Joining the association's server from the first-run screen, and leaving it.

use crate::form::FormError;
use crate::remote::RemoteServer;
use crate::session::{DatabaseStatus, ServerConnection, Session};
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

/// Who is connected to which server and what their role may do (the window offers only
/// that), and the server and user of the last login, for the first-run screen's form.
#[tauri::command]
pub async fn server_connection(session: State<'_, Session>) -> Result<ServerConnection, String> {
    Ok(session.server_connection())
}

/// Leaves the server (logging out there): back to the first-run screen.
#[tauri::command]
pub async fn disconnect_server(session: State<'_, Session>) -> Result<DatabaseStatus, String> {
    Ok(session.leave())
}
