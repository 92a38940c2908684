//! `panier-serve` (also run as `panier serve`): the team server. Opens the file with the full
//! check, serves until SIGTERM or Ctrl-C, lets the requests in flight finish, then closes the
//! file (the WAL checkpointed away) and exits 0.

use clap::Parser;
use panier::store::db::{default_path, OpenOptions, Passphrase};
use panier::store::integrity::FullCheck;
use panier::Database;
use panier_server::config::Config;
use panier_server::AppState;
use std::net::SocketAddr;
use std::time::Duration;

/// How long requests in flight may take to finish once asked to stop.
const GRACE: Duration = Duration::from_secs(30);

fn fail(lang: panier::Lang, fr: &str, en: &str) -> ! {
    eprintln!("panier-serve: {}", lang.pick(fr, en));
    std::process::exit(2);
}

fn main() {
    let config = Config::parse();
    let lang = config.lang;
    if let Err((fr, en)) = config.check_listen() {
        fail(lang, &fr, &en);
    }
    let path = config.db.clone().unwrap_or_else(default_path);
    let options = OpenOptions {
        passphrase: std::env::var("PANIER_PASSPHRASE")
            .ok()
            .filter(|p| !p.is_empty())
            .map(Passphrase::new),
        // the server stays open for days: check the whole file now, not on trust
        full_check: FullCheck::Always,
        ..OpenOptions::default()
    };
    let db = match Database::open_with(&path, &options) {
        Ok(db) => db,
        Err(e) => fail(
            lang,
            &e.message(panier::Lang::Fr),
            &e.message(panier::Lang::En),
        ),
    };
    if let Some(e) = db.daily_backup_error() {
        eprintln!("panier-serve: {}", e.message(lang));
    }
    let ui = config
        .ui
        .clone()
        .or_else(|| Some("ui/dist".into()).filter(|d: &std::path::PathBuf| d.is_dir()));
    let state = AppState::new(
        db,
        config.tls() || config.behind_proxy,
        config.behind_proxy,
        Duration::from_secs(config.idle_minutes.max(1) * 60),
    );
    let app = panier_server::router(state.clone(), ui, config.tls())
        .into_make_service_with_connect_info::<SocketAddr>();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let served = runtime.block_on(async {
        let handle = axum_server::Handle::new();
        tokio::spawn(stop_on_signal(handle.clone(), state.clone()));
        let listen = config.listen;
        if let (Some(cert), Some(key)) = (&config.tls_cert, &config.tls_key) {
            let _ = rustls::crypto::ring::default_provider().install_default();
            let tls = axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key).await?;
            eprintln!("panier-serve: https://{listen}");
            axum_server::bind_rustls(listen, tls)
                .handle(handle)
                .serve(app)
                .await
        } else {
            eprintln!("panier-serve: http://{listen}");
            axum_server::bind(listen).handle(handle).serve(app).await
        }
    });
    // every connection is done: close the file before saying so
    state.close();
    if let Err(e) = served {
        fail(
            lang,
            &format!("le serveur s'est arrêté sur une erreur : {e}"),
            &format!("the server stopped on an error: {e}"),
        );
    }
    eprintln!(
        "panier-serve: {}",
        lang.pick("arrêté, fichier fermé", "stopped, file closed")
    );
}

/// On SIGTERM (systemd, `kill`) or Ctrl-C: stop accepting, end the live-event streams (they
/// never finish by themselves), let requests in flight finish.
async fn stop_on_signal(handle: axum_server::Handle, state: panier_server::Shared) {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("SIGTERM handler");
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
    state.events.close();
    handle.graceful_shutdown(Some(GRACE));
}
