//! The plan as `occ` commands, for admins without API access.

use super::sync_plan::{Action, SyncPlan};

/// A size the way `occ` and Nextcloud read it: `5 GB` when that says it exactly, else bytes.
pub fn occ_size(bytes: i64) -> String {
    let shown = crate::kernel::size::display_size(bytes);
    match crate::kernel::size::parse_size("quota", &shown) {
        Ok(b) if b == bytes => shown,
        _ => bytes.to_string(),
    }
}

/// Quotes a word for a POSIX shell, inside double quotes.
fn shell_quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if matches!(c, '"' | '\\' | '$' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// The plan as `occ` commands to paste on the server (run them as the web server's user,
/// e.g. `sudo -u www-data php occ …`).
pub fn occ_lines(plan: &SyncPlan) -> Vec<String> {
    let mut lines = Vec::new();
    for item in &plan.items {
        let uid = shell_quote(&item.login);
        for action in &item.actions {
            match action {
                Action::Create { email, quota_bytes } => {
                    let mut line = format!(
                        "occ user:add --password-from-env --display-name {}",
                        shell_quote(&item.member_name)
                    );
                    if !email.is_empty() {
                        line.push_str(&format!(" --email {}", shell_quote(email)));
                    }
                    line.push_str(&format!(" {uid}"));
                    lines.push(line);
                    lines.push(format!(
                        "occ user:setting {uid} files quota \"{}\"",
                        occ_size(*quota_bytes)
                    ));
                }
                Action::SetQuota { to_bytes, .. } => lines.push(format!(
                    "occ user:setting {uid} files quota \"{}\"",
                    occ_size(*to_bytes)
                )),
                Action::Disable => lines.push(format!("occ user:disable {uid}")),
                Action::Enable => lines.push(format!("occ user:enable {uid}")),
            }
        }
    }
    lines
}
