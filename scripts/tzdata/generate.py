#!/usr/bin/env python3
"""Generates core/src/calendar/zones.rs, the time-zone table of relance-core.

Source: the PyPI package tzdata==2026.6 (IANA tz database 2026f), pinned by
version and by the SHA-256 of its wheel. The wheel is downloaded with
`pip download` into .cache/tzdata/ (or given with --wheel); the TZif files are
read straight from the zip. Nothing of the build machine's own zone data
(/usr/share/zoneinfo, the system tzdata) is read.

What it writes (see scripts/tzdata/README.md):
  - every zone name of the package (canonical zones and links), sorted;
  - the distinct POSIX TZ rules (the TZif v2+ footers), each once, and per name
    the index of its rule;
  - for the zones whose explicit TZif transitions since 2020-01-01 are not all
    reproduced by their rule (rules changed since 2020), those transitions up
    to the instant from which the rule alone is right.

Usage: python3 scripts/tzdata/generate.py [--wheel PATH] [--out PATH] [--check]
  --check  regenerate in memory and fail if the committed file differs.

Standard library only (Python 3.9+: zoneinfo is used to evaluate TZif data
and POSIX rules while checking what must be stored; the Rust side evaluates
rules with the jiff crate).
"""

import argparse
import datetime as dt
import gzip
import hashlib
import io
import os
import struct
import subprocess
import sys
import zipfile
import zoneinfo

PACKAGE = "tzdata"
VERSION = "2026.6"
WHEEL = f"tzdata-{VERSION}-py2.py3-none-any.whl"
WHEEL_SHA256 = "0a10eec6e13ef16b627fabed9a5f2ba61a62b1c67f327305f4e7e412a70b4aec"

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "core", "src", "calendar", "zones.rs")
CACHE = os.path.join(ROOT, ".cache", "tzdata")

# Instants from this one on are exact; see the README ("history before 2020").
SINCE = 1_577_836_800  # 2020-01-01T00:00:00Z
HOUR = 3600
NAME_STEP = 32  # names per group of the lookup index


def fetch_wheel(path):
    if path is None:
        path = os.path.join(CACHE, WHEEL)
        if not os.path.exists(path):
            os.makedirs(CACHE, exist_ok=True)
            subprocess.run(
                [sys.executable, "-m", "pip", "download", f"{PACKAGE}=={VERSION}", "--no-deps",
                 "--only-binary=:all:", "--dest", CACHE],
                check=True,
            )
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    if digest != WHEEL_SHA256:
        sys.exit(f"{path}: sha256 {digest}, expected {WHEEL_SHA256} ({PACKAGE}=={VERSION})")
    return path


def parse_tzif(data, name):
    """The v2+ part of a TZif file (RFC 8536): transition times, the ttinfo
    (utoff, isdst) after each, the ttinfo before the first, and the footer."""
    if data[:4] != b"TZif" or data[4] < ord("2"):
        raise ValueError(f"{name}: not TZif version 2 or later")

    def counts(o):
        return struct.unpack(">6l", data[o + 20:o + 44])

    isut, isstd, leap, timecnt, typecnt, charcnt = counts(0)
    o = 44 + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isut
    isut, isstd, leap, timecnt, typecnt, charcnt = counts(o)
    o += 44
    times = list(struct.unpack(f">{timecnt}q", data[o:o + 8 * timecnt]))
    o += 8 * timecnt
    idx = data[o:o + timecnt]
    o += timecnt
    types = [struct.unpack(">lBB", data[o + 6 * i:o + 6 * i + 6])[:2] for i in range(typecnt)]
    o += 6 * typecnt + charcnt + leap * 12 + isstd + isut
    footer = data[o:]
    if footer[:1] != b"\n" or footer[-1:] != b"\n" or footer.count(b"\n") != 2:
        raise ValueError(f"{name}: bad footer {footer!r}")
    rule = footer[1:-1].decode("ascii")
    if not rule:
        raise ValueError(f"{name}: empty footer (the rule is needed after the last transition)")
    return times, [types[i] for i in idx], rule


def rule_zone(rule):
    """A zoneinfo zone that is the POSIX rule alone: a TZif file with no
    transition and that footer."""
    head = b"TZif2" + b"\0" * 15 + struct.pack(">6l", 0, 0, 0, 0, 1, 4)
    body = struct.pack(">lBB", 0, 0, 0) + b"UTC\0"
    return zoneinfo.ZoneInfo.from_file(io.BytesIO(head + body + head + body + b"\n" + rule.encode() + b"\n"))


def offset(zone, t):
    return int(dt.datetime.fromtimestamp(t, dt.timezone.utc).astimezone(zone).utcoffset().total_seconds())


def agrees(rule, t0, t1, off):
    """Whether the rule gives `off` all over [t0, t1) (checked at t0 and every hour)."""
    t = t0
    while t < t1:
        if offset(rule, t) != off:
            return False
        t += HOUR
    return offset(rule, t1 - 1) == off


