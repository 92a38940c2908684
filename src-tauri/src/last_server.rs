//! The association's server joined last (its address and the user name, never the password),
//! remembered in the app's config folder so the next start fills the login form.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;

const FILE_NAME: &str = "last-server.json";

/// A server and the name logged in with there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RememberedServer {
    pub url: String,
    pub user: String,
}

/// A small JSON file holding the [`RememberedServer`].
#[derive(Debug, Clone)]
pub struct LastServer {
    record: PathBuf,
}

impl LastServer {
    pub fn in_config_dir(config_dir: &Path) -> Self {
        LastServer {
            record: config_dir.join(FILE_NAME),
        }
    }

    /// The remembered server, if any; an unreadable record counts as none (the form is just
    /// empty, as on a first start).
    pub fn read(&self) -> Option<RememberedServer> {
        let text = std::fs::read_to_string(&self.record).ok()?;
        serde_json::from_str(&text).ok()
    }

    pub fn remember(&self, server: &RememberedServer) -> std::io::Result<()> {
        if let Some(dir) = self.record.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = serde_json::to_string_pretty(server).map_err(std::io::Error::other)?;
        std::fs::write(&self.record, text + "\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_the_server_and_user_but_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config").join("fr.chatons.panier");
        assert_eq!(LastServer::in_config_dir(&config).read(), None);
        let server = RememberedServer {
            url: "https://panier.amipo.fr".into(),
            user: "tom".into(),
        };
        LastServer::in_config_dir(&config)
            .remember(&server)
            .unwrap();
        assert_eq!(LastServer::in_config_dir(&config).read(), Some(server));
        let text = std::fs::read_to_string(config.join(FILE_NAME)).unwrap();
        let keys: Vec<String> =
            serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&text)
                .unwrap()
                .keys()
                .cloned()
                .collect();
        assert_eq!(keys, ["url", "user"], "no password, no cookie on disk");
    }

    #[test]
    fn a_damaged_record_means_nothing_remembered() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "{pas du json").unwrap();
        assert_eq!(LastServer::in_config_dir(dir.path()).read(), None);
    }
}
