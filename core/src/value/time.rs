//! Instants: RFC 3339 with an offset, or epoch milliseconds, in; RFC 3339 UTC
//! with milliseconds out (docs/SPEC.md §2).
//!
//! Written by hand rather than with a date crate: the grammar is small, the
//! range is exactly the one of ECMAScript `Date` (±8.64e15 ms), and the output
//! must match `Date.prototype.toISOString` to the byte, expanded years included.

use std::fmt;

use serde::{Serialize, Serializer};

/// The largest magnitude of an epoch-millisecond time, as in ECMAScript `Date`.
pub const MAX_EPOCH_MS: i64 = 8_640_000_000_000_000;

const MS_PER_DAY: i64 = 86_400_000;

/// An instant, as whole milliseconds since 1970-01-01T00:00:00Z.
///
/// Serializes as RFC 3339 UTC with milliseconds, exactly as JavaScript's
/// `Date.prototype.toISOString` writes it.
///
/// ```
/// use relance_core::Time;
/// let t = Time::parse("2026-11-22T09:00:00.1239+01:00").unwrap();
/// assert_eq!(t.to_string(), "2026-11-22T08:00:00.123Z");
/// assert_eq!(Time::from_millis(0).unwrap().to_string(), "1970-01-01T00:00:00.000Z");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(i64);

/// Why a time was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeError(pub(crate) String);

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Time {
    /// A time from epoch milliseconds, within ±8.64e15.
    ///
    /// # Errors
    /// Out of range.
    pub fn from_millis(ms: i64) -> Result<Time, TimeError> {
        if !(-MAX_EPOCH_MS..=MAX_EPOCH_MS).contains(&ms) {
            return Err(TimeError(format!("{ms} is outside ±8.64e15 epoch milliseconds")));
        }
        Ok(Time(ms))
    }

    /// A time from epoch milliseconds, clamped to ±8.64e15.
    pub(crate) fn clamped(ms: i64) -> Time {
        Time(ms.clamp(-MAX_EPOCH_MS, MAX_EPOCH_MS))
    }

    /// Epoch milliseconds.
    pub fn millis(self) -> i64 {
        self.0
    }

    /// This time plus `ms` milliseconds, saturating at the range bounds.
    pub fn plus(self, ms: i64) -> Time {
        Time(self.0.saturating_add(ms).clamp(-MAX_EPOCH_MS, MAX_EPOCH_MS))
    }

    /// Parses RFC 3339 with an offset (`Z`, `z` or `±HH:MM`); `T`, `t` or a space
    /// separates date and time; digits below the millisecond are truncated.
    ///
    /// # Errors
    /// A malformed text, a date that does not exist, a missing offset, or a time
    /// outside ±8.64e15 ms.
    pub fn parse(text: &str) -> Result<Time, TimeError> {
        let err =
            |why: &str| TimeError(format!("\"{}\" is not an RFC 3339 time with an offset: {why}", truncate(text)));
        let b = text.as_bytes();
        let mut p = Cursor { b, i: 0 };
        let (year, month, day) = p.date().ok_or_else(|| err("expected YYYY-MM-DD"))?;
        match p.next() {
            Some(b'T' | b't' | b' ') => {}
            None => return Err(err("a date alone is not a time")),
            _ => return Err(err("expected 'T' after the date")),
        }
        let hour = p.digits(2).ok_or_else(|| err("expected hours"))?;
        p.expect(b':').ok_or_else(|| err("expected ':'"))?;
        let minute = p.digits(2).ok_or_else(|| err("expected minutes"))?;
        p.expect(b':').ok_or_else(|| err("expected ':' and seconds"))?;
        let second = p.digits(2).ok_or_else(|| err("expected seconds"))?;
        let mut millis = 0i64;
        if p.peek() == Some(b'.') {
            p.i += 1;
            let start = p.i;
            while let Some(d @ b'0'..=b'9') = p.peek() {
                if p.i - start < 3 {
                    millis = millis * 10 + i64::from(d - b'0');
                }
                p.i += 1;
            }
            let n = p.i - start;
            if n == 0 {
                return Err(err("expected digits after '.'"));
            }
            for _ in n..3 {
                millis *= 10;
            }
        }
        let offset_min = match p.next() {
            Some(b'Z' | b'z') => 0,
            Some(sign @ (b'+' | b'-')) => {
                let h = p.digits(2).ok_or_else(|| err("expected offset hours"))?;
                p.expect(b':').ok_or_else(|| err("expected ':' in the offset"))?;
                let m = p.digits(2).ok_or_else(|| err("expected offset minutes"))?;
                if h > 23 || m > 59 {
                    return Err(err("offset out of range"));
                }
                let v = i64::from(h * 60 + m);
                if sign == b'-' {
                    -v
                } else {
                    v
                }
            }
            None => return Err(err("the offset is missing (add Z or ±HH:MM)")),
            _ => return Err(err("unexpected character")),
        };
        if p.i != b.len() {
            return Err(err("unexpected text after the offset"));
        }
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(err("no such date"));
        }
        if hour > 23 || minute > 59 || second > 59 {
            return Err(err("no such time of day"));
        }
        let days = days_from_civil(year, month, day);
        let ms =
            days * MS_PER_DAY + (i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second)) * 1000 + millis
                - offset_min * 60_000;
        Time::from_millis(ms).map_err(|e| err(&e.0))
    }

    /// Reads a time from raw JSON text: an RFC 3339 string or an integer of
    /// epoch milliseconds; `None` for anything else.
    pub(crate) fn from_raw(raw: &str) -> Option<Time> {
        match crate::json::string_ref(raw) {
            Some(s) => Time::parse(&s).ok(),
            None if raw.trim_start().starts_with(['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']) => {
                Time::from_json(&crate::json::value(raw)?).ok()
            }
            None => None,
        }
    }

    /// Epoch milliseconds given as a float (JavaScript's numbers): a whole
    /// number within ±8.64e15.
    pub(crate) fn from_epoch_f64(ms: f64) -> Result<Time, TimeError> {
        if ms.fract() == 0.0 && ms.abs() <= MAX_EPOCH_MS as f64 {
            Ok(Time(ms as i64))
        } else {
            Err(epoch_range())
        }
    }

    /// Reads a time from JSON: an RFC 3339 string or an integer of epoch milliseconds.
    pub(crate) fn from_json(v: &serde_json::Value) -> Result<Time, TimeError> {
        match v {
            serde_json::Value::String(s) => Time::parse(s),
            serde_json::Value::Number(n) => match (n.as_i64(), n.as_f64()) {
                (Some(i), _) if (-MAX_EPOCH_MS..=MAX_EPOCH_MS).contains(&i) => Ok(Time(i)),
                (None, Some(f)) => Time::from_epoch_f64(f),
                _ => Err(epoch_range()),
            },
            other => Err(TimeError(format!(
                "expected an RFC 3339 string or epoch milliseconds, got {}",
                crate::value::type_name(other)
            ))),
        }
    }
}

