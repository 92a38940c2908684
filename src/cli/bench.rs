//! `panier bench`: times the screens' and commands' work on a fresh seeded association (see
//! `panier::demo::bench`). The file is a temporary one: `--db` is not used.

use super::output::{self, Format};
use super::{today, Context};
use clap::Args;
use panier::demo::bench::{self, Profile};

#[derive(Args)]
pub struct BenchArgs {
    /// small (300 members), paheko (5,000 members, 20,000 transactions), large (50,000
    /// members, 1,000,000 ledger lines), or all three
    #[arg(long, default_value = "paheko")]
    profile: String,
    /// Runs of each operation (median and 95th percentile over them)
    #[arg(long, default_value_t = 10)]
    runs: usize,
    /// table, or json: {"profile", "members", "ledger_lines", "db_bytes", "results": [{"name", "median_ms", "p95_ms"}]}
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(ctx: &Context, args: BenchArgs) -> anyhow::Result<()> {
    let profiles: Vec<Profile> = if args.profile.trim().eq_ignore_ascii_case("all") {
        Profile::ALL.to_vec()
    } else {
        vec![Profile::parse(&args.profile)?]
    };
    if cfg!(debug_assertions) {
        eprintln!(
            "panier: {}",
            ctx.lang.pick(
                "attention, binaire de débogage : les temps ne valent rien (cargo run --release -- bench)",
                "warning, debug build: the timings mean nothing (cargo run --release -- bench)"
            )
        );
    }
    let mut reports = Vec::new();
    for profile in profiles {
        let report = bench::run(profile, args.runs, today(), |step| {
            eprintln!("bench {}: {step}…", profile.as_str());
        })?;
        if args.format != Format::Json {
            println!("{}", bench::table(&report, profile));
        }
        reports.push(report);
    }
    if args.format == Format::Json {
        if reports.len() == 1 {
            output::json(&reports[0])?;
        } else {
            output::json(&reports)?;
        }
    }
    Ok(())
}
