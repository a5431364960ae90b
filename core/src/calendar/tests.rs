//! Calendar tests: every expected instant is written out by hand.

use serde_json::json;

use super::*;

fn t(s: &str) -> Time {
    Time::parse(s).unwrap()
}

fn cal(v: Value) -> Calendar {
    let mut problems = Vec::new();
    let c = Calendar::parse(&v, "/calendars/office", &Zone::get("Europe/Paris").unwrap(), &mut problems);
    assert!(problems.is_empty(), "{problems:?}");
    c.unwrap()
}

fn problems(v: Value) -> Vec<(String, &'static str)> {
    let mut problems = Vec::new();
    let c = Calendar::parse(&v, "/calendars/office", &Zone::get("UTC").unwrap(), &mut problems);
    assert!(c.is_none() && !problems.is_empty());
    problems.into_iter().map(|p| (p.path, p.code.as_str())).collect()
}

fn office() -> Calendar {
    let day = json!(["09:00-12:30", "13:30-18:00"]);
    cal(json!({"week": {"mon": day, "tue": day, "wed": day, "thu": day, "fri": day, "sat": [], "sun": []},
               "holidays": ["2026-12-25"]}))
}

const H: i64 = 3_600_000;
const M: i64 = 60_000;

/// `add` written out: start (RFC 3339), days, ms → deadline (RFC 3339 UTC).
fn add(c: &Calendar, start: &str, days: u32, ms: i64) -> String {
    c.add(t(start), days, ms).unwrap().to_string()
}

#[test]
fn open_time_skips_lunch() {
    let c = office();
    // Monday 2026-11-23 11:00 Paris (+01:00): 1.5 h to 12:30, 1.5 h from 13:30.
    assert_eq!(add(&c, "2026-11-23T11:00:00+01:00", 0, 3 * H), "2026-11-23T14:00:00.000Z");
    // Exactly the morning's remaining time: the deadline is the closing instant.
    assert_eq!(add(&c, "2026-11-23T11:00:00+01:00", 0, 90 * M), "2026-11-23T11:30:00.000Z");
    // 12 h: the 8 h of Monday, 3.5 h on Tuesday morning, 0.5 h after lunch.
    assert_eq!(add(&c, "2026-11-23T09:00:00+01:00", 0, 12 * H), "2026-11-24T13:00:00.000Z");
    assert_eq!(add(&c, "2026-11-23T09:00:00+01:00", 0, 1), "2026-11-23T08:00:00.001Z");
}

#[test]
fn a_countdown_in_closed_time_starts_at_the_next_opening() {
    let c = office();
    // Saturday 2026-11-21 → Monday 09:00.
    assert_eq!(add(&c, "2026-11-21T10:00:00+01:00", 0, 30 * M), "2026-11-23T08:30:00.000Z");
    // At lunch → 13:30; at a closing instant (18:00, closed) → next morning.
    assert_eq!(add(&c, "2026-11-23T12:45:00+01:00", 0, H), "2026-11-23T13:30:00.000Z");
    assert_eq!(add(&c, "2026-11-23T18:00:00+01:00", 0, H), "2026-11-24T09:00:00.000Z");
    assert!(!c.is_open(t("2026-11-23T18:00:00+01:00")));
    assert!(c.is_open(t("2026-11-23T17:59:59.999+01:00")));
    assert!(c.is_open(t("2026-11-23T09:00:00+01:00")));
    assert!(!c.is_open(t("2026-11-21T10:00:00+01:00")));
}

#[test]
fn days_are_open_days() {
    let c = office();
    // Friday 15:00 + 1d → Monday 15:00.
    assert_eq!(add(&c, "2026-11-27T15:00:00+01:00", 1, 0), "2026-11-30T14:00:00.000Z");
    // + 5d → the next Friday; "1d2h" counts the day, then 2 h of open time.
    assert_eq!(add(&c, "2026-11-27T15:00:00+01:00", 5, 0), "2026-12-04T14:00:00.000Z");
    assert_eq!(add(&c, "2026-11-27T15:00:00+01:00", 1, 2 * H), "2026-11-30T16:00:00.000Z");
    // A start in closed time (Saturday) first moves to Monday 09:00: + 1d → Tuesday 09:00.
    assert_eq!(add(&c, "2026-11-28T10:00:00+01:00", 1, 0), "2026-12-01T08:00:00.000Z");
    // At lunch: moves to 13:30 the same day, + 1d → next day 13:30.
    assert_eq!(add(&c, "2026-11-23T12:45:00+01:00", 1, 0), "2026-11-24T12:30:00.000Z");
}