// The message does not echo the number: JavaScript and a server may spell
// the same large number differently.
fn epoch_range() -> TimeError {
    TimeError("epoch milliseconds must be a whole number within ±8.64e15".into())
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

// Inlined: with the size profile these would be calls per byte, and
// `Time::parse` runs once per event in a KPI batch.
impl Cursor<'_> {
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    #[inline(always)]
    fn next(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.i += 1;
        Some(c)
    }
    #[inline(always)]
    fn expect(&mut self, c: u8) -> Option<()> {
        (self.next()? == c).then_some(())
    }
    #[inline(always)]
    fn digits(&mut self, n: usize) -> Option<u32> {
        let mut v = 0u32;
        for _ in 0..n {
            let c = self.next()?;
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(c - b'0');
        }
        Some(v)
    }
    fn date(&mut self) -> Option<(i64, u32, u32)> {
        let year = i64::from(self.digits(4)?);
        self.expect(b'-')?;
        let month = self.digits(2)?;
        self.expect(b'-')?;
        let day = self.digits(2)?;
        Some((year, month, day))
    }
}

/// A date alone, `YYYY-MM-DD`, as days since 1970-01-01.
pub(crate) fn parse_date(text: &str) -> Option<i64> {
    let mut p = Cursor { b: text.as_bytes(), i: 0 };
    let (y, m, d) = p.date()?;
    let valid = p.i == text.len() && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m);
    valid.then(|| days_from_civil(y, m, d))
}

/// The weekday of a day count since 1970-01-01: 0 = Monday (1970-01-01 was
/// a Thursday).
pub(crate) fn weekday(day: i64) -> usize {
    (day + 3).rem_euclid(7) as usize
}

pub(crate) fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub(crate) fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(MS_PER_DAY);
        let rem = self.0.rem_euclid(MS_PER_DAY);
        let (y, m, d) = civil_from_days(days);
        if (0..=9999).contains(&y) {
            write!(f, "{y:04}")?;
        } else if y < 0 {
            write!(f, "-{:06}", -y)?;
        } else {
            write!(f, "+{y:06}")?;
        }
        let (h, rem) = (rem / 3_600_000, rem % 3_600_000);
        let (mi, rem) = (rem / 60_000, rem % 60_000);
        let (s, ms) = (rem / 1000, rem % 1000);
        write!(f, "-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z")
    }
}

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_offsets_and_truncates_sub_milliseconds() {
        assert_eq!(Time::parse("2026-11-22T09:00:00+01:00").unwrap().to_string(), "2026-11-22T08:00:00.000Z");
        assert_eq!(Time::parse("2026-11-22t08:00:00.98765z").unwrap().to_string(), "2026-11-22T08:00:00.987Z");
        assert_eq!(Time::parse("1969-12-31T23:59:59.9999Z").unwrap().millis(), -1);
        assert_eq!(Time::parse("2024-02-29 00:00:00-00:30").unwrap().to_string(), "2024-02-29T00:30:00.000Z");
    }

    #[test]
    fn refuses_what_is_not_a_time() {
        for bad in [
            "2026-11-22T09:00:00",
            "2026-11-22",
            "2026-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-11-22T24:00:00Z",
            "2026-11-22T09:00Z",
            "2026-11-22T09:00:00.Z",
            "2026-11-22T09:00:00+0100",
            "2026-11-22T09:00:00Z ",
            "",
            "soon",
        ] {
            assert!(Time::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn formats_like_ecmascript_to_iso_string() {
        assert_eq!(Time::from_millis(MAX_EPOCH_MS).unwrap().to_string(), "+275760-09-13T00:00:00.000Z");
        assert_eq!(Time::from_millis(-MAX_EPOCH_MS).unwrap().to_string(), "-271821-04-20T00:00:00.000Z");
        assert_eq!(Time::from_millis(-62_198_755_200_000).unwrap().to_string(), "-000001-01-01T00:00:00.000Z");
        assert!(Time::from_millis(MAX_EPOCH_MS + 1).is_err());
        assert!(Time::from_millis(i64::MIN).is_err());
        assert!(Time::from_millis(i64::MAX).is_err());
    }

    #[test]
    fn civil_round_trip() {
        for days in (-1_000_000..1_000_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
