//! IANA time zones from the embedded table (`zones.rs`, generated from a pinned
//! tz database; see `scripts/tzdata/README.md`).
//!
//! Each name has a POSIX TZ rule (the TZif footer), evaluated with `jiff`, and,
//! for the zones whose rule changed since 2020, the explicit changes until the
//! rule took over. Creating a [`Zone`] precomputes its transitions from 2020 to
//! 2049 (and the explicit changes, which may run later), so [`Zone::offset_at`]
//! is a binary search; instants outside that table ask the rule (shifted by whole
//! 400-year Gregorian cycles, over which a POSIX rule repeats exactly).
//!
//! Nothing here reads the host's clock or zone files.

use std::fmt;
use std::sync::Arc;

use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::zones::{HISTORIES, NAMES, NAME_GROUPS, NAME_STEP, RULES, RULE_COUNT, TZDB_VERSION, ZONES};
use crate::value::{Time, MAX_EPOCH_MS};

pub(super) const MS_PER_DAY: i64 = 86_400_000;
/// 2020-01-01T00:00:00Z in epoch seconds: the table is exact from here on.
const SINCE: i64 = 1_577_836_800;
/// 2050-01-01T00:00:00Z in epoch seconds: the transitions a rule makes are
/// precomputed until here (or until the zone's explicit changes end, if later).
/// About 60 transitions for a zone with daylight saving time: a few microseconds
/// to make a zone; lookups past it ask jiff (~80 ns rather than ~15 ns).
const TABLE_END: i64 = 2_524_608_000;
/// 400 Gregorian years in seconds; a POSIX rule gives the same offsets after it.
const CYCLE: i64 = 146_097 * 86_400;
/// A local time is within a day of its instant (real offsets are within ±14 h).
const WINDOW: i64 = MS_PER_DAY;
/// Local times are clamped to the time range widened by two days, so that every
/// computation below stays far from `i64` overflow.
const LOCAL_LIMIT: i64 = MAX_EPOCH_MS + 2 * MS_PER_DAY;

/// An IANA time zone from the table embedded in the crate (tz database 2026f,
/// every canonical name and link), for calendars, date-only values and KPI
/// grouping. Cheap to clone (shared).
///
/// Offsets are exact from 2020-01-01 on. History before 2020 is left out: a zone
/// whose rule has not changed since 2020 applies its current rule to earlier
/// instants; a zone whose rule changed since then uses, before 2020, the offset in
/// force at 2020-01-01.
///
/// ```
/// use relance_core::{Time, Zone};
/// let paris = Zone::get("europe/paris").unwrap();
/// assert_eq!(paris.name(), "Europe/Paris");
/// assert_eq!(paris.offset_at(Time::parse("2026-07-01T12:00:00Z")?), 7200);
/// assert!(Zone::get("Mars/Olympus_Mons").is_none());
/// # Ok::<(), relance_core::TimeError>(())
/// ```
#[derive(Clone)]
pub struct Zone(Arc<Inner>);

struct Inner {
    /// The name as the table spells it.
    name: &'static str,
    /// Its line in the table.
    index: usize,
    /// Transition instants, epoch seconds, ascending, below `hi`.
    at: Vec<i64>,
    /// `off[0]` is in force before `at[0]`, `off[i]` from `at[i - 1]` to `at[i]`;
    /// one more than `at`. UTC offsets in seconds.
    off: Vec<i32>,
    /// Outside `[lo, hi)` (epoch seconds) the rule, if any, is asked rather than the table.
    lo: i64,
    hi: i64,
    /// The POSIX rule, when it has transitions (`None`: the table is right for
    /// every instant).
    rule: Option<TimeZone>,
    /// Time 0, to build other times with the saturating `Time::plus`.
    epoch: Time,
}

impl Zone {
    /// The zone of that name (canonical zone or link), compared ASCII
    /// case-insensitively; `None` if the table has no such name. `"UTC"` always exists.
    ///
    /// ```
    /// use relance_core::Zone;
    /// assert_eq!(Zone::get("UTC").unwrap().name(), "UTC");
    /// assert_eq!(Zone::get("america/NEW_york").unwrap().name(), "America/New_York");
    /// assert!(Zone::get("Europe/Pariss").is_none());
    /// ```
    pub fn get(name: &str) -> Option<Zone> {
        let (index, name) = find(name)?;
        Zone::build(index, name)
    }