#[test]
fn a_day_landing_in_closed_time_is_pushed_to_the_next_opening() {
    let c = cal(
        json!({"timezone": "UTC", "week": {"mon": ["09:00-18:00"], "tue": ["09:00-12:00"], "wed": ["09:00-18:00"]}}),
    );
    // Monday 2026-11-23 15:00 + 1d → Tuesday 15:00, closed → Wednesday 09:00.
    assert_eq!(add(&c, "2026-11-23T15:00:00Z", 1, 0), "2026-11-25T09:00:00.000Z");
    // Wednesday 10:00 + 1d → next Monday 10:00 (no open time Thursday to Sunday).
    assert_eq!(add(&c, "2026-11-25T10:00:00Z", 1, 0), "2026-11-30T10:00:00.000Z");
}

#[test]
fn holidays_close_their_day() {
    let c = office();
    // Thursday 2026-12-24 15:00 + 1d: Friday 25 is a holiday → Monday 28 15:00.
    assert_eq!(add(&c, "2026-12-24T15:00:00+01:00", 1, 0), "2026-12-28T14:00:00.000Z");
    // Thursday 17:00 + 2 h: 1 h on Thursday, none on Friday, 1 h on Monday.
    assert_eq!(add(&c, "2026-12-24T17:00:00+01:00", 0, 2 * H), "2026-12-28T09:00:00.000Z");
    assert!(!c.is_open(t("2026-12-25T10:00:00+01:00")));
    // A start on the holiday moves to the next opening.
    assert_eq!(add(&c, "2026-12-25T10:00:00+01:00", 0, H), "2026-12-28T09:00:00.000Z");
}

fn night() -> Calendar {
    let shift = json!(["22:00-06:00"]);
    cal(json!({"timezone": "UTC", "week": {"mon": shift, "tue": shift, "wed": shift, "thu": shift, "fri": shift}}))
}

#[test]
fn a_night_shift_counts_through_midnight() {
    let c = night();
    // Monday 2026-11-23 23:00 + 5 h → Tuesday 04:00.
    assert_eq!(add(&c, "2026-11-23T23:00:00Z", 0, 5 * H), "2026-11-24T04:00:00.000Z");
    // + 8 h: 7 h until 06:00, then 1 h from Tuesday 22:00.
    assert_eq!(add(&c, "2026-11-23T23:00:00Z", 0, 8 * H), "2026-11-24T23:00:00.000Z");
    // The after-midnight part belongs to its start day: Friday's shift runs into Saturday.
    assert!(c.is_open(t("2026-11-28T05:00:00Z")));
    assert!(!c.is_open(t("2026-11-23T05:00:00Z"))); // Monday morning: no Sunday shift
    assert!(!c.is_open(t("2026-11-28T06:00:00Z")));
    // Saturday 05:00 (Friday's shift) + 2 h: 1 h until 06:00, then Monday 22:00 + 1 h.
    assert_eq!(add(&c, "2026-11-28T05:00:00Z", 0, 2 * H), "2026-11-30T23:00:00.000Z");
    // Days: Monday 23:00 + 1d → Tuesday 23:00; Friday 23:00 + 1d → Monday 23:00
    // (Saturday is not an open day: its 00:00-06:00 belongs to Friday).
    assert_eq!(add(&c, "2026-11-23T23:00:00Z", 1, 0), "2026-11-24T23:00:00.000Z");
    assert_eq!(add(&c, "2026-11-27T23:00:00Z", 1, 0), "2026-11-30T23:00:00.000Z");
    // Tuesday 03:00 (Monday's shift): counted from Tuesday's date → Wednesday 03:00.
    assert_eq!(add(&c, "2026-11-24T03:00:00Z", 1, 0), "2026-11-25T03:00:00.000Z");
}

