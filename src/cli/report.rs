//! `panier report …`: the public side (economic-model page, transparency report, ChatonsInfos).

use super::output::{self, Format};
use super::Context;
use clap::Args;
use panier::public::report::{self, Outputs};
use std::path::PathBuf;

#[derive(Args)]
pub struct ReportArgs {
    /// The financial year, by the year it starts in (e.g. 2026)
    #[arg(long)]
    year: i32,
    /// Write the transparency report as one self-contained HTML file
    #[arg(long)]
    html: Option<PathBuf>,
    /// Write the transparency report as PDF
    #[arg(long)]
    pdf: Option<PathBuf>,
    /// Write the economic-model page as one self-contained HTML file
    #[arg(long)]
    economic_model: Option<PathBuf>,
    /// Write organization.properties and one <service>.properties per service in this folder
    #[arg(long)]
    chatonsinfos: Option<PathBuf>,
    /// Replace files that already exist
    #[arg(long)]
    force: bool,
    /// Also print the year's figures (json) on stdout
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(ctx: &Context, args: ReportArgs) -> anyhow::Result<()> {
    let mut db = ctx.open()?;
    let asked = panier::ops::reports::FiguresYear { year: args.year };
    let figures = super::operation::perform::<panier::ops::reports::Figures>(&mut db, asked, &[])?;
    // settings the public outputs leave out (a link that is not http(s)): said, not fatal
    for warning in &figures.warnings {
        eprintln!(
            "{} {}",
            ctx.lang.pick("Attention :", "Warning:"),
            warning.text(ctx.lang)
        );
    }
    let outputs = Outputs {
        html: args.html,
        pdf: args.pdf,
        economic_model: args.economic_model,
        chatonsinfos: args.chatonsinfos,
        replace: args.force,
    };
    if args.format == Format::Json {
        output::json(&figures)?;
        if outputs.is_empty() {
            return Ok(());
        }
    }
    let written = report::write(Some(db.conn()), &figures, ctx.lang, &outputs)?;
    for path in written {
        output::wrote(&path);
    }
    Ok(())
}
