//! Durations: `"90s"`, `"30m"`, `"72h"`, `"7d"`, `"1d12h"`, or ISO 8601
//! (`"PT72H"`, `"P7D"`, `"P1W"`), read as whole milliseconds (SPEC §2).

use std::fmt;

/// A length of time in whole milliseconds; a day is exactly 24 hours here
/// (calendars count days as open days instead).
///
/// ```
/// use relance_core::Duration;
/// assert_eq!(Duration::parse("1d12h").unwrap().millis(), 129_600_000);
/// assert_eq!(Duration::parse("PT1.5S").unwrap().millis(), 1_500);
/// assert!(Duration::parse("P1M").is_err()); // months have no fixed length
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration(i64);

/// Why a duration was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DurationError(pub(crate) String);

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// No duration may exceed the span of representable times.
const MAX_MS: i64 = 2 * super::time::MAX_EPOCH_MS;

impl Duration {
    /// A duration of `ms` milliseconds.
    pub fn from_millis(ms: i64) -> Duration {
        Duration(ms)
    }

    /// Whole milliseconds.
    pub fn millis(self) -> i64 {
        self.0
    }

    /// Parses the short form (`1d12h30m15s`, units `w d h m s ms`, each at most once,
    /// largest first) or ISO 8601 (`P[nW][nD][T[nH][nM][n[.f]S]]`).
    ///
    /// # Errors
    /// Malformed text, years or months (no fixed length), or a value past ±1.7e16 ms.
    pub fn parse(text: &str) -> Result<Duration, DurationError> {
        let t = text.trim();
        let parsed = if let Some(rest) = t.strip_prefix(['P', 'p']) { iso(rest) } else { short(t) };
        parsed.and_then(|ms| {
            if ms > MAX_MS as f64 {
                Err("too long".to_owned())
            } else {
                Ok(Duration(ms as i64))
            }
        })
        .map_err(|why| {
            DurationError(format!(
                "\"{}\" is not a duration ({why}); write \"90s\", \"30m\", \"72h\", \"7d\", \"1d12h\" or ISO 8601 \"PT72H\"",
                text.chars().take(40).collect::<String>()
            ))
        })
    }
}

/// Reads `digits[.digits]` at the start of `s`; returns (value, rest).
fn number(s: &str) -> Option<(f64, &str)> {
    let end = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
    let (num, rest) = s.split_at(end);
    if num.is_empty() || num.starts_with('.') || num.ends_with('.') || num.matches('.').count() > 1 {
        return None;
    }
    // JSON numbers have no leading zeros; durations may ("P07D").
    let digits = num.trim_start_matches('0');
    let num = if digits.is_empty() || digits.starts_with('.') { format!("0{digits}") } else { digits.to_owned() };
    Some((crate::json::number(&num)?, rest))
}

fn accumulate(units: &[(&str, f64)], mut s: &str, allow_fraction_last: bool) -> Result<f64, String> {
    let mut total = 0.0;
    let mut next_unit = 0;
    if s.is_empty() {
        return Err("empty".into());
    }
    while !s.is_empty() {
        let (n, rest) = number(s).ok_or("expected a number")?;
        let idx = units[next_unit..]
            .iter()
            .position(|(u, _)| rest.starts_with(u) && !(*u == "m" && rest.starts_with("ms")))
            .map(|i| i + next_unit)
            .ok_or("expected a unit, largest first, each once")?;
        let (unit, ms) = units[idx];
        if n.fract() != 0.0 && !(allow_fraction_last && idx == units.len() - 1) {
            return Err("only seconds may have a fraction".into());
        }
        total += n * ms;
        s = &rest[unit.len()..];
        next_unit = idx + 1;
    }
    Ok(total)
}

const SHORT: [(&str, f64); 6] =
    [("w", 604_800_000.0), ("d", 86_400_000.0), ("h", 3_600_000.0), ("m", 60_000.0), ("s", 1_000.0), ("ms", 1.0)];

fn short(s: &str) -> Result<f64, String> {
    let total = accumulate(&SHORT, s, false)?;
    Ok(total.trunc())
}

fn iso(s: &str) -> Result<f64, String> {
    let upper = s.to_ascii_uppercase();
    let (date, time) = match upper.split_once('T') {
        Some((d, t)) => {
            if t.is_empty() {
                return Err("nothing after 'T'".into());
            }
            (d.to_owned(), Some(t.to_owned()))
        }
        None => (upper.clone(), None),
    };
    if date.contains('Y') || date.contains('M') {
        return Err("years and months have no fixed length".into());
    }
    let mut total = 0.0;
    if !date.is_empty() {
        total += accumulate(&[("W", 604_800_000.0), ("D", 86_400_000.0)], &date, false)?;
    } else if time.is_none() {
        return Err("empty".into());
    }
    if let Some(t) = time {
        total += accumulate(&[("H", 3_600_000.0), ("M", 60_000.0), ("S", 1_000.0)], &t, true)?;
    }
    Ok(total.trunc())
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
    fn refusals() {
        for bad in ["", "7", "d", "7x", "1h1d", "1h1h", "1.5h", "P1Y", "P1M", "PT", "P", "-1h", "PT1.5H"] {
            assert!(Duration::parse(bad).is_err(), "{bad}");
        }
    }
}
