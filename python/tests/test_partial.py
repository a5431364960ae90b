"""Partial reports through Python (docs/SPEC.md §12): events partitioned by
lead, each part pushed in its own order and batches (lists, NDJSON, Arrow),
each part's partial sent as bytes, the partials merged in any order: the
report equals one pass over all the events (relance.kpis), every figure of
§6 included, for every preset and every kind of options."""

from __future__ import annotations

import json
import pickle
import random
import threading
from typing import Any, Dict, List

import pyarrow as pa
import pytest
from support import canonical, options_variants, random_events

import relance


def differences(got: Dict[str, Any], want: Dict[str, Any]) -> List[str]:
    """The report's keys whose canonical JSON differs, with both values."""
    return [f"{k}: {canonical(got.get(k))[:300]} != {canonical(want.get(k))[:300]}"
            for k in sorted(set(got) | set(want)) if canonical(got.get(k)) != canonical(want.get(k))]


def as_arrow(events: List[Dict[str, Any]]) -> pa.Table:
    keys = ["lead", "at", "type", "actor", "from", "to", "status", "outcome", "text"]
    # Lead ids as text (an Arrow column has one type): "7" is another lead than 7.
    return pa.table({k: [None if e.get(k) is None else str(e[k]) for e in events] for k in keys})


def push_in_batches(rng: random.Random, log: relance.EventLog, events: List[Dict[str, Any]], skip: bool) -> None:
    options = {"unknownTypes": "skip"} if skip else None
    i = 0
    while i < len(events):
        j = min(len(events), i + rng.randrange(1, 40))
        batch = events[i:j]
        form = rng.randrange(3)
        if form == 0:
            log.push(batch, options)
        elif form == 1:
            log.push("\n".join(json.dumps(e) for e in batch).encode(), options)
        else:
            log.push(as_arrow(batch), options)
        i = j


@pytest.mark.parametrize("seed", range(12))
def test_merged_partials_equal_one_pass(seed: int) -> None:
    rng = random.Random(seed)
    preset = relance.presets()[seed % len(relance.presets())]
    wf = relance.Workflow.preset(preset)
    statuses = [s["id"] for s in wf.statuses()] + ["unknown_status"]
    skip = seed % 2 == 1
    events = random_events(rng, statuses, rng.randrange(1, 80), unknown=skip)
    # Lead ids as text, so that the Arrow batches hold the same leads.
    for e in events:
        e["lead"] = str(e["lead"])
    parts = rng.randrange(1, 7)
    by_part: List[List[Dict[str, Any]]] = [[] for _ in range(parts)]
    for e in events:
        by_part[hash(e["lead"]) % parts].append(e)
    for options in options_variants(wf):
        if skip:
            options = {**options, "unknownTypes": "skip"}
        one_pass = relance.kpis(wf, events, options)
        partials = []
        for part in by_part:
            rng.shuffle(part)
            log = relance.EventLog(wf)
            push_in_batches(rng, log, part, skip)
            partials.append(relance.Partial.from_bytes(wf, log.partial(options).to_bytes()))
        rng.shuffle(partials)
        pickled = [pickle.dumps(p) for p in partials]
        merged = partials[0]
        for p in partials[1:]:
            assert merged.merge(p) is merged
        assert differences(merged.report(), one_pass) == []
        # The same through pickling (how Spark moves it) and in another order.
        again = pickle.loads(pickled[-1])
        for data in reversed(pickled[:-1]):
            again.merge(pickle.loads(data))
        assert differences(again.report(), one_pass) == []


def test_partials_refuse_other_options_and_definitions() -> None:
    wf = relance.Workflow.preset("relance")
    log = relance.EventLog(wf).push([{"lead": "L1", "at": "2026-11-02T09:00:00Z", "type": "created"}])
    with pytest.raises(relance.RelanceError) as e:
        log.partial({}).merge(log.partial({"groupBy": ["agent"]}))
    assert (e.value.code, e.value.details[0]["code"]) == ("invalid_input", "other_options")
    with pytest.raises(relance.RelanceError) as e:
        relance.Partial.from_bytes(relance.Workflow.preset("partner"), log.partial({}).to_bytes())
    assert (e.value.code, e.value.details[0]["code"]) == ("invalid_input", "other_workflow")