#[test]
fn a_holiday_next_to_a_night_shift() {
    // Tuesday 2026-11-24 is a holiday: Monday's shift stops at midnight, Tuesday's is removed.
    let shift = json!(["22:00-06:00"]);
    let c = cal(json!({"timezone": "UTC", "holidays": ["2026-11-24"],
                       "week": {"mon": shift, "tue": shift, "wed": shift, "thu": shift, "fri": shift}}));
    assert!(c.is_open(t("2026-11-23T23:30:00Z")));
    assert!(!c.is_open(t("2026-11-24T01:00:00Z")));
    assert!(!c.is_open(t("2026-11-24T23:00:00Z")));
    assert!(!c.is_open(t("2026-11-25T01:00:00Z")));
    // Monday 23:00 + 2 h: 1 h to midnight, then Wednesday 22:00 + 1 h.
    assert_eq!(add(&c, "2026-11-23T23:00:00Z", 0, 2 * H), "2026-11-25T23:00:00.000Z");
    // A holiday on the shift's own day removes its after-midnight part too.
    let c = cal(json!({"timezone": "UTC", "holidays": ["2026-11-23"],
                       "week": {"mon": shift, "tue": shift}}));
    assert!(!c.is_open(t("2026-11-24T01:00:00Z")));
    assert_eq!(add(&c, "2026-11-23T12:00:00Z", 0, H), "2026-11-24T23:00:00.000Z");
}

#[test]
fn countdown_across_the_paris_changes() {
    // Sunday 2026-03-29: the clock jumps from 02:00 to 03:00 (01:00Z).
    let c = cal(json!({"week": {"sun": ["00:00-06:00"]}}));
    // 00:00 to 06:00 local is 23:00Z to 04:00Z: 5 real hours.
    assert_eq!(add(&c, "2026-03-29T00:00:00+01:00", 0, 4 * H), "2026-03-29T03:00:00.000Z");
    assert_eq!(add(&c, "2026-03-29T00:00:00+01:00", 0, 5 * H), "2026-03-29T04:00:00.000Z");
    // 6 h: the 6th hour is on the next Sunday, 2026-04-05 00:00 CEST (22:00Z the day before).
    assert_eq!(add(&c, "2026-03-29T00:00:00+01:00", 0, 6 * H), "2026-04-04T23:00:00.000Z");
    // Sunday 2026-10-25: 03:00 CEST back to 02:00 CET (01:00Z): 00:00 to 06:00 is 7 real hours.
    assert_eq!(add(&c, "2026-10-25T00:00:00+02:00", 0, 7 * H), "2026-10-25T05:00:00.000Z");
    assert_eq!(add(&c, "2026-10-25T00:00:00+02:00", 0, 3 * H), "2026-10-25T01:00:00.000Z");
    // 01:00-04:00 on the spring-forward night is 2 real hours.
    let c = cal(json!({"week": {"sun": ["01:00-04:00"]}}));
    // Then 1 h from 2026-04-05 01:00 CEST (2026-04-04T23:00Z).
    assert_eq!(add(&c, "2026-03-28T12:00:00+01:00", 0, 3 * H), "2026-04-05T00:00:00.000Z");
    // An opening in the gap (02:30) takes effect at the change: 03:00 CEST.
    let c = cal(json!({"week": {"sun": ["02:30-05:00"]}}));
    assert!(!c.is_open(t("2026-03-29T00:59:59Z")));
    assert!(c.is_open(t("2026-03-29T01:00:00Z")));
    assert_eq!(add(&c, "2026-03-28T12:00:00+01:00", 0, 2 * H), "2026-03-29T03:00:00.000Z");
}

#[test]
fn days_landing_in_a_gap_or_a_fold() {
    let c = cal(json!({"week": {"sun": ["00:00-06:00"]}}));
    // 2026-03-22 02:30 + 1d → 2026-03-29 02:30, in the gap: read with +01:00 → 03:30 CEST.
    assert_eq!(add(&c, "2026-03-22T02:30:00+01:00", 1, 0), "2026-03-29T01:30:00.000Z");
    // 2026-10-18 02:30 + 1d → 2026-10-25 02:30, which occurs twice: the earlier (CEST).
    assert_eq!(add(&c, "2026-10-18T02:30:00+02:00", 1, 0), "2026-10-25T00:30:00.000Z");
}

