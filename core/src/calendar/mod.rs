//! Time zones and business-hours calendars (docs/SPEC.md §4).
//!
//! A [`Calendar`] is a week of opening hours in a [`Zone`], less holidays.
//! Deadlines count open time (`s`, `m`, `h`) and open days (`d`) on it. Nothing
//! here reads a clock or the host's zone files: the zone table is compiled in
//! (see [`zone`] and `scripts/tzdata/README.md`).
//!
//! # How the week is read
//!
//! - Each weekday lists intervals `"HH:MM-HH:MM"` of local wall-clock time,
//!   half-open `[open, close)`; `"24:00"` may end one. An interval whose end is
//!   before its start crosses midnight and belongs to its start day (a night
//!   shift). Intervals of one day that overlap or touch merge.
//! - The open time is the union of every day's intervals: a night shift's
//!   after-midnight part that overlaps the next day's morning interval is the
//!   same open time, counted once (`mon 22:00-06:00` and `tue 05:00-09:00` are
//!   open from Monday 22:00 to Tuesday 09:00 without a break: 11 hours).
//! - A holiday removes the intervals of its own day (their after-midnight part
//!   included) and closes its whole local day, 00:00 to 24:00: the previous
//!   day's night shift stops at midnight.
//! - An opening or closing time is the first instant at which the local clock
//!   reads that time or later: one in a daylight-saving gap takes effect at the
//!   change, one that occurs twice at its first occurrence. Open time is counted
//!   in real elapsed time (`01:00-04:00` is 2 hours on a spring-forward night and
//!   4 on a fall-back night).
//! - An open day is a date that is not a holiday and whose weekday has
//!   intervals; the after-midnight part of the previous day's night shift does
//!   not make a date an open day.

mod zone;
// Generated (scripts/tzdata/generate.py): kept exactly as the generator writes it.
#[rustfmt::skip]
mod zones;

use serde_json::Value;

use crate::error::{Error, ErrorCode, Problem, ProblemCode};
use crate::value::{parse_date, pointer_token, type_name, weekday, Time, MAX_EPOCH_MS};
pub use zone::Zone;
use zone::MS_PER_DAY;

/// The most calendar days one deadline computation walks (ten years); past it,
/// `limit_exceeded` (a calendar whose open days are all holidays for ten years).
pub(crate) const MAX_SCAN_DAYS: u32 = 3653;

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A business-hours calendar: opening hours per weekday in a time zone, less holidays.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Calendar {
    zone: Zone,
    /// Per weekday (0 = Monday): `[open, close)` in ms from that day's local
    /// midnight, sorted, disjoint and not touching; `close` may pass 24 h (a night shift).
    week: [Vec<(i64, i64)>; 7],
    /// Holidays, as local dates in days since 1970-01-01, sorted, unique.
    holidays: Vec<i64>,
}

