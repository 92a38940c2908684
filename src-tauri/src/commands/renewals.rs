//! The Renewals screen: who is due, in grace or expired, the reminder each should get (from
//! the editable templates) and its log — each command one operation of the core
//! (`panier::ops::renewals`) — and opening a `mailto:` link in the mail app, which stays
//! here. Recording the renewal itself goes through `money_preview_payment` then
//! `money_record_payment`.

use crate::form::{perform, FormError};
use crate::session::Session;
use panier::ops::renewals::{
    self as ops, ReminderFor, ReminderSent, ReminderView, RenewalsPage, RenewalsView,
    TemplateChange, TemplateText, TemplatesView,
};
use tauri::State;

#[tauri::command]
pub async fn renewals_list(
    session: State<'_, Session>,
    page: RenewalsPage,
) -> Result<RenewalsView, String> {
    perform::<ops::List>(&session, page)
}

#[tauri::command]
pub async fn renewal_reminder(
    session: State<'_, Session>,
    member: i64,
) -> Result<ReminderView, String> {
    perform::<ops::Reminder>(&session, ReminderFor { member })
}

#[tauri::command]
pub async fn renewal_mark_sent(
    session: State<'_, Session>,
    member: i64,
    channel: String,
) -> Result<String, String> {
    perform::<ops::MarkSent>(&session, ReminderSent { member, channel })
}

#[tauri::command]
pub async fn renewal_templates(session: State<'_, Session>) -> Result<TemplatesView, String> {
    perform::<ops::Templates>(&session, ())
}

#[tauri::command]
pub async fn renewal_set_template(
    session: State<'_, Session>,
    template: TemplateText,
) -> Result<(), FormError> {
    crate::form::perform_form::<ops::SetTemplate>(
        &session,
        super::money::MONEY_FIELDS,
        TemplateChange { template },
    )
}

/// Whether `url` is a `mailto:` link and nothing else could ride along (no control
/// characters, no other scheme): the only kind of URL the window may hand to the desktop.
pub fn is_plain_mailto(url: &str) -> bool {
    url.starts_with("mailto:") && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// Opens a reminder's `mailto:` link in the person's mail app (`xdg-open`); refuses any
/// other URL, so the window cannot make the shell open a web page or a file.
#[tauri::command]
pub async fn open_mailto(session: State<'_, Session>, url: String) -> Result<(), String> {
    if !is_plain_mailto(&url) {
        return Err(session.message(&panier::Error::refused(
            "seuls les liens mailto: peuvent être ouverts",
            "only mailto: links can be opened",
        )));
    }
    std::process::Command::new("xdg-open")
        .arg(&url)
        .spawn()
        .map(drop)
        .map_err(|e| {
            session.message(&panier::Error::refused(
                format!("impossible d'ouvrir la messagerie (xdg-open) : {e}"),
                format!("cannot open the mail app (xdg-open): {e}"),
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::is_plain_mailto;

    #[test]
    fn only_mailto_links_may_be_opened() {
        assert!(is_plain_mailto(
            "mailto:a@b.fr?subject=Hello%20you&body=x%0D%0Ay"
        ));
        assert!(!is_plain_mailto("https://example.org"));
        assert!(!is_plain_mailto("file:///etc/passwd"));
        assert!(!is_plain_mailto("MAILTO:a@b.fr"));
        assert!(!is_plain_mailto("mailto:a@b.fr\n--help"));
        assert!(!is_plain_mailto("mailto:a@b.fr other"));
        assert!(!is_plain_mailto(" mailto:a@b.fr"));
    }
}
