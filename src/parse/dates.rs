//! Calendar dates as people write them: `2024-03-12`, `2024년 3월 12일`,
//! `2026年4月15日`, `June 14th, 2022`, `12th Sep 2023`, `Sunday Oct 31st`,
//! `13-15th Sep`, `07-27-2023`, `10/20/2022`, `7/6/23`, `14.03.2023`, and
//! month-day forms without a year (`Oct 31`, `09-02 03:00`, `1월 19일`).
//!
//! Month and weekday names go through chrono's own parsers; this module only
//! finds where a date is and which number is the month. A numeric date whose
//! two first numbers could both be the month (`01-10-2024`) is reported as
//! such, so the caller can settle it from the other dates of the document
//! instead of guessing.

use chrono::{Month, NaiveDate, Weekday};
use regex::Regex;
use std::str::FromStr;
use std::sync::LazyLock;

/// Which reading of a numeric date was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// The form fixes the month (ISO, a month name, a CJK marker, a day > 12).
    Fixed,
    /// Read month first (US), but day first would also be a valid date.
    Either,
}

/// A date found in text: year when written, month, day, and how many bytes
/// of the text it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateHit {
    /// The year, when the text writes one.
    pub year: Option<i32>,
    /// Month, 1..=12.
    pub month: u32,
    /// Day of the month, 1..=31.
    pub day: u32,
    /// Whether the form fixes which number is the month.
    pub order: Order,
    /// `Some(true)` when the form shows month-first numeric writing (US),
    /// `Some(false)` day-first, `None` when it says nothing about it.
    pub month_first: Option<bool>,
    /// Length in bytes of the text the date covers.
    pub len: usize,
}

impl DateHit {
    /// The date with `year` filled in when the text gave none.
    pub fn on(&self, year: Option<i32>) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year.or(year)?, self.month, self.day)
    }

    /// The same numbers read the other way round (day first), for an
    /// ambiguous numeric date.
    pub fn swapped(&self) -> Option<DateHit> {
        (self.order == Order::Either).then_some(DateHit {
            month: self.day,
            day: self.month,
            ..*self
        })
    }
}

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\s*[(（](?:[月火水木金土日월화수목금토일]|[A-Za-z]{2,9})[)）])?")
        .unwrap()
});
static CJK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(\d{4})\s*[년年]\s*)?(\d{1,2})\s*[월月]\s*(\d{1,2})\s*[일日](?:\s*[(（]?[월화수목금토일月火水木金土日](?:요일|曜日?)?[)）]?)?")
        .unwrap()
});
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})([-/.])(\d{1,2})(?:([-/.])(\d{4}|\d{2}))?(?:[^\d:/.\-]|$)").unwrap()
});
static DAY_NUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{1,2}(?:st|nd|rd|th)?)?\b").unwrap()
});
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^,?\s*(\d{4})\b").unwrap());
static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[A-Za-z]+\.?").unwrap());

/// A month name (`Sep`, `Sept.`, `September`) at the start of `s`.
fn month_name(s: &str) -> Option<(u32, usize)> {
    let w = WORD.find(s)?;
    let word = w.as_str().trim_end_matches('.');
    let word = if word.eq_ignore_ascii_case("sept") {
        "sep"
    } else {
        word
    };
    // chrono reads the full name and the three-letter form, any case.
    let m = Month::from_str(word).ok()?;
    Some((m.number_from_month(), w.end()))
}

/// A weekday name (`Sun`, `Sunday`, `Thurs.`) at the start of `s`, with the
/// bytes it covers; used to skip weekdays written around dates.
pub fn weekday_len(s: &str) -> Option<usize> {
    let w = WORD.find(s)?;
    let word = w.as_str().trim_end_matches('.').to_ascii_lowercase();
    let word = match word.as_str() {
        "tues" => "tue",
        "thur" | "thurs" => "thu",
        other => other,
    };
    Weekday::from_str(word).ok().map(|_| w.end())
}

fn fixed(year: Option<i32>, month: u32, day: u32, len: usize) -> Option<DateHit> {
    // Validate month and day (any leap year accepts Feb 29).
    NaiveDate::from_ymd_opt(year.unwrap_or(2000), month, day)?;
    Some(DateHit {
        year,
        month,
        day,
        order: Order::Fixed,
        month_first: None,
        len,
    })
}

/// The date whose month and day end at `len`, with the year that may
/// follow (`, 2022`).
fn with_year(s: &str, month: u32, day: u32, mut len: usize) -> Option<DateHit> {
    let year = YEAR.captures(&s[len..]).and_then(|y| {
        let v: i32 = y[1].parse().ok()?;
        len += y.get(0)?.end();
        Some(v)
    });
    fixed(year, month, day, len)
}

