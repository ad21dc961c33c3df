//! Dates as the trends read them: the day of an ISO date or timestamp.

use chrono::NaiveDate;

/// The day a `YYYY-MM-DD…` value names, if it names one.
pub(crate) fn date(s: Option<&str>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s?.get(..10)?, "%Y-%m-%d").ok()
}