@pytest.mark.parametrize("what", ["partial", "log"])
def test_a_flipped_byte_is_refused_anywhere(what: str) -> None:
    wf = relance.Workflow.preset("relance")
    rng = random.Random(7)
    log = relance.EventLog(wf).push(random_events(rng, [s["id"] for s in wf.statuses()], 20))
    data = log.partial({"groupBy": ["agent"]}).to_bytes() if what == "partial" else log.to_bytes()
    read = relance.Partial.from_bytes if what == "partial" else relance.EventLog.from_bytes
    read(wf, data)
    for i in range(0, len(data), max(1, len(data) // 97)):
        flipped = bytearray(data)
        flipped[i] ^= 1 << (i % 8)
        with pytest.raises(relance.RelanceError) as e:
            read(wf, flipped)
        assert e.value.code == "invalid_input"


def in_threads(work: List[Any]) -> None:
    """Runs each callable in its own thread, all at once; fails on a thread's
    exception or on one still running after a minute."""
    errors: List[BaseException] = []
    start = threading.Barrier(len(work))

    def run(f: Any) -> None:
        try:
            start.wait()
            f()
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(f,), daemon=True) for f in work]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads), "a thread is still waiting"
    assert errors == []


def test_threads_share_a_log_and_a_partial() -> None:
    # Calls on one log or one partial from several threads take turns: the
    # result is the one of a single thread.
    wf = relance.Workflow.preset("relance")
    statuses = [s["id"] for s in wf.statuses()]
    events = random_events(random.Random(21), statuses, 6000)
    for e in events:
        e["lead"] = str(e["lead"])
    options = {"groupBy": ["agent", "day"]}
    want = canonical(relance.kpis(wf, events, options))
    parts = [events[i::8] for i in range(8)]  # leads across parts: one log

    log = relance.EventLog(wf)

    def push(part: List[Dict[str, Any]]) -> Any:
        def work() -> None:
            for i in range(0, len(part), 500):
                batch = part[i:i + 500]
                log.push(batch if i % 1000 else as_arrow(batch))
                log.report(options)
                len(log)

        return work

    in_threads([push(part) for part in parts])
    assert len(log) == len(events) and canonical(log.report(options)) == want

    # One partial per lead part, merged into one partial by eight threads.
    by_lead: List[List[Dict[str, Any]]] = [[] for _ in range(8)]
    for e in events:
        by_lead[int(e["lead"].lstrip("L")) % 8].append(e)
    partials = [relance.EventLog(wf).push(p).partial(options) for p in by_lead]
    merged = relance.EventLog(wf).partial(options)
    in_threads([lambda p=p: (merged.merge(p), merged.report(), merged.to_bytes()) for p in partials])
    assert canonical(merged.report()) == want


def test_two_threads_merge_two_logs_into_each_other() -> None:
    # a.merge(b) and b.merge(a) at once: each waits its turn, neither forever.
    wf = relance.Workflow.preset("relance")
    events = random_events(random.Random(22), [s["id"] for s in wf.statuses()], 3000)
    data = relance.EventLog(wf).push(events).to_bytes()
    for _ in range(10):
        a, b = relance.EventLog.from_bytes(wf, data), relance.EventLog.from_bytes(wf, data)
        in_threads([lambda: a.merge(b), lambda: b.merge(a)])
        assert sorted([len(a), len(b)]) == [2 * len(events), 3 * len(events)]
    with pytest.raises(relance.RelanceError) as e:
        a.merge(a)
    assert (e.value.code, e.value.details[0]["code"]) == ("invalid_input", "invalid_value")
