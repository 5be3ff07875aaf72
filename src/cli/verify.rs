//! `interviewer verify FILE`: whether an exported report still carries a valid signature.
use anyhow::{bail, Context, Result};
use interviewer::report::sign::{self, Verdict};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The exported report
    file: PathBuf,
    /// Config file, for `report.hmac_key` [default: interviewer/config.toml in the platform config directory]
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// Exit status 0 when intact, 1 when altered or unsigned.
pub fn run(args: Args) -> Result<ExitCode> {
    let settings = interviewer::config::load(args.config.as_deref(), Default::default())?.settings;
    let Some(key) = settings.report_key else {
        bail!(
            "no report key: set report.hmac_key in the config (or INTERVIEWER_REPORT_HMAC_KEY) to the key used to sign"
        );
    };
    let content =
        std::fs::read_to_string(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let file = args.file.display();
    Ok(match sign::verify(&content, &key.0) {
        Verdict::Intact => {
            println!("{file}: intact (signature matches the configured key)");
            ExitCode::SUCCESS
        }
        Verdict::Altered => {
            println!("{file}: ALTERED since export (or signed with another key)");
            ExitCode::from(1)
        }
        Verdict::Unsigned => {
            println!("{file}: not signed");
            ExitCode::from(1)
        }
    })
}