/// `Oct 10, 2020`, `June 14th 2022`, `September 27-29, 2025`, `Oct 31st`.
fn month_day(s: &str) -> Option<DateHit> {
    let (month, used) = month_name(s)?;
    let rest = &s[used..];
    let ws = rest.len() - rest.trim_start().len();
    if ws == 0 {
        return None;
    }
    let d = DAY_NUM.captures(&rest[ws..])?;
    let day: u32 = d[1].parse().ok()?;
    let len = used + ws + d.get(0)?.end();
    with_year(s, month, day, len)
}

/// `12th Sep 2023`, `13-15th Sep`, `31 October, 2024`, `5 of May`.
fn day_month(s: &str) -> Option<DateHit> {
    let d = DAY_NUM.captures(s)?;
    let day: u32 = d[1].parse().ok()?;
    let mut len = d.get(0)?.end();
    let rest = &s[len..];
    let ws = rest.len() - rest.trim_start().len();
    if ws == 0 {
        return None;
    }
    len += ws;
    let rest = &s[len..];
    let rest_of = rest.strip_prefix("of ").unwrap_or(rest);
    len += rest.len() - rest_of.len();
    let (month, used) = month_name(rest_of)?;
    len += used;
    with_year(s, month, day, len)
}

/// `Feb-08-2021` (block explorers) and `08-Feb-2021` (logs): a month name
/// between dashes, always with a four-digit year.
fn dashed(s: &str) -> Option<DateHit> {
    static DASHED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:([A-Za-z]{3,9})-(\d{1,2})|(\d{1,2})-([A-Za-z]{3,9}))-(\d{4})\b").unwrap()
    });
    let c = DASHED.captures(s)?;
    let (word, day) = match (c.get(1), c.get(2)) {
        (Some(w), Some(d)) => (w.as_str(), d.as_str()),
        _ => (c.get(4)?.as_str(), c.get(3)?.as_str()),
    };
    let (month, used) = month_name(word)?;
    (used == word.len()).then_some(())?;
    fixed(
        Some(c[5].parse().ok()?),
        month,
        day.parse().ok()?,
        c.get(0)?.end(),
    )
}

/// `07-27-2023`, `10/20/2022`, `7/6/23`, `14.03.2023`, `09-02` (month-day).
fn numeric(s: &str) -> Option<DateHit> {
    let c = NUMERIC.captures(s)?;
    let (a, sep, b): (u32, &str, u32) = (c[1].parse().ok()?, &c[2], c[3].parse().ok()?);
    let year = match c.get(5) {
        // Dotted numbers with a short last part are versions
        // (`kernel 6.12.98`, `v4.7.12`), not dates.
        Some(y) if sep == "." && y.as_str().len() != 4 => return None,
        Some(y) if c.get(4).map(|m| m.as_str()) == Some(sep) => {
            let v: i32 = y.as_str().parse().ok()?;
            // Two-digit years as POSIX `%y` reads them: 69-99 are 19xx.
            Some(match (y.as_str().len(), v) {
                (2, 69..) => 1900 + v,
                (2, _) => 2000 + v,
                _ => v,
            })
        }
        Some(_) => return None,
        // Month-day without a year only with a dash or a slash.
        None if sep == "." => return None,
        None => None,
    };
    let len = c.get(5).or(c.get(3)).map(|m| m.end())?;
    // Without a year, "1-2 hours" is no date: a month-day stands alone or
    // before a time or a range.
    let after = s[len..].trim_start();
    if year.is_none()
        && !(after.is_empty()
            || after.starts_with(|c: char| c.is_ascii_digit() || "~〜-–|:".contains(c)))
    {
        return None;
    }
    // Dotted dates are day-first wherever they are written.
    let (month, day, order, month_first) = if sep == "." || a > 12 {
        (b, a, Order::Fixed, Some(false))
    } else if b > 12 {
        (a, b, Order::Fixed, Some(true))
    } else if a == b {
        (a, b, Order::Fixed, None)
    } else {
        (a, b, Order::Either, None)
    };
    let mut hit = fixed(year, month, day, len)?;
    hit.order = order;
    hit.month_first = month_first;
    Some(hit)
}

/// A date at the very start of `s`, in any of the module's forms.
pub fn leading(s: &str) -> Option<DateHit> {
    let first = s.chars().next()?;
    if first.is_ascii_digit() {
        if let Some(c) = ISO.captures(s) {
            let y: i32 = c[1].parse().ok()?;
            return fixed(
                Some(y),
                c[2].parse().ok()?,
                c[3].parse().ok()?,
                c.get(0)?.end(),
            );
        }
        if let Some(c) = CJK.captures(s) {
            let y = c.get(1).and_then(|y| y.as_str().parse().ok());
            return fixed(y, c[2].parse().ok()?, c[3].parse().ok()?, c.get(0)?.end());
        }
        return dashed(s).or_else(|| day_month(s)).or_else(|| numeric(s));
    }
    if first.is_ascii_alphabetic() {
        // "Sunday Oct 31st", "Mon, Oct 30"
        if let Some(w) = weekday_len(s) {
            let rest = &s[w..];
            let rest_t = rest.trim_start_matches([',', ' ']);
            let skip = w + rest.len() - rest_t.len();
            return leading(rest_t).map(|mut h| {
                h.len += skip;
                h
            });
        }
        return dashed(s).or_else(|| month_day(s));
    }
    None
}

