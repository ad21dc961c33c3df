//! Reading-club analysis in one call: the postmortem of the month and the
//! reading lists resolved against the corpus. The site renders its result;
//! the build reports its diagnostics.

use super::potm::{self, Pick};
use super::reading_lists::{self, ReadingList};
use super::refs::Refs;
use crate::config::Config;
use crate::model::{Diagnostic, Postmortem};
use crate::parse::reading_list::ReadingListDoc;

/// What the reading-club pages and the feeds show.
#[derive(Debug, Clone, Default)]
pub struct Club {
    /// One pick per month, newest month first.
    pub picks: Vec<Pick>,
    /// In file order.
    pub reading_lists: Vec<ReadingList>,
}

/// Picks the postmortems of the month and resolves the reading lists.
/// Diagnostics name the file and line of each problem (hindsight.toml, a
/// reading list, or a postmortem's front matter).
pub fn analyze(
    pms: &[Postmortem],
    config: &Config,
    lists: &[ReadingListDoc],
) -> (Club, Vec<Diagnostic>) {
    let refs = Refs::new(pms, &config.content);
    let (picks, mut diags) = potm::picks(pms, &config.featured, &refs);
    let (reading_lists, list_diags) = reading_lists::resolve(lists, &refs);
    diags.extend(list_diags);
    (
        Club {
            picks,
            reading_lists,
        },
        diags,
    )
}
