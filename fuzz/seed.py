"""Seeds the fuzz corpora from the conformance vectors and the presets.

usage: python3 fuzz/seed.py   (from the repository root; writes fuzz/corpus/)

entries: a workflow byte (a preset's index, or 5: the definition as the first
argument), an operation byte (its position in `ops`, the list of
fuzz_targets/entries.rs: read here from the op tables of core/src/ops.rs), then
the arguments as JSON texts separated by NUL bytes (`fromBytes`: an event log's
bytes).
"""
import datetime
import hashlib
import json
import pathlib
import re
import struct

root = pathlib.Path(__file__).resolve().parent.parent
corpus = root / "fuzz" / "corpus"
presets = ["relance", "onelead", "leadflow", "remonline", "partner"]
CUSTOM = len(presets)


def table(name):
    """The operation names of one op table of core/src/ops.rs, in order."""
    src = (root / "core" / "src" / "ops.rs").read_text()
    body = src[src.index(f"    {name}(") :]
    body = body[: body.index("\n}\n")]
    return re.findall(r'^\s+[A-Z]\w* "(\w+)" \[', body, re.M)


# As fuzz_targets/entries.rs `operations()`: the tables, then the log properties.
names = table("WorkflowOp") + table("AnalyticsOp") + ["log", "fromBytes", "columns", "partial"]
ops = {n: i for i, n in enumerate(names)}
LIMIT = 10_000


def put(target, data):
    d = corpus / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def conditions(v):
    """Every condition string of a definition."""
    if isinstance(v, dict):
        for k, x in v.items():
            if k == "when" and isinstance(x, str):
                yield x
            else:
                yield from conditions(x)
    elif isinstance(v, list):
        for x in v:
            yield from conditions(x)


def entry(wf, op, args):
    """An entries input: `wf` a preset name or a definition; `args` texts."""
    if isinstance(wf, dict):
        args = [json.dumps(wf)] + args
        which = CUSTOM
    else:
        which = presets.index(wf) if wf in presets else 0
    if sum(map(len, args)) < LIMIT:
        put("entries", bytes([which, ops[op]]) + "\0".join(args).encode())


def millis(at):
    if isinstance(at, (int, float)) and not isinstance(at, bool):
        return int(at)
    if not isinstance(at, str):
        return None
    try:
        return int(datetime.datetime.fromisoformat(at.replace("Z", "+00:00")).timestamp() * 1000)
    except ValueError:
        return None


def event_list(events):
    """The well-formed events of a list or NDJSON text."""
    if isinstance(events, str):
        out = []
        for line in events.lstrip("\ufeff").splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
        return out
    return events if isinstance(events, list) else []


def log_bytes(events):
    """An event log's bytes (fuzz_targets/entries.rs sets the fingerprint)."""
    dicts = [[], [], []]

    def intern(d, s):
        if s not in dicts[d]:
            dicts[d].append(s)
        return dicts[d].index(s)

    recs = []
    kinds = {"created": 0, "status": 1, "note": 2}
    outcomes = ["positive", "negative", "partial", "unclassified"]
    none = 0xFFFFFFFF
    for e in events:
        if not isinstance(e, dict) or not isinstance(e.get("lead"), (str, int)) or e.get("type") not in kinds:
            continue
        at = millis(e.get("at"))
        if at is None:
            continue
        kind = kinds[e["type"]]
        lead = intern(0, json.dumps(e["lead"], ensure_ascii=False))
        actor = intern(1, e["actor"]) if isinstance(e.get("actor"), str) else none
        frm, to = none, none
        if kind == 0 and isinstance(e.get("status"), str):
            to = intern(2, e["status"])
        if kind == 1:
            if not isinstance(e.get("to"), str):
                continue
            frm = intern(2, e["from"]) if isinstance(e.get("from"), str) else none
            to = intern(2, e["to"])
        outcome = outcomes.index(e["outcome"]) if kind == 2 and e.get("outcome") in outcomes else 3
        recs.append(struct.pack("<IqBIIIB", lead, at, kind, actor, frm, to, outcome))
    out = b"RLNCLOG\x02" + bytes(8)
    for d in dicts:
        out += struct.pack("<I", len(d))
        for s in d:
            b = s.encode()
            out += struct.pack("<I", len(b)) + b
    out += struct.pack("<I", len(recs)) + b"".join(recs) + struct.pack("<I", 0)
    # entries.rs sets the fingerprint and the checksum (CRC-32C) of the bytes.
    return out + bytes(4)


