//! Dates, clock times and time zones as people write them in postmortems:
//! `2024-03-12T14:03:00Z`, `2021-06-22 08:21`, `14:03 UTC`, `2:03 PM PDT`,
//! `2024년 3월 12일 14시 3분 (KST)`.

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use regex::Regex;
use std::sync::LazyLock;

/// A point in time with whatever precision the text gave.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Stamp {
    pub date: Option<NaiveDate>,
    pub time: Option<NaiveTime>,
    /// Seconds were written.
    pub seconds: bool,
    /// UTC offset in minutes, when a zone was stated and is known.
    pub offset: Option<i32>,
    /// A zone was stated (known or not).
    pub zoned: bool,
}

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})|^(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일")
        .unwrap()
});
static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:\s*([ap])\.?m\.?\b)?|^(오전|오후)?\s*(\d{1,2})시(?:\s*(\d{1,2})분)?").unwrap()
});
static ZONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\(?(z\b|utc|gmt|[+-]\d{2}:?\d{2}\b|kst|jst|pst|pdt|mst|mdt|cst|cdt|est|edt|cet|cest|bst|ist|aest|aedt|sgt|hkt)(?:\s*([+-]\d{1,2})(?::?(\d{2}))?)?\)?").unwrap()
});

/// UTC offset in minutes for the zone names postmortems use.
fn zone_offset(name: &str) -> Option<i32> {
    let n = name.to_ascii_lowercase();
    let hours = match n.as_str() {
        "z" | "utc" | "gmt" => 0.0,
        "kst" | "jst" => 9.0,
        "pst" => -8.0,
        "pdt" | "mst" => -7.0,
        "mdt" | "cst" => -6.0,
        "cdt" | "est" => -5.0,
        "edt" => -4.0,
        "cet" | "bst" => 1.0,
        "cest" => 2.0,
        "ist" => 5.5,
        "aest" => 10.0,
        "aedt" => 11.0,
        "sgt" | "hkt" => 8.0,
        _ => {
            let sign = if n.starts_with('-') { -1 } else { 1 };
            let digits: String = n.chars().filter(|c| c.is_ascii_digit()).collect();
            let h: i32 = digits.get(0..2)?.parse().ok()?;
            let m: i32 = digits.get(2..4)?.parse().ok()?;
            return Some(sign * (h * 60 + m));
        }
    };
    Some((hours * 60.0) as i32)
}

/// A calendar date at the start of `s`, and the bytes it used.
pub fn leading_date(s: &str) -> Option<(NaiveDate, usize)> {
    let c = DATE.captures(s)?;
    let (y, m, d) = if c.get(1).is_some() {
        (1, 2, 3)
    } else {
        (4, 5, 6)
    };
    let date = NaiveDate::from_ymd_opt(c[y].parse().ok()?, c[m].parse().ok()?, c[d].parse().ok()?)?;
    Some((date, c.get(0)?.end()))
}

/// Reads a date and/or clock time and/or zone at the start of `s`.
/// Returns the stamp and how many bytes it used; `None` if `s` does not start
/// with a date or a time.
pub fn leading_stamp(s: &str) -> Option<(Stamp, usize)> {
    let mut st = Stamp::default();
    let mut pos = 0;
    if let Some((date, used)) = leading_date(s) {
        st.date = Some(date);
        pos = used;
        let rest = &s[pos..];
        let skip = rest.len() - rest.trim_start_matches([' ', 'T', ',']).len();
        if CLOCK.is_match(&rest[skip..]) {
            pos += skip;
        }
    }
    if let Some(c) = CLOCK.captures(&s[pos..]) {
        let (mut h, m, sec): (u32, u32, Option<u32>) = if c.get(1).is_some() {
            (
                c[1].parse().ok()?,
                c[2].parse().ok()?,
                c.get(3).and_then(|x| x.as_str().parse().ok()),
            )
        } else {
            (
                c[6].parse().ok()?,
                c.get(7).map_or(Some(0), |x| x.as_str().parse().ok())?,
                None,
            )
        };
        let pm = c
            .get(4)
            .is_some_and(|x| x.as_str().eq_ignore_ascii_case("p"))
            || c.get(5).is_some_and(|x| x.as_str() == "오후");
        let am = c
            .get(4)
            .is_some_and(|x| x.as_str().eq_ignore_ascii_case("a"))
            || c.get(5).is_some_and(|x| x.as_str() == "오전");
        if pm && h < 12 {
            h += 12;
        } else if am && h == 12 {
            h = 0;
        }
        st.time = Some(NaiveTime::from_hms_opt(h, m, sec.unwrap_or(0))?);
        st.seconds = sec.is_some();
        pos += c.get(0)?.end();
    }
    if st.date.is_none() && st.time.is_none() {
        return None;
    }
    let rest = &s[pos..];
    let ws = rest.len() - rest.trim_start().len();
    if let Some(z) = ZONE.captures(&rest[ws..]) {
        let mut off = zone_offset(&z[1]);
        // "UTC+9", "GMT-05:00"
        if let (Some(o), Some(h)) = (off, z.get(2)) {
            let h: i32 = h.as_str().parse().unwrap_or(0);
            let m: i32 = z.get(3).map_or(0, |m| m.as_str().parse().unwrap_or(0));
            off = Some(o + h * 60 + h.signum() * m);
        }
        st.offset = off;
        st.zoned = true;
        pos += ws + z.get(0).map_or(0, |m| m.end());
    }
    Some((st, pos))
}

