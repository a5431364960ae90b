//! Durations: `"90s"`, `"30m"`, `"72h"`, `"7d"`, `"1d12h"`, or ISO 8601
//! (`"PT72H"`, `"P7D"`, `"P1W"`), read exactly in integer arithmetic (docs/SPEC.md §2).

use std::fmt;

const MS_PER_DAY: i64 = 86_400_000;

/// A length of time: whole days (weeks count 7) and a time part in
/// milliseconds, kept apart because a business-hours calendar counts days as
/// open days and hours as open time (docs/SPEC.md §4). Without a calendar a day is
/// exactly 24 hours: see [`millis`](Duration::millis).
///
/// Parsing is exact: `"PT1.001S"` is 1,001 ms; digits below the millisecond
/// are truncated.
///
/// ```
/// use relance_core::Duration;
/// let d = Duration::parse("1d12h")?;
/// assert_eq!((d.days(), d.time_millis(), d.millis()), (1, 43_200_000, 129_600_000));
/// assert_eq!(Duration::parse("PT8.123S")?.millis(), 8_123);
/// assert!(Duration::parse("P1M").is_err()); // months have no fixed length
/// # Ok::<(), relance_core::DurationError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Duration {
    days: u32,
    time_ms: i64,
}

/// Why a duration was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DurationError(pub(crate) String);

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DurationError {}

/// No duration may exceed the span of representable times (2 × 8.64e15 ms).
const MAX_MS: i64 = 2 * super::time::MAX_EPOCH_MS;

impl Duration {
    /// A duration of `ms` milliseconds, no whole days.
    ///
    /// ```
    /// assert_eq!(relance_core::Duration::from_millis(90_000).millis(), 90_000);
    /// ```
    pub fn from_millis(ms: i64) -> Duration {
        Duration { days: 0, time_ms: ms }
    }

    /// The whole length in milliseconds, a day being 24 hours (saturating:
    /// a parsed duration is at most ±1.7e16 ms anyway).
    pub fn millis(self) -> i64 {
        (i64::from(self.days) * MS_PER_DAY).saturating_add(self.time_ms)
    }

    /// The days (and weeks, as 7 days) the text names: open days with a calendar.
    pub fn days(self) -> u32 {
        self.days
    }

    /// The hours, minutes, seconds and milliseconds the text names, in
    /// milliseconds: open time with a calendar.
    pub fn time_millis(self) -> i64 {
        self.time_ms
    }

    /// Parses the short form (`1d12h30m15s`, units `w d h m s ms`, each at most
    /// once, largest first) or ISO 8601 (`P[nW][nD][T[nH][nM][n[.f]S]]`, only
    /// seconds may have a fraction).
    ///
    /// # Errors
    /// Malformed text, years or months (no fixed length), or a value past ±1.7e16 ms.
    pub fn parse(text: &str) -> Result<Duration, DurationError> {
        let t = text.trim();
        let parsed = if let Some(rest) = t.strip_prefix(['P', 'p']) { iso(rest) } else { short(t) };
        parsed.and_then(|d| if d.millis() > MAX_MS { Err("too long") } else { Ok(d) }).map_err(|why| {
            DurationError(format!(
                "\"{}\" is not a duration ({why}); write \"90s\", \"30m\", \"72h\", \"7d\", \"1d12h\" or ISO 8601 \"PT72H\"",
                text.chars().take(40).collect::<String>()
            ))
        })
    }
}

/// One unit of a duration: its spelling, milliseconds (0 for days), and
/// whether it counts days.
struct Unit {
    name: &'static str,
    ms: i64,
    days: u32,
}

const fn unit(name: &'static str, ms: i64, days: u32) -> Unit {
    Unit { name, ms, days }
}

const SHORT: [Unit; 6] = [
    unit("w", 0, 7),
    unit("d", 0, 1),
    unit("h", 3_600_000, 0),
    unit("m", 60_000, 0),
    unit("s", 1_000, 0),
    unit("ms", 1, 0),
];
const ISO_DATE: [Unit; 2] = [unit("W", 0, 7), unit("D", 0, 1)];
const ISO_TIME: [Unit; 3] = [unit("H", 3_600_000, 0), unit("M", 60_000, 0), unit("S", 1_000, 0)];

/// Whole digits then an optional fraction at the start of `s`:
/// (whole part, milliseconds of the fraction of one unit of `ms`, rest).
fn number(s: &str) -> Option<(i64, Option<&str>, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if end == 0 || end > 17 {
        return None;
    }
    let whole: i64 = s[..end].parse().ok()?;
    let rest = &s[end..];
    match rest.strip_prefix('.') {
        Some(r) => {
            let fend = r.find(|c: char| !c.is_ascii_digit()).unwrap_or(r.len());
            if fend == 0 {
                return None;
            }
            Some((whole, Some(&r[..fend]), &r[fend..]))
        }
        None => Some((whole, None, rest)),
    }
}