    /// The name as the table spells it.
    ///
    /// ```
    /// assert_eq!(relance_core::Zone::get("asia/kolkata").unwrap().name(), "Asia/Kolkata");
    /// ```
    pub fn name(&self) -> &str {
        self.0.name
    }

    /// Every name of the table (canonical zones and links), sorted ignoring ASCII case.
    ///
    /// ```
    /// use relance_core::Zone;
    /// assert!(Zone::names().any(|n| n == "Etc/GMT+5"));
    /// assert!(Zone::names().all(|n| Zone::get(n).is_some()));
    /// ```
    pub fn names() -> impl Iterator<Item = &'static str> {
        NAMES.split('\n')
    }

    /// The IANA tz database release of the table, e.g. `"2026f"`.
    ///
    /// ```
    /// assert!(relance_core::Zone::tzdb_version().starts_with("20"));
    /// ```
    pub fn tzdb_version() -> &'static str {
        TZDB_VERSION
    }

    /// The UTC offset in seconds at that instant (east of Greenwich positive).
    ///
    /// ```
    /// use relance_core::{Time, Zone};
    /// let ny = Zone::get("America/New_York").unwrap();
    /// assert_eq!(ny.offset_at(Time::parse("2026-01-15T12:00:00Z")?), -5 * 3600);
    /// assert_eq!(ny.offset_at(Time::parse("2026-07-15T12:00:00Z")?), -4 * 3600);
    /// # Ok::<(), relance_core::TimeError>(())
    /// ```
    pub fn offset_at(&self, t: Time) -> i32 {
        self.offset_secs(t.millis().div_euclid(1000))
    }

    /// The local date (days since 1970-01-01) and time of day (ms, `0..86_400_000`) of an instant.
    pub(crate) fn to_local(&self, t: Time) -> (i64, i64) {
        let local = t.millis() + i64::from(self.offset_at(t)) * 1000;
        (local.div_euclid(MS_PER_DAY), local.rem_euclid(MS_PER_DAY))
    }

    /// Local wall-clock → instant. A local time in a daylight-saving gap is read
    /// after the gap (with the offset in force before the change); one that occurs
    /// twice is the earlier instant. `ms_of_day` may be 86_400_000 (24:00, the next
    /// midnight) or beyond; the result saturates at the range of [`Time`].
    #[allow(clippy::wrong_self_convention)] // the pair of `to_local`
    pub(crate) fn from_local(&self, days: i64, ms_of_day: i64) -> Time {
        let local = days.saturating_mul(MS_PER_DAY).saturating_add(ms_of_day).clamp(-LOCAL_LIMIT, LOCAL_LIMIT);
        let t = match self.resolve(local) {
            Ok(t) => t,
            Err((before, _)) => local - before,
        };
        self.time(t)
    }

    /// The first instant (epoch ms, not clamped to the time range) at which the
    /// local clock reads `local` (ms since 1970-01-01 local) or later: in a gap, the
    /// instant of the change; for a time that occurs twice, its first occurrence.
    /// Non-decreasing in `local`, which keeps opening hours in order.
    pub(super) fn first_reaching(&self, local: i64) -> i64 {
        let local = local.clamp(-LOCAL_LIMIT, LOCAL_LIMIT);
        match self.resolve(local) {
            Ok(t) => t,
            Err((before, after)) => {
                // The change is in (local - after, local - before]: find the first
                // instant whose local time is at least `local`.
                let (mut lo, mut hi) = (local - after, local - before);
                if lo >= hi {
                    return hi;
                }
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2;
                    if mid + self.offset_ms(mid) >= local {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                }
                hi
            }
        }
    }

    /// `ms` epoch milliseconds as a [`Time`], saturated at its range.
    pub(super) fn time(&self, ms: i64) -> Time {
        self.0.epoch.plus(ms)
    }

    /// The instants whose local time is `local` (ms since 1970-01-01 local): the
    /// earliest, or, in a gap, `Err((offset before, offset after))` in ms.
    fn resolve(&self, local: i64) -> Result<i64, (i64, i64)> {
        let before = self.offset_ms(local - WINDOW);
        let after = self.offset_ms(local + WINDOW);
        let (t1, t2) = (local - before, local - after);
        let ok1 = self.offset_ms(t1) == before;
        let ok2 = self.offset_ms(t2) == after;
        match (ok1, ok2) {
            (true, true) => Ok(t1.min(t2)),
            (true, false) => Ok(t1),
            (false, true) => Ok(t2),
            (false, false) => Err((before, after)),
        }
    }

    /// The offset in ms at an instant in epoch ms (any `i64`).
    fn offset_ms(&self, ms: i64) -> i64 {
        i64::from(self.offset_secs(ms.div_euclid(1000))) * 1000
    }

    fn offset_secs(&self, s: i64) -> i32 {
        let z = &*self.0;
        if let Some(rule) = &z.rule {
            if s < z.lo || s >= z.hi {
                // A POSIX rule repeats every 400 years: ask it inside 2020..2420.
                let s = SINCE + (s.clamp(i64::MIN / 2, i64::MAX / 2) - SINCE).rem_euclid(CYCLE);
                return match Timestamp::from_second(s) {
                    Ok(ts) => rule.to_offset(ts).seconds(),
                    Err(_) => z.off.first().copied().unwrap_or(0),
                };
            }
        }
        let i = z.at.partition_point(|&a| a <= s);
        z.off.get(i).copied().unwrap_or(0)
    }

    fn build(index: usize, name: &'static str) -> Option<Zone> {
        let code = usize::from(*ZONES.get(index)?);
        let (rule_index, history) = match code.checked_sub(RULE_COUNT) {
            None => (code, None),
            Some(h) => {
                let h = HISTORIES.get(h)?;
                (usize::from(h.rule), Some(h))
            }
        };
        let rule = TimeZone::posix(RULES.split('\n').nth(rule_index)?).ok()?;
        let mut at = Vec::new();
        let mut off = Vec::new();
        let (lo, rule_from) = match history {
            Some(h) => {
                off.push(h.first);
                let mut t = SINCE;
                for &(delta, o) in h.changes {
                    t += i64::from(delta);
                    at.push(t);
                    off.push(o);
                }
                let from = i64::from(h.rule_from);
                if from < TABLE_END {
                    at.push(from);
                    off.push(rule.to_offset(Timestamp::from_second(from).ok()?).seconds());
                }
                (i64::MIN, from)
            }
            None => {
                off.push(rule.to_offset(Timestamp::from_second(SINCE).ok()?).seconds());
                (SINCE, SINCE)
            }
        };
        let hi = rule_from.max(TABLE_END);
        let mut changes = false;
        for tr in rule.following(Timestamp::from_second(rule_from).ok()?) {
            let s = tr.timestamp().as_second();
            if s >= hi {
                break;
            }
            at.push(s);
            off.push(tr.offset().seconds());
            changes = true;
        }
        // A rule without transitions in 30 years is a fixed offset: the table
        // is then right for every instant, before 2020 and after 2050 included.
        let (lo, hi, rule) = if changes || hi > TABLE_END { (lo, hi, Some(rule)) } else { (i64::MIN, i64::MAX, None) };
        let epoch = Time::from_millis(0).ok()?;
        Some(Zone(Arc::new(Inner { name, index, at, off, lo, hi, rule, epoch })))
    }
}