#[test]
fn intervals_merge() {
    let c = cal(json!({"timezone": "UTC", "week": {"mon": ["11:00-14:00", "09:00-12:00", "14:00-15:00"]}}));
    assert_eq!(c.week[0], [(9 * H, 15 * H)]);
    assert_eq!(add(&c, "2026-11-23T09:00:00Z", 0, 5 * H), "2026-11-23T14:00:00.000Z");
    assert_eq!(add(&c, "2026-11-23T09:00:00Z", 0, 7 * H), "2026-11-30T10:00:00.000Z");
    // A night shift's after-midnight part overlapping the next morning: counted once.
    let c = cal(json!({"timezone": "UTC", "week": {"mon": ["22:00-06:00"], "tue": ["05:00-09:00"]}}));
    assert_eq!(add(&c, "2026-11-23T22:00:00Z", 0, 10 * H), "2026-11-24T08:00:00.000Z");
    assert_eq!(add(&c, "2026-11-23T22:00:00Z", 0, 11 * H), "2026-11-24T09:00:00.000Z");
    assert_eq!(add(&c, "2026-11-23T22:00:00Z", 0, 12 * H), "2026-11-30T23:00:00.000Z");
    // A night shift entirely covering the next morning's interval.
    let c = cal(json!({"timezone": "UTC", "week": {"mon": ["20:00-08:00"], "tue": ["01:00-02:00"]}}));
    assert_eq!(add(&c, "2026-11-23T20:00:00Z", 0, 12 * H), "2026-11-24T08:00:00.000Z");
    // 24:00 ends an interval; 00:00-24:00 is a whole day.
    let c = cal(json!({"timezone": "UTC", "week": {"mon": ["00:00-24:00"], "tue": ["18:00-24:00"]}}));
    assert_eq!(add(&c, "2026-11-23T00:00:00Z", 0, 30 * H), "2026-11-25T00:00:00.000Z");
    assert_eq!(add(&c, "2026-11-23T00:00:00Z", 0, 31 * H), "2026-11-30T01:00:00.000Z");
    assert_eq!(add(&c, "2026-11-23T00:00:00Z", 0, 25 * H), "2026-11-24T19:00:00.000Z");
}

#[test]
fn zero_is_the_start() {
    let c = office();
    let sat = "2026-11-21T10:00:00+01:00";
    assert_eq!(c.add(t(sat), 0, 0).unwrap(), t(sat));
    assert_eq!(c.add(t(sat), 0, -5).unwrap(), t(sat));
}

#[test]
fn the_search_is_bounded() {
    let c = office();
    let err = c.add(t("2026-11-23T09:00:00+01:00"), 10_000, 0).unwrap_err();
    assert_eq!(err.code(), ErrorCode::LimitExceeded);
    assert_eq!(err.problems()[0].code.as_str(), "too_far_ahead");
    assert!(c.add(t("2026-11-23T09:00:00+01:00"), u32::MAX, i64::MAX).is_err());
    // 21,000 h of open time at 40 h a week is 525 weeks, past ten years.
    assert_eq!(c.add(t("2026-11-23T09:00:00+01:00"), 0, 21_000 * H).unwrap_err().code(), ErrorCode::LimitExceeded);
    // Within it: 2,000 open days (about eight years) is fine.
    assert!(c.add(t("2026-11-23T09:00:00+01:00"), 2_000, 0).is_ok());
    // Open days that are all holidays for years.
    let holidays: Vec<String> = (0..4000)
        .map(|i| {
            let (y, m, d) = civil(parse_date("2026-11-23").unwrap() + i * 7);
            format!("{y:04}-{m:02}-{d:02}")
        })
        .collect();
    let c = cal(json!({"timezone": "UTC", "week": {"mon": ["09:00-10:00"]}, "holidays": holidays}));
    assert_eq!(c.add(t("2026-11-23T09:00:00Z"), 0, H).unwrap_err().code(), ErrorCode::LimitExceeded);
}

#[test]
fn saturates_at_the_end_of_time() {
    let c = office();
    let max = Time::from_millis(MAX_EPOCH_MS).unwrap();
    assert_eq!(c.add(max, 0, H).unwrap(), max);
    assert_eq!(c.add(max, 3, 0).unwrap(), max);
    let min = Time::from_millis(-MAX_EPOCH_MS).unwrap();
    assert!(c.add(min, 0, H).unwrap() > min);
    let _ = (c.is_open(max), c.is_open(min));
}

