//! Prints, for every zone of the embedded table, its UTC offsets from
//! 2026-01-01T00:00Z to 2028-01-01T00:00Z, for the differential test against
//! ICU (`tests/tz/differential.test.mjs`). Uses the public API only.
//!
//! One line per zone: its name, the offset in seconds at the start, then each
//! change as `epoch_second:new_offset` (the exact second, found by bisection
//! between hourly samples). The first line is `# tzdb VERSION`.
//!
//! ```text
//! cargo run -q --example zone_offsets -p relance-core | grep '^Europe/Paris '
//! Europe/Paris 3600 1774746000:7200 1792890000:3600 1806195600:7200 1824944400:3600
//! ```

use std::io::{self, Write};

use relance_core::{Time, Zone};

const START: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z
const END: i64 = 1_830_297_600; // 2028-01-01T00:00:00Z

fn offset(z: &Zone, second: i64) -> i32 {
    match Time::from_millis(second * 1000) {
        Ok(t) => z.offset_at(t),
        Err(_) => 0,
    }
}

fn main() -> io::Result<()> {
    let out = io::stdout();
    let mut out = io::BufWriter::new(out.lock());
    writeln!(out, "# tzdb {}", Zone::tzdb_version())?;
    for name in Zone::names() {
        let Some(z) = Zone::get(name) else {
            writeln!(out, "# {name} does not load")?;
            continue;
        };
        let mut prev = offset(&z, START);
        write!(out, "{name} {prev}")?;
        let mut s = START;
        while s < END {
            let next = s + 3600;
            let off = offset(&z, next);
            if off != prev {
                // The change is in (s, next]: the first second with the new offset.
                let (mut lo, mut hi) = (s, next);
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2;
                    if offset(&z, mid) == prev {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                write!(out, " {hi}:{off}")?;
                prev = off;
            }
            s = next;
        }
        writeln!(out)?;
    }
    out.flush()
}
