// Differential test of relance's embedded time-zone table against ICU (the tz
// database inside Node's Intl): for every zone name and every hour of 2026 and
// 2027, the UTC offset relance computes (core/examples/zone_offsets.rs, through
// the public `relance_core::Zone` API) must equal the one Intl.DateTimeFormat
// gives ("longOffset", e.g. "GMT+05:30"), except for the differences listed in
// ALLOWED below, each naming the tz release that made it.
//
// Run: node --test tests/tz/   (builds the example with cargo, wherever its target dir is)
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";

const ROOT = new URL("../..", import.meta.url).pathname;
const START = Date.UTC(2026, 0, 1); // 2026-01-01T00:00Z
const HOURS = 2 * 8760; // to 2028-01-01T00:00Z
const HOUR = 3_600_000;

// Differences from Node's ICU tz data (process.versions.tz; Node 20.20 carries
// 2025c) to the embedded release (2026f). A difference at (zone, instant) passes
// only if an entry names the zone and [from, to) holds the instant. Each entry
// names the tz release that made the change (see the tz NEWS file); remove it
// once Node's ICU carries that release (the test prints unused entries).
const ALLOWED = [
  {
    // 2026a: Moldova has used EU transition times since 2022 (03:00 and 04:00
    // local, not 02:00 and 03:00): each change is one hour later than in 2025c.
    release: "2026a",
    zones: ["Europe/Chisinau", "Europe/Tiraspol"],
    from: "2026-01-01T00:00Z",
    to: "2028-01-01T00:00Z",
  },
  {
    // 2026b: British Columbia moved to permanent -07 (modelled as not falling
    // back on 2026-11-01 02:00).
    release: "2026b",
    zones: ["America/Vancouver", "Canada/Pacific"],
    from: "2026-11-01T09:00Z",
    to: "2028-01-01T00:00Z",
  },
  {
    // 2026c: Alberta moved to permanent -06 (modelled as from 2026-11-01 02:00);
    // Yellowknife is a link to Edmonton.
    release: "2026c",
    zones: ["America/Edmonton", "America/Yellowknife", "Canada/Mountain"],
    from: "2026-11-01T08:00Z",
    to: "2028-01-01T00:00Z",
  },
  {
    // 2026c: Morocco (and Western Sahara) move to permanent +00 on 2026-09-20 02:00.
    release: "2026c",
    zones: ["Africa/Casablanca", "Africa/El_Aaiun"],
    from: "2026-09-20T01:00Z",
    to: "2028-01-01T00:00Z",
  },
  {
    // 2026d: Northwest Territories follows Alberta: permanent -06 from 2026-11-01.
    release: "2026d",
    zones: ["America/Inuvik"],
    from: "2026-11-01T08:00Z",
    to: "2028-01-01T00:00Z",
  },
  {
    // 2026e: Manitoba moves to permanent -05 (no fall back on 2026-11-01 02:00).
    release: "2026e",
    zones: ["America/Winnipeg", "America/Rainy_River", "Canada/Central"],
    from: "2026-11-01T07:00Z",
    to: "2028-01-01T00:00Z",
  },
  {
    // 2026f: Cuba stays on daylight time (-04) through the winter of 2026-2027.
    release: "2026f",
    zones: ["America/Havana", "Cuba"],
    from: "2026-11-01T05:00Z",
    to: "2027-03-14T05:00Z",
  },
];

// Names of the tz database that ICU does not accept as a time zone at all.
const UNKNOWN_TO_ICU = {
  // "Factory" is tzdata's placeholder for machines whose zone is not set
  // (offset 0, abbreviation "-00"); ICU has never carried it.
  Factory: true,
};