#[test]
fn load_errors() {
    assert_eq!(problems(json!({"week": {}})), [("/calendars/office/week".to_owned(), "no_open_time")]);
    assert_eq!(problems(json!({"week": {"mon": []}})), [("/calendars/office/week".to_owned(), "no_open_time")]);
    assert_eq!(problems(json!({})), [("/calendars/office/week".to_owned(), "no_open_time")]);
    assert_eq!(
        problems(json!({"week": {"mon": ["09:00-12:00", "13:00-13:00"]}})),
        [("/calendars/office/week/mon/1".to_owned(), "empty_interval")]
    );
    assert_eq!(problems(json!({"week": {"mon": ["00:00-00:00"]}}))[0].1, "empty_interval");
    for bad in ["9:00-12:00", "09:00-12:60", "24:00-01:00", "09:00-24:01", "25:00-26:00", "09:00–12:00", "09:00", ""]
    {
        assert_eq!(
            problems(json!({"week": {"mon": [bad]}})),
            [("/calendars/office/week/mon/0".to_owned(), "invalid_value")],
            "{bad}"
        );
    }
    assert_eq!(
        problems(json!({"timezone": "Europe/Lutece", "week": {"mon": ["09:00-10:00"]}})),
        [("/calendars/office/timezone".to_owned(), "invalid_zone")]
    );
    assert_eq!(
        problems(json!({"week": {"mon": ["09:00-10:00"], "monday": []}, "hours": 1})),
        [
            ("/calendars/office/hours".to_owned(), "unknown_key"),
            ("/calendars/office/week/monday".to_owned(), "unknown_key")
        ]
    );
    assert_eq!(
        problems(json!({"week": {"mon": "09:00-10:00", "tue": [9]}, "timezone": 1, "holidays": "2026-12-25"})),
        [
            ("/calendars/office/timezone".to_owned(), "invalid_type"),
            ("/calendars/office/week/mon".to_owned(), "invalid_type"),
            ("/calendars/office/week/tue/0".to_owned(), "invalid_type"),
            ("/calendars/office/holidays".to_owned(), "invalid_type"),
        ]
    );
    assert_eq!(
        problems(json!({"week": {"mon": ["09:00-10:00"]}, "holidays": ["2026-02-29", "2026-12-25", "26-12-25", 3]})),
        [
            ("/calendars/office/holidays/0".to_owned(), "invalid_date"),
            ("/calendars/office/holidays/2".to_owned(), "invalid_date"),
            ("/calendars/office/holidays/3".to_owned(), "invalid_type"),
        ]
    );
    assert_eq!(problems(json!(["09:00-10:00"])), [("/calendars/office".to_owned(), "invalid_type")]);
    assert_eq!(problems(json!({"week": {"a/b": []}}))[0].0, "/calendars/office/week/a~1b");
}

#[test]
fn the_timezone_defaults_to_the_callers() {
    let c = cal(json!({"week": {"mon": ["09:00-10:00"]}}));
    assert_eq!(c.zone.name(), "Europe/Paris");
    let c = cal(json!({"timezone": "asia/tokyo", "week": {"mon": ["09:00-10:00"]}}));
    assert_eq!(c.zone.name(), "Asia/Tokyo");
    // Monday 09:00 in Tokyo is 00:00Z.
    assert_eq!(add(&c, "2026-11-23T00:00:00Z", 0, 30 * M), "2026-11-23T00:30:00.000Z");
    assert_eq!(add(&c, "2026-11-23T00:00:00Z", 0, 90 * M), "2026-11-30T00:30:00.000Z");
}

#[test]
fn walks_match_is_open() {
    // For a tricky calendar, every quarter hour over two weeks around the Paris change:
    // a 1 ms countdown from t ends at t + 1 ms exactly when t is open.
    let c = cal(json!({"week": {"sat": ["22:00-03:00", "23:30-23:45"], "sun": ["02:15-02:45", "01:00-05:00"],
                                 "mon": ["00:00-01:00", "08:00-12:00"]}, "holidays": ["2026-03-30"]}));
    let mut at = t("2026-03-21T00:00:00Z").millis();
    while at < t("2026-04-06T00:00:00Z").millis() {
        let s = Time::from_millis(at).unwrap();
        let next = c.add(s, 0, 1).unwrap().millis();
        assert_eq!(next == at + 1, c.is_open(s), "{s}");
        at += 15 * M;
    }
}

fn civil(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

#[test]
fn dates_and_weekdays() {
    assert_eq!(parse_date("1970-01-01"), Some(0));
    assert_eq!(parse_date("2024-02-29"), Some(19_782));
    assert_eq!(parse_date("2026-12-25").map(weekday), Some(4)); // a Friday
    assert_eq!(weekday(0), 3); // 1970-01-01, a Thursday
    assert_eq!(weekday(-1), 2);
    for bad in ["2026-13-01", "2026-00-10", "2026-04-31", "2026-4-01", "2026/04/01", "+02026-04-01", "2026-04-0a"] {
        assert_eq!(parse_date(bad), None, "{bad}");
    }
    assert_eq!(civil(19_782), (2024, 2, 29));
}