def history(times, infos, rule, name):
    """None if the rule alone is right from SINCE on; else (first, changes, rule_from):
    the offset in force at SINCE, the explicit changes (instant, offset) after it,
    and the instant from which the rule alone is right."""
    rz = rule_zone(rule)
    # After the last transition the footer rules (RFC 8536 §3.3), so a zone whose
    # last transition is before 2020 needs nothing more.
    if not times or times[-1] <= SINCE:
        return None
    before = [i for i, t in enumerate(times) if t <= SINCE]
    if not before:
        raise ValueError(f"{name}: no transition before 2020 but some after")
    # The segments of the explicit data from SINCE on, [start, next start), each
    # with one offset; the last one begins at the last transition.
    k = before[-1]
    segs = [(SINCE, infos[k][0])] + [(times[i], infos[i][0]) for i in range(k + 1, len(times))]
    ends = [s[0] for s in segs[1:]] + [None]
    # From the end: the longest suffix of segments that the rule reproduces.
    first_ok = len(segs)
    for j in range(len(segs) - 1, -1, -1):
        start, off = segs[j]
        end = ends[j]
        if end is None:
            ok = offset(rz, start) == off  # after the last transition the footer rules by definition
        else:
            ok = agrees(rz, start, end, off)
        if not ok:
            break
        first_ok = j
    if first_ok == 0:
        return None
    if first_ok == len(segs):
        raise ValueError(f"{name}: the rule disagrees with the last transition")
    return segs[0][1], segs[1:first_ok], segs[first_ok][0]


def check(name, data, times, rule, hist):
    """Self-check: the stored model equals the full TZif data (zoneinfo) at every
    transition instant (and the second before), and every 5 hours, 2020 to 2040."""
    full = zoneinfo.ZoneInfo.from_file(io.BytesIO(data))
    rz = rule_zone(rule)

    def model(t):
        if hist is None:
            return offset(rz, t)
        first, changes, rule_from = hist
        if t >= rule_from:
            return offset(rz, t)
        off = first
        for at, o in changes:
            if t >= at:
                off = o
        return off

    points = list(range(SINCE, 2_208_988_800, 5 * HOUR))
    points += [t + d for t in times if SINCE < t for d in (-1, 0)]
    for t in points:
        if model(t) != offset(full, t):
            raise AssertionError(f"{name}: model {model(t)} != TZif {offset(full, t)} at {t}")