/// A whole-string timestamp (front matter values). Trailing text is an error.
pub fn parse_stamp(s: &str) -> Option<Stamp> {
    let s = s.trim();
    let (st, used) = leading_stamp(s)?;
    s[used..].trim().is_empty().then_some(st)
}

impl Stamp {
    /// Fills the date from context when only a clock time was written.
    pub fn on(mut self, date: Option<NaiveDate>) -> Self {
        if self.date.is_none() {
            self.date = date;
        }
        self
    }

    /// `YYYY-MM-DDTHH:MM[:SS][±HH:MM|Z]`, `YYYY-MM-DD`, or `HH:MM`.
    pub fn normalized(&self) -> String {
        let mut out = String::new();
        if let Some(d) = self.date {
            out.push_str(&d.format("%Y-%m-%d").to_string());
        }
        if let Some(t) = self.time {
            if self.date.is_some() {
                out.push('T');
            }
            let fmt = if self.seconds { "%H:%M:%S" } else { "%H:%M" };
            out.push_str(&t.format(fmt).to_string());
            if self.date.is_some() {
                match self.offset {
                    Some(0) => out.push('Z'),
                    Some(o) => out.push_str(&format!(
                        "{}{:02}:{:02}",
                        if o < 0 { '-' } else { '+' },
                        o.abs() / 60,
                        o.abs() % 60
                    )),
                    None => {}
                }
            }
        }
        out
    }

    /// Minutes since the Unix epoch, using `default_offset` when no zone was
    /// stated. `None` without both a date and a time.
    pub fn epoch_minutes(&self, default_offset: Option<i32>) -> Option<i64> {
        let naive = NaiveDateTime::new(self.date?, self.time?);
        let offset = self.offset.or(default_offset).unwrap_or(0);
        let tz = FixedOffset::east_opt(offset * 60)?;
        let dt = tz.from_local_datetime(&naive).single()?;
        Some(dt.timestamp() / 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        leading_stamp(s).unwrap().0.normalized()
    }

    #[test]
    fn formats_people_write() {
        assert_eq!(norm("2024-03-12T14:03:00Z"), "2024-03-12T14:03:00Z");
        assert_eq!(norm("2021-06-22 08:21 | deploy"), "2021-06-22T08:21");
        assert_eq!(norm("2024-03-12 14:03 UTC"), "2024-03-12T14:03Z");
        assert_eq!(norm("14:03 — deploy"), "14:03");
        assert_eq!(norm("2:03 PM PDT"), "14:03");
        assert_eq!(norm("2024/3/5 09:00 KST"), "2024-03-05T09:00+09:00");
        assert_eq!(norm("2024년 3월 12일 오후 2시 5분"), "2024-03-12T14:05");
        assert_eq!(
            norm("2024-03-12T14:03:00+09:00"),
            "2024-03-12T14:03:00+09:00"
        );
        assert_eq!(norm("2024-03-12"), "2024-03-12");
        assert!(leading_stamp("deploy at 14:03").is_none());
    }

    #[test]
    fn zones_and_epoch() {
        let a = parse_stamp("2024-03-12 14:00 UTC").unwrap();
        let b = parse_stamp("2024-03-12 23:30 KST").unwrap();
        assert_eq!(
            b.epoch_minutes(None).unwrap() - a.epoch_minutes(None).unwrap(),
            30
        );
        assert!(leading_stamp("14:03 UTC").unwrap().0.zoned);
        assert!(parse_stamp("2024-03-12 14:00 sometime").is_none());
        assert!(parse_stamp("2024-13-40").is_none());
    }
}
