//! Dates, clock times and time zones as people write them in postmortems:
//! `2024-03-12T14:03:00Z`, `2021-06-22 08:21`, `14:03 UTC`, `2:03 PM PDT`,
//! `2024년 3월 12일 14시 3분 (KST)`.

use super::dates;
use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use regex::Regex;
use std::sync::LazyLock;

/// A point in time with whatever precision the text gave.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Stamp {
    /// The date, when the text gave one.
    pub date: Option<NaiveDate>,
    /// The clock time, when the text gave one.
    pub time: Option<NaiveTime>,
    /// Seconds were written.
    pub seconds: bool,
    /// UTC offset in minutes, when a zone was stated and is known.
    pub offset: Option<i32>,
    /// A zone was stated (known or not).
    pub zoned: bool,
}

static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(오전|오후|午前|午後)\s*)?(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:\s*([ap])\.?m\.?\b)?|^(오전|오후|午前|午後)?\s*(\d{1,2})[시時](?:\s*(\d{1,2})[분分])?").unwrap()
});
static ZONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\(?\+?(?i:(z\b|utc|gmt|[+-]\d{2}:?\d{2}\b|kst|jst|pst|pdt|mst|mdt|cst|cdt|est|edt|cet|cest|bst|ist|aest|aedt|sgt|hkt)|(PT|ET|CT|MT)\b)(?:\s*([+-]\d{1,2})(?::?(\d{2}))?)?\)?").unwrap()
});

/// UTC offset in minutes for the zone names postmortems use. US zones
/// written without S/D (`PT`, `ET`) are read as standard time.
fn zone_offset(name: &str) -> Option<i32> {
    let n = name.to_ascii_lowercase();
    let hours = match n.as_str() {
        "z" | "utc" | "gmt" => 0.0,
        "kst" | "jst" => 9.0,
        "pst" | "pt" => -8.0,
        "pdt" | "mst" | "mt" => -7.0,
        "mdt" | "cst" | "ct" => -6.0,
        "cdt" | "est" | "et" => -5.0,
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

/// A calendar date with its year at the start of `s`, and the bytes it
/// used. A numeric date that reads both ways (`01-10-2024`) is no date
/// here: callers without the rest of the document cannot settle it.
pub fn leading_date(s: &str) -> Option<(NaiveDate, usize)> {
    // `git log` and `date` write `Sun Nov 7 18:51:38 2021 +0200`: the year
    // comes after the time.
    if let Ok((at, rest)) = chrono::NaiveDateTime::parse_and_remainder(s, "%a %b %e %H:%M:%S %Y") {
        return Some((at.date(), s.len() - rest.len()));
    }
    let hit = dates::leading(s)?;
    if hit.order != dates::Order::Fixed {
        return None;
    }
    Some((hit.on(None)?, hit.len))
}

/// A clock time at the start of `s` (`14:03`, `2:03 PM`, `13:20 PM`,
/// `오후 2시 5분`, `23時28分`): the time, whether seconds were written, and
/// the bytes used. 24-hour values written with PM stay as written.
pub fn leading_clock(s: &str) -> Option<(NaiveTime, bool, usize)> {
    let c = CLOCK.captures(s)?;
    let (mut h, m, sec): (u32, u32, Option<u32>) = if c.get(2).is_some() {
        (
            c[2].parse().ok()?,
            c[3].parse().ok()?,
            c.get(4).and_then(|x| x.as_str().parse().ok()),
        )
    } else {
        (
            c[7].parse().ok()?,
            c.get(8).map_or(Some(0), |x| x.as_str().parse().ok())?,
            None,
        )
    };
    let marker = [1, 5, 6]
        .iter()
        .find_map(|&i| c.get(i))
        .map(|x| x.as_str().to_ascii_lowercase());
    let pm = matches!(marker.as_deref(), Some("p" | "오후" | "午後"));
    let am = matches!(marker.as_deref(), Some("a" | "오전" | "午前"));
    if pm && h < 12 {
        h += 12;
    } else if am && h == 12 {
        h = 0;
    }
    let time = NaiveTime::from_hms_opt(h, m, sec.unwrap_or(0))?;
    Some((time, sec.is_some(), c.get(0)?.end()))
}

/// A time zone at the start of `s` (`UTC`, `(PST)`, `+UTC`, `UTC+9`,
/// `+09:00`): the name as written, its offset in minutes when known, and
/// the bytes used.
pub fn leading_zone(s: &str) -> Option<(String, Option<i32>, usize)> {
    let z = ZONE.captures(s)?;
    let name_at = z.get(1).or(z.get(2))?;
    // A zone is a word of its own: "cetor-router", "estimated", "istio".
    if s[name_at.end()..]
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let name = name_at.as_str();
    let mut off = zone_offset(name);
    // "UTC+9", "GMT-05:00"
    if let (Some(o), Some(h)) = (off, z.get(3)) {
        let h: i32 = h.as_str().parse().unwrap_or(0);
        let m: i32 = z.get(4).map_or(0, |m| m.as_str().parse().unwrap_or(0));
        off = Some(o + h * 60 + h.signum() * m);
    }
    let written = z[0].trim_matches(['(', ')', '+']).to_string();
    let written = match written.len() {
        1 => "UTC".to_string(),
        2 | 3 => written.to_ascii_uppercase(),
        _ => written,
    };
    Some((written, off, z.get(0)?.end()))
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
    if let Some((time, seconds, used)) = leading_clock(&s[pos..]) {
        st.time = Some(time);
        st.seconds = seconds;
        pos += used;
    }
    if st.date.is_none() && st.time.is_none() {
        return None;
    }
    let rest = &s[pos..];
    let ws = rest.len() - rest.trim_start().len();
    if let Some((_, off, used)) = leading_zone(&rest[ws..]) {
        st.offset = off;
        st.zoned = true;
        pos += ws + used;
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
        // A date pasted from `git log`.
        let (d, _) = leading_date("Sun Nov 7 18:51:38 2021 +0200").unwrap();
        assert_eq!(d.to_string(), "2021-11-07");
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
