//! `panier`: the command line of Panier, for scripts, cron and people who like terminals.

mod cli;

fn main() {
    // Die quietly when the reader of our output goes away (`panier member list | head`).
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    std::process::exit(cli::run());
}