/// The first date anywhere in `s`, with its byte position.
pub fn find(s: &str) -> Option<(DateHit, usize)> {
    s.char_indices()
        .filter(|&(i, c)| {
            let prev = s[..i].chars().next_back();
            (c.is_ascii_alphanumeric()) && !prev.is_some_and(|p| p.is_ascii_alphanumeric())
        })
        .find_map(|(i, _)| leading(&s[i..]).map(|h| (h, i)))
}

/// A four-digit year standing on its own, such as the `(2021)` of a column
/// header `Date (2021)`.
pub fn lone_year(s: &str) -> Option<i32> {
    static LONE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:^|[\s(])((?:19|20)\d{2})(?:$|[\s)])").unwrap());
    LONE.captures(s)?[1].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(s: &str) -> (Option<i32>, u32, u32, usize) {
        let h = leading(s).unwrap_or_else(|| panic!("no date in {s:?}"));
        (h.year, h.month, h.day, h.len)
    }

    #[test]
    fn named_months_with_ordinals_and_weekdays() {
        assert_eq!(ymd("June 14th, 2022, 10:00 AM"), (Some(2022), 6, 14, 15));
        assert_eq!(ymd("Oct 10, 2020, 11:00 UTC").0, Some(2020));
        assert_eq!(ymd("Sunday Oct 31st: text"), (None, 10, 31, 15));
        assert_eq!(ymd("12th Sep 2023 - x"), (Some(2023), 9, 12, 13));
        assert_eq!(ymd("13-15th Sep - x"), (None, 9, 13, 11));
        assert_eq!(ymd("Sept. 3 2021").1, 9);
        assert_eq!(ymd("October 27, 2022 (Thursday)").3, 16);
        assert!(leading("May be later").is_none());
        assert!(leading("March 2025").is_none());
        // Month names between dashes, with a year.
        assert_eq!(ymd("Feb-08-2021 06:17:19 PM +UTC"), (Some(2021), 2, 8, 11));
        assert_eq!(ymd("08-Feb-2021 18:17"), (Some(2021), 2, 8, 11));
        assert!(leading("Mar-8 rollout").is_none());
        assert!(leading("Foo-08-2021").is_none());
    }

    #[test]
    fn numeric_forms_say_which_number_is_the_month() {
        let h = leading("07-27-2023 2:14 pm").unwrap();
        assert_eq!(
            (h.month, h.day, h.order, h.month_first),
            (7, 27, Order::Fixed, Some(true))
        );
        let h = leading("01-10-2024").unwrap();
        assert_eq!((h.month, h.day, h.order), (1, 10, Order::Either));
        assert_eq!(h.swapped().unwrap().month, 10);
        let h = leading("14.03.2023").unwrap();
        assert_eq!((h.month, h.day), (3, 14));
        assert_eq!(ymd("7/6/23"), (Some(2023), 7, 6, 6));
        assert_eq!(ymd("09-02 03:00:15"), (None, 9, 2, 5));
        assert!(leading("1-2 hours").is_none());
        assert!(leading("12:30").is_none());
        assert_eq!(ymd("7/6/98"), (Some(1998), 7, 6, 6));
        // Versions are not dates.
        assert!(leading("6.12.98 upgrade").is_none());
        assert!(leading("4.7.12").is_none());
        assert!(find("Kernel 6.12.98 upgrade causes network stalls").is_none());
    }

    #[test]
    fn iso_and_cjk() {
        assert_eq!(ymd("2024-03-12T14:03"), (Some(2024), 3, 12, 10));
        assert_eq!(ymd("2024년 3월 12일 14시").0, Some(2024));
        assert_eq!(ymd("2026年4月15日（水）23:28").1, 4);
        assert_eq!(ymd("1월 19일 09:00"), (None, 1, 19, 10));
        assert!(leading("2024-13-40").is_none());
    }

    #[test]
    fn finds_dates_inside_text() {
        let (h, at) = find("## Timeline (all times PST) Saturday Oct 30th 2021 - Sunday").unwrap();
        assert_eq!((h.year, h.month, h.day), (Some(2021), 10, 30));
        assert_eq!(at, 28);
        assert_eq!(lone_year("Date (2021)"), Some(2021));
        assert_eq!(lone_year("Time 21:33"), None);
    }
}
