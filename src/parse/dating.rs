//! What dates the incident: the pieces of a document that may say the day
//! it began, and which of them wins (see [`super::incident::began`]).

use super::{incident, times};
use crate::model::{Meta, Origin, Source, TimelineEntry};

/// What may date the incident, and where each piece is in the file.
pub(super) struct Dating<'a> {
    /// The date the document is filed under, and where it was found.
    pub(super) incident: Option<(chrono::NaiveDate, incident::Found)>,
    /// The filed date is front matter's.
    pub(super) front_matter_date: bool,
    /// The detection date a key states.
    pub(super) detected: Option<chrono::NaiveDate>,
    /// The day the summary states.
    pub(super) summary_day: Option<chrono::NaiveDate>,
    /// Where the summary was read.
    pub(super) summary: Option<&'a Origin>,
    /// A dateline or byline near the top, with its body offset.
    pub(super) dateline: Option<(chrono::NaiveDate, usize)>,
    /// The first dated timeline entry: day, line, in the evening.
    pub(super) first_entry: Option<(chrono::NaiveDate, usize, bool)>,
    /// The title heading's line and body offsets.
    pub(super) title: Option<(usize, std::ops::Range<usize>)>,
}

impl Dating<'_> {
    /// The day the incident began (see [`incident::began`]) and the place
    /// that day was read.
    pub(super) fn began(
        &self,
        line_of: &dyn Fn(usize) -> usize,
        origin_of: &dyn Fn(&str, bool) -> Option<Origin>,
    ) -> Option<(chrono::NaiveDate, Option<Origin>)> {
        let earlier = incident::Earlier {
            detected: self.detected,
            summary: self.summary_day,
            // A day header further down may be a dateline too; the
            // summary's own day wins over it.
            dateline: self
                .dateline
                .filter(|_| self.summary_day.is_none())
                .map(|(d, _)| d),
            first_entry: self.first_entry.map(|(d, _, _)| d),
            first_entry_evening: self.first_entry.is_some_and(|(_, _, evening)| evening),
        };
        let (day, why) = incident::began(self.incident, self.front_matter_date, earlier)?;
        let origin = match why {
            incident::Began::Stated => self.stated_origin(line_of, origin_of),
            incident::Began::Dateline => self
                .dateline
                .map(|(_, at)| Origin::at(Source::Text, line_of(at))),
            incident::Began::Detected => origin_of("detected", true),
            incident::Began::Summary => self.summary.cloned(),
            incident::Began::Timeline => self
                .first_entry
                .map(|(_, l, _)| Origin::at(Source::Timeline, l)),
        };
        Some((day, origin))
    }

    /// Where the filed date was read: a key, the title, the file name, or
    /// the line of the text that states the file name's day.
    fn stated_origin(
        &self,
        line_of: &dyn Fn(usize) -> usize,
        origin_of: &dyn Fn(&str, bool) -> Option<Origin>,
    ) -> Option<Origin> {
        match self.incident?.1 {
            incident::Found::Key(k) => origin_of(k, true),
            incident::Found::Title => self
                .title
                .as_ref()
                .map(|(l, _)| Origin::at(Source::Title, *l)),
            incident::Found::FileName => Some(Origin::of(Source::FileName)),
            incident::Found::Text(at) => Some(match &self.title {
                Some((l, range)) if range.contains(&at) => Origin::at(Source::Title, *l),
                _ => Origin::at(Source::Text, line_of(at)),
            }),
        }
    }
}

/// The first timeline entry with a date: its day, line, and whether it is
/// in the evening ("2018-04-08T23:59": the evening before a title's day).
pub(super) fn first_dated_entry(
    timeline: &[TimelineEntry],
) -> Option<(chrono::NaiveDate, usize, bool)> {
    timeline.iter().find_map(|e| {
        let time = e.time.as_deref()?;
        let (d, _) = times::leading_date(time)?;
        let evening = time.get(11..13).and_then(|h| h.parse::<u32>().ok()) >= Some(18);
        Some((d, e.line, evening))
    })
}

/// The day the `detected` key states.
pub(super) fn detected_day(meta: &Meta) -> Option<chrono::NaiveDate> {
    let detected = meta.written.detected.as_deref()?;
    times::leading_date(detected).map(|(d, _)| d)
}