/// Reads `n<unit>` items, units in the order of `units`, each at most once.
/// Only the last unit of `units` may have a fraction when `fraction` is set.
fn accumulate(units: &[Unit], mut s: &str, fraction: bool, into: &mut Duration) -> Result<(), &'static str> {
    if s.is_empty() {
        return Err("empty");
    }
    let mut next = 0;
    while !s.is_empty() {
        let (whole, frac, rest) = number(s).ok_or("expected a number")?;
        let idx = units[next..]
            .iter()
            .position(|u| rest.starts_with(u.name) && !(u.name == "m" && rest.starts_with("ms")))
            .map(|i| i + next)
            .ok_or("expected a unit, largest first, each once")?;
        let u = &units[idx];
        if let Some(f) = frac {
            if !(fraction && idx == units.len() - 1) {
                return Err("only seconds may have a fraction");
            }
            // Milliseconds of the fraction, digits below the millisecond truncated.
            let digits: String = f.chars().chain("000".chars()).take(3).collect();
            into.time_ms += digits.parse::<i64>().map_err(|_| "bad fraction")?;
        }
        if u.days > 0 {
            let days = whole.checked_mul(i64::from(u.days)).ok_or("too long")?;
            into.days = u32::try_from(i64::from(into.days) + days).map_err(|_| "too long")?;
        } else {
            into.time_ms = whole.checked_mul(u.ms).and_then(|v| v.checked_add(into.time_ms)).ok_or("too long")?;
        }
        s = &rest[u.name.len()..];
        next = idx + 1;
    }
    Ok(())
}

fn short(s: &str) -> Result<Duration, &'static str> {
    let mut d = Duration::from_millis(0);
    accumulate(&SHORT, s, false, &mut d)?;
    Ok(d)
}

fn iso(s: &str) -> Result<Duration, &'static str> {
    let upper = s.to_ascii_uppercase();
    let (date, time) = match upper.split_once('T') {
        Some((_, "")) => return Err("nothing after 'T'"),
        Some((d, t)) => (d, Some(t)),
        None => (upper.as_str(), None),
    };
    if date.contains('Y') || date.contains('M') {
        return Err("years and months have no fixed length");
    }
    let mut d = Duration::from_millis(0);
    if !date.is_empty() {
        accumulate(&ISO_DATE, date, false, &mut d)?;
    } else if time.is_none() {
        return Err("empty");
    }
    if let Some(t) = time {
        accumulate(&ISO_TIME, t, true, &mut d)?;
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(s: &str) -> i64 {
        Duration::parse(s).unwrap().millis()
    }

    #[test]
    fn short_and_iso_forms() {
        assert_eq!(ms("90s"), 90_000);
        assert_eq!(ms("30m"), 1_800_000);
        assert_eq!(ms("72h"), 259_200_000);
        assert_eq!(ms("7d"), 604_800_000);
        assert_eq!(ms("1d12h"), 129_600_000);
        assert_eq!(ms("250ms"), 250);
        assert_eq!(ms("1m30s"), 90_000);
        assert_eq!(ms("PT72H"), 259_200_000);
        assert_eq!(ms("P7D"), 604_800_000);
        assert_eq!(ms("P1DT2H"), 93_600_000);
        assert_eq!(ms("P2W"), 1_209_600_000);
        assert_eq!(ms("PT0.25S"), 250);
        assert_eq!(ms("P07D"), 604_800_000);
        assert_eq!(ms("0h30m"), 1_800_000);
    }

    #[test]
    fn exact_fractions() {
        assert_eq!(ms("PT1.001S"), 1_001);
        assert_eq!(ms("PT8.123S"), 8_123);
        assert_eq!(ms("PT0.1S"), 100);
        assert_eq!(ms("PT0.0019S"), 1);
        assert_eq!(ms("PT2M0.999999S"), 120_999);
    }

    /// Found by fuzzing: days plus hours past i64 overflowed the total.
    #[test]
    fn totals_past_the_range_are_refused() {
        assert!(Duration::parse("1d2562047788015h").is_err());
        assert!(Duration::parse("P1DT2562047788015H").is_err());
        assert_eq!(Duration::parse("1d2h").map(Duration::millis), Ok(93_600_000));
    }

    #[test]
    fn days_are_kept_apart() {
        let d = Duration::parse("P1W1DT2H").unwrap();
        assert_eq!((d.days(), d.time_millis()), (8, 7_200_000));
        let d = Duration::parse("48h").unwrap();
        assert_eq!((d.days(), d.time_millis()), (0, 172_800_000));
    }

    #[test]
    fn refusals() {
        for bad in [
            "",
            "7",
            "d",
            "7x",
            "1h1d",
            "1h1h",
            "1.5h",
            "P1Y",
            "P1M",
            "PT",
            "P",
            "-1h",
            "PT1.5H",
            "1.s",
            ".5s",
            "PT.5S",
            "99999999999999999999d",
            "200000000000d",
        ] {
            assert!(Duration::parse(bad).is_err(), "{bad}");
        }
    }
}
