"""Seeds the fuzz corpora from the conformance vectors and the presets.

usage: python3 fuzz/seed.py   (from the repository root; writes fuzz/corpus/)
"""
import hashlib
import json
import pathlib
import re

root = pathlib.Path(__file__).resolve().parent.parent
corpus = root / "fuzz" / "corpus"
presets = ["relance", "onelead", "leadflow", "remonline", "partner"]
ops = {"check": 0, "apply": 1, "options": 2, "actions": 3, "validate": 4, "toMermaid": 5}


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


definitions = [json.loads((root / "core" / "presets" / f"{p}.json").read_text()) for p in presets]
for path in sorted((root / "tests" / "vectors").glob("*.json")):
    text = path.read_text()
    f = json.loads(text)
    wf = f.get("workflow")
    if isinstance(wf, dict) and len(json.dumps(wf)) < 50_000:
        definitions.append(wf)
    preset = presets.index(wf) if wf in presets else 0
    for case in f["cases"]:
        args = [json.dumps(a) for a in case.get("args", [])]
        if case["op"] == "load" and args and len(args[0]) < 50_000:
            put("load", json.loads(args[0]).encode() if args[0].startswith('"') else args[0].encode())
        for a in args:
            if len(a) < 10_000:
                put("inputs", a.encode())
        if case["op"] in ops and sum(map(len, args)) < 10_000:
            put("entries", bytes([preset, ops[case["op"]]]) + "\0".join(args).encode())
for d in definitions:
    put("load", json.dumps(d).encode())
    for c in conditions(d):
        put("condition", c.encode())
for name in ["load", "condition", "inputs", "entries"]:
    print(name, len(list((corpus / name).iterdir())), "seeds")