def rust_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def generate(wheel):
    z = zipfile.ZipFile(wheel)
    init = z.read("tzdata/__init__.py").decode()
    iana = next(l.split('"')[1] for l in init.splitlines() if l.startswith("IANA_VERSION"))
    # Sorted ignoring ASCII case, so that a lookup in any case is a binary search.
    names = sorted((l for l in z.read("tzdata/zones").decode().split("\n") if l), key=str.lower)
    if not all(n.isascii() and n.isprintable() and " " not in n for n in names):
        raise ValueError("a name is not printable ASCII")
    if len({n.lower() for n in names}) != len(names):
        raise ValueError("two names differ only by case")
    links = sum(1 for l in z.read("tzdata/zoneinfo/tzdata.zi").decode().splitlines() if l.startswith("L "))

    rules, hists, per_name = [], [], []
    for n in names:
        data = z.read(f"tzdata/zoneinfo/{n}")
        times, infos, rule = parse_tzif(data, n)
        hist = history(times, infos, rule, n)
        check(n, data, times, rule, hist)
        if rule not in rules:
            rules.append(rule)
        per_name.append((n, rules.index(rule), hist))
    # Histories shared by links are stored once.
    for _, r, h in per_name:
        if h is not None and (r, h) not in hists:
            hists.append((r, h))
    if any(not SINCE < t < 2**32 for _, h in hists for t in [h[2]] + [c[0] for c in h[1]]):
        raise ValueError("a change is outside 2020..2106 (the table stores u32 epoch seconds)")
    if len(rules) + len(hists) > 256 or sum(len(n) + 1 for n in names) > 65535:
        raise ValueError("the table no longer fits its u8 and u16 encoding")

    out = io.StringIO()
    w = out.write
    w(f"// @generated by scripts/tzdata/generate.py from the PyPI package {PACKAGE}=={VERSION}\n")
    w(f"// (IANA tz database {iana}, wheel sha256 {WHEEL_SHA256}). Do not edit:\n")
    w("// regenerate (scripts/tzdata/README.md).\n\n")
    w("//! The zone table: names, POSIX rules, and explicit changes since 2020.\n\n")
    w("/// The IANA tz database release the table comes from.\n")
    w(f"pub(super) const TZDB_VERSION: &str = {rust_str(iana)};\n\n")
    w(f"/// The {len(names)} names ({links} of them links), one a line, sorted ignoring ASCII case\n")
    w("/// (and unique ignoring it).\n")
    w("pub(super) static NAMES: &str = concat!(\n")
    for i, n in enumerate(names):
        w(f"    {rust_str(n + chr(10) if i + 1 < len(names) else n)},\n")
    w(");\n\n")
    starts, pos = [], 0
    for i, n in enumerate(names):
        if i % NAME_STEP == 0:
            starts.append(str(pos))
        pos += len(n) + 1
    w(f"/// The lines of [`NAMES`] in a group of {NAME_STEP}: a name's line is `NAME_STEP * group + i`.\n")
    w(f"pub(super) const NAME_STEP: usize = {NAME_STEP};\n\n")
    w(f"/// The byte offset in [`NAMES`] of lines 0, {NAME_STEP}, {2 * NAME_STEP}, … (for a binary search).\n")
    w(f"pub(super) static NAME_GROUPS: [u16; {len(starts)}] = [\n")
    w(wrap(starts))
    w("];\n\n")
    w(f"/// Per name, in the order of [`NAMES`]: below {len(rules)}, the line of its rule in [`RULES`]\n")
    w(f"/// (the rule is right since 2020); from {len(rules)} on, `{len(rules)} + i` for [`HISTORIES`]`[i]`.\n")
    w(f"pub(super) static ZONES: [u8; {len(names)}] = [\n")
    w(wrap([str(r if h is None else len(rules) + hists.index((r, h))) for _, r, h in per_name]))
    w("];\n\n")
    w("/// The number of lines of [`RULES`].\n")
    w(f"pub(super) const RULE_COUNT: usize = {len(rules)};\n\n")
    w(f"/// The {len(rules)} distinct POSIX TZ rules (TZif footers), one a line.\n")
    w("pub(super) static RULES: &str = concat!(\n")
    for i, r in enumerate(rules):
        w(f"    {rust_str(r + chr(10) if i + 1 < len(rules) else r)},\n")
    w(");\n\n")
    w("/// A zone whose rule changed since 2020: the offset in force at 2020-01-01T00:00Z (used for\n")
    w("/// every earlier instant too); the explicit changes after it, as (seconds since the previous\n")
    w("/// change, or since 2020-01-01T00:00Z for the first; UTC offset in seconds from then on); and\n")
    w("/// the epoch second from which the rule of line `rule` of [`RULES`] alone is right.\n")
    w("pub(super) struct History {\n")
    w("    pub(super) rule: u8,\n")
    w("    pub(super) first: i32,\n")
    w("    pub(super) changes: &'static [(u32, i32)],\n")
    w("    pub(super) rule_from: u32,\n")
    w("}\n\n")
    users = {}
    for n, r, h in per_name:
        if h is not None:
            users.setdefault(hists.index((r, h)), []).append(n)
    w(f"/// {len(hists)} histories, for {sum(len(v) for v in users.values())} names.\n")
    w(f"pub(super) static HISTORIES: [History; {len(hists)}] = [\n")
    for i, (r, (first, changes, rule_from)) in enumerate(hists):
        w(f"    // {', '.join(users[i])}\n")
        w(f"    History {{ rule: {r}, first: {first}, rule_from: {rule_from}, changes: &[")
        prev, deltas = SINCE, []
        for t, o in changes:
            deltas.append(f"({t - prev}, {o})")
            prev = t
        w(", ".join(deltas))
        w("] },\n")
    w("];\n")
    stats = dict(iana=iana, names=len(names), links=links, rules=len(rules), histories=len(hists),
                 history_names=sum(len(v) for v in users.values()),
                 history_zones=sorted(n for v in users.values() for n in v),
                 transitions=sum(len(h[1]) for _, h in hists))
    return out.getvalue(), stats


def wrap(items, width=112):
    lines, cur = [], "   "
    for it in items:
        if len(cur) + len(it) + 2 > width:
            lines.append(cur)
            cur = "   "
        cur += f" {it},"
    lines.append(cur)
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wheel", help="path to the tzdata wheel (default: download it into .cache/tzdata)")
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--check", action="store_true", help="fail if the committed file is not up to date")
    args = ap.parse_args()
    text, stats = generate(fetch_wheel(args.wheel))
    if args.check:
        with open(args.out, encoding="utf-8") as f:
            if f.read() != text:
                sys.exit(f"{args.out} is not what the generator writes: regenerate it")
    else:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    raw = text.encode()
    print(f"tz database {stats['iana']}: {stats['names']} names ({stats['links']} links), {stats['rules']} rules, "
          f"{stats['histories']} histories for {stats['history_names']} names, {stats['transitions']} explicit changes")
    print("names with explicit changes: " + ", ".join(stats["history_zones"]))
    print(f"{os.path.relpath(args.out, ROOT)}: {len(raw)} bytes, {len(gzip.compress(raw, 9))} gzipped")


if __name__ == "__main__":
    main()