impl Calendar {
    /// Parses one calendar; pushes every problem found (JSON Pointer `path` +
    /// "/week/mon/1" etc., codes `invalid_type`, `invalid_value`, `unknown_key`,
    /// `invalid_zone`, `empty_interval`, `no_open_time`, `invalid_date`) into
    /// `problems` and returns `None` if any.
    pub(crate) fn parse(v: &Value, path: &str, default_zone: &Zone, problems: &mut Vec<Problem>) -> Option<Calendar> {
        let before = problems.len();
        let mut push = |p: String, code: ProblemCode, msg: String| problems.push(Problem::new(p, code, msg));
        let Value::Object(m) = v else {
            push(path.to_owned(), ProblemCode::InvalidType, format!("a calendar is an object, not {}", type_name(v)));
            return None;
        };
        for k in m.keys() {
            if !["timezone", "week", "holidays"].contains(&k.as_str()) {
                push(
                    format!("{path}/{}", pointer_token(k)),
                    ProblemCode::UnknownKey,
                    format!("unknown key \"{k}\"; expected one of: timezone, week, holidays"),
                );
            }
        }
        let zone = match m.get("timezone") {
            None => Some(default_zone.clone()),
            Some(Value::String(name)) => {
                let z = Zone::get(name);
                if z.is_none() {
                    push(
                        format!("{path}/timezone"),
                        ProblemCode::InvalidZone,
                        format!("\"{name}\" is not an IANA time zone name (such as \"Europe/Paris\")"),
                    );
                }
                z
            }
            Some(other) => {
                push(
                    format!("{path}/timezone"),
                    ProblemCode::InvalidType,
                    format!("\"timezone\" must be a string, not {}", type_name(other)),
                );
                None
            }
        };
        let mut week: [Vec<(i64, i64)>; 7] = Default::default();
        let mut interval_problems = false;
        match m.get("week") {
            None => {}
            Some(Value::Object(days)) => {
                for (k, list) in days {
                    let dp = format!("{path}/week/{}", pointer_token(k));
                    let Some(wd) = WEEKDAYS.iter().position(|d| d == k) else {
                        push(
                            dp,
                            ProblemCode::UnknownKey,
                            format!("unknown day \"{k}\"; expected one of: {}", WEEKDAYS.join(", ")),
                        );
                        interval_problems = true;
                        continue;
                    };
                    let Value::Array(items) = list else {
                        push(
                            dp,
                            ProblemCode::InvalidType,
                            format!("a day is a list of \"HH:MM-HH:MM\", not {}", type_name(list)),
                        );
                        interval_problems = true;
                        continue;
                    };
                    for (i, item) in items.iter().enumerate() {
                        let ip = format!("{dp}/{i}");
                        match item {
                            Value::String(s) => match parse_interval(s) {
                                Ok(iv) => week[wd].push(iv),
                                Err((code, msg)) => {
                                    push(ip, code, msg);
                                    interval_problems = true;
                                }
                            },
                            other => {
                                push(
                                    ip,
                                    ProblemCode::InvalidType,
                                    format!("an interval is a string \"HH:MM-HH:MM\", not {}", type_name(other)),
                                );
                                interval_problems = true;
                            }
                        }
                    }
                }
            }
            Some(other) => {
                push(
                    format!("{path}/week"),
                    ProblemCode::InvalidType,
                    format!("\"week\" must be an object, not {}", type_name(other)),
                );
                interval_problems = true;
            }
        }
        for day in &mut week {
            merge(day);
        }
        if !interval_problems && week.iter().all(Vec::is_empty) {
            push(
                format!("{path}/week"),
                ProblemCode::NoOpenTime,
                "the calendar is never open: give \"week\" at least one interval".to_owned(),
            );
        }
        let mut holidays = Vec::new();
        match m.get("holidays") {
            None => {}
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let hp = format!("{path}/holidays/{i}");
                    match item {
                        Value::String(s) => match parse_date(s) {
                            Some(d) => holidays.push(d),
                            None => push(hp, ProblemCode::InvalidDate, format!("\"{s}\" is not a date \"YYYY-MM-DD\"")),
                        },
                        other => push(
                            hp,
                            ProblemCode::InvalidType,
                            format!("a holiday is a string \"YYYY-MM-DD\", not {}", type_name(other)),
                        ),
                    }
                }
            }
            Some(other) => {
                push(
                    format!("{path}/holidays"),
                    ProblemCode::InvalidType,
                    format!("\"holidays\" must be a list, not {}", type_name(other)),
                );
            }
        }
        crate::index::sort(&mut holidays, i64::cmp);
        holidays.dedup();
        if problems.len() > before {
            return None;
        }
        Some(Calendar { zone: zone?, week, holidays })
    }

    /// The deadline: `start` plus `days` open days, then `ms` of open time (SPEC
    /// "Mixed durations count the days first, then the open time"). Zero of both is
    /// `start` itself, even in closed time. Saturates at the end of the time range.
    ///
    /// # Errors
    /// `limit_exceeded` when the search walks more than [`MAX_SCAN_DAYS`] calendar days.
    pub(crate) fn add(&self, start: Time, days: u32, ms: i64) -> Result<Time, Error> {
        if days == 0 && ms <= 0 {
            return Ok(start);
        }
        let mut scan = Scan(MAX_SCAN_DAYS);
        let mut t = start.millis();
        if days > 0 {
            // A start in closed time first moves to the next opening; the open days
            // are counted from the calendar date of that local time.
            t = self.walk(t, &mut scan, &mut |a, _| Some(a))?;
            let (mut day, time_of_day) = self.zone.to_local(self.zone.time(t));
            let mut left = days;
            while left > 0 {
                scan.step()?;
                day += 1;
                if self.is_open_day(day) {
                    left -= 1;
                }
            }
            // Same local time (a gap is read after it, a repeated time is the
            // earlier), pushed to the next opening if closed.
            t = self.zone.from_local(day, time_of_day).millis();
            t = self.walk(t, &mut scan, &mut |a, _| Some(a))?;
        }
        if ms > 0 {
            let mut left = ms;
            t = self.walk(t, &mut scan, &mut |a, b| {
                if b - a >= left {
                    Some(a + left)
                } else {
                    left -= b - a;
                    None
                }
            })?;
        }
        Ok(self.zone.time(t))
    }

    /// Whether the calendar is open at that instant (a closing instant is
    /// closed): the tests' view of the intervals.
    #[cfg(test)]
    pub(crate) fn is_open(&self, t: Time) -> bool {
        let t = t.millis();
        let (today, _) = self.zone.to_local(self.zone.time(t));
        // Intervals of the two previous days may reach into today (night shifts).
        (today - 2..=today).any(|day| self.stretches(day).any(|(a, b)| a <= t && t < b))
    }

    /// Walks the open time from `from` on, in order: calls `f` with each stretch
    /// `[a, b)` (epoch ms; `a` ≥ `from`, overlaps removed) until it returns an
    /// instant, which is returned.
    /// (`f` is a trait object: one copy of the walk in the binary.)
    fn walk(&self, from: i64, scan: &mut Scan, f: &mut dyn FnMut(i64, i64) -> Option<i64>) -> Result<i64, Error> {
        let (today, _) = self.zone.to_local(self.zone.time(from));
        let mut cursor = from;
        let mut day = today - 2;
        loop {
            if day.saturating_mul(MS_PER_DAY) > MAX_EPOCH_MS + MS_PER_DAY {
                return Ok(MAX_EPOCH_MS); // past the end of time: saturate, as `Time::plus` does
            }
            for (a, b) in self.stretches(day) {
                let a = a.max(cursor);
                if b <= a {
                    continue;
                }
                if let Some(t) = f(a, b) {
                    return Ok(t);
                }
                cursor = b;
            }
            scan.step()?;
            day += 1;
        }
    }

    /// The open stretches of a day's own intervals after holidays, as instants (epoch ms).
    fn stretches(&self, day: i64) -> impl Iterator<Item = (i64, i64)> + '_ {
        let own: &[(i64, i64)] = if self.is_holiday(day) { &[] } else { &self.week[weekday(day)] };
        let clip = if own.last().is_some_and(|&(_, c)| c > MS_PER_DAY) && self.is_holiday(day + 1) {
            MS_PER_DAY
        } else {
            i64::MAX
        };
        let midnight = day.saturating_mul(MS_PER_DAY);
        own.iter().filter_map(move |&(o, c)| {
            let a = self.zone.first_reaching(midnight.saturating_add(o));
            let b = self.zone.first_reaching(midnight.saturating_add(c.min(clip)));
            (a < b).then_some((a, b))
        })
    }

    fn is_holiday(&self, day: i64) -> bool {
        self.holidays.binary_search(&day).is_ok()
    }

    fn is_open_day(&self, day: i64) -> bool {
        !self.week[weekday(day)].is_empty() && !self.is_holiday(day)
    }
}

