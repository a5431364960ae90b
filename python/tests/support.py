"""Helpers shared by the Python tests: canonical JSON as the vectors compare
it (core/tests/vectors.rs, wasm/test/support.mjs) and the vector files."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Dict, List

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"


def es_number(x: float) -> str:
    """ECMAScript's Number::toString(10) for a finite number (as
    core/tests/vectors.rs writes it): the shortest round-trip digits, which
    Python's repr also gives, laid out as ECMAScript lays them out."""
    assert math.isfinite(x)
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    mantissa, _, exp = repr(abs(x)).partition("e")
    whole, _, frac = mantissa.partition(".")
    all_digits = whole + frac
    digits = all_digits.lstrip("0")
    # The value is 0.DIGITS × 10^n.
    n = len(whole) + int(exp or 0) - (len(all_digits) - len(digits))
    digits = digits.rstrip("0")
    k = len(digits)
    if k <= n <= 21:
        body = digits + "0" * (n - k)
    elif 0 < n <= 21:
        body = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        body = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        m = digits if k == 1 else digits[0] + "." + digits[1:]
        body = f"{m}e{'-' if e < 0 else '+'}{abs(e)}"
    return sign + body


def canonical(v: Any) -> str:
    """Canonical JSON: keys sorted by UTF-16 code units, numbers as
    ECMAScript writes them (1.0 is "1"; an integer is read as a double, as
    JSON.parse and serde_json's as_f64 read it)."""
    if isinstance(v, dict):
        keys = sorted(v, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + canonical(v[k]) for k in keys) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(canonical(x) for x in v) + "]"
    if isinstance(v, bool) or v is None:
        return json.dumps(v)
    if isinstance(v, (int, float)):
        return es_number(float(v))
    return json.dumps(v, ensure_ascii=False)


def vector_files() -> List[Dict[str, Any]]:
    """Every vector file, parsed (key order kept), in name order."""
    files = []
    for path in sorted(VECTORS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["name"] = path.name
        files.append(data)
    return files


ACTORS = ["ana", "bob", "chloé", "dev", None]
TEXTS = ["interested, call back tomorrow", "pas intéressé", "not interested", "rappeler", "ok", "devis envoyé"]
START_MS = 1_793_000_000_000  # 2026-10-26T...


def iso(ms: int) -> str:
    """RFC 3339 UTC text of epoch milliseconds."""
    import datetime

    t = datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def random_events(rng: Any, statuses: List[str], leads: int, unknown: bool = False) -> List[Dict[str, Any]]:
    """Events of `leads` leads for a workflow with these statuses: created
    (or not), moves (some from a status the lead is not in), notes with an
    outcome or a text to classify, actors or none, events at one instant,
    and (with `unknown`) events of other types; times as text. In lead
    order: shuffle them to test order independence."""
    events: List[Dict[str, Any]] = []
    for n in range(leads):
        lead: Any = f"L{n}" if n % 7 else n  # some ids are numbers
        at = START_MS + rng.randrange(0, 60 * 86_400_000)
        current = statuses[0]
        if rng.random() < 0.9:
            e = {"lead": lead, "at": iso(at), "type": "created", "actor": rng.choice(ACTORS)}
            if rng.random() < 0.2:
                e["status"] = rng.choice(statuses)
                current = e["status"]
            events.append(e)
        for _ in range(rng.randrange(0, 6)):
            at += rng.choice([0, 1, 60_000, 3_600_000, 86_400_000 * rng.randrange(1, 9)])
            kind = rng.random()
            actor = rng.choice(ACTORS)
            if kind < 0.45:
                to = rng.choice(statuses)
                source = current if rng.random() < 0.9 else rng.choice(statuses)
                events.append({"lead": lead, "at": iso(at), "type": "status", "from": source, "to": to, "actor": actor})
                current = to
            elif kind < 0.9 or not unknown:
                e = {"lead": lead, "at": iso(at), "type": "note", "actor": actor}
                if rng.random() < 0.5:
                    e["outcome"] = rng.choice(["positive", "negative", "partial", "unclassified"])
                else:
                    e["text"] = rng.choice(TEXTS)
                events.append(e)
            else:
                events.append({"lead": lead, "at": iso(at), "type": rng.choice(["call", "email"]), "actor": actor})
        for e in events[-8:]:
            if e.get("actor") is None:
                e.pop("actor", None)
    return events


def options_variants(wf: Any) -> List[Dict[str, Any]]:
    """KPI options that exercise every figure: no window, a window, every
    group in a time zone, and the SLA block (leads and now)."""
    initial = wf.statuses()[0]["id"]
    sla_leads = [
        {"id": f"S{i}", "status": initial, "createdAt": iso(START_MS + i * 3_600_000), "trackingNumber": "+33 1",
         **({"calledAt": iso(START_MS + i * 3_600_000 + 1_800_000 * i)} if i % 2 else {})}
        for i in range(6)
    ]
    return [
        {},
        {"from": iso(START_MS + 10 * 86_400_000), "to": iso(START_MS + 40 * 86_400_000)},
        {"groupBy": ["agent", "hour", "weekday", "day"], "timezone": "Europe/Paris"},
        {"now": iso(START_MS + 30 * 86_400_000), "leads": sla_leads, "groupBy": ["agent"]},
    ]
