//! Live refresh: `GET /api/events`, a server-sent event stream that says "something changed"
//! after every successful write, so the other volunteers' screens read their data again. An
//! event names the operation and its area, never what was written (no personal data), and
//! tells each listener whether the change was their own session's (`mine`).

use crate::api::ApiError;
use crate::auth::session_of;
use crate::Shared;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, Method};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use panier::ops::{Access, Area};
use serde::Serialize;
use std::convert::Infallible;
use tokio::sync::broadcast;

/// How many changes a slow listener may fall behind before it is told to reload everything.
const BACKLOG: usize = 256;

/// A write that succeeded, as the broadcast carries it.
#[derive(Debug, Clone)]
struct Change {
    op: &'static str,
    area: &'static str,
    /// the serial number of the session that made it (never sent: only compared)
    origin: u64,
}

/// What a listener receives, as the event's JSON data.
#[derive(Debug, Serialize)]
struct ChangeEvent {
    /// the operation's name, `null` when changes were missed (reload everything)
    op: Option<&'static str>,
    area: Option<&'static str>,
    /// made by the session listening (its own screen already shows it)
    mine: bool,
}

/// The broadcast of changes; `None` on it means the server is stopping.
pub struct Events {
    sender: broadcast::Sender<Option<Change>>,
}

impl Default for Events {
    fn default() -> Self {
        Events {
            sender: broadcast::channel(BACKLOG).0,
        }
    }
}

impl Events {
    /// Tells every listener that `op` (a write of `access`) succeeded for session `origin`.
    pub fn changed(&self, op: &'static str, access: Access, origin: u64) {
        if let Access::Write(area) = access {
            // no listener is not an error
            let _ = self.sender.send(Some(Change {
                op,
                area: area_name(area),
                origin,
            }));
        }
    }

    /// Ends every stream, so that a graceful shutdown does not wait for them.
    pub fn close(&self) {
        let _ = self.sender.send(None);
    }
}

/// An area's name in events (as the operations' documentation names them).
pub fn area_name(area: Area) -> &'static str {
    match area {
        Area::Money => "money",
        Area::Plans => "plans",
        Area::Books => "books",
        Area::Receipts => "receipts",
        Area::Members => "members",
        Area::MemberDirectory => "member_directory",
        Area::Renewals => "renewals",
        Area::DataRequests => "data_requests",
        Area::Accounts => "accounts",
        Area::Quota => "quota",
        Area::Nextcloud => "nextcloud",
        Area::Charter => "charter",
        Area::Reports => "reports",
        Area::Settings => "settings",
    }
}

/// `GET /api/events`: for a logged-in user, one `change` event per write, until they log out,
/// their session ends or the server stops. Comments every 15 s keep proxies from closing it;
/// `X-Accel-Buffering: no` keeps nginx from holding the events back.
pub async fn stream(
    State(state): State<Shared>,
    method: Method,
    headers: HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    let session = session_of(&state, &method, &headers)?;
    let receiver = state.events.sender.subscribe();
    let listener = (state.clone(), session.serial, receiver);
    let events =
        futures_util::stream::unfold(listener, |(state, serial, mut receiver)| async move {
            let event = match receiver.recv().await {
                Ok(Some(change)) => ChangeEvent {
                    op: Some(change.op),
                    area: Some(change.area),
                    mine: change.origin == serial,
                },
                Err(broadcast::error::RecvError::Lagged(_)) => ChangeEvent {
                    op: None,
                    area: None,
                    mine: false,
                },
                Ok(None) | Err(broadcast::error::RecvError::Closed) => return None,
            };
            // a session ended since (logout, idle, disabled) hears nothing more
            if !state.sessions.is_live(serial) {
                return None;
            }
            let sent = Event::default()
                .event("change")
                .json_data(&event)
                .unwrap_or_else(|_| Event::default().event("change"));
            Some((Ok::<Event, Infallible>(sent), (state, serial, receiver)))
        });
    Ok((
        [(HeaderName::from_static("x-accel-buffering"), "no")],
        Sse::new(events).keep_alive(KeepAlive::default()),
    ))
}