/// The days a deadline search may still walk.
struct Scan(u32);

impl Scan {
    fn step(&mut self) -> Result<(), Error> {
        self.0 = self.0.checked_sub(1).ok_or_else(|| {
            Error::one(
                ErrorCode::LimitExceeded,
                Problem::new(
                    "",
                    ProblemCode::TooFarAhead,
                    format!("the deadline is more than {MAX_SCAN_DAYS} days of calendar ahead (about ten years)"),
                ),
            )
        })?;
        Ok(())
    }
}

/// Sorts and merges overlapping or touching intervals.
fn merge(day: &mut Vec<(i64, i64)>) {
    crate::index::sort(day, |a, b| a.cmp(b));
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(day.len());
    for (o, c) in day.drain(..) {
        match out.last_mut() {
            Some(last) if o <= last.1 => last.1 = last.1.max(c),
            _ => out.push((o, c)),
        }
    }
    *day = out;
}

/// `"HH:MM-HH:MM"` → `[open, close)` in ms from the day's midnight; a close
/// before the open is on the next day.
fn parse_interval(s: &str) -> Result<(i64, i64), (ProblemCode, String)> {
    let bad = || (ProblemCode::InvalidValue, format!("\"{s}\" is not an interval \"HH:MM-HH:MM\" (00:00 to 24:00)"));
    let (open, close) = s.split_once('-').ok_or_else(bad)?;
    let open = parse_hhmm(open).filter(|&t| t < MS_PER_DAY).ok_or_else(bad)?;
    let close = parse_hhmm(close).ok_or_else(bad)?;
    if open == close {
        return Err((ProblemCode::EmptyInterval, format!("\"{s}\" is empty; \"00:00-24:00\" is a whole day")));
    }
    Ok((open, if close < open { close + MS_PER_DAY } else { close }))
}

/// `"HH:MM"`, 00:00 to 24:00, in ms.
fn parse_hhmm(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 5 || b[2] != b':' || ![b[0], b[1], b[3], b[4]].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let h = i64::from((b[0] - b'0') * 10 + (b[1] - b'0'));
    let m = i64::from((b[3] - b'0') * 10 + (b[4] - b'0'));
    ((h < 24 && m < 60) || (h == 24 && m == 0)).then_some((h * 60 + m) * 60_000)
}

#[cfg(test)]
mod tests;