/// The line of the table that is `name` ignoring ASCII case, and its canonical
/// spelling: a binary search over the groups of [`NAMES`], then a scan of one group.
fn find(name: &str) -> Option<(usize, &'static str)> {
    use std::cmp::Ordering;
    let cmp =
        |line: &str| line.bytes().map(|b| b.to_ascii_lowercase()).cmp(name.bytes().map(|b| b.to_ascii_lowercase()));
    let lines_from = |start: u16| NAMES.get(usize::from(start)..).unwrap_or("").split('\n');
    // The last group whose first name is not after `name`.
    let group = NAME_GROUPS
        .partition_point(|&start| lines_from(start).next().is_some_and(|first| cmp(first) != Ordering::Greater))
        .checked_sub(1)?;
    lines_from(*NAME_GROUPS.get(group)?)
        .take(NAME_STEP)
        .enumerate()
        .find(|(_, line)| cmp(line) == Ordering::Equal)
        .map(|(i, line)| (group * NAME_STEP + i, line))
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Zone").field(&self.name()).finish()
    }
}

impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        self.0.index == other.0.index
    }
}

impl Eq for Zone {}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Time {
        Time::parse(s).unwrap()
    }

    fn zone(name: &str) -> Zone {
        Zone::get(name).unwrap_or_else(|| panic!("no zone {name}"))
    }

    /// Local "YYYY-MM-DDTHH:MM" → days and ms of day.
    fn local(s: &str) -> (i64, i64) {
        let u = t(&format!("{s}:00Z")).millis();
        (u.div_euclid(MS_PER_DAY), u.rem_euclid(MS_PER_DAY))
    }

    fn from_local(z: &Zone, s: &str) -> String {
        let (d, ms) = local(s);
        z.from_local(d, ms).to_string()
    }

    fn offsets(z: &Zone, times: &[&str]) -> Vec<i32> {
        times.iter().map(|s| z.offset_at(t(s))).collect()
    }

    #[test]
    fn table_has_every_name_and_utc() {
        let names: Vec<_> = Zone::names().collect();
        assert!((597..=600).contains(&names.len()), "{}", names.len());
        let lower: Vec<_> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
        assert!(lower.windows(2).all(|w| w[0] < w[1]), "sorted and unique ignoring case");
        for n in &names {
            let z = Zone::get(n).unwrap_or_else(|| panic!("{n} does not load"));
            assert_eq!(z.name(), *n);
            assert_eq!(Zone::get(&n.to_ascii_lowercase()).unwrap().name(), *n);
            assert_eq!(Zone::get(&n.to_ascii_uppercase()).unwrap().name(), *n);
        }
        for n in ["UTC", "Etc/GMT+5", "Europe/Paris", "US/Eastern", "Asia/Calcutta", "America/Nuuk", "Egypt"] {
            assert!(names.contains(&n), "{n}");
        }
        assert_eq!(zone("Etc/GMT+5").offset_at(t("2026-06-01T00:00:00Z")), -5 * 3600);
        assert_eq!(zone("UTC").offset_at(t("2026-06-01T00:00:00Z")), 0);
        assert_eq!(Zone::tzdb_version(), "2026f");
    }

    #[test]
    fn unknown_names() {
        for n in ["", "Europe", "Europe/", "Europe/Paris ", " UTC", "Mars/Base", "Europe/Parisx", "a/../UTC"] {
            assert!(Zone::get(n).is_none(), "{n:?}");
        }
    }

    #[test]
    fn paris_2026_changes() {
        let z = zone("Europe/Paris");
        assert_eq!(
            offsets(
                &z,
                &["2026-03-29T00:59:59Z", "2026-03-29T01:00:00Z", "2026-10-25T00:59:59Z", "2026-10-25T01:00:00Z"]
            ),
            [3600, 7200, 7200, 3600]
        );
        // Spring forward: 02:00 → 03:00; 02:30 is in the gap, read with +01:00.
        assert_eq!(from_local(&z, "2026-03-29T01:59"), "2026-03-29T00:59:00.000Z");
        assert_eq!(from_local(&z, "2026-03-29T02:30"), "2026-03-29T01:30:00.000Z");
        assert_eq!(from_local(&z, "2026-03-29T03:00"), "2026-03-29T01:00:00.000Z");
        // Fall back: 03:00 → 02:00; 02:30 occurs twice, the earlier is kept.
        assert_eq!(from_local(&z, "2026-10-25T02:30"), "2026-10-25T00:30:00.000Z");
        assert_eq!(from_local(&z, "2026-10-25T03:00"), "2026-10-25T02:00:00.000Z");
        assert_eq!(from_local(&z, "2026-10-25T01:59"), "2026-10-24T23:59:00.000Z");
        // The opening rule of calendars: in the gap, the change itself.
        let (d, ms) = local("2026-03-29T02:30");
        assert_eq!(z.first_reaching(d * MS_PER_DAY + ms), t("2026-03-29T01:00:00Z").millis());
        let (d, ms) = local("2026-10-25T02:30");
        assert_eq!(z.first_reaching(d * MS_PER_DAY + ms), t("2026-10-25T00:30:00Z").millis());
        // to_local around the change.
        let day = local("2026-03-29T00:00").0;
        assert_eq!(z.to_local(t("2026-03-29T00:59:59.999Z")), (day, 3_600_000 + 3_599_999));
        assert_eq!(z.to_local(t("2026-03-29T01:00:00Z")), (day, 3 * 3_600_000));
        assert_eq!(z.to_local(t("2026-10-25T01:30:00Z")), (local("2026-10-25T00:00").0, 9_000_000));
    }

    #[test]
    fn new_york_2026() {
        let z = zone("America/New_York");
        assert_eq!(
            offsets(
                &z,
                &["2026-03-08T06:59:59Z", "2026-03-08T07:00:00Z", "2026-11-01T05:59:59Z", "2026-11-01T06:00:00Z"]
            ),
            [-18000, -14400, -14400, -18000]
        );
        assert_eq!(from_local(&z, "2026-03-08T02:30"), "2026-03-08T07:30:00.000Z"); // gap: read with -05:00
        assert_eq!(from_local(&z, "2026-11-01T01:30"), "2026-11-01T05:30:00.000Z"); // fold: EDT
        assert_eq!(from_local(&z, "2026-11-01T02:00"), "2026-11-01T07:00:00.000Z");
    }

    #[test]
    fn kolkata_has_no_dst() {
        let z = zone("Asia/Kolkata");
        assert_eq!(offsets(&z, &["2026-01-01T00:00:00Z", "2026-07-01T00:00:00Z", "1990-01-01T00:00:00Z"]), [19800; 3]);
        assert_eq!(from_local(&z, "2026-03-29T09:00"), "2026-03-29T03:30:00.000Z");
        assert_eq!(z.to_local(t("2026-03-28T18:30:00Z")), (local("2026-03-29T00:00").0, 0));
    }

    #[test]
    fn sydney_southern_dst() {
        let z = zone("Australia/Sydney");
        // Ends 2026-04-05 03:00 AEDT (16:00Z on the 4th); starts 2026-10-04 02:00 AEST (16:00Z on the 3rd).
        assert_eq!(
            offsets(
                &z,
                &["2026-04-04T15:59:59Z", "2026-04-04T16:00:00Z", "2026-10-03T15:59:59Z", "2026-10-03T16:00:00Z"]
            ),
            [39600, 36000, 36000, 39600]
        );
        assert_eq!(from_local(&z, "2026-04-05T02:30"), "2026-04-04T15:30:00.000Z"); // twice: AEDT
        assert_eq!(from_local(&z, "2026-10-04T02:30"), "2026-10-03T16:30:00.000Z");
        // gap: +10:00
    }

    #[test]
    fn auckland() {
        let z = zone("Pacific/Auckland");
        // Ends 2026-04-05 03:00 NZDT (14:00Z on the 4th); starts 2026-09-27 02:00 NZST (14:00Z on the 26th).
        assert_eq!(
            offsets(
                &z,
                &["2026-04-04T13:59:59Z", "2026-04-04T14:00:00Z", "2026-09-26T13:59:59Z", "2026-09-26T14:00:00Z"]
            ),
            [46800, 43200, 43200, 46800]
        );
        assert_eq!(from_local(&z, "2026-09-27T02:15"), "2026-09-26T14:15:00.000Z");
    }

    #[test]
    fn explicit_changes_since_2020() {
        // Mexico dropped DST after the change of 2022-10-30 02:00 CDT (07:00Z).
        let z = zone("America/Mexico_City");
        assert_eq!(
            offsets(
                &z,
                &[
                    "2020-01-01T00:00:00Z",
                    "2022-07-01T00:00:00Z",
                    "2022-10-30T06:59:59Z",
                    "2022-10-30T07:00:00Z",
                    "2023-07-01T00:00:00Z",
                    "2150-07-01T00:00:00Z",
                ]
            ),
            [-21600, -18000, -18000, -21600, -21600, -21600]
        );
        // Before 2020: the offset in force at 2020-01-01 (history before 2020 is left out).
        assert_eq!(z.offset_at(t("2019-07-01T00:00:00Z")), -21600);
        assert_eq!(zone("mexico/general").offset_at(t("2022-07-01T00:00:00Z")), -18000);
        // Greenland: -03 with DST until 2023, then -02 with DST (-01) from 2024.
        let nuuk = zone("America/Nuuk");
        assert_eq!(
            offsets(&nuuk, &["2021-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "2026-07-01T00:00:00Z"]),
            [-10800, -7200, -3600]
        );
        // Kazakhstan unified on +05 on 2024-03-01 00:00 (+06): 2024-02-29T18:00Z.
        let almaty = zone("Asia/Almaty");
        assert_eq!(offsets(&almaty, &["2024-02-29T17:59:59Z", "2024-02-29T18:00:00Z"]), [21600, 18000]);
        // Egypt restored DST in 2023: last Friday of April.
        let cairo = zone("Egypt");
        assert_eq!(offsets(&cairo, &["2022-07-01T00:00:00Z", "2023-07-01T00:00:00Z"]), [7200, 10800]);
        // Paraguay: permanent -03 since October 2024.
        let asuncion = zone("America/Asuncion");
        assert_eq!(offsets(&asuncion, &["2023-07-01T00:00:00Z", "2026-07-01T00:00:00Z"]), [-14400, -10800]);
    }

    #[test]
    fn zones_without_rule_changes_extend_their_rule_backward_and_forward() {
        let z = zone("Europe/Paris");
        assert_eq!(offsets(&z, &["2010-07-01T00:00:00Z", "2010-01-01T00:00:00Z"]), [7200, 3600]);
        // Beyond the table (2050) and far beyond jiff's range: the rule, 400-year periodic.
        // 2426 has the calendar of 2026; 2326 does not (its last Sunday of March is the 28th).
        assert_eq!(offsets(&z, &["2426-03-29T00:59:59Z", "2426-03-29T01:00:00Z"]), [3600, 7200]);
        assert_eq!(offsets(&z, &["2326-03-28T00:59:59Z", "2326-03-28T01:00:00Z"]), [3600, 7200]);
        let summer = t("2026-07-01T00:00:00Z").millis();
        assert_eq!(z.offset_at(Time::from_millis(summer + 245 * CYCLE * 1000).unwrap()), 7200); // year 100026
        assert_eq!(z.offset_at(Time::from_millis(summer - 600 * CYCLE * 1000).unwrap()), 7200);
        // year -237974
    }

    #[test]
    fn saturates_at_the_time_range() {
        let z = zone("Pacific/Kiritimati"); // +14:00
        let max = Time::from_millis(MAX_EPOCH_MS).unwrap();
        let min = Time::from_millis(-MAX_EPOCH_MS).unwrap();
        assert_eq!(z.offset_at(max), 50400);
        let (d, ms) = z.to_local(max);
        assert_eq!(z.from_local(d, ms), max);
        assert_eq!(z.from_local(i64::MAX, i64::MAX), max);
        assert_eq!(z.from_local(i64::MIN, 0), min);
        assert_eq!(zone("America/Adak").from_local(i64::MIN / 2, -5), min);
        let (d, ms) = zone("Europe/Paris").to_local(min);
        assert_eq!(zone("Europe/Paris").from_local(d, ms), min);
        assert_eq!(z.from_local(0, 86_400_000), t("1970-01-01T10:00:00Z"));
    }

    #[test]
    fn transitions_are_days_apart() {
        // `resolve` assumes at most one change within a day either side of a local time.
        for n in Zone::names() {
            let z = zone(n);
            for w in z.0.at.windows(2) {
                assert!(w[1] - w[0] > 2 * 86_400, "{n}: changes at {} and {}", w[0], w[1]);
            }
        }
    }

    #[test]
    fn table_agrees_with_the_rule_across_its_end_and_cycles() {
        // Six years either side of the end of each table, where lookups leave it for
        // jiff, and 400 years later or earlier (the cycle by which instants are
        // shifted), every zone agrees with its rule.
        const YEARS_6: i64 = 6 * 365 * 86_400;
        let mut seen = std::collections::BTreeSet::new();
        for n in Zone::names() {
            let z = zone(n);
            if !seen.insert(ZONES[z.0.index]) {
                continue; // same data as a name already checked
            }
            let Some(rule) = z.0.rule.clone() else {
                // A fixed rule: its offset ever after (and before 2020 too, unless the
                // zone has explicit changes).
                let fixed = z.0.off.last().copied();
                let history = usize::from(ZONES[z.0.index]) >= RULE_COUNT;
                let before: &[i64] = if history { &[] } else { &[i64::MIN, -CYCLE, SINCE] };
                for &s in before.iter().chain(&[TABLE_END - 1, TABLE_END, TABLE_END + CYCLE, i64::MAX]) {
                    assert_eq!(Some(z.offset_secs(s)), fixed, "{n} is fixed");
                }
                continue;
            };
            // Explicit changes past the end of the table (Gaza's, to 2086) are not the rule's.
            let from = if z.0.hi > TABLE_END { z.0.hi } else { z.0.hi - YEARS_6 };
            let mut s = from;
            while s < z.0.hi + YEARS_6 {
                // Before 2020, a zone with explicit changes keeps its 2020 offset.
                let earlier = if z.0.lo == SINCE { -1 } else { 0 };
                for (at, cycles) in [(s, 0), (s, 1), (s, earlier)] {
                    let shifted = at + cycles * CYCLE;
                    let want = rule.to_offset(Timestamp::from_second(at).unwrap()).seconds();
                    assert_eq!(z.offset_secs(shifted), want, "{n} at {shifted}");
                }
                s += 86_400 + 3 * 3600 + 17;
            }
        }
    }
}