def columns(events):
    """Events as columns: leads, strings, fields, ats, at texts (as EventColumns)."""
    leads, strings, fields, ats, at_texts = [], [], [], [], []

    def index(xs, x):
        if x not in xs:
            xs.append(x)
        return xs.index(x)

    for e in events:
        if not isinstance(e, dict):
            continue
        s = lambda k: index(strings, e[k]) if isinstance(e.get(k), str) else -1
        lead = index(leads, e["lead"]) if isinstance(e.get("lead"), (str, int, float)) else -1
        at = e.get("at")
        if isinstance(at, str):
            fields_at, ats_v = index(at_texts, at), 0.0
        else:
            fields_at, ats_v = -1, float(at) if isinstance(at, (int, float)) else float("nan")
        fields += [lead, s("type"), s("actor"), s("from"), s("to"), s("status"), s("outcome"), s("text"), fields_at]
        ats.append(ats_v if ats_v == ats_v else 0.0)
    return [json.dumps(leads), json.dumps(strings), json.dumps(fields), json.dumps(ats), json.dumps("\n".join(at_texts))]


definitions = [json.loads((root / "core" / "presets" / f"{p}.json").read_text()) for p in presets]
sla_leads = {}  # preset → (leads, now) from the timer vectors, for KPI options with an SLA block
for path in sorted((root / "tests" / "vectors").glob("*.json")):
    text = path.read_text()
    f = json.loads(text)
    wf = f.get("workflow")
    if isinstance(wf, dict) and len(json.dumps(wf)) < 50_000:
        definitions.append(wf)
    if not isinstance(wf, (str, dict)):
        wf = "relance"
    for case in f["cases"]:
        raw = case.get("args", [])
        args = [json.dumps(a) for a in raw]
        op = case["op"]
        if op == "load" and args and len(args[0]) < 50_000:
            put("load", raw[0].encode() if isinstance(raw[0], str) else args[0].encode())
        for a in args:
            if len(a) < LIMIT:
                put("inputs", a.encode())
        if op == "kpis" and raw:
            # Events as text: a JSON list, or NDJSON given as a string.
            events = raw[0] if isinstance(raw[0], str) else args[0]
            rest = args[1:]
            entry(wf, "kpis", [events] + rest)
            evs = event_list(raw[0])
            half = len(evs) // 2
            entry(wf, "log", [json.dumps(evs[:half]), json.dumps(evs[half:])] + (rest or ["null"]))
            nd = "\n".join(json.dumps(e) for e in evs[half:])
            entry(wf, "log", [json.dumps(evs[half:]), nd] + (rest or ["null"]))
            if not isinstance(wf, dict):
                put("entries", bytes([presets.index(wf), ops["fromBytes"]]) + log_bytes(evs))
            entry(wf, "columns", columns(evs))
            entry(wf, "partial", [json.dumps(evs)] + (rest or ["null"]))
        elif op in ops:
            entry(wf, op, args)
        if op in ("due", "deadlines") and isinstance(wf, str) and len(raw) > 1 and isinstance(raw[1], dict):
            ls = raw[0] if isinstance(raw[0], list) else [raw[0]]
            sla_leads.setdefault(wf, []).append((ls, raw[1].get("now")))
# KPI options with an SLA block: the leads of the timer vectors, with events of them.
for wf, cases in sla_leads.items():
    for ls, now in cases[:6]:
        ids = [l.get("id") for l in ls if isinstance(l, dict) and "id" in l]
        evs = [{"lead": i, "at": l.get("createdAt", now), "type": "created"} for i, l in zip(ids, ls)]
        evs += [{"lead": i, "at": now, "type": "note", "actor": "op1", "text": "call back"} for i in ids]
        opts = json.dumps({"now": now, "leads": ls, "groupBy": ["agent", "day"]})
        entry(wf, "kpis", [json.dumps(evs), opts])
        entry(wf, "log", [json.dumps(evs[: len(ids)]), json.dumps(evs[len(ids):]), opts])
for d in definitions:
    put("load", json.dumps(d).encode())
    for c in conditions(d):
        put("condition", c.encode())
for name in ["load", "condition", "inputs", "entries"]:
    print(name, len(list((corpus / name).iterdir())), "seeds")
