//! `hindsight trends`: the Trends dashboard's numbers on standard output,
//! as JSON (identical to `OUT/trends.json`) or CSV.

use super::corpus::{load_corpus, SourceArgs};
use crate::analyze::{clusters, related, trends};
use anyhow::{Context, Result};
use chrono::NaiveDate;

/// Output format of `hindsight trends`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// JSON, identical to OUT/trends.json
    #[default]
    Json,
    /// CSV, one number a row: table,key,series,value
    Csv,
}

/// Options of `hindsight trends`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TrendsArgs {
    /// Where to read the postmortems from (repository, content folder, revision).
    #[command(flatten)]
    pub source: SourceArgs,
    /// Output format
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
    /// Count ages and overdue items from this day (YYYY-MM-DD) [default: SOURCE_DATE_EPOCH when set, else the date of the commit read, else today (UTC)]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

/// The day ages and overdue items count from: `explicit` when given, else
/// `SOURCE_DATE_EPOCH` (reproducible builds), else the committer date of the
/// commit read (so one revision always gives the same numbers), else today
/// in UTC (outside git).
pub fn as_of(explicit: Option<&str>, head_date: Option<NaiveDate>) -> Result<NaiveDate> {
    if let Some(s) = explicit {
        return NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .with_context(|| format!("--as-of {s}: expected YYYY-MM-DD"));
    }
    if let Some(secs) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        if let Some(d) = chrono::DateTime::from_timestamp(secs, 0) {
            return Ok(d.date_naive());
        }
    }
    Ok(head_date.unwrap_or_else(|| chrono::Utc::now().date_naive()))
}

/// Computes the numbers and returns the text to print.
pub fn run(args: &TrendsArgs) -> Result<String> {
    let corpus = load_corpus(&args.source, None, &super::progress::Progress::silent())?;
    let as_of = as_of(args.as_of.as_deref(), corpus.git.head_date)?;
    let (pms, lex) = (&corpus.postmortems, &corpus.lexicon);
    let related = related::compute_with(pms, lex);
    let clusters = clusters::compute_with(pms, &related, lex);
    let t = trends::compute(&corpus.postmortems, &related, &clusters, as_of);
    Ok(match args.format {
        Format::Json => trends::to_json(&t),
        Format::Csv => trends::csv::to_csv(&t),
    })
}
