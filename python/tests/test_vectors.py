"""The conformance vectors of tests/vectors/, through the Python package:
the same files core/tests/vectors.rs runs natively and
wasm/test/vectors.test.mjs through wasm, compared as the same canonical JSON
(so Python, Rust and JavaScript give identical answers). Operations of
``relance/analytics`` get the file's workflow as their definition; a KPI
case whose events make an Arrow table is run again from that table."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

import pyarrow as pa
import pytest
from support import canonical, vector_files

import relance

FILES = vector_files()
OPS = {op["name"]: op for op in relance.operations()["operations"]}
RECEIVERS = {name: op["receiver"] for name, op in OPS.items()}


def run(wf: Optional[relance.Workflow], op: str, args: List[Any]) -> Any:
    if op == "load":
        return relance.Workflow.from_json(args[0]).statuses()
    receiver = RECEIVERS.get(op)
    name = relance.snake(op)
    if receiver == "global":
        return getattr(relance.Workflow, name)(*args)
    if receiver == "function":
        # The first definition is the file's workflow; a further one given
        # as a bare preset name is that preset (as the Rust and Node runners read it).
        kinds = [a["kind"] for a in OPS[op]["args"]][1:]
        presets = relance.presets()
        args = [
            relance.Workflow.preset(a) if k == "definition" and isinstance(a, str) and a in presets else a
            for k, a in zip(kinds + ["json"] * len(args), args)
        ]
        return getattr(relance, name)(wf, *args)
    assert receiver == "workflow" and wf is not None, f"unknown op {op}"
    return wf.id if op == "id" else getattr(wf, name)(*args)


def outcome(f: Any) -> Tuple[str, Any]:
    try:
        return "expect", f()
    except relance.RelanceError as e:
        return "throws", {"code": e.code, "message": e.message, "details": e.details}


def workflow_of(file: Dict[str, Any]) -> Optional[relance.Workflow]:
    w = file.get("workflow")
    if w is None:
        return None
    return relance.Workflow.preset(w) if isinstance(w, str) else relance.Workflow.from_json(w)


def test_there_are_vector_files() -> None:
    assert len(FILES) >= 10


@pytest.mark.parametrize("file", FILES, ids=[f["name"] for f in FILES])
def test_vectors(file: Dict[str, Any]) -> None:
    wf = workflow_of(file)
    failures = []
    for case in file["cases"]:
        key, got = outcome(lambda: run(wf, case["op"], case.get("args", [])))
        want_key = "throws" if "throws" in case else "expect"
        if key != want_key:
            failures.append(f"{case['name']}: expected {want_key}, got {key}: {canonical(got)[:300]}")
        elif canonical(got) != canonical(case[want_key]):
            failures.append(f"{case['name']}:\n  want {canonical(case[want_key])[:400]}\n  got  {canonical(got)[:400]}")
    assert not failures, "\n".join(failures)


def arrow_table(events: Any) -> Optional[pa.Table]:
    """The events as an Arrow table (a column per key, a null cell where an
    event lacks the key), when Arrow can hold them faithfully: a list of
    objects whose keys have one type each, and no explicit null `at` (a
    null cell is an absent key, where JSON's null `at` is not a time)."""
    if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
        return None
    if any("at" in e and e["at"] is None for e in events):
        return None
    keys = list(dict.fromkeys(k for e in events for k in e))
    try:
        return pa.Table.from_pydict({k: [e.get(k) for e in events] for k in keys})
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return None


KPI_CASES = [
    pytest.param(f, c, id=f"{f['name']}/{c['name']}")
    for f in FILES
    for c in f["cases"]
    if c["op"] == "kpis" and arrow_table(c["args"][0]) is not None
]


def test_kpi_vectors_from_arrow_exist() -> None:
    assert len(KPI_CASES) >= 5


@pytest.mark.parametrize(("file", "case"), KPI_CASES)
def test_kpi_vectors_from_arrow(file: Dict[str, Any], case: Dict[str, Any]) -> None:
    wf = workflow_of(file)
    events, *rest = case["args"]
    table = arrow_table(events)
    key, got = outcome(lambda: relance.kpis(wf, table, *rest))
    want_key = "throws" if "throws" in case else "expect"
    assert key == want_key, canonical(got)[:400]
    assert canonical(got) == canonical(case[want_key])
