//! The server's command line, and the rule on where it may listen: loopback by default; any
//! other address only with TLS, or behind a proxy that does TLS (`--behind-proxy`).

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser, Debug, Clone)]
#[command(
    name = "panier-serve",
    version,
    about = "Le serveur d'équipe de Panier / Panier's team server"
)]
pub struct Config {
    /// Address and port to listen on
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// The Panier file (default: $PANIER_DB, else ~/.local/share/panier/panier.sqlite)
    #[arg(long, env = "PANIER_DB")]
    pub db: Option<PathBuf>,
    /// TLS certificate chain (PEM); with --tls-key
    #[arg(long, requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// TLS private key (PEM); with --tls-cert
    #[arg(long, requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// A reverse proxy does TLS in front: listen on any address, read the client's address
    /// from X-Forwarded-For, mark the cookie Secure
    #[arg(long)]
    pub behind_proxy: bool,
    /// The UI's built files, served at / (default: ui/dist if it exists)
    #[arg(long, env = "PANIER_UI_DIR")]
    pub ui: Option<PathBuf>,
    /// Minutes without a request after which a session ends
    #[arg(long, default_value_t = 30)]
    pub idle_minutes: u64,
    /// Language of the server's own messages: fr or en
    #[arg(long, env = "PANIER_LANG", default_value = "fr")]
    pub lang: panier::Lang,
}

impl Config {
    /// Whether connections are encrypted by this server itself.
    pub fn tls(&self) -> bool {
        self.tls_cert.is_some() && self.tls_key.is_some()
    }

    /// Refuses to listen beyond loopback in clear text (passwords and members' data would
    /// cross the network readable).
    pub fn check_listen(&self) -> Result<(), (String, String)> {
        if self.listen.ip().is_loopback() || self.tls() || self.behind_proxy {
            return Ok(());
        }
        Err((
            format!(
                "refus d'écouter sur {} sans chiffrement : donnez --tls-cert et --tls-key, ou --behind-proxy si un proxy inverse fait le TLS devant (ou écoutez sur 127.0.0.1)",
                self.listen
            ),
            format!(
                "refusing to listen on {} unencrypted: give --tls-cert and --tls-key, or --behind-proxy when a reverse proxy does TLS in front (or listen on 127.0.0.1)",
                self.listen
            ),
        ))
    }
}