function relanceOffsets() {
  // Build the example and ask cargo where it put it (whatever the target dir).
  let messages;
  try {
    messages = execFileSync(
      "cargo",
      ["build", "-q", "--example", "zone_offsets", "-p", "relance-core", "--message-format=json"],
      { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 28 },
    );
  } catch (e) {
    throw new Error(`cargo build --example zone_offsets failed:\n${e.stderr}\n${e.stdout}`);
  }
  const exe = messages
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l))
    .find((m) => m.reason === "compiler-artifact" && m.target?.name === "zone_offsets" && m.executable)?.executable;
  if (!exe) throw new Error("cargo did not report the zone_offsets executable");
  const text = execFileSync(exe, { encoding: "utf8", maxBuffer: 1 << 26 });
  const zones = [];
  let version = "?";
  for (const line of text.split("\n")) {
    if (line.startsWith("# tzdb ")) version = line.slice(7);
    else if (line.startsWith("#")) throw new Error(line);
    else if (line) {
      const [name, first, ...changes] = line.split(" ");
      zones.push({
        name,
        first: Number(first),
        changes: changes.map((c) => c.split(":").map(Number)).map(([s, off]) => [s * 1000, off]),
      });
    }
  }
  return { version, zones };
}

/** "GMT", "GMT+05:30", "GMT-03:00" (the last part of the formatted text) → seconds. */
function parseOffset(text) {
  const m = /GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!m) throw new Error(`no offset in "${text}"`);
  if (!m[1]) return 0;
  const s = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
  return m[1] === "-" ? -s : s;
}

const iso = (ms) => new Date(ms).toISOString().replace(":00.000Z", "Z");

test("relance's zone offsets equal ICU's for every zone and every hour of 2026-2027", () => {
  const t0 = performance.now();
  const { version, zones } = relanceOffsets();
  const built = performance.now();
  assert.ok(zones.length >= 597, `${zones.length} zones`);
  let compared = 0;
  const differences = []; // {zone, from, to, relance, icu, allowed}
  const unallowed = [];
  const skipped = [];
  for (const z of zones) {
    let fmt;
    try {
      fmt = new Intl.DateTimeFormat("en-US", { timeZone: z.name, year: "numeric", timeZoneName: "longOffset" });
    } catch (e) {
      if (!UNKNOWN_TO_ICU[z.name]) unallowed.push(`${z.name}: ICU does not know it (${e.message})`);
      skipped.push(z.name);
      continue;
    }
    let off = z.first;
    let next = 0;
    let run = null;
    for (let h = 0; h < HOURS; h++) {
      const at = START + h * HOUR;
      while (next < z.changes.length && z.changes[next][0] <= at) off = z.changes[next++][1];
      const icu = parseOffset(fmt.format(at));
      compared++;
      if (icu !== off) {
        if (run && run.to === at && run.relance === off && run.icu === icu) run.to = at + HOUR;
        else {
          run = { zone: z.name, from: at, to: at + HOUR, relance: off, icu };
          differences.push(run);
        }
      }
    }
  }
  for (const d of differences) {
    const entry = ALLOWED.find((a) => a.zones.includes(d.zone) && Date.parse(a.from) <= d.from && d.to <= Date.parse(a.to));
    const line = `${d.zone} ${iso(d.from)}..${iso(d.to)}: relance ${d.relance}s, ICU ${d.icu}s`;
    if (entry) console.log(`allowed (${entry.release}): ${line}`);
    else {
      console.log(`DIFFERENT: ${line}`);
      unallowed.push(line);
    }
  }
  for (const a of ALLOWED) {
    if (!differences.some((d) => a.zones.includes(d.zone) && Date.parse(a.from) <= d.from && d.to <= Date.parse(a.to))) {
      console.log(`unused allow-list entry (${a.release}: ${a.zones.join(", ")}): remove it if ICU now agrees`);
    }
  }
  const hours = differences.reduce((n, d) => n + (d.to - d.from) / HOUR, 0);
  console.log(
    `tz differential: relance tzdb ${version} vs ICU tzdb ${process.versions.tz ?? "?"}: ${zones.length} zones ` +
      `(${skipped.length} unknown to ICU: ${skipped.join(", ") || "none"}), ${compared} hours compared, ` +
      `${hours} differ in ${differences.length} runs (${unallowed.length} not allowed); ` +
      `cargo ${((built - t0) / 1000).toFixed(1)} s, comparison ${((performance.now() - built) / 1000).toFixed(1)} s`,
  );
  assert.deepEqual(unallowed, []);
});
